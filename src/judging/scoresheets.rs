//! Saving and submitting a scoresheet (the busiest write judging has), and
//! an admin reopening a submitted one with the reason, which the judge is
//! told of by email.

use crate::audit::{self, Change};
use crate::auth::Caller;
use crate::db::{DbConnection, now};
use crate::error::{ApiError, Msg};
use crate::judging::SaveQueue;
use crate::judging::access::not_found;
use crate::judging::save_check::{Checked, SaveRequest, check_save};
use crate::judging::save_statements::write_sheet;
use crate::judging::scoresheet::Scoresheet;
use crate::judging::store;
use crate::messages::Said;
use crate::state::AppState;

/// Saves or submits a scoresheet. On PostgreSQL a later save (version > 0)
/// joins the next batch of the save queue (see `save_batch.rs`).
pub async fn save(
    state: &AppState,
    saves: Option<&SaveQueue>,
    request: SaveRequest,
) -> Result<Scoresheet, ApiError> {
    match saves {
        Some(queue) if request.version > 0 => queue.save(request).await,
        _ => {
            let id = request.id.clone();
            let action = request.action();
            let version = request.version;
            let at = now();
            let check = move |conn: &mut DbConnection| {
                let context = store::save_context(conn, &request.signed_in, &request.id)?;
                check_save(conn, request, context, at)
            };
            let write = move |conn: &mut DbConnection, checked: Checked| {
                let Checked {
                    actor,
                    province_code,
                    current,
                    saved,
                    ..
                } = checked;
                if !write_sheet(conn, &id, version, &saved, at)? {
                    return Err(ApiError::stale_version());
                }
                audit::record(
                    conn,
                    &actor,
                    Change {
                        action,
                        object_type: "assignment",
                        object_id: &id,
                        province_code: province_code.as_deref(),
                        before: audit::snapshot(&current),
                        after: audit::snapshot(&saved),
                    },
                )?;
                Ok(saved)
            };
            state.db.check_then_write(check, write).await
        }
    }
}

/// Reopens a submitted scoresheet of an edition the caller administers,
/// as a draft, with the reason.
pub async fn reopen(
    state: &AppState,
    caller: Caller,
    edition_id: String,
    id: String,
    reason: String,
) -> Result<Scoresheet, ApiError> {
    caller.require_admin()?;
    let reason = crate::input::reason(&reason, Said::GiveAReason)?;
    let public_url = state.settings.mail.public_url.clone();
    state
        .db
        .write(move |conn| {
            let edition = crate::editions::access::administered(conn, &caller, &edition_id)?;
            edition.phase().require_judging_open()?;
            let loaded = store::load(conn, &id)?;
            if loaded.edition.id != edition.id {
                return Err(not_found());
            }
            let current = store::sheet(conn, &id)?;
            if current.status != "submitted" {
                return Err(ApiError::Conflict(Msg::said("scoresheet-not-submitted")));
            }
            store::reopen(conn, &id, &current, &reason)?;
            tell_judge(conn, &loaded, &reason, &public_url)?;
            let after = store::sheet(conn, &id)?;
            audit::record(
                conn,
                &caller.actor(),
                Change {
                    action: "scoresheet.reopen",
                    object_type: "assignment",
                    object_id: &id,
                    province_code: edition.province_code.as_deref(),
                    before: audit::snapshot(&current),
                    after: audit::snapshot(&after),
                },
            )?;
            Ok(after)
        })
        .await
}

/// Queues the email telling the judge their sheet was reopened, and why.
fn tell_judge(
    conn: &mut DbConnection,
    loaded: &store::Loaded,
    reason: &str,
    public_url: &str,
) -> Result<(), ApiError> {
    use crate::db::schema::users;
    use crate::mail::judging::{self, Judge, Reopened};
    use diesel::prelude::*;
    let (email, name): (String, String) = users::table
        .find(&loaded.judge_user)
        .select((users::email, users::display_name))
        .first(conn)?;
    let (_, _, entrant) = store::entry_facts(conn, &loaded.entry_id)?;
    let entrant =
        crate::judging::worklist::label(loaded.category.blind, &loaded.assignment_id, entrant);
    let message = judging::reopened(&Reopened {
        edition: &loaded.edition,
        category: judging::category_name(&loaded.category.name_id, &loaded.category.name_en),
        stage: judging::stage_name(&loaded.stage_key),
        entrant: &entrant,
        judge: Judge {
            name: &name,
            email: &email,
        },
        reason,
        assignment_id: &loaded.assignment_id,
        public_url,
    });
    crate::mail::enqueue(conn, &[message])?;
    Ok(())
}
