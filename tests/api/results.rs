use reqwest::{Method, StatusCode};
use serde_json::{Value, json};
use sha2::{Digest, Sha256};

use crate::helpers::{TestApp, assert_problem, error_fields, local_in};

/// Data 60: coverage (PU covered / eligible, linear from 0 to 1) 50 and
/// regulation (judged 0 to 100 by 5) 50. Interview 40: presentation.
fn rubric() -> Value {
    let judged = |key: &str, weight: u32| json!({"key": key, "name_id": key, "weight": weight, "judged": {"min": 0, "max": 100, "step": 5}});
    json!({"stages": [
        {"key": "data", "name_id": "Data", "weight": 60, "criteria": [
            {"key": "coverage", "name_id": "Cakupan PU", "weight": 50, "computed": {
                "source": {"ratio": {"numerator": "pu_covered", "denominator": "pu_eligible"}},
                "mapping": {"linear": {"floor": 0, "target": 1}}, "direction": "higher_is_better"}},
            judged("regulation", 50)]},
        {"key": "interview", "name_id": "Wawancara", "weight": 40, "criteria": [judged("presentation", 100)]}]})
}

struct Edition {
    id: String,
    kanwil: String,
    judges: Vec<String>,
    judge_ids: Vec<String>,
}

struct Category {
    id: String,
    /// Entry id by entrant name.
    entries: Vec<(String, String)>,
}

impl Category {
    fn name_of(&self, entry: &str) -> &str {
        &self.entries.iter().find(|(_, e)| e == entry).unwrap().0
    }
}

async fn central_java_2024(app: &TestApp) -> Edition {
    let (_, kanwil) = app.regional_admin("kanwil@example.id", "33").await;
    let (status, edition) = app
        .post(
            "/api/v1/editions",
            Some(&kanwil),
            json!({"name": "Paritrana Award 2024 – Jawa Tengah", "year": 2024, "tier": "provincial", "province_code": "33",
                   "schedule": {"submissions_open_at": local_in(-1), "submissions_close_at": local_in(30)}}),
        )
        .await;
    assert_eq!(status, StatusCode::CREATED, "{edition}");
    let id = edition["id"].as_str().unwrap().to_owned();
    // Three judges from Jakarta: no conflicts with any Central Java entrant.
    let mut judges = Vec::new();
    let mut judge_ids = Vec::new();
    for n in 1..=3 {
        let (user_id, token) = app.judge(&format!("juri{n}@example.id"), "31").await;
        let (status, judge) = app
            .post(
                &format!("/api/v1/editions/{id}/judges"),
                Some(&app.admin_token),
                json!({"user_id": user_id, "home_region_code": "31.71"}),
            )
            .await;
        assert_eq!(status, StatusCode::CREATED, "{judge}");
        judges.push(token);
        judge_ids.push(judge["id"].as_str().unwrap().to_owned());
    }
    Edition {
        id,
        kanwil,
        judges,
        judge_ids,
    }
}

async fn category(app: &TestApp, e: &Edition, name: &str, kind: &str) -> String {
    let (status, category) = app
        .post(
            &format!("/api/v1/editions/{}/categories", e.id),
            Some(&e.kanwil),
            json!({"name_id": name, "eligibility": {"kinds": [kind]}, "winners_count": 3,
                   "aggregation": "mean", "tie_break": [{"stage": "interview"}],
                   "form": [{"key": "pu_covered", "label_id": "PU terlindungi", "type": "integer", "required": true},
                            {"key": "pu_eligible", "label_id": "PU wajib", "type": "integer", "required": true}]}),
        )
        .await;
    assert_eq!(status, StatusCode::CREATED, "{category}");
    let id = category["id"].as_str().unwrap().to_owned();
    let (status, body) = app
        .put(
            &format!("/api/v1/editions/{}/categories/{id}/rubric", e.id),
            Some(&e.kanwil),
            rubric(),
        )
        .await;
    assert_eq!(status, StatusCode::OK, "{body}");
    id
}

/// Each entrant submits its coverage; the Kanwil marks every entry complete.
async fn enter(
    app: &TestApp,
    e: &Edition,
    category_id: &str,
    kind: &str,
    entrants: &[(&str, &str, u32, u32)],
) -> Category {
    let mut entries = Vec::new();
    for (n, (name, region, covered, eligible)) in entrants.iter().enumerate() {
        let org = app.government(kind, region).await["id"]
            .as_str()
            .unwrap()
            .to_owned();
        let (_, entrant) = app
            .entrant(&format!("{kind}{n}@example.id"), "33", &[&org])
            .await;
        let id = app
            .complete_entry(
                &format!("/api/v1/editions/{}/categories/{category_id}/entries", e.id),
                &entrant,
                &e.kanwil,
                &org,
                json!({"pu_covered": covered, "pu_eligible": eligible}),
            )
            .await;
        entries.push(((*name).to_owned(), id));
    }
    Category {
        id: category_id.to_owned(),
        entries,
    }
}

async fn panel_and_assign(app: &TestApp, e: &Edition, c: &Category, stage: &str, judges: usize) {
    let base = format!(
        "/api/v1/editions/{}/categories/{}/stages/{stage}",
        e.id, c.id
    );
    let (status, body) = app
        .put(
            &format!("{base}/panel"),
            Some(&e.kanwil),
            json!({"judge_ids": e.judge_ids[..judges]}),
        )
        .await;
    assert_eq!(status, StatusCode::OK, "{body}");
    let (status, report) = app
        .post(
            &format!("{base}/assign"),
            Some(&e.kanwil),
            json!({"per_entry": judges}),
        )
        .await;
    assert_eq!(status, StatusCode::OK, "{report}");
    assert!(
        report["shortfalls"].as_array().is_none_or(|s| s.is_empty()),
        "{report}"
    );
}

/// Every judge scores their open assignments of one category and stage from
/// `marks` (entrant name → one mark per judge) and submits.
async fn score(
    app: &TestApp,
    e: &Edition,
    c: &Category,
    stage: &str,
    criterion: &str,
    marks: &[(&str, &[u32])],
) {
    for (j, token) in e.judges.iter().enumerate() {
        let (_, mine) = app.get("/api/v1/judging/assignments", Some(token)).await;
        for assignment in mine.as_array().unwrap() {
            if assignment["category_id"] != c.id.as_str() || assignment["stage_key"] != stage {
                continue;
            }
            let name = c.name_of(assignment["entry_id"].as_str().unwrap());
            let mark = marks.iter().find(|(n, _)| *n == name).unwrap().1[j];
            let sheet = format!(
                "/api/v1/judging/assignments/{}/scoresheet",
                assignment["id"].as_str().unwrap()
            );
            let (status, saved) = app
                .put(
                    &sheet,
                    Some(token),
                    json!({"version": 0, "scores": {criterion: {"score": mark}}}),
                )
                .await;
            assert_eq!(status, StatusCode::OK, "{saved}");
            let (status, body) = app
                .post(
                    &format!("{sheet}/submit"),
                    Some(token),
                    json!({"version": saved["version"]}),
                )
                .await;
            assert_eq!(status, StatusCode::OK, "{body}");
        }
    }
}

fn ranking_of(ranking: &Value, c: &Category) -> Vec<(String, Option<u64>, String)> {
    ranking["items"]
        .as_array()
        .unwrap()
        .iter()
        .map(|item| {
            (
                c.name_of(item["entry_id"].as_str().unwrap()).to_owned(),
                item["rank"].as_u64(),
                item["total"].as_str().unwrap_or_default().to_owned(),
            )
        })
        .collect()
}

fn row(name: &str, rank: u64, total: &str) -> (String, Option<u64>, String) {
    (name.to_owned(), Some(rank), total.to_owned())
}

/// The Central Java 2024 example, end to end: entries, scores, shortlist,
/// ranking, published winners and a digest anyone can recompute.
///
/// Regency/city, worked on paper (mean of judges, scores of 100):
///
/// | entrant          | covered | coverage | regulation (3 judges) | data | interview (2) | total |
/// |------------------|---------|----------|-----------------------|------|---------------|-------|
/// | Kota Semarang    | 900/1000| 90       | 90 80 85 → 85         | 87.5 | 90 80 → 85    | 0.6·87.5 + 0.4·85 = 86.5 |
/// | Kabupaten Demak  | 800/1000| 80       | 80 80 80 → 80         | 80   | 85 85 → 85    | 48 + 34 = 82 |
/// | Kota Tegal       | 750/1000| 75       | 85 80 75 → 80         | 77.5 | 80 80 → 80    | 46.5 + 32 = 78.5 |
/// | Kabupaten Klaten | 500/1000| 50       | 70 70 70 → 70         | 60   | not shortlisted | 60 |
///
/// Villages: Wunut 450/500 → 90, regulation 90 → data 90, interview 90 → 90;
/// Tipar Kidul 400/500 → 80, 80 → data 80, interview 95 85 → 90 → 84;
/// Balapulang Wetan 350/500 → 70, 75 → data 72.5, interview 80 → 75.5.
async fn central_java_2024_from_entries_to_published_winners(app: TestApp) {
    let e = central_java_2024(&app).await;
    let regency_id = category(&app, &e, "Pemerintah Kabupaten/Kota", "regency_government").await;
    let village_id = category(&app, &e, "Pemerintah Desa", "village_government").await;
    let (status, body) = app
        .post(
            &format!("/api/v1/editions/{}/phase", e.id),
            Some(&e.kanwil),
            json!({"to": "submissions_open"}),
        )
        .await;
    assert_eq!(status, StatusCode::OK, "{body}");
    let regency = enter(
        &app,
        &e,
        &regency_id,
        "regency_government",
        &[
            ("Kota Semarang", "33.74", 900, 1000),
            ("Kabupaten Demak", "33.21", 800, 1000),
            ("Kota Tegal", "33.76", 750, 1000),
            ("Kabupaten Klaten", "33.10", 500, 1000),
        ],
    )
    .await;
    let village = enter(
        &app,
        &e,
        &village_id,
        "village_government",
        &[
            ("Wunut", "33.10.19.2018", 450, 500),
            ("Tipar Kidul", "33.02.14.2002", 400, 500),
            ("Balapulang Wetan", "33.28.04.2018", 350, 500),
        ],
    )
    .await;
    panel_and_assign(&app, &e, &regency, "data", 3).await;
    panel_and_assign(&app, &e, &village, "data", 3).await;
    for to in ["submissions_closed", "judging"] {
        let (status, body) = app
            .post(
                &format!("/api/v1/editions/{}/phase", e.id),
                Some(&e.kanwil),
                json!({"to": to}),
            )
            .await;
        assert_eq!(status, StatusCode::OK, "{body}");
    }

    let ranking = format!(
        "/api/v1/editions/{}/categories/{}/ranking",
        e.id, regency.id
    );
    let (_, live) = app.get(&ranking, Some(&e.kanwil)).await;
    assert_eq!(live["outstanding_scoresheets"], 12, "{live}");
    // Publishing waits for every scoresheet.
    let publications = format!("/api/v1/editions/{}/publications", e.id);
    let (status, body) = app.post(&publications, Some(&e.kanwil), json!({})).await;
    assert_problem(status, &body, StatusCode::CONFLICT);
    assert_eq!(body["errors"].as_array().unwrap().len(), 2, "{body}");

    score(
        &app,
        &e,
        &regency,
        "data",
        "regulation",
        &[
            ("Kota Semarang", &[90, 80, 85]),
            ("Kabupaten Demak", &[80, 80, 80]),
            ("Kota Tegal", &[85, 80, 75]),
            ("Kabupaten Klaten", &[70, 70, 70]),
        ],
    )
    .await;
    score(
        &app,
        &e,
        &village,
        "data",
        "regulation",
        &[
            ("Wunut", &[90, 90, 90]),
            ("Tipar Kidul", &[80, 80, 80]),
            ("Balapulang Wetan", &[75, 75, 75]),
        ],
    )
    .await;

    // The top three by the data stage go to the interview.
    let (status, shortlisted) = app
        .post(
            &format!(
                "/api/v1/editions/{}/categories/{}/stages/interview/shortlist",
                e.id, regency.id
            ),
            Some(&e.kanwil),
            json!({"top": 3, "reason": "Tiga besar tahap data"}),
        )
        .await;
    assert_eq!(status, StatusCode::OK, "{shortlisted}");
    let picked: Vec<(&str, &str)> = shortlisted["added"]
        .as_array()
        .unwrap()
        .iter()
        .map(|p| {
            (
                regency.name_of(p["entry_id"].as_str().unwrap()),
                p["score"].as_str().unwrap(),
            )
        })
        .collect();
    assert_eq!(
        picked,
        [
            ("Kota Semarang", "87.5000"),
            ("Kabupaten Demak", "80.0000"),
            ("Kota Tegal", "77.5000")
        ]
    );
    let (status, _) = app
        .post(
            &format!(
                "/api/v1/editions/{}/categories/{}/stages/interview/shortlist",
                e.id, village.id
            ),
            Some(&e.kanwil),
            json!({"top": 3, "by_stage": "data", "reason": "Tiga besar tahap data"}),
        )
        .await;
    assert_eq!(status, StatusCode::OK);
    panel_and_assign(&app, &e, &regency, "interview", 2).await;
    panel_and_assign(&app, &e, &village, "interview", 2).await;
    score(
        &app,
        &e,
        &regency,
        "interview",
        "presentation",
        &[
            ("Kota Semarang", &[90, 80]),
            ("Kabupaten Demak", &[85, 85]),
            ("Kota Tegal", &[80, 80]),
        ],
    )
    .await;
    score(
        &app,
        &e,
        &village,
        "interview",
        "presentation",
        &[
            ("Wunut", &[90, 90]),
            ("Tipar Kidul", &[95, 85]),
            ("Balapulang Wetan", &[80, 80]),
        ],
    )
    .await;

    // The live ranking, for the Kanwil only.
    let (status, live) = app.get(&ranking, Some(&e.kanwil)).await;
    assert_eq!(status, StatusCode::OK, "{live}");
    assert_eq!(
        ranking_of(&live, &regency),
        [
            row("Kota Semarang", 1, "86.5000"),
            row("Kabupaten Demak", 2, "82.0000"),
            row("Kota Tegal", 3, "78.5000"),
            row("Kabupaten Klaten", 4, "60.0000"),
        ]
    );
    let semarang = &live["items"][0];
    assert_eq!(semarang["stages"]["data"], "87.5000");
    let regulation = semarang["explanation"]
        .as_array()
        .unwrap()
        .iter()
        .find(|l| l["key"] == "regulation")
        .unwrap();
    assert_eq!(
        (regulation["score"].as_str(), regulation["judges"].as_u64()),
        (Some("85.0000"), Some(3))
    );
    assert_eq!(live["items"][3]["reached_stage"], "data");
    for token in [&e.judges[0]] {
        let (status, body) = app.get(&ranking, Some(token)).await;
        assert_problem(status, &body, StatusCode::FORBIDDEN);
    }

    // Publish: the public sees the winners and can check the digest.
    let (status, published) = app.post(&publications, Some(&e.kanwil), json!({})).await;
    assert_eq!(status, StatusCode::CREATED, "{published}");
    let digest = published["digest"].as_str().unwrap().to_owned();
    let public = format!("/api/v1/public/editions/{}/results", e.id);
    let (status, results) = app.get(&public, None).await;
    assert_eq!(status, StatusCode::OK, "{results}");
    assert_eq!(results["digest"], digest.as_str());
    let winners = |results: &Value, category: usize| -> Vec<(u64, String)> {
        results["categories"][category]["winners"]
            .as_array()
            .unwrap()
            .iter()
            .map(|w| {
                (
                    w["juara"].as_u64().unwrap(),
                    w["organisation_name"].as_str().unwrap().to_owned(),
                )
            })
            .collect()
    };
    assert_eq!(
        winners(&results, 0),
        [
            (1, "Pemerintah Kota Semarang".to_owned()),
            (2, "Pemerintah Kabupaten Demak".to_owned()),
            (3, "Pemerintah Kota Tegal".to_owned()),
        ]
    );
    assert_eq!(
        winners(&results, 1),
        [
            (1, "Pemerintah Desa Wunut".to_owned()),
            (2, "Pemerintah Desa Tipar Kidul".to_owned()),
            (3, "Pemerintah Desa Balapulang Wetan".to_owned()),
        ]
    );
    let snapshot = app
        .send(
            Method::GET,
            results["snapshot_url"].as_str().unwrap(),
            None,
            None,
        )
        .await
        .bytes()
        .await
        .unwrap();
    assert_eq!(
        hex::encode(Sha256::digest(&snapshot)),
        digest,
        "the digest recomputed from the snapshot"
    );
    let frozen: Value = serde_json::from_slice(&snapshot).unwrap();
    assert_eq!(frozen["categories"][1]["ranking"][1]["total"], "84.0000");
    let csv = app
        .send(Method::GET, &format!("{public}/winners.csv"), None, None)
        .await
        .text()
        .await
        .unwrap();
    assert!(
        csv.contains("Pemerintah Desa Wunut") && csv.contains(&digest),
        "{csv}"
    );
    assert!(
        csv.starts_with('\u{feff}'),
        "UTF-8 with a BOM for spreadsheets"
    );
    // The public results page: a podium per category, the ranking, the digest.
    let mut visitor = crate::pages::Visitor::new(&app);
    let page = visitor.get(&format!("/edisi/{}/hasil", e.id)).await;
    assert_eq!(page.status, StatusCode::OK, "{}", page.body);
    for expected in [
        "Hasil: Paritrana Award 2024 – Jawa Tengah",
        r#"<li class="juara-1">"#,
        "Juara 1",
        "Pemerintah Kota Semarang",
        "86,50",
        "Pemerintah Desa Wunut",
        digest.as_str(),
        r#"<meta property="og:title""#,
        "Cara memeriksa keaslian hasil",
        "winners.csv",
    ] {
        assert!(
            page.body.contains(expected),
            "{expected} missing from the results page"
        );
    }
    // Each category's full ranking is a page of its own, linked from its podium.
    let regency_ranking = format!("/edisi/{}/hasil/{}", e.id, regency.id);
    assert!(page.body.contains(&format!(r#"href="{regency_ranking}""#)));
    assert!(
        !page.body.contains("Pemerintah Kabupaten Klaten"),
        "below the podium"
    );
    let ranking_page = visitor.get(&regency_ranking).await;
    assert_eq!(ranking_page.status, StatusCode::OK, "{}", ranking_page.body);
    for expected in [
        "<h1>Pemerintah Kabupaten",
        r#"<tr class="winner">"#,
        "Pemerintah Kota Semarang",
        "Pemerintah Kabupaten Klaten",
        "86,50",
    ] {
        assert!(
            ranking_page.body.contains(expected),
            "{expected} missing from the ranking page"
        );
    }
    let missing = visitor
        .get(&format!("/edisi/{}/hasil/tidak-ada", e.id))
        .await;
    assert_eq!(missing.status, StatusCode::NOT_FOUND);
    assert!(
        missing.body.contains("Kategori tidak ditemukan"),
        "{}",
        missing.body
    );
    // The printable report: every category's ranking with stage scores and the digest.
    let report = app
        .send(Method::GET, &format!("{public}/report"), None, None)
        .await;
    assert_eq!(report.status(), StatusCode::OK);
    assert_eq!(report.headers()["content-type"], "text/html; charset=utf-8");
    let html = report.text().await.unwrap();
    for expected in [
        "Paritrana Award 2024 – Jawa Tengah",
        digest.as_str(),
        "Juara 1",
        "Pemerintah Kota Semarang",
        "86,5000",
        "Pemerintah Kabupaten Klaten",
        "Pemerintah Desa Wunut",
    ] {
        assert!(
            html.contains(expected),
            "{expected} missing from the report"
        );
    }
    let (status, body) = app.get(&format!("{public}/report?version=9"), None).await;
    assert_problem(status, &body, StatusCode::NOT_FOUND);
    // In a real browser: three winners marked in each category, and each
    // category printed on a page of its own.
    if let Some(browser) = crate::helpers::chromium() {
        let (dom, pages) =
            crate::helpers::in_browser(&browser, &format!("{}{public}/report", app.address)).await;
        assert_eq!(dom.matches(r#"<tr class="winner">"#).count(), 6, "{dom}");
        assert!(dom.contains("Pemerintah Desa Wunut"), "{dom}");
        assert_eq!(pages, 2, "one printed page per category");
    }

    // Publishing again needs a reason and keeps the first digest visible.
    let (status, body) = app.post(&publications, Some(&e.kanwil), json!({})).await;
    assert_problem(status, &body, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(error_fields(&body), ["reason"]);
    let (status, again) = app
        .post(
            &publications,
            Some(&e.kanwil),
            json!({"reason": "Nama desa diperbaiki"}),
        )
        .await;
    assert_eq!(status, StatusCode::CREATED, "{again}");
    assert_eq!(again["version"], 2);
    let (_, results) = app.get(&public, None).await;
    let versions: Vec<(u64, &str)> = results["versions"]
        .as_array()
        .unwrap()
        .iter()
        .map(|v| {
            (
                v["version"].as_u64().unwrap(),
                v["digest"].as_str().unwrap(),
            )
        })
        .collect();
    assert_eq!(versions[1], (1, digest.as_str()));
    // The same scores freeze to the same ranking; only the version and time differ.
    assert_eq!(winners(&results, 0)[0].1, "Pemerintah Kota Semarang");
    let page = visitor.get(&format!("/edisi/{}/hasil", e.id)).await;
    assert!(
        page.body.contains("Versi 2") && page.body.contains(&digest),
        "both versions listed"
    );
    // In a real browser, at desktop and phone widths: the podium, the
    // ranking unfolded, the versions; axe-clean and light.
    if !app.is_postgres() {
        let _one = crate::browser::ONE_BROWSER.lock().await;
        if let Some(browser) = crate::browser::Browser::start(&app.address, "id-ID,id").await {
            browser.open("/edisi").await;
            browser.check("edisi-terbit").await;
            browser
                .follow(&format!("a[href='/edisi/{}/hasil']", e.id))
                .await;
            assert_eq!(
                browser.text(".podium .juara-1 .who").await,
                "Pemerintah Kota Semarang"
            );
            browser.check("hasil").await;
            browser
                .follow(&format!("a[href='{regency_ranking}']"))
                .await;
            assert_eq!(
                browser.text("tr.winner td:nth-child(2)").await,
                "Pemerintah Kota Semarang"
            );
            browser.check("hasil-peringkat").await;
            browser.narrow().await;
            browser.check("hasil-peringkat").await;
            browser.open(&format!("/edisi/{}/hasil", e.id)).await;
            browser.check("hasil").await;
            browser
                .open(&format!("/edisi/{}/hasil?versi=1", e.id))
                .await;
            browser.check("hasil-versi-lama").await;
        }
    }
    let older = visitor.get(&format!("/edisi/{}/hasil?versi=1", e.id)).await;
    assert!(older.body.contains("bukan versi terbaru"), "{}", older.body);
    let missing = visitor.get(&format!("/edisi/{}/hasil?versi=9", e.id)).await;
    assert_eq!(missing.status, StatusCode::NOT_FOUND);

    // Exports for the Kanwil: the ranking with every criterion, the judges' marks, a workbook.
    let export = format!("{ranking}/export");
    let ranking_csv = app
        .send(Method::GET, &export, Some(&e.kanwil), None)
        .await
        .text()
        .await
        .unwrap();
    let lines: Vec<&str> = ranking_csv.lines().collect();
    assert!(
        lines[0].starts_with("peringkat,seri,id_pendaftaran,organisasi"),
        "{}",
        lines[0]
    );
    assert!(
        lines[1].contains("Pemerintah Kota Semarang") && lines[1].contains("86.5000"),
        "{}",
        lines[1]
    );
    let judges_csv = app
        .send(
            Method::GET,
            &format!("{export}?detail=judges"),
            Some(&e.kanwil),
            None,
        )
        .await
        .text()
        .await
        .unwrap();
    assert_eq!(
        judges_csv.lines().count(),
        1 + 12 + 6,
        "a header and one row per mark"
    );
    let workbook = app
        .send(
            Method::GET,
            &format!("{export}?format=xlsx"),
            Some(&e.kanwil),
            None,
        )
        .await;
    assert_eq!(workbook.status(), StatusCode::OK);
    assert!(
        workbook.bytes().await.unwrap().starts_with(b"PK"),
        "an XLSX is a zip"
    );
    let (status, body) = app
        .get(&format!("{export}?format=pdf"), Some(&e.kanwil))
        .await;
    assert_problem(status, &body, StatusCode::UNPROCESSABLE_ENTITY);
    let (status, body) = app.get(&export, Some(&e.judges[0])).await;
    assert_problem(status, &body, StatusCode::FORBIDDEN);
}

/// Withdrawal is for national admins, with a reason; the withdrawn version
/// stays listed with its digest and the winners leave the public page.
async fn withdrawn_results_leave_the_public_page_but_keep_their_digest(app: TestApp) {
    let e = central_java_2024(&app).await;
    category(&app, &e, "Pemerintah Kabupaten/Kota", "regency_government").await;
    for to in ["submissions_open", "submissions_closed", "judging"] {
        let (status, body) = app
            .post(
                &format!("/api/v1/editions/{}/phase", e.id),
                Some(&e.kanwil),
                json!({"to": to}),
            )
            .await;
        assert_eq!(status, StatusCode::OK, "{body}");
    }
    let public = format!("/api/v1/public/editions/{}/results", e.id);
    let (status, body) = app.get(&public, None).await;
    assert_problem(status, &body, StatusCode::NOT_FOUND);
    let publications = format!("/api/v1/editions/{}/publications", e.id);
    let (status, published) = app.post(&publications, Some(&e.kanwil), json!({})).await;
    assert_eq!(status, StatusCode::CREATED, "{published}");
    let (status, body) = app
        .post(
            &format!("{publications}/1/withdraw"),
            Some(&e.kanwil),
            json!({"reason": "Sengketa data"}),
        )
        .await;
    assert_problem(status, &body, StatusCode::FORBIDDEN);
    let (status, body) = app
        .post(
            &format!("{publications}/1/withdraw"),
            Some(&app.admin_token),
            json!({"reason": "Sengketa data"}),
        )
        .await;
    assert_eq!(status, StatusCode::OK, "{body}");
    let (_, results) = app.get(&public, None).await;
    assert_eq!(results["status"], "withdrawn");
    assert_eq!(results["withdrawn_reason"], "Sengketa data");
    assert_eq!(results["categories"], json!([]));
    assert_eq!(results["versions"][0]["digest"], published["digest"]);
    let (status, body) = app
        .post(
            &format!("{publications}/1/withdraw"),
            Some(&app.admin_token),
            json!({"reason": "lagi"}),
        )
        .await;
    assert_problem(status, &body, StatusCode::CONFLICT);
    let (status, body) = app.get(&format!("{public}/winners.csv"), None).await;
    assert_problem(status, &body, StatusCode::NOT_FOUND);
    // The page says the version was withdrawn, and why, and shows no winners.
    let page = crate::pages::Visitor::new(&app)
        .get(&format!("/edisi/{}/hasil", e.id))
        .await;
    assert_eq!(page.status, StatusCode::OK);
    assert!(
        page.body.contains("Hasil versi ini ditarik kembali"),
        "{}",
        page.body
    );
    assert!(page.body.contains("Sengketa data"));
    assert!(!page.body.contains("juara-1") && !page.body.contains("winners.csv"));
    assert!(page.body.contains(published["digest"].as_str().unwrap()));
    // Its rankings, too, give the withdrawal in place of the entries.
    let (_, snapshot) = app.get(&format!("{public}/snapshot"), None).await;
    let category_id = snapshot["categories"][0]["id"].as_str().unwrap();
    let ranking = crate::pages::Visitor::new(&app)
        .get(&format!("/edisi/{}/hasil/{category_id}", e.id))
        .await;
    assert_eq!(ranking.status, StatusCode::OK);
    assert!(ranking.body.contains("Sengketa data"), "{}", ranking.body);
    assert!(
        !ranking.body.contains(r#"class="winner""#),
        "{}",
        ranking.body
    );
}

/// Every results endpoint refuses judges and entrants, and a regional admin
/// of another province.
async fn results_endpoints_refuse_judges_entrants_and_other_provinces(app: TestApp) {
    let e = central_java_2024(&app).await;
    let category_id = category(&app, &e, "Pemerintah Kabupaten/Kota", "regency_government").await;
    let company = app.company("PT Maju Jaya", "33.74", "MJ000001").await;
    let (_, entrant) = app
        .entrant("warga@example.id", "33", &[company["id"].as_str().unwrap()])
        .await;
    let (_, west_java) = app.regional_admin("kanwil.jabar@example.id", "32").await;
    let base = format!("/api/v1/editions/{}", e.id);
    let calls = [
        (
            Method::GET,
            format!("{base}/categories/{category_id}/ranking"),
            None,
        ),
        (
            Method::GET,
            format!("{base}/categories/{category_id}/ranking/export"),
            None,
        ),
        (Method::GET, format!("{base}/publications"), None),
        (
            Method::POST,
            format!("{base}/publications"),
            Some(json!({})),
        ),
        (
            Method::POST,
            format!("{base}/publications/1/withdraw"),
            Some(json!({"reason": "x"})),
        ),
        (Method::GET, format!("{base}/advancements"), None),
        (Method::GET, format!("{base}/emails"), None),
    ];
    for (method, path, body) in &calls {
        for token in [&e.judges[0], &entrant] {
            let (status, answer) = app
                .request(method.clone(), path, Some(token), body.clone())
                .await;
            assert_problem(status, &answer, StatusCode::FORBIDDEN);
        }
        // The draft edition of another province is not even visible.
        let (status, answer) = app
            .request(method.clone(), path, Some(&west_java), body.clone())
            .await;
        assert!(
            status == StatusCode::NOT_FOUND || status == StatusCode::FORBIDDEN,
            "{method} {path}: {status} {answer}"
        );
    }
}

/// Each category's winner advances to the linked national edition, into the
/// national category made from the same template; a withdrawal takes the
/// nomination back.
async fn winners_advance_to_the_national_edition(app: TestApp) {
    let admin = app.admin_token.clone();
    let (status, national) = app
        .post(
            "/api/v1/editions",
            Some(&admin),
            json!({"name": "Paritrana Award 2024 – Nasional", "year": 2024, "tier": "national",
                   "zones": [{"key": "jawa", "name": "Zona Jawa", "provinces": ["33"]}]}),
        )
        .await;
    assert_eq!(status, StatusCode::CREATED, "{national}");
    let national_id = national["id"].as_str().unwrap().to_owned();
    let (status, national_category) = app
        .post(
            &format!("/api/v1/editions/{national_id}/categories"),
            Some(&admin),
            json!({"template": "regency_government"}),
        )
        .await;
    assert_eq!(status, StatusCode::CREATED, "{national_category}");
    let (status, edition) = app
        .post(
            "/api/v1/editions",
            Some(&admin),
            json!({"name": "Paritrana Award 2024 – Jawa Tengah", "year": 2024, "tier": "provincial", "province_code": "33",
                   "schedule": {"submissions_open_at": local_in(-1), "submissions_close_at": local_in(30)},
                   "advances_to": {"edition_id": national_id, "per_category": 1}}),
        )
        .await;
    assert_eq!(status, StatusCode::CREATED, "{edition}");
    let id = edition["id"].as_str().unwrap().to_owned();
    let (_, category) = app
        .post(
            &format!("/api/v1/editions/{id}/categories"),
            Some(&admin),
            json!({"template": "regency_government"}),
        )
        .await;
    let category_id = category["id"].as_str().unwrap().to_owned();
    // Ranked on coverage alone, so no judging is needed.
    let (status, body) = app
        .put(
            &format!("/api/v1/editions/{id}/categories/{category_id}/rubric"),
            Some(&admin),
            json!({"stages": [{"key": "data", "name_id": "Data", "weight": 60, "criteria": [
                {"key": "coverage", "name_id": "Cakupan PU", "weight": 100, "computed": {
                    "source": {"ratio": {"numerator": "pu_covered", "denominator": "pu_eligible"}},
                    "mapping": {"linear": {"floor": 0, "target": 1}}, "direction": "higher_is_better"}}]},
                {"key": "interview", "name_id": "Wawancara", "weight": 40, "criteria": [
                {"key": "bpu", "name_id": "Cakupan BPU", "weight": 100, "computed": {
                    "source": {"ratio": {"numerator": "bpu_covered", "denominator": "bpu_eligible"}},
                    "mapping": {"linear": {"floor": 0, "target": 1}}, "direction": "higher_is_better"}}]}]}),
        )
        .await;
    assert_eq!(status, StatusCode::OK, "{body}");
    app.post(
        &format!("/api/v1/editions/{id}/phase"),
        Some(&admin),
        json!({"to": "submissions_open"}),
    )
    .await;
    let mut winner = String::new();
    for (n, (region, covered)) in [("33.74", 900), ("33.21", 800)].into_iter().enumerate() {
        let org = app.government("regency_government", region).await["id"]
            .as_str()
            .unwrap()
            .to_owned();
        let (_, entrant) = app
            .entrant(&format!("pemda{n}@example.id"), "33", &[&org])
            .await;
        let values = json!({"perda_exists": true, "apbd_contribution": 1000000, "pu_covered": covered, "pu_eligible": 1000,
            "bpu_covered": 1, "bpu_eligible": 2, "vulnerable_covered": 1, "vulnerable_target": 2,
            "construction_covered": 1, "construction_eligible": 2, "employers_registered": 1, "employers_total": 2});
        let entry_id = app
            .complete_entry(
                &format!("/api/v1/editions/{id}/categories/{category_id}/entries"),
                &entrant,
                &admin,
                &org,
                values,
            )
            .await;
        if n == 0 {
            winner = entry_id;
        }
    }
    for to in ["submissions_closed", "judging"] {
        let (status, body) = app
            .post(
                &format!("/api/v1/editions/{id}/phase"),
                Some(&admin),
                json!({"to": to}),
            )
            .await;
        assert_eq!(status, StatusCode::OK, "{body}");
    }
    let (status, body) = app
        .post(
            &format!("/api/v1/editions/{id}/publications"),
            Some(&admin),
            json!({}),
        )
        .await;
    assert_eq!(status, StatusCode::CREATED, "{body}");
    let advancements = format!("/api/v1/editions/{national_id}/advancements");
    let (status, nominees) = app.get(&advancements, Some(&admin)).await;
    assert_eq!(status, StatusCode::OK, "{nominees}");
    let nominees = nominees.as_array().unwrap();
    assert_eq!(nominees.len(), 1, "one winner per category: {nominees:?}");
    assert_eq!(nominees[0]["entry_id"], winner.as_str());
    assert_eq!(nominees[0]["ranking"], 1);
    assert_eq!(nominees[0]["target_category_id"], national_category["id"]);
    // A withdrawal takes the nomination back.
    let (status, body) = app
        .post(
            &format!("/api/v1/editions/{id}/publications/1/withdraw"),
            Some(&admin),
            json!({"reason": "Data cakupan dikoreksi"}),
        )
        .await;
    assert_eq!(status, StatusCode::OK, "{body}");
    let (_, nominees) = app.get(&advancements, Some(&admin)).await;
    assert_eq!(nominees, json!([]));
}

/// Once results are published, every judging change is refused with a 409
/// that names the way out (withdraw, which moves the edition back to
/// judging), so the live ranking can never part from the published one.
async fn judging_changes_are_refused_once_results_are_published(app: TestApp) {
    let e = central_java_2024(&app).await;
    let category_id = category(&app, &e, "Pemerintah Kabupaten/Kota", "regency_government").await;
    let (status, body) = app
        .post(
            &format!("/api/v1/editions/{}/phase", e.id),
            Some(&e.kanwil),
            json!({"to": "submissions_open"}),
        )
        .await;
    assert_eq!(status, StatusCode::OK, "{body}");
    let regency = enter(
        &app,
        &e,
        &category_id,
        "regency_government",
        &[
            ("Kota Semarang", "33.74", 900, 1000),
            ("Kabupaten Demak", "33.21", 800, 1000),
        ],
    )
    .await;
    panel_and_assign(&app, &e, &regency, "data", 1).await;
    for to in ["submissions_closed", "judging"] {
        let (status, body) = app
            .post(
                &format!("/api/v1/editions/{}/phase", e.id),
                Some(&e.kanwil),
                json!({"to": to}),
            )
            .await;
        assert_eq!(status, StatusCode::OK, "{body}");
    }
    score(
        &app,
        &e,
        &regency,
        "data",
        "regulation",
        &[("Kota Semarang", &[90]), ("Kabupaten Demak", &[80])],
    )
    .await;
    let stages = format!("/api/v1/editions/{}/categories/{}/stages", e.id, regency.id);
    let (status, body) = app
        .post(
            &format!("{stages}/interview/shortlist"),
            Some(&e.kanwil),
            json!({"top": 1, "reason": "Terbaik tahap data"}),
        )
        .await;
    assert_eq!(status, StatusCode::OK, "{body}");
    panel_and_assign(&app, &e, &regency, "interview", 1).await;
    score(
        &app,
        &e,
        &regency,
        "interview",
        "presentation",
        &[("Kota Semarang", &[85])],
    )
    .await;
    let publications = format!("/api/v1/editions/{}/publications", e.id);
    // The first publication needs no body at all.
    let (status, published) = app
        .request(Method::POST, &publications, Some(&e.kanwil), None)
        .await;
    assert_eq!(status, StatusCode::CREATED, "{published}");
    // A body that is there must still be JSON.
    let response = app
        .client
        .post(format!("{}{publications}", app.address))
        .bearer_auth(&e.kanwil)
        .header("content-type", "text/plain")
        .body("reason=again")
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), StatusCode::UNSUPPORTED_MEDIA_TYPE);

    // The printable report allows its own style block, by digest, and nothing else.
    let report = app
        .client
        .get(format!(
            "{}/api/v1/public/editions/{}/results/report",
            app.address, e.id
        ))
        .send()
        .await
        .unwrap();
    let policy = report.headers()["content-security-policy"]
        .to_str()
        .unwrap()
        .to_owned();
    let html = report.text().await.unwrap();
    let style = html
        .split_once("<style>")
        .and_then(|(_, rest)| rest.split_once("</style>"))
        .map(|(style, _)| style)
        .expect("the report has its style block");
    use base64::Engine;
    let digest = base64::engine::general_purpose::STANDARD.encode(Sha256::digest(style));
    assert!(
        policy.contains(&format!("style-src 'sha256-{digest}'")),
        "{policy}"
    );
    assert!(policy.starts_with("default-src 'none'"), "{policy}");
    assert!(policy.contains("frame-ancestors 'none'"), "{policy}");
    assert_eq!(html.matches("<style").count(), 1, "one style block only");
    assert!(!html.contains("<script") && !html.contains(" style="));

    let (_, mine) = app
        .get("/api/v1/judging/assignments", Some(&e.judges[0]))
        .await;
    let assignment = mine.as_array().unwrap()[0]["id"]
        .as_str()
        .unwrap()
        .to_owned();
    let sheet = format!("/api/v1/judging/assignments/{assignment}/scoresheet");
    let (_, current) = app
        .get(
            &format!("/api/v1/judging/assignments/{assignment}"),
            Some(&e.judges[0]),
        )
        .await;
    let version = current["scoresheet"]["version"].clone();
    let demak = &regency.entries[1].1;
    let kanwil = Some(e.kanwil.as_str());
    let judge = Some(e.judges[0].as_str());
    let calls = [
        (
            Method::PUT,
            format!("{stages}/data/panel"),
            kanwil,
            json!({"judge_ids": [e.judge_ids[1]]}),
        ),
        (
            Method::POST,
            format!("{stages}/interview/shortlist"),
            kanwil,
            json!({"entry_ids": [demak], "reason": "Tambahan"}),
        ),
        (
            Method::POST,
            format!("{stages}/data/conflicts/dismiss"),
            kanwil,
            json!({"judge_id": e.judge_ids[0], "entry_id": demak, "kind": "region", "reason": "Keliru"}),
        ),
        (
            Method::POST,
            format!("{stages}/data/assignments"),
            kanwil,
            json!({"judge_id": e.judge_ids[1], "entry_id": demak}),
        ),
        (
            Method::POST,
            format!("{stages}/data/assign"),
            kanwil,
            json!({"per_entry": 2}),
        ),
        (
            Method::POST,
            format!(
                "/api/v1/editions/{}/judging/assignments/{assignment}/reopen",
                e.id
            ),
            kanwil,
            json!({"reason": "Salah ketik"}),
        ),
        (
            Method::POST,
            format!("/api/v1/judging/assignments/{assignment}/recuse"),
            judge,
            json!({"reason": "Kerabat"}),
        ),
        (
            Method::PUT,
            sheet.clone(),
            judge,
            json!({"version": version, "scores": {"regulation": {"score": 70}}}),
        ),
        (
            Method::POST,
            format!("{sheet}/submit"),
            judge,
            json!({"version": version}),
        ),
        (
            Method::POST,
            "/api/v1/judging/conflicts".to_owned(),
            judge,
            json!({"entry_id": demak, "reason": "Kerabat dekat"}),
        ),
    ];
    for (method, path, token, body) in &calls {
        let (status, answer) = app
            .request(method.clone(), path, *token, Some(body.clone()))
            .await;
        assert_problem(status, &answer, StatusCode::CONFLICT);
        assert!(
            answer["detail_en"]
                .as_str()
                .unwrap()
                .contains("withdraw the results"),
            "{method} {path}: {answer}"
        );
    }
    // Nothing moved: the live ranking still agrees with the published one.
    let (_, live) = app
        .get(
            &format!(
                "/api/v1/editions/{}/categories/{}/ranking",
                e.id, regency.id
            ),
            kanwil,
        )
        .await;
    assert_eq!(live["outstanding_scoresheets"], 0, "{live}");
    let (_, public) = app
        .get(&format!("/api/v1/public/editions/{}/results", e.id), None)
        .await;
    let winner = &public["categories"][0]["winners"][0];
    assert_eq!(
        live["items"][0]["total"], winner["total"],
        "{live} {public}"
    );

    // The way out the answer names: withdrawing reopens judging.
    let (status, body) = app
        .post(
            &format!("{publications}/1/withdraw"),
            Some(&app.admin_token),
            json!({"reason": "Nilai salah ketik"}),
        )
        .await;
    assert_eq!(status, StatusCode::OK, "{body}");
    let (status, body) = app
        .request(
            calls[5].0.clone(),
            &calls[5].1,
            kanwil,
            Some(calls[5].3.clone()),
        )
        .await;
    assert_eq!(status, StatusCode::OK, "{body}");
}

crate::on_both_backends!(
    judging_changes_are_refused_once_results_are_published,
    winners_advance_to_the_national_edition,
    central_java_2024_from_entries_to_published_winners,
    withdrawn_results_leave_the_public_page_but_keep_their_digest,
    results_endpoints_refuse_judges_entrants_and_other_provinces,
);
