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

use serde_json::{Value, json};

#[path = "support/mod.rs"]
mod support;
use support::{CLIENTS, ROUNDS, load};
#[path = "support/round.rs"]
mod round;

async fn bench(label: &str, url: String, dir: std::path::PathBuf) {
    // An admin, an open edition with one category, 64 complete entries, one judge.
    let round::Round {
        base,
        client,
        judge_token,
        assignments,
    } = round::judging_round(&url, &dir, None).await;
    let sheets: Vec<String> = assignments
        .iter()
        .map(|id| format!("{base}/api/v1/judging/assignments/{id}/scoresheet"))
        .collect();
    let health = round::health(&client, &base);
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
    round::on_each_backend(bench).await;
}
