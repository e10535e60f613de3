//! `/api/v1/editions/{id}/categories` and their rubrics.

use actix_web::{HttpResponse, web};
use rust_decimal::Decimal;
use serde::Deserialize;
use utoipa::ToSchema;

use crate::audit::{self, Change};
use crate::auth::Caller;
use crate::categories::form::{IndicatorField, validate_form};
use crate::categories::rules::{Aggregation, Eligibility, TieBreak};
use crate::categories::store::{self, Category, CategoryFields, RubricVersion};
use crate::db::DbConnection;
use crate::editions::access::{administered, readable};
use crate::editions::domain::Phase;
use crate::editions::store::EditionRow;
use crate::error::{ApiError, FieldErrors, Msg, Problem};
use crate::messages::Said;
use crate::organisations::domain::OrganisationKind;
use crate::regions::RegionCode;
use crate::rubrics::model::{Rubric, Stage};
use crate::rubrics::templates::{self, Template};
use crate::state::AppState;

pub fn configure(cfg: &mut web::ServiceConfig) {
    use crate::http::resource;
    cfg.service(resource("/category-templates").route(web::get().to(list_templates)))
        .service(
            resource("/editions/{id}/categories")
                .route(web::get().to(list_categories))
                .route(web::post().to(create_category)),
        )
        .service(
            resource("/editions/{id}/categories/{category}")
                .route(web::get().to(get_category))
                .route(web::patch().to(update_category))
                .route(web::delete().to(delete_category)),
        )
        .service(
            resource("/editions/{id}/categories/{category}/rubric")
                .route(web::get().to(get_rubric))
                .route(web::put().to(put_rubric)),
        )
        .service(
            resource("/editions/{id}/categories/{category}/rubric/versions")
                .route(web::get().to(rubric_versions)),
        );
}

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
    /// Required when changing a category: the version you read.
    pub version: Option<i32>,
}

#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
#[schema(example = json!({"stages": [
    {"key": "data", "name_id": "Data", "weight": "60", "criteria": [
        {"key": "coverage", "name_id": "Cakupan pekerja penerima upah", "weight": "70",
         "computed": {"source": {"ratio": {"numerator": "pu_covered", "denominator": "pu_eligible"}},
                      "mapping": {"linear": {"floor": "0.2", "target": "0.9"}}, "direction": "higher_is_better"}},
        {"key": "regulation", "name_id": "Regulasi daerah", "weight": "30",
         "judged": {"min": "0", "max": "10", "step": "1", "comment_required": true}}]},
    {"key": "interview", "name_id": "Wawancara", "weight": "40", "criteria": [
        {"key": "presentation", "name_id": "Presentasi", "weight": "100",
         "judged": {"min": "0", "max": "100", "step": "5"}}]}]}))]
pub struct RubricInput {
    pub stages: Vec<Stage>,
    /// Why the rubric changes; required once judging has opened (the change
    /// then makes a new version).
    pub reason: Option<String>,
}

fn not_found() -> ApiError {
    ApiError::not_found("Kategori", "Category")
}

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
        errors.push(
            field,
            "locked",
            Msg::new(
                "Hanya dapat diubah selama edisi masih draf: peserta sudah memakainya.",
                "Can only change while the edition is a draft: entrants already rely on it.",
            ),
        )
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
        errors.push(
            "name_id",
            "required",
            Msg::new(
                "Nama kategori (1–200 karakter) wajib diisi.",
                "A category name (1–200 characters) is required.",
            ),
        );
    }
    if category.name_en.is_empty() {
        category.name_en = category.name_id.clone();
    }
    if category.eligibility.kinds.is_empty() {
        errors.push(
            "eligibility.kinds",
            "required",
            Msg::new(
                "Pilih setidaknya satu jenis organisasi yang boleh ikut.",
                "Choose at least one kind of organisation that may enter.",
            ),
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
            Msg::new(
                "Skala dan sektor hanya berlaku bila perusahaan boleh ikut.",
                "Size classes and sectors apply only when companies may enter.",
            ),
        );
    }
    for (i, code) in category.eligibility.regions.iter().enumerate() {
        let field = format!("eligibility.regions[{i}]");
        let Some(region) = RegionCode::parse(code) else {
            errors.push(
                field,
                "invalid",
                Msg::new(
                    format!("{code:?} bukan kode wilayah."),
                    format!("{code:?} is not a region code."),
                ),
            );
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
                Msg::new(
                    "Wilayah di luar provinsi edisi.",
                    "Region outside the edition's province.",
                ),
            );
        } else if crate::regions::store::find(conn, region.as_str())?.is_none() {
            errors.push(field, "unknown_region", Said::RegionNotFound.msg());
        }
    }
    if !(1..=10).contains(&category.winners_count) {
        errors.push(
            "winners_count",
            "out_of_range",
            Msg::new("Jumlah pemenang 1 sampai 10.", "Winners: 1 to 10."),
        );
    }
    if category.disagreement_threshold < Decimal::ZERO
        || category.disagreement_threshold > Decimal::ONE_HUNDRED
    {
        errors.push(
            "disagreement_threshold",
            "out_of_range",
            Msg::new("Ambang 0 sampai 100.", "Threshold: 0 to 100."),
        );
    }
    validate_form(&category.form, "form", &mut errors);
    if let Some(rubric) = rubric {
        check_tie_break(&category.tie_break, rubric, "tie_break", &mut errors);
    }
    errors.into_result()?;
    Ok(category)
}

/// Every tie-break rule must name a stage or criterion of the rubric.
fn check_tie_break(rules: &[TieBreak], rubric: &Rubric, path: &str, errors: &mut FieldErrors) {
    let stages = rubric.stage_keys();
    let criteria: Vec<&str> = rubric
        .criterion_keys()
        .into_iter()
        .map(|(_, key)| key)
        .collect();
    for (i, rule) in rules.iter().enumerate() {
        let (known, key) = match rule {
            TieBreak::Stage(key) => (stages.contains(&key.as_str()), key),
            TieBreak::Criterion(key) => (criteria.contains(&key.as_str()), key),
        };
        if !known {
            errors.push(
                format!("{path}[{i}]"),
                "unknown_key",
                Msg::new(
                    format!("{key:?} tidak ada di rubrik."),
                    format!("{key:?} is not in the rubric."),
                ),
            );
        }
    }
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

/// The built-in category templates.
#[utoipa::path(
    get, path = "/api/v1/category-templates", tag = "editions",
    responses(
        (status = 200, description = "Templates with form, rubric and suggested weights", body = Vec<Template>),
        (status = 401, description = "Not signed in", body = Problem, content_type = "application/problem+json"),
        (status = 403, description = "Not an admin", body = Problem, content_type = "application/problem+json"),
    ),
    security(("bearer" = []))
)]
pub async fn list_templates(caller: Caller) -> Result<HttpResponse, ApiError> {
    caller.require_admin()?;
    Ok(HttpResponse::Ok().json(templates::all()))
}

/// Add a category to an edition, from scratch or from a template.
#[utoipa::path(
    post, path = "/api/v1/editions/{id}/categories", tag = "editions",
    params(("id" = String, Path, description = "Edition id")),
    request_body = CategoryInput,
    responses(
        (status = 201, description = "Created (with the template's rubric as version 1)", body = Category),
        (status = 401, description = "Not signed in", body = Problem, content_type = "application/problem+json"),
        (status = 403, description = "Not an admin of this edition", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "No such edition visible to you", body = Problem, content_type = "application/problem+json"),
        (status = 409, description = "The edition is past its draft phase", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "Invalid fields", body = Problem, content_type = "application/problem+json"),
    ),
    security(("bearer" = []))
)]
pub async fn create_category(
    caller: Caller,
    state: web::Data<AppState>,
    id: web::Path<String>,
    body: web::Json<CategoryInput>,
) -> Result<HttpResponse, ApiError> {
    let edition_id = id.into_inner();
    let mut input = body.into_inner();
    if input.version.is_some() {
        return Err(ApiError::field(
            "version",
            "not_allowed",
            Msg::new(
                "Kategori baru belum memiliki versi.",
                "A new category has no version yet.",
            ),
        ));
    }
    let template = match input.template.take() {
        Some(key) => Some(templates::find(&key).ok_or_else(|| {
            ApiError::field(
                "template",
                "unknown_template",
                Msg::new(
                    format!("Templat {key:?} tidak ada."),
                    format!("No template {key:?}."),
                ),
            )
        })?),
        None => None,
    };
    let category = state
        .db
        .write(move |conn| {
            let edition = administered(conn, &caller, &edition_id)?;
            if edition.phase() != Phase::Draft {
                return Err(ApiError::Conflict(Msg::new(
                    "Kategori hanya dapat ditambahkan selama edisi masih draf.",
                    "Categories can only be added while the edition is a draft.",
                )));
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
        .await?;
    Ok(HttpResponse::Created()
        .insert_header((
            "Location",
            format!(
                "/api/v1/editions/{}/categories/{}",
                category.edition_id, category.id
            ),
        ))
        .json(category))
}

/// The categories of an edition, in order.
#[utoipa::path(
    get, path = "/api/v1/editions/{id}/categories", tag = "editions",
    params(("id" = String, Path, description = "Edition id")),
    responses(
        (status = 200, description = "The categories", body = Vec<Category>),
        (status = 401, description = "Not signed in", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "No such edition visible to you", body = Problem, content_type = "application/problem+json"),
    ),
    security(("bearer" = []))
)]
pub async fn list_categories(
    caller: Caller,
    state: web::Data<AppState>,
    id: web::Path<String>,
) -> Result<HttpResponse, ApiError> {
    let edition_id = id.into_inner();
    let list = state
        .db
        .run(move |conn| {
            readable(conn, &caller, &edition_id)?;
            store::list(conn, &edition_id)
        })
        .await?;
    Ok(HttpResponse::Ok().json(list))
}

/// One category.
#[utoipa::path(
    get, path = "/api/v1/editions/{id}/categories/{category}", tag = "editions",
    params(("id" = String, Path, description = "Edition id"), ("category" = String, Path, description = "Category id")),
    responses(
        (status = 200, description = "The category", body = Category),
        (status = 401, description = "Not signed in", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "No such category visible to you", body = Problem, content_type = "application/problem+json"),
    ),
    security(("bearer" = []))
)]
pub async fn get_category(
    caller: Caller,
    state: web::Data<AppState>,
    path: web::Path<(String, String)>,
) -> Result<HttpResponse, ApiError> {
    let (edition_id, category_id) = path.into_inner();
    let category = state
        .db
        .run(move |conn| {
            readable(conn, &caller, &edition_id)?;
            store::find(conn, &edition_id, &category_id)?.ok_or_else(not_found)
        })
        .await?;
    Ok(HttpResponse::Ok().json(category))
}

/// Change a category. Its form and eligibility are fixed once submissions open.
#[utoipa::path(
    patch, path = "/api/v1/editions/{id}/categories/{category}", tag = "editions",
    params(("id" = String, Path, description = "Edition id"), ("category" = String, Path, description = "Category id")),
    request_body = CategoryInput,
    responses(
        (status = 200, description = "The changed category", body = Category),
        (status = 401, description = "Not signed in", body = Problem, content_type = "application/problem+json"),
        (status = 403, description = "Not an admin of this edition", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "No such category visible to you", body = Problem, content_type = "application/problem+json"),
        (status = 409, description = "Stale version or published results", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "Invalid fields", body = Problem, content_type = "application/problem+json"),
    ),
    security(("bearer" = []))
)]
pub async fn update_category(
    caller: Caller,
    state: web::Data<AppState>,
    path: web::Path<(String, String)>,
    body: web::Json<CategoryInput>,
) -> Result<HttpResponse, ApiError> {
    let (edition_id, category_id) = path.into_inner();
    let input = body.into_inner();
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
            Msg::new(
                "Templat hanya dipakai saat membuat kategori.",
                "Templates apply only when creating a category.",
            ),
        ));
    }
    let category = state
        .db
        .write(move |conn| {
            let edition = administered(conn, &caller, &edition_id)?;
            if edition.phase() == Phase::ResultsPublished {
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
        .await?;
    Ok(HttpResponse::Ok().json(category))
}

/// Remove a category while the edition is a draft.
#[utoipa::path(
    delete, path = "/api/v1/editions/{id}/categories/{category}", tag = "editions",
    params(("id" = String, Path, description = "Edition id"), ("category" = String, Path, description = "Category id")),
    responses(
        (status = 204, description = "Removed"),
        (status = 401, description = "Not signed in", body = Problem, content_type = "application/problem+json"),
        (status = 403, description = "Not an admin of this edition", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "No such category visible to you", body = Problem, content_type = "application/problem+json"),
        (status = 409, description = "The edition is past its draft phase", body = Problem, content_type = "application/problem+json"),
    ),
    security(("bearer" = []))
)]
pub async fn delete_category(
    caller: Caller,
    state: web::Data<AppState>,
    path: web::Path<(String, String)>,
) -> Result<HttpResponse, ApiError> {
    let (edition_id, category_id) = path.into_inner();
    state
        .db
        .write(move |conn| {
            let edition = administered(conn, &caller, &edition_id)?;
            let before = store::find(conn, &edition_id, &category_id)?.ok_or_else(not_found)?;
            if edition.phase() != Phase::Draft {
                return Err(ApiError::Conflict(Msg::new(
                    "Kategori hanya dapat dihapus selama edisi masih draf.",
                    "Categories can only be removed while the edition is a draft.",
                )));
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
        .await?;
    Ok(HttpResponse::NoContent().finish())
}

/// The category's current rubric.
#[utoipa::path(
    get, path = "/api/v1/editions/{id}/categories/{category}/rubric", tag = "editions",
    params(("id" = String, Path, description = "Edition id"), ("category" = String, Path, description = "Category id")),
    responses(
        (status = 200, description = "The current rubric version", body = RubricVersion),
        (status = 401, description = "Not signed in", body = Problem, content_type = "application/problem+json"),
        (status = 403, description = "Not an admin of this edition", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "No such category, or no rubric yet", body = Problem, content_type = "application/problem+json"),
    ),
    security(("bearer" = []))
)]
pub async fn get_rubric(
    caller: Caller,
    state: web::Data<AppState>,
    path: web::Path<(String, String)>,
) -> Result<HttpResponse, ApiError> {
    let (edition_id, category_id) = path.into_inner();
    let rubric = state
        .db
        .run(move |conn| {
            administered(conn, &caller, &edition_id)?;
            store::find(conn, &edition_id, &category_id)?.ok_or_else(not_found)?;
            store::current_rubric(conn, &category_id)?
                .ok_or_else(|| ApiError::not_found("Rubrik", "Rubric"))?
                .decode()
        })
        .await?;
    Ok(HttpResponse::Ok().json(rubric))
}

/// Every version of the category's rubric, oldest first.
#[utoipa::path(
    get, path = "/api/v1/editions/{id}/categories/{category}/rubric/versions", tag = "editions",
    params(("id" = String, Path, description = "Edition id"), ("category" = String, Path, description = "Category id")),
    responses(
        (status = 200, description = "All versions", body = Vec<RubricVersion>),
        (status = 401, description = "Not signed in", body = Problem, content_type = "application/problem+json"),
        (status = 403, description = "Not an admin of this edition", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "No such category visible to you", body = Problem, content_type = "application/problem+json"),
    ),
    security(("bearer" = []))
)]
pub async fn rubric_versions(
    caller: Caller,
    state: web::Data<AppState>,
    path: web::Path<(String, String)>,
) -> Result<HttpResponse, ApiError> {
    let (edition_id, category_id) = path.into_inner();
    let versions = state
        .db
        .run(move |conn| {
            administered(conn, &caller, &edition_id)?;
            store::find(conn, &edition_id, &category_id)?.ok_or_else(not_found)?;
            store::rubric_history(conn, &category_id)
        })
        .await?;
    Ok(HttpResponse::Ok().json(versions))
}

/// Set the category's rubric. Every problem is reported at once, by path.
/// Before judging the current version is rewritten; once judging has opened
/// the rubric is frozen and a change makes a new version with its reason.
#[utoipa::path(
    put, path = "/api/v1/editions/{id}/categories/{category}/rubric", tag = "editions",
    params(("id" = String, Path, description = "Edition id"), ("category" = String, Path, description = "Category id")),
    request_body = RubricInput,
    responses(
        (status = 200, description = "The saved rubric version", body = RubricVersion),
        (status = 401, description = "Not signed in", body = Problem, content_type = "application/problem+json"),
        (status = 403, description = "Not an admin of this edition", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "No such category visible to you", body = Problem, content_type = "application/problem+json"),
        (status = 409, description = "Results already published", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "Invalid rubric: every problem by path", body = Problem, content_type = "application/problem+json"),
    ),
    security(("bearer" = []))
)]
pub async fn put_rubric(
    caller: Caller,
    state: web::Data<AppState>,
    path: web::Path<(String, String)>,
    body: web::Json<RubricInput>,
) -> Result<HttpResponse, ApiError> {
    let (edition_id, category_id) = path.into_inner();
    let RubricInput { stages, reason } = body.into_inner();
    let rubric = Rubric { stages };
    let reason = reason
        .map(|r| r.trim().to_owned())
        .filter(|r| !r.is_empty());
    let saved = state
        .db
        .write(move |conn| {
            let edition = administered(conn, &caller, &edition_id)?;
            if edition.phase() == Phase::ResultsPublished {
                return Err(ApiError::Conflict(Said::ResultsAlreadyPublished.msg()));
            }
            let category = store::find(conn, &edition_id, &category_id)?.ok_or_else(not_found)?;
            let mut errors = match rubric.validate(&category.form) {
                Ok(()) => Vec::new(),
                Err(ApiError::Validation(errors)) => errors,
                Err(other) => return Err(other),
            };
            let mut tie_errors = FieldErrors::new();
            check_tie_break(&category.tie_break, &rubric, "category.tie_break", &mut tie_errors);
            if let Err(ApiError::Validation(more)) = tie_errors.into_result() {
                errors.extend(more);
            }
            if !errors.is_empty() {
                return Err(ApiError::Validation(errors));
            }
            let current = store::current_rubric(conn, &category_id)?;
            let judging = edition.phase() >= Phase::Judging;
            let before = current.clone().map(|row| row.decode()).transpose()?;
            match &current {
                Some(row) if !row.frozen => store::replace_rubric(conn, &category_id, row.version, &rubric)?,
                Some(row) => {
                    let Some(reason) = reason.as_deref() else {
                        return Err(ApiError::field(
                            "reason",
                            "required",
                            Msg::new(
                                "Rubrik sudah dibekukan sejak penjurian dibuka; sebutkan alasan perubahan (versi baru akan dibuat).",
                                "The rubric is frozen since judging opened; give the reason for the change (a new version is made).",
                            ),
                        ));
                    };
                    store::insert_rubric(conn, &category_id, row.version.saturating_add(1), &rubric, true, Some(reason), Some(&caller.user_id))?;
                }
                None => store::insert_rubric(conn, &category_id, 1, &rubric, judging, reason.as_deref(), Some(&caller.user_id))?,
            }
            let saved = store::current_rubric(conn, &category_id)?.ok_or_else(|| ApiError::Internal("rubric vanished".into()))?.decode()?;
            audit::record(
                conn,
                &caller.actor(),
                Change {
                    action: "rubric.update",
                    object_type: "category",
                    object_id: &category_id,
                    province_code: edition.province_code.as_deref(),
                    before: before.as_ref().and_then(audit::snapshot),
                    after: audit::snapshot(&saved),
                },
            )?;
            Ok(saved)
        })
        .await?;
    Ok(HttpResponse::Ok().json(saved))
}
