//! Automatic assignment at national scale: 10,000 entries, 3 judges each,
//! a panel of 50 with 5% of judge–entry pairs conflicted. Target (issue 5):
//! under 1 second in process.
//!
//!     cargo bench --bench assignment

use std::collections::HashSet;
use std::time::Instant;

use paritrana::judging::assign::{Problem, assign};

fn main() {
    let entries: Vec<String> = (0..10_000).map(|i| format!("entry-{i:05}")).collect();
    let judges: Vec<String> = (0..50).map(|i| format!("judge-{i:02}")).collect();
    let mut seed: u64 = 0x2545_F491_4F6C_DD1D;
    let mut conflicts = HashSet::new();
    for judge in &judges {
        for entry in &entries {
            seed ^= seed << 13;
            seed ^= seed >> 7;
            seed ^= seed << 17;
            if seed % 100 < 5 {
                conflicts.insert((judge.clone(), entry.clone()));
            }
        }
    }
    let problem = Problem {
        entries: &entries,
        judges: &judges,
        conflicts: &conflicts,
        existing: &[],
        per_entry: 3,
        cap: None,
    };
    let mut times = Vec::new();
    let mut outcome = assign(&problem);
    for _ in 0..10 {
        let started = Instant::now();
        outcome = assign(&problem);
        times.push(started.elapsed().as_secs_f64() * 1000.0);
    }
    times.sort_by(f64::total_cmp);
    let mut loads = vec![0usize; judges.len()];
    for (judge, _) in &outcome.new {
        if let Some(i) = judges.iter().position(|j| j == judge) {
            loads[i] += 1;
        }
    }
    println!(
        "assignment: {} entries x 3 over {} judges, {} conflicted pairs: {} assignments, {} shortfalls; \
         min {:.1} ms, median {:.1} ms, max {:.1} ms over 10 runs; loads {}..{}",
        entries.len(),
        judges.len(),
        conflicts.len(),
        outcome.new.len(),
        outcome.shortfalls.len(),
        times[0],
        times[times.len() / 2],
        times[times.len() - 1],
        loads.iter().min().unwrap_or(&0),
        loads.iter().max().unwrap_or(&0),
    );
}
