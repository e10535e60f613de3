//! Who may manage which account: national admins every account; regional
//! admins the judges and entrants whose home province they administer.
//! Other accounts look absent. Handing out roles is checked in `roles`.

use crate::auth::Caller;
use crate::db::DbConnection;
use crate::error::ApiError;
use crate::users::store::{self, UserView};

/// Loads a user the caller may manage; others look absent.
pub fn manageable(
    conn: &mut DbConnection,
    caller: &Caller,
    id: &str,
) -> Result<UserView, ApiError> {
    let user = store::find(conn, id)?.ok_or_else(|| ApiError::not_found("user-not-found"))?;
    let in_scope = caller.is_national_admin()
        || (!user.is_admin()
            && user
                .province_code
                .as_deref()
                .is_some_and(|p| caller.administers(p)));
    if in_scope {
        Ok(user)
    } else {
        Err(ApiError::not_found("user-not-found"))
    }
}
