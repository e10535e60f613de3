//! The HTTP helpers every door shares: resources that answer 405 as
//! problems, the problem answers for bodies, queries and paths that never
//! reach a handler, the optional JSON body, and the middleware that puts
//! the request id and the security headers on every answer.

use actix_web::body::MessageBody;
use actix_web::dev::{ServiceRequest, ServiceResponse};
use actix_web::error::{JsonPayloadError, PathError, QueryPayloadError};
use actix_web::http::header::{self, HeaderValue};
use actix_web::middleware::{ErrorHandlerResponse, Next};
use actix_web::{HttpMessage, HttpRequest, HttpResponse, ResponseError, web};
use tracing_actix_web::RequestId;

use crate::error::{ApiError, Msg, PROBLEM_JSON};
use crate::messages::Said;

/// A resource whose unsupported methods answer 405 problem+json.
pub fn resource(path: &str) -> actix_web::Resource {
    web::resource(path).default_service(web::to(method_not_allowed))
}

/// A file to save under its name: the media type decided when it was made
/// or uploaded, never sniffed by the browser. Names are made safe where
/// they are stored or built.
pub fn attachment(
    media_type: &str,
    file_name: &str,
    bytes: impl actix_web::body::MessageBody + 'static,
) -> HttpResponse {
    HttpResponse::Ok()
        .insert_header((header::CONTENT_TYPE, media_type.to_owned()))
        .insert_header((
            header::CONTENT_DISPOSITION,
            format!("attachment; filename=\"{file_name}\""),
        ))
        .insert_header((header::X_CONTENT_TYPE_OPTIONS, "nosniff"))
        .body(bytes)
}

async fn method_not_allowed() -> Result<HttpResponse, ApiError> {
    Err(ApiError::MethodNotAllowed)
}

pub(crate) async fn not_found() -> Result<HttpResponse, ApiError> {
    Err(ApiError::NotFound(Said::NothingHere.msg()))
}

pub(crate) fn json_error(error: JsonPayloadError, _: &HttpRequest) -> actix_web::Error {
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
                Msg::with("request-field-mismatch", &[("reason", text.into())]),
            )
        }
        JsonPayloadError::Deserialize(cause) => ApiError::BadRequest(Msg::with(
            "request-json-invalid",
            &[("cause", cause.into())],
        )),
        other => ApiError::BadRequest(Msg::with(
            "request-body-unreadable",
            &[("cause", other.into())],
        )),
    }
}

pub(crate) fn query_error(error: QueryPayloadError, _: &HttpRequest) -> actix_web::Error {
    ApiError::BadRequest(Msg::with(
        "request-query-invalid",
        &[("cause", error.into())],
    ))
    .into()
}

pub(crate) fn path_error(error: PathError, _: &HttpRequest) -> actix_web::Error {
    ApiError::NotFound(Msg::with(
        "request-path-invalid",
        &[("cause", error.into())],
    ))
    .into()
}

/// Any error answer that is not yet problem+json (from the framework itself)
/// becomes one, so clients only ever see one error format; the pages'
/// error pages, and the JSON answers to the pages' own scripts, stay as
/// they are.
pub(crate) fn problem_for_bare_errors<B>(
    response: ServiceResponse<B>,
) -> actix_web::Result<ErrorHandlerResponse<B>> {
    let is_answered = response
        .headers()
        .get(header::CONTENT_TYPE)
        .is_some_and(|value| {
            value.as_bytes().starts_with(PROBLEM_JSON.as_bytes())
                || value.as_bytes().starts_with(b"text/html")
                || value.as_bytes().starts_with(b"application/json")
        });
    if is_answered {
        return Ok(ErrorHandlerResponse::Response(
            response.map_into_left_body(),
        ));
    }
    let status = response.status();
    let api = match status.as_u16() {
        404 => ApiError::NotFound(Said::NothingHere.msg()),
        405 => ApiError::MethodNotAllowed,
        413 => ApiError::PayloadTooLarge,
        415 => ApiError::UnsupportedMediaType,
        code if code >= 500 => ApiError::Internal(format!("framework answered {status}")),
        _ => ApiError::BadRequest(Msg::said("request-not-processable")),
    };
    let (request, _) = response.into_parts();
    let replaced = ServiceResponse::new(request, api.error_response());
    Ok(ErrorHandlerResponse::Response(
        replaced.map_into_right_body(),
    ))
}

/// Echoes the request id on every response, so a user's report can be matched to the logs.
pub(crate) async fn request_id_header(
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
pub(crate) async fn security_headers(
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
        (header::REFERRER_POLICY, "same-origin"),
        (header::CROSS_ORIGIN_OPENER_POLICY, "same-origin"),
    ];
    for (name, value) in fixed {
        headers.insert(name, HeaderValue::from_static(value));
    }
    // Framed nowhere, unless the answer says otherwise (evidence shown
    // inside our own scoresheet).
    if !headers.contains_key(header::X_FRAME_OPTIONS) {
        headers.insert(header::X_FRAME_OPTIONS, HeaderValue::from_static("DENY"));
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
