//! The office's category pages: settings saved with every refusal beside
//! its field, the rubric editor (add, move, remove; every problem of the
//! rubric's own validation beside its node; a typed number that cannot be
//! read kept in its field), the scoresheet preview, and a frozen rubric
//! read-only once judging opens; nobody outside the edition's office
//! reaches any of it.

use reqwest::StatusCode;
use serde_json::json;

use crate::helpers::{PASSWORD, TestApp, local_in};
use crate::pages::{Visitor, hidden, outsiders, refused_everywhere};

struct Made {
    edition: String,
    category: String,
    kanwil: String,
}

/// A Central Java edition with one category and no rubric yet.
async fn a_category(app: &TestApp) -> Made {
    let (_, kanwil) = app.regional_admin("kanwil@example.id", "33").await;
    let (_, edition) = app
        .post(
            "/api/v1/editions",
            Some(&kanwil),
            json!({"name": "Paritrana Award 2024 – Jawa Tengah", "year": 2024, "tier": "provincial", "province_code": "33",
                   "schedule": {"submissions_open_at": local_in(-1), "submissions_close_at": local_in(30)}}),
        )
        .await;
    let edition = edition["id"].as_str().unwrap().to_owned();
    let (status, category) = app
        .post(
            &format!("/api/v1/editions/{edition}/categories"),
            Some(&kanwil),
            json!({"name_id": "Pemerintah Kabupaten/Kota", "eligibility": {"kinds": ["regency_government"]},
                   "form": [{"key": "pu_covered", "label_id": "PU terlindungi", "type": "integer", "required": true},
                            {"key": "pu_total", "label_id": "PU seluruhnya", "type": "integer", "required": true}]}),
        )
        .await;
    assert_eq!(status, StatusCode::CREATED, "{category}");
    Made {
        category: category["id"].as_str().unwrap().to_owned(),
        edition,
        kanwil,
    }
}

/// A one-stage rubric as the editor posts it: a judged criterion with two
/// levels and a computed coverage ratio.
fn rubric_form<'a>(
    csrf: &'a str,
    stage_weight: &'a str,
    coverage_weight: &'a str,
) -> Vec<(&'a str, &'a str)> {
    vec![
        ("csrf", csrf),
        ("stages[0].key", "data"),
        ("stages[0].name_id", "Data"),
        ("stages[0].weight", stage_weight),
        ("stages[0].criteria[0].key", "regulation"),
        ("stages[0].criteria[0].name_id", "Regulasi"),
        ("stages[0].criteria[0].weight", "60"),
        ("stages[0].criteria[0].kind", "judged"),
        ("stages[0].criteria[0].judged.min", "0"),
        ("stages[0].criteria[0].judged.max", "100"),
        ("stages[0].criteria[0].judged.step", "5"),
        ("stages[0].criteria[0].judged.levels[0].from", "0"),
        ("stages[0].criteria[0].judged.levels[0].to", "50"),
        (
            "stages[0].criteria[0].judged.levels[0].descriptor_id",
            "Belum ada perda",
        ),
        ("stages[0].criteria[0].judged.levels[1].from", "55"),
        ("stages[0].criteria[0].judged.levels[1].to", "100"),
        (
            "stages[0].criteria[0].judged.levels[1].descriptor_id",
            "Perda lengkap dan dijalankan",
        ),
        ("stages[0].criteria[1].key", "coverage"),
        ("stages[0].criteria[1].name_id", "Cakupan"),
        ("stages[0].criteria[1].weight", coverage_weight),
        ("stages[0].criteria[1].kind", "computed"),
        ("stages[0].criteria[1].computed.source", "ratio"),
        ("stages[0].criteria[1].computed.numerator", "pu_covered"),
        ("stages[0].criteria[1].computed.denominator", "pu_total"),
        ("stages[0].criteria[1].computed.mapping", "linear"),
        ("stages[0].criteria[1].computed.floor", "0"),
        ("stages[0].criteria[1].computed.target", "1"),
        (
            "stages[0].criteria[1].computed.direction",
            "higher_is_better",
        ),
        ("aksi", "simpan"),
    ]
}

async fn the_office_sets_a_category_and_builds_its_rubric(app: TestApp) {
    let m = a_category(&app).await;
    let mut office = Visitor::new(&app);
    office.sign_in("kanwil@example.id", PASSWORD).await;
    let edition_page = office.get(&format!("/kantor/edisi/{}", m.edition)).await;
    let path = format!("/kantor/edisi/{}/kategori/{}", m.edition, m.category);
    assert!(
        edition_page.body.contains(&format!(r#"href="{path}""#)),
        "{}",
        edition_page.body
    );
    let page = office.get(&path).await;
    assert_eq!(page.status, StatusCode::OK, "{}", page.body);
    assert!(
        page.body.contains(r#"value="regency_government" checked"#),
        "{}",
        page.body
    );
    let csrf = page.csrf();
    let version = hidden(&page.body, "versi");

    // Settings: refusals beside their fields, what was typed kept.
    let settings = |winners: &'static str, tie: &'static str| {
        vec![
            ("csrf", csrf.clone()),
            ("versi", version.clone()),
            ("name_id", "Pemerintah Kabupaten/Kota".to_owned()),
            ("name_en", "Regency and city governments".to_owned()),
            ("kind", "regency_government".to_owned()),
            ("winners", winners.to_owned()),
            ("aggregation", "median".to_owned()),
            ("threshold", "25".to_owned()),
            ("tie_break", tie.to_owned()),
            ("blind", "ya".to_owned()),
        ]
    };
    let fields = settings("dua", "juri:ani");
    let fields: Vec<(&str, &str)> = fields.iter().map(|(k, v)| (*k, v.as_str())).collect();
    let refused = office.post(&path, &fields).await;
    assert_eq!(
        refused.status,
        StatusCode::UNPROCESSABLE_ENTITY,
        "{}",
        refused.body
    );
    for expected in [
        r#"id="c-winners-error""#,
        r#"id="c-tie-error""#,
        r#"value="dua""#,
        r#"value="Regency and city governments""#,
    ] {
        assert!(
            refused.body.contains(expected),
            "{expected}: {}",
            refused.body
        );
    }
    let fields = settings("2", "");
    let fields: Vec<(&str, &str)> = fields.iter().map(|(k, v)| (*k, v.as_str())).collect();
    let saved = office.post(&path, &fields).await;
    assert_eq!(saved.status, StatusCode::SEE_OTHER, "{}", saved.body);
    let api = format!("/api/v1/editions/{}/categories/{}", m.edition, m.category);
    let (_, category) = app.get(&api, Some(&m.kanwil)).await;
    assert_eq!(
        (
            &category["winners_count"],
            &category["aggregation"],
            &category["blind"]
        ),
        (&json!(2), &json!("median"), &json!(true)),
        "{category}"
    );
    // A form read before that save is stale.
    let stale = office.post(&path, &fields).await;
    assert_eq!(
        stale.status,
        StatusCode::UNPROCESSABLE_ENTITY,
        "{}",
        stale.body
    );

    // The rubric: buttons add nodes without saving.
    let page = office.get(&path).await;
    let added = office
        .post(
            &format!("{path}/rubrik"),
            &[("csrf", &csrf), ("aksi", "add-stage")],
        )
        .await;
    assert_eq!(added.status, StatusCode::OK, "{}", added.body);
    assert!(
        added.body.contains(r#"name="stages[0].criteria[0].key""#),
        "{}",
        added.body
    );
    assert!(page.body.contains("Tambah tahap"), "{}", page.body);
    let (status, _) = app.get(&format!("{api}/rubric"), Some(&m.kanwil)).await;
    assert_eq!(status, StatusCode::NOT_FOUND, "nothing saved by a button");

    // Weights that do not sum to 100, and a number that cannot be read:
    // each problem beside its node, the typed text kept.
    let wrong = office
        .post(&format!("{path}/rubrik"), &rubric_form(&csrf, "90", "4O"))
        .await;
    assert_eq!(
        wrong.status,
        StatusCode::UNPROCESSABLE_ENTITY,
        "{}",
        wrong.body
    );
    for expected in [
        "Rubrik belum dapat disimpan",
        r#"value="4O""#,
        "Tulis angka, misalnya 25 atau 12,5.",
    ] {
        assert!(wrong.body.contains(expected), "{expected}: {}", wrong.body);
    }
    let wrong = office
        .post(&format!("{path}/rubrik"), &rubric_form(&csrf, "90", "30"))
        .await;
    assert_eq!(wrong.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(
        wrong
            .body
            .matches("Jumlah bobot pada tingkat ini 90 (harus 100).")
            .count(),
        2,
        "the stages' sum and the criteria's, each where it is: {}",
        wrong.body
    );
    for expected in [
        r#"<output data-sum-for="stages">90</output>"#,
        r#"<output data-sum-for="stages[0].criteria">90</output>"#,
    ] {
        assert!(wrong.body.contains(expected), "{expected}: {}", wrong.body);
    }
    let right = office
        .post(&format!("{path}/rubrik"), &rubric_form(&csrf, "100", "40"))
        .await;
    assert_eq!(right.status, StatusCode::SEE_OTHER, "{}", right.body);
    let (status, rubric) = app.get(&format!("{api}/rubric"), Some(&m.kanwil)).await;
    assert_eq!(status, StatusCode::OK, "{rubric}");
    let criteria = &rubric["rubric"]["stages"][0]["criteria"];
    assert_eq!(
        criteria[0]["judged"]["levels"][1]["descriptor_id"],
        "Perda lengkap dan dijalankan"
    );
    assert_eq!(
        criteria[1]["computed"]["source"]["ratio"]["denominator"],
        "pu_total"
    );

    // Saved, the editor shows it back, and moving a criterion works.
    let page = office.get(&path).await;
    assert!(page.body.contains("Rubrik tersimpan."), "{}", page.body);
    assert!(
        page.body
            .contains(r#"value="Perda lengkap dan dijalankan""#),
        "{}",
        page.body
    );
    let mut moved = rubric_form(&csrf, "100", "40");
    moved.retain(|(k, _)| *k != "aksi");
    moved.push(("aksi", "down:stages[0].criteria[0]"));
    let moved = office.post(&format!("{path}/rubrik"), &moved).await;
    let coverage = moved
        .body
        .find(r#"value="coverage""#)
        .expect("coverage shown");
    let regulation = moved
        .body
        .find(r#"value="regulation""#)
        .expect("regulation shown");
    assert!(coverage < regulation, "moved down");

    let preview = office.get(&format!("{path}/pratinjau")).await;
    assert_eq!(preview.status, StatusCode::OK, "{}", preview.body);
    for expected in [
        "Skala 0–100, langkah 5",
        "Perda lengkap dan dijalankan",
        "Dihitung otomatis",
    ] {
        assert!(
            preview.body.contains(expected),
            "{expected}: {}",
            preview.body
        );
    }

    // Once judging opens the rubric is frozen: read-only, with its versions.
    for to in ["submissions_open", "submissions_closed", "judging"] {
        let (status, body) = app
            .post(
                &format!("/api/v1/editions/{}/phase", m.edition),
                Some(&m.kanwil),
                json!({"to": to}),
            )
            .await;
        assert_eq!(status, StatusCode::OK, "{to}: {body}");
    }
    let frozen = office.get(&path).await;
    assert!(
        frozen.body.contains("Rubrik ini dibekukan"),
        "{}",
        frozen.body
    );
    assert!(
        !frozen.body.contains(r#"class="rubric""#),
        "no editor: {}",
        frozen.body
    );
    assert!(frozen.body.contains("versi 1"), "{}", frozen.body);
    let forced = office
        .post(&format!("{path}/rubrik"), &rubric_form(&csrf, "100", "40"))
        .await;
    assert_eq!(
        forced.status,
        StatusCode::UNPROCESSABLE_ENTITY,
        "{}",
        forced.body
    );
    let (_, after) = app.get(&format!("{api}/rubric"), Some(&m.kanwil)).await;
    assert_eq!(after["version"], rubric["version"], "unchanged");
}

async fn category_pages_refuse_everyone_but_the_editions_office(app: TestApp) {
    let m = a_category(&app).await;
    app.regional_admin("kanwil.jatim@example.id", "35").await;
    app.judge("juri@example.id", "33").await;
    app.entrant("peserta@example.id", "33", &[]).await;
    let path = format!("/kantor/edisi/{}/kategori/{}", m.edition, m.category);
    let rubric: Vec<(&str, String)> = rubric_form("", "100", "40")
        .into_iter()
        .filter(|(k, _)| *k != "csrf")
        .map(|(k, v)| (k, v.to_owned()))
        .collect();
    let forms = vec![
        (
            path.clone(),
            vec![
                ("versi", "1".to_owned()),
                ("winners", "5".to_owned()),
                ("threshold", "20".to_owned()),
            ],
        ),
        (format!("{path}/rubrik"), rubric),
    ];
    let who = outsiders(
        "juri@example.id",
        "peserta@example.id",
        "kanwil.jatim@example.id",
    );
    let pages = [path.clone(), format!("{path}/pratinjau")];
    refused_everywhere(&app, &who, &pages, &forms, "Pemerintah Kabupaten/Kota").await;
    let api = format!("/api/v1/editions/{}/categories/{}", m.edition, m.category);
    let (_, category) = app.get(&api, Some(&m.kanwil)).await;
    assert_eq!(category["version"], 1, "{category}");
    let (status, _) = app.get(&format!("{api}/rubric"), Some(&m.kanwil)).await;
    assert_eq!(status, StatusCode::NOT_FOUND);
}

mod on_pages {
    crate::on_both_backends!(
        the_office_sets_a_category_and_builds_its_rubric,
        category_pages_refuse_everyone_but_the_editions_office,
    );
    use super::*;
}
