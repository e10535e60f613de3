//! An entry's evidence on its page: upload one file or several at once
//! (each for a document field of the form, or for the entry as a whole),
//! view, and remove while the entry may change. With JavaScript, `entry.js`
//! sends each file on its own with a progress bar, after checking its size
//! against the server's limit, and reads the answer in JSON; without it,
//! the form posts and the page comes back. Both call `entries::evidence`,
//! as the API does.

use actix_multipart::Multipart;
use actix_web::http::{StatusCode, header};
use actix_web::{HttpRequest, web};
use serde::Serialize;

use super::form::{Refusal, entry_page, read_entry};
use crate::entries::evidence::{self, Upload, received};
use crate::error::ApiError;
use crate::web::autosave::field;
use crate::web::format;
use crate::web::page::{Flash, PageResult, Visitor};

/// The file input's name.
pub const FILES: &str = "berkas";

/// What the page's script is told about one file sent.
#[derive(Serialize)]
struct Sent {
    /// `stored` or `refused`.
    outcome: &'static str,
    #[serde(skip_serializing_if = "Option::is_none")]
    id: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    name: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    size: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    message: Option<String>,
}

fn wants_json(req: &HttpRequest) -> bool {
    req.headers()
        .get(header::ACCEPT)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|accept| accept.starts_with("application/json"))
}

/// What an upload's refusal says on the page: the accepted types, or the
/// limit, in the reader's language.
fn refusal_text(v: &Visitor, error: &ApiError) -> String {
    match error {
        ApiError::PayloadTooLarge => v.text_with(
            "evidence-too-large",
            &[("max", format::size(v.lang, max_bytes(v) as i64))],
        ),
        other => v.said(other),
    }
}

fn max_bytes(v: &Visitor) -> usize {
    v.state().settings.files.max_upload_bytes
}

/// Receives the files of the upload form: the entrant's own, while the
/// entry may change. Every file is stored or refused on its own.
pub async fn upload(
    v: Visitor,
    req: HttpRequest,
    id: web::Path<String>,
    payload: Multipart,
) -> PageResult {
    let json = wants_json(&req);
    let caller = v.require_caller()?.clone();
    let id = id.into_inner();
    // Asked before the body is read: strangers cannot make us store anything.
    if let Err(error) = evidence::may_upload(v.state(), &caller, &id).await {
        return refused(&v, json, &id, error).await;
    }
    let received = match received::read(payload, max_bytes(&v)).await {
        Ok(received) => received,
        Err(error) => return refused(&v, json, &id, error).await,
    };
    v.check_form(received.field("csrf"))?;
    let indicator_key = Some(received.field("untuk").to_owned()).filter(|k| !k.is_empty());
    let files = received.files_named(FILES);
    if files.is_empty() {
        return refused(
            &v,
            json,
            &id,
            ApiError::field(
                FILES,
                "required",
                crate::error::Msg::said("evidence-file-part-missing"),
            ),
        )
        .await;
    }
    let mut stored = Vec::new();
    for (name, bytes) in files {
        let upload = Upload {
            name,
            bytes,
            indicator_key: indicator_key.clone(),
        };
        match evidence::upload(v.state(), caller.clone(), id.clone(), upload).await {
            Ok(file) => stored.push(file),
            Err(error) => return refused(&v, json, &id, error).await,
        }
    }
    if json {
        let file = stored.pop();
        return Ok(v.json(
            StatusCode::CREATED,
            &Sent {
                outcome: "stored",
                id: file.as_ref().map(|f| f.id.clone()),
                size: file.as_ref().map(|f| format::size(v.lang, f.size_bytes)),
                name: file.map(|f| f.file_name),
                message: None,
            },
        ));
    }
    Ok(v.redirect(
        &format!("/entri/{id}#bukti"),
        Some(Flash::ok("flash-evidence-stored")),
    )
    .finish())
}

/// An upload refused: in JSON for the script, or the entry's page with the
/// reason at the top.
async fn refused(v: &Visitor, json: bool, id: &str, error: ApiError) -> PageResult {
    let status = actix_web::ResponseError::status_code(&error);
    let shown_on_page = matches!(
        error,
        ApiError::PayloadTooLarge
            | ApiError::UnsupportedFile(_)
            | ApiError::Validation(_)
            | ApiError::BadRequest(_)
            | ApiError::Conflict(_)
    );
    if json {
        if matches!(error, ApiError::Unauthenticated(_)) {
            return Ok(crate::web::autosave::signed_out(v));
        }
        return Ok(v.json(
            status,
            &Sent {
                outcome: "refused",
                id: None,
                name: None,
                size: None,
                message: Some(refusal_text(v, &error)),
            },
        ));
    }
    if !shown_on_page {
        return Err(v.fail(error));
    }
    let read = read_entry(v, id.to_owned()).await?;
    entry_page(
        v,
        status,
        &read,
        &Refusal {
            problem: Some(refusal_text(v, &error)),
            ..Refusal::default()
        },
    )
}

/// One of the entry's files, to whoever may read the entry.
pub async fn file(v: Visitor, path: web::Path<(String, String)>) -> PageResult {
    let caller = v.require_caller()?.clone();
    let (id, file_id) = path.into_inner();
    let download = evidence::download(v.state(), caller, id, file_id)
        .await
        .map_err(|e| v.fail(e))?;
    Ok(crate::web::evidence::respond(
        &download.file.file_name,
        &download.file.media_type,
        download.bytes,
    ))
}

/// Removes a file while the entry is a draft or returned for correction.
pub async fn remove(
    v: Visitor,
    path: web::Path<(String, String)>,
    form: web::Form<Vec<(String, String)>>,
) -> PageResult {
    let fields = form.into_inner();
    v.check_form(field(&fields, "csrf"))?;
    let caller = v.require_caller()?.clone();
    let (id, file_id) = path.into_inner();
    evidence::delete(v.state(), caller, id.clone(), file_id)
        .await
        .map_err(|e| v.fail(e))?;
    Ok(v.redirect(
        &format!("/entri/{id}#bukti"),
        Some(Flash::ok("flash-evidence-removed")),
    )
    .finish())
}
