//! Computed criteria: an indicator's value, or a ratio of two, mapped to
//! points from 0 to 100 linearly between a floor and a target, or by bands.

use rust_decimal::Decimal;

use crate::rubrics::model::{Computed, Mapping, Source};

/// Why a computed criterion has no points for an entry.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Missing {
    /// The entry has no value for this indicator.
    Value(String),
    /// The ratio's denominator is zero.
    ZeroDenominator(String),
}

/// The raw value the criterion reads from the entry's indicators.
pub fn source_value(
    source: &Source,
    value_of: impl Fn(&str) -> Option<Decimal>,
) -> Result<Decimal, Missing> {
    match source {
        Source::Indicator(key) => value_of(key).ok_or_else(|| Missing::Value(key.clone())),
        Source::Ratio {
            numerator,
            denominator,
        } => {
            let top = value_of(numerator).ok_or_else(|| Missing::Value(numerator.clone()))?;
            let bottom =
                value_of(denominator).ok_or_else(|| Missing::Value(denominator.clone()))?;
            if bottom.is_zero() {
                return Err(Missing::ZeroDenominator(denominator.clone()));
            }
            top.checked_div(bottom)
                .ok_or_else(|| Missing::ZeroDenominator(denominator.clone()))
        }
    }
}

/// Points (0 to 100) for a raw value. The direction is already in the
/// mapping: a lower-is-better line has its floor above its target, and bands
/// carry their own points (checked against the direction by the rubric).
pub fn points(mapping: &Mapping, value: Decimal) -> Decimal {
    match mapping {
        Mapping::Linear { floor, target } => {
            let (floor, target) = (*floor, *target);
            if floor == target {
                return Decimal::ZERO;
            }
            // Outside the line the points are 0 or 100 anyway; clamping the
            // value first keeps every difference below within the span.
            let value = value.clamp(floor.min(target), floor.max(target));
            // (value - floor) / (target - floor) works for both directions:
            // for lower-is-better the floor lies above the target. Only a
            // span wider than a decimal holds overflows; quartering every term
            // (each difference then fits with room) leaves the same quotient.
            let share = match target.checked_sub(floor) {
                Some(span) => (value - floor) / span,
                None => {
                    let four = Decimal::from(4);
                    (value / four - floor / four) / (target / four - floor / four)
                }
            };
            share.clamp(Decimal::ZERO, Decimal::ONE) * Decimal::ONE_HUNDRED
        }
        Mapping::Bands(bands) => bands
            .iter()
            .rev()
            .find(|band| value >= band.from)
            .map_or(Decimal::ZERO, |band| band.points),
    }
}

/// Points for a computed criterion given the entry's indicators.
pub fn evaluate(
    computed: &Computed,
    value_of: impl Fn(&str) -> Option<Decimal>,
) -> Result<Decimal, Missing> {
    let value = source_value(&computed.source, value_of)?;
    Ok(points(&computed.mapping, value))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rubrics::model::{Band, Direction};

    fn d(text: &str) -> Decimal {
        text.parse().expect("decimal")
    }

    #[test]
    fn linear_mapping_interpolates_and_clamps() {
        // Coverage PU: floor 20%, target 90%.
        let mapping = Mapping::Linear {
            floor: d("0.2"),
            target: d("0.9"),
        };
        assert_eq!(points(&mapping, d("0.55")), d("50"));
        assert_eq!(points(&mapping, d("0.1")), d("0"));
        assert_eq!(points(&mapping, d("1.2")), d("100"));
    }

    #[test]
    fn extreme_values_and_lines_do_not_overflow() {
        let wide = Mapping::Linear {
            floor: Decimal::MIN,
            target: Decimal::MAX,
        };
        assert_eq!(points(&wide, Decimal::ZERO), d("50"));
        assert_eq!(points(&wide, Decimal::MAX), d("100"));
        let narrow = Mapping::Linear {
            floor: d("1"),
            target: d("2"),
        };
        assert_eq!(points(&narrow, Decimal::MIN), d("0"));
        assert_eq!(points(&narrow, Decimal::MAX), d("100"));
    }

    #[test]
    fn lower_is_better_runs_the_other_way() {
        // Arrears in months: 6 or more earns nothing, none earns everything.
        let mapping = Mapping::Linear {
            floor: d("6"),
            target: d("0"),
        };
        assert_eq!(points(&mapping, d("0")), d("100"));
        assert_eq!(points(&mapping, d("3")), d("50"));
        assert_eq!(points(&mapping, d("9")), d("0"));
    }

    #[test]
    fn bands_give_the_points_of_the_last_band_reached() {
        let mapping = Mapping::Bands(vec![
            Band {
                from: d("0"),
                points: d("0"),
            },
            Band {
                from: d("1"),
                points: d("40"),
            },
            Band {
                from: d("100"),
                points: d("70"),
            },
            Band {
                from: d("500"),
                points: d("100"),
            },
        ]);
        assert_eq!(points(&mapping, d("0")), d("0"));
        assert_eq!(points(&mapping, d("99")), d("40"));
        assert_eq!(points(&mapping, d("100")), d("70"));
        assert_eq!(points(&mapping, d("10000")), d("100"));
    }

    #[test]
    fn ratios_read_two_indicators_and_refuse_a_zero_denominator() {
        let computed = Computed {
            source: Source::Ratio {
                numerator: "covered".into(),
                denominator: "eligible".into(),
            },
            mapping: Mapping::Linear {
                floor: d("0"),
                target: d("1"),
            },
            direction: Direction::HigherIsBetter,
        };
        let values = |covered: &'static str, eligible: &'static str| {
            move |key: &str| match key {
                "covered" => Some(d(covered)),
                "eligible" => Some(d(eligible)),
                _ => None,
            }
        };
        // West Java 2024: 5.9 million of 18.9 million eligible workers covered.
        assert_eq!(
            evaluate(&computed, values("5900000", "18900000"))
                .unwrap()
                .round_dp(2),
            d("31.22")
        );
        assert_eq!(
            evaluate(&computed, values("1", "0")),
            Err(Missing::ZeroDenominator("eligible".into()))
        );
        assert_eq!(
            evaluate(&computed, |_| None),
            Err(Missing::Value("covered".into()))
        );
    }
}
