//! The entrants' pages. This first one is their home, `/entri`: their
//! organisations, the editions open for entries with the categories each
//! organisation may enter (and, where it may not, the rule in words), and
//! their entries with status and the deadline in the edition's zone. It
//! reads `entries::home`, which decides eligibility with the same rule
//! entering does.

mod evidence;
mod form;
mod submit;

use actix_web::web;
use minijinja::context;
use serde::Serialize;

use super::autosave::field;
use super::entry_fields::pick;
use super::format;
use super::page::{Flash, PageResult, Visitor};
use crate::db::now;
use crate::editions::store::EditionRow;
use crate::entries::drafting::{self, CreateEntryRequest};
use crate::entries::home::{self, CategoryChoice};
use crate::i18n::Lang;
use crate::organisations::store::Organisation;

pub fn configure(cfg: &mut web::ServiceConfig) {
    cfg.service(web::resource("/entri").route(web::get().to(my_entries)))
        .service(web::resource("/entri/baru").route(web::post().to(enter)))
        .service(
            web::resource("/entri/{id}")
                .route(web::get().to(form::page))
                .route(web::post().to(form::post)),
        )
        .service(
            web::resource("/entri/{id}/draf")
                .route(web::get().to(form::current))
                .route(web::post().to(form::autosave)),
        )
        .service(
            web::resource("/entri/{id}/kirim")
                .route(web::get().to(submit::confirm))
                .route(web::post().to(submit::send)),
        )
        .service(web::resource("/entri/{id}/tanda-terima").route(web::get().to(submit::receipt)))
        .service(web::resource("/entri/{id}/berkas").route(web::post().to(evidence::upload)))
        .service(web::resource("/entri/{id}/berkas/{file}").route(web::get().to(evidence::file)))
        .service(
            web::resource("/entri/{id}/berkas/{file}/hapus")
                .route(web::post().to(evidence::remove)),
        )
        .service(web::resource("/entri/{id}/tarik").route(web::post().to(submit::withdraw)))
        .service(web::resource("/entri/{id}/buka").route(web::post().to(submit::reopen)));
}

#[derive(Serialize)]
struct OrganisationLine {
    name: String,
    kind: String,
    region_code: String,
}

#[derive(Serialize)]
struct Deadline {
    /// The deadline in the edition's zone, e.g. "31 Mei 2025 23.59 WIB".
    when: String,
    /// "tinggal 12 hari"; absent once it has passed.
    left: Option<String>,
}

#[derive(Serialize)]
struct Choice {
    organisation: String,
    organisation_id: String,
    /// Its entry, when it has one.
    entry_id: Option<String>,
    /// Why the organisation may not enter; absent when it may.
    refused: Option<String>,
    /// Its entry's status, when it has one.
    status: Option<&'static str>,
}

#[derive(Serialize)]
struct CategoryLine {
    id: String,
    name: String,
    choices: Vec<Choice>,
}

#[derive(Serialize)]
struct EditionLine {
    id: String,
    name: String,
    deadline: Option<Deadline>,
    categories: Vec<CategoryLine>,
}

#[derive(Serialize)]
struct EntryLine {
    id: String,
    organisation: String,
    category: String,
    edition: String,
    status: &'static str,
    deadline: Option<Deadline>,
    /// The office's reason for returning or rejecting the entry.
    note: Option<String>,
}

fn deadline(lang: Lang, edition: &EditionRow) -> Option<Deadline> {
    edition.submissions_close_at.map(|at| Deadline {
        when: format::instant(lang, edition.zone(), at),
        left: format::time_left(lang, now(), at),
    })
}

/// Why an organisation may not enter: a category for other kinds of
/// organisation names the kinds it is for ("Kategori ini untuk pemerintah
/// desa/kelurahan"); any other rule is said as entering would say it.
fn refusal(v: &Visitor, choice: &CategoryChoice, organisation: &Organisation) -> Option<String> {
    let line = choice
        .organisations
        .iter()
        .find(|o| o.organisation_id == organisation.id)?;
    let refused = line.refused.as_ref()?;
    let kinds = &choice.category.eligibility.kinds;
    if !kinds.is_empty() && !kinds.iter().any(|k| k.as_str() == organisation.kind) {
        let names: Vec<String> = kinds
            .iter()
            .map(|k| v.text(&format!("kind-{}", k.as_str())))
            .collect();
        return Some(v.text_with(
            "entrant-category-for",
            &[("kinds", names.join(&v.text("list-or")))],
        ));
    }
    Some(match v.lang {
        Lang::Id => refused.id.to_string(),
        Lang::En => refused.en.to_string(),
    })
}

async fn my_entries(v: Visitor) -> PageResult {
    let caller = v.require_caller()?.clone();
    let read = home::read(v.state(), caller).await.map_err(|e| v.fail(e))?;
    let lang = v.lang;
    let editions: Vec<EditionLine> = read
        .open
        .iter()
        .map(|open| EditionLine {
            id: open.edition.id.clone(),
            name: open.edition.name.clone(),
            deadline: deadline(lang, &open.edition),
            categories: open
                .categories
                .iter()
                .map(|choice| CategoryLine {
                    id: choice.category.id.clone(),
                    name: pick(lang, &choice.category.name_id, &choice.category.name_en),
                    choices: read
                        .organisations
                        .iter()
                        .filter_map(|organisation| {
                            let line = choice
                                .organisations
                                .iter()
                                .find(|o| o.organisation_id == organisation.id)?;
                            Some(Choice {
                                organisation: organisation.name.clone(),
                                organisation_id: organisation.id.clone(),
                                entry_id: line.entry.as_ref().map(|(id, _)| id.clone()),
                                refused: refusal(&v, choice, organisation),
                                status: line.entry.as_ref().map(|(_, s)| s.as_str()),
                            })
                        })
                        .collect(),
                })
                .collect(),
        })
        .collect();
    let entries: Vec<EntryLine> = read
        .entries
        .iter()
        .map(|mine| EntryLine {
            id: mine.entry.id.clone(),
            organisation: mine.entry.organisation.name.clone(),
            category: pick(lang, &mine.category_name_id, &mine.category_name_en),
            edition: mine.edition.name.clone(),
            status: mine.entry.status.as_str(),
            deadline: mine
                .entry
                .status
                .editable()
                .then(|| deadline(lang, &mine.edition))
                .flatten(),
            note: mine.entry.check_note.clone(),
        })
        .collect();
    let organisations: Vec<OrganisationLine> = read
        .organisations
        .iter()
        .map(|o| OrganisationLine {
            name: o.name.clone(),
            kind: o.kind.clone(),
            region_code: o.region_code.clone(),
        })
        .collect();
    v.render(
        "my_entries.html",
        context! {
            organisations => minijinja::value::Serde(&organisations),
            editions => minijinja::value::Serde(&editions),
            entries => minijinja::value::Serde(&entries),
        },
    )
}

/// Enters one of the caller's organisations in a category, as a draft,
/// and opens its form. A refusal (not eligible, already entered, closed)
/// comes back to the home page with its reason.
async fn enter(v: Visitor, form: web::Form<Vec<(String, String)>>) -> PageResult {
    let fields = form.into_inner();
    v.check_form(field(&fields, "csrf"))?;
    let caller = v.require_caller()?.clone();
    let created = drafting::create(
        v.state(),
        caller,
        field(&fields, "edisi").to_owned(),
        field(&fields, "kategori").to_owned(),
        CreateEntryRequest {
            organisation_id: field(&fields, "organisasi").to_owned(),
            values: serde_json::Map::new(),
        },
    )
    .await;
    match created {
        Ok(entry) => Ok(v
            .redirect(
                &format!("/entri/{}", entry.id),
                Some(Flash::ok("flash-entry-started")),
            )
            .finish()),
        Err(error) => Err(v.fail(error)),
    }
}
