//! The Jakarta 2022 scale the import and office benches share: 115,495
//! companies with ten indicators each, on real DKI Jakarta village codes,
//! as a deterministic CSV, and the provincial edition and company category
//! they are imported into.
#![allow(dead_code)]

use std::fmt::Write as _;

use paritrana::db::DbConnection;

pub const ROWS: usize = 115_495;
pub const INDICATORS: [&str; 10] = [
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

/// Every DKI Jakarta village code.
pub fn villages(conn: &mut DbConnection) -> Vec<String> {
    use diesel::prelude::*;
    use paritrana::db::schema::regions;
    regions::table
        .filter(regions::province_code.eq("31"))
        .filter(regions::level.eq("village"))
        .select(regions::code)
        .load(conn)
        .expect("villages")
}

/// A deterministic CSV of ROWS companies spread over Jakarta's villages.
pub fn synthetic_csv(villages: &[String]) -> String {
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

pub fn setup(
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
