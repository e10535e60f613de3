//! Builds the server: state, middleware, routes. The helpers every handler
//! shares live in [`crate::http`], the state in [`crate::state`].

use std::net::TcpListener;
use std::sync::Arc;

use actix_web::dev::Server;
use actix_web::middleware::{ErrorHandlers, from_fn};
use actix_web::{App, HttpServer, web};
use tracing_actix_web::TracingLogger;

use crate::auth::password::Passwords;
use crate::auth::token::Tokens;
use crate::config::Settings;
use crate::db::{self, Backend, Db};
use crate::http::{
    json_error, path_error, problem_for_bare_errors, query_error, request_id_header,
    security_headers,
};
use crate::regions::import::RegionSource;
use crate::state::AppState;

#[derive(Debug, thiserror::Error)]
pub enum StartupError {
    #[error(transparent)]
    Database(#[from] db::DbSetupError),
    #[error("cannot listen on {address}: {source}")]
    Listen {
        address: String,
        source: std::io::Error,
    },
    #[error("{0}")]
    Other(String),
}
/// The routes under `/api/v1`. A request is matched against the routes in
/// the order they are given here, each path pattern with parameters tried in
/// turn, so the judges' routes come first, in a scope of their own.
pub fn api_v1(cfg: &mut web::ServiceConfig) {
    cfg.service(web::scope("/judging").configure(crate::judging::configure_judges));
    crate::auth::configure(cfg);
    crate::users::configure(cfg);
    crate::regions::configure(cfg);
    crate::organisations::configure(cfg);
    crate::audit::configure(cfg);
    crate::editions::configure(cfg);
    crate::categories::configure(cfg);
    crate::entries::configure(cfg);
    crate::judging::configure(cfg);
    crate::results::configure(cfg);
    crate::mail::configure(cfg);
}

pub struct Application {
    server: Server,
    port: u16,
    backend: Backend,
    /// Sends queued email while the server runs; none without an SMTP server.
    mail: Option<crate::mail::Sender>,
    /// Queues the judges' reminders as deadlines near.
    reminders: std::pin::Pin<Box<dyn std::future::Future<Output = ()> + Send>>,
}

impl Application {
    /// Opens the database, applies migrations, loads regions when the table is
    /// empty, and binds the listener (port 0 picks a free port).
    pub async fn build(settings: Settings) -> Result<Application, StartupError> {
        let state = prepare_state(settings).await?;
        let settings = Arc::clone(&state.settings);
        let backend = Backend::of_url(&settings.database.url);
        // Later scoresheet saves on PostgreSQL go through batches.
        let scoresheet_saves = match backend {
            Backend::Postgres => Some(web::Data::new(
                crate::judging::SaveQueue::start(state.db.pool().clone())
                    .map_err(|e| StartupError::Other(e.to_string()))?,
            )),
            Backend::Sqlite => None,
        };
        let mail = crate::mail::Sender::new(state.db.clone(), &settings.mail)
            .map_err(StartupError::Other)?;
        if mail.is_none() {
            tracing::info!(
                "no SMTP server set (mail.smtp_url): outgoing email is queued, not sent"
            );
        }
        let reminders = Box::pin(crate::reminders::run(
            state.db.clone(),
            settings.reminders.clone(),
            settings.mail.public_url.clone(),
        ));
        let state = web::Data::new(state);
        let address = format!("{}:{}", settings.server.host, settings.server.port);
        let listener = TcpListener::bind(&address).map_err(|source| StartupError::Listen {
            address: address.clone(),
            source,
        })?;
        let port = listener
            .local_addr()
            .map_err(|e| StartupError::Other(e.to_string()))?
            .port();
        let json_limit = settings.server.json_limit;
        let mut server = HttpServer::new(move || {
            let mut app = App::new().app_data(state.clone());
            if let Some(saves) = &scoresheet_saves {
                app = app.app_data(saves.clone());
            }
            app.app_data(crate::input::JsonLimit(json_limit))
                .app_data(
                    web::JsonConfig::default()
                        .limit(json_limit)
                        .error_handler(json_error),
                )
                .app_data(web::QueryConfig::default().error_handler(query_error))
                .app_data(web::PathConfig::default().error_handler(path_error))
                .wrap(from_fn(crate::input::refuse_forbidden_text))
                .wrap(ErrorHandlers::new().default_handler(problem_for_bare_errors))
                .wrap(from_fn(request_id_header))
                .wrap(from_fn(security_headers))
                .wrap(TracingLogger::default())
                .configure(crate::health::configure)
                .configure(crate::openapi::configure)
                .configure(crate::web::configure)
                .service(web::scope("/api/v1").configure(api_v1))
                .default_service(web::to(crate::web::fallback))
        })
        .listen(listener)
        .map_err(|source| StartupError::Listen { address, source })?;
        if settings.server.workers > 0 {
            server = server.workers(settings.server.workers);
        }
        Ok(Application {
            server: server.run(),
            port,
            backend,
            mail,
            reminders,
        })
    }

    pub fn port(&self) -> u16 {
        self.port
    }

    pub fn backend(&self) -> Backend {
        self.backend
    }

    /// Serves, sends queued email and queues reminders, until the server is
    /// stopped.
    pub async fn run_until_stopped(self) -> std::io::Result<()> {
        let sender = self.mail.map(|sender| tokio::spawn(sender.run()));
        let reminders = tokio::spawn(self.reminders);
        let served = self.server.await;
        if let Some(sender) = sender {
            sender.abort();
        }
        reminders.abort();
        served
    }
}

/// Opens the database (applying migrations, and loading the regions when
/// the table is empty) and builds the state every door reaches: the server,
/// and commands that work on the same operations without it (`demo`).
pub async fn prepare_state(settings: Settings) -> Result<AppState, StartupError> {
    let settings = Arc::new(settings);
    let pool = {
        let settings = Arc::clone(&settings);
        tokio::task::spawn_blocking(move || prepare_database(&settings))
            .await
            .map_err(|e| StartupError::Other(e.to_string()))??
    };
    let passwords =
        Passwords::new(&settings.auth).map_err(|e| StartupError::Other(e.to_string()))?;
    Ok(AppState {
        db: Db::new(pool),
        tokens: Arc::new(Tokens::new(&settings.auth)),
        passwords: Arc::new(passwords),
        files: Arc::new(crate::file_store::FolderStore::new(
            settings.files.dir.clone(),
        )),
        session_key: actix_web::cookie::Key::derive_from(
            settings.web.session_key.trim().as_bytes(),
        ),
        fragments: crate::kept::Fragments::default(),
        recent: crate::kept::Recent::default(),
        settings,
    })
}

fn prepare_database(settings: &Settings) -> Result<db::DbPool, StartupError> {
    let pool = db::connect(&settings.database)?;
    let mut conn = pool.get().map_err(|e| db::DbSetupError(e.to_string()))?;
    let applied = db::migrate(&mut conn)?;
    if applied > 0 {
        tracing::info!(applied, "applied database migrations");
    }
    if settings.regions.import_when_empty {
        let count = crate::regions::store::count(&mut conn)
            .map_err(|e| StartupError::Other(e.to_string()))?;
        if count == 0 {
            let source = RegionSource::dir_or_embedded(&settings.regions.dir);
            tracing::info!(%source, "region table is empty: importing regions");
            let imported = crate::regions::import::import_regions(
                &mut conn,
                &source,
                &indicatif::ProgressBar::hidden(),
            );
            match imported {
                Ok(report) => tracing::info!(inserted = report.inserted, "regions imported"),
                Err(error) => {
                    // Another instance starting at the same time may have loaded them.
                    let now_loaded = crate::regions::store::count(&mut conn).unwrap_or(0) > 0;
                    if !now_loaded {
                        return Err(StartupError::Other(format!(
                            "the region table is empty and loading it from {source} failed: {error}"
                        )));
                    }
                    tracing::warn!(%error, "region import at start-up failed, but another instance loaded them");
                }
            }
        }
    }
    Ok(pool)
}
