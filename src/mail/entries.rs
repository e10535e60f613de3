//! The entrants' emails: the receipt of a submitted entry, listing every
//! value and document it was sent with, so that the entrant holds proof of
//! what the committee received and when; and the reminder, as entries
//! close, of entries not yet sent.

use super::NewEmail;
use super::compose::{both_body, both_subject};
use super::judging::category_name;
use crate::categories::form::{FieldType, IndicatorField};
use crate::categories::store::Category;
use crate::editions::store::EditionRow;
use crate::entries::status::Decision;
use crate::entries::values::{Values, number_text};
use crate::error::{Arg, Msg};
use crate::i18n::Lang;

/// An entry just submitted, and who submitted it.
pub struct Receipt<'a> {
    pub edition: &'a EditionRow,
    pub category: &'a Category,
    pub organisation: &'a str,
    pub name: &'a str,
    pub email: &'a str,
    pub reference: &'a str,
    /// When it was submitted, in the edition's zone.
    pub at: &'a str,
    pub values: &'a Values,
    /// The documents by file name, each with the key of the field it
    /// supports, if any.
    pub documents: &'a [(String, Option<String>)],
    pub entry_id: &'a str,
    pub public_url: &'a str,
}

fn label(lang: Lang, field: &IndicatorField) -> &str {
    match lang {
        Lang::En if !field.label_en.is_empty() => &field.label_en,
        _ => &field.label_id,
    }
}

/// A value as the receipt writes it.
fn written(lang: Lang, field: &IndicatorField, value: &serde_json::Value) -> String {
    match (field.field_type, value) {
        (FieldType::YesNo, serde_json::Value::Bool(yes)) => match (lang, yes) {
            (Lang::Id, true) => "Ya".into(),
            (Lang::Id, false) => "Tidak".into(),
            (Lang::En, true) => "Yes".into(),
            (Lang::En, false) => "No".into(),
        },
        (FieldType::Rupiah, serde_json::Value::String(n)) => {
            format!("Rp {}", number_text(lang, field.field_type, n))
        }
        (FieldType::Percent, serde_json::Value::String(n)) => {
            format!("{}%", number_text(lang, field.field_type, n))
        }
        (kind, serde_json::Value::String(n)) if kind.is_numeric() => number_text(lang, kind, n),
        (_, serde_json::Value::String(text)) => text.clone(),
        (_, other) => other.to_string(),
    }
}

/// Every value, one line each, in the form's order; then every document.
fn listing(lang: Lang, r: &Receipt<'_>) -> String {
    let mut lines = Vec::new();
    for field in &r.category.form {
        if field.field_type == FieldType::Document {
            continue;
        }
        let value = r
            .values
            .get(&field.key)
            .map_or_else(|| "–".to_owned(), |v| written(lang, field, v));
        lines.push(format!("- {}: {value}", label(lang, field)));
    }
    for (name, key) in r.documents {
        let supports = key
            .as_ref()
            .and_then(|key| r.category.form.iter().find(|f| &f.key == key))
            .map(|f| format!(" ({})", label(lang, f)))
            .unwrap_or_default();
        lines.push(format!("- {name}{supports}"));
    }
    lines.join("\n")
}

pub fn receipt(r: &Receipt<'_>) -> NewEmail {
    let category = category_name(&r.category.name_id, &r.category.name_en);
    let subject = Msg::with(
        "email-receipt-subject",
        &[
            ("reference", r.reference.into()),
            ("category", category.clone()),
        ],
    );
    let body = Msg::with(
        "email-receipt-body",
        &[
            ("name", r.name.into()),
            ("organisation", r.organisation.into()),
            ("edition", r.edition.name.as_str().into()),
            ("category", category),
            ("reference", r.reference.into()),
            ("at", r.at.into()),
            ("documents", r.documents.len().into()),
            (
                "listing",
                Arg::each(listing(Lang::Id, r), listing(Lang::En, r)),
            ),
            (
                "link",
                format!(
                    "{}/entri/{}",
                    r.public_url.trim_end_matches('/'),
                    r.entry_id
                )
                .into(),
            ),
        ],
    );
    NewEmail {
        kind: "entry.receipt",
        edition_id: Some(r.edition.id.clone()),
        province_code: r.edition.province_code.clone(),
        recipient: r.email.to_owned(),
        subject: both_subject(&subject),
        body_text: both_body(&body),
    }
}

/// An entry not yet sent, as a reminder names it.
pub struct Unsent {
    pub organisation: String,
    pub category_id: String,
    pub category_en: String,
}

/// Entries not yet sent as entries close.
pub struct Reminder<'a> {
    pub edition: &'a EditionRow,
    pub name: &'a str,
    pub email: &'a str,
    pub unsent: &'a [Unsent],
    /// The deadline as the edition's readers write it.
    pub deadline: String,
    pub public_url: &'a str,
}

pub fn reminder(r: &Reminder<'_>) -> NewEmail {
    let edition = &r.edition.name;
    let lines = |en: bool| {
        r.unsent
            .iter()
            .map(|u| {
                let category = if en && !u.category_en.is_empty() {
                    &u.category_en
                } else {
                    &u.category_id
                };
                format!("- {}, {category}", u.organisation)
            })
            .collect::<Vec<_>>()
            .join("\n")
    };
    let subject = Msg::with(
        "email-entry-reminder-subject",
        &[
            ("edition", edition.into()),
            ("deadline", r.deadline.as_str().into()),
        ],
    );
    let body = Msg::with(
        "email-entry-reminder-body",
        &[
            ("name", r.name.into()),
            ("edition", edition.into()),
            ("deadline", r.deadline.as_str().into()),
            ("count", r.unsent.len().into()),
            ("entries", Arg::each(lines(false), lines(true))),
            (
                "link",
                format!("{}/entri", r.public_url.trim_end_matches('/')).into(),
            ),
        ],
    );
    NewEmail {
        kind: crate::entries::reminders::KIND,
        edition_id: Some(r.edition.id.clone()),
        province_code: r.edition.province_code.clone(),
        recipient: r.email.to_owned(),
        subject: both_subject(&subject),
        body_text: both_body(&body),
    }
}

/// The office's decision in the administrative check.
pub struct Checked<'a> {
    pub edition: &'a EditionRow,
    pub category: &'a Category,
    pub organisation: &'a str,
    pub decision: Decision,
    pub reason: Option<&'a str>,
    pub name: &'a str,
    pub email: &'a str,
    pub entry_id: &'a str,
    pub public_url: &'a str,
}

pub fn checked(c: &Checked<'_>) -> NewEmail {
    let category = category_name(&c.category.name_id, &c.category.name_en);
    let (subject_key, body_key) = match c.decision {
        Decision::Complete => (
            "email-checked-complete-subject",
            "email-checked-complete-body",
        ),
        Decision::Rejected => (
            "email-checked-rejected-subject",
            "email-checked-rejected-body",
        ),
        Decision::Returned => (
            "email-checked-returned-subject",
            "email-checked-returned-body",
        ),
    };
    let subject = Msg::with(
        subject_key,
        &[
            ("organisation", c.organisation.into()),
            ("category", category.clone()),
        ],
    );
    let body = Msg::with(
        body_key,
        &[
            ("name", c.name.into()),
            ("organisation", c.organisation.into()),
            ("edition", c.edition.name.as_str().into()),
            ("category", category),
            ("reason", c.reason.unwrap_or("–").into()),
            (
                "link",
                format!(
                    "{}/entri/{}",
                    c.public_url.trim_end_matches('/'),
                    c.entry_id
                )
                .into(),
            ),
        ],
    );
    NewEmail {
        kind: "entry.checked",
        edition_id: Some(c.edition.id.clone()),
        province_code: c.edition.province_code.clone(),
        recipient: c.email.to_owned(),
        subject: both_subject(&subject),
        body_text: both_body(&body),
    }
}
