//! Database work kept off the async runtime: [`Db`] runs reads on the
//! blocking pool, and on SQLite sends writes to one writer thread that
//! commits them in groups, each write in its own savepoint.

use diesel::connection::SimpleConnection;
use diesel::prelude::*;

use super::{Backend, DbConnection, DbPool};
use crate::error::ApiError;

/// Runs database work on the blocking pool, never on the async runtime.
///
/// On SQLite, writes go to one writer thread that commits them in groups:
/// every write waiting when the writer is free runs in its own savepoint
/// inside one transaction, and all are answered after that transaction's
/// single commit (and flush). A write that fails rolls back to its savepoint
/// alone; nobody hears of success before the commit is on disk. SQLite takes
/// one writer at a time anyway; this way one flush serves many saves.
#[derive(Clone)]
pub struct Db {
    pool: DbPool,
    backend: Backend,
    writer: Option<std::sync::mpsc::Sender<Box<dyn WriteJob>>>,
}

/// Most writes committed together.
const GROUP_LIMIT: usize = 64;

/// Tells a write's caller its answer, given the commit's failure if any.
type Answer = Box<dyn FnOnce(Option<&str>) + Send>;

/// One queued write: runs in a savepoint, then hears how the commit went.
trait WriteJob: Send {
    /// Runs the work; answers what to tell its caller once the commit is known.
    fn run(self: Box<Self>, conn: &mut DbConnection) -> Answer;
    /// Answers the caller with an error without running.
    fn fail(self: Box<Self>, error: &str);
}

struct Job<T, F> {
    work: F,
    reply: tokio::sync::oneshot::Sender<Result<T, ApiError>>,
}

impl<T, F> WriteJob for Job<T, F>
where
    F: FnOnce(&mut DbConnection) -> Result<T, ApiError> + Send + 'static,
    T: Send + 'static,
{
    fn run(self: Box<Self>, conn: &mut DbConnection) -> Answer {
        let Job { work, reply } = *self;
        let result = isolated(conn, work);
        Box::new(move |commit_failed: Option<&str>| {
            let answer = match commit_failed {
                Some(error) => Err(ApiError::Internal(format!("commit failed: {error}"))),
                None => result,
            };
            let _ = reply.send(answer);
        })
    }

    fn fail(self: Box<Self>, error: &str) {
        let _ = self
            .reply
            .send(Err(ApiError::Internal(format!("write not run: {error}"))));
    }
}

/// Runs one write in its own savepoint, so that neither its error nor its
/// panic touches the other writes of the group: either is rolled back to the
/// savepoint and answered to this write's caller alone. Only when the
/// rollback itself fails is the group's transaction unusable, and the panic
/// goes on to fail the group.
fn isolated<T, F>(conn: &mut DbConnection, work: F) -> Result<T, ApiError>
where
    F: FnOnce(&mut DbConnection) -> Result<T, ApiError>,
{
    use diesel::connection::TransactionManager;
    type Manager = <DbConnection as Connection>::TransactionManager;
    let depth = |conn: &mut DbConnection| {
        Manager::transaction_manager_status_mut(conn)
            .transaction_depth()
            .map(|depth| depth.map_or(0, u32::from))
    };
    let outer = depth(conn)?;
    Manager::begin_transaction(conn)?;
    match std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| work(conn))) {
        Ok(Ok(value)) => {
            Manager::commit_transaction(conn)?;
            Ok(value)
        }
        Ok(Err(error)) => match Manager::rollback_transaction(conn) {
            Ok(()) | Err(diesel::result::Error::BrokenTransactionManager) => Err(error),
            Err(rollback) => Err(rollback.into()),
        },
        Err(panic) => {
            // The panic may have left savepoints of its own open: roll back
            // every one down to the group's transaction.
            let mut unwound = true;
            while unwound && depth(conn).is_ok_and(|d| d > outer) {
                unwound = Manager::rollback_transaction(conn).is_ok();
            }
            if !unwound || depth(conn).ok() != Some(outer) {
                std::panic::resume_unwind(panic);
            }
            tracing::error!(
                panic = panic_message(&panic),
                "a write panicked; rolled back alone"
            );
            Err(ApiError::Internal("the write failed unexpectedly".into()))
        }
    }
}

/// What a panic said, when it said it as text.
fn panic_message(panic: &(dyn std::any::Any + Send)) -> &str {
    panic
        .downcast_ref::<&str>()
        .copied()
        .or_else(|| panic.downcast_ref::<String>().map(String::as_str))
        .unwrap_or("(no message)")
}

/// The SQLite writer: takes the next write, gathers every other one already
/// waiting, runs them in one transaction, commits, answers.
fn sqlite_writer(pool: DbPool, jobs: std::sync::mpsc::Receiver<Box<dyn WriteJob>>) {
    while let Ok(first) = jobs.recv() {
        let mut group = vec![first];
        while group.len() < GROUP_LIMIT {
            match jobs.try_recv() {
                Ok(job) => group.push(job),
                Err(_) => break,
            }
        }
        let mut conn = match pool.get() {
            Ok(conn) => conn,
            Err(e) => {
                let error = e.to_string();
                group.into_iter().for_each(|job| job.fail(&error));
                continue;
            }
        };
        let mut answers = Vec::with_capacity(group.len());
        let mut pending = group.into_iter();
        let outcome = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
            write_transaction(&mut conn, |conn| {
                for job in pending.by_ref() {
                    answers.push(job.run(conn));
                }
                Ok(())
            })
        }));
        let failure = match outcome {
            Ok(Ok(())) => None,
            Ok(Err(e)) => Some(e.to_string()),
            // A write panicked mid-transaction; the pool discards a
            // connection left inside a transaction when it comes back.
            Err(_) => Some("a write panicked; the whole group was rolled back".to_owned()),
        };
        for answer in answers {
            answer(failure.as_deref());
        }
        for job in pending {
            job.fail(failure.as_deref().unwrap_or("not run"));
        }
    }
}

impl Db {
    pub fn new(pool: DbPool) -> Db {
        let sqlite = pool
            .get()
            .map(|conn| matches!(*conn, DbConnection::Sqlite(_)))
            .unwrap_or(false);
        let writer = sqlite.then(|| {
            let (sender, jobs) = std::sync::mpsc::channel();
            let pool = pool.clone();
            std::thread::Builder::new()
                .name("sqlite-writer".into())
                .spawn(move || sqlite_writer(pool, jobs))
                .map(|_| sender)
        });
        Db {
            pool,
            backend: if sqlite {
                Backend::Sqlite
            } else {
                Backend::Postgres
            },
            writer: writer.and_then(Result::ok),
        }
    }

    pub fn pool(&self) -> &DbPool {
        &self.pool
    }

    pub fn backend(&self) -> Backend {
        self.backend
    }

    /// Runs `work` with a pooled connection on a blocking thread.
    pub async fn run<T, F>(&self, work: F) -> Result<T, ApiError>
    where
        F: FnOnce(&mut DbConnection) -> Result<T, ApiError> + Send + 'static,
        T: Send + 'static,
    {
        let pool = self.pool.clone();
        actix_web::web::block(move || {
            let mut conn = pool.get()?;
            work(&mut conn)
        })
        .await?
    }

    /// Runs `work` inside a write transaction; answers once it is committed.
    pub async fn write<T, F>(&self, work: F) -> Result<T, ApiError>
    where
        F: FnOnce(&mut DbConnection) -> Result<T, ApiError> + Send + 'static,
        T: Send + 'static,
    {
        match &self.writer {
            Some(writer) => {
                let (reply, answer) = tokio::sync::oneshot::channel();
                writer
                    .send(Box::new(Job { work, reply }))
                    .map_err(|_| ApiError::Internal("the database writer stopped".into()))?;
                answer
                    .await
                    .map_err(|_| ApiError::Internal("the database writer stopped".into()))?
            }
            None => self.run(move |conn| write_transaction(conn, work)).await,
        }
    }

    /// Reads and checks, then writes what the check passed on, answering once
    /// the write is committed. A failed check writes nothing.
    ///
    /// On SQLite both run as one job of the writer: its connection made the
    /// latest changes itself, so its page cache stays warm, where a pooled
    /// reader would re-read every page it needs after each commit; and the
    /// hand-over to a blocking thread is saved. On PostgreSQL the check runs
    /// before the write transaction on the same connection, in one trip to
    /// the blocking pool, so the write must re-check what could change in
    /// between (a version, a status).
    pub async fn check_then_write<C, T, F, W>(&self, check: F, write: W) -> Result<T, ApiError>
    where
        F: FnOnce(&mut DbConnection) -> Result<C, ApiError> + Send + 'static,
        W: FnOnce(&mut DbConnection, C) -> Result<T, ApiError> + Send + 'static,
        C: Send + 'static,
        T: Send + 'static,
    {
        match &self.writer {
            Some(_) => {
                self.write(move |conn| {
                    let checked = check(conn)?;
                    write(conn, checked)
                })
                .await
            }
            None => {
                self.run(move |conn| {
                    let checked = check(conn)?;
                    write_transaction(conn, move |conn| write(conn, checked))
                })
                .await
            }
        }
    }
}

/// A transaction that will write. On SQLite the first statement takes the
/// write lock, so a transaction never has to upgrade a read snapshot to a
/// write (which SQLite refuses with SQLITE_BUSY instead of waiting).
pub fn write_transaction<T, F>(conn: &mut DbConnection, work: F) -> Result<T, ApiError>
where
    F: FnOnce(&mut DbConnection) -> Result<T, ApiError>,
{
    conn.transaction(|conn| {
        if let DbConnection::Sqlite(sqlite) = conn {
            sqlite.batch_execute("UPDATE write_lock SET generation = generation + 1")?;
        }
        work(conn)
    })
}
