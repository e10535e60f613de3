//! Scoresheet saves under load: 64 concurrent clients on loopback, each
//! saving its own draft scoresheet again and again (reading back the version
//! it must send next), against the release server started in process.
//! The server's `GET /health` rate, measured the same way in the same run,
//! is the ceiling. Runs on SQLite, and on PostgreSQL when
//! PARITRANA_TEST_POSTGRES_URL is set.
//!
//!     cargo bench --bench scoresheet_load
//!
//! Target (issue 5): saves at no less than a fifth of the /health rate, p99 under 50 ms.

use diesel::{Connection, RunQueryDsl};
use figment::providers::Serialized;
use paritrana::app::Application;
use paritrana::auth::Role;
use paritrana::auth::password::Passwords;
use paritrana::config::{Environment, Settings};
use paritrana::users::store::{self, NewAccount};
use serde_json::{Value, json};

#[path = "support/mod.rs"]
mod support;
use support::{CLIENTS, ROUNDS, load};
const PASSWORD: &str = "kata-sandi-beban-2026";

async fn call(
    client: &reqwest::Client,
    method: reqwest::Method,
    url: &str,
    token: Option<&str>,
    body: Option<Value>,
) -> (u16, Value) {
    let mut request = client.request(method, url);
    if let Some(token) = token {
        request = request.bearer_auth(token);
    }
    if let Some(body) = body {
        request = request.json(&body);
    }
    let response = request.send().await.expect("request");
    let status = response.status().as_u16();
    (status, response.json().await.unwrap_or(Value::Null))
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

    // An admin, an open edition with one category, 64 complete entries, one judge.
    let mut setup_database = settings.database.clone();
    setup_database.pool_size = 1;
    let pool = paritrana::db::connect(&setup_database).expect("pool");
    let mut conn = pool.get().expect("connection");
    let hash = Passwords::new(&settings.auth)
        .expect("argon2")
        .hash(PASSWORD)
        .expect("hash");
    for (email, role) in [
        ("admin@example.id", Role::NationalAdmin),
        ("juri@example.id", Role::Judge),
    ] {
        store::insert(
            &mut conn,
            &NewAccount {
                email: email.into(),
                display_name: email.into(),
                password_hash: hash.clone(),
                province_code: Some("33".into()),
                roles: vec![role],
                provinces: Vec::new(),
                organisation_ids: Vec::new(),
            },
        )
        .expect("account");
    }
    let client = reqwest::Client::builder()
        .pool_max_idle_per_host(CLIENTS)
        .build()
        .expect("client");
    let login = |email: &'static str| {
        let client = client.clone();
        let base = base.clone();
        async move {
            let (_, body) = call(
                &client,
                reqwest::Method::POST,
                &format!("{base}/api/v1/auth/login"),
                None,
                Some(json!({"email": email, "password": PASSWORD})),
            )
            .await;
            body["access_token"].as_str().expect("token").to_owned()
        }
    };
    let admin = login("admin@example.id").await;
    let judge_token = login("juri@example.id").await;
    let open_at = (chrono::Utc::now() - chrono::Duration::days(1) + chrono::Duration::hours(7))
        .format("%Y-%m-%dT%H:%M")
        .to_string();
    let close_at = (chrono::Utc::now() + chrono::Duration::days(30))
        .format("%Y-%m-%dT%H:%M")
        .to_string();
    let (_, edition) = call(
        &client,
        reqwest::Method::POST,
        &format!("{base}/api/v1/editions"),
        Some(&admin),
        Some(json!({
        "name": "Beban 2025", "year": 2025, "tier": "provincial", "province_code": "33",
        "schedule": {"submissions_open_at": open_at, "submissions_close_at": close_at}})),
    )
    .await;
    let edition = format!(
        "{base}/api/v1/editions/{}",
        edition["id"].as_str().expect("edition")
    );
    let (_, category) = call(
        &client,
        reqwest::Method::POST,
        &format!("{edition}/categories"),
        Some(&admin),
        Some(json!({"template": "company_large"})),
    )
    .await;
    let category = format!(
        "{edition}/categories/{}",
        category["id"].as_str().expect("category")
    );
    call(
        &client,
        reqwest::Method::POST,
        &format!("{edition}/phase"),
        Some(&admin),
        Some(json!({"to": "submissions_open"})),
    )
    .await;
    let mut csv = String::from(
        "employer_number,name,region_code,size_class,sector,workers_total,workers_registered\n",
    );
    for i in 0..CLIENTS {
        csv.push_str(&format!("LD{i:06},PT Beban {i},33.74,large,trade,100,90\n"));
    }
    let response = client
        .post(format!("{category}/import"))
        .bearer_auth(&admin)
        .header("content-type", "text/csv")
        .body(csv)
        .send()
        .await
        .expect("import");
    assert_eq!(response.status().as_u16(), 200, "import");
    let (_, entries) = call(
        &client,
        reqwest::Method::GET,
        &format!("{base}/api/v1/entries?per_page=500"),
        Some(&admin),
        None,
    )
    .await;
    for entry in entries["items"].as_array().expect("entries") {
        let id = entry["id"].as_str().expect("id");
        call(
            &client,
            reqwest::Method::POST,
            &format!("{base}/api/v1/entries/{id}/check"),
            Some(&admin),
            Some(json!({"version": entry["version"], "decision": "complete"})),
        )
        .await;
    }
    let (_, judges) = call(
        &client,
        reqwest::Method::GET,
        &format!("{base}/api/v1/users?role=judge"),
        Some(&admin),
        None,
    )
    .await;
    let (_, judge) = call(
        &client,
        reqwest::Method::POST,
        &format!("{edition}/judges"),
        Some(&admin),
        Some(json!({"user_id": judges["items"][0]["id"]})),
    )
    .await;
    call(
        &client,
        reqwest::Method::PUT,
        &format!("{category}/stages/data/panel"),
        Some(&admin),
        Some(json!({"judge_ids": [judge["id"]]})),
    )
    .await;
    let (_, report) = call(
        &client,
        reqwest::Method::POST,
        &format!("{category}/stages/data/assign"),
        Some(&admin),
        Some(json!({"per_entry": 1})),
    )
    .await;
    assert_eq!(report["created"], CLIENTS, "{report}");
    for to in ["submissions_closed", "judging"] {
        call(
            &client,
            reqwest::Method::POST,
            &format!("{edition}/phase"),
            Some(&admin),
            Some(json!({"to": to})),
        )
        .await;
    }
    let (_, mine) = call(
        &client,
        reqwest::Method::GET,
        &format!("{base}/api/v1/judging/assignments"),
        Some(&judge_token),
        None,
    )
    .await;
    let sheets: Vec<String> = mine
        .as_array()
        .expect("assignments")
        .iter()
        .map(|a| {
            format!(
                "{base}/api/v1/judging/assignments/{}/scoresheet",
                a["id"].as_str().unwrap()
            )
        })
        .collect();
    assert_eq!(sheets.len(), CLIENTS);

    let health_url = format!("{base}/health");
    let health = {
        let client = client.clone();
        move |_| {
            let client = client.clone();
            let url = health_url.clone();
            async move {
                client
                    .get(&url)
                    .send()
                    .await
                    .is_ok_and(|r| r.status().is_success())
            }
        }
    };
    let versions: std::sync::Arc<Vec<std::sync::atomic::AtomicI64>> = std::sync::Arc::new(
        (0..CLIENTS)
            .map(|_| std::sync::atomic::AtomicI64::new(0))
            .collect(),
    );
    let save = {
        let client = client.clone();
        let sheets = std::sync::Arc::new(sheets);
        let token = std::sync::Arc::new(judge_token);
        move |i: usize| {
            let client = client.clone();
            let sheets = sheets.clone();
            let token = token.clone();
            let versions = versions.clone();
            async move {
                let version = versions[i].load(std::sync::atomic::Ordering::Relaxed);
                let score = 5 * (version % 21);
                let body = json!({"version": version, "scores": {"digital": {"score": score, "comment": "Memakai SIPP dan JMO"}}});
                match client
                    .put(&sheets[i])
                    .bearer_auth(token.as_str())
                    .json(&body)
                    .send()
                    .await
                {
                    Ok(response) if response.status().is_success() => {
                        let saved: Value = response.json().await.unwrap_or(Value::Null);
                        versions[i].store(
                            saved["version"].as_i64().unwrap_or(version + 1),
                            std::sync::atomic::Ordering::Relaxed,
                        );
                        true
                    }
                    _ => false,
                }
            }
        }
    };
    // The host's other work moves both rates from minute to minute, so the
    // two are measured in alternating rounds and compared round by round.
    let mut shares = Vec::new();
    for round in 1..=ROUNDS {
        let health = load(health.clone()).await;
        let saves = load(save.clone()).await;
        let share = 100.0 * saves.rate() / health.rate();
        shares.push(share);
        println!(
            "{label} round {round}: GET /health {:.0} req/s (p50 {:.2} ms, p99 {:.2} ms); scoresheet saves {:.0} req/s (p50 {:.2} ms, p99 {:.2} ms, {} errors of {}) = {share:.0}% of the /health rate",
            health.rate(),
            health.p50_ms,
            health.p99_ms,
            saves.rate(),
            saves.p50_ms,
            saves.p99_ms,
            saves.errors,
            saves.requests,
        );
    }
    shares.sort_by(f64::total_cmp);
    println!(
        "{label}: share of the /health rate over {ROUNDS} rounds: median {:.0}%, lowest {:.0}%",
        shares[shares.len() / 2],
        shares[0]
    );
}

#[tokio::main(flavor = "multi_thread", worker_threads = 2)]
async fn main() {
    let dir = tempfile::tempdir().expect("temporary folder");
    let sqlite = dir.path().join("load.sqlite3").display().to_string();
    bench("SQLite", &sqlite, dir.path()).await;
    if let Ok(admin_url) = std::env::var("PARITRANA_TEST_POSTGRES_URL") {
        let name = format!("paritrana_load_{}", std::process::id());
        let mut admin = diesel::PgConnection::establish(&admin_url).expect("PostgreSQL");
        diesel::sql_query(format!("CREATE DATABASE \"{name}\""))
            .execute(&mut admin)
            .expect("create database");
        let url = paritrana::db::with_database(&admin_url, &name);
        bench("PostgreSQL", &url, dir.path()).await;
        diesel::sql_query(format!("DROP DATABASE \"{name}\" WITH (FORCE)"))
            .execute(&mut admin)
            .expect("drop database");
    }
}
