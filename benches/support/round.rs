//! What the load benches set up: the release server started in process,
//! accounts, an open edition; for the judges' side (`scoresheet_load`,
//! `judge_pages`) a judging round: an admin and one judge, one company
//! category, `CLIENTS` complete entries all assigned to the judge, the
//! edition in judging. Also the `/health` load and the run on each
//! backend.
//!
//! Each bench compiles its own copy and uses part of it.
#![allow(dead_code)]

use std::future::Future;
use std::path::{Path, PathBuf};
use std::pin::Pin;

use diesel::{Connection, RunQueryDsl};
use figment::providers::Serialized;
use paritrana::app::Application;
use paritrana::auth::Role;
use paritrana::auth::password::Passwords;
use paritrana::config::{Environment, Settings};
use paritrana::users::store::{self, NewAccount};
use serde_json::{Value, json};

use crate::support::CLIENTS;

pub const PASSWORD: &str = "kata-sandi-beban-2026";
pub const JUDGE_EMAIL: &str = "juri@example.id";

/// One API call; answers the status and the JSON body (null when none).
pub async fn call(
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

pub struct Round {
    pub base: String,
    /// Reads redirects rather than following them (pages keep cookies by hand).
    pub client: reqwest::Client,
    /// The judge's API token (the page bench signs in on the pages instead).
    pub judge_token: String,
    /// The judge's assignment ids, one per entry.
    pub assignments: Vec<String>,
}

/// Starts the release server on `url` (two workers, a pool of 16) with its
/// files under `dir`; answers its address and settings.
pub async fn start(url: &str, dir: &Path) -> (String, Settings) {
    let figment = Settings::figment(Environment::Test, Path::new("config"))
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
    (base, settings)
}

/// Adds accounts with [`PASSWORD`]: `(email, role, organisation ids)`.
pub fn accounts(settings: &Settings, people: &[(&str, Role, Vec<String>)]) {
    let mut setup_database = settings.database.clone();
    setup_database.pool_size = 1;
    let pool = paritrana::db::connect(&setup_database).expect("pool");
    let mut conn = pool.get().expect("connection");
    let hash = Passwords::new(&settings.auth)
        .expect("argon2")
        .hash(PASSWORD)
        .expect("hash");
    for (email, role, organisation_ids) in people {
        store::insert(
            &mut conn,
            &NewAccount {
                email: (*email).into(),
                display_name: (*email).into(),
                password_hash: hash.clone(),
                province_code: Some("33".into()),
                roles: vec![*role],
                provinces: Vec::new(),
                organisation_ids: organisation_ids.clone(),
            },
        )
        .expect("account");
    }
}

/// A client that reads redirects rather than following them.
pub fn client() -> reqwest::Client {
    reqwest::Client::builder()
        .redirect(reqwest::redirect::Policy::none())
        .pool_max_idle_per_host(CLIENTS)
        .build()
        .expect("client")
}

/// An API token for `email`.
pub async fn login(client: &reqwest::Client, base: &str, email: &str) -> String {
    let (_, body) = call(
        client,
        reqwest::Method::POST,
        &format!("{base}/api/v1/auth/login"),
        None,
        Some(json!({"email": email, "password": PASSWORD})),
    )
    .await;
    body["access_token"].as_str().expect("token").to_owned()
}

/// A Central Java edition in draft, taking entries from yesterday for 30
/// days once opened; answers its API address.
pub async fn new_edition(client: &reqwest::Client, base: &str, admin: &str) -> String {
    let open_at = (chrono::Utc::now() - chrono::Duration::days(1) + chrono::Duration::hours(7))
        .format("%Y-%m-%dT%H:%M")
        .to_string();
    let close_at = (chrono::Utc::now() + chrono::Duration::days(30))
        .format("%Y-%m-%dT%H:%M")
        .to_string();
    let (_, edition) = call(
        client,
        reqwest::Method::POST,
        &format!("{base}/api/v1/editions"),
        Some(admin),
        Some(json!({
        "name": "Beban 2025", "year": 2025, "tier": "provincial", "province_code": "33",
        "schedule": {"submissions_open_at": open_at, "submissions_close_at": close_at}})),
    )
    .await;
    format!(
        "{base}/api/v1/editions/{}",
        edition["id"].as_str().expect("edition")
    )
}

/// Starts the server on `url` and sets up the round. `rubric`, when
/// given, replaces the template's (and its tie-break, which names the
/// template's stages); its first stage must be `data`.
pub async fn judging_round(url: &str, dir: &Path, rubric: Option<Value>) -> Round {
    let (base, settings) = start(url, dir).await;
    accounts(
        &settings,
        &[
            ("admin@example.id", Role::NationalAdmin, Vec::new()),
            (JUDGE_EMAIL, Role::Judge, Vec::new()),
        ],
    );
    let client = client();
    let admin = login(&client, &base, "admin@example.id").await;
    let judge_token = login(&client, &base, JUDGE_EMAIL).await;
    let admin_call = |method: reqwest::Method, url: String, body: Option<Value>| {
        let client = client.clone();
        let admin = admin.clone();
        async move { call(&client, method, &url, Some(&admin), body).await }
    };
    let edition = new_edition(&client, &base, &admin).await;
    let (_, category) = admin_call(
        reqwest::Method::POST,
        format!("{edition}/categories"),
        Some(json!({"template": "company_large"})),
    )
    .await;
    let category_version = category["version"].clone();
    let category = format!(
        "{edition}/categories/{}",
        category["id"].as_str().expect("category")
    );
    if let Some(rubric) = rubric {
        let (status, body) = admin_call(
            reqwest::Method::PATCH,
            category.clone(),
            Some(json!({"version": category_version, "tie_break": []})),
        )
        .await;
        assert_eq!(status, 200, "{body}");
        let (status, body) = admin_call(
            reqwest::Method::PUT,
            format!("{category}/rubric"),
            Some(rubric),
        )
        .await;
        assert_eq!(status, 200, "{body}");
    }
    admin_call(
        reqwest::Method::POST,
        format!("{edition}/phase"),
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
    let (_, entries) = admin_call(
        reqwest::Method::GET,
        format!("{base}/api/v1/entries?per_page=500"),
        None,
    )
    .await;
    for entry in entries["items"].as_array().expect("entries") {
        let id = entry["id"].as_str().expect("id");
        admin_call(
            reqwest::Method::POST,
            format!("{base}/api/v1/entries/{id}/check"),
            Some(json!({"version": entry["version"], "decision": "complete"})),
        )
        .await;
    }
    let (_, judges) = admin_call(
        reqwest::Method::GET,
        format!("{base}/api/v1/users?role=judge"),
        None,
    )
    .await;
    let (_, judge) = admin_call(
        reqwest::Method::POST,
        format!("{edition}/judges"),
        Some(json!({"user_id": judges["items"][0]["id"]})),
    )
    .await;
    admin_call(
        reqwest::Method::PUT,
        format!("{category}/stages/data/panel"),
        Some(json!({"judge_ids": [judge["id"]]})),
    )
    .await;
    let (_, report) = admin_call(
        reqwest::Method::POST,
        format!("{category}/stages/data/assign"),
        Some(json!({"per_entry": 1})),
    )
    .await;
    assert_eq!(report["created"], CLIENTS, "{report}");
    for to in ["submissions_closed", "judging"] {
        admin_call(
            reqwest::Method::POST,
            format!("{edition}/phase"),
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
    let assignments: Vec<String> = mine
        .as_array()
        .expect("assignments")
        .iter()
        .map(|a| a["id"].as_str().expect("id").to_owned())
        .collect();
    assert_eq!(assignments.len(), CLIENTS);
    Round {
        base,
        client,
        judge_token,
        assignments,
    }
}

/// One `GET /health` for `load`: the ceiling each rate is measured against.
pub fn health(
    client: &reqwest::Client,
    base: &str,
) -> impl Fn(usize) -> Pin<Box<dyn Future<Output = bool> + Send>> + Send + Sync + Clone + 'static {
    let client = client.clone();
    let url = format!("{base}/health");
    move |_| {
        let client = client.clone();
        let url = url.clone();
        Box::pin(async move {
            client
                .get(&url)
                .send()
                .await
                .is_ok_and(|r| r.status().is_success())
        })
    }
}

/// Runs `bench` on a SQLite file, then on a database of its own on
/// PostgreSQL when PARITRANA_TEST_POSTGRES_URL is set.
pub async fn on_each_backend<F, Fut>(bench: F)
where
    F: Fn(&'static str, String, PathBuf) -> Fut,
    Fut: Future<Output = ()>,
{
    let dir = tempfile::tempdir().expect("temporary folder");
    let sqlite = dir.path().join("load.sqlite3").display().to_string();
    bench("SQLite", sqlite, dir.path().to_owned()).await;
    if let Ok(admin_url) = std::env::var("PARITRANA_TEST_POSTGRES_URL") {
        let name = format!("paritrana_load_{}", std::process::id());
        let mut admin = diesel::PgConnection::establish(&admin_url).expect("PostgreSQL");
        diesel::sql_query(format!("CREATE DATABASE \"{name}\""))
            .execute(&mut admin)
            .expect("create database");
        let url = paritrana::db::with_database(&admin_url, &name);
        bench("PostgreSQL", url, dir.path().to_owned()).await;
        diesel::sql_query(format!("DROP DATABASE \"{name}\" WITH (FORCE)"))
            .execute(&mut admin)
            .expect("drop database");
    }
}
