//! The office's people and audit log pages: a regional office invites an
//! entrant for an organisation it finds by name, changes their roles,
//! disables the account and sends the invitation again; then reads every
//! one of those changes back in the audit log, filtered and as CSV. Nobody
//! outside the province reaches any of it.

use reqwest::StatusCode;

use crate::helpers::{PASSWORD, TestApp};
use crate::invitations::emails_to;
use crate::pages::{Visitor, hidden};

/// The account id a person's page redirected to.
fn person_of(location: &str) -> String {
    location
        .strip_prefix("/kantor/orang/")
        .expect("the person's page")
        .to_owned()
}

async fn the_office_invites_and_manages_people(app: TestApp) {
    app.regional_admin("kanwil@example.id", "33").await;
    let semarang = app.government("regency_government", "33.74").await;
    let semarang_id = semarang["id"].as_str().unwrap();
    let mut office = Visitor::new(&app);
    office.sign_in("kanwil@example.id", PASSWORD).await;
    let list = office.get("/kantor").await;
    assert!(
        list.body.contains(r#"href="/kantor/orang""#),
        "{}",
        list.body
    );

    let form = office.get("/kantor/orang/undang").await;
    assert_eq!(form.status, StatusCode::OK, "{}", form.body);
    assert!(
        form.body.contains(r#"value="entrant" checked"#),
        "{}",
        form.body
    );
    assert!(form.body.contains(r#"value="judge""#), "{}", form.body);
    assert!(
        !form.body.contains(r#"value="regional_admin""#),
        "a regional office grants no admin role: {}",
        form.body
    );
    assert!(
        form.body
            .contains(r#"<option value="33" selected>Jawa Tengah</option>"#),
        "{}",
        form.body
    );
    let csrf = form.csrf();

    // Finding the organisation keeps what was typed.
    let found = office
        .post(
            "/kantor/orang/undang",
            &[
                ("csrf", &csrf),
                ("email", "sekda.semarang@example.id"),
                ("nama", "Sekretariat Daerah Kota Semarang"),
                ("provinsi", "33"),
                ("peran", "entrant"),
                ("cari_org", "semarang"),
                ("aksi", "cari"),
            ],
        )
        .await;
    assert_eq!(found.status, StatusCode::OK, "{}", found.body);
    assert!(
        found
            .body
            .contains(&format!(r#"name="organisasi" value="{semarang_id}""#)),
        "{}",
        found.body
    );
    assert!(
        found.body.contains("Pemerintah Kota Semarang"),
        "{}",
        found.body
    );
    assert!(
        found.body.contains(r#"value="sekda.semarang@example.id""#),
        "{}",
        found.body
    );
    let nothing = office
        .post(
            "/kantor/orang/undang",
            &[("csrf", &csrf), ("cari_org", "Surabaya"), ("aksi", "cari")],
        )
        .await;
    assert!(
        nothing
            .body
            .contains("Tidak ada organisasi bernama &quot;Surabaya&quot;"),
        "{}",
        nothing.body
    );

    // An organisation not registered yet is registered from the invite
    // page, then chosen there.
    let form = office.get("/kantor/organisasi/baru").await;
    assert_eq!(form.status, StatusCode::OK, "{}", form.body);
    let unknown = office
        .post(
            "/kantor/organisasi/baru",
            &[
                ("csrf", &csrf),
                ("jenis", "regency_government"),
                ("wilayah", "33.99"),
            ],
        )
        .await;
    assert_eq!(
        unknown.status,
        StatusCode::UNPROCESSABLE_ENTITY,
        "{}",
        unknown.body
    );
    assert!(
        unknown.body.contains(r#"id="o-wilayah-error""#),
        "{}",
        unknown.body
    );
    assert!(
        unknown.body.contains(r#"value="33.99""#),
        "{}",
        unknown.body
    );
    let elsewhere = office
        .post(
            "/kantor/organisasi/baru",
            &[
                ("csrf", &csrf),
                ("jenis", "regency_government"),
                ("wilayah", "35.78"),
            ],
        )
        .await;
    assert_eq!(
        elsewhere.status,
        StatusCode::UNPROCESSABLE_ENTITY,
        "{}",
        elsewhere.body
    );
    assert!(
        elsewhere.body.contains("di luar provinsi Anda"),
        "{}",
        elsewhere.body
    );
    let registered = office
        .post(
            "/kantor/organisasi/baru",
            &[
                ("csrf", &csrf),
                ("jenis", "regency_government"),
                ("wilayah", "33.21"),
            ],
        )
        .await;
    assert_eq!(
        registered.status,
        StatusCode::SEE_OTHER,
        "{}",
        registered.body
    );
    assert!(
        registered
            .location()
            .starts_with("/kantor/orang/undang?organisasi=")
    );
    let chosen = office.get(registered.location()).await;
    assert!(
        chosen.body.contains("Organisasi terdaftar"),
        "{}",
        chosen.body
    );
    assert!(
        chosen.body.contains("Pemerintah Kabupaten Demak"),
        "{}",
        chosen.body
    );
    assert!(
        chosen.body.contains(r#"name="organisasi" value=""#),
        "{}",
        chosen.body
    );
    assert!(
        chosen
            .body
            .contains("\" checked> Pemerintah Kabupaten Demak"),
        "{}",
        chosen.body
    );

    // A bad email is said beside it; the name stays.
    let refused = office
        .post(
            "/kantor/orang/undang",
            &[
                ("csrf", &csrf),
                ("email", "bukan-email"),
                ("nama", "Sekretariat Daerah Kota Semarang"),
                ("provinsi", "33"),
                ("peran", "entrant"),
                ("organisasi", semarang_id),
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
        refused.body.contains(r#"id="f-email-error""#),
        "{}",
        refused.body
    );
    assert!(
        refused
            .body
            .contains(&format!(r#"value="{semarang_id}" checked"#)),
        "{}",
        refused.body
    );
    // An admin role is refused for a regional office, in words.
    let admin_role = office
        .post(
            "/kantor/orang/undang",
            &[
                ("csrf", &csrf),
                ("email", "kanwil2@example.id"),
                ("nama", "Admin Kedua"),
                ("provinsi", "33"),
                ("peran", "regional_admin"),
                ("kelola", "33"),
            ],
        )
        .await;
    assert_eq!(admin_role.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(
        admin_role.body.contains(r#"role="alert""#),
        "{}",
        admin_role.body
    );
    assert!(emails_to(&app, "kanwil2@example.id").is_empty());

    let invited = office
        .post(
            "/kantor/orang/undang",
            &[
                ("csrf", &csrf),
                ("email", "sekda.semarang@example.id"),
                ("nama", "Sekretariat Daerah Kota Semarang"),
                ("provinsi", "33"),
                ("peran", "entrant"),
                ("organisasi", semarang_id),
            ],
        )
        .await;
    assert_eq!(invited.status, StatusCode::SEE_OTHER, "{}", invited.body);
    let person = person_of(invited.location());
    assert_eq!(emails_to(&app, "sekda.semarang@example.id").len(), 1);
    let page = office.get(invited.location()).await;
    assert_eq!(page.status, StatusCode::OK, "{}", page.body);
    for expected in [
        "Undangan terkirim.",
        "sekda.semarang@example.id",
        "Peserta",
        &format!(r#"value="{semarang_id}" checked"#),
    ] {
        assert!(page.body.contains(expected), "{expected}: {}", page.body);
    }
    let version = hidden(&page.body, "versi");

    // Roles: an entrant made a judge keeps no organisation.
    let both = office
        .post(
            &format!("/kantor/orang/{person}/peran"),
            &[
                ("csrf", &csrf),
                ("versi", &version),
                ("peran", "judge"),
                ("organisasi", semarang_id),
            ],
        )
        .await;
    assert_eq!(
        both.status,
        StatusCode::UNPROCESSABLE_ENTITY,
        "{}",
        both.body
    );
    assert!(
        both.body.contains(r#"id="organisasi-error""#),
        "{}",
        both.body
    );
    let judge = office
        .post(
            &format!("/kantor/orang/{person}/peran"),
            &[("csrf", &csrf), ("versi", &version), ("peran", "judge")],
        )
        .await;
    assert_eq!(judge.status, StatusCode::SEE_OTHER, "{}", judge.body);
    let page = office.get(judge.location()).await;
    assert!(page.body.contains("Peran tersimpan."), "{}", page.body);
    assert!(
        page.body.contains(r#"value="judge" checked"#),
        "{}",
        page.body
    );
    // A form read before that change is refused, not applied.
    let stale = office
        .post(
            &format!("/kantor/orang/{person}/peran"),
            &[("csrf", &csrf), ("versi", &version), ("peran", "entrant")],
        )
        .await;
    assert_eq!(
        stale.status,
        StatusCode::UNPROCESSABLE_ENTITY,
        "{}",
        stale.body
    );
    assert!(stale.body.contains(r#"role="alert""#), "{}", stale.body);
    let version = hidden(&page.body, "versi");

    // The invitation again, then disabled: listed as such.
    let resent = office
        .post(
            &format!("/kantor/orang/{person}/undangan"),
            &[("csrf", &csrf)],
        )
        .await;
    assert_eq!(resent.status, StatusCode::SEE_OTHER, "{}", resent.body);
    assert_eq!(emails_to(&app, "sekda.semarang@example.id").len(), 2);
    let disabled = office
        .post(
            &format!("/kantor/orang/{person}/status"),
            &[("csrf", &csrf), ("versi", &version), ("aktif", "tidak")],
        )
        .await;
    assert_eq!(disabled.status, StatusCode::SEE_OTHER, "{}", disabled.body);
    let off = office.get("/kantor/orang?aktif=tidak").await;
    assert!(
        off.body.contains("sekda.semarang@example.id") && off.body.contains("1 orang"),
        "{}",
        off.body
    );
    let judges = office.get("/kantor/orang?peran=judge&q=sekda").await;
    assert!(
        judges.body.contains("Sekretariat Daerah"),
        "{}",
        judges.body
    );
    let entrants = office.get("/kantor/orang?peran=entrant&q=sekda").await;
    assert!(entrants.body.contains("0 orang"), "{}", entrants.body);
    // Disabled, the invitation is not sent again.
    let again = office
        .post(
            &format!("/kantor/orang/{person}/undangan"),
            &[("csrf", &csrf)],
        )
        .await;
    assert_eq!(again.status, StatusCode::CONFLICT, "{}", again.body);
    assert_eq!(emails_to(&app, "sekda.semarang@example.id").len(), 2);

    // Every change is in the audit log, newest first, with what changed.
    let log = office
        .get(&format!("/kantor/log?objek=user&id_objek={person}"))
        .await;
    assert_eq!(log.status, StatusCode::OK, "{}", log.body);
    for expected in [
        "3 catatan",
        "user.disable",
        "user.set_roles",
        "user.create",
        "kanwil@example.id",
    ] {
        assert!(log.body.contains(expected), "{expected}: {}", log.body);
    }
    let table = &log.body[log.body.find("<tbody>").expect("a table")..];
    assert!(
        table.find("user.disable") < table.find("user.create"),
        "newest first: {table}"
    );
    assert!(log.body.contains("<del>true</del>"), "{}", log.body);
    let by_action = office.get("/kantor/log?aksi=user.set_roles").await;
    assert!(by_action.body.contains("1 catatan"), "{}", by_action.body);
    let by_who = office.get("/kantor/log?siapa=orang.lain@example.id").await;
    assert!(by_who.body.contains("0 catatan"), "{}", by_who.body);
    let today = chrono::Utc::now().format("%Y-%m-%d").to_string();
    let tomorrow = (chrono::Utc::now() + chrono::Duration::days(2))
        .format("%Y-%m-%d")
        .to_string();
    let future = office.get(&format!("/kantor/log?dari={tomorrow}")).await;
    assert!(future.body.contains("0 catatan"), "{}", future.body);
    let backwards = office
        .get(&format!("/kantor/log?dari={tomorrow}&sampai={today}"))
        .await;
    assert_eq!(backwards.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(
        backwards.body.contains(r#"id="f-sampai-error""#),
        "{}",
        backwards.body
    );
    assert!(backwards.body.contains(&format!(r#"value="{tomorrow}""#)));
    let csv = office
        .get(&format!("/kantor/log.csv?objek=user&id_objek={person}"))
        .await;
    assert_eq!(csv.status, StatusCode::OK, "{}", csv.body);
    assert!(
        csv.headers["content-type"]
            .to_str()
            .unwrap()
            .starts_with("text/csv"),
        "{:?}",
        csv.headers
    );
    let lines: Vec<&str> = csv.body.lines().collect();
    assert_eq!(lines.len(), 4, "{}", csv.body);
    assert!(
        lines[0].starts_with("id,waktu_utc,email_pelaku"),
        "{}",
        csv.body
    );
    assert!(lines[1].contains("user.disable"), "{}", csv.body);
    assert!(
        lines[3].contains("sekda.semarang@example.id"),
        "{}",
        csv.body
    );
}

async fn people_and_log_pages_refuse_everyone_outside_the_province(app: TestApp) {
    app.regional_admin("kanwil@example.id", "33").await;
    let (person, _) = app.judge("juri.jateng@example.id", "33").await;
    app.regional_admin("kanwil.jatim@example.id", "35").await;
    app.entrant("peserta@example.id", "33", &[]).await;
    let mut office = Visitor::new(&app);
    office.sign_in("kanwil@example.id", PASSWORD).await;
    let page = office.get(&format!("/kantor/orang/{person}")).await;
    assert_eq!(page.status, StatusCode::OK, "{}", page.body);
    let version = hidden(&page.body, "versi");

    for (who, expected) in [
        ("juri.jateng@example.id", StatusCode::FORBIDDEN),
        ("peserta@example.id", StatusCode::FORBIDDEN),
    ] {
        let mut visitor = Visitor::new(&app);
        visitor.sign_in(who, PASSWORD).await;
        let csrf = visitor.get("/akun").await.csrf();
        for path in [
            "/kantor/orang".to_owned(),
            "/kantor/orang/undang".to_owned(),
            format!("/kantor/orang/{person}"),
            "/kantor/log".to_owned(),
            "/kantor/log.csv".to_owned(),
            "/kantor/organisasi/baru".to_owned(),
        ] {
            let answer = visitor.get(&path).await;
            assert_eq!(answer.status, expected, "{who} GET {path}: {}", answer.body);
            assert!(!answer.body.contains("user.create"), "{who} {path}");
        }
        let answer = visitor
            .post(
                "/kantor/orang/undang",
                &[
                    ("csrf", &csrf),
                    ("email", "baru@example.id"),
                    ("nama", "Orang Baru"),
                    ("provinsi", "33"),
                    ("peran", "judge"),
                ],
            )
            .await;
        assert_eq!(answer.status, expected, "{who}: {}", answer.body);
        assert!(emails_to(&app, "baru@example.id").is_empty());
        let answer = visitor
            .post(
                "/kantor/organisasi/baru",
                &[
                    ("csrf", &csrf),
                    ("jenis", "regency_government"),
                    ("wilayah", "33.21"),
                ],
            )
            .await;
        assert_eq!(answer.status, expected, "{who}: {}", answer.body);
    }

    // Another province's office does not find the person, cannot change
    // them, and reads none of their records in the log.
    let mut jatim = Visitor::new(&app);
    jatim.sign_in("kanwil.jatim@example.id", PASSWORD).await;
    let csrf = jatim.get("/akun").await.csrf();
    let answer = jatim.get(&format!("/kantor/orang/{person}")).await;
    assert_eq!(answer.status, StatusCode::NOT_FOUND, "{}", answer.body);
    let listed = jatim.get("/kantor/orang?q=juri.jateng").await;
    assert!(listed.body.contains("0 orang"), "{}", listed.body);
    for (path, fields) in [
        (
            format!("/kantor/orang/{person}/peran"),
            vec![
                ("csrf", csrf.as_str()),
                ("versi", version.as_str()),
                ("peran", "entrant"),
            ],
        ),
        (
            format!("/kantor/orang/{person}/status"),
            vec![
                ("csrf", csrf.as_str()),
                ("versi", version.as_str()),
                ("aktif", "tidak"),
            ],
        ),
        (
            format!("/kantor/orang/{person}/undangan"),
            vec![("csrf", csrf.as_str())],
        ),
    ] {
        let answer = jatim.post(&path, &fields).await;
        assert_eq!(
            answer.status,
            StatusCode::NOT_FOUND,
            "POST {path}: {}",
            answer.body
        );
    }
    let log = jatim.get(&format!("/kantor/log?id_objek={person}")).await;
    assert!(log.body.contains("0 catatan"), "{}", log.body);
    let csv = jatim.get("/kantor/log.csv").await;
    assert!(!csv.body.contains(&person), "{}", csv.body);
    // An invitation into a province not theirs is refused.
    let outside = jatim
        .post(
            "/kantor/orang/undang",
            &[
                ("csrf", &csrf),
                ("email", "luar@example.id"),
                ("nama", "Orang Luar"),
                ("provinsi", "33"),
                ("peran", "judge"),
            ],
        )
        .await;
    assert_eq!(
        outside.status,
        StatusCode::UNPROCESSABLE_ENTITY,
        "{}",
        outside.body
    );
    assert!(emails_to(&app, "luar@example.id").is_empty());
    // Nothing changed.
    let page = office.get(&format!("/kantor/orang/{person}")).await;
    assert_eq!(hidden(&page.body, "versi"), version);
}

mod on_pages {
    crate::on_both_backends!(
        the_office_invites_and_manages_people,
        people_and_log_pages_refuse_everyone_outside_the_province,
    );
    use super::*;
}
