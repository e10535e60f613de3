//! One error type for the whole API, answered as RFC 9457 problem details
//! (`application/problem+json`), in Bahasa Indonesia first with the English
//! text beside it.

use std::borrow::Cow;
use std::fmt;

use actix_web::{HttpResponse, ResponseError, http::StatusCode, http::header};
use fluent_bundle::FluentArgs;
use serde::Serialize;
use utoipa::ToSchema;

use crate::i18n::{Lang, catalogue};

pub const PROBLEM_JSON: &str = "application/problem+json";

/// A message in both product languages.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Msg {
    pub id: Cow<'static, str>,
    pub en: Cow<'static, str>,
}

impl Msg {
    /// A message already in both languages, e.g. one read back from a
    /// stored problem. Our own words come from the catalogue instead:
    /// [`Msg::said`] and [`Msg::with`].
    pub fn new(id: impl Into<Cow<'static, str>>, en: impl Into<Cow<'static, str>>) -> Msg {
        Msg {
            id: id.into(),
            en: en.into(),
        }
    }

    /// The catalogue message `key` (`assets/i18n/*/api.ftl`) in both languages.
    pub fn said(key: &'static str) -> Msg {
        Msg::with(key, &[])
    }

    /// The catalogue message `key` in both languages, its `{ $name }`
    /// placeables filled in from `args`.
    pub fn with(key: &'static str, args: &[(&str, Arg)]) -> Msg {
        let text = |lang: Lang| {
            let mut values = FluentArgs::new();
            for (name, arg) in args {
                values.set(*name, arg.text(lang));
            }
            catalogue().text(lang, key, Some(&values))
        };
        Msg {
            id: text(Lang::Id).into(),
            en: text(Lang::En).into(),
        }
    }
}

/// A value put into a catalogue message: text, so that it reads exactly as
/// the caller wrote it (numbers are not reformatted).
#[derive(Debug, Clone)]
pub enum Arg {
    /// The same in both languages: a number, a code, something the user typed.
    Text(String),
    /// One text per language, e.g. a criterion's name in each.
    Each { id: String, en: String },
    /// Another catalogue message, in the language being written.
    Said(&'static str),
}

impl Arg {
    pub fn each(id: impl fmt::Display, en: impl fmt::Display) -> Arg {
        Arg::Each {
            id: id.to_string(),
            en: en.to_string(),
        }
    }

    /// A value as Rust's `{:?}` writes it: quoted, with escapes, so that
    /// blanks and odd characters in what was sent stay visible.
    pub fn quoted(value: impl fmt::Debug) -> Arg {
        Arg::Text(format!("{value:?}"))
    }

    fn text(&self, lang: Lang) -> String {
        match (self, lang) {
            (Arg::Text(text), _) => text.clone(),
            (Arg::Each { id, .. }, Lang::Id) => id.clone(),
            (Arg::Each { en, .. }, Lang::En) => en.clone(),
            (Arg::Said(key), _) => catalogue().text(lang, key, None),
        }
    }
}

impl<T: fmt::Display> From<T> for Arg {
    fn from(value: T) -> Arg {
        Arg::Text(value.to_string())
    }
}

/// One problem with one input field.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, ToSchema)]
pub struct FieldError {
    /// Path of the field in the request, e.g. `email` or `roles[1]`.
    pub field: String,
    /// Stable machine-readable reason, e.g. `required`, `invalid`, `too_long`.
    pub code: Cow<'static, str>,
    /// Message in Bahasa Indonesia.
    pub message: Cow<'static, str>,
    /// Message in English.
    pub message_en: Cow<'static, str>,
}

impl FieldError {
    pub fn new(field: impl Into<String>, code: &'static str, msg: Msg) -> FieldError {
        FieldError {
            field: field.into(),
            code: Cow::Borrowed(code),
            message: msg.id,
            message_en: msg.en,
        }
    }
}

/// Collects field errors so every problem is reported at once.
#[derive(Debug, Default)]
pub struct FieldErrors(Vec<FieldError>);

impl FieldErrors {
    pub fn new() -> Self {
        Self::default()
    }

    pub fn push(&mut self, field: impl Into<String>, code: &'static str, msg: Msg) {
        self.0.push(FieldError::new(field, code, msg));
    }

    pub fn add(&mut self, error: FieldError) {
        self.0.push(error);
    }

    /// Keeps the value when parsing succeeded, records the error otherwise.
    pub fn check<T>(&mut self, result: Result<T, FieldError>) -> Option<T> {
        match result {
            Ok(value) => Some(value),
            Err(error) => {
                self.0.push(error);
                None
            }
        }
    }

    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }

    pub fn len(&self) -> usize {
        self.0.len()
    }

    pub fn into_result(self) -> Result<(), ApiError> {
        if self.0.is_empty() {
            Ok(())
        } else {
            Err(ApiError::Validation(self.0))
        }
    }
}

#[derive(Debug, thiserror::Error)]
pub enum ApiError {
    #[error("validation failed")]
    Validation(Vec<FieldError>),
    #[error("bad request: {}", .0.en)]
    BadRequest(Msg),
    #[error("unauthenticated: {}", .0.en)]
    Unauthenticated(Msg),
    #[error("forbidden: {}", .0.en)]
    Forbidden(Msg),
    #[error("not found: {}", .0.en)]
    NotFound(Msg),
    #[error("method not allowed")]
    MethodNotAllowed,
    #[error("conflict: {}", .0.en)]
    Conflict(Msg),
    /// A state change refused by its guards; each reason names what to fix.
    #[error("refused: {}", .0.en)]
    Refused(Msg, Vec<FieldError>),
    /// If-Match named a version that is no longer current.
    #[error("precondition failed")]
    PreconditionFailed,
    #[error("payload too large")]
    PayloadTooLarge,
    #[error("unsupported media type")]
    UnsupportedMediaType,
    /// An upload whose content is not an accepted kind, or not what its name says.
    #[error("unsupported file: {}", .0.en)]
    UnsupportedFile(Msg),
    #[error("too many requests")]
    TooManyRequests { retry_after_seconds: u64 },
    #[error("service unavailable: {0}")]
    Unavailable(String),
    #[error("internal error: {0}")]
    Internal(String),
}

/// The problem details document (RFC 9457).
#[derive(Debug, Serialize, ToSchema)]
pub struct Problem {
    #[serde(rename = "type")]
    pub kind: String,
    pub title: String,
    pub status: u16,
    /// Explanation in Bahasa Indonesia.
    pub detail: String,
    /// Explanation in English.
    pub detail_en: String,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub errors: Vec<FieldError>,
}

impl ApiError {
    /// Nothing answers to what was asked: `key` names what, e.g.
    /// `edition-not-found`.
    pub fn not_found(key: &'static str) -> ApiError {
        ApiError::NotFound(Msg::said(key))
    }

    pub fn forbidden() -> ApiError {
        ApiError::Forbidden(Msg::said("error-forbidden"))
    }

    pub fn stale_version() -> ApiError {
        ApiError::Conflict(Msg::said("error-stale-version"))
    }

    pub fn field(field: &str, code: &'static str, msg: Msg) -> ApiError {
        ApiError::Validation(vec![FieldError::new(field, code, msg)])
    }

    /// The problem type: the end of its URN, which is also the catalogue
    /// key of its title (`problem-<slug>`).
    fn slug(&self) -> &'static str {
        match self {
            ApiError::Validation(_) => "validation",
            ApiError::BadRequest(_) => "bad-request",
            ApiError::Unauthenticated(_) => "unauthenticated",
            ApiError::Forbidden(_) => "forbidden",
            ApiError::NotFound(_) => "not-found",
            ApiError::MethodNotAllowed => "method-not-allowed",
            ApiError::Conflict(_) => "conflict",
            ApiError::Refused(..) => "refused",
            ApiError::PreconditionFailed => "precondition-failed",
            ApiError::PayloadTooLarge => "payload-too-large",
            ApiError::UnsupportedMediaType | ApiError::UnsupportedFile(_) => {
                "unsupported-media-type"
            }
            ApiError::TooManyRequests { .. } => "too-many-requests",
            ApiError::Unavailable(_) => "unavailable",
            ApiError::Internal(_) => "internal",
        }
    }

    /// What went wrong, in both languages.
    pub fn message(&self) -> Msg {
        match self {
            ApiError::Validation(errors) => {
                Msg::with("error-validation", &[("count", errors.len().into())])
            }
            ApiError::BadRequest(m)
            | ApiError::Unauthenticated(m)
            | ApiError::Forbidden(m)
            | ApiError::NotFound(m)
            | ApiError::Conflict(m)
            | ApiError::UnsupportedFile(m)
            | ApiError::Refused(m, _) => m.clone(),
            ApiError::MethodNotAllowed => Msg::said("error-method-not-allowed"),
            ApiError::PreconditionFailed => Msg::said("error-precondition-failed"),
            ApiError::PayloadTooLarge => Msg::said("error-payload-too-large"),
            ApiError::UnsupportedMediaType => Msg::said("error-unsupported-media-type"),
            ApiError::TooManyRequests {
                retry_after_seconds,
            } => Msg::with(
                "error-too-many-requests",
                &[("seconds", retry_after_seconds.into())],
            ),
            ApiError::Unavailable(_) => Msg::said("error-unavailable"),
            ApiError::Internal(_) => Msg::said("error-internal"),
        }
    }

    pub fn problem(&self) -> Problem {
        let slug = self.slug();
        let msg = self.message();
        Problem {
            kind: format!("urn:paritrana:problem:{slug}"),
            // The title is in Bahasa Indonesia only; `detail_en` carries the English.
            title: catalogue().text(Lang::Id, &format!("problem-{slug}"), None),
            status: self.status_code().as_u16(),
            detail: msg.id.into_owned(),
            detail_en: msg.en.into_owned(),
            errors: match self {
                ApiError::Validation(errors) | ApiError::Refused(_, errors) => errors.clone(),
                _ => Vec::new(),
            },
        }
    }
}

impl ResponseError for ApiError {
    fn status_code(&self) -> StatusCode {
        match self {
            ApiError::Validation(_) => StatusCode::UNPROCESSABLE_ENTITY,
            ApiError::BadRequest(_) => StatusCode::BAD_REQUEST,
            ApiError::Unauthenticated(_) => StatusCode::UNAUTHORIZED,
            ApiError::Forbidden(_) => StatusCode::FORBIDDEN,
            ApiError::NotFound(_) => StatusCode::NOT_FOUND,
            ApiError::MethodNotAllowed => StatusCode::METHOD_NOT_ALLOWED,
            ApiError::Conflict(_) | ApiError::Refused(..) => StatusCode::CONFLICT,
            ApiError::PreconditionFailed => StatusCode::PRECONDITION_FAILED,
            ApiError::PayloadTooLarge => StatusCode::PAYLOAD_TOO_LARGE,
            ApiError::UnsupportedMediaType | ApiError::UnsupportedFile(_) => {
                StatusCode::UNSUPPORTED_MEDIA_TYPE
            }
            ApiError::TooManyRequests { .. } => StatusCode::TOO_MANY_REQUESTS,
            ApiError::Unavailable(_) => StatusCode::SERVICE_UNAVAILABLE,
            ApiError::Internal(_) => StatusCode::INTERNAL_SERVER_ERROR,
        }
    }

    fn error_response(&self) -> HttpResponse {
        match self {
            ApiError::Internal(cause) => tracing::error!(%cause, "internal error"),
            ApiError::Unavailable(cause) => tracing::warn!(%cause, "database unavailable"),
            _ => {}
        }
        let mut response = HttpResponse::build(self.status_code());
        response.insert_header((header::CONTENT_TYPE, PROBLEM_JSON));
        if let ApiError::TooManyRequests {
            retry_after_seconds,
        } = self
        {
            response.insert_header((header::RETRY_AFTER, retry_after_seconds.to_string()));
        }
        if let ApiError::Unauthenticated(_) = self {
            response.insert_header((header::WWW_AUTHENTICATE, "Bearer"));
        }
        response.body(serde_json::to_string(&self.problem()).unwrap_or_default())
    }
}

impl From<diesel::result::Error> for ApiError {
    fn from(error: diesel::result::Error) -> Self {
        use diesel::result::{DatabaseErrorKind, Error};
        match error {
            Error::NotFound => ApiError::not_found("record-not-found"),
            Error::DatabaseError(DatabaseErrorKind::UniqueViolation, _) => {
                ApiError::Conflict(Msg::said("error-duplicate"))
            }
            Error::DatabaseError(DatabaseErrorKind::ForeignKeyViolation, _) => {
                ApiError::Conflict(Msg::said("error-missing-or-in-use"))
            }
            other => ApiError::Internal(other.to_string()),
        }
    }
}

impl From<diesel::r2d2::PoolError> for ApiError {
    fn from(error: diesel::r2d2::PoolError) -> Self {
        ApiError::Unavailable(error.to_string())
    }
}

impl From<actix_web::error::BlockingError> for ApiError {
    fn from(error: actix_web::error::BlockingError) -> Self {
        ApiError::Internal(error.to_string())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::editions::domain::Phase;

    #[test]
    fn validation_problem_lists_every_field() {
        let mut errors = FieldErrors::new();
        errors.push("email", "invalid", Msg::said("user-email-invalid"));
        errors.push(
            "name",
            "required",
            crate::messages::Said::NameRequired.msg(),
        );
        let problem = errors.into_result().unwrap_err().problem();
        assert_eq!(problem.status, 422);
        assert_eq!(problem.errors.len(), 2);
        assert_eq!(problem.errors[1].field, "name");
        assert!(problem.detail.contains('2'));
    }

    #[test]
    fn messages_are_filled_in_for_each_language() {
        let msg = Msg::with(
            "scoresheet-score-required",
            &[("criterion", Arg::each("Kepatuhan", "Compliance"))],
        );
        assert_eq!(msg.id, "Beri nilai untuk Kepatuhan.");
        assert_eq!(msg.en, "Score Compliance.");
        let msg = Msg::with(
            "edition-phase-move-unknown",
            &[
                ("from", Arg::Said(Phase::Draft.name_key())),
                ("to", Arg::Said(Phase::ResultsPublished.name_key())),
            ],
        );
        assert_eq!(
            msg.id,
            "Edisi tidak dapat berpindah dari draf ke hasil diumumkan."
        );
        assert_eq!(
            msg.en,
            "An edition cannot move from draft to results_published."
        );
        let msg = crate::messages::not_a_region_code("33.x");
        assert_eq!(msg.id, "\"33.x\" bukan kode wilayah.");
        let msg = Msg::with("error-validation", &[("count", 1_000_000.into())]);
        assert_eq!(msg.en, "1000000 field(s) need correcting.");
    }

    #[test]
    fn addresses_with_braces_read_as_written() {
        let msg = Msg::said("edition-phase-use-withdrawal");
        assert_eq!(
            msg.en,
            "Results are withdrawn with POST /api/v1/editions/{id}/publications/{version}/withdraw."
        );
    }

    #[test]
    fn every_problem_has_a_title() {
        let said = || Msg::said("nothing-here");
        let every = [
            ApiError::Validation(Vec::new()),
            ApiError::BadRequest(said()),
            ApiError::Unauthenticated(said()),
            ApiError::Forbidden(said()),
            ApiError::NotFound(said()),
            ApiError::MethodNotAllowed,
            ApiError::Conflict(said()),
            ApiError::Refused(said(), Vec::new()),
            ApiError::PreconditionFailed,
            ApiError::PayloadTooLarge,
            ApiError::UnsupportedMediaType,
            ApiError::UnsupportedFile(said()),
            ApiError::TooManyRequests {
                retry_after_seconds: 60,
            },
            ApiError::Unavailable(String::new()),
            ApiError::Internal(String::new()),
        ];
        for error in every {
            let problem = error.problem();
            assert!(
                !problem.title.starts_with("problem-") && !problem.detail.is_empty(),
                "{error:?}: {problem:?}"
            );
        }
        assert_eq!(
            ApiError::MethodNotAllowed.problem().title,
            "Metode tidak diizinkan"
        );
    }

    #[test]
    fn database_unique_violation_is_a_conflict() {
        let error = diesel::result::Error::DatabaseError(
            diesel::result::DatabaseErrorKind::UniqueViolation,
            Box::new(String::from("duplicate")),
        );
        assert_eq!(ApiError::from(error).status_code(), StatusCode::CONFLICT);
    }
}
