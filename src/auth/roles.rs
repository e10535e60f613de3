//! The four roles of the product (see SPEC.md, "Who uses it").

use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

#[derive(
    Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize, ToSchema,
)]
#[serde(rename_all = "snake_case")]
pub enum Role {
    /// BPJS head office or central committee: everything.
    NationalAdmin,
    /// BPJS regional office or provincial secretariat: their provinces only.
    RegionalAdmin,
    /// Committee or jury member: scores assigned entries.
    Judge,
    /// Staff of a government, village or company taking part.
    Entrant,
}

impl Role {
    pub const ALL: [Role; 4] = [
        Role::NationalAdmin,
        Role::RegionalAdmin,
        Role::Judge,
        Role::Entrant,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            Role::NationalAdmin => "national_admin",
            Role::RegionalAdmin => "regional_admin",
            Role::Judge => "judge",
            Role::Entrant => "entrant",
        }
    }

    pub fn parse(value: &str) -> Option<Role> {
        Role::ALL.into_iter().find(|role| role.as_str() == value)
    }

    pub fn is_admin(self) -> bool {
        matches!(self, Role::NationalAdmin | Role::RegionalAdmin)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn roles_round_trip_through_their_names() {
        for role in Role::ALL {
            assert_eq!(Role::parse(role.as_str()), Some(role));
        }
        assert_eq!(Role::parse("superuser"), None);
    }
}
