//! Accounts: people who sign in, with their roles and scope.

pub mod domain;
pub mod handlers;
pub mod store;

pub use handlers::configure;
pub use store::UserView;
