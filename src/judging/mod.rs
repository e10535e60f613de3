//! Judging: panels, conflicts of interest, assignment and scoresheets.

pub mod assign;
pub mod conflicts;
pub mod declare;
pub mod handlers;
mod save_batch;
mod save_statements;
pub mod scoresheet;
pub mod sheets;

pub use save_batch::SaveQueue;

pub fn configure(cfg: &mut actix_web::web::ServiceConfig) {
    handlers::configure(cfg);
    sheets::configure(cfg);
    declare::configure(cfg);
}
