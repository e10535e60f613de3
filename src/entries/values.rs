//! Indicator values an entrant fills in, checked against the category's form
//! by type and bounds, every problem by field.

use std::collections::BTreeMap;

use chrono::NaiveDate;
use rust_decimal::Decimal;
use serde_json::Value;

use crate::categories::form::{FieldType, IndicatorField};
use crate::error::{Arg, FieldErrors, Msg};
use crate::i18n::Lang;
use crate::messages::Said;

/// Checked values, keyed by indicator: numbers as exact decimals (kept as
/// strings in JSON), yes/no as booleans, dates as `YYYY-MM-DD`, text as text.
pub type Values = BTreeMap<String, Value>;

const MAX_TEXT: usize = 5000;

/// Parses one raw value for `field`; `None` for an empty value.
pub fn parse_value(
    field: &IndicatorField,
    raw: &Value,
    path: &str,
    errors: &mut FieldErrors,
) -> Option<Value> {
    let text = match raw {
        Value::Null => return None,
        Value::String(s) if s.trim().is_empty() => return None,
        Value::String(s) => s.trim().to_owned(),
        Value::Number(n) => n.to_string(),
        Value::Bool(b) => b.to_string(),
        _ => {
            errors.push(path, "invalid", Msg::said("value-type-unknown"));
            return None;
        }
    };
    match field.field_type {
        FieldType::Integer | FieldType::Decimal | FieldType::Percent | FieldType::Rupiah => {
            parse_number(field, &text, path, errors)
                .map(|n| Value::String(n.normalize().to_string()))
        }
        FieldType::YesNo => match text.to_lowercase().as_str() {
            "true" | "ya" | "yes" | "1" | "y" => Some(Value::Bool(true)),
            "false" | "tidak" | "no" | "0" | "t" | "n" => Some(Value::Bool(false)),
            _ => {
                errors.push(path, "invalid", Msg::said("value-yes-or-no"));
                None
            }
        },
        FieldType::Date => match NaiveDate::parse_from_str(&text, "%Y-%m-%d") {
            Ok(date) => Some(Value::String(date.to_string())),
            Err(_) => {
                errors.push(path, "invalid", Msg::said("value-date-format"));
                None
            }
        },
        FieldType::Text => {
            if text.chars().count() > MAX_TEXT {
                errors.push(
                    path,
                    "too_long",
                    Msg::with("value-text-too-long", &[("max", MAX_TEXT.into())]),
                );
                None
            } else {
                Some(Value::String(text))
            }
        }
        FieldType::Document => {
            errors.push(path, "document", Msg::said("value-document-by-upload"));
            None
        }
    }
}

fn parse_number(
    field: &IndicatorField,
    text: &str,
    path: &str,
    errors: &mut FieldErrors,
) -> Option<Decimal> {
    // Indonesian writing: "1.250.000" groups thousands with dots (whole
    // numbers), "31,4" uses a decimal comma.
    let cleaned: String = text
        .chars()
        .filter(|c| !c.is_whitespace() && *c != '_')
        .collect();
    let whole = matches!(field.field_type, FieldType::Integer | FieldType::Rupiah);
    let grouped = {
        let groups: Vec<&str> = cleaned.split('.').collect();
        groups.len() >= 2
            && (1..=3).contains(&groups[0].len())
            && groups.iter().all(|g| g.bytes().all(|b| b.is_ascii_digit()))
            && groups[1..].iter().all(|g| g.len() == 3)
    };
    let normalised = if whole && grouped {
        cleaned.replace('.', "")
    } else if !cleaned.contains('.') && cleaned.matches(',').count() == 1 {
        cleaned.replace(',', ".")
    } else {
        cleaned
    };
    let parsed = normalised.parse::<Decimal>().ok();
    let Some(parsed) = parsed else {
        errors.push(
            path,
            "not_a_number",
            Msg::with("value-not-a-number", &[("text", Arg::quoted(text))]),
        );
        return None;
    };
    let number = match crate::bounded::check(parsed) {
        Ok(number) => number,
        Err(msg) => {
            errors.push(path, "out_of_range", msg);
            return None;
        }
    };
    if field.field_type == FieldType::Integer && !number.fract().is_zero() {
        errors.push(path, "not_integer", Msg::said("value-whole-number"));
        return None;
    }
    let (min, max) = match field.field_type {
        FieldType::Percent => (
            Some(field.min.unwrap_or(Decimal::ZERO)),
            Some(field.max.unwrap_or(Decimal::ONE_HUNDRED)),
        ),
        FieldType::Rupiah => (Some(field.min.unwrap_or(Decimal::ZERO)), field.max),
        _ => (field.min, field.max),
    };
    if let Some(min) = min.filter(|min| number < *min) {
        errors.push(
            path,
            "below_min",
            Msg::with("value-below-min", &[("min", min.normalize().into())]),
        );
        return None;
    }
    if let Some(max) = max.filter(|max| number > *max) {
        errors.push(
            path,
            "above_max",
            Msg::with("value-above-max", &[("max", max.normalize().into())]),
        );
        return None;
    }
    Some(number)
}

/// Checks every given value; unknown keys are errors too. `path` prefixes fields.
pub fn parse_values(
    form: &[IndicatorField],
    raw: &serde_json::Map<String, Value>,
    path: &str,
    errors: &mut FieldErrors,
) -> Values {
    let mut values = Values::new();
    for (key, value) in raw {
        let at = format!("{path}.{key}");
        match form.iter().find(|f| &f.key == key) {
            None => errors.push(at, "unknown_indicator", Said::IndicatorNotInForm.msg()),
            Some(field) => {
                if let Some(parsed) = parse_value(field, value, &at, errors) {
                    values.insert(key.clone(), parsed);
                }
            }
        }
    }
    values
}

/// The required fields a submission still lacks, in the form's order: a
/// value not given, or a document field (given the indicator keys that
/// have at least one file) with no file.
pub fn missing<'a>(
    form: &'a [IndicatorField],
    values: &Values,
    documents: &[String],
) -> Vec<&'a IndicatorField> {
    form.iter()
        .filter(|f| f.required)
        .filter(|field| {
            if field.field_type == FieldType::Document {
                !documents.iter().any(|d| d == &field.key)
            } else {
                !values.contains_key(&field.key)
            }
        })
        .collect()
}

/// What a submission still lacks, each under `path`: required values, and
/// required documents (given the indicator keys that have a file).
pub fn missing_for_submission(
    form: &[IndicatorField],
    values: &Values,
    documents: &[String],
    path: &str,
    errors: &mut FieldErrors,
) {
    for field in missing(form, values, documents) {
        errors.push(
            format!("{path}.{}", field.key),
            "required",
            Msg::with(
                "value-required-to-submit",
                &[(
                    "field",
                    Arg::each(
                        &field.label_id,
                        if field.label_en.is_empty() {
                            &field.label_id
                        } else {
                            &field.label_en
                        },
                    ),
                )],
            ),
        );
    }
}

/// Groups the digits of a whole number by thousands: `1.250.000`.
fn grouped(digits: &str, separator: char) -> String {
    let mut out = String::with_capacity(digits.len() + digits.len() / 3);
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push(separator);
        }
        out.push(c);
    }
    out
}

/// A number the way the reader writes it and the form reads it back:
/// in Bahasa Indonesia whole numbers grouped with dots (`1.250.000`) and a
/// decimal comma (`31,4`); in English plain digits and a decimal point.
pub fn number_text(lang: Lang, kind: FieldType, number: &str) -> String {
    let (sign, digits) = number
        .strip_prefix('-')
        .map_or(("", number), |rest| ("-", rest));
    match (lang, kind) {
        (Lang::Id, FieldType::Integer | FieldType::Rupiah) if !digits.contains('.') => {
            format!("{sign}{}", grouped(digits, '.'))
        }
        (Lang::Id, _) => number.replace('.', ","),
        (Lang::En, _) => number.to_owned(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn field(
        key: &str,
        field_type: FieldType,
        min: Option<i64>,
        max: Option<i64>,
    ) -> IndicatorField {
        IndicatorField {
            key: key.into(),
            label_id: key.into(),
            label_en: key.into(),
            field_type,
            required: true,
            min: min.map(Decimal::from),
            max: max.map(Decimal::from),
            help_id: String::new(),
            help_en: String::new(),
            section_id: String::new(),
            section_en: String::new(),
        }
    }

    fn form() -> Vec<IndicatorField> {
        vec![
            field("workers", FieldType::Integer, Some(1), None),
            field("share", FieldType::Percent, None, None),
            field("budget", FieldType::Rupiah, None, None),
            field("perda", FieldType::YesNo, None, None),
            field("since", FieldType::Date, None, None),
            field("proof", FieldType::Document, None, None),
        ]
    }

    #[test]
    fn values_are_parsed_by_type() {
        let raw = json!({"workers": "1.250", "share": 31.4, "budget": "1.250.000.000", "perda": "ya", "since": "2024-02-01"});
        let mut errors = FieldErrors::new();
        let values = parse_values(&form(), raw.as_object().unwrap(), "values", &mut errors);
        assert!(
            errors.is_empty(),
            "{:?}",
            errors.into_result().unwrap_err().problem().errors
        );
        assert_eq!(values["workers"], json!("1250"));
        assert_eq!(values["share"], json!("31.4"));
        assert_eq!(values["budget"], json!("1250000000"));
        assert_eq!(values["perda"], json!(true));
    }

    #[test]
    fn every_bad_value_is_named() {
        let raw = json!({"workers": "0", "share": 140, "budget": "-5", "perda": "mungkin", "since": "31/03/2025", "proof": "x", "extra": 1});
        let mut errors = FieldErrors::new();
        parse_values(&form(), raw.as_object().unwrap(), "values", &mut errors);
        let problem = errors.into_result().unwrap_err().problem();
        let fields: Vec<&str> = problem.errors.iter().map(|e| e.field.as_str()).collect();
        assert_eq!(
            fields,
            [
                "values.budget",
                "values.extra",
                "values.perda",
                "values.proof",
                "values.share",
                "values.since",
                "values.workers"
            ]
        );
    }

    #[test]
    fn submission_needs_required_values_and_documents() {
        let mut errors = FieldErrors::new();
        let mut values = Values::new();
        values.insert("workers".into(), json!("5"));
        missing_for_submission(&form()[..2], &values, &[], "values", &mut errors);
        missing_for_submission(
            &form()[5..],
            &values,
            &["proof".into()],
            "values",
            &mut errors,
        );
        let problem = errors.into_result().unwrap_err().problem();
        assert_eq!(problem.errors.len(), 1);
        assert_eq!(problem.errors[0].field, "values.share");
    }
}
