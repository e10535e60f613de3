//! Judging: judges, panels, conflicts of interest, assignment and
//! scoresheets.
//!
//! `access.rs` says who may work on a stage or an assignment; `store.rs`
//! holds the queries; one module per concept holds its operations (judges,
//! panels, conflicts, assignments, coverage, declare, worklist,
//! scoresheets, progress); `api/` holds the thin HTTP handlers.

pub mod access;
pub mod api;
pub mod assign;
pub mod assignments;
pub mod conflicts;
pub mod coverage;
pub mod declare;
pub mod judges;
pub mod panels;
pub mod progress;
pub mod reminders;
mod save_batch;
pub mod save_check;
mod save_statements;
pub mod scoresheet;
pub mod scoresheets;
pub mod store;
pub mod worklist;

pub use save_batch::SaveQueue;

/// The judges' own routes, relative to the `/judging` scope. They are the
/// busiest the API serves (scoresheet saves above all), and in a scope of
/// their own, matching them never tries the other modules' path patterns.
pub fn configure_judges(cfg: &mut actix_web::web::ServiceConfig) {
    api::judges::configure(cfg);
}

/// The admins' judging routes, under `/editions`.
pub fn configure(cfg: &mut actix_web::web::ServiceConfig) {
    api::admin::configure(cfg);
}
