//! Signing in: passwords, tokens, the caller extractor, login throttling.

pub mod caller;
pub mod handlers;
pub mod password;
pub mod roles;
pub mod scope;
pub mod throttle;
pub mod token;

pub use caller::{Caller, SignedIn, Standing};
pub use handlers::configure;
pub use roles::Role;
pub use scope::Scope;
