//! A category in the office: its settings (names, who may enter, winners,
//! blind judging, how judges' marks combine, the disagreement threshold,
//! the tie-break order, what entrants see); its rubric in an editor where
//! stages and criteria are added, moved and removed, judged criteria get a
//! scale and descriptors and computed ones a source and mapping, weight
//! sums show at every level and every problem shows beside its node, from
//! the rubric's own validation; a frozen rubric read-only with its
//! versions and their reasons; and a preview of the scoresheet judges will
//! see. They call `categories::setup` and `categories::rubric`, as the API
//! does.

use std::collections::BTreeMap;

use actix_web::http::StatusCode;
use actix_web::web;
use minijinja::context;
use rust_decimal::Decimal;
use serde::Serialize;
use serde_json::Value;

use super::require_admin;
use super::rubric_form;
use crate::auth::Caller;
use crate::categories::rubric::{self, RubricInput};
use crate::categories::rules::{Aggregation, Eligibility, TieBreak};
use crate::categories::setup::{self as category_setup, CategoryInput};
use crate::categories::store::{Category, RubricVersion};
use crate::editions::setup;
use crate::error::{ApiError, FieldError};
use crate::organisations::domain::OrganisationKind;
use crate::web::autosave::field;
use crate::web::entry_fields::pick;
use crate::web::format;
use crate::web::page::{Flash, PageResult, Visitor};

type Fields = Vec<(String, String)>;
type CategoryPath = web::Path<(String, String)>;

const AGGREGATIONS: [Aggregation; 4] = [
    Aggregation::Mean,
    Aggregation::Median,
    Aggregation::TrimmedMean,
    Aggregation::ZScore,
];

fn here(edition_id: &str, category_id: &str) -> String {
    format!("/kantor/edisi/{edition_id}/kategori/{category_id}")
}

/// What the page shows besides the saved category: a rubric draft being
/// edited, typed settings, and problems by field or path.
#[derive(Default)]
struct Shown {
    draft: Option<Value>,
    reason: String,
    settings: Option<BTreeMap<String, String>>,
    settings_errors: BTreeMap<String, String>,
    rubric_errors: BTreeMap<String, String>,
    problem: Option<String>,
}

fn tie_text(rules: &[TieBreak]) -> String {
    rules
        .iter()
        .map(crate::results::view::rule_label)
        .collect::<Vec<_>>()
        .join(", ")
}

fn settings_of(category: &Category) -> BTreeMap<String, String> {
    let mut typed = BTreeMap::new();
    typed.insert("name_id".into(), category.name_id.clone());
    typed.insert("name_en".into(), category.name_en.clone());
    typed.insert("winners".into(), category.winners_count.to_string());
    typed.insert(
        "threshold".into(),
        category.disagreement_threshold.normalize().to_string(),
    );
    typed.insert(
        "aggregation".into(),
        category.aggregation.as_str().to_owned(),
    );
    typed.insert("tie_break".into(), tie_text(&category.tie_break));
    typed.insert(
        "blind".into(),
        if category.blind { "ya" } else { "" }.into(),
    );
    typed.insert(
        "breakdown".into(),
        if category.entrants_see_breakdown {
            "ya"
        } else {
            ""
        }
        .into(),
    );
    for kind in &category.eligibility.kinds {
        typed.insert(format!("kind.{}", kind.as_str()), "ya".into());
    }
    typed
}

/// Weight sums of every sibling group in the draft, by the group's path
/// (`stages`, `stages[0].criteria`, ...), as the reader writes them.
fn weight_sums(draft: &Value) -> BTreeMap<String, String> {
    fn sum(items: &[Value]) -> String {
        let total: Option<Decimal> = items.iter().try_fold(Decimal::ZERO, |acc, item| {
            let raw = item.get("weight").and_then(Value::as_str).unwrap_or("");
            raw.trim()
                .replace(',', ".")
                .parse::<Decimal>()
                .ok()
                .map(|w| acc + w)
        });
        total.map_or_else(|| "?".to_owned(), |t| t.normalize().to_string())
    }
    fn walk(items: &[Value], at: &str, out: &mut BTreeMap<String, String>) {
        out.insert(at.to_owned(), sum(items));
        for (i, item) in items.iter().enumerate() {
            let child = if at == "stages" {
                "criteria"
            } else {
                "children"
            };
            if let Some(list) = item.get(child).and_then(Value::as_array) {
                walk(list, &format!("{at}[{i}].{child}"), out);
            }
        }
    }
    let mut out = BTreeMap::new();
    if let Some(stages) = draft.get("stages").and_then(Value::as_array) {
        walk(stages, "stages", &mut out);
    }
    out
}

/// The draft with each node's path (`at`), the list it is in (`parent`),
/// its children's list (`list`), its depth, and the problems the rubric's
/// validation found on it (not on its children), for the template to name
/// fields and show each problem beside its node.
fn annotate(draft: &Value, errors: &BTreeMap<String, String>) -> Value {
    fn walk(items: &mut [Value], list: &str, depth: usize, errors: &BTreeMap<String, String>) {
        for (i, item) in items.iter_mut().enumerate() {
            let at = format!("{list}[{i}]");
            let child = if depth == 0 { "criteria" } else { "children" };
            let inner = format!("{at}.{child}");
            if let Some(children) = item.get_mut(child).and_then(Value::as_array_mut) {
                walk(children, &inner, depth + 1, errors);
            }
            let own: Vec<&String> = errors
                .iter()
                .filter(|(path, _)| {
                    (path.as_str() == at || path.starts_with(&format!("{at}.")))
                        && !path.starts_with(&format!("{inner}["))
                })
                .map(|(_, message)| message)
                .collect();
            if let Value::Object(map) = item {
                map.insert("problems".into(), serde_json::json!(own));
                map.insert("at".into(), Value::String(at));
                map.insert("parent".into(), Value::String(list.to_owned()));
                map.insert("list".into(), Value::String(inner));
                map.insert("depth".into(), Value::from(depth));
            }
        }
    }
    let mut out = draft.clone();
    if let Some(stages) = out.get_mut("stages").and_then(Value::as_array_mut) {
        walk(stages, "stages", 0, errors);
    }
    out
}

#[derive(Serialize)]
struct VersionLine {
    version: i32,
    frozen: bool,
    reason: Option<String>,
    at: String,
}

async fn category_page(
    v: &Visitor,
    caller: &Caller,
    (edition_id, category_id): (String, String),
    status: StatusCode,
    shown: Shown,
) -> PageResult {
    let fail = |e| v.fail(e);
    let state = v.state();
    let edition = setup::get_administered(state, caller.clone(), edition_id.clone())
        .await
        .map_err(fail)?;
    let category = category_setup::get(
        state,
        caller.clone(),
        edition_id.clone(),
        category_id.clone(),
    )
    .await
    .map_err(fail)?;
    let versions: Vec<RubricVersion> = rubric::versions(
        state,
        caller.clone(),
        edition_id.clone(),
        category_id.clone(),
    )
    .await
    .map_err(fail)?;
    let current = versions.last();
    let frozen = current.is_some_and(|c| c.frozen);
    let draft = shown.draft.unwrap_or_else(|| match current {
        Some(c) => rubric_form::from_rubric(&c.rubric),
        None => serde_json::json!({"stages": []}),
    });
    let sums = weight_sums(&draft);
    let lines: Vec<VersionLine> = versions
        .iter()
        .rev()
        .map(|r| VersionLine {
            version: r.version,
            frozen: r.frozen,
            reason: r.reason.clone(),
            at: format::instant(v.lang, edition.time_zone, r.created_at),
        })
        .collect();
    let indicators: Vec<(String, String)> = category
        .form
        .iter()
        .filter(|f| f.field_type.is_numeric())
        .map(|f| (f.key.clone(), pick(v.lang, &f.label_id, &f.label_en)))
        .collect();
    v.render_status(
        status,
        "office_category.html",
        context! {
            id => &edition.id,
            edition => &edition.name,
            category_id => &category.id,
            name => pick(v.lang, &category.name_id, &category.name_en),
            version => category.version,
            settings => shown.settings.unwrap_or_else(|| settings_of(&category)),
            settings_errors => shown.settings_errors,
            kinds => OrganisationKind::ALL.iter().map(|k| k.as_str()).collect::<Vec<_>>(),
            aggregations => AGGREGATIONS.iter().map(|a| a.as_str()).collect::<Vec<_>>(),
            draft => minijinja::value::Serde(&annotate(&draft, &shown.rubric_errors)),
            sums => sums,
            rubric_errors => shown.rubric_errors,
            problem => shown.problem,
            frozen => frozen,
            judging => edition.phase.as_str() == "judging",
            reason => shown.reason,
            versions => minijinja::value::Serde(&lines),
            indicators => indicators,
            fields => category.form.len(),
        },
    )
}

pub async fn page(v: Visitor, path: CategoryPath) -> PageResult {
    let caller = require_admin(&v)?;
    category_page(
        &v,
        &caller,
        path.into_inner(),
        StatusCode::OK,
        Shown::default(),
    )
    .await
}

/// The form's name for a field the category's validation names.
fn settings_field(api: &str) -> &'static str {
    match api.split(['.', '[']).next().unwrap_or(api) {
        "name_id" => "name_id",
        "name_en" => "name_en",
        "winners_count" => "winners",
        "disagreement_threshold" => "threshold",
        "aggregation" => "aggregation",
        "tie_break" => "tie_break",
        "eligibility" => "kinds",
        _ => "settings",
    }
}

/// Reads `stage:KEY, criterion:KEY` as the tie-break order.
fn tie_rules(raw: &str) -> Result<Vec<TieBreak>, String> {
    raw.split([',', '\n'])
        .map(str::trim)
        .filter(|r| !r.is_empty())
        .map(|rule| match rule.split_once(':') {
            Some(("stage", key)) => Ok(TieBreak::Stage(key.trim().to_owned())),
            Some(("criterion", key)) => Ok(TieBreak::Criterion(key.trim().to_owned())),
            _ => Err(rule.to_owned()),
        })
        .collect()
}

/// Saves the category's settings, with the version the form was read at.
pub async fn save_settings(v: Visitor, path: CategoryPath, form: web::Form<Fields>) -> PageResult {
    let fields = form.into_inner();
    v.check_form(field(&fields, "csrf"))?;
    let caller = require_admin(&v)?;
    let at = path.into_inner();
    let value = |name: &str| field(&fields, name).trim().to_owned();
    let mut typed = BTreeMap::new();
    for name in [
        "name_id",
        "name_en",
        "winners",
        "threshold",
        "aggregation",
        "tie_break",
        "blind",
        "breakdown",
    ] {
        typed.insert(name.to_owned(), value(name));
    }
    let kinds: Vec<OrganisationKind> = fields
        .iter()
        .filter(|(k, _)| k == "kind")
        .filter_map(|(_, v)| OrganisationKind::parse(v))
        .collect();
    for kind in &kinds {
        typed.insert(format!("kind.{}", kind.as_str()), "ya".into());
    }
    let mut errors = BTreeMap::new();
    let winners = value("winners").parse::<i32>().ok();
    if winners.is_none() {
        errors.insert(
            "winners".to_owned(),
            v.text("office-category-winners-invalid"),
        );
    }
    let threshold = value("threshold").replace(',', ".").parse::<Decimal>().ok();
    if threshold.is_none() {
        errors.insert(
            "threshold".to_owned(),
            v.text("office-category-threshold-invalid"),
        );
    }
    let tie_break = match tie_rules(&value("tie_break")) {
        Ok(rules) => Some(rules),
        Err(rule) => {
            errors.insert(
                "tie_break".to_owned(),
                v.text_with("office-category-tie-invalid", &[("rule", rule)]),
            );
            None
        }
    };
    let aggregation = AGGREGATIONS
        .into_iter()
        .find(|a| a.as_str() == value("aggregation"));
    let version = field(&fields, "versi").parse().ok();
    let outcome = if errors.is_empty() {
        let current = category_setup::get(v.state(), caller.clone(), at.0.clone(), at.1.clone())
            .await
            .map_err(|e| v.fail(e))?;
        let input = CategoryInput {
            name_id: Some(value("name_id")),
            name_en: Some(value("name_en")),
            eligibility: Some(Eligibility {
                kinds,
                ..current.eligibility
            }),
            winners_count: winners,
            blind: Some(value("blind") == "ya"),
            tie_break,
            aggregation,
            disagreement_threshold: threshold,
            entrants_see_breakdown: Some(value("breakdown") == "ya"),
            version,
            ..CategoryInput::default()
        };
        category_setup::update(v.state(), caller.clone(), at.0.clone(), at.1.clone(), input).await
    } else {
        Err(ApiError::Validation(Vec::new()))
    };
    match outcome {
        Ok(_) => Ok(v
            .redirect(&here(&at.0, &at.1), Some(Flash::ok("flash-category-saved")))
            .finish()),
        Err(error @ (ApiError::Validation(_) | ApiError::Conflict(_) | ApiError::Refused(..))) => {
            for (name, message) in v.field_messages(&error) {
                errors
                    .entry(settings_field(&name).to_owned())
                    .or_insert(message);
            }
            let problem = match &error {
                ApiError::Conflict(_) => Some(v.said(&error)),
                _ => Some(v.text("office-fix-marked")),
            };
            let shown = Shown {
                settings: Some(typed),
                settings_errors: errors,
                problem,
                ..Shown::default()
            };
            category_page(&v, &caller, at, StatusCode::UNPROCESSABLE_ENTITY, shown).await
        }
        Err(other) => Err(v.fail(other)),
    }
}

/// The rubric editor's buttons: a structural change shows the draft again
/// (nothing saved); "save" checks and saves it, every problem beside its
/// node.
pub async fn edit_rubric(v: Visitor, path: CategoryPath, form: web::Form<Fields>) -> PageResult {
    let fields = form.into_inner();
    v.check_form(field(&fields, "csrf"))?;
    let caller = require_admin(&v)?;
    let at = path.into_inner();
    let mut draft = rubric_form::from_form(&fields);
    let reason = field(&fields, "alasan").trim().to_owned();
    let action = field(&fields, "aksi");
    if action != "simpan" {
        rubric_form::apply(&mut draft, action);
        let shown = Shown {
            draft: Some(draft),
            reason,
            ..Shown::default()
        };
        return category_page(&v, &caller, at, StatusCode::OK, shown).await;
    }
    let saved = match rubric_form::to_rubric(&draft) {
        Ok(rubric) => {
            rubric::set(
                v.state(),
                caller.clone(),
                at.0.clone(),
                at.1.clone(),
                RubricInput {
                    stages: rubric.stages,
                    reason: Some(reason.clone()),
                },
            )
            .await
        }
        Err(errors) => Err(ApiError::Validation(errors)),
    };
    match saved {
        Ok(_) => Ok(v
            .redirect(
                &format!("{}#rubrik", here(&at.0, &at.1)),
                Some(Flash::ok("flash-rubric-saved")),
            )
            .finish()),
        Err(error @ (ApiError::Validation(_) | ApiError::Conflict(_) | ApiError::Refused(..))) => {
            let rubric_errors: BTreeMap<String, String> = match &error {
                ApiError::Validation(list) | ApiError::Refused(_, list) => list
                    .iter()
                    .map(|e: &FieldError| {
                        let text = match v.lang {
                            crate::i18n::Lang::Id => e.message.to_string(),
                            crate::i18n::Lang::En => e.message_en.to_string(),
                        };
                        (e.field.clone(), text)
                    })
                    .collect(),
                _ => BTreeMap::new(),
            };
            let problem = match &error {
                ApiError::Conflict(_) => v.said(&error),
                _ => v.text_with(
                    "office-rubric-problems",
                    &[("count", rubric_errors.len().to_string())],
                ),
            };
            let shown = Shown {
                draft: Some(draft),
                reason,
                rubric_errors,
                problem: Some(problem),
                ..Shown::default()
            };
            category_page(&v, &caller, at, StatusCode::UNPROCESSABLE_ENTITY, shown).await
        }
        Err(other) => Err(v.fail(other)),
    }
}

/// The scoresheet judges will see for each stage: every judged criterion
/// with its scale and the descriptor of every level.
pub async fn preview(v: Visitor, path: CategoryPath) -> PageResult {
    let caller = require_admin(&v)?;
    let (edition_id, category_id) = path.into_inner();
    let fail = |e| v.fail(e);
    let edition = setup::get_administered(v.state(), caller.clone(), edition_id.clone())
        .await
        .map_err(fail)?;
    let category = category_setup::get(
        v.state(),
        caller.clone(),
        edition_id.clone(),
        category_id.clone(),
    )
    .await
    .map_err(fail)?;
    let current = rubric::current(v.state(), caller, edition_id, category_id)
        .await
        .map_err(fail)?;
    let draft = rubric_form::from_rubric(&current.rubric);
    v.render(
        "office_sheet_preview.html",
        context! {
            id => &edition.id,
            edition => &edition.name,
            category_id => &category.id,
            name => pick(v.lang, &category.name_id, &category.name_en),
            blind => category.blind,
            draft => minijinja::value::Serde(&annotate(&draft, &BTreeMap::new())),
            version => current.version,
        },
    )
}
