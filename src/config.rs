//! Settings: built-in defaults (`config/default.toml`, compiled in), then
//! `config/default.toml` and `config/<PARITRANA_ENV>.toml` from disk when
//! present, then `PARITRANA__SECTION__KEY` environment variables.

use std::path::PathBuf;

use figment::{
    Figment,
    providers::{Env, Format, Toml},
};
use serde::Deserialize;

const BUILT_IN: &str = include_str!("../config/default.toml");
const DEVELOPMENT_SECRET: &str = "development-only-secret-change-me";
const DEVELOPMENT_SESSION_KEY: &str = "development-only-session-key-change-me-0123456789";

#[derive(Debug, Clone, Deserialize)]
pub struct Settings {
    pub server: ServerSettings,
    pub database: DatabaseSettings,
    pub auth: AuthSettings,
    pub regions: RegionSettings,
    pub files: FileSettings,
    pub log: LogSettings,
    pub mail: MailSettings,
    pub reminders: ReminderSettings,
    pub web: WebSettings,
    /// Which settings file set was read: development, test or production.
    #[serde(skip)]
    pub environment: Environment,
}

#[derive(Debug, Clone, Deserialize)]
pub struct ServerSettings {
    pub host: String,
    pub port: u16,
    pub workers: usize,
    pub json_limit: usize,
    pub trust_forwarded_for: bool,
}

#[derive(Debug, Clone, Deserialize)]
pub struct DatabaseSettings {
    pub url: String,
    pub pool_size: u32,
    pub busy_timeout_ms: u32,
}

#[derive(Debug, Clone, Deserialize)]
pub struct AuthSettings {
    pub token_secret: String,
    pub token_ttl_seconds: u64,
    pub issuer: String,
    pub audience: String,
    pub argon2_memory_kib: u32,
    pub argon2_iterations: u32,
    pub argon2_parallelism: u32,
    /// Failed sign-ins to one account from one address inside the window.
    pub max_failures_per_account_and_address: u32,
    /// Failed sign-ins from one address, to any accounts, inside the window.
    pub max_failures_per_address: u32,
    /// Failed sign-ins to one account from anywhere that lock the account.
    pub max_failures_per_account: u32,
    pub failure_window_seconds: u64,
    /// The first lock of an account; each next one lasts twice as long (at most a day).
    pub account_lock_seconds: u64,
}

#[derive(Debug, Clone, Deserialize)]
pub struct RegionSettings {
    pub dir: PathBuf,
    pub import_when_empty: bool,
}

#[derive(Debug, Clone, Deserialize)]
pub struct FileSettings {
    /// Folder for uploaded evidence, stored by content hash.
    pub dir: PathBuf,
    pub max_upload_bytes: usize,
}

/// Outgoing email. With no SMTP server set, emails are queued and kept
/// until one is.
#[derive(Debug, Clone, Deserialize)]
pub struct MailSettings {
    /// `smtp://host:25`, `smtp://user:pass@host:587?tls=required` or
    /// `smtps://user:pass@host:465`; empty to keep emails queued.
    pub smtp_url: String,
    /// The sender, e.g. `Panitia Paritrana Award <noreply@example.id>`.
    pub from: String,
    /// Base address of the public results named in emails.
    pub public_url: String,
    /// Pause between two looks at the queue.
    pub poll_milliseconds: u64,
    /// The pause before a second try; it doubles with each try after.
    pub retry_base_seconds: u64,
    /// Tries before an email is marked failed.
    pub max_attempts: u32,
    /// Longest wait for the SMTP server to answer.
    pub timeout_seconds: u64,
}

/// Reminders sent before deadlines, through the outbox.
#[derive(Debug, Clone, Deserialize)]
pub struct ReminderSettings {
    /// Days before the judging deadline on which judges with sheets not
    /// yet submitted are reminded, once each (e.g. `[2, 1]`).
    pub judge_days_before: Vec<u32>,
    /// Days before entries close on which entrants with entries not yet
    /// sent are reminded, once each (e.g. `[3, 1]`).
    pub entrant_days_before: Vec<u32>,
    /// How often the server looks for reminders due.
    pub check_seconds: u64,
}

/// The pages' sessions.
#[derive(Debug, Clone, Deserialize)]
pub struct WebSettings {
    /// Encrypts and authenticates the session cookie and signs the pages'
    /// CSRF tokens: at least 32 characters, the same on every instance.
    pub session_key: String,
    /// How long a page session lasts after signing in.
    pub session_ttl_seconds: u64,
}

#[derive(Debug, Clone, Deserialize)]
pub struct LogSettings {
    pub format: LogFormat,
    pub filter: String,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum LogFormat {
    Pretty,
    Json,
}

#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub enum Environment {
    #[default]
    Development,
    Test,
    Production,
}

impl Environment {
    pub fn as_str(self) -> &'static str {
        match self {
            Environment::Development => "development",
            Environment::Test => "test",
            Environment::Production => "production",
        }
    }
}

impl std::str::FromStr for Environment {
    type Err = SettingsError;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        match s.trim().to_ascii_lowercase().as_str() {
            "" | "development" | "dev" => Ok(Environment::Development),
            "test" => Ok(Environment::Test),
            "production" | "prod" => Ok(Environment::Production),
            other => Err(SettingsError::Invalid(format!(
                "PARITRANA_ENV must be development, test or production, not {other:?}"
            ))),
        }
    }
}

#[derive(Debug, thiserror::Error)]
pub enum SettingsError {
    #[error("settings could not be read: {0}")]
    Read(#[from] Box<figment::Error>),
    #[error("{0}")]
    Invalid(String),
}

impl Settings {
    /// Reads the settings for the environment named by `PARITRANA_ENV`
    /// (development when unset), looking for files under
    /// `PARITRANA_CONFIG_DIR` or `./config`.
    pub fn load() -> Result<Settings, SettingsError> {
        let environment: Environment =
            std::env::var("PARITRANA_ENV").unwrap_or_default().parse()?;
        let dir = std::env::var_os("PARITRANA_CONFIG_DIR")
            .map(PathBuf::from)
            .unwrap_or_else(|| PathBuf::from("config"));
        Self::figment(environment, &dir).and_then(|figment| Self::extract(figment, environment))
    }

    /// The layered sources for one environment; tests add their own layer on top.
    pub fn figment(
        environment: Environment,
        dir: &std::path::Path,
    ) -> Result<Figment, SettingsError> {
        Ok(Figment::from(Toml::string(BUILT_IN))
            .merge(Toml::file(dir.join("default.toml")))
            .merge(Toml::file(
                dir.join(format!("{}.toml", environment.as_str())),
            ))
            .merge(Env::prefixed("PARITRANA__").split("__")))
    }

    pub fn extract(figment: Figment, environment: Environment) -> Result<Settings, SettingsError> {
        let mut settings: Settings = figment.extract().map_err(Box::new)?;
        settings.environment = environment;
        settings.validate()?;
        Ok(settings)
    }

    fn validate(&self) -> Result<(), SettingsError> {
        if self.environment == Environment::Production {
            let secret = self.auth.token_secret.trim();
            if secret.is_empty() || secret == DEVELOPMENT_SECRET {
                return Err(SettingsError::Invalid(
                    "refusing to start in production without a token secret: set \
                     PARITRANA__AUTH__TOKEN_SECRET to a random string of at least 32 characters"
                        .into(),
                ));
            }
            if secret.len() < 32 {
                return Err(SettingsError::Invalid(
                    "PARITRANA__AUTH__TOKEN_SECRET is too short: use at least 32 characters".into(),
                ));
            }
        }
        let session_key = self.web.session_key.trim();
        if self.environment == Environment::Production
            && (session_key.is_empty() || session_key == DEVELOPMENT_SESSION_KEY)
        {
            return Err(SettingsError::Invalid(
                "refusing to start in production without a session key: set \
                 PARITRANA__WEB__SESSION_KEY to a random string of at least 32 characters"
                    .into(),
            ));
        }
        if session_key.len() < 32 {
            return Err(SettingsError::Invalid(
                "web.session_key is too short: set PARITRANA__WEB__SESSION_KEY to at least 32 characters"
                    .into(),
            ));
        }
        if self.web.session_ttl_seconds == 0 {
            return Err(SettingsError::Invalid(
                "web.session_ttl_seconds must be at least 1".into(),
            ));
        }
        if self.auth.token_secret.is_empty() {
            return Err(SettingsError::Invalid(
                "auth.token_secret is empty: set PARITRANA__AUTH__TOKEN_SECRET".into(),
            ));
        }
        if self.mail.max_attempts == 0 || self.mail.poll_milliseconds == 0 {
            return Err(SettingsError::Invalid(
                "mail.max_attempts and mail.poll_milliseconds must be at least 1".into(),
            ));
        }
        if self.database.pool_size == 0 {
            return Err(SettingsError::Invalid(
                "database.pool_size must be at least 1".into(),
            ));
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use figment::providers::Serialized;

    fn with(environment: Environment, key: &str, value: &str) -> Result<Settings, SettingsError> {
        let figment = Figment::from(Toml::string(BUILT_IN)).merge(Serialized::default(key, value));
        Settings::extract(figment, environment)
    }

    #[test]
    fn built_in_defaults_serve_sqlite_on_8080() {
        let settings = Settings::extract(
            Figment::from(Toml::string(BUILT_IN)),
            Environment::Development,
        )
        .expect("defaults are valid");
        assert_eq!(settings.server.port, 8080);
        assert_eq!(settings.server.host, "127.0.0.1");
        assert_eq!(settings.database.url, "data/paritrana.sqlite3");
    }

    #[test]
    fn production_refuses_the_development_secret() {
        let err = with(
            Environment::Production,
            "auth.token_secret",
            DEVELOPMENT_SECRET,
        )
        .unwrap_err();
        assert!(
            err.to_string().contains("PARITRANA__AUTH__TOKEN_SECRET"),
            "{err}"
        );
    }

    #[test]
    fn production_refuses_an_empty_secret() {
        let err = with(Environment::Production, "auth.token_secret", "  ").unwrap_err();
        assert!(err.to_string().contains("token secret"), "{err}");
    }

    /// Production settings with both secrets set to random strings, and
    /// one more key changed.
    fn production_with(key: &str, value: &str) -> Result<Settings, SettingsError> {
        let figment = Figment::from(Toml::string(BUILT_IN))
            .merge(Serialized::default(
                "auth.token_secret",
                "4f1c0d9a7e2b8c6d5a3f1e0b9c8d7a6f5e4d3c2b",
            ))
            .merge(Serialized::default(
                "web.session_key",
                "9b8a7c6d5e4f3a2b1c0d9e8f7a6b5c4d3e2f1a0b",
            ))
            .merge(Serialized::default(key, value));
        Settings::extract(figment, Environment::Production)
    }

    #[test]
    fn production_accepts_long_random_secrets() {
        let settings = production_with("server.host", "0.0.0.0").expect("valid");
        assert_eq!(settings.environment, Environment::Production);
    }

    #[test]
    fn production_refuses_the_development_or_an_empty_session_key() {
        for key in [DEVELOPMENT_SESSION_KEY, "", "   "] {
            let err = production_with("web.session_key", key).unwrap_err();
            assert!(
                err.to_string().contains("PARITRANA__WEB__SESSION_KEY"),
                "{key:?}: {err}"
            );
        }
    }

    #[test]
    fn a_short_session_key_is_refused_everywhere() {
        let err = with(Environment::Development, "web.session_key", "short").unwrap_err();
        assert!(err.to_string().contains("at least 32"), "{err}");
    }

    #[test]
    fn unknown_environment_is_named_in_the_error() {
        let err = "staging".parse::<Environment>().unwrap_err();
        assert!(err.to_string().contains("staging"));
    }
}
