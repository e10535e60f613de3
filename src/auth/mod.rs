//! Signing in: passwords, tokens, the caller extractor, login throttling.

pub mod api;
pub mod caller;
pub mod links;
pub mod password;
pub mod reset;
pub mod roles;
pub mod scope;
pub mod session;
pub mod throttle;
pub mod token;

pub use api::configure;
pub use caller::{Caller, SignedIn, Standing};
pub use roles::Role;
pub use scope::Scope;
