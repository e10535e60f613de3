//! Reminders before the judging deadline (an edition's results date): on
//! each configured day before it (2 and 1 by default), every judge whose
//! sheets in that edition are not all submitted gets one email saying how
//! many are left. The outbox is the record: a judge already reminded since
//! the day's threshold is not reminded again, so every instance may look.

use std::collections::{BTreeMap, HashSet};

use chrono::NaiveDateTime;
use diesel::prelude::*;

use crate::config::ReminderSettings;
use crate::db::DbConnection;
use crate::db::schema::{assignments, edition_judges, editions, outbox_emails, scoresheets, users};
use crate::editions::store::EditionRow;
use crate::error::ApiError;
use crate::mail;

/// The outbox kind of a judge's reminder.
pub const KIND: &str = "judging.reminder";

/// The latest reminder threshold `now` has passed before `deadline`, if
/// any: the deadline less the fewest configured days already reached.
pub fn threshold(
    days: &[u32],
    deadline: NaiveDateTime,
    now: NaiveDateTime,
) -> Option<NaiveDateTime> {
    if now >= deadline {
        return None;
    }
    days.iter()
        .map(|d| deadline - chrono::Duration::days(i64::from(*d)))
        .filter(|at| *at <= now)
        .max()
}

/// Queues the reminders due at `now`; answers how many.
pub fn queue_due(
    conn: &mut DbConnection,
    settings: &ReminderSettings,
    public_url: &str,
    now: NaiveDateTime,
) -> Result<usize, ApiError> {
    let Some(furthest) = settings.judge_days_before.iter().max() else {
        return Ok(0);
    };
    // One instance at a time decides (SQLite writes one at a time anyway):
    // the second reads what the first queued, and queues nothing twice.
    if let DbConnection::Postgres(pg) = conn {
        diesel::sql_query("SELECT pg_advisory_xact_lock(1702170217)").execute(pg)?;
    }
    let judging: Vec<EditionRow> = editions::table
        .filter(editions::phase.eq("judging"))
        .filter(editions::results_at.gt(now))
        .filter(editions::results_at.le(now + chrono::Duration::days(i64::from(*furthest))))
        .select(EditionRow::as_select())
        .load(conn)?;
    let mut queued = 0;
    for edition in judging {
        let Some(deadline) = edition.results_at else {
            continue;
        };
        let Some(since) = threshold(&settings.judge_days_before, deadline, now) else {
            continue;
        };
        queued += remind(conn, &edition, deadline, since, public_url)?;
    }
    Ok(queued)
}

/// Reminds the judges of one edition with open sheets not yet reminded
/// since `since`.
fn remind(
    conn: &mut DbConnection,
    edition: &EditionRow,
    deadline: NaiveDateTime,
    since: NaiveDateTime,
    public_url: &str,
) -> Result<usize, ApiError> {
    let open: Vec<(String, String)> = assignments::table
        .inner_join(edition_judges::table.inner_join(users::table))
        .left_join(scoresheets::table.on(scoresheets::assignment_id.eq(assignments::id)))
        .filter(edition_judges::edition_id.eq(&edition.id))
        .filter(assignments::status.eq("active"))
        .filter(users::is_active.eq(true))
        .filter(
            scoresheets::status
                .is_null()
                .or(scoresheets::status.ne("submitted")),
        )
        .select((users::email, users::display_name))
        .load(conn)?;
    let mut counts: BTreeMap<(String, String), usize> = BTreeMap::new();
    for judge in open {
        *counts.entry(judge).or_default() += 1;
    }
    let reminded: HashSet<String> = outbox_emails::table
        .filter(outbox_emails::kind.eq(KIND))
        .filter(outbox_emails::edition_id.eq(&edition.id))
        .filter(outbox_emails::created_at.ge(since))
        .select(outbox_emails::recipient)
        .load::<String>(conn)?
        .into_iter()
        .collect();
    let emails: Vec<_> = counts
        .into_iter()
        .filter(|((email, _), _)| !reminded.contains(email))
        .map(|((email, name), open)| {
            mail::judging::reminder(&mail::judging::Reminder {
                edition,
                judge: mail::judging::Judge {
                    name: &name,
                    email: &email,
                },
                open,
                deadline: edition.zone().stamp(deadline),
                public_url,
            })
        })
        .collect();
    mail::enqueue(conn, &emails)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn at(day: u32, hour: u32) -> NaiveDateTime {
        chrono::NaiveDate::from_ymd_opt(2025, 6, day)
            .and_then(|d| d.and_hms_opt(hour, 0, 0))
            .expect("time")
    }

    #[test]
    fn each_day_before_the_deadline_opens_its_own_reminder() {
        let deadline = at(10, 9);
        let days = [2, 1];
        assert_eq!(threshold(&days, deadline, at(7, 9)), None, "too early");
        assert_eq!(threshold(&days, deadline, at(8, 10)), Some(at(8, 9)));
        assert_eq!(threshold(&days, deadline, at(9, 9)), Some(at(9, 9)));
        assert_eq!(threshold(&days, deadline, at(10, 8)), Some(at(9, 9)));
        assert_eq!(
            threshold(&days, deadline, at(10, 9)),
            None,
            "past the deadline"
        );
        assert_eq!(
            threshold(&[], deadline, at(10, 8)),
            None,
            "no reminders set"
        );
    }
}
