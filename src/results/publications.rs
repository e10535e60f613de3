//! Publishing an edition's results: every category's ranking frozen as a
//! snapshot with a SHA-256 digest, each publication a new version; the
//! list of versions; and withdrawal of the current one. Publishing and
//! withdrawing move the edition's phase and tell the entrants by email.

use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

use super::load::{CategoryData, category_data};
use super::snapshot::{self, Snapshot};
use super::store::{self, NewPublication};
use super::{advancements, view};
use crate::audit::{self, Change};
use crate::auth::Caller;
use crate::categories::store::{self as categories};
use crate::db::{DbConnection, now};
use crate::editions::access::administered;
use crate::editions::domain::Phase;
use crate::editions::store::{self as editions};
use crate::error::{ApiError, FieldError, Msg};
use crate::messages::Said;
use crate::state::AppState;
use crate::users::store::new_id;

/// May be left out the first time.
#[derive(Debug, Default, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct PublishRequest {
    /// Why results are published again; required when a version exists.
    #[serde(default)]
    pub reason: Option<String>,
}

#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct WithdrawRequest {
    /// Why the results are withdrawn; recorded and shown publicly.
    pub reason: String,
}

/// One published version of an edition's results.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct Publication {
    pub version: i32,
    /// SHA-256 (hex) of the snapshot exactly as served at
    /// `/api/v1/public/editions/{id}/results/snapshot?version=N`.
    pub digest: String,
    #[serde(serialize_with = "crate::instant::utc")]
    pub published_at: chrono::NaiveDateTime,
    pub published_by: String,
    #[serde(serialize_with = "crate::instant::utc_option")]
    pub withdrawn_at: Option<chrono::NaiveDateTime>,
    pub withdrawn_reason: Option<String>,
    /// A later version replaced this one.
    pub superseded: bool,
}

/// The edition's publications, newest first; all but the first superseded.
pub fn history(conn: &mut DbConnection, edition_id: &str) -> Result<Vec<Publication>, ApiError> {
    let rows = store::publications(conn, edition_id)?;
    let latest = rows.first().map(|r| r.version);
    Ok(rows
        .into_iter()
        .map(|row| Publication {
            superseded: Some(row.version) != latest,
            version: row.version,
            digest: row.digest,
            published_at: row.published_at,
            published_by: row.published_by,
            withdrawn_at: row.withdrawn_at,
            withdrawn_reason: row.withdrawn_reason,
        })
        .collect())
}

/// The refusal for a version the edition never published.
pub fn no_such_version() -> ApiError {
    ApiError::not_found("results-version-not-found")
}

/// Every published version of the edition's results, newest first.
pub async fn list(
    state: &AppState,
    caller: Caller,
    edition_id: String,
) -> Result<Vec<Publication>, ApiError> {
    caller.require_admin()?;
    state
        .db
        .run(move |conn| {
            administered(conn, &caller, &edition_id)?;
            history(conn, &edition_id)
        })
        .await
}

/// Publishes the edition's results (see [`publish_edition`]). A reason
/// that is only blanks counts as none.
pub async fn publish(
    state: &AppState,
    caller: Caller,
    edition_id: String,
    request: PublishRequest,
) -> Result<Publication, ApiError> {
    caller.require_admin()?;
    let reason = request
        .reason
        .map(|r| r.trim().to_owned())
        .filter(|r| !r.is_empty());
    let public_url = state.settings.mail.public_url.clone();
    let published = state
        .db
        .write({
            let edition_id = edition_id.clone();
            move |conn| publish_edition(conn, &caller, &edition_id, reason.as_deref(), &public_url)
        })
        .await;
    super::public::forget_published(state, &edition_id);
    published
}

/// Why an edition cannot be published yet: each category without a rubric
/// or with scoresheets still open.
fn unready(data: &[CategoryData]) -> Vec<FieldError> {
    data.iter()
        .filter(|d| d.outstanding > 0)
        .map(|d| {
            FieldError::new(
                format!("categories.{}", d.category.id),
                "scoresheets_outstanding",
                Msg::with(
                    "publication-category-scoresheets-open",
                    &[
                        ("category", (&d.category.name_id).into()),
                        ("open", d.outstanding.into()),
                    ],
                ),
            )
        })
        .collect()
}

/// What publishing now would freeze and send, before anything is written.
struct Prepared {
    edition: editions::EditionRow,
    data: Vec<CategoryData>,
    frozen: Snapshot,
    canonical: String,
    digest: String,
    previous: Option<i32>,
    emails: Vec<crate::mail::NewEmail>,
}

/// Loads and ranks every category of the edition and freezes the result
/// as the next version, stamped `at`, with the emails it would send; or
/// every reason it cannot be published yet.
fn prepare(
    conn: &mut DbConnection,
    caller: &Caller,
    edition_id: &str,
    reason: Option<&str>,
    public_url: &str,
    at: chrono::NaiveDateTime,
) -> Result<Prepared, ApiError> {
    let edition = administered(conn, caller, edition_id)?;
    if !matches!(edition.phase(), Phase::Judging | Phase::ResultsPublished) {
        return Err(ApiError::Conflict(Msg::said("publication-only-in-judging")));
    }
    let previous = store::latest_version(conn, edition_id)?;
    let mut data = Vec::new();
    for category in categories::list(conn, edition_id)? {
        if category.rubric_version.is_none() {
            return Err(ApiError::Conflict(Msg::with(
                "publication-category-no-rubric",
                &[("category", (&category.name_id).into())],
            )));
        }
        data.push(category_data(conn, category)?);
    }
    let outstanding = unready(&data);
    if !outstanding.is_empty() {
        return Err(ApiError::Refused(
            Msg::said("publication-scoresheets-open"),
            outstanding,
        ));
    }
    let mut categories_snapshot = Vec::with_capacity(data.len());
    for category in &data {
        let outcome = view::outcome(category);
        categories_snapshot.push(snapshot::category(category, &outcome));
    }
    let frozen = Snapshot {
        edition_id: edition.id.clone(),
        edition_name: edition.name.clone(),
        year: edition.year,
        version: previous.unwrap_or(0) + 1,
        published_at: at.and_utc().format("%Y-%m-%dT%H:%M:%SZ").to_string(),
        precision: crate::scoring::weigh::PRECISION,
        categories: categories_snapshot,
    };
    let canonical = snapshot::canonical(&frozen);
    let digest = snapshot::digest(&canonical);
    let emails = crate::mail::compose::results_published(
        conn,
        &crate::mail::compose::Published {
            edition: &edition,
            snapshot: &frozen,
            digest: &digest,
            reason,
            public_url,
        },
    )?;
    Ok(Prepared {
        edition,
        data,
        frozen,
        canonical,
        digest,
        previous,
        emails,
    })
}

/// What publishing now would show the public and send, without
/// publishing: the office reads it before it confirms.
#[derive(Debug)]
pub struct PublishPreview {
    /// The snapshot the public page would show, as it would be frozen.
    pub snapshot: Snapshot,
    /// Emails the publication would queue.
    pub emails: usize,
    /// A version is already published: publishing again needs a reason.
    pub republish: bool,
}

pub async fn preview(
    state: &AppState,
    caller: Caller,
    edition_id: String,
) -> Result<PublishPreview, ApiError> {
    caller.require_admin()?;
    let public_url = state.settings.mail.public_url.clone();
    state
        .db
        .run(move |conn| {
            let prepared = prepare(conn, &caller, &edition_id, None, &public_url, now())?;
            Ok(PublishPreview {
                emails: prepared.emails.len(),
                republish: prepared.previous.is_some(),
                snapshot: prepared.frozen,
            })
        })
        .await
}

/// Loads, ranks, freezes and writes one edition's results, and queues an
/// email to every entrant account of every ranked organisation (naming
/// `public_url`, where the public results live).
pub fn publish_edition(
    conn: &mut DbConnection,
    caller: &Caller,
    edition_id: &str,
    reason: Option<&str>,
    public_url: &str,
) -> Result<Publication, ApiError> {
    let at = now();
    let Prepared {
        edition,
        data,
        frozen,
        canonical,
        digest,
        previous,
        emails,
    } = prepare(conn, caller, edition_id, reason, public_url, at)?;
    if previous.is_some() && reason.is_none() {
        return Err(ApiError::field(
            "reason",
            "required",
            Msg::said("publication-again-give-reason"),
        ));
    }
    let version = frozen.version;
    let publication_id = new_id();
    store::insert_publication(
        conn,
        &NewPublication {
            id: &publication_id,
            edition_id: &edition.id,
            version,
            snapshot_json: &canonical,
            digest: &digest,
            published_by: &caller.user_id,
            published_at: at,
        },
    )?;
    let advanced = advancements::put_forward(conn, &edition, &publication_id, &data, &frozen)?;
    if edition.phase() != Phase::ResultsPublished
        && !editions::set_phase(
            conn,
            &edition,
            Phase::ResultsPublished,
            &caller.user_id,
            reason,
            false,
        )?
    {
        return Err(ApiError::stale_version());
    }
    let emailed = crate::mail::enqueue(conn, &emails)?;
    audit::record(
        conn,
        &caller.actor(),
        Change {
            action: "results.publish",
            object_type: "edition",
            object_id: &edition.id,
            province_code: edition.province_code.as_deref(),
            before: None,
            after: Some(serde_json::json!({
                "version": version, "digest": digest, "reason": reason, "advanced": advanced,
                "emails_queued": emailed,
            })),
        },
    )?;
    Ok(Publication {
        version,
        digest,
        published_at: at,
        published_by: caller.user_id.clone(),
        withdrawn_at: None,
        withdrawn_reason: None,
        superseded: false,
    })
}

/// Withdraws the current published version (national admins only, with a
/// reason). The version stays listed, marked withdrawn, with its digest;
/// the edition goes back to judging, and everyone told of the results
/// hears they no longer stand.
pub async fn withdraw(
    state: &AppState,
    caller: Caller,
    edition_id: String,
    version: i32,
    request: WithdrawRequest,
) -> Result<Publication, ApiError> {
    if !caller.is_national_admin() {
        return Err(ApiError::Forbidden(Said::OnlyNationalAdminWithdraws.msg()));
    }
    let reason = crate::input::reason(&request.reason, Said::GiveAReason)?;
    let key = edition_id.clone();
    let withdrawn = state
        .db
        .write(move |conn| {
            let edition = administered(conn, &caller, &edition_id)?;
            let list = history(conn, &edition_id)?;
            let found = list
                .iter()
                .find(|p| p.version == version)
                .ok_or_else(no_such_version)?;
            if found.withdrawn_at.is_some() {
                return Err(ApiError::Conflict(Msg::said(
                    "publication-already-withdrawn",
                )));
            }
            if found.superseded {
                return Err(ApiError::Conflict(Msg::said("publication-superseded")));
            }
            let at = now();
            store::mark_withdrawn(conn, &edition_id, version, at, &caller.user_id, &reason)?;
            if edition.phase() == Phase::ResultsPublished
                && !editions::set_phase(
                    conn,
                    &edition,
                    Phase::Judging,
                    &caller.user_id,
                    Some(&reason),
                    false,
                )?
            {
                return Err(ApiError::stale_version());
            }
            // Everyone told of these results hears they no longer stand.
            let frozen = snapshot::read(&store::snapshot_json(conn, &edition_id, version)?)?;
            let emails = crate::mail::compose::results_withdrawn(
                conn,
                &crate::mail::compose::Withdrawn {
                    edition: &edition,
                    snapshot: &frozen,
                    reason: &reason,
                    at,
                },
            )?;
            let emailed = crate::mail::enqueue(conn, &emails)?;
            audit::record(
                conn,
                &caller.actor(),
                Change {
                    action: "results.withdraw",
                    object_type: "edition",
                    object_id: &edition_id,
                    province_code: edition.province_code.as_deref(),
                    before: Some(serde_json::json!({"version": version, "digest": found.digest})),
                    after: Some(serde_json::json!({
                        "withdrawn": true, "reason": reason, "emails_queued": emailed,
                    })),
                },
            )?;
            Ok(Publication {
                withdrawn_at: Some(at),
                withdrawn_reason: Some(reason),
                ..found.clone()
            })
        })
        .await;
    super::public::forget_published(state, &key);
    withdrawn
}
