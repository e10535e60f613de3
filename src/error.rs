//! One error type for the whole API, answered as RFC 9457 problem details
//! (`application/problem+json`), in Bahasa Indonesia first with the English
//! text beside it.

use std::borrow::Cow;

use actix_web::{HttpResponse, ResponseError, http::StatusCode, http::header};
use serde::Serialize;
use utoipa::ToSchema;

pub const PROBLEM_JSON: &str = "application/problem+json";

/// A message in both product languages.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Msg {
    pub id: Cow<'static, str>,
    pub en: Cow<'static, str>,
}

impl Msg {
    pub fn new(id: impl Into<Cow<'static, str>>, en: impl Into<Cow<'static, str>>) -> Msg {
        Msg {
            id: id.into(),
            en: en.into(),
        }
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
    pub fn not_found(what_id: &str, what_en: &str) -> ApiError {
        ApiError::NotFound(Msg::new(
            format!("{what_id} tidak ditemukan."),
            format!("{what_en} not found."),
        ))
    }

    pub fn forbidden() -> ApiError {
        ApiError::Forbidden(Msg::new(
            "Anda tidak berwenang melakukan tindakan ini.",
            "You are not allowed to do this.",
        ))
    }

    pub fn stale_version() -> ApiError {
        ApiError::Conflict(Msg::new(
            "Data telah diubah oleh orang lain. Muat ulang lalu ulangi perubahan Anda.",
            "The record was changed by someone else. Reload it and apply your change again.",
        ))
    }

    pub fn field(field: &str, code: &'static str, msg: Msg) -> ApiError {
        ApiError::Validation(vec![FieldError::new(field, code, msg)])
    }

    fn slug_and_title(&self) -> (&'static str, &'static str) {
        match self {
            ApiError::Validation(_) => ("validation", "Data tidak valid"),
            ApiError::BadRequest(_) => ("bad-request", "Permintaan tidak valid"),
            ApiError::Unauthenticated(_) => ("unauthenticated", "Perlu masuk"),
            ApiError::Forbidden(_) => ("forbidden", "Akses ditolak"),
            ApiError::NotFound(_) => ("not-found", "Tidak ditemukan"),
            ApiError::MethodNotAllowed => ("method-not-allowed", "Metode tidak diizinkan"),
            ApiError::Conflict(_) => ("conflict", "Konflik data"),
            ApiError::Refused(..) => ("refused", "Belum dapat dilakukan"),
            ApiError::PreconditionFailed => ("precondition-failed", "Versi tidak cocok"),
            ApiError::PayloadTooLarge => ("payload-too-large", "Data terlalu besar"),
            ApiError::UnsupportedMediaType | ApiError::UnsupportedFile(_) => {
                ("unsupported-media-type", "Jenis konten tidak didukung")
            }
            ApiError::TooManyRequests { .. } => ("too-many-requests", "Terlalu banyak percobaan"),
            ApiError::Unavailable(_) => ("unavailable", "Layanan tidak tersedia"),
            ApiError::Internal(_) => ("internal", "Kesalahan server"),
        }
    }

    /// What went wrong, in both languages.
    pub fn message(&self) -> Msg {
        match self {
            ApiError::Validation(errors) => Msg::new(
                format!("Ada {} isian yang perlu diperbaiki.", errors.len()),
                format!("{} field(s) need correcting.", errors.len()),
            ),
            ApiError::BadRequest(m)
            | ApiError::Unauthenticated(m)
            | ApiError::Forbidden(m)
            | ApiError::NotFound(m)
            | ApiError::Conflict(m)
            | ApiError::UnsupportedFile(m)
            | ApiError::Refused(m, _) => m.clone(),
            ApiError::MethodNotAllowed => Msg::new(
                "Metode HTTP ini tidak didukung untuk alamat ini.",
                "This HTTP method is not supported for this address.",
            ),
            ApiError::PreconditionFailed => Msg::new(
                "Data telah diubah sejak versi yang Anda kirim di If-Match. Muat ulang lalu ulangi.",
                "The record changed since the version you sent in If-Match. Reload and try again.",
            ),
            ApiError::PayloadTooLarge => Msg::new(
                "Isi permintaan melebihi batas ukuran.",
                "The request body exceeds the size limit.",
            ),
            ApiError::UnsupportedMediaType => Msg::new(
                "Kirim isi permintaan sebagai application/json.",
                "Send the request body as application/json.",
            ),
            ApiError::TooManyRequests {
                retry_after_seconds,
            } => Msg::new(
                format!(
                    "Terlalu banyak percobaan gagal. Coba lagi dalam {retry_after_seconds} detik."
                ),
                format!("Too many failed attempts. Try again in {retry_after_seconds} seconds."),
            ),
            ApiError::Unavailable(_) => Msg::new(
                "Layanan sedang tidak dapat menjangkau basis data. Coba lagi sebentar lagi.",
                "The service cannot reach its database right now. Try again shortly.",
            ),
            ApiError::Internal(_) => Msg::new(
                "Terjadi kesalahan pada server. Kejadian ini sudah dicatat.",
                "Something went wrong on the server. It has been logged.",
            ),
        }
    }

    pub fn problem(&self) -> Problem {
        let (slug, title) = self.slug_and_title();
        let msg = self.message();
        Problem {
            kind: format!("urn:paritrana:problem:{slug}"),
            title: title.to_owned(),
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
            Error::NotFound => ApiError::not_found("Data", "Record"),
            Error::DatabaseError(DatabaseErrorKind::UniqueViolation, _) => {
                ApiError::Conflict(Msg::new(
                    "Data yang sama sudah ada.",
                    "A record with the same identity already exists.",
                ))
            }
            Error::DatabaseError(DatabaseErrorKind::ForeignKeyViolation, _) => {
                ApiError::Conflict(Msg::new(
                    "Data ini terkait dengan data lain yang tidak ada atau masih dipakai.",
                    "This refers to a record that does not exist, or is still in use.",
                ))
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

    #[test]
    fn validation_problem_lists_every_field() {
        let mut errors = FieldErrors::new();
        errors.push(
            "email",
            "invalid",
            Msg::new("Email tidak valid.", "Email is not valid."),
        );
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
    fn database_unique_violation_is_a_conflict() {
        let error = diesel::result::Error::DatabaseError(
            diesel::result::DatabaseErrorKind::UniqueViolation,
            Box::new(String::from("duplicate")),
        );
        assert_eq!(ApiError::from(error).status_code(), StatusCode::CONFLICT);
    }
}
