//! `paritrana demo`: the Central Java 2024 example loaded into the test's
//! own database through the library, then looked at over HTTP as a
//! newcomer would.

use paritrana::demo::{self, DemoError, Loaded, Options};
use paritrana::state::AppState;
use reqwest::{Method, StatusCode};
use serde_json::{Value, json};

use crate::helpers::TestApp;

/// The state `paritrana demo` builds, on the test server's database.
async fn state_of(app: &TestApp) -> AppState {
    paritrana::app::prepare_state(app.settings.clone())
        .await
        .expect("the demo reaches the database")
}

async fn load(state: &AppState, force: bool) -> Result<Loaded, DemoError> {
    demo::load(state, Options { force }, |_| {}).await
}

/// (juara, organisation, total) of each category's winners.
fn winners(results: &Value) -> Vec<Vec<(u64, String, String)>> {
    results["categories"]
        .as_array()
        .expect("categories")
        .iter()
        .map(|category| {
            category["winners"]
                .as_array()
                .expect("winners")
                .iter()
                .map(|w| {
                    (
                        w["juara"].as_u64().unwrap_or_default(),
                        w["organisation_name"]
                            .as_str()
                            .unwrap_or_default()
                            .to_owned(),
                        w["total"].as_str().unwrap_or_default().to_owned(),
                    )
                })
                .collect()
        })
        .collect()
}

fn winner(juara: u64, name: &str, total: &str) -> (u64, String, String) {
    (juara, name.to_owned(), total.to_owned())
}

async fn demo_publishes_the_central_java_winners(app: TestApp) {
    let state = state_of(&app).await;
    let loaded = load(&state, false).await.expect("the demo loads");

    let public = format!("/api/v1/public/editions/{}/results", loaded.edition_id);
    let (status, results) = app.get(&public, None).await;
    assert_eq!(status, StatusCode::OK, "{results}");
    assert_eq!(
        results["edition_name"],
        "Paritrana Award 2024 – Jawa Tengah"
    );
    assert_eq!(results["year"], 2024);
    assert_eq!(results["digest"], loaded.digest.as_str());
    assert_eq!(
        winners(&results),
        [
            vec![
                winner(1, "Pemerintah Kota Semarang", "86.5000"),
                winner(2, "Pemerintah Kabupaten Demak", "82.0000"),
                winner(3, "Pemerintah Kota Tegal", "78.5000"),
            ],
            vec![
                winner(1, "Pemerintah Desa Wunut", "90.0000"),
                winner(2, "Pemerintah Desa Tipar Kidul", "84.0000"),
                winner(3, "Pemerintah Desa Balapulang Wetan", "75.5000"),
            ],
        ]
    );
    // Kabupaten Klaten entered and was ranked, fourth, on its data alone.
    let snapshot: Value = app
        .send(Method::GET, &format!("{public}/snapshot"), None, None)
        .await
        .json()
        .await
        .expect("the snapshot");
    let fourth = &snapshot["categories"][0]["ranking"][3];
    assert_eq!(fourth["total"], "60.0000", "{fourth}");
    // The page the command points to is there.
    let page = app
        .client
        .get(format!("{}{}", app.address, loaded.results_path()))
        .header("accept", "text/html")
        .send()
        .await
        .expect("the results page answers");
    assert_eq!(page.status(), StatusCode::OK);
    let html = page.text().await.expect("the page");
    assert!(html.contains("Pemerintah Desa Wunut"), "{html}");
}

async fn every_printed_account_signs_in_with_its_role(app: TestApp) {
    let state = state_of(&app).await;
    let loaded = load(&state, false).await.expect("the demo loads");

    let roles: Vec<&str> = loaded.accounts.iter().map(|a| a.role.as_str()).collect();
    for role in ["national_admin", "regional_admin", "judge", "entrant"] {
        assert!(roles.contains(&role), "no {role} among {roles:?}");
    }
    assert_eq!(
        loaded.accounts.len(),
        12,
        "an admin, the Kanwil, 3 judges, 7 entrants"
    );
    for account in &loaded.accounts {
        assert!(account.password.chars().count() >= 10);
        let token = app.login(&account.email, &account.password).await;
        let (status, me) = app.get("/api/v1/me", Some(&token)).await;
        assert_eq!(status, StatusCode::OK, "{me}");
        assert_eq!(
            me["roles"],
            json!([account.role.as_str()]),
            "{}",
            account.email
        );
    }
    // A judge finds the scoresheets they submitted.
    let judge = &loaded.accounts[2];
    let token = app.login(&judge.email, &judge.password).await;
    let (_, mine) = app.get("/api/v1/judging/assignments", Some(&token)).await;
    let mine = mine.as_array().expect("assignments");
    assert!(!mine.is_empty());
    assert!(
        mine.iter().all(|a| a["scoresheet_status"] == "submitted"),
        "{mine:?}"
    );
}

async fn a_second_run_is_refused_without_force_and_keeps_the_first(app: TestApp) {
    let state = state_of(&app).await;
    let first = load(&state, false).await.expect("the demo loads");

    let Err(refused) = load(&state, false).await else {
        panic!("a second run without --force was accepted");
    };
    assert!(matches!(refused, DemoError::NotEmpty { editions: 1 }));
    let message = refused.to_string();
    assert!(message.contains("already holds 1 edition"), "{message}");
    assert!(message.contains("--force"), "{message}");

    let (_, editions) = app.get("/api/v1/editions", Some(&app.admin_token)).await;
    assert_eq!(editions["total"], 1, "{editions}");
    let admin = &first.accounts[0];
    app.login(&admin.email, &admin.password).await;
    let public = format!("/api/v1/public/editions/{}/results", first.edition_id);
    let (status, results) = app.get(&public, None).await;
    assert_eq!(status, StatusCode::OK, "{results}");
    assert_eq!(results["digest"], first.digest.as_str());
}

async fn forcing_adds_an_edition_and_renews_the_demo_passwords(app: TestApp) {
    let state = state_of(&app).await;
    let first = load(&state, false).await.expect("the demo loads");
    let second = load(&state, true).await.expect("the forced demo loads");

    assert_ne!(first.edition_id, second.edition_id);
    let (_, editions) = app.get("/api/v1/editions", Some(&app.admin_token)).await;
    assert_eq!(editions["total"], 2, "{editions}");
    assert!(second.accounts.iter().all(|a| a.reused));
    let emails = |loaded: &Loaded| -> Vec<String> {
        loaded.accounts.iter().map(|a| a.email.clone()).collect()
    };
    assert_eq!(emails(&first), emails(&second));
    // The organisations were found again, not registered twice.
    let (_, organisations) = app
        .get("/api/v1/organisations?per_page=100", Some(&app.admin_token))
        .await;
    assert_eq!(organisations["total"], 7, "{organisations}");
    // The new password works; the old one no longer does.
    let (old, new) = (&first.accounts[1], &second.accounts[1]);
    app.login(&new.email, &new.password).await;
    let (status, _) = app
        .post(
            "/api/v1/auth/login",
            None,
            json!({"email": old.email, "password": old.password}),
        )
        .await;
    assert_eq!(status, StatusCode::UNAUTHORIZED);
    let (status, results) = app
        .get(
            &format!("/api/v1/public/editions/{}/results", second.edition_id),
            None,
        )
        .await;
    assert_eq!(status, StatusCode::OK, "{results}");
    assert_eq!(winners(&results)[0][0].1, "Pemerintah Kota Semarang");
}

crate::on_both_backends!(
    demo_publishes_the_central_java_winners,
    every_printed_account_signs_in_with_its_role,
    a_second_run_is_refused_without_force_and_keeps_the_first,
    forcing_adds_an_edition_and_renews_the_demo_passwords,
);
