//! Entries in the office: an edition's entries in a table filtered by
//! status, category, regency and name, paged; one entry's page with its
//! values and evidence; and the administrative check, one entry at a time
//! or several at once, with the reason the entrant reads where the
//! decision needs one. They call `entries::reading` and `entries::check`,
//! as the API does.

use std::collections::BTreeMap;

use actix_web::http::StatusCode;
use actix_web::web;
use minijinja::context;
use serde::{Deserialize, Serialize};

use super::{regencies_of, require_admin};
use crate::categories::setup as category_setup;
use crate::editions::setup;
use crate::entries::access::Access;
use crate::entries::change::Expected;
use crate::entries::check;
use crate::entries::evidence;
use crate::entries::reading::{self, EntryFilter, EntryRead};
use crate::entries::status::{Decision, Status};
use crate::entries::store::EntrySort;
use crate::error::ApiError;
use crate::pagination::PageParams;
use crate::web::autosave::field;
use crate::web::entry_fields::{Shown, file_lines, pick, sections};
use crate::web::format;
use crate::web::page::{Flash, PageError, PageResult, Visitor};

const PER_PAGE: i64 = 50;

#[derive(Deserialize, Default)]
pub struct TableQuery {
    status: Option<String>,
    kategori: Option<String>,
    wilayah: Option<String>,
    q: Option<String>,
    urut: Option<String>,
    halaman: Option<i64>,
}

impl TableQuery {
    /// The filters and order as a query string (`&name=value`...), for
    /// the pager's links and the way back after a bulk check.
    fn kept(&self) -> String {
        [
            ("status", &self.status),
            ("kategori", &self.kategori),
            ("wilayah", &self.wilayah),
            ("q", &self.q),
            ("urut", &self.urut),
        ]
        .iter()
        .filter_map(|(name, value)| {
            value
                .as_deref()
                .filter(|v| !v.is_empty())
                .map(|v| format!("&{name}={}", crate::web::page::encode(v)))
        })
        .collect()
    }
}

#[derive(Serialize)]
struct Row {
    id: String,
    version: i32,
    organisation: String,
    category: String,
    region: String,
    status: &'static str,
    submitted_at: Option<String>,
    files: i64,
    /// The check may decide it now.
    checkable: bool,
}

fn decision(text: &str) -> Option<Decision> {
    match text {
        "complete" => Some(Decision::Complete),
        "rejected" => Some(Decision::Rejected),
        "returned" => Some(Decision::Returned),
        _ => None,
    }
}

fn checkable(status: Status) -> bool {
    matches!(
        status,
        Status::Submitted | Status::Complete | Status::Rejected
    )
}

/// A refused bulk check: which entries, and why.
#[derive(Default)]
struct TableRefusal {
    problem: Option<String>,
    failures: Vec<(String, String)>,
    reason_error: Option<String>,
}

async fn table_page(
    v: &Visitor,
    status: StatusCode,
    edition_id: String,
    query: &TableQuery,
    refusal: TableRefusal,
) -> PageResult {
    let caller = require_admin(v)?;
    let lang = v.lang;
    let edition = setup::get_administered(v.state(), caller.clone(), edition_id.clone())
        .await
        .map_err(|e| v.fail(e))?;
    let categories = category_setup::list(v.state(), caller.clone(), edition_id.clone())
        .await
        .map_err(|e| v.fail(e))?;
    let regencies = regencies_of(v, edition.province_code.as_deref())
        .await
        .map_err(|e| v.fail(e))?;
    let text = |value: &Option<String>| value.clone().filter(|s| !s.trim().is_empty());
    let filter = EntryFilter {
        edition: Some(edition_id.clone()),
        category: text(&query.kategori),
        status: text(&query.status).and_then(|s| Status::parse(&s)),
        region: text(&query.wilayah),
        q: text(&query.q),
        sort: text(&query.urut).and_then(|s| EntrySort::parse(&s)),
    };
    let page = reading::list(
        v.state(),
        caller,
        filter,
        PageParams {
            page: query.halaman,
            per_page: Some(PER_PAGE),
        },
    )
    .await
    .map_err(|e| v.fail(e))?;
    let zone = edition.time_zone;
    let rows: Vec<Row> = page
        .items
        .iter()
        .map(|e| Row {
            id: e.id.clone(),
            version: e.version,
            organisation: e.organisation.name.clone(),
            category: categories
                .iter()
                .find(|c| c.id == e.category_id)
                .map(|c| pick(lang, &c.name_id, &c.name_en))
                .unwrap_or_default(),
            region: regencies
                .iter()
                .find(|(code, _)| e.organisation.region_code.starts_with(code.as_str()))
                .map_or_else(
                    || e.organisation.region_code.clone(),
                    |(_, name)| name.clone(),
                ),
            status: e.status.as_str(),
            submitted_at: e.submitted_at.map(|at| format::instant(lang, zone, at)),
            files: e.evidence_count,
            checkable: checkable(e.status),
        })
        .collect();
    let pages = ((page.total + PER_PAGE - 1) / PER_PAGE).max(1);
    let kept = query.kept();
    let failures: Vec<(String, String)> = refusal
        .failures
        .iter()
        .map(|(id, why)| {
            let name = rows
                .iter()
                .find(|r| &r.id == id)
                .map_or_else(|| id.clone(), |r| r.organisation.clone());
            (name, why.clone())
        })
        .collect();
    v.render_status(
        status,
        "office_entries.html",
        context! {
            id => &edition.id,
            name => &edition.name,
            rows => minijinja::value::Serde(&rows),
            total => page.total,
            page => page.page,
            pages => pages,
            kept => kept,
            statuses => Status::ALL.iter().map(|s| s.as_str()).collect::<Vec<_>>(),
            categories => categories.iter().map(|c| (c.id.clone(), pick(lang, &c.name_id, &c.name_en))).collect::<Vec<_>>(),
            regencies => regencies,
            status => query.status.clone().unwrap_or_default(),
            kategori => query.kategori.clone().unwrap_or_default(),
            urut => query.urut.clone().filter(|s| EntrySort::parse(s).is_some()).unwrap_or_default(),
            sorts => EntrySort::ALL.iter().map(|s| s.as_str()).collect::<Vec<_>>(),
            wilayah => query.wilayah.clone().unwrap_or_default(),
            q => query.q.clone().unwrap_or_default(),
            problem => refusal.problem,
            failures => failures,
            reason_error => refusal.reason_error,
        },
    )
}

pub async fn table(v: Visitor, id: web::Path<String>, query: web::Query<TableQuery>) -> PageResult {
    table_page(
        &v,
        StatusCode::OK,
        id.into_inner(),
        &query,
        TableRefusal::default(),
    )
    .await
}

/// Decides the check for several entries at once: each at the version the
/// table showed; those refused are named with the reason, the rest stand.
pub async fn check_many(
    v: Visitor,
    id: web::Path<String>,
    form: web::Form<Vec<(String, String)>>,
) -> PageResult {
    let fields = form.into_inner();
    v.check_form(field(&fields, "csrf"))?;
    let caller = require_admin(&v)?;
    let edition_id = id.into_inner();
    let query = TableQuery {
        status: Some(field(&fields, "status").to_owned()),
        kategori: Some(field(&fields, "kategori").to_owned()),
        wilayah: Some(field(&fields, "wilayah").to_owned()),
        q: Some(field(&fields, "q").to_owned()),
        urut: Some(field(&fields, "urut").to_owned()),
        halaman: field(&fields, "halaman").parse().ok(),
    };
    let chosen: Vec<String> = fields
        .iter()
        .filter(|(k, _)| k == "entri")
        .map(|(_, v)| v.clone())
        .collect();
    let refuse = |refusal: TableRefusal| {
        table_page(
            &v,
            StatusCode::UNPROCESSABLE_ENTITY,
            edition_id.clone(),
            &query,
            refusal,
        )
    };
    let Some(decided) = decision(field(&fields, "keputusan")) else {
        return refuse(TableRefusal {
            problem: Some(v.text("office-check-choose-decision")),
            ..TableRefusal::default()
        })
        .await;
    };
    if chosen.is_empty() {
        return refuse(TableRefusal {
            problem: Some(v.text("office-check-choose-entries")),
            ..TableRefusal::default()
        })
        .await;
    }
    let reason = Some(field(&fields, "alasan").trim().to_owned()).filter(|r| !r.is_empty());
    if decided.needs_reason() && reason.is_none() {
        return refuse(TableRefusal {
            problem: Some(v.text("office-fix-marked")),
            reason_error: Some(v.text("office-check-reason-needed")),
            ..TableRefusal::default()
        })
        .await;
    }
    let mut failures = Vec::new();
    for entry_id in &chosen {
        let version = field(&fields, &format!("versi.{entry_id}"))
            .parse()
            .unwrap_or(0);
        let expected = Expected {
            version,
            precondition: false,
        };
        if let Err(error) = check::check(
            v.state(),
            caller.clone(),
            entry_id.clone(),
            expected,
            decided,
            reason.clone(),
        )
        .await
        {
            failures.push((entry_id.clone(), v.said(&error)));
        }
    }
    if failures.is_empty() {
        let page = query.halaman.map(|p| format!("&halaman={p}"));
        let back = format!(
            "/kantor/edisi/{edition_id}/entri?x=1{}{}",
            query.kept(),
            page.unwrap_or_default()
        );
        return Ok(v
            .redirect(&back, Some(Flash::ok("flash-checked-many")))
            .finish());
    }
    refuse(TableRefusal {
        problem: Some(v.text_with(
            "office-check-some-refused",
            &[
                ("count", failures.len().to_string()),
                ("total", chosen.len().to_string()),
            ],
        )),
        failures,
        ..TableRefusal::default()
    })
    .await
}

/// The entry as the office reads it: the office of its edition only.
async fn office_entry(v: &Visitor, id: String) -> Result<EntryRead, PageError> {
    let caller = require_admin(v)?;
    let read = reading::full(v.state(), caller, id)
        .await
        .map_err(|e| v.fail(e))?;
    if read.access != Access::Office {
        return Err(v.fail(ApiError::forbidden()));
    }
    Ok(read)
}

async fn entry_page(
    v: &Visitor,
    status: StatusCode,
    id: String,
    problem: Option<String>,
    reason_error: Option<String>,
) -> PageResult {
    let read = office_entry(v, id).await?;
    let lang = v.lang;
    let entry = &read.entry;
    let zone = read.edition.zone();
    let mut errors = BTreeMap::new();
    if let Some(error) = &reason_error {
        errors.insert("alasan".to_owned(), error.clone());
    }
    v.render_status(
        status,
        "office_entry.html",
        context! {
            id => &entry.id,
            edition_id => &read.edition.id,
            edition => &read.edition.name,
            organisation => &entry.organisation.name,
            category => pick(lang, &read.category.name_id, &read.category.name_en),
            status => entry.status.as_str(),
            note => &entry.check_note,
            version => entry.version,
            submitted_at => entry.submitted_at.map(|at| format::instant(lang, zone, at)),
            checked_at => entry.checked_at.map(|at| format::instant(lang, zone, at)),
            checkable => checkable(entry.status),
            sections => minijinja::value::Serde(&sections(v, &read, &Shown::default())),
            files => minijinja::value::Serde(&file_lines(lang, &read, None)),
            problem => problem,
            reason_error => reason_error,
        },
    )
}

pub async fn entry(v: Visitor, id: web::Path<String>) -> PageResult {
    entry_page(&v, StatusCode::OK, id.into_inner(), None, None).await
}

/// Decides the check of one entry, at the version its page showed.
pub async fn check_one(
    v: Visitor,
    id: web::Path<String>,
    form: web::Form<Vec<(String, String)>>,
) -> PageResult {
    let fields = form.into_inner();
    v.check_form(field(&fields, "csrf"))?;
    let caller = require_admin(&v)?;
    let id = id.into_inner();
    let Some(decided) = decision(field(&fields, "keputusan")) else {
        return entry_page(
            &v,
            StatusCode::UNPROCESSABLE_ENTITY,
            id,
            Some(v.text("office-check-choose-decision")),
            None,
        )
        .await;
    };
    let reason = Some(field(&fields, "alasan").trim().to_owned()).filter(|r| !r.is_empty());
    let expected = Expected {
        version: field(&fields, "version").trim().parse().unwrap_or(0),
        precondition: false,
    };
    match check::check(v.state(), caller, id.clone(), expected, decided, reason).await {
        Ok(_) => Ok(v
            .redirect(
                &format!("/kantor/entri/{id}"),
                Some(Flash::ok("flash-checked-one")),
            )
            .finish()),
        Err(error @ ApiError::Validation(_)) => {
            let reason_error = v
                .field_messages(&error)
                .into_iter()
                .find(|(f, _)| f == "reason")
                .map(|(_, m)| m);
            entry_page(
                &v,
                StatusCode::UNPROCESSABLE_ENTITY,
                id,
                Some(v.text("office-fix-marked")),
                reason_error,
            )
            .await
        }
        Err(error @ ApiError::Conflict(_)) => {
            let problem = Some(v.said(&error));
            entry_page(&v, StatusCode::CONFLICT, id, problem, None).await
        }
        Err(other) => Err(v.fail(other)),
    }
}

/// One of the entry's files, to an admin who may read the entry (its
/// edition's office).
pub async fn file(v: Visitor, path: web::Path<(String, String)>) -> PageResult {
    let (id, file_id) = path.into_inner();
    let caller = require_admin(&v)?;
    let download = evidence::download(v.state(), caller, id, file_id)
        .await
        .map_err(|e| v.fail(e))?;
    Ok(crate::web::evidence::respond(
        &download.file.file_name,
        &download.file.media_type,
        download.bytes,
    ))
}
