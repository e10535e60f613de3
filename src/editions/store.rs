//! Edition rows and their phase history.

use chrono::{NaiveDate, NaiveDateTime};
use diesel::prelude::*;
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

use crate::auth::Scope;
use crate::db::{DbConnection, MultiBackend, now, schema::edition_phase_changes, schema::editions};
use crate::editions::domain::{Phase, Tier, Zone};
use crate::error::ApiError;
use crate::pagination::Paging;

#[derive(Debug, Clone, Queryable, Selectable)]
#[diesel(table_name = editions)]
pub struct EditionRow {
    pub id: String,
    pub name: String,
    pub year: i32,
    pub tier: String,
    pub province_code: Option<String>,
    pub zones_json: String,
    pub time_zone: String,
    pub period_start: NaiveDate,
    pub period_end: NaiveDate,
    pub submissions_open_at: Option<NaiveDateTime>,
    pub submissions_close_at: Option<NaiveDateTime>,
    pub judging_start_at: Option<NaiveDateTime>,
    pub results_at: Option<NaiveDateTime>,
    pub phase: String,
    pub advances_to_edition_id: Option<String>,
    pub advance_count: Option<i32>,
    pub copied_from_edition_id: Option<String>,
    pub created_at: NaiveDateTime,
    pub updated_at: NaiveDateTime,
    pub version: i32,
}

impl EditionRow {
    pub fn tier(&self) -> Tier {
        Tier::parse(&self.tier).unwrap_or(Tier::National)
    }

    pub fn zone(&self) -> Zone {
        Zone::parse(&self.time_zone).unwrap_or(Zone::Jakarta)
    }

    pub fn phase(&self) -> Phase {
        Phase::parse(&self.phase).unwrap_or(Phase::Draft)
    }

    pub fn zones(&self) -> Vec<NationalZone> {
        serde_json::from_str(&self.zones_json).unwrap_or_default()
    }

    /// Are submissions accepted at `at` (UTC)? Open phase, and inside the
    /// scheduled window when one is set.
    pub fn accepts_submissions(&self, at: NaiveDateTime) -> bool {
        self.phase() == Phase::SubmissionsOpen
            && self.submissions_open_at.is_none_or(|open| at >= open)
            && self.submissions_close_at.is_none_or(|close| at <= close)
    }
}

/// A grouping of national awards, e.g. "Zona Sumatera".
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct NationalZone {
    pub key: String,
    pub name: String,
    /// Provinces in the zone.
    #[serde(default)]
    pub provinces: Vec<String>,
}

#[derive(Debug, Clone, Insertable, AsChangeset)]
#[diesel(table_name = editions, treat_none_as_null = true)]
pub struct EditionFields {
    pub name: String,
    pub year: i32,
    pub tier: String,
    pub province_code: Option<String>,
    pub zones_json: String,
    pub time_zone: String,
    pub period_start: NaiveDate,
    pub period_end: NaiveDate,
    pub submissions_open_at: Option<NaiveDateTime>,
    pub submissions_close_at: Option<NaiveDateTime>,
    pub judging_start_at: Option<NaiveDateTime>,
    pub results_at: Option<NaiveDateTime>,
    pub advances_to_edition_id: Option<String>,
    pub advance_count: Option<i32>,
}

pub fn insert(
    conn: &mut DbConnection,
    fields: &EditionFields,
    copied_from: Option<&str>,
) -> Result<String, ApiError> {
    let id = crate::users::store::new_id();
    let at = now();
    diesel::insert_into(editions::table)
        .values((
            editions::id.eq(&id),
            fields,
            editions::phase.eq(Phase::Draft.as_str()),
            editions::copied_from_edition_id.eq(copied_from),
            editions::created_at.eq(at),
            editions::updated_at.eq(at),
            editions::version.eq(1),
        ))
        .execute(conn)?;
    Ok(id)
}

pub fn update(
    conn: &mut DbConnection,
    id: &str,
    version: i32,
    fields: &EditionFields,
) -> Result<bool, ApiError> {
    let changed = diesel::update(
        editions::table
            .filter(editions::id.eq(id))
            .filter(editions::version.eq(version)),
    )
    .set((
        fields,
        editions::updated_at.eq(now()),
        editions::version.eq(version.saturating_add(1)),
    ))
    .execute(conn)?;
    Ok(changed == 1)
}

pub fn find(conn: &mut DbConnection, id: &str) -> Result<Option<EditionRow>, ApiError> {
    Ok(editions::table
        .find(id)
        .select(EditionRow::as_select())
        .first(conn)
        .optional()?)
}

/// Moves the edition to `to` if it is still at `version`; false when stale.
pub fn set_phase(
    conn: &mut DbConnection,
    edition: &EditionRow,
    to: Phase,
    actor_id: &str,
    reason: Option<&str>,
    forced: bool,
) -> Result<bool, ApiError> {
    let at = now();
    let changed = diesel::update(
        editions::table
            .filter(editions::id.eq(&edition.id))
            .filter(editions::version.eq(edition.version)),
    )
    .set((
        editions::phase.eq(to.as_str()),
        editions::updated_at.eq(at),
        editions::version.eq(edition.version.saturating_add(1)),
    ))
    .execute(conn)?;
    if changed != 1 {
        return Ok(false);
    }
    diesel::insert_into(edition_phase_changes::table)
        .values((
            edition_phase_changes::edition_id.eq(&edition.id),
            edition_phase_changes::from_phase.eq(&edition.phase),
            edition_phase_changes::to_phase.eq(to.as_str()),
            edition_phase_changes::changed_at.eq(at),
            edition_phase_changes::actor_id.eq(actor_id),
            edition_phase_changes::reason.eq(reason),
            edition_phase_changes::forced.eq(forced),
        ))
        .execute(conn)?;
    Ok(true)
}

#[derive(Debug, Clone, Serialize, Queryable, Selectable, ToSchema)]
#[diesel(table_name = edition_phase_changes)]
pub struct PhaseChange {
    #[serde(skip)]
    pub id: i64,
    #[schema(value_type = Phase)]
    pub from_phase: String,
    #[schema(value_type = Phase)]
    pub to_phase: String,
    #[serde(serialize_with = "crate::instant::utc")]
    pub changed_at: NaiveDateTime,
    pub actor_id: Option<String>,
    pub reason: Option<String>,
    pub forced: bool,
}

pub fn phase_history(
    conn: &mut DbConnection,
    edition_id: &str,
) -> Result<Vec<PhaseChange>, ApiError> {
    Ok(edition_phase_changes::table
        .filter(edition_phase_changes::edition_id.eq(edition_id))
        .select(PhaseChange::as_select())
        .order(edition_phase_changes::id)
        .load(conn)?)
}

#[derive(Debug, Default)]
pub struct EditionQuery {
    pub year: Option<i32>,
    pub tier: Option<Tier>,
    pub province: Option<String>,
    pub phase: Option<Phase>,
    /// Drafts are shown only to their admins: national admins see every
    /// draft (they alone run national editions), regional admins those of
    /// their provinces.
    pub scope: Scope,
}

fn filtered<'a>(query: &'a EditionQuery) -> editions::BoxedQuery<'a, MultiBackend> {
    let mut boxed = editions::table.into_boxed();
    if let Some(year) = query.year {
        boxed = boxed.filter(editions::year.eq(year));
    }
    if let Some(tier) = query.tier {
        boxed = boxed.filter(editions::tier.eq(tier.as_str()));
    }
    if let Some(province) = &query.province {
        boxed = boxed.filter(editions::province_code.eq(province));
    }
    if let Some(phase) = query.phase {
        boxed = boxed.filter(editions::phase.eq(phase.as_str()));
    }
    if let Some(provinces) = query.scope.provinces() {
        let draft = Phase::Draft.as_str();
        let visible_draft = editions::province_code.eq_any(provinces).assume_not_null();
        boxed = boxed.filter(editions::phase.ne(draft).or(visible_draft));
    }
    boxed
}

pub fn list(
    conn: &mut DbConnection,
    query: &EditionQuery,
    paging: Paging,
) -> Result<(Vec<EditionRow>, i64), ApiError> {
    let total = filtered(query).count().get_result(conn)?;
    let items = filtered(query)
        .select(EditionRow::as_select())
        .order((editions::year.desc(), editions::name, editions::id))
        .limit(paging.per_page)
        .offset(paging.offset())
        .load(conn)?;
    Ok((items, total))
}
