//! Sending an entry: a page that lists every value and document about to
//! be sent, names what is still missing (each linked to its field), and
//! asks to confirm with the category and the deadline named; then the
//! receipt, with its reference number and time, which the entrant also
//! receives by email. Withdrawing and taking a withdrawn entry back, each
//! after its own confirmation. They call `entries::submission`, as the API
//! does.

use actix_web::http::StatusCode;
use actix_web::web;
use minijinja::context;

use super::deadline;
use super::form::read_entry;
use crate::entries::change::Expected;
use crate::entries::reading::EntryRead;
use crate::entries::status::Status;
use crate::entries::submission;
use crate::error::ApiError;
use crate::web::autosave::{field, posted_version};
use crate::web::entry_fields::{Shown, pick, sections, still_missing};
use crate::web::format;
use crate::web::page::{Flash, PageResult, Visitor};

fn confirm_page(
    v: &Visitor,
    status: StatusCode,
    read: &EntryRead,
    problem: Option<String>,
) -> PageResult {
    let lang = v.lang;
    v.render_status(
        status,
        "entry_submit.html",
        context! {
            id => &read.entry.id,
            organisation => &read.entry.organisation.name,
            category => pick(lang, &read.category.name_id, &read.category.name_en),
            edition => &read.edition.name,
            deadline => minijinja::value::Serde(deadline(lang, &read.edition)),
            version => read.entry.version,
            sections => minijinja::value::Serde(&sections(v, read, &Shown::default())),
            missing => minijinja::value::Serde(&still_missing(lang, read)),
            problem => problem,
        },
    )
}

/// Whether the entry is one the entrant can send now.
fn sendable(read: &EntryRead) -> bool {
    read.changeable() && matches!(read.entry.status, Status::Draft | Status::Returned)
}

pub async fn confirm(v: Visitor, id: web::Path<String>) -> PageResult {
    let read = read_entry(&v, id.into_inner()).await?;
    if !sendable(&read) {
        return Ok(v
            .redirect(&format!("/entri/{}", read.entry.id), None)
            .finish());
    }
    confirm_page(&v, StatusCode::OK, &read, None)
}

/// Sends the entry at the version the confirmation showed; a refusal
/// comes back to the confirmation with what is missing.
pub async fn send(
    v: Visitor,
    id: web::Path<String>,
    form: web::Form<Vec<(String, String)>>,
) -> PageResult {
    let fields = form.into_inner();
    v.check_form(field(&fields, "csrf"))?;
    let caller = v.require_caller()?.clone();
    let id = id.into_inner();
    let expected = Expected {
        version: posted_version(&fields),
        precondition: true,
    };
    match submission::submit(v.state(), caller, id.clone(), expected).await {
        Ok(_) => Ok(v
            .redirect(
                &format!("/entri/{id}/tanda-terima"),
                Some(Flash::ok("flash-entry-submitted")),
            )
            .finish()),
        Err(error) => {
            let (status, problem) = match &error {
                ApiError::PreconditionFailed => {
                    (StatusCode::CONFLICT, v.text("entry-submit-changed"))
                }
                ApiError::Validation(_) | ApiError::Refused(..) => (
                    StatusCode::UNPROCESSABLE_ENTITY,
                    v.text("entry-submit-missing"),
                ),
                ApiError::Conflict(_) => (StatusCode::CONFLICT, v.said(&error)),
                _ => return Err(v.fail(error)),
            };
            let read = read_entry(&v, id).await?;
            confirm_page(&v, status, &read, Some(problem))
        }
    }
}

/// The receipt of a sent entry: its reference and time, and what was sent.
pub async fn receipt(v: Visitor, id: web::Path<String>) -> PageResult {
    let read = read_entry(&v, id.into_inner()).await?;
    let entry = &read.entry;
    let Some(at) = entry.submitted_at.filter(|_| entry.status != Status::Draft) else {
        return Ok(v.redirect(&format!("/entri/{}", entry.id), None).finish());
    };
    let lang = v.lang;
    v.render(
        "entry_receipt.html",
        context! {
            id => &entry.id,
            organisation => &entry.organisation.name,
            category => pick(lang, &read.category.name_id, &read.category.name_en),
            edition => &read.edition.name,
            reference => submission::reference(&entry.id, at, read.edition.zone()),
            at => format::instant(lang, read.edition.zone(), at),
            email => v.caller.as_ref().map(|c| c.email.clone()),
            sections => minijinja::value::Serde(&sections(&v, &read, &Shown::default())),
        },
    )
}

/// Withdraws the entry, with the entrant's reason if given, after the
/// confirmation on its page.
pub async fn withdraw(
    v: Visitor,
    id: web::Path<String>,
    form: web::Form<Vec<(String, String)>>,
) -> PageResult {
    let fields = form.into_inner();
    v.check_form(field(&fields, "csrf"))?;
    let caller = v.require_caller()?.clone();
    let id = id.into_inner();
    let reason = Some(field(&fields, "alasan").trim().to_owned()).filter(|r| !r.is_empty());
    let expected = Expected {
        version: posted_version(&fields),
        precondition: false,
    };
    submission::withdraw(v.state(), caller, id.clone(), expected, reason)
        .await
        .map_err(|e| v.fail(e))?;
    Ok(v.redirect(
        &format!("/entri/{id}"),
        Some(Flash::ok("flash-entry-withdrawn")),
    )
    .finish())
}

/// Takes a withdrawn entry back to draft.
pub async fn reopen(
    v: Visitor,
    id: web::Path<String>,
    form: web::Form<Vec<(String, String)>>,
) -> PageResult {
    let fields = form.into_inner();
    v.check_form(field(&fields, "csrf"))?;
    let caller = v.require_caller()?.clone();
    let id = id.into_inner();
    let expected = Expected {
        version: posted_version(&fields),
        precondition: false,
    };
    submission::reopen(v.state(), caller, id.clone(), expected)
        .await
        .map_err(|e| v.fail(e))?;
    Ok(v.redirect(
        &format!("/entri/{id}"),
        Some(Flash::ok("flash-entry-reopened")),
    )
    .finish())
}
