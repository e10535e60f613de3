//! An upload as it arrives: a multipart body read part by part, each part
//! bounded by the size limit so that an oversized file is refused before
//! it is held in full. The API's upload and the entry page's both read
//! their bodies here.

use actix_multipart::Multipart;
use futures_util::StreamExt;

use super::Upload;
use crate::error::{ApiError, Msg};

/// A multipart body: its files by the name they came with, and its other
/// fields as text.
#[derive(Default)]
pub struct Received {
    /// `(field, file name, bytes)` of each part that carried a file.
    pub files: Vec<(String, String, Vec<u8>)>,
    pub fields: Vec<(String, String)>,
}

impl Received {
    /// A text field's value, empty when it was not sent.
    pub fn field(&self, name: &str) -> &str {
        self.fields
            .iter()
            .find(|(k, _)| k == name)
            .map_or("", |(_, v)| v.trim())
    }

    /// The files sent under `name`, empty ones left out (a form sent with
    /// no file chosen).
    pub fn files_named(self, name: &str) -> Vec<(String, Vec<u8>)> {
        self.files
            .into_iter()
            .filter(|(field, _, bytes)| field == name && !bytes.is_empty())
            .map(|(_, file_name, bytes)| (file_name, bytes))
            .collect()
    }

    /// The API's upload: the `file` part and an optional `indicator_key`.
    pub fn upload(self) -> Result<Upload, ApiError> {
        let key = self.field("indicator_key").to_owned();
        let indicator_key = (!key.is_empty()).then_some(key);
        let Some((name, bytes)) = self.files_named("file").into_iter().next() else {
            return Err(ApiError::field(
                "file",
                "required",
                Msg::said("evidence-file-part-missing"),
            ));
        };
        Ok(Upload {
            name,
            bytes,
            indicator_key,
        })
    }
}

/// Reads every part of the body; a part of more than `limit` bytes is
/// refused as soon as it passes the limit.
pub async fn read(mut payload: Multipart, limit: usize) -> Result<Received, ApiError> {
    let mut received = Received::default();
    while let Some(part) = payload.next().await {
        let mut part = part.map_err(|e| {
            ApiError::BadRequest(Msg::with(
                "evidence-upload-unreadable",
                &[("cause", e.into())],
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
                ApiError::BadRequest(Msg::with("evidence-upload-broken", &[("cause", e.into())]))
            })?;
            if bytes.len() + chunk.len() > limit {
                return Err(ApiError::PayloadTooLarge);
            }
            bytes.extend_from_slice(&chunk);
        }
        // The API's `file` part is a file even when no name came with it.
        match file_name.or_else(|| (field == "file").then(String::new)) {
            Some(file_name) => received.files.push((field, file_name, bytes)),
            None => received
                .fields
                .push((field, String::from_utf8_lossy(&bytes).into_owned())),
        }
    }
    Ok(received)
}
