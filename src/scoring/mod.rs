//! The scoring engine: pure functions, no database, no I/O. Plain values in,
//! plain values out, in exact decimal arithmetic so equal inputs tie exactly.

pub mod assemble;
pub mod combine;
pub mod computed;
pub mod disagreement;
pub mod rank;
pub mod weigh;
