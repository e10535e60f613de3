//! A rubric: stages (e.g. "Data" 60, "Wawancara" 40), each a tree of criteria
//! of at most three levels with weights. A leaf is judged (a score on a scale)
//! or computed from the category's indicator form.

use std::collections::{HashMap, HashSet};

use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

use crate::categories::form::{FieldType, IndicatorField, is_key};
use crate::error::{ApiError, Arg, FieldErrors, Msg};

pub const MAX_DEPTH: usize = 3;

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct Rubric {
    pub stages: Vec<Stage>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct Stage {
    pub key: String,
    pub name_id: String,
    #[serde(default)]
    pub name_en: String,
    /// Share of the final score; stage weights sum to 100.
    #[serde(deserialize_with = "crate::bounded::decimal")]
    #[schema(value_type = String)]
    pub weight: Decimal,
    pub criteria: Vec<Criterion>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct Criterion {
    /// Unique in the rubric; tie-break rules and exports name criteria by key.
    pub key: String,
    pub name_id: String,
    #[serde(default)]
    pub name_en: String,
    /// Share among its siblings; sibling weights sum to 100.
    #[serde(deserialize_with = "crate::bounded::decimal")]
    #[schema(value_type = String)]
    pub weight: Decimal,
    /// Sub-criteria; a criterion has children, or is judged, or is computed.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    #[schema(no_recursion)]
    pub children: Vec<Criterion>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub judged: Option<Judged>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub computed: Option<Computed>,
}

/// Scored by each assigned judge on a scale.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct Judged {
    #[serde(deserialize_with = "crate::bounded::decimal")]
    #[schema(value_type = String)]
    pub min: Decimal,
    #[serde(deserialize_with = "crate::bounded::decimal")]
    #[schema(value_type = String)]
    pub max: Decimal,
    #[serde(deserialize_with = "crate::bounded::decimal")]
    #[schema(value_type = String)]
    pub step: Decimal,
    /// What each band of the scale means, lowest first.
    #[serde(default)]
    pub levels: Vec<Level>,
    #[serde(default)]
    pub comment_required: bool,
    #[serde(default)]
    pub abstain_allowed: bool,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
#[schema(as = ScaleLevel)]
pub struct Level {
    #[serde(deserialize_with = "crate::bounded::decimal")]
    #[schema(value_type = String)]
    pub from: Decimal,
    #[serde(deserialize_with = "crate::bounded::decimal")]
    #[schema(value_type = String)]
    pub to: Decimal,
    pub descriptor_id: String,
    #[serde(default)]
    pub descriptor_en: String,
}

/// Worked out from the entry's indicators, as points from 0 to 100.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct Computed {
    pub source: Source,
    pub mapping: Mapping,
    pub direction: Direction,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "snake_case", deny_unknown_fields)]
pub enum Source {
    /// One indicator's value.
    Indicator(String),
    /// numerator / denominator, e.g. covered wage earners / eligible wage earners.
    Ratio {
        numerator: String,
        denominator: String,
    },
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "snake_case", deny_unknown_fields)]
pub enum Mapping {
    /// 0 points at `floor`, 100 at `target`, linear between, clamped outside.
    Linear {
        #[serde(deserialize_with = "crate::bounded::decimal")]
        #[schema(value_type = String)]
        floor: Decimal,
        #[serde(deserialize_with = "crate::bounded::decimal")]
        #[schema(value_type = String)]
        target: Decimal,
    },
    /// Points of the last band whose `from` the value reaches.
    Bands(Vec<Band>),
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct Band {
    #[serde(deserialize_with = "crate::bounded::decimal")]
    #[schema(value_type = String)]
    pub from: Decimal,
    #[serde(deserialize_with = "crate::bounded::decimal")]
    #[schema(value_type = String)]
    pub points: Decimal,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum Direction {
    HigherIsBetter,
    LowerIsBetter,
}

impl Rubric {
    /// Every criterion key with its stage, in rubric order.
    pub fn criterion_keys(&self) -> Vec<(&str, &str)> {
        fn walk<'a>(stage: &'a str, criteria: &'a [Criterion], out: &mut Vec<(&'a str, &'a str)>) {
            for criterion in criteria {
                out.push((stage, criterion.key.as_str()));
                walk(stage, &criterion.children, out);
            }
        }
        let mut out = Vec::new();
        for stage in &self.stages {
            walk(&stage.key, &stage.criteria, &mut out);
        }
        out
    }

    pub fn stage_keys(&self) -> Vec<&str> {
        self.stages.iter().map(|s| s.key.as_str()).collect()
    }

    /// Checks the rubric against the category's indicator form and reports
    /// every problem at once, each by its path (`stages[0].criteria[1].weight`).
    pub fn validate(&self, form: &[IndicatorField]) -> Result<(), ApiError> {
        let mut errors = FieldErrors::new();
        let fields: HashMap<&str, FieldType> = form
            .iter()
            .map(|f| (f.key.as_str(), f.field_type))
            .collect();
        let mut keys = HashSet::new();
        if self.stages.is_empty() {
            errors.push("stages", "required", Msg::said("rubric-stage-required"));
        }
        check_weights(self.stages.iter().map(|s| s.weight), "stages", &mut errors);
        for (i, stage) in self.stages.iter().enumerate() {
            let at = format!("stages[{i}]");
            check_key(&stage.key, &at, &mut keys, &mut errors);
            check_name(&stage.name_id, &at, &mut errors);
            if stage.criteria.is_empty() {
                errors.push(
                    format!("{at}.criteria"),
                    "required",
                    Msg::said("rubric-criterion-required"),
                );
            }
            check_criteria(
                &stage.criteria,
                &format!("{at}.criteria"),
                1,
                &fields,
                &mut keys,
                &mut errors,
            );
        }
        errors.into_result()
    }
}

fn check_key<'a>(key: &'a str, at: &str, keys: &mut HashSet<&'a str>, errors: &mut FieldErrors) {
    if !is_key(key) {
        errors.push(
            format!("{at}.key"),
            "invalid",
            Msg::said("rubric-criterion-key-invalid"),
        );
    } else if !keys.insert(key) {
        errors.push(
            format!("{at}.key"),
            "duplicate",
            Msg::with("rubric-key-repeated", &[("key", Arg::quoted(key))]),
        );
    }
}

fn check_name(name: &str, at: &str, errors: &mut FieldErrors) {
    if name.trim().is_empty() {
        errors.push(
            format!("{at}.name_id"),
            "required",
            Msg::said("rubric-name-required"),
        );
    }
}

/// Each weight positive, and together exactly 100.
fn check_weights(
    weights: impl Iterator<Item = Decimal> + Clone,
    at: &str,
    errors: &mut FieldErrors,
) {
    let mut any = false;
    for (i, weight) in weights.clone().enumerate() {
        any = true;
        if weight <= Decimal::ZERO {
            errors.push(
                format!("{at}[{i}].weight"),
                "not_positive",
                Msg::said("rubric-weight-positive"),
            );
        }
    }
    // Checked: a sum that overflows is simply not 100.
    let mut weights = weights;
    let total = weights.try_fold(Decimal::ZERO, Decimal::checked_add);
    if any && total != Some(Decimal::ONE_HUNDRED) {
        let total = total.map_or_else(|| "?".to_owned(), |t| t.normalize().to_string());
        errors.push(
            at,
            "weights_sum",
            Msg::with("rubric-weights-sum", &[("total", total.into())]),
        );
    }
}

fn check_criteria<'a>(
    criteria: &'a [Criterion],
    at: &str,
    depth: usize,
    fields: &HashMap<&str, FieldType>,
    keys: &mut HashSet<&'a str>,
    errors: &mut FieldErrors,
) {
    check_weights(criteria.iter().map(|c| c.weight), at, errors);
    for (i, criterion) in criteria.iter().enumerate() {
        let here = format!("{at}[{i}]");
        check_key(&criterion.key, &here, keys, errors);
        check_name(&criterion.name_id, &here, errors);
        let kinds = usize::from(!criterion.children.is_empty())
            + usize::from(criterion.judged.is_some())
            + usize::from(criterion.computed.is_some());
        if kinds != 1 {
            errors.push(here.clone(), "kind", Msg::said("rubric-criterion-one-kind"));
        }
        if !criterion.children.is_empty() {
            if depth >= MAX_DEPTH {
                errors.push(
                    format!("{here}.children"),
                    "too_deep",
                    Msg::with("rubric-too-deep", &[("depth", MAX_DEPTH.into())]),
                );
            } else {
                check_criteria(
                    &criterion.children,
                    &format!("{here}.children"),
                    depth + 1,
                    fields,
                    keys,
                    errors,
                );
            }
        }
        if let Some(judged) = &criterion.judged {
            check_scale(judged, &format!("{here}.judged"), errors);
        }
        if let Some(computed) = &criterion.computed {
            check_computed(computed, &format!("{here}.computed"), fields, errors);
        }
    }
}

/// Widest judged scale: judges' marks are squared when they are
/// standardised, so scales are held far below what a decimal holds.
const SCALE_LIMIT: Decimal = Decimal::from_parts(1_000_000, 0, 0, false, 0);

fn check_scale(judged: &Judged, at: &str, errors: &mut FieldErrors) {
    for (field, bound) in [("min", judged.min), ("max", judged.max)] {
        if bound.abs() > SCALE_LIMIT {
            errors.push(
                format!("{at}.{field}"),
                "scale_too_wide",
                Msg::said("rubric-scale-bound-range"),
            );
            return;
        }
    }
    if judged.min >= judged.max {
        errors.push(
            format!("{at}.max"),
            "below_min",
            Msg::said("rubric-scale-max-above-min"),
        );
        return;
    }
    let divides = judged
        .max
        .checked_sub(judged.min)
        .and_then(|range| range.checked_rem(judged.step))
        .is_some_and(|rest| rest.is_zero());
    if judged.step <= Decimal::ZERO || !divides {
        errors.push(format!("{at}.step"), "step", Msg::said("rubric-scale-step"));
    }
    let mut previous_to: Option<Decimal> = None;
    for (i, level) in judged.levels.iter().enumerate() {
        let here = format!("{at}.levels[{i}]");
        if level.from > level.to || level.from < judged.min || level.to > judged.max {
            errors.push(
                here.clone(),
                "out_of_scale",
                Msg::said("rubric-descriptor-inside-scale"),
            );
        }
        if previous_to.is_some_and(|to| level.from <= to) {
            errors.push(
                here.clone(),
                "overlap",
                Msg::said("rubric-descriptors-ascend"),
            );
        }
        if level.descriptor_id.trim().is_empty() {
            errors.push(
                format!("{here}.descriptor_id"),
                "required",
                Msg::said("rubric-descriptor-required"),
            );
        }
        previous_to = Some(level.to);
    }
}

fn check_indicator(
    key: &str,
    at: &str,
    fields: &HashMap<&str, FieldType>,
    errors: &mut FieldErrors,
) {
    match fields.get(key) {
        None => errors.push(
            at,
            "unknown_indicator",
            Msg::with("rubric-indicator-not-in-form", &[("key", Arg::quoted(key))]),
        ),
        Some(field_type) if !field_type.is_numeric() => errors.push(
            at,
            "not_numeric",
            Msg::with("rubric-indicator-not-numeric", &[("key", Arg::quoted(key))]),
        ),
        Some(_) => {}
    }
}

fn check_computed(
    computed: &Computed,
    at: &str,
    fields: &HashMap<&str, FieldType>,
    errors: &mut FieldErrors,
) {
    match &computed.source {
        Source::Indicator(key) => {
            check_indicator(key, &format!("{at}.source.indicator"), fields, errors)
        }
        Source::Ratio {
            numerator,
            denominator,
        } => {
            check_indicator(
                numerator,
                &format!("{at}.source.ratio.numerator"),
                fields,
                errors,
            );
            check_indicator(
                denominator,
                &format!("{at}.source.ratio.denominator"),
                fields,
                errors,
            );
            if numerator == denominator {
                errors.push(
                    format!("{at}.source.ratio.denominator"),
                    "same_indicator",
                    Msg::said("rubric-ratio-parts-differ"),
                );
            }
        }
    }
    let higher = computed.direction == Direction::HigherIsBetter;
    match &computed.mapping {
        Mapping::Linear { floor, target } => {
            if (higher && floor >= target) || (!higher && floor <= target) {
                errors.push(
                    format!("{at}.mapping.linear"),
                    "order",
                    Msg::said("rubric-floor-target-direction"),
                );
            }
        }
        Mapping::Bands(bands) => {
            if bands.len() < 2 {
                errors.push(
                    format!("{at}.mapping.bands"),
                    "too_few",
                    Msg::said("rubric-bands-at-least-two"),
                );
            }
            for (i, band) in bands.iter().enumerate() {
                let here = format!("{at}.mapping.bands[{i}]");
                if band.points < Decimal::ZERO || band.points > Decimal::ONE_HUNDRED {
                    errors.push(
                        format!("{here}.points"),
                        "out_of_range",
                        Msg::said("rubric-points-range"),
                    );
                }
                if let Some(previous) = i.checked_sub(1).and_then(|p| bands.get(p)) {
                    if band.from <= previous.from {
                        errors.push(
                            format!("{here}.from"),
                            "order",
                            Msg::said("rubric-band-thresholds-ascend"),
                        );
                    }
                    let monotone = if higher {
                        band.points >= previous.points
                    } else {
                        band.points <= previous.points
                    };
                    if !monotone {
                        errors.push(
                            format!("{here}.points"),
                            "direction",
                            Msg::said("rubric-band-points-direction"),
                        );
                    }
                }
            }
        }
    }
}
