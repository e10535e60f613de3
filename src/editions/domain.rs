//! An edition of the award: its tier and scope, its time zone, and the
//! phases it moves through.

use chrono::{DateTime, FixedOffset, NaiveDateTime, TimeZone, Utc};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

use crate::error::{ApiError, Arg, FieldError, Msg};

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum Tier {
    /// Tingkat provinsi: run by a provincial committee, for one province.
    Provincial,
    /// Tingkat nasional: run by the central committee.
    National,
}

impl Tier {
    pub fn as_str(self) -> &'static str {
        match self {
            Tier::Provincial => "provincial",
            Tier::National => "national",
        }
    }

    pub fn parse(value: &str) -> Option<Tier> {
        [Tier::Provincial, Tier::National]
            .into_iter()
            .find(|t| t.as_str() == value)
    }
}

/// Indonesia's three time zones. None observes daylight saving time, so each
/// is a fixed offset.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
pub enum Zone {
    /// WIB, UTC+7.
    #[serde(rename = "Asia/Jakarta")]
    Jakarta,
    /// WITA, UTC+8.
    #[serde(rename = "Asia/Makassar")]
    Makassar,
    /// WIT, UTC+9.
    #[serde(rename = "Asia/Jayapura")]
    Jayapura,
}

impl Zone {
    pub fn as_str(self) -> &'static str {
        match self {
            Zone::Jakarta => "Asia/Jakarta",
            Zone::Makassar => "Asia/Makassar",
            Zone::Jayapura => "Asia/Jayapura",
        }
    }

    pub fn parse(value: &str) -> Option<Zone> {
        [Zone::Jakarta, Zone::Makassar, Zone::Jayapura]
            .into_iter()
            .find(|z| z.as_str() == value)
    }

    pub fn abbreviation(self) -> &'static str {
        match self {
            Zone::Jakarta => "WIB",
            Zone::Makassar => "WITA",
            Zone::Jayapura => "WIT",
        }
    }

    pub fn offset(self) -> FixedOffset {
        let hours = match self {
            Zone::Jakarta => 7,
            Zone::Makassar => 8,
            Zone::Jayapura => 9,
        };
        FixedOffset::east_opt(hours * 3600)
            .unwrap_or_else(|| FixedOffset::east_opt(0).expect("zero offset"))
    }

    /// A stored UTC time shown in this zone.
    pub fn local(self, utc: NaiveDateTime) -> DateTime<FixedOffset> {
        Utc.from_utc_datetime(&utc).with_timezone(&self.offset())
    }

    /// A stored UTC time as people in this zone read it in messages,
    /// pages and emails: `31-03-2025 23:59 WIB`.
    pub fn stamp(self, utc: NaiveDateTime) -> String {
        format!(
            "{} {}",
            self.local(utc).format("%d-%m-%Y %H:%M"),
            self.abbreviation()
        )
    }

    /// Reads a time as the office writes it: `2025-03-31T23:59` (wall-clock
    /// time in this zone) or RFC 3339 with an explicit offset. Answers UTC.
    pub fn parse_time(self, field: &str, raw: &str) -> Result<NaiveDateTime, FieldError> {
        let raw = raw.trim();
        if let Ok(with_offset) = DateTime::parse_from_rfc3339(raw) {
            return Ok(with_offset.naive_utc());
        }
        for format in [
            "%Y-%m-%dT%H:%M:%S",
            "%Y-%m-%dT%H:%M",
            "%Y-%m-%d %H:%M:%S",
            "%Y-%m-%d %H:%M",
        ] {
            if let Ok(wall) = NaiveDateTime::parse_from_str(raw, format)
                && let Some(local) = self.offset().from_local_datetime(&wall).single()
            {
                return Ok(local.naive_utc());
            }
        }
        Err(FieldError::new(
            field,
            "invalid_time",
            Msg::with(
                "edition-time-unreadable",
                &[
                    ("time", Arg::quoted(raw)),
                    ("zone", self.abbreviation().into()),
                ],
            ),
        ))
    }
}

/// The zone a province keeps its clocks in.
pub fn zone_of_province(code: &str) -> Zone {
    match code.get(..2).and_then(|c| c.parse::<u8>().ok()) {
        Some(51..=53 | 63..=65 | 71..=76) => Zone::Makassar,
        Some(81..=99) => Zone::Jayapura,
        _ => Zone::Jakarta,
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum Phase {
    Draft,
    SubmissionsOpen,
    SubmissionsClosed,
    Judging,
    ResultsPublished,
}

impl Phase {
    pub const ALL: [Phase; 5] = [
        Phase::Draft,
        Phase::SubmissionsOpen,
        Phase::SubmissionsClosed,
        Phase::Judging,
        Phase::ResultsPublished,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            Phase::Draft => "draft",
            Phase::SubmissionsOpen => "submissions_open",
            Phase::SubmissionsClosed => "submissions_closed",
            Phase::Judging => "judging",
            Phase::ResultsPublished => "results_published",
        }
    }

    pub fn parse(value: &str) -> Option<Phase> {
        Phase::ALL.into_iter().find(|p| p.as_str() == value)
    }

    /// The catalogue key of the phase's name within a sentence.
    pub fn name_key(self) -> &'static str {
        match self {
            Phase::Draft => "edition-phase-name-draft",
            Phase::SubmissionsOpen => "edition-phase-name-submissions_open",
            Phase::SubmissionsClosed => "edition-phase-name-submissions_closed",
            Phase::Judging => "edition-phase-name-judging",
            Phase::ResultsPublished => "edition-phase-name-results_published",
        }
    }

    /// Judging changes (panels, shortlists, conflicts dismissed, assignments,
    /// recusals, reopened and saved scoresheets) stop once results are
    /// published, so the published snapshot and the live ranking never part.
    pub fn require_judging_open(self) -> Result<(), ApiError> {
        if self == Phase::ResultsPublished {
            Err(judging_closed())
        } else {
            Ok(())
        }
    }

    /// Whether the move is one the flow knows, and whether it needs a reason.
    /// Forward one step at a time; back only to reopen submissions or to
    /// withdraw published results.
    pub fn step_to(self, to: Phase) -> Option<Step> {
        use Phase::*;
        match (self, to) {
            (Draft, SubmissionsOpen)
            | (SubmissionsOpen, SubmissionsClosed)
            | (SubmissionsClosed, Judging)
            | (Judging, ResultsPublished) => Some(Step::Forward),
            (SubmissionsClosed, SubmissionsOpen) | (ResultsPublished, Judging) => Some(Step::Back),
            _ => None,
        }
    }
}

/// The refusal of any judging change while results are published, naming
/// the way to change them.
pub fn judging_closed() -> ApiError {
    ApiError::Conflict(Msg::said("edition-judging-closed"))
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Step {
    Forward,
    /// Going back is exceptional and always needs a recorded reason.
    Back,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn wall_clock_times_are_read_in_the_edition_zone() {
        let utc = Zone::Jakarta.parse_time("t", "2025-03-31T23:59").unwrap();
        assert_eq!(utc.to_string(), "2025-03-31 16:59:00");
        let utc = Zone::Jayapura.parse_time("t", "2025-03-31T23:59").unwrap();
        assert_eq!(utc.to_string(), "2025-03-31 14:59:00");
        assert_eq!(
            Zone::Makassar.local(utc).to_rfc3339(),
            "2025-03-31T22:59:00+08:00"
        );
        assert_eq!(Zone::Makassar.stamp(utc), "31-03-2025 22:59 WITA");
        assert_eq!(Zone::Jayapura.stamp(utc), "31-03-2025 23:59 WIT");
    }

    #[test]
    fn explicit_offsets_win_over_the_zone() {
        let utc = Zone::Jakarta
            .parse_time("t", "2025-03-31T23:59:00+09:00")
            .unwrap();
        assert_eq!(utc.to_string(), "2025-03-31 14:59:00");
    }

    #[test]
    fn unreadable_times_say_how_to_write_them() {
        let err = Zone::Makassar
            .parse_time("deadline", "31/03/2025")
            .unwrap_err();
        assert_eq!(err.field, "deadline");
        assert!(err.message.contains("WITA"));
    }

    #[test]
    fn phases_move_one_step_forward_or_back_with_a_reason() {
        assert_eq!(
            Phase::Draft.step_to(Phase::SubmissionsOpen),
            Some(Step::Forward)
        );
        assert_eq!(Phase::Draft.step_to(Phase::Judging), None);
        assert_eq!(
            Phase::SubmissionsClosed.step_to(Phase::SubmissionsOpen),
            Some(Step::Back)
        );
        assert_eq!(Phase::Judging.step_to(Phase::SubmissionsOpen), None);
        assert_eq!(Phase::ResultsPublished.step_to(Phase::Draft), None);
    }

    #[test]
    fn provinces_keep_their_own_clocks() {
        assert_eq!(zone_of_province("33"), Zone::Jakarta);
        assert_eq!(zone_of_province("51"), Zone::Makassar);
        assert_eq!(zone_of_province("64"), Zone::Makassar);
        assert_eq!(zone_of_province("62"), Zone::Jakarta);
        assert_eq!(zone_of_province("91"), Zone::Jayapura);
    }
}
