//! The admins' judging endpoints: judges, panels, shortlists, conflicts,
//! assignments, reopening a scoresheet and the progress of judging.

use actix_web::{HttpResponse, web};

use crate::auth::Caller;
use crate::error::{ApiError, Problem};
use crate::judging::assignments::{self, AssignmentReport, AutoAssignRequest, ManualAssignment};
use crate::judging::conflicts::{self, Conflict, DismissRequest};
use crate::judging::coverage::{self, Coverage};
use crate::judging::judges::{self, AddJudgeRequest};
use crate::judging::panels::{self, PanelRequest, ShortlistRequest, ShortlistResult};
use crate::judging::progress::{self, Progress};
use crate::judging::reminders::{self, Reminded};
use crate::judging::scoresheet::Scoresheet;
use crate::judging::scoresheets;
use crate::judging::store::{Assignment, Judge};
use crate::state::AppState;

use super::ReasonRequest;

type StagePath = web::Path<(String, String, String)>;

pub fn configure(cfg: &mut web::ServiceConfig) {
    use crate::http::resource;
    let stage = "/editions/{id}/categories/{category}/stages/{stage}";
    cfg.service(
        resource("/editions/{id}/judges")
            .route(web::get().to(list_judges))
            .route(web::post().to(add_judge)),
    )
    .service(
        resource(&format!("{stage}/panel"))
            .route(web::get().to(get_panel))
            .route(web::put().to(set_panel)),
    )
    .service(resource(&format!("{stage}/shortlist")).route(web::post().to(add_to_shortlist)))
    .service(resource(&format!("{stage}/conflicts")).route(web::get().to(list_conflicts)))
    .service(resource(&format!("{stage}/coverage")).route(web::get().to(coverage)))
    .service(
        resource(&format!("{stage}/conflicts/dismiss")).route(web::post().to(dismiss_conflict)),
    )
    .service(
        resource(&format!("{stage}/assignments"))
            .route(web::get().to(list_assignments))
            .route(web::post().to(assign_by_hand)),
    )
    .service(resource(&format!("{stage}/assign")).route(web::post().to(assign_automatically)))
    .service(
        resource("/editions/{id}/judging/assignments/{assignment}/reopen")
            .route(web::post().to(reopen_scoresheet)),
    )
    .service(resource("/editions/{id}/judging/progress").route(web::get().to(progress)))
    .service(resource("/editions/{id}/judging/remind").route(web::post().to(remind)));
}

/// Add a judge to an edition, with a home region and an optional affiliation.
#[utoipa::path(
    post, path = "/api/v1/editions/{id}/judges", tag = "judging",
    params(("id" = String, Path, description = "Edition id")),
    request_body = AddJudgeRequest,
    responses(
        (status = 201, description = "Added", body = Judge),
        (status = 401, description = "Not signed in", body = Problem, content_type = "application/problem+json"),
        (status = 403, description = "Not an admin of this edition", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "No such edition visible to you", body = Problem, content_type = "application/problem+json"),
        (status = 409, description = "Already a judge of this edition", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "Unknown account, region or organisation", body = Problem, content_type = "application/problem+json"),
    ),
    security(("bearer" = []))
)]
pub async fn add_judge(
    caller: Caller,
    state: web::Data<AppState>,
    id: web::Path<String>,
    body: web::Json<AddJudgeRequest>,
) -> Result<HttpResponse, ApiError> {
    let judge = judges::add(&state, caller, id.into_inner(), body.into_inner()).await?;
    Ok(HttpResponse::Created().json(judge))
}

/// The judges of an edition.
#[utoipa::path(
    get, path = "/api/v1/editions/{id}/judges", tag = "judging",
    params(("id" = String, Path, description = "Edition id")),
    responses(
        (status = 200, description = "The judges", body = Vec<Judge>),
        (status = 401, description = "Not signed in", body = Problem, content_type = "application/problem+json"),
        (status = 403, description = "Not an admin of this edition", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "No such edition visible to you", body = Problem, content_type = "application/problem+json"),
    ),
    security(("bearer" = []))
)]
pub async fn list_judges(
    caller: Caller,
    state: web::Data<AppState>,
    id: web::Path<String>,
) -> Result<HttpResponse, ApiError> {
    let list = judges::list(&state, caller, id.into_inner()).await?;
    Ok(HttpResponse::Ok().json(list))
}

/// The panel of a category's stage.
#[utoipa::path(
    get, path = "/api/v1/editions/{id}/categories/{category}/stages/{stage}/panel", tag = "judging",
    params(("id" = String, Path), ("category" = String, Path), ("stage" = String, Path, description = "Rubric stage key")),
    responses(
        (status = 200, description = "The panel", body = Vec<Judge>),
        (status = 401, description = "Not signed in", body = Problem, content_type = "application/problem+json"),
        (status = 403, description = "Not an admin of this edition", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "No such stage visible to you", body = Problem, content_type = "application/problem+json"),
    ),
    security(("bearer" = []))
)]
pub async fn get_panel(
    caller: Caller,
    state: web::Data<AppState>,
    path: StagePath,
) -> Result<HttpResponse, ApiError> {
    let panel = panels::get(&state, caller, path.into_inner()).await?;
    Ok(HttpResponse::Ok().json(panel))
}

/// Set the panel of a category's stage (replaces it).
#[utoipa::path(
    put, path = "/api/v1/editions/{id}/categories/{category}/stages/{stage}/panel", tag = "judging",
    params(("id" = String, Path), ("category" = String, Path), ("stage" = String, Path, description = "Rubric stage key")),
    request_body = PanelRequest,
    responses(
        (status = 200, description = "The panel", body = Vec<Judge>),
        (status = 401, description = "Not signed in", body = Problem, content_type = "application/problem+json"),
        (status = 403, description = "Not an admin of this edition", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "No such stage visible to you", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "Someone who is not a judge of this edition", body = Problem, content_type = "application/problem+json"),
        (status = 409, description = "Results are published: withdraw them (or move the edition back to judging with a reason) first", body = Problem, content_type = "application/problem+json"),
    ),
    security(("bearer" = []))
)]
pub async fn set_panel(
    caller: Caller,
    state: web::Data<AppState>,
    path: StagePath,
    body: web::Json<PanelRequest>,
) -> Result<HttpResponse, ApiError> {
    let panel = panels::set(&state, caller, path.into_inner(), body.into_inner()).await?;
    Ok(HttpResponse::Ok().json(panel))
}

/// Move entries into a later stage, with the reason: hand-picked, or the
/// top N by an earlier stage's score.
#[utoipa::path(
    post, path = "/api/v1/editions/{id}/categories/{category}/stages/{stage}/shortlist", tag = "judging",
    params(("id" = String, Path), ("category" = String, Path), ("stage" = String, Path, description = "A later rubric stage")),
    request_body = ShortlistRequest,
    responses(
        (status = 200, description = "Shortlisted", body = ShortlistResult),
        (status = 409, description = "Scoresheets of the earlier stage still open", body = Problem, content_type = "application/problem+json"),
        (status = 401, description = "Not signed in", body = Problem, content_type = "application/problem+json"),
        (status = 403, description = "Not an admin of this edition", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "No such stage visible to you", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "The first stage, a missing reason, or entries not complete in this category", body = Problem, content_type = "application/problem+json"),
    ),
    security(("bearer" = []))
)]
pub async fn add_to_shortlist(
    caller: Caller,
    state: web::Data<AppState>,
    path: StagePath,
    body: web::Json<ShortlistRequest>,
) -> Result<HttpResponse, ApiError> {
    let result = panels::shortlist(&state, caller, path.into_inner(), body.into_inner()).await?;
    Ok(HttpResponse::Ok().json(result))
}

/// Conflicts of interest between the stage's panel and its entries.
#[utoipa::path(
    get, path = "/api/v1/editions/{id}/categories/{category}/stages/{stage}/conflicts", tag = "judging",
    params(("id" = String, Path), ("category" = String, Path), ("stage" = String, Path)),
    responses(
        (status = 200, description = "Detected, declared and dismissed conflicts", body = Vec<Conflict>),
        (status = 401, description = "Not signed in", body = Problem, content_type = "application/problem+json"),
        (status = 403, description = "Not an admin of this edition", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "No such stage visible to you", body = Problem, content_type = "application/problem+json"),
    ),
    security(("bearer" = []))
)]
pub async fn list_conflicts(
    caller: Caller,
    state: web::Data<AppState>,
    path: StagePath,
) -> Result<HttpResponse, ApiError> {
    let found = conflicts::list(&state, caller, path.into_inner()).await?;
    Ok(HttpResponse::Ok().json(found))
}

/// Dismiss an automatic conflict as a false positive, with the reason.
#[utoipa::path(
    post, path = "/api/v1/editions/{id}/categories/{category}/stages/{stage}/conflicts/dismiss", tag = "judging",
    params(("id" = String, Path), ("category" = String, Path), ("stage" = String, Path)),
    request_body = DismissRequest,
    responses(
        (status = 204, description = "Dismissed"),
        (status = 401, description = "Not signed in", body = Problem, content_type = "application/problem+json"),
        (status = 403, description = "Not an admin of this edition", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "No such stage, or no such conflict", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "Missing reason, or a declared conflict", body = Problem, content_type = "application/problem+json"),
        (status = 409, description = "Results are published: withdraw them (or move the edition back to judging with a reason) first", body = Problem, content_type = "application/problem+json"),
    ),
    security(("bearer" = []))
)]
pub async fn dismiss_conflict(
    caller: Caller,
    state: web::Data<AppState>,
    path: StagePath,
    body: web::Json<DismissRequest>,
) -> Result<HttpResponse, ApiError> {
    conflicts::dismiss(&state, caller, path.into_inner(), body.into_inner()).await?;
    Ok(HttpResponse::NoContent().finish())
}

/// The assignments of a stage.
#[utoipa::path(
    get, path = "/api/v1/editions/{id}/categories/{category}/stages/{stage}/assignments", tag = "judging",
    params(("id" = String, Path), ("category" = String, Path), ("stage" = String, Path)),
    responses(
        (status = 200, description = "The assignments", body = Vec<Assignment>),
        (status = 401, description = "Not signed in", body = Problem, content_type = "application/problem+json"),
        (status = 403, description = "Not an admin of this edition", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "No such stage visible to you", body = Problem, content_type = "application/problem+json"),
    ),
    security(("bearer" = []))
)]
pub async fn list_assignments(
    caller: Caller,
    state: web::Data<AppState>,
    path: StagePath,
) -> Result<HttpResponse, ApiError> {
    let list = assignments::list(&state, caller, path.into_inner()).await?;
    Ok(HttpResponse::Ok().json(list))
}

/// Assign one judge to one entry by hand; a conflict refuses it with the reason.
#[utoipa::path(
    post, path = "/api/v1/editions/{id}/categories/{category}/stages/{stage}/assignments", tag = "judging",
    params(("id" = String, Path), ("category" = String, Path), ("stage" = String, Path)),
    request_body = ManualAssignment,
    responses(
        (status = 201, description = "The assignment made", body = Assignment),
        (status = 401, description = "Not signed in", body = Problem, content_type = "application/problem+json"),
        (status = 403, description = "Not an admin of this edition", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "No such stage visible to you", body = Problem, content_type = "application/problem+json"),
        (status = 409, description = "Conflict of interest, or already assigned", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "Not on the panel, or not an entry of this stage", body = Problem, content_type = "application/problem+json"),
    ),
    security(("bearer" = []))
)]
pub async fn assign_by_hand(
    caller: Caller,
    state: web::Data<AppState>,
    path: StagePath,
    body: web::Json<ManualAssignment>,
) -> Result<HttpResponse, ApiError> {
    let made = assignments::by_hand(&state, caller, path.into_inner(), body.into_inner()).await?;
    Ok(HttpResponse::Created().json(made))
}

/// Assign judges automatically: `per_entry` from the panel, no conflicts,
/// loads balanced, optional cap; assignments already made stay.
#[utoipa::path(
    post, path = "/api/v1/editions/{id}/categories/{category}/stages/{stage}/assign", tag = "judging",
    params(("id" = String, Path), ("category" = String, Path), ("stage" = String, Path)),
    request_body = AutoAssignRequest,
    responses(
        (status = 200, description = "What was assigned, the loads, and every entry still short of judges with the reason", body = AssignmentReport),
        (status = 401, description = "Not signed in", body = Problem, content_type = "application/problem+json"),
        (status = 403, description = "Not an admin of this edition", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "No such stage visible to you", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "per_entry out of range", body = Problem, content_type = "application/problem+json"),
        (status = 409, description = "Results are published: withdraw them (or move the edition back to judging with a reason) first", body = Problem, content_type = "application/problem+json"),
    ),
    security(("bearer" = []))
)]
pub async fn assign_automatically(
    caller: Caller,
    state: web::Data<AppState>,
    path: StagePath,
    body: web::Json<AutoAssignRequest>,
) -> Result<HttpResponse, ApiError> {
    let report =
        assignments::automatically(&state, caller, path.into_inner(), body.into_inner()).await?;
    Ok(HttpResponse::Ok().json(report))
}

/// Reopen a submitted scoresheet (admins of the edition), with the reason.
#[utoipa::path(
    post, path = "/api/v1/editions/{id}/judging/assignments/{assignment}/reopen", tag = "judging",
    params(("id" = String, Path, description = "Edition id"), ("assignment" = String, Path, description = "Assignment id")),
    request_body = ReasonRequest,
    responses(
        (status = 200, description = "Reopened as a draft", body = Scoresheet),
        (status = 401, description = "Not signed in", body = Problem, content_type = "application/problem+json"),
        (status = 403, description = "Not an admin of this edition", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "No such assignment visible to you", body = Problem, content_type = "application/problem+json"),
        (status = 409, description = "Not submitted", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "Missing reason", body = Problem, content_type = "application/problem+json"),
    ),
    security(("bearer" = []))
)]
pub async fn reopen_scoresheet(
    caller: Caller,
    state: web::Data<AppState>,
    path: web::Path<(String, String)>,
    body: web::Json<ReasonRequest>,
) -> Result<HttpResponse, ApiError> {
    let (edition_id, id) = path.into_inner();
    let reopened =
        scoresheets::reopen(&state, caller, edition_id, id, body.into_inner().reason).await?;
    Ok(HttpResponse::Ok().json(reopened))
}

/// Judging progress of an edition, per category and stage and per judge.
#[utoipa::path(
    get, path = "/api/v1/editions/{id}/judging/progress", tag = "judging",
    params(("id" = String, Path, description = "Edition id")),
    responses(
        (status = 200, description = "Progress", body = Progress),
        (status = 401, description = "Not signed in", body = Problem, content_type = "application/problem+json"),
        (status = 403, description = "Not an admin of this edition", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "No such edition visible to you", body = Problem, content_type = "application/problem+json"),
    ),
    security(("bearer" = []))
)]
pub async fn progress(
    caller: Caller,
    state: web::Data<AppState>,
    id: web::Path<String>,
) -> Result<HttpResponse, ApiError> {
    let progress = progress::of_edition(&state, caller, id.into_inner()).await?;
    Ok(HttpResponse::Ok().json(progress))
}

/// Every entry of a stage against every judge of its panel: assignments
/// with their sheets, conflicts, and how many judges each entry has.
#[utoipa::path(
    get, path = "/api/v1/editions/{id}/categories/{category}/stages/{stage}/coverage", tag = "judging",
    params(
        ("id" = String, Path, description = "Edition id"),
        ("category" = String, Path, description = "Category id"),
        ("stage" = String, Path, description = "Stage key"),
    ),
    responses(
        (status = 200, description = "The stage's coverage", body = Coverage),
        (status = 401, description = "Not signed in", body = Problem, content_type = "application/problem+json"),
        (status = 403, description = "Not an admin of this edition", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "No such edition, category or stage visible to you", body = Problem, content_type = "application/problem+json"),
        (status = 409, description = "The category has no rubric yet", body = Problem, content_type = "application/problem+json"),
    ),
    security(("bearer" = []))
)]
pub async fn coverage(
    caller: Caller,
    state: web::Data<AppState>,
    path: StagePath,
) -> Result<HttpResponse, ApiError> {
    let coverage = coverage::of_stage(&state, caller, path.into_inner()).await?;
    Ok(HttpResponse::Ok().json(coverage))
}

/// Emails every judge of the edition with open scoresheets, except those
/// reminded within the last day.
#[utoipa::path(
    post, path = "/api/v1/editions/{id}/judging/remind", tag = "judging",
    params(("id" = String, Path, description = "Edition id")),
    responses(
        (status = 200, description = "Reminders queued, and judges left out as reminded within a day", body = Reminded),
        (status = 401, description = "Not signed in", body = Problem, content_type = "application/problem+json"),
        (status = 403, description = "Not an admin of this edition", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "No such edition visible to you", body = Problem, content_type = "application/problem+json"),
        (status = 409, description = "Not judging, or no results date to name", body = Problem, content_type = "application/problem+json"),
    ),
    security(("bearer" = []))
)]
pub async fn remind(
    caller: Caller,
    state: web::Data<AppState>,
    id: web::Path<String>,
) -> Result<HttpResponse, ApiError> {
    let reminded = reminders::remind_now(&state, caller, id.into_inner()).await?;
    Ok(HttpResponse::Ok().json(reminded))
}
