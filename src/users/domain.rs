//! Account input, parsed at the edge so inner code never sees a bad value.

use crate::error::{FieldError, Msg};
use crate::messages::Said;

/// A lower-cased, trimmed email address with a plausible shape.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Email(String);

impl Email {
    pub fn parse(field: &str, raw: &str) -> Result<Email, FieldError> {
        let value = raw.trim().to_lowercase();
        let invalid = || FieldError::new(field, "invalid", Msg::said("user-email-invalid"));
        if value.is_empty() {
            return Err(FieldError::new(
                field,
                "required",
                Msg::said("user-email-required"),
            ));
        }
        if value.len() > 254 || value.chars().any(|c| c.is_whitespace() || c.is_control()) {
            return Err(invalid());
        }
        let (local, domain) = value.split_once('@').ok_or_else(invalid)?;
        let domain_ok = domain.contains('.')
            && !domain.starts_with('.')
            && !domain.ends_with('.')
            && !domain.contains("..")
            && !domain.contains('@');
        if local.is_empty() || local.len() > 64 || !domain_ok {
            return Err(invalid());
        }
        Ok(Email(value))
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }

    pub fn into_string(self) -> String {
        self.0
    }
}

/// A person's name as shown in the product: 1 to 120 characters after trimming.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DisplayName(String);

impl DisplayName {
    pub fn parse(field: &str, raw: &str) -> Result<DisplayName, FieldError> {
        let value = raw.trim();
        if value.is_empty() {
            return Err(FieldError::new(field, "required", Said::NameRequired.msg()));
        }
        if value.chars().count() > 120 {
            return Err(FieldError::new(
                field,
                "too_long",
                Msg::said("user-name-too-long"),
            ));
        }
        if value.chars().any(char::is_control) {
            return Err(FieldError::new(
                field,
                "invalid",
                Msg::said("user-name-characters"),
            ));
        }
        Ok(DisplayName(value.to_owned()))
    }

    pub fn into_string(self) -> String {
        self.0
    }
}

/// A new password: 10 to 128 characters, not only spaces.
#[derive(Clone, PartialEq, Eq)]
pub struct NewPassword(String);

impl std::fmt::Debug for NewPassword {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("NewPassword(***)")
    }
}

pub const MIN_PASSWORD_CHARS: usize = 10;

impl NewPassword {
    pub fn parse(field: &str, raw: &str) -> Result<NewPassword, FieldError> {
        let count = raw.chars().count();
        if count < MIN_PASSWORD_CHARS || raw.trim().is_empty() {
            return Err(FieldError::new(
                field,
                "too_short",
                Msg::with("password-too-short", &[("min", MIN_PASSWORD_CHARS.into())]),
            ));
        }
        if count > 128 {
            return Err(FieldError::new(
                field,
                "too_long",
                Msg::said("password-too-long"),
            ));
        }
        Ok(NewPassword(raw.to_owned()))
    }

    pub fn expose(&self) -> &str {
        &self.0
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn email_is_trimmed_and_lower_cased() {
        assert_eq!(
            Email::parse("email", "  Admin@BPJS.go.id ")
                .unwrap()
                .as_str(),
            "admin@bpjs.go.id"
        );
    }

    #[test]
    fn malformed_emails_are_refused() {
        for bad in [
            "",
            "no-at-sign",
            "@bpjs.go.id",
            "a@",
            "a@localhost",
            "a@.id",
            "a b@x.id",
            "a@x..id",
            "a@b@c.id",
        ] {
            assert!(Email::parse("email", bad).is_err(), "{bad:?} was accepted");
        }
    }

    #[test]
    fn display_name_must_have_content() {
        assert_eq!(DisplayName::parse("n", "   ").unwrap_err().code, "required");
        assert_eq!(
            DisplayName::parse("n", &"x".repeat(121)).unwrap_err().code,
            "too_long"
        );
        assert!(DisplayName::parse("n", " Sri Wahyuni ").is_ok());
    }

    #[test]
    fn passwords_have_length_bounds() {
        assert_eq!(
            NewPassword::parse("p", "pendek").unwrap_err().code,
            "too_short"
        );
        assert_eq!(
            NewPassword::parse("p", "          ").unwrap_err().code,
            "too_short"
        );
        assert!(NewPassword::parse("p", "kata-sandi-panjang").is_ok());
        assert!(
            !format!(
                "{:?}",
                NewPassword::parse("p", "kata-sandi-panjang").unwrap()
            )
            .contains("panjang")
        );
    }
}
