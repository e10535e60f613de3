//! Weighted rubrics: stages, criteria trees, judged scales and computed
//! criteria, their validation, versions and the built-in templates.

pub mod model;
pub mod templates;

pub use model::Rubric;
