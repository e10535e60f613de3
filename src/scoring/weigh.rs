//! Weighting: leaf scores (points of 100) up through the criteria tree to
//! stage scores and the final score, each explained line by line. Criteria
//! without a score (abstentions, recusals, a stage the entry never reached)
//! are left out and their siblings' weights renormalised: never counted as zero.

use std::collections::BTreeMap;

use rust_decimal::Decimal;
use serde::Serialize;

use crate::rubrics::model::{Criterion, Judged, Rubric};

/// Places kept for every score stored or shown.
pub const PRECISION: u32 = 4;

/// A judged score on its own scale, as points of 100.
pub fn normalise(score: Decimal, scale: &Judged) -> Decimal {
    let span = scale.max - scale.min;
    if span.is_zero() {
        Decimal::ZERO
    } else {
        (score - scale.min) / span * Decimal::ONE_HUNDRED
    }
}

/// One line of the explanation of a final score.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Line {
    /// `stage` or `criterion`.
    pub level: &'static str,
    pub key: String,
    /// Depth in the tree: 0 for stages.
    pub depth: usize,
    pub weight: Decimal,
    /// Points of 100, or none when nothing was scored.
    pub score: Option<Decimal>,
    /// Weight after leaving out siblings without a score.
    pub effective_weight: Option<Decimal>,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Weighed {
    pub total: Option<Decimal>,
    pub stages: BTreeMap<String, Decimal>,
    pub criteria: BTreeMap<String, Decimal>,
    pub explanation: Vec<Line>,
}

/// Weighted mean of the scored items; each item's effective weight is
/// written back into its line.
fn combine(items: &[(Decimal, Option<Decimal>, usize)], lines: &mut [Line]) -> Option<Decimal> {
    let present: Decimal = items
        .iter()
        .filter(|(_, s, _)| s.is_some())
        .map(|(w, _, _)| *w)
        .sum();
    if present.is_zero() {
        return None;
    }
    let mut total = Decimal::ZERO;
    for (weight, score, line) in items {
        if let Some(score) = score {
            let effective = *weight / present * Decimal::ONE_HUNDRED;
            lines[*line].effective_weight = Some(effective.round_dp(PRECISION));
            total += effective * *score / Decimal::ONE_HUNDRED;
        }
    }
    Some(total)
}

fn walk(
    criteria: &[Criterion],
    depth: usize,
    leaves: &BTreeMap<String, Decimal>,
    lines: &mut Vec<Line>,
    scores: &mut BTreeMap<String, Decimal>,
) -> Option<Decimal> {
    let mut items = Vec::new();
    for criterion in criteria {
        let at = lines.len();
        lines.push(Line {
            level: "criterion",
            key: criterion.key.clone(),
            depth,
            weight: criterion.weight,
            score: None,
            effective_weight: None,
        });
        let score = if criterion.children.is_empty() {
            leaves.get(&criterion.key).copied()
        } else {
            walk(&criterion.children, depth + 1, leaves, lines, scores)
        };
        if let Some(score) = score {
            let rounded = score.round_dp(PRECISION);
            lines[at].score = Some(rounded);
            scores.insert(criterion.key.clone(), rounded);
        }
        items.push((criterion.weight, score, at));
    }
    combine(&items, lines)
}

/// Weighs leaf scores (points of 100, by criterion key) through the rubric.
pub fn weigh(rubric: &Rubric, leaves: &BTreeMap<String, Decimal>) -> Weighed {
    let mut lines = Vec::new();
    let mut criteria = BTreeMap::new();
    let mut stages = BTreeMap::new();
    let mut items = Vec::new();
    for stage in &rubric.stages {
        let at = lines.len();
        lines.push(Line {
            level: "stage",
            key: stage.key.clone(),
            depth: 0,
            weight: stage.weight,
            score: None,
            effective_weight: None,
        });
        let score = walk(&stage.criteria, 1, leaves, &mut lines, &mut criteria);
        if let Some(score) = score {
            let rounded = score.round_dp(PRECISION);
            lines[at].score = Some(rounded);
            stages.insert(stage.key.clone(), rounded);
        }
        items.push((stage.weight, score, at));
    }
    let total = combine(&items, &mut lines).map(|t| t.round_dp(PRECISION));
    Weighed {
        total,
        stages,
        criteria,
        explanation: lines,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rubrics::model::Stage;

    fn d(text: &str) -> Decimal {
        text.parse().expect("decimal")
    }

    fn leaf(key: &str, weight: &str) -> Criterion {
        Criterion {
            key: key.into(),
            name_id: key.into(),
            name_en: String::new(),
            weight: d(weight),
            children: Vec::new(),
            judged: Some(Judged {
                min: d("0"),
                max: d("100"),
                step: d("5"),
                levels: Vec::new(),
                comment_required: false,
                abstain_allowed: true,
            }),
            computed: None,
        }
    }

    /// Data 60 (regulation 40, coverage 60 = pu 50 + bpu 50), interview 40.
    fn rubric() -> Rubric {
        let mut coverage = leaf("coverage", "60");
        coverage.judged = None;
        coverage.children = vec![leaf("pu", "50"), leaf("bpu", "50")];
        Rubric {
            stages: vec![
                Stage {
                    key: "data".into(),
                    name_id: "Data".into(),
                    name_en: String::new(),
                    weight: d("60"),
                    criteria: vec![leaf("regulation", "40"), coverage],
                },
                Stage {
                    key: "interview".into(),
                    name_id: "Wawancara".into(),
                    name_en: String::new(),
                    weight: d("40"),
                    criteria: vec![leaf("presentation", "100")],
                },
            ],
        }
    }

    // Hand-worked: regulation 80; pu 90, bpu 70 -> coverage 80; data
    // 0.4*80 + 0.6*80 = 80; interview 70; total 0.6*80 + 0.4*70 = 76.
    #[test]
    fn weights_carry_scores_up_to_the_total() {
        let leaves = [
            ("regulation", "80"),
            ("pu", "90"),
            ("bpu", "70"),
            ("presentation", "70"),
        ]
        .into_iter()
        .map(|(k, v)| (k.to_owned(), d(v)))
        .collect();
        let weighed = weigh(&rubric(), &leaves);
        assert_eq!(weighed.criteria["coverage"], d("80"));
        assert_eq!(weighed.stages["data"], d("80"));
        assert_eq!(weighed.total, Some(d("76")));
        assert_eq!(
            weighed.explanation.len(),
            7,
            "two stages and five criteria, each explained"
        );
    }

    // An abstention on bpu leaves coverage = pu = 90 (not 45); data =
    // 0.4*80 + 0.6*90 = 86; total 0.6*86 + 0.4*70 = 79.6.
    #[test]
    fn a_missing_score_is_left_out_not_counted_as_zero() {
        let leaves = [("regulation", "80"), ("pu", "90"), ("presentation", "70")]
            .into_iter()
            .map(|(k, v)| (k.to_owned(), d(v)))
            .collect();
        let weighed = weigh(&rubric(), &leaves);
        assert_eq!(weighed.criteria["coverage"], d("90"));
        assert_eq!(weighed.total, Some(d("79.6")));
        let pu = weighed.explanation.iter().find(|l| l.key == "pu").unwrap();
        assert_eq!(pu.effective_weight, Some(d("100")));
    }

    #[test]
    fn judged_scores_become_points_of_one_hundred() {
        let scale = Judged {
            min: d("1"),
            max: d("5"),
            step: d("1"),
            levels: Vec::new(),
            comment_required: false,
            abstain_allowed: false,
        };
        assert_eq!(normalise(d("4"), &scale), d("75"));
        assert_eq!(normalise(d("1"), &scale), d("0"));
    }
}
