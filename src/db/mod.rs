//! The database: one connection type over SQLite and PostgreSQL, a pool, the
//! embedded migrations, and the helpers that keep diesel off the async runtime.

pub mod schema;

use std::time::Duration;

use diesel::connection::SimpleConnection;
use diesel::prelude::*;
use diesel::r2d2::{ConnectionManager, CustomizeConnection, Pool, PooledConnection};
use diesel_migrations::{EmbeddedMigrations, MigrationHarness, embed_migrations};

use crate::config::DatabaseSettings;
use crate::error::ApiError;

const SQLITE_MIGRATIONS: EmbeddedMigrations = embed_migrations!("migrations/sqlite");
const POSTGRES_MIGRATIONS: EmbeddedMigrations = embed_migrations!("migrations/postgres");

/// A connection to either database; the URL decides which.
#[derive(diesel::MultiConnection)]
pub enum DbConnection {
    Postgres(diesel::PgConnection),
    Sqlite(diesel::SqliteConnection),
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
            sqlite
                .batch_execute(&format!(
                    "PRAGMA busy_timeout = {}; PRAGMA journal_mode = WAL; PRAGMA synchronous = FULL; \
                     PRAGMA foreign_keys = ON;",
                    self.busy_timeout_ms
                ))
                .map_err(diesel::r2d2::Error::QueryError)?;
        }
        Ok(())
    }
}

/// Opens the pool. Does not run migrations: see [`migrate`].
pub fn connect(settings: &DatabaseSettings) -> Result<DbPool, DbSetupError> {
    let url = match Backend::of_url(&settings.url) {
        Backend::Postgres => settings.url.clone(),
        Backend::Sqlite => sqlite_path(&settings.url)?,
    };
    let manager = ConnectionManager::<DbConnection>::new(url);
    Pool::builder()
        .max_size(settings.pool_size)
        .connection_timeout(Duration::from_secs(10))
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

/// Runs database work on the blocking pool, never on the async runtime.
#[derive(Clone)]
pub struct Db {
    pool: DbPool,
}

impl Db {
    pub fn new(pool: DbPool) -> Db {
        Db { pool }
    }

    pub fn pool(&self) -> &DbPool {
        &self.pool
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

    /// Runs `work` inside one write transaction on a blocking thread.
    pub async fn write<T, F>(&self, work: F) -> Result<T, ApiError>
    where
        F: FnOnce(&mut DbConnection) -> Result<T, ApiError> + Send + 'static,
        T: Send + 'static,
    {
        self.run(move |conn| write_transaction(conn, work)).await
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn url_decides_the_backend() {
        assert_eq!(Backend::of_url("postgres://u@h/db"), Backend::Postgres);
        assert_eq!(Backend::of_url("postgresql://u@h/db"), Backend::Postgres);
        assert_eq!(Backend::of_url("sqlite://data/x.sqlite3"), Backend::Sqlite);
        assert_eq!(Backend::of_url("data/x.sqlite3"), Backend::Sqlite);
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
