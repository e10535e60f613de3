//! The reminders the server sends as deadlines near: entrants with entries
//! not yet sent before entries close (`entries::reminders`), judges with
//! sheets not yet submitted before results are due
//! (`judging::reminders`). Every instance looks; the outbox tells each what
//! was already queued, and the look runs in one write transaction.

use std::time::Duration;

use crate::config::ReminderSettings;
use crate::db::Db;

/// Looks for reminders due every `check_seconds`, for as long as it runs.
pub async fn run(db: Db, settings: ReminderSettings, public_url: String) {
    let pause = Duration::from_secs(settings.check_seconds.max(1));
    loop {
        let (settings_now, url) = (settings.clone(), public_url.clone());
        let due = db
            .write(move |conn| {
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
