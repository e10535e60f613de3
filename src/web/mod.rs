//! The web pages: a second door beside the API, calling the same
//! operations. So far it serves the static files the pages will use.

pub mod assets;

pub fn configure(cfg: &mut actix_web::web::ServiceConfig) {
    assets::configure(cfg);
}
