//! Short-lived access tokens: JWT signed with HS256 (the only algorithm
//! accepted), issuer and audience checked, one id (`jti`) per token so a
//! logout can revoke it.

use jsonwebtoken::{Algorithm, DecodingKey, EncodingKey, Header, Validation};
use serde::{Deserialize, Serialize};

use crate::config::AuthSettings;

#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Claims {
    pub sub: String,
    pub iss: String,
    pub aud: String,
    pub iat: i64,
    pub nbf: i64,
    pub exp: i64,
    pub jti: String,
    /// The account's session generation when the token was issued; a
    /// password change moves the account on and ends every older token.
    #[serde(default, rename = "gen")]
    pub generation: i32,
}

pub struct Tokens {
    encoding: EncodingKey,
    decoding: DecodingKey,
    validation: Validation,
    issuer: String,
    audience: String,
    ttl_seconds: i64,
}

pub struct IssuedToken {
    pub token: String,
    pub expires_in: i64,
}

impl Tokens {
    pub fn new(settings: &AuthSettings) -> Tokens {
        let mut validation = Validation::new(Algorithm::HS256);
        validation.set_issuer(&[&settings.issuer]);
        validation.set_audience(&[&settings.audience]);
        validation.set_required_spec_claims(&["exp", "iss", "aud", "sub", "nbf"]);
        validation.validate_nbf = true;
        validation.leeway = 5;
        Tokens {
            encoding: EncodingKey::from_secret(settings.token_secret.as_bytes()),
            decoding: DecodingKey::from_secret(settings.token_secret.as_bytes()),
            validation,
            issuer: settings.issuer.clone(),
            audience: settings.audience.clone(),
            ttl_seconds: i64::try_from(settings.token_ttl_seconds).unwrap_or(3600),
        }
    }

    pub fn issue(
        &self,
        user_id: &str,
        generation: i32,
    ) -> Result<IssuedToken, jsonwebtoken::errors::Error> {
        self.issue_for(user_id, generation, self.ttl_seconds)
    }

    /// A token that lasts `ttl_seconds` (the pages' sessions last longer
    /// than the API's tokens).
    pub fn issue_for(
        &self,
        user_id: &str,
        generation: i32,
        ttl_seconds: i64,
    ) -> Result<IssuedToken, jsonwebtoken::errors::Error> {
        let now = chrono::Utc::now().timestamp();
        let claims = Claims {
            sub: user_id.to_owned(),
            iss: self.issuer.clone(),
            aud: self.audience.clone(),
            iat: now,
            nbf: now,
            exp: now + ttl_seconds,
            jti: uuid::Uuid::new_v4().to_string(),
            generation,
        };
        let token = jsonwebtoken::encode(&Header::new(Algorithm::HS256), &claims, &self.encoding)?;
        Ok(IssuedToken {
            token,
            expires_in: ttl_seconds,
        })
    }

    pub fn verify(&self, token: &str) -> Option<Claims> {
        jsonwebtoken::decode::<Claims>(token, &self.decoding, &self.validation)
            .ok()
            .map(|data| data.claims)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn settings(secret: &str, audience: &str) -> AuthSettings {
        let figment = figment::Figment::from(figment::providers::Serialized::defaults(
            serde_json::json!({
                "token_secret": secret, "token_ttl_seconds": 60, "issuer": "paritrana", "audience": audience,
                "argon2_memory_kib": 1024, "argon2_iterations": 1, "argon2_parallelism": 1,
                "max_failures_per_account_and_address": 5, "max_failures_per_address": 30, "max_failures_per_account": 100, "failure_window_seconds": 60, "account_lock_seconds": 60
            }),
        ));
        figment.extract().expect("settings")
    }

    #[test]
    fn an_issued_token_verifies_with_its_subject() {
        let tokens = Tokens::new(&settings("s3cret", "api"));
        let issued = tokens.issue("user-1", 0).unwrap();
        let claims = tokens.verify(&issued.token).expect("valid");
        assert_eq!(claims.sub, "user-1");
        assert_eq!(issued.expires_in, 60);
    }

    #[test]
    fn another_secret_or_audience_is_refused() {
        let issued = Tokens::new(&settings("s3cret", "api"))
            .issue("user-1", 0)
            .unwrap();
        assert!(
            Tokens::new(&settings("other", "api"))
                .verify(&issued.token)
                .is_none()
        );
        assert!(
            Tokens::new(&settings("s3cret", "other"))
                .verify(&issued.token)
                .is_none()
        );
    }

    #[test]
    fn an_unsigned_token_is_refused() {
        // {"alg":"none"} header with valid-looking claims and no signature.
        let tokens = Tokens::new(&settings("s3cret", "api"));
        let header = "eyJhbGciOiJub25lIiwidHlwIjoiSldUIn0";
        let claims = "eyJzdWIiOiJ1c2VyLTEiLCJpc3MiOiJwYXJpdHJhbmEiLCJhdWQiOiJhcGkiLCJleHAiOjQxMDI0NDQ4MDAsIm5iZiI6MCwiaWF0IjowLCJqdGkiOiJ4In0";
        assert!(tokens.verify(&format!("{header}.{claims}.")).is_none());
    }
}
