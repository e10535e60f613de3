//! The office's pages, for the regional and national admins who run an
//! edition: `/kantor`, the editions in their scope; a new edition from the
//! built-in templates or a copy of last year's; and each edition's page
//! with its schedule in the edition's zone and a phase bar that shows where
//! it is and, for the next step, either the button or every reason it is
//! refused, each linking to what to fix. Going back and forcing past a
//! guard each ask for a recorded reason. The edition's entries in a
//! filtered table, each entry's page, and the administrative check one by
//! one or in bulk. The edition's outgoing email, with failures and a
//! retry. The audit log, filtered, paged and as CSV. People: the accounts in
//! scope, invitations, roles and disabling. Judging: judges, panels,
//! assignment, the coverage matrix, conflicts, progress and reminders.
//! Results: rankings with explanations and charts, exports, publishing
//! from a preview, and withdrawal. Categories: settings, the rubric
//! editor and the scoresheet preview. Importing entries from CSV. They call `editions::setup`, `editions::phases`,
//! `categories::setup`, `entries::reading`, `entries::check` and
//! `mail::outbox` and `audit`, with the
//! API's checks: an
//! admin reaches only the editions of their provinces, anyone else is
//! refused.

mod audit;
mod categories;
mod editions;
mod entries;
mod imports;
mod judging;
mod outbox;
mod people;
mod results;
mod rubric_form;

use actix_web::web;

use super::page::{PageError, Visitor};
use crate::auth::Caller;
use crate::error::ApiError;
use crate::pagination::PageParams;
use crate::regions::code::Level;
use crate::regions::lookup::{self, RegionFilter};

pub fn configure(cfg: &mut web::ServiceConfig) {
    cfg.service(web::resource("/kantor").route(web::get().to(editions::list)))
        .service(web::resource("/kantor/log").route(web::get().to(audit::page)))
        .service(web::resource("/kantor/log.csv").route(web::get().to(audit::csv)))
        .service(web::resource("/kantor/orang").route(web::get().to(people::list)))
        .service(
            web::resource("/kantor/orang/undang")
                .route(web::get().to(people::invite_form))
                .route(web::post().to(people::invite)),
        )
        .service(
            web::resource("/kantor/organisasi/baru")
                .route(web::get().to(people::organisation_form))
                .route(web::post().to(people::register_organisation)),
        )
        .service(web::resource("/kantor/orang/{id}").route(web::get().to(people::person)))
        .service(web::resource("/kantor/orang/{id}/peran").route(web::post().to(people::set_roles)))
        .service(
            web::resource("/kantor/orang/{id}/status").route(web::post().to(people::set_active)),
        )
        .service(web::resource("/kantor/orang/{id}/undangan").route(web::post().to(people::resend)))
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
            web::resource("/kantor/edisi/{id}/impor")
                .route(web::get().to(imports::page))
                .route(web::post().to(imports::upload)),
        )
        .service(
            web::resource("/kantor/edisi/{id}/entri/periksa")
                .route(web::post().to(entries::check_many)),
        )
        .service(web::resource("/kantor/edisi/{id}/email").route(web::get().to(outbox::page)))
        .service(
            web::resource("/kantor/edisi/{id}/email/{email}/kirim-ulang")
                .route(web::post().to(outbox::retry)),
        )
        .service(
            web::resource("/kantor/edisi/{id}/penjurian").route(web::get().to(judging::overview)),
        )
        .service(
            web::resource("/kantor/edisi/{id}/penjurian/juri")
                .route(web::post().to(judging::add_judge)),
        )
        .service(
            web::resource("/kantor/edisi/{id}/penjurian/ingatkan")
                .route(web::post().to(judging::remind)),
        )
        .service(
            web::resource("/kantor/edisi/{id}/penjurian/{category}/{stage}")
                .route(web::get().to(judging::stage)),
        )
        .service(
            web::resource("/kantor/edisi/{id}/penjurian/{category}/{stage}/panel")
                .route(web::post().to(judging::set_panel)),
        )
        .service(
            web::resource("/kantor/edisi/{id}/penjurian/{category}/{stage}/otomatis")
                .route(web::post().to(judging::assign_automatically)),
        )
        .service(
            web::resource("/kantor/edisi/{id}/penjurian/{category}/{stage}/tugaskan")
                .route(web::post().to(judging::assign_by_hand)),
        )
        .service(
            web::resource("/kantor/edisi/{id}/penjurian/{category}/{stage}/anulir")
                .route(web::post().to(judging::dismiss)),
        )
        .service(
            web::resource("/kantor/edisi/{id}/penjurian/{category}/{stage}/daftar-pendek")
                .route(web::post().to(judging::shortlist)),
        )
        .service(
            web::resource("/kantor/edisi/{id}/penjurian/{category}/{stage}/buka-lembar")
                .route(web::post().to(judging::reopen)),
        )
        .service(web::resource("/kantor/edisi/{id}/hasil").route(web::get().to(results::overview)))
        .service(
            web::resource("/kantor/edisi/{id}/hasil/{category}")
                .route(web::get().to(results::ranking)),
        )
        .service(
            web::resource("/kantor/edisi/{id}/hasil/{category}/unduh")
                .route(web::get().to(results::export)),
        )
        .service(
            web::resource("/kantor/edisi/{id}/terbitkan")
                .route(web::get().to(results::publish_form))
                .route(web::post().to(results::publish)),
        )
        .service(
            web::resource("/kantor/edisi/{id}/tarik/{version}")
                .route(web::post().to(results::withdraw)),
        )
        .service(
            web::resource("/kantor/edisi/{id}/kategori/{category}")
                .route(web::get().to(categories::page))
                .route(web::post().to(categories::save_settings)),
        )
        .service(
            web::resource("/kantor/edisi/{id}/kategori/{category}/rubrik")
                .route(web::post().to(categories::edit_rubric)),
        )
        .service(
            web::resource("/kantor/edisi/{id}/kategori/{category}/pratinjau")
                .route(web::get().to(categories::preview)),
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

/// The provinces the caller administers, by code and name (every province
/// for a national admin).
pub(super) async fn provinces_of(
    v: &Visitor,
    caller: &Caller,
) -> Result<Vec<(String, String)>, ApiError> {
    let filter = RegionFilter {
        level: Some(Level::Province),
        ..RegionFilter::default()
    };
    let page = PageParams {
        page: None,
        per_page: Some(100),
    };
    Ok(lookup::list(v.state(), filter, page)
        .await?
        .items
        .into_iter()
        .filter(|r| caller.is_national_admin() || caller.provinces.contains(&r.code))
        .map(|r| (r.code, r.name))
        .collect())
}

/// The regencies and cities of a province, by code and name; none for a
/// national edition.
pub(super) async fn regencies_of(
    v: &Visitor,
    province: Option<&str>,
) -> Result<Vec<(String, String)>, ApiError> {
    let Some(province) = province else {
        return Ok(Vec::new());
    };
    let filter = RegionFilter {
        level: Some(Level::Regency),
        parent: Some(province.to_owned()),
        q: None,
    };
    let page = PageParams {
        page: None,
        per_page: Some(100),
    };
    Ok(lookup::list(v.state(), filter, page)
        .await?
        .items
        .into_iter()
        .map(|r| (r.code, r.name))
        .collect())
}
