//! Builds the server: state, middleware, routes, and the error answers for
//! everything that never reaches a handler.

use std::net::TcpListener;
use std::sync::Arc;

use actix_web::body::MessageBody;
use actix_web::dev::{Server, ServiceRequest, ServiceResponse};
use actix_web::error::{JsonPayloadError, PathError, QueryPayloadError};
use actix_web::http::header::{self, HeaderValue};
use actix_web::middleware::{ErrorHandlerResponse, ErrorHandlers, Next, from_fn};
use actix_web::{App, HttpMessage, HttpRequest, HttpResponse, HttpServer, ResponseError, web};
use tracing_actix_web::{RequestId, TracingLogger};

use crate::auth::password::Passwords;
use crate::auth::token::Tokens;
use crate::config::Settings;
use crate::db::{self, Backend, Db};
use crate::error::{ApiError, Msg, PROBLEM_JSON};
use crate::regions::import::RegionSource;

/// What every handler can reach.
pub struct AppState {
    pub db: Db,
    pub settings: Arc<Settings>,
    pub passwords: Arc<Passwords>,
    pub tokens: Arc<Tokens>,
    pub files: Arc<dyn crate::entries::files::FileStore>,
    /// Later scoresheet saves on PostgreSQL go through batches.
    pub scoresheet_saves: Option<Arc<crate::judging::SaveQueue>>,
}

#[derive(Debug, thiserror::Error)]
pub enum StartupError {
    #[error(transparent)]
    Database(#[from] db::DbSetupError),
    #[error("cannot listen on {address}: {source}")]
    Listen {
        address: String,
        source: std::io::Error,
    },
    #[error("{0}")]
    Other(String),
}

/// A resource whose unsupported methods answer 405 problem+json.
pub fn resource(path: &str) -> actix_web::Resource {
    web::resource(path).default_service(web::to(method_not_allowed))
}

async fn method_not_allowed() -> Result<HttpResponse, ApiError> {
    Err(ApiError::MethodNotAllowed)
}

async fn not_found() -> Result<HttpResponse, ApiError> {
    Err(ApiError::NotFound(Msg::new(
        "Alamat ini tidak ada.",
        "There is nothing at this address.",
    )))
}

fn json_error(error: JsonPayloadError, _: &HttpRequest) -> actix_web::Error {
    problem_for_json(&error).into()
}

/// A JSON body that may be left out: an empty body is `None`; anything else
/// must be JSON and is read, and refused, as every other body is.
pub fn optional_json<T: serde::de::DeserializeOwned>(
    request: &HttpRequest,
    body: &[u8],
) -> Result<Option<T>, ApiError> {
    if body.iter().all(u8::is_ascii_whitespace) {
        return Ok(None);
    }
    if !crate::input::is_json(request) {
        return Err(problem_for_json(&JsonPayloadError::ContentType));
    }
    serde_json::from_slice(body)
        .map(Some)
        .map_err(|cause| problem_for_json(&JsonPayloadError::Deserialize(cause)))
}

fn problem_for_json(error: &JsonPayloadError) -> ApiError {
    match error {
        JsonPayloadError::OverflowKnownLength { .. } | JsonPayloadError::Overflow { .. } => {
            ApiError::PayloadTooLarge
        }
        JsonPayloadError::ContentType => ApiError::UnsupportedMediaType,
        JsonPayloadError::Deserialize(cause) if cause.is_data() => {
            let text = cause.to_string();
            let field = text
                .split('`')
                .nth(1)
                .filter(|_| text.starts_with("missing field") || text.starts_with("unknown field"))
                .unwrap_or("body")
                .to_owned();
            let code = if text.starts_with("missing field") {
                "required"
            } else {
                "invalid"
            };
            ApiError::field(
                &field,
                code,
                Msg::new(
                    format!("Isian tidak sesuai: {text}."),
                    format!("Field does not fit: {text}."),
                ),
            )
        }
        JsonPayloadError::Deserialize(cause) => ApiError::BadRequest(Msg::new(
            format!("Isi permintaan bukan JSON yang sah: {cause}."),
            format!("The request body is not valid JSON: {cause}."),
        )),
        other => ApiError::BadRequest(Msg::new(
            format!("Isi permintaan tidak dapat dibaca: {other}."),
            format!("The request body could not be read: {other}."),
        )),
    }
}

fn query_error(error: QueryPayloadError, _: &HttpRequest) -> actix_web::Error {
    ApiError::BadRequest(Msg::new(
        format!("Parameter alamat tidak valid: {error}."),
        format!("Invalid query parameter: {error}."),
    ))
    .into()
}

fn path_error(error: PathError, _: &HttpRequest) -> actix_web::Error {
    ApiError::NotFound(Msg::new(
        format!("Alamat tidak valid: {error}."),
        format!("Invalid address: {error}."),
    ))
    .into()
}

/// Any error answer that is not yet problem+json (from the framework itself)
/// becomes one, so clients only ever see one error format.
fn problem_for_bare_errors<B>(
    response: ServiceResponse<B>,
) -> actix_web::Result<ErrorHandlerResponse<B>> {
    let is_problem = response
        .headers()
        .get(header::CONTENT_TYPE)
        .is_some_and(|value| value.as_bytes().starts_with(PROBLEM_JSON.as_bytes()));
    if is_problem {
        return Ok(ErrorHandlerResponse::Response(
            response.map_into_left_body(),
        ));
    }
    let status = response.status();
    let api = match status.as_u16() {
        404 => ApiError::NotFound(Msg::new(
            "Alamat ini tidak ada.",
            "There is nothing at this address.",
        )),
        405 => ApiError::MethodNotAllowed,
        413 => ApiError::PayloadTooLarge,
        415 => ApiError::UnsupportedMediaType,
        code if code >= 500 => ApiError::Internal(format!("framework answered {status}")),
        _ => ApiError::BadRequest(Msg::new(
            "Permintaan tidak dapat diproses.",
            "The request cannot be processed.",
        )),
    };
    let (request, _) = response.into_parts();
    let replaced = ServiceResponse::new(request, api.error_response());
    Ok(ErrorHandlerResponse::Response(
        replaced.map_into_right_body(),
    ))
}

/// Echoes the request id on every response, so a user's report can be matched to the logs.
async fn request_id_header(
    request: ServiceRequest,
    next: Next<impl MessageBody>,
) -> Result<ServiceResponse<impl MessageBody>, actix_web::Error> {
    let id = request
        .extensions()
        .get::<RequestId>()
        .map(|id| id.to_string());
    let mut response = next.call(request).await?;
    if let Some(value) = id.and_then(|id| HeaderValue::from_str(&id).ok()) {
        response
            .headers_mut()
            .insert(header::HeaderName::from_static("x-request-id"), value);
    }
    Ok(response)
}

/// What every answer says about how a browser may treat it, set here once:
/// never sniff another type, never frame, send no referrer off-site, load
/// nothing (an answer that shows something, like the printable report, sets
/// its own policy); and never keep a signed-in caller's answer in a cache.
/// Over TLS, browsers are told to keep to it.
///
/// A `HEAD` request is served as the `GET` it asks about; the connection
/// sends the head of that answer without its body.
async fn security_headers(
    mut request: ServiceRequest,
    next: Next<impl MessageBody>,
) -> Result<ServiceResponse<impl MessageBody>, actix_web::Error> {
    if request.method() == actix_web::http::Method::HEAD {
        request.head_mut().method = actix_web::http::Method::GET;
    }
    let signed_in = request.headers().contains_key(header::AUTHORIZATION);
    let tls = request.connection_info().scheme() == "https";
    // The middleware inside answers its refusals as responses, never as
    // errors, so that every answer passes through here.
    let mut response = next.call(request).await?;
    let headers = response.headers_mut();
    let fixed = [
        (header::X_CONTENT_TYPE_OPTIONS, "nosniff"),
        (header::X_FRAME_OPTIONS, "DENY"),
        (header::REFERRER_POLICY, "same-origin"),
        (header::CROSS_ORIGIN_OPENER_POLICY, "same-origin"),
    ];
    for (name, value) in fixed {
        headers.insert(name, HeaderValue::from_static(value));
    }
    if !headers.contains_key(header::CONTENT_SECURITY_POLICY) {
        headers.insert(
            header::CONTENT_SECURITY_POLICY,
            HeaderValue::from_static(API_CONTENT_SECURITY_POLICY),
        );
    }
    if signed_in {
        headers.insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    }
    if tls {
        headers.insert(
            header::STRICT_TRANSPORT_SECURITY,
            HeaderValue::from_static("max-age=31536000; includeSubDomains"),
        );
    }
    Ok(response)
}

/// The policy of every answer that shows nothing: load nothing, be framed nowhere.
pub const API_CONTENT_SECURITY_POLICY: &str = "default-src 'none'; frame-ancestors 'none'";

/// The routes under `/api/v1`. A request is matched against the routes in
/// the order they are given here, each path pattern with parameters tried in
/// turn, so the judges' routes come first, in a scope of their own.
pub fn api_v1(cfg: &mut web::ServiceConfig) {
    cfg.service(web::scope("/judging").configure(crate::judging::configure_judges));
    crate::auth::configure(cfg);
    crate::users::configure(cfg);
    crate::regions::configure(cfg);
    crate::organisations::configure(cfg);
    crate::audit::configure(cfg);
    crate::editions::configure(cfg);
    crate::categories::configure(cfg);
    crate::entries::configure(cfg);
    crate::judging::configure(cfg);
    crate::results::configure(cfg);
    crate::mail::configure(cfg);
}

pub struct Application {
    server: Server,
    port: u16,
    backend: Backend,
    /// Sends queued email while the server runs; none without an SMTP server.
    mail: Option<crate::mail::Sender>,
}

impl Application {
    /// Opens the database, applies migrations, loads regions when the table is
    /// empty, and binds the listener (port 0 picks a free port).
    pub async fn build(settings: Settings) -> Result<Application, StartupError> {
        let settings = Arc::new(settings);
        let backend = Backend::of_url(&settings.database.url);
        let pool = {
            let settings = Arc::clone(&settings);
            tokio::task::spawn_blocking(move || prepare_database(&settings))
                .await
                .map_err(|e| StartupError::Other(e.to_string()))??
        };
        let passwords = Arc::new(
            Passwords::new(&settings.auth).map_err(|e| StartupError::Other(e.to_string()))?,
        );
        let scoresheet_saves = match backend {
            Backend::Postgres => Some(Arc::new(
                crate::judging::SaveQueue::start(pool.clone())
                    .map_err(|e| StartupError::Other(e.to_string()))?,
            )),
            Backend::Sqlite => None,
        };
        let db = Db::new(pool);
        let mail =
            crate::mail::Sender::new(db.clone(), &settings.mail).map_err(StartupError::Other)?;
        if mail.is_none() {
            tracing::info!(
                "no SMTP server set (mail.smtp_url): outgoing email is queued, not sent"
            );
        }
        let state = web::Data::new(AppState {
            db,
            scoresheet_saves,
            tokens: Arc::new(Tokens::new(&settings.auth)),
            passwords,
            files: Arc::new(crate::entries::files::FolderStore::new(
                settings.files.dir.clone(),
            )),
            settings: Arc::clone(&settings),
        });
        let address = format!("{}:{}", settings.server.host, settings.server.port);
        let listener = TcpListener::bind(&address).map_err(|source| StartupError::Listen {
            address: address.clone(),
            source,
        })?;
        let port = listener
            .local_addr()
            .map_err(|e| StartupError::Other(e.to_string()))?
            .port();
        let json_limit = settings.server.json_limit;
        let mut server = HttpServer::new(move || {
            App::new()
                .app_data(state.clone())
                .app_data(
                    web::JsonConfig::default()
                        .limit(json_limit)
                        .error_handler(json_error),
                )
                .app_data(web::QueryConfig::default().error_handler(query_error))
                .app_data(web::PathConfig::default().error_handler(path_error))
                .wrap(from_fn(crate::input::refuse_forbidden_text))
                .wrap(ErrorHandlers::new().default_handler(problem_for_bare_errors))
                .wrap(from_fn(request_id_header))
                .wrap(from_fn(security_headers))
                .wrap(TracingLogger::default())
                .configure(crate::health::configure)
                .service(web::scope("/api/v1").configure(api_v1))
                .default_service(web::to(not_found))
        })
        .listen(listener)
        .map_err(|source| StartupError::Listen { address, source })?;
        if settings.server.workers > 0 {
            server = server.workers(settings.server.workers);
        }
        Ok(Application {
            server: server.run(),
            port,
            backend,
            mail,
        })
    }

    pub fn port(&self) -> u16 {
        self.port
    }

    pub fn backend(&self) -> Backend {
        self.backend
    }

    /// Serves, and sends queued email, until the server is stopped.
    pub async fn run_until_stopped(self) -> std::io::Result<()> {
        let sender = self.mail.map(|sender| tokio::spawn(sender.run()));
        let served = self.server.await;
        if let Some(sender) = sender {
            sender.abort();
        }
        served
    }
}

fn prepare_database(settings: &Settings) -> Result<db::DbPool, StartupError> {
    let pool = db::connect(&settings.database)?;
    let mut conn = pool.get().map_err(|e| db::DbSetupError(e.to_string()))?;
    let applied = db::migrate(&mut conn)?;
    if applied > 0 {
        tracing::info!(applied, "applied database migrations");
    }
    if settings.regions.import_when_empty {
        let count = crate::regions::store::count(&mut conn)
            .map_err(|e| StartupError::Other(e.to_string()))?;
        if count == 0 {
            let source = RegionSource::dir_or_embedded(&settings.regions.dir);
            tracing::info!(%source, "region table is empty: importing regions");
            let imported = crate::regions::import::import_regions(
                &mut conn,
                &source,
                &indicatif::ProgressBar::hidden(),
            );
            match imported {
                Ok(report) => tracing::info!(inserted = report.inserted, "regions imported"),
                Err(error) => {
                    // Another instance starting at the same time may have loaded them.
                    let now_loaded = crate::regions::store::count(&mut conn).unwrap_or(0) > 0;
                    if !now_loaded {
                        return Err(StartupError::Other(format!(
                            "the region table is empty and loading it from {source} failed: {error}"
                        )));
                    }
                    tracing::warn!(%error, "region import at start-up failed, but another instance loaded them");
                }
            }
        }
    }
    Ok(pool)
}
