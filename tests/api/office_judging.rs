//! The office's judging pages: a regional office adds its judges, sets a
//! stage's panel, assigns automatically and reads the shortfall it could
//! not fill and why, sees the conflict in the coverage matrix, dismisses
//! it with a reason and assigns that judge by hand, reminds the judges
//! with open sheets (once a day) and reopens a submitted sheet; nobody
//! outside the edition's office reaches any of it.

use reqwest::StatusCode;
use serde_json::json;

use crate::helpers::{PASSWORD, TestApp, local_in};
use crate::invitations::emails_to;
use crate::pages::{Visitor, outsiders, refused_everywhere};

struct Stage {
    edition: String,
    category: String,
    semarang: String,
    kanwil: String,
}

/// The Central Java edition of the judging tests: a two-stage rubric and
/// two complete entries, Kota Semarang and Kabupaten Demak.
async fn two_entries(app: &TestApp) -> Stage {
    let j = crate::judging::judging(app).await;
    // `/api/v1/editions/{edition}/categories/{category}/stages`
    let parts: Vec<&str> = j.base.split('/').collect();
    Stage {
        edition: parts[4].to_owned(),
        category: parts[6].to_owned(),
        semarang: j.semarang_entry,
        kanwil: j.kanwil,
    }
}

/// The edition judge id whose name the page shows next to `value=`.
fn judge_id_on(body: &str, name: &str) -> String {
    let at = body.find(name).expect("the judge is listed");
    let before = &body[..at];
    let start = before.rfind(r#"name="juri" value=""#).expect("a panel box")
        + r#"name="juri" value=""#.len();
    before[start..].split('"').next().unwrap().to_owned()
}

async fn the_office_assigns_judges_and_watches_progress(app: TestApp) {
    let s = two_entries(&app).await;
    let (ani, ani_token) = app.judge("ani@example.id", "33").await;
    let (budi, _) = app.judge("budi@example.id", "33").await;
    let (citra, _) = app.judge("citra@example.id", "33").await;
    let mut office = Visitor::new(&app);
    office.sign_in("kanwil@example.id", PASSWORD).await;
    let edition_page = office.get(&format!("/kantor/edisi/{}", s.edition)).await;
    let overview_path = format!("/kantor/edisi/{}/penjurian", s.edition);
    assert!(
        edition_page
            .body
            .contains(&format!(r#"href="{overview_path}""#)),
        "{}",
        edition_page.body
    );
    let overview = office.get(&overview_path).await;
    assert_eq!(overview.status, StatusCode::OK, "{}", overview.body);
    for expected in [
        "Belum ada juri di edisi ini.",
        "Data",
        "Wawancara",
        "ani@example.id",
        "Kota Semarang",
    ] {
        assert!(
            overview.body.contains(expected),
            "{expected}: {}",
            overview.body
        );
    }
    let csrf = overview.csrf();

    // Adding a judge: the account is required; Ani comes from Semarang.
    let add = format!("{overview_path}/juri");
    let missing = office.post(&add, &[("csrf", &csrf), ("akun", "")]).await;
    assert_eq!(missing.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(
        missing.body.contains(r#"id="f-akun-error""#),
        "{}",
        missing.body
    );
    for (user, region) in [(&ani, "33.74"), (&budi, ""), (&citra, "")] {
        let added = office
            .post(
                &add,
                &[("csrf", &csrf), ("akun", user), ("wilayah", region)],
            )
            .await;
        assert_eq!(added.status, StatusCode::SEE_OTHER, "{}", added.body);
    }
    let overview = office.get(&overview_path).await;
    assert!(
        overview.body.contains("Juri ditambahkan"),
        "{}",
        overview.body
    );
    assert!(
        overview.body.contains("Belum ada tugas"),
        "{}",
        overview.body
    );
    let twice = office
        .post(&add, &[("csrf", &csrf), ("akun", &ani), ("wilayah", "")])
        .await;
    assert_eq!(
        twice.status,
        StatusCode::UNPROCESSABLE_ENTITY,
        "{}",
        twice.body
    );
    assert!(
        twice.body.contains(r#"id="f-akun-error""#),
        "{}",
        twice.body
    );

    // The panel of the first stage: all three.
    let stage_path = format!("{overview_path}/{}/data", s.category);
    let stage = office.get(&stage_path).await;
    assert_eq!(stage.status, StatusCode::OK, "{}", stage.body);
    let ids: Vec<String> = ["ani@example.id", "budi@example.id", "citra@example.id"]
        .iter()
        .map(|email| judge_id_on(&stage.body, email))
        .collect();
    let mut panel = vec![("csrf", csrf.as_str())];
    panel.extend(ids.iter().map(|id| ("juri", id.as_str())));
    let saved = office.post(&format!("{stage_path}/panel"), &panel).await;
    assert_eq!(saved.status, StatusCode::SEE_OTHER, "{}", saved.body);
    let stage = office.get(&stage_path).await;
    assert!(stage.body.contains("Panel tersimpan."), "{}", stage.body);
    // Ani's conflict with Semarang shows in the matrix and the list.
    assert!(stage.body.contains("Konflik kepentingan"), "{}", stage.body);
    assert!(
        stage.body.contains(r#"class="cell-conflict""#),
        "{}",
        stage.body
    );
    assert!(stage.body.contains("Juri tanpa tugas: "), "{}", stage.body);

    // Automatic assignment: three per entry cannot be met for Semarang.
    let bad = office
        .post(
            &format!("{stage_path}/otomatis"),
            &[("csrf", &csrf), ("per_entry", "tiga"), ("cap", "")],
        )
        .await;
    assert_eq!(bad.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(bad.body.contains(r#"id="assign-error""#), "{}", bad.body);
    assert!(bad.body.contains(r#"value="tiga""#), "{}", bad.body);
    let assigned = office
        .post(
            &format!("{stage_path}/otomatis"),
            &[("csrf", &csrf), ("per_entry", "3"), ("cap", "")],
        )
        .await;
    assert_eq!(assigned.status, StatusCode::OK, "{}", assigned.body);
    for expected in [
        "5 penugasan baru dibuat.",
        "1 entri belum mendapat juri sebanyak yang diminta",
        "<strong>Pemerintah Kota Semarang</strong>",
        "1 entri punya kurang dari 3 juri.",
    ] {
        assert!(
            assigned.body.contains(expected),
            "{expected}: {}",
            assigned.body
        );
    }
    assert_eq!(
        emails_to(&app, "ani@example.id").len(),
        1,
        "one email per batch"
    );

    // By hand: refused while the conflict stands, then dismissed with a
    // reason and assigned.
    let pair = format!("{}|{}", ids[0], s.semarang);
    let refused = office
        .post(
            &format!("{stage_path}/tugaskan"),
            &[("csrf", &csrf), ("tugas", &pair)],
        )
        .await;
    assert_eq!(
        refused.status,
        StatusCode::UNPROCESSABLE_ENTITY,
        "{}",
        refused.body
    );
    assert!(
        refused.body.contains(r#"class="error" role="alert""#),
        "{}",
        refused.body
    );
    let dismiss = |reason: &'static str| {
        vec![
            ("csrf", csrf.clone()),
            ("juri", ids[0].clone()),
            ("entri", s.semarang.clone()),
            ("jenis", "region".to_owned()),
            ("alasan", reason.to_owned()),
        ]
    };
    let fields = dismiss(" ");
    let fields: Vec<(&str, &str)> = fields.iter().map(|(k, v)| (*k, v.as_str())).collect();
    let no_reason = office.post(&format!("{stage_path}/anulir"), &fields).await;
    assert_eq!(no_reason.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(
        no_reason.body.contains("<details open>"),
        "{}",
        no_reason.body
    );
    let fields = dismiss("Tinggal di Semarang tetapi bekerja untuk Kabupaten Demak");
    let fields: Vec<(&str, &str)> = fields.iter().map(|(k, v)| (*k, v.as_str())).collect();
    let dismissed = office.post(&format!("{stage_path}/anulir"), &fields).await;
    assert_eq!(
        dismissed.status,
        StatusCode::SEE_OTHER,
        "{}",
        dismissed.body
    );
    let by_hand = office
        .post(
            &format!("{stage_path}/tugaskan"),
            &[("csrf", &csrf), ("tugas", &pair)],
        )
        .await;
    assert_eq!(by_hand.status, StatusCode::SEE_OTHER, "{}", by_hand.body);
    let stage = office.get(&stage_path).await;
    for expected in [
        "Juri ditugaskan.",
        "Setiap entri punya paling sedikit 3 juri.",
        "Dianulir",
    ] {
        assert!(stage.body.contains(expected), "{expected}: {}", stage.body);
    }

    // The interview stage takes a shortlist, picked by hand with a reason.
    let interview = format!("{overview_path}/{}/interview", s.category);
    let page = office.get(&interview).await;
    assert_eq!(page.status, StatusCode::OK, "{}", page.body);
    assert!(
        page.body
            .contains(&format!(r#"name="entri" value="{}""#, s.semarang)),
        "{}",
        page.body
    );
    let no_reason = office
        .post(
            &format!("{interview}/daftar-pendek"),
            &[("csrf", &csrf), ("entri", &s.semarang), ("alasan", "")],
        )
        .await;
    assert_eq!(no_reason.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(
        no_reason.body.contains(r#"id="shortlist-error""#),
        "{}",
        no_reason.body
    );
    let picked = office
        .post(
            &format!("{interview}/daftar-pendek"),
            &[
                ("csrf", &csrf),
                ("entri", &s.semarang),
                ("alasan", "Nilai data tertinggi"),
            ],
        )
        .await;
    assert_eq!(picked.status, StatusCode::SEE_OTHER, "{}", picked.body);
    let page = office.get(&interview).await;
    assert!(
        page.body.contains("1 entri masuk daftar pendek."),
        "{}",
        page.body
    );
    assert!(
        !page
            .body
            .contains(&format!(r#"name="entri" value="{}""#, s.semarang)),
        "{}",
        page.body
    );
    assert!(page.body.contains("1 entri di tahap ini"), "{}", page.body);

    // Reminders: only while judging, and only with a deadline to name.
    let remind = format!("{overview_path}/ingatkan");
    let early = office.post(&remind, &[("csrf", &csrf)]).await;
    assert_eq!(early.status, StatusCode::CONFLICT, "{}", early.body);
    assert!(
        early
            .body
            .contains("Pengingat hanya dikirim selama fase penjurian."),
        "{}",
        early.body
    );
    let edition_api = format!("/api/v1/editions/{}", s.edition);
    for to in ["submissions_closed", "judging"] {
        let (status, body) = app
            .post(
                &format!("{edition_api}/phase"),
                Some(&s.kanwil),
                json!({"to": to}),
            )
            .await;
        assert_eq!(status, StatusCode::OK, "{body}");
    }
    let undated = office.post(&remind, &[("csrf", &csrf)]).await;
    assert_eq!(undated.status, StatusCode::CONFLICT);
    assert!(
        undated.body.contains("tanggal pengumuman hasil"),
        "{}",
        undated.body
    );
    let (_, current) = app.get(&edition_api, Some(&s.kanwil)).await;
    let (status, body) = app
        .patch(
            &edition_api,
            Some(&s.kanwil),
            json!({"version": current["version"], "schedule": {"results_at": local_in(40)}}),
        )
        .await;
    assert_eq!(status, StatusCode::OK, "{body}");

    // Ani scores Semarang and submits; the office reopens it.
    let (_, mine) = app
        .get("/api/v1/judging/assignments", Some(&ani_token))
        .await;
    let assignment = mine
        .as_array()
        .unwrap()
        .iter()
        .find(|a| a["entry_id"] == s.semarang.as_str())
        .expect("Ani has Semarang")["id"]
        .as_str()
        .unwrap()
        .to_owned();
    let sheet = format!("/api/v1/judging/assignments/{assignment}/scoresheet");
    let (status, body) = app
        .put(
            &sheet,
            Some(&ani_token),
            json!({"version": 0, "scores": {"regulation": {"score": 85}}}),
        )
        .await;
    assert_eq!(status, StatusCode::OK, "{body}");
    let (status, body) = app
        .post(
            &format!("{sheet}/submit"),
            Some(&ani_token),
            json!({"version": 1}),
        )
        .await;
    assert_eq!(status, StatusCode::OK, "{body}");

    let overview = office.get(&overview_path).await;
    assert!(
        overview.body.contains("1 dari 2 selesai"),
        "{}",
        overview.body
    );
    assert!(
        overview.body.contains("1 dari 6 selesai"),
        "{}",
        overview.body
    );
    let reminded = office.post(&remind, &[("csrf", &csrf)]).await;
    assert_eq!(reminded.status, StatusCode::SEE_OTHER, "{}", reminded.body);
    let after = office.get(&overview_path).await;
    assert!(
        after.body.contains("3 juri diingatkan; 0 dilewati"),
        "{}",
        after.body
    );
    let again = office.post(&remind, &[("csrf", &csrf)]).await;
    assert_eq!(again.status, StatusCode::SEE_OTHER);
    let after = office.get(&overview_path).await;
    assert!(
        after.body.contains("0 juri diingatkan; 3 dilewati"),
        "{}",
        after.body
    );
    let reminders = emails_to(&app, "budi@example.id")
        .into_iter()
        .filter(|(subject, _)| subject.contains("Pengingat"))
        .count();
    assert_eq!(reminders, 1, "at most once a day");

    let stage = office.get(&stage_path).await;
    assert!(stage.body.contains(r#"sheet-submitted"#), "{}", stage.body);
    assert!(
        stage
            .body
            .contains(&format!(r#"<option value="{assignment}""#)),
        "{}",
        stage.body
    );
    let no_reason = office
        .post(
            &format!("{stage_path}/buka-lembar"),
            &[("csrf", &csrf), ("lembar", &assignment), ("alasan", "")],
        )
        .await;
    assert_eq!(no_reason.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(
        no_reason.body.contains(r#"id="reopen-error""#),
        "{}",
        no_reason.body
    );
    let reopened = office
        .post(
            &format!("{stage_path}/buka-lembar"),
            &[
                ("csrf", &csrf),
                ("lembar", &assignment),
                ("alasan", "Nilai regulasi perlu ditinjau"),
            ],
        )
        .await;
    assert_eq!(reopened.status, StatusCode::SEE_OTHER, "{}", reopened.body);
    let stage = office.get(&stage_path).await;
    assert!(
        stage.body.contains("Lembar dibuka kembali"),
        "{}",
        stage.body
    );
    assert!(stage.body.contains("sheet-draft"), "{}", stage.body);
    assert!(!stage.body.contains("sheet-submitted"), "{}", stage.body);
    assert!(
        emails_to(&app, "ani@example.id")
            .iter()
            .any(|(_, body)| body.contains("Nilai regulasi perlu ditinjau")),
        "the judge is told why"
    );
}

async fn judging_pages_refuse_everyone_but_the_editions_office(app: TestApp) {
    let s = two_entries(&app).await;
    let (judge_user, _) = app.judge("juri@example.id", "33").await;
    app.regional_admin("kanwil.jatim@example.id", "35").await;
    app.entrant("peserta@example.id", "33", &[]).await;
    let overview = format!("/kantor/edisi/{}/penjurian", s.edition);
    let stage = format!("{overview}/{}/data", s.category);
    let pages = [overview.clone(), stage.clone()];
    let posts: Vec<(String, Vec<(&str, String)>)> = vec![
        (
            format!("{overview}/juri"),
            vec![("akun", judge_user.clone())],
        ),
        (format!("{overview}/ingatkan"), vec![]),
        (format!("{stage}/panel"), vec![("juri", "x".into())]),
        (format!("{stage}/otomatis"), vec![("per_entry", "1".into())]),
        (
            format!("{stage}/tugaskan"),
            vec![("tugas", format!("x|{}", s.semarang))],
        ),
        (
            format!("{stage}/anulir"),
            vec![
                ("juri", "x".into()),
                ("entri", s.semarang.clone()),
                ("jenis", "region".into()),
                ("alasan", "x".into()),
            ],
        ),
        (
            format!("{stage}/buka-lembar"),
            vec![("lembar", "x".into()), ("alasan", "x".into())],
        ),
    ];
    let who = outsiders(
        "juri@example.id",
        "peserta@example.id",
        "kanwil.jatim@example.id",
    );
    refused_everywhere(&app, &who, &pages, &posts, "Pemerintah Kota Semarang").await;
    // Nothing changed: no judge, no panel, no assignment.
    let edition_api = format!("/api/v1/editions/{}", s.edition);
    let (_, judges) = app
        .get(&format!("{edition_api}/judges"), Some(&s.kanwil))
        .await;
    assert_eq!(judges.as_array().unwrap().len(), 0, "{judges}");
    let (_, assignments) = app
        .get(
            &format!(
                "{edition_api}/categories/{}/stages/data/assignments",
                s.category
            ),
            Some(&s.kanwil),
        )
        .await;
    assert_eq!(assignments.as_array().unwrap().len(), 0, "{assignments}");
}

mod on_pages {
    crate::on_both_backends!(
        the_office_assigns_judges_and_watches_progress,
        judging_pages_refuse_everyone_but_the_editions_office,
    );
    use super::*;
}

#[tokio::test]
async fn the_people_log_and_judging_pages_read_well_in_chromium() {
    let app = crate::helpers::TestApp::spawn(crate::helpers::Backend::Sqlite)
        .await
        .expect("app");
    let s = two_entries(&app).await;
    let edition_api = format!("/api/v1/editions/{}", s.edition);
    let mut judge_ids = Vec::new();
    for (email, region) in [
        ("ani@example.id", Some("33.74")),
        ("budi@example.id", None),
        ("citra@example.id", None),
    ] {
        let (user, _) = app.judge(email, "33").await;
        let (status, judge) = app
            .post(
                &format!("{edition_api}/judges"),
                Some(&s.kanwil),
                json!({"user_id": user, "home_region_code": region}),
            )
            .await;
        assert_eq!(status, StatusCode::CREATED, "{judge}");
        judge_ids.push(judge["id"].clone());
    }
    let stage_api = format!("{edition_api}/categories/{}/stages/data", s.category);
    app.put(
        &format!("{stage_api}/panel"),
        Some(&s.kanwil),
        json!({"judge_ids": judge_ids}),
    )
    .await;
    let (status, report) = app
        .post(
            &format!("{stage_api}/assign"),
            Some(&s.kanwil),
            json!({"per_entry": 3}),
        )
        .await;
    assert_eq!(status, StatusCode::OK, "{report}");
    let _one = crate::browser::ONE_BROWSER.lock().await;
    let Some(browser) = crate::browser::Browser::start(&app.address, "id-ID,id").await else {
        return;
    };
    browser.sign_in("kanwil@example.id", PASSWORD).await;
    let overview = format!("/kantor/edisi/{}/penjurian", s.edition);
    let stage = format!("{overview}/{}/data", s.category);
    // Ani comes from Semarang: her cell for Semarang names the conflict.
    browser.open(&stage).await;
    assert_eq!(
        browser.text("td.cell-conflict span[title]").await,
        "Konflik"
    );
    let pages = [
        ("kantor-orang", "/kantor/orang".to_owned()),
        ("kantor-undang", "/kantor/orang/undang".to_owned()),
        ("kantor-log", "/kantor/log".to_owned()),
        ("kantor-penjurian", overview.clone()),
        ("kantor-tahap", stage.clone()),
    ];
    for (label, page) in &pages {
        browser.open(page).await;
        browser.check(label).await;
    }
    browser.narrow().await;
    for (label, page) in &pages {
        browser.open(page).await;
        browser.check(label).await;
    }
    // On a phone the matrix scrolls sideways inside its own frame.
    browser.open(&stage).await;
    browser
        .eval("document.getElementById('cakupan').scrollIntoView(); return true;")
        .await;
    browser.screenshot("kantor-tahap-matriks").await;
}
