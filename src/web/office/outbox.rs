//! An edition's outgoing email in the office: how many are queued, sent
//! and failed, each email with where it stands and why one has not gone,
//! filtered by state and paged, and a failed one sent again. They call
//! `mail::outbox`, as the API does.

use actix_web::web;
use minijinja::context;
use serde::{Deserialize, Serialize};

use super::require_admin;
use crate::editions::setup;
use crate::mail::outbox::{self, EmailFilter};
use crate::pagination::PageParams;
use crate::web::autosave::field;
use crate::web::format;
use crate::web::page::{Flash, PageResult, Visitor};

const PER_PAGE: i64 = 50;

#[derive(Deserialize)]
pub struct OutboxQuery {
    status: Option<String>,
    halaman: Option<i64>,
}

#[derive(Serialize)]
struct Line {
    id: String,
    kind: String,
    recipient: String,
    subject: String,
    status: String,
    attempts: i32,
    error: Option<String>,
    /// When it was sent, or when it is tried next.
    when: String,
}

pub async fn page(v: Visitor, id: web::Path<String>, query: web::Query<OutboxQuery>) -> PageResult {
    let caller = require_admin(&v)?;
    let id = id.into_inner();
    let edition = setup::get_administered(v.state(), caller.clone(), id.clone())
        .await
        .map_err(|e| v.fail(e))?;
    let status = query.status.clone().filter(|s| !s.is_empty());
    let list = outbox::list(
        v.state(),
        caller,
        id.clone(),
        EmailFilter {
            status: status.clone(),
        },
        PageParams {
            page: query.halaman,
            per_page: Some(PER_PAGE),
        },
    )
    .await
    .map_err(|e| v.fail(e))?;
    let zone = edition.time_zone;
    let lines: Vec<Line> = list
        .page
        .items
        .iter()
        .map(|e| Line {
            id: e.id.clone(),
            kind: e.kind.clone(),
            recipient: e.recipient.clone(),
            subject: e.subject.clone(),
            status: e.status.clone(),
            attempts: e.attempts,
            error: e.last_error.clone(),
            when: format::instant(v.lang, zone, e.sent_at.unwrap_or(e.next_attempt_at)),
        })
        .collect();
    let pages = ((list.page.total + PER_PAGE - 1) / PER_PAGE).max(1);
    v.render(
        "office_outbox.html",
        context! {
            id => &edition.id,
            name => &edition.name,
            counts => minijinja::value::Serde(&list.counts),
            emails => minijinja::value::Serde(&lines),
            status => status.unwrap_or_default(),
            page => list.page.page,
            pages => pages,
        },
    )
}

/// Sends a failed email again.
pub async fn retry(
    v: Visitor,
    path: web::Path<(String, String)>,
    form: web::Form<Vec<(String, String)>>,
) -> PageResult {
    let fields = form.into_inner();
    v.check_form(field(&fields, "csrf"))?;
    let caller = require_admin(&v)?;
    let (id, email) = path.into_inner();
    outbox::retry(v.state(), caller, id.clone(), email)
        .await
        .map_err(|e| v.fail(e))?;
    Ok(v.redirect(
        &format!("/kantor/edisi/{id}/email?status=failed"),
        Some(Flash::ok("flash-email-requeued")),
    )
    .finish())
}
