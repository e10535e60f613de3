//! Entries (nominee submissions): indicator values, evidence files, the
//! administrative check, and bulk import from BPJS data.
//!
//! Who may read or change an entry: `access`. The operations, by concept:
//! `drafting` (enter, change values), `submission` (submit, withdraw,
//! reopen), `check` (the office's decision), `reading` (list, one entry),
//! `evidence` (files), `import` (CSV). Queries: `store`. The JSON door:
//! `api`.

pub mod access;
pub mod api;
pub mod change;
pub mod check;
pub mod drafting;
pub mod evidence;
pub mod home;
pub mod import;
pub mod reading;
pub mod reminders;
pub mod status;
pub mod store;
pub mod submission;
pub mod values;

pub use api::configure;
