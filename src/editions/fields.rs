//! The fields of an edition as an admin sends them (`EditionInput`), and the
//! rules they follow: merged over the stored edition (or none, for a new
//! one), every problem reported at once, and answered as the columns to
//! write (`EditionFields`).

use chrono::{NaiveDate, NaiveDateTime};
use serde::Deserialize;
use utoipa::ToSchema;

use crate::categories::store as categories;
use crate::db::DbConnection;
use crate::editions::domain::{Tier, Zone, zone_of_province};
use crate::editions::store::{self, EditionFields, EditionRow, NationalZone};
use crate::error::{ApiError, Arg, FieldError, FieldErrors, Msg};

#[derive(Debug, Default, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct ScheduleInput {
    /// Wall-clock time in the edition's zone (`2025-01-15T08:00`) or RFC 3339.
    pub submissions_open_at: Option<String>,
    /// The deadline for entries.
    pub submissions_close_at: Option<String>,
    pub judging_start_at: Option<String>,
    pub results_at: Option<String>,
}

#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct AdvancementInput {
    /// The national edition winners go on to.
    pub edition_id: String,
    /// 1 (first place only) or 3 (top three).
    pub per_category: i32,
}

#[derive(Debug, Default, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
#[schema(example = json!({
    "name": "Paritrana Award 2026 – Jawa Tengah", "year": 2026, "tier": "provincial",
    "province_code": "33",
    "schedule": {"submissions_open_at": "2026-02-01T08:00", "submissions_close_at": "2026-03-31T23:59"}
}))]
pub struct EditionInput {
    pub name: Option<String>,
    pub year: Option<i32>,
    #[schema(value_type = Option<Tier>)]
    pub tier: Option<String>,
    /// Required for a provincial edition.
    pub province_code: Option<String>,
    /// Zones of a national edition, e.g. "Zona Sumatera".
    pub zones: Option<Vec<NationalZone>>,
    /// Asia/Jakarta (WIB), Asia/Makassar (WITA) or Asia/Jayapura (WIT);
    /// defaults to the province's zone.
    #[schema(value_type = Option<Zone>)]
    pub time_zone: Option<String>,
    /// Defaults to 1 January of `year`.
    pub period_start: Option<NaiveDate>,
    /// Defaults to 31 December of `year`.
    pub period_end: Option<NaiveDate>,
    pub schedule: Option<ScheduleInput>,
    pub advances_to: Option<AdvancementInput>,
    /// Copy the categories and rubrics of this (usually last year's) edition.
    pub copy_from: Option<String>,
    /// Required when changing an edition: the version you read.
    pub version: Option<i32>,
}

fn parse_time(
    zone: Zone,
    field: &str,
    raw: Option<&str>,
    errors: &mut FieldErrors,
) -> Option<NaiveDateTime> {
    raw.filter(|r| !r.trim().is_empty())
        .and_then(|r| errors.check(zone.parse_time(field, r)))
}

/// Merges the input over `base` (an existing edition, or none for a new
/// one) and checks everything, answering the columns to write.
pub(super) fn resolve(
    conn: &mut DbConnection,
    input: &EditionInput,
    base: Option<&EditionRow>,
) -> Result<EditionFields, ApiError> {
    let mut errors = FieldErrors::new();
    let name = input
        .name
        .clone()
        .or_else(|| base.map(|b| b.name.clone()))
        .unwrap_or_default()
        .trim()
        .to_owned();
    if name.chars().count() < 3 || name.chars().count() > 200 {
        errors.push("name", "length", Msg::said("edition-name-length"));
    }
    let year = input.year.or(base.map(|b| b.year));
    match year {
        None => errors.push("year", "required", Msg::said("edition-year-required")),
        Some(y) if !(2000..=2100).contains(&y) => errors.push(
            "year",
            "out_of_range",
            Msg::said("edition-year-out-of-range"),
        ),
        _ => {}
    }
    let tier = match (base, &input.tier) {
        (Some(base), None) => Some(base.tier()),
        (Some(base), Some(raw)) if Tier::parse(raw) != Some(base.tier()) => {
            errors.add(invalid_tier_change());
            Some(base.tier())
        }
        (_, Some(raw)) => {
            let parsed = Tier::parse(raw);
            if parsed.is_none() {
                errors.add(FieldError::new(
                    "tier",
                    "invalid_choice",
                    Msg::said("edition-tier-unknown"),
                ));
            }
            parsed
        }
        (None, None) => {
            errors.push("tier", "required", Msg::said("edition-tier-required"));
            None
        }
    };
    let province_code = match base {
        Some(base) => {
            if input
                .province_code
                .as_ref()
                .is_some_and(|p| Some(p) != base.province_code.as_ref())
            {
                errors.add(FieldError::new(
                    "province_code",
                    "immutable",
                    Msg::said("edition-province-fixed"),
                ));
            }
            base.province_code.clone()
        }
        None => input.province_code.clone().map(|p| p.trim().to_owned()),
    };
    match (tier, &province_code) {
        (Some(Tier::Provincial), None) => errors.push(
            "province_code",
            "required",
            Msg::said("edition-province-required"),
        ),
        (Some(Tier::National), Some(_)) => errors.add(FieldError::new(
            "province_code",
            "not_allowed",
            Msg::said("edition-national-no-province"),
        )),
        (Some(Tier::Provincial), Some(code))
            if !crate::regions::store::is_province(conn, code)? =>
        {
            errors.add(FieldError::new(
                "province_code",
                "unknown_province",
                Msg::with("edition-province-unknown", &[("code", Arg::quoted(code))]),
            ))
        }
        _ => {}
    }
    let zones = input
        .zones
        .clone()
        .unwrap_or_else(|| base.map(EditionRow::zones).unwrap_or_default());
    if !zones.is_empty() && tier == Some(Tier::Provincial) {
        errors.add(FieldError::new(
            "zones",
            "not_allowed",
            Msg::said("edition-zones-national-only"),
        ));
    }
    for (i, zone) in zones.iter().enumerate() {
        if !crate::categories::form::is_key(&zone.key) {
            errors.push(
                format!("zones[{i}].key"),
                "invalid",
                Msg::said("edition-zone-key-invalid"),
            );
        }
        for (j, province) in zone.provinces.iter().enumerate() {
            if !crate::regions::store::is_province(conn, province)? {
                errors.add(FieldError::new(
                    format!("zones[{i}].provinces[{j}]"),
                    "unknown_province",
                    Msg::said("edition-zone-province-unknown"),
                ));
            }
        }
    }
    let zone = match &input.time_zone {
        Some(raw) => Zone::parse(raw).unwrap_or_else(|| {
            errors.add(FieldError::new(
                "time_zone",
                "invalid_choice",
                Msg::said("edition-time-zone-unknown"),
            ));
            Zone::Jakarta
        }),
        None => base.map(EditionRow::zone).unwrap_or_else(|| {
            province_code
                .as_deref()
                .map_or(Zone::Jakarta, zone_of_province)
        }),
    };
    let year_or = year.unwrap_or(2000);
    let period_start = input
        .period_start
        .or(base.map(|b| b.period_start))
        .unwrap_or_else(|| NaiveDate::from_ymd_opt(year_or, 1, 1).unwrap_or_default());
    let period_end = input
        .period_end
        .or(base.map(|b| b.period_end))
        .unwrap_or_else(|| NaiveDate::from_ymd_opt(year_or, 12, 31).unwrap_or_default());
    if period_start > period_end {
        errors.add(FieldError::new(
            "period_end",
            "before_start",
            Msg::said("edition-period-ends-before-start"),
        ));
    }
    let schedule = input.schedule.as_ref();
    let pick = |field: &str,
                raw: Option<&String>,
                old: Option<NaiveDateTime>,
                errors: &mut FieldErrors| match raw {
        Some(raw) => parse_time(zone, &format!("schedule.{field}"), Some(raw), errors),
        None => old,
    };
    let open = pick(
        "submissions_open_at",
        schedule.and_then(|s| s.submissions_open_at.as_ref()),
        base.and_then(|b| b.submissions_open_at),
        &mut errors,
    );
    let close = pick(
        "submissions_close_at",
        schedule.and_then(|s| s.submissions_close_at.as_ref()),
        base.and_then(|b| b.submissions_close_at),
        &mut errors,
    );
    let judging = pick(
        "judging_start_at",
        schedule.and_then(|s| s.judging_start_at.as_ref()),
        base.and_then(|b| b.judging_start_at),
        &mut errors,
    );
    let results = pick(
        "results_at",
        schedule.and_then(|s| s.results_at.as_ref()),
        base.and_then(|b| b.results_at),
        &mut errors,
    );
    let order = [
        ("submissions_open_at", open),
        ("submissions_close_at", close),
        ("judging_start_at", judging),
        ("results_at", results),
    ];
    let mut previous: Option<(&str, NaiveDateTime)> = None;
    for (field, at) in order {
        if let Some(at) = at {
            if let Some((before, earlier)) = previous.filter(|(_, earlier)| at <= *earlier) {
                let _ = earlier;
                errors.add(FieldError::new(
                    format!("schedule.{field}"),
                    "order",
                    Msg::with("edition-schedule-order", &[("before", before.into())]),
                ));
            }
            previous = Some((field, at));
        }
    }
    let (advances_to, advance_count) = match &input.advances_to {
        Some(advance) => {
            if tier != Some(Tier::Provincial) {
                errors.add(FieldError::new(
                    "advances_to",
                    "not_allowed",
                    Msg::said("edition-advance-provincial-only"),
                ));
            }
            if advance.per_category != 1 && advance.per_category != 3 {
                errors.add(FieldError::new(
                    "advances_to.per_category",
                    "invalid_choice",
                    Msg::said("edition-advance-count"),
                ));
            }
            match store::find(conn, &advance.edition_id)? {
                Some(target) if target.tier() == Tier::National => {}
                _ => errors.add(FieldError::new(
                    "advances_to.edition_id",
                    "not_national",
                    Msg::said("edition-advance-target-national"),
                )),
            }
            (Some(advance.edition_id.clone()), Some(advance.per_category))
        }
        None => (
            base.and_then(|b| b.advances_to_edition_id.clone()),
            base.and_then(|b| b.advance_count),
        ),
    };
    errors.into_result()?;
    Ok(EditionFields {
        name,
        year: year_or,
        tier: tier.unwrap_or(Tier::National).as_str().to_owned(),
        province_code,
        zones_json: categories::json(&zones),
        time_zone: zone.as_str().to_owned(),
        period_start,
        period_end,
        submissions_open_at: open,
        submissions_close_at: close,
        judging_start_at: judging,
        results_at: results,
        advances_to_edition_id: advances_to,
        advance_count,
    })
}

fn invalid_tier_change() -> FieldError {
    FieldError::new("tier", "immutable", Msg::said("edition-tier-fixed"))
}
