use reqwest::{Method, StatusCode};
use serde_json::{Value, json};

use crate::helpers::{TestApp, assert_problem, error_fields, local_in};
async fn create_edition(app: &TestApp, token: &str, body: Value) -> Value {
    let (status, edition) = app.post("/api/v1/editions", Some(token), body).await;
    assert_eq!(status, StatusCode::CREATED, "{edition}");
    edition
}

async fn central_java(app: &TestApp, token: &str) -> Value {
    create_edition(
        app,
        token,
        json!({"name": "Paritrana Award 2024 – Jawa Tengah", "year": 2024, "tier": "provincial", "province_code": "33"}),
    )
    .await
}

async fn phase(app: &TestApp, token: &str, id: &str, body: Value) -> (StatusCode, Value) {
    app.post(&format!("/api/v1/editions/{id}/phase"), Some(token), body)
        .await
}

async fn central_java_2024_is_built_from_templates_and_walked_through_its_phases(app: TestApp) {
    let (_, kanwil) = app
        .regional_admin("kanwil.jateng@bpjsketenagakerjaan.go.id", "33")
        .await;
    let edition = central_java(&app, &kanwil).await;
    let id = edition["id"].as_str().unwrap();
    assert_eq!(edition["phase"], "draft");
    assert_eq!(edition["time_zone"], "Asia/Jakarta");
    assert_eq!(edition["time_zone_abbreviation"], "WIB");
    assert_eq!(
        (
            edition["period_start"].as_str(),
            edition["period_end"].as_str()
        ),
        (Some("2024-01-01"), Some("2024-12-31"))
    );

    // Nothing to open yet: the guard names every missing piece.
    let (status, refused) = phase(&app, &kanwil, id, json!({"to": "submissions_open"})).await;
    assert_problem(status, &refused, StatusCode::CONFLICT);
    assert_eq!(
        error_fields(&refused),
        ["categories", "schedule.submissions_close_at"]
    );

    let categories = format!("/api/v1/editions/{id}/categories");
    let (status, regency) = app
        .post(
            &categories,
            Some(&kanwil),
            json!({"template": "regency_government"}),
        )
        .await;
    assert_eq!(status, StatusCode::CREATED, "{regency}");
    assert_eq!(regency["name_id"], "Pemerintah Kabupaten/Kota");
    assert_eq!(regency["rubric_version"], 1);
    assert_eq!(
        regency["eligibility"]["kinds"],
        json!(["regency_government"])
    );
    let (status, village) = app
        .post(
            &categories,
            Some(&kanwil),
            json!({"template": "village_government", "winners_count": 3, "blind": true}),
        )
        .await;
    assert_eq!(status, StatusCode::CREATED, "{village}");
    assert_eq!(village["blind"], true);
    let (status, rubric) = app
        .get(
            &format!("{categories}/{}/rubric", village["id"].as_str().unwrap()),
            Some(&kanwil),
        )
        .await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(rubric["rubric"]["stages"][0]["key"], "data");
    assert_eq!(rubric["rubric"]["stages"][1]["name_id"], "Wawancara");

    let (status, changed) = app
        .patch(
            &format!("/api/v1/editions/{id}"),
            Some(&kanwil),
            json!({"version": edition["version"], "schedule": {"submissions_open_at": local_in(-1), "submissions_close_at": local_in(30)}}),
        )
        .await;
    assert_eq!(status, StatusCode::OK, "{changed}");
    assert!(
        changed["schedule"]["submissions_close_at"]
            .as_str()
            .unwrap()
            .ends_with("+07:00")
    );

    let (status, opened) = phase(&app, &kanwil, id, json!({"to": "submissions_open"})).await;
    assert_eq!(status, StatusCode::OK, "{opened}");
    assert_eq!(opened["phase"], "submissions_open");
    assert_eq!(opened["accepting_submissions"], true);

    // Entrants rely on the form now: it is locked.
    let regency_path = format!("{categories}/{}", regency["id"].as_str().unwrap());
    let (status, body) = app
        .patch(
            &regency_path,
            Some(&kanwil),
            json!({"version": regency["version"], "form": []}),
        )
        .await;
    assert_problem(status, &body, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(error_fields(&body), ["form"]);

    // Phases move one step at a time.
    let (status, body) = phase(&app, &kanwil, id, json!({"to": "judging"})).await;
    assert_problem(status, &body, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(error_fields(&body), ["to"]);
    let (status, _) = phase(&app, &kanwil, id, json!({"to": "submissions_closed"})).await;
    assert_eq!(status, StatusCode::OK);
    // Going back needs a reason, which is recorded.
    let (status, body) = phase(&app, &kanwil, id, json!({"to": "submissions_open"})).await;
    assert_problem(status, &body, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(error_fields(&body), ["reason"]);
    let (status, _) = phase(
        &app,
        &kanwil,
        id,
        json!({"to": "submissions_open", "reason": "Perpanjangan untuk desa terdampak banjir"}),
    )
    .await;
    assert_eq!(status, StatusCode::OK);
    phase(&app, &kanwil, id, json!({"to": "submissions_closed"})).await;
    let (status, judging) = phase(&app, &kanwil, id, json!({"to": "judging"})).await;
    assert_eq!(status, StatusCode::OK, "{judging}");

    // Judging froze the rubrics: a change needs a reason and makes version 2.
    let rubric_path = format!("{regency_path}/rubric");
    let (_, current) = app.get(&rubric_path, Some(&kanwil)).await;
    assert_eq!(current["frozen"], true);
    let stages = current["rubric"]["stages"].clone();
    let (status, body) = app
        .put(&rubric_path, Some(&kanwil), json!({"stages": stages}))
        .await;
    assert_problem(status, &body, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(error_fields(&body), ["reason"]);
    let (status, saved) = app
        .put(
            &rubric_path,
            Some(&kanwil),
            json!({"stages": stages, "reason": "Deskriptor wawancara diperjelas"}),
        )
        .await;
    assert_eq!(status, StatusCode::OK, "{saved}");
    assert_eq!(saved["version"], 2);
    let (_, versions) = app
        .get(&format!("{rubric_path}/versions"), Some(&kanwil))
        .await;
    assert_eq!(versions.as_array().unwrap().len(), 2);
    assert_eq!(versions[1]["reason"], "Deskriptor wawancara diperjelas");

    // Results are published by freezing the ranking, never by a bare phase change.
    let (status, body) = phase(&app, &kanwil, id, json!({"to": "results_published"})).await;
    assert_problem(status, &body, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(error_fields(&body), ["to"]);
    let publications = format!("/api/v1/editions/{id}/publications");
    let (status, published) = app.post(&publications, Some(&kanwil), json!({})).await;
    assert_eq!(status, StatusCode::CREATED, "{published}");
    // Only the national admin withdraws published results, with a reason.
    let withdraw = format!("{publications}/1/withdraw");
    let (status, body) = app
        .post(&withdraw, Some(&kanwil), json!({"reason": "Salah hitung"}))
        .await;
    assert_problem(status, &body, StatusCode::FORBIDDEN);
    let (status, body) = app
        .post(&withdraw, Some(&app.admin_token), json!({"reason": " "}))
        .await;
    assert_problem(status, &body, StatusCode::UNPROCESSABLE_ENTITY);
    let (status, body) = app
        .post(
            &withdraw,
            Some(&app.admin_token),
            json!({"reason": "Salah hitung"}),
        )
        .await;
    assert_eq!(status, StatusCode::OK, "{body}");
    let (_, withdrawn) = app
        .get(&format!("/api/v1/editions/{id}"), Some(&kanwil))
        .await;
    assert_eq!(withdrawn["phase"], "judging");
    let history: Vec<(&str, &str)> = withdrawn["phase_history"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| {
            (
                c["from_phase"].as_str().unwrap(),
                c["to_phase"].as_str().unwrap(),
            )
        })
        .collect();
    assert_eq!(
        history,
        [
            ("draft", "submissions_open"),
            ("submissions_open", "submissions_closed"),
            ("submissions_closed", "submissions_open"),
            ("submissions_open", "submissions_closed"),
            ("submissions_closed", "judging"),
            ("judging", "results_published"),
            ("results_published", "judging"),
        ]
    );
    assert_eq!(
        withdrawn["phase_history"][2]["reason"],
        "Perpanjangan untuk desa terdampak banjir"
    );
    let (_, audit) = app
        .get(
            &format!("/api/v1/audit?object_id={id}&action=edition.phase"),
            Some(&kanwil),
        )
        .await;
    assert_eq!(audit["total"], 5);
}

async fn a_rubric_with_three_mistakes_lists_all_three_by_path(app: TestApp) {
    let edition = central_java(&app, &app.admin_token).await;
    let id = edition["id"].as_str().unwrap();
    let (_, category) = app
        .post(
            &format!("/api/v1/editions/{id}/categories"),
            Some(&app.admin_token),
            json!({"name_id": "Pemerintah Kabupaten/Kota", "eligibility": {"kinds": ["regency_government"]},
                   "form": [{"key": "pu_covered", "label_id": "PU terlindungi", "type": "integer", "required": true},
                            {"key": "pu_eligible", "label_id": "PU wajib", "type": "integer", "required": true},
                            {"key": "innovation", "label_id": "Inovasi", "type": "text"}]}),
        )
        .await;
    let path = format!(
        "/api/v1/editions/{id}/categories/{}/rubric",
        category["id"].as_str().unwrap()
    );
    let rubric = json!({"stages": [
        {"key": "data", "name_id": "Data", "weight": 50, "criteria": [
            {"key": "coverage_pu", "name_id": "Cakupan PU", "weight": 60,
             "computed": {"source": {"ratio": {"numerator": "pu_covered", "denominator": "pu_total"}},
                          "mapping": {"linear": {"floor": 0.2, "target": 0.9}}, "direction": "higher_is_better"}},
            {"key": "innovation", "name_id": "Inovasi", "weight": 40,
             "judged": {"min": 0, "max": 100, "step": 5}}]},
        {"key": "interview", "name_id": "Wawancara", "weight": 40, "criteria": [
            {"key": "presentation", "name_id": "Paparan", "weight": 100,
             "judged": {"min": 10, "max": 1, "step": 1}}]}
    ]});
    let (status, body) = app.put(&path, Some(&app.admin_token), rubric).await;
    assert_problem(status, &body, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(
        error_fields(&body),
        [
            "stages",
            "stages[0].criteria[0].computed.source.ratio.denominator",
            "stages[1].criteria[0].judged.max",
        ],
        "{body:#}"
    );
    assert_eq!(body["errors"][0]["code"], "weights_sum");
    assert!(
        body["errors"][0]["message_en"]
            .as_str()
            .unwrap()
            .contains("90")
    );
    assert_eq!(body["errors"][1]["code"], "unknown_indicator");
    eprintln!("{}", serde_json::to_string_pretty(&body).unwrap());
}

async fn computed_criteria_need_numeric_indicators_and_sound_mappings(app: TestApp) {
    let edition = central_java(&app, &app.admin_token).await;
    let id = edition["id"].as_str().unwrap();
    let (_, category) = app
        .post(
            &format!("/api/v1/editions/{id}/categories"),
            Some(&app.admin_token),
            json!({"name_id": "Desa", "eligibility": {"kinds": ["village_government"]},
                   "form": [{"key": "note", "label_id": "Catatan", "type": "text"},
                            {"key": "covered", "label_id": "Terlindungi", "type": "integer"}]}),
        )
        .await;
    let path = format!(
        "/api/v1/editions/{id}/categories/{}/rubric",
        category["id"].as_str().unwrap()
    );
    let rubric = json!({"stages": [{"key": "data", "name_id": "Data", "weight": 100, "criteria": [
        {"key": "a", "name_id": "A", "weight": 30,
         "computed": {"source": {"indicator": "note"}, "mapping": {"linear": {"floor": 1, "target": 0}}, "direction": "higher_is_better"}},
        {"key": "b", "name_id": "B", "weight": 30,
         "computed": {"source": {"indicator": "covered"}, "mapping": {"bands": [{"from": 0, "points": 50}, {"from": 10, "points": 20}]},
                      "direction": "higher_is_better"}},
        {"key": "a", "name_id": "C", "weight": 40, "children": [
            {"key": "d", "name_id": "D", "weight": 100, "judged": {"min": 0, "max": 10, "step": 3}}]}
    ]}]});
    let (status, body) = app.put(&path, Some(&app.admin_token), rubric).await;
    assert_problem(status, &body, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(
        error_fields(&body),
        [
            "stages[0].criteria[0].computed.source.indicator",
            "stages[0].criteria[0].computed.mapping.linear",
            "stages[0].criteria[1].computed.mapping.bands[1].points",
            "stages[0].criteria[2].key",
            "stages[0].criteria[2].children[0].judged.step",
        ],
        "{body:#}"
    );
}

async fn editions_copy_last_years_categories_and_rubrics(app: TestApp) {
    let last_year = central_java(&app, &app.admin_token).await;
    let old = last_year["id"].as_str().unwrap();
    for template in ["regency_government", "village_government"] {
        app.post(
            &format!("/api/v1/editions/{old}/categories"),
            Some(&app.admin_token),
            json!({"template": template}),
        )
        .await;
    }
    let this_year = create_edition(
        &app,
        &app.admin_token,
        json!({"name": "Paritrana Award 2025 – Jawa Tengah", "year": 2025, "tier": "provincial", "province_code": "33",
               "copy_from": old}),
    )
    .await;
    assert_eq!(this_year["copied_from_edition_id"], old);
    assert_eq!(this_year["period_start"], "2025-01-01");
    let (_, copied) = app
        .get(
            &format!(
                "/api/v1/editions/{}/categories",
                this_year["id"].as_str().unwrap()
            ),
            Some(&app.admin_token),
        )
        .await;
    let names: Vec<&str> = copied
        .as_array()
        .unwrap()
        .iter()
        .map(|c| c["name_id"].as_str().unwrap())
        .collect();
    assert_eq!(
        names,
        ["Pemerintah Kabupaten/Kota", "Pemerintah Desa/Kelurahan"]
    );
    assert_eq!(copied[0]["rubric_version"], 1);
    assert_ne!(copied[0]["id"], json!(null));
}

async fn editions_keep_their_province_clock_and_check_their_fields(app: TestApp) {
    let papua = create_edition(
        &app,
        &app.admin_token,
        json!({"name": "Paritrana Award 2025 – Papua", "year": 2025, "tier": "provincial", "province_code": "91",
               "schedule": {"submissions_close_at": "2025-03-31T23:59"}}),
    )
    .await;
    assert_eq!(papua["time_zone"], "Asia/Jayapura");
    assert_eq!(
        papua["schedule"]["submissions_close_at"],
        "2025-03-31T23:59:00+09:00"
    );

    let (status, body) = app
        .post(
            "/api/v1/editions",
            Some(&app.admin_token),
            json!({"name": "X", "year": 1990, "tier": "provincial", "time_zone": "Europe/Paris",
                   "schedule": {"submissions_open_at": "2025-04-01T08:00", "submissions_close_at": "2025-03-31T23:59",
                                "results_at": "kapan-kapan"}}),
        )
        .await;
    assert_problem(status, &body, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(
        error_fields(&body),
        [
            "name",
            "year",
            "province_code",
            "time_zone",
            "schedule.results_at",
            "schedule.submissions_close_at"
        ]
    );
}

async fn a_national_edition_groups_zones_and_receives_provincial_winners(app: TestApp) {
    let national = create_edition(
        &app,
        &app.admin_token,
        json!({"name": "Paritrana Award 2025 – Nasional", "year": 2025, "tier": "national",
               "zones": [{"key": "sumatera", "name": "Zona Sumatera", "provinces": ["11", "12", "13"]}]}),
    )
    .await;
    assert_eq!(national["zones"][0]["name"], "Zona Sumatera");
    let provincial = create_edition(
        &app,
        &app.admin_token,
        json!({"name": "Paritrana Award 2025 – Aceh", "year": 2025, "tier": "provincial", "province_code": "11",
               "advances_to": {"edition_id": national["id"], "per_category": 3}}),
    )
    .await;
    assert_eq!(provincial["advances_to"]["per_category"], 3);
    let (status, body) = app
        .post(
            "/api/v1/editions",
            Some(&app.admin_token),
            json!({"name": "Salah arah", "year": 2025, "tier": "provincial", "province_code": "12",
                   "advances_to": {"edition_id": provincial["id"], "per_category": 2}}),
        )
        .await;
    assert_problem(status, &body, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(
        error_fields(&body),
        ["advances_to.per_category", "advances_to.edition_id"]
    );
}

async fn regional_admins_run_only_their_own_provinces_editions(app: TestApp) {
    let (_, jateng) = app.regional_admin("kanwil.jateng@example.id", "33").await;
    let (_, jabar) = app.regional_admin("kanwil.jabar@example.id", "32").await;
    let (status, body) = app
        .post("/api/v1/editions", Some(&jateng), json!({"name": "Jabar 2025", "year": 2025, "tier": "provincial", "province_code": "32"}))
        .await;
    assert_problem(status, &body, StatusCode::FORBIDDEN);
    let (status, body) = app
        .post(
            "/api/v1/editions",
            Some(&jateng),
            json!({"name": "Nasional", "year": 2025, "tier": "national"}),
        )
        .await;
    assert_problem(status, &body, StatusCode::FORBIDDEN);

    let edition = central_java(&app, &jateng).await;
    let id = edition["id"].as_str().unwrap();
    let one = format!("/api/v1/editions/{id}");
    // A draft is invisible to other provinces' admins.
    let (status, body) = app.get(&one, Some(&jabar)).await;
    assert_problem(status, &body, StatusCode::NOT_FOUND);
    let (_, list) = app.get("/api/v1/editions", Some(&jabar)).await;
    assert_eq!(list["total"], 0);
    let (_, list) = app.get("/api/v1/editions", Some(&jateng)).await;
    assert_eq!(list["total"], 1);
    let (status, body) = app
        .patch(
            &one,
            Some(&jabar),
            json!({"version": 1, "name": "Diambil alih"}),
        )
        .await;
    assert_problem(status, &body, StatusCode::NOT_FOUND);
    let (status, body) = phase(&app, &jabar, id, json!({"to": "submissions_open"})).await;
    assert_problem(status, &body, StatusCode::NOT_FOUND);
    let (status, body) = app
        .post(
            &format!("{one}/categories"),
            Some(&jabar),
            json!({"template": "village_government"}),
        )
        .await;
    assert_problem(status, &body, StatusCode::NOT_FOUND);
    let (status, body) = app
        .patch(
            &one,
            Some(&jateng),
            json!({"version": 1, "tier": "national"}),
        )
        .await;
    assert_problem(status, &body, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(error_fields(&body), ["tier"]);
}

async fn judges_and_entrants_see_open_editions_but_change_nothing(app: TestApp) {
    let edition = central_java(&app, &app.admin_token).await;
    let id = edition["id"].as_str().unwrap();
    let (_, category) = app
        .post(
            &format!("/api/v1/editions/{id}/categories"),
            Some(&app.admin_token),
            json!({"template": "regency_government"}),
        )
        .await;
    let category_path = format!(
        "/api/v1/editions/{id}/categories/{}",
        category["id"].as_str().unwrap()
    );
    let (_, judge) = app.judge("juri@example.id", "33").await;
    let (_, entrant) = app.entrant("peserta@example.id", "33", &[]).await;
    for token in [&judge, &entrant] {
        let (status, _) = app
            .get(&format!("/api/v1/editions/{id}"), Some(token))
            .await;
        assert_eq!(status, StatusCode::NOT_FOUND, "drafts are hidden");
    }
    app.patch(
        &format!("/api/v1/editions/{id}"),
        Some(&app.admin_token),
        json!({"version": 1, "schedule": {"submissions_close_at": local_in(10)}}),
    )
    .await;
    let (status, body) = phase(
        &app,
        &app.admin_token,
        id,
        json!({"to": "submissions_open"}),
    )
    .await;
    assert_eq!(status, StatusCode::OK, "{body}");
    let calls: Vec<(Method, String, Option<Value>)> = vec![
        (
            Method::POST,
            "/api/v1/editions".into(),
            Some(
                json!({"name": "Baru", "year": 2025, "tier": "provincial", "province_code": "33"}),
            ),
        ),
        (
            Method::PATCH,
            format!("/api/v1/editions/{id}"),
            Some(json!({"version": 2, "name": "Ganti"})),
        ),
        (
            Method::POST,
            format!("/api/v1/editions/{id}/phase"),
            Some(json!({"to": "submissions_closed"})),
        ),
        (
            Method::POST,
            format!("/api/v1/editions/{id}/categories"),
            Some(json!({"template": "village_government"})),
        ),
        (
            Method::PATCH,
            category_path.clone(),
            Some(json!({"version": 1, "name_id": "Ganti"})),
        ),
        (Method::DELETE, category_path.clone(), None),
        (Method::GET, format!("{category_path}/rubric"), None),
        (
            Method::PUT,
            format!("{category_path}/rubric"),
            Some(json!({"stages": []})),
        ),
        (
            Method::GET,
            format!("{category_path}/rubric/versions"),
            None,
        ),
        (Method::GET, "/api/v1/category-templates".into(), None),
    ];
    for (method, path, body) in calls {
        for (who, token) in [("judge", &judge), ("entrant", &entrant)] {
            let (status, answer) = app
                .request(method.clone(), &path, Some(token), body.clone())
                .await;
            assert_eq!(
                status,
                StatusCode::FORBIDDEN,
                "{who} {method} {path}: {answer}"
            );
        }
        let (status, _) = app.request(method.clone(), &path, None, body.clone()).await;
        assert_eq!(
            status,
            StatusCode::UNAUTHORIZED,
            "anonymous {method} {path}"
        );
    }
    for token in [&judge, &entrant] {
        let (status, open) = app
            .get(&format!("/api/v1/editions/{id}"), Some(token))
            .await;
        assert_eq!(
            (status, open["phase"].as_str()),
            (StatusCode::OK, Some("submissions_open"))
        );
        let (status, list) = app
            .get(&format!("/api/v1/editions/{id}/categories"), Some(token))
            .await;
        assert_eq!(status, StatusCode::OK);
        assert!(
            list[0]["form"].as_array().is_some_and(|f| !f.is_empty()),
            "entrants need the form"
        );
    }
}

async fn categories_check_their_settings_and_versions(app: TestApp) {
    let edition = central_java(&app, &app.admin_token).await;
    let id = edition["id"].as_str().unwrap();
    let path = format!("/api/v1/editions/{id}/categories");
    let (status, body) = app
        .post(
            &path,
            Some(&app.admin_token),
            json!({"name_id": "", "eligibility": {"kinds": [], "size_classes": ["large"], "regions": ["32.73", "33.99"]},
                   "winners_count": 0, "tie_break": [{"stage": "nowhere"}]}),
        )
        .await;
    assert_problem(status, &body, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(
        error_fields(&body),
        [
            "name_id",
            "eligibility.kinds",
            "eligibility.size_classes",
            "eligibility.regions[0]",
            "eligibility.regions[1]",
            "winners_count"
        ]
    );
    let (status, body) = app
        .post(
            &path,
            Some(&app.admin_token),
            json!({"template": "company_huge"}),
        )
        .await;
    assert_problem(status, &body, StatusCode::UNPROCESSABLE_ENTITY);
    let (_, category) = app
        .post(
            &path,
            Some(&app.admin_token),
            json!({"template": "company_small_micro", "name_id": "UMKM Jawa Tengah"}),
        )
        .await;
    assert_eq!(category["name_id"], "UMKM Jawa Tengah");
    assert_eq!(
        category["eligibility"]["size_classes"],
        json!(["small", "micro"])
    );
    let one = format!("{path}/{}", category["id"].as_str().unwrap());
    let (status, body) = app
        .patch(
            &one,
            Some(&app.admin_token),
            json!({"version": 1, "tie_break": [{"criterion": "no_such"}]}),
        )
        .await;
    assert_problem(status, &body, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(error_fields(&body), ["tie_break[0]"]);
    let (status, _) = app
        .patch(
            &one,
            Some(&app.admin_token),
            json!({"version": 1, "aggregation": "median"}),
        )
        .await;
    assert_eq!(status, StatusCode::OK);
    let (status, body) = app
        .patch(
            &one,
            Some(&app.admin_token),
            json!({"version": 1, "aggregation": "mean"}),
        )
        .await;
    assert_problem(status, &body, StatusCode::CONFLICT);
    let (status, _) = app
        .request(Method::DELETE, &one, Some(&app.admin_token), None)
        .await;
    assert_eq!(status, StatusCode::NO_CONTENT);
    let (_, list) = app.get(&path, Some(&app.admin_token)).await;
    assert_eq!(list.as_array().unwrap().len(), 0);
}

crate::on_both_backends!(
    central_java_2024_is_built_from_templates_and_walked_through_its_phases,
    a_rubric_with_three_mistakes_lists_all_three_by_path,
    computed_criteria_need_numeric_indicators_and_sound_mappings,
    editions_copy_last_years_categories_and_rubrics,
    editions_keep_their_province_clock_and_check_their_fields,
    a_national_edition_groups_zones_and_receives_provincial_winners,
    regional_admins_run_only_their_own_provinces_editions,
    judges_and_entrants_see_open_editions_but_change_nothing,
    categories_check_their_settings_and_versions,
);
