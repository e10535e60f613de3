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

/// How one judge was treated by z-score normalisation.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum JudgeTreatment {
    Standardised,
    /// Fewer than two entries scored, or all the same: raw scores used.
    RawFewerThanTwo,
    RawNoSpread,
}

/// Per-judge figures for z-score normalisation: how the judge is treated,
/// and the mean and reciprocal spread their scores are measured against.
struct Basis {
    pooled_mean: Decimal,
    pooled_spread: Decimal,
    /// Indexed by judge number; `None` for judges without scores.
    judges: Vec<Option<(JudgeTreatment, Decimal, Decimal)>>,
}

/// Places kept for the intermediate figures of z-score normalisation (means,
/// spreads and their reciprocals); results are rounded far coarser.
const Z_PLACES: u32 = 12;

/// Population standard deviation from a count, a sum and a sum of squares,
/// exact up to the square root.
fn spread_of(n: u32, sum: Decimal, squares: Decimal) -> Decimal {
    let n = Decimal::from(n);
    let variance = (squares - sum * sum / n) / n;
    variance
        .max(Decimal::ZERO)
        .sqrt()
        .unwrap_or(Decimal::ZERO)
        .round_dp(Z_PLACES)
}

fn basis(scores: &[(u32, usize, Decimal)]) -> Option<Basis> {
    if scores.is_empty() {
        return None;
    }
    let count = scores
        .iter()
        .map(|(j, _, _)| *j as usize + 1)
        .max()
        .unwrap_or(0);
    // Per judge: number of scores, their sum and the sum of their squares.
    let mut sums = vec![(0u32, Decimal::ZERO, Decimal::ZERO); count];
    for (judge, _, score) in scores {
        let sum = &mut sums[*judge as usize];
        sum.0 += 1;
        sum.1 += *score;
        sum.2 += *score * *score;
    }
    let (n, total, squares) = sums.iter().fold(
        (0u32, Decimal::ZERO, Decimal::ZERO),
        |(n, total, squares), (m, sum, sq)| (n + m, total + sum, squares + sq),
    );
    let pooled_mean = (total / Decimal::from(n)).round_dp(Z_PLACES);
    let pooled_spread = spread_of(n, total, squares);
    let reciprocal = |spread: Decimal| {
        if spread.is_zero() {
            Decimal::ZERO
        } else {
            (Decimal::ONE / spread).round_dp(Z_PLACES)
        }
    };
    let judges = sums
        .iter()
        .map(|&(n, sum, squares)| {
            if n == 0 {
                return None;
            }
            let own_spread = spread_of(n, sum, squares);
            let how = if n < 2 {
                JudgeTreatment::RawFewerThanTwo
            } else if own_spread.is_zero() {
                JudgeTreatment::RawNoSpread
            } else {
                JudgeTreatment::Standardised
            };
            Some(match how {
                JudgeTreatment::Standardised => (
                    how,
                    (sum / Decimal::from(n)).round_dp(Z_PLACES),
                    reciprocal(own_spread),
                ),
                // Raw: measure against the pooled figures, which leaves the score as it is.
                _ => (how, pooled_mean, reciprocal(pooled_spread)),
            })
        })
        .collect();
    Some(Basis {
        pooled_mean,
        pooled_spread,
        judges,
    })
}

fn standardise_with(basis: &Basis, scores: &[(u32, usize, Decimal)]) -> Vec<Decimal> {
    scores
        .iter()
        .map(|(judge, _, score)| match basis.judges[*judge as usize] {
            Some((_, judge_mean, inverse)) => (*score - judge_mean) * inverse,
            None => Decimal::ZERO,
        })
        .collect()
}

/// Each score as a z value against its judge's own mean and spread (or the
/// pooled ones for a judge kept on raw scores), in input order. Scores are
/// (judge number, entry number, score).
pub fn standardise(scores: &[(u32, usize, Decimal)]) -> Vec<Decimal> {
    match basis(scores) {
        Some(basis) => standardise_with(&basis, scores),
        None => Vec::new(),
    }
}

/// The outcome of z-score normalisation for one criterion.
#[derive(Debug, Clone, PartialEq)]
pub struct Standardised {
    /// Indexed by entry number; `None` for entries nobody scored.
    pub per_entry: Vec<Option<Decimal>>,
    /// How each judge (by number) was treated.
    pub treatment: BTreeMap<u32, JudgeTreatment>,
}

/// Per-judge z-score normalisation for one criterion of one stage.
/// `scores` are (judge number, entry number below `entries`, score). Each
/// judge's scores are standardised over the entries they scored, averaged
/// per entry, and put back on the criterion's scale with the mean and
/// spread of all scores, clamped to `[min, max]`. A judge with fewer than
/// two entries or no spread keeps raw scores (converted with the same mean
/// and spread, so they mix fairly).
pub fn z_scores(
    scores: &[(u32, usize, Decimal)],
    entries: usize,
    min: Decimal,
    max: Decimal,
) -> Standardised {
    let Some(basis) = basis(scores) else {
        return Standardised {
            per_entry: vec![None; entries],
            treatment: BTreeMap::new(),
        };
    };
    let mut sums = vec![(Decimal::ZERO, 0u32); entries];
    for (judge, entry, score) in scores {
        if let (Some(sum), Some((_, judge_mean, inverse))) =
            (sums.get_mut(*entry), basis.judges[*judge as usize])
        {
            sum.0 += (*score - judge_mean) * inverse;
            sum.1 += 1;
        }
    }
    let per_entry = sums
        .into_iter()
        .map(|(sum, n)| {
            (n > 0).then(|| {
                let z = (sum / Decimal::from(n)).round_dp(Z_PLACES);
                (basis.pooled_mean + z * basis.pooled_spread).clamp(min, max)
            })
        })
        .collect();
    let treatment = basis
        .judges
        .iter()
        .enumerate()
        .filter_map(|(judge, figures)| Some((judge as u32, figures.as_ref()?.0)))
        .collect();
    Standardised {
        per_entry,
        treatment,
    }
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
        // Judges a = 0, b = 1; entries x = 0, y = 1.
        let scores = vec![
            (0, 0, d("60")),
            (0, 1, d("80")),
            (1, 0, d("85")),
            (1, 1, d("95")),
        ];
        let z = z_scores(&scores, 2, d("0"), d("100"));
        assert_eq!(z.per_entry[0].unwrap().round_dp(4), d("67.2525"));
        assert_eq!(z.per_entry[1].unwrap().round_dp(4), d("92.7475"));
        assert_eq!(z.treatment[&0], JudgeTreatment::Standardised);
    }

    #[test]
    fn z_scores_fall_back_to_raw_scores_and_say_so() {
        // Judge a = 0 scored only x = 0; judge b = 1 gave x and y = 1 the same.
        let scores = vec![(0, 0, d("60")), (1, 0, d("70")), (1, 1, d("70"))];
        let z = z_scores(&scores, 2, d("0"), d("100"));
        assert_eq!(z.treatment[&0], JudgeTreatment::RawFewerThanTwo);
        assert_eq!(z.treatment[&1], JudgeTreatment::RawNoSpread);
        // Raw scores pass through unchanged: x = mean(60, 70) = 65, y = 70.
        assert_eq!(z.per_entry[0].unwrap().round_dp(6), d("65"));
        assert_eq!(z.per_entry[1].unwrap().round_dp(6), d("70"));
    }
}
