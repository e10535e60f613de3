//! What every handler and page can reach: the database, the settings, the
//! password and token services, the file store, the rendered page parts
//! kept in memory. Below every domain: the domains import it, and only
//! `app.rs` builds it.

use std::sync::Arc;

use crate::auth::password::Passwords;
use crate::auth::token::Tokens;
use crate::config::Settings;
use crate::db::Db;

/// What every handler can reach.
pub struct AppState {
    pub db: Db,
    pub settings: Arc<Settings>,
    pub passwords: Arc<Passwords>,
    pub tokens: Arc<Tokens>,
    pub files: Arc<dyn crate::file_store::FileStore>,
    /// Encrypts the pages' session cookie and signs their CSRF tokens.
    pub session_key: actix_web::cookie::Key,
    /// Rendered page parts kept for the next reader.
    pub fragments: crate::kept::Fragments,
    /// Small reads kept for a second, for pages read by many at once.
    pub recent: crate::kept::Recent,
}
