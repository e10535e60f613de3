//! `GET /api/v1/audit`: the log, filtered and paged, for admins.

use actix_web::{HttpResponse, web};
use diesel::prelude::*;
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};

use crate::auth::Caller;
use crate::auth::Scope;
use crate::db::{MultiBackend, schema::audit_log};
use crate::error::{ApiError, Msg, Problem};
use crate::pagination::{Page, PageParams};
use crate::state::AppState;

pub fn configure(cfg: &mut web::ServiceConfig) {
    cfg.service(crate::http::resource("/audit").route(web::get().to(list_audit)));
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
    /// Province code (regional admins are limited to theirs).
    pub province: Option<String>,
    /// Changes at or after this time (RFC 3339).
    pub since: Option<chrono::DateTime<chrono::Utc>>,
    /// Changes before this time (RFC 3339).
    pub until: Option<chrono::DateTime<chrono::Utc>>,
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

fn filtered<'a>(
    filter: &'a AuditFilter,
    scope: &'a Scope,
) -> audit_log::BoxedQuery<'a, MultiBackend> {
    let mut query = audit_log::table.into_boxed();
    if let Some(action) = &filter.action {
        query = query.filter(audit_log::action.eq(action));
    }
    if let Some(object_type) = &filter.object_type {
        query = query.filter(audit_log::object_type.eq(object_type));
    }
    if let Some(object_id) = &filter.object_id {
        query = query.filter(audit_log::object_id.eq(object_id));
    }
    if let Some(actor_id) = &filter.actor_id {
        query = query.filter(audit_log::actor_id.eq(actor_id));
    }
    if let Some(province) = &filter.province {
        query = query.filter(audit_log::province_code.eq(province));
    }
    if let Some(since) = filter.since {
        query = query.filter(audit_log::occurred_at.ge(since.naive_utc()));
    }
    if let Some(until) = filter.until {
        query = query.filter(audit_log::occurred_at.lt(until.naive_utc()));
    }
    if let Some(provinces) = scope.provinces() {
        query = query.filter(audit_log::province_code.eq_any(provinces));
    }
    query
}

/// The audit log, newest first. National admins see everything; regional
/// admins see the records of their provinces.
#[utoipa::path(
    get, path = "/api/v1/audit", tag = "audit",
    params(AuditFilter, PageParams),
    responses(
        (status = 200, description = "One page of audit records", body = Page<AuditRecord>),
        (status = 401, description = "Not signed in", body = Problem, content_type = "application/problem+json"),
        (status = 403, description = "Not an admin", body = Problem, content_type = "application/problem+json"),
    ),
    security(("bearer" = []))
)]
pub async fn list_audit(
    caller: Caller,
    state: web::Data<AppState>,
    filter: web::Query<AuditFilter>,
    page: web::Query<PageParams>,
) -> Result<HttpResponse, ApiError> {
    caller.require_admin()?;
    let paging = page.into_inner().parse()?;
    let filter = filter.into_inner();
    if let (Some(since), Some(until)) = (filter.since, filter.until)
        && since >= until
    {
        return Err(ApiError::field(
            "until",
            "before_since",
            Msg::new(
                "Batas akhir harus setelah batas awal.",
                "`until` must be after `since`.",
            ),
        ));
    }
    let scope = caller.scope();
    let page = state
        .db
        .run(move |conn| {
            let total = filtered(&filter, &scope).count().get_result(conn)?;
            let items = filtered(&filter, &scope)
                .select(AuditRecord::as_select())
                .order(audit_log::id.desc())
                .limit(paging.per_page)
                .offset(paging.offset())
                .load(conn)?;
            Ok(Page::new(items, total, paging))
        })
        .await?;
    Ok(HttpResponse::Ok().json(page))
}
