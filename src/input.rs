//! The characters the service accepts in text a client sends.
//!
//! Control characters (NUL above all, which PostgreSQL cannot store in text
//! and SQLite stores silently) and the bidirectional overrides that make a
//! name or a file name read differently from what it is have no place in an
//! award's records. They are refused the same way on both databases, before
//! any handler runs: in the address (404, as for any id that does not
//! exist), in query parameters and in JSON bodies (422 naming the field).
//! Tab, line feed and carriage return stay allowed: comments have lines.

use actix_web::HttpMessage;
use actix_web::body::MessageBody;
use actix_web::dev::{ServiceRequest, ServiceResponse};
use actix_web::middleware::Next;
use actix_web::web::{Bytes, BytesMut};
use futures_util::StreamExt;
use serde_json::Value;

use crate::error::{ApiError, Msg};
use crate::messages::Said;

/// True for a character no text of ours may hold.
pub fn is_forbidden(c: char) -> bool {
    (c.is_control() && !matches!(c, '\t' | '\n' | '\r'))
        || matches!(c, '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}')
}

/// True when `text` holds a forbidden character.
pub fn has_forbidden(text: &str) -> bool {
    text.chars().any(is_forbidden)
}

/// A reason the caller must give (it is recorded), trimmed; an empty one is
/// refused on the `reason` field with `missing`.
pub fn reason(text: &str, missing: crate::messages::Said) -> Result<String, ApiError> {
    let reason = text.trim();
    if reason.is_empty() {
        return Err(ApiError::field("reason", "required", missing.msg()));
    }
    Ok(reason.to_owned())
}

/// The refusal for a field holding a forbidden character.
pub fn refusal(field: &str) -> ApiError {
    ApiError::field(
        field,
        "forbidden_character",
        Msg::said("text-control-character"),
    )
}

/// Where in a JSON document the first forbidden character lies, written as
/// our field errors name fields (`stages[0].name_id`); `body` for the top.
pub fn forbidden_in_json(value: &Value) -> Option<String> {
    fn walk(value: &Value, at: &str) -> Option<String> {
        let here = |key: &str| {
            if at.is_empty() {
                key.to_owned()
            } else {
                format!("{at}.{key}")
            }
        };
        match value {
            Value::String(text) if has_forbidden(text) => Some(if at.is_empty() {
                "body".into()
            } else {
                at.into()
            }),
            Value::Array(items) => items
                .iter()
                .enumerate()
                .find_map(|(i, item)| walk(item, &format!("{at}[{i}]"))),
            Value::Object(fields) => fields.iter().find_map(|(key, item)| {
                if has_forbidden(key) {
                    Some(if at.is_empty() {
                        "body".into()
                    } else {
                        at.into()
                    })
                } else {
                    walk(item, &here(key))
                }
            }),
            _ => None,
        }
    }
    walk(value, "")
}

/// The first field of a JSON body holding a forbidden character. Bodies
/// without escapes or unusual characters (nearly all) are passed on a scan;
/// only the rest are parsed. A body that is not JSON is left to the handler's
/// own answer.
fn forbidden_in_body(body: &[u8]) -> Option<String> {
    let text = std::str::from_utf8(body).ok()?;
    if !text.contains("\\u") && !has_forbidden(text) {
        return None;
    }
    forbidden_in_json(&serde_json::from_str(text).ok()?)
}

/// A body the JSON extractor reads: any `*/json` or `*/*+json`, as it decides.
pub fn is_json(request: &impl HttpMessage) -> bool {
    use actix_web::mime::JSON;
    request
        .mime_type()
        .ok()
        .flatten()
        .is_some_and(|mime| mime.subtype() == JSON || mime.suffix() == Some(JSON))
}

/// The largest JSON body the server reads, as the application sets it.
#[derive(Debug, Clone, Copy)]
pub struct JsonLimit(pub usize);

/// Refuses forbidden characters in the address, the query and JSON bodies.
pub async fn refuse_forbidden_text(
    mut request: ServiceRequest,
    next: Next<impl MessageBody + 'static>,
) -> Result<ServiceResponse<impl MessageBody>, actix_web::Error> {
    match check_request(&mut request).await {
        Ok(()) => Ok(next.call(request).await?.map_into_left_body()),
        Err(error) => Ok(request.error_response(error).map_into_right_body()),
    }
}

async fn check_request(request: &mut ServiceRequest) -> Result<(), actix_web::Error> {
    let path = percent_encoding::percent_decode_str(request.path()).decode_utf8_lossy();
    if has_forbidden(&path) {
        return Err(ApiError::NotFound(Said::NothingHere.msg()).into());
    }
    for (key, value) in form_urlencoded::parse(request.query_string().as_bytes()) {
        if has_forbidden(&key) || has_forbidden(&value) {
            let field = if has_forbidden(&key) { "query" } else { &key };
            return Err(refusal(field).into());
        }
    }
    if is_json(&*request) {
        let limit = request
            .app_data::<JsonLimit>()
            .map_or(usize::MAX, |limit| limit.0);
        let mut payload = request.take_payload();
        let mut body = BytesMut::new();
        while let Some(chunk) = payload.next().await {
            let chunk = chunk?;
            if body.len() + chunk.len() > limit {
                return Err(ApiError::PayloadTooLarge.into());
            }
            body.extend_from_slice(&chunk);
        }
        let body: Bytes = body.freeze();
        if let Some(field) = forbidden_in_body(&body) {
            return Err(refusal(&field).into());
        }
        request.set_payload(actix_web::dev::Payload::from(body));
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn controls_and_overrides_are_forbidden_but_lines_are_not() {
        for c in [
            '\0', '\u{7}', '\u{1b}', '\u{7f}', '\u{85}', '\u{202E}', '\u{2066}',
        ] {
            assert!(is_forbidden(c), "{c:?}");
        }
        for c in ['\t', '\n', '\r', 'a', 'é', '\u{200E}', '—'] {
            assert!(!is_forbidden(c), "{c:?}");
        }
    }

    #[test]
    fn the_field_holding_the_character_is_named() {
        let body = br#"{"stages":[{"key":"data","name_id":"Da\u0000ta"}]}"#;
        assert_eq!(
            forbidden_in_body(body).as_deref(),
            Some("stages[0].name_id")
        );
        let body = "{\"scores\":{\"a\":{\"comment\":\"baik\u{202E}txt.exe\"}}}";
        assert_eq!(
            forbidden_in_body(body.as_bytes()).as_deref(),
            Some("scores.a.comment")
        );
        assert_eq!(forbidden_in_body(br#""\u0000""#).as_deref(), Some("body"));
    }

    #[test]
    fn ordinary_bodies_pass() {
        for body in [
            r#"{"comment":"Baris satu\nbaris dua\t✓"}"#,
            r#"{"name":"Caf\u00e9"}"#,
            "not json at all \u{0}",
        ] {
            assert_eq!(forbidden_in_body(body.as_bytes()), None, "{body}");
        }
    }
}
