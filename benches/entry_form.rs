//! The entrant's entry form under load: 64 concurrent entrants on loopback
//! autosaving their drafts through the page's own path (`POST
//! /entri/{id}/draf`: read the entry and its form, save the values at the
//! version the page holds, answer in JSON), and opening the form page,
//! against the release server started in process, alternating with `GET
//! /health` in the same run (the ceiling). Each entrant has a draft of its
//! own in the large-company category. Runs on SQLite, and on PostgreSQL
//! when PARITRANA_TEST_POSTGRES_URL is set.
//!
//!     cargo bench --bench entry_form
//!
//! Target (issue 18): an autosave round trip p99 under 20 ms at 64
//! concurrent entrants, on both backends. The form page's weight with its
//! CSS and script is measured in the browser test.

use std::sync::Arc;
use std::sync::atomic::{AtomicI64, Ordering};

use paritrana::auth::Role;
use serde_json::{Value, json};

#[path = "support/mod.rs"]
mod support;
use support::{CLIENTS, ROUNDS, line, load};
#[path = "support/round.rs"]
mod round;
use round::call;
#[path = "support/pages.rs"]
mod pages;

const ENTRANT: &str = "peserta@example.id";

/// The edition, the category, `CLIENTS` companies and the entrant who
/// belongs to all of them, with a draft for each; answers the entries'
/// page addresses and versions.
async fn drafts(url: &str, dir: &std::path::Path) -> (String, reqwest::Client, Vec<(String, i64)>) {
    let (base, settings) = round::start(url, dir).await;
    round::accounts(
        &settings,
        &[("admin@example.id", Role::NationalAdmin, Vec::new())],
    );
    let client = round::client();
    let admin = round::login(&client, &base, "admin@example.id").await;
    let edition = round::new_edition(&client, &base, &admin).await;
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
    let (status, body) = call(
        &client,
        reqwest::Method::POST,
        &format!("{edition}/phase"),
        Some(&admin),
        Some(json!({"to": "submissions_open"})),
    )
    .await;
    assert_eq!(status, 200, "{body}");
    let mut organisations = Vec::new();
    for i in 0..CLIENTS {
        let (status, organisation) = call(
            &client,
            reqwest::Method::POST,
            &format!("{base}/api/v1/organisations"),
            Some(&admin),
            Some(
                json!({"kind": "company", "name": format!("PT Beban Formulir {i}"),
                        "region_code": "33.74", "employer_number": format!("EF{i:06}"),
                        "size_class": "large", "sector": "trade"}),
            ),
        )
        .await;
        assert_eq!(status, 201, "{organisation}");
        organisations.push(organisation["id"].as_str().expect("id").to_owned());
    }
    round::accounts(
        &settings,
        &[(ENTRANT, Role::Entrant, organisations.clone())],
    );
    let entrant = round::login(&client, &base, ENTRANT).await;
    let mut entries = Vec::new();
    for organisation in &organisations {
        let (status, entry) = call(
            &client,
            reqwest::Method::POST,
            &format!("{category}/entries"),
            Some(&entrant),
            Some(json!({"organisation_id": organisation})),
        )
        .await;
        assert_eq!(status, 201, "{entry}");
        entries.push((
            format!("{base}/entri/{}", entry["id"].as_str().expect("id")),
            entry["version"].as_i64().expect("version"),
        ));
    }
    (base, client, entries)
}

async fn bench(label: &str, url: String, dir: std::path::PathBuf) {
    let (base, client, entries) = drafts(&url, &dir).await;
    let (cookie, csrf) = pages::sign_in(&client, &base, ENTRANT, "/entri").await;
    let form = client
        .get(&entries[0].0)
        .header("accept", "text/html")
        .header("cookie", &cookie)
        .send()
        .await
        .expect("form page")
        .text()
        .await
        .expect("page");
    assert!(form.contains(r#"id="formulir""#), "the entry form");
    println!(
        "{label}: the large-company entry form page is {} bytes of HTML",
        form.len()
    );

    let health = round::health(&client, &base);
    let pages: Arc<Vec<String>> = Arc::new(entries.iter().map(|(page, _)| page.clone()).collect());
    let versions: Arc<Vec<AtomicI64>> =
        Arc::new(entries.iter().map(|(_, v)| AtomicI64::new(*v)).collect());
    let cookie = Arc::new(cookie);
    let csrf = Arc::new(csrf);
    let page = pages::open_page(&client, pages.clone(), cookie.clone());
    let autosave = move |i: usize| {
        let client = client.clone();
        let pages = pages.clone();
        let cookie = cookie.clone();
        let csrf = csrf.clone();
        let versions = versions.clone();
        async move {
            let version = versions[i].load(Ordering::Relaxed);
            let version_text = version.to_string();
            let registered = (900 + version % 100).to_string();
            let fields = [
                ("csrf", csrf.as_str()),
                ("version", version_text.as_str()),
                ("nilai.workers_total", "1.000"),
                ("nilai.workers_registered", registered.as_str()),
                ("nilai.wages_reported", "4.250.000.000"),
                ("nilai.wages_paid", "4.310.000.000"),
                ("nilai.months_due", "12"),
                ("nilai.months_on_time", "11"),
                ("nilai.digital_channels", "ya"),
            ];
            match client
                .post(format!("{}/draf", pages[i]))
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
                        Ordering::Relaxed,
                    );
                    saved["outcome"] == "saved"
                }
                _ => false,
            }
        }
    };
    let (mut saves, mut forms) = (Vec::new(), Vec::new());
    let mut p99s = Vec::new();
    for round in 1..=ROUNDS {
        let ceiling = load(health.clone()).await;
        let run = load(autosave.clone()).await;
        p99s.push(run.p99_ms);
        saves.push(line(label, "entry autosaves", round, &ceiling, &run));
        let ceiling = load(health.clone()).await;
        let run = load(page.clone()).await;
        forms.push(line(label, "the entry form page", round, &ceiling, &run));
    }
    for (what, shares) in [
        ("entry autosaves", &mut saves),
        ("the entry form page", &mut forms),
    ] {
        shares.sort_by(f64::total_cmp);
        println!(
            "{label}: {what}, share of the /health rate over {ROUNDS} rounds: median {:.0}%, lowest {:.0}%",
            shares[shares.len() / 2],
            shares[0]
        );
    }
    p99s.sort_by(f64::total_cmp);
    println!(
        "{label}: entry autosave p99 over {ROUNDS} rounds: median {:.2} ms, worst {:.2} ms",
        p99s[p99s.len() / 2],
        p99s[p99s.len() - 1]
    );
}

#[tokio::main(flavor = "multi_thread", worker_threads = 2)]
async fn main() {
    round::on_each_backend(bench).await;
}
