//! The pages over plain HTTP, as a browser without JavaScript sees them:
//! languages, sessions, CSRF, error pages and the public results. The
//! browser tests (tests/pages) drive a real Chromium on top.

use std::collections::BTreeMap;

use reqwest::StatusCode;
use reqwest::header::{HeaderMap, SET_COOKIE};

use crate::helpers::{PASSWORD, TestApp};
use crate::on_both_backends;
use paritrana::auth::Role;

/// A cookie-keeping client that does not follow redirects, so each answer
/// can be looked at.
pub struct Visitor {
    address: String,
    client: reqwest::Client,
    pub cookies: BTreeMap<String, String>,
    pub accept_language: Option<String>,
}

pub struct Answer {
    pub status: StatusCode,
    pub headers: HeaderMap,
    pub body: String,
}

impl Answer {
    pub fn location(&self) -> &str {
        self.headers
            .get("location")
            .and_then(|v| v.to_str().ok())
            .unwrap_or("")
    }

    pub fn set_cookie(&self, name: &str) -> Option<String> {
        self.headers
            .get_all(SET_COOKIE)
            .iter()
            .filter_map(|v| v.to_str().ok())
            .find(|c| c.starts_with(&format!("{name}=")))
            .map(str::to_owned)
    }

    /// The CSRF token of the page's forms.
    pub fn csrf(&self) -> String {
        hidden(&self.body, "csrf")
    }
}

/// The value of a page's field `name` (the first form that has it): its
/// CSRF token, the version it was read at.
pub fn hidden(body: &str, name: &str) -> String {
    let marker = format!(r#"name="{name}" value=""#);
    let start = body
        .find(&marker)
        .unwrap_or_else(|| panic!("a form with the field {name}"))
        + marker.len();
    body[start..]
        .split('"')
        .next()
        .unwrap_or_default()
        .to_owned()
}

impl Visitor {
    pub fn new(app: &TestApp) -> Visitor {
        Visitor {
            address: app.address.clone(),
            client: crate::helpers::http_client(false),
            cookies: BTreeMap::new(),
            accept_language: None,
        }
    }

    fn keep(&mut self, headers: &HeaderMap) {
        for value in headers.get_all(SET_COOKIE).iter() {
            let Ok(text) = value.to_str() else { continue };
            let pair = text.split(';').next().unwrap_or_default();
            let Some((name, value)) = pair.split_once('=') else {
                continue;
            };
            let removed = text.to_ascii_lowercase().contains("max-age=0");
            if removed || value.is_empty() {
                self.cookies.remove(name);
            } else {
                self.cookies.insert(name.to_owned(), value.to_owned());
            }
        }
    }

    fn cookie_header(&self) -> String {
        self.cookies
            .iter()
            .map(|(k, v)| format!("{k}={v}"))
            .collect::<Vec<_>>()
            .join("; ")
    }

    async fn answer(&mut self, request: reqwest::RequestBuilder) -> Answer {
        let mut request = request
            .header("accept", "text/html")
            .header("cookie", self.cookie_header());
        if let Some(lang) = &self.accept_language {
            request = request.header("accept-language", lang);
        }
        let response = request.send().await.expect("request");
        let status = response.status();
        let headers = response.headers().clone();
        self.keep(&headers);
        let body = response.text().await.unwrap_or_default();
        Answer {
            status,
            headers,
            body,
        }
    }

    pub async fn get(&mut self, path: &str) -> Answer {
        let request = self.client.get(format!("{}{path}", self.address));
        self.answer(request).await
    }

    /// Posts a form as our own page does (same origin).
    pub async fn post(&mut self, path: &str, fields: &[(&str, &str)]) -> Answer {
        self.post_from(path, fields, "same-origin").await
    }

    pub async fn post_from(&mut self, path: &str, fields: &[(&str, &str)], site: &str) -> Answer {
        let request = self
            .client
            .post(format!("{}{path}", self.address))
            .header("sec-fetch-site", site)
            .form(fields);
        self.answer(request).await
    }

    /// Posts a form with files (multipart) as our own page does: `fields`
    /// as text, `files` as `(field, file name, bytes)`.
    pub async fn post_files(
        &mut self,
        path: &str,
        fields: &[(&str, &str)],
        files: &[(&str, &str, Vec<u8>)],
    ) -> Answer {
        let mut form = reqwest::multipart::Form::new();
        for (name, value) in fields {
            form = form.text(name.to_string(), value.to_string());
        }
        for (name, file_name, bytes) in files {
            form = form.part(
                name.to_string(),
                reqwest::multipart::Part::bytes(bytes.clone()).file_name(file_name.to_string()),
            );
        }
        let request = self
            .client
            .post(format!("{}{path}", self.address))
            .header("sec-fetch-site", "same-origin")
            .multipart(form);
        self.answer(request).await
    }

    /// Signs in through the sign-in page; answers the redirect.
    pub async fn sign_in(&mut self, email: &str, password: &str) -> Answer {
        let form = self.get("/masuk").await;
        let csrf = form.csrf();
        self.post(
            "/masuk",
            &[("email", email), ("password", password), ("csrf", &csrf)],
        )
        .await
    }
}

async fn pages_speak_bahasa_indonesia_first_and_english_on_request(app: TestApp) {
    let mut visitor = Visitor::new(&app);
    let home = visitor.get("/").await;
    assert_eq!(home.status, StatusCode::OK);
    assert_eq!(home.headers["content-type"], "text/html; charset=utf-8");
    assert!(home.body.contains(r#"<html lang="id">"#), "{}", home.body);
    assert!(home.body.contains("Edisi yang sedang dibuka"));
    assert!(
        home.body
            .contains("Saat ini tidak ada edisi yang menerima usulan.")
    );
    assert!(
        home.body.contains(r#"href="/masuk""#),
        "home links to sign-in"
    );
    // The policy allows our own files only: no inline script or style.
    let policy = home.headers["content-security-policy"].to_str().unwrap();
    assert!(
        policy.contains("script-src 'self'") && policy.contains("style-src 'self'"),
        "{policy}"
    );
    assert!(
        !policy.contains("unsafe-inline") && policy.contains("frame-ancestors 'none'"),
        "{policy}"
    );
    assert_eq!(home.headers["x-content-type-options"], "nosniff");
    assert_eq!(home.headers["referrer-policy"], "same-origin");
    // A browser that prefers English gets English on its first visit.
    let mut english = Visitor::new(&app);
    english.accept_language = Some("en-GB,en;q=0.9,id;q=0.5".into());
    let home = english.get("/").await;
    assert!(home.body.contains(r#"<html lang="en">"#));
    assert!(home.body.contains("Editions open now"));
    // The switch is remembered by cookie, over the browser's wish.
    let csrf = home.csrf();
    let switched = english
        .post(
            "/bahasa",
            &[("lang", "id"), ("back", "/edisi"), ("csrf", &csrf)],
        )
        .await;
    assert_eq!(switched.status, StatusCode::SEE_OTHER);
    assert_eq!(switched.location(), "/edisi");
    let editions = english.get("/edisi").await;
    assert!(editions.body.contains(r#"<html lang="id">"#));
    assert!(editions.body.contains("Semua provinsi"));
    // The switch never sends anyone off the site.
    let csrf = editions.csrf();
    let switched = english
        .post(
            "/bahasa",
            &[("lang", "en"), ("back", "//evil.test/"), ("csrf", &csrf)],
        )
        .await;
    assert_eq!(switched.location(), "/");
}

async fn unknown_pages_answer_in_the_site_look_and_the_api_keeps_problems(app: TestApp) {
    let mut visitor = Visitor::new(&app);
    let missing = visitor.get("/tidak-ada").await;
    assert_eq!(missing.status, StatusCode::NOT_FOUND);
    assert_eq!(missing.headers["content-type"], "text/html; charset=utf-8");
    assert!(
        missing.body.contains("Halaman tidak ditemukan"),
        "{}",
        missing.body
    );
    assert!(missing.body.contains(r#"href="/""#));
    let (status, body) = app.get("/api/v1/tidak-ada", None).await;
    crate::helpers::assert_problem(status, &body, StatusCode::NOT_FOUND);
    let (status, body) = app.get("/tidak-ada", None).await;
    crate::helpers::assert_problem(status, &body, StatusCode::NOT_FOUND);
    // HEAD works wherever GET does.
    let head = crate::helpers::http_client(true)
        .head(format!("{}/edisi", app.address))
        .send()
        .await
        .unwrap();
    assert_eq!(head.status(), StatusCode::OK);
    // An unpublished edition's results page says so, in the site's look.
    let results = visitor.get("/edisi/tidak-ada/hasil").await;
    assert_eq!(results.status, StatusCode::NOT_FOUND);
    assert!(
        results.body.contains("Hasil edisi ini belum diumumkan."),
        "{}",
        results.body
    );
}

async fn a_page_session_ends_on_the_server_when_signing_out(app: TestApp) {
    app.seed_user(
        "juri@example.id",
        "Ibu Juri",
        &[Role::Judge],
        &[],
        Some("33"),
    );
    let mut visitor = Visitor::new(&app);
    // Wrong password: the form says so beside the fields and keeps the email.
    let form = visitor.get("/masuk").await;
    let csrf = form.csrf();
    let wrong = visitor
        .post(
            "/masuk",
            &[
                ("email", "juri@example.id"),
                ("password", "salah-sekali-123"),
                ("csrf", &csrf),
            ],
        )
        .await;
    assert_eq!(wrong.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(
        wrong.body.contains("Email atau kata sandi salah."),
        "{}",
        wrong.body
    );
    assert!(wrong.body.contains(r#"value="juri@example.id""#));
    assert!(!visitor.cookies.contains_key("paritrana_session"));
    // Right password: a sealed, HttpOnly, SameSite=Lax session cookie.
    let signed_in = visitor.sign_in("juri@example.id", PASSWORD).await;
    assert_eq!(
        signed_in.status,
        StatusCode::SEE_OTHER,
        "{}",
        signed_in.body
    );
    assert_eq!(signed_in.location(), "/dasbor");
    let cookie = signed_in
        .set_cookie("paritrana_session")
        .expect("session cookie");
    assert!(
        cookie.contains("HttpOnly") && cookie.contains("SameSite=Lax"),
        "{cookie}"
    );
    assert!(!cookie.contains("Secure"), "plain HTTP here: {cookie}");
    let dashboard = visitor.get("/dasbor").await;
    assert_eq!(dashboard.status, StatusCode::OK);
    assert!(dashboard.body.contains("Selamat datang, Ibu Juri"));
    assert!(
        dashboard.body.contains("Anda sudah masuk."),
        "the flash shows once"
    );
    assert_eq!(dashboard.headers["cache-control"], "private, no-store");
    let again = visitor.get("/dasbor").await;
    assert!(!again.body.contains("Anda sudah masuk."), "and only once");
    // Signing out ends the session on the server: a copy of the cookie is dead.
    let copy = visitor.cookies.clone();
    let csrf = again.csrf();
    let out = visitor.post("/keluar", &[("csrf", &csrf)]).await;
    assert_eq!(out.status, StatusCode::SEE_OTHER);
    assert!(!visitor.cookies.contains_key("paritrana_session"));
    let mut thief = Visitor::new(&app);
    thief.cookies = copy;
    let refused = thief.get("/dasbor").await;
    assert_eq!(refused.status, StatusCode::SEE_OTHER);
    assert!(
        refused.location().starts_with("/masuk?next="),
        "{}",
        refused.location()
    );
    // Signed-in pages send a stranger to sign in, and back afterwards.
    let mut stranger = Visitor::new(&app);
    let to_sign_in = stranger.get("/akun").await;
    assert_eq!(to_sign_in.location(), "/masuk?next=%2Fakun");
    let form = stranger.get(to_sign_in.location()).await;
    let csrf = form.csrf();
    let back = stranger
        .post(
            "/masuk",
            &[
                ("email", "juri@example.id"),
                ("password", PASSWORD),
                ("next", "/akun"),
                ("csrf", &csrf),
            ],
        )
        .await;
    assert_eq!(back.location(), "/akun");
}

async fn cross_site_forms_are_refused(app: TestApp) {
    app.seed_user(
        "juri@example.id",
        "Ibu Juri",
        &[Role::Judge],
        &[],
        Some("33"),
    );
    let mut visitor = Visitor::new(&app);
    let form = visitor.get("/masuk").await;
    let csrf = form.csrf();
    let fields = [
        ("email", "juri@example.id"),
        ("password", PASSWORD),
        ("csrf", csrf.as_str()),
    ];
    // From another site, even with a valid token.
    let refused = visitor.post_from("/masuk", &fields, "cross-site").await;
    assert_eq!(refused.status, StatusCode::FORBIDDEN);
    assert!(
        refused.body.contains("Formulir kedaluwarsa"),
        "{}",
        refused.body
    );
    // Without the token, or with another browser's.
    let refused = visitor
        .post(
            "/masuk",
            &[("email", "juri@example.id"), ("password", PASSWORD)],
        )
        .await;
    assert_eq!(refused.status, StatusCode::FORBIDDEN);
    let mut other = Visitor::new(&app);
    let refused = other.post("/masuk", &fields).await;
    assert_eq!(refused.status, StatusCode::FORBIDDEN);
    // A signed-in session's forms need the session's own token.
    let signed_in = visitor.post("/masuk", &fields).await;
    assert_eq!(signed_in.status, StatusCode::SEE_OTHER);
    for (path, extra) in [
        ("/keluar", vec![]),
        (
            "/akun",
            vec![("display_name", "Diganti"), ("language", "en")],
        ),
        (
            "/akun/sandi",
            vec![
                ("current_password", PASSWORD),
                ("new_password", "kata-sandi-baru-12345"),
            ],
        ),
        ("/bahasa", vec![("lang", "en")]),
    ] {
        let mut stale = extra.clone();
        stale.push(("csrf", csrf.as_str()));
        let refused = visitor.post(path, &stale).await;
        assert_eq!(
            refused.status,
            StatusCode::FORBIDDEN,
            "{path} with the token from before signing in"
        );
        let refused = visitor.post_from(path, &extra, "cross-site").await;
        assert_eq!(
            refused.status,
            StatusCode::FORBIDDEN,
            "{path} from another site"
        );
    }
    let account = visitor.get("/akun").await;
    assert!(
        account.body.contains(r#"value="Ibu Juri""#),
        "nothing changed"
    );
}

async fn my_account_keeps_name_language_and_needs_the_current_password(app: TestApp) {
    app.seed_user(
        "juri@example.id",
        "Ibu Juri",
        &[Role::Judge],
        &[],
        Some("33"),
    );
    let mut visitor = Visitor::new(&app);
    visitor.sign_in("juri@example.id", PASSWORD).await;
    let account = visitor.get("/akun").await;
    assert_eq!(account.status, StatusCode::OK);
    let csrf = account.csrf();
    // A bad name is refused beside its field, keeping what was typed.
    let refused = visitor
        .post(
            "/akun",
            &[("display_name", "  "), ("language", "en"), ("csrf", &csrf)],
        )
        .await;
    assert_eq!(refused.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(
        refused.body.contains(r#"id="display_name-error""#),
        "{}",
        refused.body
    );
    let saved = visitor
        .post(
            "/akun",
            &[
                ("display_name", "Dr. Sri Juri"),
                ("language", "en"),
                ("csrf", &csrf),
            ],
        )
        .await;
    assert_eq!(saved.status, StatusCode::SEE_OTHER);
    let account = visitor.get("/akun").await;
    assert!(account.body.contains(r#"<html lang="en">"#));
    assert!(account.body.contains("Your profile is saved."));
    assert!(account.body.contains(r#"value="Dr. Sri Juri""#));
    // The language belongs to the account: a new browser asking for
    // Indonesian gets English once signed in.
    let mut elsewhere = Visitor::new(&app);
    elsewhere.accept_language = Some("id".into());
    elsewhere.sign_in("juri@example.id", PASSWORD).await;
    let dashboard = elsewhere.get("/dasbor").await;
    assert!(
        dashboard.body.contains("Welcome, Dr. Sri Juri"),
        "{}",
        dashboard.body
    );
    // Changing the password needs the current one, and ends other sessions.
    let csrf = account.csrf();
    let wrong = visitor
        .post(
            "/akun/sandi",
            &[
                ("current_password", "bukan-sandinya-123"),
                ("new_password", "kata-sandi-baru-12345"),
                ("csrf", &csrf),
            ],
        )
        .await;
    assert_eq!(wrong.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(
        wrong.body.contains("The current password is wrong."),
        "{}",
        wrong.body
    );
    let changed = visitor
        .post(
            "/akun/sandi",
            &[
                ("current_password", PASSWORD),
                ("new_password", "kata-sandi-baru-12345"),
                ("csrf", &csrf),
            ],
        )
        .await;
    assert_eq!(changed.status, StatusCode::SEE_OTHER);
    assert_eq!(
        visitor.get("/akun").await.status,
        StatusCode::OK,
        "this session goes on"
    );
    assert_eq!(
        elsewhere.get("/dasbor").await.status,
        StatusCode::SEE_OTHER,
        "the other one ended"
    );
    let api = app.login("juri@example.id", "kata-sandi-baru-12345").await;
    assert!(!api.is_empty());
}

async fn page_sign_in_is_throttled_like_the_api(app: TestApp) {
    app.seed_user(
        "juri@example.id",
        "Ibu Juri",
        &[Role::Judge],
        &[],
        Some("33"),
    );
    let limit = app.settings.auth.max_failures_per_account_and_address;
    let mut visitor = Visitor::new(&app);
    let csrf = visitor.get("/masuk").await.csrf();
    let mut statuses = Vec::new();
    for _ in 0..=limit {
        let answer = visitor
            .post(
                "/masuk",
                &[
                    ("email", "juri@example.id"),
                    ("password", "salah-sekali-123"),
                    ("csrf", &csrf),
                ],
            )
            .await;
        statuses.push(answer.status);
    }
    assert_eq!(
        statuses.last(),
        Some(&StatusCode::TOO_MANY_REQUESTS),
        "{statuses:?}"
    );
    // The API counts the same attempts: it refuses too.
    let (status, _) = app
        .post(
            "/api/v1/auth/login",
            None,
            serde_json::json!({"email": "juri@example.id", "password": PASSWORD}),
        )
        .await;
    assert_eq!(status, StatusCode::TOO_MANY_REQUESTS);
}

async fn cookies_are_secure_behind_a_proxy_that_says_tls(app: TestApp) {
    let answer = crate::helpers::http_client(true)
        .get(format!("{}/masuk", app.address))
        .header("accept", "text/html")
        .header("x-forwarded-proto", "https")
        .send()
        .await
        .unwrap();
    let seed = answer
        .headers()
        .get_all(SET_COOKIE)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .find(|c| c.starts_with("paritrana_csrf="))
        .expect("the CSRF seed")
        .to_owned();
    assert!(
        seed.contains("Secure") && seed.contains("HttpOnly"),
        "{seed}"
    );
    assert!(answer.headers().contains_key("strict-transport-security"));
}

on_both_backends!(
    cookies_are_secure_behind_a_proxy_that_says_tls,
    pages_speak_bahasa_indonesia_first_and_english_on_request,
    unknown_pages_answer_in_the_site_look_and_the_api_keeps_problems,
    a_page_session_ends_on_the_server_when_signing_out,
    cross_site_forms_are_refused,
    my_account_keeps_name_language_and_needs_the_current_password,
    page_sign_in_is_throttled_like_the_api,
);

/// Who is refused an office page, and the answers that refuse them:
/// judges and entrants are told they may not (403); another province's
/// office is told it may not or that there is no such thing (403 or 404).
pub fn outsiders<'a>(
    judge: &'a str,
    entrant: &'a str,
    other_office: &'a str,
) -> [(&'a str, &'static [StatusCode]); 3] {
    const FORBIDDEN: &[StatusCode] = &[StatusCode::FORBIDDEN];
    const ELSEWHERE: &[StatusCode] = &[StatusCode::FORBIDDEN, StatusCode::NOT_FOUND];
    [
        (judge, FORBIDDEN),
        (entrant, FORBIDDEN),
        (other_office, ELSEWHERE),
    ]
}

/// Each of `who` signs in and tries every page and every form: each answer
/// must refuse them as listed, and no page may show `secret`.
pub async fn refused_everywhere(
    app: &TestApp,
    who: &[(&str, &[StatusCode])],
    pages: &[String],
    forms: &[(String, Vec<(&str, String)>)],
    secret: &str,
) {
    for (email, refusals) in who {
        let mut visitor = Visitor::new(app);
        visitor.sign_in(email, PASSWORD).await;
        let csrf = visitor.get("/akun").await.csrf();
        for page in pages {
            let answer = visitor.get(page).await;
            assert!(
                refusals.contains(&answer.status),
                "{email} GET {page}: {}",
                answer.body
            );
            assert!(!answer.body.contains(secret), "{email} {page}");
        }
        for (path, fields) in forms {
            let mut form: Vec<(&str, &str)> = vec![("csrf", csrf.as_str())];
            form.extend(fields.iter().map(|(k, v)| (*k, v.as_str())));
            let answer = visitor.post(path, &form).await;
            assert!(
                refusals.contains(&answer.status),
                "{email} POST {path}: {}",
                answer.body
            );
        }
    }
}
