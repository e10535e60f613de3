//! The office's pages, for the regional and national admins who run an
//! edition: `/kantor`, the editions in their scope; a new edition from the
//! built-in templates or a copy of last year's; and each edition's page
//! with its schedule in the edition's zone and a phase bar that shows where
//! it is and, for the next step, either the button or every reason it is
//! refused, each linking to what to fix. Going back and forcing past a
//! guard each ask for a recorded reason. The edition's entries in a
//! filtered table, each entry's page, and the administrative check one by
//! one or in bulk. The edition's outgoing email, with failures and a
//! retry. They call `editions::setup`, `editions::phases`,
//! `categories::setup`, `entries::reading`, `entries::check` and
//! `mail::outbox`, with the
//! API's checks: an
//! admin reaches only the editions of their provinces, anyone else is
//! refused.

mod editions;
mod entries;
mod outbox;

use actix_web::web;

use super::page::{PageError, Visitor};
use crate::auth::Caller;
use crate::error::ApiError;

pub fn configure(cfg: &mut web::ServiceConfig) {
    cfg.service(web::resource("/kantor").route(web::get().to(editions::list)))
        .service(
            web::resource("/kantor/edisi/baru")
                .route(web::get().to(editions::new_form))
                .route(web::post().to(editions::create)),
        )
        .service(
            web::resource("/kantor/edisi/{id}")
                .route(web::get().to(editions::page))
                .route(web::post().to(editions::update_schedule)),
        )
        .service(web::resource("/kantor/edisi/{id}/fase").route(web::post().to(editions::phase)))
        .service(web::resource("/kantor/edisi/{id}/entri").route(web::get().to(entries::table)))
        .service(
            web::resource("/kantor/edisi/{id}/entri/periksa")
                .route(web::post().to(entries::check_many)),
        )
        .service(web::resource("/kantor/edisi/{id}/email").route(web::get().to(outbox::page)))
        .service(
            web::resource("/kantor/edisi/{id}/email/{email}/kirim-ulang")
                .route(web::post().to(outbox::retry)),
        )
        .service(web::resource("/kantor/entri/{id}").route(web::get().to(entries::entry)))
        .service(
            web::resource("/kantor/entri/{id}/periksa").route(web::post().to(entries::check_one)),
        )
        .service(
            web::resource("/kantor/entri/{id}/berkas/{file}").route(web::get().to(entries::file)),
        );
}

/// The signed-in admin, or the page that says who may come here.
fn require_admin(v: &Visitor) -> Result<Caller, PageError> {
    let caller = v.require_caller()?;
    if caller.is_admin() {
        Ok(caller.clone())
    } else {
        Err(v.fail(ApiError::forbidden()))
    }
}
