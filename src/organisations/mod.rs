//! Entrant organisations: regional governments, villages and companies.

pub mod domain;
pub mod handlers;
pub mod store;

pub use handlers::configure;
