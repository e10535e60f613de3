//! Judging: panels, conflicts of interest, assignment and scoresheets.

mod access;
pub mod assign;
pub mod conflicts;
pub mod declare;
pub mod handlers;
mod save_batch;
mod save_statements;
pub mod scoresheet;
pub mod sheets;

pub use save_batch::SaveQueue;

/// The judges' own routes, relative to the `/judging` scope. They are the
/// busiest the API serves (scoresheet saves above all), and in a scope of
/// their own, matching them never tries the other modules' path patterns.
pub fn configure_judges(cfg: &mut actix_web::web::ServiceConfig) {
    sheets::configure(cfg);
    declare::configure(cfg);
}

/// The admins' judging routes, under `/editions`.
pub fn configure(cfg: &mut actix_web::web::ServiceConfig) {
    handlers::configure(cfg);
    sheets::configure_editions(cfg);
}
