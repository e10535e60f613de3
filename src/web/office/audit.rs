//! The audit log in the office: every recorded change in the admin's
//! provinces, newest first, filtered by who, what, when and which object,
//! paged, with what each change altered; and the same selection as CSV.
//! They call `audit::list` and `audit::export`, as the API does.

use std::collections::BTreeSet;

use actix_web::http::StatusCode;
use actix_web::{HttpResponse, web};
use chrono::{NaiveDate, NaiveTime};
use minijinja::context;
use serde::{Deserialize, Serialize};
use serde_json::Value;

use super::require_admin;
use crate::audit::{self, AuditFilter};
use crate::editions::domain::Zone;
use crate::pagination::PageParams;
use crate::web::format;
use crate::web::page::{PageResult, Visitor, title_for};

const PER_PAGE: i64 = 50;
/// The log is national; its times are read in WIB.
const ZONE: Zone = Zone::Jakarta;
/// Longest value text shown in a change before it is cut.
const SHOWN_CHARS: usize = 160;

#[derive(Deserialize, Default, Clone)]
pub struct LogQuery {
    siapa: Option<String>,
    aksi: Option<String>,
    objek: Option<String>,
    id_objek: Option<String>,
    dari: Option<String>,
    sampai: Option<String>,
    halaman: Option<i64>,
}

#[derive(Serialize)]
struct Line {
    when: String,
    who: String,
    action: String,
    object_type: String,
    object_id: String,
    /// Where the object's office page is, when it has one.
    link: Option<String>,
    province: Option<String>,
    changes: Vec<Changed>,
}

/// One field a change altered.
#[derive(Serialize, Debug, PartialEq)]
struct Changed {
    field: String,
    before: Option<String>,
    after: Option<String>,
}

fn shown(value: &Value) -> String {
    let text = match value {
        Value::String(s) => s.clone(),
        other => other.to_string(),
    };
    if text.chars().count() > SHOWN_CHARS {
        let cut: String = text.chars().take(SHOWN_CHARS).collect();
        format!("{cut}…")
    } else {
        text
    }
}

/// The top-level fields that differ between the record before and after a
/// change (every field of a record made or removed).
fn changes(before: Option<&str>, after: Option<&str>) -> Vec<Changed> {
    let read = |text: Option<&str>| {
        text.and_then(|t| serde_json::from_str::<Value>(t).ok())
            .unwrap_or(Value::Null)
    };
    let (before, after) = (read(before), read(after));
    let field = |record: &Value, key: &str| record.get(key).filter(|v| !v.is_null()).cloned();
    let keys: BTreeSet<String> = [&before, &after]
        .into_iter()
        .filter_map(Value::as_object)
        .flat_map(|o| o.keys().cloned())
        .collect();
    keys.into_iter()
        .filter_map(|key| {
            let (was, is) = (field(&before, &key), field(&after, &key));
            (was != is).then(|| Changed {
                before: was.as_ref().map(shown),
                after: is.as_ref().map(shown),
                field: key,
            })
        })
        .collect()
}

fn link(object_type: &str, id: &str) -> Option<String> {
    match object_type {
        "edition" => Some(format!("/kantor/edisi/{id}")),
        "entry" => Some(format!("/kantor/entri/{id}")),
        _ => None,
    }
}

fn text(value: &Option<String>) -> Option<String> {
    value
        .as_deref()
        .map(str::trim)
        .filter(|s| !s.is_empty())
        .map(str::to_owned)
}

/// The filter the query asks for, or the fields it cannot read with why.
fn filter_of(v: &Visitor, query: &LogQuery) -> (AuditFilter, Vec<(String, String)>) {
    let mut errors = Vec::new();
    let mut day = |name: &str, raw: &Option<String>| -> Option<NaiveDate> {
        let raw = text(raw)?;
        let parsed = NaiveDate::parse_from_str(&raw, "%Y-%m-%d").ok();
        if parsed.is_none() {
            errors.push((name.to_owned(), v.text("office-log-date-invalid")));
        }
        parsed
    };
    let (from, to) = (day("dari", &query.dari), day("sampai", &query.sampai));
    if let (Some(from), Some(to)) = (from, to)
        && to < from
    {
        errors.push(("sampai".to_owned(), v.text("office-log-until-before")));
    }
    // A day in WIB runs from its midnight to the next one's.
    let start = |day: NaiveDate| {
        day.and_time(NaiveTime::MIN)
            .and_local_timezone(ZONE.offset())
            .single()
            .map(|at| at.to_utc())
    };
    let filter = AuditFilter {
        action: text(&query.aksi),
        object_type: text(&query.objek),
        object_id: text(&query.id_objek),
        actor_email: text(&query.siapa),
        since: from.and_then(start),
        until: to.and_then(|day| day.succ_opt()).and_then(start),
        ..AuditFilter::default()
    };
    (filter, errors)
}

/// The query's filters again, for the pager and the CSV link.
fn kept(query: &LogQuery) -> String {
    let mut out = form_urlencoded::Serializer::new(String::new());
    for (name, value) in [
        ("siapa", &query.siapa),
        ("aksi", &query.aksi),
        ("objek", &query.objek),
        ("id_objek", &query.id_objek),
        ("dari", &query.dari),
        ("sampai", &query.sampai),
    ] {
        if let Some(value) = text(value) {
            out.append_pair(name, &value);
        }
    }
    out.finish()
}

pub async fn page(v: Visitor, query: web::Query<LogQuery>) -> PageResult {
    let caller = require_admin(&v)?;
    let query = query.into_inner();
    let (filter, errors) = filter_of(&v, &query);
    let (actions, objects) = audit::kinds(v.state(), caller.clone())
        .await
        .map_err(|e| v.fail(e))?;
    let (lines, total, page) = if errors.is_empty() {
        let found = audit::list(
            v.state(),
            caller,
            filter,
            PageParams {
                page: query.halaman,
                per_page: Some(PER_PAGE),
            },
        )
        .await
        .map_err(|e| v.fail(e))?;
        let lines: Vec<Line> = found
            .items
            .iter()
            .map(|r| Line {
                when: format::instant(v.lang, ZONE, r.occurred_at),
                who: r
                    .actor_email
                    .clone()
                    .unwrap_or_else(|| v.text("office-log-system")),
                action: r.action.clone(),
                link: link(&r.object_type, &r.object_id),
                object_type: r.object_type.clone(),
                object_id: r.object_id.clone(),
                province: r.province_code.clone(),
                changes: changes(r.before_json.as_deref(), r.after_json.as_deref()),
            })
            .collect();
        (lines, found.total, found.page)
    } else {
        (Vec::new(), 0, 1)
    };
    let pages = ((total + PER_PAGE - 1) / PER_PAGE).max(1);
    let status = if errors.is_empty() {
        StatusCode::OK
    } else {
        StatusCode::UNPROCESSABLE_ENTITY
    };
    let kept = kept(&query);
    v.render_status(
        status,
        "office_audit.html",
        context! {
            lines => minijinja::value::Serde(&lines),
            total => total,
            page => page,
            pages => pages,
            actions => actions,
            objects => objects,
            errors => errors.into_iter().collect::<std::collections::BTreeMap<_, _>>(),
            siapa => text(&query.siapa).unwrap_or_default(),
            aksi => text(&query.aksi).unwrap_or_default(),
            objek => text(&query.objek).unwrap_or_default(),
            id_objek => text(&query.id_objek).unwrap_or_default(),
            dari => text(&query.dari).unwrap_or_default(),
            sampai => text(&query.sampai).unwrap_or_default(),
            kept => kept,
            zone => ZONE.abbreviation(),
        },
    )
}

/// The log the filters select, as a CSV file to download.
pub async fn csv(v: Visitor, query: web::Query<LogQuery>) -> PageResult {
    let caller = require_admin(&v)?;
    let (filter, errors) = filter_of(&v, &query);
    if let Some((_, message)) = errors.first() {
        return Err(v.error_page(
            StatusCode::BAD_REQUEST,
            title_for(StatusCode::BAD_REQUEST),
            message,
        ));
    }
    let bytes = audit::export(v.state(), caller, filter)
        .await
        .map_err(|e| v.fail(e))?;
    Ok(HttpResponse::Ok()
        .content_type(crate::spreadsheet::CSV)
        .insert_header(("cache-control", "no-store"))
        .insert_header((
            "content-disposition",
            "attachment; filename=\"log-audit.csv\"",
        ))
        .body(bytes))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_change_lists_the_fields_it_altered() {
        let found = changes(
            Some(r#"{"status":"submitted","version":3,"note":null}"#),
            Some(r#"{"status":"complete","version":4,"note":"lengkap"}"#),
        );
        let fields: Vec<&str> = found.iter().map(|c| c.field.as_str()).collect();
        assert_eq!(fields, ["note", "status", "version"]);
        assert_eq!(found[0].before, None);
        assert_eq!(found[1].after.as_deref(), Some("complete"));
    }

    #[test]
    fn a_new_record_lists_every_field_and_long_values_are_cut() {
        let long = "x".repeat(500);
        let found = changes(None, Some(&format!(r#"{{"name":"{long}"}}"#)));
        assert_eq!(found.len(), 1);
        assert_eq!(
            found[0].after.as_ref().unwrap().chars().count(),
            SHOWN_CHARS + 1
        );
    }
}
