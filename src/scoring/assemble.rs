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
use super::disagreement::{Disagreement, disagreement};
use super::rank::{self, Ranked, Scored};
use super::weigh::{Layout, Leaf, NodeScores, PRECISION, normalise, weigh_nodes};
use crate::categories::rules::{Aggregation, TieBreak};

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
    /// Each judge's score on the criterion's scale, by judge number.
    pub marks: Vec<(u32, Decimal)>,
    pub disagreement: Option<Disagreement>,
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
        self.judged
            .iter()
            .any(|j| j.disagreement.as_ref().is_some_and(|d| d.flagged))
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

/// Scores and ranks one category.
pub fn assemble(
    layout: &Layout,
    settings: &Settings,
    entries: &[EntryInput],
    sheets: &[Sheet],
) -> Outcome {
    let nodes = layout.nodes.len();
    let stage_of = |node: usize| {
        layout
            .stages
            .iter()
            .position(|&s| s == layout.nodes[node].stage)
            .unwrap_or(usize::MAX)
    };
    let stage_index: Vec<usize> = (0..nodes).map(stage_of).collect();

    // Sheets by entry, keeping only criteria of stages the entry reached.
    let mut starts = vec![0usize; entries.len() + 1];
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
    let counts = |node: usize, entry: usize| {
        layout.nodes[node].level == "criterion" && stage_index[node] <= entries[entry].reached
    };

    // Z-scores need every judge's scores over the whole category first.
    let mut standardised: Vec<BTreeMap<usize, Decimal>> = vec![BTreeMap::new(); nodes];
    let mut raw_judges = Vec::new();
    if settings.aggregation == Aggregation::ZScore {
        let mut per_node: Vec<Vec<(u32, usize, Decimal)>> = vec![Vec::new(); nodes];
        for sheet in sheets.iter().filter(|s| s.entry < entries.len()) {
            for &(node, score) in &sheet.scores {
                if node < nodes && counts(node, sheet.entry) {
                    per_node[node].push((sheet.judge, sheet.entry, score));
                }
            }
        }
        for (node, scores) in per_node.iter().enumerate() {
            let Some(Leaf::Judged(scale)) = &layout.nodes[node].leaf else {
                continue;
            };
            if scores.is_empty() {
                continue;
            }
            let (combined, treatment) = combine::z_scores(scores, scale.min, scale.max);
            standardised[node] = combined;
            raw_judges.extend(
                treatment
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

    let mut marks: Vec<Vec<(u32, Decimal)>> = vec![Vec::new(); nodes];
    let mut outcomes = Vec::with_capacity(entries.len());
    for (e, entry) in entries.iter().enumerate() {
        for list in &mut marks {
            list.clear();
        }
        for &s in &by_entry[starts[e]..starts[e + 1]] {
            for &(node, score) in &sheets[s].scores {
                if node < nodes && counts(node, e) {
                    marks[node].push((sheets[s].judge, score));
                }
            }
        }
        let mut leaves: Vec<Option<Decimal>> = vec![None; nodes];
        let mut judged = Vec::new();
        let mut missing = Vec::new();
        for (node, n) in layout.nodes.iter().enumerate() {
            if !counts(node, e) {
                continue;
            }
            match &n.leaf {
                Some(Leaf::Judged(scale)) => {
                    let given: Vec<Decimal> = marks[node].iter().map(|(_, s)| *s).collect();
                    let combined = match settings.aggregation {
                        Aggregation::Mean => combine::mean(&given),
                        Aggregation::Median => combine::median(&given),
                        Aggregation::TrimmedMean => combine::trimmed_mean(&given),
                        Aggregation::ZScore => standardised[node].get(&e).copied(),
                    };
                    leaves[node] = combined.map(|c| normalise(c, scale));
                    let points: Vec<Decimal> = given.iter().map(|s| normalise(*s, scale)).collect();
                    let mut own = std::mem::take(&mut marks[node]);
                    own.sort_unstable();
                    judged.push(JudgedLeaf {
                        node,
                        judges: given.len(),
                        marks: own,
                        disagreement: disagreement(&points, settings.disagreement_threshold).map(
                            |d| Disagreement {
                                spread: d.spread.round_dp(PRECISION),
                                flagged: d.flagged,
                            },
                        ),
                    });
                }
                Some(Leaf::Computed(rule)) => {
                    match computed::evaluate(rule, |key| entry.values.get(key).copied()) {
                        Ok(points) => leaves[node] = Some(points),
                        Err(why) => missing.push((node, why)),
                    }
                }
                None => {}
            }
        }
        outcomes.push(EntryOutcome {
            rank: None,
            tied: false,
            decided_by: None,
            reached: entry.reached,
            scores: weigh_nodes(layout, &leaves),
            judged,
            missing,
        });
    }

    let rules: Vec<Option<usize>> = settings
        .tie_break
        .iter()
        .map(|rule| match rule {
            TieBreak::Stage(key) => layout.stage(key),
            TieBreak::Criterion(key) => layout.criterion(key),
        })
        .collect();
    let scored: Vec<Scored> = outcomes
        .iter()
        .enumerate()
        .filter_map(|(e, outcome)| {
            Some(Scored {
                entry: entries[e].id.clone(),
                reached: outcome.reached,
                total: outcome.scores.total?,
                tie: rules
                    .iter()
                    .map(|rule| {
                        rule.and_then(|node| outcome.scores.scores[node])
                            .unwrap_or(Decimal::ZERO)
                    })
                    .collect(),
            })
        })
        .collect();
    let index: std::collections::HashMap<&str, usize> = entries
        .iter()
        .enumerate()
        .map(|(i, e)| (e.id.as_str(), i))
        .collect();
    let mut order = Vec::with_capacity(entries.len());
    for Ranked {
        entry,
        rank,
        tied,
        decided_by,
    } in rank::rank(&scored)
    {
        let e = index[entry.as_str()];
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
            let scores: Vec<(u32, u32, Decimal)> =
                marks.iter().map(|(j, e, s)| (*j, *e, Decimal::from(*s))).collect();
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
