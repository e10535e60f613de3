//! Password hashing with argon2id and explicit cost parameters.

use argon2::password_hash::phc::PasswordHash;
use argon2::password_hash::{PasswordHasher as _, PasswordVerifier as _};
use argon2::{Algorithm, Argon2, Params, Version};

use crate::config::AuthSettings;

/// Hashes and verifies passwords; also holds a dummy hash so a login for an
/// unknown account costs the same time as one for a real account.
pub struct Passwords {
    params: Params,
    dummy_hash: String,
}

#[derive(Debug, thiserror::Error)]
#[error("password hashing: {0}")]
pub struct PasswordError(String);

impl Passwords {
    pub fn new(settings: &AuthSettings) -> Result<Passwords, PasswordError> {
        let params = Params::new(
            settings.argon2_memory_kib,
            settings.argon2_iterations,
            settings.argon2_parallelism,
            None,
        )
        .map_err(|e| PasswordError(format!("invalid argon2 parameters: {e}")))?;
        let mut passwords = Passwords {
            params,
            dummy_hash: String::new(),
        };
        passwords.dummy_hash = passwords.hash("paritrana-dummy-password-for-timing")?;
        Ok(passwords)
    }

    fn argon2(&self) -> Argon2<'static> {
        Argon2::new(Algorithm::Argon2id, Version::V0x13, self.params.clone())
    }

    /// A PHC string with a fresh random salt. CPU-heavy: call it off the async runtime.
    pub fn hash(&self, password: &str) -> Result<String, PasswordError> {
        self.argon2()
            .hash_password(password.as_bytes())
            .map(|hash| hash.to_string())
            .map_err(|e| PasswordError(e.to_string()))
    }

    /// Checks a password against a stored hash; `None` checks against the
    /// dummy hash and always fails, taking the same time.
    pub fn verify(&self, stored: Option<&str>, password: &str) -> bool {
        let (hash, real) = match stored {
            Some(hash) => (hash, true),
            None => (self.dummy_hash.as_str(), false),
        };
        let Ok(parsed) = PasswordHash::new(hash) else {
            return false;
        };
        let matches = self
            .argon2()
            .verify_password(password.as_bytes(), &parsed)
            .is_ok();
        matches && real
    }
}

/// Hashes a new password on the blocking pool, off the async runtime: it
/// is the slow part of creating an account or setting a password.
pub fn hash_off_runtime(
    passwords: &std::sync::Arc<Passwords>,
    password: crate::users::domain::NewPassword,
) -> impl Future<Output = Result<String, crate::error::ApiError>> + use<> {
    let passwords = std::sync::Arc::clone(passwords);
    async move {
        actix_web::web::block(move || passwords.hash(password.expose()))
            .await?
            .map_err(|e| crate::error::ApiError::Internal(e.to_string()))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn cheap() -> Passwords {
        let figment = figment::Figment::from(figment::providers::Serialized::defaults(
            serde_json::json!({
                "token_secret": "x", "token_ttl_seconds": 60, "issuer": "i", "audience": "a",
                "argon2_memory_kib": 1024, "argon2_iterations": 1, "argon2_parallelism": 1,
                "max_failures_per_account_and_address": 5, "max_failures_per_address": 30, "max_failures_per_account": 100, "failure_window_seconds": 60, "account_lock_seconds": 60
            }),
        ));
        Passwords::new(&figment.extract().expect("settings")).expect("params")
    }

    #[test]
    fn a_hash_verifies_only_its_password() {
        let passwords = cheap();
        let hash = passwords.hash("rahasia-sekali").expect("hash");
        assert!(hash.starts_with("$argon2id$v=19$m=1024,t=1,p=1$"), "{hash}");
        assert!(passwords.verify(Some(&hash), "rahasia-sekali"));
        assert!(!passwords.verify(Some(&hash), "rahasia-salah"));
    }

    #[test]
    fn the_dummy_hash_never_matches() {
        let passwords = cheap();
        assert!(!passwords.verify(None, "paritrana-dummy-password-for-timing"));
    }

    #[test]
    fn two_hashes_of_one_password_differ_by_salt() {
        let passwords = cheap();
        assert_ne!(
            passwords.hash("sama").unwrap(),
            passwords.hash("sama").unwrap()
        );
    }
}
