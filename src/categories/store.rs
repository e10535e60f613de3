//! Category rows and rubric versions.

use chrono::NaiveDateTime;
use diesel::prelude::*;
use rust_decimal::Decimal;
use serde::Serialize;
use utoipa::ToSchema;

use crate::categories::form::IndicatorField;
use crate::categories::rules::{Aggregation, Eligibility, TieBreak};
use crate::db::{DbConnection, now, schema::categories, schema::rubric_versions};
use crate::error::ApiError;
use crate::rubrics::model::Rubric;

#[derive(Debug, Clone, Queryable, Selectable)]
#[diesel(table_name = categories)]
pub struct CategoryRow {
    pub id: String,
    pub edition_id: String,
    pub name_id: String,
    pub name_en: String,
    pub description_id: String,
    pub description_en: String,
    pub eligibility_json: String,
    pub winners_count: i32,
    pub blind: bool,
    pub tie_break_json: String,
    pub aggregation: String,
    pub disagreement_threshold: String,
    pub form_json: String,
    pub template_key: Option<String>,
    pub position: i32,
    pub created_at: NaiveDateTime,
    pub updated_at: NaiveDateTime,
    pub version: i32,
    pub entrants_see_breakdown: bool,
}

/// A category with its settings decoded.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct Category {
    pub id: String,
    pub edition_id: String,
    pub name_id: String,
    pub name_en: String,
    pub description_id: String,
    pub description_en: String,
    pub eligibility: Eligibility,
    /// Number of winners (juara 1 to N).
    pub winners_count: i32,
    /// Judges do not see who the entrant is.
    pub blind: bool,
    /// Ordered rules applied to equal final scores.
    pub tie_break: Vec<TieBreak>,
    pub aggregation: Aggregation,
    /// Spread between judges (points of 100) above which an entry is flagged.
    #[schema(value_type = String)]
    pub disagreement_threshold: Decimal,
    /// The indicator form entrants fill in.
    pub form: Vec<IndicatorField>,
    /// Entrants see their published score criterion by criterion (never a
    /// judge's name); off by default.
    pub entrants_see_breakdown: bool,
    pub template_key: Option<String>,
    pub position: i32,
    #[serde(serialize_with = "crate::instant::utc")]
    pub created_at: NaiveDateTime,
    #[serde(serialize_with = "crate::instant::utc")]
    pub updated_at: NaiveDateTime,
    pub version: i32,
    /// Current rubric version, if a rubric was set.
    pub rubric_version: Option<i32>,
}

impl CategoryRow {
    pub fn decode(self, rubric_version: Option<i32>) -> Category {
        Category {
            eligibility: serde_json::from_str(&self.eligibility_json).unwrap_or_default(),
            tie_break: serde_json::from_str(&self.tie_break_json).unwrap_or_default(),
            aggregation: Aggregation::parse(&self.aggregation).unwrap_or_default(),
            disagreement_threshold: self
                .disagreement_threshold
                .parse()
                .unwrap_or_else(|_| Decimal::from(20)),
            form: serde_json::from_str(&self.form_json).unwrap_or_default(),
            id: self.id,
            edition_id: self.edition_id,
            name_id: self.name_id,
            name_en: self.name_en,
            description_id: self.description_id,
            description_en: self.description_en,
            winners_count: self.winners_count,
            blind: self.blind,
            entrants_see_breakdown: self.entrants_see_breakdown,
            template_key: self.template_key,
            position: self.position,
            created_at: self.created_at,
            updated_at: self.updated_at,
            version: self.version,
            rubric_version,
        }
    }
}

/// A category's settings as written.
#[derive(Debug, Clone, Insertable, AsChangeset)]
#[diesel(table_name = categories, treat_none_as_null = true)]
pub struct CategoryFields {
    pub name_id: String,
    pub name_en: String,
    pub description_id: String,
    pub description_en: String,
    pub eligibility_json: String,
    pub winners_count: i32,
    pub blind: bool,
    pub tie_break_json: String,
    pub aggregation: String,
    pub disagreement_threshold: String,
    pub form_json: String,
    pub template_key: Option<String>,
    pub entrants_see_breakdown: bool,
}

impl CategoryFields {
    pub fn from_category(category: &Category) -> CategoryFields {
        CategoryFields {
            name_id: category.name_id.clone(),
            name_en: category.name_en.clone(),
            description_id: category.description_id.clone(),
            description_en: category.description_en.clone(),
            eligibility_json: json(&category.eligibility),
            winners_count: category.winners_count,
            blind: category.blind,
            tie_break_json: json(&category.tie_break),
            aggregation: category.aggregation.as_str().to_owned(),
            disagreement_threshold: category.disagreement_threshold.normalize().to_string(),
            form_json: json(&category.form),
            template_key: category.template_key.clone(),
            entrants_see_breakdown: category.entrants_see_breakdown,
        }
    }
}

pub fn json<T: Serialize>(value: &T) -> String {
    serde_json::to_string(value).unwrap_or_else(|_| "null".into())
}

pub fn insert(
    conn: &mut DbConnection,
    edition_id: &str,
    fields: &CategoryFields,
) -> Result<String, ApiError> {
    let id = crate::users::store::new_id();
    let at = now();
    let position: Option<i32> = categories::table
        .filter(categories::edition_id.eq(edition_id))
        .select(diesel::dsl::max(categories::position))
        .first(conn)?;
    diesel::insert_into(categories::table)
        .values((
            categories::id.eq(&id),
            categories::edition_id.eq(edition_id),
            fields,
            categories::position.eq(position.map_or(0, |p| p + 1)),
            categories::created_at.eq(at),
            categories::updated_at.eq(at),
            categories::version.eq(1),
        ))
        .execute(conn)?;
    Ok(id)
}

pub fn update(
    conn: &mut DbConnection,
    id: &str,
    version: i32,
    fields: &CategoryFields,
) -> Result<bool, ApiError> {
    let changed = diesel::update(
        categories::table
            .filter(categories::id.eq(id))
            .filter(categories::version.eq(version)),
    )
    .set((
        fields,
        categories::updated_at.eq(now()),
        categories::version.eq(version.saturating_add(1)),
    ))
    .execute(conn)?;
    Ok(changed == 1)
}

pub fn delete(conn: &mut DbConnection, id: &str) -> Result<(), ApiError> {
    diesel::delete(rubric_versions::table.filter(rubric_versions::category_id.eq(id)))
        .execute(conn)?;
    diesel::delete(categories::table.find(id)).execute(conn)?;
    Ok(())
}

pub fn find(
    conn: &mut DbConnection,
    edition_id: &str,
    id: &str,
) -> Result<Option<Category>, ApiError> {
    let row = categories::table
        .filter(categories::edition_id.eq(edition_id))
        .filter(categories::id.eq(id))
        .select(CategoryRow::as_select())
        .first(conn)
        .optional()?;
    match row {
        Some(row) => {
            let version = current_rubric(conn, &row.id)?.map(|r| r.version);
            Ok(Some(row.decode(version)))
        }
        None => Ok(None),
    }
}

pub fn list(conn: &mut DbConnection, edition_id: &str) -> Result<Vec<Category>, ApiError> {
    let rows = categories::table
        .filter(categories::edition_id.eq(edition_id))
        .select(CategoryRow::as_select())
        .order((categories::position, categories::id))
        .load(conn)?;
    let ids: Vec<&str> = rows.iter().map(|r| r.id.as_str()).collect();
    let versions: Vec<(String, Option<i32>)> = rubric_versions::table
        .filter(rubric_versions::category_id.eq_any(&ids))
        .group_by(rubric_versions::category_id)
        .select((
            rubric_versions::category_id,
            diesel::dsl::max(rubric_versions::version),
        ))
        .load(conn)?;
    Ok(rows
        .into_iter()
        .map(|row| {
            let version = versions
                .iter()
                .find(|(id, _)| *id == row.id)
                .and_then(|(_, v)| *v);
            row.decode(version)
        })
        .collect())
}

#[derive(Debug, Clone, Queryable, Selectable)]
#[diesel(table_name = rubric_versions)]
pub struct RubricRow {
    pub category_id: String,
    pub version: i32,
    pub definition_json: String,
    pub frozen: bool,
    pub reason: Option<String>,
    pub created_at: NaiveDateTime,
    pub created_by: Option<String>,
}

/// One version of a category's rubric.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct RubricVersion {
    pub category_id: String,
    pub version: i32,
    /// Frozen versions no longer change; a change makes a new version.
    pub frozen: bool,
    /// Why this version was made (required after judging opened).
    pub reason: Option<String>,
    #[serde(serialize_with = "crate::instant::utc")]
    pub created_at: NaiveDateTime,
    pub created_by: Option<String>,
    pub rubric: Rubric,
}

impl RubricRow {
    pub fn decode(self) -> Result<RubricVersion, ApiError> {
        let rubric = serde_json::from_str(&self.definition_json)
            .map_err(|e| ApiError::Internal(format!("stored rubric unreadable: {e}")))?;
        Ok(RubricVersion {
            category_id: self.category_id,
            version: self.version,
            frozen: self.frozen,
            reason: self.reason,
            created_at: self.created_at,
            created_by: self.created_by,
            rubric,
        })
    }
}

pub fn current_rubric(
    conn: &mut DbConnection,
    category_id: &str,
) -> Result<Option<RubricRow>, ApiError> {
    Ok(rubric_versions::table
        .filter(rubric_versions::category_id.eq(category_id))
        .order(rubric_versions::version.desc())
        .select(RubricRow::as_select())
        .first(conn)
        .optional()?)
}

pub fn rubric_history(
    conn: &mut DbConnection,
    category_id: &str,
) -> Result<Vec<RubricVersion>, ApiError> {
    rubric_versions::table
        .filter(rubric_versions::category_id.eq(category_id))
        .order(rubric_versions::version)
        .select(RubricRow::as_select())
        .load(conn)?
        .into_iter()
        .map(RubricRow::decode)
        .collect()
}

pub fn insert_rubric(
    conn: &mut DbConnection,
    category_id: &str,
    version: i32,
    rubric: &Rubric,
    frozen: bool,
    reason: Option<&str>,
    created_by: Option<&str>,
) -> Result<(), ApiError> {
    diesel::insert_into(rubric_versions::table)
        .values((
            rubric_versions::category_id.eq(category_id),
            rubric_versions::version.eq(version),
            rubric_versions::definition_json.eq(json(rubric)),
            rubric_versions::frozen.eq(frozen),
            rubric_versions::reason.eq(reason),
            rubric_versions::created_at.eq(now()),
            rubric_versions::created_by.eq(created_by),
        ))
        .execute(conn)?;
    Ok(())
}

/// Rewrites an unfrozen version in place (drafting before judging).
pub fn replace_rubric(
    conn: &mut DbConnection,
    category_id: &str,
    version: i32,
    rubric: &Rubric,
) -> Result<(), ApiError> {
    diesel::update(
        rubric_versions::table
            .filter(rubric_versions::category_id.eq(category_id))
            .filter(rubric_versions::version.eq(version))
            .filter(rubric_versions::frozen.eq(false)),
    )
    .set((
        rubric_versions::definition_json.eq(json(rubric)),
        rubric_versions::created_at.eq(now()),
    ))
    .execute(conn)?;
    Ok(())
}

/// Freezes the current rubric of every category of an edition (judging opens).
pub fn freeze_rubrics(conn: &mut DbConnection, edition_id: &str) -> Result<usize, ApiError> {
    let ids = categories::table
        .filter(categories::edition_id.eq(edition_id))
        .select(categories::id);
    Ok(
        diesel::update(rubric_versions::table.filter(rubric_versions::category_id.eq_any(ids)))
            .set(rubric_versions::frozen.eq(true))
            .execute(conn)?,
    )
}

/// 404 for a category the caller may not see, or that does not exist.
pub fn not_found() -> ApiError {
    ApiError::not_found("category-not-found")
}
