//! Later scoresheet saves on PostgreSQL, checked and written in batches.
//!
//! Saved one by one, every save cost PostgreSQL a read and a write of its
//! own, each with a round trip, an executor start-up and (for the write) a
//! commit; at the rate judges save, that overhead, not the work itself, was
//! most of what PostgreSQL spent. The saves waiting for a batcher are now
//! read in one statement and written in one: every
//! version-checked update and its audit record, atomic as one statement.
//! Each caller is answered once that statement has committed, with the same
//! outcome a save on its own would have had.
//!
//! The first save of a sheet (which inserts it) and every save on SQLite,
//! whose writer already commits in groups, take the single path.

use std::collections::{HashMap, HashSet};

use diesel::prelude::*;

use super::save_check::{Checked, SaveRequest, check_save};
use super::save_statements::{BatchRead, BatchReadRow, BatchSave};
use super::scoresheet::Scoresheet;
use super::store::SaveContext;
use crate::auth::Standing;
use crate::db::{DbConnection, DbPool, PooledDb, now};
use crate::error::ApiError;

/// Most saves read and written together.
const BATCH_LIMIT: usize = 64;

type Reply = tokio::sync::oneshot::Sender<Result<Scoresheet, ApiError>>;

struct Pending {
    request: SaveRequest,
    reply: Reply,
}

/// Batcher threads: while one waits on PostgreSQL (a commit's flush above
/// all), another gathers and sends the next batch.
const BATCHERS: usize = 2;

/// Hands later saves to the batcher threads. A sheet always goes to the same
/// batcher, so two batches written at once never touch the same sheet and
/// never wait on each other's row locks.
pub struct SaveQueue {
    batchers: Vec<std::sync::mpsc::Sender<Pending>>,
}

impl SaveQueue {
    /// Starts the batcher threads, which take their connections from `pool`.
    pub fn start(pool: DbPool) -> std::io::Result<SaveQueue> {
        let mut batchers = Vec::with_capacity(BATCHERS);
        for n in 0..BATCHERS {
            let (sender, queue) = std::sync::mpsc::channel();
            let pool = pool.clone();
            std::thread::Builder::new()
                .name(format!("scoresheet-saves-{n}"))
                .spawn(move || run(pool, queue))?;
            batchers.push(sender);
        }
        Ok(SaveQueue { batchers })
    }

    /// Saves with the next batch; answers once it is committed.
    pub(super) async fn save(&self, request: SaveRequest) -> Result<Scoresheet, ApiError> {
        use std::hash::{BuildHasher, BuildHasherDefault, DefaultHasher};
        let stopped = || ApiError::Internal("the scoresheet batcher stopped".into());
        let hash = BuildHasherDefault::<DefaultHasher>::default().hash_one(&request.id);
        let batcher = &self.batchers[(hash % self.batchers.len() as u64) as usize];
        let (reply, answer) = tokio::sync::oneshot::channel();
        batcher
            .send(Pending { request, reply })
            .map_err(|_| stopped())?;
        answer.await.map_err(|_| stopped())?
    }
}

/// Takes every save waiting, up to the limit, and saves them as one batch.
/// A second save of a sheet already in the batch waits for the next one, so
/// it is checked against the first one's outcome.
///
/// The batcher keeps its connection between batches (saving the pool's
/// check-out test, a round trip per batch) until a batch meets a database
/// error, when it takes a fresh one.
fn run(pool: DbPool, queue: std::sync::mpsc::Receiver<Pending>) {
    let mut held_back: Vec<Pending> = Vec::new();
    let mut kept: Option<PooledDb> = None;
    loop {
        let mut waiting = std::mem::take(&mut held_back);
        if waiting.is_empty() {
            match queue.recv() {
                Ok(pending) => waiting.push(pending),
                Err(_) => return,
            }
        }
        while waiting.len() < BATCH_LIMIT {
            match queue.try_recv() {
                Ok(pending) => waiting.push(pending),
                Err(_) => break,
            }
        }
        let mut ids = HashSet::new();
        let (batch, later): (Vec<_>, Vec<_>) = waiting
            .into_iter()
            .partition(|pending| ids.insert(pending.request.id.clone()));
        held_back = later;
        // A panic drops the batch's replies, which tells each caller the save
        // failed; the batcher goes on with a fresh connection.
        let outcome = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
            save_batch(&pool, kept.take(), batch)
        }));
        kept = outcome.ok().flatten();
    }
}

/// Checks and writes one batch of saves of distinct sheets, answering each.
/// Answers the connection to keep, none when the database failed.
///
/// A kept connection may have died with its server since the last batch.
/// The batch's first statement only reads, so when it fails on a kept
/// connection it is tried once more on a fresh one from the pool.
fn save_batch(pool: &DbPool, kept: Option<PooledDb>, batch: Vec<Pending>) -> Option<PooledDb> {
    let at = now();
    let was_kept = kept.is_some();
    let read = |conn: Option<PooledDb>| -> Result<_, ApiError> {
        let mut conn = match conn {
            Some(conn) => conn,
            None => pool.get()?,
        };
        let contexts = read_contexts(&mut conn, &batch)?;
        Ok((conn, contexts))
    };
    let mut outcome = read(kept);
    if outcome.is_err() && was_kept {
        outcome = read(None);
    }
    let (mut pooled, mut contexts) = match outcome {
        Ok(read) => read,
        Err(e) => {
            let error = e.to_string();
            for pending in batch {
                let _ = pending.reply.send(Err(ApiError::Internal(error.clone())));
            }
            return None;
        }
    };
    let conn: &mut DbConnection = &mut pooled;
    let mut passed: Vec<(Checked, Reply)> = Vec::with_capacity(batch.len());
    for Pending { request, reply } in batch {
        let context = contexts.remove(&request.id);
        // A check that panics fails its own save, not the batch's.
        let checked = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
            check_save(conn, request, context, at)
        }))
        .unwrap_or_else(|_| Err(ApiError::Internal("the save check failed".into())));
        match checked {
            Ok(checked) => passed.push((checked, reply)),
            Err(refused) => {
                let _ = reply.send(Err(refused));
            }
        }
    }
    if passed.is_empty() {
        return Some(pooled);
    }
    let mut write = BatchSave {
        updated_at: at,
        ..BatchSave::default()
    };
    for (checked, _) in &passed {
        let Checked {
            actor,
            province_code,
            current,
            saved,
            assignment_id,
            action,
        } = checked;
        write.assignment_ids.push(assignment_id.clone());
        write.versions.push(current.version);
        write.statuses.push(saved.status.clone());
        write
            .scores_json
            .push(serde_json::to_string(&saved.scores).unwrap_or_else(|_| "{}".into()));
        write.submitted_at.push(saved.submitted_at);
        write.actor_ids.push(actor.user_id.clone());
        write.actor_emails.push(actor.email.clone());
        write.actions.push((*action).to_owned());
        write.province_codes.push(province_code.clone());
        // Written as the single save's audit record writes them (through a
        // JSON value, keys sorted), so the log reads the same either way.
        let snapshot = |value| crate::audit::snapshot(value).map(|v| v.to_string());
        write.before_json.push(snapshot(current));
        write.after_json.push(snapshot(saved));
        write.request_ids.push(actor.request_id.clone());
    }
    let written = match conn {
        DbConnection::Postgres(pg) => write.load::<String>(pg).map_err(ApiError::from),
        DbConnection::Sqlite(_) => Err(ApiError::Internal(
            "scoresheet batches are for PostgreSQL".into(),
        )),
    };
    match written {
        Ok(ids) => {
            let written: HashSet<String> = ids.into_iter().collect();
            for (checked, reply) in passed {
                let _ = reply.send(if written.contains(&checked.assignment_id) {
                    Ok(checked.saved)
                } else {
                    // It moved on (another version, submitted) or the
                    // assignment ended since the read.
                    Err(ApiError::stale_version())
                });
            }
            Some(pooled)
        }
        Err(e) => {
            let error = e.to_string();
            for (_, reply) in passed {
                let _ = reply.send(Err(ApiError::Internal(error.clone())));
            }
            None
        }
    }
}

/// Everything the batch's saves check, by assignment id: the batched form of
/// the single save's read, in one statement. The token's standing is read
/// for the assignment's judge, which is the same wherever the caller is the
/// judge (and a caller who is not is refused before standing counts).
fn read_contexts(
    conn: &mut DbConnection,
    batch: &[Pending],
) -> Result<HashMap<String, SaveContext>, ApiError> {
    let DbConnection::Postgres(pg) = conn else {
        return Err(ApiError::Internal(
            "scoresheet batches are for PostgreSQL".into(),
        ));
    };
    let read = BatchRead {
        assignment_ids: batch.iter().map(|p| p.request.id.as_str()).collect(),
        token_ids: batch
            .iter()
            .map(|p| p.request.signed_in.token_id())
            .collect(),
        token_generations: batch
            .iter()
            .map(|p| p.request.signed_in.generation())
            .collect(),
    };
    let rows: Vec<BatchReadRow> = read.load(pg)?;
    Ok(rows
        .into_iter()
        .map(
            |(id, assignment, (active, holds_role, revoked), edition, sheet, rubric)| {
                let standing = Standing {
                    active,
                    revoked,
                    holds_role,
                };
                let context = SaveContext::new(assignment, standing, edition, sheet, rubric);
                (id, context)
            },
        )
        .collect())
}
