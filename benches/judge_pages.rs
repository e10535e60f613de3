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

use serde_json::Value;

#[path = "support/mod.rs"]
mod support;
use support::{CLIENTS, ROUNDS, line, load};
#[path = "support/pages.rs"]
mod pages;
#[path = "support/round.rs"]
mod round;

async fn bench(label: &str, url: String, dir: std::path::PathBuf) {
    // An admin, an open edition with one category, 64 complete entries, one
    // judge; the data stage becomes twelve judged criteria with three levels each.
    let criteria: Vec<Value> = (1..=12)
        .map(|i| {
            serde_json::json!({"key": format!("k{i:02}"), "name_id": format!("Kriteria penilaian nomor {i}"),
                   "weight": if i <= 8 { 8 } else { 9 },
                   "judged": {"min": 0, "max": 100, "step": 5, "comment_required": i % 4 == 3,
                              "levels": [
                                  {"from": 0, "to": 40, "descriptor_id": "Kurang: belum ada bukti yang memadai untuk kriteria ini"},
                                  {"from": 45, "to": 70, "descriptor_id": "Cukup: ada, tetapi belum menyeluruh dan belum rutin"},
                                  {"from": 75, "to": 100, "descriptor_id": "Baik: lengkap, berjalan, dan dapat dibuktikan"}]}})
        })
        .collect();
    let rubric = serde_json::json!({"stages": [{"key": "data", "name_id": "Data", "weight": 100, "criteria": criteria}]});
    let round::Round {
        base,
        client,
        assignments,
        ..
    } = round::judging_round(&url, &dir, Some(rubric)).await;
    let sheets: Vec<String> = assignments
        .iter()
        .map(|id| format!("{base}/penilaian/{id}"))
        .collect();
    let (cookie, csrf) = pages::sign_in(&client, &base, round::JUDGE_EMAIL, "/penilaian").await;

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

    let health = round::health(&client, &base);
    let sheets = std::sync::Arc::new(sheets);
    let cookie = std::sync::Arc::new(cookie);
    let page = pages::open_page(&client, sheets.clone(), cookie.clone());
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
    round::on_each_backend(bench).await;
}
