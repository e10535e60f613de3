//! The judges' emails: their new assignments (one email per judge and
//! batch, never one per entry), a reminder as the deadline nears, and a
//! submitted sheet the committee reopened, with the reason. Each says what to do and links to the page
//! where it is done; in a blind category no entrant is named.

use super::NewEmail;
use super::compose::{both_body, both_subject};
use crate::editions::store::EditionRow;
use crate::error::{Arg, Msg};

/// A stage's name in each language: the built-in stages by name.
pub fn stage_name(key: &str) -> Arg {
    match key {
        "data" => Arg::Said("judging-stage-data"),
        "interview" => Arg::Said("judging-stage-interview"),
        other => Arg::Text(other.to_owned()),
    }
}

/// A category's name in each language.
pub fn category_name(name_id: &str, name_en: &str) -> Arg {
    Arg::each(
        name_id,
        if name_en.trim().is_empty() {
            name_id
        } else {
            name_en
        },
    )
}

/// A judge to write to.
pub struct Judge<'a> {
    pub name: &'a str,
    pub email: &'a str,
}

/// New assignments for one judge, made in one batch in one stage.
pub struct Assigned<'a> {
    pub edition: &'a EditionRow,
    pub category: Arg,
    pub stage: Arg,
    pub judge: Judge<'a>,
    pub count: usize,
    /// Where the pages live, e.g. `https://paritrana.example.id`.
    pub public_url: &'a str,
}

pub fn assigned(a: &Assigned<'_>) -> NewEmail {
    let edition = &a.edition.name;
    let subject = Msg::with("email-assigned-subject", &[("edition", edition.into())]);
    let body = Msg::with(
        "email-assigned-body",
        &[
            ("name", a.judge.name.into()),
            ("count", a.count.into()),
            ("edition", edition.into()),
            ("category", a.category.clone()),
            ("stage", a.stage.clone()),
            (
                "link",
                format!("{}/penilaian", a.public_url.trim_end_matches('/')).into(),
            ),
        ],
    );
    NewEmail {
        kind: "judging.assigned",
        edition_id: Some(a.edition.id.clone()),
        province_code: a.edition.province_code.clone(),
        recipient: a.judge.email.to_owned(),
        subject: both_subject(&subject),
        body_text: both_body(&body),
    }
}

/// A submitted sheet reopened by the committee.
pub struct Reopened<'a> {
    pub edition: &'a EditionRow,
    pub category: Arg,
    pub stage: Arg,
    /// The entrant's name, or the neutral label of a blind category.
    pub entrant: &'a str,
    pub judge: Judge<'a>,
    pub reason: &'a str,
    pub assignment_id: &'a str,
    pub public_url: &'a str,
}

pub fn reopened(r: &Reopened<'_>) -> NewEmail {
    let edition = &r.edition.name;
    let subject = Msg::with(
        "email-reopened-subject",
        &[("entrant", r.entrant.into()), ("edition", edition.into())],
    );
    let body = Msg::with(
        "email-reopened-body",
        &[
            ("name", r.judge.name.into()),
            ("entrant", r.entrant.into()),
            ("edition", edition.into()),
            ("category", r.category.clone()),
            ("stage", r.stage.clone()),
            ("reason", r.reason.into()),
            (
                "link",
                format!(
                    "{}/penilaian/{}",
                    r.public_url.trim_end_matches('/'),
                    r.assignment_id
                )
                .into(),
            ),
        ],
    );
    NewEmail {
        kind: "judging.reopened",
        edition_id: Some(r.edition.id.clone()),
        province_code: r.edition.province_code.clone(),
        recipient: r.judge.email.to_owned(),
        subject: both_subject(&subject),
        body_text: both_body(&body),
    }
}

/// Sheets still open as the judging deadline nears.
pub struct Reminder<'a> {
    pub edition: &'a EditionRow,
    pub judge: Judge<'a>,
    /// Sheets not yet submitted.
    pub open: usize,
    /// The deadline as the edition's readers write it.
    pub deadline: String,
    pub public_url: &'a str,
}

pub fn reminder(r: &Reminder<'_>) -> NewEmail {
    let edition = &r.edition.name;
    let subject = Msg::with(
        "email-judging-reminder-subject",
        &[("edition", edition.into()), ("open", r.open.into())],
    );
    let body = Msg::with(
        "email-judging-reminder-body",
        &[
            ("name", r.judge.name.into()),
            ("open", r.open.into()),
            ("edition", edition.into()),
            ("deadline", (&r.deadline).into()),
            (
                "link",
                format!("{}/penilaian", r.public_url.trim_end_matches('/')).into(),
            ),
        ],
    );
    NewEmail {
        kind: crate::judging::reminders::KIND,
        edition_id: Some(r.edition.id.clone()),
        province_code: r.edition.province_code.clone(),
        recipient: r.judge.email.to_owned(),
        subject: both_subject(&subject),
        body_text: both_body(&body),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn edition() -> EditionRow {
        let day = chrono::NaiveDate::from_ymd_opt(2025, 1, 1).expect("date");
        let at = day.and_hms_opt(0, 0, 0).expect("time");
        EditionRow {
            id: "e1".into(),
            name: "Paritrana Award 2025 – Jawa Tengah".into(),
            year: 2025,
            tier: "provincial".into(),
            province_code: Some("33".into()),
            zones_json: "[]".into(),
            time_zone: "Asia/Jakarta".into(),
            period_start: day,
            period_end: day,
            submissions_open_at: None,
            submissions_close_at: None,
            judging_start_at: None,
            results_at: None,
            phase: "judging".into(),
            advances_to_edition_id: None,
            advance_count: None,
            copied_from_edition_id: None,
            created_at: at,
            updated_at: at,
            version: 1,
        }
    }

    #[test]
    fn a_reopened_sheet_says_why_and_where_in_both_languages() {
        let edition = edition();
        let email = reopened(&Reopened {
            edition: &edition,
            category: category_name("Pemerintah Kabupaten/Kota", "Regency and city governments"),
            stage: stage_name("interview"),
            entrant: "Peserta 4F2A9C",
            judge: Judge {
                name: "Dr. Ratna",
                email: "ratna@example.id",
            },
            reason: "Nilai kriteria 3 tertukar.",
            assignment_id: "a1",
            public_url: "https://paritrana.example.id/",
        });
        assert_eq!(email.kind, "judging.reopened");
        assert_eq!(email.recipient, "ratna@example.id");
        assert!(
            email.subject.contains("Peserta 4F2A9C"),
            "{}",
            email.subject
        );
        let body = &email.body_text;
        assert!(
            body.contains("Alasannya: Nilai kriteria 3 tertukar."),
            "{body}"
        );
        assert!(
            body.contains("The reason: Nilai kriteria 3 tertukar."),
            "{body}"
        );
        assert!(
            body.contains("https://paritrana.example.id/penilaian/a1"),
            "{body}"
        );
        assert!(
            body.contains("Wawancara") && body.contains("Interview"),
            "{body}"
        );
        assert!(body.contains("Regency and city governments"), "{body}");
    }

    #[test]
    fn one_email_counts_a_judges_whole_batch() {
        let edition = edition();
        let email = assigned(&Assigned {
            edition: &edition,
            category: category_name("Desa/Kelurahan", ""),
            stage: stage_name("data"),
            judge: Judge {
                name: "Dr. Ratna",
                email: "ratna@example.id",
            },
            count: 12,
            public_url: "https://paritrana.example.id",
        });
        assert_eq!(email.kind, "judging.assigned");
        assert!(
            email.body_text.contains("menugaskan 12 entri baru"),
            "{}",
            email.body_text
        );
        assert!(email.body_text.contains("assigned you 12 new entries"));
        assert!(
            email
                .body_text
                .contains("https://paritrana.example.id/penilaian\n")
        );
    }
}
