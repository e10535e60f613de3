//! The static files of the pages (our styles, the vendored htmx, icons),
//! built into the binary and served under names that carry a hash of their
//! content: `vendor/htmx.min.js` is served as
//! `/static/vendor/htmx.min.<hash>.js`. A changed file gets a new name, so
//! every answer may be cached for a year; an old name is simply not found.

use std::collections::HashMap;
use std::sync::OnceLock;

use actix_web::http::header::{self, HeaderValue};
use actix_web::{HttpResponse, web};
use sha2::{Digest, Sha256};

use crate::error::ApiError;
use crate::messages::Said;

#[derive(rust_embed::Embed)]
#[folder = "assets/static/"]
#[exclude = "*.md"]
struct Files;

/// Where the static files are served.
pub const PREFIX: &str = "/static/";

/// Hex digits of the SHA-256 a served name carries: enough that two
/// versions of a file never share a name.
const HASH_DIGITS: usize = 12;

/// One file, ready to serve.
struct Asset {
    /// Shared, so that serving it copies nothing.
    bytes: web::Bytes,
    media_type: String,
}

struct Catalogue {
    /// Served name (with the hash) to the file.
    served: HashMap<String, Asset>,
    /// File name to its served name.
    names: HashMap<String, String>,
}

/// `dir/name.ext` with the hash before the last extension:
/// `dir/name.<hash>.ext`; a name without one gets it at the end.
fn hashed(name: &str, hash: &str) -> String {
    let file_start = name.rfind('/').map_or(0, |i| i + 1);
    match name[file_start..].rfind('.') {
        Some(dot) if dot > 0 => {
            let at = file_start + dot;
            format!("{}.{hash}{}", &name[..at], &name[at..])
        }
        _ => format!("{name}.{hash}"),
    }
}

fn catalogue() -> &'static Catalogue {
    static CATALOGUE: OnceLock<Catalogue> = OnceLock::new();
    CATALOGUE.get_or_init(|| {
        let mut served = HashMap::new();
        let mut names = HashMap::new();
        for name in Files::iter() {
            let Some(file) = Files::get(&name) else {
                continue;
            };
            let digest = hex::encode(Sha256::digest(&file.data));
            let served_name = hashed(&name, &digest[..HASH_DIGITS]);
            let media_type = match file.metadata.mimetype() {
                // Browsers run scripts only with a script media type; make
                // sure the guess says so with the charset the files use.
                "application/javascript" | "text/javascript" => {
                    "text/javascript; charset=utf-8".to_owned()
                }
                "text/css" => "text/css; charset=utf-8".to_owned(),
                other => other.to_owned(),
            };
            names.insert(name.to_string(), served_name.clone());
            served.insert(
                served_name,
                Asset {
                    bytes: web::Bytes::from(file.data.into_owned()),
                    media_type,
                },
            );
        }
        Catalogue { served, names }
    })
}

/// The address a page links to for a static file, e.g. `url("app.css")`;
/// `None` for a file the binary does not hold.
pub fn url(name: &str) -> Option<String> {
    catalogue()
        .names
        .get(name)
        .map(|served| format!("{PREFIX}{served}"))
}

pub fn configure(cfg: &mut web::ServiceConfig) {
    cfg.service(crate::http::resource(&format!("{PREFIX}{{name:.+}}")).route(web::get().to(serve)));
}

/// One static file by its served name, cached for a year (it never changes
/// under that name).
async fn serve(name: web::Path<String>) -> Result<HttpResponse, ApiError> {
    let asset = catalogue()
        .served
        .get(name.as_str())
        .ok_or_else(|| ApiError::NotFound(Said::NothingHere.msg()))?;
    let mut response = HttpResponse::Ok();
    response.insert_header((
        header::CACHE_CONTROL,
        HeaderValue::from_static("public, max-age=31536000, immutable"),
    ));
    response.insert_header((header::CONTENT_TYPE, asset.media_type.as_str()));
    Ok(response.body(asset.bytes.clone()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_hash_goes_before_the_last_extension() {
        assert_eq!(
            hashed("vendor/htmx.min.js", "0123456789ab"),
            "vendor/htmx.min.0123456789ab.js"
        );
        assert_eq!(hashed("app.css", "ab"), "app.ab.css");
        assert_eq!(hashed("vendor/LICENSE", "ab"), "vendor/LICENSE.ab");
        assert_eq!(hashed("dir.d/.hidden", "ab"), "dir.d/.hidden.ab");
    }

    #[test]
    fn every_file_is_served_under_its_content_hash() {
        let served = url("vendor/htmx.min.js").expect("htmx is built in");
        let file = Files::get("vendor/htmx.min.js").expect("htmx");
        let digest = hex::encode(Sha256::digest(&file.data));
        assert_eq!(
            served,
            format!("/static/vendor/htmx.min.{}.js", &digest[..HASH_DIGITS])
        );
        assert_eq!(url("README.md"), None);
        assert_eq!(url("vendor/README.md"), None);
        assert_eq!(url("no-such-file.css"), None);
    }
}
