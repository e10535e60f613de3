//! What the office's ranking page draws: how a category's final scores
//! spread, how lenient each judge is against the panel, and which criteria
//! the judges disagree on most. Worked out from the same marks and outcome
//! the ranking uses, in points of 100, so every chart reads on one scale.

use std::collections::HashMap;

use rust_decimal::Decimal;
use rust_decimal::prelude::ToPrimitive;
use serde::Serialize;

use super::load::CategoryData;
use crate::scoring::assemble::Outcome;
use crate::scoring::weigh::{Leaf, normalise};

/// Bands of the score distribution: ten points each, the last one taking 100.
pub const BANDS: usize = 10;
/// Criteria the disagreement chart names.
pub const MOST_DISPUTED: usize = 5;

/// A judge's marks against their panel's: the mean of (their mark minus
/// the panel's mean for the same entry and criterion), and how much that
/// difference varies. Only marks shared with another judge count.
#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct Leniency {
    pub judge: String,
    /// Marks compared.
    pub marks: usize,
    /// Points of 100 above (positive) or below the panel, on average.
    pub mean: f64,
    /// Standard deviation of the differences, points of 100.
    pub spread: f64,
}

/// How far apart the judges were on one criterion.
#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct Disagreement {
    pub key: String,
    pub name_id: String,
    pub name_en: String,
    /// Entries two or more judges scored on it.
    pub entries: usize,
    /// Mean of highest minus lowest mark, points of 100.
    pub mean_spread: f64,
    /// Entries whose spread passed the category's threshold.
    pub flagged: usize,
}

#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct Charts {
    /// Entries by final score: [0, 10), [10, 20) ... [90, 100].
    pub distribution: Vec<usize>,
    /// Entries without a final score yet.
    pub unscored: usize,
    /// Judges, most lenient first.
    pub leniency: Vec<Leniency>,
    /// The most disputed criteria, most first.
    pub disagreement: Vec<Disagreement>,
}

fn float(value: Decimal) -> f64 {
    value.to_f64().unwrap_or(0.0)
}

fn band(score: f64) -> usize {
    ((score / 10.0).floor().max(0.0) as usize).min(BANDS - 1)
}

/// The charts of a ranked category.
pub fn of_category(data: &CategoryData, outcome: &Outcome) -> Charts {
    let mut distribution = vec![0; BANDS];
    let mut unscored = 0;
    for entry in &outcome.entries {
        match entry.scores.total {
            Some(total) => distribution[band(float(total))] += 1,
            None => unscored += 1,
        }
    }

    // Every mark in points of 100, by (entry, criterion node).
    let mut marks: HashMap<(usize, usize), Vec<(u32, f64)>> = HashMap::new();
    for sheet in &data.sheets {
        for &(node, score) in &sheet.scores {
            if let Some(Leaf::Judged(scale)) = &data.layout.nodes[node].leaf {
                marks
                    .entry((sheet.entry, node))
                    .or_default()
                    .push((sheet.judge, float(normalise(score, scale))));
            }
        }
    }
    let mut differences: HashMap<u32, Vec<f64>> = HashMap::new();
    let mut spreads: HashMap<usize, Vec<f64>> = HashMap::new();
    for ((_, node), given) in &marks {
        if given.len() < 2 {
            continue;
        }
        let mean = given.iter().map(|(_, p)| p).sum::<f64>() / given.len() as f64;
        for (judge, points) in given {
            differences.entry(*judge).or_default().push(points - mean);
        }
        let (low, high) = given.iter().fold((f64::MAX, f64::MIN), |(lo, hi), (_, p)| {
            (lo.min(*p), hi.max(*p))
        });
        spreads.entry(*node).or_default().push(high - low);
    }

    let mut leniency: Vec<Leniency> = differences
        .into_iter()
        .filter_map(|(judge, diffs)| {
            let name = data.judges.get(judge as usize)?.name.clone();
            let n = diffs.len() as f64;
            let mean = diffs.iter().sum::<f64>() / n;
            let variance = diffs.iter().map(|d| (d - mean).powi(2)).sum::<f64>() / n;
            Some(Leniency {
                judge: name,
                marks: diffs.len(),
                mean,
                spread: variance.sqrt(),
            })
        })
        .collect();
    leniency.sort_by(|a, b| {
        b.mean
            .total_cmp(&a.mean)
            .then_with(|| a.judge.cmp(&b.judge))
    });

    let mut disagreement: Vec<Disagreement> = spreads
        .into_iter()
        .map(|(node, spreads)| {
            let criterion = &data.layout.nodes[node];
            let flagged = outcome
                .entries
                .iter()
                .filter(|e| e.judged.iter().any(|j| j.node == node && j.flagged))
                .count();
            Disagreement {
                key: criterion.key.clone(),
                name_id: criterion.name_id.clone(),
                name_en: criterion.name_en.clone(),
                entries: spreads.len(),
                mean_spread: spreads.iter().sum::<f64>() / spreads.len() as f64,
                flagged,
            }
        })
        .collect();
    disagreement.sort_by(|a, b| {
        b.mean_spread
            .total_cmp(&a.mean_spread)
            .then_with(|| a.key.cmp(&b.key))
    });
    disagreement.truncate(MOST_DISPUTED);

    Charts {
        distribution,
        unscored,
        leniency,
        disagreement,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn scores_fall_in_bands_of_ten_with_a_hundred_in_the_last() {
        assert_eq!(band(0.0), 0);
        assert_eq!(band(9.999), 0);
        assert_eq!(band(10.0), 1);
        assert_eq!(band(95.5), 9);
        assert_eq!(band(100.0), 9);
    }
}
