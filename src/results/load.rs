//! Reading one category from the database into the scoring engine's plain
//! inputs: complete entries with their numeric indicators and the furthest
//! stage each was shortlisted into, and every submitted scoresheet of an
//! active (not recused) assignment.

use std::collections::HashMap;

use diesel::prelude::*;
use rust_decimal::Decimal;
use serde_json::Value;

use crate::categories::store::{self as categories, Category};
use crate::db::DbConnection;
use crate::db::schema::{
    assignments, edition_judges, entries, organisations, regions, scoresheets, shortlist, users,
};
use crate::entries::status::Status;
use crate::error::ApiError;
use crate::judging::scoresheet::Marks;
use crate::messages::Said;
use crate::rubrics::Rubric;
use crate::scoring::assemble::{EntryInput, Settings, Sheet};
use crate::scoring::weigh::Layout;

/// Who an entry is, for people reading the ranking.
#[derive(Debug, Clone)]
pub struct EntryMeta {
    pub organisation_id: String,
    pub organisation_name: String,
    pub region_code: String,
    pub region_name: String,
}

/// One judge's marks for one entry and stage, with comments, for admins.
#[derive(Debug, Clone)]
pub struct SheetDetail {
    pub entry: usize,
    pub judge: u32,
    pub stage_key: String,
    pub marks: Marks,
}

#[derive(Debug, Clone)]
pub struct JudgeMeta {
    pub id: String,
    pub name: String,
}

/// A category, ready for the engine.
pub struct CategoryData {
    pub category: Category,
    pub rubric: Rubric,
    pub rubric_version: i32,
    pub layout: Layout,
    pub settings: Settings,
    pub entries: Vec<EntryInput>,
    pub meta: Vec<EntryMeta>,
    pub sheets: Vec<Sheet>,
    pub details: Vec<SheetDetail>,
    /// Judge numbers used in `sheets`, as indices into this list.
    pub judges: Vec<JudgeMeta>,
    /// Active assignments whose scoresheet is not submitted yet.
    pub outstanding: usize,
    /// The same, by stage key.
    pub outstanding_by_stage: HashMap<String, usize>,
}

fn numeric(value: &Value) -> Option<Decimal> {
    match value {
        Value::String(text) => text.parse().ok(),
        Value::Number(number) => number.to_string().parse().ok(),
        Value::Bool(yes) => Some(if *yes { Decimal::ONE } else { Decimal::ZERO }),
        _ => None,
    }
}

pub fn no_rubric() -> ApiError {
    ApiError::Conflict(Said::NoRubricYet.msg())
}

type EntryRow = (String, String, String, String, String, Option<String>);
type AssignmentRow = (String, String, String, Option<String>, Option<String>);

pub fn category_data(
    conn: &mut DbConnection,
    category: Category,
) -> Result<CategoryData, ApiError> {
    let version = categories::current_rubric(conn, &category.id)?
        .ok_or_else(no_rubric)?
        .decode()?;
    let layout = Layout::new(&version.rubric);

    let rows: Vec<EntryRow> = entries::table
        .inner_join(organisations::table)
        .left_join(regions::table.on(regions::code.eq(entries::region_code)))
        .filter(entries::category_id.eq(&category.id))
        .filter(entries::status.eq(Status::Complete.as_str()))
        .select((
            entries::id,
            entries::values_json,
            entries::organisation_id,
            organisations::name,
            entries::region_code,
            regions::name.nullable(),
        ))
        .order(entries::id)
        .load(conn)?;
    let shortlisted: Vec<(String, String)> = shortlist::table
        .filter(shortlist::category_id.eq(&category.id))
        .select((shortlist::entry_id, shortlist::stage_key))
        .load(conn)?;
    let mut reached: HashMap<String, usize> = HashMap::new();
    for (entry, stage_key) in shortlisted {
        if let Some(at) = version
            .rubric
            .stages
            .iter()
            .position(|s| s.key == stage_key)
        {
            let furthest = reached.entry(entry).or_insert(0);
            *furthest = (*furthest).max(at);
        }
    }
    let mut index = HashMap::with_capacity(rows.len());
    let mut inputs = Vec::with_capacity(rows.len());
    let mut meta = Vec::with_capacity(rows.len());
    for (id, values_json, organisation_id, organisation_name, region_code, region_name) in rows {
        let values: serde_json::Map<String, Value> =
            serde_json::from_str(&values_json).unwrap_or_default();
        index.insert(id.clone(), inputs.len());
        inputs.push(EntryInput {
            reached: reached.get(&id).copied().unwrap_or(0),
            id,
            values: values
                .iter()
                .filter_map(|(key, value)| Some((key.clone(), numeric(value)?)))
                .collect(),
        });
        meta.push(EntryMeta {
            organisation_id,
            organisation_name,
            region_name: region_name.unwrap_or_default(),
            region_code,
        });
    }

    let judges: Vec<(String, String)> = edition_judges::table
        .inner_join(users::table)
        .filter(edition_judges::edition_id.eq(&category.edition_id))
        .select((edition_judges::id, users::display_name))
        .order(edition_judges::id)
        .load(conn)?;
    let judge_number: HashMap<&str, u32> = judges
        .iter()
        .enumerate()
        .map(|(i, (id, _))| (id.as_str(), i as u32))
        .collect();

    let rows: Vec<AssignmentRow> = assignments::table
        .left_join(scoresheets::table.on(scoresheets::assignment_id.eq(assignments::id)))
        .filter(assignments::category_id.eq(&category.id))
        .filter(assignments::status.eq("active"))
        .select((
            assignments::entry_id,
            assignments::judge_id,
            assignments::stage_key,
            scoresheets::status.nullable(),
            scoresheets::scores_json.nullable(),
        ))
        .load(conn)?;
    let mut sheets = Vec::with_capacity(rows.len());
    let mut details = Vec::with_capacity(rows.len());
    let mut outstanding = 0;
    let mut outstanding_by_stage: HashMap<String, usize> = HashMap::new();
    for (entry_id, judge_id, stage_key, status, scores_json) in rows {
        let Some(&entry) = index.get(entry_id.as_str()) else {
            continue;
        };
        if status.as_deref() != Some("submitted") {
            outstanding += 1;
            *outstanding_by_stage.entry(stage_key).or_default() += 1;
            continue;
        }
        let Some(&judge) = judge_number.get(judge_id.as_str()) else {
            continue;
        };
        let marks: Marks = scores_json
            .and_then(|json| serde_json::from_str(&json).ok())
            .unwrap_or_default();
        let scores = marks
            .iter()
            .filter(|(_, mark)| !mark.abstain)
            .filter_map(|(key, mark)| Some((layout.criterion(key)?, mark.score?)))
            .collect();
        sheets.push(Sheet {
            entry,
            judge,
            scores,
        });
        details.push(SheetDetail {
            entry,
            judge,
            stage_key,
            marks,
        });
    }

    Ok(CategoryData {
        settings: Settings {
            aggregation: category.aggregation,
            tie_break: category.tie_break.clone(),
            disagreement_threshold: category.disagreement_threshold,
        },
        category,
        rubric: version.rubric,
        rubric_version: version.version,
        layout,
        entries: inputs,
        meta,
        sheets,
        details,
        judges: judges
            .into_iter()
            .map(|(id, name)| JudgeMeta { id, name })
            .collect(),
        outstanding,
        outstanding_by_stage,
    })
}
