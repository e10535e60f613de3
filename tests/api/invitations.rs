//! Accounts by email: invitations and password resets, through the API and
//! the pages, with single-use links whose tokens are stored hashed.

use diesel::prelude::*;
use reqwest::StatusCode;
use serde_json::json;

use crate::helpers::{PASSWORD, TestApp, assert_problem};
use crate::on_both_backends;
use crate::pages::Visitor;
use paritrana::auth::Role;
use paritrana::db::schema::{account_links, outbox_emails};

/// The emails queued for `recipient`, oldest first: (subject, body).
pub fn emails_to(app: &TestApp, recipient: &str) -> Vec<(String, String)> {
    let pool = paritrana::db::connect(&app.settings.database).expect("pool");
    let mut conn = pool.get().expect("connection");
    outbox_emails::table
        .filter(outbox_emails::recipient.eq(recipient))
        .order(outbox_emails::created_at)
        .select((outbox_emails::subject, outbox_emails::body_text))
        .load(&mut conn)
        .expect("outbox")
}

/// The token of the last link emailed to `recipient`.
fn last_link(app: &TestApp, recipient: &str) -> String {
    let (_, body) = emails_to(app, recipient).pop().expect("an email");
    let start = body.find("/sandi/").expect("a link") + "/sandi/".len();
    body[start..]
        .split_whitespace()
        .next()
        .unwrap_or_default()
        .to_owned()
}

fn stored_hashes(app: &TestApp) -> Vec<String> {
    let pool = paritrana::db::connect(&app.settings.database).expect("pool");
    let mut conn = pool.get().expect("connection");
    account_links::table
        .select(account_links::token_hash)
        .load(&mut conn)
        .expect("links")
}

fn expire_links(app: &TestApp) {
    let pool = paritrana::db::connect(&app.settings.database).expect("pool");
    let mut conn = pool.get().expect("connection");
    let past = chrono::Utc::now().naive_utc() - chrono::Duration::minutes(1);
    diesel::update(account_links::table)
        .set(account_links::expires_at.eq(past))
        .execute(&mut conn)
        .expect("expire");
}

async fn an_invited_judge_sets_a_password_once_and_lands_on_the_dashboard(app: TestApp) {
    let (status, invitation) = app
        .post(
            "/api/v1/invitations",
            Some(&app.admin_token),
            json!({"email": "Prof.Juri@Example.id", "display_name": "Prof. Juri", "province_code": "33", "roles": ["judge"]}),
        )
        .await;
    assert_eq!(status, StatusCode::CREATED, "{invitation}");
    assert_eq!(invitation["user"]["email"], "prof.juri@example.id");
    assert_eq!(invitation["user"]["roles"], json!(["judge"]));
    // One email, Bahasa Indonesia then English, with a link to set a password.
    let emails = emails_to(&app, "prof.juri@example.id");
    assert_eq!(emails.len(), 1);
    let (subject, body) = &emails[0];
    assert_eq!(
        subject,
        "Undangan ke Paritrana Award / Invitation to the Paritrana Award"
    );
    let (indonesian, english) = body.split_once("Dear Prof. Juri").expect("English part");
    assert!(
        indonesian.contains("Yth. Prof. Juri") && indonesian.contains("sebagai Juri"),
        "{body}"
    );
    assert!(
        english.contains("as Judge") && english.contains("7 days"),
        "{body}"
    );
    let token = last_link(&app, "prof.juri@example.id");
    assert!(body.contains(&format!("{}/sandi/{token}", app.settings.mail.public_url)));
    // Only the token's digest is kept.
    let hashes = stored_hashes(&app);
    assert_eq!(hashes.len(), 1);
    assert!(!hashes[0].contains(&token) && hashes[0].len() == 64);
    // No password works before the link is used.
    let (status, body) = app
        .post(
            "/api/v1/auth/login",
            None,
            json!({"email": "prof.juri@example.id", "password": ""}),
        )
        .await;
    assert_problem(status, &body, StatusCode::UNAUTHORIZED);
    let (status, link) = app.get(&format!("/api/v1/auth/links/{token}"), None).await;
    assert_eq!(status, StatusCode::OK, "{link}");
    assert_eq!(link["purpose"], "invitation");
    // The page: a short password is refused beside the field, then it is set.
    let mut visitor = Visitor::new(&app);
    let form = visitor.get(&format!("/sandi/{token}")).await;
    assert_eq!(form.status, StatusCode::OK);
    assert!(
        form.body.contains("Selamat datang, Prof. Juri"),
        "{}",
        form.body
    );
    let csrf = form.csrf();
    let short = visitor
        .post(
            &format!("/sandi/{token}"),
            &[("password", "pendek"), ("csrf", &csrf)],
        )
        .await;
    assert_eq!(short.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(
        short.body.contains(r#"id="password-error""#),
        "{}",
        short.body
    );
    let set = visitor
        .post(
            &format!("/sandi/{token}"),
            &[("password", "kata-sandi-juri-2026"), ("csrf", &csrf)],
        )
        .await;
    assert_eq!(set.status, StatusCode::SEE_OTHER, "{}", set.body);
    assert_eq!(set.location(), "/dasbor");
    let dashboard = visitor.get("/dasbor").await;
    assert!(dashboard.body.contains("Selamat datang, Prof. Juri"));
    assert!(dashboard.body.contains("Juri"));
    // Once only.
    let again = visitor.get(&format!("/sandi/{token}")).await;
    assert_eq!(again.status, StatusCode::NOT_FOUND);
    assert!(
        again.body.contains("Tautan tidak berlaku"),
        "{}",
        again.body
    );
    let (status, body) = app
        .post(
            &format!("/api/v1/auth/links/{token}/password"),
            None,
            json!({"password": "lagi-dan-lagi-2026"}),
        )
        .await;
    assert_problem(status, &body, StatusCode::NOT_FOUND);
    let api = app
        .login("prof.juri@example.id", "kata-sandi-juri-2026")
        .await;
    assert!(!api.is_empty());
    // The account has a password now: its invitation is not sent again.
    let id = invitation["user"]["id"].as_str().unwrap();
    let (status, body) = app
        .post(
            &format!("/api/v1/users/{id}/invitation"),
            Some(&app.admin_token),
            json!({}),
        )
        .await;
    assert_problem(status, &body, StatusCode::CONFLICT);
}

async fn an_expired_invitation_is_sent_again_with_a_new_link(app: TestApp) {
    let (status, invitation) = app
        .post(
            "/api/v1/invitations",
            Some(&app.admin_token),
            json!({"email": "sekdes@example.id", "display_name": "Sekdes Wunut", "province_code": "33", "roles": ["judge"]}),
        )
        .await;
    assert_eq!(status, StatusCode::CREATED, "{invitation}");
    let old = last_link(&app, "sekdes@example.id");
    expire_links(&app);
    let (status, body) = app.get(&format!("/api/v1/auth/links/{old}"), None).await;
    assert_problem(status, &body, StatusCode::NOT_FOUND);
    let id = invitation["user"]["id"].as_str().unwrap();
    let (status, again) = app
        .post(
            &format!("/api/v1/users/{id}/invitation"),
            Some(&app.admin_token),
            json!({}),
        )
        .await;
    assert_eq!(status, StatusCode::CREATED, "{again}");
    let new = last_link(&app, "sekdes@example.id");
    assert_ne!(old, new);
    let (status, _) = app.get(&format!("/api/v1/auth/links/{new}"), None).await;
    assert_eq!(status, StatusCode::OK);
}

async fn invitations_stay_within_the_inviters_scope(app: TestApp) {
    let (_, kanwil) = app.regional_admin("kanwil@example.id", "33").await;
    let judge = |email: &str, province: &str| json!({"email": email, "display_name": "Juri Baru", "province_code": province, "roles": ["judge"]});
    let (status, body) = app
        .post(
            "/api/v1/invitations",
            Some(&kanwil),
            judge("a@example.id", "33"),
        )
        .await;
    assert_eq!(status, StatusCode::CREATED, "{body}");
    for (body, expected) in [
        (judge("b@example.id", "32"), StatusCode::FORBIDDEN),
        (
            json!({"email": "c@example.id", "display_name": "Admin", "province_code": "33", "roles": ["regional_admin"], "provinces": ["33"]}),
            StatusCode::FORBIDDEN,
        ),
        (
            json!({"email": "d@example.id", "display_name": "Tanpa peran", "province_code": "33", "roles": []}),
            StatusCode::UNPROCESSABLE_ENTITY,
        ),
        (judge("a@example.id", "33"), StatusCode::CONFLICT),
    ] {
        let (status, answer) = app.post("/api/v1/invitations", Some(&kanwil), body).await;
        assert_problem(status, &answer, expected);
    }
    let (_, juri) = app.judge("juri@example.id", "33").await;
    let (status, answer) = app
        .post(
            "/api/v1/invitations",
            Some(&juri),
            judge("e@example.id", "33"),
        )
        .await;
    assert_problem(status, &answer, StatusCode::FORBIDDEN);
    let (status, answer) = app
        .post("/api/v1/invitations", None, judge("e@example.id", "33"))
        .await;
    assert_problem(status, &answer, StatusCode::UNAUTHORIZED);
    // Another province's invitation is out of reach.
    let (_, west_java) = app.regional_admin("kanwil.jabar@example.id", "32").await;
    let (_, invited) = app
        .get("/api/v1/users?q=a%40example.id", Some(&kanwil))
        .await;
    let id = invited["items"][0]["id"].as_str().unwrap();
    let (status, answer) = app
        .post(
            &format!("/api/v1/users/{id}/invitation"),
            Some(&west_java),
            json!({}),
        )
        .await;
    assert_problem(status, &answer, StatusCode::NOT_FOUND);
    // A national admin may invite a regional admin.
    let (status, body) = app
        .post(
            "/api/v1/invitations",
            Some(&app.admin_token),
            json!({"email": "kanwil.baru@example.id", "display_name": "Kanwil Baru", "roles": ["regional_admin"], "provinces": ["33"]}),
        )
        .await;
    assert_eq!(status, StatusCode::CREATED, "{body}");
}

async fn a_password_reset_says_the_same_to_anyone_and_ends_other_sessions(app: TestApp) {
    app.seed_user(
        "peserta@example.id",
        "Ibu Peserta",
        &[Role::Entrant],
        &[],
        Some("33"),
    );
    let before = app.login("peserta@example.id", PASSWORD).await;
    let ask = |email: &str| json!({"email": email});
    let (status, known) = app
        .post(
            "/api/v1/auth/password-reset",
            None,
            ask("Peserta@example.id"),
        )
        .await;
    assert_eq!(status, StatusCode::ACCEPTED);
    let (status, unknown) = app
        .post("/api/v1/auth/password-reset", None, ask("siapa@example.id"))
        .await;
    assert_eq!(status, StatusCode::ACCEPTED);
    assert_eq!(known, unknown, "the answer tells nothing");
    assert!(emails_to(&app, "siapa@example.id").is_empty());
    let emails = emails_to(&app, "peserta@example.id");
    assert_eq!(emails.len(), 1);
    assert!(
        emails[0].1.contains("1 jam") && emails[0].1.contains("1 hour"),
        "{}",
        emails[0].1
    );
    let token = last_link(&app, "peserta@example.id");
    // The page way: the form, then the same answer.
    let mut visitor = Visitor::new(&app);
    let form = visitor.get("/lupa-sandi").await;
    assert_eq!(form.status, StatusCode::OK);
    let csrf = form.csrf();
    let sent = visitor
        .post(
            "/lupa-sandi",
            &[("email", "siapa@example.id"), ("csrf", &csrf)],
        )
        .await;
    assert_eq!(sent.status, StatusCode::OK);
    assert!(
        sent.body.contains("Jika siapa@example.id terdaftar"),
        "{}",
        sent.body
    );
    // A newer request spends the older link.
    let (status, _) = app
        .post(
            "/api/v1/auth/password-reset",
            None,
            ask("peserta@example.id"),
        )
        .await;
    assert_eq!(status, StatusCode::ACCEPTED);
    let newest = last_link(&app, "peserta@example.id");
    let (status, body) = app.get(&format!("/api/v1/auth/links/{token}"), None).await;
    assert_problem(status, &body, StatusCode::NOT_FOUND);
    // Setting the password ends every session: the earlier token is dead.
    let (status, signed_in) = app
        .post(
            &format!("/api/v1/auth/links/{newest}/password"),
            None,
            json!({"password": "sandi-baru-peserta-2026"}),
        )
        .await;
    assert_eq!(status, StatusCode::OK, "{signed_in}");
    let (status, body) = app.get("/api/v1/me", Some(&before)).await;
    assert_problem(status, &body, StatusCode::UNAUTHORIZED);
    let (status, me) = app
        .get("/api/v1/me", signed_in["access_token"].as_str())
        .await;
    assert_eq!(status, StatusCode::OK, "{me}");
    // Too many requests for one account are refused.
    let mut last = StatusCode::ACCEPTED;
    for _ in 0..4 {
        let (status, _) = app
            .post("/api/v1/auth/password-reset", None, ask("lain@example.id"))
            .await;
        last = status;
    }
    assert_eq!(last, StatusCode::TOO_MANY_REQUESTS);
}

on_both_backends!(
    an_invited_judge_sets_a_password_once_and_lands_on_the_dashboard,
    an_expired_invitation_is_sent_again_with_a_new_link,
    invitations_stay_within_the_inviters_scope,
    a_password_reset_says_the_same_to_anyone_and_ends_other_sessions,
);
