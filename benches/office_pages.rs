//! The office's pages under load, on the release server in process:
//!
//! - the entries table of the Jakarta 2022 scale (115,495 companies,
//!   imported as the office imports them): its first page, a filtered page
//!   (status and a city, third page) and a name search, each by
//!   `ADMINS` signed-in admins at once beside `/health`;
//! - the ranking page of a 1,000-entry category (five judges, three per
//!   entry, six judged criteria, every sheet submitted) with its
//!   explanations and charts, opened by one admin after another.
//!
//! Run:
//!
//!     cargo bench --bench office_pages
//!     PARITRANA_TEST_POSTGRES_URL=postgres://postgres@127.0.0.1/postgres cargo bench --bench office_pages
//!
//! Targets (issue 19): each table page p99 under 50 ms at 16 admins; the
//! ranking page under 100 ms.

use std::sync::Arc;
use std::time::Instant;

use diesel::RunQueryDsl;
use paritrana::audit::Actor;
use paritrana::auth::Role;
use serde_json::{Value, json};

#[path = "support/mod.rs"]
mod support;
use support::{ROUNDS, line, load_with};
#[path = "support/round.rs"]
mod round;
use round::call;
#[path = "support/jakarta.rs"]
mod jakarta;
#[path = "support/pages.rs"]
mod pages;

/// Admins at work at once.
const ADMINS: usize = 16;
/// Entries in the ranked category.
const RANKED: usize = 1_000;
const JUDGES: usize = 5;
const CRITERIA: [(&str, u32); 6] = [
    ("regulasi", 20),
    ("kepatuhan", 20),
    ("cakupan", 15),
    ("pelayanan", 15),
    ("inovasi", 15),
    ("sosialisasi", 15),
];
/// Openings of the ranking page measured.
const OPENINGS: usize = 60;

/// Imports `rows` of the Jakarta CSV into a fresh Jakarta edition on the
/// server's database; answers the edition and category ids.
fn imported(settings: &paritrana::config::Settings, rows: usize) -> (String, String) {
    let mut database = settings.database.clone();
    database.pool_size = 1;
    let pool = paritrana::db::connect(&database).expect("pool");
    let mut conn = pool.get().expect("connection");
    let (edition, category) = jakarta::setup(&mut conn);
    let villages = jakarta::villages(&mut conn);
    let csv = jakarta::synthetic_csv(&villages);
    let csv: String = csv
        .lines()
        .take(rows + 1)
        .map(|line| format!("{line}\n"))
        .collect();
    let started = Instant::now();
    let report = paritrana::entries::import::import_entries(
        &mut conn,
        &edition,
        &category,
        csv.as_bytes(),
        false,
        &Actor::command_line("bench"),
        &indicatif::ProgressBar::hidden(),
    )
    .expect("import");
    assert_eq!(
        report.entries_created,
        rows,
        "{:?}",
        report.problems.first()
    );
    println!(
        "{rows} entries imported in {:.1} s",
        started.elapsed().as_secs_f64()
    );
    (edition.id, category.id)
}

async fn entries_table(label: &str, url: &str, dir: &std::path::Path) {
    let (base, settings) = round::start(url, dir).await;
    let (edition, _) = imported(&settings, jakarta::ROWS);
    round::accounts(
        &settings,
        &[("admin@example.id", Role::NationalAdmin, Vec::new())],
    );
    let client = round::client();
    let (cookie, _) = pages::sign_in(&client, &base, "admin@example.id", "/kantor").await;
    let table = format!("{base}/kantor/edisi/{edition}/entri");
    let health = round::health(&client, &base);
    for (what, path, expected) in [
        ("the entries table, first page", table.clone(), "<table"),
        (
            "the entries table, filtered (status, city, page 3)",
            format!("{table}?status=submitted&wilayah=31.71&halaman=3"),
            "entri",
        ),
        (
            "the entries table, name search",
            format!("{table}?q=Jakarta+7777"),
            "PT Sintetis Jakarta 7777",
        ),
    ] {
        let page = client
            .get(&path)
            .header("accept", "text/html")
            .header("cookie", cookie.as_str())
            .send()
            .await
            .expect("page")
            .text()
            .await
            .expect("body");
        assert!(
            page.contains(expected),
            "{what}: {}",
            &page[..page.len().min(2000)]
        );
        let open = pages::open_page(
            &client,
            Arc::new(vec![path; ADMINS]),
            Arc::new(cookie.clone()),
        );
        let mut p99s = Vec::new();
        for round in 1..=ROUNDS {
            let ceiling = load_with(ADMINS, health.clone()).await;
            let run = load_with(ADMINS, open.clone()).await;
            assert_eq!(run.errors, 0, "{what}");
            p99s.push(run.p99_ms);
            line(label, what, round, &ceiling, &run);
        }
        p99s.sort_by(f64::total_cmp);
        println!(
            "{label}: {what} at {ADMINS} admins, p99 over {ROUNDS} rounds: median {:.1} ms, worst {:.1} ms",
            p99s[p99s.len() / 2],
            p99s[p99s.len() - 1]
        );
    }
}

async fn ranking_page(label: &str, url: &str, dir: &std::path::Path) {
    let (base, settings) = round::start(url, dir).await;
    let (edition, category) = imported(&settings, RANKED);
    let judges: Vec<String> = (0..JUDGES).map(|j| format!("juri{j}@example.id")).collect();
    let mut people = vec![("admin@example.id", Role::NationalAdmin, Vec::new())];
    people.extend(judges.iter().map(|j| (j.as_str(), Role::Judge, Vec::new())));
    round::accounts(&settings, &people);
    {
        // Setup only: the imported entries pass the check, and judging opens.
        let mut database = settings.database.clone();
        database.pool_size = 1;
        let pool = paritrana::db::connect(&database).expect("pool");
        let mut conn = pool.get().expect("connection");
        diesel::sql_query("UPDATE entries SET status = 'complete'")
            .execute(&mut conn)
            .expect("complete");
    }
    let client = round::client();
    let admin = round::login(&client, &base, "admin@example.id").await;
    let api = format!("{base}/api/v1/editions/{edition}");
    let stage = format!("{api}/categories/{category}/stages/data");
    let criteria: Vec<Value> = CRITERIA
        .iter()
        .map(|(key, weight)| {
            json!({"key": key, "name_id": key, "weight": weight,
                                     "judged": {"min": 0, "max": 100, "step": 5}})
        })
        .collect();
    let (status, body) = call(
        &client,
        reqwest::Method::PUT,
        &format!("{api}/categories/{category}/rubric"),
        Some(&admin),
        Some(json!({"stages": [{"key": "data", "name_id": "Data", "weight": 100, "criteria": criteria}]})),
    )
    .await;
    assert_eq!(status, 200, "{body}");
    let (_, users) = call(
        &client,
        reqwest::Method::GET,
        &format!("{base}/api/v1/users?role=judge&per_page=50"),
        Some(&admin),
        None,
    )
    .await;
    assert_eq!(
        users["items"].as_array().map(Vec::len),
        Some(JUDGES),
        "{users}"
    );
    let mut panel = Vec::new();
    for user in users["items"].as_array().expect("judges") {
        let (status, judge) = call(
            &client,
            reqwest::Method::POST,
            &format!("{api}/judges"),
            Some(&admin),
            Some(json!({"user_id": user["id"]})),
        )
        .await;
        assert_eq!(status, 201, "{judge}");
        panel.push(judge["id"].clone());
    }
    let (status, body) = call(
        &client,
        reqwest::Method::PUT,
        &format!("{stage}/panel"),
        Some(&admin),
        Some(json!({"judge_ids": panel})),
    )
    .await;
    assert_eq!(status, 200, "{body}");
    let (status, report) = call(
        &client,
        reqwest::Method::POST,
        &format!("{stage}/assign"),
        Some(&admin),
        Some(json!({"per_entry": 3})),
    )
    .await;
    assert_eq!(status, 200, "{report}");
    assert_eq!(
        report["created"],
        RANKED * 3,
        "every entry three judges: {report}"
    );
    {
        let mut database = settings.database.clone();
        database.pool_size = 1;
        let pool = paritrana::db::connect(&database).expect("pool");
        let mut conn = pool.get().expect("connection");
        diesel::sql_query("UPDATE editions SET phase = 'judging'")
            .execute(&mut conn)
            .expect("judging");
    }
    // Every judge scores every sheet, each a little more or less lenient.
    let started = Instant::now();
    let mut scoring = Vec::new();
    for (j, email) in judges.iter().enumerate() {
        let client = client.clone();
        let base = base.clone();
        let email = email.clone();
        scoring.push(tokio::spawn(async move {
            let token = round::login(&client, &base, &email).await;
            let (_, mine) = call(
                &client,
                reqwest::Method::GET,
                &format!("{base}/api/v1/judging/assignments"),
                Some(&token),
                None,
            )
            .await;
            for (n, assignment) in mine.as_array().expect("assignments").iter().enumerate() {
                let sheet = format!(
                    "{base}/api/v1/judging/assignments/{}/scoresheet",
                    assignment["id"].as_str().expect("id")
                );
                let scores: serde_json::Map<String, Value> = CRITERIA
                    .iter()
                    .enumerate()
                    .map(|(c, (key, _))| {
                        let mark = (40 + 5 * ((n * 7 + c * 3 + j * 2) % 10) + 5 * j).min(100);
                        ((*key).to_owned(), json!({"score": mark}))
                    })
                    .collect();
                let (status, saved) = call(
                    &client,
                    reqwest::Method::PUT,
                    &sheet,
                    Some(&token),
                    Some(json!({"version": 0, "scores": scores})),
                )
                .await;
                assert_eq!(status, 200, "{saved}");
                let (status, body) = call(
                    &client,
                    reqwest::Method::POST,
                    &format!("{sheet}/submit"),
                    Some(&token),
                    Some(json!({"version": saved["version"]})),
                )
                .await;
                assert_eq!(status, 200, "{body}");
            }
        }));
    }
    for judge in scoring {
        judge.await.expect("judge");
    }
    println!(
        "{label}: {} sheets scored and submitted in {:.1} s",
        RANKED * 3,
        started.elapsed().as_secs_f64()
    );
    let (cookie, _) = pages::sign_in(&client, &base, "admin@example.id", "/kantor").await;
    let page = format!("{base}/kantor/edisi/{edition}/hasil/{category}");
    let mut times = Vec::new();
    let mut bytes = 0;
    for n in 0..=OPENINGS {
        let begun = Instant::now();
        let body = client
            .get(&page)
            .header("accept", "text/html")
            .header("cookie", cookie.as_str())
            .send()
            .await
            .expect("ranking")
            .text()
            .await
            .expect("body");
        let took = begun.elapsed().as_secs_f64() * 1000.0;
        if n == 0 {
            assert!(
                body.contains("Peringkat (1000 entri)"),
                "{}",
                &body[..body.len().min(3000)]
            );
            assert!(body.contains("<svg"), "charts drawn");
            assert!(
                body.contains("@example.id: "),
                "explanations with each judge's marks"
            );
            bytes = body.len();
        } else {
            times.push(took);
        }
    }
    times.sort_by(f64::total_cmp);
    println!(
        "{label}: the ranking page of a {RANKED}-entry category (100 entries shown with explanations, charts over all), {} KiB: p50 {:.1} ms, p99 {:.1} ms over {OPENINGS} openings",
        bytes / 1024,
        times[times.len() / 2],
        times[(times.len() * 99 / 100).min(times.len() - 1)]
    );
}

async fn bench(label: &'static str, url: String, dir: std::path::PathBuf) {
    // `PARITRANA_BENCH_ONLY=table` or `=ranking` runs one part.
    let only = std::env::var("PARITRANA_BENCH_ONLY").unwrap_or_default();
    if only != "ranking" {
        entries_table_part(label, &url, &dir).await;
    }
    if only != "table" {
        ranking_part(label, &url, &dir).await;
    }
}

async fn entries_table_part(label: &'static str, url: &str, dir: &std::path::Path) {
    let tables = dir.join("tables");
    std::fs::create_dir_all(&tables).expect("folder");
    let tables_url = if url.ends_with(".sqlite3") {
        tables.join("tables.sqlite3").display().to_string()
    } else {
        url.to_owned()
    };
    entries_table(label, &tables_url, &tables).await;
}

async fn ranking_part(label: &'static str, url: &str, dir: &std::path::Path) {
    let ranked = dir.join("ranked");
    std::fs::create_dir_all(&ranked).expect("folder");
    let ranked_url = if url.ends_with(".sqlite3") {
        ranked.join("ranked.sqlite3").display().to_string()
    } else {
        // A fresh database beside the first, so the two do not mix.
        postgres_database("create")
    };
    ranking_page(label, &ranked_url, &ranked).await;
    if !url.ends_with(".sqlite3") {
        postgres_database("drop");
    }
}

/// Makes (or drops) the ranking's own PostgreSQL database; answers its address.
fn postgres_database(what: &str) -> String {
    use diesel::Connection;
    let admin_url = std::env::var("PARITRANA_TEST_POSTGRES_URL").expect("PostgreSQL");
    let name = format!("paritrana_ranked_{}", std::process::id());
    let mut admin = diesel::PgConnection::establish(&admin_url).expect("PostgreSQL");
    diesel::sql_query(format!("DROP DATABASE IF EXISTS \"{name}\" WITH (FORCE)"))
        .execute(&mut admin)
        .expect("drop");
    if what == "create" {
        diesel::sql_query(format!("CREATE DATABASE \"{name}\""))
            .execute(&mut admin)
            .expect("create database");
    }
    paritrana::db::with_database(&admin_url, &name)
}

#[tokio::main(flavor = "multi_thread", worker_threads = 2)]
async fn main() {
    round::on_each_backend(bench).await;
}
