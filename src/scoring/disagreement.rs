//! Disagreement between judges on one entry and criterion: the spread
//! (highest minus lowest), flagged when, in points of 100, it is above the
//! category's threshold, so admins can look before results are published.

use rust_decimal::Decimal;

use crate::rubrics::model::Judged;

/// Highest minus lowest mark, on the criterion's own scale; `None` when
/// fewer than two judges scored.
pub fn spread(marks: &[Decimal]) -> Option<Decimal> {
    if marks.len() < 2 {
        return None;
    }
    Some(*marks.iter().max()? - *marks.iter().min()?)
}

/// Whether a spread on `scale` is above `threshold` points of 100:
/// spread / span * 100 > threshold, worked out without dividing.
pub fn flagged(spread: Decimal, scale: &Judged, threshold: Decimal) -> bool {
    spread * Decimal::ONE_HUNDRED > threshold * (scale.max - scale.min)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(text: &str) -> Decimal {
        text.parse().expect("decimal")
    }

    fn scale(max: &str) -> Judged {
        Judged {
            min: d("0"),
            max: d(max),
            step: d("1"),
            levels: Vec::new(),
            comment_required: false,
            abstain_allowed: false,
        }
    }

    #[test]
    fn spreads_above_the_threshold_are_flagged() {
        let points = scale("100");
        assert_eq!(spread(&[d("60"), d("85"), d("70")]), Some(d("25")));
        assert!(flagged(d("25"), &points, d("20")));
        assert_eq!(spread(&[d("60"), d("80")]), Some(d("20")));
        assert!(!flagged(d("20"), &points, d("20")));
        assert_eq!(spread(&[d("60")]), None);
        // On a 1-to-10 scale a spread of 3 is 30 points: flagged.
        assert!(flagged(d("3"), &scale("10"), d("20")));
    }
}
