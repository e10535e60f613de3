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

/// The active judges of an edition with sheets not yet submitted, by
/// (email, name), with how many each has open.
fn open_sheets(
    conn: &mut DbConnection,
    edition: &EditionRow,
) -> Result<BTreeMap<(String, String), usize>, ApiError> {
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
    Ok(counts)
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
    let counts = open_sheets(conn, edition)?;
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

/// What a reminder sent by hand did: how many judges were emailed, and how
/// many with open sheets were left out, already reminded within a day.
#[derive(Debug, serde::Serialize, utoipa::ToSchema)]
pub struct Reminded {
    pub queued: usize,
    pub skipped: usize,
}

/// Reminds now, at an admin's request, every judge of the edition with
/// open sheets, except those reminded within the last day (by hand or by
/// the scheduled reminders, which share the record).
pub async fn remind_now(
    state: &crate::state::AppState,
    caller: crate::auth::Caller,
    edition_id: String,
) -> Result<Reminded, ApiError> {
    use crate::error::Msg;
    caller.require_admin()?;
    let public_url = state.settings.mail.public_url.clone();
    state
        .db
        .write(move |conn| {
            let edition = crate::editions::access::administered(conn, &caller, &edition_id)?;
            if edition.phase() != Phase::Judging {
                return Err(ApiError::Conflict(Msg::said("judging-remind-not-judging")));
            }
            let Some(deadline) = edition.results_at else {
                return Err(ApiError::Conflict(Msg::said("judging-remind-no-deadline")));
            };
            let now = crate::db::now();
            let since = now - chrono::Duration::days(1);
            let waiting = open_sheets(conn, &edition)?.len();
            let queued = remind(conn, &edition, deadline, since, &public_url)?;
            crate::audit::record(
                conn,
                &caller.actor(),
                crate::audit::Change {
                    action: "judging.remind",
                    object_type: "edition",
                    object_id: &edition.id,
                    province_code: edition.province_code.as_deref(),
                    before: None,
                    after: Some(serde_json::json!({"queued": queued})),
                },
            )?;
            Ok(Reminded {
                queued,
                skipped: waiting - queued,
            })
        })
        .await
}
