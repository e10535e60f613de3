//! Import benchmark at the scale of the Jakarta 2022 provincial round:
//! 115,495 companies with ten indicators each, on real DKI Jakarta village
//! codes. Runs on SQLite (a fresh file) and, when PARITRANA_TEST_POSTGRES_URL
//! is set, on a fresh PostgreSQL database. Reports wall time and the
//! process's peak memory (VmHWM).
//!
//!     cargo bench --bench import_entries
//!     PARITRANA_TEST_POSTGRES_URL=postgres://postgres@127.0.0.1/postgres cargo bench --bench import_entries
//!
//! Targets (issue 4): under 10 s on SQLite, under 20 s on PostgreSQL, under 300 MiB.

use std::fmt::Write as _;
use std::time::Instant;

use diesel::{Connection, RunQueryDsl};
use paritrana::audit::Actor;
use paritrana::config::DatabaseSettings;
use paritrana::db::{self, DbConnection};

const ROWS: usize = 115_495;
const INDICATORS: [&str; 10] = [
    "workers_total",
    "workers_registered",
    "wages_reported",
    "wages_paid",
    "months_due",
    "months_on_time",
    "jht_participants",
    "jkk_claims",
    "arrears",
    "csr_vulnerable_covered",
];

fn peak_rss_mib() -> f64 {
    std::fs::read_to_string("/proc/self/status")
        .ok()
        .and_then(|status| {
            status
                .lines()
                .find(|l| l.starts_with("VmHWM:"))
                .and_then(|l| {
                    l.split_whitespace()
                        .nth(1)
                        .and_then(|kib| kib.parse::<f64>().ok())
                })
        })
        .map_or(0.0, |kib| kib / 1024.0)
}

/// A deterministic CSV of ROWS companies spread over Jakarta's villages.
fn synthetic_csv(villages: &[String]) -> String {
    let sizes = ["large", "medium", "small", "micro"];
    let sectors = [
        "finance",
        "trade",
        "manufacturing",
        "infrastructure",
        "health",
        "education",
        "transport",
    ];
    let mut csv = String::with_capacity(ROWS * 140);
    csv.push_str("employer_number,name,region_code,size_class,sector");
    for key in INDICATORS {
        csv.push(',');
        csv.push_str(key);
    }
    csv.push('\n');
    let mut seed: u64 = 0x9E37_79B9_7F4A_7C15;
    let mut next = |bound: u64| {
        seed ^= seed << 13;
        seed ^= seed >> 7;
        seed ^= seed << 17;
        seed % bound
    };
    for i in 0..ROWS {
        let workers = 1 + next(2000);
        let registered = workers - next(workers / 4 + 1);
        let wages = 4_900_000 * workers;
        let _ = write!(
            csv,
            "JK{i:08},PT Sintetis Jakarta {i},{},{},{},{workers},{registered},{},{wages},12,{},{},{},{},{}",
            villages[i % villages.len()],
            sizes[i % sizes.len()],
            sectors[i % sectors.len()],
            wages - next(wages / 10 + 1),
            12 - next(3),
            registered,
            next(5),
            next(50_000_000),
            next(100),
        );
        csv.push('\n');
    }
    csv
}

fn run(label: &str, url: &str) {
    // Start this backend's peak-memory reading afresh (Linux: "5" resets VmHWM).
    let _ = std::fs::write("/proc/self/clear_refs", "5");
    let settings = DatabaseSettings {
        url: url.to_owned(),
        pool_size: 2,
        busy_timeout_ms: 5000,
    };
    let pool = db::connect(&settings).expect("database");
    let mut conn = pool.get().expect("connection");
    db::migrate(&mut conn).expect("migrations");
    paritrana::regions::import::import_regions(
        &mut conn,
        &paritrana::regions::import::RegionSource::Embedded,
        &indicatif::ProgressBar::hidden(),
    )
    .expect("regions");
    let (edition, category) = setup(&mut conn);
    let villages: Vec<String> = {
        use diesel::prelude::*;
        use paritrana::db::schema::regions;
        regions::table
            .filter(regions::province_code.eq("31"))
            .filter(regions::level.eq("village"))
            .select(regions::code)
            .load(&mut conn)
            .expect("villages")
    };
    let csv = synthetic_csv(&villages);
    println!(
        "{label}: {} rows, {:.1} MiB of CSV, {} Jakarta villages",
        ROWS,
        csv.len() as f64 / 1048576.0,
        villages.len()
    );

    let actor = Actor::command_line("bench");
    let hidden = indicatif::ProgressBar::hidden();
    let started = Instant::now();
    let dry = paritrana::entries::import::import_entries(
        &mut conn,
        &edition,
        &category,
        csv.as_bytes(),
        true,
        &actor,
        &hidden,
    )
    .expect("dry run");
    let dry_seconds = started.elapsed().as_secs_f64();
    assert!(dry.valid, "{:?}", dry.problems.first());

    let started = Instant::now();
    let report = paritrana::entries::import::import_entries(
        &mut conn,
        &edition,
        &category,
        csv.as_bytes(),
        false,
        &actor,
        &hidden,
    )
    .expect("import");
    let seconds = started.elapsed().as_secs_f64();
    assert_eq!(report.entries_created, ROWS);

    let started = Instant::now();
    let again = paritrana::entries::import::import_entries(
        &mut conn,
        &edition,
        &category,
        csv.as_bytes(),
        false,
        &actor,
        &hidden,
    )
    .expect("re-import");
    let update_seconds = started.elapsed().as_secs_f64();
    assert_eq!(again.entries_updated, ROWS);

    println!(
        "{label}: dry run {dry_seconds:.2} s; import {seconds:.2} s ({:.0} rows/s, {} organisations created); \
         re-import updating every entry {update_seconds:.2} s; peak memory {:.0} MiB",
        ROWS as f64 / seconds,
        report.organisations_created,
        peak_rss_mib()
    );
}

fn setup(
    conn: &mut DbConnection,
) -> (
    paritrana::editions::store::EditionRow,
    paritrana::categories::store::Category,
) {
    use paritrana::categories::store::{self as categories, CategoryFields};
    use paritrana::editions::store::{self as editions, EditionFields};
    let fields = EditionFields {
        name: "Paritrana Award 2022 – DKI Jakarta (sintetis)".into(),
        year: 2022,
        tier: "provincial".into(),
        province_code: Some("31".into()),
        zones_json: "[]".into(),
        time_zone: "Asia/Jakarta".into(),
        period_start: chrono::NaiveDate::from_ymd_opt(2022, 1, 1).unwrap(),
        period_end: chrono::NaiveDate::from_ymd_opt(2022, 12, 31).unwrap(),
        submissions_open_at: None,
        submissions_close_at: None,
        judging_start_at: None,
        results_at: None,
        advances_to_edition_id: None,
        advance_count: None,
    };
    let edition_id = editions::insert(conn, &fields, None).expect("edition");
    let form: Vec<serde_json::Value> = INDICATORS
        .iter()
        .map(|key| serde_json::json!({"key": key, "label_id": key, "type": "integer", "min": "0"}))
        .collect();
    let category = CategoryFields {
        name_id: "Perusahaan".into(),
        name_en: "Companies".into(),
        description_id: String::new(),
        description_en: String::new(),
        eligibility_json: r#"{"kinds":["company"]}"#.into(),
        winners_count: 3,
        blind: false,
        tie_break_json: "[]".into(),
        aggregation: "mean".into(),
        disagreement_threshold: "20".into(),
        form_json: serde_json::to_string(&form).unwrap(),
        template_key: None,
        entrants_see_breakdown: false,
    };
    let category_id = categories::insert(conn, &edition_id, &category).expect("category");
    (
        editions::find(conn, &edition_id).unwrap().unwrap(),
        categories::find(conn, &edition_id, &category_id)
            .unwrap()
            .unwrap(),
    )
}

fn main() {
    // `cargo bench` passes `--bench`; nothing else to parse.
    let dir = tempfile::tempdir().expect("temporary folder");
    let sqlite = dir.path().join("bench.sqlite3");
    run("SQLite", &sqlite.display().to_string());
    if let Ok(admin_url) = std::env::var("PARITRANA_TEST_POSTGRES_URL") {
        let name = format!("paritrana_bench_{}", std::process::id());
        let mut admin = diesel::PgConnection::establish(&admin_url).expect("PostgreSQL");
        diesel::sql_query(format!("CREATE DATABASE \"{name}\""))
            .execute(&mut admin)
            .expect("create database");
        let url = paritrana::db::with_database(&admin_url, &name);
        run("PostgreSQL", &url);
        diesel::sql_query(format!("DROP DATABASE \"{name}\" WITH (FORCE)"))
            .execute(&mut admin)
            .expect("drop database");
    }
}
