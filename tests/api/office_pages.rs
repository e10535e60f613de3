//! The office's pages: a regional office makes an edition from the
//! templates, sees every reason the next phase is refused, moves it along
//! and back with a reason, and changes its schedule; nobody else reaches
//! any of it.

use reqwest::StatusCode;

use crate::browser::Browser;
use crate::helpers::{Backend, PASSWORD, TestApp, local_in};
use crate::pages::Visitor;

/// The value of a hidden field of the page's first form that has it.
fn hidden(body: &str, name: &str) -> String {
    let marker = format!(r#"name="{name}" value=""#);
    let start = body.find(&marker).expect("the field") + marker.len();
    body[start..]
        .split('"')
        .next()
        .unwrap_or_default()
        .to_owned()
}

/// The edition id a creation redirected to.
fn edition_of(location: &str) -> String {
    location
        .strip_prefix("/kantor/edisi/")
        .expect("the edition's page")
        .to_owned()
}

async fn an_office_makes_an_edition_from_templates_and_moves_it_along(app: TestApp) {
    app.regional_admin("kanwil@example.id", "33").await;
    let mut office = Visitor::new(&app);
    office.sign_in("kanwil@example.id", PASSWORD).await;
    let dashboard = office.get("/dasbor").await;
    assert!(
        dashboard.body.contains(r#"href="/kantor""#),
        "{}",
        dashboard.body
    );
    let list = office.get("/kantor").await;
    assert_eq!(list.status, StatusCode::OK, "{}", list.body);
    assert!(
        list.body.contains("Belum ada edisi di wilayah Anda"),
        "{}",
        list.body
    );

    let form = office.get("/kantor/edisi/baru").await;
    assert_eq!(form.status, StatusCode::OK, "{}", form.body);
    for expected in [
        r#"<option value="33" selected>Jawa Tengah</option>"#,
        r#"value="village_government" checked"#,
        "Pemerintah Desa",
        "10 isian",
    ] {
        assert!(form.body.contains(expected), "{expected}: {}", form.body);
    }
    assert!(
        !form.body.contains("Nasional (semua provinsi)"),
        "a regional office makes provincial editions only"
    );
    assert!(!form.body.contains(">Jawa Timur<"), "{}", form.body);
    let csrf = form.csrf();

    // A missing name is said beside it; what was typed stays.
    let refused = office
        .post(
            "/kantor/edisi/baru",
            &[
                ("csrf", &csrf),
                ("nama", ""),
                ("tahun", "2024"),
                ("provinsi", "33"),
                ("templat", "village_government"),
            ],
        )
        .await;
    assert_eq!(
        refused.status,
        StatusCode::UNPROCESSABLE_ENTITY,
        "{}",
        refused.body
    );
    assert!(
        refused.body.contains(r#"id="nama-error""#),
        "{}",
        refused.body
    );
    assert!(refused.body.contains(r#"value="2024""#), "{}", refused.body);
    assert!(
        !refused
            .body
            .contains(r#"value="regency_government" checked"#),
        "{}",
        refused.body
    );

    let close = local_in(30);
    let made = office
        .post(
            "/kantor/edisi/baru",
            &[
                ("csrf", &csrf),
                ("nama", "Paritrana Award 2024 – Jawa Tengah"),
                ("tahun", "2024"),
                ("provinsi", "33"),
                ("buka", &local_in(-1)),
                ("tutup", &close),
                ("templat", "village_government"),
                ("templat", "regency_government"),
            ],
        )
        .await;
    assert_eq!(made.status, StatusCode::SEE_OTHER, "{}", made.body);
    let id = edition_of(made.location());
    let page = office.get(made.location()).await;
    assert_eq!(page.status, StatusCode::OK, "{}", page.body);
    for expected in [
        "Edisi dibuat sebagai draf.",
        "Paritrana Award 2024 – Jawa Tengah",
        r#"aria-current="step"><span>Draf</span>"#,
        "Pemerintah Desa",
        "Pemerintah Kabupaten",
        "versi 1",
        " WIB",
        "Pindah ke &quot;Menerima usulan&quot;",
    ] {
        assert!(page.body.contains(expected), "{expected}: {}", page.body);
    }

    // An edition without a deadline names that as the reason, linked to
    // the schedule.
    let bare = office
        .post(
            "/kantor/edisi/baru",
            &[
                ("csrf", &csrf),
                ("nama", "Paritrana Award 2025 – Jawa Tengah"),
                ("tahun", "2025"),
                ("provinsi", "33"),
            ],
        )
        .await;
    assert_eq!(bare.status, StatusCode::SEE_OTHER, "{}", bare.body);
    let bare_page = office.get(bare.location()).await;
    assert!(
        bare_page.body.contains("Belum dapat pindah ke"),
        "{}",
        bare_page.body
    );
    assert!(
        bare_page.body.contains("belum punya kategori"),
        "{}",
        bare_page.body
    );
    assert!(bare_page.body.contains("#jadwal"), "{}", bare_page.body);
    assert!(
        !bare_page.body.contains("Pindah ke &quot;"),
        "{}",
        bare_page.body
    );
    let bare_id = edition_of(bare.location());
    let refused = office
        .post(
            &format!("/kantor/edisi/{bare_id}/fase"),
            &[("csrf", &csrf), ("ke", "submissions_open")],
        )
        .await;
    assert_eq!(
        refused.status,
        StatusCode::UNPROCESSABLE_ENTITY,
        "{}",
        refused.body
    );
    assert!(
        refused.body.contains("Fase tidak dapat dipindah"),
        "{}",
        refused.body
    );

    // Open, close, and back with a recorded reason.
    let path = format!("/kantor/edisi/{id}");
    for to in ["submissions_open", "submissions_closed"] {
        let moved = office
            .post(&format!("{path}/fase"), &[("csrf", &csrf), ("ke", to)])
            .await;
        assert_eq!(moved.status, StatusCode::SEE_OTHER, "{to}: {}", moved.body);
    }
    let closed = office.get(&path).await;
    assert!(
        closed
            .body
            .contains(r#"aria-current="step"><span>Pengiriman ditutup</span>"#),
        "{}",
        closed.body
    );
    assert!(
        closed
            .body
            .contains("Kembali ke &quot;Menerima usulan&quot;"),
        "{}",
        closed.body
    );
    let no_reason = office
        .post(
            &format!("{path}/fase"),
            &[("csrf", &csrf), ("ke", "submissions_open"), ("alasan", " ")],
        )
        .await;
    assert_eq!(
        no_reason.status,
        StatusCode::UNPROCESSABLE_ENTITY,
        "{}",
        no_reason.body
    );
    assert!(
        no_reason.body.contains(r#"id="alasan-kembali-error""#),
        "{}",
        no_reason.body
    );
    let back = office
        .post(
            &format!("{path}/fase"),
            &[
                ("csrf", &csrf),
                ("ke", "submissions_open"),
                ("alasan", "Batas diperpanjang karena banjir"),
            ],
        )
        .await;
    assert_eq!(back.status, StatusCode::SEE_OTHER, "{}", back.body);
    let reopened = office.get(&path).await;
    assert!(
        reopened.body.contains("Batas diperpanjang karena banjir"),
        "{}",
        reopened.body
    );

    // The schedule, in the edition's zone: a bad time beside its field.
    let bad = office
        .post(
            &path,
            &[
                ("csrf", &csrf),
                ("version", &hidden(&reopened.body, "version")),
                ("tutup", "besok pagi"),
            ],
        )
        .await;
    assert_eq!(bad.status, StatusCode::UNPROCESSABLE_ENTITY, "{}", bad.body);
    assert!(
        bad.body.contains(r#"id="jadwal-tutup-error""#),
        "{}",
        bad.body
    );
    let later = local_in(45);
    let saved = office
        .post(
            &path,
            &[
                ("csrf", &csrf),
                ("version", &hidden(&reopened.body, "version")),
                ("buka", &local_in(-1)),
                ("tutup", &later),
            ],
        )
        .await;
    assert_eq!(saved.status, StatusCode::SEE_OTHER, "{}", saved.body);
    let page = office.get(&path).await;
    assert!(
        page.body.contains(&format!(r#"value="{later}""#)),
        "{}",
        page.body
    );

    let list = office.get("/kantor").await;
    assert!(
        list.body.contains(&format!(r#"href="/kantor/edisi/{id}""#)),
        "{}",
        list.body
    );
    assert!(list.body.contains("Menerima usulan"), "{}", list.body);
}

/// Judges and entrants are refused every office page; another province's
/// office finds nothing of this one's editions and changes nothing.
async fn office_pages_refuse_everyone_but_the_editions_office(app: TestApp) {
    app.regional_admin("kanwil@example.id", "33").await;
    let mut office = Visitor::new(&app);
    office.sign_in("kanwil@example.id", PASSWORD).await;
    let csrf = office.get("/kantor/edisi/baru").await.csrf();
    let made = office
        .post(
            "/kantor/edisi/baru",
            &[
                ("csrf", &csrf),
                ("nama", "Paritrana Award 2024 – Jawa Tengah"),
                ("tahun", "2024"),
                ("provinsi", "33"),
                ("buka", &local_in(-1)),
                ("tutup", &local_in(30)),
                ("templat", "village_government"),
            ],
        )
        .await;
    let path = made.location().to_owned();
    app.regional_admin("kanwil.jatim@example.id", "35").await;
    app.judge("juri@example.id", "33").await;
    app.entrant("peserta@example.id", "33", &[]).await;
    let pages = [
        "/kantor".to_owned(),
        "/kantor/edisi/baru".to_owned(),
        path.clone(),
    ];
    for (who, expected) in [
        ("juri@example.id", StatusCode::FORBIDDEN),
        ("peserta@example.id", StatusCode::FORBIDDEN),
    ] {
        let mut visitor = Visitor::new(&app);
        visitor.sign_in(who, PASSWORD).await;
        let csrf = visitor.get("/akun").await.csrf();
        for page in &pages {
            let answer = visitor.get(page).await;
            assert_eq!(answer.status, expected, "{who} GET {page}: {}", answer.body);
            assert!(
                !answer.body.contains("Paritrana Award 2024"),
                "{who} {page}"
            );
        }
        for (page, fields) in [
            (
                "/kantor/edisi/baru".to_owned(),
                vec![
                    ("nama", "Edisi gelap"),
                    ("tahun", "2024"),
                    ("provinsi", "33"),
                ],
            ),
            (format!("{path}/fase"), vec![("ke", "submissions_open")]),
            (path.clone(), vec![("tutup", "2030-01-01T00:00")]),
        ] {
            let mut fields = fields;
            fields.push(("csrf", &csrf));
            let answer = visitor.post(&page, &fields).await;
            assert_eq!(
                answer.status, expected,
                "{who} POST {page}: {}",
                answer.body
            );
        }
    }
    // Another province's office: the draft edition does not exist for it,
    // and its forms change nothing.
    let mut other = Visitor::new(&app);
    other.sign_in("kanwil.jatim@example.id", PASSWORD).await;
    let list = other.get("/kantor").await;
    assert_eq!(list.status, StatusCode::OK);
    assert!(!list.body.contains("Jawa Tengah"), "{}", list.body);
    let csrf = other.get("/kantor/edisi/baru").await.csrf();
    let page = other.get(&path).await;
    assert_eq!(page.status, StatusCode::NOT_FOUND, "{}", page.body);
    let moved = other
        .post(
            &format!("{path}/fase"),
            &[("csrf", &csrf), ("ke", "submissions_open")],
        )
        .await;
    assert_eq!(moved.status, StatusCode::NOT_FOUND, "{}", moved.body);
    let foreign = other
        .post(
            "/kantor/edisi/baru",
            &[
                ("csrf", &csrf),
                ("nama", "Edisi Jawa Tengah"),
                ("tahun", "2024"),
                ("provinsi", "33"),
            ],
        )
        .await;
    assert_eq!(
        foreign.status,
        StatusCode::UNPROCESSABLE_ENTITY,
        "{}",
        foreign.body
    );
    let mine = office.get(&path).await;
    assert!(
        mine.body
            .contains(r#"aria-current="step"><span>Draf</span>"#),
        "{}",
        mine.body
    );
    // Not signed in: to the sign-in page.
    let mut stranger = Visitor::new(&app);
    for page in &pages {
        let away = stranger.get(page).await;
        assert_eq!(away.status, StatusCode::SEE_OTHER, "{page}");
        assert!(away.location().starts_with("/masuk"), "{}", away.location());
    }
}

#[tokio::test]
async fn the_office_pages_read_well_on_a_phone_in_chromium() {
    let app = TestApp::spawn(Backend::Sqlite).await.expect("app");
    app.regional_admin("kanwil@example.id", "33").await;
    let _one = crate::browser::ONE_BROWSER.lock().await;
    let Some(browser) = Browser::start(&app.address, "id-ID,id").await else {
        return;
    };
    browser.open("/masuk").await;
    browser.fill("#email", "kanwil@example.id").await;
    browser.fill("#password", PASSWORD).await;
    browser.follow("form.stack button[type=submit]").await;
    browser.follow("nav a[href='/kantor']").await;
    browser.check("kantor-kosong").await;
    browser.follow("a[href='/kantor/edisi/baru']").await;
    browser.check("kantor-edisi-baru").await;
    browser
        .fill("#nama", "Paritrana Award 2024 – Jawa Tengah")
        .await;
    browser.follow("form.stack button[type=submit]").await;
    assert!(browser.path().await.starts_with("/kantor/edisi/"));
    browser.check("kantor-edisi").await;
    let edition = browser.path().await;
    browser.narrow().await;
    browser.check("kantor-edisi").await;
    browser.open("/kantor").await;
    browser.check("kantor").await;
    browser.open("/kantor/edisi/baru").await;
    browser.check("kantor-edisi-baru").await;
    browser.open(&edition).await;
}

mod on_pages {
    crate::on_both_backends!(
        an_office_makes_an_edition_from_templates_and_moves_it_along,
        office_pages_refuse_everyone_but_the_editions_office,
    );
    use super::*;
}
