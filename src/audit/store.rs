//! The audit log's queries: appending one record, and reading a filtered
//! page of records, newest first.

use diesel::prelude::*;
use serde::Serialize;
use utoipa::ToSchema;

use crate::audit::{Actor, Change};
use crate::auth::Scope;
use crate::db::{DbConnection, MultiBackend, now, schema::audit_log};
use crate::error::ApiError;
use crate::pagination::Paging;

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

pub fn insert(conn: &mut DbConnection, actor: &Actor, change: Change<'_>) -> Result<(), ApiError> {
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

#[derive(Debug, Serialize, Queryable, Selectable, ToSchema)]
#[diesel(table_name = audit_log)]
pub struct AuditRecord {
    pub id: i64,
    /// UTC time of the change.
    #[serde(serialize_with = "crate::instant::utc")]
    pub occurred_at: chrono::NaiveDateTime,
    pub actor_id: Option<String>,
    pub actor_email: Option<String>,
    pub action: String,
    pub object_type: String,
    pub object_id: String,
    pub province_code: Option<String>,
    #[serde(rename = "before", serialize_with = "as_json")]
    #[schema(value_type = Option<Object>)]
    pub before_json: Option<String>,
    #[serde(rename = "after", serialize_with = "as_json")]
    #[schema(value_type = Option<Object>)]
    pub after_json: Option<String>,
    pub request_id: Option<String>,
}

/// Stored snapshots are JSON text; answer them as JSON values.
fn as_json<S: serde::Serializer>(text: &Option<String>, serializer: S) -> Result<S::Ok, S::Error> {
    let value = text
        .as_deref()
        .and_then(|t| serde_json::from_str::<serde_json::Value>(t).ok());
    value.serialize(serializer)
}

/// Which records to read: each field set narrows the list.
#[derive(Debug, Default)]
pub struct AuditQuery {
    pub action: Option<String>,
    pub object_type: Option<String>,
    pub object_id: Option<String>,
    pub actor_id: Option<String>,
    pub actor_email: Option<String>,
    pub province: Option<String>,
    pub since: Option<chrono::NaiveDateTime>,
    pub until: Option<chrono::NaiveDateTime>,
    /// Regional admins read the records of their provinces only.
    pub scope: Scope,
}

fn filtered(query: &AuditQuery) -> audit_log::BoxedQuery<'_, MultiBackend> {
    let mut boxed = audit_log::table.into_boxed();
    if let Some(action) = &query.action {
        boxed = boxed.filter(audit_log::action.eq(action));
    }
    if let Some(object_type) = &query.object_type {
        boxed = boxed.filter(audit_log::object_type.eq(object_type));
    }
    if let Some(object_id) = &query.object_id {
        boxed = boxed.filter(audit_log::object_id.eq(object_id));
    }
    if let Some(actor_id) = &query.actor_id {
        boxed = boxed.filter(audit_log::actor_id.eq(actor_id));
    }
    if let Some(email) = &query.actor_email {
        boxed = boxed.filter(audit_log::actor_email.eq(email));
    }
    if let Some(province) = &query.province {
        boxed = boxed.filter(audit_log::province_code.eq(province));
    }
    if let Some(since) = query.since {
        boxed = boxed.filter(audit_log::occurred_at.ge(since));
    }
    if let Some(until) = query.until {
        boxed = boxed.filter(audit_log::occurred_at.lt(until));
    }
    if let Some(provinces) = query.scope.provinces() {
        boxed = boxed.filter(audit_log::province_code.eq_any(provinces));
    }
    boxed
}

/// One page of the records the query selects, newest first, with the total.
pub fn list(
    conn: &mut DbConnection,
    query: &AuditQuery,
    paging: Paging,
) -> Result<(Vec<AuditRecord>, i64), ApiError> {
    let total = filtered(query).count().get_result(conn)?;
    let items = filtered(query)
        .select(AuditRecord::as_select())
        .order(audit_log::id.desc())
        .limit(paging.per_page)
        .offset(paging.offset())
        .load(conn)?;
    Ok((items, total))
}

/// Up to `limit` records the query selects, newest first, older than the
/// record `before` when given: the export reads the whole log this way, a
/// batch at a time, without an offset that grows with the log.
pub fn batch(
    conn: &mut DbConnection,
    query: &AuditQuery,
    before: Option<i64>,
    limit: i64,
) -> Result<Vec<AuditRecord>, ApiError> {
    let mut boxed = filtered(query);
    if let Some(before) = before {
        boxed = boxed.filter(audit_log::id.lt(before));
    }
    Ok(boxed
        .select(AuditRecord::as_select())
        .order(audit_log::id.desc())
        .limit(limit)
        .load(conn)?)
}

/// The actions and the kinds of object the log holds within the scope, for
/// the filters to offer.
pub fn kinds(
    conn: &mut DbConnection,
    scope: &Scope,
) -> Result<(Vec<String>, Vec<String>), ApiError> {
    let query = AuditQuery {
        scope: scope.clone(),
        ..AuditQuery::default()
    };
    let actions = filtered(&query)
        .select(audit_log::action)
        .distinct()
        .order(audit_log::action)
        .load(conn)?;
    let objects = filtered(&query)
        .select(audit_log::object_type)
        .distinct()
        .order(audit_log::object_type)
        .load(conn)?;
    Ok((actions, objects))
}
