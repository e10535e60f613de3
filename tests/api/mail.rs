//! Email to entrants when results are published, through a real SMTP
//! server started in the test (mailin-embedded on loopback).

use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use figment::providers::Serialized;
use reqwest::StatusCode;
use serde_json::{Value, json};

use crate::helpers::{Backend, TestApp, assert_problem, local_in};

/// A message the SMTP server accepted.
#[derive(Debug, Clone)]
pub struct Received {
    pub to: Vec<String>,
    pub subject: String,
    pub text: String,
}

#[derive(Clone, Default)]
struct Inbox {
    received: Arc<Mutex<Vec<Received>>>,
    to: Vec<String>,
    data: Vec<u8>,
}

impl mailin_embedded::Handler for Inbox {
    fn data_start(
        &mut self,
        _domain: &str,
        _from: &str,
        _is8bit: bool,
        to: &[String],
    ) -> mailin_embedded::Response {
        self.to = to.to_vec();
        self.data.clear();
        mailin_embedded::response::OK
    }

    fn data(&mut self, buf: &[u8]) -> std::io::Result<()> {
        self.data.extend_from_slice(buf);
        Ok(())
    }

    fn data_end(&mut self) -> mailin_embedded::Response {
        let parsed = mail_parser::MessageParser::default()
            .parse(&self.data)
            .expect("a well-formed message");
        self.received.lock().unwrap().push(Received {
            to: self.to.clone(),
            subject: parsed.subject().unwrap_or_default().to_owned(),
            text: parsed
                .body_text(0)
                .map(|t| t.into_owned())
                .unwrap_or_default(),
        });
        mailin_embedded::response::OK
    }
}

/// Starts an SMTP server on `listener`; answers what it receives.
pub fn smtp_server(listener: std::net::TcpListener) -> Arc<Mutex<Vec<Received>>> {
    let inbox = Inbox::default();
    let received = inbox.received.clone();
    let mut server = mailin_embedded::Server::new(inbox);
    server
        .with_name("smtp.test")
        .with_num_threads(16)
        .with_ssl(mailin_embedded::SslConfig::None)
        .expect("no TLS")
        .with_tcp_listener(listener);
    std::thread::spawn(move || {
        if let Err(error) = server.serve() {
            eprintln!("the test SMTP server stopped: {error}");
        }
    });
    received
}

pub fn listener() -> std::net::TcpListener {
    std::net::TcpListener::bind("127.0.0.1:0").expect("a free port")
}

pub async fn app_sending_to(backend: Backend, port: u16, max_attempts: u32) -> Option<TestApp> {
    TestApp::spawn_with(backend, move |figment| {
        figment
            .merge(Serialized::default(
                "mail.smtp_url",
                format!("smtp://127.0.0.1:{port}"),
            ))
            .merge(Serialized::default("mail.poll_milliseconds", 100))
            .merge(Serialized::default("mail.retry_base_seconds", 0))
            .merge(Serialized::default("mail.max_attempts", max_attempts))
            .merge(Serialized::default(
                "mail.public_url",
                "https://paritrana.example.id",
            ))
    })
    .await
}

pub struct Published {
    pub edition_id: String,
    pub kanwil: String,
    pub judge: String,
    pub digest: String,
    /// The category's API path.
    pub category: String,
}

/// A Central Java edition with one category (one winner) and three regency
/// governments scored 90, 80 and 70 by one judge, published. Semarang has
/// two entrant accounts, Demak and Tegal one each.
pub async fn publish_three_regencies(app: &TestApp) -> Published {
    let scored = score_three_regencies(app).await;
    let (status, publication) = app
        .post(
            &format!("/api/v1/editions/{}/publications", scored.edition_id),
            Some(&scored.kanwil),
            json!({}),
        )
        .await;
    assert_eq!(status, StatusCode::CREATED, "{publication}");
    Published {
        digest: publication["digest"].as_str().unwrap().to_owned(),
        ..scored
    }
}

/// The edition of [`publish_three_regencies`], every sheet submitted and
/// nothing published yet (the digest is empty).
pub async fn score_three_regencies(app: &TestApp) -> Published {
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
    let (judge_user, judge) = app.judge("juri@example.id", "31").await;
    let (status, edition_judge) = app
        .post(
            &format!("/api/v1/editions/{id}/judges"),
            Some(&app.admin_token),
            json!({"user_id": judge_user, "home_region_code": "31.71"}),
        )
        .await;
    assert_eq!(status, StatusCode::CREATED, "{edition_judge}");
    let (status, category) = app
        .post(
            &format!("/api/v1/editions/{id}/categories"),
            Some(&kanwil),
            json!({"name_id": "Pemerintah Kabupaten/Kota", "name_en": "Regency and city governments",
                   "eligibility": {"kinds": ["regency_government"]}, "winners_count": 1, "aggregation": "mean"}),
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
                {"key": "regulation", "name_id": "Regulasi", "weight": 100,
                 "judged": {"min": 0, "max": 100, "step": 5}}]}]}),
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
    let mut marks = Vec::new();
    for (n, (region, mark)) in [("33.74", 90), ("33.21", 80), ("33.76", 70)]
        .into_iter()
        .enumerate()
    {
        let org = app.government("regency_government", region).await["id"]
            .as_str()
            .unwrap()
            .to_owned();
        let (_, entrant) = app
            .entrant(&format!("pemda{n}@example.id"), "33", &[&org])
            .await;
        if n == 0 {
            app.entrant("humas.semarang@example.id", "33", &[&org])
                .await;
        }
        let entry_id = app
            .complete_entry(
                &format!("{category}/entries"),
                &entrant,
                &kanwil,
                &org,
                json!({}),
            )
            .await;
        marks.push((entry_id, mark));
    }
    let (status, body) = app
        .put(
            &format!("{category}/stages/data/panel"),
            Some(&kanwil),
            json!({"judge_ids": [edition_judge["id"]]}),
        )
        .await;
    assert_eq!(status, StatusCode::OK, "{body}");
    let (status, report) = app
        .post(
            &format!("{category}/stages/data/assign"),
            Some(&kanwil),
            json!({"per_entry": 1}),
        )
        .await;
    assert_eq!(status, StatusCode::OK, "{report}");
    for to in ["submissions_closed", "judging"] {
        let (status, body) = app
            .post(
                &format!("/api/v1/editions/{id}/phase"),
                Some(&kanwil),
                json!({"to": to}),
            )
            .await;
        assert_eq!(status, StatusCode::OK, "{body}");
    }
    let (_, mine) = app.get("/api/v1/judging/assignments", Some(&judge)).await;
    for assignment in mine.as_array().unwrap() {
        let mark = marks
            .iter()
            .find(|(entry, _)| assignment["entry_id"] == entry.as_str())
            .unwrap()
            .1;
        let sheet = format!(
            "/api/v1/judging/assignments/{}/scoresheet",
            assignment["id"].as_str().unwrap()
        );
        let (status, saved) = app
            .put(
                &sheet,
                Some(&judge),
                json!({"version": 0, "scores": {"regulation": {"score": mark}}}),
            )
            .await;
        assert_eq!(status, StatusCode::OK, "{saved}");
        let (status, body) = app
            .post(
                &format!("{sheet}/submit"),
                Some(&judge),
                json!({"version": saved["version"]}),
            )
            .await;
        assert_eq!(status, StatusCode::OK, "{body}");
    }
    Published {
        edition_id: id,
        kanwil,
        judge,
        digest: String::new(),
        category,
    }
}

/// Polls the edition's email list until `done` holds (or 20 s pass).
async fn emails_until(
    app: &TestApp,
    published: &Published,
    what: &str,
    done: impl Fn(&Value) -> bool,
) -> Value {
    let started = Instant::now();
    loop {
        let (status, list) = app
            .get(
                &format!("/api/v1/editions/{}/emails", published.edition_id),
                Some(&published.kanwil),
            )
            .await;
        assert_eq!(status, StatusCode::OK, "{list}");
        if done(&list) {
            return list;
        }
        assert!(
            started.elapsed() < Duration::from_secs(20),
            "waited 20 s for {what}: {list}"
        );
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
}

fn received_by<'a>(inbox: &'a [Received], address: &str) -> &'a Received {
    inbox
        .iter()
        .find(|r| r.to.iter().any(|to| to == address))
        .unwrap_or_else(|| panic!("no email to {address}: {inbox:?}"))
}

/// The emails about results, without the judges' assignment emails.
fn results_only(inbox: &[Received]) -> Vec<Received> {
    inbox
        .iter()
        .filter(|r| r.subject.starts_with("Hasil "))
        .cloned()
        .collect()
}

/// Publishing emails every entrant account of every ranked organisation,
/// in Bahasa Indonesia then English, with its place and the digest.
async fn publication_emails_every_entrant(backend: Backend) {
    let smtp = listener();
    let port = smtp.local_addr().unwrap().port();
    let received = smtp_server(smtp);
    let Some(app) = app_sending_to(backend, port, 8).await else {
        return;
    };
    let published = publish_three_regencies(&app).await;
    // Four results emails and the judge's email for their assignments,
    // after what the entrants were sent before: a receipt for each of the
    // three entries, and the check's outcome to each of the four accounts.
    let list = emails_until(&app, &published, "twelve sent emails", |list| {
        list["counts"]["sent"] == 12
    })
    .await;
    assert_eq!(
        list["counts"],
        json!({"queued": 0, "sent": 12, "failed": 0})
    );
    assert_eq!(list["total"], 12, "{list}");
    let all = received.lock().unwrap().clone();
    let assigned = received_by(&all, "juri@example.id");
    assert!(
        assigned
            .subject
            .starts_with("Penugasan penilaian baru: Paritrana Award 2024"),
        "{}",
        assigned.subject
    );
    assert!(
        assigned
            .text
            .contains("https://paritrana.example.id/penilaian"),
        "{}",
        assigned.text
    );
    let inbox = results_only(&all);
    assert_eq!(inbox.len(), 4, "one email per entrant account: {inbox:?}");
    for received in &inbox {
        assert_eq!(
            received.subject,
            "Hasil Paritrana Award 2024 – Jawa Tengah telah diumumkan / \
             Results of Paritrana Award 2024 – Jawa Tengah published"
        );
        assert!(
            received.text.contains(&published.digest),
            "{}",
            received.text
        );
        assert!(
            received
                .text
                .contains("https://paritrana.example.id/api/v1/public/editions/"),
            "{}",
            received.text
        );
        let indonesian = received.text.find("Yth.").expect("Indonesian greeting");
        let english = received.text.find("Dear ").expect("English greeting");
        assert!(indonesian < english, "Indonesian first: {}", received.text);
    }
    for address in ["pemda0@example.id", "humas.semarang@example.id"] {
        let text = &received_by(&inbox, address).text;
        assert!(
            text.contains(
                "- Pemerintah Kota Semarang, kategori Pemerintah Kabupaten/Kota: Juara 1, nilai akhir 90,0000"
            ),
            "{text}"
        );
        assert!(
            text.contains(
                "- Pemerintah Kota Semarang, category Regency and city governments: Winner, place 1, final score 90.0000"
            ),
            "{text}"
        );
    }
    let demak = &received_by(&inbox, "pemda1@example.id").text;
    assert!(demak.contains("Peringkat 2 dari 3"), "{demak}");
    assert!(demak.contains("Rank 2 of 3"), "{demak}");
    assert!(!demak.contains("Kota Semarang"), "{demak}");
    let tegal = &received_by(&inbox, "pemda2@example.id").text;
    assert!(tegal.contains("Peringkat 3 dari 3"), "{tegal}");
    // The judge is not an entrant and hears nothing of the results.
    assert!(inbox.iter().all(|r| r.to != ["juri@example.id"]));

    // A withdrawal reaches the same accounts, with its reason.
    let (status, body) = app
        .post(
            &format!(
                "/api/v1/editions/{}/publications/1/withdraw",
                published.edition_id
            ),
            Some(&app.admin_token),
            json!({"reason": "Data cakupan Kota Tegal salah"}),
        )
        .await;
    assert_eq!(status, StatusCode::OK, "{body}");
    emails_until(&app, &published, "eight results emails sent", |list| {
        list["counts"]["sent"] == 16
    })
    .await;
    let inbox = results_only(&received.lock().unwrap());
    let withdrawals: Vec<&Received> = inbox.iter().skip(4).collect();
    assert_eq!(withdrawals.len(), 4, "{inbox:?}");
    for received in &withdrawals {
        assert_eq!(
            received.subject,
            "Hasil Paritrana Award 2024 – Jawa Tengah (versi 1) ditarik / \
             Results of Paritrana Award 2024 – Jawa Tengah (version 1) withdrawn"
        );
        assert!(
            received
                .text
                .contains("Alasan: Data cakupan Kota Tegal salah")
                && received
                    .text
                    .contains("Reason: Data cakupan Kota Tegal salah"),
            "{}",
            received.text
        );
    }

    // Published again: the same accounts hear of version 2, with the reason.
    let (status, body) = app
        .post(
            &format!("/api/v1/editions/{}/publications", published.edition_id),
            Some(&published.kanwil),
            json!({"reason": "Data cakupan Kota Tegal diperbaiki"}),
        )
        .await;
    assert_eq!(status, StatusCode::CREATED, "{body}");
    emails_until(&app, &published, "twelve results emails sent", |list| {
        list["counts"]["sent"] == 20
    })
    .await;
    let inbox = results_only(&received.lock().unwrap());
    for received in inbox.iter().skip(8) {
        assert!(
            received
                .subject
                .starts_with("Hasil Paritrana Award 2024 – Jawa Tengah diperbarui (versi 2) / "),
            "{}",
            received.subject
        );
        assert!(
            received
                .text
                .contains("Alasan: Data cakupan Kota Tegal diperbaiki"),
            "{}",
            received.text
        );
    }

    let path = format!(
        "/api/v1/editions/{}/emails?status=sent&per_page=2",
        published.edition_id
    );
    let (_, page) = app.get(&path, Some(&published.kanwil)).await;
    assert_eq!(page["items"].as_array().unwrap().len(), 2, "{page}");
    assert_eq!(page["total"], 20, "{page}");
    let (status, body) = app
        .get(
            &format!(
                "/api/v1/editions/{}/emails?status=lost",
                published.edition_id
            ),
            Some(&published.kanwil),
        )
        .await;
    assert_problem(status, &body, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(body["errors"][0]["field"], "status", "{body}");
}

/// Holds the port and hangs up on every connection, as an SMTP server that
/// is down would, until `up` is called: then the SMTP server takes over
/// the same listener, so no other test can come by the port in between.
struct Outage {
    up: Arc<std::sync::atomic::AtomicBool>,
    dropper: std::thread::JoinHandle<std::net::TcpListener>,
}

impl Outage {
    fn start(listener: std::net::TcpListener) -> Outage {
        use std::sync::atomic::Ordering;
        let up = Arc::new(std::sync::atomic::AtomicBool::new(false));
        let flag = up.clone();
        listener.set_nonblocking(true).expect("non-blocking");
        let dropper = std::thread::spawn(move || {
            while !flag.load(Ordering::SeqCst) {
                match listener.accept() {
                    Ok((stream, _)) => drop(stream),
                    Err(_) => std::thread::sleep(Duration::from_millis(10)),
                }
            }
            listener
        });
        Outage { up, dropper }
    }

    fn up(self) -> Arc<Mutex<Vec<Received>>> {
        self.up.store(true, std::sync::atomic::Ordering::SeqCst);
        let listener = self.dropper.join().expect("the hang-up thread");
        listener.set_nonblocking(false).expect("blocking");
        smtp_server(listener)
    }
}

/// While the SMTP server is down the emails wait, with the reason; once it
/// is up they go, none lost and none twice.
async fn emails_wait_for_a_down_smtp_server(backend: Backend) {
    let smtp = listener();
    let port = smtp.local_addr().unwrap().port();
    let outage = Outage::start(smtp);
    let Some(app) = app_sending_to(backend, port, 10_000).await else {
        return;
    };
    let published = publish_three_regencies(&app).await;
    let list = emails_until(&app, &published, "a failed try", |list| {
        list["items"]
            .as_array()
            .is_some_and(|items| items.iter().all(|i| i["last_error"].is_string()))
    })
    .await;
    // Four results emails and the judge's assignment email, three receipts
    // and four emails of the check's outcome.
    assert_eq!(list["counts"]["queued"], 12, "{list}");
    for item in list["items"].as_array().unwrap() {
        assert_eq!(item["status"], "queued", "{item}");
        assert!(item["attempts"].as_i64() >= Some(1), "{item}");
    }
    let inbox = outage.up();
    emails_until(&app, &published, "twelve sent emails", |list| {
        list["counts"]["sent"] == 12
    })
    .await;
    let inbox = inbox.lock().unwrap();
    assert_eq!(results_only(&inbox).len(), 4, "{inbox:?}");
    let mut recipients: Vec<&str> = inbox
        .iter()
        .flat_map(|r| &r.to)
        .map(String::as_str)
        .collect();
    recipients.sort_unstable();
    recipients.dedup();
    assert_eq!(
        recipients,
        [
            "humas.semarang@example.id",
            "juri@example.id",
            "pemda0@example.id",
            "pemda1@example.id",
            "pemda2@example.id"
        ]
    );
}

/// Only the edition's admins see its email.
async fn the_email_list_is_for_the_editions_admins(backend: Backend) {
    // No SMTP server: the emails stay queued.
    let Some(app) = TestApp::spawn(backend).await else {
        return;
    };
    let published = publish_three_regencies(&app).await;
    let path = format!("/api/v1/editions/{}/emails", published.edition_id);
    let (status, body) = app.get(&path, None).await;
    assert_problem(status, &body, StatusCode::UNAUTHORIZED);
    let company = app.company("PT Maju Jaya", "33.74", "MJ000001").await;
    let (_, entrant) = app
        .entrant("warga@example.id", "33", &[company["id"].as_str().unwrap()])
        .await;
    for token in [&published.judge, &entrant] {
        let (status, body) = app.get(&path, Some(token)).await;
        assert_problem(status, &body, StatusCode::FORBIDDEN);
    }
    let (_, west_java) = app.regional_admin("kanwil.jabar@example.id", "32").await;
    let (status, body) = app.get(&path, Some(&west_java)).await;
    assert!(
        status == StatusCode::NOT_FOUND || status == StatusCode::FORBIDDEN,
        "{status} {body}"
    );
    let (status, body) = app.get(&path, Some(&app.admin_token)).await;
    assert_eq!(status, StatusCode::OK, "{body}");
}

mod sqlite {
    use super::*;

    #[tokio::test]
    async fn publication_emails_every_entrant() {
        super::publication_emails_every_entrant(Backend::Sqlite).await;
    }

    #[tokio::test]
    async fn emails_wait_for_a_down_smtp_server() {
        super::emails_wait_for_a_down_smtp_server(Backend::Sqlite).await;
    }

    #[tokio::test]
    async fn the_email_list_is_for_the_editions_admins() {
        super::the_email_list_is_for_the_editions_admins(Backend::Sqlite).await;
    }
}

mod postgres {
    use super::*;

    #[tokio::test]
    async fn publication_emails_every_entrant() {
        super::publication_emails_every_entrant(Backend::Postgres).await;
    }

    #[tokio::test]
    async fn emails_wait_for_a_down_smtp_server() {
        super::emails_wait_for_a_down_smtp_server(Backend::Postgres).await;
    }

    #[tokio::test]
    async fn the_email_list_is_for_the_editions_admins() {
        super::the_email_list_is_for_the_editions_admins(Backend::Postgres).await;
    }
}
