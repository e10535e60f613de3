//! Entrant organisations: regional governments, villages and companies.
//!
//! Who may read or change one: `access`. The operations: `registration`
//! (register, change) and `directory` (list, one). Queries: `store`; kinds,
//! sizes, sectors and numbers: `domain`. The JSON door: `api`.

pub mod access;
pub mod api;
pub mod directory;
pub mod domain;
pub mod registration;
pub mod store;

pub use api::configure;
