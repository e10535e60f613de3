//! One entry's page, `/entri/{id}`: the category's indicator form in its
//! sections, each field with its label, help, unit and bounds and the input
//! its type needs, what is still missing before it can be sent, and its
//! evidence. Without JavaScript the Save button posts and the page comes
//! back; with it, `entry.js` saves every change through [`autosave`]. Both
//! change the values through `entries::drafting::update_values`, checked
//! against the version the page was read at, as the API does. A refused
//! value is shown beside its field with what was typed; a save refused
//! because the entry changed elsewhere shows both versions.

use std::collections::BTreeMap;

use actix_web::http::StatusCode;
use actix_web::{HttpResponse, web};
use minijinja::context;
use serde::Serialize;

use super::deadline;
use crate::auth::Caller;
use crate::categories::form::{FieldType, IndicatorField};
use crate::entries::access::Access;
use crate::entries::change::Expected;
use crate::entries::drafting::{self, TypedSave};
use crate::entries::reading::{self, EntryRead};
use crate::entries::status::Status;
use crate::entries::values::Values;
use crate::error::ApiError;
use crate::i18n::Lang;
use crate::web::autosave::{
    Answer, clock, failed, field, posted_version, signed_out, token_refused,
};
use crate::web::entry_fields::{Shown, file_lines, pick, sections, shown, still_missing};
use crate::web::format;
use crate::web::page::{Flash, PageError, PageResult, Visitor};

/// A posted value's name: `nilai.{key}`.
const VALUE: &str = "nilai.";

/// Why a posted form came back: what the fields hold beyond what is
/// saved, and the message at the top.
#[derive(Default)]
pub(super) struct Refusal {
    pub shown: Shown,
    pub problem: Option<String>,
}

/// The words `entry.js` shows, in the reader's language.
fn script_texts(v: &Visitor) -> BTreeMap<&'static str, String> {
    [
        ("saving", "autosave-saving"),
        ("saved", "autosave-saved"),
        ("unsaved", "autosave-unsaved"),
        ("offline", "autosave-offline"),
        ("failed", "autosave-failed"),
        ("signedOut", "autosave-signed-out"),
        ("signIn", "autosave-sign-in"),
        ("conflict", "entry-form-conflict-choose"),
        ("savedElsewhere", "entry-form-saved-elsewhere"),
        ("savedEmpty", "entry-form-saved-empty"),
        ("keepMine", "autosave-keep-mine"),
        ("takeSaved", "autosave-take-saved"),
        ("filled", "entry-form-filled"),
    ]
    .into_iter()
    .map(|(name, id)| (name, v.text(id)))
    .chain(
        [
            ("tooLarge", "evidence-too-large-named"),
            ("sending", "evidence-sending"),
            ("stored", "evidence-stored"),
            ("uploadFailed", "evidence-failed"),
        ]
        .map(|(name, id)| {
            // Templates the script fills in: {name}, {size}, {max}, {reason}.
            let holes = ["name", "size", "max", "reason"].map(|h| (h, format!("{{{h}}}")));
            (name, v.text_with(id, &holes))
        }),
    )
    .collect()
}

/// The entry's published place and score, as the page shows them.
#[derive(Serialize)]
struct Outcome {
    /// "Juara 1", "Peringkat 5 dari 40", or why it has no place.
    place: String,
    winner: bool,
    total: Option<String>,
    published_at: String,
    breakdown: Vec<BreakdownLine>,
}

#[derive(Serialize)]
struct BreakdownLine {
    name: String,
    depth: usize,
    score: Option<String>,
}

fn outcome(v: &Visitor, read: &EntryRead) -> Option<Outcome> {
    let lang = v.lang;
    let o = read.outcome.as_ref()?;
    let winner = o
        .rank
        .is_some_and(|r| i32::try_from(r).is_ok_and(|r| r <= o.winners_count));
    let place = match o.rank {
        Some(rank) if winner => v.text_with("entry-result-winner", &[("place", rank.to_string())]),
        Some(rank) => v.text_with(
            "entry-result-ranked",
            &[("rank", rank.to_string()), ("ranked", o.ranked.to_string())],
        ),
        None => v.text("entry-result-unranked"),
    };
    let place = if o.tied {
        format!("{place} {}", v.text("entry-result-tied"))
    } else {
        place
    };
    let decimal = |text: &String| match lang {
        Lang::Id => text.replace('.', ","),
        Lang::En => text.clone(),
    };
    Some(Outcome {
        place,
        winner,
        total: o.total.as_ref().map(decimal),
        published_at: format::instant(lang, read.edition.zone(), o.published_at),
        breakdown: o
            .breakdown
            .iter()
            .map(|line| BreakdownLine {
                name: pick(lang, &line.name_id, &line.name_en),
                depth: line.depth,
                score: line.score.as_ref().map(decimal),
            })
            .collect(),
    })
}

pub(super) fn entry_page(
    v: &Visitor,
    status: StatusCode,
    read: &EntryRead,
    refusal: &Refusal,
) -> PageResult {
    let lang = v.lang;
    let entry = &read.entry;
    let zone = read.edition.zone();
    let sections = sections(v, read, &refusal.shown);
    let total: usize = sections.iter().map(|s| s.total).sum();
    let done: usize = sections.iter().map(|s| s.done).sum();
    v.render_status(
        status,
        "entry.html",
        context! {
            id => &entry.id,
            organisation => &entry.organisation.name,
            category => pick(lang, &read.category.name_id, &read.category.name_en),
            edition => &read.edition.name,
            status => entry.status.as_str(),
            returned => entry.status == Status::Returned,
            note => &entry.check_note,
            deadline => minijinja::value::Serde(deadline(lang, &read.edition)),
            changeable => read.changeable(),
            reopenable => read.access == Access::Entrant
                && entry.status == Status::Withdrawn
                && read.edition.accepts_submissions(crate::db::now()),
            submittable => read.changeable() && matches!(entry.status, Status::Draft | Status::Returned),
            version => entry.version,
            saved_at => (entry.version > 1).then(|| format::instant(lang, zone, entry.updated_at)),
            submitted_at => entry.submitted_at.map(|at| format::instant(lang, zone, at)),
            sections => minijinja::value::Serde(&sections),
            done => done,
            total => total,
            missing => minijinja::value::Serde(&still_missing(lang, read)),
            problem => &refusal.problem,
            conflict => refusal.shown.conflict,
            texts => minijinja::value::Serde(&script_texts(v)),
            files => minijinja::value::Serde(&file_lines(lang, read, None)),
            outcome => minijinja::value::Serde(&outcome(v, read)),
            removable => read.changeable() && entry.status.files_removable(),
            documents => minijinja::value::Serde(&read.category.form.iter()
                .filter(|f| f.field_type == FieldType::Document)
                .map(|f| (f.key.clone(), pick(lang, &f.label_id, &f.label_en)))
                .collect::<Vec<_>>()),
            max_bytes => v.state().settings.files.max_upload_bytes,
            max_size => format::size(lang, v.state().settings.files.max_upload_bytes as i64),
        },
    )
}

pub(super) async fn read_entry(v: &Visitor, id: String) -> Result<EntryRead, PageError> {
    let caller = v.require_caller()?.clone();
    reading::full(v.state(), caller, id)
        .await
        .map_err(|e| v.fail(e))
}

pub async fn page(v: Visitor, id: web::Path<String>) -> PageResult {
    let read = read_entry(&v, id.into_inner()).await?;
    entry_page(&v, StatusCode::OK, &read, &Refusal::default())
}

/// The values posted for the form's fields (`nilai.{key}`), as typed. A
/// yes/no not answered is not posted, and stays as it is.
fn typed_values(fields: &[(String, String)]) -> Vec<(String, String)> {
    fields
        .iter()
        .filter_map(|(name, text)| {
            name.strip_prefix(VALUE)
                .map(|key| (key.to_owned(), text.clone()))
        })
        .collect()
}

/// The refused fields of an operation's answer, by indicator key.
fn refused_fields(v: &Visitor, error: Option<&ApiError>) -> BTreeMap<String, String> {
    error
        .map(|error| v.field_messages(error))
        .unwrap_or_default()
        .into_iter()
        .filter_map(|(field, text)| {
            field
                .strip_prefix("values.")
                .map(|key| (key.to_owned(), text))
        })
        .collect()
}

/// Saves what of the posted values can be read, at the version the page
/// was read at.
async fn save(
    v: &Visitor,
    caller: Caller,
    id: &str,
    fields: &[(String, String)],
) -> Result<TypedSave, ApiError> {
    drafting::save_typed(
        v.state(),
        caller,
        id.to_owned(),
        Expected {
            version: posted_version(fields),
            // A stale version is told apart from the entry's other conflicts.
            precondition: true,
        },
        typed_values(fields),
    )
    .await
}

/// The form's post, without JavaScript: saves what can be read, then
/// comes back to the form (or goes on to sending it, when the button said
/// so); a field that cannot be read comes back beside its field as typed.
pub async fn post(
    v: Visitor,
    id: web::Path<String>,
    form: web::Form<Vec<(String, String)>>,
) -> PageResult {
    let fields = form.into_inner();
    v.check_form(field(&fields, "csrf"))?;
    let caller = v.require_caller()?.clone();
    let id = id.into_inner();
    let typed: BTreeMap<String, String> = typed_values(&fields).into_iter().collect();
    let (status, problem, conflict, errors) = match save(&v, caller, &id, &fields).await {
        Ok(TypedSave {
            unreadable: None, ..
        }) => {
            let to = match field(&fields, "aksi") {
                "kirim" => format!("/entri/{id}/kirim"),
                _ => format!("/entri/{id}"),
            };
            return Ok(v
                .redirect(&to, Some(Flash::ok("flash-entry-saved")))
                .finish());
        }
        Ok(TypedSave {
            unreadable: Some(error),
            ..
        }) => (
            StatusCode::UNPROCESSABLE_ENTITY,
            v.text("entry-form-fix-marked"),
            false,
            refused_fields(&v, Some(&error)),
        ),
        Err(ApiError::PreconditionFailed) => (
            StatusCode::CONFLICT,
            v.text("entry-form-conflict"),
            true,
            BTreeMap::new(),
        ),
        Err(error @ (ApiError::Validation(_) | ApiError::Refused(..))) => {
            let errors = refused_fields(&v, Some(&error));
            let problem = if errors.is_empty() {
                v.said(&error)
            } else {
                v.text("entry-form-fix-marked")
            };
            (StatusCode::UNPROCESSABLE_ENTITY, problem, false, errors)
        }
        Err(error @ ApiError::Conflict(_)) => {
            (StatusCode::CONFLICT, v.said(&error), false, BTreeMap::new())
        }
        Err(other) => return Err(v.fail(other)),
    };
    // Read again: what was saved of the rest, and the version now.
    let read = read_entry(&v, id).await?;
    entry_page(
        &v,
        status,
        &read,
        &Refusal {
            shown: Shown {
                typed,
                errors,
                conflict,
            },
            problem: Some(problem),
        },
    )
}

/// The values as saved, as the form's inputs show them.
fn saved_texts(lang: Lang, form: &[IndicatorField], values: &Values) -> BTreeMap<String, String> {
    form.iter()
        .filter(|f| f.field_type != FieldType::Document)
        .map(|f| (f.key.clone(), shown(lang, f, values.get(&f.key))))
        .collect()
}

type EntryAnswer = Answer<BTreeMap<String, String>>;

/// The entry as saved, with a fresh form token: what the script reads
/// after signing in again or to settle a conflict.
pub async fn current(v: Visitor, id: web::Path<String>) -> HttpResponse {
    let Some(caller) = v.caller.clone() else {
        return signed_out(&v);
    };
    match reading::full(v.state(), caller, id.into_inner()).await {
        Ok(read) => v.json(
            StatusCode::OK,
            &EntryAnswer {
                version: Some(read.entry.version),
                saved: Some(saved_texts(v.lang, &read.category.form, &read.entry.values)),
                csrf: Some(v.csrf()),
                ..Answer::outcome("current")
            },
        ),
        Err(error) => failed(&v, &error),
    }
}

/// An autosave from the page's script: the same fields as the post,
/// saved at the version the page holds, answered in JSON. What can be read
/// is saved; what cannot is named beside its field.
pub async fn autosave(
    v: Visitor,
    id: web::Path<String>,
    form: web::Form<Vec<(String, String)>>,
) -> HttpResponse {
    let Some(caller) = v.caller.clone() else {
        return signed_out(&v);
    };
    let fields = form.into_inner();
    if !v.form_token_ok(field(&fields, "csrf")) {
        return token_refused(&v);
    }
    let id = id.into_inner();
    let invalid = |error: &ApiError, saved: Option<&TypedSave>| {
        v.json(
            StatusCode::UNPROCESSABLE_ENTITY,
            &EntryAnswer {
                message: Some(v.text("entry-form-fix-marked")),
                fields: refused_fields(&v, Some(error)),
                version: saved.map(|s| s.entry.version),
                saved_at: saved.map(|s| clock(&v, s.zone, s.entry.updated_at)),
                ..Answer::outcome("invalid")
            },
        )
    };
    match save(&v, caller.clone(), &id, &fields).await {
        Ok(saved) => match &saved.unreadable {
            Some(error) => invalid(error, Some(&saved)),
            None => v.json(
                StatusCode::OK,
                &EntryAnswer {
                    version: Some(saved.entry.version),
                    saved_at: Some(clock(&v, saved.zone, saved.entry.updated_at)),
                    ..Answer::outcome("saved")
                },
            ),
        },
        Err(ApiError::PreconditionFailed) => {
            // Read what is saved now, so that the page shows both versions.
            let now = reading::full(v.state(), caller, id).await.ok();
            v.json(
                StatusCode::CONFLICT,
                &EntryAnswer {
                    message: Some(v.text("entry-form-conflict")),
                    version: now.as_ref().map(|r| r.entry.version),
                    saved: now
                        .as_ref()
                        .map(|r| saved_texts(v.lang, &r.category.form, &r.entry.values)),
                    ..Answer::outcome("conflict")
                },
            )
        }
        Err(error @ (ApiError::Validation(_) | ApiError::Refused(..))) => invalid(&error, None),
        Err(error @ ApiError::Conflict(_)) => v.json(
            StatusCode::CONFLICT,
            &EntryAnswer {
                message: Some(v.said(&error)),
                ..Answer::outcome("locked")
            },
        ),
        Err(ApiError::Unauthenticated(_)) => signed_out(&v),
        Err(other) => failed(&v, &other),
    }
}
