//! Published results as anyone reads them, without signing in: the winners
//! with every version's digest, the frozen snapshot byte for byte, the
//! winners as CSV, and the printable report. All of it is read from the
//! stored snapshots, so what is shown is what the digest covers.

use std::sync::Arc;

use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};

use super::export::{self, ExportFile};
use super::publications::{Publication, history, no_such_version};
use super::report::{self, Report};
use super::snapshot::{self, Snapshot};
use super::store;
use crate::db::DbConnection;
use crate::editions::domain::Zone;
use crate::error::{ApiError, Msg};
use crate::state::AppState;

/// A winner as the public sees it.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct Winner {
    /// Juara 1, 2, 3…; tied winners share a place.
    pub juara: usize,
    pub tied: bool,
    pub organisation_name: String,
    pub region_name: String,
    pub total: Option<String>,
}

#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct PublicCategory {
    pub id: String,
    pub name_id: String,
    pub name_en: String,
    pub winners: Vec<Winner>,
}

/// A version of the results, as listed publicly.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct PublicVersion {
    pub version: i32,
    pub digest: String,
    #[serde(serialize_with = "crate::instant::utc")]
    pub published_at: chrono::NaiveDateTime,
    #[serde(serialize_with = "crate::instant::utc_option")]
    pub withdrawn_at: Option<chrono::NaiveDateTime>,
    pub withdrawn_reason: Option<String>,
}

#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct PublicResults {
    pub edition_id: String,
    pub edition_name: String,
    pub year: i32,
    /// `published`, or `withdrawn` (then no winners are listed).
    pub status: &'static str,
    pub version: i32,
    #[serde(serialize_with = "crate::instant::utc")]
    pub published_at: chrono::NaiveDateTime,
    /// SHA-256 (hex) of the snapshot bytes served at `snapshot_url`.
    pub digest: String,
    pub digest_algorithm: &'static str,
    pub snapshot_url: String,
    pub withdrawn_reason: Option<String>,
    pub categories: Vec<PublicCategory>,
    /// Every version, newest first, with its digest.
    pub versions: Vec<PublicVersion>,
}

#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
#[serde(deny_unknown_fields)]
pub struct VersionParams {
    /// A published version; the latest by default.
    pub version: Option<i32>,
}

/// A frozen snapshot exactly as stored, with the digest of those bytes.
#[derive(Debug)]
pub struct FrozenSnapshot {
    pub json: String,
    pub digest: String,
}

/// The edition's publications, newest first, without their snapshots; 404
/// when none.
fn published(conn: &mut DbConnection, edition_id: &str) -> Result<Vec<Publication>, ApiError> {
    let list = history(conn, edition_id)?;
    if list.is_empty() {
        return Err(ApiError::NotFound(Msg::said("results-not-published")));
    }
    Ok(list)
}

/// One published version (the latest when none is asked for); 404 when
/// there is none such.
fn published_version(
    conn: &mut DbConnection,
    edition_id: &str,
    wanted: Option<i32>,
) -> Result<Publication, ApiError> {
    published(conn, edition_id)?
        .into_iter()
        .find(|p| wanted.is_none_or(|v| v == p.version))
        .ok_or_else(no_such_version)
}

/// Where the snapshot of a version is served, byte for byte.
fn snapshot_url(edition_id: &str, version: i32) -> String {
    format!("/api/v1/public/editions/{edition_id}/results/snapshot?version={version}")
}

/// The winners of the current version (none while it is withdrawn) and
/// every version's digest.
pub async fn read_results(state: &AppState, edition_id: String) -> Result<PublicResults, ApiError> {
    state
        .db
        .run(move |conn| {
            let list = published(conn, &edition_id)?;
            let current = list[0].clone();
            let frozen =
                snapshot::read(&store::snapshot_json(conn, &edition_id, current.version)?)?;
            let withdrawn = current.withdrawn_at.is_some();
            let version = current.version;
            Ok(PublicResults {
                snapshot_url: snapshot_url(&edition_id, version),
                edition_id,
                edition_name: frozen.edition_name.clone(),
                year: frozen.year,
                status: if withdrawn { "withdrawn" } else { "published" },
                version,
                published_at: current.published_at,
                digest: current.digest,
                digest_algorithm: "sha256",
                withdrawn_reason: current.withdrawn_reason,
                categories: if withdrawn {
                    Vec::new()
                } else {
                    frozen
                        .categories
                        .iter()
                        .map(|c| PublicCategory {
                            id: c.id.clone(),
                            name_id: c.name_id.clone(),
                            name_en: c.name_en.clone(),
                            winners: c
                                .winners()
                                .map(|w| Winner {
                                    juara: w.rank.unwrap_or(0),
                                    tied: w.tied,
                                    organisation_name: w.organisation_name.clone(),
                                    region_name: w.region_name.clone(),
                                    total: w.total.clone(),
                                })
                                .collect(),
                        })
                        .collect()
                },
                versions: list
                    .into_iter()
                    .map(|p| PublicVersion {
                        version: p.version,
                        digest: p.digest,
                        published_at: p.published_at,
                        withdrawn_at: p.withdrawn_at,
                        withdrawn_reason: p.withdrawn_reason,
                    })
                    .collect(),
            })
        })
        .await
}

/// An edition's published versions, newest first, with its time zone:
/// what a results page reads on every request, so that it is never behind
/// a new version or a withdrawal.
pub struct Published {
    pub edition_id: String,
    /// Every version, newest first; never empty.
    pub versions: Vec<Publication>,
    /// The edition's time zone, for the times shown.
    pub zone: Zone,
    /// Changes whenever anything the results pages say of the versions
    /// does; see [`fingerprint`].
    pub fingerprint: String,
}

impl Published {
    /// A published version (the latest when none is asked for); 404 when
    /// there is none such.
    pub fn version(&self, wanted: Option<i32>) -> Result<&Publication, ApiError> {
        self.versions
            .iter()
            .find(|p| wanted.is_none_or(|v| v == p.version))
            .ok_or_else(no_such_version)
    }

    /// `version` is the newest one.
    pub fn is_latest(&self, version: i32) -> bool {
        self.versions.first().is_some_and(|p| p.version == version)
    }

    /// Where the snapshot of `version` is served, byte for byte.
    pub fn snapshot_url(&self, version: i32) -> String {
        snapshot_url(&self.edition_id, version)
    }
}

/// SHA-256 (hex) over everything the results pages say about the versions:
/// each one's number, digest, publication and withdrawal, and the time zone
/// they are shown in. Pages made from the same fingerprint are the same, so
/// it keys what is kept of them; a new version or a withdrawal changes it.
fn fingerprint(edition_id: &str, zone: Zone, versions: &[Publication]) -> String {
    use sha2::{Digest, Sha256};
    let mut hash = Sha256::new();
    hash.update(edition_id.as_bytes());
    hash.update(zone.as_str().as_bytes());
    for p in versions {
        hash.update(
            format!(
                "\n{}|{}|{}|{:?}|{}",
                p.version,
                p.digest,
                p.published_at,
                p.withdrawn_at,
                p.withdrawn_reason.as_deref().unwrap_or_default()
            )
            .as_bytes(),
        );
    }
    hex::encode(hash.finalize())
}

/// The edition's published versions and time zone, in one short read, or
/// as read less than [`crate::kept::FRESH_FOR`] ago (publishing and
/// withdrawing forget it at once); 404 when nothing was published.
pub async fn read_published(
    state: &AppState,
    edition_id: String,
) -> Result<Arc<Published>, ApiError> {
    let key = edition_id.clone();
    state
        .recent
        .get_or_read(
            &key,
            state.db.run(move |conn| {
                let versions = published(conn, &edition_id)?;
                let zone =
                    Zone::parse(&store::time_zone(conn, &edition_id)?).unwrap_or(Zone::Jakarta);
                Ok(Published {
                    fingerprint: fingerprint(&edition_id, zone, &versions),
                    edition_id,
                    versions,
                    zone,
                })
            }),
        )
        .await
}

/// After a publication or a withdrawal: the next reader reads the
/// versions again.
pub fn forget_published(state: &AppState, edition_id: &str) {
    state.recent.forget::<Published>(edition_id);
}

/// The frozen results of one version, read from its stored snapshot.
pub async fn read_frozen(
    state: &AppState,
    edition_id: String,
    version: i32,
) -> Result<Snapshot, ApiError> {
    state
        .db
        .run(move |conn| snapshot::read(&store::snapshot_json(conn, &edition_id, version)?))
        .await
}

/// The frozen snapshot of a published version (the latest by default),
/// exactly as stored: its SHA-256 is the published digest.
pub async fn read_snapshot(
    state: &AppState,
    edition_id: String,
    version: Option<i32>,
) -> Result<FrozenSnapshot, ApiError> {
    state
        .db
        .run(move |conn| {
            let found = published_version(conn, &edition_id, version)?;
            Ok(FrozenSnapshot {
                json: store::snapshot_json(conn, &edition_id, found.version)?,
                digest: found.digest,
            })
        })
        .await
}

/// The winners of the current published version as a CSV file; 404 once
/// it is withdrawn.
pub async fn export_winners(state: &AppState, edition_id: String) -> Result<ExportFile, ApiError> {
    let (frozen, digest): (Snapshot, String) = state
        .db
        .run(move |conn| {
            let current = published(conn, &edition_id)?.swap_remove(0);
            if current.withdrawn_at.is_some() {
                return Err(ApiError::NotFound(Msg::said("results-withdrawn")));
            }
            let json = store::snapshot_json(conn, &edition_id, current.version)?;
            Ok((snapshot::read(&json)?, current.digest))
        })
        .await?;
    Ok(ExportFile {
        bytes: export::winners_csv(&frozen, &digest)?,
        media_type: export::CSV,
        file_name: format!("pemenang-{}-v{}.csv", frozen.edition_id, frozen.version),
    })
}

/// The printable report (HTML) of a published version, the latest by
/// default, with its instants in the edition's time zone. A withdrawn
/// version prints the withdrawal instead of the ranking.
pub async fn render_report(
    state: &AppState,
    edition_id: String,
    version: Option<i32>,
) -> Result<String, ApiError> {
    state
        .db
        .run(move |conn| {
            let found = published_version(conn, &edition_id, version)?;
            let frozen = snapshot::read(&store::snapshot_json(conn, &edition_id, found.version)?)?;
            let zone = store::time_zone(conn, &edition_id)?;
            let zone = Zone::parse(&zone).unwrap_or(Zone::Jakarta);
            let local = |at| zone.stamp(at);
            report::render(&Report {
                snapshot: &frozen,
                digest: &found.digest,
                published_at: local(found.published_at),
                withdrawn: found.withdrawn_at.map(|at| report::Withdrawn {
                    at: local(at),
                    reason: found.withdrawn_reason.clone().unwrap_or_default(),
                }),
                snapshot_url: snapshot_url(&edition_id, found.version),
            })
        })
        .await
}
