//! The results API: the live ranking and its export for an edition's
//! admins, publications and withdrawals, the winners advancing to the
//! national edition, and the public results (no sign-in). Each handler
//! reads the request, calls the operation in `ranking`, `publications`,
//! `advancements` or `public`, and answers.

use actix_web::http::header;
use actix_web::{HttpRequest, HttpResponse, web};

use super::advancements::{self, Advancement};
use super::export::ExportFile;
use super::public::{self, PublicResults, VersionParams};
use super::publications::{self, Publication, PublishRequest, WithdrawRequest};
use super::ranking::{self, ExportParams};
use super::report;
use super::snapshot::Snapshot;
use super::view::Ranking;
use crate::auth::Caller;
use crate::error::{ApiError, Problem};
use crate::pagination::PageParams;
use crate::state::AppState;

pub fn configure(cfg: &mut web::ServiceConfig) {
    use crate::http::resource;
    let category = "/editions/{id}/categories/{category}";
    cfg.service(resource(&format!("{category}/ranking")).route(web::get().to(ranking)))
        .service(
            resource(&format!("{category}/ranking/export")).route(web::get().to(export_ranking)),
        )
        .service(
            resource("/editions/{id}/publications")
                .route(web::get().to(list_publications))
                .route(web::post().to(publish)),
        )
        .service(
            resource("/editions/{id}/publications/{version}/withdraw")
                .route(web::post().to(withdraw)),
        )
        .service(resource("/editions/{id}/advancements").route(web::get().to(list_advancements)))
        .service(resource("/public/editions/{id}/results").route(web::get().to(public_results)))
        .service(
            resource("/public/editions/{id}/results/snapshot")
                .route(web::get().to(public_snapshot)),
        )
        .service(
            resource("/public/editions/{id}/results/winners.csv")
                .route(web::get().to(public_winners_csv)),
        )
        .service(
            resource("/public/editions/{id}/results/report").route(web::get().to(public_report)),
        );
}

type CategoryPath = web::Path<(String, String)>;

/// A file to save, under its name.
fn attachment(file: ExportFile) -> HttpResponse {
    crate::http::attachment(file.media_type, &file.file_name, file.bytes)
}

/// The live ranking of a category, with explanations and flags (admins of
/// the edition only; judges and entrants never see it).
#[utoipa::path(
    get, path = "/api/v1/editions/{id}/categories/{category}/ranking", tag = "results",
    params(("id" = String, Path), ("category" = String, Path), PageParams),
    responses(
        (status = 200, description = "Ranking, best first, one page", body = Ranking),
        (status = 401, description = "Not signed in", body = Problem, content_type = "application/problem+json"),
        (status = 403, description = "Not an admin of this edition", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "No such category visible to you", body = Problem, content_type = "application/problem+json"),
        (status = 409, description = "The category has no rubric", body = Problem, content_type = "application/problem+json"),
    ),
    security(("bearer" = []))
)]
pub async fn ranking(
    caller: Caller,
    state: web::Data<AppState>,
    path: CategoryPath,
    page: web::Query<PageParams>,
) -> Result<HttpResponse, ApiError> {
    let (edition_id, category_id) = path.into_inner();
    let live = ranking::preview(&state, caller, edition_id, category_id, page.into_inner()).await?;
    Ok(HttpResponse::Ok().json(live))
}

/// The ranking with its per-criterion breakdown, and every judge's marks,
/// as CSV or XLSX (admins of the edition only).
#[utoipa::path(
    get, path = "/api/v1/editions/{id}/categories/{category}/ranking/export", tag = "results",
    params(("id" = String, Path), ("category" = String, Path), ExportParams),
    responses(
        (status = 200, description = "The ranking as CSV (`format=csv`, the default) or an XLSX workbook (`format=xlsx`)", content(
            (String = "text/csv"),
            (String = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"),
        )),
        (status = 401, description = "Not signed in", body = Problem, content_type = "application/problem+json"),
        (status = 403, description = "Not an admin of this edition", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "No such category visible to you", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "Unknown format or detail", body = Problem, content_type = "application/problem+json"),
    ),
    security(("bearer" = []))
)]
pub async fn export_ranking(
    caller: Caller,
    state: web::Data<AppState>,
    path: CategoryPath,
    params: web::Query<ExportParams>,
) -> Result<HttpResponse, ApiError> {
    let (edition_id, category_id) = path.into_inner();
    let file =
        ranking::export(&state, caller, edition_id, category_id, params.into_inner()).await?;
    Ok(attachment(file))
}

/// Every published version of the edition's results, newest first.
#[utoipa::path(
    get, path = "/api/v1/editions/{id}/publications", tag = "results",
    params(("id" = String, Path)),
    responses(
        (status = 200, description = "Versions, newest first", body = Vec<Publication>),
        (status = 401, description = "Not signed in", body = Problem, content_type = "application/problem+json"),
        (status = 403, description = "Not an admin of this edition", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "No such edition visible to you", body = Problem, content_type = "application/problem+json"),
    ),
    security(("bearer" = []))
)]
pub async fn list_publications(
    caller: Caller,
    state: web::Data<AppState>,
    id: web::Path<String>,
) -> Result<HttpResponse, ApiError> {
    let list = publications::list(&state, caller, id.into_inner()).await?;
    Ok(HttpResponse::Ok().json(list))
}

/// Publish the edition's results: every category's ranking is frozen as a
/// snapshot with a SHA-256 digest, winners become public, and winners
/// advance to the linked national edition. Publishing again makes a new
/// version (with a reason); older digests stay visible.
#[utoipa::path(
    post, path = "/api/v1/editions/{id}/publications", tag = "results",
    params(("id" = String, Path)),
    request_body = Option<PublishRequest>,
    responses(
        (status = 201, description = "Published", body = Publication),
        (status = 401, description = "Not signed in", body = Problem, content_type = "application/problem+json"),
        (status = 403, description = "Not an admin of this edition", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "No such edition visible to you", body = Problem, content_type = "application/problem+json"),
        (status = 409, description = "Not in judging, a category without a rubric, or scoresheets outstanding (listed in `errors`)", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "A reason is needed to publish again", body = Problem, content_type = "application/problem+json"),
    ),
    security(("bearer" = []))
)]
pub async fn publish(
    caller: Caller,
    state: web::Data<AppState>,
    id: web::Path<String>,
    request: HttpRequest,
    body: web::Bytes,
) -> Result<HttpResponse, ApiError> {
    // Refused before the body is read.
    caller.require_admin()?;
    // The first publication needs nothing said: the body may be left out.
    let body: PublishRequest = crate::http::optional_json(&request, &body)?.unwrap_or_default();
    let publication = publications::publish(&state, caller, id.into_inner(), body).await?;
    Ok(HttpResponse::Created().json(publication))
}

/// Withdraw the current published results (national admins only, with a
/// reason). The version stays listed, marked withdrawn, with its digest;
/// the edition goes back to judging.
#[utoipa::path(
    post, path = "/api/v1/editions/{id}/publications/{version}/withdraw", tag = "results",
    params(("id" = String, Path), ("version" = i32, Path)),
    request_body = WithdrawRequest,
    responses(
        (status = 200, description = "Withdrawn", body = Publication),
        (status = 401, description = "Not signed in", body = Problem, content_type = "application/problem+json"),
        (status = 403, description = "Not a national admin", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "No such version", body = Problem, content_type = "application/problem+json"),
        (status = 409, description = "Already withdrawn, or superseded by a later version", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "A reason is required", body = Problem, content_type = "application/problem+json"),
    ),
    security(("bearer" = []))
)]
pub async fn withdraw(
    caller: Caller,
    state: web::Data<AppState>,
    path: web::Path<(String, i32)>,
    body: web::Json<WithdrawRequest>,
) -> Result<HttpResponse, ApiError> {
    let (id, version) = path.into_inner();
    let publication =
        publications::withdraw(&state, caller, id, version, body.into_inner()).await?;
    Ok(HttpResponse::Ok().json(publication))
}

/// Winners put forward to this (national) edition by the current, not
/// withdrawn, results of the provincial editions linked to it.
#[utoipa::path(
    get, path = "/api/v1/editions/{id}/advancements", tag = "results",
    params(("id" = String, Path)),
    responses(
        (status = 200, description = "Winners put forward", body = Vec<Advancement>),
        (status = 401, description = "Not signed in", body = Problem, content_type = "application/problem+json"),
        (status = 403, description = "Not an admin of this edition", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "No such edition visible to you", body = Problem, content_type = "application/problem+json"),
    ),
    security(("bearer" = []))
)]
pub async fn list_advancements(
    caller: Caller,
    state: web::Data<AppState>,
    id: web::Path<String>,
) -> Result<HttpResponse, ApiError> {
    let list = advancements::list(&state, caller, id.into_inner()).await?;
    Ok(HttpResponse::Ok().json(list))
}

/// Published winners of an edition, with the digest anyone can check.
#[utoipa::path(
    get, path = "/api/v1/public/editions/{id}/results", tag = "public",
    params(("id" = String, Path)),
    responses(
        (status = 200, description = "Winners of the current version and every version's digest", body = PublicResults),
        (status = 404, description = "Not published", body = Problem, content_type = "application/problem+json"),
    )
)]
pub async fn public_results(
    state: web::Data<AppState>,
    id: web::Path<String>,
) -> Result<HttpResponse, ApiError> {
    let results = public::read_results(&state, id.into_inner()).await?;
    Ok(HttpResponse::Ok().json(results))
}

/// The frozen snapshot of a published version, byte for byte: its SHA-256
/// is the published digest.
#[utoipa::path(
    get, path = "/api/v1/public/editions/{id}/results/snapshot", tag = "public",
    params(("id" = String, Path), VersionParams),
    responses(
        (status = 200, description = "The snapshot exactly as frozen", body = Snapshot),
        (status = 404, description = "Not published, or no such version", body = Problem, content_type = "application/problem+json"),
    )
)]
pub async fn public_snapshot(
    state: web::Data<AppState>,
    id: web::Path<String>,
    params: web::Query<VersionParams>,
) -> Result<HttpResponse, ApiError> {
    let frozen =
        public::read_snapshot(&state, id.into_inner(), params.into_inner().version).await?;
    Ok(HttpResponse::Ok()
        .content_type("application/json")
        .insert_header(("x-content-sha256", frozen.digest))
        .body(frozen.json))
}

/// Winners of the current published version as CSV.
#[utoipa::path(
    get, path = "/api/v1/public/editions/{id}/results/winners.csv", tag = "public",
    params(("id" = String, Path)),
    responses(
        (status = 200, description = "Winners, one per row", content_type = "text/csv"),
        (status = 404, description = "Not published, or withdrawn", body = Problem, content_type = "application/problem+json"),
    )
)]
pub async fn public_winners_csv(
    state: web::Data<AppState>,
    id: web::Path<String>,
) -> Result<HttpResponse, ApiError> {
    let file = public::export_winners(&state, id.into_inner()).await?;
    Ok(attachment(file))
}

/// The printable results report of a published version (the latest by
/// default): winners and the full ranking of every category with stage
/// scores, the digest, laid out for A4 paper. A withdrawn version prints
/// the withdrawal instead of the ranking.
#[utoipa::path(
    get, path = "/api/v1/public/editions/{id}/results/report", tag = "public",
    params(("id" = String, Path), VersionParams),
    responses(
        (status = 200, description = "The report, to read or print", content_type = "text/html"),
        (status = 404, description = "Not published, or no such version", body = Problem, content_type = "application/problem+json"),
    )
)]
pub async fn public_report(
    state: web::Data<AppState>,
    id: web::Path<String>,
    params: web::Query<VersionParams>,
) -> Result<HttpResponse, ApiError> {
    let html = public::render_report(&state, id.into_inner(), params.into_inner().version).await?;
    Ok(HttpResponse::Ok()
        .content_type("text/html; charset=utf-8")
        .insert_header((
            header::CONTENT_SECURITY_POLICY,
            report::content_security_policy(),
        ))
        .body(html))
}
