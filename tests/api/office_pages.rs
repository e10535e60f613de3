//! The office's pages: a regional office makes an edition from the
//! templates, sees every reason the next phase is refused, moves it along
//! and back with a reason, and changes its schedule; nobody else reaches
//! any of it.

use reqwest::StatusCode;
use serde_json::json;

use crate::browser::Browser;
use crate::helpers::{Backend, PASSWORD, TestApp, local_in};
use crate::pages::{Visitor, hidden};

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

/// A long list of editions comes in pages, newest year first.
async fn the_editions_list_pages(app: TestApp) {
    let (_, kanwil) = app.regional_admin("kanwil@example.id", "33").await;
    for year in 2000..2021 {
        let (status, body) = app
            .post(
                "/api/v1/editions",
                Some(&kanwil),
                json!({"name": format!("Paritrana Award {year} – Jawa Tengah"), "year": year,
                       "tier": "provincial", "province_code": "33"}),
            )
            .await;
        assert_eq!(status, StatusCode::CREATED, "{body}");
    }
    let mut office = Visitor::new(&app);
    office.sign_in("kanwil@example.id", PASSWORD).await;
    let first = office.get("/kantor").await;
    assert!(first.body.contains("Halaman 1 dari 2"), "{}", first.body);
    assert!(
        first.body.contains("Paritrana Award 2020"),
        "{}",
        first.body
    );
    assert!(
        !first.body.contains("Paritrana Award 2000 "),
        "{}",
        first.body
    );
    assert!(first.body.contains("halaman=2"), "{}", first.body);
    let second = office.get("/kantor?halaman=2").await;
    assert!(second.body.contains("Halaman 2 dari 2"), "{}", second.body);
    assert!(
        second.body.contains("Paritrana Award 2000 "),
        "{}",
        second.body
    );
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

/// An open Central Java edition with one regency category and three
/// regencies' entries, sent and waiting for the check. Answers the edition
/// id and the entries' ids by regency name.
async fn three_sent_entries(app: &TestApp) -> (String, Vec<(String, String)>) {
    let (_, kanwil) = app.regional_admin("kanwil@example.id", "33").await;
    let (status, edition) = app
        .post(
            "/api/v1/editions",
            Some(&kanwil),
            json!({"name": "Paritrana Award 2024 – Jawa Tengah", "year": 2024, "tier": "provincial", "province_code": "33",
                   "schedule": {"submissions_open_at": local_in(-1), "submissions_close_at": local_in(30)}}),
        )
        .await;
    assert_eq!(status, StatusCode::CREATED, "{edition}");
    let id = edition["id"].as_str().unwrap().to_owned();
    let (status, category) = app
        .post(
            &format!("/api/v1/editions/{id}/categories"),
            Some(&kanwil),
            json!({"name_id": "Pemerintah Kabupaten/Kota", "eligibility": {"kinds": ["regency_government"]}}),
        )
        .await;
    assert_eq!(status, StatusCode::CREATED, "{category}");
    let category = format!(
        "/api/v1/editions/{id}/categories/{}",
        category["id"].as_str().unwrap()
    );
    let (status, body) = app
        .put(
            &format!("{category}/rubric"),
            Some(&kanwil),
            json!({"stages": [{"key": "data", "name_id": "Data", "weight": 100, "criteria": [
                {"key": "regulation", "name_id": "Regulasi", "weight": 100, "judged": {"min": 0, "max": 100, "step": 5}}]}]}),
        )
        .await;
    assert_eq!(status, StatusCode::OK, "{body}");
    let (status, body) = app
        .post(
            &format!("/api/v1/editions/{id}/phase"),
            Some(&kanwil),
            json!({"to": "submissions_open"}),
        )
        .await;
    assert_eq!(status, StatusCode::OK, "{body}");
    let mut entries = Vec::new();
    for (n, region) in ["33.74", "33.21", "33.76"].into_iter().enumerate() {
        let organisation = app.government("regency_government", region).await;
        let (_, entrant) = app
            .entrant(
                &format!("pemda{n}@example.id"),
                "33",
                &[organisation["id"].as_str().unwrap()],
            )
            .await;
        let (status, entry) = app
            .post(
                &format!("{category}/entries"),
                Some(&entrant),
                json!({"organisation_id": organisation["id"]}),
            )
            .await;
        assert_eq!(status, StatusCode::CREATED, "{entry}");
        let entry_id = entry["id"].as_str().unwrap().to_owned();
        let (status, body) = app
            .post(
                &format!("/api/v1/entries/{entry_id}/submit"),
                Some(&entrant),
                json!({"version": 1}),
            )
            .await;
        assert_eq!(status, StatusCode::OK, "{body}");
        entries.push((organisation["name"].as_str().unwrap().to_owned(), entry_id));
    }
    (id, entries)
}

async fn status_of(app: &TestApp, id: &str) -> serde_json::Value {
    let (status, entry) = app
        .get(&format!("/api/v1/entries/{id}"), Some(&app.admin_token))
        .await;
    assert_eq!(status, StatusCode::OK, "{entry}");
    entry
}

async fn the_office_checks_entries_one_by_one_and_in_bulk(app: TestApp) {
    let (edition, entries) = three_sent_entries(&app).await;
    let (semarang, demak, tegal) = (&entries[0], &entries[1], &entries[2]);
    let mut office = Visitor::new(&app);
    office.sign_in("kanwil@example.id", PASSWORD).await;
    let table_path = format!("/kantor/edisi/{edition}/entri");
    let table = office.get(&table_path).await;
    assert_eq!(table.status, StatusCode::OK, "{}", table.body);
    assert!(table.body.contains("3 entri"), "{}", table.body);
    for (name, _) in &entries {
        assert!(table.body.contains(name.as_str()), "{name}: {}", table.body);
    }
    let found = office.get(&format!("{table_path}?q=demak")).await;
    assert!(
        found.body.contains("1 entri") && found.body.contains(&demak.0),
        "{}",
        found.body
    );
    assert!(!found.body.contains(&tegal.0), "{}", found.body);
    let by_region = office.get(&format!("{table_path}?wilayah=33.76")).await;
    assert!(
        by_region.body.contains("1 entri") && by_region.body.contains(&tegal.0),
        "{}",
        by_region.body
    );
    let none = office.get(&format!("{table_path}?status=complete")).await;
    assert!(
        none.body.contains("Tidak ada entri yang sesuai."),
        "{}",
        none.body
    );

    // Sorted: by name both ways, and by when each was sent.
    let order = |body: &str| -> Vec<usize> {
        let table = &body[body.find("<tbody>").expect("a table")..];
        let mut at: Vec<(usize, usize)> = entries
            .iter()
            .enumerate()
            .map(|(i, (name, _))| (table.find(name.as_str()).expect("listed"), i))
            .collect();
        at.sort();
        at.into_iter().map(|(_, i)| i).collect()
    };
    // Semarang (0), Demak (1), Tegal (2), sent in that order.
    assert_eq!(order(&table.body), [1, 0, 2]);
    let reversed = office.get(&format!("{table_path}?urut=name_desc")).await;
    assert_eq!(order(&reversed.body), [2, 0, 1]);
    assert!(
        reversed
            .body
            .contains(r#"<option value="name_desc" selected>"#),
        "{}",
        reversed.body
    );
    let latest = office
        .get(&format!("{table_path}?urut=submitted_desc"))
        .await;
    assert_eq!(order(&latest.body), [2, 1, 0]);
    let earliest = office.get(&format!("{table_path}?urut=submitted")).await;
    assert_eq!(order(&earliest.body), [0, 1, 2]);

    // One entry: returning it needs the reason the entrant will read.
    let page_path = format!("/kantor/entri/{}", semarang.1);
    let page = office.get(&page_path).await;
    assert_eq!(page.status, StatusCode::OK, "{}", page.body);
    assert!(
        page.body.contains("Pemeriksaan administrasi"),
        "{}",
        page.body
    );
    let csrf = page.csrf();
    let version = hidden(&page.body, "version");
    let no_reason = office
        .post(
            &format!("{page_path}/periksa"),
            &[
                ("csrf", &csrf),
                ("version", &version),
                ("keputusan", "returned"),
            ],
        )
        .await;
    assert_eq!(
        no_reason.status,
        StatusCode::UNPROCESSABLE_ENTITY,
        "{}",
        no_reason.body
    );
    assert!(
        no_reason.body.contains(r#"id="alasan-error""#),
        "{}",
        no_reason.body
    );
    let returned = office
        .post(
            &format!("{page_path}/periksa"),
            &[
                ("csrf", &csrf),
                ("version", &version),
                ("keputusan", "returned"),
                ("alasan", "Lampirkan Perda yang ditandatangani."),
            ],
        )
        .await;
    assert_eq!(returned.status, StatusCode::SEE_OTHER, "{}", returned.body);
    let entry = status_of(&app, &semarang.1).await;
    assert_eq!(entry["status"], "returned");
    assert_eq!(entry["check_note"], "Lampirkan Perda yang ditandatangani.");

    // The other two at once, at the versions the table showed.
    let table = office.get(&table_path).await;
    let versions: Vec<(String, String)> = [demak, tegal]
        .iter()
        .map(|(_, id)| (id.clone(), hidden(&table.body, &format!("versi.{id}"))))
        .collect();
    let mut fields: Vec<(&str, &str)> = vec![("csrf", &csrf), ("keputusan", "complete")];
    let names: Vec<String> = versions
        .iter()
        .map(|(id, _)| format!("versi.{id}"))
        .collect();
    for ((id, version), name) in versions.iter().zip(&names) {
        fields.push(("entri", id));
        fields.push((name, version));
    }
    let bulk = office.post(&format!("{table_path}/periksa"), &fields).await;
    assert_eq!(bulk.status, StatusCode::SEE_OTHER, "{}", bulk.body);
    for (_, id) in [demak, tegal] {
        assert_eq!(status_of(&app, id).await["status"], "complete");
    }
    // A bulk decision with a stale version names the entry it could not save.
    let stale = office
        .post(
            &format!("{table_path}/periksa"),
            &[
                ("csrf", &csrf),
                ("keputusan", "rejected"),
                ("alasan", "Data tidak sah"),
                ("entri", &demak.1),
                (&format!("versi.{}", demak.1), "1"),
            ],
        )
        .await;
    assert_eq!(
        stale.status,
        StatusCode::UNPROCESSABLE_ENTITY,
        "{}",
        stale.body
    );
    assert!(
        stale.body.contains("1 dari 1 entri tidak dapat diperiksa"),
        "{}",
        stale.body
    );
    assert_eq!(status_of(&app, &demak.1).await["status"], "complete");
}

/// Judges, entrants and another province's office reach none of an
/// edition's entries through the office's pages.
async fn office_entry_pages_refuse_everyone_but_the_editions_office(app: TestApp) {
    let (edition, entries) = three_sent_entries(&app).await;
    let entry = &entries[0].1;
    app.regional_admin("kanwil.jatim@example.id", "35").await;
    app.judge("juri@example.id", "33").await;
    let gets = [
        format!("/kantor/edisi/{edition}/entri"),
        format!("/kantor/entri/{entry}"),
    ];
    let posts = [
        format!("/kantor/edisi/{edition}/entri/periksa"),
        format!("/kantor/entri/{entry}/periksa"),
    ];
    for (who, expected) in [
        (
            "juri@example.id",
            [StatusCode::FORBIDDEN, StatusCode::FORBIDDEN],
        ),
        (
            "pemda0@example.id",
            [StatusCode::FORBIDDEN, StatusCode::FORBIDDEN],
        ),
        (
            "kanwil.jatim@example.id",
            [StatusCode::FORBIDDEN, StatusCode::NOT_FOUND],
        ),
    ] {
        let mut visitor = Visitor::new(&app);
        visitor.sign_in(who, PASSWORD).await;
        let csrf = visitor.get("/akun").await.csrf();
        for (page, expected) in gets.iter().zip(expected) {
            let answer = visitor.get(page).await;
            assert_eq!(answer.status, expected, "{who} GET {page}: {}", answer.body);
            assert!(!answer.body.contains(&entries[0].0), "{who} {page}");
        }
        for page in &posts {
            let answer = visitor
                .post(
                    page,
                    &[
                        ("csrf", &csrf),
                        ("keputusan", "complete"),
                        ("entri", entry),
                        ("version", "2"),
                        (&format!("versi.{entry}"), "2"),
                    ],
                )
                .await;
            assert!(
                answer.status == StatusCode::FORBIDDEN
                    || answer.status == StatusCode::NOT_FOUND
                    || answer.status == StatusCode::UNPROCESSABLE_ENTITY,
                "{who} POST {page}: {}",
                answer.status
            );
        }
    }
    for (_, id) in &entries {
        assert_eq!(
            status_of(&app, id).await["status"],
            "submitted",
            "nothing was checked"
        );
    }
}

/// The edition's outgoing email: counts by state, a failure with its
/// error, and a failed email sent again, by page and by API; nobody else
/// sees or touches it.
async fn the_office_sees_and_retries_its_outgoing_email(app: TestApp) {
    use diesel::prelude::*;
    use paritrana::db::schema::outbox_emails;
    let (edition, _) = three_sent_entries(&app).await;
    // No SMTP server here: the receipts wait in the queue. One has failed for good.
    let failed_id: String = {
        let pool = paritrana::db::connect(&app.settings.database).expect("pool");
        let mut conn = pool.get().expect("connection");
        let id: String = outbox_emails::table
            .filter(outbox_emails::recipient.eq("pemda0@example.id"))
            .select(outbox_emails::id)
            .first(&mut conn)
            .expect("the receipt");
        diesel::update(outbox_emails::table.find(&id))
            .set((
                outbox_emails::status.eq("failed"),
                outbox_emails::attempts.eq(8),
                outbox_emails::last_error.eq(Some("550 5.1.1 mailbox unavailable")),
            ))
            .execute(&mut conn)
            .expect("failed");
        id
    };
    let mut office = Visitor::new(&app);
    office.sign_in("kanwil@example.id", PASSWORD).await;
    let path = format!("/kantor/edisi/{edition}/email");
    let page = office.get(&path).await;
    assert_eq!(page.status, StatusCode::OK, "{}", page.body);
    assert!(
        page.body.contains("<strong>2</strong> dalam antrean"),
        "{}",
        page.body
    );
    assert!(
        page.body.contains("<strong>1</strong> gagal"),
        "{}",
        page.body
    );
    assert!(
        page.body.contains("550 5.1.1 mailbox unavailable"),
        "{}",
        page.body
    );
    let failed = office.get(&format!("{path}?status=failed")).await;
    assert!(
        failed.body.contains("pemda0@example.id") && !failed.body.contains("pemda1@example.id"),
        "{}",
        failed.body
    );
    let again = office
        .post(
            &format!("{path}/{failed_id}/kirim-ulang"),
            &[("csrf", &failed.csrf())],
        )
        .await;
    assert_eq!(again.status, StatusCode::SEE_OTHER, "{}", again.body);
    let (status, list) = app
        .get(
            &format!("/api/v1/editions/{edition}/emails?status=queued"),
            Some(&app.admin_token),
        )
        .await;
    assert_eq!(status, StatusCode::OK, "{list}");
    assert_eq!(list["counts"]["failed"], 0, "{list}");
    let requeued = list["items"]
        .as_array()
        .unwrap()
        .iter()
        .find(|e| e["id"] == failed_id.as_str())
        .expect("queued again")
        .clone();
    assert_eq!(requeued["attempts"], 0, "{requeued}");
    // The API door: a queued email is not failed; an unknown one is not found.
    let retry = |id: &str| format!("/api/v1/editions/{edition}/emails/{id}/retry");
    let (status, body) = app
        .post(&retry(&failed_id), Some(&app.admin_token), json!({}))
        .await;
    assert_eq!(status, StatusCode::CONFLICT, "{body}");
    let (status, body) = app
        .post(&retry("tidak-ada"), Some(&app.admin_token), json!({}))
        .await;
    assert_eq!(status, StatusCode::NOT_FOUND, "{body}");
    // Nobody else.
    let (_, other) = app.regional_admin("kanwil.jatim@example.id", "35").await;
    let (_, judge) = app.judge("juri@example.id", "33").await;
    for token in [&other, &judge] {
        let (status, body) = app.post(&retry(&failed_id), Some(token), json!({})).await;
        assert_eq!(status, StatusCode::FORBIDDEN, "{body}");
    }
    for who in [
        "kanwil.jatim@example.id",
        "juri@example.id",
        "pemda1@example.id",
    ] {
        let mut visitor = Visitor::new(&app);
        visitor.sign_in(who, PASSWORD).await;
        let answer = visitor.get(&path).await;
        assert_eq!(
            answer.status,
            StatusCode::FORBIDDEN,
            "{who}: {}",
            answer.body
        );
        assert!(!answer.body.contains("pemda0@example.id"), "{who}");
        let csrf = visitor.get("/akun").await.csrf();
        let answer = visitor
            .post(
                &format!("{path}/{failed_id}/kirim-ulang"),
                &[("csrf", &csrf)],
            )
            .await;
        assert_eq!(
            answer.status,
            StatusCode::FORBIDDEN,
            "{who}: {}",
            answer.body
        );
    }
}

#[tokio::test]
async fn the_office_pages_read_well_on_a_phone_in_chromium() {
    let app = TestApp::spawn(Backend::Sqlite).await.expect("app");
    let (edition, entries) = three_sent_entries(&app).await;
    let _one = crate::browser::ONE_BROWSER.lock().await;
    let Some(browser) = Browser::start(&app.address, "id-ID,id").await else {
        return;
    };
    browser.sign_in("kanwil@example.id", PASSWORD).await;
    browser.follow("nav a[href='/kantor']").await;
    browser.check("kantor").await;
    browser.follow("a[href='/kantor/edisi/baru']").await;
    browser.check("kantor-edisi-baru").await;
    browser
        .fill("#nama", "Paritrana Award 2025 – Jawa Tengah")
        .await;
    browser.follow("form.stack button[type=submit]").await;
    assert!(browser.path().await.starts_with("/kantor/edisi/"));
    browser.check("kantor-edisi-draf").await;
    let pages = [
        ("kantor-edisi", format!("/kantor/edisi/{edition}")),
        ("kantor-entri", format!("/kantor/edisi/{edition}/entri")),
        (
            "kantor-satu-entri",
            format!("/kantor/entri/{}", entries[0].1),
        ),
        ("kantor-email", format!("/kantor/edisi/{edition}/email")),
    ];
    for (label, page) in &pages {
        browser.open(page).await;
        browser.check(label).await;
    }
    browser.narrow().await;
    browser.open("/kantor").await;
    browser.check("kantor").await;
    browser.open("/kantor/edisi/baru").await;
    browser.check("kantor-edisi-baru").await;
    for (label, page) in &pages {
        browser.open(page).await;
        browser.check(label).await;
    }
}

mod on_pages {
    crate::on_both_backends!(
        an_office_makes_an_edition_from_templates_and_moves_it_along,
        office_pages_refuse_everyone_but_the_editions_office,
        the_editions_list_pages,
        the_office_checks_entries_one_by_one_and_in_bulk,
        office_entry_pages_refuse_everyone_but_the_editions_office,
        the_office_sees_and_retries_its_outgoing_email,
    );
    use super::*;
}
