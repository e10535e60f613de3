//! Combining several judges' scores on one criterion into one: mean,
//! median, trimmed mean, or per-judge z-score normalisation.

use std::collections::BTreeMap;

use rust_decimal::{Decimal, MathematicalOps};
use serde::Serialize;

/// Judges needed before the trimmed mean drops the highest and lowest score.
pub const TRIM_FROM: usize = 5;

pub fn mean(scores: &[Decimal]) -> Option<Decimal> {
    if scores.is_empty() {
        return None;
    }
    Some(scores.iter().sum::<Decimal>() / Decimal::from(scores.len()))
}

/// The middle score; with an even number, the mean of the middle two.
pub fn median(scores: &[Decimal]) -> Option<Decimal> {
    let mut sorted = scores.to_vec();
    sorted.sort();
    let n = sorted.len();
    match n {
        0 => None,
        _ if n % 2 == 1 => Some(sorted[n / 2]),
        _ => Some((sorted[n / 2 - 1] + sorted[n / 2]) / Decimal::TWO),
    }
}

/// Drops one highest and one lowest score when at least five judges scored;
/// otherwise the plain mean.
pub fn trimmed_mean(scores: &[Decimal]) -> Option<Decimal> {
    if scores.len() < TRIM_FROM {
        return mean(scores);
    }
    let mut sorted = scores.to_vec();
    sorted.sort();
    mean(&sorted[1..sorted.len() - 1])
}

/// Population standard deviation.
fn spread(scores: &[Decimal]) -> Option<Decimal> {
    let average = mean(scores)?;
    let variance = scores
        .iter()
        .map(|s| (*s - average) * (*s - average))
        .sum::<Decimal>()
        / Decimal::from(scores.len());
    variance.sqrt()
}

/// How one judge was treated by z-score normalisation.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum JudgeTreatment {
    Standardised,
    /// Fewer than two entries scored, or all the same: raw scores used.
    RawFewerThanTwo,
    RawNoSpread,
}

/// How each judge is treated, and the mean and spread their scores are
/// measured against.
struct Basis<J> {
    pooled_mean: Decimal,
    pooled_spread: Decimal,
    judges: BTreeMap<J, (JudgeTreatment, Decimal, Decimal)>,
}

fn basis<J: Ord + Clone, E>(scores: &[(J, E, Decimal)]) -> Option<Basis<J>> {
    let all: Vec<Decimal> = scores.iter().map(|(_, _, s)| *s).collect();
    let pooled_mean = mean(&all)?;
    let pooled_spread = spread(&all)?;
    let mut by_judge: BTreeMap<J, Vec<Decimal>> = BTreeMap::new();
    for (judge, _, score) in scores {
        by_judge.entry(judge.clone()).or_default().push(*score);
    }
    let judges = by_judge
        .into_iter()
        .map(|(judge, own)| {
            let own_spread = spread(&own).unwrap_or(Decimal::ZERO);
            let how = if own.len() < 2 {
                JudgeTreatment::RawFewerThanTwo
            } else if own_spread.is_zero() {
                JudgeTreatment::RawNoSpread
            } else {
                JudgeTreatment::Standardised
            };
            let (judge_mean, judge_spread) = match how {
                JudgeTreatment::Standardised => (mean(&own).unwrap_or(pooled_mean), own_spread),
                // Raw: measure against the pooled figures, which leaves the score as it is.
                _ => (pooled_mean, pooled_spread),
            };
            (judge, (how, judge_mean, judge_spread))
        })
        .collect();
    Some(Basis {
        pooled_mean,
        pooled_spread,
        judges,
    })
}

/// Each score as a z value against its judge's own mean and spread (or the
/// pooled ones for a judge kept on raw scores), in input order.
pub fn standardise<J: Ord + Clone, E>(scores: &[(J, E, Decimal)]) -> Vec<Decimal> {
    match basis(scores) {
        Some(basis) => standardise_with(&basis, scores),
        None => Vec::new(),
    }
}

fn standardise_with<J: Ord, E>(basis: &Basis<J>, scores: &[(J, E, Decimal)]) -> Vec<Decimal> {
    scores
        .iter()
        .map(|(judge, _, score)| {
            let (_, judge_mean, judge_spread) = basis.judges[judge];
            if judge_spread.is_zero() {
                Decimal::ZERO
            } else {
                (*score - judge_mean) / judge_spread
            }
        })
        .collect()
}

/// Per-judge z-score normalisation for one criterion of one stage.
/// `scores` are (judge, entry, score). Each judge's scores are standardised
/// over the entries they scored, averaged per entry, and put back on the
/// criterion's scale with the mean and spread of all scores, clamped to
/// `[min, max]`. A judge with fewer than two entries or no spread keeps raw
/// scores (converted with the same mean and spread, so they mix fairly).
pub fn z_scores<J: Ord + Clone, E: Ord + Clone>(
    scores: &[(J, E, Decimal)],
    min: Decimal,
    max: Decimal,
) -> (BTreeMap<E, Decimal>, BTreeMap<J, JudgeTreatment>) {
    let Some(basis) = basis(scores) else {
        return (BTreeMap::new(), BTreeMap::new());
    };
    let zs = standardise_with(&basis, scores);
    let mut per_entry: BTreeMap<E, (Decimal, u32)> = BTreeMap::new();
    for ((_, entry, _), z) in scores.iter().zip(zs) {
        let sum = per_entry.entry(entry.clone()).or_insert((Decimal::ZERO, 0));
        sum.0 += z;
        sum.1 += 1;
    }
    let combined = per_entry
        .into_iter()
        .map(|(entry, (sum, n))| {
            let z = sum / Decimal::from(n);
            (
                entry,
                (basis.pooled_mean + z * basis.pooled_spread).clamp(min, max),
            )
        })
        .collect();
    let treatment = basis
        .judges
        .into_iter()
        .map(|(judge, (how, _, _))| (judge, how))
        .collect();
    (combined, treatment)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(text: &str) -> Decimal {
        text.parse().expect("decimal")
    }

    fn ds(texts: &[&str]) -> Vec<Decimal> {
        texts.iter().map(|t| d(t)).collect()
    }

    // Hand-worked: three judges score one entry 70, 80, 90.
    #[test]
    fn mean_median_and_trimmed_mean_of_a_small_panel() {
        let three = ds(&["70", "80", "90"]);
        assert_eq!(mean(&three), Some(d("80")));
        assert_eq!(median(&three), Some(d("80")));
        assert_eq!(
            trimmed_mean(&three),
            Some(d("80")),
            "fewer than five judges: no trimming"
        );
        // Four judges 60, 70, 80, 100: median is the mean of 70 and 80.
        assert_eq!(median(&ds(&["100", "60", "80", "70"])), Some(d("75")));
        // Five judges 40, 70, 75, 80, 100: trimming drops 40 and 100 -> (70+75+80)/3 = 75.
        assert_eq!(
            trimmed_mean(&ds(&["100", "75", "40", "80", "70"])),
            Some(d("75"))
        );
        assert_eq!(mean(&[]), None);
    }

    // Hand-worked z-scores. Judge A scores entries x, y: 60, 80 (mean 70,
    // spread 10). Judge B scores x, y: 85, 95 (mean 90, spread 5). All four
    // scores: mean 80, population spread sqrt(162.5) = 12.7475...
    // z: A gives x -1, y +1; B gives x -1, y +1. Entry x: 80 - 12.7475 =
    // 67.2525; entry y: 80 + 12.7475 = 92.7475. The lenient judge B no longer
    // pulls entries up: both judges agree that y beats x by the same margin.
    #[test]
    fn z_scores_remove_a_judges_leniency() {
        let scores = vec![
            ("a".to_owned(), "x".to_owned(), d("60")),
            ("a".to_owned(), "y".to_owned(), d("80")),
            ("b".to_owned(), "x".to_owned(), d("85")),
            ("b".to_owned(), "y".to_owned(), d("95")),
        ];
        let (combined, treatment) = z_scores(&scores, d("0"), d("100"));
        assert_eq!(combined["x"].round_dp(4), d("67.2525"));
        assert_eq!(combined["y"].round_dp(4), d("92.7475"));
        assert_eq!(treatment["a"], JudgeTreatment::Standardised);
    }

    #[test]
    fn z_scores_fall_back_to_raw_scores_and_say_so() {
        let scores = vec![
            ("a".to_owned(), "x".to_owned(), d("60")),
            ("b".to_owned(), "x".to_owned(), d("70")),
            ("b".to_owned(), "y".to_owned(), d("70")),
        ];
        let (combined, treatment) = z_scores(&scores, d("0"), d("100"));
        assert_eq!(treatment["a"], JudgeTreatment::RawFewerThanTwo);
        assert_eq!(treatment["b"], JudgeTreatment::RawNoSpread);
        // Raw scores pass through unchanged: x = mean(60, 70) = 65, y = 70.
        assert_eq!(combined["x"].round_dp(6), d("65"));
        assert_eq!(combined["y"].round_dp(6), d("70"));
    }
}
