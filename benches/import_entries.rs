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

use std::time::Instant;

use diesel::{Connection, RunQueryDsl};
use paritrana::audit::Actor;
use paritrana::config::DatabaseSettings;
use paritrana::db;

#[path = "support/jakarta.rs"]
mod jakarta;
use jakarta::{ROWS, setup, synthetic_csv, villages};

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
    let villages = villages(&mut conn);
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
