//! The indicator form of a category: the fields an entrant fills in (coverage
//! counts, budget amounts, yes/no answers, documents), with labels in both
//! languages, types and bounds.

use std::collections::HashSet;

use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

use crate::error::{Arg, FieldErrors, Msg};

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum FieldType {
    Integer,
    Decimal,
    /// 0 to 100.
    Percent,
    /// An amount in rupiah.
    Rupiah,
    YesNo,
    Date,
    Text,
    /// An uploaded evidence document.
    Document,
}

impl FieldType {
    /// Types a computed criterion can read.
    pub fn is_numeric(self) -> bool {
        matches!(
            self,
            FieldType::Integer | FieldType::Decimal | FieldType::Percent | FieldType::Rupiah
        )
    }
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct IndicatorField {
    /// Stable key, used in CSV columns and by computed criteria: `a-z`, `0-9`, `_`.
    pub key: String,
    pub label_id: String,
    #[serde(default)]
    pub label_en: String,
    #[serde(rename = "type")]
    pub field_type: FieldType,
    #[serde(default)]
    pub required: bool,
    /// Smallest allowed value (numeric types).
    #[serde(
        default,
        skip_serializing_if = "Option::is_none",
        deserialize_with = "crate::bounded::optional"
    )]
    #[schema(value_type = Option<String>)]
    pub min: Option<Decimal>,
    /// Largest allowed value (numeric types).
    #[serde(
        default,
        skip_serializing_if = "Option::is_none",
        deserialize_with = "crate::bounded::optional"
    )]
    #[schema(value_type = Option<String>)]
    pub max: Option<Decimal>,
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub help_id: String,
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub help_en: String,
    /// The section of the entry form the field is shown in: fields that
    /// follow each other with the same section name are shown together.
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub section_id: String,
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub section_en: String,
}

/// A well-formed key: starts with a letter, then letters, digits or `_`, at most 64.
pub fn is_key(key: &str) -> bool {
    let mut chars = key.chars();
    key.len() <= 64
        && chars.next().is_some_and(|c| c.is_ascii_lowercase())
        && chars.all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '_')
}

/// Checks a whole form, reporting every problem under `path`.
pub fn validate_form(fields: &[IndicatorField], path: &str, errors: &mut FieldErrors) {
    let mut seen = HashSet::new();
    for (i, field) in fields.iter().enumerate() {
        let at = format!("{path}[{i}]");
        if !is_key(&field.key) {
            errors.push(
                format!("{at}.key"),
                "invalid",
                Msg::said("form-field-key-invalid"),
            );
        } else if !seen.insert(field.key.as_str()) {
            errors.push(
                format!("{at}.key"),
                "duplicate",
                Msg::with("form-key-repeated", &[("key", Arg::quoted(&field.key))]),
            );
        }
        if field.label_id.trim().is_empty() {
            errors.push(
                format!("{at}.label_id"),
                "required",
                Msg::said("form-label-required"),
            );
        }
        let numeric = field.field_type.is_numeric();
        if !numeric && (field.min.is_some() || field.max.is_some()) {
            errors.push(
                format!("{at}.min"),
                "not_allowed",
                Msg::said("form-bounds-numeric-only"),
            );
        }
        if let (Some(min), Some(max)) = (field.min, field.max)
            && min > max
        {
            errors.push(
                format!("{at}.max"),
                "below_min",
                Msg::said("form-max-below-min"),
            );
        }
        if field.field_type == FieldType::Percent
            && (field.min.is_some_and(|m| m < Decimal::ZERO)
                || field.max.is_some_and(|m| m > Decimal::ONE_HUNDRED))
        {
            errors.push(
                format!("{at}.max"),
                "out_of_range",
                Msg::said("form-percentage-range"),
            );
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn field(key: &str, field_type: FieldType) -> IndicatorField {
        IndicatorField {
            key: key.into(),
            label_id: "Label".into(),
            label_en: "Label".into(),
            field_type,
            required: true,
            min: None,
            max: None,
            help_id: String::new(),
            help_en: String::new(),
            section_id: String::new(),
            section_en: String::new(),
        }
    }

    #[test]
    fn keys_are_lower_snake_case() {
        assert!(is_key("pu_covered"));
        assert!(is_key("a1"));
        for bad in ["", "1a", "PU", "pu-covered", "pu covered", "_x"] {
            assert!(!is_key(bad), "{bad:?}");
        }
    }

    #[test]
    fn every_form_problem_is_reported_by_path() {
        let mut duplicate = field("pu_covered", FieldType::Integer);
        duplicate.min = Some(Decimal::TEN);
        duplicate.max = Some(Decimal::ONE);
        let mut text = field("Bad Key", FieldType::Text);
        text.min = Some(Decimal::ONE);
        let fields = vec![field("pu_covered", FieldType::Integer), duplicate, text];
        let mut errors = FieldErrors::new();
        validate_form(&fields, "form", &mut errors);
        let problem = errors.into_result().unwrap_err().problem();
        let paths: Vec<&str> = problem.errors.iter().map(|e| e.field.as_str()).collect();
        assert_eq!(
            paths,
            ["form[1].key", "form[1].max", "form[2].key", "form[2].min"]
        );
    }
}
