//! What every answer promises, whoever asks and whatever they send: odd
//! characters are refused alike on both databases, instants carry their
//! zone, and the security headers and HEAD work everywhere.

use reqwest::{Method, StatusCode};
use serde_json::{Value, json};

use crate::helpers::{TestApp, assert_problem, error_fields};

/// NUL and other control characters, and direction overrides, are refused
/// before any database sees them: 404 in the address, 422 naming the field
/// in the query and the body. PostgreSQL answered 500 to each of these.
async fn odd_characters_are_refused_alike_on_both_databases(app: TestApp) {
    let admin = Some(app.admin_token.as_str());
    for path in [
        "/api/v1/users/%00",
        "/api/v1/editions/abc%00def",
        "/api/v1/regions/33%1B",
    ] {
        let (status, body) = app.get(path, admin).await;
        assert_problem(status, &body, StatusCode::NOT_FOUND);
    }
    for (path, field) in [
        ("/api/v1/users?q=%00", "q"),
        ("/api/v1/regions?q=Sema%E2%80%AErang", "q"),
        ("/api/v1/audit?object_id=a%00", "object_id"),
    ] {
        let (status, body) = app.get(path, admin).await;
        assert_problem(status, &body, StatusCode::UNPROCESSABLE_ENTITY);
        assert_eq!(error_fields(&body), [field], "{path}: {body}");
    }
    let (status, body) = app
        .post(
            "/api/v1/auth/login",
            None,
            json!({"email": "admin\u{0}@bpjsketenagakerjaan.go.id", "password": "x"}),
        )
        .await;
    assert_problem(status, &body, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(error_fields(&body), ["email"]);
    for (name, field) in [
        (
            json!({"name": "Paritrana\u{0} 2026", "year": 2026, "tier": "national"}),
            "name",
        ),
        (
            json!({"name": "Paritrana \u{202E}6202", "year": 2026, "tier": "national"}),
            "name",
        ),
        (
            json!({"name": "Paritrana 2026", "year": 2026, "tier": "national",
                   "zones": [{"key": "barat", "name": "Barat\u{7}", "provinces": ["33"]}]}),
            "zones[0].name",
        ),
    ] {
        let (status, body) = app.post("/api/v1/editions", admin, name).await;
        assert_problem(status, &body, StatusCode::UNPROCESSABLE_ENTITY);
        assert_eq!(error_fields(&body), [field], "{body}");
    }
    let (status, body) = app
        .post(
            "/api/v1/users",
            admin,
            json!({"email": "juri\u{202E}@example.id", "display_name": "Juri", "password": "rahasia-sekali-2026", "roles": ["judge"]}),
        )
        .await;
    assert_problem(status, &body, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(error_fields(&body), ["email"]);
    // Whatever JSON media type the body is sent as.
    for media in ["text/json", "application/problem+json"] {
        let response = app
            .client
            .post(format!("{}/api/v1/editions", app.address))
            .bearer_auth(&app.admin_token)
            .header("content-type", media)
            .body(r#"{"name": "Paritrana\u0000 2026", "year": 2026, "tier": "national"}"#)
            .send()
            .await
            .unwrap();
        assert_eq!(
            response.status(),
            StatusCode::UNPROCESSABLE_ENTITY,
            "{media}"
        );
        let body: Value = response.json().await.unwrap();
        assert_eq!(error_fields(&body), ["name"], "{media}: {body}");
    }
    // Lines and tabs in text stay welcome, and so does any script.
    let (status, body) = app
        .post(
            "/api/v1/editions",
            admin,
            json!({"name": "Paritrana\tAward — Jawa Tengah ✓", "year": 2026, "tier": "national"}),
        )
        .await;
    assert_eq!(status, StatusCode::CREATED, "{body}");
    // Page numbers past any list are refused, not handed to the database.
    for page in ["9223372036854775807", "1000001", "0"] {
        let (status, body) = app.get(&format!("/api/v1/users?page={page}"), admin).await;
        assert_problem(status, &body, StatusCode::UNPROCESSABLE_ENTITY);
        assert_eq!(error_fields(&body), ["page"], "{page}");
    }
    let (status, body) = app.get("/api/v1/users?page=1000000", admin).await;
    assert_eq!(status, StatusCode::OK, "{body}");
    assert_eq!(body["items"], json!([]));
}

/// The largest version a client can write is only a stale version, not an
/// overflow (a fuzzer's find: it answered 500).
async fn the_largest_version_is_stale_not_an_error(app: TestApp) {
    let admin = Some(app.admin_token.as_str());
    let (_, me) = app.get("/api/v1/me", admin).await;
    let user = format!("/api/v1/users/{}", me["id"].as_str().unwrap());
    let (_, edition) = app
        .post(
            "/api/v1/editions",
            admin,
            json!({"name": "Paritrana 2026", "year": 2026, "tier": "national"}),
        )
        .await;
    let edition = format!("/api/v1/editions/{}", edition["id"].as_str().unwrap());
    for (method, path, body) in [
        (
            Method::PATCH,
            user.clone(),
            json!({"version": i32::MAX, "display_name": "Admin"}),
        ),
        (
            Method::PUT,
            format!("{user}/roles"),
            json!({"version": i32::MAX, "roles": ["national_admin"]}),
        ),
        (
            Method::PATCH,
            edition,
            json!({"version": i32::MAX, "name": "Paritrana"}),
        ),
    ] {
        let (status, body) = app.request(method.clone(), &path, admin, Some(body)).await;
        assert_problem(status, &body, StatusCode::CONFLICT);
    }
}

/// Every instant in an answer names its zone: UTC with `Z`.
async fn instants_carry_their_offset(app: TestApp) {
    let admin = Some(app.admin_token.as_str());
    let (_, edition) = app
        .post(
            "/api/v1/editions",
            admin,
            json!({"name": "Paritrana 2026", "year": 2026, "tier": "national"}),
        )
        .await;
    let (_, me) = app.get("/api/v1/me", admin).await;
    let (_, audit) = app.get("/api/v1/audit", admin).await;
    let mut instants = Vec::new();
    collect_instants(&edition, &mut instants);
    collect_instants(&me, &mut instants);
    collect_instants(&audit, &mut instants);
    assert!(instants.len() >= 5, "{instants:?}");
    for (field, at) in &instants {
        assert!(
            chrono::DateTime::parse_from_rfc3339(at).is_ok() && at.ends_with('Z'),
            "{field} = {at} has no offset"
        );
    }
}

/// Every string field named `…_at` in a JSON document, with its name.
fn collect_instants(value: &Value, out: &mut Vec<(String, String)>) {
    match value {
        Value::Object(fields) => {
            for (key, item) in fields {
                match item {
                    Value::String(at) if key.ends_with("_at") => {
                        out.push((key.clone(), at.clone()));
                    }
                    other => collect_instants(other, out),
                }
            }
        }
        Value::Array(items) => items.iter().for_each(|item| collect_instants(item, out)),
        _ => {}
    }
}

/// The headers browsers act on, on answers of every kind, and HEAD
/// wherever GET works.
async fn every_answer_carries_the_security_headers(app: TestApp) {
    let admin = app.admin_token.clone();
    for (method, path, token) in [
        (Method::GET, "/health", None),
        (Method::GET, "/api/openapi.json", None),
        (Method::GET, "/api/v1/me", Some(admin.as_str())),
        (Method::GET, "/api/v1/me", None),
        (Method::GET, "/api/v1/nothing-here", None),
        (Method::DELETE, "/api/v1/auth/login", None),
        (Method::GET, "/api/v1/users/%00", Some(admin.as_str())),
    ] {
        let response = app.send(method.clone(), path, token, None).await;
        let headers = response.headers();
        let at = format!("{method} {path}");
        assert_eq!(headers["x-content-type-options"], "nosniff", "{at}");
        assert_eq!(headers["referrer-policy"], "same-origin", "{at}");
        assert_eq!(headers["x-frame-options"], "DENY", "{at}");
        assert_eq!(
            headers["content-security-policy"], "default-src 'none'; frame-ancestors 'none'",
            "{at}"
        );
        if token.is_some() {
            assert_eq!(headers["cache-control"], "no-store", "{at}");
        }
        assert!(!headers.contains_key("strict-transport-security"), "{at}");
    }
    for (path, token) in [
        ("/health", None),
        ("/ready", None),
        ("/api/openapi.json", None),
        ("/api/v1/me", Some(admin.as_str())),
        ("/api/v1/regions?level=province", None),
    ] {
        let get = app.send(Method::GET, path, token, None).await;
        let head = app.send(Method::HEAD, path, token, None).await;
        assert_eq!(head.status(), get.status(), "HEAD {path}");
        assert_eq!(
            head.headers().get("content-type"),
            get.headers().get("content-type"),
            "HEAD {path}"
        );
        assert!(
            head.bytes().await.unwrap().is_empty(),
            "HEAD {path} has no body"
        );
    }
    // HEAD is refused where GET is.
    let head = app.send(Method::HEAD, "/api/v1/me", None, None).await;
    assert_eq!(head.status(), StatusCode::UNAUTHORIZED);
}

crate::on_both_backends!(
    odd_characters_are_refused_alike_on_both_databases,
    instants_carry_their_offset,
    the_largest_version_is_stale_not_an_error,
    every_answer_carries_the_security_headers,
);
