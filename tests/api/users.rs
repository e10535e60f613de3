use reqwest::{Method, StatusCode};
use serde_json::{Value, json};

use crate::helpers::{PASSWORD, TestApp, assert_problem, error_fields};

async fn a_national_admin_creates_a_regional_admin(app: TestApp) {
    let (status, user) = app
        .post(
            "/api/v1/users",
            Some(&app.admin_token),
            json!({"email": "kanwil.jateng@bpjsketenagakerjaan.go.id", "display_name": "Kanwil Jawa Tengah",
                   "password": PASSWORD, "roles": ["regional_admin"], "provinces": ["33"], "province_code": "33"}),
        )
        .await;
    assert_eq!(status, StatusCode::CREATED, "{user}");
    assert_eq!(user["roles"], json!(["regional_admin"]));
    assert_eq!(user["provinces"], json!(["33"]));
    assert_eq!(user["is_active"], true);
    assert!(user.get("password_hash").is_none() && !user.to_string().contains("argon2"));
    let token = app
        .login("kanwil.jateng@bpjsketenagakerjaan.go.id", PASSWORD)
        .await;
    let (_, me) = app.get("/api/v1/me", Some(&token)).await;
    assert_eq!(me["provinces"], json!(["33"]));
}

async fn invalid_accounts_are_refused_field_by_field(app: TestApp) {
    let (status, body) = app
        .post(
            "/api/v1/users",
            Some(&app.admin_token),
            json!({"email": "not-an-email", "display_name": " ", "password": "short", "roles": ["judge", "king"]}),
        )
        .await;
    assert_problem(status, &body, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(
        error_fields(&body),
        ["email", "display_name", "password", "roles[1]"]
    );
    assert!(
        body["errors"][0]["message"]
            .as_str()
            .unwrap()
            .contains("email")
    );
    assert!(body["errors"][0]["message_en"].as_str().is_some());

    let (status, body) = app
        .post(
            "/api/v1/users",
            Some(&app.admin_token),
            json!({"email": "a@example.id", "display_name": "A", "password": PASSWORD, "roles": ["regional_admin"]}),
        )
        .await;
    assert_problem(status, &body, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(error_fields(&body), ["provinces"]);

    let (status, body) = app
        .post(
            "/api/v1/users",
            Some(&app.admin_token),
            json!({"email": "a@example.id", "display_name": "A", "password": PASSWORD, "roles": ["regional_admin"],
                   "provinces": ["99"]}),
        )
        .await;
    assert_problem(status, &body, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(error_fields(&body), ["provinces[0]"]);
}

async fn a_misspelt_field_is_named_not_ignored(app: TestApp) {
    let (judge, _) = app.judge("juri@example.id", "33").await;
    let (status, body) = app
        .patch(
            &format!("/api/v1/users/{judge}"),
            Some(&app.admin_token),
            json!({"version": 1, "display_nme": "Typo"}),
        )
        .await;
    assert_problem(status, &body, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(error_fields(&body), ["display_nme"]);
    let (_, user) = app
        .get(&format!("/api/v1/users/{judge}"), Some(&app.admin_token))
        .await;
    assert_eq!(user["version"], 1, "nothing was written");
}

async fn a_registered_email_cannot_be_registered_again(app: TestApp) {
    app.judge("juri@example.id", "33").await;
    let (status, body) = app
        .post(
            "/api/v1/users",
            Some(&app.admin_token),
            json!({"email": "JURI@example.id", "display_name": "Lagi", "password": PASSWORD, "roles": ["judge"]}),
        )
        .await;
    assert_problem(status, &body, StatusCode::CONFLICT);
}

async fn a_regional_admin_manages_judges_and_entrants_of_their_province(app: TestApp) {
    let (_, kanwil) = app.regional_admin("kanwil@example.id", "33").await;
    let (status, judge) = app
        .post(
            "/api/v1/users",
            Some(&kanwil),
            json!({"email": "juri.semarang@example.id", "display_name": "Juri Semarang", "password": PASSWORD,
                   "roles": ["judge"], "province_code": "33"}),
        )
        .await;
    assert_eq!(status, StatusCode::CREATED, "{judge}");
    let path = format!("/api/v1/users/{}", judge["id"].as_str().unwrap());
    let (status, changed) = app
        .patch(
            &path,
            Some(&kanwil),
            json!({"version": judge["version"], "display_name": "Dr. Juri Semarang"}),
        )
        .await;
    assert_eq!(status, StatusCode::OK, "{changed}");
    assert_eq!(changed["display_name"], "Dr. Juri Semarang");
    assert_eq!(changed["version"], judge["version"].as_i64().unwrap() + 1);

    let (status, list) = app.get("/api/v1/users", Some(&kanwil)).await;
    assert_eq!(status, StatusCode::OK);
    let emails: Vec<&str> = list["items"]
        .as_array()
        .unwrap()
        .iter()
        .map(|u| u["email"].as_str().unwrap())
        .collect();
    assert_eq!(
        emails,
        ["juri.semarang@example.id"],
        "admins are never in a regional admin's list"
    );
    assert_eq!(list["total"], 1);
}

async fn a_regional_admin_is_refused_outside_their_province(app: TestApp) {
    let (_, kanwil) = app.regional_admin("kanwil@example.id", "33").await;
    let (status, body) = app
        .post(
            "/api/v1/users",
            Some(&kanwil),
            json!({"email": "juri.bandung@example.id", "display_name": "Juri Bandung", "password": PASSWORD,
                   "roles": ["judge"], "province_code": "32"}),
        )
        .await;
    assert_problem(status, &body, StatusCode::FORBIDDEN);
    let (status, body) = app
        .post(
            "/api/v1/users",
            Some(&kanwil),
            json!({"email": "juri@example.id", "display_name": "Juri", "password": PASSWORD, "roles": ["judge"]}),
        )
        .await;
    assert_problem(status, &body, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(error_fields(&body), ["province_code"]);

    let (west_java_judge, _) = app.judge("juri.jabar@example.id", "32").await;
    let path = format!("/api/v1/users/{west_java_judge}");
    let (status, body) = app.get(&path, Some(&kanwil)).await;
    assert_problem(status, &body, StatusCode::NOT_FOUND);
    let (status, body) = app
        .patch(
            &path,
            Some(&kanwil),
            json!({"version": 1, "display_name": "X"}),
        )
        .await;
    assert_problem(status, &body, StatusCode::NOT_FOUND);
    let (status, body) = app
        .put(
            &format!("{path}/roles"),
            Some(&kanwil),
            json!({"version": 1, "roles": ["entrant"]}),
        )
        .await;
    assert_problem(status, &body, StatusCode::NOT_FOUND);

    // Nor can a judge of their own province be moved to another.
    let (own_judge, _) = app.judge("juri.jateng@example.id", "33").await;
    let (status, body) = app
        .patch(
            &format!("/api/v1/users/{own_judge}"),
            Some(&kanwil),
            json!({"version": 1, "province_code": "32"}),
        )
        .await;
    assert_problem(status, &body, StatusCode::FORBIDDEN);
}

async fn a_regional_admin_never_manages_admins(app: TestApp) {
    let (_, kanwil) = app.regional_admin("kanwil@example.id", "33").await;
    let (status, body) = app
        .post(
            "/api/v1/users",
            Some(&kanwil),
            json!({"email": "kanwil2@example.id", "display_name": "Kanwil 2", "password": PASSWORD,
                   "roles": ["regional_admin"], "provinces": ["33"], "province_code": "33"}),
        )
        .await;
    assert_problem(status, &body, StatusCode::FORBIDDEN);
    let (colleague, _) = app.regional_admin("kanwil3@example.id", "33").await;
    let (status, body) = app
        .get(&format!("/api/v1/users/{colleague}"), Some(&kanwil))
        .await;
    assert_problem(status, &body, StatusCode::NOT_FOUND);
    let (judge, _) = app.judge("juri@example.id", "33").await;
    let (status, body) = app
        .put(
            &format!("/api/v1/users/{judge}/roles"),
            Some(&kanwil),
            json!({"version": 1, "roles": ["national_admin"]}),
        )
        .await;
    assert_problem(status, &body, StatusCode::FORBIDDEN);
}

async fn roles_and_memberships_are_replaced_with_a_version_check(app: TestApp) {
    let org = app.government("regency_government", "33.74").await;
    let (judge, _) = app.judge("orang@example.id", "33").await;
    let path = format!("/api/v1/users/{judge}/roles");
    let (status, user) = app
        .put(
            &path,
            Some(&app.admin_token),
            json!({"version": 1, "roles": ["entrant", "judge"], "organisation_ids": [org["id"]]}),
        )
        .await;
    assert_eq!(status, StatusCode::OK, "{user}");
    assert_eq!(user["roles"], json!(["judge", "entrant"]));
    assert_eq!(user["organisation_ids"], json!([org["id"]]));
    let (status, body) = app
        .put(
            &path,
            Some(&app.admin_token),
            json!({"version": 1, "roles": ["judge"]}),
        )
        .await;
    assert_problem(status, &body, StatusCode::CONFLICT);
}

async fn a_stale_version_is_refused_not_overwritten(app: TestApp) {
    let (judge, _) = app.judge("juri@example.id", "33").await;
    let path = format!("/api/v1/users/{judge}");
    let (status, _) = app
        .patch(
            &path,
            Some(&app.admin_token),
            json!({"version": 1, "display_name": "Pertama"}),
        )
        .await;
    assert_eq!(status, StatusCode::OK);
    let (status, body) = app
        .patch(
            &path,
            Some(&app.admin_token),
            json!({"version": 1, "display_name": "Kedua"}),
        )
        .await;
    assert_problem(status, &body, StatusCode::CONFLICT);
    let (_, user) = app.get(&path, Some(&app.admin_token)).await;
    assert_eq!(user["display_name"], "Pertama");
}

async fn admins_cannot_lock_themselves_out(app: TestApp) {
    let (_, me) = app.get("/api/v1/me", Some(&app.admin_token)).await;
    let path = format!("/api/v1/users/{}", me["id"].as_str().unwrap());
    let (status, body) = app
        .patch(
            &path,
            Some(&app.admin_token),
            json!({"version": me["version"], "is_active": false}),
        )
        .await;
    assert_problem(status, &body, StatusCode::UNPROCESSABLE_ENTITY);
    let (status, body) = app
        .put(
            &format!("{path}/roles"),
            Some(&app.admin_token),
            json!({"version": me["version"], "roles": ["judge"]}),
        )
        .await;
    assert_problem(status, &body, StatusCode::UNPROCESSABLE_ENTITY);
}

async fn the_list_filters_and_pages(app: TestApp) {
    for i in 0..3 {
        app.judge(&format!("juri{i}@example.id"), "33").await;
    }
    app.judge("juri.jabar@example.id", "32").await;
    let (_, page) = app
        .get(
            "/api/v1/users?role=judge&province=33&per_page=2",
            Some(&app.admin_token),
        )
        .await;
    assert_eq!(page["total"], 3);
    assert_eq!(page["items"].as_array().unwrap().len(), 2);
    let (_, page) = app
        .get(
            "/api/v1/users?role=judge&province=33&per_page=2&page=2",
            Some(&app.admin_token),
        )
        .await;
    assert_eq!(page["items"].as_array().unwrap().len(), 1);
    let (_, page) = app
        .get("/api/v1/users?q=JABAR", Some(&app.admin_token))
        .await;
    assert_eq!(page["total"], 1);
    let (status, body) = app
        .get("/api/v1/users?per_page=0", Some(&app.admin_token))
        .await;
    assert_problem(status, &body, StatusCode::UNPROCESSABLE_ENTITY);
}

async fn judges_entrants_and_strangers_cannot_manage_users(app: TestApp) {
    let (target, _) = app.judge("target@example.id", "33").await;
    let (_, judge) = app.judge("juri@example.id", "33").await;
    let (_, entrant) = app.entrant("peserta@example.id", "33", &[]).await;
    let create = json!({"email": "x@example.id", "display_name": "X", "password": PASSWORD, "roles": ["judge"],
                        "province_code": "33"});
    let one = format!("/api/v1/users/{target}");
    let roles = format!("{one}/roles");
    let calls: Vec<(Method, &str, Option<Value>)> = vec![
        (Method::GET, "/api/v1/users", None),
        (Method::POST, "/api/v1/users", Some(create)),
        (Method::GET, &one, None),
        (
            Method::PATCH,
            &one,
            Some(json!({"version": 1, "display_name": "Y"})),
        ),
        (
            Method::PUT,
            &roles,
            Some(json!({"version": 1, "roles": ["national_admin"]})),
        ),
    ];
    for (method, path, body) in calls {
        for (who, token, expected) in [
            ("judge", Some(judge.as_str()), StatusCode::FORBIDDEN),
            ("entrant", Some(entrant.as_str()), StatusCode::FORBIDDEN),
            ("anonymous", None, StatusCode::UNAUTHORIZED),
        ] {
            let (status, answer) = app.request(method.clone(), path, token, body.clone()).await;
            assert_eq!(status, expected, "{who} {method} {path}: {answer}");
        }
    }
}

crate::on_both_backends!(
    a_national_admin_creates_a_regional_admin,
    invalid_accounts_are_refused_field_by_field,
    a_registered_email_cannot_be_registered_again,
    a_misspelt_field_is_named_not_ignored,
    a_regional_admin_manages_judges_and_entrants_of_their_province,
    a_regional_admin_is_refused_outside_their_province,
    a_regional_admin_never_manages_admins,
    roles_and_memberships_are_replaced_with_a_version_check,
    a_stale_version_is_refused_not_overwritten,
    admins_cannot_lock_themselves_out,
    the_list_filters_and_pages,
    judges_entrants_and_strangers_cannot_manage_users,
);
