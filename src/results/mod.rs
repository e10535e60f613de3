//! Results: the live ranking admins preview, publication as frozen
//! snapshots with a digest, the public results, and exports.

pub mod export;
pub mod handlers;
pub mod load;
pub mod report;
pub mod shortlist;
pub mod snapshot;
pub mod view;

pub use handlers::configure;
