//! The judges' own endpoints, under `/judging`: their panels and declared
//! conflicts, their assignments, entries to read and scoresheets to save.

use actix_web::{HttpResponse, web};

use crate::auth::{Caller, SignedIn};
use crate::error::{ApiError, Problem};
use crate::judging::SaveQueue;
use crate::judging::declare::{self, Declaration, Declared, MyPanel};
use crate::judging::save_check::SaveRequest;
use crate::judging::scoresheet::Scoresheet;
use crate::judging::scoresheets;
use crate::judging::worklist::{self, AssignmentDetail, MyAssignment};
use crate::state::AppState;

use super::{ReasonRequest, SaveScoresheet, VersionOnly};

/// Routes under the `/judging` scope.
pub fn configure(cfg: &mut web::ServiceConfig) {
    use crate::http::resource;
    cfg.service(resource("/assignments").route(web::get().to(my_assignments)))
        .service(resource("/assignments/{id}").route(web::get().to(read_assignment)))
        .service(resource("/assignments/{id}/scoresheet").route(web::put().to(save_scoresheet)))
        .service(
            resource("/assignments/{id}/scoresheet/submit")
                .route(web::post().to(submit_scoresheet)),
        )
        .service(resource("/assignments/{id}/recuse").route(web::post().to(recuse)))
        .service(resource("/assignments/{id}/files/{file}").route(web::get().to(download_evidence)))
        .service(resource("/panels").route(web::get().to(my_panels)))
        .service(resource("/conflicts").route(web::post().to(declare)));
}

/// My assignments with what is left to do.
#[utoipa::path(
    get, path = "/api/v1/judging/assignments", tag = "judging",
    responses(
        (status = 200, description = "The caller's assignments", body = Vec<MyAssignment>),
        (status = 401, description = "Not signed in", body = Problem, content_type = "application/problem+json"),
        (status = 403, description = "Not a judge", body = Problem, content_type = "application/problem+json"),
    ),
    security(("bearer" = []))
)]
pub async fn my_assignments(
    caller: Caller,
    state: web::Data<AppState>,
) -> Result<HttpResponse, ApiError> {
    let list = worklist::mine_all(&state, caller).await?;
    Ok(HttpResponse::Ok().json(list))
}

/// Read an assigned entry: values, evidence, the criteria to score and the
/// scoresheet. Blind categories hide everything that names the entrant.
#[utoipa::path(
    get, path = "/api/v1/judging/assignments/{id}", tag = "judging",
    params(("id" = String, Path, description = "Assignment id")),
    responses(
        (status = 200, description = "The assignment", body = AssignmentDetail),
        (status = 401, description = "Not signed in", body = Problem, content_type = "application/problem+json"),
        (status = 403, description = "Not a judge", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "Not your assignment", body = Problem, content_type = "application/problem+json"),
    ),
    security(("bearer" = []))
)]
pub async fn read_assignment(
    caller: Caller,
    state: web::Data<AppState>,
    id: web::Path<String>,
) -> Result<HttpResponse, ApiError> {
    let detail = worklist::read(&state, caller, id.into_inner()).await?;
    Ok(HttpResponse::Ok().json(detail))
}

/// Save a draft scoresheet (partial allowed; every score checked against its scale).
#[utoipa::path(
    put, path = "/api/v1/judging/assignments/{id}/scoresheet", tag = "judging",
    params(("id" = String, Path, description = "Assignment id")),
    request_body = SaveScoresheet,
    responses(
        (status = 200, description = "Saved as a draft", body = Scoresheet),
        (status = 401, description = "Not signed in", body = Problem, content_type = "application/problem+json"),
        (status = 403, description = "Not a judge", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "Not your assignment", body = Problem, content_type = "application/problem+json"),
        (status = 409, description = "Locked, recused, not the judging phase, or stale version", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "Scores off the scale, by criterion", body = Problem, content_type = "application/problem+json"),
    ),
    security(("bearer" = []))
)]
pub async fn save_scoresheet(
    signed_in: SignedIn,
    state: web::Data<AppState>,
    saves: Option<web::Data<SaveQueue>>,
    id: web::Path<String>,
    body: web::Json<SaveScoresheet>,
) -> Result<HttpResponse, ApiError> {
    let body = body.into_inner();
    let request = SaveRequest {
        signed_in,
        id: id.into_inner(),
        version: body.version,
        marks: Some(body.scores),
        submit: false,
    };
    let saved = scoresheets::save(&state, saves.as_deref().map(|queue| &**queue), request).await?;
    Ok(HttpResponse::Ok().json(saved))
}

/// Submit the scoresheet: every criterion scored (or abstained where
/// allowed, with the reason in its comment), required comments present.
/// It is then locked.
#[utoipa::path(
    post, path = "/api/v1/judging/assignments/{id}/scoresheet/submit", tag = "judging",
    params(("id" = String, Path, description = "Assignment id")),
    request_body = VersionOnly,
    responses(
        (status = 200, description = "Submitted and locked", body = Scoresheet),
        (status = 401, description = "Not signed in", body = Problem, content_type = "application/problem+json"),
        (status = 403, description = "Not a judge", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "Not your assignment", body = Problem, content_type = "application/problem+json"),
        (status = 409, description = "Already locked, recused, not the judging phase, or stale version", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "Missing scores or comments, by criterion", body = Problem, content_type = "application/problem+json"),
    ),
    security(("bearer" = []))
)]
pub async fn submit_scoresheet(
    signed_in: SignedIn,
    state: web::Data<AppState>,
    saves: Option<web::Data<SaveQueue>>,
    id: web::Path<String>,
    body: web::Json<VersionOnly>,
) -> Result<HttpResponse, ApiError> {
    let request = SaveRequest {
        signed_in,
        id: id.into_inner(),
        version: body.version,
        marks: None,
        submit: true,
    };
    let saved = scoresheets::save(&state, saves.as_deref().map(|queue| &**queue), request).await?;
    Ok(HttpResponse::Ok().json(saved))
}

/// Recuse: the judge declares a conflict discovered on an assigned entry;
/// the assignment stops and its scores leave the aggregation.
#[utoipa::path(
    post, path = "/api/v1/judging/assignments/{id}/recuse", tag = "judging",
    params(("id" = String, Path, description = "Assignment id")),
    request_body = ReasonRequest,
    responses(
        (status = 204, description = "Recused"),
        (status = 401, description = "Not signed in", body = Problem, content_type = "application/problem+json"),
        (status = 403, description = "Not a judge", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "Not your assignment", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "Missing reason", body = Problem, content_type = "application/problem+json"),
        (status = 409, description = "Results are published: withdraw them (or move the edition back to judging with a reason) first", body = Problem, content_type = "application/problem+json"),
    ),
    security(("bearer" = []))
)]
pub async fn recuse(
    caller: Caller,
    state: web::Data<AppState>,
    id: web::Path<String>,
    body: web::Json<ReasonRequest>,
) -> Result<HttpResponse, ApiError> {
    declare::recuse(&state, caller, id.into_inner(), body.into_inner().reason).await?;
    Ok(HttpResponse::NoContent().finish())
}

/// Download evidence of an assigned entry (blind categories get a neutral file name).
#[utoipa::path(
    get, path = "/api/v1/judging/assignments/{id}/files/{file}", tag = "judging",
    params(("id" = String, Path, description = "Assignment id"), ("file" = String, Path, description = "File id")),
    responses(
        (status = 200, description = "The file's bytes, with the media type decided from its content at upload", content(
            (Vec<u8> = "application/pdf"),
            (Vec<u8> = "image/png"),
            (Vec<u8> = "image/jpeg"),
            (Vec<u8> = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"),
            (Vec<u8> = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"),
            (String = "text/csv"),
        )),
        (status = 401, description = "Not signed in", body = Problem, content_type = "application/problem+json"),
        (status = 403, description = "Not a judge", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "Not your assignment, or no such file", body = Problem, content_type = "application/problem+json"),
    ),
    security(("bearer" = []))
)]
pub async fn download_evidence(
    caller: Caller,
    state: web::Data<AppState>,
    path: web::Path<(String, String)>,
) -> Result<HttpResponse, ApiError> {
    let (id, file_id) = path.into_inner();
    let file = worklist::evidence(&state, caller, id, file_id).await?;
    Ok(crate::http::attachment(
        &file.media_type,
        &file.file_name,
        file.bytes,
    ))
}

/// The panels you sit on and their entrants, to declare conflicts of
/// interest before any assignment (judges only).
#[utoipa::path(
    get, path = "/api/v1/judging/panels", tag = "judging",
    responses(
        (status = 200, description = "Your panels and, unless blind, their entrants", body = Vec<MyPanel>),
        (status = 401, description = "Not signed in", body = Problem, content_type = "application/problem+json"),
        (status = 403, description = "Not a judge", body = Problem, content_type = "application/problem+json"),
    ),
    security(("bearer" = []))
)]
pub async fn my_panels(
    caller: Caller,
    state: web::Data<AppState>,
) -> Result<HttpResponse, ApiError> {
    let list = declare::my_panels(&state, caller).await?;
    Ok(HttpResponse::Ok().json(list))
}

/// Declare a conflict of interest with an entrant of one of your panels,
/// before assignment; you will never be assigned to it. Already assigned?
/// Recuse from the assignment instead.
#[utoipa::path(
    post, path = "/api/v1/judging/conflicts", tag = "judging",
    request_body = Declaration,
    responses(
        (status = 201, description = "Declared", body = Declared),
        (status = 401, description = "Not signed in", body = Problem, content_type = "application/problem+json"),
        (status = 403, description = "Not a judge", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "Not an entrant of a panel you sit on (or a blind one)", body = Problem, content_type = "application/problem+json"),
        (status = 409, description = "Already declared, or already assigned (recuse instead)", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "A reason is required", body = Problem, content_type = "application/problem+json"),
    ),
    security(("bearer" = []))
)]
pub async fn declare(
    caller: Caller,
    state: web::Data<AppState>,
    body: web::Json<Declaration>,
) -> Result<HttpResponse, ApiError> {
    let declared = declare::declare(&state, caller, body.into_inner()).await?;
    Ok(HttpResponse::Created().json(declared))
}
