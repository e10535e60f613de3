//! The life of an entry: the entrant drafts, submits, may withdraw; the
//! office checks it (complete, rejected, or returned for correction).

use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "snake_case")]
#[schema(as = EntryStatus)]
pub enum Status {
    Draft,
    /// Sent by the entrant, waiting for the administrative check.
    Submitted,
    /// Sent back to the entrant for correction, with a reason.
    Returned,
    Withdrawn,
    /// Passed the administrative check: complete and eligible.
    Complete,
    /// Failed the administrative check, with a reason the entrant sees.
    Rejected,
}

impl Status {
    pub const ALL: [Status; 6] = [
        Status::Draft,
        Status::Submitted,
        Status::Returned,
        Status::Withdrawn,
        Status::Complete,
        Status::Rejected,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            Status::Draft => "draft",
            Status::Submitted => "submitted",
            Status::Returned => "returned",
            Status::Withdrawn => "withdrawn",
            Status::Complete => "complete",
            Status::Rejected => "rejected",
        }
    }

    pub fn parse(value: &str) -> Option<Status> {
        Status::ALL.into_iter().find(|s| s.as_str() == value)
    }

    /// The entrant may still change values and files.
    pub fn editable(self) -> bool {
        matches!(self, Status::Draft | Status::Submitted | Status::Returned)
    }

    /// Evidence may be removed only before the entry is sent.
    pub fn files_removable(self) -> bool {
        matches!(self, Status::Draft | Status::Returned)
    }
}

/// An admin's decision in the administrative check.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum Decision {
    Complete,
    Rejected,
    Returned,
}

impl Decision {
    pub fn status(self) -> Status {
        match self {
            Decision::Complete => Status::Complete,
            Decision::Rejected => Status::Rejected,
            Decision::Returned => Status::Returned,
        }
    }

    /// Rejections and returns must tell the entrant why.
    pub fn needs_reason(self) -> bool {
        !matches!(self, Decision::Complete)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_open_entries_are_editable() {
        let editable: Vec<Status> = Status::ALL.into_iter().filter(|s| s.editable()).collect();
        assert_eq!(
            editable,
            [Status::Draft, Status::Submitted, Status::Returned]
        );
        assert!(!Status::Submitted.files_removable());
        assert!(Decision::Rejected.needs_reason() && !Decision::Complete.needs_reason());
    }
}
