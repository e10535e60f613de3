use reqwest::{Method, StatusCode};
use serde_json::{Value, json};

use crate::helpers::{TestApp, assert_problem, error_fields, local_in};

pub struct Judging {
    pub base: String,
    pub kanwil: String,
    pub semarang_entry: String,
    pub demak_entry: String,
    pub demak_org: String,
}

/// An open Central Java edition with a two-stage rubric and two complete entries.
pub async fn judging(app: &TestApp) -> Judging {
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
    let (_, category) = app
        .post(
            &format!("/api/v1/editions/{edition_id}/categories"),
            Some(&kanwil),
            json!({"name_id": "Pemerintah Kabupaten/Kota", "eligibility": {"kinds": ["regency_government"]},
                   "form": [{"key": "pu_covered", "label_id": "PU terlindungi", "type": "integer", "required": true}]}),
        )
        .await;
    let category_id = category["id"].as_str().unwrap().to_owned();
    let judged = |key: &str, weight: u32| json!({"key": key, "name_id": key, "weight": weight, "judged": {"min": 0, "max": 100, "step": 5}});
    let (status, body) = app
        .put(
            &format!("/api/v1/editions/{edition_id}/categories/{category_id}/rubric"),
            Some(&kanwil),
            json!({"stages": [
                {"key": "data", "name_id": "Data", "weight": 60, "criteria": [judged("regulation", 100)]},
                {"key": "interview", "name_id": "Wawancara", "weight": 40, "criteria": [judged("presentation", 100)]}]}),
        )
        .await;
    assert_eq!(status, StatusCode::OK, "{body}");
    app.post(
        &format!("/api/v1/editions/{edition_id}/phase"),
        Some(&kanwil),
        json!({"to": "submissions_open"}),
    )
    .await;
    let mut entry_ids = Vec::new();
    let mut orgs = Vec::new();
    for (region, email) in [
        ("33.74", "staf@semarangkota.go.id"),
        ("33.21", "staf@demakkab.go.id"),
    ] {
        let org = app.government("regency_government", region).await["id"]
            .as_str()
            .unwrap()
            .to_owned();
        let (_, entrant) = app.entrant(email, "33", &[&org]).await;
        let id = app
            .complete_entry(
                &format!("/api/v1/editions/{edition_id}/categories/{category_id}/entries"),
                &entrant,
                &kanwil,
                &org,
                json!({"pu_covered": 1000}),
            )
            .await;
        entry_ids.push(id);
        orgs.push(org);
    }
    Judging {
        base: format!("/api/v1/editions/{edition_id}/categories/{category_id}/stages"),
        kanwil,
        semarang_entry: entry_ids[0].clone(),
        demak_entry: entry_ids[1].clone(),
        demak_org: orgs[1].clone(),
    }
}

async fn add_judge(app: &TestApp, j: &Judging, email: &str, body: Value) -> String {
    let (user_id, _) = app.judge(email, "33").await;
    let edition = j.base.split("/categories").next().unwrap().to_owned();
    let mut request = json!({"user_id": user_id});
    request
        .as_object_mut()
        .unwrap()
        .extend(body.as_object().unwrap().clone());
    let (status, judge) = app
        .post(&format!("{edition}/judges"), Some(&j.kanwil), request)
        .await;
    assert_eq!(status, StatusCode::CREATED, "{judge}");
    judge["id"].as_str().unwrap().to_owned()
}

async fn conflicts_are_detected_refused_and_dismissed_and_assignment_balances(app: TestApp) {
    let j = judging(&app).await;
    let from_semarang = add_judge(
        &app,
        &j,
        "juri.semarang@example.id",
        json!({"home_region_code": "33.74"}),
    )
    .await;
    let from_klaten = add_judge(
        &app,
        &j,
        "juri.klaten@example.id",
        json!({"home_region_code": "33.10"}),
    )
    .await;
    let from_bandung = add_judge(
        &app,
        &j,
        "juri.bandung@example.id",
        json!({"home_region_code": "32.73"}),
    )
    .await;
    let from_demak_office = add_judge(
        &app,
        &j,
        "juri.demak@example.id",
        json!({"organisation_id": j.demak_org}),
    )
    .await;
    let panel = vec![
        from_semarang.clone(),
        from_klaten.clone(),
        from_bandung.clone(),
        from_demak_office.clone(),
    ];
    let (status, body) = app
        .put(
            &format!("{}/data/panel", j.base),
            Some(&j.kanwil),
            json!({"judge_ids": panel}),
        )
        .await;
    assert_eq!(status, StatusCode::OK, "{body}");
    assert_eq!(body.as_array().unwrap().len(), 4);

    let (_, conflicts) = app
        .get(&format!("{}/data/conflicts", j.base), Some(&j.kanwil))
        .await;
    let found: Vec<(&str, &str, &str)> = conflicts
        .as_array()
        .unwrap()
        .iter()
        .map(|c| {
            (
                c["judge_id"].as_str().unwrap(),
                c["entry_id"].as_str().unwrap(),
                c["kind"].as_str().unwrap(),
            )
        })
        .collect();
    assert!(
        found.contains(&(from_semarang.as_str(), j.semarang_entry.as_str(), "region")),
        "{conflicts}"
    );
    assert!(
        found.contains(&(
            from_demak_office.as_str(),
            j.demak_entry.as_str(),
            "affiliation"
        )),
        "{conflicts}"
    );
    assert_eq!(found.len(), 2);

    // A manual assignment into a conflict is refused with the reason.
    let (status, body) = app
        .post(
            &format!("{}/data/assignments", j.base),
            Some(&j.kanwil),
            json!({"judge_id": from_semarang, "entry_id": j.semarang_entry}),
        )
        .await;
    assert_problem(status, &body, StatusCode::CONFLICT);
    assert!(
        body["detail_en"]
            .as_str()
            .unwrap()
            .contains("home region (33.74)"),
        "{body}"
    );
    let (status, body) = app
        .post(
            &format!("{}/data/assignments", j.base),
            Some(&j.kanwil),
            json!({"judge_id": from_klaten, "entry_id": j.semarang_entry}),
        )
        .await;
    assert_eq!(status, StatusCode::CREATED, "{body}");
    // The answer is the assignment made, not the stage's whole list.
    assert_eq!(body["judge_id"], from_klaten.as_str(), "{body}");
    assert_eq!(body["entry_id"], j.semarang_entry.as_str(), "{body}");
    assert_eq!(body["status"], "active", "{body}");
    let made = body["id"].as_str().unwrap().to_owned();

    let (status, report) = app
        .post(
            &format!("{}/data/assign", j.base),
            Some(&j.kanwil),
            json!({"per_entry": 3}),
        )
        .await;
    assert_eq!(status, StatusCode::OK, "{report}");
    assert!(
        report["shortfalls"].as_array().unwrap().is_empty(),
        "{report}"
    );
    let (_, assignments) = app
        .get(&format!("{}/data/assignments", j.base), Some(&j.kanwil))
        .await;
    let pairs: Vec<(String, String)> = assignments
        .as_array()
        .unwrap()
        .iter()
        .map(|a| {
            (
                a["judge_id"].as_str().unwrap().to_owned(),
                a["entry_id"].as_str().unwrap().to_owned(),
            )
        })
        .collect();
    assert_eq!(pairs.len(), 6);
    assert!(
        assignments
            .as_array()
            .unwrap()
            .iter()
            .any(|a| a["id"] == made.as_str()),
        "the assignment answered is the one kept: {assignments}"
    );
    assert!(!pairs.contains(&(from_semarang.clone(), j.semarang_entry.clone())));
    assert!(!pairs.contains(&(from_demak_office.clone(), j.demak_entry.clone())));
    let loads: Vec<u64> = report["loads"]
        .as_object()
        .unwrap()
        .values()
        .map(|v| v.as_u64().unwrap())
        .collect();
    assert!(
        loads.iter().max().unwrap() - loads.iter().min().unwrap() <= 1,
        "{report}"
    );

    // With a cap nobody can take more; the shortfall says why.
    let (status, report) = app
        .post(
            &format!("{}/data/assign", j.base),
            Some(&j.kanwil),
            json!({"per_entry": 4, "cap": 2}),
        )
        .await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(
        report["shortfalls"].as_array().unwrap().len(),
        2,
        "{report}"
    );
    assert!(
        report["shortfalls"][0]["reason_en"]
            .as_str()
            .unwrap()
            .contains("conflicted")
    );

    // A false positive is dismissed with a recorded reason.
    let dismiss = json!({"judge_id": from_semarang, "entry_id": j.semarang_entry, "kind": "region", "reason": "Juri pindah tugas ke Jakarta sejak 2020"});
    let (status, _) = app
        .post(
            &format!("{}/data/conflicts/dismiss", j.base),
            Some(&j.kanwil),
            dismiss.clone(),
        )
        .await;
    assert_eq!(status, StatusCode::NO_CONTENT);
    let (_, conflicts) = app
        .get(&format!("{}/data/conflicts", j.base), Some(&j.kanwil))
        .await;
    let dismissed = conflicts
        .as_array()
        .unwrap()
        .iter()
        .find(|c| c["judge_id"] == from_semarang.as_str())
        .unwrap();
    assert_eq!(dismissed["dismissed"], true);
    let (status, _) = app
        .post(
            &format!("{}/data/conflicts/dismiss", j.base),
            Some(&j.kanwil),
            dismiss,
        )
        .await;
    assert_eq!(status, StatusCode::NOT_FOUND, "already dismissed");
}

async fn shortlists_move_entries_into_later_stages_with_a_reason(app: TestApp) {
    let j = judging(&app).await;
    let (status, body) = app
        .post(
            &format!("{}/data/shortlist", j.base),
            Some(&j.kanwil),
            json!({"entry_ids": [j.semarang_entry], "reason": "x"}),
        )
        .await;
    assert_problem(status, &body, StatusCode::UNPROCESSABLE_ENTITY);
    let (status, body) = app
        .post(
            &format!("{}/interview/shortlist", j.base),
            Some(&j.kanwil),
            json!({"entry_ids": [j.semarang_entry], "reason": " "}),
        )
        .await;
    assert_eq!(error_fields(&body), ["reason"], "{status}");
    let (status, _) = app
        .post(
            &format!("{}/interview/shortlist", j.base),
            Some(&j.kanwil),
            json!({"entry_ids": [j.semarang_entry], "reason": "Tiga besar tahap data"}),
        )
        .await;
    assert_eq!(status, StatusCode::OK);
    let judge = add_judge(
        &app,
        &j,
        "juri@example.id",
        json!({"home_region_code": "31"}),
    )
    .await;
    app.put(
        &format!("{}/interview/panel", j.base),
        Some(&j.kanwil),
        json!({"judge_ids": [judge]}),
    )
    .await;
    let (_, report) = app
        .post(
            &format!("{}/interview/assign", j.base),
            Some(&j.kanwil),
            json!({"per_entry": 1}),
        )
        .await;
    assert_eq!(
        report["created"], 1,
        "only the shortlisted entry is in the interview stage: {report}"
    );
    let (status, _) = app
        .get(&format!("{}/nowhere/panel", j.base), Some(&j.kanwil))
        .await;
    assert_eq!(status, StatusCode::NOT_FOUND);
}

async fn judging_setup_is_for_the_editions_admins_only(app: TestApp) {
    let j = judging(&app).await;
    let (judge_user, judge) = app.judge("juri@example.id", "33").await;
    let (_, entrant) = app.entrant("peserta@example.id", "33", &[]).await;
    let (_, jabar) = app.regional_admin("kanwil.jabar@example.id", "32").await;
    let edition = j.base.split("/categories").next().unwrap().to_owned();
    let calls: Vec<(Method, String, Option<Value>)> = vec![
        (Method::GET, format!("{edition}/judges"), None),
        (
            Method::POST,
            format!("{edition}/judges"),
            Some(json!({"user_id": judge_user})),
        ),
        (Method::GET, format!("{}/data/panel", j.base), None),
        (
            Method::PUT,
            format!("{}/data/panel", j.base),
            Some(json!({"judge_ids": []})),
        ),
        (
            Method::POST,
            format!("{}/interview/shortlist", j.base),
            Some(json!({"entry_ids": [], "reason": "x"})),
        ),
        (Method::GET, format!("{}/data/conflicts", j.base), None),
        (
            Method::POST,
            format!("{}/data/conflicts/dismiss", j.base),
            Some(json!({"judge_id": "x", "entry_id": "y", "kind": "region", "reason": "z"})),
        ),
        (Method::GET, format!("{}/data/assignments", j.base), None),
        (
            Method::POST,
            format!("{}/data/assignments", j.base),
            Some(json!({"judge_id": "x", "entry_id": "y"})),
        ),
        (
            Method::POST,
            format!("{}/data/assign", j.base),
            Some(json!({"per_entry": 1})),
        ),
    ];
    for (method, path, body) in calls {
        for (who, token, expected) in [
            ("judge", judge.as_str(), StatusCode::FORBIDDEN),
            ("entrant", entrant.as_str(), StatusCode::FORBIDDEN),
            (
                "another province's admin",
                jabar.as_str(),
                StatusCode::FORBIDDEN,
            ),
        ] {
            let (status, answer) = app
                .request(method.clone(), &path, Some(token), body.clone())
                .await;
            assert_eq!(status, expected, "{who} {method} {path}: {answer}");
        }
        let (status, _) = app.request(method.clone(), &path, None, body.clone()).await;
        assert_eq!(
            status,
            StatusCode::UNAUTHORIZED,
            "anonymous {method} {path}"
        );
    }
}

/// A judge without an account is added with a new one, in the edition's
/// province, and can sign in at once.
async fn a_judge_is_added_with_a_new_account(app: TestApp) {
    let j = judging(&app).await;
    let edition = j.base.split("/categories").next().unwrap().to_owned();
    let judges = format!("{edition}/judges");
    let (status, body) = app
        .post(
            &judges,
            Some(&j.kanwil),
            json!({"account": {"email": "bukan-email", "display_name": "", "password": "pendek"}}),
        )
        .await;
    assert_problem(status, &body, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(
        error_fields(&body),
        ["account.email", "account.display_name", "account.password"]
    );
    let (user_id, _) = app.judge("juri.lama@example.id", "33").await;
    let (status, body) = app
        .post(
            &judges,
            Some(&j.kanwil),
            json!({"user_id": user_id, "account": {"email": "a@example.id", "display_name": "A", "password": "kata-sandi-panjang"}}),
        )
        .await;
    assert_problem(status, &body, StatusCode::UNPROCESSABLE_ENTITY);
    let (status, judge) = app
        .post(
            &judges,
            Some(&j.kanwil),
            json!({"account": {"email": "dr.sri@undip.ac.id", "display_name": "Dr. Sri Wahyuni", "password": "kata-sandi-panjang"},
                   "home_region_code": "33.74"}),
        )
        .await;
    assert_eq!(status, StatusCode::CREATED, "{judge}");
    assert_eq!(judge["display_name"], "Dr. Sri Wahyuni");
    let token = app.login("dr.sri@undip.ac.id", "kata-sandi-panjang").await;
    let (_, me) = app.get("/api/v1/me", Some(&token)).await;
    assert_eq!(me["roles"], json!(["judge"]), "{me}");
    let (status, body) = app
        .post(
            &judges,
            Some(&j.kanwil),
            json!({"account": {"email": "dr.sri@undip.ac.id", "display_name": "Sri", "password": "kata-sandi-panjang"}}),
        )
        .await;
    assert_problem(status, &body, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(error_fields(&body), ["account.email"]);
}

/// Before any assignment, a judge reads the entrants of their panel and
/// declares a conflict; they are then never assigned to that entry.
async fn a_judge_declares_a_conflict_before_assignment(app: TestApp) {
    let j = judging(&app).await;
    let (user_id, token) = app.judge("juri.jakarta@example.id", "31").await;
    let edition = j.base.split("/categories").next().unwrap().to_owned();
    let (_, judge) = app
        .post(
            &format!("{edition}/judges"),
            Some(&app.admin_token),
            json!({"user_id": user_id, "home_region_code": "31.71"}),
        )
        .await;
    let judge_id = judge["id"].as_str().unwrap().to_owned();
    app.put(
        &format!("{}/data/panel", j.base),
        Some(&j.kanwil),
        json!({"judge_ids": [judge_id]}),
    )
    .await;
    let (status, panels) = app.get("/api/v1/judging/panels", Some(&token)).await;
    assert_eq!(status, StatusCode::OK, "{panels}");
    let entrants: Vec<&str> = panels[0]["entries"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["entrant"].as_str().unwrap())
        .collect();
    assert_eq!(
        entrants,
        ["Pemerintah Kabupaten Demak", "Pemerintah Kota Semarang"]
    );
    let declare = |body: Value| app.post("/api/v1/judging/conflicts", Some(&token), body);
    let (status, body) = declare(json!({"entry_id": j.semarang_entry, "reason": " "})).await;
    assert_problem(status, &body, StatusCode::UNPROCESSABLE_ENTITY);
    let (status, declared) = declare(
        json!({"entry_id": j.semarang_entry, "reason": "Istri saya pejabat Disnaker Kota Semarang"}),
    )
    .await;
    assert_eq!(status, StatusCode::CREATED, "{declared}");
    let (status, body) = declare(json!({"entry_id": j.semarang_entry, "reason": "lagi"})).await;
    assert_problem(status, &body, StatusCode::CONFLICT);
    // Not an entrant of a panel this judge sits on.
    let (_, other) = app.judge("juri.lain@example.id", "33").await;
    let (status, body) = app
        .post(
            "/api/v1/judging/conflicts",
            Some(&other),
            json!({"entry_id": j.semarang_entry, "reason": "x"}),
        )
        .await;
    assert_problem(status, &body, StatusCode::NOT_FOUND);
    let (_, entrant) = app
        .entrant("peserta@example.id", "33", &[&j.demak_org])
        .await;
    for (method, path, body) in [
        (Method::GET, "/api/v1/judging/panels", None),
        (
            Method::POST,
            "/api/v1/judging/conflicts",
            Some(json!({"entry_id": j.semarang_entry, "reason": "x"})),
        ),
    ] {
        let (status, answer) = app.request(method, path, Some(&entrant), body).await;
        assert_problem(status, &answer, StatusCode::FORBIDDEN);
    }

    // The declaration keeps the judge off the entry, automatically and by hand.
    let (_, report) = app
        .post(
            &format!("{}/data/assign", j.base),
            Some(&j.kanwil),
            json!({"per_entry": 1}),
        )
        .await;
    assert_eq!(report["created"], 1, "{report}");
    assert_eq!(
        report["shortfalls"][0]["entry_id"],
        j.semarang_entry.as_str()
    );
    let (status, body) = app
        .post(
            &format!("{}/data/assignments", j.base),
            Some(&j.kanwil),
            json!({"judge_id": judge_id, "entry_id": j.semarang_entry}),
        )
        .await;
    assert_problem(status, &body, StatusCode::CONFLICT);
    assert!(
        body["detail_en"].as_str().unwrap().contains("Istri saya"),
        "{body}"
    );
    let (_, panels) = app.get("/api/v1/judging/panels", Some(&token)).await;
    let flags: Vec<(bool, bool)> = panels[0]["entries"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| {
            (
                e["declared"].as_bool().unwrap(),
                e["assigned"].as_bool().unwrap(),
            )
        })
        .collect();
    assert_eq!(flags, [(false, true), (true, false)]);
}

crate::on_both_backends!(
    a_judge_declares_a_conflict_before_assignment,
    a_judge_is_added_with_a_new_account,
    conflicts_are_detected_refused_and_dismissed_and_assignment_balances,
    shortlists_move_entries_into_later_stages_with_a_reason,
    judging_setup_is_for_the_editions_admins_only,
);

/// Puts one judge from Jakarta on the data panel, assigns both entries to
/// them and opens judging. Answers the judge's token and assignment ids.
async fn judging_open(app: &TestApp, j: &Judging, blind: bool) -> (String, Vec<String>) {
    let category_path = j.base.trim_end_matches("/stages").to_owned();
    if blind {
        let (_, category) = app.get(&category_path, Some(&j.kanwil)).await;
        let (status, body) = app
            .patch(
                &category_path,
                Some(&j.kanwil),
                json!({"version": category["version"], "blind": true}),
            )
            .await;
        assert_eq!(status, StatusCode::OK, "{body}");
    }
    let (user_id, token) = app.judge("juri.jakarta@example.id", "31").await;
    let edition = j.base.split("/categories").next().unwrap().to_owned();
    // A judge from Jakarta: only the national admin can bring them into Central Java's edition.
    let (_, judge) = app
        .post(
            &format!("{edition}/judges"),
            Some(&app.admin_token),
            json!({"user_id": user_id, "home_region_code": "31.71"}),
        )
        .await;
    app.put(
        &format!("{}/data/panel", j.base),
        Some(&j.kanwil),
        json!({"judge_ids": [judge["id"]]}),
    )
    .await;
    let (_, report) = app
        .post(
            &format!("{}/data/assign", j.base),
            Some(&j.kanwil),
            json!({"per_entry": 1}),
        )
        .await;
    assert_eq!(report["created"], 2, "{report}");
    for to in ["submissions_closed", "judging"] {
        let (status, body) = app
            .post(
                &format!("{edition}/phase"),
                Some(&j.kanwil),
                json!({"to": to}),
            )
            .await;
        assert_eq!(status, StatusCode::OK, "{body}");
    }
    let (_, mine) = app.get("/api/v1/judging/assignments", Some(&token)).await;
    let ids = mine
        .as_array()
        .unwrap()
        .iter()
        .map(|a| a["id"].as_str().unwrap().to_owned())
        .collect();
    (token, ids)
}

async fn a_blind_entrys_identity_is_absent_from_every_judge_response(app: TestApp) {
    let j = judging(&app).await;
    let (token, ids) = judging_open(&app, &j, true).await;
    let mut seen = String::new();
    let (_, list) = app.get("/api/v1/judging/assignments", Some(&token)).await;
    seen.push_str(&list.to_string());
    for id in &ids {
        let (status, detail) = app
            .get(&format!("/api/v1/judging/assignments/{id}"), Some(&token))
            .await;
        assert_eq!(status, StatusCode::OK, "{detail}");
        assert_eq!(detail["blind"], true);
        seen.push_str(&detail.to_string());
        let (_, saved) = app
            .put(
                &format!("/api/v1/judging/assignments/{id}/scoresheet"),
                Some(&token),
                json!({"version": 0, "scores": {"regulation": {"score": 80}}}),
            )
            .await;
        seen.push_str(&saved.to_string());
    }
    for secret in [
        "Semarang",
        "Demak",
        "33.74",
        "33.21",
        j.demak_org.as_str(),
        "semarangkota",
        "demakkab",
    ] {
        assert!(!seen.contains(secret), "a judge saw {secret:?}: {seen}");
    }
    assert!(seen.contains("Peserta "), "entries carry a neutral label");
}

async fn a_submitted_scoresheet_is_locked_until_an_admin_reopens_it(app: TestApp) {
    let j = judging(&app).await;
    let (token, ids) = judging_open(&app, &j, false).await;
    let sheet = format!("/api/v1/judging/assignments/{}/scoresheet", ids[0]);
    let (status, body) = app
        .put(
            &sheet,
            Some(&token),
            json!({"version": 0, "scores": {"regulation": {"score": 83}}}),
        )
        .await;
    assert_problem(status, &body, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(
        error_fields(&body),
        ["scores.regulation"],
        "83 is off the step of 5"
    );
    let (status, draft) = app
        .put(&sheet, Some(&token), json!({"version": 0, "scores": {}}))
        .await;
    assert_eq!(
        (status, draft["status"].as_str()),
        (StatusCode::OK, Some("draft"))
    );
    let (status, body) = app
        .post(
            &format!("{sheet}/submit"),
            Some(&token),
            json!({"version": 1}),
        )
        .await;
    assert_problem(status, &body, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(error_fields(&body), ["scores.regulation"]);
    let (status, _) = app.put(&sheet, Some(&token), json!({"version": 1, "scores": {"regulation": {"score": 85, "comment": "Perda lengkap"}}})).await;
    assert_eq!(status, StatusCode::OK);
    let (status, submitted) = app
        .post(
            &format!("{sheet}/submit"),
            Some(&token),
            json!({"version": 2}),
        )
        .await;
    assert_eq!(
        (status, submitted["status"].as_str()),
        (StatusCode::OK, Some("submitted")),
        "{submitted}"
    );
    let (status, body) = app
        .put(
            &sheet,
            Some(&token),
            json!({"version": 3, "scores": {"regulation": {"score": 100}}}),
        )
        .await;
    assert_problem(status, &body, StatusCode::CONFLICT);
    // Every save and the submission are audited with the sheet before and after.
    let (status, page) = app
        .get(
            &format!("/api/v1/audit?object_type=assignment&object_id={}", ids[0]),
            Some(&app.admin_token),
        )
        .await;
    assert_eq!(status, StatusCode::OK, "{page}");
    let actions: Vec<&str> = page["items"]
        .as_array()
        .unwrap()
        .iter()
        .map(|item| item["action"].as_str().unwrap())
        .collect();
    assert_eq!(
        actions,
        ["scoresheet.submit", "scoresheet.save", "scoresheet.save"]
    );
    let submitted = &page["items"][0];
    assert_eq!(submitted["actor_email"], "juri.jakarta@example.id");
    assert_eq!(submitted["province_code"], "33");
    assert_eq!(
        (
            submitted["before"]["version"].as_i64(),
            submitted["before"]["status"].as_str()
        ),
        (Some(2), Some("draft"))
    );
    assert_eq!(
        (
            submitted["after"]["version"].as_i64(),
            submitted["after"]["status"].as_str()
        ),
        (Some(3), Some("submitted"))
    );
    assert_eq!(submitted["after"]["scores"]["regulation"]["score"], "85");
    assert!(submitted["request_id"].as_str().is_some(), "{submitted}");
    let edition = j.base.split("/categories").next().unwrap().to_owned();
    let reopen = format!("{edition}/judging/assignments/{}/reopen", ids[0]);
    let (status, body) = app
        .post(&reopen, Some(&token), json!({"reason": "x"}))
        .await;
    assert_problem(status, &body, StatusCode::FORBIDDEN);
    let (status, body) = app
        .post(&reopen, Some(&j.kanwil), json!({"reason": " "}))
        .await;
    assert_problem(status, &body, StatusCode::UNPROCESSABLE_ENTITY);
    let (status, reopened) = app
        .post(
            &reopen,
            Some(&j.kanwil),
            json!({"reason": "Juri salah memasukkan nilai"}),
        )
        .await;
    assert_eq!(
        (status, reopened["status"].as_str()),
        (StatusCode::OK, Some("draft")),
        "{reopened}"
    );
    assert_eq!(
        reopened["scores"]["regulation"]["score"], "85",
        "nothing is lost on reopening"
    );
    let (status, _) = app
        .put(
            &sheet,
            Some(&token),
            json!({"version": 4, "scores": {"regulation": {"score": 90}}}),
        )
        .await;
    assert_eq!(status, StatusCode::OK);
    let (_, progress) = app
        .get(&format!("{edition}/judging/progress"), Some(&j.kanwil))
        .await;
    assert_eq!(progress["judges"][0]["assigned"], 2);
    assert_eq!(progress["judges"][0]["drafts"], 1);
    assert_eq!(progress["judges"][0]["not_started"], 1);
}

async fn a_recusal_takes_the_judge_off_the_entry(app: TestApp) {
    let j = judging(&app).await;
    let (token, ids) = judging_open(&app, &j, false).await;
    let sheet = format!("/api/v1/judging/assignments/{}/scoresheet", ids[0]);
    app.put(
        &sheet,
        Some(&token),
        json!({"version": 0, "scores": {"regulation": {"score": 70}}}),
    )
    .await;
    let (status, _) = app
        .post(
            &format!("/api/v1/judging/assignments/{}/recuse", ids[0]),
            Some(&token),
            json!({"reason": "Saudara kandung bekerja di dinas ini"}),
        )
        .await;
    assert_eq!(status, StatusCode::NO_CONTENT);
    let (status, body) = app
        .put(
            &sheet,
            Some(&token),
            json!({"version": 1, "scores": {"regulation": {"score": 75}}}),
        )
        .await;
    assert_problem(status, &body, StatusCode::CONFLICT);
    let edition = j.base.split("/categories").next().unwrap().to_owned();
    let (_, progress) = app
        .get(&format!("{edition}/judging/progress"), Some(&j.kanwil))
        .await;
    assert_eq!(
        (
            progress["judges"][0]["assigned"].as_i64(),
            progress["judges"][0]["recused"].as_i64()
        ),
        (Some(1), Some(1))
    );
    assert_eq!(
        progress["categories"][0]["assigned"], 1,
        "the recused assignment no longer counts"
    );
    let (_, conflicts) = app
        .get(&format!("{}/data/conflicts", j.base), Some(&j.kanwil))
        .await;
    assert!(
        conflicts
            .as_array()
            .unwrap()
            .iter()
            .any(|c| c["kind"] == "declared"),
        "{conflicts}"
    );
}

/// A submitted score counts in the ranking until its judge recuses; then it
/// leaves the aggregation.
async fn a_recusal_removes_the_judges_scores_from_the_ranking(app: TestApp) {
    let j = judging(&app).await;
    let (token, ids) = judging_open(&app, &j, false).await;
    let (_, detail) = app
        .get(
            &format!("/api/v1/judging/assignments/{}", ids[0]),
            Some(&token),
        )
        .await;
    let entry = detail["assignment"]["entry_id"]
        .as_str()
        .unwrap()
        .to_owned();
    let sheet = format!("/api/v1/judging/assignments/{}/scoresheet", ids[0]);
    app.put(
        &sheet,
        Some(&token),
        json!({"version": 0, "scores": {"regulation": {"score": 70}}}),
    )
    .await;
    let (status, body) = app
        .post(
            &format!("{sheet}/submit"),
            Some(&token),
            json!({"version": 1}),
        )
        .await;
    assert_eq!(status, StatusCode::OK, "{body}");
    let ranking = format!("{}/ranking", j.base.trim_end_matches("/stages"));
    let regulation = |ranking: &Value| {
        let item = ranking["items"]
            .as_array()
            .unwrap()
            .iter()
            .find(|i| i["entry_id"] == entry.as_str())
            .unwrap()
            .clone();
        let line = item["explanation"]
            .as_array()
            .unwrap()
            .iter()
            .find(|l| l["key"] == "regulation")
            .unwrap()
            .clone();
        (line["score"].clone(), item["total"].clone())
    };
    let (_, before) = app.get(&ranking, Some(&j.kanwil)).await;
    assert_eq!(regulation(&before), (json!("70.0000"), json!("70.0000")));
    let (status, _) = app
        .post(
            &format!("/api/v1/judging/assignments/{}/recuse", ids[0]),
            Some(&token),
            json!({"reason": "Pernah menjadi konsultan pemerintah daerah ini"}),
        )
        .await;
    assert_eq!(status, StatusCode::NO_CONTENT);
    let (_, after) = app.get(&ranking, Some(&j.kanwil)).await;
    assert_eq!(
        regulation(&after),
        (Value::Null, Value::Null),
        "the recused judge's score no longer counts: {after}"
    );
}

/// Under z-score normalisation a judge who scored a single entry keeps raw
/// marks, and that entry's explanation says so.
async fn a_judge_kept_on_raw_marks_is_named_in_the_explanation(app: TestApp) {
    let j = judging(&app).await;
    let category_path = j.base.trim_end_matches("/stages").to_owned();
    let (_, category) = app.get(&category_path, Some(&j.kanwil)).await;
    let (status, body) = app
        .patch(
            &category_path,
            Some(&j.kanwil),
            json!({"version": category["version"], "aggregation": "z_score"}),
        )
        .await;
    assert_eq!(status, StatusCode::OK, "{body}");
    let (token, ids) = judging_open(&app, &j, false).await;
    // A second judge joins the panel and scores one entry only.
    let (user_id, second) = app.judge("juri.kedua@example.id", "31").await;
    let edition = j.base.split("/categories").next().unwrap().to_owned();
    let (_, judge) = app
        .post(
            &format!("{edition}/judges"),
            Some(&app.admin_token),
            json!({"user_id": user_id, "home_region_code": "31.71"}),
        )
        .await;
    let (_, judges) = app.get(&format!("{edition}/judges"), Some(&j.kanwil)).await;
    let all: Vec<&str> = judges
        .as_array()
        .unwrap()
        .iter()
        .map(|j| j["id"].as_str().unwrap())
        .collect();
    app.put(
        &format!("{}/data/panel", j.base),
        Some(&j.kanwil),
        json!({"judge_ids": all}),
    )
    .await;
    let (status, body) = app
        .post(
            &format!("{}/data/assignments", j.base),
            Some(&j.kanwil),
            json!({"judge_id": judge["id"], "entry_id": j.semarang_entry}),
        )
        .await;
    assert_eq!(status, StatusCode::CREATED, "{body}");
    let (_, mine) = app.get("/api/v1/judging/assignments", Some(&second)).await;
    let mut sheets: Vec<(String, String, u32)> = vec![(
        second.clone(),
        mine[0]["id"].as_str().unwrap().to_owned(),
        80,
    )];
    for (id, mark) in ids.iter().zip([70, 90]) {
        sheets.push((token.clone(), id.clone(), mark));
    }
    for (who, id, mark) in sheets {
        let sheet = format!("/api/v1/judging/assignments/{id}/scoresheet");
        app.put(
            &sheet,
            Some(&who),
            json!({"version": 0, "scores": {"regulation": {"score": mark}}}),
        )
        .await;
        let (status, body) = app
            .post(
                &format!("{sheet}/submit"),
                Some(&who),
                json!({"version": 1}),
            )
            .await;
        assert_eq!(status, StatusCode::OK, "{body}");
    }
    let (_, ranking) = app
        .get(&format!("{category_path}/ranking"), Some(&j.kanwil))
        .await;
    let semarang = ranking["items"]
        .as_array()
        .unwrap()
        .iter()
        .find(|i| i["entry_id"] == j.semarang_entry.as_str())
        .unwrap();
    let regulation = semarang["explanation"]
        .as_array()
        .unwrap()
        .iter()
        .find(|l| l["key"] == "regulation")
        .unwrap();
    assert_eq!(regulation["method"], "z_score");
    assert_eq!(regulation["judges"], 2);
    let notes = regulation["notes"].to_string();
    assert!(
        notes.contains("juri.kedua@example.id") && notes.contains("kurang dari dua pendaftaran"),
        "{regulation}"
    );
}

/// Saving and submitting check the token's account in the same round as the
/// sheet: a signed-out token is refused.
async fn a_signed_out_judge_can_no_longer_save(app: TestApp) {
    let j = judging(&app).await;
    let (token, ids) = judging_open(&app, &j, false).await;
    let sheet = format!("/api/v1/judging/assignments/{}/scoresheet", ids[0]);
    let (status, body) = app
        .post("/api/v1/auth/logout", Some(&token), json!({}))
        .await;
    assert!(status.is_success(), "{status} {body}");
    let (status, body) = app
        .put(
            &sheet,
            Some(&token),
            json!({"version": 0, "scores": {"regulation": {"score": 80}}}),
        )
        .await;
    assert_problem(status, &body, StatusCode::UNAUTHORIZED);
    let (status, body) = app
        .post(
            &format!("{sheet}/submit"),
            Some(&token),
            json!({"version": 0}),
        )
        .await;
    assert_problem(status, &body, StatusCode::UNAUTHORIZED);
}

/// A save reads the judge's standing with the sheet: on their own assignment,
/// a judge whose role was taken away is refused (403) and a disabled account
/// is signed out (401), and nothing is saved.
async fn a_judge_no_longer_a_judge_or_disabled_cannot_save(app: TestApp) {
    let j = judging(&app).await;
    let (token, ids) = judging_open(&app, &j, false).await;
    let sheet = format!("/api/v1/judging/assignments/{}/scoresheet", ids[0]);
    let (_, me) = app.get("/api/v1/me", Some(&token)).await;
    let user = format!("/api/v1/users/{}", me["id"].as_str().unwrap());
    let save = json!({"version": 0, "scores": {"regulation": {"score": 80}}});

    let (_, account) = app.get(&user, Some(&app.admin_token)).await;
    let (status, body) = app
        .put(
            &format!("{user}/roles"),
            Some(&app.admin_token),
            json!({"version": account["version"], "roles": ["entrant"]}),
        )
        .await;
    assert_eq!(status, StatusCode::OK, "{body}");
    let (status, body) = app.put(&sheet, Some(&token), save.clone()).await;
    assert_problem(status, &body, StatusCode::FORBIDDEN);

    let (_, account) = app.get(&user, Some(&app.admin_token)).await;
    let (status, body) = app
        .put(
            &format!("{user}/roles"),
            Some(&app.admin_token),
            json!({"version": account["version"], "roles": ["judge"]}),
        )
        .await;
    assert_eq!(status, StatusCode::OK, "{body}");
    let (_, account) = app.get(&user, Some(&app.admin_token)).await;
    let (status, body) = app
        .patch(
            &user,
            Some(&app.admin_token),
            json!({"version": account["version"], "is_active": false}),
        )
        .await;
    assert_eq!(status, StatusCode::OK, "{body}");
    let (status, body) = app.put(&sheet, Some(&token), save).await;
    assert_problem(status, &body, StatusCode::UNAUTHORIZED);

    let (_, progress) = app
        .get(
            &format!(
                "{}/judging/progress",
                j.base.split("/categories").next().unwrap()
            ),
            Some(&j.kanwil),
        )
        .await;
    assert_eq!(
        progress["judges"][0]["drafts"], 0,
        "nothing saved: {progress}"
    );
    assert_eq!(progress["judges"][0]["not_started"], 2, "{progress}");
}

/// Many saves at once, as when a panel scores together: of the saves racing
/// on one version of a sheet exactly one wins and the rest are told the
/// sheet moved on; saves of different sheets all land; every landed save is
/// audited once, and nothing unaudited or lost is left behind.
async fn racing_saves_keep_one_winner_per_version(app: TestApp) {
    let j = judging(&app).await;
    let (token, ids) = judging_open(&app, &j, false).await;
    for id in &ids {
        let (status, body) = app
            .put(
                &format!("/api/v1/judging/assignments/{id}/scoresheet"),
                Some(&token),
                json!({"version": 0, "scores": {}}),
            )
            .await;
        assert_eq!(status, StatusCode::OK, "{body}");
    }
    const RACERS: i64 = 12;
    let mut racing = tokio::task::JoinSet::new();
    for (sheet, id) in ids.iter().enumerate() {
        for racer in 0..RACERS {
            let request = app
                .client
                .put(format!(
                    "{}/api/v1/judging/assignments/{id}/scoresheet",
                    app.address
                ))
                .bearer_auth(&token)
                .json(&json!({"version": 1, "scores": {"regulation": {"score": 5 * racer}}}));
            racing.spawn(async move {
                let response = request.send().await.expect("response");
                let status = response.status();
                let body: Value = response.json().await.expect("json");
                (sheet, racer, status, body)
            });
        }
    }
    let mut winners = vec![Vec::new(); ids.len()];
    while let Some(outcome) = racing.join_next().await {
        let (sheet, racer, status, body) = outcome.expect("task");
        match status {
            StatusCode::OK => {
                assert_eq!(body["version"], 2, "{body}");
                winners[sheet].push(racer);
            }
            other => assert_problem(other, &body, StatusCode::CONFLICT),
        }
    }
    for (sheet, id) in ids.iter().enumerate() {
        assert_eq!(winners[sheet].len(), 1, "one winner per sheet: {winners:?}");
        let (_, detail) = app
            .get(&format!("/api/v1/judging/assignments/{id}"), Some(&token))
            .await;
        assert_eq!(detail["scoresheet"]["version"], 2, "{detail}");
        assert_eq!(
            detail["scoresheet"]["scores"]["regulation"]["score"],
            (5 * winners[sheet][0]).to_string(),
            "the winner's marks are the ones kept"
        );
        let (_, page) = app
            .get(
                &format!("/api/v1/audit?object_type=assignment&object_id={id}"),
                Some(&app.admin_token),
            )
            .await;
        let after_versions: Vec<i64> = page["items"]
            .as_array()
            .unwrap()
            .iter()
            .map(|item| item["after"]["version"].as_i64().unwrap())
            .collect();
        assert_eq!(after_versions, [2, 1], "one record per landed save");
    }
}

/// Hostile numbers sent by a judge or an admin are refused where they are
/// parsed, and harm nobody else: every honest save made at the same time
/// succeeds. (A hostile score once overflowed the scale check and took the
/// honest saves committed with it down with a 500.)
async fn honest_saves_all_succeed_beside_hostile_numbers(app: TestApp) {
    let j = judging(&app).await;
    let rubric = format!("{}/rubric", j.base.trim_end_matches("/stages"));
    for (hostile, field) in [
        (
            json!({"key": "data", "name_id": "Data", "weight": "-79228162514264337593543950335", "criteria": []}),
            "body",
        ),
        (
            json!({"key": "data", "name_id": "Data", "weight": 100, "criteria": [
            {"key": "regulation", "name_id": "Regulasi", "weight": 100,
             "judged": {"min": "-79228162514264337593543950335", "max": 10, "step": 1}}]}),
            "body",
        ),
        (
            json!({"key": "data", "name_id": "Data", "weight": 100, "criteria": [
            {"key": "regulation", "name_id": "Regulasi", "weight": 100,
             "judged": {"min": "-1000000000000000", "max": 10, "step": 1}}]}),
            "stages[0].criteria[0].judged.min",
        ),
    ] {
        let (status, body) = app
            .put(&rubric, Some(&j.kanwil), json!({"stages": [hostile]}))
            .await;
        assert_problem(status, &body, StatusCode::UNPROCESSABLE_ENTITY);
        assert!(
            crate::helpers::error_fields(&body).contains(&field.to_owned()),
            "{body}"
        );
    }
    let (token, ids) = judging_open(&app, &j, false).await;
    const SAVES: i64 = 60;
    let mut clients = tokio::task::JoinSet::new();
    for id in ids.clone() {
        let (app_client, address, bearer, sheet) = (
            app.client.clone(),
            app.address.clone(),
            token.clone(),
            id.clone(),
        );
        clients.spawn(async move {
            let (token, id) = (bearer, sheet);
            let url = format!("{address}/api/v1/judging/assignments/{id}/scoresheet");
            let mut statuses = Vec::new();
            for version in 0..SAVES {
                let response = app_client
                    .put(&url)
                    .bearer_auth(&token)
                    .json(&json!({"version": version, "scores": {"regulation": {"score": 5 * (version % 20)}}}))
                    .send()
                    .await
                    .expect("response");
                statuses.push(response.status());
            }
            (true, statuses)
        });
        for hostile in [
            "-79228162514264337593543950335",
            "79228162514264337593543950335",
        ] {
            let (app_client, address, token) =
                (app.client.clone(), app.address.clone(), token.clone());
            let id = id.clone();
            clients.spawn(async move {
                let url = format!("{address}/api/v1/judging/assignments/{id}/scoresheet");
                let mut statuses = Vec::new();
                for version in 0..SAVES {
                    let response = app_client
                        .put(&url)
                        .bearer_auth(&token)
                        .json(&json!({"version": version, "scores": {"regulation": {"score": hostile}}}))
                        .send()
                        .await
                        .expect("response");
                    statuses.push(response.status());
                }
                (false, statuses)
            });
        }
    }
    let (mut honest, mut hostile) = (Vec::new(), Vec::new());
    while let Some(outcome) = clients.join_next().await {
        let (is_honest, statuses) = outcome.expect("client");
        if is_honest {
            honest.extend(statuses);
        } else {
            hostile.extend(statuses);
        }
    }
    eprintln!(
        "honest saves: {} of {} answered 200; hostile saves: {} of {} answered 422",
        honest.iter().filter(|s| **s == StatusCode::OK).count(),
        honest.len(),
        hostile
            .iter()
            .filter(|s| **s == StatusCode::UNPROCESSABLE_ENTITY)
            .count(),
        hostile.len(),
    );
    assert!(honest.iter().all(|s| *s == StatusCode::OK), "{honest:?}");
    assert!(
        hostile
            .iter()
            .all(|s| *s == StatusCode::UNPROCESSABLE_ENTITY),
        "{hostile:?}"
    );
    for id in &ids {
        let (_, detail) = app
            .get(&format!("/api/v1/judging/assignments/{id}"), Some(&token))
            .await;
        assert_eq!(detail["scoresheet"]["version"], SAVES, "{detail}");
        assert_eq!(detail["scoresheet"]["scores"]["regulation"]["score"], "95");
    }
}

/// PostgreSQL drops every connection (a restart, a fail-over) between two
/// saves: the next save still lands, on a fresh connection, though the
/// batcher had kept its old one.
#[tokio::test]
async fn a_save_lands_after_dropped_connections_on_postgres() {
    let Some(app) = TestApp::spawn(crate::helpers::Backend::Postgres).await else {
        return;
    };
    let j = judging(&app).await;
    let (token, ids) = judging_open(&app, &j, false).await;
    let sheet = format!("/api/v1/judging/assignments/{}/scoresheet", ids[0]);
    for version in [0, 1] {
        let (status, body) = app
            .put(
                &sheet,
                Some(&token),
                json!({"version": version, "scores": {}}),
            )
            .await;
        assert_eq!(status, StatusCode::OK, "{body}");
    }
    let url = app.settings.database.url.clone();
    let dropped = tokio::task::spawn_blocking(move || {
        use diesel::{Connection, RunQueryDsl};
        let mut conn = diesel::PgConnection::establish(&url).expect("PostgreSQL");
        diesel::sql_query(
            "SELECT pg_terminate_backend(pid) FROM pg_stat_activity \
             WHERE datname = current_database() AND pid <> pg_backend_pid()",
        )
        .execute(&mut conn)
        .expect("terminate")
    })
    .await
    .expect("task");
    assert!(dropped > 0, "the server's connections were dropped");
    let (status, body) = app
        .put(
            &sheet,
            Some(&token),
            json!({"version": 2, "scores": {"regulation": {"score": 90}}}),
        )
        .await;
    assert_eq!(
        (status, body["version"].as_i64()),
        (StatusCode::OK, Some(3)),
        "{body}"
    );
}

async fn judges_reach_only_their_own_assignments(app: TestApp) {
    let j = judging(&app).await;
    let (_, ids) = judging_open(&app, &j, false).await;
    let (_, other_judge) = app.judge("juri.lain@example.id", "33").await;
    let (_, entrant) = app.entrant("peserta@example.id", "33", &[]).await;
    let one = format!("/api/v1/judging/assignments/{}", ids[0]);
    let calls: Vec<(Method, String, Option<Value>)> = vec![
        (Method::GET, one.clone(), None),
        (
            Method::PUT,
            format!("{one}/scoresheet"),
            Some(json!({"version": 0, "scores": {}})),
        ),
        (
            Method::POST,
            format!("{one}/scoresheet/submit"),
            Some(json!({"version": 0})),
        ),
        (
            Method::POST,
            format!("{one}/recuse"),
            Some(json!({"reason": "x"})),
        ),
    ];
    for (method, path, body) in calls {
        for (who, token, expected) in [
            ("another judge", other_judge.as_str(), StatusCode::NOT_FOUND),
            ("entrant", entrant.as_str(), StatusCode::FORBIDDEN),
            ("the office", j.kanwil.as_str(), StatusCode::FORBIDDEN),
        ] {
            let (status, answer) = app
                .request(method.clone(), &path, Some(token), body.clone())
                .await;
            assert_eq!(status, expected, "{who} {method} {path}: {answer}");
        }
        let (status, _) = app.request(method.clone(), &path, None, body.clone()).await;
        assert_eq!(status, StatusCode::UNAUTHORIZED);
    }
    let (_, list) = app
        .get("/api/v1/judging/assignments", Some(&other_judge))
        .await;
    assert_eq!(list.as_array().unwrap().len(), 0);
    let (status, _) = app.get("/api/v1/judging/assignments", Some(&entrant)).await;
    assert_eq!(status, StatusCode::FORBIDDEN);
    let edition = j.base.split("/categories").next().unwrap().to_owned();
    for token in [other_judge.as_str(), entrant.as_str()] {
        let (status, _) = app
            .get(&format!("{edition}/judging/progress"), Some(token))
            .await;
        assert_eq!(status, StatusCode::FORBIDDEN);
    }
}

/// A judge's pages: their work with progress and the next entry, a
/// scoresheet saved as a draft (a refused score keeps what was typed, beside
/// its field), then submitted and locked.
async fn a_judge_scores_on_the_pages(app: TestApp) {
    let j = judging(&app).await;
    let (token, ids) = judging_open(&app, &j, false).await;
    let mut judge = crate::pages::Visitor::new(&app);
    let signed_in = judge
        .sign_in("juri.jakarta@example.id", crate::helpers::PASSWORD)
        .await;
    assert_eq!(signed_in.status, StatusCode::SEE_OTHER);
    let work = judge.get("/penilaian").await;
    assert_eq!(work.status, StatusCode::OK, "{}", work.body);
    for expected in [
        "Penilaian saya",
        "Paritrana Award 2025 – Jawa Tengah",
        "Tahap data",
        "0 dari 2 selesai",
        "Nilai entri berikutnya",
        "Belum dimulai",
    ] {
        assert!(
            work.body.contains(expected),
            "{expected} missing: {}",
            work.body
        );
    }
    let next = work
        .body
        .split(r#"class="button primary" href=""#)
        .nth(1)
        .and_then(|rest| rest.split('"').next())
        .expect("the next entry's link")
        .to_owned();
    assert!(
        ids.iter().any(|id| next == format!("/penilaian/{id}")),
        "{next}"
    );
    let sheet = judge.get(&next).await;
    assert_eq!(sheet.status, StatusCode::OK, "{}", sheet.body);
    // The entry beside the sheet: its indicators by label, written the Indonesian way.
    assert!(
        sheet.body.contains("<dt>PU terlindungi</dt><dd>1.000</dd>"),
        "{}",
        sheet.body
    );
    assert!(
        sheet.body.contains("Nilai (0–100, kelipatan 5)"),
        "{}",
        sheet.body
    );
    // A score off the step is refused beside its field, with the words kept.
    let csrf = sheet.csrf();
    let refused = judge
        .post(
            &next,
            &[
                ("csrf", &csrf),
                ("version", "0"),
                ("aksi", "simpan"),
                ("skor.regulation", "83"),
                ("komentar.regulation", "Perda sudah ada sejak 2019."),
            ],
        )
        .await;
    assert_eq!(refused.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(
        refused.body.contains(r#"id="skor-regulation-error""#),
        "{}",
        refused.body
    );
    assert!(refused.body.contains(r#"value="83""#));
    assert!(refused.body.contains("Perda sudah ada sejak 2019."));
    let words = judge
        .post(
            &next,
            &[
                ("csrf", &csrf),
                ("version", "0"),
                ("aksi", "simpan"),
                ("skor.regulation", "abc"),
            ],
        )
        .await;
    assert_eq!(words.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(
        words.body.contains("Nilai harus berupa angka"),
        "{}",
        words.body
    );
    // A decimal comma is a number; the draft is saved and shown again.
    let saved = judge
        .post(
            &next,
            &[
                ("csrf", &csrf),
                ("version", "0"),
                ("aksi", "simpan"),
                ("skor.regulation", "85"),
                ("komentar.regulation", "Perda sudah ada sejak 2019."),
            ],
        )
        .await;
    assert_eq!(saved.status, StatusCode::SEE_OTHER, "{}", saved.body);
    let draft = judge.get(&next).await;
    assert!(draft.body.contains("Draf tersimpan."), "{}", draft.body);
    assert!(draft.body.contains(r#"value="85""#));
    assert!(draft.body.contains(r#"name="version" value="1""#));
    // The same form sent again from an older copy of the page: a conflict, words kept.
    let stale = judge
        .post(
            &next,
            &[
                ("csrf", &csrf),
                ("version", "0"),
                ("aksi", "simpan"),
                ("skor.regulation", "90"),
                ("komentar.regulation", "Teks dari tab lain"),
            ],
        )
        .await;
    assert_eq!(stale.status, StatusCode::CONFLICT, "{}", stale.body);
    assert!(stale.body.contains("Teks dari tab lain"));
    let unversioned = judge
        .post(
            &next,
            &[
                ("csrf", &csrf),
                ("aksi", "simpan"),
                ("skor.regulation", "90"),
            ],
        )
        .await;
    assert_eq!(
        unversioned.status,
        StatusCode::CONFLICT,
        "{} {}",
        unversioned.location(),
        unversioned.body
    );
    // Submitting locks the sheet; the work page counts it done.
    let submitted = judge
        .post(
            &next,
            &[
                ("csrf", &csrf),
                ("version", "1"),
                ("aksi", "kirim"),
                ("skor.regulation", "85"),
                ("komentar.regulation", "Perda sudah ada sejak 2019."),
            ],
        )
        .await;
    assert_eq!(
        submitted.status,
        StatusCode::SEE_OTHER,
        "{}",
        submitted.body
    );
    // The summary comes first, then the confirmation submits.
    assert_eq!(submitted.location(), format!("{next}/kirim"));
    let summary = judge.get(submitted.location()).await;
    assert!(
        summary.body.contains("Semua kriteria sudah dinilai"),
        "{}",
        summary.body
    );
    let confirmed = judge
        .post(
            &format!("{next}/kirim"),
            &[("csrf", &csrf), ("version", "2")],
        )
        .await;
    assert_eq!(
        confirmed.status,
        StatusCode::SEE_OTHER,
        "{}",
        confirmed.body
    );
    let work = judge.get("/penilaian").await;
    assert!(
        work.body.contains("Lembar penilaian terkirim."),
        "{}",
        work.body
    );
    assert!(work.body.contains("1 dari 2 selesai"), "{}", work.body);
    let locked = judge.get(&next).await;
    assert!(locked.body.contains("terkunci"), "{}", locked.body);
    assert!(
        !locked
            .body
            .contains("<form class=\"stack\" method=\"post\""),
        "read-only"
    );
    let again = judge
        .post(
            &next,
            &[
                ("csrf", &csrf),
                ("version", "2"),
                ("aksi", "simpan"),
                ("skor.regulation", "50"),
            ],
        )
        .await;
    assert_eq!(again.status, StatusCode::CONFLICT, "{}", again.body);
    let (_, sheet) = app
        .get(
            &format!(
                "/api/v1/judging/assignments/{}",
                &next["/penilaian/".len()..]
            ),
            Some(&token),
        )
        .await;
    assert_eq!(sheet["scoresheet"]["status"], "submitted", "{sheet}");
    assert_eq!(sheet["scoresheet"]["scores"]["regulation"]["score"], "85");
    // In a real browser, at desktop and phone widths: the work page, a
    // refused score beside its field, a saved draft; axe-clean and light.
    if !app.is_postgres() {
        let _one = crate::browser::ONE_BROWSER.lock().await;
        if let Some(browser) = crate::browser::Browser::start(&app.address, "id-ID,id").await {
            browser
                .sign_in("juri.jakarta@example.id", crate::helpers::PASSWORD)
                .await;
            browser.follow("a[href='/penilaian']").await;
            assert!(browser.text("main").await.contains("1 dari 2 selesai"));
            browser.check("penilaian").await;
            browser.follow("a.button.primary").await;
            // The autosave says what is wrong beside the field, then saves.
            browser.fill("#skor-regulation", "101").await;
            browser
                .until(
                    "return document.getElementById('skor-regulation-error').textContent.includes('100');",
                    "the refusal beside the field",
                )
                .await;
            browser.check("lembar-salah").await;
            browser.fill("#skor-regulation", "70").await;
            browser
                .until(
                    "return document.querySelector('[data-save-state]').classList.contains('save-saved');",
                    "the draft saved",
                )
                .await;
            browser.check("lembar-draf").await;
            browser.narrow().await;
            browser.check("lembar-draf").await;
            browser.open("/penilaian").await;
            browser.check("penilaian").await;
        }
    }
}

/// The judges' pages are for the judge alone: signed out they lead to the
/// sign-in page, an admin or entrant is refused, another judge's
/// assignment is not found, and a form from another site is refused.
async fn judge_pages_refuse_everyone_else(app: TestApp) {
    let j = judging(&app).await;
    let (token, ids) = judging_open(&app, &j, false).await;
    let sheet = format!("/penilaian/{}", ids[0]);
    let mut stranger = crate::pages::Visitor::new(&app);
    let away = stranger.get(&sheet).await;
    assert_eq!(away.status, StatusCode::SEE_OTHER);
    assert!(
        away.location().starts_with("/masuk?next="),
        "{}",
        away.location()
    );
    let mut admin = crate::pages::Visitor::new(&app);
    admin
        .sign_in("kanwil@example.id", crate::helpers::PASSWORD)
        .await;
    let refused = admin.get("/penilaian").await;
    assert_eq!(refused.status, StatusCode::FORBIDDEN, "{}", refused.body);
    app.judge("juri.lain@example.id", "31").await;
    let mut other = crate::pages::Visitor::new(&app);
    other
        .sign_in("juri.lain@example.id", crate::helpers::PASSWORD)
        .await;
    let empty = other.get("/penilaian").await;
    assert_eq!(empty.status, StatusCode::OK);
    assert!(
        empty.body.contains("Belum ada entri yang ditugaskan"),
        "{}",
        empty.body
    );
    let hidden = other.get(&sheet).await;
    assert_eq!(hidden.status, StatusCode::NOT_FOUND, "{}", hidden.body);
    let csrf = empty.csrf();
    let post = other
        .post(
            &sheet,
            &[("csrf", &csrf), ("version", "0"), ("skor.regulation", "50")],
        )
        .await;
    assert_eq!(post.status, StatusCode::NOT_FOUND);
    let mut judge = crate::pages::Visitor::new(&app);
    judge
        .sign_in("juri.jakarta@example.id", crate::helpers::PASSWORD)
        .await;
    let page = judge.get(&sheet).await;
    let csrf = page.csrf();
    let forged = judge
        .post_from(
            &sheet,
            &[("csrf", &csrf), ("version", "0"), ("skor.regulation", "50")],
            "cross-site",
        )
        .await;
    assert_eq!(forged.status, StatusCode::FORBIDDEN);
    let (_, detail) = app
        .get(
            &format!("/api/v1/judging/assignments/{}", ids[0]),
            Some(&token),
        )
        .await;
    assert_eq!(detail["scoresheet"]["status"], "not_started", "{detail}");
}

mod scoresheets {
    crate::on_both_backends!(
        a_blind_entrys_identity_is_absent_from_every_judge_response,
        a_submitted_scoresheet_is_locked_until_an_admin_reopens_it,
        a_recusal_takes_the_judge_off_the_entry,
        a_recusal_removes_the_judges_scores_from_the_ranking,
        a_judge_kept_on_raw_marks_is_named_in_the_explanation,
        a_signed_out_judge_can_no_longer_save,
        a_judge_no_longer_a_judge_or_disabled_cannot_save,
        racing_saves_keep_one_winner_per_version,
        honest_saves_all_succeed_beside_hostile_numbers,
        judges_reach_only_their_own_assignments,
        a_judge_scores_on_the_pages,
        judge_pages_refuse_everyone_else,
    );
    use super::*;
}
