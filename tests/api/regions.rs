use reqwest::StatusCode;

use crate::helpers::{Backend, TestApp, assert_problem, error_fields, repo_path};

async fn regions_are_listed_by_level_and_parent(app: TestApp) {
    let (status, page) = app
        .get("/api/v1/regions?level=province&per_page=100", None)
        .await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(page["total"], 38);
    assert_eq!(page["items"][0]["code"], "11");
    assert_eq!(page["items"][0]["name"], "Aceh");
    let (_, page) = app.get("/api/v1/regions?parent=33", None).await;
    assert_eq!(
        page["total"], 35,
        "Jawa Tengah has 29 regencies and 6 cities"
    );
    let (_, page) = app.get("/api/v1/regions?parent=33.10.19", None).await;
    let names: Vec<&str> = page["items"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| r["name"].as_str().unwrap())
        .collect();
    assert!(names.contains(&"Wunut"), "{names:?}");
}

async fn regions_are_found_by_name(app: TestApp) {
    let (_, page) = app
        .get("/api/v1/regions?level=regency&q=semarang", None)
        .await;
    let names: Vec<&str> = page["items"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| r["name"].as_str().unwrap())
        .collect();
    assert_eq!(names, ["Kabupaten Semarang", "Kota Semarang"]);
    let (_, page) = app.get("/api/v1/regions?q=100%25", None).await;
    assert_eq!(page["total"], 0, "a % in the search is taken literally");
}

async fn one_region_comes_with_its_ancestors(app: TestApp) {
    let (status, region) = app.get("/api/v1/regions/33.10.19.2018", None).await;
    assert_eq!(status, StatusCode::OK, "{region}");
    assert_eq!(region["name"], "Wunut");
    assert_eq!(region["level"], "village");
    let ancestors: Vec<&str> = region["ancestors"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| r["name"].as_str().unwrap())
        .collect();
    assert_eq!(ancestors, ["Jawa Tengah", "Kabupaten Klaten", "Tulung"]);
}

async fn unknown_and_malformed_codes_are_404(app: TestApp) {
    let (status, body) = app.get("/api/v1/regions/99.99", None).await;
    assert_problem(status, &body, StatusCode::NOT_FOUND);
    let (status, body) = app.get("/api/v1/regions/semarang", None).await;
    assert_problem(status, &body, StatusCode::NOT_FOUND);
    let (status, body) = app.get("/api/v1/regions?parent=xx", None).await;
    assert_problem(status, &body, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(error_fields(&body), ["parent"]);
}

crate::on_both_backends!(
    regions_are_listed_by_level_and_parent,
    regions_are_found_by_name,
    one_region_comes_with_its_ancestors,
    unknown_and_malformed_codes_are_404,
);

/// The whole Kemendagri data set loads at start-up, with the published counts,
/// and a second import changes nothing.
async fn the_full_region_set_loads_and_reimports_idempotently(backend: Backend) {
    let Some(app) = TestApp::spawn_with(backend, |figment| {
        figment.merge(figment::providers::Serialized::default(
            "regions.dir",
            repo_path("assets/data/wilayah"),
        ))
    })
    .await
    else {
        return;
    };
    for (level, expected) in [
        ("province", 38),
        ("regency", 514),
        ("district", 7285),
        ("village", 83762),
    ] {
        let (_, page) = app
            .get(&format!("/api/v1/regions?level={level}&per_page=1"), None)
            .await;
        assert_eq!(page["total"], expected, "{level}");
    }
    let pool = paritrana::db::connect(&app.settings.database).unwrap();
    let mut conn = pool.get().unwrap();
    let report = paritrana::regions::import::import_regions(
        &mut conn,
        &paritrana::regions::import::RegionSource::Dir(repo_path("assets/data/wilayah")),
        &indicatif::ProgressBar::hidden(),
    )
    .unwrap();
    assert_eq!(
        (report.inserted, report.updated, report.unchanged),
        (0, 0, 91599)
    );
}

#[tokio::test]
async fn full_region_set_on_sqlite() {
    the_full_region_set_loads_and_reimports_idempotently(Backend::Sqlite).await;
}

#[tokio::test]
async fn full_region_set_on_postgres() {
    the_full_region_set_loads_and_reimports_idempotently(Backend::Postgres).await;
}
