//! The judge's scoresheet page under load: 64 concurrent judges on
//! loopback opening `/penilaian/{id}` (a twelve-criterion sheet with three
//! levels each), and autosaving drafts through the page's own path
//! (`POST /penilaian/{id}/draf`, version-checked, answered in JSON),
//! against the release server started in process, alternating with
//! `GET /health` in the same run (the ceiling). Runs on SQLite, and on
//! PostgreSQL when PARITRANA_TEST_POSTGRES_URL is set.
//!
//!     cargo bench --bench judge_pages
//!
//! Target (issue 17): the page at no less than 30% of the /health rate
//! with p99 under 20 ms; autosaves at the rate of the API's save bench
//! (`scoresheet_load`).

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
use support::{CLIENTS, ROUNDS, Run, load};
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

/// The cookies a response sets, as a `Cookie` header adds them.
fn cookies(response: &reqwest::Response, jar: &mut Vec<(String, String)>) {
    for value in response.headers().get_all("set-cookie") {
        let Some((pair, _)) = value
            .to_str()
            .ok()
            .map(|v| v.split_once(';').unwrap_or((v, "")))
        else {
            continue;
        };
        if let Some((name, value)) = pair.split_once('=') {
            jar.retain(|(n, _)| n != name);
            if !value.is_empty() {
                jar.push((name.to_owned(), value.to_owned()));
            }
        }
    }
}

fn header(jar: &[(String, String)]) -> String {
    jar.iter()
        .map(|(n, v)| format!("{n}={v}"))
        .collect::<Vec<_>>()
        .join("; ")
}

fn form_token(page: &str) -> String {
    let marker = r#"name="csrf" value=""#;
    let start = page.find(marker).expect("a form token") + marker.len();
    page[start..]
        .split('"')
        .next()
        .unwrap_or_default()
        .to_owned()
}

/// Signs in through the sign-in page as a browser does; answers the
/// session's cookies and its form token.
async fn sign_in_on_pages(client: &reqwest::Client, base: &str, email: &str) -> (String, String) {
    let mut jar = Vec::new();
    let page = client
        .get(format!("{base}/masuk"))
        .header("accept", "text/html")
        .send()
        .await
        .expect("sign-in page");
    cookies(&page, &mut jar);
    let csrf = form_token(&page.text().await.expect("page"));
    let signed = client
        .post(format!("{base}/masuk"))
        .header("accept", "text/html")
        .header("sec-fetch-site", "same-origin")
        .header("cookie", header(&jar))
        .form(&[
            ("csrf", csrf.as_str()),
            ("email", email),
            ("password", PASSWORD),
        ])
        .send()
        .await
        .expect("sign in");
    cookies(&signed, &mut jar);
    assert_eq!(
        signed.status().as_u16(),
        303,
        "signed in: {}",
        signed.text().await.unwrap_or_default()
    );
    let work = client
        .get(format!("{base}/penilaian"))
        .header("accept", "text/html")
        .header("cookie", header(&jar))
        .send()
        .await
        .expect("work page");
    cookies(&work, &mut jar);
    let csrf = form_token(&work.text().await.expect("page"));
    (header(&jar), csrf)
}

fn line(label: &str, what: &str, round: usize, health: &Run, run: &Run) -> f64 {
    let share = 100.0 * run.rate() / health.rate();
    println!(
        "{label} round {round}: GET /health {:.0} req/s (p50 {:.2} ms, p99 {:.2} ms); {what} {:.0} req/s (p50 {:.2} ms, p99 {:.2} ms, {} errors of {}) = {share:.0}% of the /health rate",
        health.rate(),
        health.p50_ms,
        health.p99_ms,
        run.rate(),
        run.p50_ms,
        run.p99_ms,
        run.errors,
        run.requests,
    );
    share
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
    // Redirects are read, not followed: the cookies are kept by hand.
    let client = reqwest::Client::builder()
        .redirect(reqwest::redirect::Policy::none())
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
    let category_version = category["version"].clone();
    let category = format!(
        "{edition}/categories/{}",
        category["id"].as_str().expect("category")
    );
    // The template's tie-break names its own stages; the bench's rubric
    // has one stage, so the tie-break goes first.
    let (status, body) = call(
        &client,
        reqwest::Method::PATCH,
        &category,
        Some(&admin),
        Some(json!({"version": category_version, "tie_break": []})),
    )
    .await;
    assert_eq!(status, 200, "{body}");
    // The data stage becomes twelve judged criteria with three levels each.
    let criteria: Vec<Value> = (1..=12)
        .map(|i| {
            json!({"key": format!("k{i:02}"), "name_id": format!("Kriteria penilaian nomor {i}"),
                   "weight": if i <= 8 { 8 } else { 9 },
                   "judged": {"min": 0, "max": 100, "step": 5, "comment_required": i % 4 == 3,
                              "levels": [
                                  {"from": 0, "to": 40, "descriptor_id": "Kurang: belum ada bukti yang memadai untuk kriteria ini"},
                                  {"from": 45, "to": 70, "descriptor_id": "Cukup: ada, tetapi belum menyeluruh dan belum rutin"},
                                  {"from": 75, "to": 100, "descriptor_id": "Baik: lengkap, berjalan, dan dapat dibuktikan"}]}})
        })
        .collect();
    let (status, body) = call(
        &client,
        reqwest::Method::PUT,
        &format!("{category}/rubric"),
        Some(&admin),
        Some(json!({"stages": [{"key": "data", "name_id": "Data", "weight": 100, "criteria": criteria}]})),
    )
    .await;
    assert_eq!(status, 200, "{body}");
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
        .map(|a| format!("{base}/penilaian/{}", a["id"].as_str().unwrap()))
        .collect();
    assert_eq!(sheets.len(), CLIENTS);
    let _ = judge_token;
    let (cookie, csrf) = sign_in_on_pages(&client, &base, "juri@example.id").await;

    // The page as the judges receive it (its weight with CSS and script
    // is measured in the browser test).
    let plain = client
        .get(&sheets[0])
        .header("accept", "text/html")
        .header("cookie", &cookie)
        .send()
        .await
        .expect("sheet page")
        .text()
        .await
        .expect("page");
    assert!(
        plain.contains("12.</span> Kriteria penilaian nomor 12"),
        "twelve criteria"
    );
    println!(
        "{label}: the twelve-criterion sheet page is {} bytes of HTML",
        plain.len()
    );

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
    let sheets = std::sync::Arc::new(sheets);
    let cookie = std::sync::Arc::new(cookie);
    let page = {
        let client = client.clone();
        let sheets = sheets.clone();
        let cookie = cookie.clone();
        move |i: usize| {
            let client = client.clone();
            let sheets = sheets.clone();
            let cookie = cookie.clone();
            async move {
                match client
                    .get(&sheets[i])
                    .header("accept", "text/html")
                    .header("cookie", cookie.as_str())
                    .send()
                    .await
                {
                    Ok(response) if response.status().is_success() => {
                        response.bytes().await.is_ok()
                    }
                    _ => false,
                }
            }
        }
    };
    let versions: std::sync::Arc<Vec<std::sync::atomic::AtomicI64>> = std::sync::Arc::new(
        (0..CLIENTS)
            .map(|_| std::sync::atomic::AtomicI64::new(0))
            .collect(),
    );
    let autosave = {
        let client = client.clone();
        let csrf = std::sync::Arc::new(csrf);
        move |i: usize| {
            let client = client.clone();
            let sheets = sheets.clone();
            let cookie = cookie.clone();
            let csrf = csrf.clone();
            let versions = versions.clone();
            async move {
                let version = versions[i].load(std::sync::atomic::Ordering::Relaxed);
                let score = (5 * (version % 21)).to_string();
                let version_text = version.to_string();
                let fields = [
                    ("csrf", csrf.as_str()),
                    ("version", version_text.as_str()),
                    ("skor.k01", score.as_str()),
                    ("skor.k02", "70"),
                    (
                        "komentar.k03",
                        "Sudah memakai SIPP dan JMO untuk semua pekerja.",
                    ),
                ];
                match client
                    .post(format!("{}/draf", sheets[i]))
                    .header("accept", "application/json")
                    .header("sec-fetch-site", "same-origin")
                    .header("cookie", cookie.as_str())
                    .form(&fields)
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
    // The host's other work moves every rate from minute to minute, so
    // each is measured beside /health round by round.
    let (mut pages, mut saves) = (Vec::new(), Vec::new());
    for round in 1..=ROUNDS {
        let ceiling = load(health.clone()).await;
        let run = load(page.clone()).await;
        pages.push(line(label, "the scoresheet page", round, &ceiling, &run));
        let ceiling = load(health.clone()).await;
        let run = load(autosave.clone()).await;
        saves.push(line(label, "page autosaves", round, &ceiling, &run));
    }
    for (what, shares) in [
        ("the scoresheet page", &mut pages),
        ("page autosaves", &mut saves),
    ] {
        shares.sort_by(f64::total_cmp);
        println!(
            "{label}: {what}, share of the /health rate over {ROUNDS} rounds: median {:.0}%, lowest {:.0}%",
            shares[shares.len() / 2],
            shares[0]
        );
    }
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
