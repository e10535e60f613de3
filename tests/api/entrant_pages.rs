//! The entrants' pages: their home lists their entries with status and
//! deadline, the open editions with what each organisation may enter
//! (and why not), and nothing of other entrants; other roles are refused.

use reqwest::StatusCode;
use serde_json::json;

use crate::browser::Browser;
use crate::helpers::{Backend, PASSWORD, TestApp, local_in};
use crate::pages::{Visitor, hidden};

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

/// A village secretary's draft, as [`secretary_with_a_draft`] makes it.
struct Draft {
    village: String,
    regency: String,
    /// The village's entry.
    id: String,
    /// The secretary's API token.
    token: String,
    /// The Central Java edition, and its office's token.
    edition: String,
    kanwil: String,
    /// The city the secretary's account also holds.
    regency_id: String,
}

/// An open Central Java edition (village and city categories), an open
/// DKI edition, and a village secretary whose account holds a village
/// and a city, with a draft entry for the village.
async fn secretary_with_a_draft(app: &TestApp) -> Draft {
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
    Draft {
        village: village_name.to_owned(),
        regency: regency_name.to_owned(),
        id: entry["id"].as_str().unwrap().to_owned(),
        token: entrant,
        edition,
        kanwil,
        regency_id: regency["id"].as_str().unwrap().to_owned(),
    }
}

async fn the_entrant_home_shows_entries_deadlines_and_eligibility(app: TestApp) {
    let draft = secretary_with_a_draft(&app).await;
    let (village_name, regency_name) = (draft.village.as_str(), draft.regency.as_str());
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
    let draft = secretary_with_a_draft(&app).await;
    let village_name = draft.village.clone();
    // The city's entry: the largest built-in form (fifteen fields).
    let (_, categories) = app
        .get(&format!("{}/categories", draft.edition), Some(&draft.token))
        .await;
    let regency_category = categories
        .as_array()
        .unwrap()
        .iter()
        .find(|c| c["template_key"] == "regency_government")
        .expect("the regency category")["id"]
        .as_str()
        .unwrap()
        .to_owned();
    let (status, city) = app
        .post(
            &format!("{}/categories/{regency_category}/entries", draft.edition),
            Some(&draft.token),
            json!({"organisation_id": draft.regency_id}),
        )
        .await;
    assert_eq!(status, StatusCode::CREATED, "{city}");
    let _one = crate::browser::ONE_BROWSER.lock().await;
    let Some(browser) = Browser::start(&app.address, "id-ID,id").await else {
        return;
    };
    browser.sign_in("sekdes@example.id", PASSWORD).await;
    browser.screenshot("dasbor-peserta").await;
    browser.follow("nav a[href='/entri']").await;
    assert_eq!(browser.text("h1").await, "Entri saya");
    assert!(browser.text("table.data").await.contains(&village_name));
    browser.check("entri-saya").await;
    let city_form = format!("/entri/{}", city["id"].as_str().unwrap());
    browser.open(&city_form).await;
    assert_eq!(
        browser
            .eval("return document.querySelectorAll('.entry-field').length;")
            .await,
        json!(15)
    );
    let weight = browser.check("entri-formulir-terbesar").await;
    assert!(weight < 100 * 1024, "{weight}");
    browser.narrow().await;
    browser.check("entri-saya").await;
    browser.open(&city_form).await;
    browser.check("entri-formulir-terbesar").await;
}

/// The Must-show journey: a village secretary follows the invitation
/// email on a phone, enters the village category, fills the form (a typo
/// refused beside its field, then corrected), has an oversized file refused
/// before it is sent, uploads the Perdes PDF, sees nothing missing, sends,
/// and finds the receipt at the SMTP server.
#[tokio::test]
async fn a_village_secretary_enters_from_a_phone_in_chromium() {
    let _one = crate::browser::ONE_BROWSER.lock().await;
    let smtp = crate::mail::listener();
    let port = smtp.local_addr().unwrap().port();
    let received = crate::mail::smtp_server(smtp);
    let app = crate::mail::app_sending_to(Backend::Sqlite, port, 3)
        .await
        .expect("app");
    let (_, kanwil) = app.regional_admin("kanwil@example.id", "33").await;
    open_edition(&app, &kanwil, "Paritrana Award 2025 – Jawa Tengah", "33").await;
    let village = app.government("village_government", "33.10.19.2018").await;
    let (status, body) = app
        .post(
            "/api/v1/invitations",
            Some(&kanwil),
            json!({"email": "sekdes.wunut@example.id", "display_name": "Sekdes Wunut",
                   "province_code": "33", "roles": ["entrant"],
                   "organisation_ids": [village["id"]]}),
        )
        .await;
    assert_eq!(status, StatusCode::CREATED, "{body}");
    let Some(browser) = Browser::start(&app.address, "id-ID,id").await else {
        return;
    };
    browser.narrow().await;
    let link =
        crate::browser::link_in_email(&received, "sekdes.wunut@example.id", "Undangan").await;
    browser
        .open(link.strip_prefix("https://paritrana.example.id").unwrap())
        .await;
    browser.fill("#password", "sekdes-wunut-2026-aman").await;
    browser.follow("form.stack button[type=submit]").await;
    browser.follow("nav a[href='/entri']").await;
    browser.follow("form.enter button").await;
    assert!(browser.path().await.starts_with("/entri/"));
    assert!(browser.text(".flash").await.contains("Entri dibuat"));
    browser.check("entri-formulir-kosong").await;
    let entry_id = browser
        .path()
        .await
        .trim_start_matches("/entri/")
        .to_owned();

    let saved = "return document.querySelector('[data-save-state]').textContent.indexOf('Draf tersimpan') === 0;";
    browser
        .tap("input[name='nilai.perdes_exists'][value='ya']")
        .await;
    for (key, typed) in [
        ("apbdes_contribution", "25.000.000"),
        ("apparatus_total", "12"),
        ("apparatus_covered", "1O"),
    ] {
        browser.tap(&format!("#nilai-{key}")).await;
        browser.fill(&format!("#nilai-{key}"), typed).await;
    }
    browser
        .until(
            "return !document.getElementById('nilai-apparatus_covered-error').hidden;",
            "the typo refused beside its field",
        )
        .await;
    assert!(
        browser
            .text("#nilai-apparatus_covered-error")
            .await
            .contains("bukan angka")
    );
    browser.check("entri-salah-ketik").await;
    browser.fill("#nilai-apparatus_covered", "10").await;
    for (key, typed) in [
        ("vulnerable_covered", "140"),
        ("vulnerable_target", "200"),
        ("workers_covered", "900"),
        ("workers_total", "1.500"),
    ] {
        browser.tap(&format!("#nilai-{key}")).await;
        browser.fill(&format!("#nilai-{key}"), typed).await;
    }
    browser.until(saved, "the last value saved").await;
    assert!(
        browser
            .text("#nilai-apparatus_covered-error")
            .await
            .is_empty()
    );

    // Files: one too large for the stated limit is refused before sending;
    // the Perdes PDF goes up with its progress.
    let folder = tempfile::tempdir().unwrap();
    let big = folder.path().join("perdes-scan-besar.pdf");
    let mut bytes = PDF.to_vec();
    bytes.resize(300 * 1024, b' ');
    std::fs::write(&big, bytes).unwrap();
    browser.attach("#berkas", &big).await;
    browser.tap("#unggah button[type=submit]").await;
    browser
        .until(
            "return !document.getElementById('berkas-error').hidden;",
            "the size refused",
        )
        .await;
    assert!(
        browser
            .text("#berkas-error")
            .await
            .contains("lebih besar dari batas 256 KB")
    );
    let pdf = folder.path().join("perdes-wunut-2024.pdf");
    std::fs::write(&pdf, PDF).unwrap();
    browser.attach("#berkas", &pdf).await;
    browser.tap("#unggah button[type=submit]").await;
    browser
        .until(
            "return document.querySelector('[data-files]') !== null && document.querySelector('[data-files]').textContent.indexOf('perdes-wunut-2024.pdf') >= 0;",
            "the PDF listed",
        )
        .await;
    let (_, files) = app
        .get(
            &format!("/api/v1/entries/{entry_id}/files"),
            Some(
                &app.login("sekdes.wunut@example.id", "sekdes-wunut-2026-aman")
                    .await,
            ),
        )
        .await;
    assert_eq!(
        files.as_array().unwrap().len(),
        1,
        "only the PDF was sent: {files}"
    );
    assert!(
        browser
            .text(".checklist")
            .await
            .contains("Semua isian wajib sudah lengkap")
    );
    browser.check("entri-lengkap").await;

    browser
        .follow(".entry-form .actions button[value=kirim]")
        .await;
    assert_eq!(browser.path().await, format!("/entri/{entry_id}/kirim"));
    browser.check("entri-kirim").await;
    browser.follow(".confirm button.primary").await;
    assert_eq!(
        browser.path().await,
        format!("/entri/{entry_id}/tanda-terima")
    );
    let reference = browser.text("[data-reference]").await;
    assert!(reference.starts_with("PA-"), "{reference}");
    browser.check("entri-tanda-terima").await;
    let deadline = std::time::Instant::now() + std::time::Duration::from_secs(20);
    let receipt = loop {
        let found = received
            .lock()
            .unwrap()
            .iter()
            .find(|m| m.subject.contains(&reference))
            .cloned();
        if let Some(message) = found {
            break message;
        }
        assert!(
            std::time::Instant::now() < deadline,
            "no receipt at the SMTP server"
        );
        tokio::time::sleep(std::time::Duration::from_millis(100)).await;
    };
    assert!(receipt.to.iter().any(|t| t == "sekdes.wunut@example.id"));
    for expected in [
        "Nomor tanda terima: ",
        "Jumlah perangkat desa: 12",
        "perdes-wunut-2024.pdf",
        "Receipt number: ",
    ] {
        assert!(
            receipt.text.contains(expected),
            "{expected}: {}",
            receipt.text
        );
    }
    browser.screenshot("entri-tanda-terima-email").await;
}

/// Two tabs on one entry: the second tab's save is refused with both
/// versions shown, and the entrant chooses; nothing typed is lost.
#[tokio::test]
async fn two_tabs_on_one_entry_lose_nothing_in_chromium() {
    let _one = crate::browser::ONE_BROWSER.lock().await;
    let app = TestApp::spawn(Backend::Sqlite).await.expect("app");
    let draft = secretary_with_a_draft(&app).await;
    let Some(browser) = Browser::start(&app.address, "id-ID,id").await else {
        return;
    };
    browser.sign_in("sekdes@example.id", PASSWORD).await;
    let path = format!("/entri/{}", draft.id);
    browser.open(&path).await;
    let first = browser.client().window().await.unwrap();
    let second = browser.client().new_window(true).await.unwrap();
    browser
        .client()
        .switch_to_window(second.handle)
        .await
        .unwrap();
    browser.open(&path).await;
    let saved = "return document.querySelector('[data-save-state]').textContent.indexOf('Draf tersimpan') === 0;";
    browser.fill("#nilai-apparatus_total", "20").await;
    browser.until(saved, "the second tab saved").await;
    assert_eq!(
        values_of(&app, &draft).await["values"]["apparatus_total"],
        "20"
    );

    browser.client().switch_to_window(first).await.unwrap();
    browser.fill("#nilai-apparatus_total", "15").await;
    browser
        .until(
            "return document.querySelector('.conflict') !== null;",
            "the conflict shown",
        )
        .await;
    assert!(
        browser
            .text("#isian-apparatus_total .saved-elsewhere")
            .await
            .contains("20")
    );
    assert_eq!(browser.value("#nilai-apparatus_total").await, "15");
    browser.check("entri-dua-tab").await;
    browser.click(".conflict button.primary").await;
    browser.until(saved, "the first tab's text kept").await;
    assert_eq!(
        values_of(&app, &draft).await["values"]["apparatus_total"],
        "15"
    );
    assert!(
        browser
            .eval("return document.querySelector('.conflict') === null;")
            .await
            == json!(true)
    );
}

/// The entry's page after publication (read only, with its place, score
/// and breakdown) is as readable as the form, on a phone too.
#[tokio::test]
async fn a_published_entry_reads_well_in_chromium() {
    let app = TestApp::spawn(Backend::Sqlite).await.expect("app");
    let published = crate::mail::publish_three_regencies(&app).await;
    let (_, category) = app.get(&published.category, Some(&published.kanwil)).await;
    let (status, body) = app
        .patch(
            &published.category,
            Some(&published.kanwil),
            json!({"version": category["version"], "entrants_see_breakdown": true}),
        )
        .await;
    assert_eq!(status, StatusCode::OK, "{body}");
    let token = app.login("pemda1@example.id", PASSWORD).await;
    let (_, mine) = app.get("/api/v1/entries", Some(&token)).await;
    let id = mine["items"][0]["id"]
        .as_str()
        .expect("the entry")
        .to_owned();
    let _one = crate::browser::ONE_BROWSER.lock().await;
    let Some(browser) = Browser::start(&app.address, "id-ID,id").await else {
        return;
    };
    browser.sign_in("pemda1@example.id", PASSWORD).await;
    browser.open(&format!("/entri/{id}")).await;
    assert!(
        browser
            .text(".result .place")
            .await
            .contains("Peringkat 2 dari 3")
    );
    browser.check("entri-hasil").await;
    browser.narrow().await;
    browser.check("entri-hasil").await;
}

/// The entry as the API reads it.
async fn values_of(app: &TestApp, draft: &Draft) -> serde_json::Value {
    let (status, entry) = app
        .get(&format!("/api/v1/entries/{}", draft.id), Some(&draft.token))
        .await;
    assert_eq!(status, StatusCode::OK, "{entry}");
    entry
}

async fn the_entry_form_reads_indonesian_numbers_and_keeps_a_typo_beside_its_field(app: TestApp) {
    let draft = secretary_with_a_draft(&app).await;
    let mut secretary = Visitor::new(&app);
    secretary.sign_in("sekdes@example.id", PASSWORD).await;
    let home = secretary.get("/entri").await;
    assert!(
        home.body
            .contains(&format!(r#"href="/entri/{}""#, draft.id)),
        "{}",
        home.body
    );
    let form = secretary.get(&format!("/entri/{}", draft.id)).await;
    assert_eq!(form.status, StatusCode::OK, "{}", form.body);
    for expected in [
        // The village template's sections, in order, with their labels,
        // help, units and bounds.
        "Regulasi dan anggaran",
        "Perangkat desa",
        "Pekerja rentan dan warga",
        "Jumlah perangkat desa",
        "Kepala desa dan seluruh perangkat desa.",
        r#"<span aria-hidden="true">Rp</span>"#,
        "Paling sedikit 1",
        r#"inputmode="numeric""#,
        r#"type="radio" name="nilai.perdes_exists" value="ya""#,
        "0 dari 10 isian terisi",
        // What is missing before it can be sent, each linked to its field.
        "Yang masih kurang sebelum dikirim",
        r##"href="#isian-apparatus_total""##,
    ] {
        assert!(form.body.contains(expected), "{expected}: {}", form.body);
    }
    let csrf = form.csrf();
    let version = hidden(&form.body, "version");
    let path = format!("/entri/{}", draft.id);
    let typo = secretary
        .post(
            &path,
            &[
                ("csrf", &csrf),
                ("version", &version),
                ("nilai.perdes_exists", "ya"),
                ("nilai.apbdes_contribution", "25.000.000"),
                ("nilai.apparatus_total", "12"),
                ("nilai.apparatus_covered", "1O"),
                ("nilai.innovation", "Iuran BPJS untuk marbot dan guru ngaji"),
                ("aksi", "simpan"),
            ],
        )
        .await;
    assert_eq!(
        typo.status,
        StatusCode::UNPROCESSABLE_ENTITY,
        "{}",
        typo.body
    );
    // The typo stays in its field, marked, with the reason beside it.
    assert!(
        typo.body.contains(r#"value="1O" aria-invalid="true""#),
        "{}",
        typo.body
    );
    assert!(typo.body.contains("bukan angka"), "{}", typo.body);
    assert!(
        typo.body.contains("Isian yang ditandai belum tersimpan"),
        "{}",
        typo.body
    );
    // The rest is saved, as numbers, and shown the Indonesian way.
    let entry = values_of(&app, &draft).await;
    assert_eq!(
        entry["values"]["apbdes_contribution"], "25000000",
        "{entry}"
    );
    assert_eq!(entry["values"]["apparatus_total"], "12");
    assert_eq!(entry["values"]["perdes_exists"], true);
    assert!(
        entry["values"].get("apparatus_covered").is_none(),
        "{entry}"
    );
    assert!(typo.body.contains(r#"value="25.000.000""#), "{}", typo.body);

    let fixed = secretary
        .post(
            &path,
            &[
                ("csrf", &csrf),
                ("version", &hidden(&typo.body, "version")),
                ("nilai.apbdes_contribution", "25.000.000"),
                ("nilai.apparatus_total", "12"),
                ("nilai.apparatus_covered", "10"),
                ("aksi", "simpan"),
            ],
        )
        .await;
    assert_eq!(fixed.status, StatusCode::SEE_OTHER, "{}", fixed.body);
    assert_eq!(fixed.location(), path);
    let entry = values_of(&app, &draft).await;
    assert_eq!(entry["values"]["apparatus_covered"], "10", "{entry}");
    // A yes/no not sent stays as it was; a text not sent too.
    assert_eq!(entry["values"]["perdes_exists"], true);
    let again = secretary.get(&path).await;
    assert!(again.body.contains("Entri tersimpan."), "{}", again.body);
    assert!(
        again.body.contains("5 dari 10 isian terisi"),
        "{}",
        again.body
    );
}

async fn a_save_from_a_stale_page_shows_both_versions_and_loses_nothing(app: TestApp) {
    let draft = secretary_with_a_draft(&app).await;
    let mut secretary = Visitor::new(&app);
    secretary.sign_in("sekdes@example.id", PASSWORD).await;
    let path = format!("/entri/{}", draft.id);
    let form = secretary.get(&path).await;
    let (csrf, version) = (form.csrf(), hidden(&form.body, "version"));
    // A colleague changes the entry meanwhile.
    let (status, body) = app
        .patch(
            &format!("/api/v1/entries/{}", draft.id),
            Some(&draft.token),
            json!({"version": version.parse::<i32>().unwrap(), "values": {"apparatus_total": "20"}}),
        )
        .await;
    assert_eq!(status, StatusCode::OK, "{body}");

    // The page's autosave is refused with what is saved now.
    let (status, answer) = {
        let response = secretary
            .post(
                &format!("{path}/draf"),
                &[
                    ("csrf", &csrf),
                    ("version", &version),
                    ("nilai.apparatus_total", "15"),
                ],
            )
            .await;
        (
            response.status,
            serde_json::from_str::<serde_json::Value>(&response.body).unwrap(),
        )
    };
    assert_eq!(status, StatusCode::CONFLICT, "{answer}");
    assert_eq!(answer["outcome"], "conflict");
    assert_eq!(answer["saved"]["apparatus_total"], "20");
    let current = answer["version"].as_i64().unwrap().to_string();

    // Without JavaScript: both versions on the page, the typed one kept.
    let stale = secretary
        .post(
            &path,
            &[
                ("csrf", &csrf),
                ("version", &version),
                ("nilai.apparatus_total", "15"),
            ],
        )
        .await;
    assert_eq!(stale.status, StatusCode::CONFLICT, "{}", stale.body);
    assert!(
        stale.body.contains("diubah di tempat lain"),
        "{}",
        stale.body
    );
    assert!(stale.body.contains(r#"value="15""#), "{}", stale.body);
    assert!(
        stale.body.contains("Tersimpan di tempat lain:</strong> 20"),
        "{}",
        stale.body
    );
    assert_eq!(
        values_of(&app, &draft).await["values"]["apparatus_total"],
        "20"
    );
    // Saving again from that page keeps the entrant's text.
    assert_eq!(hidden(&stale.body, "version"), current);
    let kept = secretary
        .post(
            &path,
            &[
                ("csrf", &csrf),
                ("version", &current),
                ("nilai.apparatus_total", "15"),
            ],
        )
        .await;
    assert_eq!(kept.status, StatusCode::SEE_OTHER, "{}", kept.body);
    assert_eq!(
        values_of(&app, &draft).await["values"]["apparatus_total"],
        "15"
    );

    // An autosave at the current version lands and says when.
    let entry = values_of(&app, &draft).await;
    let version = entry["version"].to_string();
    let saved = secretary
        .post(
            &format!("{path}/draf"),
            &[
                ("csrf", &csrf),
                ("version", &version),
                ("nilai.workers_total", "1.200"),
            ],
        )
        .await;
    let answer: serde_json::Value = serde_json::from_str(&saved.body).unwrap();
    assert_eq!(saved.status, StatusCode::OK, "{answer}");
    assert_eq!(answer["outcome"], "saved");
    assert!(
        answer["saved_at"].as_str().unwrap().ends_with("WIB"),
        "{answer}"
    );
    assert_eq!(
        values_of(&app, &draft).await["values"]["workers_total"],
        "1200"
    );
}

const PDF: &[u8] =
    b"%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n";

async fn evidence_is_uploaded_listed_shown_and_removed_on_the_page(app: TestApp) {
    let draft = secretary_with_a_draft(&app).await;
    let mut secretary = Visitor::new(&app);
    secretary.sign_in("sekdes@example.id", PASSWORD).await;
    let path = format!("/entri/{}", draft.id);
    let form = secretary.get(&path).await;
    let csrf = form.csrf();
    // The limit is stated on the page, and given to the script.
    assert!(
        form.body.contains("paling besar 256 KB per berkas"),
        "{}",
        form.body
    );
    assert!(
        form.body.contains(r#"data-max-bytes="262144""#),
        "{}",
        form.body
    );

    let stored = secretary
        .post_files(
            &format!("{path}/berkas"),
            &[("csrf", &csrf), ("untuk", "perdes_document")],
            &[
                ("berkas", "perdes-2024.pdf", PDF.to_vec()),
                ("berkas", "lampiran.pdf", PDF.to_vec()),
            ],
        )
        .await;
    assert_eq!(stored.status, StatusCode::SEE_OTHER, "{}", stored.body);
    let page = secretary.get(&path).await;
    assert!(page.body.contains("Berkas tersimpan."), "{}", page.body);
    assert!(page.body.contains("perdes-2024.pdf"), "{}", page.body);
    assert!(page.body.contains("lampiran.pdf"), "{}", page.body);
    let (_, files) = app
        .get(
            &format!("/api/v1/entries/{}/files", draft.id),
            Some(&draft.token),
        )
        .await;
    let files = files.as_array().unwrap();
    assert_eq!(files.len(), 2, "{files:?}");
    assert!(
        files
            .iter()
            .all(|f| f["indicator_key"] == "perdes_document")
    );
    let file_id = files[0]["id"].as_str().unwrap();
    let shown = secretary.get(&format!("{path}/berkas/{file_id}")).await;
    assert_eq!(shown.status, StatusCode::OK);
    assert_eq!(shown.headers["content-type"], "application/pdf");
    assert!(
        shown.headers["content-disposition"]
            .to_str()
            .unwrap()
            .starts_with("inline"),
        "{:?}",
        shown.headers
    );

    // A file of another type is refused, naming the accepted types; one
    // over the limit is refused with the limit.
    let wrong = secretary
        .post_files(
            &format!("{path}/berkas"),
            &[("csrf", &csrf)],
            &[("berkas", "catatan.txt", b"just some notes".to_vec())],
        )
        .await;
    assert_eq!(
        wrong.status,
        StatusCode::UNSUPPORTED_MEDIA_TYPE,
        "{}",
        wrong.body
    );
    assert!(
        wrong.body.contains("PDF, PNG, JPEG, XLSX, DOCX atau CSV"),
        "{}",
        wrong.body
    );
    let mut big = PDF.to_vec();
    big.resize(300 * 1024, b' ');
    let large = secretary
        .post_files(
            &format!("{path}/berkas"),
            &[("csrf", &csrf)],
            &[("berkas", "besar.pdf", big)],
        )
        .await;
    assert_eq!(
        large.status,
        StatusCode::PAYLOAD_TOO_LARGE,
        "{}",
        large.body
    );
    assert!(
        large.body.contains("lebih besar dari batas 256 KB"),
        "{}",
        large.body
    );

    let removed = secretary
        .post(
            &format!("{path}/berkas/{file_id}/hapus"),
            &[("csrf", &csrf)],
        )
        .await;
    assert_eq!(removed.status, StatusCode::SEE_OTHER, "{}", removed.body);
    let (_, files) = app
        .get(
            &format!("/api/v1/entries/{}/files", draft.id),
            Some(&draft.token),
        )
        .await;
    assert_eq!(files.as_array().unwrap().len(), 1, "{files}");
}

async fn sending_names_what_is_missing_then_gives_a_receipt_by_page_and_email(app: TestApp) {
    let draft = secretary_with_a_draft(&app).await;
    let mut secretary = Visitor::new(&app);
    secretary.sign_in("sekdes@example.id", PASSWORD).await;
    let path = format!("/entri/{}", draft.id);
    let confirm = secretary.get(&format!("{path}/kirim")).await;
    assert_eq!(confirm.status, StatusCode::OK, "{}", confirm.body);
    assert!(
        confirm
            .body
            .contains("Entri belum dapat dikirim: 8 isian wajib masih kosong"),
        "{}",
        confirm.body
    );
    assert!(
        confirm
            .body
            .contains(&format!(r##"href="{path}#isian-workers_total""##)),
        "{}",
        confirm.body
    );
    assert!(
        !confirm.body.contains("Ya, kirim entri ini"),
        "{}",
        confirm.body
    );

    let entry = values_of(&app, &draft).await;
    let (status, body) = app
        .patch(
            &format!("/api/v1/entries/{}", draft.id),
            Some(&draft.token),
            json!({"version": entry["version"], "values": {
                "perdes_exists": true, "apbdes_contribution": "25000000",
                "apparatus_covered": "10", "apparatus_total": "12",
                "vulnerable_covered": "140", "vulnerable_target": "200",
                "workers_covered": "900", "workers_total": "1500"}}),
        )
        .await;
    assert_eq!(status, StatusCode::OK, "{body}");
    let confirm = secretary.get(&format!("{path}/kirim")).await;
    for expected in [
        "Kirim entri ",
        "Pemerintah Desa",
        "Batas pengiriman:",
        " WIB",
        "Ya, kirim entri ini",
        "Rp 25.000.000",
        "1.500",
    ] {
        assert!(
            confirm.body.contains(expected),
            "{expected}: {}",
            confirm.body
        );
    }
    let sent = secretary
        .post(
            &format!("{path}/kirim"),
            &[
                ("csrf", &confirm.csrf()),
                ("version", &hidden(&confirm.body, "version")),
            ],
        )
        .await;
    assert_eq!(sent.status, StatusCode::SEE_OTHER, "{}", sent.body);
    assert_eq!(sent.location(), format!("{path}/tanda-terima"));
    let receipt = secretary.get(sent.location()).await;
    assert_eq!(receipt.status, StatusCode::OK, "{}", receipt.body);
    assert!(
        receipt.body.contains("Tanda terima entri"),
        "{}",
        receipt.body
    );
    assert!(receipt.body.contains("Entri terkirim."), "{}", receipt.body);
    let reference = hidden_text(&receipt.body, "data-reference>");
    assert!(reference.starts_with("PA-"), "{reference}");
    assert_eq!(values_of(&app, &draft).await["status"], "submitted");

    // The receipt email: Bahasa Indonesia, then English, with every value.
    let (subject, body) = crate::invitations::emails_to(&app, "sekdes@example.id")
        .into_iter()
        .find(|(subject, _)| subject.contains(&reference))
        .expect("the receipt email");
    assert!(subject.contains("Tanda terima"), "{subject}");
    let (id, en) = body.split_once("----------").expect("two languages");
    for expected in [
        "Nomor tanda terima: ",
        "Jumlah perangkat desa: 12",
        "Anggaran APBDes untuk iuran (Rp): Rp 25.000.000",
        "Warga usia kerja yang bekerja: 1.500",
    ] {
        assert!(id.contains(expected), "{expected}: {id}");
    }
    for expected in [
        "Receipt number: ",
        "Village officials: 12",
        "Village budget paying contributions (IDR): Rp 25000000",
    ] {
        assert!(en.contains(expected), "{expected}: {en}");
    }
    assert!(body.contains(&reference));

    // Sent: the form says so and the Send button is gone.
    let page = secretary.get(&path).await;
    assert!(page.body.contains("Entri ini terkirim"), "{}", page.body);
    assert!(!page.body.contains(r#"value="kirim""#), "{}", page.body);

    // The office returns it: the reason at the top of the page, by email
    // too, and the entry opens for correction and sending again.
    let entry = values_of(&app, &draft).await;
    let (status, body) = app
        .post(
            &format!("/api/v1/entries/{}/check", draft.id),
            Some(&draft.kanwil),
            json!({"version": entry["version"], "decision": "returned",
                   "reason": "Lampirkan Perdes yang sudah ditandatangani."}),
        )
        .await;
    assert_eq!(status, StatusCode::OK, "{body}");
    let page = secretary.get(&path).await;
    assert!(
        page.body
            .contains("Entri ini dikembalikan panitia untuk diperbaiki."),
        "{}",
        page.body
    );
    assert!(
        page.body
            .contains("Lampirkan Perdes yang sudah ditandatangani."),
        "{}",
        page.body
    );
    assert!(page.body.contains(r#"value="kirim""#), "{}", page.body);
    let (subject, body) = crate::invitations::emails_to(&app, "sekdes@example.id")
        .into_iter()
        .find(|(subject, _)| subject.contains("dikembalikan"))
        .expect("the check's email");
    assert!(subject.contains(&draft.village), "{subject}");
    assert!(
        body.contains("Yang perlu diperbaiki: Lampirkan Perdes yang sudah ditandatangani."),
        "{body}"
    );
    assert!(body.contains("What to correct: "), "{body}");
}

/// The text after `marker`, up to the next tag.
fn hidden_text(body: &str, marker: &str) -> String {
    let start = body.find(marker).expect("the marker") + marker.len();
    body[start..]
        .split('<')
        .next()
        .unwrap_or_default()
        .to_owned()
}

async fn withdrawing_and_taking_back_each_confirm(app: TestApp) {
    let draft = secretary_with_a_draft(&app).await;
    let mut secretary = Visitor::new(&app);
    secretary.sign_in("sekdes@example.id", PASSWORD).await;
    let path = format!("/entri/{}", draft.id);
    let form = secretary.get(&path).await;
    assert!(form.body.contains("Ya, tarik entri ini"), "{}", form.body);
    let withdrawn = secretary
        .post(
            &format!("{path}/tarik"),
            &[
                ("csrf", &form.csrf()),
                ("version", &hidden(&form.body, "version")),
                ("alasan", "Data belum siap"),
            ],
        )
        .await;
    assert_eq!(
        withdrawn.status,
        StatusCode::SEE_OTHER,
        "{}",
        withdrawn.body
    );
    let page = secretary.get(&path).await;
    assert!(
        page.body.contains("Entri ini sudah ditarik."),
        "{}",
        page.body
    );
    assert!(page.body.contains("Data belum siap"), "{}", page.body);
    assert!(!page.body.contains(r#"id="formulir""#), "{}", page.body);
    let reopened = secretary
        .post(
            &format!("{path}/buka"),
            &[
                ("csrf", &page.csrf()),
                ("version", &hidden(&page.body, "version")),
            ],
        )
        .await;
    assert_eq!(reopened.status, StatusCode::SEE_OTHER, "{}", reopened.body);
    assert_eq!(values_of(&app, &draft).await["status"], "draft");
}

/// Another organisation's entrant reaches nothing of the entry through
/// any page, form or file; a judge and the office of another province are
/// refused too; a visitor not signed in is sent to sign in.
async fn entry_pages_refuse_everyone_but_the_entrant(app: TestApp) {
    let draft = secretary_with_a_draft(&app).await;
    let (status, file) = {
        let form = reqwest::multipart::Form::new().part(
            "file",
            reqwest::multipart::Part::bytes(PDF.to_vec()).file_name("perdes.pdf"),
        );
        let response = app
            .client
            .post(format!("{}/api/v1/entries/{}/files", app.address, draft.id))
            .bearer_auth(&draft.token)
            .multipart(form)
            .send()
            .await
            .unwrap();
        (
            response.status(),
            response.json::<serde_json::Value>().await.unwrap(),
        )
    };
    assert_eq!(status, StatusCode::CREATED, "{file}");
    let file_id = file["id"].as_str().unwrap();
    let before = values_of(&app, &draft).await;
    let village_id = before["organisation"]["id"].as_str().unwrap().to_owned();
    let edition_id = before["edition_id"].as_str().unwrap().to_owned();
    let village_category = before["category_id"].as_str().unwrap().to_owned();
    let demak = app.government("regency_government", "33.21").await;
    app.entrant(
        "staf@demakkab.go.id",
        "33",
        &[demak["id"].as_str().unwrap()],
    )
    .await;
    app.judge("juri@example.id", "33").await;
    app.regional_admin("kanwil.jatim@example.id", "35").await;
    let path = format!("/entri/{}", draft.id);
    let gets = [
        path.clone(),
        format!("{path}/kirim"),
        format!("{path}/tanda-terima"),
        format!("{path}/draf"),
        format!("{path}/berkas/{file_id}"),
    ];
    let posts = [
        path.clone(),
        format!("{path}/draf"),
        format!("{path}/kirim"),
        format!("{path}/tarik"),
        format!("{path}/buka"),
        format!("{path}/berkas/{file_id}/hapus"),
    ];
    for (who, expected) in [
        ("staf@demakkab.go.id", StatusCode::NOT_FOUND),
        ("juri@example.id", StatusCode::FORBIDDEN),
        ("kanwil.jatim@example.id", StatusCode::NOT_FOUND),
    ] {
        let mut visitor = Visitor::new(&app);
        visitor.sign_in(who, PASSWORD).await;
        let csrf = visitor.get("/akun").await.csrf();
        for page in &gets {
            let answer = visitor.get(page).await;
            assert_eq!(answer.status, expected, "{who} GET {page}: {}", answer.body);
            assert!(!answer.body.contains(&draft.village), "{who} {page}");
            assert!(!answer.body.contains("perdes.pdf"), "{who} {page}");
        }
        for page in &posts {
            let answer = visitor
                .post(
                    page,
                    &[
                        ("csrf", &csrf),
                        ("version", "1"),
                        ("nilai.apparatus_total", "99"),
                    ],
                )
                .await;
            assert_eq!(
                answer.status, expected,
                "{who} POST {page}: {}",
                answer.body
            );
            assert!(!answer.body.contains(&draft.village), "{who} {page}");
        }
        let upload = visitor
            .post_files(
                &format!("{path}/berkas"),
                &[("csrf", &csrf)],
                &[("berkas", "x.pdf", PDF.to_vec())],
            )
            .await;
        assert_eq!(upload.status, expected, "{who} upload: {}", upload.body);
        // Entering the secretary's village as someone else is refused too.
        let enter = visitor
            .post(
                "/entri/baru",
                &[
                    ("csrf", &csrf),
                    ("edisi", &edition_id),
                    ("kategori", &village_category),
                    ("organisasi", &village_id),
                ],
            )
            .await;
        assert!(
            enter.status == StatusCode::FORBIDDEN || enter.status == StatusCode::NOT_FOUND,
            "{who} enters: {} {}",
            enter.status,
            enter.body
        );
    }
    let mut stranger = Visitor::new(&app);
    let away = stranger.get(&path).await;
    assert_eq!(away.status, StatusCode::SEE_OTHER);
    assert!(away.location().starts_with("/masuk"), "{}", away.location());
    let script = stranger
        .post(&format!("{path}/draf"), &[("version", "1")])
        .await;
    assert_eq!(script.status, StatusCode::UNAUTHORIZED, "{}", script.body);
    // Nothing changed.
    let after = values_of(&app, &draft).await;
    assert_eq!(after["version"], before["version"], "{after}");
    let (_, files) = app
        .get(
            &format!("/api/v1/entries/{}/files", draft.id),
            Some(&draft.token),
        )
        .await;
    assert_eq!(files.as_array().unwrap().len(), 1, "{files}");
}

/// Three days before entries close, the secretary whose entry is still a
/// draft gets one reminder naming it; the server's next looks add none.
async fn entrants_with_drafts_are_reminded_before_entries_close(app: TestApp) {
    let draft = secretary_with_a_draft(&app).await;
    let hours = |h: i64| {
        (chrono::Utc::now() + chrono::Duration::hours(h + 7))
            .format("%Y-%m-%dT%H:%M")
            .to_string()
    };
    let (_, current) = app.get(&draft.edition, Some(&draft.kanwil)).await;
    let (status, body) = app
        .patch(
            &draft.edition,
            Some(&draft.kanwil),
            json!({"version": current["version"], "schedule": {"submissions_close_at": hours(60)}}),
        )
        .await;
    assert_eq!(status, StatusCode::OK, "{body}");
    let reminders = || {
        crate::invitations::emails_to(&app, "sekdes@example.id")
            .into_iter()
            .filter(|(subject, _)| subject.starts_with("Pengingat: entri Anda"))
            .collect::<Vec<_>>()
    };
    let started = std::time::Instant::now();
    while reminders().is_empty() {
        assert!(
            started.elapsed() < std::time::Duration::from_secs(20),
            "no reminder queued"
        );
        tokio::time::sleep(std::time::Duration::from_millis(200)).await;
    }
    tokio::time::sleep(std::time::Duration::from_millis(2500)).await;
    let sent = reminders();
    assert_eq!(sent.len(), 1, "{sent:?}");
    let (subject, body) = &sent[0];
    assert!(subject.contains("Paritrana Award 2025"), "{subject}");
    assert!(body.contains(&draft.village), "{body}");
    assert!(body.contains("Pemerintah Desa/Kelurahan"), "{body}");
    assert!(body.contains("/entri"), "{body}");
}

/// After publication the entry's page shows its place and final score;
/// its score by criterion only once the category allows it, and never a
/// judge.
async fn the_published_place_and_score_show_on_the_entry(app: TestApp) {
    let published = crate::mail::publish_three_regencies(&app).await;
    let token = app.login("pemda0@example.id", PASSWORD).await;
    let (_, mine) = app.get("/api/v1/entries", Some(&token)).await;
    let id = mine["items"][0]["id"]
        .as_str()
        .expect("the entry")
        .to_owned();
    let mut entrant = Visitor::new(&app);
    entrant.sign_in("pemda0@example.id", PASSWORD).await;
    let page = entrant.get(&format!("/entri/{id}")).await;
    assert_eq!(page.status, StatusCode::OK, "{}", page.body);
    assert!(page.body.contains("Juara 1"), "{}", page.body);
    assert!(page.body.contains("nilai akhir 90,0000"), "{}", page.body);
    assert!(!page.body.contains("Nilai per kriteria"), "{}", page.body);

    let (_, category) = app.get(&published.category, Some(&published.kanwil)).await;
    let (status, body) = app
        .patch(
            &published.category,
            Some(&published.kanwil),
            json!({"version": category["version"], "entrants_see_breakdown": true}),
        )
        .await;
    assert_eq!(status, StatusCode::OK, "{body}");
    assert_eq!(body["entrants_see_breakdown"], true);
    let page = entrant.get(&format!("/entri/{id}")).await;
    assert!(page.body.contains("Nilai per kriteria"), "{}", page.body);
    assert!(page.body.contains("Regulasi"), "{}", page.body);
    assert!(!page.body.contains("juri@example.id"), "{}", page.body);
    // Another entrant of the category sees their own place only.
    let mut tegal = Visitor::new(&app);
    tegal.sign_in("pemda2@example.id", PASSWORD).await;
    let theirs = tegal.get(&format!("/entri/{id}")).await;
    assert_eq!(theirs.status, StatusCode::NOT_FOUND);
}

mod on_pages {
    crate::on_both_backends!(
        the_entrant_home_shows_entries_deadlines_and_eligibility,
        an_entrant_without_an_organisation_is_told_whom_to_ask,
        the_entry_form_reads_indonesian_numbers_and_keeps_a_typo_beside_its_field,
        a_save_from_a_stale_page_shows_both_versions_and_loses_nothing,
        evidence_is_uploaded_listed_shown_and_removed_on_the_page,
        sending_names_what_is_missing_then_gives_a_receipt_by_page_and_email,
        withdrawing_and_taking_back_each_confirm,
        entry_pages_refuse_everyone_but_the_entrant,
        entrants_with_drafts_are_reminded_before_entries_close,
        the_published_place_and_score_show_on_the_entry,
    );
    use super::*;
}
