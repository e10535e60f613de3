//! Automatic assignment of judges to entries: `k` judges per entry from a
//! panel, never a conflicted judge, loads balanced (differing by at most one
//! where conflicts allow), an optional cap per judge, and the same answer for
//! the same inputs. Pure: no database, no clock, no randomness.

use std::collections::{BTreeMap, BTreeSet, HashSet};

/// What to assign.
pub struct Problem<'a> {
    /// Entries in the stage, by id.
    pub entries: &'a [String],
    /// The stage's panel, by judge id.
    pub judges: &'a [String],
    /// (judge, entry) pairs that must never meet.
    pub conflicts: &'a HashSet<(String, String)>,
    /// Assignments that already exist and stay: (judge, entry).
    pub existing: &'a [(String, String)],
    /// Judges wanted per entry.
    pub per_entry: usize,
    /// Most entries one judge may take in this stage, if limited.
    pub cap: Option<usize>,
}

/// Why an entry could not get all its judges.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Shortfall {
    pub entry: String,
    pub assigned: usize,
    pub wanted: usize,
    /// Panel members excluded by a conflict of interest.
    pub conflicted: usize,
    /// Panel members excluded because they reached the cap.
    pub at_cap: usize,
}

#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Outcome {
    /// New assignments: (judge, entry), in a stable order.
    pub new: Vec<(String, String)>,
    pub shortfalls: Vec<Shortfall>,
}

/// Assigns the missing judges. Entries with the fewest possible judges go
/// first; each takes the least-loaded eligible judges, ties broken by id.
pub fn assign(problem: &Problem<'_>) -> Outcome {
    let judges: BTreeSet<&str> = problem.judges.iter().map(String::as_str).collect();
    let mut load: BTreeMap<&str, usize> = judges.iter().map(|j| (*j, 0)).collect();
    let mut has: BTreeMap<&str, BTreeSet<&str>> = BTreeMap::new();
    for (judge, entry) in problem.existing {
        has.entry(entry.as_str())
            .or_default()
            .insert(judge.as_str());
        if let Some(count) = load.get_mut(judge.as_str()) {
            *count += 1;
        }
    }
    let pairs: HashSet<(&str, &str)> = problem
        .conflicts
        .iter()
        .map(|(j, e)| (j.as_str(), e.as_str()))
        .collect();
    let conflicted = |judge: &str, entry: &str| pairs.contains(&(judge, entry));
    // Most constrained entries first, then by id, so the result is reproducible.
    let mut order: Vec<(usize, &str)> = problem
        .entries
        .iter()
        .map(|entry| {
            (
                judges.iter().filter(|j| !conflicted(j, entry)).count(),
                entry.as_str(),
            )
        })
        .collect();
    order.sort_unstable();
    order.dedup();
    let mut outcome = Outcome::default();
    for (_, entry) in order {
        let current = has.get(entry).map_or(0, BTreeSet::len);
        let wanted = problem.per_entry.saturating_sub(current);
        if wanted == 0 {
            continue;
        }
        let mut candidates: Vec<(usize, &str)> = Vec::new();
        let (mut excluded_conflict, mut excluded_cap) = (0, 0);
        for judge in &judges {
            if has.get(entry).is_some_and(|set| set.contains(judge)) {
                continue;
            }
            if conflicted(judge, entry) {
                excluded_conflict += 1;
                continue;
            }
            let judge_load = load[judge];
            if problem.cap.is_some_and(|cap| judge_load >= cap) {
                excluded_cap += 1;
                continue;
            }
            candidates.push((judge_load, judge));
        }
        candidates.sort_unstable();
        let chosen: Vec<&str> = candidates
            .iter()
            .take(wanted)
            .map(|(_, judge)| *judge)
            .collect();
        for judge in &chosen {
            if let Some(count) = load.get_mut(judge) {
                *count += 1;
            }
            has.entry(entry).or_default().insert(judge);
            outcome.new.push(((*judge).to_owned(), entry.to_owned()));
        }
        if chosen.len() < wanted {
            outcome.shortfalls.push(Shortfall {
                entry: entry.to_owned(),
                assigned: current + chosen.len(),
                wanted: problem.per_entry,
                conflicted: excluded_conflict,
                at_cap: excluded_cap,
            });
        }
    }
    outcome.new.sort_unstable();
    outcome
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ids(prefix: &str, n: usize) -> Vec<String> {
        (0..n).map(|i| format!("{prefix}{i:05}")).collect()
    }

    fn loads(outcome: &Outcome, judges: &[String]) -> Vec<usize> {
        judges
            .iter()
            .map(|j| outcome.new.iter().filter(|(judge, _)| judge == j).count())
            .collect()
    }

    #[test]
    fn every_entry_gets_k_distinct_judges_and_loads_differ_by_at_most_one() {
        let entries = ids("e", 100);
        let judges = ids("j", 7);
        let conflicts = HashSet::new();
        let outcome = assign(&Problem {
            entries: &entries,
            judges: &judges,
            conflicts: &conflicts,
            existing: &[],
            per_entry: 3,
            cap: None,
        });
        assert!(outcome.shortfalls.is_empty());
        assert_eq!(outcome.new.len(), 300);
        for entry in &entries {
            let mine: BTreeSet<&String> = outcome
                .new
                .iter()
                .filter(|(_, e)| e == entry)
                .map(|(j, _)| j)
                .collect();
            assert_eq!(mine.len(), 3, "{entry}");
        }
        let loads = loads(&outcome, &judges);
        assert!(
            loads.iter().max().unwrap() - loads.iter().min().unwrap() <= 1,
            "{loads:?}"
        );
    }

    #[test]
    fn conflicted_judges_are_never_assigned() {
        let entries = ids("e", 30);
        let judges = ids("j", 5);
        let conflicts: HashSet<(String, String)> = entries
            .iter()
            .step_by(3)
            .map(|e| (judges[0].clone(), e.clone()))
            .collect();
        let outcome = assign(&Problem {
            entries: &entries,
            judges: &judges,
            conflicts: &conflicts,
            existing: &[],
            per_entry: 2,
            cap: None,
        });
        assert!(outcome.new.iter().all(|pair| !conflicts.contains(pair)));
        assert!(outcome.shortfalls.is_empty());
        let loads = loads(&outcome, &judges);
        assert!(
            loads.iter().max().unwrap() - loads.iter().min().unwrap() <= 1,
            "{loads:?}"
        );
    }

    #[test]
    fn the_same_inputs_give_the_same_assignment() {
        let entries = ids("e", 50);
        let judges = ids("j", 6);
        let conflicts: HashSet<(String, String)> = [(judges[2].clone(), entries[7].clone())].into();
        let problem = Problem {
            entries: &entries,
            judges: &judges,
            conflicts: &conflicts,
            existing: &[],
            per_entry: 3,
            cap: None,
        };
        assert_eq!(assign(&problem), assign(&problem));
    }

    #[test]
    fn existing_assignments_stay_and_count_towards_k_and_load() {
        let entries = ids("e", 4);
        let judges = ids("j", 3);
        let existing = vec![(judges[0].clone(), entries[0].clone())];
        let conflicts = HashSet::new();
        let outcome = assign(&Problem {
            entries: &entries,
            judges: &judges,
            conflicts: &conflicts,
            existing: &existing,
            per_entry: 1,
            cap: None,
        });
        assert_eq!(outcome.new.len(), 3);
        assert!(outcome.new.iter().all(|(_, e)| e != &entries[0]));
        let fresh = loads(&outcome, &judges);
        assert_eq!(
            fresh,
            [1, 1, 1],
            "the judge who already had an entry got one fewer new: 2, 1, 1 in all"
        );
    }

    #[test]
    fn shortfalls_say_why() {
        let entries = ids("e", 3);
        let judges = ids("j", 2);
        let conflicts: HashSet<(String, String)> = [(judges[0].clone(), entries[0].clone())].into();
        let outcome = assign(&Problem {
            entries: &entries,
            judges: &judges,
            conflicts: &conflicts,
            existing: &[],
            per_entry: 2,
            cap: Some(2),
        });
        assert_eq!(
            outcome.shortfalls.iter().find(|s| s.entry == entries[0]),
            Some(&Shortfall {
                entry: entries[0].clone(),
                assigned: 1,
                wanted: 2,
                conflicted: 1,
                at_cap: 0
            })
        );
        assert!(outcome.shortfalls.iter().any(|s| s.at_cap > 0));
    }
}
