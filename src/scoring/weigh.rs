//! Weighting: leaf scores (points of 100) up through the criteria tree to
//! stage scores and the final score, each explained line by line. Criteria
//! without a score (abstentions, recusals, a stage the entry never reached)
//! are left out and their siblings' weights renormalised: never counted as zero.
//!
//! The rubric is first flattened into a [`Layout`] (nodes in reading order),
//! so that ranking a large category works on plain vectors indexed by node
//! rather than on maps keyed by name.

use std::collections::{BTreeMap, HashMap};

use rust_decimal::Decimal;
use serde::Serialize;

use crate::categories::rules::TieBreak;
use crate::rubrics::model::{Computed, Criterion, Judged, Rubric};

/// Places kept for every score stored or shown.
pub const PRECISION: u32 = 4;

/// A score kept to exactly [`PRECISION`] places (rounded half to even), so
/// that equal scores are equal in every digit and compare quickly.
pub fn fix(score: Decimal) -> Decimal {
    let mut fixed = score.round_dp(PRECISION);
    fixed.rescale(PRECISION);
    fixed
}

/// A judged score on its own scale, as points of 100.
pub fn normalise(score: Decimal, scale: &Judged) -> Decimal {
    let span = scale.max - scale.min;
    if span.is_zero() {
        Decimal::ZERO
    } else if span == Decimal::ONE_HUNDRED {
        // The usual 0-100 scale: already points, no division needed.
        score - scale.min
    } else {
        (score - scale.min) * Decimal::ONE_HUNDRED / span
    }
}

/// How a leaf criterion gets its points.
#[derive(Debug, Clone, PartialEq)]
pub enum Leaf {
    Judged(Judged),
    Computed(Computed),
}

/// One stage or criterion of the rubric, flattened.
#[derive(Debug, Clone, PartialEq)]
pub struct Node {
    /// `stage` or `criterion`.
    pub level: &'static str,
    pub key: String,
    pub name_id: String,
    pub name_en: String,
    /// Depth in the tree: 0 for stages.
    pub depth: usize,
    pub weight: Decimal,
    /// The stage this node belongs to (its own index for a stage).
    pub stage: usize,
    pub children: Vec<usize>,
    pub leaf: Option<Leaf>,
}

/// The rubric as a list of nodes in reading order (each stage, then its
/// criteria depth first).
#[derive(Debug, Clone, PartialEq)]
pub struct Layout {
    pub nodes: Vec<Node>,
    /// Node index of each stage, in rubric order.
    pub stages: Vec<usize>,
    by_criterion: HashMap<String, usize>,
    by_stage: HashMap<String, usize>,
    /// Each node's children's shares (weight / sum of weights * 100) when
    /// every child has a score, the usual case, worked out once.
    shares: Vec<Vec<Decimal>>,
    stage_shares: Vec<Decimal>,
}

/// weight / sum of weights * 100 for each weight.
fn shares_of(weights: impl Iterator<Item = Decimal> + Clone) -> Vec<Decimal> {
    let sum: Decimal = weights.clone().sum();
    weights
        .map(|w| {
            if sum.is_zero() {
                Decimal::ZERO
            } else {
                w / sum * Decimal::ONE_HUNDRED
            }
        })
        .collect()
}

impl Layout {
    pub fn new(rubric: &Rubric) -> Layout {
        fn add(
            criteria: &[Criterion],
            depth: usize,
            stage: usize,
            nodes: &mut Vec<Node>,
        ) -> Vec<usize> {
            let mut own = Vec::with_capacity(criteria.len());
            for criterion in criteria {
                let at = nodes.len();
                own.push(at);
                nodes.push(Node {
                    level: "criterion",
                    key: criterion.key.clone(),
                    name_id: criterion.name_id.clone(),
                    name_en: criterion.name_en.clone(),
                    depth,
                    weight: criterion.weight,
                    stage,
                    children: Vec::new(),
                    leaf: if criterion.children.is_empty() {
                        match (&criterion.judged, &criterion.computed) {
                            (Some(judged), _) => Some(Leaf::Judged(judged.clone())),
                            (None, Some(computed)) => Some(Leaf::Computed(computed.clone())),
                            (None, None) => None,
                        }
                    } else {
                        None
                    },
                });
                let children = add(&criterion.children, depth + 1, stage, nodes);
                nodes[at].children = children;
            }
            own
        }
        let mut nodes = Vec::new();
        let mut stages = Vec::new();
        for stage in &rubric.stages {
            let at = nodes.len();
            stages.push(at);
            nodes.push(Node {
                level: "stage",
                key: stage.key.clone(),
                name_id: stage.name_id.clone(),
                name_en: stage.name_en.clone(),
                depth: 0,
                weight: stage.weight,
                stage: at,
                children: Vec::new(),
                leaf: None,
            });
            let children = add(&stage.criteria, 1, at, &mut nodes);
            nodes[at].children = children;
        }
        let by_criterion = nodes
            .iter()
            .enumerate()
            .filter(|(_, n)| n.level == "criterion")
            .map(|(i, n)| (n.key.clone(), i))
            .collect();
        let by_stage = stages.iter().map(|&i| (nodes[i].key.clone(), i)).collect();
        let shares = nodes
            .iter()
            .map(|n| shares_of(n.children.iter().map(|&c| nodes[c].weight)))
            .collect();
        let stage_shares = shares_of(stages.iter().map(|&s| nodes[s].weight));
        Layout {
            nodes,
            stages,
            by_criterion,
            by_stage,
            shares,
            stage_shares,
        }
    }

    pub fn criterion(&self, key: &str) -> Option<usize> {
        self.by_criterion.get(key).copied()
    }

    pub fn stage(&self, key: &str) -> Option<usize> {
        self.by_stage.get(key).copied()
    }

    /// The node a tie-break rule compares: a stage or a criterion.
    pub fn rule_node(&self, rule: &TieBreak) -> Option<usize> {
        match rule {
            TieBreak::Stage(key) => self.stage(key),
            TieBreak::Criterion(key) => self.criterion(key),
        }
    }

    /// The node of each tie-break rule, in order.
    pub fn rule_nodes(&self, rules: &[TieBreak]) -> Vec<Option<usize>> {
        rules.iter().map(|rule| self.rule_node(rule)).collect()
    }

    /// The key of the stage at `index` in rubric order ("" past the end).
    pub fn stage_key(&self, index: usize) -> &str {
        self.stages
            .get(index)
            .map_or("", |&s| self.nodes[s].key.as_str())
    }

    /// Judged leaves of one stage (by node index), in reading order.
    pub fn judged_leaves(&self, stage: usize) -> Vec<usize> {
        (0..self.nodes.len())
            .filter(|&i| {
                self.nodes[i].stage == stage && matches!(self.nodes[i].leaf, Some(Leaf::Judged(_)))
            })
            .collect()
    }
}

/// Scores of every node for one entry, points of 100 rounded to
/// [`PRECISION`], with the weight each scored node carried after siblings
/// without a score were left out.
#[derive(Debug, Clone, PartialEq)]
pub struct NodeScores {
    pub total: Option<Decimal>,
    pub scores: Vec<Option<Decimal>>,
    pub effective: Vec<Option<Decimal>>,
}

/// Weighted mean of the scored children (node indices with their weights
/// and their shares when all are scored); each child's effective weight is
/// written down.
fn combine(
    children: &[usize],
    weight_of: impl Fn(usize) -> Decimal,
    all_shares: &[Decimal],
    scores: &[Option<Decimal>],
    effective: &mut [Option<Decimal>],
) -> Option<Decimal> {
    let cent = Decimal::new(1, 2);
    if children.iter().all(|&c| scores[c].is_some()) {
        if children.is_empty() {
            return None;
        }
        let mut total = Decimal::ZERO;
        for (&child, &share) in children.iter().zip(all_shares) {
            effective[child] = Some(fix(share));
            total += share * scores[child].unwrap_or_default() * cent;
        }
        return Some(total);
    }
    let present: Decimal = children
        .iter()
        .filter(|&&c| scores[c].is_some())
        .map(|&c| weight_of(c))
        .sum();
    if present.is_zero() {
        return None;
    }
    let mut total = Decimal::ZERO;
    for &child in children {
        if let Some(score) = scores[child] {
            let share = weight_of(child) / present * Decimal::ONE_HUNDRED;
            effective[child] = Some(fix(share));
            total += share * score * cent;
        }
    }
    Some(total)
}

/// Weighs leaf points (indexed by node; `None` for a leaf without a score)
/// up to stage scores and the total. Each parent combines its children's
/// rounded scores, so the explanation adds up exactly as shown.
pub fn weigh_nodes(layout: &Layout, leaves: &[Option<Decimal>]) -> NodeScores {
    let count = layout.nodes.len();
    let mut scores: Vec<Option<Decimal>> = vec![None; count];
    let mut effective: Vec<Option<Decimal>> = vec![None; count];
    let weight_of = |i: usize| layout.nodes[i].weight;
    // Children always come after their parent, so walking backwards visits
    // every child before its parent.
    for i in (0..count).rev() {
        let node = &layout.nodes[i];
        let score = if node.children.is_empty() {
            leaves.get(i).copied().flatten()
        } else {
            combine(
                &node.children,
                weight_of,
                &layout.shares[i],
                &scores,
                &mut effective,
            )
        };
        scores[i] = score.map(fix);
    }
    let total = combine(
        &layout.stages,
        weight_of,
        &layout.stage_shares,
        &scores,
        &mut effective,
    )
    .map(fix);
    NodeScores {
        total,
        scores,
        effective,
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

/// The explanation lines of one entry's node scores.
pub fn explain(layout: &Layout, scored: &NodeScores) -> Vec<Line> {
    layout
        .nodes
        .iter()
        .enumerate()
        .map(|(i, node)| Line {
            level: node.level,
            key: node.key.clone(),
            depth: node.depth,
            weight: node.weight,
            score: scored.scores[i],
            effective_weight: scored.effective[i],
        })
        .collect()
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Weighed {
    pub total: Option<Decimal>,
    pub stages: BTreeMap<String, Decimal>,
    pub criteria: BTreeMap<String, Decimal>,
    pub explanation: Vec<Line>,
}

/// Weighs leaf scores (points of 100, by criterion key) through the rubric.
pub fn weigh(rubric: &Rubric, leaves: &BTreeMap<String, Decimal>) -> Weighed {
    let layout = Layout::new(rubric);
    let points: Vec<Option<Decimal>> = layout
        .nodes
        .iter()
        .map(|n| match n.level {
            "criterion" => leaves.get(&n.key).copied(),
            _ => None,
        })
        .collect();
    let scored = weigh_nodes(&layout, &points);
    let mut stages = BTreeMap::new();
    let mut criteria = BTreeMap::new();
    for (i, node) in layout.nodes.iter().enumerate() {
        if let Some(score) = scored.scores[i] {
            match node.level {
                "stage" => stages.insert(node.key.clone(), score),
                _ => criteria.insert(node.key.clone(), score),
            };
        }
    }
    Weighed {
        total: scored.total,
        stages,
        criteria,
        explanation: explain(&layout, &scored),
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
