//! Throttling of sign-in attempts, kept in the database so every instance
//! behind a load balancer counts the same attempts.
//!
//! An attempt is counted before its password is checked, by one statement
//! that adds it and answers the new count, so parallel guesses cannot all
//! slip in under the limit. Three counts apply:
//!
//! - per account and address: the ordinary limit (5 in 15 minutes). An
//!   attacker elsewhere has a count of their own, so they cannot lock the
//!   owner out.
//! - per address: guesses at many accounts from one place (30).
//! - per account from anywhere: only a much higher count (100) locks the
//!   account itself, first for the window, then twice as long each time
//!   again, up to a day. Attempts refused by the first two never reach it.
//!
//! A successful sign-in clears its account-and-address count and the
//! account's, and gives back the attempt it took from the address.

use chrono::{NaiveDateTime, TimeDelta};
use diesel::prelude::*;
use diesel::sql_types::{Integer, Nullable, Text, Timestamp};

use crate::config::AuthSettings;
use crate::db::{DbConnection, now, schema::login_throttle};
use crate::error::ApiError;

/// The longest account lock.
const LONGEST_LOCK: TimeDelta = TimeDelta::days(1);

#[derive(QueryableByName)]
struct Counted {
    #[diesel(sql_type = Integer)]
    attempts: i32,
    #[diesel(sql_type = Timestamp)]
    window_start: NaiveDateTime,
    #[diesel(sql_type = Integer)]
    strikes: i32,
    #[diesel(sql_type = Nullable<Timestamp>)]
    locked_until: Option<NaiveDateTime>,
}

/// Adds one attempt to `key` (a count past its window starts again) and
/// answers the row as it now is. A locked key is not counted further.
const COUNT: &str = "INSERT INTO login_throttle (key, attempts, window_start, strikes) \
     VALUES ($1, 1, $2, 0) \
     ON CONFLICT (key) DO UPDATE SET \
     attempts = CASE WHEN login_throttle.window_start <= $3 THEN 1 \
                     WHEN login_throttle.locked_until > $2 THEN login_throttle.attempts \
                     ELSE login_throttle.attempts + 1 END, \
     window_start = CASE WHEN login_throttle.window_start <= $3 THEN $2 \
                         ELSE login_throttle.window_start END \
     RETURNING attempts, window_start, strikes, locked_until";

fn count(
    conn: &mut DbConnection,
    key: &str,
    at: NaiveDateTime,
    window: TimeDelta,
) -> Result<Counted, ApiError> {
    let since = at - window;
    // SQLite numbers its parameters ?1, ?2 where PostgreSQL has $1, $2.
    let sql = if matches!(conn, DbConnection::Sqlite(_)) {
        COUNT.replace('$', "?")
    } else {
        COUNT.to_owned()
    };
    let counted = crate::on_backend!(conn, |inner| {
        diesel::sql_query(sql)
            .bind::<Text, _>(key)
            .bind::<Timestamp, _>(at)
            .bind::<Timestamp, _>(since)
            .get_result::<Counted>(inner)
    });
    Ok(counted?)
}

/// The network a request comes from, as attempts are counted: the peer, or
/// behind a trusted proxy the address that proxy saw (the last entry of
/// X-Forwarded-For, the one it appended; entries before it are whatever the
/// client wrote). An IPv6 client is counted by its /64, which one client
/// holds whole.
pub fn client_network(req: &actix_web::HttpRequest, trust_forwarded: bool) -> String {
    let forwarded = trust_forwarded
        .then(|| {
            req.headers()
                .get_all("x-forwarded-for")
                .filter_map(|value| value.to_str().ok())
                .flat_map(|value| value.split(','))
                .map(str::trim)
                .filter(|entry| !entry.is_empty())
                .last()
                .map(str::to_owned)
        })
        .flatten();
    let address = forwarded
        .or_else(|| req.peer_addr().map(|peer| peer.ip().to_string()))
        .unwrap_or_else(|| "unknown".into());
    network_of(&address)
}

fn network_of(address: &str) -> String {
    let ip = address
        .parse::<std::net::IpAddr>()
        .or_else(|_| address.parse::<std::net::SocketAddr>().map(|s| s.ip()));
    match ip {
        Ok(std::net::IpAddr::V6(v6)) => match v6.to_ipv4_mapped() {
            Some(v4) => v4.to_string(),
            None => {
                let s = v6.segments();
                format!("{:x}:{:x}:{:x}:{:x}::/64", s[0], s[1], s[2], s[3])
            }
        },
        Ok(ip) => ip.to_string(),
        Err(_) => address.chars().take(64).collect(),
    }
}

fn refused(until: NaiveDateTime, at: NaiveDateTime) -> ApiError {
    let seconds = (until - at).num_seconds().max(1);
    ApiError::TooManyRequests {
        retry_after_seconds: u64::try_from(seconds).unwrap_or(1),
    }
}

fn window(settings: &AuthSettings) -> TimeDelta {
    TimeDelta::seconds(i64::try_from(settings.failure_window_seconds).unwrap_or(900))
}

fn pair_key(email: &str, address: &str) -> String {
    format!("pair:{email}|{address}")
}

fn address_key(address: &str) -> String {
    format!("address:{address}")
}

fn account_key(email: &str) -> String {
    format!("account:{email}")
}

/// Counts one attempt to sign in as `email` from `address`, or refuses it
/// with 429 and the time to wait.
///
/// Answers the refusal as a value rather than an error, so that the
/// transaction it runs in commits what it counted (an account's lock above
/// all) even when the attempt is refused.
pub fn reserve(
    conn: &mut DbConnection,
    settings: &AuthSettings,
    email: &str,
    address: &str,
) -> Result<Result<(), ApiError>, ApiError> {
    let at = now();
    let window = window(settings);
    // The address first: once it is refused, nothing more is stored for it.
    let from_address = count(conn, &address_key(address), at, window)?;
    if from_address.attempts > i32::try_from(settings.max_failures_per_address).unwrap_or(30) {
        return Ok(Err(refused(from_address.window_start + window, at)));
    }
    let pair = count(conn, &pair_key(email, address), at, window)?;
    if pair.attempts > i32::try_from(settings.max_failures_per_account_and_address).unwrap_or(5) {
        return Ok(Err(refused(pair.window_start + window, at)));
    }
    let account = count(conn, &account_key(email), at, window)?;
    if let Some(until) = account.locked_until.filter(|until| *until > at) {
        return Ok(Err(refused(until, at)));
    }
    if account.attempts > i32::try_from(settings.max_failures_per_account).unwrap_or(100) {
        let lock = TimeDelta::seconds(i64::try_from(settings.account_lock_seconds).unwrap_or(900));
        let doubled = (0..account.strikes.clamp(0, 16)).fold(lock, |lock, _| lock * 2);
        let until = at + doubled.min(LONGEST_LOCK);
        diesel::update(login_throttle::table.find(account_key(email)))
            .set((
                login_throttle::attempts.eq(0),
                login_throttle::window_start.eq(at),
                login_throttle::strikes.eq(account.strikes.saturating_add(1)),
                login_throttle::locked_until.eq(until),
            ))
            .execute(conn)?;
        tracing::warn!(
            email,
            until = %until,
            "an account was locked after many failed sign-ins from several addresses"
        );
        return Ok(Err(refused(until, at)));
    }
    Ok(Ok(()))
}

/// Password-reset emails one address may ask for inside the window (to any
/// accounts), and one account may be sent.
const RESETS_PER_ADDRESS: i32 = 10;
const RESETS_PER_ACCOUNT: i32 = 3;

/// Counts one request for a password-reset email to `email` from
/// `address`, or refuses it with 429. Counted whether or not the account
/// exists, so the answer tells nothing about it.
pub fn reserve_reset(
    conn: &mut DbConnection,
    settings: &AuthSettings,
    email: &str,
    address: &str,
) -> Result<Result<(), ApiError>, ApiError> {
    let at = now();
    let window = window(settings);
    let from_address = count(conn, &format!("reset-address:{address}"), at, window)?;
    if from_address.attempts > RESETS_PER_ADDRESS {
        return Ok(Err(refused(from_address.window_start + window, at)));
    }
    let to_account = count(conn, &format!("reset-account:{email}"), at, window)?;
    if to_account.attempts > RESETS_PER_ACCOUNT {
        return Ok(Err(refused(to_account.window_start + window, at)));
    }
    Ok(Ok(()))
}

/// After a successful sign-in: the owner starts afresh from this address and
/// for the account, and the address gets its attempt back.
pub fn succeeded(conn: &mut DbConnection, email: &str, address: &str) -> Result<(), ApiError> {
    diesel::delete(login_throttle::table.find(pair_key(email, address))).execute(conn)?;
    diesel::delete(login_throttle::table.find(account_key(email))).execute(conn)?;
    diesel::update(
        login_throttle::table
            .find(address_key(address))
            .filter(login_throttle::attempts.gt(0)),
    )
    .set(login_throttle::attempts.eq(login_throttle::attempts - 1))
    .execute(conn)?;
    Ok(())
}

/// Forgets counts whose window ended a day ago and whose lock is over, and
/// tokens that have expired anyway.
pub fn prune(conn: &mut DbConnection) -> Result<(), ApiError> {
    use crate::db::schema::revoked_tokens;
    let at = now();
    diesel::delete(
        login_throttle::table
            .filter(login_throttle::window_start.lt(at - TimeDelta::days(1)))
            .filter(
                login_throttle::locked_until
                    .is_null()
                    .or(login_throttle::locked_until.lt(at)),
            ),
    )
    .execute(conn)?;
    diesel::delete(revoked_tokens::table.filter(revoked_tokens::expires_at.lt(at)))
        .execute(conn)?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::network_of;

    #[test]
    fn an_ipv6_client_is_counted_by_its_slash_64() {
        assert_eq!(network_of("2001:db8:1:2:aaaa::1"), "2001:db8:1:2::/64");
        assert_eq!(network_of("2001:db8:1:2:bbbb::9"), "2001:db8:1:2::/64");
        assert_eq!(network_of("[2001:db8:1:2::1]:443"), "2001:db8:1:2::/64");
        assert_eq!(network_of("::ffff:203.0.113.9"), "203.0.113.9");
        assert_eq!(network_of("203.0.113.9"), "203.0.113.9");
        assert_eq!(network_of("203.0.113.9:5000"), "203.0.113.9");
    }
}
