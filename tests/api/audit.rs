use diesel::RunQueryDsl;
use reqwest::StatusCode;
use serde_json::json;

use crate::helpers::{TestApp, assert_problem};

async fn changes_are_audited_with_actor_before_and_after(app: TestApp) {
    let company = app.company("PT Lama", "33.74", "AU000001").await;
    let id = company["id"].as_str().unwrap();
    let (status, _) = app
        .patch(
            &format!("/api/v1/organisations/{id}"),
            Some(&app.admin_token),
            json!({"version": 1, "name": "PT Baru"}),
        )
        .await;
    assert_eq!(status, StatusCode::OK);
    let (status, page) = app
        .get(
            &format!("/api/v1/audit?object_id={id}"),
            Some(&app.admin_token),
        )
        .await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(page["total"], 2);
    let newest = &page["items"][0];
    assert_eq!(newest["action"], "organisation.update");
    assert_eq!(newest["actor_email"], "admin@bpjsketenagakerjaan.go.id");
    assert_eq!(newest["before"]["name"], "PT Lama");
    assert_eq!(newest["after"]["name"], "PT Baru");
    assert_eq!(newest["province_code"], "33");
    assert!(newest["request_id"].as_str().is_some());
    assert_eq!(page["items"][1]["action"], "organisation.create");
    let (_, page) = app
        .get(
            "/api/v1/audit?action=user.create&per_page=1",
            Some(&app.admin_token),
        )
        .await;
    assert_eq!(
        page["items"].as_array().unwrap().len(),
        page["total"].as_i64().unwrap().min(1) as usize
    );
}

async fn a_regional_admin_reads_only_their_provinces_records(app: TestApp) {
    let (_, kanwil) = app.regional_admin("kanwil@example.id", "33").await;
    app.company("PT Jateng", "33.74", "JT000001").await;
    app.company("PT Jabar", "32.73", "JB000009").await;
    let (status, page) = app
        .get("/api/v1/audit?object_type=organisation", Some(&kanwil))
        .await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(page["total"], 1);
    assert_eq!(page["items"][0]["after"]["name"], "PT Jateng");
    let (_, page) = app.get("/api/v1/audit?province=32", Some(&kanwil)).await;
    assert_eq!(page["total"], 0);
}

async fn the_audit_log_is_refused_to_everyone_else(app: TestApp) {
    let (_, judge) = app.judge("juri@example.id", "33").await;
    let (_, entrant) = app.entrant("peserta@example.id", "33", &[]).await;
    for token in [&judge, &entrant] {
        let (status, body) = app.get("/api/v1/audit", Some(token)).await;
        assert_problem(status, &body, StatusCode::FORBIDDEN);
    }
    let (status, body) = app.get("/api/v1/audit", None).await;
    assert_problem(status, &body, StatusCode::UNAUTHORIZED);
}

async fn the_audit_log_cannot_be_rewritten(app: TestApp) {
    app.company("PT Jejak", "33.74", "JJ000001").await;
    let pool = paritrana::db::connect(&app.settings.database).unwrap();
    let mut conn = pool.get().unwrap();
    let update = diesel::sql_query("UPDATE audit_log SET action = 'nothing'").execute(&mut conn);
    assert!(update.is_err(), "an audit record was changed");
    let delete = diesel::sql_query("DELETE FROM audit_log").execute(&mut conn);
    assert!(delete.is_err(), "audit records were deleted");
}

async fn a_bad_time_window_is_named(app: TestApp) {
    let (status, body) = app
        .get(
            "/api/v1/audit?since=2026-02-01T00:00:00Z&until=2026-01-01T00:00:00Z",
            Some(&app.admin_token),
        )
        .await;
    assert_problem(status, &body, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(body["errors"][0]["field"], "until");
}

crate::on_both_backends!(
    changes_are_audited_with_actor_before_and_after,
    a_regional_admin_reads_only_their_provinces_records,
    the_audit_log_is_refused_to_everyone_else,
    the_audit_log_cannot_be_rewritten,
    a_bad_time_window_is_named,
);
