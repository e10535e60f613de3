//! Disagreement between judges on one entry and criterion: the spread
//! (highest minus lowest, in points of 100), flagged above the category's
//! threshold so admins can look before results are published.

use rust_decimal::Decimal;
use serde::Serialize;

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Disagreement {
    pub spread: Decimal,
    pub flagged: bool,
}

/// `None` when fewer than two judges scored.
pub fn disagreement(points: &[Decimal], threshold: Decimal) -> Option<Disagreement> {
    if points.len() < 2 {
        return None;
    }
    let highest = points.iter().max()?;
    let lowest = points.iter().min()?;
    let spread = *highest - *lowest;
    Some(Disagreement {
        spread,
        flagged: spread > threshold,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(text: &str) -> Decimal {
        text.parse().expect("decimal")
    }

    #[test]
    fn spreads_above_the_threshold_are_flagged() {
        assert_eq!(
            disagreement(&[d("60"), d("85"), d("70")], d("20")),
            Some(Disagreement {
                spread: d("25"),
                flagged: true
            })
        );
        assert_eq!(
            disagreement(&[d("60"), d("80")], d("20")),
            Some(Disagreement {
                spread: d("20"),
                flagged: false
            })
        );
        assert_eq!(disagreement(&[d("60")], d("20")), None);
    }
}
