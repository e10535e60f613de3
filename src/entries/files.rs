//! Evidence files: uploaded to an entry (optionally to one indicator), typed
//! by their content, stored by SHA-256 and flushed to disk before the row
//! that names them commits.

use actix_multipart::Multipart;
use actix_web::http::header;
use actix_web::{HttpResponse, web};
use diesel::prelude::*;
use futures_util::StreamExt;
use serde::Serialize;
use utoipa::ToSchema;

use crate::audit::{self, Change};
use crate::auth::Caller;
use crate::db::{DbConnection, now, schema::evidence_files};
use crate::error::{ApiError, Msg, Problem};
use crate::messages::Said;
use crate::state::AppState;

/// The kinds of evidence accepted, decided by content.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    Pdf,
    Png,
    Jpeg,
    Xlsx,
    Docx,
    Csv,
}

impl Kind {
    pub fn media_type(self) -> &'static str {
        match self {
            Kind::Pdf => "application/pdf",
            Kind::Png => "image/png",
            Kind::Jpeg => "image/jpeg",
            Kind::Xlsx => "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
            Kind::Docx => "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
            Kind::Csv => "text/csv",
        }
    }

    pub fn label(self) -> &'static str {
        match self {
            Kind::Pdf => "PDF",
            Kind::Png => "PNG",
            Kind::Jpeg => "JPEG",
            Kind::Xlsx => "XLSX",
            Kind::Docx => "DOCX",
            Kind::Csv => "CSV",
        }
    }

    /// What a file name's extension claims.
    pub fn from_name(name: &str) -> Option<Kind> {
        let extension = name.rsplit_once('.')?.1.to_ascii_lowercase();
        match extension.as_str() {
            "pdf" => Some(Kind::Pdf),
            "png" => Some(Kind::Png),
            "jpg" | "jpeg" => Some(Kind::Jpeg),
            "xlsx" => Some(Kind::Xlsx),
            "docx" => Some(Kind::Docx),
            "csv" => Some(Kind::Csv),
            _ => None,
        }
    }

    /// What the bytes are.
    pub fn detect(bytes: &[u8]) -> Option<Kind> {
        if let Some(found) = infer::get(bytes) {
            return match found.mime_type() {
                "application/pdf" => Some(Kind::Pdf),
                "image/png" => Some(Kind::Png),
                "image/jpeg" => Some(Kind::Jpeg),
                "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet" => {
                    Some(Kind::Xlsx)
                }
                "application/vnd.openxmlformats-officedocument.wordprocessingml.document" => {
                    Some(Kind::Docx)
                }
                _ => None,
            };
        }
        looks_like_csv(bytes).then_some(Kind::Csv)
    }
}

/// A table in text: UTF-8 without control characters, not markup, with a
/// header of at least two columns separated by commas or (as spreadsheets
/// set to Indonesian write them) semicolons, and every row as wide as the
/// header. A single column of text is not a table: an SVG or a note would
/// pass as one.
fn looks_like_csv(bytes: &[u8]) -> bool {
    let Ok(text) = std::str::from_utf8(bytes) else {
        return false;
    };
    let text = text.trim_start_matches('\u{FEFF}');
    if text.trim().is_empty()
        || text.trim_start().starts_with('<')
        || crate::input::has_forbidden(text)
    {
        return false;
    }
    let header = text.lines().next().unwrap_or_default();
    let delimiter = if header.matches(';').count() > header.matches(',').count() {
        b';'
    } else {
        b','
    };
    let mut reader = csv::ReaderBuilder::new()
        .has_headers(false)
        .delimiter(delimiter)
        .from_reader(text.as_bytes());
    let mut width = None;
    for record in reader.records() {
        let Ok(record) = record else {
            return false;
        };
        if *width.get_or_insert(record.len()) != record.len() {
            return false;
        }
    }
    width.is_some_and(|width| width >= 2)
}

#[derive(Debug, Clone, Serialize, Queryable, Selectable, ToSchema)]
#[diesel(table_name = evidence_files)]
pub struct EvidenceFile {
    pub id: String,
    pub entry_id: String,
    /// The indicator this file supports, if any.
    pub indicator_key: Option<String>,
    pub file_name: String,
    /// Decided from the content.
    pub media_type: String,
    pub size_bytes: i64,
    pub sha256: String,
    pub uploaded_by: Option<String>,
    #[serde(serialize_with = "crate::instant::utc")]
    pub uploaded_at: chrono::NaiveDateTime,
}

/// Indicator keys that have at least one file (for required documents).
pub fn indicator_keys_with_files(
    conn: &mut DbConnection,
    entry_id: &str,
) -> Result<Vec<String>, ApiError> {
    Ok(evidence_files::table
        .filter(evidence_files::entry_id.eq(entry_id))
        .filter(evidence_files::indicator_key.is_not_null())
        .select(evidence_files::indicator_key.assume_not_null())
        .distinct()
        .load(conn)?)
}

pub fn configure(cfg: &mut web::ServiceConfig) {
    use crate::http::resource;
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
}

fn file_not_found() -> ApiError {
    ApiError::not_found("Berkas", "File")
}

/// The upload's form, as documented: the parts [`read_upload`] reads.
#[derive(ToSchema)]
#[allow(dead_code)]
pub struct UploadForm {
    /// The document: PDF, PNG, JPEG, XLSX, DOCX or CSV, decided by its content.
    #[schema(value_type = String, format = Binary)]
    file: Vec<u8>,
    /// The indicator of the category's form this file supports (a document field).
    indicator_key: Option<String>,
}

/// The upload as received: one `file` part and an optional `indicator_key`.
struct Upload {
    name: String,
    bytes: Vec<u8>,
    indicator_key: Option<String>,
}

async fn read_upload(mut payload: Multipart, limit: usize) -> Result<Upload, ApiError> {
    let mut upload = Upload {
        name: String::new(),
        bytes: Vec::new(),
        indicator_key: None,
    };
    let mut got_file = false;
    while let Some(part) = payload.next().await {
        let mut part = part.map_err(|e| {
            ApiError::BadRequest(Msg::new(
                format!("Unggahan tidak terbaca: {e}."),
                format!("The upload could not be read: {e}."),
            ))
        })?;
        let field = part.name().unwrap_or_default().to_owned();
        let file_name = part
            .content_disposition()
            .and_then(|cd| cd.get_filename())
            .map(str::to_owned);
        let mut bytes = Vec::new();
        while let Some(chunk) = part.next().await {
            let chunk = chunk.map_err(|e| {
                ApiError::BadRequest(Msg::new(
                    format!("Unggahan terputus: {e}."),
                    format!("The upload broke off: {e}."),
                ))
            })?;
            if bytes.len() + chunk.len() > limit {
                return Err(ApiError::PayloadTooLarge);
            }
            bytes.extend_from_slice(&chunk);
        }
        match field.as_str() {
            "file" => {
                got_file = true;
                upload.name = file_name.unwrap_or_default();
                upload.bytes = bytes;
            }
            "indicator_key" => {
                let key = String::from_utf8_lossy(&bytes).trim().to_owned();
                upload.indicator_key = (!key.is_empty()).then_some(key);
            }
            _ => {}
        }
    }
    if !got_file || upload.bytes.is_empty() {
        return Err(ApiError::field(
            "file",
            "required",
            Msg::new(
                "Lampirkan berkas pada bagian `file`.",
                "Attach the file in the `file` part.",
            ),
        ));
    }
    Ok(upload)
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
    // Check access before reading the body, so strangers cannot make us store anything.
    {
        let caller = caller.clone();
        let entry_id = entry_id.clone();
        state
            .db
            .run(move |conn| super::access::may_change_files(conn, &caller, &entry_id, false))
            .await?;
    }
    let upload = read_upload(payload, state.settings.files.max_upload_bytes).await?;
    // A name with a direction override ("laporan\u{202E}fdp.exe") reads as
    // another file than it is.
    if crate::input::has_forbidden(&upload.name) {
        return Err(crate::input::refusal("file"));
    }
    let kind = Kind::detect(&upload.bytes).ok_or_else(|| {
        ApiError::UnsupportedFile(Msg::new(
            "Jenis berkas tidak didukung; unggah PDF, PNG, JPEG, XLSX, DOCX atau CSV.",
            "Unsupported file type; upload PDF, PNG, JPEG, XLSX, DOCX or CSV.",
        ))
    })?;
    if let Some(claimed) = Kind::from_name(&upload.name).filter(|claimed| *claimed != kind) {
        return Err(ApiError::UnsupportedFile(Msg::new(
            format!(
                "Nama berkas menyatakan {}, tetapi isinya {}.",
                claimed.label(),
                kind.label()
            ),
            format!(
                "The file name says {}, but the content is {}.",
                claimed.label(),
                kind.label()
            ),
        )));
    }
    let files = state.files.clone();
    let bytes = upload.bytes;
    let size = i64::try_from(bytes.len()).unwrap_or(i64::MAX);
    let sha256 = web::block(move || files.put(&bytes))
        .await?
        .map_err(|e| ApiError::Internal(format!("storing evidence: {e}")))?;
    let name = sanitise_name(&upload.name, kind);
    let indicator_key = upload.indicator_key;
    let stored = state
        .db
        .write(move |conn| {
            let (entry, form) = super::access::may_change_files(conn, &caller, &entry_id, false)?;
            if let Some(key) = &indicator_key
                && !form.iter().any(|f| &f.key == key)
            {
                return Err(ApiError::field(
                    "indicator_key",
                    "unknown_indicator",
                    Said::IndicatorNotInForm.msg(),
                ));
            }
            let id = crate::users::store::new_id();
            diesel::insert_into(evidence_files::table)
                .values((
                    evidence_files::id.eq(&id),
                    evidence_files::entry_id.eq(&entry.id),
                    evidence_files::indicator_key.eq(&indicator_key),
                    evidence_files::file_name.eq(&name),
                    evidence_files::media_type.eq(kind.media_type()),
                    evidence_files::size_bytes.eq(size),
                    evidence_files::sha256.eq(&sha256),
                    evidence_files::uploaded_by.eq(&caller.user_id),
                    evidence_files::uploaded_at.eq(now()),
                ))
                .execute(conn)?;
            let stored: EvidenceFile = evidence_files::table
                .find(&id)
                .select(EvidenceFile::as_select())
                .first(conn)?;
            audit::record(
                conn,
                &caller.actor(),
                Change {
                    action: "entry.file_upload",
                    object_type: "entry",
                    object_id: &entry.id,
                    province_code: Some(&entry.province_code),
                    before: None,
                    after: audit::snapshot(&stored),
                },
            )?;
            Ok(stored)
        })
        .await?;
    Ok(HttpResponse::Created()
        .insert_header((
            "Location",
            format!("/api/v1/entries/{}/files/{}", stored.entry_id, stored.id),
        ))
        .json(stored))
}

/// A safe display name: the original without folders or control characters.
fn sanitise_name(name: &str, kind: Kind) -> String {
    let base = name.rsplit(['/', '\\']).next().unwrap_or_default();
    let clean: String = base
        .chars()
        .filter(|c| !c.is_control() && *c != '"')
        .take(200)
        .collect();
    if clean.trim().is_empty() {
        format!("bukti.{}", kind.label().to_lowercase())
    } else {
        clean
    }
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
    let entry_id = id.into_inner();
    let files = state
        .db
        .run(move |conn| {
            super::access::may_read(conn, &caller, &entry_id)?;
            Ok(evidence_files::table
                .filter(evidence_files::entry_id.eq(&entry_id))
                .select(EvidenceFile::as_select())
                .order(evidence_files::uploaded_at)
                .load::<EvidenceFile>(conn)?)
        })
        .await?;
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
    let file = state
        .db
        .run(move |conn| {
            super::access::may_read(conn, &caller, &entry_id)?;
            evidence_files::table
                .filter(evidence_files::entry_id.eq(&entry_id))
                .filter(evidence_files::id.eq(&file_id))
                .select(EvidenceFile::as_select())
                .first::<EvidenceFile>(conn)
                .optional()?
                .ok_or_else(file_not_found)
        })
        .await?;
    let files = state.files.clone();
    let sha256 = file.sha256.clone();
    let bytes = web::block(move || files.get(&sha256))
        .await?
        .map_err(|e| ApiError::Internal(format!("reading evidence {}: {e}", file.sha256)))?;
    Ok(HttpResponse::Ok()
        .insert_header((header::CONTENT_TYPE, file.media_type.clone()))
        .insert_header((
            header::CONTENT_DISPOSITION,
            format!("attachment; filename=\"{}\"", file.file_name),
        ))
        .insert_header(("X-Content-Type-Options", "nosniff"))
        .body(bytes))
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
    state
        .db
        .write(move |conn| {
            let (entry, _) = super::access::may_change_files(conn, &caller, &entry_id, true)?;
            let file = evidence_files::table
                .filter(evidence_files::entry_id.eq(&entry_id))
                .filter(evidence_files::id.eq(&file_id))
                .select(EvidenceFile::as_select())
                .first::<EvidenceFile>(conn)
                .optional()?
                .ok_or_else(file_not_found)?;
            diesel::delete(evidence_files::table.find(&file_id)).execute(conn)?;
            audit::record(
                conn,
                &caller.actor(),
                Change {
                    action: "entry.file_delete",
                    object_type: "entry",
                    object_id: &entry.id,
                    province_code: Some(&entry.province_code),
                    before: audit::snapshot(&file),
                    after: None,
                },
            )
        })
        .await?;
    Ok(HttpResponse::NoContent().finish())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn content_decides_the_kind() {
        assert_eq!(Kind::detect(b"%PDF-1.7\n1 0 obj\n"), Some(Kind::Pdf));
        assert_eq!(
            Kind::detect(&[0x89, b'P', b'N', b'G', 0x0D, 0x0A, 0x1A, 0x0A, 0, 0, 0, 0]),
            Some(Kind::Png)
        );
        assert_eq!(
            Kind::detect(b"kode,nama\n33.74,Kota Semarang\n"),
            Some(Kind::Csv)
        );
        assert_eq!(Kind::detect(b"MZ\x90\x00\x03\x00\x00\x00"), None);
        assert_eq!(Kind::from_name("Perda 2024.PDF"), Some(Kind::Pdf));
        assert_eq!(Kind::from_name("foto.jpg"), Some(Kind::Jpeg));
        assert_eq!(Kind::from_name("tanpa-ekstensi"), None);
    }

    #[test]
    fn only_a_table_is_csv() {
        for table in [
            &b"kode;jumlah\n33.74;1.250.000\n"[..],
            b"\xEF\xBB\xBFkode,nama\r\n33.74,\"Semarang, Kota\"\r\n",
        ] {
            assert_eq!(Kind::detect(table), Some(Kind::Csv), "{table:?}");
        }
        for not_a_table in [
            &b"<svg xmlns=\"http://www.w3.org/2000/svg\"><script>alert(1)</script></svg>"[..],
            b"<html><body>a,b</body></html>",
            b"just one column\nof text\n",
            b"a,b\n1,2,3\n",
            b"a,b\n1,\x002\n",
        ] {
            assert_eq!(Kind::detect(not_a_table), None, "{not_a_table:?}");
        }
    }

    #[test]
    fn display_names_lose_folders() {
        assert_eq!(
            sanitise_name("C:\\\\Users\\\\x\\\\perda.pdf", Kind::Pdf),
            "perda.pdf"
        );
        assert_eq!(sanitise_name("", Kind::Png), "bukti.png");
    }
}
