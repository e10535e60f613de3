//! Reminders before entries close: on each configured day before an
//! edition's submission deadline (3 and 1 by default), every entrant with
//! an entry still in draft (or returned for correction and not sent again)
//! gets one email naming those entries and the deadline. The outbox is the
//! record, as for the judges' reminders: an entrant already reminded for
//! the edition since the day's threshold is not reminded again.

use std::collections::BTreeMap;

use chrono::NaiveDateTime;
use diesel::prelude::*;

use crate::config::ReminderSettings;
use crate::db::DbConnection;
use crate::db::schema::{categories, entries, organisation_members, organisations, users};
use crate::editions::domain::Phase;
use crate::editions::store::EditionRow;
use crate::error::ApiError;
use crate::mail;

/// The outbox kind of an entrant's reminder.
pub const KIND: &str = "entry.reminder";

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
        Phase::SubmissionsOpen,
        &settings.entrant_days_before,
        |edition| edition.submissions_close_at,
        now,
    )? {
        queued += remind(conn, &due.edition, due.deadline, due.since, public_url)?;
    }
    Ok(queued)
}

/// Reminds the entrants of one edition with unsent entries, not yet
/// reminded since `since`.
fn remind(
    conn: &mut DbConnection,
    edition: &EditionRow,
    deadline: NaiveDateTime,
    since: NaiveDateTime,
    public_url: &str,
) -> Result<usize, ApiError> {
    let unsent: Vec<(String, String, String, String, String)> = entries::table
        .inner_join(organisations::table)
        .inner_join(categories::table)
        .inner_join(
            organisation_members::table
                .on(organisation_members::organisation_id.eq(entries::organisation_id)),
        )
        .inner_join(users::table.on(users::id.eq(organisation_members::user_id)))
        .filter(entries::edition_id.eq(&edition.id))
        .filter(entries::status.eq_any(["draft", "returned"]))
        .filter(users::is_active.eq(true))
        .select((
            users::email,
            users::display_name,
            organisations::name,
            categories::name_id,
            categories::name_en,
        ))
        .load(conn)?;
    let mut by_entrant: BTreeMap<(String, String), Vec<mail::entries::Unsent>> = BTreeMap::new();
    for (email, name, organisation, category_id, category_en) in unsent {
        by_entrant
            .entry((email, name))
            .or_default()
            .push(mail::entries::Unsent {
                organisation,
                category_id,
                category_en,
            });
    }
    let reminded = crate::reminders::reminded(conn, KIND, &edition.id, since)?;
    let emails: Vec<_> = by_entrant
        .into_iter()
        .filter(|((email, _), _)| !reminded.contains(email))
        .map(|((email, name), unsent)| {
            mail::entries::reminder(&mail::entries::Reminder {
                edition,
                name: &name,
                email: &email,
                unsent: &unsent,
                deadline: edition.zone().stamp(deadline),
                public_url,
            })
        })
        .collect();
    mail::enqueue(conn, &emails)
}
