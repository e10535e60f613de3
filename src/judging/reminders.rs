//! Reminders before the judging deadline (an edition's results date): on
//! each configured day before it (2 and 1 by default), every judge whose
//! sheets in that edition are not all submitted gets one email saying how
//! many are left. The outbox is the record: a judge already reminded since
//! the day's threshold is not reminded again, so every instance may look.

use std::collections::BTreeMap;

use chrono::NaiveDateTime;
use diesel::prelude::*;

use crate::config::ReminderSettings;
use crate::db::DbConnection;
use crate::db::schema::{assignments, edition_judges, scoresheets, users};
use crate::editions::domain::Phase;
use crate::editions::store::EditionRow;
use crate::error::ApiError;
use crate::mail;

/// The outbox kind of a judge's reminder.
pub const KIND: &str = "judging.reminder";

/// Queues the reminders due at `now`; answers how many.
pub fn queue_due(
    conn: &mut DbConnection,
    settings: &ReminderSettings,
    public_url: &str,
    now: NaiveDateTime,
) -> Result<usize, ApiError> {
    let mut queued = 0;
    for due in crate::reminders::due(
        conn,
        Phase::Judging,
        &settings.judge_days_before,
        |edition| edition.results_at,
        now,
    )? {
        queued += remind(conn, &due.edition, due.deadline, due.since, public_url)?;
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
    let reminded = crate::reminders::reminded(conn, KIND, &edition.id, since)?;
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
