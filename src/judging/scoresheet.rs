//! What a judge fills in for one entry and stage: a mark per judged
//! criterion (a score on its scale and step, or an abstention where the
//! rubric allows), with a comment where required.

use std::collections::BTreeMap;

use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

use crate::error::{Arg, FieldErrors, Msg};
use crate::rubrics::model::{Computed, Criterion, Judged, Stage};

#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct Mark {
    #[serde(
        default,
        skip_serializing_if = "Option::is_none",
        deserialize_with = "crate::bounded::optional"
    )]
    #[schema(value_type = Option<String>)]
    pub score: Option<Decimal>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub comment: Option<String>,
    /// Abstain on this criterion (only where the rubric allows).
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub abstain: bool,
}

pub type Marks = BTreeMap<String, Mark>;

/// A judged criterion as the judge sees it.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct JudgedCriterion {
    pub key: String,
    pub name_id: String,
    pub name_en: String,
    pub scale: Judged,
}

/// A criterion of the stage worked out from the entry's indicators, which
/// the judge reads beside the sheet.
#[derive(Debug, Clone)]
pub struct ComputedCriterion {
    pub key: String,
    pub name_id: String,
    pub name_en: String,
    pub computed: Computed,
}

/// What a stage asks of its judges and works out by itself.
#[derive(Debug)]
pub struct StageCriteria {
    pub judged: Vec<JudgedCriterion>,
    pub computed: Vec<ComputedCriterion>,
}

/// The leaves of a stage that `pick` takes, in rubric order.
fn leaves<T>(stage: &Stage, pick: impl Fn(&Criterion) -> Option<T>) -> Vec<T> {
    fn walk<T>(criteria: &[Criterion], pick: &dyn Fn(&Criterion) -> Option<T>, out: &mut Vec<T>) {
        for criterion in criteria {
            out.extend(pick(criterion));
            walk(&criterion.children, pick, out);
        }
    }
    let mut out = Vec::new();
    walk(&stage.criteria, &pick, &mut out);
    out
}

/// A criterion's English name, or its Indonesian one when it has none.
fn name_en(criterion: &Criterion) -> String {
    if criterion.name_en.is_empty() {
        criterion.name_id.clone()
    } else {
        criterion.name_en.clone()
    }
}

/// The computed leaves of a stage, in rubric order.
pub fn computed_criteria(stage: &Stage) -> Vec<ComputedCriterion> {
    leaves(stage, |criterion| {
        criterion
            .computed
            .as_ref()
            .map(|computed| ComputedCriterion {
                key: criterion.key.clone(),
                name_id: criterion.name_id.clone(),
                name_en: name_en(criterion),
                computed: computed.clone(),
            })
    })
}

/// The judged leaves of a stage, in rubric order.
pub fn judged_criteria(stage: &Stage) -> Vec<JudgedCriterion> {
    leaves(stage, |criterion| {
        criterion.judged.as_ref().map(|judged| JudgedCriterion {
            key: criterion.key.clone(),
            name_id: criterion.name_id.clone(),
            name_en: name_en(criterion),
            scale: judged.clone(),
        })
    })
}

/// Checks what is given (a draft may be partial): known criteria, scores on
/// the scale and its step, abstentions only where allowed.
pub fn check_marks(criteria: &[JudgedCriterion], marks: &Marks, errors: &mut FieldErrors) {
    for (key, mark) in marks {
        let at = format!("scores.{key}");
        let Some(criterion) = criteria.iter().find(|c| &c.key == key) else {
            errors.push(
                at,
                "unknown_criterion",
                Msg::said("scoresheet-criterion-not-judged"),
            );
            continue;
        };
        if mark.abstain && !criterion.scale.abstain_allowed {
            errors.push(
                at.clone(),
                "abstain_not_allowed",
                Msg::said("scoresheet-abstain-not-allowed"),
            );
        }
        if mark.abstain && mark.score.is_some() {
            errors.push(
                at.clone(),
                "abstain_and_score",
                Msg::said("scoresheet-score-or-abstain"),
            );
        }
        if let Some(score) = mark.score {
            let scale = &criterion.scale;
            // Checked: a score out of all proportion is off the scale, not a panic.
            let on_step = score
                .checked_sub(scale.min)
                .and_then(|offset| offset.checked_rem(scale.step))
                .is_some_and(|rest| rest.is_zero());
            if score < scale.min || score > scale.max || !on_step {
                errors.push(
                    at.clone(),
                    "off_scale",
                    Msg::with(
                        "scoresheet-score-off-scale",
                        &[
                            ("min", scale.min.normalize().into()),
                            ("max", scale.max.normalize().into()),
                            ("step", scale.step.normalize().into()),
                        ],
                    ),
                );
            }
        }
        if mark
            .comment
            .as_ref()
            .is_some_and(|c| c.chars().count() > 5000)
        {
            errors.push(at, "too_long", Msg::said("scoresheet-comment-too-long"));
        }
    }
}

/// What a submission still lacks: a score (or an allowed abstention) for
/// every criterion, and comments where the rubric requires them.
pub fn check_complete(criteria: &[JudgedCriterion], marks: &Marks, errors: &mut FieldErrors) {
    for criterion in criteria {
        let at = format!("scores.{}", criterion.key);
        let mark = marks.get(&criterion.key);
        if !mark
            .is_some_and(|m| m.score.is_some() || (m.abstain && criterion.scale.abstain_allowed))
        {
            errors.push(
                at.clone(),
                "required",
                Msg::with(
                    "scoresheet-score-required",
                    &[(
                        "criterion",
                        Arg::each(&criterion.name_id, &criterion.name_en),
                    )],
                ),
            );
            continue;
        }
        let commented = mark
            .and_then(|m| m.comment.as_deref())
            .is_some_and(|c| !c.trim().is_empty());
        let abstained = mark.is_some_and(|m| m.abstain);
        if abstained && !commented {
            // An abstention is explained, so the committee can weigh it.
            errors.push(
                at,
                "abstain_reason_required",
                Msg::with(
                    "scoresheet-abstain-reason-required",
                    &[(
                        "criterion",
                        Arg::each(&criterion.name_id, &criterion.name_en),
                    )],
                ),
            );
            continue;
        }
        if criterion.scale.comment_required && !commented && !abstained {
            errors.push(
                at,
                "comment_required",
                Msg::with(
                    "scoresheet-comment-required",
                    &[(
                        "criterion",
                        Arg::each(&criterion.name_id, &criterion.name_en),
                    )],
                ),
            );
        }
    }
}

#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct Scoresheet {
    /// `not_started`, `draft` or `submitted` (locked).
    pub status: String,
    #[schema(value_type = Object)]
    pub scores: Marks,
    #[serde(serialize_with = "crate::instant::utc_option")]
    pub submitted_at: Option<chrono::NaiveDateTime>,
    pub reopened_reason: Option<String>,
    /// Send it back when saving; a stale one is refused with 409.
    pub version: i32,
    /// When it was last saved; absent before the first save.
    #[serde(serialize_with = "crate::instant::utc_option")]
    pub updated_at: Option<chrono::NaiveDateTime>,
}

/// A scoresheet's columns as read (see `store::SHEET_COLUMNS`).
pub type SheetRow = (
    String,
    String,
    Option<chrono::NaiveDateTime>,
    Option<String>,
    i32,
    chrono::NaiveDateTime,
);

impl Scoresheet {
    /// This sheet as it will be once `marks` are saved (or submitted) at `at`.
    pub fn saved(&self, marks: Marks, submit: bool, at: chrono::NaiveDateTime) -> Scoresheet {
        Scoresheet {
            status: if submit { "submitted" } else { "draft" }.to_owned(),
            scores: marks,
            submitted_at: submit.then_some(at),
            reopened_reason: self.reopened_reason.clone(),
            version: self.version.saturating_add(1),
            updated_at: Some(at),
        }
    }

    pub fn from_row(row: Option<SheetRow>) -> Scoresheet {
        match row {
            Some((status, scores, submitted_at, reopened_reason, version, updated_at)) => {
                Scoresheet {
                    status,
                    scores: serde_json::from_str(&scores).unwrap_or_default(),
                    submitted_at,
                    reopened_reason,
                    version,
                    updated_at: Some(updated_at),
                }
            }
            None => Scoresheet {
                status: "not_started".into(),
                scores: Marks::new(),
                submitted_at: None,
                reopened_reason: None,
                version: 0,
                updated_at: None,
            },
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn criterion(key: &str, comment_required: bool, abstain_allowed: bool) -> JudgedCriterion {
        JudgedCriterion {
            key: key.into(),
            name_id: key.into(),
            name_en: key.into(),
            scale: Judged {
                min: Decimal::ZERO,
                max: Decimal::ONE_HUNDRED,
                step: Decimal::from(5),
                levels: Vec::new(),
                comment_required,
                abstain_allowed,
            },
        }
    }

    fn mark(score: Option<i64>, comment: Option<&str>, abstain: bool) -> Mark {
        Mark {
            score: score.map(Decimal::from),
            comment: comment.map(str::to_owned),
            abstain,
        }
    }

    fn fields(errors: FieldErrors) -> Vec<String> {
        errors
            .into_result()
            .err()
            .map(|e| e.problem().errors.into_iter().map(|e| e.field).collect())
            .unwrap_or_default()
    }

    #[test]
    fn scores_must_sit_on_the_scale_and_step() {
        let criteria = [criterion("a", false, false), criterion("b", false, false)];
        let marks: Marks = [
            ("a".into(), mark(Some(85), None, false)),
            ("b".into(), mark(Some(87), None, false)),
            ("z".into(), mark(Some(5), None, false)),
        ]
        .into();
        let mut errors = FieldErrors::new();
        check_marks(&criteria, &marks, &mut errors);
        assert_eq!(fields(errors), ["scores.b", "scores.z"]);
    }

    #[test]
    fn a_submission_needs_every_score_and_required_comment() {
        let criteria = [
            criterion("a", true, false),
            criterion("b", false, true),
            criterion("c", false, false),
        ];
        let marks: Marks = [
            ("a".into(), mark(Some(80), Some("  "), false)),
            ("b".into(), mark(None, Some("Saya tidak hadir."), true)),
        ]
        .into();
        let mut errors = FieldErrors::new();
        check_complete(&criteria, &marks, &mut errors);
        assert_eq!(fields(errors), ["scores.a", "scores.c"]);
    }

    #[test]
    fn an_abstention_needs_its_reason() {
        let criteria = [criterion("a", false, true)];
        let marks: Marks = [("a".into(), mark(None, Some(" "), true))].into();
        let mut errors = FieldErrors::new();
        check_complete(&criteria, &marks, &mut errors);
        assert_eq!(fields(errors), ["scores.a"]);
    }

    #[test]
    fn abstaining_needs_the_rubrics_leave() {
        let criteria = [criterion("a", false, false)];
        let marks: Marks = [("a".into(), mark(None, None, true))].into();
        let mut errors = FieldErrors::new();
        check_marks(&criteria, &marks, &mut errors);
        assert_eq!(fields(errors), ["scores.a"]);
    }
}
