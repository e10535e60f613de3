//! How an edition is shown: times in the edition's own zone.

use chrono::{DateTime, FixedOffset, NaiveDate, NaiveDateTime};
use serde::Serialize;
use utoipa::ToSchema;

use crate::editions::domain::{Phase, Tier, Zone};
use crate::editions::store::{EditionRow, NationalZone, PhaseChange};

#[derive(Debug, Serialize, ToSchema)]
pub struct EditionView {
    pub id: String,
    pub name: String,
    pub year: i32,
    pub tier: Tier,
    /// The province of a provincial edition.
    pub province_code: Option<String>,
    /// Zones of a national edition.
    pub zones: Vec<NationalZone>,
    pub time_zone: Zone,
    /// WIB, WITA or WIT.
    pub time_zone_abbreviation: &'static str,
    /// Assessment period (usually 1 January to 31 December).
    pub period_start: NaiveDate,
    pub period_end: NaiveDate,
    pub schedule: Schedule,
    pub phase: Phase,
    pub advances_to: Option<Advancement>,
    pub copied_from_edition_id: Option<String>,
    /// Whether entries are accepted right now (open phase, inside the schedule).
    pub accepting_submissions: bool,
    #[serde(serialize_with = "crate::instant::utc")]
    pub created_at: NaiveDateTime,
    #[serde(serialize_with = "crate::instant::utc")]
    pub updated_at: NaiveDateTime,
    pub version: i32,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub phase_history: Option<Vec<PhaseChange>>,
}

/// Planned dates, each in the edition's time zone (RFC 3339 with offset).
#[derive(Debug, Default, Serialize, ToSchema)]
pub struct Schedule {
    #[schema(value_type = Option<String>)]
    pub submissions_open_at: Option<DateTime<FixedOffset>>,
    /// The deadline for entries; the server refuses submissions after it.
    #[schema(value_type = Option<String>)]
    pub submissions_close_at: Option<DateTime<FixedOffset>>,
    #[schema(value_type = Option<String>)]
    pub judging_start_at: Option<DateTime<FixedOffset>>,
    #[schema(value_type = Option<String>)]
    pub results_at: Option<DateTime<FixedOffset>>,
}

#[derive(Debug, Serialize, ToSchema)]
#[schema(as = AdvancesTo)]
pub struct Advancement {
    pub edition_id: String,
    /// Winners per category who advance: 1 (first place) or 3 (top three).
    pub per_category: i32,
}

impl EditionView {
    pub fn new(row: EditionRow, history: Option<Vec<PhaseChange>>) -> EditionView {
        let zone = row.zone();
        let local = |at: Option<NaiveDateTime>| at.map(|at| zone.local(at));
        EditionView {
            accepting_submissions: row.accepts_submissions(crate::db::now()),
            tier: row.tier(),
            phase: row.phase(),
            zones: row.zones(),
            time_zone: zone,
            time_zone_abbreviation: zone.abbreviation(),
            schedule: Schedule {
                submissions_open_at: local(row.submissions_open_at),
                submissions_close_at: local(row.submissions_close_at),
                judging_start_at: local(row.judging_start_at),
                results_at: local(row.results_at),
            },
            advances_to: row.advances_to_edition_id.map(|edition_id| Advancement {
                edition_id,
                per_category: row.advance_count.unwrap_or(1),
            }),
            id: row.id,
            name: row.name,
            year: row.year,
            province_code: row.province_code,
            period_start: row.period_start,
            period_end: row.period_end,
            copied_from_edition_id: row.copied_from_edition_id,
            created_at: row.created_at,
            updated_at: row.updated_at,
            version: row.version,
            phase_history: history,
        }
    }
}
