//! Published results as anyone reads them, without signing in: the winners
//! with every version's digest, the frozen snapshot byte for byte, the
//! winners as CSV, and the printable report. All of it is read from the
//! stored snapshots, so what is shown is what the digest covers.

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

/// What the public results page shows: one version (the latest by
/// default) with its frozen snapshot, unless it was withdrawn, and every
/// version of the edition.
pub struct ResultsPage {
    pub edition_id: String,
    pub shown: Publication,
    /// The frozen results of the version shown; none once it is withdrawn.
    pub snapshot: Option<Snapshot>,
    pub edition_name: String,
    pub year: i32,
    /// The edition's time zone, for the times shown.
    pub zone: Zone,
    /// Every version, newest first.
    pub versions: Vec<Publication>,
}

impl ResultsPage {
    /// Where the snapshot of the version shown is served, byte for byte.
    pub fn snapshot_url(&self) -> String {
        snapshot_url(&self.edition_id, self.shown.version)
    }

    /// The newest version is the one shown.
    pub fn is_latest(&self) -> bool {
        self.versions
            .first()
            .is_some_and(|p| p.version == self.shown.version)
    }
}

/// Everything the public results page of an edition shows, in one read.
pub async fn read_page(
    state: &AppState,
    edition_id: String,
    version: Option<i32>,
) -> Result<ResultsPage, ApiError> {
    state
        .db
        .run(move |conn| {
            let versions = published(conn, &edition_id)?;
            let shown = versions
                .iter()
                .find(|p| version.is_none_or(|v| v == p.version))
                .cloned()
                .ok_or_else(no_such_version)?;
            let frozen = snapshot::read(&store::snapshot_json(conn, &edition_id, shown.version)?)?;
            let zone = Zone::parse(&store::time_zone(conn, &edition_id)?).unwrap_or(Zone::Jakarta);
            Ok(ResultsPage {
                edition_name: frozen.edition_name.clone(),
                year: frozen.year,
                snapshot: shown.withdrawn_at.is_none().then_some(frozen),
                edition_id,
                shown,
                zone,
                versions,
            })
        })
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
