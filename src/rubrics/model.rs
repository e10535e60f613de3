//! A rubric: stages (e.g. "Data" 60, "Wawancara" 40), each a tree of criteria
//! of at most three levels with weights. A leaf is judged (a score on a scale)
//! or computed from the category's indicator form.

use std::collections::{HashMap, HashSet};

use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

use crate::categories::form::{FieldType, IndicatorField, bad_key, is_key};
use crate::error::{ApiError, FieldErrors, Msg};

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
            errors.push(
                "stages",
                "required",
                Msg::new(
                    "Rubrik memerlukan setidaknya satu tahap.",
                    "A rubric needs at least one stage.",
                ),
            );
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
                    Msg::new(
                        "Setiap tahap memerlukan setidaknya satu kriteria.",
                        "Every stage needs at least one criterion.",
                    ),
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
            bad_key("kriteria", "criterion"),
        );
    } else if !keys.insert(key) {
        errors.push(
            format!("{at}.key"),
            "duplicate",
            Msg::new(
                format!("Kunci {key:?} sudah dipakai di rubrik ini."),
                format!("Key {key:?} is already used in this rubric."),
            ),
        );
    }
}

fn check_name(name: &str, at: &str, errors: &mut FieldErrors) {
    if name.trim().is_empty() {
        errors.push(
            format!("{at}.name_id"),
            "required",
            Msg::new("Nama wajib diisi.", "A name is required."),
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
                Msg::new("Bobot harus lebih dari 0.", "A weight must be more than 0."),
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
            Msg::new(
                format!("Jumlah bobot pada tingkat ini {total} (harus 100)."),
                format!("The weights at this level add up to {total} (must be 100)."),
            ),
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
            errors.push(
                here.clone(),
                "kind",
                Msg::new(
                    "Kriteria harus memiliki sub-kriteria, atau dinilai juri (judged), atau dihitung (computed): tepat salah satu.",
                    "A criterion must have sub-criteria, or be judged, or be computed: exactly one of these.",
                ),
            );
        }
        if !criterion.children.is_empty() {
            if depth >= MAX_DEPTH {
                errors.push(
                    format!("{here}.children"),
                    "too_deep",
                    Msg::new(
                        format!("Pohon kriteria paling dalam {MAX_DEPTH} tingkat."),
                        format!("Criteria trees are at most {MAX_DEPTH} levels deep."),
                    ),
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
                Msg::new(
                    "Batas skala paling jauh 1.000.000 dari nol.",
                    "A scale bound lies at most 1,000,000 from zero.",
                ),
            );
            return;
        }
    }
    if judged.min >= judged.max {
        errors.push(
            format!("{at}.max"),
            "below_min",
            Msg::new(
                "Nilai maksimum skala harus lebih besar dari minimum.",
                "The scale maximum must be above its minimum.",
            ),
        );
        return;
    }
    let divides = judged
        .max
        .checked_sub(judged.min)
        .and_then(|range| range.checked_rem(judged.step))
        .is_some_and(|rest| rest.is_zero());
    if judged.step <= Decimal::ZERO || !divides {
        errors.push(
            format!("{at}.step"),
            "step",
            Msg::new(
                "Langkah skala harus positif dan membagi rentang min–maks dengan tepat.",
                "The scale step must be positive and divide the min–max range exactly.",
            ),
        );
    }
    let mut previous_to: Option<Decimal> = None;
    for (i, level) in judged.levels.iter().enumerate() {
        let here = format!("{at}.levels[{i}]");
        if level.from > level.to || level.from < judged.min || level.to > judged.max {
            errors.push(
                here.clone(),
                "out_of_scale",
                Msg::new(
                    "Rentang deskriptor harus berada di dalam skala.",
                    "A descriptor's range must lie inside the scale.",
                ),
            );
        }
        if previous_to.is_some_and(|to| level.from <= to) {
            errors.push(
                here.clone(),
                "overlap",
                Msg::new(
                    "Rentang deskriptor harus berurutan naik tanpa tumpang-tindih.",
                    "Descriptor ranges must ascend without overlapping.",
                ),
            );
        }
        if level.descriptor_id.trim().is_empty() {
            errors.push(
                format!("{here}.descriptor_id"),
                "required",
                Msg::new("Deskriptor wajib diisi.", "A descriptor is required."),
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
            Msg::new(
                format!("Indikator {key:?} tidak ada di formulir kategori."),
                format!("Indicator {key:?} is not in the category's form."),
            ),
        ),
        Some(field_type) if !field_type.is_numeric() => errors.push(
            at,
            "not_numeric",
            Msg::new(
                format!("Indikator {key:?} bukan angka, jadi tidak dapat dihitung."),
                format!("Indicator {key:?} is not numeric, so it cannot be computed."),
            ),
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
                    Msg::new(
                        "Pembilang dan penyebut harus berbeda.",
                        "Numerator and denominator must differ.",
                    ),
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
                    Msg::new(
                        "Untuk 'makin tinggi makin baik' batas bawah < target; untuk 'makin rendah makin baik' sebaliknya.",
                        "For higher-is-better the floor is below the target; for lower-is-better, above it.",
                    ),
                );
            }
        }
        Mapping::Bands(bands) => {
            if bands.len() < 2 {
                errors.push(
                    format!("{at}.mapping.bands"),
                    "too_few",
                    Msg::new(
                        "Pemetaan pita memerlukan setidaknya dua pita.",
                        "A band mapping needs at least two bands.",
                    ),
                );
            }
            for (i, band) in bands.iter().enumerate() {
                let here = format!("{at}.mapping.bands[{i}]");
                if band.points < Decimal::ZERO || band.points > Decimal::ONE_HUNDRED {
                    errors.push(
                        format!("{here}.points"),
                        "out_of_range",
                        Msg::new(
                            "Poin berada di antara 0 dan 100.",
                            "Points lie between 0 and 100.",
                        ),
                    );
                }
                if let Some(previous) = i.checked_sub(1).and_then(|p| bands.get(p)) {
                    if band.from <= previous.from {
                        errors.push(
                            format!("{here}.from"),
                            "order",
                            Msg::new("Batas pita harus naik.", "Band thresholds must ascend."),
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
                            Msg::new(
                                "Poin pita harus mengikuti arah (naik bila makin tinggi makin baik, turun bila sebaliknya).",
                                "Band points must follow the direction (rising for higher-is-better, falling otherwise).",
                            ),
                        );
                    }
                }
            }
        }
    }
}
