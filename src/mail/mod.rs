//! Email to people outside the system's pages: queued in the database in
//! the same transaction as the change it tells of, and sent over SMTP by a
//! sender that every instance runs.
//!
//! The outbox is what makes this safe. An email exists once its cause is
//! committed and not before, so a rolled-back publication mails nobody and
//! a committed one loses no email to a crash or an SMTP outage: the row
//! waits, and is tried again with a growing pause until it goes or its
//! tries run out. Instances claim due emails with a lease under a token of
//! their own, so several instances on one database never send the same
//! email twice while all are healthy, and an instance that dies mid-send
//! leaves its claim to lapse for another to take.

pub mod api;
pub mod compose;
pub mod entries;
pub mod judging;
pub mod outbox;
pub mod store;

use std::time::Duration;

use chrono::NaiveDateTime;
use diesel::prelude::*;
use futures_util::StreamExt;
use lettre::message::header::ContentType;
use lettre::message::{Mailbox, Message};
use lettre::{AsyncSmtpTransport, AsyncTransport, Tokio1Executor};

use crate::config::MailSettings;
use crate::db::schema::outbox_emails;
use crate::db::{Db, DbConnection, now};
use crate::error::ApiError;

pub use api::configure;

/// Emails claimed and sent per look at the queue.
const CLAIM_LIMIT: i64 = 50;
/// Emails sent at once by one sender.
const SENDING_AT_ONCE: usize = 8;
/// How long a claim holds before another instance may take the email.
const LEASE: chrono::Duration = chrono::Duration::minutes(5);
/// The longest pause between two tries of one email.
const MAX_PAUSE_SECONDS: i64 = 6 * 60 * 60;

/// Where an email stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Status {
    Queued,
    Sent,
    /// Refused by the SMTP server for good, or out of tries.
    Failed,
}

impl Status {
    pub const ALL: [Status; 3] = [Status::Queued, Status::Sent, Status::Failed];

    pub fn as_str(self) -> &'static str {
        match self {
            Status::Queued => "queued",
            Status::Sent => "sent",
            Status::Failed => "failed",
        }
    }

    pub fn parse(value: &str) -> Option<Status> {
        Status::ALL.into_iter().find(|s| s.as_str() == value)
    }
}

/// An email to queue.
#[derive(Debug, Clone)]
pub struct NewEmail {
    /// What it tells of, e.g. `results.published`.
    pub kind: &'static str,
    pub edition_id: Option<String>,
    pub province_code: Option<String>,
    /// `Name <address>` or a bare address.
    pub recipient: String,
    pub subject: String,
    pub body_text: String,
}

/// Queues emails inside the caller's transaction; they go out once it commits.
pub fn enqueue(conn: &mut DbConnection, emails: &[NewEmail]) -> Result<usize, ApiError> {
    let at = now();
    let rows: Vec<_> = emails
        .iter()
        .map(|email| {
            (
                outbox_emails::id.eq(crate::users::store::new_id()),
                outbox_emails::kind.eq(email.kind),
                outbox_emails::edition_id.eq(email.edition_id.as_deref()),
                outbox_emails::province_code.eq(email.province_code.as_deref()),
                outbox_emails::recipient.eq(&email.recipient),
                outbox_emails::subject.eq(&email.subject),
                outbox_emails::body_text.eq(&email.body_text),
                outbox_emails::status.eq(Status::Queued.as_str()),
                outbox_emails::attempts.eq(0),
                outbox_emails::next_attempt_at.eq(at),
                outbox_emails::created_at.eq(at),
            )
        })
        .collect();
    let mut queued = 0;
    // SQLite caps the bound parameters of one statement. A multi-row insert
    // is written for each backend, as the two spell it differently.
    for chunk in rows.chunks(500) {
        let statement = diesel::insert_into(outbox_emails::table).values(chunk);
        queued += match conn {
            DbConnection::Postgres(pg) => statement.execute(pg)?,
            DbConnection::Sqlite(sqlite) => statement.execute(sqlite)?,
        };
    }
    Ok(queued)
}

/// Is any email due, and not held by a live claim?
fn any_due(conn: &mut DbConnection, at: NaiveDateTime) -> Result<bool, ApiError> {
    let due = outbox_emails::table
        .filter(outbox_emails::status.eq(Status::Queued.as_str()))
        .filter(outbox_emails::next_attempt_at.le(at))
        .filter(
            outbox_emails::claimed_until
                .is_null()
                .or(outbox_emails::claimed_until.lt(at)),
        );
    Ok(diesel::select(diesel::dsl::exists(due)).get_result(conn)?)
}

/// A claimed email, as the sender needs it.
#[derive(Debug, Clone, Queryable)]
struct Claimed {
    id: String,
    recipient: String,
    subject: String,
    body_text: String,
    attempts: i32,
}

/// Marks up to `limit` due emails as this sender's for the lease, and
/// answers them. A due email is queued, past its next try, and not held by
/// a live claim. The update re-checks the claim, so two senders racing for
/// one email leave it to whichever updated first.
fn claim(
    conn: &mut DbConnection,
    token: &str,
    at: NaiveDateTime,
    limit: i64,
) -> Result<Vec<Claimed>, ApiError> {
    let free = outbox_emails::claimed_until
        .is_null()
        .or(outbox_emails::claimed_until.lt(at));
    let due: Vec<String> = outbox_emails::table
        .filter(outbox_emails::status.eq(Status::Queued.as_str()))
        .filter(outbox_emails::next_attempt_at.le(at))
        .filter(free)
        .order((outbox_emails::next_attempt_at, outbox_emails::id))
        .limit(limit)
        .select(outbox_emails::id)
        .load(conn)?;
    if due.is_empty() {
        return Ok(Vec::new());
    }
    diesel::update(
        outbox_emails::table
            .filter(outbox_emails::id.eq_any(&due))
            .filter(outbox_emails::status.eq(Status::Queued.as_str()))
            .filter(free),
    )
    .set((
        outbox_emails::claim_token.eq(token),
        outbox_emails::claimed_until.eq(at + LEASE),
        outbox_emails::attempts.eq(outbox_emails::attempts + 1),
    ))
    .execute(conn)?;
    Ok(outbox_emails::table
        .filter(outbox_emails::id.eq_any(&due))
        .filter(outbox_emails::claim_token.eq(token))
        .order((outbox_emails::next_attempt_at, outbox_emails::id))
        .select((
            outbox_emails::id,
            outbox_emails::recipient,
            outbox_emails::subject,
            outbox_emails::body_text,
            outbox_emails::attempts,
        ))
        .load(conn)?)
}

/// What became of one try.
#[derive(Debug)]
enum Outcome {
    Sent,
    /// Worth another try later (a connection failure, a 4xx answer).
    Retry(String),
    /// Never worth another try (a 5xx answer, an address that cannot be).
    Refused(String),
}

/// Records a try's outcome, if the claim is still this sender's.
fn settle(
    conn: &mut DbConnection,
    token: &str,
    email: &Claimed,
    outcome: &Outcome,
    settings: &MailSettings,
    at: NaiveDateTime,
) -> Result<(), ApiError> {
    let mine = outbox_emails::table
        .filter(outbox_emails::id.eq(&email.id))
        .filter(outbox_emails::claim_token.eq(token));
    let released = (
        outbox_emails::claim_token.eq(None::<String>),
        outbox_emails::claimed_until.eq(None::<NaiveDateTime>),
    );
    match outcome {
        Outcome::Sent => diesel::update(mine)
            .set((
                released,
                outbox_emails::status.eq(Status::Sent.as_str()),
                outbox_emails::sent_at.eq(at),
                outbox_emails::last_error.eq(None::<String>),
            ))
            .execute(conn)?,
        Outcome::Retry(error) if email.attempts < settings.max_attempts as i32 => {
            diesel::update(mine)
                .set((
                    released,
                    outbox_emails::next_attempt_at
                        .eq(at + pause(settings.retry_base_seconds, email.attempts)),
                    outbox_emails::last_error.eq(error),
                ))
                .execute(conn)?
        }
        Outcome::Retry(error) | Outcome::Refused(error) => diesel::update(mine)
            .set((
                released,
                outbox_emails::status.eq(Status::Failed.as_str()),
                outbox_emails::last_error.eq(error),
            ))
            .execute(conn)?,
    };
    Ok(())
}

/// The pause before the next try after `attempts` tries: the base, doubled
/// with every try, at most six hours.
fn pause(base_seconds: u64, attempts: i32) -> chrono::Duration {
    let doublings = attempts.saturating_sub(1).clamp(0, 20) as u32;
    let seconds = i64::try_from(base_seconds)
        .unwrap_or(i64::MAX)
        .saturating_mul(1 << doublings)
        .min(MAX_PAUSE_SECONDS);
    chrono::Duration::seconds(seconds)
}

/// How one look at the queue went.
#[derive(Debug, Default, Clone, Copy, PartialEq, Eq)]
pub struct Delivery {
    pub sent: usize,
    pub retrying: usize,
    pub failed: usize,
    /// The look took as many as it may: more may be waiting.
    pub full: bool,
}

/// Sends queued emails over SMTP. Every instance runs one.
pub struct Sender {
    db: Db,
    settings: MailSettings,
    from: Mailbox,
    transport: AsyncSmtpTransport<Tokio1Executor>,
    token: String,
}

impl Sender {
    /// A sender for the configured SMTP server; None when no server is
    /// configured (emails then wait in the queue). Fails on a malformed
    /// server URL or sender address, so a typo stops start-up instead of
    /// every email.
    pub fn new(db: Db, settings: &MailSettings) -> Result<Option<Sender>, String> {
        let from: Mailbox = settings
            .from
            .parse()
            .map_err(|e| format!("mail.from {:?} is not an email address: {e}", settings.from))?;
        if settings.smtp_url.trim().is_empty() {
            return Ok(None);
        }
        let transport = AsyncSmtpTransport::<Tokio1Executor>::from_url(&settings.smtp_url)
            .map_err(|e| {
                format!(
                    "mail.smtp_url {} is not a usable SMTP address: {e}",
                    crate::db::redact(&settings.smtp_url)
                )
            })?
            .timeout(Some(Duration::from_secs(settings.timeout_seconds)))
            // One connection per email sent at once; idle ones close soon, so
            // a sender holds none of the SMTP server's slots between bursts.
            .pool_config(
                lettre::transport::smtp::PoolConfig::new()
                    .max_size(SENDING_AT_ONCE as u32)
                    .idle_timeout(Duration::from_secs(10)),
            )
            .build();
        Ok(Some(Sender {
            db,
            settings: settings.clone(),
            from,
            transport,
            token: crate::users::store::new_id(),
        }))
    }

    /// Looks at the queue every `poll_seconds`, for as long as it runs.
    pub async fn run(self) {
        let poll = Duration::from_millis(self.settings.poll_milliseconds);
        loop {
            let full = match self.deliver_due().await {
                Ok(delivery) => {
                    if delivery != Delivery::default() {
                        tracing::info!(
                            sent = delivery.sent,
                            retrying = delivery.retrying,
                            failed = delivery.failed,
                            "outgoing email"
                        );
                    }
                    delivery.full
                }
                Err(error) => {
                    tracing::warn!(%error, "cannot read the email queue");
                    false
                }
            };
            // A publication queues thousands at once: the next look comes
            // straight away while the last one was full.
            if !full {
                tokio::time::sleep(poll).await;
            }
        }
    }

    /// Claims the due emails, sends each and records how it went.
    pub async fn deliver_due(&self) -> Result<Delivery, ApiError> {
        // A read first, so an idle queue costs no write transaction (on
        // SQLite, a flush) every poll.
        if !self.db.run(|conn| any_due(conn, now())).await? {
            return Ok(Delivery::default());
        }
        let token = self.token.clone();
        let claimed = self
            .db
            .write(move |conn| claim(conn, &token, now(), CLAIM_LIMIT))
            .await?;
        let mut delivery = Delivery {
            full: claimed.len() as i64 >= CLAIM_LIMIT,
            ..Delivery::default()
        };
        // Several at once over the transport's pooled connections: one slow
        // answer from the SMTP server does not hold up the rest.
        let mut sent = futures_util::stream::iter(claimed)
            .map(|email| async move {
                let outcome = self.send(&email).await;
                (email, outcome)
            })
            .buffer_unordered(SENDING_AT_ONCE);
        while let Some((email, outcome)) = sent.next().await {
            match &outcome {
                Outcome::Sent => delivery.sent += 1,
                Outcome::Retry(_) if email.attempts < self.settings.max_attempts as i32 => {
                    delivery.retrying += 1
                }
                Outcome::Retry(error) | Outcome::Refused(error) => {
                    tracing::warn!(id = %email.id, %error, "an email could not be delivered");
                    delivery.failed += 1
                }
            }
            let token = self.token.clone();
            let settings = self.settings.clone();
            self.db
                .write(move |conn| settle(conn, &token, &email, &outcome, &settings, now()))
                .await?;
        }
        Ok(delivery)
    }

    async fn send(&self, email: &Claimed) -> Outcome {
        let to: Mailbox = match email.recipient.parse() {
            Ok(to) => to,
            Err(e) => return Outcome::Refused(format!("the address cannot be used: {e}")),
        };
        let message = Message::builder()
            .from(self.from.clone())
            .to(to)
            .subject(email.subject.clone())
            .header(ContentType::TEXT_PLAIN)
            .body(email.body_text.clone());
        let message = match message {
            Ok(message) => message,
            Err(e) => return Outcome::Refused(format!("the email cannot be built: {e}")),
        };
        match self.transport.send(message).await {
            Ok(_) => Outcome::Sent,
            Err(e) if e.is_permanent() => Outcome::Refused(e.to_string()),
            Err(e) => Outcome::Retry(e.to_string()),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::db::migrate;
    use diesel::connection::Connection;

    fn queue(conn: &mut DbConnection, count: usize) {
        let email = |n: usize| NewEmail {
            kind: "test",
            edition_id: None,
            province_code: None,
            recipient: format!("orang{n}@example.id"),
            subject: "Uji".into(),
            body_text: "Isi".into(),
        };
        let emails: Vec<NewEmail> = (0..count).map(email).collect();
        assert_eq!(enqueue(conn, &emails).expect("queued"), count);
    }

    /// Two senders never hold one email at once; a claim that lapses (its
    /// sender died) passes to the other, and a settled email is never
    /// claimed again.
    #[test]
    fn a_claim_holds_until_settled_or_lapsed() {
        let mut conn = DbConnection::establish(":memory:").expect("database");
        migrate(&mut conn).expect("migrations");
        queue(&mut conn, 3);
        let at = now();
        assert!(any_due(&mut conn, at).expect("due"));
        let first = claim(&mut conn, "first", at, 2).expect("claim");
        assert_eq!(first.len(), 2);
        assert!(first.iter().all(|e| e.attempts == 1));
        let second = claim(&mut conn, "second", at, 10).expect("claim");
        assert_eq!(second.len(), 1, "only the unclaimed email");
        assert!(first.iter().all(|e| e.id != second[0].id));
        assert!(
            claim(&mut conn, "second", at, 10)
                .expect("claim")
                .is_empty()
        );
        assert!(!any_due(&mut conn, at).expect("due"), "all three are held");

        let settings = crate::config::Settings::extract(
            crate::config::Settings::figment(
                crate::config::Environment::Test,
                std::path::Path::new("config"),
            )
            .expect("settings"),
            crate::config::Environment::Test,
        )
        .expect("settings")
        .mail;
        settle(&mut conn, "first", &first[0], &Outcome::Sent, &settings, at).expect("settle");
        settle(
            &mut conn,
            "second",
            &second[0],
            &Outcome::Sent,
            &settings,
            at,
        )
        .expect("settle");
        // The first sender died holding its other email: after the lease the
        // second takes it, and the first can no longer settle it.
        let later = at + LEASE + chrono::Duration::seconds(1);
        let taken = claim(&mut conn, "second", later, 10).expect("claim");
        assert_eq!(taken.len(), 1);
        assert_eq!(taken[0].id, first[1].id);
        assert_eq!(taken[0].attempts, 2);
        settle(
            &mut conn,
            "first",
            &first[1],
            &Outcome::Sent,
            &settings,
            later,
        )
        .expect("settle");
        let status: String = outbox_emails::table
            .find(&first[1].id)
            .select(outbox_emails::status)
            .first(&mut conn)
            .expect("email");
        assert_eq!(status, "queued", "a lapsed claim settles nothing");
        settle(
            &mut conn,
            "second",
            &taken[0],
            &Outcome::Refused("550 no such mailbox".into()),
            &settings,
            later,
        )
        .expect("settle");
        let statuses: Vec<String> = outbox_emails::table
            .order(outbox_emails::status)
            .select(outbox_emails::status)
            .load(&mut conn)
            .expect("emails");
        assert_eq!(statuses, ["failed", "sent", "sent"]);
    }

    /// An SMTP server that takes every message and counts them.
    #[derive(Clone, Default)]
    struct Counter(std::sync::Arc<std::sync::atomic::AtomicUsize>);

    impl mailin_embedded::Handler for Counter {
        fn data_end(&mut self) -> mailin_embedded::Response {
            self.0.fetch_add(1, std::sync::atomic::Ordering::SeqCst);
            mailin_embedded::response::OK
        }
    }

    /// A look takes at most the claim limit and says when it was full, so
    /// the sender looks again at once; the next look takes the rest.
    #[tokio::test]
    async fn a_full_look_is_followed_at_once_by_the_rest() {
        let dir = tempfile::tempdir().expect("folder");
        let pool = crate::db::connect(&crate::config::DatabaseSettings {
            url: dir.path().join("mail.sqlite3").display().to_string(),
            pool_size: 2,
            busy_timeout_ms: 5000,
        })
        .expect("database");
        migrate(&mut pool.get().expect("connection")).expect("migrations");
        queue(
            &mut pool.get().expect("connection"),
            CLAIM_LIMIT as usize + 7,
        );
        let listener = std::net::TcpListener::bind("127.0.0.1:0").expect("port");
        let port = listener.local_addr().expect("address").port();
        let counter = Counter::default();
        let mut server = mailin_embedded::Server::new(counter.clone());
        server
            .with_num_threads(2 * SENDING_AT_ONCE as u32)
            .with_tcp_listener(listener);
        std::thread::spawn(move || server.serve().is_ok());
        let settings = MailSettings {
            smtp_url: format!("smtp://127.0.0.1:{port}"),
            from: "Panitia <noreply@example.id>".into(),
            public_url: "http://127.0.0.1:8080".into(),
            poll_milliseconds: 60_000,
            retry_base_seconds: 60,
            max_attempts: 3,
            timeout_seconds: 10,
        };
        let sender = Sender::new(Db::new(pool), &settings)
            .expect("settings")
            .expect("an SMTP server is set");
        let first = sender.deliver_due().await.expect("first look");
        assert_eq!((first.sent, first.full), (CLAIM_LIMIT as usize, true));
        let second = sender.deliver_due().await.expect("second look");
        assert_eq!((second.sent, second.full), (7, false));
        assert_eq!(
            sender.deliver_due().await.expect("third look"),
            Delivery::default()
        );
        assert_eq!(
            counter.0.load(std::sync::atomic::Ordering::SeqCst),
            CLAIM_LIMIT as usize + 7
        );
    }

    #[test]
    fn the_pause_doubles_from_the_base_up_to_six_hours() {
        assert_eq!(pause(60, 1), chrono::Duration::seconds(60));
        assert_eq!(pause(60, 2), chrono::Duration::seconds(120));
        assert_eq!(pause(60, 4), chrono::Duration::seconds(480));
        assert_eq!(pause(60, 40), chrono::Duration::hours(6));
        assert_eq!(pause(0, 5), chrono::Duration::zero());
    }

    #[test]
    fn statuses_read_back_as_written() {
        for status in Status::ALL {
            assert_eq!(Status::parse(status.as_str()), Some(status));
        }
        assert_eq!(Status::parse("lost"), None);
    }
}
