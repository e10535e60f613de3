//! Every answer the API tests receive is checked against the OpenAPI
//! document the server serves: its status must be documented for the
//! operation, its media type too, and a JSON body must match the documented
//! schema. So the document cannot drift from what the server does without
//! a test failing.

use std::collections::HashMap;
use std::sync::{Arc, Mutex, OnceLock};

use reqwest::Method;
use serde_json::Value;

type Validators = Mutex<HashMap<String, Arc<jsonschema::Validator>>>;

fn document() -> &'static Value {
    paritrana::openapi::document()
}

/// The documented path template an address falls under, the one with the
/// most literal segments when several do.
fn template_of(path: &str) -> Option<&'static str> {
    let path = path.split('?').next().unwrap_or(path);
    let wanted: Vec<&str> = path.split('/').collect();
    document()["paths"]
        .as_object()?
        .keys()
        .filter_map(|template| {
            let parts: Vec<&str> = template.split('/').collect();
            let fits = parts.len() == wanted.len()
                && parts
                    .iter()
                    .zip(&wanted)
                    .all(|(t, w)| t.starts_with('{') || t == w);
            fits.then(|| {
                (
                    parts.iter().filter(|t| !t.starts_with('{')).count(),
                    template,
                )
            })
        })
        .max_by_key(|(literals, _)| *literals)
        .map(|(_, template)| template.as_str())
}

/// The documented answer for this request and status, or a panic naming
/// what is missing. None for an address or method the document does not
/// describe at all (an unknown route, a method it does not have).
fn documented_answer(
    method: &Method,
    path: &str,
    status: u16,
) -> Option<(&'static str, &'static Value)> {
    let template = template_of(path)?;
    let method = if *method == Method::HEAD {
        Method::GET
    } else {
        method.clone()
    };
    let operation = document()["paths"][template].get(method.as_str().to_ascii_lowercase())?;
    let responses = &operation["responses"];
    let answer = responses
        .get(status.to_string())
        .or_else(|| responses.get("default"))
        .unwrap_or_else(|| {
            panic!(
                "{method} {template} answered {status}, which the OpenAPI document does not list (it lists {:?})",
                responses.as_object().map(|r| r.keys().collect::<Vec<_>>())
            )
        });
    Some((template, answer))
}

fn media_type(content_type: Option<&str>) -> Option<String> {
    content_type.map(|value| {
        value
            .split(';')
            .next()
            .unwrap_or(value)
            .trim()
            .to_ascii_lowercase()
    })
}

/// Checks the status and media type of an answer.
pub fn check_head(method: &Method, path: &str, status: u16, content_type: Option<&str>) {
    let Some((template, answer)) = documented_answer(method, path, status) else {
        return;
    };
    let Some(media) = media_type(content_type) else {
        return;
    };
    let content = answer.get("content").and_then(Value::as_object);
    let listed = content.is_some_and(|content| content.contains_key(&media));
    assert!(
        listed,
        "{method} {template} answered {status} as {media}, which the document does not list: {answer}"
    );
}

/// Checks a whole answer: status, media type, and a JSON body against its schema.
pub fn check(method: &Method, path: &str, status: u16, content_type: Option<&str>, body: &str) {
    check_head(method, path, status, content_type);
    let Some((template, answer)) = documented_answer(method, path, status) else {
        return;
    };
    let Some(media) = media_type(content_type) else {
        return;
    };
    if !(media == "application/json" || media.ends_with("+json")) || body.is_empty() {
        return;
    }
    let Some(schema) = answer["content"][&media].get("schema") else {
        return;
    };
    let key = format!("{method} {template} {status} {media}");
    static VALIDATORS: OnceLock<Validators> = OnceLock::new();
    let validator = {
        let mut cache = VALIDATORS
            .get_or_init(Default::default)
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner());
        cache
            .entry(key.clone())
            .or_insert_with(|| {
                let mut schema = schema.clone();
                if let Value::Object(fields) = &mut schema {
                    fields.insert("components".into(), document()["components"].clone());
                }
                Arc::new(
                    jsonschema::options()
                        .with_draft(jsonschema::Draft::Draft202012)
                        .should_validate_formats(true)
                        .build(&schema)
                        .unwrap_or_else(|e| panic!("{key}: the documented schema is broken: {e}")),
                )
            })
            .clone()
    };
    let instance: Value = serde_json::from_str(body)
        .unwrap_or_else(|e| panic!("{key}: the body is not JSON ({e}): {body}"));
    let errors: Vec<String> = validator
        .iter_errors(&instance)
        .map(|e| format!("at {}: {e}", e.instance_path()))
        .collect();
    assert!(
        errors.is_empty(),
        "{key}: the body does not match the documented schema:\n  {}\nbody: {body}",
        errors.join("\n  ")
    );
}

/// The checker itself: a body unlike its schema, or a status the document
/// does not list, fails the test that received it.
mod checker {
    use super::*;

    #[test]
    fn a_documented_answer_passes() {
        check(
            &Method::GET,
            "/health",
            200,
            Some("application/json"),
            r#"{"status":"ok"}"#,
        );
    }

    #[test]
    #[should_panic(expected = "does not match the documented schema")]
    fn a_body_unlike_its_schema_fails() {
        check(
            &Method::GET,
            "/health",
            200,
            Some("application/json"),
            r#"{"status":5}"#,
        );
    }

    #[test]
    #[should_panic(expected = "does not list")]
    fn an_undocumented_status_fails() {
        check_head(
            &Method::GET,
            "/api/v1/me",
            418,
            Some("application/problem+json"),
        );
    }

    #[test]
    #[should_panic(expected = "does not list")]
    fn an_undocumented_media_type_fails() {
        check_head(&Method::GET, "/api/v1/me", 200, Some("text/html"));
    }

    fn me_created_at(at: &str) {
        let body = format!(
            r#"{{"id":"u","email":"a@b.id","display_name":"A","is_active":true,"province_code":null,
                "roles":[],"provinces":[],"organisation_ids":[],"version":1,
                "created_at":"{at}","updated_at":"2026-12-02T01:26:10.233171Z"}}"#
        );
        check(
            &Method::GET,
            "/api/v1/me",
            200,
            Some("application/json"),
            &body,
        );
    }

    #[test]
    fn an_instant_with_its_zone_passes() {
        me_created_at("2026-12-02T01:26:10.233171Z");
    }

    #[test]
    #[should_panic(expected = "does not match the documented schema")]
    fn an_instant_without_its_zone_fails() {
        me_created_at("2026-12-02T01:26:10.233171");
    }
}
