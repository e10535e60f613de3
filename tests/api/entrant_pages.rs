//! The entrants' pages: their home lists their entries with status and
//! deadline, the open editions with what each organisation may enter
//! (and why not), and nothing of other entrants; other roles are refused.

use reqwest::StatusCode;
use serde_json::json;

use crate::browser::Browser;
use crate::helpers::{Backend, PASSWORD, TestApp, local_in};
use crate::pages::Visitor;

async fn open_edition(app: &TestApp, token: &str, name: &str, province: &str) -> String {
    let (status, edition) = app
        .post(
            "/api/v1/editions",
            Some(token),
            json!({"name": name, "year": 2025, "tier": "provincial", "province_code": province,
                   "schedule": {"submissions_open_at": local_in(-1), "submissions_close_at": local_in(30)}}),
        )
        .await;
    assert_eq!(status, StatusCode::CREATED, "{edition}");
    let edition = format!("/api/v1/editions/{}", edition["id"].as_str().unwrap());
    for template in ["village_government", "regency_government"] {
        let (status, body) = app
            .post(
                &format!("{edition}/categories"),
                Some(token),
                json!({"template": template}),
            )
            .await;
        assert_eq!(status, StatusCode::CREATED, "{body}");
    }
    let (status, body) = app
        .post(
            &format!("{edition}/phase"),
            Some(token),
            json!({"to": "submissions_open"}),
        )
        .await;
    assert_eq!(status, StatusCode::OK, "{body}");
    edition
}

/// An open Central Java edition (village and city categories), an open
/// DKI edition, and a village secretary whose account holds a village
/// and a city, with a draft entry for the village. Answers the names of
/// the village and the city.
async fn secretary_with_a_draft(app: &TestApp) -> (String, String) {
    let (_, kanwil) = app.regional_admin("kanwil@example.id", "33").await;
    let edition = open_edition(app, &kanwil, "Paritrana Award 2025 – Jawa Tengah", "33").await;
    open_edition(
        app,
        &app.admin_token,
        "Paritrana Award 2025 – DKI Jakarta",
        "31",
    )
    .await;
    let village = app.government("village_government", "33.10.19.2018").await;
    let regency = app.government("regency_government", "33.74").await;
    let (village_id, village_name) = (
        village["id"].as_str().unwrap(),
        village["name"].as_str().unwrap(),
    );
    let regency_name = regency["name"].as_str().unwrap();
    let (_, entrant) = app
        .entrant(
            "sekdes@example.id",
            "33",
            &[village_id, regency["id"].as_str().unwrap()],
        )
        .await;
    let (_, categories) = app
        .get(&format!("{edition}/categories"), Some(&entrant))
        .await;
    let village_category = categories
        .as_array()
        .unwrap()
        .iter()
        .find(|c| c["template_key"] == "village_government")
        .expect("the village category")
        .clone();
    let (status, entry) = app
        .post(
            &format!(
                "{edition}/categories/{}/entries",
                village_category["id"].as_str().unwrap()
            ),
            Some(&entrant),
            json!({"organisation_id": village_id}),
        )
        .await;
    assert_eq!(status, StatusCode::CREATED, "{entry}");

    (village_name.to_owned(), regency_name.to_owned())
}

async fn the_entrant_home_shows_entries_deadlines_and_eligibility(app: TestApp) {
    let (village_name, regency_name) = secretary_with_a_draft(&app).await;
    let (village_name, regency_name) = (village_name.as_str(), regency_name.as_str());
    let mut secretary = Visitor::new(&app);
    secretary.sign_in("sekdes@example.id", PASSWORD).await;
    let dashboard = secretary.get("/dasbor").await;
    assert!(
        dashboard.body.contains(r#"href="/entri""#),
        "{}",
        dashboard.body
    );
    let home = secretary.get("/entri").await;
    assert_eq!(home.status, StatusCode::OK, "{}", home.body);
    let body = &home.body;
    for expected in [
        "Entri saya",
        "Paritrana Award 2025 – Jawa Tengah",
        village_name,
        regency_name,
        // The entry, still a draft, with its deadline in WIB and the time left.
        r#"tag-entry-draft">Draf</span>"#,
        " WIB",
        "tinggal ",
        // The regency may not enter the village category, and is told why.
        "Kategori ini untuk pemerintah desa",
        // It may enter its own.
        "Dapat ikut",
    ] {
        assert!(body.contains(expected), "{expected}: {body}");
    }
    assert!(
        !body.contains("DKI Jakarta"),
        "another province's edition is not offered: {body}"
    );

    // Another entrant sees none of it.
    let demak = app.government("regency_government", "33.21").await;
    app.entrant(
        "staf@demakkab.go.id",
        "33",
        &[demak["id"].as_str().unwrap()],
    )
    .await;
    let mut other = Visitor::new(&app);
    other.sign_in("staf@demakkab.go.id", PASSWORD).await;
    let theirs = other.get("/entri").await;
    assert_eq!(theirs.status, StatusCode::OK);
    assert!(
        theirs.body.contains("Anda belum membuat entri."),
        "{}",
        theirs.body
    );
    assert!(!theirs.body.contains(village_name), "{}", theirs.body);
    assert!(!theirs.body.contains("tag-entry-draft"), "{}", theirs.body);

    // Not signed in: to the sign-in page. Admins and judges: refused.
    let mut stranger = Visitor::new(&app);
    let away = stranger.get("/entri").await;
    assert_eq!(away.status, StatusCode::SEE_OTHER);
    assert!(away.location().starts_with("/masuk"), "{}", away.location());
    app.judge("juri@example.id", "33").await;
    for email in ["kanwil@example.id", "juri@example.id"] {
        let mut visitor = Visitor::new(&app);
        visitor.sign_in(email, PASSWORD).await;
        let refused = visitor.get("/entri").await;
        assert_eq!(
            refused.status,
            StatusCode::FORBIDDEN,
            "{email}: {}",
            refused.body
        );
        assert!(!refused.body.contains(village_name));
    }
}

/// An entrant account not yet linked to an organisation is told whom to ask.
async fn an_entrant_without_an_organisation_is_told_whom_to_ask(app: TestApp) {
    app.entrant("baru@example.id", "33", &[]).await;
    let mut visitor = Visitor::new(&app);
    visitor.sign_in("baru@example.id", PASSWORD).await;
    let home = visitor.get("/entri").await;
    assert_eq!(home.status, StatusCode::OK, "{}", home.body);
    assert!(
        home.body.contains("belum terhubung dengan organisasi"),
        "{}",
        home.body
    );
}

#[tokio::test]
async fn the_entrant_home_reads_well_on_a_phone_in_chromium() {
    let app = TestApp::spawn(Backend::Sqlite).await.expect("app");
    let (village_name, _) = secretary_with_a_draft(&app).await;
    let _one = crate::browser::ONE_BROWSER.lock().await;
    let Some(browser) = Browser::start(&app.address, "id-ID,id").await else {
        return;
    };
    browser.open("/masuk").await;
    browser.fill("#email", "sekdes@example.id").await;
    browser.fill("#password", PASSWORD).await;
    browser.follow("form.stack button[type=submit]").await;
    browser.screenshot("dasbor-peserta").await;
    browser.follow("nav a[href='/entri']").await;
    assert_eq!(browser.text("h1").await, "Entri saya");
    assert!(browser.text("table.data").await.contains(&village_name));
    browser.check("entri-saya").await;
    browser.narrow().await;
    browser.check("entri-saya").await;
}

mod on_pages {
    crate::on_both_backends!(
        the_entrant_home_shows_entries_deadlines_and_eligibility,
        an_entrant_without_an_organisation_is_told_whom_to_ask,
    );
    use super::*;
}
