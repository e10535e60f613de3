//! The queries behind the admins' view of an edition's outgoing email.

use diesel::prelude::*;

use super::Status;
use super::outbox::Email;
use crate::db::DbConnection;
use crate::db::schema::outbox_emails;
use crate::error::ApiError;
use crate::pagination::Paging;

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
