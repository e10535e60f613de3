//! Award categories within an edition: eligibility, indicator form, winners,
//! judging settings, and the category's rubric versions.

pub mod form;
pub mod handlers;
pub mod rules;
pub mod store;

pub use handlers::configure;
