use paritrana::auth::Role;
use reqwest::{Method, StatusCode};
use serde_json::json;

use crate::helpers::{PASSWORD, TestApp, assert_problem, error_fields};

async fn login_answers_a_short_lived_bearer_token(app: TestApp) {
    let (status, body) = app
        .post(
            "/api/v1/auth/login",
            None,
            json!({"email": "ADMIN@bpjsketenagakerjaan.go.id ", "password": PASSWORD}),
        )
        .await;
    assert_eq!(status, StatusCode::OK, "{body}");
    assert_eq!(body["token_type"], "Bearer");
    assert_eq!(body["expires_in"], 3600);
    let token = body["access_token"].as_str().unwrap();
    let (status, me) = app.get("/api/v1/me", Some(token)).await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(me["email"], "admin@bpjsketenagakerjaan.go.id");
    assert_eq!(me["roles"], json!(["national_admin"]));
}

async fn unknown_email_and_wrong_password_answer_alike(app: TestApp) {
    let (unknown_status, mut unknown) = app
        .post(
            "/api/v1/auth/login",
            None,
            json!({"email": "nobody@example.id", "password": PASSWORD}),
        )
        .await;
    let (wrong_status, mut wrong) = app
        .post(
            "/api/v1/auth/login",
            None,
            json!({"email": "admin@bpjsketenagakerjaan.go.id", "password": "salah-sekali-123"}),
        )
        .await;
    assert_problem(unknown_status, &unknown, StatusCode::UNAUTHORIZED);
    assert_eq!(unknown_status, wrong_status);
    unknown.as_object_mut().unwrap().remove("instance");
    wrong.as_object_mut().unwrap().remove("instance");
    assert_eq!(unknown, wrong);
}

async fn requests_without_a_valid_token_are_refused(app: TestApp) {
    let (status, body) = app.get("/api/v1/me", None).await;
    assert_problem(status, &body, StatusCode::UNAUTHORIZED);
    let (status, body) = app.get("/api/v1/me", Some("not.a.token")).await;
    assert_problem(status, &body, StatusCode::UNAUTHORIZED);
    let response = app.send(Method::GET, "/api/v1/me", None, None).await;
    assert_eq!(response.headers()["www-authenticate"], "Bearer");
}

async fn a_token_signed_with_another_secret_is_refused(app: TestApp) {
    let mut other = app.settings.auth.clone();
    other.token_secret = "someone-elses-secret-entirely-000000".into();
    let (id, _) = app.judge("juri@example.id", "33").await;
    let forged = paritrana::auth::token::Tokens::new(&other)
        .issue(&id)
        .unwrap()
        .token;
    let (status, body) = app.get("/api/v1/me", Some(&forged)).await;
    assert_problem(status, &body, StatusCode::UNAUTHORIZED);
}

async fn logout_revokes_the_token_at_once(app: TestApp) {
    let token = app.login("admin@bpjsketenagakerjaan.go.id", PASSWORD).await;
    let (status, _) = app
        .post("/api/v1/auth/logout", Some(&token), json!({}))
        .await;
    assert_eq!(status, StatusCode::NO_CONTENT);
    let (status, body) = app.get("/api/v1/me", Some(&token)).await;
    assert_problem(status, &body, StatusCode::UNAUTHORIZED);
    // Other sessions of the same account keep working.
    let (status, _) = app.get("/api/v1/me", Some(&app.admin_token)).await;
    assert_eq!(status, StatusCode::OK);
    let (status, body) = app.post("/api/v1/auth/logout", None, json!({})).await;
    assert_problem(status, &body, StatusCode::UNAUTHORIZED);
}

async fn repeated_failures_are_throttled_per_account(app: TestApp) {
    app.seed_user(
        "target@example.id",
        "Target",
        &[Role::Judge],
        &[],
        Some("33"),
    );
    for _ in 0..app.settings.auth.max_failures_per_account {
        let (status, _) = app
            .post(
                "/api/v1/auth/login",
                None,
                json!({"email": "target@example.id", "password": "tebakan-salah-1"}),
            )
            .await;
        assert_eq!(status, StatusCode::UNAUTHORIZED);
    }
    let response = app
        .send(
            Method::POST,
            "/api/v1/auth/login",
            None,
            Some(json!({"email": "target@example.id", "password": PASSWORD})),
        )
        .await;
    assert_eq!(response.status(), StatusCode::TOO_MANY_REQUESTS);
    assert!(response.headers().contains_key("retry-after"));
    // Another account from the same address is not locked by this one.
    let (status, _) = app
        .post(
            "/api/v1/auth/login",
            None,
            json!({"email": "admin@bpjsketenagakerjaan.go.id", "password": PASSWORD}),
        )
        .await;
    assert_eq!(status, StatusCode::OK);
}

async fn repeated_failures_are_throttled_per_address(app: TestApp) {
    let limit = app.settings.auth.max_failures_per_address;
    for i in 0..limit {
        let (status, _) = app
            .post(
                "/api/v1/auth/login",
                None,
                json!({"email": format!("guess{i}@example.id"), "password": "x"}),
            )
            .await;
        assert_eq!(status, StatusCode::UNAUTHORIZED);
    }
    let (status, body) = app
        .post(
            "/api/v1/auth/login",
            None,
            json!({"email": "admin@bpjsketenagakerjaan.go.id", "password": PASSWORD}),
        )
        .await;
    assert_problem(status, &body, StatusCode::TOO_MANY_REQUESTS);
}

async fn a_disabled_account_can_no_longer_sign_in_or_use_its_token(app: TestApp) {
    let (id, token) = app.judge("juri@example.id", "33").await;
    let (_, user) = app
        .get(&format!("/api/v1/users/{id}"), Some(&app.admin_token))
        .await;
    let (status, body) = app
        .patch(
            &format!("/api/v1/users/{id}"),
            Some(&app.admin_token),
            json!({"version": user["version"], "is_active": false}),
        )
        .await;
    assert_eq!(status, StatusCode::OK, "{body}");
    let (status, _) = app.get("/api/v1/me", Some(&token)).await;
    assert_eq!(status, StatusCode::UNAUTHORIZED);
    let (status, _) = app
        .post(
            "/api/v1/auth/login",
            None,
            json!({"email": "juri@example.id", "password": PASSWORD}),
        )
        .await;
    assert_eq!(status, StatusCode::UNAUTHORIZED);
}

async fn people_change_their_own_password(app: TestApp) {
    let (_, token) = app.judge("juri@example.id", "33").await;
    let (status, body) = app
        .put(
            "/api/v1/me/password",
            Some(&token),
            json!({"current_password": "bukan-ini-123", "new_password": "baru-sekali-2026"}),
        )
        .await;
    assert_problem(status, &body, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(error_fields(&body), ["current_password"]);
    let (status, body) = app
        .put(
            "/api/v1/me/password",
            Some(&token),
            json!({"current_password": PASSWORD, "new_password": "pendek"}),
        )
        .await;
    assert_eq!(error_fields(&body), ["new_password"], "{status}");
    let (status, _) = app
        .put(
            "/api/v1/me/password",
            Some(&token),
            json!({"current_password": PASSWORD, "new_password": "baru-sekali-2026"}),
        )
        .await;
    assert_eq!(status, StatusCode::NO_CONTENT);
    app.login("juri@example.id", "baru-sekali-2026").await;
    let (status, _) = app
        .put(
            "/api/v1/me/password",
            None,
            json!({"current_password": "a", "new_password": "b"}),
        )
        .await;
    assert_eq!(status, StatusCode::UNAUTHORIZED);
}

crate::on_both_backends!(
    login_answers_a_short_lived_bearer_token,
    unknown_email_and_wrong_password_answer_alike,
    requests_without_a_valid_token_are_refused,
    a_token_signed_with_another_secret_is_refused,
    logout_revokes_the_token_at_once,
    repeated_failures_are_throttled_per_account,
    repeated_failures_are_throttled_per_address,
    a_disabled_account_can_no_longer_sign_in_or_use_its_token,
    people_change_their_own_password,
);
