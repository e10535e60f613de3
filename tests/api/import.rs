use reqwest::StatusCode;
use serde_json::{Value, json};

use crate::helpers::{TestApp, assert_problem, error_fields};

struct Setup {
    edition: String,
    category: String,
    kanwil: String,
}

async fn setup(app: &TestApp, eligibility: Value) -> Setup {
    let (_, kanwil) = app.regional_admin("kanwil@example.id", "33").await;
    let (_, edition) = app
        .post(
            "/api/v1/editions",
            Some(&kanwil),
            json!({"name": "Paritrana Award 2025 – Jawa Tengah", "year": 2025, "tier": "provincial", "province_code": "33"}),
        )
        .await;
    let edition_id = edition["id"].as_str().unwrap().to_owned();
    let (status, category) = app
        .post(
            &format!("/api/v1/editions/{edition_id}/categories"),
            Some(&kanwil),
            json!({"name_id": "Impor", "eligibility": eligibility,
                   "form": [{"key": "workers_total", "label_id": "Pekerja", "type": "integer", "required": true, "min": 1},
                            {"key": "workers_registered", "label_id": "Terdaftar", "type": "integer", "required": true, "min": 0}]}),
        )
        .await;
    assert_eq!(status, StatusCode::CREATED, "{category}");
    Setup {
        edition: edition_id,
        category: category["id"].as_str().unwrap().to_owned(),
        kanwil,
    }
}

async fn import(
    app: &TestApp,
    setup: &Setup,
    token: Option<&str>,
    csv: &str,
    dry_run: bool,
) -> (StatusCode, Value) {
    let mut request = app
        .client
        .post(format!(
            "{}/api/v1/editions/{}/categories/{}/import?dry_run={dry_run}",
            app.address, setup.edition, setup.category
        ))
        .header("content-type", "text/csv")
        .body(csv.to_owned());
    if let Some(token) = token {
        request = request.bearer_auth(token);
    }
    let response = request.send().await.unwrap();
    let status = response.status();
    (status, response.json().await.unwrap_or(Value::Null))
}

const BAD: &str =
    "employer_number,name,region_code,size_class,sector,workers_total,workers_registered
AA000001,PT Satu,33.74,small,trade,10,8
AA000002,PT Dua,33.74,large,trade,10,8
AA000003,PT Tiga,32.73,small,trade,10,8
AA000004,PT Empat,33.74,small,trade,banyak,8
X,PT Lima,33.74,small,trade,5,5
AA000001,PT Satu,33.74,small,trade,1,1
";

async fn a_dry_run_lists_every_bad_row_and_writes_nothing(app: TestApp) {
    let setup = setup(
        &app,
        json!({"kinds": ["company"], "size_classes": ["small", "micro"]}),
    )
    .await;
    let (status, report) = import(&app, &setup, Some(&setup.kanwil), BAD, true).await;
    assert_eq!(status, StatusCode::OK, "{report}");
    assert_eq!(report["valid"], false);
    assert_eq!(report["rows"], 6);
    let lines: Vec<(i64, Option<&str>)> = report["problems"]
        .as_array()
        .unwrap()
        .iter()
        .map(|p| (p["line"].as_i64().unwrap(), p["column"].as_str()))
        .collect();
    assert_eq!(
        lines,
        [
            (3, None),
            (4, Some("region_code")),
            (5, Some("workers_total")),
            (6, Some("employer_number")),
            (7, None)
        ]
    );
    assert!(
        report["problems"][0]["message_en"]
            .as_str()
            .unwrap()
            .contains("size class")
    );
    // The real run refuses the same file whole, naming rows by line.
    let (status, body) = import(&app, &setup, Some(&setup.kanwil), BAD, false).await;
    assert_problem(status, &body, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(error_fields(&body)[0], "rows[3]");
    assert_eq!(error_fields(&body)[2], "rows[5].workers_total");
    let (_, entries) = app
        .get(
            &format!("/api/v1/entries?edition={}", setup.edition),
            Some(&setup.kanwil),
        )
        .await;
    assert_eq!(entries["total"], 0);
    let (_, organisations) = app
        .get("/api/v1/organisations?kind=company", Some(&setup.kanwil))
        .await;
    assert_eq!(organisations["total"], 0, "nothing was written");
}

async fn an_import_creates_then_updates_entries_and_organisations(app: TestApp) {
    let setup = setup(&app, json!({"kinds": ["company"]})).await;
    let existing = app.company("PT Sudah Ada", "33.74", "AB000009").await;
    let csv = "employer_number,name,region_code,size_class,sector,workers_total,workers_registered
AB000001,PT Baru Satu,33.74.01,small,trade,120,100
AB000002,PT Baru Dua,33.10,micro,agriculture,8,8
ab000009,,,,,1.250,1.100
";
    let (status, report) = import(&app, &setup, Some(&setup.kanwil), csv, false).await;
    assert_eq!(status, StatusCode::OK, "{report}");
    assert_eq!(
        (
            report["entries_created"].as_i64(),
            report["organisations_created"].as_i64()
        ),
        (Some(3), Some(2))
    );
    let (_, page) = app
        .get(
            &format!("/api/v1/entries?edition={}&status=submitted", setup.edition),
            Some(&setup.kanwil),
        )
        .await;
    assert_eq!(page["total"], 3);
    let sudah = page["items"]
        .as_array()
        .unwrap()
        .iter()
        .find(|e| e["organisation"]["id"] == existing["id"])
        .unwrap();
    assert_eq!(sudah["values"]["workers_total"], "1250");
    assert_eq!(sudah["source"], "import");

    let again = "employer_number,workers_registered\nAB000001,110\n";
    let (status, report) = import(&app, &setup, Some(&setup.kanwil), again, false).await;
    assert_eq!(status, StatusCode::OK, "{report}");
    assert_eq!(
        (
            report["entries_created"].as_i64(),
            report["entries_updated"].as_i64()
        ),
        (Some(0), Some(1))
    );
    let (_, page) = app
        .get(
            &format!("/api/v1/entries?edition={}&q=baru%20satu", setup.edition),
            Some(&setup.kanwil),
        )
        .await;
    assert_eq!(page["items"][0]["values"]["workers_registered"], "110");
    assert_eq!(
        page["items"][0]["values"]["workers_total"], "120",
        "columns not in the file keep their values"
    );
    assert_eq!(page["items"][0]["version"], 2);
    let (_, audit) = app
        .get(
            &format!(
                "/api/v1/audit?action=entry.import&object_id={}",
                setup.category
            ),
            Some(&setup.kanwil),
        )
        .await;
    assert_eq!(audit["total"], 2);
    assert_eq!(audit["items"][1]["after"]["entries_created"], 3);
}

async fn governments_are_matched_by_region_code(app: TestApp) {
    let setup = setup(&app, json!({"kinds": ["village_government"]})).await;
    let csv = "region_code,workers_total,workers_registered\n33.10.19.2018,40,35\n33.74,10,10\n";
    let (status, report) = import(&app, &setup, Some(&setup.kanwil), csv, true).await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(
        report["problems"][0]["line"], 3,
        "a city is not a village: {report}"
    );
    let (status, report) = import(
        &app,
        &setup,
        Some(&setup.kanwil),
        "region_code,workers_total,workers_registered\n33.10.19.2018,40,35\n",
        false,
    )
    .await;
    assert_eq!(status, StatusCode::OK, "{report}");
    let (_, page) = app
        .get(
            &format!("/api/v1/entries?edition={}", setup.edition),
            Some(&setup.kanwil),
        )
        .await;
    assert_eq!(
        page["items"][0]["organisation"]["name"],
        "Pemerintah Desa Wunut"
    );
    let (status, report) = import(
        &app,
        &setup,
        Some(&setup.kanwil),
        "region_code,unknown_column\n33.10.19.2018,1\n",
        true,
    )
    .await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(
        (
            report["problems"][0]["line"].as_i64(),
            report["problems"][0]["column"].as_str()
        ),
        (Some(1), Some("unknown_column"))
    );
}

async fn only_the_editions_admins_import(app: TestApp) {
    let setup = setup(&app, json!({"kinds": ["village_government"]})).await;
    let (_, judge) = app.judge("juri@example.id", "33").await;
    let (_, entrant) = app.entrant("peserta@example.id", "33", &[]).await;
    let (_, jabar) = app.regional_admin("kanwil.jabar@example.id", "32").await;
    let csv = "region_code,workers_total,workers_registered\n33.10.19.2018,40,35\n";
    for (token, expected) in [
        (judge.as_str(), StatusCode::FORBIDDEN),
        (entrant.as_str(), StatusCode::FORBIDDEN),
        (jabar.as_str(), StatusCode::NOT_FOUND),
    ] {
        let (status, body) = import(&app, &setup, Some(token), csv, false).await;
        assert_problem(status, &body, expected);
    }
    let (status, _) = import(&app, &setup, None, csv, false).await;
    assert_eq!(status, StatusCode::UNAUTHORIZED);
}

crate::on_both_backends!(
    a_dry_run_lists_every_bad_row_and_writes_nothing,
    an_import_creates_then_updates_entries_and_organisations,
    governments_are_matched_by_region_code,
    only_the_editions_admins_import,
);
