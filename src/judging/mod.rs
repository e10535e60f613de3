//! Judging: panels, conflicts of interest, assignment and scoresheets.

pub mod assign;
pub mod conflicts;
pub mod handlers;

pub use handlers::configure;
