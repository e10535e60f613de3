//! Bounds on every decimal a client sends: scores, weights, scale bounds,
//! mappings and indicator values.
//!
//! A decimal holds about 28 digits; a client who sends one near that limit
//! can make any later sum or product overflow. Every decimal that comes in is
//! therefore held to [`MAX_MAGNITUDE`] where it is parsed (indicator values,
//! typed by hand, to [`MAX_PLACES`] too),
//! which leaves the arithmetic of scoring (means of many judges, weights,
//! ratios) many orders of magnitude of headroom. Rupiah amounts of a whole
//! province's budget fit with room to spare.

use rust_decimal::Decimal;
use serde::{Deserialize, Deserializer};

use crate::error::Msg;

/// Largest magnitude accepted: 10^15.
pub const MAX_MAGNITUDE: Decimal = Decimal::from_parts(0xA4C6_8000, 0x0003_8D7E, 0, false, 0);

/// Most decimal places accepted (trailing zeros do not count).
pub const MAX_PLACES: u32 = 6;

/// The number as given, when its magnitude is within bounds: what makes
/// arithmetic safe. Rubrics and scoresheets stored before the bounds were
/// set are read with this rule too, so it only ever narrows on magnitude,
/// which no real rubric came near.
pub fn within_magnitude(given: Decimal) -> Result<Decimal, Msg> {
    if given.abs() > MAX_MAGNITUDE {
        return Err(Msg::said("number-too-large"));
    }
    Ok(given)
}

/// The number as given, when it is within bounds: its magnitude, and at
/// most six places (for indicator values, which are entered by hand).
pub fn check(given: Decimal) -> Result<Decimal, Msg> {
    within_magnitude(given)?;
    if given.normalize().scale() > MAX_PLACES {
        return Err(Msg::with(
            "number-too-many-places",
            &[("places", MAX_PLACES.into())],
        ));
    }
    Ok(given)
}

/// Deserialises a decimal of bounded magnitude, for `#[serde(deserialize_with)]`.
pub fn decimal<'de, D: Deserializer<'de>>(deserializer: D) -> Result<Decimal, D::Error> {
    let number = <Decimal as Deserialize>::deserialize(deserializer)?;
    within_magnitude(number).map_err(|msg| serde::de::Error::custom(msg.en))
}

/// As [`decimal`], for an optional one.
pub fn optional<'de, D: Deserializer<'de>>(deserializer: D) -> Result<Option<Decimal>, D::Error> {
    Option::<Decimal>::deserialize(deserializer)?
        .map(within_magnitude)
        .transpose()
        .map_err(|msg| serde::de::Error::custom(msg.en))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_limit_is_ten_to_the_fifteenth() {
        assert_eq!(MAX_MAGNITUDE, Decimal::from(1_000_000_000_000_000_i64));
    }

    #[test]
    fn ordinary_numbers_pass_as_given() {
        for (given, kept) in [
            ("7.50", "7.50"),
            ("2.0000000000", "2.0000000000"),
            ("-1000000000000000", "-1000000000000000"),
        ] {
            let number: Decimal = given.parse().expect("number");
            assert_eq!(check(number).expect("in bounds").to_string(), kept);
        }
        assert_eq!(
            check("0.000001".parse().expect("number")).expect("six places"),
            Decimal::new(1, 6)
        );
    }

    #[test]
    fn extremes_are_refused() {
        for hostile in [
            "-79228162514264337593543950335",
            "79228162514264337593543950335",
            "1000000000000000.1",
            "0.0000001",
        ] {
            let number: Decimal = hostile.parse().expect("number");
            assert!(check(number).is_err(), "{hostile} was accepted");
        }
    }

    #[test]
    fn serde_refuses_out_of_bounds() {
        #[derive(Deserialize)]
        struct Probe {
            #[serde(deserialize_with = "decimal")]
            #[allow(dead_code)]
            n: Decimal,
        }
        let error = serde_json::from_str::<Probe>(r#"{"n":"-79228162514264337593543950335"}"#)
            .err()
            .expect("refused");
        assert!(error.to_string().contains("too large"), "{error}");
        assert!(serde_json::from_str::<Probe>(r#"{"n":"8.25"}"#).is_ok());
        assert!(serde_json::from_str::<Probe>(r#"{"n":8.25}"#).is_ok());
        // A weight stored with many places, as older rubrics may hold, still reads.
        assert!(serde_json::from_str::<Probe>(r#"{"n":"33.3333334"}"#).is_ok());
    }
}
