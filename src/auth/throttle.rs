//! Throttling of failed logins, per account and per client address. Kept in
//! the database so every instance behind a load balancer sees the same count.

use chrono::TimeDelta;
use diesel::prelude::*;

use crate::config::AuthSettings;
use crate::db::{DbConnection, now, schema::login_attempts};
use crate::error::ApiError;

/// Refuses with 429 when the account or the address has failed too often
/// inside the window (failures before the account's last success do not count).
pub fn check(
    conn: &mut DbConnection,
    settings: &AuthSettings,
    email: &str,
    client_addr: &str,
) -> Result<(), ApiError> {
    let window = TimeDelta::seconds(i64::try_from(settings.failure_window_seconds).unwrap_or(900));
    let since = now() - window;
    let last_success: Option<chrono::NaiveDateTime> = login_attempts::table
        .filter(login_attempts::email.eq(email))
        .filter(login_attempts::succeeded.eq(true))
        .filter(login_attempts::attempted_at.ge(since))
        .select(diesel::dsl::max(login_attempts::attempted_at))
        .first(conn)?;
    let account_since = last_success.map_or(since, |at| at.max(since));
    let account_failures: i64 = login_attempts::table
        .filter(login_attempts::email.eq(email))
        .filter(login_attempts::succeeded.eq(false))
        .filter(login_attempts::attempted_at.gt(account_since))
        .count()
        .get_result(conn)?;
    let address_failures: i64 = login_attempts::table
        .filter(login_attempts::client_addr.eq(client_addr))
        .filter(login_attempts::succeeded.eq(false))
        .filter(login_attempts::attempted_at.ge(since))
        .count()
        .get_result(conn)?;
    if account_failures >= i64::from(settings.max_failures_per_account)
        || address_failures >= i64::from(settings.max_failures_per_address)
    {
        return Err(ApiError::TooManyRequests {
            retry_after_seconds: settings.failure_window_seconds,
        });
    }
    Ok(())
}

pub fn record(
    conn: &mut DbConnection,
    email: &str,
    client_addr: &str,
    succeeded: bool,
) -> Result<(), ApiError> {
    diesel::insert_into(login_attempts::table)
        .values((
            login_attempts::email.eq(email),
            login_attempts::client_addr.eq(client_addr),
            login_attempts::succeeded.eq(succeeded),
            login_attempts::attempted_at.eq(now()),
        ))
        .execute(conn)?;
    Ok(())
}

/// Forgets attempts older than a day and tokens that have expired anyway.
pub fn prune(conn: &mut DbConnection) -> Result<(), ApiError> {
    use crate::db::schema::revoked_tokens;
    let at = now();
    diesel::delete(
        login_attempts::table.filter(login_attempts::attempted_at.lt(at - TimeDelta::days(1))),
    )
    .execute(conn)?;
    diesel::delete(revoked_tokens::table.filter(revoked_tokens::expires_at.lt(at)))
        .execute(conn)?;
    Ok(())
}
