//! What the load benches share: `CLIENTS` concurrent loops on loopback for
//! `SECONDS`, with the rate and latency percentiles they saw.

use std::time::{Duration, Instant};

pub const CLIENTS: usize = 64;
/// Each measurement's length; the endpoint and /health alternate for `ROUNDS` rounds.
pub const SECONDS: u64 = 5;
pub const ROUNDS: usize = 5;

pub struct Run {
    pub requests: usize,
    pub errors: usize,
    pub seconds: f64,
    pub p50_ms: f64,
    pub p99_ms: f64,
}

impl Run {
    pub fn rate(&self) -> f64 {
        self.requests as f64 / self.seconds
    }
}

/// Runs `CLIENTS` loops for `SECONDS`; `work` makes one request and says whether it succeeded.
#[allow(dead_code)]
pub async fn load<F, Fut>(work: F) -> Run
where
    F: Fn(usize) -> Fut + Send + Sync + Clone + 'static,
    Fut: std::future::Future<Output = bool> + Send,
{
    load_with(CLIENTS, work).await
}

/// Runs `clients` loops for `SECONDS`, as [`load`] does.
pub async fn load_with<F, Fut>(clients: usize, work: F) -> Run
where
    F: Fn(usize) -> Fut + Send + Sync + Clone + 'static,
    Fut: std::future::Future<Output = bool> + Send,
{
    let deadline = Instant::now() + Duration::from_secs(SECONDS);
    let started = Instant::now();
    let mut tasks = Vec::new();
    for client in 0..clients {
        let work = work.clone();
        tasks.push(tokio::spawn(async move {
            let mut latencies = Vec::new();
            let mut errors = 0;
            while Instant::now() < deadline {
                let begun = Instant::now();
                if !work(client).await {
                    errors += 1;
                }
                latencies.push(begun.elapsed().as_secs_f64() * 1000.0);
            }
            (latencies, errors)
        }));
    }
    let mut latencies = Vec::new();
    let mut errors = 0;
    for task in tasks {
        let (mine, failed) = task.await.expect("client task");
        latencies.extend(mine);
        errors += failed;
    }
    let seconds = started.elapsed().as_secs_f64();
    latencies.sort_by(f64::total_cmp);
    let at = |q: f64| {
        latencies
            .get(((latencies.len() as f64 * q) as usize).min(latencies.len().saturating_sub(1)))
            .copied()
            .unwrap_or(0.0)
    };
    Run {
        requests: latencies.len(),
        errors,
        seconds,
        p50_ms: at(0.50),
        p99_ms: at(0.99),
    }
}

/// Prints one round: `/health` and `what` measured beside it; answers
/// `what`'s rate as a share (per cent) of the `/health` rate.
#[allow(dead_code)]
pub fn line(label: &str, what: &str, round: usize, health: &Run, run: &Run) -> f64 {
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
