//! What every page knows of its reader, and how it answers: the
//! [`Visitor`] (language, the signed-in caller if any, the CSRF seed, a
//! flash message left by the last action) and the rendered page or error
//! page with the headers and cookies that go with it.

use std::future::Future;
use std::pin::Pin;

use actix_web::cookie::{Cookie, time::Duration};
use actix_web::dev::Payload;
use actix_web::http::{StatusCode, header};
use actix_web::{FromRequest, HttpRequest, HttpResponse, HttpResponseBuilder, ResponseError, web};
use minijinja::Value;
use serde::{Deserialize, Serialize};

use super::session::{self, CSRF_SEED, FLASH, LANGUAGE, SESSION};
use crate::auth::caller::{SignedIn, request_id};
use crate::auth::{Caller, Role};
use crate::error::ApiError;
use crate::i18n::{Lang, catalogue};
use crate::kept::Fragment;
use crate::state::AppState;

/// The policy of every page: our own scripts, styles, images and frames
/// (evidence shown inside the scoresheet) only, no inline script or style,
/// forms posting only to us, never framed.
pub const PAGE_POLICY: &str = "default-src 'none'; script-src 'self'; style-src 'self'; \
     img-src 'self' data:; connect-src 'self'; frame-src 'self'; form-action 'self'; \
     base-uri 'none'; frame-ancestors 'none'";

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum FlashKind {
    Ok,
    Error,
    Info,
}

/// A message shown once on the next page, after an action redirected there.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Flash {
    pub kind: FlashKind,
    /// The message's id in the catalogue.
    pub message: String,
    /// The message's arguments (counts are read as numbers, for plurals).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub args: Vec<(String, String)>,
}

impl Flash {
    pub fn ok(message: &str) -> Flash {
        Flash::ok_with(message, &[])
    }

    /// A message with arguments: `Flash::ok_with("flash-x", &[("count", 3.to_string())])`.
    pub fn ok_with(message: &str, args: &[(&str, String)]) -> Flash {
        Flash {
            kind: FlashKind::Ok,
            message: message.to_owned(),
            args: args
                .iter()
                .map(|(name, value)| ((*name).to_owned(), value.clone()))
                .collect(),
        }
    }

    pub fn info(message: &str) -> Flash {
        Flash {
            kind: FlashKind::Info,
            ..Flash::ok(message)
        }
    }
}

/// Whoever is reading the page.
pub struct Visitor {
    state: web::Data<AppState>,
    pub lang: Lang,
    pub caller: Option<Caller>,
    /// The session's token, for operations that check it themselves
    /// within their own read (the scoresheet saves).
    pub signed_in: Option<SignedIn>,
    /// The session token's id, which the CSRF tokens are bound to.
    session_id: Option<String>,
    seed: String,
    seed_is_new: bool,
    /// A session cookie came that no longer opens a session.
    session_ended: bool,
    flash: Option<Flash>,
    had_flash: bool,
    same_site: bool,
    secure: bool,
    /// The address of this page, for links back to it.
    path: String,
}

impl FromRequest for Visitor {
    type Error = PageError;
    type Future = Pin<Box<dyn Future<Output = Result<Visitor, PageError>>>>;

    fn from_request(req: &HttpRequest, _: &mut Payload) -> Self::Future {
        let req = req.clone();
        Box::pin(async move { Visitor::read(&req).await })
    }
}

impl Visitor {
    async fn read(req: &HttpRequest) -> Result<Visitor, PageError> {
        let browser_lang = req
            .cookie(LANGUAGE)
            .and_then(|c| Lang::parse(c.value()))
            .unwrap_or_else(|| {
                Lang::from_accept_language(
                    req.headers()
                        .get(header::ACCEPT_LANGUAGE)
                        .and_then(|v| v.to_str().ok())
                        .unwrap_or(""),
                )
            });
        let Some(state) = req.app_data::<web::Data<AppState>>().cloned() else {
            return Err(PageError::bare(
                browser_lang,
                StatusCode::INTERNAL_SERVER_ERROR,
            ));
        };
        let key = &state.session_key;
        let had_session = req.cookie(SESSION).is_some();
        let claims = session::unseal(req, key, SESSION).and_then(|t| state.tokens.verify(&t));
        let session_id = claims.as_ref().map(|c| c.jti.clone());
        let (caller, account_lang, signed_in) = match claims {
            None => (None, None, None),
            Some(claims) => {
                let signed_in = SignedIn::from_claims(claims, request_id(req));
                let checked = signed_in.clone();
                let caller = state
                    .db
                    .run(move |conn| match checked.load(conn) {
                        Ok(caller) => Ok(Some(caller)),
                        Err(ApiError::Unauthenticated(_)) => Ok(None),
                        Err(other) => Err(other),
                    })
                    .await
                    .map_err(|e| PageError::bare(browser_lang, e.status_code()))?;
                let lang = caller.as_ref().and_then(|c| c.language.clone());
                let signed_in = caller.is_some().then_some(signed_in);
                (caller, lang, signed_in)
            }
        };
        let lang = account_lang
            .as_deref()
            .and_then(Lang::parse)
            .unwrap_or(browser_lang);
        let (seed, seed_is_new) = match req.cookie(CSRF_SEED) {
            Some(c) if c.value().len() == 64 => (c.value().to_owned(), false),
            _ => (session::new_seed(), true),
        };
        let flash = session::unseal(req, key, FLASH).and_then(|f| serde_json::from_str(&f).ok());
        let path = match req.query_string() {
            "" => req.path().to_owned(),
            query => format!("{}?{query}", req.path()),
        };
        Ok(Visitor {
            lang,
            session_ended: had_session && caller.is_none(),
            session_id: caller.as_ref().and(session_id),
            caller,
            signed_in,
            seed,
            seed_is_new,
            had_flash: req.cookie(FLASH).is_some(),
            flash,
            same_site: session::same_site_request(req),
            secure: session::secure(req),
            path,
            state,
        })
    }

    pub fn state(&self) -> &AppState {
        &self.state
    }

    pub fn secure(&self) -> bool {
        self.secure
    }

    /// A message from the catalogue in the reader's language.
    pub fn text(&self, id: &str) -> String {
        catalogue().text(self.lang, id, None)
    }

    fn flash_text(&self, flash: &Flash) -> String {
        let mut fluent = fluent_bundle::FluentArgs::new();
        for (name, value) in &flash.args {
            match value.parse::<i64>() {
                Ok(number) => fluent.set(name.clone(), number),
                Err(_) => fluent.set(name.clone(), value.clone()),
            }
        }
        catalogue().text(self.lang, &flash.message, Some(&fluent))
    }

    /// A message with its arguments, in the reader's language.
    pub fn text_with(&self, id: &str, args: &[(&str, String)]) -> String {
        let mut fluent = fluent_bundle::FluentArgs::new();
        for (name, value) in args {
            fluent.set(*name, value.clone());
        }
        catalogue().text(self.lang, id, Some(&fluent))
    }

    /// What an operation refused, in the reader's language.
    pub fn said(&self, error: &ApiError) -> String {
        let message = error.message();
        match self.lang {
            Lang::Id => message.id.into_owned(),
            Lang::En => message.en.into_owned(),
        }
    }

    /// The fields an operation refused, each with its message in the
    /// reader's language, to show beside the field.
    pub fn field_messages(&self, error: &ApiError) -> Vec<(String, String)> {
        match error {
            ApiError::Validation(errors) | ApiError::Refused(_, errors) => errors
                .iter()
                .map(|e| {
                    let text = match self.lang {
                        Lang::Id => e.message.to_string(),
                        Lang::En => e.message_en.to_string(),
                    };
                    (e.field.clone(), text)
                })
                .collect(),
            _ => Vec::new(),
        }
    }

    /// The token this reader's forms carry.
    pub fn csrf(&self) -> String {
        session::csrf_token(
            &self.state.session_key,
            &self.seed,
            self.session_id.as_deref(),
        )
    }

    /// Refuses a form that did not come from our own page in this session:
    /// a cross-site request, or a missing or wrong token.
    pub fn check_form(&self, token: &str) -> Result<(), PageError> {
        if self.form_token_ok(token) {
            Ok(())
        } else {
            tracing::warn!(path = %self.path, same_site = self.same_site, "form refused: CSRF check failed");
            Err(self.error_page(
                StatusCode::FORBIDDEN,
                "error-csrf-title",
                &self.text("error-csrf-detail"),
            ))
        }
    }

    /// Whether a request came from our own page in this session: sent
    /// from our site, with this session's token.
    pub fn form_token_ok(&self, token: &str) -> bool {
        self.same_site
            && session::csrf_matches(
                &self.state.session_key,
                &self.seed,
                self.session_id.as_deref(),
                token,
            )
    }

    /// A JSON answer to a page's own script, never cached.
    pub fn json(&self, status: StatusCode, body: &impl Serialize) -> HttpResponse {
        HttpResponse::build(status)
            .insert_header((header::CACHE_CONTROL, "private, no-store"))
            .insert_header((header::VARY, "Cookie, Accept-Language"))
            .json(body)
    }

    /// The signed-in caller, or a redirect to the sign-in page that comes
    /// back here afterwards.
    pub fn require_caller(&self) -> Result<&Caller, PageError> {
        self.caller.as_ref().ok_or_else(|| self.to_sign_in())
    }

    fn to_sign_in(&self) -> PageError {
        PageError::from(
            self.redirect(
                &format!("/masuk?next={}", encode(&self.path)),
                Some(Flash::info("flash-sign-in-first")),
            )
            .finish(),
        )
    }

    fn base_context(&self) -> Value {
        let user = self.caller.as_ref().map(|c| {
            minijinja::context! {
                name => &c.display_name,
                email => &c.email,
                admin => c.is_admin(),
                judge => c.has(Role::Judge),
                entrant => c.has(Role::Entrant),
            }
        });
        let flash = self.flash.as_ref().map(|f| {
            minijinja::context! {
                kind => minijinja::value::Serde(&f.kind),
                text => self.flash_text(f),
            }
        });
        minijinja::context! {
            lang => self.lang.code(),
            user => user,
            csrf => self.csrf(),
            path => &self.path,
            section => self.path.trim_start_matches('/').split(['/', '?']).next().unwrap_or(""),
            flash => flash,
        }
    }

    fn headers(&self, builder: &mut HttpResponseBuilder) {
        builder
            .insert_header((header::CONTENT_TYPE, "text/html; charset=utf-8"))
            .insert_header((header::CONTENT_SECURITY_POLICY, PAGE_POLICY))
            .insert_header((header::VARY, "Cookie, Accept-Language"))
            .insert_header((
                header::CACHE_CONTROL,
                if self.caller.is_some() {
                    "private, no-store"
                } else {
                    "no-cache"
                },
            ));
        for cookie in self.bookkeeping() {
            builder.cookie(cookie);
        }
    }

    /// Cookies every answer sets: the CSRF seed on first visit, and the
    /// removal of a dead session or of a flash already shown.
    fn bookkeeping(&self) -> Vec<Cookie<'static>> {
        let mut cookies = Vec::new();
        if self.seed_is_new {
            let mut seed = Cookie::build(CSRF_SEED, self.seed.clone())
                .path("/")
                .http_only(true)
                .same_site(actix_web::cookie::SameSite::Lax)
                .secure(self.secure)
                .finish();
            seed.set_max_age(Duration::days(30));
            cookies.push(seed);
        }
        if self.session_ended {
            cookies.push(session::removal(SESSION));
        }
        if self.had_flash {
            cookies.push(session::removal(FLASH));
        }
        cookies
    }

    fn render_body(&self, template: &str, context: Value) -> Result<String, ApiError> {
        let base = self.base_context();
        let merged = minijinja::context! { ..context, ..base };
        super::templates::environment()
            .get_template(template)
            .and_then(|t| t.render(merged))
            .map_err(|e| ApiError::Internal(format!("page {template}: {e:#}")))
    }

    /// The `head` and `main` blocks of `template` for this reader's
    /// language alone: nothing of the reader (account, form tokens, flash)
    /// goes in, so every reader of the language may be given it.
    pub fn render_fragment(&self, template: &str, context: Value) -> Result<Fragment, ApiError> {
        let merged =
            minijinja::context! { ..context, ..minijinja::context! { lang => self.lang.code() } };
        let failed = |e: minijinja::Error| ApiError::Internal(format!("page {template}: {e:#}"));
        let mut captured = super::templates::environment()
            .get_template(template)
            .and_then(|t| t.render_captured(merged))
            .map_err(failed)?;
        let head = captured
            .with_state_mut(|state| state.render_block("head"))
            .map_err(failed)?;
        let main = captured
            .with_state_mut(|state| state.render_block("main"))
            .map_err(failed)?;
        Ok(Fragment { head, main })
    }

    /// A page made of a kept fragment, in this reader's frame.
    pub fn render_kept(&self, fragment: &Fragment) -> Result<HttpResponse, PageError> {
        self.render(
            "kept.html",
            minijinja::context! {
                head => Value::from_safe_string(fragment.head.clone()),
                main => Value::from_safe_string(fragment.main.clone()),
            },
        )
    }

    /// The page `template` with `context`, answered 200.
    pub fn render(&self, template: &str, context: Value) -> Result<HttpResponse, PageError> {
        self.render_status(StatusCode::OK, template, context)
    }

    pub fn render_status(
        &self,
        status: StatusCode,
        template: &str,
        context: Value,
    ) -> Result<HttpResponse, PageError> {
        let body = self
            .render_body(template, context)
            .map_err(|e| self.fail(e))?;
        let mut builder = HttpResponse::build(status);
        self.headers(&mut builder);
        Ok(builder.body(body))
    }

    fn redirect_builder(&self, location: &str, sets_flash: bool) -> HttpResponseBuilder {
        let mut builder = HttpResponse::SeeOther();
        builder
            .insert_header((header::LOCATION, location.to_owned()))
            .insert_header((header::CACHE_CONTROL, "no-store"));
        for cookie in self.bookkeeping() {
            // The flash cookie is set anew rather than removed.
            if !(sets_flash && cookie.name() == FLASH) {
                builder.cookie(cookie);
            }
        }
        builder
    }

    /// Goes on to `location` (a path of ours) after an action, with a
    /// message to show there once. A message not yet shown (this request
    /// was itself reached by a redirect) goes on with it.
    pub fn redirect(&self, location: &str, flash: Option<Flash>) -> HttpResponseBuilder {
        let flash = flash.or_else(|| self.flash.clone());
        let mut builder = self.redirect_builder(location, flash.is_some());
        if let Some(flash) = flash {
            let value = serde_json::to_string(&flash).unwrap_or_default();
            builder.cookie(session::sealed(
                &self.state.session_key,
                FLASH,
                value,
                self.secure,
                Some(Duration::minutes(5)),
            ));
        }
        builder
    }

    /// An error page for what an operation refused, in the reader's
    /// language. Not being signed in leads to the sign-in page instead.
    pub fn fail(&self, error: ApiError) -> PageError {
        if matches!(error, ApiError::Unauthenticated(_)) && self.caller.is_none() {
            return self.to_sign_in();
        }
        match &error {
            ApiError::Internal(cause) => tracing::error!(%cause, "page failed"),
            ApiError::Unavailable(cause) => tracing::warn!(%cause, "database unavailable"),
            _ => {}
        }
        let status = error.status_code();
        let message = error.message();
        let detail = match self.lang {
            Lang::Id => message.id,
            Lang::En => message.en,
        };
        self.error_page(status, title_for(status), &detail)
    }

    /// The error page in the site's look.
    pub fn error_page(&self, status: StatusCode, title: &str, detail: &str) -> PageError {
        let context = minijinja::context! {
            status => status.as_u16(),
            title => self.text(title),
            detail => detail,
        };
        let body = self.render_body("error.html", context).unwrap_or_else(|e| {
            tracing::error!(%e, "the error page could not be rendered");
            plain_error(self.lang, status)
        });
        let mut builder = HttpResponse::build(status);
        self.headers(&mut builder);
        builder.insert_header((header::CACHE_CONTROL, "no-store"));
        PageError::from(builder.body(body))
    }
}

/// The message id of an error page's title.
pub fn title_for(status: StatusCode) -> &'static str {
    match status.as_u16() {
        403 => "error-403-title",
        404 => "error-404-title",
        409 => "error-409-title",
        429 => "error-429-title",
        400..=499 => "error-400-title",
        _ => "error-500-title",
    }
}

/// Percent-encodes a path for a query parameter.
pub fn encode(path: &str) -> String {
    percent_encoding::utf8_percent_encode(path, percent_encoding::NON_ALPHANUMERIC).to_string()
}

/// A page-side refusal, already rendered.
#[derive(Debug)]
pub struct PageError {
    status: StatusCode,
    headers: header::HeaderMap,
    body: actix_web::web::Bytes,
}

impl From<HttpResponse> for PageError {
    fn from(response: HttpResponse) -> PageError {
        use actix_web::body::MessageBody;
        let status = response.status();
        let headers = response.headers().clone();
        let body = response.into_body().try_into_bytes().unwrap_or_default();
        PageError {
            status,
            headers,
            body,
        }
    }
}

impl std::fmt::Display for PageError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "page answered {}", self.status)
    }
}

impl ResponseError for PageError {
    fn status_code(&self) -> StatusCode {
        self.status
    }

    fn error_response(&self) -> HttpResponse {
        let mut builder = HttpResponse::build(self.status);
        for (name, value) in &self.headers {
            builder.append_header((name.clone(), value.clone()));
        }
        builder.body(self.body.clone())
    }
}

impl PageError {
    /// An error page when not even the visitor could be read.
    fn bare(lang: Lang, status: StatusCode) -> PageError {
        PageError::from(
            HttpResponse::build(status)
                .insert_header((header::CONTENT_TYPE, "text/html; charset=utf-8"))
                .insert_header((header::CONTENT_SECURITY_POLICY, PAGE_POLICY))
                .insert_header((header::CACHE_CONTROL, "no-store"))
                .body(plain_error(lang, status)),
        )
    }
}

fn plain_error(lang: Lang, status: StatusCode) -> String {
    let title = catalogue().text(lang, title_for(status), None);
    let title = minijinja::HtmlEscape(&title).to_string();
    format!(
        "<!doctype html><html lang=\"{}\"><meta charset=\"utf-8\"><title>{title}</title><h1>{title}</h1><p><a href=\"/\">Paritrana</a></p></html>",
        lang.code()
    )
}

/// The answer of a page handler.
pub type PageResult = Result<HttpResponse, PageError>;
