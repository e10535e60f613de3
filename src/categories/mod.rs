//! Award categories within an edition: eligibility, indicator form, winners,
//! judging settings, and the category's rubric versions.

pub mod api;
pub mod form;
pub mod rubric;
pub mod rules;
pub mod setup;
pub mod store;

pub use api::configure;
