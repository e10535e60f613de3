//! Editions of the award (e.g. "Paritrana Award 2025 – Jawa Tengah"): tier and
//! scope, time zone, schedule and phases.

pub mod access;
pub mod api;
pub mod domain;
pub mod fields;
pub mod phases;
pub mod setup;
pub mod store;
pub mod view;

pub use api::configure;
