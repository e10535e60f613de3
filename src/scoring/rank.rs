//! Ranking entries by final score, breaking ties by the category's ordered
//! rules, and sharing the rank of ties that remain (1, 2, 2, 4) — flagged,
//! never broken silently.

use std::cmp::Ordering;

use rust_decimal::Decimal;

/// One entry's scores, already rounded to the declared precision.
#[derive(Debug, Clone, PartialEq)]
pub struct Scored<'a> {
    /// The entry's id: entries that stay equal are listed by it.
    pub entry: &'a str,
    /// How far the entry got (index of the last stage it was shortlisted
    /// into): an entry that reached a later stage ranks above one that did
    /// not, whatever their totals.
    pub reached: usize,
    pub total: Decimal,
    /// The value of each tie-break rule, in the category's order (a stage or
    /// criterion the entry has no score for counts as zero here only).
    pub tie: &'a [Decimal],
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Ranked {
    /// Position of the entry in the input.
    pub index: usize,
    /// 1 for the best; tied entries share a rank and the next rank skips.
    pub rank: usize,
    /// True when equal with another entry after every tie-break rule.
    pub tied: bool,
    /// The tie-break rule (index into the category's rules) that separated
    /// this entry from an equal total, if one did.
    pub decided_by: Option<usize>,
}

/// Compares two entries, best first: stage reached, total, then each rule
/// in order. Answers the ordering and the index of the rule that decided
/// it, if any.
fn compare(a: &Scored, b: &Scored) -> (Ordering, Option<usize>) {
    let by_total = b.reached.cmp(&a.reached).then(b.total.cmp(&a.total));
    if by_total != Ordering::Equal {
        return (by_total, None);
    }
    let rules = a.tie.len().max(b.tie.len());
    for i in 0..rules {
        let value = |s: &Scored| s.tie.get(i).copied().unwrap_or(Decimal::ZERO);
        let by_rule = value(b).cmp(&value(a));
        if by_rule != Ordering::Equal {
            return (by_rule, Some(i));
        }
    }
    (Ordering::Equal, None)
}

/// Ranks entries. The order does not depend on the input order: entries
/// that stay equal are listed by id and share their rank.
pub fn rank(entries: &[Scored<'_>]) -> Vec<Ranked> {
    let mut order: Vec<usize> = (0..entries.len()).collect();
    order.sort_unstable_by(|&a, &b| {
        let (a, b) = (&entries[a], &entries[b]);
        compare(a, b).0.then_with(|| a.entry.cmp(b.entry))
    });
    let sorted: Vec<&Scored<'_>> = order.iter().map(|&i| &entries[i]).collect();
    let mut ranked: Vec<Ranked> = Vec::with_capacity(sorted.len());
    for (i, scored) in sorted.iter().enumerate() {
        let previous = i.checked_sub(1).map(|p| sorted[p]);
        let next = sorted.get(i + 1);
        let equal_to_previous = previous.is_some_and(|p| compare(p, scored).0 == Ordering::Equal);
        let equal_to_next = next.is_some_and(|n| compare(scored, n).0 == Ordering::Equal);
        let rank = if equal_to_previous {
            ranked[i - 1].rank
        } else {
            i + 1
        };
        // Which rule separated this entry from a neighbour with the same total?
        let decided_by = [previous, next.copied()]
            .into_iter()
            .flatten()
            .filter(|other| other.total == scored.total && other.reached == scored.reached)
            .filter_map(|other| compare(other, scored).1)
            .min();
        ranked.push(Ranked {
            index: order[i],
            rank,
            tied: equal_to_previous || equal_to_next,
            decided_by,
        });
    }
    ranked
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(text: &str) -> Decimal {
        text.parse().expect("decimal")
    }

    /// Tie-break rules: the interview stage, then the coverage criterion.
    fn scored(
        entry: &'static str,
        total: &str,
        interview: &str,
        coverage: &str,
    ) -> Scored<'static> {
        Scored {
            entry,
            reached: 1,
            total: d(total),
            tie: Vec::leak(vec![d(interview), d(coverage)]),
        }
    }

    /// (entry, rank, tied, deciding rule) in ranking order.
    fn table(entries: &[Scored<'static>]) -> Vec<(&'static str, usize, bool, Option<usize>)> {
        rank(entries)
            .iter()
            .map(|r| (entries[r.index].entry, r.rank, r.tied, r.decided_by))
            .collect()
    }

    #[test]
    fn ties_are_broken_by_the_rules_in_order() {
        let entries = vec![
            scored("demak", "85.5000", "80", "90"),
            scored("semarang", "85.5000", "82", "70"),
            scored("tegal", "80.0000", "90", "90"),
        ];
        assert_eq!(
            table(&entries),
            [
                ("semarang", 1, false, Some(0)),
                ("demak", 2, false, Some(0)),
                ("tegal", 3, false, None)
            ]
        );
    }

    #[test]
    fn remaining_ties_share_a_rank_and_are_flagged() {
        let entries = vec![
            scored("a", "90", "80", "80"),
            scored("c", "85", "80", "80"),
            scored("b", "85", "80", "80"),
            scored("d", "70", "80", "80"),
        ];
        assert_eq!(
            table(&entries),
            [
                ("a", 1, false, None),
                ("b", 2, true, None),
                ("c", 2, true, None),
                ("d", 4, false, None)
            ]
        );
    }

    #[test]
    fn the_ranking_does_not_depend_on_input_order() {
        let mut entries = vec![
            scored("a", "90", "80", "80"),
            scored("b", "85", "70", "80"),
            scored("c", "85", "80", "60"),
            scored("d", "85", "80", "60"),
            scored("e", "10", "0", "0"),
        ];
        let first = table(&entries);
        entries.reverse();
        assert_eq!(table(&entries), first);
        entries.swap(0, 2);
        assert_eq!(table(&entries), first);
    }

    #[test]
    fn an_entry_that_reached_a_later_stage_ranks_above_one_that_did_not() {
        let mut data_only = scored("data-only", "95", "0", "95");
        data_only.reached = 0;
        let entries = vec![data_only, scored("finalist", "70", "70", "70")];
        let ranked = table(&entries);
        assert_eq!(ranked[0].0, "finalist");
        assert_eq!(ranked[1], ("data-only", 2, false, None));
    }
}
