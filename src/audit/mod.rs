//! The append-only audit log: every change writes who, what, when, and the
//! record before and after, in the same transaction as the change.

mod handlers;

pub use handlers::{__path_list_audit, configure, list_audit};

use diesel::prelude::*;
use serde::Serialize;

use crate::db::{DbConnection, now, schema::audit_log};
use crate::error::ApiError;

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

/// Absent values are written as NULL rather than DEFAULT, so the insert's
/// text never varies and the connection keeps it prepared.
#[derive(Insertable)]
#[diesel(table_name = audit_log, treat_none_as_default_value = false)]
struct NewRecord<'a> {
    occurred_at: chrono::NaiveDateTime,
    actor_id: Option<&'a str>,
    actor_email: Option<&'a str>,
    action: &'a str,
    object_type: &'a str,
    object_id: &'a str,
    province_code: Option<&'a str>,
    before_json: Option<String>,
    after_json: Option<String>,
    request_id: Option<&'a str>,
}

/// Serialises a record for the before/after columns.
pub fn snapshot<T: Serialize>(value: &T) -> Option<serde_json::Value> {
    serde_json::to_value(value).ok()
}

/// Appends one record. Call it inside the transaction that makes the change.
pub fn record(conn: &mut DbConnection, actor: &Actor, change: Change<'_>) -> Result<(), ApiError> {
    let insert = diesel::insert_into(audit_log::table).values(NewRecord {
        occurred_at: now(),
        actor_id: actor.user_id.as_deref(),
        actor_email: actor.email.as_deref(),
        action: change.action,
        object_type: change.object_type,
        object_id: change.object_id,
        province_code: change.province_code,
        before_json: change.before.map(|v| v.to_string()),
        after_json: change.after.map(|v| v.to_string()),
        request_id: actor.request_id.as_deref(),
    });
    crate::on_backend!(conn, |inner| insert.execute(inner))?;
    Ok(())
}
