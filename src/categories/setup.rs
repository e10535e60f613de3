//! Setting up an edition's categories: add one (from scratch or from a
//! built-in template, whose rubric becomes version 1), change its settings
//! (form and eligibility only while the edition is a draft), read, list and
//! remove them; and the templates an admin starts from.

use rust_decimal::Decimal;
use serde::Deserialize;
use utoipa::ToSchema;

use crate::audit::{self, Change};
use crate::auth::Caller;
use crate::categories::form::{IndicatorField, validate_form};
use crate::categories::rules::{Aggregation, Eligibility, TieBreak, check_tie_break};
use crate::categories::store::{self, Category, CategoryFields};
use crate::db::DbConnection;
use crate::editions::access::{administered, readable};
use crate::editions::domain::Phase;
use crate::editions::store::EditionRow;
use crate::error::{ApiError, Arg, FieldErrors, Msg};
use crate::messages::Said;
use crate::organisations::domain::OrganisationKind;
use crate::regions::RegionCode;
use crate::rubrics::model::Rubric;
use crate::rubrics::templates::{self, Template};
use crate::state::AppState;

#[derive(Debug, Default, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct CategoryInput {
    /// Start from a built-in template (form, rubric, eligibility, tie-break);
    /// other fields given here override it. Creation only.
    pub template: Option<String>,
    pub name_id: Option<String>,
    pub name_en: Option<String>,
    pub description_id: Option<String>,
    pub description_en: Option<String>,
    pub eligibility: Option<Eligibility>,
    /// Number of winners, 1 to 10 (default 3).
    pub winners_count: Option<i32>,
    pub blind: Option<bool>,
    pub tie_break: Option<Vec<TieBreak>>,
    pub aggregation: Option<Aggregation>,
    #[serde(default, deserialize_with = "crate::bounded::optional")]
    #[schema(value_type = Option<String>)]
    pub disagreement_threshold: Option<Decimal>,
    pub form: Option<Vec<IndicatorField>>,
    /// Entrants see their published score criterion by criterion (never a
    /// judge's name). Off by default.
    pub entrants_see_breakdown: Option<bool>,
    /// Required when changing a category: the version you read.
    pub version: Option<i32>,
}
impl CategoryInput {
    /// Changes nothing but what entrants are shown of their published
    /// scores: allowed after publication, since no result depends on it.
    fn only_breakdown(&self) -> bool {
        let CategoryInput {
            template,
            name_id,
            name_en,
            description_id,
            description_en,
            eligibility,
            winners_count,
            blind,
            tie_break,
            aggregation,
            disagreement_threshold,
            form,
            entrants_see_breakdown,
            version: _,
        } = self;
        entrants_see_breakdown.is_some()
            && template.is_none()
            && name_id.is_none()
            && name_en.is_none()
            && description_id.is_none()
            && description_en.is_none()
            && eligibility.is_none()
            && winners_count.is_none()
            && blind.is_none()
            && tie_break.is_none()
            && aggregation.is_none()
            && disagreement_threshold.is_none()
            && form.is_none()
    }
}

pub(super) use crate::categories::store::not_found;

fn empty_category(edition_id: &str) -> Category {
    Category {
        id: String::new(),
        edition_id: edition_id.to_owned(),
        name_id: String::new(),
        name_en: String::new(),
        description_id: String::new(),
        description_en: String::new(),
        eligibility: Eligibility::default(),
        winners_count: 3,
        blind: false,
        tie_break: Vec::new(),
        aggregation: Aggregation::Mean,
        disagreement_threshold: crate::categories::rules::default_disagreement_threshold(),
        form: Vec::new(),
        entrants_see_breakdown: false,
        template_key: None,
        position: 0,
        created_at: crate::db::now(),
        updated_at: crate::db::now(),
        version: 0,
        rubric_version: None,
    }
}

fn from_template(edition_id: &str, template: &Template) -> Category {
    Category {
        name_id: template.name_id.clone(),
        name_en: template.name_en.clone(),
        description_id: template.description_id.clone(),
        description_en: template.description_en.clone(),
        eligibility: template.eligibility.clone(),
        tie_break: template.tie_break.clone(),
        aggregation: template.aggregation,
        form: template.form.clone(),
        template_key: Some(template.key.clone()),
        ..empty_category(edition_id)
    }
}

/// Applies the input over `base` and checks the result against the edition.
fn merge(
    conn: &mut DbConnection,
    edition: &EditionRow,
    mut category: Category,
    input: CategoryInput,
    rubric: Option<&Rubric>,
) -> Result<Category, ApiError> {
    let mut errors = FieldErrors::new();
    let draft = edition.phase() == Phase::Draft;
    if let Some(name) = input.name_id {
        category.name_id = name.trim().to_owned();
    }
    if let Some(name) = input.name_en {
        category.name_en = name.trim().to_owned();
    }
    if let Some(text) = input.description_id {
        category.description_id = text;
    }
    if let Some(text) = input.description_en {
        category.description_en = text;
    }
    let locked = |errors: &mut FieldErrors, field: &str| {
        errors.push(field, "locked", Msg::said("category-draft-only"))
    };
    if let Some(eligibility) = input.eligibility {
        if !draft && eligibility != category.eligibility {
            locked(&mut errors, "eligibility");
        }
        category.eligibility = eligibility;
    }
    if let Some(form) = input.form {
        if !draft && form != category.form {
            locked(&mut errors, "form");
        }
        category.form = form;
    }
    if let Some(count) = input.winners_count {
        category.winners_count = count;
    }
    if let Some(blind) = input.blind {
        category.blind = blind;
    }
    if let Some(shown) = input.entrants_see_breakdown {
        category.entrants_see_breakdown = shown;
    }
    if let Some(rules) = input.tie_break {
        category.tie_break = rules;
    }
    if let Some(aggregation) = input.aggregation {
        category.aggregation = aggregation;
    }
    if let Some(threshold) = input.disagreement_threshold {
        category.disagreement_threshold = threshold;
    }
    if category.name_id.is_empty() || category.name_id.chars().count() > 200 {
        errors.push("name_id", "required", Msg::said("category-name-required"));
    }
    if category.name_en.is_empty() {
        category.name_en = category.name_id.clone();
    }
    if category.eligibility.kinds.is_empty() {
        errors.push(
            "eligibility.kinds",
            "required",
            Msg::said("category-kinds-required"),
        );
    }
    let companies = category
        .eligibility
        .kinds
        .contains(&OrganisationKind::Company);
    if !companies
        && (!category.eligibility.size_classes.is_empty()
            || !category.eligibility.sectors.is_empty())
    {
        errors.push(
            "eligibility.size_classes",
            "not_allowed",
            Msg::said("category-size-sector-companies-only"),
        );
    }
    for (i, code) in category.eligibility.regions.iter().enumerate() {
        let field = format!("eligibility.regions[{i}]");
        let Some(region) = RegionCode::parse(code) else {
            errors.push(field, "invalid", crate::messages::not_a_region_code(code));
            continue;
        };
        if edition
            .province_code
            .as_deref()
            .is_some_and(|p| p != region.province())
        {
            errors.push(
                field,
                "outside_scope",
                Msg::said("category-region-outside-province"),
            );
        } else if crate::regions::store::find(conn, region.as_str())?.is_none() {
            errors.push(field, "unknown_region", Said::RegionNotFound.msg());
        }
    }
    if !(1..=10).contains(&category.winners_count) {
        errors.push(
            "winners_count",
            "out_of_range",
            Msg::said("category-winners-range"),
        );
    }
    if category.disagreement_threshold < Decimal::ZERO
        || category.disagreement_threshold > Decimal::ONE_HUNDRED
    {
        errors.push(
            "disagreement_threshold",
            "out_of_range",
            Msg::said("category-threshold-range"),
        );
    }
    validate_form(&category.form, "form", &mut errors);
    if let Some(rubric) = rubric {
        check_tie_break(&category.tie_break, rubric, "tie_break", &mut errors);
    }
    errors.into_result()?;
    Ok(category)
}

fn audit_category(
    conn: &mut DbConnection,
    caller: &Caller,
    edition: &EditionRow,
    action: &str,
    id: &str,
    before: Option<&Category>,
    after: Option<&Category>,
) -> Result<(), ApiError> {
    audit::record(
        conn,
        &caller.actor(),
        Change {
            action,
            object_type: "category",
            object_id: id,
            province_code: edition.province_code.as_deref(),
            before: before.and_then(audit::snapshot),
            after: after.and_then(audit::snapshot),
        },
    )
}
/// The built-in category templates, for admins.
pub fn templates(caller: &Caller) -> Result<&'static [Template], ApiError> {
    caller.require_admin()?;
    Ok(templates::all())
}

/// Adds a category to a draft edition the caller administers, from scratch
/// or from a template (whose rubric becomes version 1).
pub async fn create(
    state: &AppState,
    caller: Caller,
    edition_id: String,
    mut input: CategoryInput,
) -> Result<Category, ApiError> {
    if input.version.is_some() {
        return Err(ApiError::field(
            "version",
            "not_allowed",
            Msg::said("category-new-has-no-version"),
        ));
    }
    let template = match input.template.take() {
        Some(key) => Some(templates::find(&key).ok_or_else(|| {
            ApiError::field(
                "template",
                "unknown_template",
                Msg::with(
                    "category-template-unknown",
                    &[("template", Arg::quoted(key))],
                ),
            )
        })?),
        None => None,
    };
    state
        .db
        .write(move |conn| {
            let edition = administered(conn, &caller, &edition_id)?;
            if edition.phase() != Phase::Draft {
                return Err(ApiError::Conflict(Msg::said("category-add-in-draft")));
            }
            let base = template.map_or_else(
                || empty_category(&edition_id),
                |t| from_template(&edition_id, t),
            );
            let category = merge(conn, &edition, base, input, template.map(|t| &t.rubric))?;
            let id = store::insert(conn, &edition_id, &CategoryFields::from_category(&category))?;
            if let Some(template) = template {
                store::insert_rubric(
                    conn,
                    &id,
                    1,
                    &template.rubric,
                    false,
                    None,
                    Some(&caller.user_id),
                )?;
            }
            let created = store::find(conn, &edition_id, &id)?.ok_or_else(not_found)?;
            audit_category(
                conn,
                &caller,
                &edition,
                "category.create",
                &id,
                None,
                Some(&created),
            )?;
            Ok(created)
        })
        .await
}

/// The categories of an edition the caller may see, in order.
pub async fn list(
    state: &AppState,
    caller: Caller,
    edition_id: String,
) -> Result<Vec<Category>, ApiError> {
    state
        .db
        .run(move |conn| {
            readable(conn, &caller, &edition_id)?;
            store::list(conn, &edition_id)
        })
        .await
}

/// One category of an edition the caller may see.
pub async fn get(
    state: &AppState,
    caller: Caller,
    edition_id: String,
    category_id: String,
) -> Result<Category, ApiError> {
    state
        .db
        .run(move |conn| {
            readable(conn, &caller, &edition_id)?;
            store::find(conn, &edition_id, &category_id)?.ok_or_else(not_found)
        })
        .await
}

/// Changes a category at the version the caller read; its form and
/// eligibility only while the edition is a draft, nothing once results are
/// published.
pub async fn update(
    state: &AppState,
    caller: Caller,
    edition_id: String,
    category_id: String,
    input: CategoryInput,
) -> Result<Category, ApiError> {
    let Some(version) = input.version else {
        return Err(ApiError::field(
            "version",
            "required",
            Said::SendTheVersion.msg(),
        ));
    };
    if input.template.is_some() {
        return Err(ApiError::field(
            "template",
            "not_allowed",
            Msg::said("category-template-only-on-create"),
        ));
    }
    state
        .db
        .write(move |conn| {
            let edition = administered(conn, &caller, &edition_id)?;
            if edition.phase() == Phase::ResultsPublished && !input.only_breakdown() {
                return Err(ApiError::Conflict(Said::ResultsAlreadyPublished.msg()));
            }
            let before = store::find(conn, &edition_id, &category_id)?.ok_or_else(not_found)?;
            let rubric = match store::current_rubric(conn, &category_id)? {
                Some(row) => Some(row.decode()?.rubric),
                None => None,
            };
            let after = merge(conn, &edition, before.clone(), input, rubric.as_ref())?;
            if !store::update(
                conn,
                &category_id,
                version,
                &CategoryFields::from_category(&after),
            )? {
                return Err(ApiError::stale_version());
            }
            let after = store::find(conn, &edition_id, &category_id)?.ok_or_else(not_found)?;
            audit_category(
                conn,
                &caller,
                &edition,
                "category.update",
                &category_id,
                Some(&before),
                Some(&after),
            )?;
            Ok(after)
        })
        .await
}

/// Removes a category (and its rubric versions) while the edition is a draft.
pub async fn delete(
    state: &AppState,
    caller: Caller,
    edition_id: String,
    category_id: String,
) -> Result<(), ApiError> {
    state
        .db
        .write(move |conn| {
            let edition = administered(conn, &caller, &edition_id)?;
            let before = store::find(conn, &edition_id, &category_id)?.ok_or_else(not_found)?;
            if edition.phase() != Phase::Draft {
                return Err(ApiError::Conflict(Msg::said("category-remove-in-draft")));
            }
            store::delete(conn, &category_id)?;
            audit_category(
                conn,
                &caller,
                &edition,
                "category.delete",
                &category_id,
                Some(&before),
                None,
            )
        })
        .await
}
