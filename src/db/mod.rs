//! The database: one connection type over SQLite and PostgreSQL, a pool, the
//! embedded migrations, and the helpers that keep diesel off the async runtime.

pub mod schema;
mod writer;

pub use writer::{Db, write_transaction};

use std::time::Duration;

use diesel::connection::SimpleConnection;
use diesel::prelude::*;
use diesel::r2d2::{ConnectionManager, CustomizeConnection, Pool, PooledConnection};
use diesel_migrations::{EmbeddedMigrations, MigrationHarness, embed_migrations};

use crate::config::DatabaseSettings;

const SQLITE_MIGRATIONS: EmbeddedMigrations = embed_migrations!("migrations/sqlite");
const POSTGRES_MIGRATIONS: EmbeddedMigrations = embed_migrations!("migrations/postgres");

/// A connection to either database; the URL decides which.
#[derive(diesel::MultiConnection)]
pub enum DbConnection {
    Postgres(diesel::PgConnection),
    Sqlite(diesel::SqliteConnection),
}

/// Runs `$body` with `$inner` bound to the backend's own connection.
///
/// Through [`DbConnection`] every query is rebuilt as SQL text on each run,
/// only to find its prepared statement by that text. On the backend's own
/// connection a query whose shape is fixed finds its statement by type, with
/// no SQL built at all. For the busiest statements that walk was a quarter of
/// the SQLite writer's time.
#[macro_export]
macro_rules! on_backend {
    ($conn:expr, |$inner:ident| $body:expr) => {
        match $conn {
            $crate::db::DbConnection::Sqlite($inner) => $body,
            $crate::db::DbConnection::Postgres($inner) => $body,
        }
    };
}

pub type DbPool = Pool<ConnectionManager<DbConnection>>;
pub type PooledDb = PooledConnection<ConnectionManager<DbConnection>>;

/// Which database a URL names.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Backend {
    Postgres,
    Sqlite,
}

impl Backend {
    pub fn of_url(url: &str) -> Backend {
        if url.starts_with("postgres://") || url.starts_with("postgresql://") {
            Backend::Postgres
        } else {
            Backend::Sqlite
        }
    }
}

/// Turns `sqlite://path` or a plain path into what SQLite opens, creating
/// the parent folder so a fresh checkout just works.
fn sqlite_path(url: &str) -> Result<String, DbSetupError> {
    let path = url.strip_prefix("sqlite://").unwrap_or(url);
    if path != ":memory:"
        && let Some(parent) = std::path::Path::new(path).parent()
        && !parent.as_os_str().is_empty()
    {
        std::fs::create_dir_all(parent)
            .map_err(|e| DbSetupError(format!("cannot create folder {}: {e}", parent.display())))?;
    }
    Ok(path.to_owned())
}

#[derive(Debug, thiserror::Error)]
#[error("database: {0}")]
pub struct DbSetupError(pub String);

#[derive(Debug)]
struct SqlitePragmas {
    busy_timeout_ms: u32,
}

impl CustomizeConnection<DbConnection, diesel::r2d2::Error> for SqlitePragmas {
    fn on_acquire(&self, conn: &mut DbConnection) -> Result<(), diesel::r2d2::Error> {
        if let DbConnection::Sqlite(sqlite) = conn {
            // busy_timeout first, so that switching to WAL waits for other openers.
            // The writer checkpoints every 10,000 pages of log (about 40 MiB)
            // rather than 1,000: a busy page rewritten many times is copied
            // to the database once per checkpoint, not once per 1,000 frames.
            sqlite
                .batch_execute(&format!(
                    "PRAGMA busy_timeout = {}; PRAGMA journal_mode = WAL; PRAGMA synchronous = FULL; \
                     PRAGMA foreign_keys = ON; PRAGMA wal_autocheckpoint = 10000;",
                    self.busy_timeout_ms
                ))
                .map_err(diesel::r2d2::Error::QueryError)?;
        }
        Ok(())
    }
}

/// Opens the pool. Does not run migrations: see [`migrate`].
pub fn connect(settings: &DatabaseSettings) -> Result<DbPool, DbSetupError> {
    let backend = Backend::of_url(&settings.url);
    let url = match backend {
        Backend::Postgres => settings.url.clone(),
        Backend::Sqlite => sqlite_path(&settings.url)?,
    };
    let manager = ConnectionManager::<DbConnection>::new(url);
    Pool::builder()
        .max_size(settings.pool_size)
        .connection_timeout(Duration::from_secs(10))
        // A PostgreSQL connection can die with its server and is tested
        // before use; a SQLite file cannot, and the test cost a query per use.
        .test_on_check_out(backend == Backend::Postgres)
        .connection_customizer(Box::new(SqlitePragmas {
            busy_timeout_ms: settings.busy_timeout_ms,
        }))
        .build(manager)
        .map_err(|e| DbSetupError(format!("cannot open {}: {e}", redact(&settings.url))))
}

/// The URL without its password, for messages and logs.
pub fn redact(url: &str) -> String {
    match (url.find("://"), url.rfind('@')) {
        (Some(scheme_end), Some(at)) if at > scheme_end => {
            let credentials = &url[scheme_end + 3..at];
            let user = credentials.split(':').next().unwrap_or_default();
            format!("{}://{}:***@{}", &url[..scheme_end], user, &url[at + 1..])
        }
        _ => url.to_owned(),
    }
}

/// A PostgreSQL URL naming another database on the same server, keeping
/// its host, credentials and parameters (`?sslmode=...`): how the tests and
/// benchmarks reach the scratch databases they create.
pub fn with_database(url: &str, name: &str) -> String {
    let (base, query) = match url.split_once('?') {
        Some((base, query)) => (base, Some(query)),
        None => (url, None),
    };
    let authority = base.find("://").map_or(0, |i| i + 3);
    let path = base[authority..]
        .find('/')
        .map_or(base.len(), |i| authority + i);
    let mut out = format!("{}/{name}", &base[..path]);
    if let Some(query) = query {
        out.push('?');
        out.push_str(query);
    }
    out
}

/// Applies the migrations this binary carries; returns how many ran.
pub fn migrate(conn: &mut DbConnection) -> Result<usize, DbSetupError> {
    let applied = match conn {
        DbConnection::Postgres(pg) => pg
            .run_pending_migrations(POSTGRES_MIGRATIONS)
            .map(|v| v.len()),
        DbConnection::Sqlite(sqlite) => sqlite
            .run_pending_migrations(SQLITE_MIGRATIONS)
            .map(|v| v.len()),
    };
    applied.map_err(|e| DbSetupError(format!("migration failed: {e}")))
}

/// True when the database answers a trivial query.
pub fn ping(conn: &mut DbConnection) -> bool {
    diesel::sql_query("SELECT 1").execute(conn).is_ok()
}

/// Current time as stored: UTC, microsecond precision (PostgreSQL keeps
/// microseconds, so equal values compare equal on both backends).
pub fn now() -> chrono::NaiveDateTime {
    let now = chrono::Utc::now().naive_utc();
    chrono::DurationRound::duration_trunc(now, chrono::TimeDelta::microseconds(1)).unwrap_or(now)
}

/// Records the statements a connection prepares into its cache, for tests
/// that a busy statement stays prepared.
#[cfg(test)]
#[derive(Default, Clone)]
pub(crate) struct Prepares(std::sync::Arc<std::sync::Mutex<Vec<String>>>);

#[cfg(test)]
impl Prepares {
    pub(crate) fn watch(conn: &mut DbConnection) -> Prepares {
        use diesel::connection::Connection;
        let prepares = Prepares::default();
        conn.set_instrumentation(prepares.clone());
        prepares
    }

    pub(crate) fn statements(&self) -> Vec<String> {
        self.0.lock().map(|s| s.clone()).unwrap_or_default()
    }
}

#[cfg(test)]
impl diesel::connection::Instrumentation for Prepares {
    fn on_connection_event(&mut self, event: diesel::connection::InstrumentationEvent<'_>) {
        if let diesel::connection::InstrumentationEvent::CacheQuery { sql, .. } = event
            && let Ok(mut statements) = self.0.lock()
        {
            statements.push(sql.to_owned());
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::error::ApiError;

    /// A fresh SQLite database with a `probe (n)` table, its pool, and the
    /// writer over it; the folder lives as long as the first value.
    fn probe_database() -> (tempfile::TempDir, DbPool, Db) {
        let dir = tempfile::tempdir().expect("folder");
        let pool = connect(&DatabaseSettings {
            url: dir.path().join("probe.sqlite3").display().to_string(),
            pool_size: 4,
            busy_timeout_ms: 5000,
        })
        .expect("database");
        {
            let mut conn = pool.get().expect("connection");
            migrate(&mut conn).expect("migrations");
            conn.batch_execute("CREATE TABLE probe (n INTEGER NOT NULL)")
                .expect("table");
        }
        let db = Db::new(pool.clone());
        (dir, pool, db)
    }

    #[derive(QueryableByName)]
    struct Count {
        #[diesel(sql_type = diesel::sql_types::BigInt)]
        n: i64,
    }

    /// Many writes at once on SQLite: those that fail leave nothing behind,
    /// those that succeed are all there, whatever group they were committed in.
    #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
    async fn grouped_writes_keep_each_writes_outcome_apart() {
        let (_dir, pool, db) = probe_database();
        let writes = (0..200).map(|n: i32| {
            let db = db.clone();
            tokio::spawn(async move {
                db.write(move |conn| {
                    diesel::sql_query(format!("INSERT INTO probe (n) VALUES ({n})"))
                        .execute(conn)?;
                    if n % 3 == 0 {
                        return Err(ApiError::Internal("refused".into()));
                    }
                    Ok(n)
                })
                .await
            })
        });
        let mut succeeded = 0;
        for write in writes.collect::<Vec<_>>() {
            if write.await.expect("task").is_ok() {
                succeeded += 1;
            }
        }
        let mut conn = pool.get().expect("connection");
        let stored: Count = diesel::sql_query("SELECT COUNT(*) AS n FROM probe")
            .get_result(&mut conn)
            .expect("count");
        let refused: Count = diesel::sql_query("SELECT COUNT(*) AS n FROM probe WHERE n % 3 = 0")
            .get_result(&mut conn)
            .expect("count");
        assert_eq!(succeeded, 133);
        assert_eq!(stored.n, 133, "every success is stored");
        assert_eq!(refused.n, 0, "no failed write left a row");
    }

    /// A write that panics (deep inside, with savepoints of its own open)
    /// fails alone: the writes committed in its group are all answered with
    /// success and all stored, and the panicking ones leave nothing behind.
    #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
    async fn a_panicking_write_fails_alone() {
        let (_dir, pool, db) = probe_database();
        let writes = (0..200).map(|n: i32| {
            let db = db.clone();
            tokio::spawn(async move {
                db.write(move |conn| {
                    diesel::sql_query(format!("INSERT INTO probe (n) VALUES ({n})"))
                        .execute(conn)?;
                    conn.transaction(|conn| {
                        diesel::sql_query(format!("INSERT INTO probe (n) VALUES ({n})"))
                            .execute(conn)?;
                        if n % 4 == 0 {
                            let hostile = rust_decimal::Decimal::MIN;
                            let _ = hostile - rust_decimal::Decimal::ONE;
                        }
                        Ok::<_, ApiError>(())
                    })?;
                    Ok(n)
                })
                .await
            })
        });
        let mut answers = Vec::new();
        for write in writes.collect::<Vec<_>>() {
            answers.push(write.await.expect("task"));
        }
        let failed: Vec<usize> = (0..200).filter(|n| answers[*n].is_err()).collect();
        assert_eq!(failed, (0..200).step_by(4).collect::<Vec<_>>());
        let mut conn = pool.get().expect("connection");
        let stored: Count = diesel::sql_query("SELECT COUNT(*) AS n FROM probe")
            .get_result(&mut conn)
            .expect("count");
        let panicked: Count = diesel::sql_query("SELECT COUNT(*) AS n FROM probe WHERE n % 4 = 0")
            .get_result(&mut conn)
            .expect("count");
        assert_eq!(stored.n, 300, "two rows for each of the 150 writes");
        assert_eq!(panicked.n, 0, "no panicking write left a row");
    }

    /// Audit records are written on every change: their insert is one
    /// statement the connection keeps prepared, whichever values are absent.
    #[test]
    fn the_audit_insert_is_prepared_once() {
        use diesel::connection::Connection;
        let mut conn = DbConnection::establish(":memory:").expect("database");
        migrate(&mut conn).expect("migrations");
        let prepares = Prepares::watch(&mut conn);
        for (n, actor) in [
            crate::audit::Actor::default(),
            crate::audit::Actor {
                user_id: Some("u".into()),
                email: Some("u@example.id".into()),
                request_id: Some("r".into()),
            },
            crate::audit::Actor::default(),
        ]
        .iter()
        .enumerate()
        {
            crate::audit::record(
                &mut conn,
                actor,
                crate::audit::Change {
                    action: "probe.write",
                    object_type: "probe",
                    object_id: &n.to_string(),
                    province_code: (n == 1).then_some("33"),
                    before: None,
                    after: Some(serde_json::json!({"n": n})),
                },
            )
            .expect("record");
        }
        let cached = prepares.statements();
        assert_eq!(cached.len(), 1, "{cached:?}");
        assert!(cached[0].starts_with("INSERT"), "{cached:?}");
    }

    #[test]
    fn url_decides_the_backend() {
        assert_eq!(Backend::of_url("postgres://u@h/db"), Backend::Postgres);
        assert_eq!(Backend::of_url("postgresql://u@h/db"), Backend::Postgres);
        assert_eq!(Backend::of_url("sqlite://data/x.sqlite3"), Backend::Sqlite);
        assert_eq!(Backend::of_url("data/x.sqlite3"), Backend::Sqlite);
    }

    #[test]
    fn with_database_keeps_host_and_parameters() {
        assert_eq!(
            with_database("postgres://postgres@127.0.0.1:5432/postgres", "t1"),
            "postgres://postgres@127.0.0.1:5432/t1"
        );
        assert_eq!(
            with_database("postgres://u:p@db/main?sslmode=disable", "t2"),
            "postgres://u:p@db/t2?sslmode=disable"
        );
        assert_eq!(
            with_database("postgres://u@%2Fvar%2Frun%2Fpostgresql", "t3"),
            "postgres://u@%2Fvar%2Frun%2Fpostgresql/t3"
        );
    }

    #[test]
    fn redact_hides_the_password() {
        assert_eq!(
            redact("postgres://app:s3cret@db:5432/p"),
            "postgres://app:***@db:5432/p"
        );
        assert_eq!(redact("data/p.sqlite3"), "data/p.sqlite3");
    }
}
