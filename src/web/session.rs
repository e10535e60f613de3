//! The pages' session and their defences against cross-site requests.
//!
//! Signing in on a page puts a session token (the same kind the API
//! issues, with the pages' longer lifetime) in a cookie that is encrypted
//! and authenticated with the session key, HttpOnly, SameSite=Lax, and
//! Secure over TLS. Signing out revokes that token in the database, so a
//! copied cookie is dead on every instance. A form that changes anything
//! carries a token that is an HMAC of the browser's CSRF seed and the
//! session, and its request must come from this site.

use actix_web::HttpRequest;
use actix_web::cookie::{Cookie, CookieJar, Key, SameSite, time::Duration};
use actix_web::http::header;
use hmac::{Hmac, Mac};
use sha2::Sha256;

pub const SESSION: &str = "paritrana_session";
pub const CSRF_SEED: &str = "paritrana_csrf";
pub const LANGUAGE: &str = "paritrana_lang";
pub const FLASH: &str = "paritrana_flash";

/// Whether the browser reached us over TLS (directly or through a proxy
/// that says so); cookies are then Secure.
pub fn secure(req: &HttpRequest) -> bool {
    req.connection_info().scheme() == "https"
}

fn base(name: &'static str, value: String, secure: bool) -> Cookie<'static> {
    Cookie::build(name, value)
        .path("/")
        .http_only(true)
        .same_site(SameSite::Lax)
        .secure(secure)
        .finish()
}

/// A cookie whose value only this server can read or write.
pub fn sealed(
    key: &Key,
    name: &'static str,
    value: String,
    secure: bool,
    max_age: Option<Duration>,
) -> Cookie<'static> {
    let mut cookie = base(name, value, secure);
    if let Some(age) = max_age {
        cookie.set_max_age(age);
    }
    let mut jar = CookieJar::new();
    jar.private_mut(key).add(cookie);
    jar.get(name).cloned().unwrap_or_else(|| removal(name))
}

/// A readable cookie (the language chosen before signing in).
pub fn plain(
    name: &'static str,
    value: String,
    secure: bool,
    max_age: Duration,
) -> Cookie<'static> {
    let mut cookie = base(name, value, secure);
    cookie.set_max_age(max_age);
    cookie
}

/// The value of a sealed cookie, when it is there and untouched.
pub fn unseal(req: &HttpRequest, key: &Key, name: &str) -> Option<String> {
    let cookie = req.cookie(name)?;
    let jar = CookieJar::new();
    jar.private(key)
        .decrypt(cookie.into_owned())
        .map(|c| c.value().to_owned())
}

/// Tells the browser to forget a cookie.
pub fn removal(name: &'static str) -> Cookie<'static> {
    let mut cookie = Cookie::build(name, "").path("/").finish();
    cookie.make_removal();
    cookie
}

/// A fresh random seed for the browser's CSRF tokens.
pub fn new_seed() -> String {
    use rand::RngCore;
    let mut bytes = [0u8; 32];
    rand::thread_rng().fill_bytes(&mut bytes);
    hex::encode(bytes)
}

/// The token a page's forms carry: bound to the browser's seed and, once
/// signed in, to the session, so a token seen before signing in (or in
/// another session) is worthless after.
pub fn csrf_token(key: &Key, seed: &str, session_id: Option<&str>) -> String {
    hex::encode(csrf_mac(key, seed, session_id).finalize().into_bytes())
}

/// The MAC a form's token is, before it is finished.
fn csrf_mac(key: &Key, seed: &str, session_id: Option<&str>) -> Hmac<Sha256> {
    let mut mac = Hmac::<Sha256>::new_from_slice(key.signing()).expect("HMAC takes any key length");
    mac.update(b"paritrana-csrf\0");
    mac.update(seed.as_bytes());
    mac.update(b"\0");
    mac.update(session_id.unwrap_or("").as_bytes());
    mac
}

/// Compares a submitted token with the expected one in constant time.
pub fn csrf_matches(key: &Key, seed: &str, session_id: Option<&str>, submitted: &str) -> bool {
    let Ok(submitted) = hex::decode(submitted.trim()) else {
        return false;
    };
    csrf_mac(key, seed, session_id)
        .verify_slice(&submitted)
        .is_ok()
}

/// Whether a request that changes something came from one of our own
/// pages: the browser says so in `Sec-Fetch-Site`, or else its `Origin`
/// is ours. A request with neither (not from a browser) is left to the
/// token.
pub fn same_site_request(req: &HttpRequest) -> bool {
    if let Some(site) = req
        .headers()
        .get("sec-fetch-site")
        .and_then(|v| v.to_str().ok())
    {
        return matches!(site, "same-origin" | "none");
    }
    match req
        .headers()
        .get(header::ORIGIN)
        .and_then(|v| v.to_str().ok())
    {
        None => true,
        Some(origin) => {
            let info = req.connection_info();
            origin == format!("{}://{}", info.scheme(), info.host())
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn key() -> Key {
        Key::derive_from(b"a test key that is long enough for cookies")
    }

    #[test]
    fn a_token_is_bound_to_the_seed_and_the_session() {
        let key = key();
        let token = csrf_token(&key, "seed", Some("session-1"));
        assert!(csrf_matches(&key, "seed", Some("session-1"), &token));
        assert!(!csrf_matches(&key, "other", Some("session-1"), &token));
        assert!(!csrf_matches(&key, "seed", Some("session-2"), &token));
        assert!(!csrf_matches(&key, "seed", None, &token));
        assert!(!csrf_matches(&key, "seed", Some("session-1"), "not hex"));
        let other_key = Key::derive_from(b"another key that is long enough for cookies");
        assert!(!csrf_matches(&other_key, "seed", Some("session-1"), &token));
    }

    #[test]
    fn a_sealed_cookie_hides_its_value_and_opens_only_with_its_key() {
        let key = key();
        let cookie = sealed(&key, SESSION, "secret".into(), true, None);
        assert!(!cookie.value().contains("secret"));
        assert_eq!(cookie.http_only(), Some(true));
        assert_eq!(cookie.same_site(), Some(SameSite::Lax));
        assert_eq!(cookie.secure(), Some(true));
        let req = actix_web::test::TestRequest::default()
            .cookie(cookie.clone())
            .to_http_request();
        assert_eq!(unseal(&req, &key, SESSION).as_deref(), Some("secret"));
        let other = Key::derive_from(b"another key that is long enough for cookies");
        assert_eq!(unseal(&req, &other, SESSION), None);
    }

    #[test]
    fn cross_site_requests_are_told_apart() {
        use actix_web::test::TestRequest;
        let req = |headers: &[(&str, &str)]| {
            let mut r = TestRequest::post()
                .uri("/masuk")
                .insert_header(("host", "award.test"));
            for (name, value) in headers {
                r = r.insert_header((*name, *value));
            }
            r.to_http_request()
        };
        assert!(same_site_request(&req(&[(
            "sec-fetch-site",
            "same-origin"
        )])));
        assert!(!same_site_request(&req(&[(
            "sec-fetch-site",
            "cross-site"
        )])));
        assert!(!same_site_request(&req(&[("sec-fetch-site", "same-site")])));
        assert!(same_site_request(&req(&[("origin", "http://award.test")])));
        assert!(!same_site_request(&req(&[("origin", "http://evil.test")])));
        assert!(same_site_request(&req(&[])));
    }
}
