//! An entry's fields as the pages show them, for its entrant (the form)
//! and for the office (read only): the category's indicator form in its
//! sections, each field with its label, help, unit and bounds, its value
//! written the reader's way, its files, and what is still missing before
//! the entry can be sent.

use std::collections::BTreeMap;

use rust_decimal::Decimal;
use serde::Serialize;
use serde_json::Value;

use crate::categories::form::{FieldType, IndicatorField};
use crate::entries::reading::EntryRead;
use crate::entries::values::{missing, number_text, parse_value};
use crate::error::FieldErrors;
use crate::i18n::Lang;
use crate::web::format;
use crate::web::page::Visitor;

/// A text in the reader's language, the Indonesian one when the English
/// is missing.
pub fn pick(lang: Lang, id: &str, en: &str) -> String {
    match lang {
        Lang::En if !en.is_empty() => en.to_owned(),
        _ => id.to_owned(),
    }
}

/// What the fields hold beyond what is saved: what was typed (a refused
/// save), the refusal beside each field, and whether the save was refused
/// because the entry changed elsewhere.
#[derive(Default)]
pub struct Shown {
    pub typed: BTreeMap<String, String>,
    pub errors: BTreeMap<String, String>,
    pub conflict: bool,
}

#[derive(Serialize)]
pub struct FileLine {
    id: String,
    name: String,
    size: String,
    /// `pdf`, `image` or `download`.
    view: &'static str,
    /// The field it supports, by its label.
    supports: Option<String>,
}

pub fn file_lines(lang: Lang, read: &EntryRead, key: Option<&str>) -> Vec<FileLine> {
    read.files
        .iter()
        .filter(|f| key.is_none() || f.indicator_key.as_deref() == key)
        .map(|f| FileLine {
            id: f.id.clone(),
            name: f.file_name.clone(),
            size: format::size(lang, f.size_bytes),
            view: crate::web::evidence::view_of(&f.media_type),
            supports: f.indicator_key.as_ref().and_then(|key| {
                read.category
                    .form
                    .iter()
                    .find(|field| &field.key == key)
                    .map(|field| pick(lang, &field.label_id, &field.label_en))
            }),
        })
        .collect()
}

/// A field as the form shows it.
#[derive(Serialize)]
pub struct FieldLine {
    key: String,
    label: String,
    help: String,
    /// The field's type: `integer`, `rupiah`, `yes_no`, `document`, ...
    kind: &'static str,
    required: bool,
    /// What the value is counted in, written before it (`Rp`) or after (`%`).
    before: Option<&'static str>,
    after: Option<&'static str>,
    /// The allowed range in words: "paling sedikit 1", "0 sampai 12".
    bounds: Option<String>,
    inputmode: &'static str,
    /// What the field holds: as saved, or as typed when a save was refused.
    value: String,
    error: Option<String>,
    /// What is saved, when a save was refused because the entry changed
    /// elsewhere and it differs from what was typed.
    saved: Option<String>,
    files: Vec<FileLine>,
    filled: bool,
}

#[derive(Serialize)]
pub struct Section {
    /// Absent for a form that has no sections.
    pub title: Option<String>,
    pub anchor: String,
    pub done: usize,
    pub total: usize,
    pub fields: Vec<FieldLine>,
}

#[derive(Serialize)]
pub struct Missing {
    key: String,
    label: String,
}

fn kind_name(kind: FieldType) -> &'static str {
    match kind {
        FieldType::Integer => "integer",
        FieldType::Decimal => "decimal",
        FieldType::Percent => "percent",
        FieldType::Rupiah => "rupiah",
        FieldType::YesNo => "yes_no",
        FieldType::Date => "date",
        FieldType::Text => "text",
        FieldType::Document => "document",
    }
}

/// A saved value as its input shows it.
pub fn shown(lang: Lang, field: &IndicatorField, value: Option<&Value>) -> String {
    match (field.field_type, value) {
        (_, None | Some(Value::Null)) => String::new(),
        (FieldType::YesNo, Some(Value::Bool(yes))) => if *yes { "ya" } else { "tidak" }.into(),
        (kind, Some(Value::String(text))) if kind.is_numeric() => number_text(lang, kind, text),
        (_, Some(Value::String(text))) => text.clone(),
        (_, Some(other)) => other.to_string(),
    }
}

fn bound(lang: Lang, field: &IndicatorField, value: Decimal) -> String {
    number_text(lang, field.field_type, &value.normalize().to_string())
}

/// The field's allowed range, as the form says it.
fn bounds(v: &Visitor, field: &IndicatorField) -> Option<String> {
    let (min, max) = match field.field_type {
        FieldType::Percent => (
            Some(field.min.unwrap_or(Decimal::ZERO)),
            Some(field.max.unwrap_or(Decimal::ONE_HUNDRED)),
        ),
        _ => (field.min, field.max),
    };
    match (min, max) {
        (Some(min), Some(max)) => Some(v.text_with(
            "entry-form-between",
            &[
                ("min", bound(v.lang, field, min)),
                ("max", bound(v.lang, field, max)),
            ],
        )),
        (Some(min), None) if min > Decimal::ZERO => {
            Some(v.text_with("entry-form-at-least", &[("min", bound(v.lang, field, min))]))
        }
        (None, Some(max)) => {
            Some(v.text_with("entry-form-at-most", &[("max", bound(v.lang, field, max))]))
        }
        _ => None,
    }
}

fn inputmode(kind: FieldType) -> &'static str {
    match kind {
        FieldType::Integer | FieldType::Rupiah => "numeric",
        FieldType::Decimal | FieldType::Percent => "decimal",
        _ => "text",
    }
}

/// What was typed, read as the server would save it; `None` when empty or
/// unreadable.
pub fn typed_value(field: &IndicatorField, typed: &str) -> Option<Value> {
    let mut ignored = FieldErrors::new();
    parse_value(field, &Value::String(typed.to_owned()), "", &mut ignored)
}

pub fn sections(v: &Visitor, read: &EntryRead, shown_as: &Shown) -> Vec<Section> {
    let lang = v.lang;
    let documented = read.documented();
    let mut out: Vec<Section> = Vec::new();
    for field in &read.category.form {
        let key = &field.key;
        let saved_text = shown(lang, field, read.entry.values.get(key));
        let typed = shown_as.typed.get(key);
        let value = typed.cloned().unwrap_or_else(|| saved_text.clone());
        let saved = typed
            .filter(|typed| {
                shown_as.conflict
                    && field.field_type != FieldType::Document
                    && typed_value(field, typed).as_ref() != read.entry.values.get(key)
            })
            .map(|_| saved_text.clone())
            .map(|text| {
                if text.is_empty() {
                    v.text("entry-form-saved-empty")
                } else {
                    text
                }
            });
        let files = file_lines(lang, read, Some(key));
        let filled = match field.field_type {
            FieldType::Document => documented.contains(key),
            _ => !value.trim().is_empty(),
        };
        let line = FieldLine {
            key: key.clone(),
            label: pick(lang, &field.label_id, &field.label_en),
            help: pick(lang, &field.help_id, &field.help_en),
            kind: kind_name(field.field_type),
            required: field.required,
            before: (field.field_type == FieldType::Rupiah).then_some("Rp"),
            after: (field.field_type == FieldType::Percent).then_some("%"),
            bounds: bounds(v, field),
            inputmode: inputmode(field.field_type),
            value,
            error: shown_as.errors.get(key).cloned(),
            saved,
            files,
            filled,
        };
        let title =
            Some(pick(lang, &field.section_id, &field.section_en)).filter(|t| !t.is_empty());
        match out.last_mut() {
            Some(section) if section.title == title => section.fields.push(line),
            _ => out.push(Section {
                title,
                anchor: format!("bagian-{}", out.len() + 1),
                done: 0,
                total: 0,
                fields: vec![line],
            }),
        }
    }
    for section in &mut out {
        section.total = section.fields.len();
        section.done = section.fields.iter().filter(|f| f.filled).count();
    }
    out
}

/// What the entry still lacks before it can be sent, as saved.
pub fn still_missing(lang: Lang, read: &EntryRead) -> Vec<Missing> {
    missing(&read.category.form, &read.entry.values, &read.documented())
        .into_iter()
        .map(|f| Missing {
            key: f.key.clone(),
            label: pick(lang, &f.label_id, &f.label_en),
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numbers_are_written_the_way_the_form_reads_them_back() {
        assert_eq!(
            number_text(Lang::Id, FieldType::Rupiah, "1250000"),
            "1.250.000"
        );
        assert_eq!(number_text(Lang::Id, FieldType::Integer, "125"), "125");
        assert_eq!(number_text(Lang::Id, FieldType::Integer, "-1000"), "-1.000");
        assert_eq!(number_text(Lang::Id, FieldType::Percent, "31.4"), "31,4");
        assert_eq!(
            number_text(Lang::Id, FieldType::Decimal, "1250.5"),
            "1250,5"
        );
        assert_eq!(
            number_text(Lang::En, FieldType::Rupiah, "1250000"),
            "1250000"
        );
        for (kind, text) in [
            (FieldType::Rupiah, "1250000"),
            (FieldType::Integer, "1000000000"),
            (FieldType::Percent, "31.4"),
            (FieldType::Decimal, "1250.5"),
        ] {
            let field = IndicatorField {
                key: "x".into(),
                label_id: "x".into(),
                label_en: String::new(),
                field_type: kind,
                required: false,
                min: None,
                max: None,
                help_id: String::new(),
                help_en: String::new(),
                section_id: String::new(),
                section_en: String::new(),
            };
            for lang in [Lang::Id, Lang::En] {
                assert_eq!(
                    typed_value(&field, &number_text(lang, kind, text)),
                    Some(Value::String(text.into())),
                    "{kind:?} {lang:?}"
                );
            }
        }
    }
}
