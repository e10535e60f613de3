//! The web pages: a second door beside the API, calling the same
//! operations and access checks. Templates and static files are compiled
//! into the binary; words come from the Fluent catalogue.

pub mod account;
pub mod assets;
pub mod autosave;
pub mod entrant;
pub mod entry_fields;
pub mod evidence;
pub mod format;
pub mod judging;
pub mod office;
pub mod page;
pub mod podium;
pub mod public;
pub mod session;
pub mod templates;

use actix_web::http::{StatusCode, header};
use actix_web::{FromRequest, HttpRequest, HttpResponse, ResponseError};

pub fn configure(cfg: &mut actix_web::web::ServiceConfig) {
    assets::configure(cfg);
    public::configure(cfg);
    account::configure(cfg);
    judging::configure(cfg);
    entrant::configure(cfg);
    office::configure(cfg);
}

/// Whether a request wants a page rather than an API answer: not under
/// `/api`, and asking for HTML.
fn wants_page(req: &HttpRequest) -> bool {
    !req.path().starts_with("/api")
        && req
            .headers()
            .get(header::ACCEPT)
            .and_then(|v| v.to_str().ok())
            .is_some_and(|accept| accept.contains("text/html"))
}

/// What answers an address no route matches: the "not found" page for a
/// browser, problem+json for everyone else.
pub async fn fallback(req: HttpRequest) -> HttpResponse {
    if !wants_page(&req) {
        return match crate::http::not_found().await {
            Ok(response) => response,
            Err(problem) => problem.error_response(),
        };
    }
    match page::Visitor::extract(&req).await {
        Ok(v) => {
            let detail = v.text("error-404-detail");
            v.error_page(StatusCode::NOT_FOUND, "error-404-title", &detail)
                .error_response()
        }
        Err(error) => error.error_response(),
    }
}
