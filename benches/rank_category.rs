//! Ranking one large category in process: 100,000 entries, 3 judges each,
//! 12 judged criteria over two stages (3.6 million marks), plus a computed
//! coverage criterion. Target (issue 6): under 500 ms and under 500 MiB.
//!
//!     cargo bench --bench rank_category
//!
//! Time covers the engine only (combining, weighting, ranking); memory is
//! the process's peak (VmHWM), inputs included.

use std::time::Instant;

use rust_decimal::Decimal;

use paritrana::categories::rules::{Aggregation, TieBreak};
use paritrana::rubrics::model::{
    Computed, Criterion, Direction, Judged, Mapping, Rubric, Source, Stage,
};
use paritrana::scoring::assemble::{EntryInput, Settings, Sheet, assemble};
use paritrana::scoring::weigh::Layout;

const ENTRIES: usize = 100_000;
const JUDGES_PER_ENTRY: u32 = 3;
const PANEL: u32 = 15;

fn peak_rss_mib() -> f64 {
    std::fs::read_to_string("/proc/self/status")
        .ok()
        .and_then(|status| {
            status
                .lines()
                .find(|l| l.starts_with("VmHWM:"))
                .and_then(|l| l.split_whitespace().nth(1)?.parse::<f64>().ok())
        })
        .map_or(0.0, |kib| kib / 1024.0)
}

fn judged(key: String) -> Criterion {
    Criterion {
        name_id: key.clone(),
        key,
        name_en: String::new(),
        weight: Decimal::from(1),
        children: Vec::new(),
        judged: Some(Judged {
            min: Decimal::ZERO,
            max: Decimal::ONE_HUNDRED,
            step: Decimal::from(5),
            levels: Vec::new(),
            comment_required: false,
            abstain_allowed: true,
        }),
        computed: None,
    }
}

/// Data 60: coverage and six judged criteria; interview 40: six judged criteria.
fn rubric() -> Rubric {
    let coverage = Criterion {
        key: "coverage".into(),
        name_id: "coverage".into(),
        name_en: String::new(),
        weight: Decimal::from(4),
        children: Vec::new(),
        judged: None,
        computed: Some(Computed {
            source: Source::Ratio {
                numerator: "covered".into(),
                denominator: "eligible".into(),
            },
            mapping: Mapping::Linear {
                floor: Decimal::ZERO,
                target: Decimal::ONE,
            },
            direction: Direction::HigherIsBetter,
        }),
    };
    let mut data: Vec<Criterion> = (0..6).map(|i| judged(format!("data_{i}"))).collect();
    data.push(coverage);
    Rubric {
        stages: vec![
            Stage {
                key: "data".into(),
                name_id: "Data".into(),
                name_en: String::new(),
                weight: Decimal::from(60),
                criteria: data,
            },
            Stage {
                key: "interview".into(),
                name_id: "Wawancara".into(),
                name_en: String::new(),
                weight: Decimal::from(40),
                criteria: (0..6).map(|i| judged(format!("interview_{i}"))).collect(),
            },
        ],
    }
}

fn main() {
    let _ = std::fs::write("/proc/self/clear_refs", "5");
    let layout = Layout::new(&rubric());
    let leaves: Vec<Vec<usize>> = layout
        .stages
        .iter()
        .map(|&s| layout.judged_leaves(s))
        .collect();
    let mut seed: u64 = 0x9E37_79B9_7F4A_7C15;
    let mut next = move || {
        seed ^= seed << 13;
        seed ^= seed >> 7;
        seed ^= seed << 17;
        seed
    };
    let entries: Vec<EntryInput> = (0..ENTRIES)
        .map(|i| EntryInput {
            id: format!("entry-{i:06}"),
            values: [
                ("covered".to_owned(), Decimal::from(next() % 1000)),
                ("eligible".to_owned(), Decimal::from(1000)),
            ]
            .into(),
            reached: 1,
        })
        .collect();
    let mut sheets = Vec::with_capacity(ENTRIES * JUDGES_PER_ENTRY as usize * 2);
    for entry in 0..ENTRIES {
        for j in 0..JUDGES_PER_ENTRY {
            let judge = (entry as u32 + j * 5) % PANEL;
            for stage in &leaves {
                sheets.push(Sheet {
                    entry,
                    judge,
                    scores: stage
                        .iter()
                        .map(|&node| (node, Decimal::from(next() % 21 * 5)))
                        .collect(),
                });
            }
        }
    }
    let marks: usize = sheets.iter().map(|s| s.scores.len()).sum();
    let settings = |aggregation| Settings {
        aggregation,
        tie_break: vec![
            TieBreak::Stage("interview".into()),
            TieBreak::Criterion("data_0".into()),
        ],
        disagreement_threshold: Decimal::from(20),
    };
    for aggregation in [Aggregation::Mean, Aggregation::Median, Aggregation::ZScore] {
        let settings = settings(aggregation);
        let mut times = Vec::new();
        let mut tied = 0;
        for _ in 0..3 {
            let started = Instant::now();
            let outcome = assemble(&layout, &settings, &entries, &sheets);
            times.push(started.elapsed().as_secs_f64() * 1000.0);
            tied = outcome.entries.iter().filter(|e| e.tied).count();
        }
        times.sort_by(f64::total_cmp);
        println!(
            "rank_category {}: {ENTRIES} entries, {marks} marks: min {:.0} ms, median {:.0} ms, max {:.0} ms over 3 runs; {tied} entries tied; peak memory {:.0} MiB",
            aggregation.as_str(),
            times[0],
            times[1],
            times[2],
            peak_rss_mib(),
        );
    }
}
