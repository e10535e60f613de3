//! A whole round through the pages only: Central Java's regional office
//! builds the 2024 edition from the templates in Chromium, registers three
//! city and regency governments and invites their people and five judges;
//! the entrants set their passwords from the emailed links, fill in and
//! send their entries on their own pages; the office checks the entries,
//! adds the judges, sets the panel and assigns automatically, moves the
//! edition into judging; the judges score and submit on their pages; the
//! office watches progress, reads an explanation, publishes from the
//! preview and sees the public page.

use reqwest::StatusCode;

use crate::browser::Browser;
use crate::helpers::{Backend, PASSWORD, TestApp, local_in};
use crate::invitations::emails_to;
use crate::pages::{Visitor, hidden};

const GOVERNMENTS: [(&str, &str, &str); 3] = [
    (
        "33.74",
        "sekda@semarangkota.go.id",
        "Pemerintah Kota Semarang",
    ),
    (
        "33.21",
        "sekda@demakkab.go.id",
        "Pemerintah Kabupaten Demak",
    ),
    ("33.76", "sekda@tegalkota.go.id", "Pemerintah Kota Tegal"),
];

/// The token of the account link last emailed to `email`.
fn emailed_token(app: &TestApp, email: &str) -> String {
    let (_, body) = emails_to(app, email)
        .into_iter()
        .rev()
        .find(|(_, body)| body.contains("/sandi/"))
        .expect("an invitation");
    let start = body.find("/sandi/").expect("a link") + "/sandi/".len();
    body[start..]
        .split_whitespace()
        .next()
        .unwrap_or_default()
        .to_owned()
}

/// Someone invited sets a password from the emailed link and is signed in.
async fn accepts(app: &TestApp, email: &str) -> Visitor {
    let mut visitor = Visitor::new(app);
    let token = emailed_token(app, email);
    let form = visitor.get(&format!("/sandi/{token}")).await;
    assert_eq!(form.status, StatusCode::OK, "{}", form.body);
    let set = visitor
        .post(
            &format!("/sandi/{token}"),
            &[("password", "kata-sandi-baru-2024"), ("csrf", &form.csrf())],
        )
        .await;
    assert_eq!(set.status, StatusCode::SEE_OTHER, "{}", set.body);
    visitor
}

/// Every id that follows `prefix` in links of `body`, in order, once each.
fn linked_ids(body: &str, prefix: &str) -> Vec<String> {
    let mut ids: Vec<String> = Vec::new();
    for piece in body.split(prefix).skip(1) {
        let id: String = piece
            .chars()
            .take_while(|c| c.is_ascii_hexdigit() || *c == '-')
            .collect();
        if id.len() == 36 && !ids.contains(&id) {
            ids.push(id);
        }
    }
    ids
}

async fn office_invites(browser: &Browser, email: &str, name: &str, role: &str) {
    browser.open("/kantor/orang/undang").await;
    browser.fill("#f-email", email).await;
    browser.fill("#f-nama", name).await;
    if role == "judge" {
        browser.click("input[name='peran'][value='entrant']").await;
        browser.click("input[name='peran'][value='judge']").await;
    }
    browser.follow("button[name='aksi'][value='undang']").await;
    assert!(
        browser.text(".flash").await.contains("Undangan terkirim"),
        "{email} invited"
    );
}

#[tokio::test]
async fn central_java_2024_runs_from_templates_to_published_winners_through_pages() {
    let app = TestApp::spawn(Backend::Sqlite).await.expect("app");
    app.regional_admin("kanwil@example.id", "33").await;
    let _one = crate::browser::ONE_BROWSER.lock().await;
    let Some(browser) = Browser::start(&app.address, "id-ID,id").await else {
        return;
    };
    browser.sign_in("kanwil@example.id", PASSWORD).await;

    // The edition, from the regency template, opened for entries.
    browser.open("/kantor/edisi/baru").await;
    browser
        .fill("#nama", "Paritrana Award 2024 – Jawa Tengah")
        .await;
    browser.fill("#tahun", "2024").await;
    for (id, at) in [("buka", local_in(-1)), ("tutup", local_in(30))] {
        browser
            .eval(&format!(
                "document.getElementById('{id}').value = '{at}'; return true;"
            ))
            .await;
    }
    browser
        .eval("document.querySelectorAll(\"input[name='templat']\").forEach(b => b.checked = false); return true;")
        .await;
    browser.click("#templat-regency_government").await;
    browser.follow("form.stack button[type=submit]").await;
    let edition_page = browser.path().await;
    let edition = edition_page.trim_start_matches("/kantor/edisi/").to_owned();
    browser
        .follow("form.actions[action$='/fase'] button.primary")
        .await;
    assert!(browser.text("main").await.contains("Menerima usulan"));

    // Three governments registered, their people and five judges invited.
    for (region, email, name) in GOVERNMENTS {
        browser.open("/kantor/organisasi/baru").await;
        browser
            .eval("document.getElementById('o-jenis').value = 'regency_government'; return true;")
            .await;
        browser.fill("#o-wilayah", region).await;
        browser.follow("form.stack button[type=submit]").await;
        assert!(browser.path().await.starts_with("/kantor/orang/undang"));
        assert!(browser.text("main").await.contains(name));
        browser.fill("#f-email", email).await;
        browser
            .fill("#f-nama", &format!("Sekretariat {name}"))
            .await;
        browser.follow("button[name='aksi'][value='undang']").await;
        assert!(browser.text(".flash").await.contains("Undangan terkirim"));
    }
    let judges: Vec<String> = (1..=5).map(|n| format!("juri{n}@example.id")).collect();
    for (n, email) in judges.iter().enumerate() {
        office_invites(&browser, email, &format!("Juri {}", n + 1), "judge").await;
    }

    // Each entrant sets a password, fills in the entry and sends it.
    for (n, (_, email, name)) in GOVERNMENTS.iter().enumerate() {
        let mut entrant = accepts(&app, email).await;
        let mine = entrant.get("/entri").await;
        assert!(mine.body.contains(name), "{}", mine.body);
        assert!(mine.body.contains("name=\"edisi\""), "{}", mine.body);
        let made = entrant
            .post(
                "/entri/baru",
                &[
                    ("csrf", &mine.csrf()),
                    ("edisi", &hidden(&mine.body, "edisi")),
                    ("kategori", &hidden(&mine.body, "kategori")),
                    ("organisasi", &hidden(&mine.body, "organisasi")),
                ],
            )
            .await;
        assert_eq!(made.status, StatusCode::SEE_OTHER, "{}", made.body);
        let form_path = made.location().to_owned();
        let form = entrant.get(&form_path).await;
        let covered = (800 - 100 * n).to_string();
        let fields = [
            ("csrf", form.csrf()),
            ("version", hidden(&form.body, "version")),
            ("aksi", "kirim".to_owned()),
            ("nilai.perda_exists", "ya".to_owned()),
            ("nilai.apbd_contribution", "250.000.000".to_owned()),
            ("nilai.pu_covered", covered.clone()),
            ("nilai.pu_eligible", "1000".to_owned()),
            ("nilai.bpu_covered", covered.clone()),
            ("nilai.bpu_eligible", "1000".to_owned()),
            ("nilai.vulnerable_covered", covered.clone()),
            ("nilai.vulnerable_target", "1000".to_owned()),
            ("nilai.construction_covered", covered),
            ("nilai.construction_eligible", "1000".to_owned()),
            ("nilai.employers_registered", "90".to_owned()),
            ("nilai.employers_total", "100".to_owned()),
        ];
        let fields: Vec<(&str, &str)> = fields.iter().map(|(k, v)| (*k, v.as_str())).collect();
        let saved = entrant.post(&form_path, &fields).await;
        assert_eq!(saved.status, StatusCode::SEE_OTHER, "{}", saved.body);
        let confirm = entrant.get(saved.location()).await;
        assert!(confirm.body.contains(name), "{}", confirm.body);
        let sent = entrant
            .post(
                &format!("{form_path}/kirim"),
                &[
                    ("csrf", &confirm.csrf()),
                    ("version", &hidden(&confirm.body, "version")),
                ],
            )
            .await;
        assert_eq!(sent.status, StatusCode::SEE_OTHER, "{}", sent.body);
        let receipt = entrant.get(sent.location()).await;
        assert!(receipt.body.contains("PA-"), "{}", receipt.body);
    }

    // The office checks every entry at once.
    browser.open(&format!("{edition_page}/entri")).await;
    assert!(browser.text("main").await.contains("3 entri"));
    browser
        .eval("document.querySelectorAll(\"input[name='entri']\").forEach(b => b.checked = true); return true;")
        .await;
    browser
        .click("input[name='keputusan'][value='complete']")
        .await;
    browser.follow("fieldset.bulk button[type=submit]").await;
    assert!(browser.text(".flash").await.len() > 3);
    browser
        .open(&format!("{edition_page}/entri?status=complete"))
        .await;
    assert!(browser.text("main").await.contains("3 entri"));

    // Judges added, the panel set, assigned automatically, judging opened.
    for _ in &judges {
        browser.open(&format!("{edition_page}/penjurian")).await;
        browser
            .eval("const s = document.getElementById('f-akun'); s.selectedIndex = 1; return true;")
            .await;
        browser.follow("form.stack button[type=submit]").await;
        assert!(browser.text(".flash").await.contains("Juri ditambahkan"));
    }
    browser.open(&format!("{edition_page}/penjurian")).await;
    browser.follow("a[href$='/data']").await;
    let stage = browser.path().await;
    browser
        .eval("document.querySelectorAll(\"input[name='juri']\").forEach(b => b.checked = true); return true;")
        .await;
    browser
        .follow("form[action$='/panel'] button[type=submit]")
        .await;
    browser.fill("#f-per", "3").await;
    browser
        .follow("form[action$='/otomatis'] button[type=submit]")
        .await;
    assert!(
        browser
            .text("main")
            .await
            .contains("9 penugasan baru dibuat."),
        "{}",
        browser.text("main").await
    );
    assert!(
        browser
            .text("main")
            .await
            .contains("Setiap entri punya paling sedikit 3 juri.")
    );
    browser.open(&edition_page).await;
    for to in ["Pengiriman ditutup", "Penjurian"] {
        browser
            .follow("form.actions[action$='/fase'] button.primary")
            .await;
        assert!(browser.text("main").await.contains(to), "{to}");
    }
    assert!(browser.text("main").await.contains("Penjurian"));

    // Each judge sets a password and scores every entry given, by page.
    for (j, email) in judges.iter().enumerate() {
        let mut judge = accepts(&app, email).await;
        let work = judge.get("/penilaian").await;
        let ids = linked_ids(&work.body, "/penilaian/");
        assert!(!ids.is_empty(), "{email} has work: {}", work.body);
        for (n, id) in ids.iter().enumerate() {
            let sheet = judge.get(&format!("/penilaian/{id}")).await;
            let csrf = sheet.csrf();
            // Semarang does best, Tegal least; each judge a little apart.
            let bonus = if sheet.body.contains("Semarang") {
                15
            } else if sheet.body.contains("Demak") {
                5
            } else {
                0
            };
            let mark = |base: usize| (base + bonus + 5 * ((n + j) % 2)).to_string();
            let saved = judge
                .post(
                    &format!("/penilaian/{id}/draf"),
                    &[
                        ("csrf", &csrf),
                        ("version", "0"),
                        ("skor.regulation", &mark(70)),
                        ("skor.budget", &mark(60)),
                        ("skor.innovation", &mark(75)),
                    ],
                )
                .await;
            assert_eq!(saved.status, StatusCode::OK, "{}", saved.body);
            let sent = judge
                .post(
                    &format!("/penilaian/{id}/kirim"),
                    &[("csrf", &csrf), ("version", "1")],
                )
                .await;
            assert_eq!(sent.status, StatusCode::SEE_OTHER, "{}", sent.body);
        }
    }

    // The office watches progress and reads an explanation.
    browser.open(&format!("{edition_page}/penjurian")).await;
    assert!(
        browser.text("main").await.contains("9 dari 9 selesai"),
        "{}",
        browser.text("main").await
    );
    browser.check("putaran-penjurian").await;
    browser.open(&stage).await;
    assert!(browser.text("table.matrix").await.contains("Terkirim"));
    browser.open(&format!("{edition_page}/hasil")).await;
    browser.follow("ul.choices a").await;
    browser.click("ol.ranked details summary").await;
    let explanation = browser.text("ol.ranked table.explain").await;
    assert!(explanation.contains("Regulasi"), "{explanation}");
    assert!(
        explanation.contains("Juri "),
        "marks by judge: {explanation}"
    );
    browser.check("putaran-peringkat").await;

    // Published from the preview, then the public page.
    browser.open(&format!("{edition_page}/terbitkan")).await;
    assert!(
        browser
            .text("main")
            .await
            .contains("3 email pemberitahuan akan dikirim")
    );
    browser.click("#f-yakin").await;
    browser.follow("form.stack button[type=submit]").await;
    assert!(browser.text(".flash").await.contains("Versi 1 diumumkan"));
    browser.open(&format!("/edisi/{edition}/hasil")).await;
    assert_eq!(
        browser.text(".podium .juara-1 .who").await,
        "Pemerintah Kota Semarang"
    );
    browser.check("putaran-publik").await;
}
