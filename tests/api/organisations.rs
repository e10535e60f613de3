use reqwest::{Method, StatusCode};
use serde_json::{Value, json};

use crate::helpers::{TestApp, assert_problem, error_fields};

async fn a_government_is_named_after_its_region(app: TestApp) {
    let city = app.government("regency_government", "33.74").await;
    assert_eq!(city["name"], "Pemerintah Kota Semarang");
    assert_eq!(city["province_code"], "33");
    let village = app.government("village_government", "33.10.19.2018").await;
    assert_eq!(village["name"], "Pemerintah Desa Wunut");
    let province = app.government("province_government", "33").await;
    assert_eq!(province["name"], "Pemerintah Provinsi Jawa Tengah");
}

async fn a_government_needs_a_region_of_its_level_and_exists_once(app: TestApp) {
    let (status, body) = app
        .post(
            "/api/v1/organisations",
            Some(&app.admin_token),
            json!({"kind": "village_government", "region_code": "33.74"}),
        )
        .await;
    assert_problem(status, &body, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(error_fields(&body), ["region_code"]);
    app.government("regency_government", "33.74").await;
    let (status, body) = app
        .post(
            "/api/v1/organisations",
            Some(&app.admin_token),
            json!({"kind": "regency_government", "region_code": "33.74"}),
        )
        .await;
    assert_problem(status, &body, StatusCode::CONFLICT);
    let (status, body) = app
        .post(
            "/api/v1/organisations",
            Some(&app.admin_token),
            json!({"kind": "regency_government", "region_code": "33.99"}),
        )
        .await;
    assert_problem(status, &body, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(body["errors"][0]["code"], "unknown_region");
}

async fn a_company_needs_its_registration_size_and_sector(app: TestApp) {
    let (status, body) = app
        .post(
            "/api/v1/organisations",
            Some(&app.admin_token),
            json!({"kind": "company", "region_code": "33.74"}),
        )
        .await;
    assert_problem(status, &body, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(
        error_fields(&body),
        ["name", "employer_number", "size_class", "sector"]
    );
    let (status, body) = app
        .post(
            "/api/v1/organisations",
            Some(&app.admin_token),
            json!({"kind": "company", "name": "PT Uji", "region_code": "33.74", "employer_number": "1-2",
                   "size_class": "huge", "sector": "manufacturing"}),
        )
        .await;
    assert_problem(status, &body, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(error_fields(&body), ["employer_number", "size_class"]);
    let company = app
        .company("PT Sinar Semarang", "33.74.01", "ab100200")
        .await;
    assert_eq!(company["employer_number"], "AB100200");
    assert_eq!(company["size_class"], "large");
    let (status, body) = app
        .post(
            "/api/v1/organisations",
            Some(&app.admin_token),
            json!({"kind": "company", "name": "PT Lain", "region_code": "33.10", "employer_number": "AB100200",
                   "size_class": "small", "sector": "trade"}),
        )
        .await;
    assert_problem(status, &body, StatusCode::CONFLICT);
}

async fn a_regional_admin_works_only_in_their_provinces(app: TestApp) {
    let (_, kanwil) = app.regional_admin("kanwil@example.id", "33").await;
    let (status, body) = app
        .post(
            "/api/v1/organisations",
            Some(&kanwil),
            json!({"kind": "regency_government", "region_code": "32.73"}),
        )
        .await;
    assert_problem(status, &body, StatusCode::FORBIDDEN);
    let (status, own) = app
        .post(
            "/api/v1/organisations",
            Some(&kanwil),
            json!({"kind": "regency_government", "region_code": "33.10"}),
        )
        .await;
    assert_eq!(status, StatusCode::CREATED, "{own}");
    let bandung = app.government("regency_government", "32.73").await;
    let (_, list) = app.get("/api/v1/organisations", Some(&kanwil)).await;
    assert_eq!(list["total"], 1);
    assert_eq!(list["items"][0]["id"], own["id"]);
    let other = format!("/api/v1/organisations/{}", bandung["id"].as_str().unwrap());
    let (status, body) = app.get(&other, Some(&kanwil)).await;
    assert_problem(status, &body, StatusCode::NOT_FOUND);
    let (status, body) = app
        .patch(
            &other,
            Some(&kanwil),
            json!({"version": 1, "name": "Diambil alih"}),
        )
        .await;
    assert_problem(status, &body, StatusCode::NOT_FOUND);
    // Moving its own organisation into another province is refused too.
    let (status, body) = app
        .post(
            "/api/v1/organisations",
            Some(&kanwil),
            json!({"kind": "company", "name": "PT Klaten", "region_code": "33.10", "employer_number": "KL000001",
                   "size_class": "medium", "sector": "trade"}),
        )
        .await;
    assert_eq!(status, StatusCode::CREATED, "{body}");
    let path = format!("/api/v1/organisations/{}", body["id"].as_str().unwrap());
    let (status, body) = app
        .patch(
            &path,
            Some(&kanwil),
            json!({"version": 1, "region_code": "32.73"}),
        )
        .await;
    assert_problem(status, &body, StatusCode::FORBIDDEN);
}

async fn entrants_see_only_their_own_organisations(app: TestApp) {
    let semarang = app.government("regency_government", "33.74").await;
    let demak = app.government("regency_government", "33.10").await;
    let (_, entrant) = app
        .entrant(
            "staf@semarangkota.go.id",
            "33",
            &[semarang["id"].as_str().unwrap()],
        )
        .await;
    let (status, list) = app.get("/api/v1/organisations", Some(&entrant)).await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(list["total"], 1);
    assert_eq!(list["items"][0]["name"], "Pemerintah Kota Semarang");
    let own = format!("/api/v1/organisations/{}", semarang["id"].as_str().unwrap());
    let (status, _) = app.get(&own, Some(&entrant)).await;
    assert_eq!(status, StatusCode::OK);
    let (status, body) = app
        .get(
            &format!("/api/v1/organisations/{}", demak["id"].as_str().unwrap()),
            Some(&entrant),
        )
        .await;
    assert_problem(status, &body, StatusCode::NOT_FOUND);
    let (status, body) = app
        .patch(
            &own,
            Some(&entrant),
            json!({"version": 1, "name": "Kota Lain"}),
        )
        .await;
    assert_problem(status, &body, StatusCode::FORBIDDEN);
}

async fn organisations_are_filtered_by_region_kind_and_name(app: TestApp) {
    app.government("regency_government", "33.74").await;
    app.government("village_government", "33.10.19.2018").await;
    app.company("PT Sinar Klaten", "33.10.19", "KL000002").await;
    app.company("PT Pasundan", "32.73", "JB000001").await;
    let (_, page) = app
        .get("/api/v1/organisations?region=33.10", Some(&app.admin_token))
        .await;
    assert_eq!(page["total"], 2, "{page}");
    let (_, page) = app
        .get(
            "/api/v1/organisations?kind=company&province=32",
            Some(&app.admin_token),
        )
        .await;
    assert_eq!(page["items"][0]["name"], "PT Pasundan");
    let (_, page) = app
        .get("/api/v1/organisations?q=sinar", Some(&app.admin_token))
        .await;
    assert_eq!(page["total"], 1);
    let (status, body) = app
        .get(
            "/api/v1/organisations?region=klaten",
            Some(&app.admin_token),
        )
        .await;
    assert_problem(status, &body, StatusCode::UNPROCESSABLE_ENTITY);
}

async fn a_stale_organisation_version_is_refused(app: TestApp) {
    let company = app.company("PT Awal", "33.74", "AW000001").await;
    let path = format!("/api/v1/organisations/{}", company["id"].as_str().unwrap());
    let (status, changed) = app
        .patch(
            &path,
            Some(&app.admin_token),
            json!({"version": 1, "size_class": "medium"}),
        )
        .await;
    assert_eq!(status, StatusCode::OK, "{changed}");
    assert_eq!(changed["size_class"], "medium");
    assert_eq!(changed["name"], "PT Awal");
    let (status, body) = app
        .patch(
            &path,
            Some(&app.admin_token),
            json!({"version": 1, "name": "PT Timpa"}),
        )
        .await;
    assert_problem(status, &body, StatusCode::CONFLICT);
}

async fn judges_and_strangers_cannot_reach_organisations(app: TestApp) {
    let org = app.government("regency_government", "33.74").await;
    let (_, judge) = app.judge("juri@example.id", "33").await;
    let one = format!("/api/v1/organisations/{}", org["id"].as_str().unwrap());
    let create = json!({"kind": "regency_government", "region_code": "33.10"});
    let calls: Vec<(Method, &str, Option<Value>)> = vec![
        (Method::GET, "/api/v1/organisations", None),
        (Method::POST, "/api/v1/organisations", Some(create)),
        (Method::GET, &one, None),
        (
            Method::PATCH,
            &one,
            Some(json!({"version": 1, "name": "X"})),
        ),
    ];
    for (method, path, body) in calls {
        let (status, answer) = app
            .request(method.clone(), path, Some(&judge), body.clone())
            .await;
        assert_problem(status, &answer, StatusCode::FORBIDDEN);
        let (status, answer) = app.request(method.clone(), path, None, body).await;
        assert_problem(status, &answer, StatusCode::UNAUTHORIZED);
    }
    let (_, entrant) = app.entrant("peserta@example.id", "33", &[]).await;
    let (status, body) = app
        .post(
            "/api/v1/organisations",
            Some(&entrant),
            json!({"kind": "regency_government", "region_code": "33.10"}),
        )
        .await;
    assert_problem(status, &body, StatusCode::FORBIDDEN);
}

crate::on_both_backends!(
    a_government_is_named_after_its_region,
    a_government_needs_a_region_of_its_level_and_exists_once,
    a_company_needs_its_registration_size_and_sector,
    a_regional_admin_works_only_in_their_provinces,
    entrants_see_only_their_own_organisations,
    organisations_are_filtered_by_region_kind_and_name,
    a_stale_organisation_version_is_refused,
    judges_and_strangers_cannot_reach_organisations,
);
