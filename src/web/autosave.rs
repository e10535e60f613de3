//! What the pages that save as their reader types (the judge's scoresheet,
//! the entrant's entry form) share: reading a posted form, and the JSON
//! answer their scripts read after an autosave or a read of what is saved.
//! Each page says what "saved" holds; the outcomes are the same.

use std::collections::BTreeMap;

use actix_web::HttpResponse;
use actix_web::http::StatusCode;
use serde::Serialize;

use super::format;
use super::page::Visitor;
use crate::editions::domain::Zone;
use crate::error::ApiError;

/// A posted form's value, empty when it was not sent.
pub fn field<'a>(fields: &'a [(String, String)], name: &str) -> &'a str {
    fields
        .iter()
        .find(|(k, _)| k == name)
        .map_or("", |(_, v)| v.as_str())
}

/// The version the form was read at. A form without it is taken as read
/// before any save: it overwrites nothing saved since, it conflicts.
pub fn posted_version(fields: &[(String, String)]) -> i32 {
    field(fields, "version").trim().parse().unwrap_or(0)
}

/// What a page's script is told after an autosave or a read. `S` is what
/// the page calls saved: the marks of a sheet, the values of an entry.
#[derive(Serialize)]
pub struct Answer<S> {
    /// `saved`, `current`, `invalid`, `conflict`, `locked`, `signed_out`,
    /// `token` or `failed`.
    pub outcome: &'static str,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub version: Option<i32>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub saved_at: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub message: Option<String>,
    /// Refused fields by key, with the reason.
    #[serde(skip_serializing_if = "BTreeMap::is_empty")]
    pub fields: BTreeMap<String, String>,
    /// What is saved, by key (after a conflict, and on a read).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub saved: Option<S>,
    /// A fresh form token (on a read, after signing in again).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub csrf: Option<String>,
}

impl<S> Answer<S> {
    pub fn outcome(outcome: &'static str) -> Answer<S> {
        Answer {
            outcome,
            version: None,
            saved_at: None,
            message: None,
            fields: BTreeMap::new(),
            saved: None,
            csrf: None,
        }
    }
}

/// The time of a save, as the page shows it: `10.32 WIB`.
pub fn clock(v: &Visitor, zone: Zone, at: chrono::NaiveDateTime) -> String {
    let full = format::instant(v.lang, zone, at);
    // The date is today's; the time and zone are what the reader needs.
    full.rsplitn(3, ' ')
        .take(2)
        .collect::<Vec<_>>()
        .into_iter()
        .rev()
        .collect::<Vec<_>>()
        .join(" ")
}

/// The session has ended: the script keeps what was typed and asks the
/// reader to sign in again.
pub fn signed_out(v: &Visitor) -> HttpResponse {
    v.json(
        StatusCode::UNAUTHORIZED,
        &Answer::<()> {
            message: Some(v.text("autosave-signed-out")),
            ..Answer::outcome("signed_out")
        },
    )
}

/// The form's token is stale (signed in again since): the script reads a
/// fresh one and sends again.
pub fn token_refused(v: &Visitor) -> HttpResponse {
    v.json(StatusCode::FORBIDDEN, &Answer::<()>::outcome("token"))
}

/// Answers the script with what an operation refused.
pub fn failed(v: &Visitor, error: &ApiError) -> HttpResponse {
    if matches!(error, ApiError::Internal(_) | ApiError::Unavailable(_)) {
        tracing::error!(%error, "autosave failed");
    }
    v.json(
        actix_web::ResponseError::status_code(error),
        &Answer::<()> {
            message: Some(v.said(error)),
            ..Answer::outcome("failed")
        },
    )
}
