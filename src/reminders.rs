//! The reminders the server sends as deadlines near: entrants with entries
//! not yet sent before entries close (`entries::reminders`), judges with
//! sheets not yet submitted before results are due
//! (`judging::reminders`). Every instance looks; the outbox tells each what
//! was already queued, and the look runs in one write transaction.

use std::collections::HashSet;
use std::time::Duration;

use chrono::NaiveDateTime;
use diesel::prelude::*;

use crate::config::ReminderSettings;
use crate::db::schema::editions;
use crate::db::{Db, DbConnection};
use crate::editions::domain::Phase;
use crate::editions::store::EditionRow;
use crate::error::ApiError;

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

/// Who was already sent a reminder of `kind` for the edition since
/// `since`: the outbox is the record, so no one is reminded twice for a day.
pub fn reminded(
    conn: &mut DbConnection,
    kind: &str,
    edition_id: &str,
    since: NaiveDateTime,
) -> Result<HashSet<String>, ApiError> {
    use crate::db::schema::outbox_emails;
    Ok(outbox_emails::table
        .filter(outbox_emails::kind.eq(kind))
        .filter(outbox_emails::edition_id.eq(edition_id))
        .filter(outbox_emails::created_at.ge(since))
        .select(outbox_emails::recipient)
        .load::<String>(conn)?
        .into_iter()
        .collect())
}

/// An edition whose reminders are due: its deadline, and the threshold
/// passed (whoever was reminded since then is not reminded again).
pub struct Due {
    pub edition: EditionRow,
    pub deadline: NaiveDateTime,
    pub since: NaiveDateTime,
}

/// The editions in `phase` whose deadline (`deadline_of`) has passed one of
/// the `days` before it, at `now`.
pub fn due(
    conn: &mut DbConnection,
    phase: Phase,
    days: &[u32],
    deadline_of: fn(&EditionRow) -> Option<NaiveDateTime>,
    now: NaiveDateTime,
) -> Result<Vec<Due>, ApiError> {
    if days.is_empty() {
        return Ok(Vec::new());
    }
    let in_phase: Vec<EditionRow> = editions::table
        .filter(editions::phase.eq(phase.as_str()))
        .select(EditionRow::as_select())
        .load(conn)?;
    Ok(in_phase
        .into_iter()
        .filter_map(|edition| {
            let deadline = deadline_of(&edition)?;
            let since = threshold(days, deadline, now)?;
            Some(Due {
                edition,
                deadline,
                since,
            })
        })
        .collect())
}

/// Looks for reminders due every `check_seconds`, for as long as it runs.
pub async fn run(db: Db, settings: ReminderSettings, public_url: String) {
    let pause = Duration::from_secs(settings.check_seconds.max(1));
    loop {
        let (settings_now, url) = (settings.clone(), public_url.clone());
        let due = db
            .write(move |conn| {
                // One instance at a time decides (SQLite writes one at a
                // time anyway): the second reads what the first queued, and
                // queues nothing twice.
                if let DbConnection::Postgres(pg) = conn {
                    diesel::sql_query("SELECT pg_advisory_xact_lock(1702170217)").execute(pg)?;
                }
                let now = crate::db::now();
                let judges = crate::judging::reminders::queue_due(conn, &settings_now, &url, now)?;
                let entrants =
                    crate::entries::reminders::queue_due(conn, &settings_now, &url, now)?;
                Ok((judges, entrants))
            })
            .await;
        match due {
            Ok((0, 0)) => {}
            Ok((judges, entrants)) => tracing::info!(judges, entrants, "reminders queued"),
            Err(error) => tracing::warn!(%error, "cannot look for reminders"),
        }
        tokio::time::sleep(pause).await;
    }
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
