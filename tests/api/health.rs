use reqwest::{Method, StatusCode};
use serde_json::json;

use crate::helpers::{TestApp, assert_problem, error_fields};

async fn health_and_readiness_answer(app: TestApp) {
    let (status, body) = app.get("/health", None).await;
    assert_eq!(
        (status, body["status"].as_str()),
        (StatusCode::OK, Some("ok"))
    );
    let (status, body) = app.get("/ready", None).await;
    assert_eq!(status, StatusCode::OK);
    let expected = if app.is_postgres() {
        "postgresql"
    } else {
        "sqlite"
    };
    assert_eq!(body["database"], expected);
}

async fn every_response_carries_a_request_id(app: TestApp) {
    let response = app.send(Method::GET, "/health", None, None).await;
    let id = response
        .headers()
        .get("x-request-id")
        .expect("x-request-id header");
    assert!(uuid::Uuid::parse_str(id.to_str().unwrap()).is_ok());
    let response = app.send(Method::GET, "/no/such/page", None, None).await;
    assert!(response.headers().contains_key("x-request-id"));
}

async fn unknown_routes_answer_problem_json(app: TestApp) {
    // At the top, and inside a scope of routes (the judges' own).
    for path in ["/api/v1/nothing-here", "/api/v1/judging/nothing-here"] {
        let response = app.send(Method::GET, path, None, None).await;
        assert_eq!(
            response.headers()["content-type"],
            "application/problem+json",
            "{path}"
        );
        let status = response.status();
        let body = response.json().await.unwrap();
        assert_problem(status, &body, StatusCode::NOT_FOUND);
    }
}

async fn wrong_methods_answer_405_problem_json(app: TestApp) {
    let (status, body) = app
        .request(Method::DELETE, "/api/v1/auth/login", None, None)
        .await;
    assert_problem(status, &body, StatusCode::METHOD_NOT_ALLOWED);
    let (status, body) = app.request(Method::PUT, "/health", None, None).await;
    assert_problem(status, &body, StatusCode::METHOD_NOT_ALLOWED);
    let (status, body) = app
        .request(
            Method::GET,
            "/api/v1/judging/assignments/any/scoresheet",
            None,
            None,
        )
        .await;
    assert_problem(status, &body, StatusCode::METHOD_NOT_ALLOWED);
}

async fn malformed_json_is_a_400_problem(app: TestApp) {
    let response = app
        .client
        .post(format!("{}/api/v1/auth/login", app.address))
        .header("content-type", "application/json")
        .body("{\"email\": ")
        .send()
        .await
        .unwrap();
    let status = response.status();
    let body = response.json().await.unwrap();
    assert_problem(status, &body, StatusCode::BAD_REQUEST);
}

async fn a_missing_field_is_named(app: TestApp) {
    let (status, body) = app
        .post("/api/v1/auth/login", None, json!({"email": "a@b.id"}))
        .await;
    assert_problem(status, &body, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(error_fields(&body), ["password"]);
}

async fn oversized_json_is_a_413_problem(app: TestApp) {
    let huge = "x".repeat(app.settings.server.json_limit + 1);
    let (status, body) = app
        .post(
            "/api/v1/auth/login",
            None,
            json!({"email": huge, "password": "x"}),
        )
        .await;
    assert_problem(status, &body, StatusCode::PAYLOAD_TOO_LARGE);
}

async fn json_sent_as_text_is_a_415_problem(app: TestApp) {
    let response = app
        .client
        .post(format!("{}/api/v1/auth/login", app.address))
        .header("content-type", "text/plain")
        .body("{}")
        .send()
        .await
        .unwrap();
    let status = response.status();
    let body = response.json().await.unwrap();
    assert_problem(status, &body, StatusCode::UNSUPPORTED_MEDIA_TYPE);
}

async fn a_malformed_query_is_a_400_problem(app: TestApp) {
    let (status, body) = app.get("/api/v1/regions?level=planet", None).await;
    assert_problem(status, &body, StatusCode::BAD_REQUEST);
    let (status, body) = app.get("/api/v1/regions?page=abc", None).await;
    assert_problem(status, &body, StatusCode::BAD_REQUEST);
}

async fn the_openapi_document_describes_every_endpoint(app: TestApp) {
    let (status, doc) = app.get("/api/openapi.json", None).await;
    assert_eq!(status, StatusCode::OK);
    assert!(
        doc["openapi"].as_str().unwrap().starts_with("3.1"),
        "{}",
        doc["openapi"]
    );
    let expected = [
        ("/health", "get"),
        ("/ready", "get"),
        ("/api/openapi.json", "get"),
        ("/api/v1/auth/login", "post"),
        ("/api/v1/auth/logout", "post"),
        ("/api/v1/me", "get"),
        ("/api/v1/me/password", "put"),
        ("/api/v1/auth/password-reset", "post"),
        ("/api/v1/auth/links/{token}", "get"),
        ("/api/v1/auth/links/{token}/password", "post"),
        ("/api/v1/users", "get"),
        ("/api/v1/users", "post"),
        ("/api/v1/users/{id}", "get"),
        ("/api/v1/users/{id}", "patch"),
        ("/api/v1/users/{id}/roles", "put"),
        ("/api/v1/invitations", "post"),
        ("/api/v1/users/{id}/invitation", "post"),
        ("/api/v1/regions", "get"),
        ("/api/v1/regions/{code}", "get"),
        ("/api/v1/organisations", "get"),
        ("/api/v1/organisations", "post"),
        ("/api/v1/organisations/{id}", "get"),
        ("/api/v1/organisations/{id}", "patch"),
        ("/api/v1/audit", "get"),
        ("/api/v1/audit.csv", "get"),
        ("/api/v1/editions", "get"),
        ("/api/v1/editions", "post"),
        ("/api/v1/editions/{id}", "get"),
        ("/api/v1/editions/{id}", "patch"),
        ("/api/v1/editions/{id}/phase", "post"),
        ("/api/v1/category-templates", "get"),
        ("/api/v1/editions/{id}/categories", "get"),
        ("/api/v1/editions/{id}/categories", "post"),
        ("/api/v1/editions/{id}/categories/{category}", "get"),
        ("/api/v1/editions/{id}/categories/{category}", "patch"),
        ("/api/v1/editions/{id}/categories/{category}", "delete"),
        ("/api/v1/editions/{id}/categories/{category}/rubric", "get"),
        ("/api/v1/editions/{id}/categories/{category}/rubric", "put"),
        (
            "/api/v1/editions/{id}/categories/{category}/rubric/versions",
            "get",
        ),
        (
            "/api/v1/editions/{id}/categories/{category}/entries",
            "post",
        ),
        ("/api/v1/entries", "get"),
        ("/api/v1/entries/{id}", "get"),
        ("/api/v1/entries/{id}", "patch"),
        ("/api/v1/entries/{id}/submit", "post"),
        ("/api/v1/entries/{id}/withdraw", "post"),
        ("/api/v1/entries/{id}/reopen", "post"),
        ("/api/v1/entries/{id}/check", "post"),
        ("/api/v1/entries/{id}/files", "get"),
        ("/api/v1/entries/{id}/files", "post"),
        ("/api/v1/entries/{id}/files/{file}", "get"),
        ("/api/v1/entries/{id}/files/{file}", "delete"),
        ("/api/v1/editions/{id}/categories/{category}/import", "post"),
        ("/api/v1/editions/{id}/judges", "get"),
        ("/api/v1/editions/{id}/judges", "post"),
        (
            "/api/v1/editions/{id}/categories/{category}/stages/{stage}/panel",
            "get",
        ),
        (
            "/api/v1/editions/{id}/categories/{category}/stages/{stage}/panel",
            "put",
        ),
        (
            "/api/v1/editions/{id}/categories/{category}/stages/{stage}/shortlist",
            "post",
        ),
        (
            "/api/v1/editions/{id}/categories/{category}/stages/{stage}/conflicts",
            "get",
        ),
        (
            "/api/v1/editions/{id}/categories/{category}/stages/{stage}/conflicts/dismiss",
            "post",
        ),
        (
            "/api/v1/editions/{id}/categories/{category}/stages/{stage}/assignments",
            "get",
        ),
        (
            "/api/v1/editions/{id}/categories/{category}/stages/{stage}/assignments",
            "post",
        ),
        (
            "/api/v1/editions/{id}/categories/{category}/stages/{stage}/assign",
            "post",
        ),
        ("/api/v1/judging/assignments", "get"),
        ("/api/v1/judging/assignments/{id}", "get"),
        ("/api/v1/judging/assignments/{id}/scoresheet", "put"),
        ("/api/v1/judging/assignments/{id}/scoresheet/submit", "post"),
        ("/api/v1/judging/assignments/{id}/recuse", "post"),
        ("/api/v1/judging/assignments/{id}/files/{file}", "get"),
        (
            "/api/v1/editions/{id}/judging/assignments/{assignment}/reopen",
            "post",
        ),
        ("/api/v1/editions/{id}/judging/progress", "get"),
        ("/api/v1/editions/{id}/judging/remind", "post"),
        (
            "/api/v1/editions/{id}/categories/{category}/stages/{stage}/coverage",
            "get",
        ),
        ("/api/v1/judging/panels", "get"),
        ("/api/v1/judging/conflicts", "post"),
        ("/api/v1/editions/{id}/categories/{category}/ranking", "get"),
        (
            "/api/v1/editions/{id}/categories/{category}/ranking/export",
            "get",
        ),
        ("/api/v1/editions/{id}/publications", "get"),
        ("/api/v1/editions/{id}/publications", "post"),
        (
            "/api/v1/editions/{id}/publications/{version}/withdraw",
            "post",
        ),
        ("/api/v1/editions/{id}/advancements", "get"),
        ("/api/v1/editions/{id}/emails", "get"),
        ("/api/v1/editions/{id}/emails/{email}/retry", "post"),
        ("/api/v1/public/editions/{id}/results", "get"),
        ("/api/v1/public/editions/{id}/results/snapshot", "get"),
        ("/api/v1/public/editions/{id}/results/winners.csv", "get"),
        ("/api/v1/public/editions/{id}/results/report", "get"),
    ];
    for (path, method) in expected {
        assert!(
            doc["paths"][path][method].is_object(),
            "{method} {path} is not described"
        );
    }
    let described: usize = doc["paths"]
        .as_object()
        .unwrap()
        .values()
        .map(|p| p.as_object().unwrap().len())
        .sum();
    assert_eq!(
        described,
        expected.len(),
        "the document describes an endpoint this test does not know"
    );
    assert!(doc["components"]["schemas"]["Problem"].is_object());
    assert!(doc["components"]["securitySchemes"]["bearer"].is_object());
}

/// Every endpoint the API describes, except the public ones, refuses a
/// caller without a token.
async fn every_non_public_endpoint_refuses_anonymous_callers(app: TestApp) {
    let public = [
        "/health",
        "/ready",
        "/api/openapi.json",
        "/api/v1/auth/login",
        "/api/v1/auth/password-reset",
        "/api/v1/auth/links/{token}",
        "/api/v1/auth/links/{token}/password",
        "/api/v1/regions",
        "/api/v1/regions/{code}",
        "/api/v1/public/editions/{id}/results",
        "/api/v1/public/editions/{id}/results/snapshot",
        "/api/v1/public/editions/{id}/results/winners.csv",
        "/api/v1/public/editions/{id}/results/report",
    ];
    let (_, doc) = app.get("/api/openapi.json", None).await;
    let mut checked = 0;
    for (path, operations) in doc["paths"].as_object().unwrap() {
        if public.contains(&path.as_str()) {
            continue;
        }
        let concrete = path
            .split('/')
            .map(|segment| {
                if segment.starts_with('{') {
                    "00000000-0000-0000-0000-000000000000"
                } else {
                    segment
                }
            })
            .collect::<Vec<_>>()
            .join("/");
        for method in operations.as_object().unwrap().keys() {
            let method = Method::from_bytes(method.to_uppercase().as_bytes()).unwrap();
            let body = (method != Method::GET && method != Method::DELETE).then(|| json!({}));
            let (status, answer) = app.request(method.clone(), &concrete, None, body).await;
            assert_problem(status, &answer, StatusCode::UNAUTHORIZED);
            checked += 1;
        }
    }
    assert!(checked >= 50, "only {checked} endpoints checked");
}

crate::on_both_backends!(
    every_non_public_endpoint_refuses_anonymous_callers,
    health_and_readiness_answer,
    every_response_carries_a_request_id,
    unknown_routes_answer_problem_json,
    wrong_methods_answer_405_problem_json,
    malformed_json_is_a_400_problem,
    a_missing_field_is_named,
    oversized_json_is_a_413_problem,
    json_sent_as_text_is_a_415_problem,
    a_malformed_query_is_a_400_problem,
    the_openapi_document_describes_every_endpoint,
);
