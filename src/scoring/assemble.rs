//! The whole engine for one category: indicator values and submitted
//! scoresheets in; every entry's criterion, stage and final scores, its
//! rank, disagreement flags and what the explanation needs, out.
//!
//! Entries and judges are numbered by the caller, criteria and stages by
//! the [`Layout`], so a category of 100,000 entries ranks on plain vectors.

use std::collections::BTreeMap;

use rust_decimal::Decimal;

use super::combine::{self, JudgeTreatment};
use super::computed::{self, Missing};
use super::disagreement;
use super::rank::{self, Ranked, Scored};
use super::weigh::{Layout, Leaf, NodeScores, normalise, weigh_nodes};
use crate::categories::rules::{Aggregation, TieBreak};
use crate::rubrics::model::Judged;

/// What the category decides about combining and ranking.
#[derive(Debug, Clone)]
pub struct Settings {
    pub aggregation: Aggregation,
    pub tie_break: Vec<TieBreak>,
    /// Spread between judges (points of 100) above which an entry is flagged.
    pub disagreement_threshold: Decimal,
}

#[derive(Debug, Clone, PartialEq)]
pub struct EntryInput {
    pub id: String,
    /// Numeric indicator values (yes/no as 1 and 0) the computed criteria read.
    pub values: BTreeMap<String, Decimal>,
    /// Index into the layout's stages of the furthest stage the entry was
    /// shortlisted into (0: only the first stage).
    pub reached: usize,
}

/// One submitted scoresheet. Abstentions are simply absent from `scores`;
/// recused judges' sheets are not passed in at all.
#[derive(Debug, Clone, PartialEq)]
pub struct Sheet {
    /// Index into the entries.
    pub entry: usize,
    /// The caller's number for the judge, the same on all their sheets.
    pub judge: u32,
    /// (node index of a judged criterion, score on its scale).
    pub scores: Vec<(usize, Decimal)>,
}

/// How the judges' scores on one judged criterion of one entry came together.
#[derive(Debug, Clone, PartialEq)]
pub struct JudgedLeaf {
    pub node: usize,
    /// Judges whose score counted.
    pub judges: usize,
    /// Highest minus lowest mark on the criterion's own scale, when two or
    /// more judges scored.
    pub spread: Option<Decimal>,
    /// The spread, in points of 100, is above the category's threshold.
    pub flagged: bool,
}

#[derive(Debug, Clone, PartialEq)]
pub struct EntryOutcome {
    /// None for an entry with no score at all yet.
    pub rank: Option<usize>,
    pub tied: bool,
    /// Index into the tie-break rules of the rule that separated this entry
    /// from another with the same total.
    pub decided_by: Option<usize>,
    pub reached: usize,
    pub scores: NodeScores,
    pub judged: Vec<JudgedLeaf>,
    /// Computed criteria without points, and why.
    pub missing: Vec<(usize, Missing)>,
}

impl EntryOutcome {
    pub fn flagged_disagreement(&self) -> bool {
        self.judged.iter().any(|j| j.flagged)
    }
}

/// A judge kept on raw scores by z-score normalisation, for one criterion.
#[derive(Debug, Clone, PartialEq)]
pub struct RawJudge {
    pub node: usize,
    pub judge: u32,
    pub treatment: JudgeTreatment,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Outcome {
    /// In input order.
    pub entries: Vec<EntryOutcome>,
    /// Entry indices, best first; entries without a score come last.
    pub order: Vec<usize>,
    pub raw_judges: Vec<RawJudge>,
}

/// Points of 100 for the mean of `n` marks summing to `sum`:
/// (sum / n - min) / span * 100, with a single division.
fn mean_points(sum: Decimal, n: usize, scale: &Judged) -> Decimal {
    let n = Decimal::from(n);
    let span = scale.max - scale.min;
    if span.is_zero() {
        return Decimal::ZERO;
    }
    if span == Decimal::ONE_HUNDRED {
        return (sum - scale.min * n) / n;
    }
    (sum - scale.min * n) * Decimal::ONE_HUNDRED / (span * n)
}

/// Each tie-break rule's value for one entry, given the rules' nodes (a rule
/// without a score counts as zero here only).
pub fn tie_values<'a>(
    rules: &'a [Option<usize>],
    scores: &'a NodeScores,
) -> impl Iterator<Item = Decimal> + 'a {
    rules.iter().map(|rule| {
        rule.and_then(|node| scores.scores[node])
            .unwrap_or(Decimal::ZERO)
    })
}

/// Categories at least this large are scored on several threads.
const PARALLEL_FROM: usize = 4096;

fn threads_for(work: usize) -> usize {
    if work < PARALLEL_FROM {
        1
    } else {
        std::thread::available_parallelism().map_or(1, |n| n.get().min(8))
    }
}

/// What scoring one entry needs, shared by every thread.
struct Context<'a> {
    layout: &'a Layout,
    settings: &'a Settings,
    entries: &'a [EntryInput],
    sheets: &'a [Sheet],
    /// Sheets by entry: `by_entry[starts[e]..starts[e + 1]]`.
    starts: Vec<usize>,
    by_entry: Vec<usize>,
    stage_index: Vec<usize>,
    is_criterion: Vec<bool>,
    leaves: Vec<(usize, &'a Leaf)>,
    /// Z-score results by node and entry, when the category uses them.
    standardised: Vec<Option<Vec<Option<Decimal>>>>,
}

impl Context<'_> {
    /// Whether a mark on `node` counts for entry `e`: a criterion of a stage
    /// the entry reached.
    fn counts(&self, node: usize, e: usize) -> bool {
        node < self.is_criterion.len()
            && self.is_criterion[node]
            && self.stage_index[node] <= self.entries[e].reached
    }

    fn score_range(&self, range: std::ops::Range<usize>) -> Vec<EntryOutcome> {
        let nodes = self.layout.nodes.len();
        let judged_count = self
            .leaves
            .iter()
            .filter(|(_, l)| matches!(l, Leaf::Judged(_)))
            .count();
        let threshold = self.settings.disagreement_threshold;
        let mut given: Vec<Vec<Decimal>> = vec![Vec::new(); nodes];
        let mut points: Vec<Option<Decimal>> = vec![None; nodes];
        let mut outcomes = Vec::with_capacity(range.len());
        for e in range {
            let entry = &self.entries[e];
            for &(node, _) in &self.leaves {
                given[node].clear();
            }
            for &s in &self.by_entry[self.starts[e]..self.starts[e + 1]] {
                for &(node, score) in &self.sheets[s].scores {
                    if self.counts(node, e) {
                        given[node].push(score);
                    }
                }
            }
            points.fill(None);
            let mut judged = Vec::with_capacity(judged_count);
            let mut missing = Vec::new();
            for &(node, leaf) in &self.leaves {
                if !self.counts(node, e) {
                    continue;
                }
                match leaf {
                    Leaf::Judged(scale) => {
                        let marks = &given[node];
                        points[node] = match self.settings.aggregation {
                            _ if marks.is_empty() => None,
                            Aggregation::Mean => {
                                Some(mean_points(marks.iter().sum(), marks.len(), scale))
                            }
                            Aggregation::Median => {
                                combine::median(marks).map(|m| normalise(m, scale))
                            }
                            Aggregation::TrimmedMean => {
                                combine::trimmed_mean(marks).map(|m| normalise(m, scale))
                            }
                            Aggregation::ZScore => self.standardised[node]
                                .as_ref()
                                .and_then(|z| z[e])
                                .map(|m| normalise(m, scale)),
                        };
                        let spread = disagreement::spread(marks);
                        judged.push(JudgedLeaf {
                            node,
                            judges: marks.len(),
                            spread,
                            flagged: spread
                                .is_some_and(|s| disagreement::flagged(s, scale, threshold)),
                        });
                    }
                    Leaf::Computed(rule) => {
                        match computed::evaluate(rule, |key| entry.values.get(key).copied()) {
                            Ok(value) => points[node] = Some(value),
                            Err(why) => missing.push((node, why)),
                        }
                    }
                }
            }
            outcomes.push(EntryOutcome {
                rank: None,
                tied: false,
                decided_by: None,
                reached: entry.reached,
                scores: weigh_nodes(self.layout, &points),
                judged,
                missing,
            });
        }
        outcomes
    }
}

/// Runs `work` over `0..len` in contiguous parts on `threads` threads and
/// joins the parts in order.
fn in_parts<T: Send>(
    len: usize,
    threads: usize,
    work: impl Fn(std::ops::Range<usize>) -> Vec<T> + Sync,
) -> Vec<T> {
    if threads <= 1 || len == 0 {
        return work(0..len);
    }
    let part = len.div_ceil(threads);
    std::thread::scope(|scope| {
        let handles: Vec<_> = (0..len)
            .step_by(part)
            .map(|start| {
                let work = &work;
                scope.spawn(move || work(start..(start + part).min(len)))
            })
            .collect();
        handles
            .into_iter()
            .flat_map(|h| h.join().unwrap_or_else(|e| std::panic::resume_unwind(e)))
            .collect()
    })
}

/// Scores and ranks one category.
pub fn assemble(
    layout: &Layout,
    settings: &Settings,
    entries: &[EntryInput],
    sheets: &[Sheet],
) -> Outcome {
    let nodes = layout.nodes.len();
    let mut context = Context {
        layout,
        settings,
        entries,
        sheets,
        starts: vec![0usize; entries.len() + 1],
        by_entry: Vec::new(),
        stage_index: layout
            .nodes
            .iter()
            .map(|node| {
                layout
                    .stages
                    .iter()
                    .position(|&s| s == node.stage)
                    .unwrap_or(usize::MAX)
            })
            .collect(),
        is_criterion: layout
            .nodes
            .iter()
            .map(|n| n.level == "criterion")
            .collect(),
        leaves: layout
            .nodes
            .iter()
            .enumerate()
            .filter_map(|(i, n)| Some((i, n.leaf.as_ref()?)))
            .collect(),
        standardised: vec![None; nodes],
    };

    // Sheets by entry (a counting sort on the entry number).
    let starts = &mut context.starts;
    for sheet in sheets.iter().filter(|s| s.entry < entries.len()) {
        starts[sheet.entry + 1] += 1;
    }
    for i in 0..entries.len() {
        starts[i + 1] += starts[i];
    }
    let mut by_entry = vec![0usize; starts[entries.len()]];
    let mut fill = starts.clone();
    for (i, sheet) in sheets.iter().enumerate() {
        if sheet.entry < entries.len() {
            by_entry[fill[sheet.entry]] = i;
            fill[sheet.entry] += 1;
        }
    }
    context.by_entry = by_entry;

    // Z-scores need every judge's scores over the whole category first.
    let mut raw_judges = Vec::new();
    if settings.aggregation == Aggregation::ZScore {
        let judged: Vec<(usize, &Judged)> = context
            .leaves
            .iter()
            .filter_map(|&(node, leaf)| match leaf {
                Leaf::Judged(scale) => Some((node, scale)),
                _ => None,
            })
            .collect();
        let threads = threads_for(sheets.len()).min(judged.len().max(1));
        // Each thread gathers the marks of its own criteria, then standardises them.
        let results = in_parts(judged.len(), threads, |range| {
            let mine = &judged[range];
            let mut slot = vec![usize::MAX; nodes];
            for (i, &(node, _)) in mine.iter().enumerate() {
                slot[node] = i;
            }
            let mut marks: Vec<Vec<(u32, usize, Decimal)>> = vec![Vec::new(); mine.len()];
            for sheet in sheets.iter().filter(|s| s.entry < entries.len()) {
                for &(node, score) in &sheet.scores {
                    if node < nodes && slot[node] != usize::MAX && context.counts(node, sheet.entry)
                    {
                        marks[slot[node]].push((sheet.judge, sheet.entry, score));
                    }
                }
            }
            mine.iter()
                .zip(&marks)
                .filter(|(_, scores)| !scores.is_empty())
                .map(|(&(node, scale), scores)| {
                    (
                        node,
                        combine::z_scores(scores, entries.len(), scale.min, scale.max),
                    )
                })
                .collect()
        });
        for (node, z) in results {
            context.standardised[node] = Some(z.per_entry);
            raw_judges.extend(
                z.treatment
                    .into_iter()
                    .filter(|(_, how)| *how != JudgeTreatment::Standardised)
                    .map(|(judge, treatment)| RawJudge {
                        node,
                        judge,
                        treatment,
                    }),
            );
        }
    }

    let mut outcomes = in_parts(entries.len(), threads_for(entries.len()), |range| {
        context.score_range(range)
    });

    let rules = layout.rule_nodes(&settings.tie_break);
    let ranked_entries: Vec<usize> = (0..entries.len())
        .filter(|&e| outcomes[e].scores.total.is_some())
        .collect();
    let ties: Vec<Decimal> = ranked_entries
        .iter()
        .flat_map(|&e| tie_values(&rules, &outcomes[e].scores))
        .collect();
    let width = rules.len();
    let scored: Vec<Scored<'_>> = ranked_entries
        .iter()
        .enumerate()
        .map(|(i, &e)| Scored {
            entry: &entries[e].id,
            reached: outcomes[e].reached,
            total: outcomes[e].scores.total.unwrap_or_default(),
            tie: &ties[i * width..(i + 1) * width],
        })
        .collect();
    let mut order = Vec::with_capacity(entries.len());
    for Ranked {
        index,
        rank,
        tied,
        decided_by,
    } in rank::rank(&scored)
    {
        let e = ranked_entries[index];
        outcomes[e].rank = Some(rank);
        outcomes[e].tied = tied;
        outcomes[e].decided_by = decided_by;
        order.push(e);
    }
    let mut unscored: Vec<usize> = (0..entries.len())
        .filter(|&e| outcomes[e].rank.is_none())
        .collect();
    unscored.sort_by(|&a, &b| entries[a].id.cmp(&entries[b].id));
    order.extend(unscored);
    Outcome {
        entries: outcomes,
        order,
        raw_judges,
    }
}

#[cfg(test)]
mod tests {
    use proptest::prelude::*;

    use super::*;
    use crate::rubrics::model::{
        Computed, Criterion, Direction, Judged, Mapping, Rubric, Source, Stage,
    };

    fn d(text: &str) -> Decimal {
        text.parse().expect("decimal")
    }

    fn judged(key: &str, weight: &str, max: &str, step: &str) -> Criterion {
        Criterion {
            key: key.into(),
            name_id: key.into(),
            name_en: String::new(),
            weight: d(weight),
            children: Vec::new(),
            judged: Some(Judged {
                min: d("0"),
                max: d(max),
                step: d(step),
                levels: Vec::new(),
                comment_required: false,
                abstain_allowed: true,
            }),
            computed: None,
        }
    }

    /// Data 60: coverage (covered / eligible, linear 0 to 1) 50 and
    /// regulation (judged 0 to 10) 50. Interview 40: presentation (0 to 100).
    fn rubric() -> Rubric {
        let mut coverage = judged("coverage", "50", "1", "1");
        coverage.judged = None;
        coverage.computed = Some(Computed {
            source: Source::Ratio {
                numerator: "covered".into(),
                denominator: "eligible".into(),
            },
            direction: Direction::HigherIsBetter,
            mapping: Mapping::Linear {
                floor: d("0"),
                target: d("1"),
            },
        });
        Rubric {
            stages: vec![
                Stage {
                    key: "data".into(),
                    name_id: "Data".into(),
                    name_en: String::new(),
                    weight: d("60"),
                    criteria: vec![coverage, judged("regulation", "50", "10", "1")],
                },
                Stage {
                    key: "interview".into(),
                    name_id: "Wawancara".into(),
                    name_en: String::new(),
                    weight: d("40"),
                    criteria: vec![judged("presentation", "100", "100", "5")],
                },
            ],
        }
    }

    fn settings(aggregation: Aggregation) -> Settings {
        Settings {
            aggregation,
            tie_break: vec![TieBreak::Stage("interview".into())],
            disagreement_threshold: d("20"),
        }
    }

    fn entry(id: &str, covered: &str, eligible: &str, reached: usize) -> EntryInput {
        EntryInput {
            id: id.into(),
            values: [
                ("covered".into(), d(covered)),
                ("eligible".into(), d(eligible)),
            ]
            .into(),
            reached,
        }
    }

    /// Entries A (80 of 100 covered), B (90 of 100) and C (50 of 100, not
    /// shortlisted for the interview). Regulation by judges 1, 2, 3:
    /// A 8, 2, 7; B 6, 6, 6; C 9, 9, 9. Presentation by judges 1, 2: A 80,
    /// 90; B 90, 90; and a stray sheet for C, who never reached the interview.
    fn category(layout: &Layout) -> (Vec<EntryInput>, Vec<Sheet>) {
        let regulation = layout.criterion("regulation").unwrap();
        let presentation = layout.criterion("presentation").unwrap();
        let entries = vec![
            entry("A", "80", "100", 1),
            entry("B", "90", "100", 1),
            entry("C", "50", "100", 0),
        ];
        let mut sheets = Vec::new();
        for (e, marks) in [["8", "2", "7"], ["6", "6", "6"], ["9", "9", "9"]]
            .iter()
            .enumerate()
        {
            for (judge, mark) in marks.iter().enumerate() {
                sheets.push(Sheet {
                    entry: e,
                    judge: judge as u32 + 1,
                    scores: vec![(regulation, d(mark))],
                });
            }
        }
        for (e, marks) in [["80", "90"], ["90", "90"], ["100", "100"]]
            .iter()
            .enumerate()
        {
            for (judge, mark) in marks.iter().enumerate() {
                sheets.push(Sheet {
                    entry: e,
                    judge: judge as u32 + 1,
                    scores: vec![(presentation, d(mark))],
                });
            }
        }
        (entries, sheets)
    }

    fn summary(
        layout: &Layout,
        outcome: &Outcome,
        ids: &[&str],
    ) -> Vec<(String, Option<usize>, Option<Decimal>)> {
        let _ = layout;
        outcome
            .order
            .iter()
            .map(|&e| {
                (
                    ids[e].to_owned(),
                    outcome.entries[e].rank,
                    outcome.entries[e].scores.total,
                )
            })
            .collect()
    }

    // Mean, on paper. A: regulation (8+2+7)/3 = 5.6667 of 10 -> 56.6667;
    // data 0.5*80 + 0.5*56.6667 = 68.33335 -> 68.3334 (half to even);
    // total 0.6*68.3334 + 0.4*85 = 75.00004 -> 75.0000.
    // B: data 0.5*90 + 0.5*60 = 75; total 0.6*75 + 0.4*90 = 81.
    // C: data 0.5*50 + 0.5*90 = 70; no interview, so the total is the data
    // stage alone, 70, and C ranks after both finalists.
    #[test]
    fn a_small_category_worked_on_paper_with_the_mean() {
        let layout = Layout::new(&rubric());
        let (entries, sheets) = category(&layout);
        let outcome = assemble(&layout, &settings(Aggregation::Mean), &entries, &sheets);
        assert_eq!(
            summary(&layout, &outcome, &["A", "B", "C"]),
            [
                ("B".to_owned(), Some(1), Some(d("81"))),
                ("A".to_owned(), Some(2), Some(d("75"))),
                ("C".to_owned(), Some(3), Some(d("70"))),
            ]
        );
        let data = layout.stage("data").unwrap();
        assert_eq!(outcome.entries[0].scores.scores[data], Some(d("68.3334")));
        // A's regulation marks run from 20 to 80 points: flagged.
        assert!(outcome.entries[0].flagged_disagreement());
        assert!(!outcome.entries[1].flagged_disagreement());
        let interview = layout.stage("interview").unwrap();
        assert_eq!(
            outcome.entries[2].scores.scores[interview], None,
            "C's stray interview sheet is ignored"
        );
    }

    // Median, on paper: A's regulation is the middle mark 7 -> 70; data
    // 0.5*80 + 0.5*70 = 75; total 0.6*75 + 0.4*85 = 79. B stays at 81.
    #[test]
    fn the_median_ignores_one_outlying_judge() {
        let layout = Layout::new(&rubric());
        let (entries, sheets) = category(&layout);
        let outcome = assemble(&layout, &settings(Aggregation::Median), &entries, &sheets);
        assert_eq!(outcome.entries[0].scores.total, Some(d("79")));
        assert_eq!(outcome.entries[1].scores.total, Some(d("81")));
    }

    // Trimmed mean, on paper: five judges give B's regulation 10, 6, 6, 6, 0;
    // dropping 10 and 0 leaves 6 -> 60 points, as with three judges of 6.
    // A keeps three judges, so nothing is trimmed: 75 as with the mean.
    #[test]
    fn the_trimmed_mean_drops_the_extremes_from_five_judges() {
        let layout = Layout::new(&rubric());
        let (entries, mut sheets) = category(&layout);
        let regulation = layout.criterion("regulation").unwrap();
        for (judge, mark) in [(4, "10"), (5, "0")] {
            sheets.push(Sheet {
                entry: 1,
                judge,
                scores: vec![(regulation, d(mark))],
            });
        }
        let trimmed = assemble(
            &layout,
            &settings(Aggregation::TrimmedMean),
            &entries,
            &sheets,
        );
        assert_eq!(trimmed.entries[1].scores.total, Some(d("81")));
        assert_eq!(trimmed.entries[0].scores.total, Some(d("75")));
        // The plain mean of 6, 6, 6, 10, 0 is 5.6 -> 56: data 73, total 79.8.
        let mean = assemble(&layout, &settings(Aggregation::Mean), &entries, &sheets);
        assert_eq!(mean.entries[1].scores.total, Some(d("79.8")));
    }

    // Z-scores through the engine: on regulation, judges 1 and 2 each scored
    // all three entries; a fourth judge scored only C and is kept on raw
    // marks, which the outcome reports.
    #[test]
    fn z_scores_report_judges_kept_on_raw_marks() {
        let layout = Layout::new(&rubric());
        let (entries, mut sheets) = category(&layout);
        let regulation = layout.criterion("regulation").unwrap();
        sheets.push(Sheet {
            entry: 2,
            judge: 4,
            scores: vec![(regulation, d("5"))],
        });
        let outcome = assemble(&layout, &settings(Aggregation::ZScore), &entries, &sheets);
        assert!(outcome.raw_judges.contains(&RawJudge {
            node: regulation,
            judge: 4,
            treatment: JudgeTreatment::RawFewerThanTwo
        }));
        // Judge 3 gave B and C 6 and 9 but A 7: standardised, not raw.
        assert!(
            !outcome
                .raw_judges
                .iter()
                .any(|r| r.judge == 3 && r.node == regulation)
        );
        assert!(outcome.entries.iter().all(|e| e.rank.is_some()));
    }

    #[test]
    fn an_entry_without_data_or_marks_is_listed_last_without_a_rank() {
        let layout = Layout::new(&rubric());
        let (mut entries, sheets) = category(&layout);
        entries.push(EntryInput {
            id: "D".into(),
            values: BTreeMap::new(),
            reached: 0,
        });
        let outcome = assemble(&layout, &settings(Aggregation::Mean), &entries, &sheets);
        assert_eq!(outcome.order.last(), Some(&3));
        assert_eq!(outcome.entries[3].rank, None);
        assert_eq!(
            outcome.entries[3].missing,
            [(
                layout.criterion("coverage").unwrap(),
                Missing::Value("covered".into())
            )]
        );
    }

    /// A random category: entries with coverage data, every judge scoring
    /// every entry on regulation (0 to 10) and presentation (0 to 100 by 5).
    fn arbitrary_category() -> impl Strategy<Value = (Vec<EntryInput>, Vec<Sheet>)> {
        (2usize..8, 1u32..5).prop_flat_map(|(n, judges)| {
            let entries = prop::collection::vec((0u32..=100, 1u32..=100), n);
            let marks = prop::collection::vec((0u32..=10, 0u32..=20), n * judges as usize);
            (entries, marks).prop_map(move |(data, marks)| {
                let layout = Layout::new(&rubric());
                let regulation = layout.criterion("regulation").unwrap();
                let presentation = layout.criterion("presentation").unwrap();
                let entries = data
                    .iter()
                    .enumerate()
                    .map(|(i, (covered, eligible))| EntryInput {
                        id: format!("e{i:02}"),
                        values: [
                            ("covered".into(), Decimal::from(*covered)),
                            ("eligible".into(), Decimal::from(*eligible)),
                        ]
                        .into(),
                        reached: 1,
                    })
                    .collect();
                let sheets = marks
                    .iter()
                    .enumerate()
                    .map(|(i, (reg, pres))| Sheet {
                        entry: i % n,
                        judge: (i / n) as u32,
                        scores: vec![
                            (regulation, Decimal::from(*reg)),
                            (presentation, Decimal::from(*pres * 5)),
                        ],
                    })
                    .collect();
                (entries, sheets)
            })
        })
    }

    fn ranks(
        entries: &[EntryInput],
        outcome: &Outcome,
    ) -> BTreeMap<String, (Option<usize>, Option<Decimal>)> {
        entries
            .iter()
            .zip(&outcome.entries)
            .map(|(e, o)| (e.id.clone(), (o.rank, o.scores.total)))
            .collect()
    }

    fn any_aggregation() -> impl Strategy<Value = Aggregation> {
        prop_oneof![
            Just(Aggregation::Mean),
            Just(Aggregation::Median),
            Just(Aggregation::TrimmedMean),
            Just(Aggregation::ZScore),
        ]
    }

    proptest! {
        #[test]
        fn the_ranking_does_not_depend_on_the_order_of_judges_or_entries(
            (entries, sheets) in arbitrary_category(),
            aggregation in any_aggregation(),
            rotate in 0usize..8,
        ) {
            let layout = Layout::new(&rubric());
            let settings = settings(aggregation);
            let before = ranks(&entries, &assemble(&layout, &settings, &entries, &sheets));
            // Reverse the entries (renumbering the sheets) and rotate the sheets.
            let n = entries.len();
            let reversed: Vec<EntryInput> = entries.iter().rev().cloned().collect();
            let mut moved: Vec<Sheet> = sheets
                .iter()
                .map(|s| Sheet { entry: n - 1 - s.entry, ..s.clone() })
                .collect();
            let by = rotate % moved.len();
            moved.rotate_left(by);
            let after = ranks(&reversed, &assemble(&layout, &settings, &reversed, &moved));
            prop_assert_eq!(before, after);
        }

        #[test]
        fn raising_one_score_never_lowers_the_rank_under_mean_or_median(
            (entries, sheets) in arbitrary_category(),
            median in any::<bool>(),
            pick in any::<prop::sample::Index>(),
            criterion in 0usize..2,
            raise in 1u32..10,
        ) {
            let layout = Layout::new(&rubric());
            let settings = settings(if median { Aggregation::Median } else { Aggregation::Mean });
            let before = assemble(&layout, &settings, &entries, &sheets);
            let mut raised = sheets.clone();
            let sheet = pick.index(raised.len());
            let (node, score) = raised[sheet].scores[criterion];
            let Some(Leaf::Judged(scale)) = &layout.nodes[node].leaf else { unreachable!() };
            let step = if criterion == 0 { Decimal::ONE } else { Decimal::from(5) };
            raised[sheet].scores[criterion].1 = (score + step * Decimal::from(raise)).min(scale.max);
            let after = assemble(&layout, &settings, &entries, &raised);
            let entry = raised[sheet].entry;
            prop_assert!(after.entries[entry].rank <= before.entries[entry].rank,
                "rank went from {:?} to {:?}", before.entries[entry].rank, after.entries[entry].rank);
        }

        #[test]
        fn z_scores_keep_each_judges_order(
            marks in prop::collection::vec((0u32..4, 0u32..12, 0u32..=10), 1..60),
        ) {
            let scores: Vec<(u32, usize, Decimal)> =
                marks.iter().map(|(j, e, s)| (*j, *e as usize, Decimal::from(*s))).collect();
            let z = combine::standardise(&scores);
            for (i, a) in scores.iter().enumerate() {
                for (k, b) in scores.iter().enumerate() {
                    if a.0 == b.0 {
                        prop_assert_eq!(a.2.cmp(&b.2), z[i].cmp(&z[k]),
                            "judge {}: {} vs {} became {} vs {}", a.0, a.2, b.2, z[i], z[k]);
                    }
                }
            }
        }
    }
}
