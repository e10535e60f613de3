//! The queries behind the admins' view of an edition's outgoing email.

use diesel::prelude::*;

use super::Status;
use crate::db::DbConnection;
use crate::db::schema::outbox_emails;
use crate::error::ApiError;
use crate::pagination::Paging;
use chrono::NaiveDateTime;
use serde::Serialize;
use utoipa::ToSchema;

/// An email as its edition's admins see it (its text is not repeated here).
#[derive(Debug, Clone, Serialize, ToSchema, Queryable)]
pub struct Email {
    pub id: String,
    /// What it tells of, e.g. `results.published`.
    pub kind: String,
    pub recipient: String,
    pub subject: String,
    /// `queued`, `sent` or `failed`.
    pub status: String,
    /// Tries so far.
    pub attempts: i32,
    /// The SMTP server's last refusal or the connection's failure.
    pub last_error: Option<String>,
    #[serde(serialize_with = "crate::instant::utc")]
    pub created_at: NaiveDateTime,
    /// When a queued email is tried next.
    #[serde(serialize_with = "crate::instant::utc")]
    pub next_attempt_at: NaiveDateTime,
    #[serde(serialize_with = "crate::instant::utc_option")]
    pub sent_at: Option<NaiveDateTime>,
}

/// How many of the edition's emails are in each state.
pub fn count_by_status(
    conn: &mut DbConnection,
    edition_id: &str,
) -> Result<Vec<(String, i64)>, ApiError> {
    Ok(outbox_emails::table
        .filter(outbox_emails::edition_id.eq(edition_id))
        .group_by(outbox_emails::status)
        .select((outbox_emails::status, diesel::dsl::count_star()))
        .load(conn)?)
}

/// One page of the edition's emails, oldest first, in one state or all.
pub fn page(
    conn: &mut DbConnection,
    edition_id: &str,
    status: Option<Status>,
    paging: Paging,
) -> Result<Vec<Email>, ApiError> {
    let mut query = outbox_emails::table
        .filter(outbox_emails::edition_id.eq(edition_id))
        .into_boxed();
    if let Some(status) = status {
        query = query.filter(outbox_emails::status.eq(status.as_str()));
    }
    Ok(query
        .order((outbox_emails::created_at, outbox_emails::recipient))
        .offset(paging.offset())
        .limit(paging.per_page)
        .select((
            outbox_emails::id,
            outbox_emails::kind,
            outbox_emails::recipient,
            outbox_emails::subject,
            outbox_emails::status,
            outbox_emails::attempts,
            outbox_emails::last_error,
            outbox_emails::created_at,
            outbox_emails::next_attempt_at,
            outbox_emails::sent_at,
        ))
        .load(conn)?)
}

/// Puts a failed email of the edition back in the queue, to be tried at
/// once with its tries counted afresh; false when there is no such failed
/// email.
pub fn requeue(conn: &mut DbConnection, edition_id: &str, id: &str) -> Result<bool, ApiError> {
    let changed = diesel::update(
        outbox_emails::table
            .filter(outbox_emails::id.eq(id))
            .filter(outbox_emails::edition_id.eq(edition_id))
            .filter(outbox_emails::status.eq(Status::Failed.as_str())),
    )
    .set((
        outbox_emails::status.eq(Status::Queued.as_str()),
        outbox_emails::attempts.eq(0),
        outbox_emails::next_attempt_at.eq(crate::db::now()),
        outbox_emails::claim_token.eq(None::<String>),
        outbox_emails::claimed_until.eq(None::<NaiveDateTime>),
    ))
    .execute(conn)?;
    Ok(changed == 1)
}

/// The state of one of the edition's emails, if it has that email.
pub fn status_of(
    conn: &mut DbConnection,
    edition_id: &str,
    id: &str,
) -> Result<Option<String>, ApiError> {
    Ok(outbox_emails::table
        .filter(outbox_emails::id.eq(id))
        .filter(outbox_emails::edition_id.eq(edition_id))
        .select(outbox_emails::status)
        .first(conn)
        .optional()?)
}
