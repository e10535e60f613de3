//! Instants as the API writes them: RFC 3339 in UTC, with its `Z`.
//!
//! The database keeps instants as UTC without a zone (both backends alike);
//! every answer names the zone, so no client has to guess it. Times that are
//! an edition's local wall-clock (its schedule) carry that zone's offset
//! instead, and say so where they are documented.

use chrono::{NaiveDateTime, SecondsFormat};
use serde::Serializer;

/// `2026-12-02T01:26:10.233171Z`: the fraction only when there is one.
pub fn text(at: &NaiveDateTime) -> String {
    at.and_utc().to_rfc3339_opts(SecondsFormat::AutoSi, true)
}

/// Serialises a stored instant, for `#[serde(serialize_with)]`.
pub fn utc<S: Serializer>(at: &NaiveDateTime, serializer: S) -> Result<S::Ok, S::Error> {
    serializer.serialize_str(&text(at))
}

/// As [`utc`], for an instant that may be absent.
pub fn utc_option<S: Serializer>(
    at: &Option<NaiveDateTime>,
    serializer: S,
) -> Result<S::Ok, S::Error> {
    match at {
        Some(at) => serializer.serialize_str(&text(at)),
        None => serializer.serialize_none(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn instants_carry_their_zone() {
        let at = chrono::NaiveDate::from_ymd_opt(2026, 12, 2)
            .and_then(|d| d.and_hms_micro_opt(1, 26, 10, 233_171))
            .expect("instant");
        assert_eq!(text(&at), "2026-12-02T01:26:10.233171Z");
        let whole = chrono::NaiveDate::from_ymd_opt(2026, 12, 2)
            .and_then(|d| d.and_hms_opt(1, 26, 10))
            .expect("instant");
        assert_eq!(text(&whole), "2026-12-02T01:26:10Z");
    }
}
