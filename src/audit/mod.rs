//! The append-only audit log: every change writes who, what, when, and the
//! record before and after, in the same transaction as the change; admins
//! read it back, filtered and paged.

pub mod api;
pub mod store;

pub use api::configure;

use serde::{Deserialize, Serialize};
use utoipa::IntoParams;

use crate::auth::Caller;
use crate::db::DbConnection;
use crate::error::{ApiError, Msg};
use crate::pagination::{Page, PageParams};
use crate::spreadsheet::cell;
use crate::state::AppState;
use store::{AuditQuery, AuditRecord};

/// Who made a change.
#[derive(Debug, Clone, Default)]
pub struct Actor {
    pub user_id: Option<String>,
    pub email: Option<String>,
    pub request_id: Option<String>,
}

impl Actor {
    /// Changes made from the command line by an operator.
    pub fn command_line(command: &str) -> Actor {
        Actor {
            user_id: None,
            email: Some(format!("cli:{command}")),
            request_id: None,
        }
    }
}

/// One change to record.
pub struct Change<'a> {
    pub action: &'a str,
    pub object_type: &'a str,
    pub object_id: &'a str,
    /// The province the object belongs to, so regional admins see it.
    pub province_code: Option<&'a str>,
    pub before: Option<serde_json::Value>,
    pub after: Option<serde_json::Value>,
}

/// Serialises a record for the before/after columns.
pub fn snapshot<T: Serialize>(value: &T) -> Option<serde_json::Value> {
    serde_json::to_value(value).ok()
}

/// Appends one record. Call it inside the transaction that makes the change.
pub fn record(conn: &mut DbConnection, actor: &Actor, change: Change<'_>) -> Result<(), ApiError> {
    store::insert(conn, actor, change)
}

#[derive(Debug, Default, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct AuditFilter {
    /// Exact action, e.g. `user.create`.
    pub action: Option<String>,
    /// Kind of object, e.g. `user` or `organisation`.
    pub object_type: Option<String>,
    pub object_id: Option<String>,
    /// Id of the user who made the change.
    pub actor_id: Option<String>,
    /// Email of the user who made the change.
    pub actor_email: Option<String>,
    /// Province code (regional admins are limited to theirs).
    pub province: Option<String>,
    /// Changes at or after this time (RFC 3339).
    pub since: Option<chrono::DateTime<chrono::Utc>>,
    /// Changes before this time (RFC 3339).
    pub until: Option<chrono::DateTime<chrono::Utc>>,
}

/// The query the filter asks for, within the caller's scope.
fn query_of(caller: &Caller, filter: AuditFilter) -> Result<AuditQuery, ApiError> {
    caller.require_admin()?;
    if let (Some(since), Some(until)) = (filter.since, filter.until)
        && since >= until
    {
        return Err(ApiError::field(
            "until",
            "before_since",
            Msg::said("audit-until-before-since"),
        ));
    }
    Ok(AuditQuery {
        action: filter.action,
        object_type: filter.object_type,
        object_id: filter.object_id,
        actor_id: filter.actor_id,
        actor_email: filter.actor_email.map(|e| e.trim().to_lowercase()),
        province: filter.province,
        since: filter.since.map(|since| since.naive_utc()),
        until: filter.until.map(|until| until.naive_utc()),
        scope: caller.scope(),
    })
}

/// One page of the log for an admin, newest first: national admins read
/// every record, regional admins those of their provinces.
pub async fn list(
    state: &AppState,
    caller: Caller,
    filter: AuditFilter,
    page: PageParams,
) -> Result<Page<AuditRecord>, ApiError> {
    let query = query_of(&caller, filter)?;
    let paging = page.parse()?;
    let (items, total) = state
        .db
        .run(move |conn| store::list(conn, &query, paging))
        .await?;
    Ok(Page::new(items, total, paging))
}

/// Records read per query while exporting.
const EXPORT_BATCH: i64 = 2_000;

/// Every record the filter selects, newest first, as CSV: when, who,
/// what, on which object and province, and the record before and after.
pub async fn export(
    state: &AppState,
    caller: Caller,
    filter: AuditFilter,
) -> Result<Vec<u8>, ApiError> {
    let query = query_of(&caller, filter)?;
    let records = state
        .db
        .run(move |conn| {
            let mut all = Vec::new();
            let mut before = None;
            loop {
                let batch = store::batch(conn, &query, before, EXPORT_BATCH)?;
                let full = batch.len() as i64 == EXPORT_BATCH;
                before = batch.last().map(|r| r.id);
                all.extend(batch);
                if !full {
                    return Ok::<_, ApiError>(all);
                }
            }
        })
        .await?;
    let header = [
        "id",
        "waktu_utc",
        "email_pelaku",
        "id_pelaku",
        "aksi",
        "jenis_objek",
        "id_objek",
        "provinsi",
        "sebelum",
        "sesudah",
        "id_permintaan",
    ]
    .map(String::from)
    .to_vec();
    let text = |value: &Option<String>| cell(value.as_deref().unwrap_or_default());
    let rows = records.iter().map(|r| {
        vec![
            r.id.to_string(),
            crate::instant::text(&r.occurred_at),
            text(&r.actor_email),
            text(&r.actor_id),
            cell(&r.action),
            cell(&r.object_type),
            cell(&r.object_id),
            text(&r.province_code),
            text(&r.before_json),
            text(&r.after_json),
            text(&r.request_id),
        ]
    });
    crate::spreadsheet::csv(std::iter::once(header).chain(rows))
}

/// The actions and kinds of object in the caller's part of the log, for
/// the filters to offer.
pub async fn kinds(
    state: &AppState,
    caller: Caller,
) -> Result<(Vec<String>, Vec<String>), ApiError> {
    caller.require_admin()?;
    let scope = caller.scope();
    state.db.run(move |conn| store::kinds(conn, &scope)).await
}
