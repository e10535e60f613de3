use reqwest::{Method, StatusCode};
use serde_json::{Value, json};

use crate::helpers::{TestApp, assert_problem, error_fields, local_in};

/// An open Central Java edition with one regency/city category whose small
/// form needs a count, a yes/no answer and a document.
struct Open {
    edition: String,
    category: String,
    kanwil: String,
    semarang: String,
    entrant: String,
}

async fn open_edition(app: &TestApp) -> Open {
    let (_, kanwil) = app.regional_admin("kanwil@example.id", "33").await;
    let (_, edition) = app
        .post(
            "/api/v1/editions",
            Some(&kanwil),
            json!({"name": "Paritrana Award 2025 – Jawa Tengah", "year": 2025, "tier": "provincial", "province_code": "33",
                   "schedule": {"submissions_open_at": local_in(-1), "submissions_close_at": local_in(30)}}),
        )
        .await;
    let edition_id = edition["id"].as_str().unwrap().to_owned();
    let (status, category) = app
        .post(
            &format!("/api/v1/editions/{edition_id}/categories"),
            Some(&kanwil),
            json!({"name_id": "Pemerintah Kabupaten/Kota", "eligibility": {"kinds": ["regency_government"]},
                   "form": [
                       {"key": "pu_covered", "label_id": "PU terlindungi", "label_en": "Covered wage earners", "type": "integer", "required": true, "min": 0},
                       {"key": "perda", "label_id": "Ada Perda", "type": "yes_no", "required": true},
                       {"key": "perda_document", "label_id": "Dokumen Perda", "type": "document", "required": true},
                       {"key": "budget", "label_id": "Anggaran", "type": "rupiah"}]}),
        )
        .await;
    assert_eq!(status, StatusCode::CREATED, "{category}");
    let category_id = category["id"].as_str().unwrap().to_owned();
    let (status, body) = app
        .put(
            &format!("/api/v1/editions/{edition_id}/categories/{category_id}/rubric"),
            Some(&kanwil),
            json!({"stages": [{"key": "data", "name_id": "Data", "weight": 100, "criteria": [
                {"key": "regulation", "name_id": "Regulasi", "weight": 100, "judged": {"min": 0, "max": 100, "step": 5}}]}]}),
        )
        .await;
    assert_eq!(status, StatusCode::OK, "{body}");
    let (status, body) = app
        .post(
            &format!("/api/v1/editions/{edition_id}/phase"),
            Some(&kanwil),
            json!({"to": "submissions_open"}),
        )
        .await;
    assert_eq!(status, StatusCode::OK, "{body}");
    let semarang = app.government("regency_government", "33.74").await["id"]
        .as_str()
        .unwrap()
        .to_owned();
    let (_, entrant) = app
        .entrant("staf@semarangkota.go.id", "33", &[&semarang])
        .await;
    Open {
        edition: edition_id,
        category: category_id,
        kanwil,
        semarang,
        entrant,
    }
}

async fn enter(app: &TestApp, open: &Open, values: Value) -> Value {
    let (status, entry) = app
        .post(
            &format!(
                "/api/v1/editions/{}/categories/{}/entries",
                open.edition, open.category
            ),
            Some(&open.entrant),
            json!({"organisation_id": open.semarang, "values": values}),
        )
        .await;
    assert_eq!(status, StatusCode::CREATED, "{entry}");
    entry
}

async fn upload(
    app: &TestApp,
    token: &str,
    entry: &str,
    name: &str,
    bytes: Vec<u8>,
    indicator: Option<&str>,
) -> (StatusCode, Value) {
    let mut form = reqwest::multipart::Form::new().part(
        "file",
        reqwest::multipart::Part::bytes(bytes).file_name(name.to_owned()),
    );
    if let Some(key) = indicator {
        form = form.text("indicator_key", key.to_owned());
    }
    let response = app
        .client
        .post(format!("{}/api/v1/entries/{entry}/files", app.address))
        .bearer_auth(token)
        .multipart(form)
        .send()
        .await
        .unwrap();
    let status = response.status();
    (status, response.json().await.unwrap_or(Value::Null))
}

const PDF: &[u8] =
    b"%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n";

async fn an_entrant_fills_uploads_and_submits(app: TestApp) {
    let open = open_edition(&app).await;
    let entry = enter(&app, &open, json!({"pu_covered": "125.000"})).await;
    let id = entry["id"].as_str().unwrap();
    assert_eq!(entry["status"], "draft");
    assert_eq!(entry["values"]["pu_covered"], "125000");
    assert_eq!(entry["organisation"]["name"], "Pemerintah Kota Semarang");

    let (status, body) = app
        .post(
            &format!("/api/v1/entries/{id}/submit"),
            Some(&open.entrant),
            json!({"version": 1}),
        )
        .await;
    assert_problem(status, &body, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(
        error_fields(&body),
        ["values.perda", "values.perda_document"]
    );

    let (status, body) = app
        .patch(
            &format!("/api/v1/entries/{id}"),
            Some(&open.entrant),
            json!({"version": 1, "values": {"perda": "ya", "budget": "2.500.000.000"}}),
        )
        .await;
    assert_eq!(status, StatusCode::OK, "{body}");
    assert_eq!(body["values"]["budget"], "2500000000");
    let (status, file) = upload(
        &app,
        &open.entrant,
        id,
        "Perda 7 2023.pdf",
        PDF.to_vec(),
        Some("perda_document"),
    )
    .await;
    assert_eq!(status, StatusCode::CREATED, "{file}");
    assert_eq!(file["media_type"], "application/pdf");
    assert_eq!(file["sha256"].as_str().unwrap().len(), 64);

    let download = app
        .send(
            Method::GET,
            &format!(
                "/api/v1/entries/{id}/files/{}",
                file["id"].as_str().unwrap()
            ),
            Some(&open.kanwil),
            None,
        )
        .await;
    assert_eq!(download.status(), StatusCode::OK);
    assert_eq!(download.headers()["content-type"], "application/pdf");
    assert_eq!(download.bytes().await.unwrap().as_ref(), PDF);

    let (status, submitted) = app
        .post(
            &format!("/api/v1/entries/{id}/submit"),
            Some(&open.entrant),
            json!({"version": 2}),
        )
        .await;
    assert_eq!(status, StatusCode::OK, "{submitted}");
    assert_eq!(submitted["status"], "submitted");
    assert!(submitted["submitted_at"].is_string());
    assert_eq!(submitted["evidence_count"], 1);
    // Evidence stays once the entry is sent.
    let (status, body) = app
        .request(
            Method::DELETE,
            &format!(
                "/api/v1/entries/{id}/files/{}",
                file["id"].as_str().unwrap()
            ),
            Some(&open.entrant),
            None,
        )
        .await;
    assert_problem(status, &body, StatusCode::CONFLICT);
    // Editing until the deadline keeps it complete.
    let (status, body) = app
        .patch(
            &format!("/api/v1/entries/{id}"),
            Some(&open.entrant),
            json!({"version": 3, "values": {"perda": null}}),
        )
        .await;
    assert_problem(status, &body, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(error_fields(&body), ["values.perda"]);
}

async fn a_concurrent_edit_is_refused_not_overwritten(app: TestApp) {
    let open = open_edition(&app).await;
    let entry = enter(&app, &open, json!({})).await;
    let path = format!("/api/v1/entries/{}", entry["id"].as_str().unwrap());
    let (first, _) = app
        .patch(
            &path,
            Some(&open.entrant),
            json!({"version": 1, "values": {"pu_covered": 100}}),
        )
        .await;
    assert_eq!(first, StatusCode::OK);
    let (second, body) = app
        .patch(
            &path,
            Some(&open.entrant),
            json!({"version": 1, "values": {"pu_covered": 999}}),
        )
        .await;
    assert_problem(second, &body, StatusCode::CONFLICT);
    let response = app
        .client
        .patch(format!("{}{path}", app.address))
        .bearer_auth(&open.entrant)
        .header("If-Match", "\"1\"")
        .json(&json!({"values": {"pu_covered": 999}}))
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), StatusCode::PRECONDITION_FAILED);
    let current = app
        .send(Method::GET, &path, Some(&open.entrant), None)
        .await;
    assert_eq!(current.headers()["etag"], "\"2\"");
    let current: Value = current.json().await.unwrap();
    assert_eq!(current["values"]["pu_covered"], "100");
    let response = app
        .client
        .patch(format!("{}{path}", app.address))
        .bearer_auth(&open.entrant)
        .header("If-Match", "\"2\"")
        .json(&json!({"values": {"pu_covered": 150}}))
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), StatusCode::OK);
    assert_eq!(response.headers()["etag"], "\"3\"");
}

async fn an_upload_named_pdf_that_is_not_a_pdf_is_refused(app: TestApp) {
    let open = open_edition(&app).await;
    let entry = enter(&app, &open, json!({})).await;
    let id = entry["id"].as_str().unwrap();
    let (status, body) = upload(
        &app,
        &open.entrant,
        id,
        "perda.pdf",
        b"kode,jumlah\n33.74,125000\n".to_vec(),
        None,
    )
    .await;
    assert_problem(status, &body, StatusCode::UNSUPPORTED_MEDIA_TYPE);
    assert!(
        body["detail_en"].as_str().unwrap().contains("says PDF"),
        "{body}"
    );
    let (status, body) = upload(
        &app,
        &open.entrant,
        id,
        "laporan.pdf",
        b"MZ\x90\x00\x03\x00\x00\x00\x04\x00".to_vec(),
        None,
    )
    .await;
    assert_problem(status, &body, StatusCode::UNSUPPORTED_MEDIA_TYPE);
    let (status, body) = upload(
        &app,
        &open.entrant,
        id,
        "data.csv",
        b"kode,jumlah\n33.74,125000\n".to_vec(),
        Some("nope"),
    )
    .await;
    assert_problem(status, &body, StatusCode::UNPROCESSABLE_ENTITY);
    // An SVG is text but not a table: it is not accepted as CSV, under
    // either name.
    for name in ["logo.csv", "logo.svg"] {
        let (status, body) = upload(
            &app,
            &open.entrant,
            id,
            name,
            b"<svg xmlns=\"http://www.w3.org/2000/svg\"><script>alert(1)</script></svg>".to_vec(),
            None,
        )
        .await;
        assert_problem(status, &body, StatusCode::UNSUPPORTED_MEDIA_TYPE);
    }
    // A file name that reads backwards is refused, not stored.
    let (status, body) = upload(
        &app,
        &open.entrant,
        id,
        "laporan\u{202E}fdp.csv",
        b"kode,jumlah\n33.74,125000\n".to_vec(),
        None,
    )
    .await;
    assert_problem(status, &body, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(crate::helpers::error_fields(&body), ["file"]);
    let (status, stored) = upload(
        &app,
        &open.entrant,
        id,
        "data.csv",
        b"kode,jumlah\n33.74,125000\n".to_vec(),
        None,
    )
    .await;
    assert_eq!(status, StatusCode::CREATED, "{stored}");
    assert_eq!(stored["media_type"], "text/csv");
    let (_, files) = app
        .get(&format!("/api/v1/entries/{id}/files"), Some(&open.entrant))
        .await;
    assert_eq!(
        files.as_array().unwrap().len(),
        1,
        "refused uploads leave nothing behind"
    );
}

async fn an_oversized_upload_is_refused(app: TestApp) {
    let open = open_edition(&app).await;
    let entry = enter(&app, &open, json!({})).await;
    let mut big = PDF.to_vec();
    big.resize(app.settings.files.max_upload_bytes + 1, b' ');
    let (status, body) = upload(
        &app,
        &open.entrant,
        entry["id"].as_str().unwrap(),
        "besar.pdf",
        big,
        None,
    )
    .await;
    assert_problem(status, &body, StatusCode::PAYLOAD_TOO_LARGE);
}

async fn a_submission_after_the_deadline_is_refused(app: TestApp) {
    let open = open_edition(&app).await;
    let entry = enter(&app, &open, json!({"pu_covered": 10, "perda": true})).await;
    let id = entry["id"].as_str().unwrap();
    upload(
        &app,
        &open.entrant,
        id,
        "perda.pdf",
        PDF.to_vec(),
        Some("perda_document"),
    )
    .await;
    // The office moves the deadline to yesterday evening (WIB).
    let (_, edition) = app
        .get(
            &format!("/api/v1/editions/{}", open.edition),
            Some(&open.kanwil),
        )
        .await;
    let (status, body) = app
        .patch(
            &format!("/api/v1/editions/{}", open.edition),
            Some(&open.kanwil),
            json!({"version": edition["version"], "schedule": {"submissions_open_at": local_in(-3), "submissions_close_at": local_in(-1)}}),
        )
        .await;
    assert_eq!(status, StatusCode::OK, "{body}");
    let (status, body) = app
        .post(
            &format!("/api/v1/entries/{id}/submit"),
            Some(&open.entrant),
            json!({"version": 2}),
        )
        .await;
    assert_problem(status, &body, StatusCode::CONFLICT);
    assert!(body["detail"].as_str().unwrap().contains("WIB"), "{body}");
    let (status, _) = app
        .patch(
            &format!("/api/v1/entries/{id}"),
            Some(&open.entrant),
            json!({"version": 2, "values": {"pu_covered": 11}}),
        )
        .await;
    assert_eq!(status, StatusCode::CONFLICT);
    let (status, _) = app
        .post(
            &format!(
                "/api/v1/editions/{}/categories/{}/entries",
                open.edition, open.category
            ),
            Some(&open.entrant),
            json!({"organisation_id": open.semarang}),
        )
        .await;
    assert_eq!(status, StatusCode::CONFLICT);
}

async fn ineligible_and_duplicate_entries_are_refused_with_the_rule(app: TestApp) {
    let open = open_edition(&app).await;
    let village = app.government("village_government", "33.10.19.2018").await["id"]
        .as_str()
        .unwrap()
        .to_owned();
    let bandung = app.government("regency_government", "32.73").await["id"]
        .as_str()
        .unwrap()
        .to_owned();
    let (_, staff) = app
        .entrant("staf@wunut.desa.id", "33", &[&village, &bandung])
        .await;
    let path = format!(
        "/api/v1/editions/{}/categories/{}/entries",
        open.edition, open.category
    );
    let (status, body) = app
        .post(&path, Some(&staff), json!({"organisation_id": village}))
        .await;
    assert_problem(status, &body, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(error_fields(&body), ["organisation_id"]);
    assert!(
        body["errors"][0]["message_en"]
            .as_str()
            .unwrap()
            .contains("village_government"),
        "{body}"
    );
    let (status, body) = app
        .post(&path, Some(&staff), json!({"organisation_id": bandung}))
        .await;
    assert_problem(status, &body, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(
        body["errors"][0]["message_en"]
            .as_str()
            .unwrap()
            .contains("province"),
        "{body}"
    );
    let (status, body) = app
        .post(
            &path,
            Some(&staff),
            json!({"organisation_id": open.semarang}),
        )
        .await;
    assert_problem(status, &body, StatusCode::FORBIDDEN);
    enter(&app, &open, json!({})).await;
    let (status, body) = app
        .post(
            &path,
            Some(&open.entrant),
            json!({"organisation_id": open.semarang}),
        )
        .await;
    assert_problem(status, &body, StatusCode::CONFLICT);
}

async fn the_office_checks_entries_and_judging_waits_for_it(app: TestApp) {
    let open = open_edition(&app).await;
    let entry = enter(&app, &open, json!({"pu_covered": 10, "perda": true})).await;
    let id = entry["id"].as_str().unwrap();
    upload(
        &app,
        &open.entrant,
        id,
        "perda.pdf",
        PDF.to_vec(),
        Some("perda_document"),
    )
    .await;
    app.post(
        &format!("/api/v1/entries/{id}/submit"),
        Some(&open.entrant),
        json!({"version": 1}),
    )
    .await;

    let (status, page) = app
        .get(
            &format!("/api/v1/entries?edition={}&status=submitted", open.edition),
            Some(&open.kanwil),
        )
        .await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(page["total"], 1);
    let (_, page) = app
        .get(
            "/api/v1/entries?q=semarang&region=33.74",
            Some(&open.kanwil),
        )
        .await;
    assert_eq!(page["total"], 1);

    // Returning needs a reason the entrant then sees.
    let check = format!("/api/v1/entries/{id}/check");
    let (status, body) = app
        .post(
            &check,
            Some(&open.kanwil),
            json!({"version": 2, "decision": "returned"}),
        )
        .await;
    assert_problem(status, &body, StatusCode::UNPROCESSABLE_ENTITY);
    let (status, returned) = app
        .post(&check, Some(&open.kanwil), json!({"version": 2, "decision": "returned", "reason": "Lampirkan Perda yang sudah diundangkan"}))
        .await;
    assert_eq!(status, StatusCode::OK, "{returned}");
    let (_, seen) = app
        .get(&format!("/api/v1/entries/{id}"), Some(&open.entrant))
        .await;
    assert_eq!(seen["status"], "returned");
    assert_eq!(seen["check_note"], "Lampirkan Perda yang sudah diundangkan");
    let (status, _) = app
        .post(
            &format!("/api/v1/entries/{id}/submit"),
            Some(&open.entrant),
            json!({"version": 3}),
        )
        .await;
    assert_eq!(status, StatusCode::OK);

    // Judging waits for the check unless forced with a reason.
    let phase = format!("/api/v1/editions/{}/phase", open.edition);
    app.post(
        &phase,
        Some(&open.kanwil),
        json!({"to": "submissions_closed"}),
    )
    .await;
    let (status, body) = app
        .post(&phase, Some(&open.kanwil), json!({"to": "judging"}))
        .await;
    assert_problem(status, &body, StatusCode::CONFLICT);
    assert_eq!(error_fields(&body), ["entries"]);
    let (status, body) = app
        .post(
            &phase,
            Some(&open.kanwil),
            json!({"to": "judging", "force": true}),
        )
        .await;
    assert_problem(status, &body, StatusCode::UNPROCESSABLE_ENTITY);
    let (status, checked) = app
        .post(
            &check,
            Some(&open.kanwil),
            json!({"version": 4, "decision": "complete"}),
        )
        .await;
    assert_eq!(status, StatusCode::OK, "{checked}");
    assert_eq!(checked["status"], "complete");
    let (status, body) = app
        .post(&phase, Some(&open.kanwil), json!({"to": "judging"}))
        .await;
    assert_eq!(status, StatusCode::OK, "{body}");
    let (_, audit) = app
        .get(&format!("/api/v1/audit?object_id={id}"), Some(&open.kanwil))
        .await;
    let actions: Vec<&str> = audit["items"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| r["action"].as_str().unwrap())
        .collect();
    assert_eq!(
        actions,
        [
            "entry.check",
            "entry.submit",
            "entry.check",
            "entry.submit",
            "entry.file_upload",
            "entry.create"
        ]
    );
}

async fn a_withdrawn_entry_can_be_reopened_before_the_deadline(app: TestApp) {
    let open = open_edition(&app).await;
    let entry = enter(&app, &open, json!({})).await;
    let id = entry["id"].as_str().unwrap();
    let (status, withdrawn) = app
        .post(
            &format!("/api/v1/entries/{id}/withdraw"),
            Some(&open.entrant),
            json!({"version": 1, "reason": "Data belum siap"}),
        )
        .await;
    assert_eq!(
        (status, withdrawn["status"].as_str()),
        (StatusCode::OK, Some("withdrawn"))
    );
    let (status, _) = app
        .patch(
            &format!("/api/v1/entries/{id}"),
            Some(&open.entrant),
            json!({"version": 2, "values": {"pu_covered": 1}}),
        )
        .await;
    assert_eq!(status, StatusCode::CONFLICT);
    let (status, reopened) = app
        .post(
            &format!("/api/v1/entries/{id}/reopen"),
            Some(&open.entrant),
            json!({"version": 2}),
        )
        .await;
    assert_eq!(
        (status, reopened["status"].as_str()),
        (StatusCode::OK, Some("draft"))
    );
}

async fn only_the_entrant_and_the_office_reach_an_entry(app: TestApp) {
    let open = open_edition(&app).await;
    let entry = enter(&app, &open, json!({})).await;
    let id = entry["id"].as_str().unwrap();
    let (file_status, file) =
        upload(&app, &open.entrant, id, "perda.pdf", PDF.to_vec(), None).await;
    assert_eq!(file_status, StatusCode::CREATED);
    let file_path = format!(
        "/api/v1/entries/{id}/files/{}",
        file["id"].as_str().unwrap()
    );
    let (_, judge) = app.judge("juri@example.id", "33").await;
    let demak = app.government("regency_government", "33.21").await["id"]
        .as_str()
        .unwrap()
        .to_owned();
    let (_, stranger) = app.entrant("staf@demakkab.go.id", "33", &[&demak]).await;
    let (_, jabar) = app.regional_admin("kanwil.jabar@example.id", "32").await;
    let one = format!("/api/v1/entries/{id}");
    let calls: Vec<(Method, String, Option<Value>)> = vec![
        (Method::GET, one.clone(), None),
        (
            Method::PATCH,
            one.clone(),
            Some(json!({"version": 1, "values": {"pu_covered": 1}})),
        ),
        (
            Method::POST,
            format!("{one}/submit"),
            Some(json!({"version": 1})),
        ),
        (
            Method::POST,
            format!("{one}/withdraw"),
            Some(json!({"version": 1})),
        ),
        (
            Method::POST,
            format!("{one}/reopen"),
            Some(json!({"version": 1})),
        ),
        (
            Method::POST,
            format!("{one}/check"),
            Some(json!({"version": 1, "decision": "complete"})),
        ),
        (Method::GET, format!("{one}/files"), None),
        (Method::GET, file_path.clone(), None),
        (Method::DELETE, file_path.clone(), None),
    ];
    for (method, path, body) in &calls {
        for (who, token, expected) in [
            ("judge", judge.as_str(), StatusCode::FORBIDDEN),
            ("another entrant", stranger.as_str(), StatusCode::NOT_FOUND),
            (
                "another province's admin",
                jabar.as_str(),
                StatusCode::NOT_FOUND,
            ),
        ] {
            let (status, answer) = app
                .request(method.clone(), path, Some(token), body.clone())
                .await;
            assert_eq!(status, expected, "{who} {method} {path}: {answer}");
        }
        let (status, _) = app.request(method.clone(), path, None, body.clone()).await;
        assert_eq!(
            status,
            StatusCode::UNAUTHORIZED,
            "anonymous {method} {path}"
        );
    }
    let (status, body) = upload(&app, &stranger, id, "x.pdf", PDF.to_vec(), None).await;
    assert_problem(status, &body, StatusCode::NOT_FOUND);
    // The office checks but does not fill in; the entrant fills in but does not check.
    let (status, _) = app
        .patch(
            &one,
            Some(&open.kanwil),
            json!({"version": 1, "values": {"pu_covered": 1}}),
        )
        .await;
    assert_eq!(status, StatusCode::FORBIDDEN);
    let (status, _) = app
        .post(
            &format!("{one}/check"),
            Some(&open.entrant),
            json!({"version": 1, "decision": "complete"}),
        )
        .await;
    assert_eq!(status, StatusCode::FORBIDDEN);
    let (status, _) = app.get("/api/v1/entries", Some(&judge)).await;
    assert_eq!(status, StatusCode::FORBIDDEN);
    let (_, page) = app.get("/api/v1/entries", Some(&stranger)).await;
    assert_eq!(page["total"], 0);
    let (_, page) = app.get("/api/v1/entries", Some(&jabar)).await;
    assert_eq!(page["total"], 0);
    let (_, page) = app.get("/api/v1/entries", Some(&open.entrant)).await;
    assert_eq!(page["total"], 1);
}

crate::on_both_backends!(
    an_entrant_fills_uploads_and_submits,
    a_concurrent_edit_is_refused_not_overwritten,
    an_upload_named_pdf_that_is_not_a_pdf_is_refused,
    an_oversized_upload_is_refused,
    a_submission_after_the_deadline_is_refused,
    ineligible_and_duplicate_entries_are_refused_with_the_rule,
    the_office_checks_entries_and_judging_waits_for_it,
    a_withdrawn_entry_can_be_reopened_before_the_deadline,
    only_the_entrant_and_the_office_reach_an_entry,
);
