//! Page tests in a real browser: Debian's Chromium driven through
//! chromium-driver (WebDriver). Each page visited is checked with axe-core
//! (a violation fails the test) and weighed as the browser received it.
//! Screenshots are written when PARITRANA_SCREENSHOTS names a folder.

use std::os::unix::process::CommandExt;
use std::time::{Duration, Instant};

use fantoccini::{Client, ClientBuilder, Locator};
use serde_json::{Value, json};

use crate::helpers::{PASSWORD, TestApp, chromedriver, chromium, repo_path};
use paritrana::auth::Role;

/// One browser at a time on a two-core machine.
pub static ONE_BROWSER: tokio::sync::Mutex<()> = tokio::sync::Mutex::const_new(());

/// Pages heavier than this, with their CSS and scripts, fail.
const PAGE_BUDGET_BYTES: u64 = 100 * 1024;

pub struct Browser {
    client: Client,
    driver: std::process::Child,
    base: String,
    _profile: tempfile::TempDir,
}

impl Drop for Browser {
    /// Ends the driver and the Chromium it started: they share a process
    /// group of their own, so no browser outlives its test.
    fn drop(&mut self) {
        let _ = std::process::Command::new("kill")
            .args(["-s", "KILL", "--", &format!("-{}", self.driver.id())])
            .status();
        let _ = self.driver.kill();
        let _ = self.driver.wait();
    }
}

fn free_port() -> u16 {
    std::net::TcpListener::bind("127.0.0.1:0")
        .and_then(|l| l.local_addr())
        .map(|a| a.port())
        .expect("a free port")
}

impl Browser {
    /// A fresh headless Chromium whose language preference is `lang`; None
    /// when no browser is configured (outside CI).
    pub async fn start(base: &str, lang: &str) -> Option<Browser> {
        let (chromium, driver) = (chromium()?, chromedriver()?);
        let port = free_port();
        let driver = std::process::Command::new(driver)
            .arg(format!("--port={port}"))
            .process_group(0)
            .stdout(std::process::Stdio::null())
            .stderr(std::process::Stdio::null())
            .spawn()
            .expect("chromium-driver starts");
        let profile = tempfile::tempdir().expect("browser profile");
        let mut capabilities = serde_json::Map::new();
        capabilities.insert(
            "goog:chromeOptions".into(),
            json!({
                "binary": chromium,
                "args": ["--headless=new", "--no-sandbox", "--disable-dev-shm-usage", "--disable-gpu",
                         "--window-size=1280,900", format!("--user-data-dir={}", profile.path().display())],
                "prefs": {"intl.accept_languages": lang},
            }),
        );
        let deadline = Instant::now() + Duration::from_secs(60);
        let client = loop {
            match ClientBuilder::native()
                .capabilities(capabilities.clone())
                .connect(&format!("http://127.0.0.1:{port}"))
                .await
            {
                Ok(client) => break client,
                Err(error) if Instant::now() > deadline => panic!("no browser session: {error}"),
                Err(_) => tokio::time::sleep(Duration::from_millis(250)).await,
            }
        };
        Some(Browser {
            client,
            driver,
            base: base.to_owned(),
            _profile: profile,
        })
    }

    pub fn client(&self) -> &Client {
        &self.client
    }

    /// Opens a page of the server under test.
    pub async fn open(&self, path: &str) {
        self.client
            .goto(&format!("{}{path}", self.base))
            .await
            .expect("page opens");
    }

    /// Signs in on the sign-in page as a person does.
    pub async fn sign_in(&self, email: &str, password: &str) {
        self.open("/masuk").await;
        self.fill("#email", email).await;
        self.fill("#password", password).await;
        self.follow("form.stack button[type=submit]").await;
    }

    pub async fn path(&self) -> String {
        let url = self.client.current_url().await.expect("url");
        match url.query() {
            Some(query) => format!("{}?{query}", url.path()),
            None => url.path().to_owned(),
        }
    }

    pub async fn text(&self, css: &str) -> String {
        self.client
            .find(Locator::Css(css))
            .await
            .unwrap_or_else(|e| panic!("{css}: {e}"))
            .text()
            .await
            .expect("text")
    }

    pub async fn html_lang(&self) -> String {
        self.client
            .execute("return document.documentElement.lang", vec![])
            .await
            .expect("lang")
            .as_str()
            .unwrap_or_default()
            .to_owned()
    }

    pub async fn fill(&self, css: &str, value: &str) {
        let field = self
            .client
            .find(Locator::Css(css))
            .await
            .unwrap_or_else(|e| panic!("{css}: {e}"));
        field.clear().await.expect("clear");
        field.send_keys(value).await.expect("type");
    }

    /// Chooses a file on this machine in a file input, as the file picker does.
    pub async fn attach(&self, css: &str, path: &std::path::Path) {
        self.client
            .find(Locator::Css(css))
            .await
            .unwrap_or_else(|e| panic!("{css}: {e}"))
            .send_keys(&path.display().to_string())
            .await
            .expect("file chosen");
    }

    /// Clicks what leads to another page, and waits until that page has loaded.
    pub async fn follow(&self, css: &str) {
        self.client
            .execute("window.paritranaOldPage = true; return true;", vec![])
            .await
            .expect("mark the page");
        self.click(css).await;
        let deadline = Instant::now() + Duration::from_secs(20);
        loop {
            let loaded = self
                .client
                .execute(
                    "return window.paritranaOldPage !== true && document.readyState === 'complete';",
                    vec![],
                )
                .await
                .unwrap_or(json!(false));
            if loaded == json!(true) {
                return;
            }
            assert!(Instant::now() < deadline, "clicking {css} led nowhere");
            tokio::time::sleep(Duration::from_millis(50)).await;
        }
    }

    pub async fn click(&self, css: &str) {
        self.client
            .find(Locator::Css(css))
            .await
            .unwrap_or_else(|e| panic!("{css}: {e}"))
            .click()
            .await
            .expect("click");
    }

    /// Scrolls `css` to the middle of the screen, as a person scrolls to
    /// what they are about to tap, and taps it.
    pub async fn tap(&self, css: &str) {
        self.eval(&format!(
            "document.querySelector({}).scrollIntoView({{block: 'center'}}); return true;",
            json!(css)
        ))
        .await;
        self.click(css).await;
    }

    /// Runs axe-core on the page; any violation fails the test.
    pub async fn axe(&self, label: &str) {
        static AXE: std::sync::OnceLock<String> = std::sync::OnceLock::new();
        let source = AXE.get_or_init(|| {
            std::fs::read_to_string(repo_path("tests/pages/vendor/axe.min.js")).expect("axe-core")
        });
        self.client
            .execute(&format!("{source}\nreturn true;"), vec![])
            .await
            .expect("axe-core loads");
        let found = self
            .client
            .execute_async(
                "const done = arguments[arguments.length - 1];
                 axe.run(document, {resultTypes: ['violations']})
                   .then(r => done(r.violations.map(v => ({id: v.id, impact: v.impact, help: v.help,
                        nodes: v.nodes.map(n => n.target.join(' '))}))))
                   .catch(e => done({error: String(e)}));",
                vec![],
            )
            .await
            .expect("axe-core runs");
        assert_eq!(found, json!([]), "axe-core found violations on {label}");
    }

    /// Bytes the browser received for the page and everything it loaded.
    pub async fn weight(&self) -> u64 {
        let total = self
            .client
            .execute(
                "const nav = performance.getEntriesByType('navigation')[0];
                 const parts = performance.getEntriesByType('resource');
                 return (nav ? nav.transferSize : 0) + parts.reduce((s, r) => s + r.transferSize, 0);",
                vec![],
            )
            .await
            .expect("weight");
        total.as_u64().unwrap_or(0)
    }

    /// Checks a page (axe, weight, no sideways scrolling) and keeps a
    /// screenshot when asked to.
    pub async fn check(&self, label: &str) -> u64 {
        self.axe(label).await;
        let weight = self.weight().await;
        assert!(
            weight > 0 && weight < PAGE_BUDGET_BYTES,
            "{label} weighs {weight} bytes"
        );
        let fits: Value = self
            .client
            .execute(
                "return document.documentElement.scrollWidth <= window.innerWidth;",
                vec![],
            )
            .await
            .expect("width");
        if fits != json!(true) {
            let wide = self
                .eval(
                    "return Array.from(document.querySelectorAll('body *'))
                       .filter(e => e.getBoundingClientRect().right > window.innerWidth + 1)
                       .slice(0, 8)
                       .map(e => e.tagName + (e.id ? '#' + e.id : '') + '.' + e.className + ' ' + Math.round(e.getBoundingClientRect().right));",
                )
                .await;
            panic!("{label} scrolls sideways; too wide: {wide}");
        }
        self.screenshot(label).await;
        let (width, _) = self.client.get_window_size().await.expect("size");
        let line = format!("page {label} at {width} px: {weight} bytes transferred, axe clean\n");
        if let Some(report) = std::env::var_os("PARITRANA_PAGE_REPORT") {
            use std::io::Write;
            let mut file = std::fs::OpenOptions::new()
                .create(true)
                .append(true)
                .open(report)
                .expect("page report");
            file.write_all(line.as_bytes())
                .expect("page report written");
        }
        weight
    }

    pub async fn screenshot(&self, label: &str) {
        if let Some(dir) = std::env::var_os("PARITRANA_SCREENSHOTS") {
            let (width, _) = self.client.get_window_size().await.expect("size");
            let png = self.client.screenshot().await.expect("screenshot");
            let name: String = label
                .chars()
                .map(|c| if c.is_ascii_alphanumeric() { c } else { '-' })
                .collect();
            let path = std::path::Path::new(&dir).join(format!("{name}-{width}.png"));
            std::fs::write(&path, png).expect("screenshot written");
        }
    }

    /// Types keys into whatever has the focus, as a person at the keyboard
    /// would: no element is picked by the test.
    pub async fn press(&self, keys: &str) {
        use fantoccini::actions::{InputSource, KeyAction, KeyActions};
        let mut actions = KeyActions::new("keyboard".into());
        for key in keys.chars() {
            actions = actions
                .then(KeyAction::Down { value: key })
                .then(KeyAction::Up { value: key });
        }
        self.client
            .perform_actions(actions)
            .await
            .expect("keys pressed");
    }

    /// Presses `key` while holding `modifier` (Ctrl+Enter).
    pub async fn chord(&self, modifier: fantoccini::key::Key, key: fantoccini::key::Key) {
        use fantoccini::actions::{InputSource, KeyAction, KeyActions};
        let (modifier, key): (char, char) = (modifier.into(), key.into());
        let actions = KeyActions::new("keyboard".into())
            .then(KeyAction::Down { value: modifier })
            .then(KeyAction::Down { value: key })
            .then(KeyAction::Up { value: key })
            .then(KeyAction::Up { value: modifier });
        self.client
            .perform_actions(actions)
            .await
            .expect("chord pressed");
    }

    /// Runs a script in the page and answers what it returns.
    pub async fn eval(&self, script: &str) -> Value {
        self.client
            .execute(script, vec![])
            .await
            .unwrap_or_else(|e| panic!("{script}: {e}"))
    }

    /// Waits until `script` returns true in the page (within 20 s).
    pub async fn until(&self, script: &str, what: &str) {
        let deadline = Instant::now() + Duration::from_secs(20);
        loop {
            let done = self
                .client
                .execute(script, vec![])
                .await
                .unwrap_or(json!(false));
            if done == json!(true) {
                return;
            }
            assert!(Instant::now() < deadline, "waited in vain: {what}");
            tokio::time::sleep(Duration::from_millis(50)).await;
        }
    }

    /// The value of a form field.
    pub async fn value(&self, css: &str) -> String {
        let found = self
            .eval(&format!(
                "const e = document.querySelector({}); return e ? e.value : null;",
                json!(css)
            ))
            .await;
        found
            .as_str()
            .unwrap_or_else(|| panic!("no field {css}"))
            .to_owned()
    }

    pub async fn narrow(&self) {
        self.client.set_window_size(360, 800).await.expect("resize");
    }
}

/// Waits for the SMTP server to receive a message for `to` whose subject
/// contains `subject`; answers the first link in it.
pub async fn link_in_email(
    received: &std::sync::Arc<std::sync::Mutex<Vec<crate::mail::Received>>>,
    to: &str,
    subject: &str,
) -> String {
    let deadline = Instant::now() + Duration::from_secs(20);
    loop {
        let found = received
            .lock()
            .unwrap()
            .iter()
            .rev()
            .find(|m| m.to.iter().any(|t| t == to) && m.subject.contains(subject))
            .cloned();
        if let Some(message) = found {
            let start = message.text.find("https://").expect("a link in the email");
            return message.text[start..]
                .split_whitespace()
                .next()
                .unwrap_or_default()
                .to_owned();
        }
        assert!(Instant::now() < deadline, "no email {subject:?} for {to}");
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
}

#[tokio::test]
async fn a_visitor_reads_in_both_languages_signs_in_and_out() {
    let _one = ONE_BROWSER.lock().await;
    let app = TestApp::spawn(crate::helpers::Backend::Sqlite)
        .await
        .expect("app");
    app.seed_user(
        "juri@example.id",
        "Ibu Juri",
        &[Role::Judge],
        &[],
        Some("33"),
    );
    let Some(browser) = Browser::start(&app.address, "id-ID,id").await else {
        return;
    };
    browser.open("/").await;
    assert_eq!(browser.html_lang().await, "id");
    assert_eq!(browser.text("h1").await, "Paritrana Award");
    browser.check("beranda").await;
    // The switch, remembered on the next page.
    browser.follow(".lang button").await;
    assert_eq!(browser.html_lang().await, "en");
    assert_eq!(browser.text("h2").await, "Editions open now");
    browser.open("/edisi").await;
    assert_eq!(browser.html_lang().await, "en");
    browser.check("editions").await;
    browser.follow(".lang button").await;
    assert_eq!(browser.path().await, "/edisi");
    assert_eq!(browser.html_lang().await, "id");
    // Signing in: a wrong password is said beside the form, the email kept.
    browser.follow("a[href='/masuk']").await;
    browser.fill("#email", "juri@example.id").await;
    browser.fill("#password", "salah-sekali-123").await;
    browser.follow("form.stack button[type=submit]").await;
    assert!(
        browser
            .text("#sign-in-error")
            .await
            .contains("Email atau kata sandi salah")
    );
    browser.check("masuk-salah").await;
    browser.fill("#password", PASSWORD).await;
    browser.follow("form.stack button[type=submit]").await;
    assert_eq!(browser.path().await, "/dasbor");
    assert!(browser.text("h1").await.contains("Ibu Juri"));
    assert!(browser.text(".flash").await.contains("Anda sudah masuk"));
    browser.check("dasbor").await;
    browser.follow("a[href='/akun']").await;
    browser.check("akun").await;
    browser.fill("#display_name", "Dr. Sri Juri").await;
    browser
        .follow("form[action='/akun'] button[type=submit]")
        .await;
    assert!(
        browser
            .text(".flash")
            .await
            .contains("Profil Anda tersimpan")
    );
    // Phone width: the same pages, no sideways scrolling.
    browser.narrow().await;
    browser.open("/akun").await;
    browser.check("akun").await;
    browser.open("/").await;
    browser.check("beranda").await;
    // Signing out ends the session; the dashboard asks to sign in again.
    browser.follow("header form[action='/keluar'] button").await;
    assert_eq!(browser.path().await, "/");
    assert!(browser.text(".flash").await.contains("Anda sudah keluar"));
    browser.open("/dasbor").await;
    assert_eq!(browser.path().await, "/masuk?next=%2Fdasbor");
    browser.check("masuk").await;
    browser.open("/tidak-ada").await;
    assert_eq!(browser.text("h1").await, "Halaman tidak ditemukan");
    browser.check("404").await;
}

#[tokio::test]
async fn an_invitation_email_leads_to_the_dashboard_and_a_reset_works() {
    let _one = ONE_BROWSER.lock().await;
    let smtp = crate::mail::listener();
    let port = smtp.local_addr().unwrap().port();
    let received = crate::mail::smtp_server(smtp);
    let app = crate::mail::app_sending_to(crate::helpers::Backend::Sqlite, port, 3)
        .await
        .expect("app");
    let Some(browser) = Browser::start(&app.address, "id-ID,id").await else {
        return;
    };
    let (status, body) = app
        .post(
            "/api/v1/invitations",
            Some(&app.admin_token),
            json!({"email": "sekdes.wunut@example.id", "display_name": "Sekdes Wunut", "province_code": "33", "roles": ["judge"]}),
        )
        .await;
    assert_eq!(status, reqwest::StatusCode::CREATED, "{body}");
    let link = link_in_email(&received, "sekdes.wunut@example.id", "Undangan").await;
    let path = link
        .strip_prefix("https://paritrana.example.id")
        .expect("the link names the public address");
    browser.open(path).await;
    assert_eq!(browser.text("h1").await, "Selamat datang, Sekdes Wunut");
    browser.check("sandi-undangan").await;
    browser.fill("#password", "pendek").await;
    browser.follow("form.stack button[type=submit]").await;
    assert!(browser.text("#password-error").await.contains("10"));
    browser.check("sandi-pendek").await;
    browser.fill("#password", "sekdes-wunut-2026-aman").await;
    browser.follow("form.stack button[type=submit]").await;
    assert_eq!(browser.path().await, "/dasbor");
    assert!(
        browser
            .text(".flash")
            .await
            .contains("Kata sandi Anda tersimpan")
    );
    browser.check("dasbor-undangan").await;
    // The link works once.
    browser.open(path).await;
    assert_eq!(browser.text("h1").await, "Tautan tidak berlaku");
    browser.check("tautan-mati").await;
    // Forgot password: the page answers, the email arrives, the link sets it.
    browser.follow("header form[action='/keluar'] button").await;
    browser.open("/masuk").await;
    browser.follow("a[href='/lupa-sandi']").await;
    browser.check("lupa-sandi").await;
    browser.fill("#email", "sekdes.wunut@example.id").await;
    browser.follow("form.stack button[type=submit]").await;
    assert!(
        browser
            .text("[role=status]")
            .await
            .contains("sekdes.wunut@example.id")
    );
    browser.check("lupa-sandi-terkirim").await;
    let reset = link_in_email(&received, "sekdes.wunut@example.id", "Atur ulang").await;
    browser
        .open(reset.strip_prefix("https://paritrana.example.id").unwrap())
        .await;
    assert_eq!(browser.text("h1").await, "Buat kata sandi baru");
    browser.fill("#password", "sandi-baru-sekdes-2027").await;
    browser.follow("form.stack button[type=submit]").await;
    assert_eq!(browser.path().await, "/dasbor");
    let token = app
        .login("sekdes.wunut@example.id", "sandi-baru-sekdes-2027")
        .await;
    assert!(!token.is_empty());
}

#[tokio::test]
async fn a_cross_site_form_post_is_refused() {
    let _one = ONE_BROWSER.lock().await;
    let app = TestApp::spawn(crate::helpers::Backend::Sqlite)
        .await
        .expect("app");
    app.seed_user(
        "juri@example.id",
        "Ibu Juri",
        &[Role::Judge],
        &[],
        Some("33"),
    );
    let Some(browser) = Browser::start(&app.address, "id-ID,id").await else {
        return;
    };
    browser.sign_in("juri@example.id", PASSWORD).await;
    assert_eq!(browser.path().await, "/dasbor");
    // Another site's page posts a form to ours as soon as it opens.
    let attack = format!(
        "data:text/html,<form method=post action='{}/akun'><input name=display_name value=Diretas>\
         <input name=language value=en><input name=csrf value=x></form>\
         <script>document.forms[0].submit()</script>",
        app.address
    );
    browser
        .client()
        .goto(&attack)
        .await
        .expect("the other site");
    let deadline = Instant::now() + Duration::from_secs(10);
    while !browser.path().await.starts_with("/akun") {
        assert!(Instant::now() < deadline, "the form was not sent");
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    assert_eq!(browser.text("h1").await, "Formulir kedaluwarsa");
    browser.check("csrf-403").await;
    browser.open("/akun").await;
    let name = browser
        .client()
        .find(Locator::Css("#display_name"))
        .await
        .unwrap()
        .prop("value")
        .await
        .unwrap();
    assert_eq!(name.as_deref(), Some("Ibu Juri"), "nothing changed");
}
