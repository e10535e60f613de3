//! The public results page under load: 64 concurrent clients on loopback
//! reading `/edisi/{id}/hasil` of a published edition with 10 categories
//! of 40 ranked entries each, against the release server started in
//! process, alternating with `GET /health` in the same run (the ceiling).
//! Runs on SQLite, and on PostgreSQL when PARITRANA_TEST_POSTGRES_URL is set.
//!
//!     cargo bench --bench public_results
//!
//! Target (issue 16): at least half the /health rate, p99 under 20 ms, and
//! the page under 100 KB. A category's full ranking, a page of its own, is
//! measured the same way.

use std::fmt::Write;

use diesel::prelude::*;
use figment::providers::Serialized;
use rust_decimal::Decimal;

use paritrana::app::Application;
use paritrana::audit::Actor;
use paritrana::auth::{Caller, Role};
use paritrana::categories::store::{self as categories, CategoryFields};
use paritrana::config::{Environment, Settings};
use paritrana::db::schema::{editions, entries};
use paritrana::db::{self, DbConnection};
use paritrana::editions::store::{self as editions_store, EditionFields};
use paritrana::rubrics::model::{Computed, Criterion, Direction, Mapping, Rubric, Source, Stage};

#[path = "support/mod.rs"]
mod support;
use support::{CLIENTS, ROUNDS, load};

const CATEGORIES: usize = 10;
const ENTRIES_PER_CATEGORY: usize = 40;

/// Ranked on the data alone: the share of workers registered.
fn rubric() -> Rubric {
    Rubric {
        stages: vec![Stage {
            key: "data".into(),
            name_id: "Data".into(),
            name_en: "Data".into(),
            weight: Decimal::ONE_HUNDRED,
            criteria: vec![Criterion {
                key: "coverage".into(),
                name_id: "Cakupan".into(),
                name_en: "Coverage".into(),
                weight: Decimal::ONE,
                children: Vec::new(),
                judged: None,
                computed: Some(Computed {
                    source: Source::Ratio {
                        numerator: "registered".into(),
                        denominator: "workers".into(),
                    },
                    mapping: Mapping::Linear {
                        floor: Decimal::ZERO,
                        target: Decimal::ONE,
                    },
                    direction: Direction::HigherIsBetter,
                }),
            }],
        }],
    }
}

/// A published edition of `CATEGORIES` categories; answers its id.
fn published_edition(conn: &mut DbConnection) -> String {
    let edition_id = editions_store::insert(
        conn,
        &EditionFields {
            name: "Paritrana Award 2025 – DKI Jakarta (beban)".into(),
            year: 2025,
            tier: "provincial".into(),
            province_code: Some("31".into()),
            zones_json: "[]".into(),
            time_zone: "Asia/Jakarta".into(),
            period_start: chrono::NaiveDate::from_ymd_opt(2025, 1, 1).unwrap(),
            period_end: chrono::NaiveDate::from_ymd_opt(2025, 12, 31).unwrap(),
            submissions_open_at: None,
            submissions_close_at: None,
            judging_start_at: None,
            results_at: None,
            advances_to_edition_id: None,
            advance_count: None,
        },
        None,
    )
    .expect("edition");
    let edition = editions_store::find(conn, &edition_id).unwrap().unwrap();
    let villages: Vec<String> = paritrana::db::schema::regions::table
        .filter(paritrana::db::schema::regions::province_code.eq("31"))
        .filter(paritrana::db::schema::regions::level.eq("village"))
        .select(paritrana::db::schema::regions::code)
        .load(conn)
        .expect("villages");
    let form = serde_json::json!([
        {"key": "workers", "label_id": "Pekerja", "type": "integer", "min": "0"},
        {"key": "registered", "label_id": "Terdaftar", "type": "integer", "min": "0"},
    ]);
    for c in 0..CATEGORIES {
        let category_id = categories::insert(
            conn,
            &edition_id,
            &CategoryFields {
                name_id: format!("Perusahaan sektor {}", c + 1),
                name_en: format!("Companies, sector {}", c + 1),
                description_id: String::new(),
                description_en: String::new(),
                eligibility_json: r#"{"kinds":["company"]}"#.into(),
                winners_count: 3,
                blind: false,
                tie_break_json: "[]".into(),
                aggregation: "mean".into(),
                disagreement_threshold: "20".into(),
                form_json: form.to_string(),
                template_key: None,
                entrants_see_breakdown: false,
            },
        )
        .expect("category");
        categories::insert_rubric(conn, &category_id, 1, &rubric(), true, None, None)
            .expect("rubric");
        let category = categories::find(conn, &edition_id, &category_id)
            .unwrap()
            .unwrap();
        let mut csv =
            String::from("employer_number,name,region_code,size_class,sector,workers,registered\n");
        for i in 0..ENTRIES_PER_CATEGORY {
            let workers = 100 + (i * 37 + c * 11) % 900;
            let registered = workers - (i * 13 + c) % (workers / 2);
            let _ = writeln!(
                csv,
                "PR{c:02}{i:06},PT Beban {c}-{i},{},large,trade,{workers},{registered}",
                villages[(c * ENTRIES_PER_CATEGORY + i) % villages.len()]
            );
        }
        paritrana::entries::import::import_entries(
            conn,
            &edition,
            &category,
            csv.as_bytes(),
            false,
            &Actor::command_line("bench"),
            &indicatif::ProgressBar::hidden(),
        )
        .expect("import");
    }
    diesel::update(entries::table.filter(entries::edition_id.eq(&edition_id)))
        .set(entries::status.eq("complete"))
        .execute(conn)
        .expect("complete");
    diesel::update(editions::table.find(&edition_id))
        .set(editions::phase.eq("judging"))
        .execute(conn)
        .expect("judging");
    let caller = Caller {
        user_id: "bench-admin".into(),
        email: "admin@example.id".into(),
        display_name: "Admin".into(),
        roles: vec![Role::NationalAdmin],
        provinces: Vec::new(),
        organisations: Vec::new(),
        token_id: String::new(),
        token_expires_at: 0,
        request_id: None,
        language: None,
    };
    conn.transaction(|conn| {
        paritrana::results::publications::publish_edition(
            conn,
            &caller,
            &edition_id,
            None,
            "http://127.0.0.1:8080",
        )
    })
    .expect("publish");
    edition_id
}

async fn bench(label: &str, url: &str, dir: &std::path::Path) {
    let figment = Settings::figment(Environment::Test, std::path::Path::new("config"))
        .expect("settings")
        .merge(Serialized::default("server.port", 0))
        .merge(Serialized::default("server.workers", 2))
        .merge(Serialized::default("database.url", url))
        .merge(Serialized::default("database.pool_size", 16))
        .merge(Serialized::default("files.dir", dir.join("files")));
    let settings = Settings::extract(figment, Environment::Test).expect("settings");
    let app = Application::build(settings.clone()).await.expect("server");
    let base = format!("http://127.0.0.1:{}", app.port());
    tokio::spawn(app.run_until_stopped());
    let edition_id = {
        let mut database = settings.database.clone();
        database.pool_size = 1;
        let pool = db::connect(&database).expect("pool");
        let mut conn = pool.get().expect("connection");
        tokio::task::spawn_blocking(move || published_edition(&mut conn))
            .await
            .expect("seed")
    };
    let client = reqwest::Client::builder()
        .pool_max_idle_per_host(CLIENTS)
        .build()
        .expect("client");
    let page_url = format!("{base}/edisi/{edition_id}/hasil");
    let html = read_html(&client, &page_url).await;
    assert!(
        html.contains("juara-1") && html.contains("PT Beban 9-"),
        "every category's podium"
    );
    let stylesheet = html
        .split("href=\"/static/")
        .nth(1)
        .and_then(|rest| rest.split('"').next())
        .map(|name| format!("{base}/static/{name}"))
        .expect("the stylesheet");
    let css = client
        .get(&stylesheet)
        .send()
        .await
        .expect("css")
        .bytes()
        .await
        .expect("css");
    let ranking_url = html
        .split(&format!("href=\"/edisi/{edition_id}/hasil/"))
        .nth(1)
        .and_then(|rest| rest.split('"').next())
        .map(|category| format!("{page_url}/{category}"))
        .expect("a link to a category's full ranking");
    let ranking = read_html(&client, &ranking_url).await;
    assert_eq!(
        ranking.matches("<tr").count(),
        ENTRIES_PER_CATEGORY + 1,
        "the full ranking"
    );
    println!(
        "{label}: results page of {CATEGORIES} categories: {} bytes of HTML; a category's full ranking of {ENTRIES_PER_CATEGORY}: {} bytes of HTML; + {} bytes of CSS (no script)",
        html.len(),
        ranking.len(),
        css.len()
    );
    let health = {
        let client = client.clone();
        let url = format!("{base}/health");
        move |_| {
            let client = client.clone();
            let url = url.clone();
            async move {
                client
                    .get(&url)
                    .send()
                    .await
                    .is_ok_and(|r| r.status().is_success())
            }
        }
    };
    let mut shares = Vec::new();
    let mut ranking_shares = Vec::new();
    for round in 1..=ROUNDS {
        let health = load(health.clone()).await;
        let pages = load(reader(&client, &page_url)).await;
        let rankings = load(reader(&client, &ranking_url)).await;
        let share = 100.0 * pages.rate() / health.rate();
        let ranking_share = 100.0 * rankings.rate() / health.rate();
        shares.push(share);
        ranking_shares.push(ranking_share);
        println!(
            "{label} round {round}: GET /health {:.0} req/s (p50 {:.2} ms, p99 {:.2} ms); results page {:.0} req/s (p50 {:.2} ms, p99 {:.2} ms, {} errors of {}) = {share:.0}%; ranking page {:.0} req/s (p50 {:.2} ms, p99 {:.2} ms, {} errors of {}) = {ranking_share:.0}% of the /health rate",
            health.rate(),
            health.p50_ms,
            health.p99_ms,
            pages.rate(),
            pages.p50_ms,
            pages.p99_ms,
            pages.errors,
            pages.requests,
            rankings.rate(),
            rankings.p50_ms,
            rankings.p99_ms,
            rankings.errors,
            rankings.requests,
        );
    }
    for list in [&mut shares, &mut ranking_shares] {
        list.sort_by(f64::total_cmp);
    }
    println!(
        "{label}: share of the /health rate over {ROUNDS} rounds: results page median {:.0}%, lowest {:.0}%; ranking page median {:.0}%, lowest {:.0}%",
        shares[shares.len() / 2],
        shares[0],
        ranking_shares[ranking_shares.len() / 2],
        ranking_shares[0],
    );
}

/// A page as a browser asks for it, which must answer 200.
async fn read_html(client: &reqwest::Client, url: &str) -> String {
    let page = client
        .get(url)
        .header("accept", "text/html")
        .send()
        .await
        .expect("page");
    assert_eq!(page.status().as_u16(), 200, "{url}");
    page.text().await.expect("html")
}

/// One reader's request for `url`, read to the end.
fn reader(
    client: &reqwest::Client,
    url: &str,
) -> impl Fn(usize) -> std::pin::Pin<Box<dyn std::future::Future<Output = bool> + Send>>
+ Send
+ Sync
+ Clone
+ 'static {
    let client = client.clone();
    let url = url.to_owned();
    move |_| {
        let client = client.clone();
        let url = url.clone();
        Box::pin(async move {
            match client.get(&url).header("accept", "text/html").send().await {
                Ok(response) if response.status().is_success() => response.bytes().await.is_ok(),
                _ => false,
            }
        })
    }
}

#[tokio::main(flavor = "multi_thread", worker_threads = 2)]
async fn main() {
    let dir = tempfile::tempdir().expect("temporary folder");
    let sqlite = dir.path().join("results.sqlite3").display().to_string();
    bench("SQLite", &sqlite, dir.path()).await;
    if let Ok(admin_url) = std::env::var("PARITRANA_TEST_POSTGRES_URL") {
        let name = format!("paritrana_results_{}", std::process::id());
        let mut admin = diesel::PgConnection::establish(&admin_url).expect("PostgreSQL");
        diesel::sql_query(format!("CREATE DATABASE \"{name}\""))
            .execute(&mut admin)
            .expect("create database");
        let url = db::with_database(&admin_url, &name);
        bench("PostgreSQL", &url, dir.path()).await;
        diesel::sql_query(format!("DROP DATABASE IF EXISTS \"{name}\" WITH (FORCE)"))
            .execute(&mut admin)
            .expect("drop database");
    }
}
