//! What the admins of an edition see of its outgoing email: every email,
//! where it stands, and why one has not gone.

use actix_web::{HttpResponse, web};
use chrono::NaiveDateTime;
use diesel::prelude::*;
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};

use super::Status;
use crate::auth::Caller;
use crate::db::schema::outbox_emails;
use crate::editions::access::administered;
use crate::error::{ApiError, Msg, Problem};
use crate::pagination::{Page, PageParams};
use crate::state::AppState;

pub fn configure(cfg: &mut web::ServiceConfig) {
    cfg.service(crate::http::resource("/editions/{id}/emails").route(web::get().to(list_emails)));
}

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

/// The edition's outgoing email, oldest first, with counts by state.
#[utoipa::path(
    get, path = "/api/v1/editions/{id}/emails", tag = "results",
    params(("id" = String, Path), EmailFilter, PageParams),
    responses(
        (status = 200, description = "The edition's emails", body = EmailList),
        (status = 422, description = "An unknown state or page out of range (listed in `errors`)", body = Problem, content_type = "application/problem+json"),
        (status = 401, description = "Not signed in", body = Problem, content_type = "application/problem+json"),
        (status = 403, description = "Not an admin of this edition", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "No such edition visible to you", body = Problem, content_type = "application/problem+json"),
    ),
    security(("bearer" = []))
)]
pub async fn list_emails(
    caller: Caller,
    state: web::Data<AppState>,
    id: web::Path<String>,
    filter: web::Query<EmailFilter>,
    page: web::Query<PageParams>,
) -> Result<HttpResponse, ApiError> {
    caller.require_admin()?;
    let paging = page.into_inner().parse()?;
    let status = match filter.into_inner().status.as_deref() {
        None | Some("") => None,
        Some(raw) => Some(Status::parse(raw).ok_or_else(|| {
            ApiError::field(
                "status",
                "invalid",
                Msg::new(
                    "Status surel harus queued, sent atau failed.",
                    "The email state must be queued, sent or failed.",
                ),
            )
        })?),
    };
    let id = id.into_inner();
    let list = state
        .db
        .run(move |conn| {
            administered(conn, &caller, &id)?;
            let mut counts = EmailCounts::default();
            let by_status: Vec<(String, i64)> = outbox_emails::table
                .filter(outbox_emails::edition_id.eq(&id))
                .group_by(outbox_emails::status)
                .select((outbox_emails::status, diesel::dsl::count_star()))
                .load(conn)?;
            for (status, count) in by_status {
                match Status::parse(&status) {
                    Some(Status::Queued) => counts.queued = count,
                    Some(Status::Sent) => counts.sent = count,
                    Some(Status::Failed) => counts.failed = count,
                    None => {}
                }
            }
            let mut query = outbox_emails::table
                .filter(outbox_emails::edition_id.eq(&id))
                .into_boxed();
            if let Some(status) = status {
                query = query.filter(outbox_emails::status.eq(status.as_str()));
            }
            let items: Vec<Email> = query
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
                .load(conn)?;
            let total = match status {
                Some(Status::Queued) => counts.queued,
                Some(Status::Sent) => counts.sent,
                Some(Status::Failed) => counts.failed,
                None => counts.queued + counts.sent + counts.failed,
            };
            Ok::<_, ApiError>(EmailList {
                counts,
                page: Page::new(items, total, paging),
            })
        })
        .await?;
    Ok(HttpResponse::Ok().json(list))
}
