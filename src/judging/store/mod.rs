//! Judging's queries: the set-up of each stage (`stages.rs`) and the
//! judge's side of assignments and scoresheets (`sheets.rs`).

mod sheets;
mod stages;

pub use sheets::*;
pub use stages::*;
