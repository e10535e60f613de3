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
        .issue(&id, 0)
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

async fn repeated_failures_are_throttled_per_account_and_address(app: TestApp) {
    app.seed_user(
        "target@example.id",
        "Target",
        &[Role::Judge],
        &[],
        Some("33"),
    );
    for _ in 0..app.settings.auth.max_failures_per_account_and_address {
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
    // A second session, on another device, signed in with the old password.
    let other_device = app.login("juri@example.id", PASSWORD).await;
    let (status, changed) = app
        .put(
            "/api/v1/me/password",
            Some(&token),
            json!({"current_password": PASSWORD, "new_password": "baru-sekali-2026"}),
        )
        .await;
    assert_eq!(status, StatusCode::OK, "{changed}");
    // Every earlier token is ended; the answer's token carries this session on.
    for old in [&token, &other_device] {
        let (status, body) = app.get("/api/v1/me", Some(old)).await;
        assert_problem(status, &body, StatusCode::UNAUTHORIZED);
    }
    let fresh = changed["access_token"].as_str().unwrap();
    let (status, me) = app.get("/api/v1/me", Some(fresh)).await;
    assert_eq!(status, StatusCode::OK, "{me}");
    assert_eq!(me["email"], "juri@example.id");
    let (status, _) = app
        .post(
            "/api/v1/auth/login",
            None,
            json!({"email": "juri@example.id", "password": PASSWORD}),
        )
        .await;
    assert_eq!(status, StatusCode::UNAUTHORIZED, "the old password is gone");
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
    repeated_failures_are_throttled_per_account_and_address,
    repeated_failures_are_throttled_per_address,
    a_disabled_account_can_no_longer_sign_in_or_use_its_token,
    people_change_their_own_password,
);

/// A server that takes the client's address from X-Forwarded-For, as behind
/// a proxy, so one test can sign in from several addresses.
async fn behind_a_proxy(backend: crate::helpers::Backend) -> Option<TestApp> {
    TestApp::spawn_with(backend, |figment| {
        figment.merge(figment::providers::Serialized::default(
            "server.trust_forwarded_for",
            true,
        ))
    })
    .await
}

async fn login_from(
    app: &TestApp,
    address: &str,
    email: &str,
    password: &str,
) -> reqwest::Response {
    app.client
        .post(format!("{}/api/v1/auth/login", app.address))
        .header("x-forwarded-for", address)
        .json(&json!({"email": email, "password": password}))
        .send()
        .await
        .expect("response")
}

/// Thirty guesses sent at once: only as many as the limit are checked, the
/// rest are refused unchecked, however they race. And the guesser's
/// address is throttled, not the owner: from their own address the owner
/// still signs in.
async fn parallel_guesses_are_counted_and_do_not_lock_the_owner_out(app: TestApp) {
    app.seed_user(
        "target@example.id",
        "Target",
        &[Role::Judge],
        &[],
        Some("33"),
    );
    let limit = app.settings.auth.max_failures_per_account_and_address as usize;
    let guesses = (0..30).map(|i| {
        let app = &app;
        async move {
            login_from(
                app,
                "203.0.113.9",
                "target@example.id",
                &format!("tebakan-{i}"),
            )
            .await
            .status()
        }
    });
    let statuses = futures_util::future::join_all(guesses).await;
    let checked = statuses
        .iter()
        .filter(|s| **s == StatusCode::UNAUTHORIZED)
        .count();
    let refused = statuses
        .iter()
        .filter(|s| **s == StatusCode::TOO_MANY_REQUESTS)
        .count();
    assert_eq!((checked, refused), (limit, 30 - limit), "{statuses:?}");
    // The right password from the guesser's address is refused too.
    let from_attacker = login_from(&app, "203.0.113.9", "target@example.id", PASSWORD).await;
    assert_eq!(from_attacker.status(), StatusCode::TOO_MANY_REQUESTS);
    let wait: u64 = from_attacker.headers()["retry-after"]
        .to_str()
        .unwrap()
        .parse()
        .unwrap();
    assert!(
        (1..=app.settings.auth.failure_window_seconds).contains(&wait),
        "{wait}"
    );
    // Entries the client writes before the proxy's own change nothing.
    let spoofed = login_from(&app, "10.9.8.7, 203.0.113.9", "target@example.id", PASSWORD).await;
    assert_eq!(spoofed.status(), StatusCode::TOO_MANY_REQUESTS);
    // The owner, elsewhere, is not locked out.
    let from_owner = login_from(&app, "198.51.100.7", "target@example.id", PASSWORD).await;
    assert_eq!(from_owner.status(), StatusCode::OK);
}

/// Only many failures from many addresses lock the account itself, and
/// each lock is refused with the time left.
async fn an_account_locks_only_after_many_failures_from_many_addresses(app: TestApp) {
    app.seed_user(
        "target@example.id",
        "Target",
        &[Role::Judge],
        &[],
        Some("33"),
    );
    let per_pair = app.settings.auth.max_failures_per_account_and_address;
    let lock_at = app.settings.auth.max_failures_per_account;
    let mut failures = 0;
    let mut address = 0;
    while failures < lock_at {
        address += 1;
        for _ in 0..per_pair.min(lock_at - failures) {
            let response = login_from(
                &app,
                &format!("192.0.2.{address}"),
                "target@example.id",
                "salah",
            )
            .await;
            assert_eq!(
                response.status(),
                StatusCode::UNAUTHORIZED,
                "failure {failures}"
            );
            failures += 1;
        }
    }
    // One more from a fresh address crosses the line: the account is locked
    // for everyone, the owner included, for the lock's length.
    let crossing = login_from(&app, "192.0.2.250", "target@example.id", "salah").await;
    assert_eq!(crossing.status(), StatusCode::TOO_MANY_REQUESTS);
    let owner = login_from(&app, "198.51.100.7", "target@example.id", PASSWORD).await;
    assert_eq!(owner.status(), StatusCode::TOO_MANY_REQUESTS);
    let wait: u64 = owner.headers()["retry-after"]
        .to_str()
        .unwrap()
        .parse()
        .unwrap();
    let lock = app.settings.auth.account_lock_seconds;
    assert!(wait > lock - 10 && wait <= lock, "{wait} of {lock}");
    // Other accounts are untouched.
    let other = login_from(
        &app,
        "192.0.2.250",
        "admin@bpjsketenagakerjaan.go.id",
        PASSWORD,
    )
    .await;
    assert_eq!(other.status(), StatusCode::OK);
}

mod behind_proxy {
    macro_rules! both {
        ($($name:ident),*) => {
            mod sqlite {
                $(
                    #[tokio::test]
                    async fn $name() {
                        let app = super::super::behind_a_proxy(crate::helpers::Backend::Sqlite).await.expect("sqlite");
                        super::super::$name(app).await;
                    }
                )*
            }
            mod postgres {
                $(
                    #[tokio::test]
                    async fn $name() {
                        if let Some(app) = super::super::behind_a_proxy(crate::helpers::Backend::Postgres).await {
                            super::super::$name(app).await;
                        }
                    }
                )*
            }
        };
    }

    both!(
        parallel_guesses_are_counted_and_do_not_lock_the_owner_out,
        an_account_locks_only_after_many_failures_from_many_addresses
    );
}
