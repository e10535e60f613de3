//! Which records a list shows its caller, worked out once from the caller
//! and applied by every list the same way: national admins see everything,
//! regional admins their provinces, entrants their organisations, judges
//! their assignments.

use crate::auth::caller::Caller;
use crate::auth::roles::Role;

/// Defaults to showing nothing, so a list built without a caller leaks no
/// record.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub enum Scope {
    /// National admins: every record.
    All,
    /// Regional admins: records of these provinces.
    Provinces(Vec<String>),
    /// Entrants: records of these organisations.
    Organisations(Vec<String>),
    /// Judges: their own assignments (the id of their account).
    Assignments(String),
    /// A caller with no role that reads the list.
    #[default]
    Nothing,
}

impl Scope {
    /// The caller's widest scope: an admin's role counts before an entrant's,
    /// an entrant's before a judge's.
    pub fn of(caller: &Caller) -> Scope {
        if caller.is_national_admin() {
            Scope::All
        } else if caller.has(Role::RegionalAdmin) {
            Scope::Provinces(caller.provinces.clone())
        } else if caller.has(Role::Entrant) {
            Scope::Organisations(caller.organisations.clone())
        } else {
            Scope::judging(caller)
        }
    }

    /// A judge's worklist: their own assignments, whatever other roles
    /// they hold.
    pub fn judging(caller: &Caller) -> Scope {
        if caller.has(Role::Judge) {
            Scope::Assignments(caller.user_id.clone())
        } else {
            Scope::Nothing
        }
    }

    /// The provinces a record must belong to, `None` when any will do. A
    /// scope not drawn by province allows none (lists whose records belong
    /// to organisations or assignments match those first).
    pub fn provinces(&self) -> Option<&[String]> {
        match self {
            Scope::All => None,
            Scope::Provinces(provinces) => Some(provinces),
            Scope::Organisations(_) | Scope::Assignments(_) | Scope::Nothing => Some(&[]),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn caller(roles: &[Role]) -> Caller {
        Caller {
            user_id: "u1".into(),
            email: "a@example.id".into(),
            display_name: "A".into(),
            roles: roles.to_vec(),
            provinces: vec!["33".into()],
            organisations: vec!["o1".into()],
            token_id: "t".into(),
            token_expires_at: 0,
            request_id: None,
            language: None,
        }
    }

    #[test]
    fn each_role_gets_its_own_records() {
        assert_eq!(Scope::of(&caller(&[Role::NationalAdmin])), Scope::All);
        assert_eq!(
            Scope::of(&caller(&[Role::RegionalAdmin])),
            Scope::Provinces(vec!["33".into()])
        );
        assert_eq!(
            Scope::of(&caller(&[Role::Entrant])),
            Scope::Organisations(vec!["o1".into()])
        );
        assert_eq!(
            Scope::of(&caller(&[Role::Judge])),
            Scope::Assignments("u1".into())
        );
        assert_eq!(Scope::of(&caller(&[])), Scope::Nothing);
    }

    #[test]
    fn the_widest_role_wins_but_a_worklist_is_always_ones_own() {
        let both = caller(&[Role::RegionalAdmin, Role::Judge]);
        assert_eq!(Scope::of(&both), Scope::Provinces(vec!["33".into()]));
        assert_eq!(Scope::judging(&both), Scope::Assignments("u1".into()));
        assert_eq!(
            Scope::judging(&caller(&[Role::NationalAdmin])),
            Scope::Nothing
        );
    }

    #[test]
    fn only_national_admins_go_unlimited_by_province() {
        assert_eq!(Scope::All.provinces(), None);
        assert_eq!(
            Scope::Organisations(vec!["o1".into()]).provinces(),
            Some(&[][..])
        );
    }
}
