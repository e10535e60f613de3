//! Starts the real server on port 0 with a fresh database (a SQLite file, or
//! a new PostgreSQL database when PARITRANA_TEST_POSTGRES_URL is set) and
//! talks HTTP to it.

use std::path::PathBuf;

use diesel::Connection;
use diesel::RunQueryDsl;
use figment::providers::Serialized;
use paritrana::app::Application;
use paritrana::auth::Role;
use paritrana::auth::password::Passwords;
use paritrana::config::{Environment, Settings};
use paritrana::db;
use paritrana::users::store::{self, NewAccount};
use reqwest::{Method, StatusCode};
use serde_json::{Value, json};

pub const POSTGRES_ENV: &str = "PARITRANA_TEST_POSTGRES_URL";
pub const PASSWORD: &str = "kata-sandi-uji-1234";

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Backend {
    Sqlite,
    Postgres,
}

/// An HTTP client for talking to the test server. Idle pooled connections
/// are dropped well before the server's keep-alive (5 s) closes them, so a
/// request sent after a long pause (a browser step, a slow publication)
/// never lands on a connection the server is closing at that moment.
pub fn http_client(follow_redirects: bool) -> reqwest::Client {
    let redirect = if follow_redirects {
        reqwest::redirect::Policy::default()
    } else {
        reqwest::redirect::Policy::none()
    };
    reqwest::Client::builder()
        .redirect(redirect)
        .pool_idle_timeout(std::time::Duration::from_secs(1))
        .build()
        .expect("client")
}

pub struct TestApp {
    pub address: String,
    pub client: reqwest::Client,
    pub settings: Settings,
    /// The national admin every test starts with.
    pub admin_token: String,
    _dir: tempfile::TempDir,
    postgres: Option<PostgresDatabase>,
}

struct PostgresDatabase {
    admin_url: String,
    name: String,
}

impl Drop for PostgresDatabase {
    fn drop(&mut self) {
        let admin_url = self.admin_url.clone();
        let name = self.name.clone();
        // Dropped from a plain thread: the test's runtime may be shutting down.
        let _ = std::thread::spawn(move || {
            if let Ok(mut conn) = diesel::PgConnection::establish(&admin_url) {
                let _ =
                    diesel::sql_query(format!("DROP DATABASE IF EXISTS \"{name}\" WITH (FORCE)"))
                        .execute(&mut conn);
            }
        })
        .join();
    }
}

/// The PostgreSQL server URL for tests, or None to skip. In CI a missing URL
/// is a failure, never a silent skip.
pub fn postgres_url() -> Option<String> {
    match std::env::var(POSTGRES_ENV) {
        Ok(url) if !url.is_empty() => Some(url),
        _ if std::env::var_os("CI").is_some() => panic!("{POSTGRES_ENV} must be set in CI"),
        _ => None,
    }
}

/// A wall-clock time `days` from now in WIB (UTC+7), as an edition's
/// schedule takes it: `2026-11-22T17:05`.
pub fn local_in(days: i64) -> String {
    (chrono::Utc::now() + chrono::Duration::days(days) + chrono::Duration::hours(7))
        .format("%Y-%m-%dT%H:%M")
        .to_string()
}

pub const CHROMIUM_ENV: &str = "PARITRANA_TEST_CHROMIUM";

/// The headless browser for page tests, or None to skip them. In CI a
/// missing browser is a failure, never a silent skip.
pub fn chromium() -> Option<String> {
    match std::env::var(CHROMIUM_ENV) {
        Ok(path) if !path.is_empty() => Some(path),
        _ if std::env::var_os("CI").is_some() => panic!("{CHROMIUM_ENV} must be set in CI"),
        _ => None,
    }
}

pub const CHROMEDRIVER_ENV: &str = "PARITRANA_TEST_CHROMEDRIVER";

/// The WebDriver server for the browser, or None to skip the page tests.
/// In CI a missing driver is a failure, never a silent skip.
pub fn chromedriver() -> Option<String> {
    match std::env::var(CHROMEDRIVER_ENV) {
        Ok(path) if !path.is_empty() => Some(path),
        _ if std::env::var_os("CI").is_some() => panic!("{CHROMEDRIVER_ENV} must be set in CI"),
        _ => None,
    }
}

/// A page as a real browser makes it: the DOM headless Chromium built from
/// `url`, and how many pages it prints on.
pub async fn in_browser(browser: &str, url: &str) -> (String, usize) {
    let (browser, url) = (browser.to_owned(), url.to_owned());
    // On a blocking thread, so the test's own server goes on answering.
    tokio::task::spawn_blocking(move || {
        let profile = tempfile::tempdir().expect("browser profile");
        let pdf = profile.path().join("page.pdf");
        let run = |extra: &[String]| {
            let output = std::process::Command::new(&browser)
                .args([
                    "--headless",
                    "--no-sandbox",
                    "--disable-gpu",
                    "--disable-dev-shm-usage",
                ])
                .arg(format!(
                    "--user-data-dir={}",
                    profile.path().join("profile").display()
                ))
                .args(extra)
                .arg(&url)
                .output()
                .expect("the browser runs");
            assert!(output.status.success(), "{browser}: {output:?}");
            output.stdout
        };
        let dom = String::from_utf8(run(&["--dump-dom".to_owned()])).expect("UTF-8 DOM");
        run(&[
            format!("--print-to-pdf={}", pdf.display()),
            "--no-pdf-header-footer".to_owned(),
        ]);
        let printed = std::fs::read(&pdf).expect("the printed PDF");
        // The page tree's root says how many pages there are: "/Count N".
        let text = String::from_utf8_lossy(&printed);
        let pages = text
            .split("/Count ")
            .skip(1)
            .filter_map(|rest| {
                rest.split(|c: char| !c.is_ascii_digit())
                    .next()
                    .and_then(|n| n.parse::<usize>().ok())
            })
            .max()
            .expect("a page count in the PDF");
        (dom, pages)
    })
    .await
    .expect("the browser thread")
}

pub fn repo_path(relative: &str) -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join(relative)
}

impl TestApp {
    pub async fn spawn(backend: Backend) -> Option<TestApp> {
        Self::spawn_with(backend, |figment| figment).await
    }

    /// Starts a server; `tune` may change settings. None when PostgreSQL is
    /// asked for but not configured outside CI.
    pub async fn spawn_with(
        backend: Backend,
        tune: impl FnOnce(figment::Figment) -> figment::Figment,
    ) -> Option<TestApp> {
        let dir = tempfile::tempdir().expect("temporary folder");
        let (url, postgres) = match backend {
            Backend::Sqlite => (dir.path().join("test.sqlite3").display().to_string(), None),
            Backend::Postgres => {
                let admin_url = postgres_url()?;
                let name = format!("paritrana_test_{}", uuid::Uuid::new_v4().simple());
                let mut conn =
                    diesel::PgConnection::establish(&admin_url).expect("connect to PostgreSQL");
                diesel::sql_query(format!("CREATE DATABASE \"{name}\""))
                    .execute(&mut conn)
                    .expect("create test database");
                (
                    paritrana::db::with_database(&admin_url, &name),
                    Some(PostgresDatabase { admin_url, name }),
                )
            }
        };
        let figment = Settings::figment(Environment::Test, &repo_path("config"))
            .expect("settings")
            .merge(Serialized::default("server.port", 0))
            .merge(Serialized::default("server.workers", 1))
            .merge(Serialized::default("database.url", &url))
            .merge(Serialized::default("database.pool_size", 4))
            .merge(Serialized::default(
                "regions.dir",
                repo_path("tests/fixtures/wilayah"),
            ))
            .merge(Serialized::default("files.dir", dir.path().join("files")))
            .merge(Serialized::default("files.max_upload_bytes", 256 * 1024))
            .merge(Serialized::default("auth.argon2_memory_kib", 4096))
            .merge(Serialized::default("auth.argon2_iterations", 1));
        let settings = Settings::extract(tune(figment), Environment::Test).expect("valid settings");
        let app = Application::build(settings.clone())
            .await
            .expect("server starts");
        let address = format!("http://127.0.0.1:{}", app.port());
        tokio::spawn(app.run_until_stopped());
        let mut test = TestApp {
            address,
            client: http_client(true),
            settings,
            admin_token: String::new(),
            _dir: dir,
            postgres,
        };
        test.seed_user(
            "admin@bpjsketenagakerjaan.go.id",
            "Admin Nasional",
            &[Role::NationalAdmin],
            &[],
            None,
        );
        test.admin_token = test
            .login("admin@bpjsketenagakerjaan.go.id", PASSWORD)
            .await;
        Some(test)
    }

    pub fn is_postgres(&self) -> bool {
        self.postgres.is_some()
    }

    /// Writes an account straight into the database (as `create-admin` does).
    pub fn seed_user(
        &self,
        email: &str,
        name: &str,
        roles: &[Role],
        provinces: &[&str],
        province: Option<&str>,
    ) -> String {
        let pool = db::connect(&self.settings.database).expect("pool");
        let mut conn = pool.get().expect("connection");
        let hash = Passwords::new(&self.settings.auth)
            .expect("params")
            .hash(PASSWORD)
            .expect("hash");
        store::insert(
            &mut conn,
            &NewAccount {
                email: email.to_owned(),
                display_name: name.to_owned(),
                password_hash: hash,
                province_code: province.map(str::to_owned),
                roles: roles.to_vec(),
                provinces: provinces.iter().map(|p| (*p).to_owned()).collect(),
                organisation_ids: Vec::new(),
            },
        )
        .expect("seed user")
    }

    pub async fn login(&self, email: &str, password: &str) -> String {
        let (status, body) = self
            .request(
                Method::POST,
                "/api/v1/auth/login",
                None,
                Some(json!({"email": email, "password": password})),
            )
            .await;
        assert_eq!(status, StatusCode::OK, "login of {email} failed: {body}");
        body["access_token"].as_str().expect("token").to_owned()
    }

    pub async fn request(
        &self,
        method: Method,
        path: &str,
        token: Option<&str>,
        body: Option<Value>,
    ) -> (StatusCode, Value) {
        let response = self.send(method.clone(), path, token, body).await;
        let status = response.status();
        let content_type = response
            .headers()
            .get("content-type")
            .and_then(|value| value.to_str().ok())
            .map(str::to_owned);
        let text = response.text().await.expect("body");
        crate::documented::check(
            &method,
            path,
            status.as_u16(),
            content_type.as_deref(),
            &text,
        );
        let value = if text.is_empty() {
            Value::Null
        } else {
            serde_json::from_str(&text).unwrap_or(Value::String(text))
        };
        (status, value)
    }

    pub async fn send(
        &self,
        method: Method,
        path: &str,
        token: Option<&str>,
        body: Option<Value>,
    ) -> reqwest::Response {
        let mut request = self
            .client
            .request(method.clone(), format!("{}{path}", self.address));
        if let Some(token) = token {
            request = request.bearer_auth(token);
        }
        if let Some(body) = body {
            request = request.json(&body);
        }
        let response = request.send().await.expect("request reaches the server");
        crate::documented::check_head(
            &method,
            path,
            response.status().as_u16(),
            response
                .headers()
                .get("content-type")
                .and_then(|value| value.to_str().ok()),
        );
        response
    }

    pub async fn get(&self, path: &str, token: Option<&str>) -> (StatusCode, Value) {
        self.request(Method::GET, path, token, None).await
    }

    pub async fn post(&self, path: &str, token: Option<&str>, body: Value) -> (StatusCode, Value) {
        self.request(Method::POST, path, token, Some(body)).await
    }

    pub async fn patch(&self, path: &str, token: Option<&str>, body: Value) -> (StatusCode, Value) {
        self.request(Method::PATCH, path, token, Some(body)).await
    }

    pub async fn put(&self, path: &str, token: Option<&str>, body: Value) -> (StatusCode, Value) {
        self.request(Method::PUT, path, token, Some(body)).await
    }

    /// Creates an account through the API as the national admin and signs it in.
    pub async fn user_with(&self, email: &str, body: Value) -> (String, String) {
        let mut request = json!({"email": email, "display_name": email, "password": PASSWORD});
        if let (Some(target), Some(extra)) = (request.as_object_mut(), body.as_object()) {
            target.extend(extra.clone());
        }
        let (status, created) = self
            .post("/api/v1/users", Some(&self.admin_token), request)
            .await;
        assert_eq!(status, StatusCode::CREATED, "creating {email}: {created}");
        let token = self.login(email, PASSWORD).await;
        (created["id"].as_str().expect("id").to_owned(), token)
    }

    /// A regional admin of Jawa Tengah (33).
    pub async fn regional_admin(&self, email: &str, province: &str) -> (String, String) {
        self.user_with(email, json!({"roles": ["regional_admin"], "provinces": [province], "province_code": province}))
            .await
    }

    pub async fn judge(&self, email: &str, province: &str) -> (String, String) {
        self.user_with(
            email,
            json!({"roles": ["judge"], "province_code": province}),
        )
        .await
    }

    pub async fn entrant(
        &self,
        email: &str,
        province: &str,
        organisations: &[&str],
    ) -> (String, String) {
        self.user_with(
            email,
            json!({"roles": ["entrant"], "province_code": province, "organisation_ids": organisations}),
        )
        .await
    }

    /// Enters `organisation` in the category whose entries live at
    /// `entries_path`, as `entrant` with `values`; submits it; and has
    /// `checker` mark it complete. Answers the entry's id.
    pub async fn complete_entry(
        &self,
        entries_path: &str,
        entrant: &str,
        checker: &str,
        organisation: &str,
        values: Value,
    ) -> String {
        let (status, entry) = self
            .post(
                entries_path,
                Some(entrant),
                json!({"organisation_id": organisation, "values": values}),
            )
            .await;
        assert_eq!(status, StatusCode::CREATED, "{entry}");
        let id = entry["id"].as_str().expect("entry id").to_owned();
        let (status, body) = self
            .post(
                &format!("/api/v1/entries/{id}/submit"),
                Some(entrant),
                json!({"version": 1}),
            )
            .await;
        assert_eq!(status, StatusCode::OK, "{body}");
        let (status, body) = self
            .post(
                &format!("/api/v1/entries/{id}/check"),
                Some(checker),
                json!({"version": 2, "decision": "complete"}),
            )
            .await;
        assert_eq!(status, StatusCode::OK, "{body}");
        id
    }

    /// Registers a government organisation for a region, as the national admin.
    pub async fn government(&self, kind: &str, region: &str) -> Value {
        let (status, body) = self
            .post(
                "/api/v1/organisations",
                Some(&self.admin_token),
                json!({"kind": kind, "region_code": region}),
            )
            .await;
        assert_eq!(status, StatusCode::CREATED, "{body}");
        body
    }

    pub async fn company(&self, name: &str, region: &str, npp: &str) -> Value {
        let (status, body) = self
            .post(
                "/api/v1/organisations",
                Some(&self.admin_token),
                json!({"kind": "company", "name": name, "region_code": region, "employer_number": npp,
                       "size_class": "large", "sector": "manufacturing"}),
            )
            .await;
        assert_eq!(status, StatusCode::CREATED, "{body}");
        body
    }
}

/// Asserts an RFC 9457 answer with this status.
pub fn assert_problem(status: StatusCode, body: &Value, expected: StatusCode) {
    assert_eq!(status, expected, "unexpected answer: {body}");
    assert_eq!(body["status"], expected.as_u16(), "problem status: {body}");
    assert!(
        body["type"]
            .as_str()
            .is_some_and(|t| t.starts_with("urn:paritrana:problem:")),
        "{body}"
    );
    assert!(
        body["detail"].as_str().is_some_and(|d| !d.is_empty()),
        "{body}"
    );
}

/// The fields named in a validation problem.
pub fn error_fields(body: &Value) -> Vec<String> {
    body["errors"]
        .as_array()
        .map(|errors| {
            errors
                .iter()
                .filter_map(|e| e["field"].as_str().map(str::to_owned))
                .collect()
        })
        .unwrap_or_default()
}

/// Runs each listed `async fn name(app: TestApp)` once on SQLite and once on
/// PostgreSQL (when configured; always in CI).
#[macro_export]
macro_rules! on_both_backends {
    ($($name:ident),* $(,)?) => {
        mod sqlite {
            $(
                #[tokio::test]
                async fn $name() {
                    let app = $crate::helpers::TestApp::spawn($crate::helpers::Backend::Sqlite).await.expect("sqlite");
                    super::$name(app).await;
                }
            )*
        }
        mod postgres {
            $(
                #[tokio::test]
                async fn $name() {
                    if let Some(app) = $crate::helpers::TestApp::spawn($crate::helpers::Backend::Postgres).await {
                        super::$name(app).await;
                    }
                }
            )*
        }
    };
}
