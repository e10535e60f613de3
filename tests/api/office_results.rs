//! The office's results pages: the live ranking with its explanation and
//! charts, the exports, publishing from a preview of the public page with
//! the number of emails named, publishing again with a reason, and
//! withdrawal by the national committee only; nobody outside the
//! edition's office reaches any of it.

use reqwest::StatusCode;
use serde_json::json;

use crate::helpers::{PASSWORD, TestApp, local_in};
use crate::mail::score_three_regencies;
use crate::pages::{Visitor, outsiders, refused_everywhere};

fn category_id(api_path: &str) -> String {
    api_path.rsplit('/').next().unwrap().to_owned()
}

async fn the_office_reads_the_ranking_and_publishes_from_a_preview(app: TestApp) {
    let s = score_three_regencies(&app).await;
    let category = category_id(&s.category);
    let mut office = Visitor::new(&app);
    office.sign_in("kanwil@example.id", PASSWORD).await;

    // An edition still in draft names why it cannot be published.
    let (_, draft) = app
        .post(
            "/api/v1/editions",
            Some(&s.kanwil),
            json!({"name": "Paritrana Award 2025 – Jawa Tengah", "year": 2025, "tier": "provincial", "province_code": "33",
                   "schedule": {"submissions_open_at": local_in(-1), "submissions_close_at": local_in(30)}}),
        )
        .await;
    let not_yet = office
        .get(&format!(
            "/kantor/edisi/{}/terbitkan",
            draft["id"].as_str().unwrap()
        ))
        .await;
    assert_eq!(not_yet.status, StatusCode::OK, "{}", not_yet.body);
    assert!(
        not_yet
            .body
            .contains("Hasil hanya dapat diumumkan pada tahap penjurian."),
        "{}",
        not_yet.body
    );
    assert!(
        !not_yet.body.contains("Umumkan sekarang"),
        "{}",
        not_yet.body
    );

    let hub = format!("/kantor/edisi/{}/hasil", s.edition_id);
    let edition_page = office.get(&format!("/kantor/edisi/{}", s.edition_id)).await;
    assert!(edition_page.body.contains(&format!(r#"href="{hub}""#)));
    let overview = office.get(&hub).await;
    assert_eq!(overview.status, StatusCode::OK, "{}", overview.body);
    assert!(overview.body.contains("Hasil edisi ini belum diumumkan."));
    let ranking_path = format!("{hub}/{category}");
    assert!(overview.body.contains(&format!(r#"href="{ranking_path}""#)));

    let ranking = office.get(&ranking_path).await;
    assert_eq!(ranking.status, StatusCode::OK, "{}", ranking.body);
    for expected in [
        "Juara 1",
        "Pemerintah Kota Semarang",
        "90,00",
        "Peringkat 2",
        "Peringkat 3",
        "Nilai juri digabung dengan rata-rata; 1 juara.",
        // The explanation names the judge and the mark.
        "juri@example.id: 90",
        // Charts, each with its figures.
        r#"<svg viewBox="#,
        "Sebaran nilai akhir",
        "<td data-label=\"Rentang nilai\">90–100</td>",
        "Perlu paling sedikit dua juri menilai entri yang sama.",
    ] {
        assert!(
            ranking.body.contains(expected),
            "{expected}: {}",
            ranking.body
        );
    }
    let semarang = ranking.body.find("Pemerintah Kota Semarang").unwrap();
    let tegal = ranking.body.find("Pemerintah Kota Tegal").unwrap();
    assert!(semarang < tegal, "best first");

    let csv = office
        .get(&format!("{ranking_path}/unduh?format=csv"))
        .await;
    assert_eq!(csv.status, StatusCode::OK);
    assert!(csv.body.starts_with("peringkat,"), "{}", csv.body);
    assert!(
        csv.body.contains("Pemerintah Kota Semarang"),
        "{}",
        csv.body
    );
    let judges = office
        .get(&format!("{ranking_path}/unduh?format=csv&detail=judges"))
        .await;
    assert!(judges.body.contains("juri@example.id"), "{}", judges.body);
    let xlsx = office
        .get(&format!("{ranking_path}/unduh?format=xlsx"))
        .await;
    assert_eq!(
        xlsx.headers["content-type"],
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    );
    let wrong = office
        .get(&format!("{ranking_path}/unduh?format=pdf"))
        .await;
    assert_eq!(
        wrong.status,
        StatusCode::UNPROCESSABLE_ENTITY,
        "{}",
        wrong.body
    );

    // The preview shows the public page to be, and the emails to go.
    let publish = format!("/kantor/edisi/{}/terbitkan", s.edition_id);
    let preview = office.get(&publish).await;
    assert_eq!(preview.status, StatusCode::OK, "{}", preview.body);
    for expected in [
        "Pratinjau halaman publik",
        "versi 1",
        "4 email pemberitahuan",
        r#"class="juara-1""#,
        "Pemerintah Kota Semarang",
    ] {
        assert!(
            preview.body.contains(expected),
            "{expected}: {}",
            preview.body
        );
    }
    let csrf = preview.csrf();
    let unconfirmed = office
        .post(&publish, &[("csrf", &csrf), ("alasan", "")])
        .await;
    assert_eq!(unconfirmed.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(
        unconfirmed.body.contains(r#"id="f-yakin-error""#),
        "{}",
        unconfirmed.body
    );
    let (_, versions) = app
        .get(
            &format!("/api/v1/editions/{}/publications", s.edition_id),
            Some(&s.kanwil),
        )
        .await;
    assert_eq!(
        versions.as_array().unwrap().len(),
        0,
        "nothing published yet"
    );

    let published = office
        .post(
            &publish,
            &[("csrf", &csrf), ("alasan", ""), ("yakin", "ya")],
        )
        .await;
    assert_eq!(
        published.status,
        StatusCode::SEE_OTHER,
        "{}",
        published.body
    );
    let (_, versions) = app
        .get(
            &format!("/api/v1/editions/{}/publications", s.edition_id),
            Some(&s.kanwil),
        )
        .await;
    let digest = versions[0]["digest"].as_str().unwrap().to_owned();
    let after = office.get(published.location()).await;
    assert!(after.body.contains("Versi 1 diumumkan."), "{}", after.body);
    assert!(after.body.contains(&digest), "{}", after.body);
    let public = Visitor::new(&app)
        .get(&format!("/edisi/{}/hasil", s.edition_id))
        .await;
    assert!(
        public.body.contains("Pemerintah Kota Semarang"),
        "{}",
        public.body
    );
    assert!(public.body.contains(&digest));

    // Again: the reason is required, beside its field.
    let again = office.get(&publish).await;
    assert!(again.body.contains("versi 2"), "{}", again.body);
    let no_reason = office
        .post(
            &publish,
            &[("csrf", &csrf), ("alasan", " "), ("yakin", "ya")],
        )
        .await;
    assert_eq!(no_reason.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(
        no_reason.body.contains(r#"id="f-alasan-error""#),
        "{}",
        no_reason.body
    );
    let republished = office
        .post(
            &publish,
            &[
                ("csrf", &csrf),
                ("alasan", "Nama wilayah diperbaiki"),
                ("yakin", "ya"),
            ],
        )
        .await;
    assert_eq!(
        republished.status,
        StatusCode::SEE_OTHER,
        "{}",
        republished.body
    );

    // Withdrawing is for the national committee: the regional office
    // sees no form and is refused.
    let overview = office.get(&hub).await;
    assert!(!overview.body.contains("/tarik/"), "{}", overview.body);
    let refused = office
        .post(
            &format!("/kantor/edisi/{}/tarik/2", s.edition_id),
            &[("csrf", &csrf), ("alasan", "Salah hitung")],
        )
        .await;
    assert_eq!(refused.status, StatusCode::FORBIDDEN, "{}", refused.body);
    let mut national = Visitor::new(&app);
    national
        .sign_in("admin@bpjsketenagakerjaan.go.id", PASSWORD)
        .await;
    let overview = national.get(&hub).await;
    assert!(overview.body.contains("/tarik/2"), "{}", overview.body);
    let csrf = overview.csrf();
    let blank = national
        .post(
            &format!("/kantor/edisi/{}/tarik/2", s.edition_id),
            &[("csrf", &csrf), ("alasan", "")],
        )
        .await;
    assert_eq!(blank.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(
        blank.body.contains(r#"id="alasan-2-error""#),
        "{}",
        blank.body
    );
    let withdrawn = national
        .post(
            &format!("/kantor/edisi/{}/tarik/2", s.edition_id),
            &[("csrf", &csrf), ("alasan", "Nilai satu juri salah masuk")],
        )
        .await;
    assert_eq!(
        withdrawn.status,
        StatusCode::SEE_OTHER,
        "{}",
        withdrawn.body
    );
    let public = Visitor::new(&app)
        .get(&format!("/edisi/{}/hasil?versi=2", s.edition_id))
        .await;
    assert!(
        public.body.contains("Nilai satu juri salah masuk"),
        "{}",
        public.body
    );
}

async fn results_pages_refuse_everyone_but_the_editions_office(app: TestApp) {
    let s = score_three_regencies(&app).await;
    let category = category_id(&s.category);
    app.regional_admin("kanwil.jatim@example.id", "35").await;
    let hub = format!("/kantor/edisi/{}/hasil", s.edition_id);
    let pages = [
        hub.clone(),
        format!("{hub}/{category}"),
        format!("{hub}/{category}/unduh?format=csv"),
        format!("/kantor/edisi/{}/terbitkan", s.edition_id),
    ];
    let forms: Vec<(String, Vec<(&str, String)>)> = vec![
        (
            format!("/kantor/edisi/{}/terbitkan", s.edition_id),
            vec![("yakin", "ya".into()), ("alasan", "x".into())],
        ),
        (
            format!("/kantor/edisi/{}/tarik/1", s.edition_id),
            vec![("alasan", "x".into())],
        ),
    ];
    let who = outsiders(
        "juri@example.id",
        "pemda0@example.id",
        "kanwil.jatim@example.id",
    );
    refused_everywhere(&app, &who, &pages, &forms, "Pemerintah Kota Semarang").await;
    let (_, versions) = app
        .get(
            &format!("/api/v1/editions/{}/publications", s.edition_id),
            Some(&s.kanwil),
        )
        .await;
    assert_eq!(versions.as_array().unwrap().len(), 0, "{versions}");
}

mod on_pages {
    crate::on_both_backends!(
        the_office_reads_the_ranking_and_publishes_from_a_preview,
        results_pages_refuse_everyone_but_the_editions_office,
    );
    use super::*;
}

#[tokio::test]
async fn the_results_and_category_pages_read_well_in_chromium() {
    let app = TestApp::spawn(crate::helpers::Backend::Sqlite)
        .await
        .expect("app");
    let s = score_three_regencies(&app).await;
    let category = category_id(&s.category);
    let _one = crate::browser::ONE_BROWSER.lock().await;
    let Some(browser) = crate::browser::Browser::start(&app.address, "id-ID,id").await else {
        return;
    };
    browser.sign_in("kanwil@example.id", PASSWORD).await;
    // A draft edition from a template: its rubric is still editable.
    let (_, draft) = app
        .post(
            "/api/v1/editions",
            Some(&s.kanwil),
            json!({"name": "Paritrana Award 2025 – Jawa Tengah", "year": 2025, "tier": "provincial", "province_code": "33"}),
        )
        .await;
    let draft_id = draft["id"].as_str().unwrap().to_owned();
    let (status, village) = app
        .post(
            &format!("/api/v1/editions/{draft_id}/categories"),
            Some(&s.kanwil),
            json!({"template": "village_government"}),
        )
        .await;
    assert_eq!(status, StatusCode::CREATED, "{village}");
    let editor = format!(
        "/kantor/edisi/{draft_id}/kategori/{}",
        village["id"].as_str().unwrap()
    );
    let edition = format!("/kantor/edisi/{}", s.edition_id);
    let pages = [
        ("kantor-rubrik", editor.clone()),
        ("kantor-hasil", format!("{edition}/hasil")),
        ("kantor-peringkat", format!("{edition}/hasil/{category}")),
        ("kantor-terbitkan", format!("{edition}/terbitkan")),
        ("kantor-kategori", format!("{edition}/kategori/{category}")),
        (
            "kantor-pratinjau-lembar",
            format!("{edition}/kategori/{category}/pratinjau"),
        ),
        ("kantor-organisasi", "/kantor/organisasi/baru".to_owned()),
        ("kantor-impor", format!("/kantor/edisi/{draft_id}/impor")),
    ];
    // The explanation unfolds with a tap.
    // The editor counts a stage's weights as they are typed.
    browser.open(&editor).await;
    let before = browser.text(r#"output[data-sum-for="stages"]"#).await;
    assert_eq!(before, "100");
    let weight = "input[name='stages[0].weight']";
    let old = browser.value(weight).await;
    browser.fill(weight, "1").await;
    let after = browser.text(r#"output[data-sum-for="stages"]"#).await;
    assert_ne!(after, "100", "the sum follows the typing (was {old})");
    browser.open(&pages[2].1).await;
    browser.click("ol.ranked details summary").await;
    assert!(
        browser
            .text("ol.ranked table.explain")
            .await
            .contains("juri@example.id: 90"),
        "the judge's mark in the explanation"
    );
    for (label, page) in &pages {
        browser.open(page).await;
        browser.check(label).await;
    }
    browser.narrow().await;
    for (label, page) in &pages {
        browser.open(page).await;
        browser.check(label).await;
    }
    browser.open(&editor).await;
    browser
        .eval("document.getElementById('rubrik').scrollIntoView(); return true;")
        .await;
    browser.screenshot("kantor-rubrik-editor").await;
    browser.open(&pages[2].1).await;
    browser
        .eval("document.getElementById('grafik').scrollIntoView(); return true;")
        .await;
    browser.screenshot("kantor-peringkat-grafik").await;
}
