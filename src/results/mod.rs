//! Results: the live ranking admins preview, publication as frozen
//! snapshots with a digest, the winners advancing to the national edition,
//! the public results, and exports.
//!
//! Operations by concept (`ranking`, `publications`, `advancements`,
//! `public`), their queries in `store` (and `load`, which reads a category
//! into the engine's inputs), and the HTTP door in `api`.

pub mod advancements;
pub mod api;
pub mod charts;
pub mod entrant;
pub mod export;
pub mod load;
pub mod public;
pub mod publications;
pub mod ranking;
pub mod report;
pub mod shortlist;
pub mod snapshot;
pub mod store;
pub mod view;

pub use api::configure;
