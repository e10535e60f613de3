//! The entries' JSON door: routes and thin handlers. Each turns the request
//! into an operation's input (path, query, body, the If-Match version),
//! calls the operation, and answers with the status code and headers
//! (ETag, Location, Content-Type, Content-Disposition).

use actix_multipart::Multipart;
use actix_web::http::header;
use actix_web::{HttpRequest, HttpResponse, web};
use utoipa::ToSchema;

use crate::auth::Caller;
use crate::entries::change::Expected;
use crate::entries::check::{self, CheckRequest};
use crate::entries::drafting::{self, CreateEntryRequest, UpdateEntryRequest};
use crate::entries::evidence::{self, received, store::EvidenceFile};
use crate::entries::import::{self, ImportParams, ImportReport, MAX_IMPORT_BYTES};
use crate::entries::reading::{self, EntryFilter};
use crate::entries::store::EntryView;
use crate::entries::submission::{self, EntryActionRequest};
use crate::error::{ApiError, Msg, Problem};
use crate::messages::Said;
use crate::pagination::{Page, PageParams};
use crate::state::AppState;

pub fn configure(cfg: &mut web::ServiceConfig) {
    use crate::http::resource;
    cfg.service(resource("/entries").route(web::get().to(list_entries)))
        .service(
            resource("/editions/{id}/categories/{category}/entries")
                .route(web::post().to(create_entry)),
        )
        .service(
            resource("/entries/{id}")
                .route(web::get().to(get_entry))
                .route(web::patch().to(update_entry)),
        )
        .service(resource("/entries/{id}/submit").route(web::post().to(submit_entry)))
        .service(resource("/entries/{id}/withdraw").route(web::post().to(withdraw_entry)))
        .service(resource("/entries/{id}/reopen").route(web::post().to(reopen_entry)))
        .service(resource("/entries/{id}/check").route(web::post().to(check_entry)));
    cfg.service(
        resource("/entries/{id}/files")
            .route(web::get().to(list_files))
            .route(web::post().to(upload_file)),
    )
    .service(
        resource("/entries/{id}/files/{file}")
            .route(web::get().to(download_file))
            .route(web::delete().to(delete_file)),
    );
    cfg.service(
        resource("/editions/{id}/categories/{category}/import")
            .app_data(web::PayloadConfig::new(MAX_IMPORT_BYTES))
            .route(web::post().to(import_csv)),
    );
}

/// The version the client read: If-Match wins over the body.
fn expected_version(req: &HttpRequest, body_version: Option<i32>) -> Result<Expected, ApiError> {
    if let Some(value) = req.headers().get(header::IF_MATCH) {
        let text = value.to_str().unwrap_or_default().trim();
        let digits = text.trim_start_matches("W/").trim_matches('"');
        return digits
            .parse()
            .map(|version| Expected {
                version,
                precondition: true,
            })
            .map_err(|_| ApiError::BadRequest(Msg::said("if-match-version")));
    }
    body_version
        .map(|version| Expected {
            version,
            precondition: false,
        })
        .ok_or_else(|| ApiError::field("version", "required", Said::SendTheVersion.msg()))
}

/// The entry as JSON, with an ETag of its version.
fn entry(mut answer: actix_web::HttpResponseBuilder, view: EntryView) -> HttpResponse {
    let version = view.version;
    let mut response = answer.json(view);
    if let Ok(value) = header::HeaderValue::from_str(&format!("\"{version}\"")) {
        response.headers_mut().insert(header::ETAG, value);
    }
    response
}

/// Enter an organisation in a category. The organisation must be eligible:
/// a refusal names the rule it fails.
#[utoipa::path(
    post, path = "/api/v1/editions/{id}/categories/{category}/entries", tag = "entries",
    params(("id" = String, Path, description = "Edition id"), ("category" = String, Path, description = "Category id")),
    request_body = CreateEntryRequest,
    responses(
        (status = 201, description = "Created as a draft", body = EntryView),
        (status = 401, description = "Not signed in", body = Problem, content_type = "application/problem+json"),
        (status = 403, description = "Not a member of the organisation", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "No such edition or category visible to you", body = Problem, content_type = "application/problem+json"),
        (status = 409, description = "Already entered, or submissions closed", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "Not eligible, or invalid values", body = Problem, content_type = "application/problem+json"),
    ),
    security(("bearer" = []))
)]
pub async fn create_entry(
    caller: Caller,
    state: web::Data<AppState>,
    path: web::Path<(String, String)>,
    body: web::Json<CreateEntryRequest>,
) -> Result<HttpResponse, ApiError> {
    let (edition_id, category_id) = path.into_inner();
    let view = drafting::create(&state, caller, edition_id, category_id, body.into_inner()).await?;
    let location = format!("/api/v1/entries/{}", view.id);
    let mut created = HttpResponse::Created();
    created.insert_header(("Location", location));
    Ok(entry(created, view))
}

/// Entries the caller may see: the office's for its editions, the entrant's own.
#[utoipa::path(
    get, path = "/api/v1/entries", tag = "entries",
    params(EntryFilter, PageParams),
    responses(
        (status = 200, description = "One page of entries, with the total", body = Page<EntryView>),
        (status = 401, description = "Not signed in", body = Problem, content_type = "application/problem+json"),
        (status = 403, description = "Judges have no access here", body = Problem, content_type = "application/problem+json"),
    ),
    security(("bearer" = []))
)]
pub async fn list_entries(
    caller: Caller,
    state: web::Data<AppState>,
    filter: web::Query<EntryFilter>,
    page: web::Query<PageParams>,
) -> Result<HttpResponse, ApiError> {
    let page = reading::list(&state, caller, filter.into_inner(), page.into_inner()).await?;
    Ok(HttpResponse::Ok().json(page))
}

/// One entry, with an ETag of its version.
#[utoipa::path(
    get, path = "/api/v1/entries/{id}", tag = "entries",
    params(("id" = String, Path, description = "Entry id")),
    responses(
        (status = 200, description = "The entry", body = EntryView),
        (status = 401, description = "Not signed in", body = Problem, content_type = "application/problem+json"),
        (status = 403, description = "Judges have no access here", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "No such entry visible to you", body = Problem, content_type = "application/problem+json"),
    ),
    security(("bearer" = []))
)]
pub async fn get_entry(
    caller: Caller,
    state: web::Data<AppState>,
    id: web::Path<String>,
) -> Result<HttpResponse, ApiError> {
    let view = reading::get(&state, caller, id.into_inner()).await?;
    Ok(entry(HttpResponse::Ok(), view))
}

/// Change indicator values (entrants, until the deadline). A stale version is
/// refused with 409, or 412 with If-Match.
#[utoipa::path(
    patch, path = "/api/v1/entries/{id}", tag = "entries",
    params(
        ("id" = String, Path, description = "Entry id"),
        ("If-Match" = Option<String>, Header, description = "The version you read, as `\"3\"`; instead of `version` in the body, and a stale one is answered 412"),
    ),
    request_body = UpdateEntryRequest,
    responses(
        (status = 200, description = "The changed entry", body = EntryView),
        (status = 401, description = "Not signed in", body = Problem, content_type = "application/problem+json"),
        (status = 403, description = "Not the entrant", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "No such entry visible to you", body = Problem, content_type = "application/problem+json"),
        (status = 409, description = "Stale version, closed submissions, or a checked entry", body = Problem, content_type = "application/problem+json"),
        (status = 412, description = "If-Match names a stale version", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "Invalid values, by field", body = Problem, content_type = "application/problem+json"),
        (status = 400, description = "The body is not valid JSON, or If-Match is not a version", body = Problem, content_type = "application/problem+json"),
    ),
    security(("bearer" = []))
)]
pub async fn update_entry(
    req: HttpRequest,
    caller: Caller,
    state: web::Data<AppState>,
    id: web::Path<String>,
    body: web::Json<UpdateEntryRequest>,
) -> Result<HttpResponse, ApiError> {
    let body = body.into_inner();
    let expected = expected_version(&req, body.version)?;
    let view =
        drafting::update_values(&state, caller, id.into_inner(), expected, body.values).await?;
    Ok(entry(HttpResponse::Ok(), view))
}

/// Send the entry to the office. Every missing value or document is named.
#[utoipa::path(
    post, path = "/api/v1/entries/{id}/submit", tag = "entries",
    params(
        ("id" = String, Path, description = "Entry id"),
        ("If-Match" = Option<String>, Header, description = "The version you read, as `\"3\"`; instead of `version` in the body, and a stale one is answered 412"),
    ),
    request_body = EntryActionRequest,
    responses(
        (status = 200, description = "Submitted", body = EntryView),
        (status = 401, description = "Not signed in", body = Problem, content_type = "application/problem+json"),
        (status = 403, description = "Not the entrant", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "No such entry visible to you", body = Problem, content_type = "application/problem+json"),
        (status = 409, description = "After the deadline, already submitted, or stale", body = Problem, content_type = "application/problem+json"),
        (status = 412, description = "If-Match names a stale version", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "Required values or documents missing", body = Problem, content_type = "application/problem+json"),
        (status = 400, description = "The body is not valid JSON, or If-Match is not a version", body = Problem, content_type = "application/problem+json"),
    ),
    security(("bearer" = []))
)]
pub async fn submit_entry(
    req: HttpRequest,
    caller: Caller,
    state: web::Data<AppState>,
    id: web::Path<String>,
    body: Option<web::Json<EntryActionRequest>>,
) -> Result<HttpResponse, ApiError> {
    let body = body.map(web::Json::into_inner).unwrap_or_default();
    let expected = expected_version(&req, body.version)?;
    let view = submission::submit(&state, caller, id.into_inner(), expected).await?;
    Ok(entry(HttpResponse::Ok(), view))
}

/// Withdraw the entry (entrants, until the deadline).
#[utoipa::path(
    post, path = "/api/v1/entries/{id}/withdraw", tag = "entries",
    params(
        ("id" = String, Path, description = "Entry id"),
        ("If-Match" = Option<String>, Header, description = "The version you read, as `\"3\"`; instead of `version` in the body, and a stale one is answered 412"),
    ),
    request_body = EntryActionRequest,
    responses(
        (status = 200, description = "Withdrawn", body = EntryView),
        (status = 401, description = "Not signed in", body = Problem, content_type = "application/problem+json"),
        (status = 403, description = "Not the entrant", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "No such entry visible to you", body = Problem, content_type = "application/problem+json"),
        (status = 409, description = "After the deadline, already checked, or stale", body = Problem, content_type = "application/problem+json"),
        (status = 412, description = "If-Match names a stale version", body = Problem, content_type = "application/problem+json"),
        (status = 400, description = "The body is not valid JSON, or If-Match is not a version", body = Problem, content_type = "application/problem+json"),
    ),
    security(("bearer" = []))
)]
pub async fn withdraw_entry(
    req: HttpRequest,
    caller: Caller,
    state: web::Data<AppState>,
    id: web::Path<String>,
    body: Option<web::Json<EntryActionRequest>>,
) -> Result<HttpResponse, ApiError> {
    let body = body.map(web::Json::into_inner).unwrap_or_default();
    let expected = expected_version(&req, body.version)?;
    let view = submission::withdraw(&state, caller, id.into_inner(), expected, body.reason).await?;
    Ok(entry(HttpResponse::Ok(), view))
}

/// Take a withdrawn entry back to draft (entrants, until the deadline).
#[utoipa::path(
    post, path = "/api/v1/entries/{id}/reopen", tag = "entries",
    params(
        ("id" = String, Path, description = "Entry id"),
        ("If-Match" = Option<String>, Header, description = "The version you read, as `\"3\"`; instead of `version` in the body, and a stale one is answered 412"),
    ),
    request_body = EntryActionRequest,
    responses(
        (status = 200, description = "Back to draft", body = EntryView),
        (status = 401, description = "Not signed in", body = Problem, content_type = "application/problem+json"),
        (status = 403, description = "Not the entrant", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "No such entry visible to you", body = Problem, content_type = "application/problem+json"),
        (status = 409, description = "Not withdrawn, after the deadline, or stale", body = Problem, content_type = "application/problem+json"),
        (status = 412, description = "If-Match names a stale version", body = Problem, content_type = "application/problem+json"),
        (status = 400, description = "The body is not valid JSON, or If-Match is not a version", body = Problem, content_type = "application/problem+json"),
    ),
    security(("bearer" = []))
)]
pub async fn reopen_entry(
    req: HttpRequest,
    caller: Caller,
    state: web::Data<AppState>,
    id: web::Path<String>,
    body: Option<web::Json<EntryActionRequest>>,
) -> Result<HttpResponse, ApiError> {
    let body = body.map(web::Json::into_inner).unwrap_or_default();
    let expected = expected_version(&req, body.version)?;
    let view = submission::reopen(&state, caller, id.into_inner(), expected).await?;
    Ok(entry(HttpResponse::Ok(), view))
}

/// The administrative check: mark an entry complete, reject it, or return it
/// for correction before the deadline, with a reason the entrant sees.
#[utoipa::path(
    post, path = "/api/v1/entries/{id}/check", tag = "entries",
    params(
        ("id" = String, Path, description = "Entry id"),
        ("If-Match" = Option<String>, Header, description = "The version you read, as `\"3\"`; instead of `version` in the body, and a stale one is answered 412"),
    ),
    request_body = CheckRequest,
    responses(
        (status = 200, description = "Checked", body = EntryView),
        (status = 401, description = "Not signed in", body = Problem, content_type = "application/problem+json"),
        (status = 403, description = "Not an admin of this edition", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "No such entry visible to you", body = Problem, content_type = "application/problem+json"),
        (status = 409, description = "Not submitted, judging already open, or stale", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "Missing reason", body = Problem, content_type = "application/problem+json"),
        (status = 412, description = "If-Match names a stale version", body = Problem, content_type = "application/problem+json"),
        (status = 400, description = "The body is not valid JSON, or If-Match is not a version", body = Problem, content_type = "application/problem+json"),
    ),
    security(("bearer" = []))
)]
pub async fn check_entry(
    req: HttpRequest,
    caller: Caller,
    state: web::Data<AppState>,
    id: web::Path<String>,
    body: web::Json<CheckRequest>,
) -> Result<HttpResponse, ApiError> {
    let body = body.into_inner();
    let expected = expected_version(&req, body.version)?;
    let view = check::check(
        &state,
        caller,
        id.into_inner(),
        expected,
        body.decision,
        body.reason,
    )
    .await?;
    Ok(entry(HttpResponse::Ok(), view))
}

/// The upload's form, as documented: the parts [`received::Received::upload`] reads.
#[derive(ToSchema)]
#[allow(dead_code)]
pub struct UploadForm {
    /// The document: PDF, PNG, JPEG, XLSX, DOCX or CSV, decided by its content.
    #[schema(value_type = String, format = Binary)]
    file: Vec<u8>,
    /// The indicator of the category's form this file supports (a document field).
    indicator_key: Option<String>,
}

/// Upload evidence (multipart/form-data: `file`, optional `indicator_key`).
/// The type comes from the content: PDF, PNG, JPEG, XLSX, DOCX or CSV; a
/// name that claims another type is refused.
#[utoipa::path(
    post, path = "/api/v1/entries/{id}/files", tag = "entries",
    params(("id" = String, Path, description = "Entry id")),
    request_body(content = UploadForm, content_type = "multipart/form-data", description = "`file`: the document; `indicator_key`: optional"),
    responses(
        (status = 201, description = "Stored; safe on disk", body = EvidenceFile),
        (status = 401, description = "Not signed in", body = Problem, content_type = "application/problem+json"),
        (status = 403, description = "Not the entrant", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "No such entry visible to you", body = Problem, content_type = "application/problem+json"),
        (status = 409, description = "Submissions closed or entry checked", body = Problem, content_type = "application/problem+json"),
        (status = 413, description = "Larger than the limit", body = Problem, content_type = "application/problem+json"),
        (status = 415, description = "Not an accepted type, or content unlike its name", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "No file, or unknown indicator", body = Problem, content_type = "application/problem+json"),
    ),
    security(("bearer" = []))
)]
pub async fn upload_file(
    caller: Caller,
    state: web::Data<AppState>,
    id: web::Path<String>,
    payload: Multipart,
) -> Result<HttpResponse, ApiError> {
    let entry_id = id.into_inner();
    evidence::may_upload(&state, &caller, &entry_id).await?;
    let upload = received::read(payload, state.settings.files.max_upload_bytes)
        .await?
        .upload()?;
    let stored = evidence::upload(&state, caller, entry_id, upload).await?;
    Ok(HttpResponse::Created()
        .insert_header((
            "Location",
            format!("/api/v1/entries/{}/files/{}", stored.entry_id, stored.id),
        ))
        .json(stored))
}

/// The evidence of an entry.
#[utoipa::path(
    get, path = "/api/v1/entries/{id}/files", tag = "entries",
    params(("id" = String, Path, description = "Entry id")),
    responses(
        (status = 200, description = "The files", body = Vec<EvidenceFile>),
        (status = 401, description = "Not signed in", body = Problem, content_type = "application/problem+json"),
        (status = 403, description = "Judges have no access here", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "No such entry visible to you", body = Problem, content_type = "application/problem+json"),
    ),
    security(("bearer" = []))
)]
pub async fn list_files(
    caller: Caller,
    state: web::Data<AppState>,
    id: web::Path<String>,
) -> Result<HttpResponse, ApiError> {
    let files = evidence::list(&state, caller, id.into_inner()).await?;
    Ok(HttpResponse::Ok().json(files))
}

/// Download one evidence file.
#[utoipa::path(
    get, path = "/api/v1/entries/{id}/files/{file}", tag = "entries",
    params(("id" = String, Path, description = "Entry id"), ("file" = String, Path, description = "File id")),
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
        (status = 403, description = "Judges have no access here", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "No such file visible to you", body = Problem, content_type = "application/problem+json"),
    ),
    security(("bearer" = []))
)]
pub async fn download_file(
    caller: Caller,
    state: web::Data<AppState>,
    path: web::Path<(String, String)>,
) -> Result<HttpResponse, ApiError> {
    let (entry_id, file_id) = path.into_inner();
    let evidence::Download { file, bytes } =
        evidence::download(&state, caller, entry_id, file_id).await?;
    Ok(crate::http::attachment(
        &file.media_type,
        &file.file_name,
        bytes,
    ))
}

/// Remove an evidence file while the entry is a draft (or returned for correction).
#[utoipa::path(
    delete, path = "/api/v1/entries/{id}/files/{file}", tag = "entries",
    params(("id" = String, Path, description = "Entry id"), ("file" = String, Path, description = "File id")),
    responses(
        (status = 204, description = "Removed"),
        (status = 401, description = "Not signed in", body = Problem, content_type = "application/problem+json"),
        (status = 403, description = "Not the entrant", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "No such file visible to you", body = Problem, content_type = "application/problem+json"),
        (status = 409, description = "The entry is no longer a draft, or submissions closed", body = Problem, content_type = "application/problem+json"),
    ),
    security(("bearer" = []))
)]
pub async fn delete_file(
    caller: Caller,
    state: web::Data<AppState>,
    path: web::Path<(String, String)>,
) -> Result<HttpResponse, ApiError> {
    let (entry_id, file_id) = path.into_inner();
    evidence::delete(&state, caller, entry_id, file_id).await?;
    Ok(HttpResponse::NoContent().finish())
}

/// Import indicator data for a category from CSV (`text/csv` body). Columns:
/// `employer_number`, `name`, `region_code`, `size_class`, `sector` for
/// companies, or `region_code` for governments (plus `kind` when the category
/// admits several kinds), then one column per indicator key. With
/// `dry_run=true` every bad row is reported and nothing is written; otherwise
/// all rows are written, or none.
#[utoipa::path(
    post, path = "/api/v1/editions/{id}/categories/{category}/import", tag = "entries",
    params(("id" = String, Path, description = "Edition id"), ("category" = String, Path, description = "Category id"), ImportParams),
    request_body(content_type = "text/csv", description = "The CSV file"),
    responses(
        (status = 200, description = "Imported, or the dry run's report", body = ImportReport),
        (status = 401, description = "Not signed in", body = crate::error::Problem, content_type = "application/problem+json"),
        (status = 403, description = "Not an admin of this edition", body = crate::error::Problem, content_type = "application/problem+json"),
        (status = 404, description = "No such edition or category visible to you", body = crate::error::Problem, content_type = "application/problem+json"),
        (status = 409, description = "Judging has opened", body = crate::error::Problem, content_type = "application/problem+json"),
        (status = 413, description = "File too large", body = crate::error::Problem, content_type = "application/problem+json"),
        (status = 422, description = "Bad rows: `errors` lists each as rows[line].column; nothing was written", body = crate::error::Problem, content_type = "application/problem+json"),
    ),
    security(("bearer" = []))
)]
pub async fn import_csv(
    caller: Caller,
    state: web::Data<AppState>,
    path: web::Path<(String, String)>,
    params: web::Query<ImportParams>,
    body: web::Bytes,
) -> Result<HttpResponse, ApiError> {
    let (edition_id, category_id) = path.into_inner();
    let dry_run = params.into_inner().dry_run;
    let report: ImportReport =
        import::import(&state, caller, edition_id, category_id, body, dry_run).await?;
    Ok(HttpResponse::Ok().json(report))
}
