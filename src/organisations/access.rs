//! Who may read and change organisations: admins of an organisation's
//! province and its own members read it; admins of its province change it.
//! Lists apply the caller's scope instead (see `crate::auth::Scope`).

use crate::auth::{Caller, Role};
use crate::error::ApiError;
use crate::organisations::store::Organisation;

/// 404 for an organisation the caller may not see, or that does not exist.
pub fn not_found() -> ApiError {
    ApiError::not_found("organisation-not-found")
}

/// Can the caller see this organisation? Admins of its province and its members.
pub fn visible(caller: &Caller, organisation: &Organisation) -> bool {
    caller.administers(&organisation.province_code) || caller.is_member_of(&organisation.id)
}

/// Admins and entrants read organisations; judges have no access.
pub fn require_reader(caller: &Caller) -> Result<(), ApiError> {
    if caller.is_admin() || caller.has(Role::Entrant) {
        Ok(())
    } else {
        Err(ApiError::forbidden())
    }
}
