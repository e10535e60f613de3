//! The ranking of a category as admins read it: every entry's rank, scores
//! and flags, with its final score explained criterion by criterion.

use std::collections::BTreeMap;

use rust_decimal::Decimal;
use serde::Serialize;
use utoipa::ToSchema;

use super::load::CategoryData;
use crate::categories::rules::{Aggregation, TieBreak};
use crate::error::{Arg, Msg};
use crate::scoring::assemble::{EntryOutcome, Outcome, assemble};
use crate::scoring::combine::JudgeTreatment;
use crate::scoring::computed::Missing;
use crate::scoring::weigh::{Leaf, PRECISION, normalise};

/// A score as shown and stored: exactly [`PRECISION`] decimal places.
pub fn fixed(score: Decimal) -> String {
    let mut score = score.round_dp(PRECISION);
    score.rescale(PRECISION);
    score.to_string()
}

/// One judge's mark on a criterion (admins only).
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct JudgeMark {
    pub judge_id: String,
    pub judge_name: String,
    /// On the criterion's own scale.
    pub score: String,
}

/// One line of a final score's explanation.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct ExplainedLine {
    /// `stage` or `criterion`.
    pub level: &'static str,
    pub key: String,
    pub name_id: String,
    /// 0 for stages, 1 for a stage's criteria, and so on.
    pub depth: usize,
    /// Share among its siblings, as set in the rubric.
    pub weight: String,
    /// Points of 100; absent when nothing was scored (not counted as zero).
    pub score: Option<String>,
    /// Share after leaving out siblings without a score.
    pub effective_weight: Option<String>,
    /// For a judged criterion: how many judges counted and how they were combined.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub judges: Option<usize>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub method: Option<&'static str>,
    /// Highest minus lowest judge, in points of 100.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub spread: Option<String>,
    #[serde(skip_serializing_if = "std::ops::Not::not")]
    pub disagreement: bool,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub marks: Vec<JudgeMark>,
    /// For a computed criterion without points: why.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub missing: Option<String>,
    /// Under z-score normalisation: judges of this entry kept on raw marks, and why.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub notes: Vec<String>,
}

#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct RankedEntry {
    /// 1 for the best; tied entries share a rank. Absent while nothing is scored.
    pub rank: Option<usize>,
    /// Equal with another entry after every tie-break rule.
    pub tied: bool,
    /// The tie-break rule that separated this entry from another with the
    /// same total, e.g. `stage:interview`.
    pub decided_by: Option<String>,
    pub entry_id: String,
    pub organisation_id: String,
    pub organisation_name: String,
    pub region_code: String,
    pub region_name: String,
    /// The furthest stage the entry was shortlisted into.
    pub reached_stage: String,
    pub total: Option<String>,
    /// Stage scores, points of 100.
    pub stages: BTreeMap<String, String>,
    /// `tie`, `disagreement`, `missing_data`, `no_score`.
    pub flags: Vec<&'static str>,
    pub explanation: Vec<ExplainedLine>,
}

/// A live ranking (or one page of it).
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct Ranking {
    pub edition_id: String,
    pub category_id: String,
    pub category_name: String,
    pub rubric_version: i32,
    #[schema(value_type = String)]
    pub aggregation: Aggregation,
    pub tie_break: Vec<TieBreak>,
    /// Decimal places every score is kept to.
    pub precision: u32,
    pub winners_count: i32,
    /// Active assignments whose scoresheet is not submitted yet.
    pub outstanding_scoresheets: usize,
    /// Judges z-score normalisation kept on raw marks, and similar remarks.
    pub notes: Vec<String>,
    pub items: Vec<RankedEntry>,
    pub total: i64,
    pub page: i64,
    pub per_page: i64,
}

pub fn method(aggregation: Aggregation) -> &'static str {
    aggregation.as_str()
}

// The remarks on a ranking are in Bahasa Indonesia only.

/// Why a judge's marks were used as given.
fn raw_reason(treatment: JudgeTreatment) -> Arg {
    Arg::Said(match treatment {
        JudgeTreatment::RawFewerThanTwo => "ranking-raw-fewer-than-two",
        _ => "ranking-raw-no-spread",
    })
}

fn missing_text(why: &Missing) -> String {
    let msg = match why {
        Missing::Value(key) => Msg::with("ranking-value-missing", &[("key", key.into())]),
        Missing::ZeroDenominator(key) => {
            Msg::with("ranking-zero-denominator", &[("key", key.into())])
        }
    };
    msg.id.into_owned()
}

pub fn rule_label(rule: &TieBreak) -> String {
    match rule {
        TieBreak::Stage(key) => format!("stage:{key}"),
        TieBreak::Criterion(key) => format!("criterion:{key}"),
    }
}

pub fn flags(outcome: &EntryOutcome) -> Vec<&'static str> {
    let mut flags = Vec::new();
    if outcome.tied {
        flags.push("tie");
    }
    if outcome.flagged_disagreement() {
        flags.push("disagreement");
    }
    if !outcome.missing.is_empty() {
        flags.push("missing_data");
    }
    if outcome.scores.total.is_none() {
        flags.push("no_score");
    }
    flags
}

/// Runs the engine over a loaded category.
pub fn outcome(data: &CategoryData) -> Outcome {
    assemble(&data.layout, &data.settings, &data.entries, &data.sheets)
}

/// For each entry, the indices of its submitted scoresheets in `data.details`.
pub fn sheets_by_entry(data: &CategoryData) -> Vec<Vec<usize>> {
    let mut index = vec![Vec::new(); data.entries.len()];
    for (i, detail) in data.details.iter().enumerate() {
        index[detail.entry].push(i);
    }
    index
}

pub fn ranked_entry(
    data: &CategoryData,
    outcome: &Outcome,
    sheets: &[Vec<usize>],
    e: usize,
) -> RankedEntry {
    let layout = &data.layout;
    let result = &outcome.entries[e];
    let meta = &data.meta[e];
    let explanation = layout
        .nodes
        .iter()
        .enumerate()
        .map(|(i, node)| {
            let judged = result.judged.iter().find(|j| j.node == i);
            ExplainedLine {
                level: node.level,
                key: node.key.clone(),
                name_id: node.name_id.clone(),
                depth: node.depth,
                weight: node.weight.normalize().to_string(),
                score: result.scores.scores[i].map(fixed),
                effective_weight: result.scores.effective[i].map(fixed),
                judges: judged.map(|j| j.judges),
                method: match node.leaf {
                    Some(Leaf::Judged(_)) if judged.is_some() => {
                        Some(method(data.settings.aggregation))
                    }
                    _ => None,
                },
                spread: match (&node.leaf, judged.and_then(|j| j.spread)) {
                    (Some(Leaf::Judged(scale)), Some(spread)) => {
                        Some(fixed(normalise(scale.min + spread, scale)))
                    }
                    _ => None,
                },
                disagreement: judged.is_some_and(|j| j.flagged),
                marks: if judged.is_some() {
                    let mut marks: Vec<JudgeMark> = sheets[e]
                        .iter()
                        .map(|&i| &data.details[i])
                        .filter_map(|detail| {
                            let mark = detail.marks.get(&node.key)?;
                            let score = mark.score.filter(|_| !mark.abstain)?;
                            let who = &data.judges[detail.judge as usize];
                            Some(JudgeMark {
                                judge_id: who.id.clone(),
                                judge_name: who.name.clone(),
                                score: score.normalize().to_string(),
                            })
                        })
                        .collect();
                    marks.sort_by(|a, b| a.judge_name.cmp(&b.judge_name));
                    marks
                } else {
                    Vec::new()
                },
                missing: result
                    .missing
                    .iter()
                    .find(|(node, _)| *node == i)
                    .map(|(_, why)| missing_text(why)),
                notes: if judged.is_some() {
                    sheets[e]
                        .iter()
                        .map(|&d| &data.details[d])
                        .filter(|detail| detail.marks.contains_key(&node.key))
                        .filter_map(|detail| {
                            let raw = outcome
                                .raw_judges
                                .iter()
                                .find(|r| r.node == i && r.judge == detail.judge)?;
                            let msg = Msg::with(
                                "ranking-judge-marks-raw",
                                &[
                                    ("judge", (&data.judges[detail.judge as usize].name).into()),
                                    ("why", raw_reason(raw.treatment)),
                                ],
                            );
                            Some(msg.id.into_owned())
                        })
                        .collect()
                } else {
                    Vec::new()
                },
            }
        })
        .collect();
    RankedEntry {
        rank: result.rank,
        tied: result.tied,
        decided_by: result
            .decided_by
            .and_then(|i| data.settings.tie_break.get(i))
            .map(rule_label),
        entry_id: data.entries[e].id.clone(),
        organisation_id: meta.organisation_id.clone(),
        organisation_name: meta.organisation_name.clone(),
        region_code: meta.region_code.clone(),
        region_name: meta.region_name.clone(),
        reached_stage: layout.stage_key(result.reached).to_owned(),
        total: result.scores.total.map(fixed),
        stages: layout
            .stages
            .iter()
            .filter_map(|&s| Some((layout.nodes[s].key.clone(), fixed(result.scores.scores[s]?))))
            .collect(),
        flags: flags(result),
        explanation,
    }
}

/// Remarks on the whole category, in Indonesian.
pub fn notes(data: &CategoryData, outcome: &Outcome) -> Vec<String> {
    let mut notes: Vec<String> = outcome
        .raw_judges
        .iter()
        .map(|raw| {
            let msg = Msg::with(
                "ranking-criterion-marks-raw",
                &[
                    ("criterion", (&data.layout.nodes[raw.node].key).into()),
                    ("judge", (&data.judges[raw.judge as usize].name).into()),
                    ("why", raw_reason(raw.treatment)),
                ],
            );
            msg.id.into_owned()
        })
        .collect();
    if data.outstanding > 0 {
        let msg = Msg::with(
            "ranking-scoresheets-outstanding",
            &[("count", data.outstanding.into())],
        );
        notes.push(msg.id.into_owned());
    }
    notes
}
