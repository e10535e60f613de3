//! What the admins of an edition see of its outgoing email: every email,
//! where it stands, and why one has not gone.

use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};

pub use super::store::Email;
use super::{Status, store};
use crate::auth::Caller;
use crate::editions::access::administered;
use crate::error::{ApiError, Msg};
use crate::pagination::{Page, PageParams};
use crate::state::AppState;

/// How many of the edition's emails are queued, sent and failed.
#[derive(Debug, Clone, Default, Serialize, ToSchema)]
pub struct EmailCounts {
    pub queued: i64,
    pub sent: i64,
    pub failed: i64,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct EmailList {
    pub counts: EmailCounts,
    #[serde(flatten)]
    pub page: Page<Email>,
}

#[derive(Debug, Default, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct EmailFilter {
    /// Only emails in this state: `queued`, `sent` or `failed`.
    pub status: Option<String>,
}

/// The outgoing email of an edition the caller administers, oldest first,
/// with counts by state.
pub async fn list(
    state: &AppState,
    caller: Caller,
    edition_id: String,
    filter: EmailFilter,
    page: PageParams,
) -> Result<EmailList, ApiError> {
    caller.require_admin()?;
    let paging = page.parse()?;
    let status = match filter.status.as_deref() {
        None | Some("") => None,
        Some(raw) => Some(Status::parse(raw).ok_or_else(|| {
            ApiError::field("status", "invalid", Msg::said("outbox-state-unknown"))
        })?),
    };
    let id = edition_id;
    state
        .db
        .run(move |conn| {
            administered(conn, &caller, &id)?;
            let mut counts = EmailCounts::default();
            for (status, count) in store::count_by_status(conn, &id)? {
                match Status::parse(&status) {
                    Some(Status::Queued) => counts.queued = count,
                    Some(Status::Sent) => counts.sent = count,
                    Some(Status::Failed) => counts.failed = count,
                    None => {}
                }
            }
            let items = store::page(conn, &id, status, paging)?;
            let total = match status {
                Some(Status::Queued) => counts.queued,
                Some(Status::Sent) => counts.sent,
                Some(Status::Failed) => counts.failed,
                None => counts.queued + counts.sent + counts.failed,
            };
            Ok(EmailList {
                counts,
                page: Page::new(items, total, paging),
            })
        })
        .await
}

/// Sends a failed email of an edition the caller administers again: back
/// in the queue, tried at once, with its tries counted afresh. Recorded in
/// the audit log.
pub async fn retry(
    state: &AppState,
    caller: Caller,
    edition_id: String,
    email_id: String,
) -> Result<(), ApiError> {
    caller.require_admin()?;
    state
        .db
        .write(move |conn| {
            let edition = administered(conn, &caller, &edition_id)?;
            if store::status_of(conn, &edition_id, &email_id)?.is_none() {
                return Err(ApiError::not_found("outbox-email-not-found"));
            }
            if !store::requeue(conn, &edition_id, &email_id)? {
                return Err(ApiError::Conflict(Msg::said("outbox-retry-failed-only")));
            }
            crate::audit::record(
                conn,
                &caller.actor(),
                crate::audit::Change {
                    action: "email.retry",
                    object_type: "email",
                    object_id: &email_id,
                    province_code: edition.province_code.as_deref(),
                    before: Some(serde_json::json!({"status": "failed"})),
                    after: Some(serde_json::json!({"status": "queued"})),
                },
            )
        })
        .await
}
