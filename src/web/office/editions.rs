//! Editions in the office: the list in the admin's scope, a new edition
//! (from the built-in templates, or copying an earlier edition's categories
//! and rubrics), and one edition's page with its schedule and phase bar.

use std::collections::BTreeMap;

use actix_web::http::StatusCode;
use actix_web::web;
use minijinja::context;
use serde::{Deserialize, Serialize};

use super::{provinces_of, require_admin};
use crate::auth::Caller;
use crate::categories::setup::{self as category_setup, CategoryInput};
use crate::editions::domain::Phase;
use crate::editions::fields::{EditionInput, ScheduleInput};
use crate::editions::phases::{self, PhaseRequest};
use crate::editions::setup::{self, EditionFilter};
use crate::editions::view::EditionView;
use crate::error::{ApiError, FieldError};
use crate::i18n::Lang;
use crate::pagination::PageParams;
use crate::rubrics::templates;
use crate::web::autosave::field;
use crate::web::entry_fields::pick;
use crate::web::format;
use crate::web::page::{Flash, PageResult, Visitor};

const PER_PAGE: i64 = 20;

#[derive(Serialize)]
struct EditionLine {
    id: String,
    name: String,
    year: i32,
    /// The province's name; absent for a national edition.
    province: Option<String>,
    phase: &'static str,
    closes_at: Option<String>,
}

fn line(v: &Visitor, edition: &EditionView, provinces: &[(String, String)]) -> EditionLine {
    EditionLine {
        id: edition.id.clone(),
        name: edition.name.clone(),
        year: edition.year,
        province: edition.province_code.as_ref().map(|code| {
            provinces
                .iter()
                .find(|(c, _)| c == code)
                .map_or_else(|| code.clone(), |(_, name)| name.clone())
        }),
        phase: edition.phase.as_str(),
        closes_at: edition
            .schedule
            .submissions_close_at
            .map(|at| format::instant(v.lang, edition.time_zone, at.naive_utc())),
    }
}

#[derive(Deserialize)]
pub struct ListQuery {
    halaman: Option<i64>,
}

/// The editions in the admin's scope, newest year first, paged.
pub async fn list(v: Visitor, query: web::Query<ListQuery>) -> PageResult {
    let caller = require_admin(&v)?;
    let page = PageParams {
        page: query.halaman,
        per_page: Some(PER_PAGE),
    };
    let listed = setup::list(v.state(), caller.clone(), EditionFilter::default(), page)
        .await
        .map_err(|e| v.fail(e))?;
    let provinces = provinces_of(&v, &caller).await.map_err(|e| v.fail(e))?;
    let lines: Vec<EditionLine> = listed
        .items
        .iter()
        .map(|e| line(&v, e, &provinces))
        .collect();
    let pages = (listed.total + PER_PAGE - 1) / PER_PAGE;
    v.render(
        "office_editions.html",
        context! {
            editions => minijinja::value::Serde(&lines),
            total => listed.total,
            page => listed.page,
            pages => pages.max(1),
        },
    )
}

#[derive(Serialize)]
struct TemplateChoice {
    key: String,
    name: String,
    /// Who may enter, in words.
    kinds: String,
    fields: usize,
    checked: bool,
}

/// What the new-edition form shows: its fields as typed and the refusal
/// beside each.
#[derive(Default)]
struct NewForm {
    typed: BTreeMap<&'static str, String>,
    templates: Vec<String>,
    errors: BTreeMap<String, String>,
    problem: Option<String>,
}

async fn new_page(v: &Visitor, caller: &Caller, status: StatusCode, form: &NewForm) -> PageResult {
    let lang = v.lang;
    let provinces = provinces_of(v, caller).await.map_err(|e| v.fail(e))?;
    let earlier = setup::list(
        v.state(),
        caller.clone(),
        EditionFilter::default(),
        PageParams {
            page: None,
            per_page: Some(50),
        },
    )
    .await
    .map_err(|e| v.fail(e))?;
    let first_visit = form.typed.is_empty();
    let choices: Vec<TemplateChoice> = templates::all()
        .iter()
        .map(|t| TemplateChoice {
            key: t.key.clone(),
            name: pick(lang, &t.name_id, &t.name_en),
            kinds: t
                .eligibility
                .kinds
                .iter()
                .map(|k| v.text(&format!("kind-{}", k.as_str())))
                .collect::<Vec<_>>()
                .join(&v.text("list-or")),
            fields: t.form.len(),
            checked: if first_visit {
                true
            } else {
                form.templates.contains(&t.key)
            },
        })
        .collect();
    let year = chrono::Datelike::year(&chrono::Utc::now());
    let typed = |name: &str, default: String| form.typed.get(name).cloned().unwrap_or(default);
    let default_province = if caller.is_national_admin() {
        String::new()
    } else {
        provinces
            .first()
            .map(|(c, _)| c.clone())
            .unwrap_or_default()
    };
    v.render_status(
        status,
        "office_edition_new.html",
        context! {
            national => caller.is_national_admin(),
            provinces => minijinja::value::Serde(&provinces),
            templates => minijinja::value::Serde(&choices),
            earlier => earlier.items.iter().map(|e| (e.id.clone(), e.name.clone())).collect::<Vec<_>>(),
            name => typed("nama", String::new()),
            year => typed("tahun", year.to_string()),
            province => typed("provinsi", default_province),
            opens => typed("buka", String::new()),
            closes => typed("tutup", String::new()),
            copy => typed("salin", String::new()),
            errors => minijinja::value::Serde(&form.errors),
            problem => &form.problem,
        },
    )
}

pub async fn new_form(v: Visitor) -> PageResult {
    let caller = require_admin(&v)?;
    new_page(&v, &caller, StatusCode::OK, &NewForm::default()).await
}

/// The form's name for each field an operation may refuse.
fn form_name(field: &str) -> &'static str {
    match field {
        "name" => "nama",
        "year" => "tahun",
        "province_code" | "tier" => "provinsi",
        "copy_from" => "salin",
        f if f.starts_with("schedule.submissions_open_at") => "buka",
        f if f.starts_with("schedule.") => "tutup",
        _ => "",
    }
}

/// Creates the edition, then its categories from the chosen templates
/// (unless it copies an earlier edition's), and opens its page.
pub async fn create(v: Visitor, form: web::Form<Vec<(String, String)>>) -> PageResult {
    let fields = form.into_inner();
    v.check_form(field(&fields, "csrf"))?;
    let caller = require_admin(&v)?;
    let value = |name: &str| field(&fields, name).trim().to_owned();
    let text = |name: &str| Some(value(name)).filter(|s| !s.is_empty());
    let mut typed = BTreeMap::new();
    for name in ["nama", "tahun", "provinsi", "buka", "tutup", "salin"] {
        typed.insert(name, value(name));
    }
    let chosen: Vec<String> = fields
        .iter()
        .filter(|(k, _)| k == "templat")
        .map(|(_, v)| v.clone())
        .collect();
    let province = text("provinsi");
    let year = value("tahun");
    let input = EditionInput {
        name: text("nama"),
        year: year.parse().ok(),
        tier: Some(
            if province.is_some() {
                "provincial"
            } else {
                "national"
            }
            .into(),
        ),
        province_code: province,
        schedule: Some(ScheduleInput {
            submissions_open_at: text("buka"),
            submissions_close_at: text("tutup"),
            judging_start_at: None,
            results_at: None,
        }),
        copy_from: text("salin"),
        ..EditionInput::default()
    };
    let mut errors: BTreeMap<String, String> = BTreeMap::new();
    if input.year.is_none() {
        errors.insert("tahun".into(), v.text("office-year-invalid"));
    }
    let copying = input.copy_from.is_some();
    let created = if errors.is_empty() {
        setup::create(v.state(), caller.clone(), input).await
    } else {
        Err(ApiError::Validation(Vec::new()))
    };
    let edition = match created {
        Ok(edition) => edition,
        Err(error @ (ApiError::Validation(_) | ApiError::Refused(..) | ApiError::Forbidden(_))) => {
            for (field, message) in v.field_messages(&error) {
                errors
                    .entry(form_name(&field).to_owned())
                    .or_insert(message);
            }
            let problem = match &error {
                ApiError::Forbidden(_) => Some(v.said(&error)),
                _ => Some(v.text("office-fix-marked")),
            };
            return new_page(
                &v,
                &caller,
                StatusCode::UNPROCESSABLE_ENTITY,
                &NewForm {
                    typed,
                    templates: chosen,
                    errors,
                    problem,
                },
            )
            .await;
        }
        Err(other) => return Err(v.fail(other)),
    };
    let mut missed = 0;
    if !copying {
        for key in &chosen {
            let input = CategoryInput {
                template: Some(key.clone()),
                ..CategoryInput::default()
            };
            if category_setup::create(v.state(), caller.clone(), edition.id.clone(), input)
                .await
                .is_err()
            {
                missed += 1;
            }
        }
    }
    let flash = if missed > 0 {
        Flash::info("flash-edition-created-some-categories-failed")
    } else {
        Flash::ok("flash-edition-created")
    };
    Ok(
        v.redirect(&format!("/kantor/edisi/{}", edition.id), Some(flash))
            .finish(),
    )
}

#[derive(Serialize)]
struct PhaseStep {
    phase: &'static str,
    /// `done`, `current` or `later`.
    state: &'static str,
}

#[derive(Serialize)]
struct Blocker {
    text: String,
    /// Where it is fixed, on this page or another.
    link: Option<String>,
}

#[derive(Serialize)]
struct CategoryLine {
    id: String,
    name: String,
    fields: usize,
    rubric_version: Option<i32>,
    winners: i32,
}

/// What a refused phase change leaves on the edition's page.
#[derive(Default)]
struct PhaseRefusal {
    problem: Option<String>,
    blockers: Option<Vec<FieldError>>,
    reason_error: Option<String>,
    schedule_errors: BTreeMap<String, String>,
}

fn blocker(v: &Visitor, id: &str, error: &FieldError) -> Blocker {
    let text = match v.lang {
        Lang::Id => error.message.to_string(),
        Lang::En => error.message_en.to_string(),
    };
    let link = if error.field.starts_with("categories") {
        Some(format!("/kantor/edisi/{id}#kategori"))
    } else if error.field.starts_with("schedule.") {
        Some(format!("/kantor/edisi/{id}#jadwal"))
    } else if error.field == "entries" {
        Some(format!("/kantor/edisi/{id}/entri?status=submitted"))
    } else {
        None
    };
    Blocker { text, link }
}

/// A time of the schedule as the form's `datetime-local` field holds it,
/// in the edition's zone.
fn local_field(at: Option<chrono::DateTime<chrono::FixedOffset>>) -> String {
    at.map(|at| at.format("%Y-%m-%dT%H:%M").to_string())
        .unwrap_or_default()
}

async fn edition_page(
    v: &Visitor,
    status: StatusCode,
    id: String,
    refusal: PhaseRefusal,
) -> PageResult {
    let caller = require_admin(v)?;
    let edition = setup::get_administered(v.state(), caller.clone(), id.clone())
        .await
        .map_err(|e| v.fail(e))?;
    let categories = category_setup::list(v.state(), caller.clone(), id.clone())
        .await
        .map_err(|e| v.fail(e))?;
    let lang = v.lang;
    let at = Phase::ALL
        .iter()
        .position(|p| *p == edition.phase)
        .unwrap_or(0);
    let steps: Vec<PhaseStep> = Phase::ALL
        .iter()
        .enumerate()
        .map(|(i, p)| PhaseStep {
            phase: p.as_str(),
            state: match i.cmp(&at) {
                std::cmp::Ordering::Less => "done",
                std::cmp::Ordering::Equal => "current",
                std::cmp::Ordering::Greater => "later",
            },
        })
        .collect();
    let next = Phase::ALL.get(at + 1).copied();
    let found = match (&refusal.blockers, next) {
        (Some(listed), _) => listed.clone(),
        (None, Some(next)) if next != Phase::ResultsPublished => {
            phases::blockers(v.state(), caller.clone(), id.clone(), next)
                .await
                .map_err(|e| v.fail(e))?
        }
        _ => Vec::new(),
    };
    // Judging may be opened past unchecked entries, with a reason.
    let forcible = !found.is_empty() && found.iter().all(|b| b.field == "entries");
    let blockers: Vec<Blocker> = found.iter().map(|b| blocker(v, &id, b)).collect();
    let back =
        (edition.phase == Phase::SubmissionsClosed).then_some(Phase::SubmissionsOpen.as_str());
    let zone = edition.time_zone;
    let history: Vec<(String, String, Option<String>)> = edition
        .phase_history
        .as_deref()
        .unwrap_or_default()
        .iter()
        .map(|h| {
            (
                format::instant(lang, zone, h.changed_at),
                h.to_phase.as_str().to_owned(),
                h.reason.clone(),
            )
        })
        .collect();
    let categories: Vec<CategoryLine> = categories
        .iter()
        .map(|c| CategoryLine {
            id: c.id.clone(),
            name: pick(lang, &c.name_id, &c.name_en),
            fields: c.form.len(),
            rubric_version: c.rubric_version,
            winners: c.winners_count,
        })
        .collect();
    let when = |at: Option<chrono::DateTime<chrono::FixedOffset>>| {
        at.map(|at| format::instant(lang, zone, at.naive_utc()))
    };
    v.render_status(
        status,
        "office_edition.html",
        context! {
            id => &edition.id,
            name => &edition.name,
            year => edition.year,
            zone => edition.time_zone_abbreviation,
            phase => edition.phase.as_str(),
            version => edition.version,
            steps => minijinja::value::Serde(&steps),
            next => next.map(Phase::as_str),
            publish_next => next == Some(Phase::ResultsPublished),
            blockers => minijinja::value::Serde(&blockers),
            forcible => forcible,
            back => back,
            opens => when(edition.schedule.submissions_open_at),
            closes => when(edition.schedule.submissions_close_at),
            results => when(edition.schedule.results_at),
            opens_field => local_field(edition.schedule.submissions_open_at),
            closes_field => local_field(edition.schedule.submissions_close_at),
            judging_field => local_field(edition.schedule.judging_start_at),
            results_field => local_field(edition.schedule.results_at),
            history => history,
            categories => minijinja::value::Serde(&categories),
            problem => refusal.problem,
            reason_error => refusal.reason_error,
            // Open where the schedule needs filling in or correcting.
            schedule_open => !refusal.schedule_errors.is_empty()
                || edition.schedule.submissions_close_at.is_none()
                || found.iter().any(|b| b.field.starts_with("schedule.")),
            schedule_errors => minijinja::value::Serde(&refusal.schedule_errors),
        },
    )
}

pub async fn page(v: Visitor, id: web::Path<String>) -> PageResult {
    edition_page(&v, StatusCode::OK, id.into_inner(), PhaseRefusal::default()).await
}

/// Moves the edition to another phase: the next one, or back, or forward
/// past unchecked entries, the last two with a reason.
pub async fn phase(
    v: Visitor,
    id: web::Path<String>,
    form: web::Form<Vec<(String, String)>>,
) -> PageResult {
    let fields = form.into_inner();
    v.check_form(field(&fields, "csrf"))?;
    let caller = require_admin(&v)?;
    let id = id.into_inner();
    let request = PhaseRequest {
        to: field(&fields, "ke").to_owned(),
        reason: Some(field(&fields, "alasan").to_owned()),
        force: field(&fields, "paksa") == "1",
    };
    match phases::change(v.state(), caller, id.clone(), request).await {
        Ok(_) => Ok(v
            .redirect(
                &format!("/kantor/edisi/{id}"),
                Some(Flash::ok("flash-phase-changed")),
            )
            .finish()),
        Err(ApiError::Refused(_, reasons)) => {
            let problem = Some(v.text("office-phase-refused"));
            edition_page(
                &v,
                StatusCode::UNPROCESSABLE_ENTITY,
                id,
                PhaseRefusal {
                    problem,
                    blockers: Some(reasons),
                    ..PhaseRefusal::default()
                },
            )
            .await
        }
        Err(error @ ApiError::Validation(_)) => {
            let reason_error = v
                .field_messages(&error)
                .into_iter()
                .find(|(f, _)| f == "reason")
                .map(|(_, m)| m);
            let problem = if reason_error.is_some() {
                None
            } else {
                Some(v.said(&error))
            };
            edition_page(
                &v,
                StatusCode::UNPROCESSABLE_ENTITY,
                id,
                PhaseRefusal {
                    problem: problem.or_else(|| Some(v.text("office-fix-marked"))),
                    reason_error,
                    ..PhaseRefusal::default()
                },
            )
            .await
        }
        Err(error @ ApiError::Conflict(_)) => {
            let problem = Some(v.said(&error));
            edition_page(
                &v,
                StatusCode::CONFLICT,
                id,
                PhaseRefusal {
                    problem,
                    ..PhaseRefusal::default()
                },
            )
            .await
        }
        Err(other) => Err(v.fail(other)),
    }
}

/// Changes the edition's schedule, times written in its own zone.
pub async fn update_schedule(
    v: Visitor,
    id: web::Path<String>,
    form: web::Form<Vec<(String, String)>>,
) -> PageResult {
    let fields = form.into_inner();
    v.check_form(field(&fields, "csrf"))?;
    let caller = require_admin(&v)?;
    let id = id.into_inner();
    let text = |name: &str| Some(field(&fields, name).trim().to_owned()).filter(|s| !s.is_empty());
    let input = EditionInput {
        schedule: Some(ScheduleInput {
            submissions_open_at: text("buka"),
            submissions_close_at: text("tutup"),
            judging_start_at: text("penjurian"),
            results_at: text("hasil"),
        }),
        version: field(&fields, "version").trim().parse().ok(),
        ..EditionInput::default()
    };
    match setup::update(v.state(), caller, id.clone(), input).await {
        Ok(_) => Ok(v
            .redirect(
                &format!("/kantor/edisi/{id}#jadwal"),
                Some(Flash::ok("flash-schedule-saved")),
            )
            .finish()),
        Err(error @ (ApiError::Validation(_) | ApiError::Conflict(_))) => {
            let mut schedule_errors = BTreeMap::new();
            for (field, message) in v.field_messages(&error) {
                let name = match field.as_str() {
                    "schedule.submissions_open_at" => "buka",
                    "schedule.submissions_close_at" => "tutup",
                    "schedule.judging_start_at" => "penjurian",
                    "schedule.results_at" => "hasil",
                    _ => "jadwal",
                };
                schedule_errors.insert(name.to_owned(), message);
            }
            let problem = if schedule_errors.is_empty() {
                v.said(&error)
            } else {
                v.text("office-fix-marked")
            };
            edition_page(
                &v,
                StatusCode::UNPROCESSABLE_ENTITY,
                id,
                PhaseRefusal {
                    problem: Some(problem),
                    schedule_errors,
                    ..PhaseRefusal::default()
                },
            )
            .await
        }
        Err(other) => Err(v.fail(other)),
    }
}
