//! Publishing an edition of 10,000 entries from the database: load every
//! entry and submitted scoresheet, rank, freeze the snapshot with its
//! digest, and write it, in one transaction. 10,000 companies scored by 3
//! of 15 judges on six data criteria (plus a computed coverage ratio); the
//! top 100 also by 3 judges on six interview criteria. Each company has an
//! entrant account, so each publication also queues 10,000 emails. Target
//! (issue 6): under 3 seconds on SQLite and on PostgreSQL.
//!
//!     cargo bench --bench publish
//!
//! PostgreSQL runs when PARITRANA_TEST_POSTGRES_URL is set.

use std::fmt::Write;
use std::time::Instant;

use diesel::prelude::*;
use rust_decimal::Decimal;

use paritrana::audit::Actor;
use paritrana::auth::{Caller, Role};
use paritrana::categories::store::{self as categories, CategoryFields};
use paritrana::config::DatabaseSettings;
use paritrana::db::schema::{
    assignments, edition_judges, editions, entries, scoresheets, shortlist,
};
use paritrana::db::{self, DbConnection, now};
use paritrana::editions::store::{self as editions_store, EditionFields};
use paritrana::rubrics::model::{
    Computed, Criterion, Direction, Judged, Mapping, Rubric, Source, Stage,
};
use paritrana::users::store::{self as users, NewAccount, new_id};

const ENTRIES: usize = 10_000;
const JUDGES: usize = 15;
const PER_ENTRY: usize = 3;
const FINALISTS: usize = 100;

fn judged(key: String) -> Criterion {
    Criterion {
        name_id: key.clone(),
        key,
        name_en: String::new(),
        weight: Decimal::ONE,
        children: Vec::new(),
        judged: Some(Judged {
            min: Decimal::ZERO,
            max: Decimal::ONE_HUNDRED,
            step: Decimal::from(5),
            levels: Vec::new(),
            comment_required: false,
            abstain_allowed: false,
        }),
        computed: None,
    }
}

fn rubric() -> Rubric {
    let mut data: Vec<Criterion> = (0..6).map(|i| judged(format!("data_{i}"))).collect();
    data.push(Criterion {
        key: "coverage".into(),
        name_id: "Cakupan".into(),
        name_en: String::new(),
        weight: Decimal::from(4),
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
    });
    let stage = |key: &str, weight: u32, criteria| Stage {
        key: key.into(),
        name_id: key.into(),
        name_en: String::new(),
        weight: Decimal::from(weight),
        criteria,
    };
    Rubric {
        stages: vec![
            stage("data", 60, data),
            stage(
                "interview",
                40,
                (0..6).map(|i| judged(format!("interview_{i}"))).collect(),
            ),
        ],
    }
}

/// A small deterministic generator.
struct Seed(u64);

impl Seed {
    fn next(&mut self, bound: u64) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0 % bound
    }
}

fn setup(conn: &mut DbConnection) -> String {
    let edition_id = editions_store::insert(
        conn,
        &EditionFields {
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
        },
        None,
    )
    .expect("edition");
    let form = serde_json::json!([
        {"key": "workers", "label_id": "Pekerja", "type": "integer", "min": "0"},
        {"key": "registered", "label_id": "Terdaftar", "type": "integer", "min": "0"},
    ]);
    let category_id = categories::insert(
        conn,
        &edition_id,
        &CategoryFields {
            name_id: "Perusahaan".into(),
            name_en: "Companies".into(),
            description_id: String::new(),
            description_en: String::new(),
            eligibility_json: r#"{"kinds":["company"]}"#.into(),
            winners_count: 3,
            blind: false,
            tie_break_json: r#"[{"stage":"interview"}]"#.into(),
            aggregation: "mean".into(),
            disagreement_threshold: "20".into(),
            form_json: form.to_string(),
            template_key: None,
            entrants_see_breakdown: false,
        },
    )
    .expect("category");
    categories::insert_rubric(conn, &category_id, 1, &rubric(), true, None, None).expect("rubric");
    let edition = editions_store::find(conn, &edition_id).unwrap().unwrap();
    let category = categories::find(conn, &edition_id, &category_id)
        .unwrap()
        .unwrap();

    // Organisations and entries through the bulk import, then all complete.
    let villages: Vec<String> = paritrana::db::schema::regions::table
        .filter(paritrana::db::schema::regions::province_code.eq("31"))
        .filter(paritrana::db::schema::regions::level.eq("village"))
        .select(paritrana::db::schema::regions::code)
        .load(conn)
        .expect("villages");
    let mut seed = Seed(0x9E37_79B9_7F4A_7C15);
    let mut csv =
        String::from("employer_number,name,region_code,size_class,sector,workers,registered\n");
    for i in 0..ENTRIES {
        let workers = 1 + seed.next(2000);
        let registered = workers - seed.next(workers / 3 + 1);
        let _ = writeln!(
            csv,
            "PB{i:08},PT Sintetis {i},{},large,trade,{workers},{registered}",
            villages[i % villages.len()]
        );
    }
    let report = paritrana::entries::import::import_entries(
        conn,
        &edition,
        &category,
        csv.as_bytes(),
        false,
        &Actor::command_line("bench"),
        &indicatif::ProgressBar::hidden(),
    )
    .expect("import");
    assert_eq!(report.entries_created, ENTRIES);
    diesel::update(entries::table.filter(entries::category_id.eq(&category_id)))
        .set(entries::status.eq("complete"))
        .execute(conn)
        .expect("complete");
    // One entrant account per organisation, so every publication queues
    // 10,000 emails to entrants in its transaction.
    for statement in [
        "INSERT INTO users (id, email, display_name, password_hash, is_active, province_code, \
         created_at, updated_at, version) SELECT 'u-' || id, 'pj-' || id || '@example.id', \
         'Penanggung jawab ' || name, '-', TRUE, province_code, created_at, created_at, 1 \
         FROM organisations",
        "INSERT INTO user_roles (user_id, role) SELECT 'u-' || id, 'entrant' FROM organisations",
        "INSERT INTO organisation_members (organisation_id, user_id) \
         SELECT id, 'u-' || id FROM organisations",
    ] {
        diesel::sql_query(statement)
            .execute(conn)
            .expect("entrant accounts");
    }
    let entry_ids: Vec<String> = entries::table
        .filter(entries::category_id.eq(&category_id))
        .select(entries::id)
        .order(entries::id)
        .load(conn)
        .expect("entries");

    let mut judge_ids = Vec::new();
    for j in 0..JUDGES {
        let user = users::insert(
            conn,
            &NewAccount {
                email: format!("juri{j}@example.id"),
                display_name: format!("Juri {j}"),
                password_hash: "-".into(),
                province_code: Some("31".into()),
                roles: vec![Role::Judge],
                provinces: Vec::new(),
                organisation_ids: Vec::new(),
            },
        )
        .expect("judge account");
        let id = new_id();
        diesel::insert_into(edition_judges::table)
            .values((
                edition_judges::id.eq(&id),
                edition_judges::edition_id.eq(&edition_id),
                edition_judges::user_id.eq(&user),
                edition_judges::created_at.eq(now()),
            ))
            .execute(conn)
            .expect("judge");
        judge_ids.push(id);
    }

    // Three judges per entry on the data stage; the first hundred entries
    // also in the interview. Every scoresheet submitted.
    let at = now();
    let sheet =
        |conn: &mut DbConnection, stage: &str, entry: &str, judge: &str, seed: &mut Seed| {
            let assignment = new_id();
            diesel::insert_into(assignments::table)
                .values((
                    assignments::id.eq(&assignment),
                    assignments::category_id.eq(&category_id),
                    assignments::stage_key.eq(stage),
                    assignments::entry_id.eq(entry),
                    assignments::judge_id.eq(judge),
                    assignments::created_by.eq("bench"),
                    assignments::created_at.eq(at),
                ))
                .execute(conn)
                .expect("assignment");
            let marks: serde_json::Map<String, serde_json::Value> = (0..6)
                .map(|i| {
                    (
                        format!("{stage}_{i}"),
                        serde_json::json!({"score": (seed.next(21) * 5).to_string()}),
                    )
                })
                .collect();
            diesel::insert_into(scoresheets::table)
                .values((
                    scoresheets::assignment_id.eq(&assignment),
                    scoresheets::status.eq("submitted"),
                    scoresheets::scores_json.eq(serde_json::Value::Object(marks).to_string()),
                    scoresheets::submitted_at.eq(at),
                    scoresheets::updated_at.eq(at),
                ))
                .execute(conn)
                .expect("scoresheet");
        };
    conn.transaction::<_, diesel::result::Error, _>(|conn| {
        for (e, entry) in entry_ids.iter().enumerate() {
            for k in 0..PER_ENTRY {
                sheet(
                    conn,
                    "data",
                    entry,
                    &judge_ids[(e + k * 5) % JUDGES],
                    &mut seed,
                );
            }
            if e < FINALISTS {
                diesel::insert_into(shortlist::table)
                    .values((
                        shortlist::category_id.eq(&category_id),
                        shortlist::stage_key.eq("interview"),
                        shortlist::entry_id.eq(entry),
                        shortlist::reason.eq("bench"),
                        shortlist::added_by.eq("bench"),
                        shortlist::added_at.eq(at),
                    ))
                    .execute(conn)?;
                for k in 0..PER_ENTRY {
                    sheet(
                        conn,
                        "interview",
                        entry,
                        &judge_ids[(e + k * 7) % JUDGES],
                        &mut seed,
                    );
                }
            }
        }
        Ok(())
    })
    .expect("scoresheets");
    diesel::update(editions::table.find(&edition_id))
        .set(editions::phase.eq("judging"))
        .execute(conn)
        .expect("judging");
    edition_id
}

fn run(label: &str, url: &str) {
    let pool = db::connect(&DatabaseSettings {
        url: url.to_owned(),
        pool_size: 2,
        busy_timeout_ms: 5000,
    })
    .expect("database");
    let mut conn = pool.get().expect("connection");
    db::migrate(&mut conn).expect("migrations");
    paritrana::regions::import::import_regions(
        &mut conn,
        &paritrana::regions::import::RegionSource::Embedded,
        &indicatif::ProgressBar::hidden(),
    )
    .expect("regions");
    let started = Instant::now();
    let edition_id = setup(&mut conn);
    println!(
        "{label}: {ENTRIES} entries, {} scoresheets seeded in {:.1} s",
        ENTRIES * PER_ENTRY + FINALISTS * PER_ENTRY,
        started.elapsed().as_secs_f64()
    );
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
    let mut times = Vec::new();
    let mut digest = String::new();
    for round in 0..3 {
        let reason = (round > 0).then_some("bench: publish again");
        let started = Instant::now();
        let publication = conn
            .transaction(|conn| {
                paritrana::results::publications::publish_edition(
                    conn,
                    &caller,
                    &edition_id,
                    reason,
                    "http://127.0.0.1:8080",
                )
            })
            .expect("publish");
        times.push(started.elapsed().as_secs_f64());
        digest = publication.digest;
    }
    times.sort_by(f64::total_cmp);
    let emails: i64 = paritrana::db::schema::outbox_emails::table
        .count()
        .get_result(&mut conn)
        .expect("emails");
    println!(
        "{label}: publish {ENTRIES} entries: min {:.2} s, median {:.2} s, max {:.2} s over 3 runs; \
         {} emails to entrants queued per publication; digest {}",
        times[0],
        times[1],
        times[2],
        emails / 3,
        &digest[..16]
    );
}

fn main() {
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
