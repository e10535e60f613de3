//! The live ranking of a category, as the admins of its edition preview it
//! before publishing (judges and entrants never see it), and its export as
//! CSV or an XLSX workbook.

use serde::Deserialize;
use utoipa::IntoParams;

use super::charts::{self, Charts};
use super::export::{self, ExportFile};
use super::load::{CategoryData, category_data};
use super::view::{self, Ranking};
use crate::auth::Caller;
use crate::categories::store::{self as categories};
use crate::db::DbConnection;
use crate::editions::access::administered;
use crate::error::{ApiError, Msg};
use crate::pagination::PageParams;
use crate::state::AppState;

#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
#[serde(deny_unknown_fields)]
pub struct ExportParams {
    /// `csv` (default) or `xlsx`.
    pub format: Option<String>,
    /// `judges` for every judge's marks (CSV); the XLSX always has them on a second sheet.
    pub detail: Option<String>,
}

/// What an export holds.
enum Export {
    RankingCsv,
    JudgesCsv,
    /// Ranking and judges' marks, one sheet each.
    Workbook,
}

impl ExportParams {
    /// Both choices are checked, the format first, even where the format
    /// makes the detail moot.
    fn parse(self) -> Result<Export, ApiError> {
        let xlsx = match self.format.as_deref().unwrap_or("csv") {
            "csv" => false,
            "xlsx" => true,
            _ => {
                return Err(ApiError::field(
                    "format",
                    "invalid_choice",
                    Msg::said("export-format-unknown"),
                ));
            }
        };
        let judges = match self.detail.as_deref() {
            None | Some("ranking") => false,
            Some("judges") => true,
            Some(_) => {
                return Err(ApiError::field(
                    "detail",
                    "invalid_choice",
                    Msg::said("export-sheet-unknown"),
                ));
            }
        };
        Ok(match (xlsx, judges) {
            (true, _) => Export::Workbook,
            (false, true) => Export::JudgesCsv,
            (false, false) => Export::RankingCsv,
        })
    }
}

/// Loads a category of an edition the caller administers, ready to rank.
fn load_category(
    conn: &mut DbConnection,
    caller: &Caller,
    edition_id: &str,
    category_id: &str,
) -> Result<CategoryData, ApiError> {
    administered(conn, caller, edition_id)?;
    let category = categories::find(conn, edition_id, category_id)?
        .ok_or_else(crate::categories::store::not_found)?;
    category_data(conn, category)
}

/// One page of the live ranking of a category, best first, with
/// explanations and flags.
pub async fn preview(
    state: &AppState,
    caller: Caller,
    edition_id: String,
    category_id: String,
    page: PageParams,
) -> Result<Ranking, ApiError> {
    Ok(board(state, caller, edition_id, category_id, page)
        .await?
        .ranking)
}

/// What the office's ranking page shows: one page of the live ranking and
/// the category's charts, from one reading of its marks.
pub struct Board {
    pub ranking: Ranking,
    pub charts: Charts,
}

pub async fn board(
    state: &AppState,
    caller: Caller,
    edition_id: String,
    category_id: String,
    page: PageParams,
) -> Result<Board, ApiError> {
    caller.require_admin()?;
    let paging = page.parse()?;
    let data = state
        .db
        .run(move |conn| load_category(conn, &caller, &edition_id, &category_id))
        .await?;
    let outcome = view::outcome(&data);
    let offset = usize::try_from(paging.offset()).unwrap_or(usize::MAX);
    let sheets = view::sheets_by_entry(&data);
    let items = outcome
        .order
        .iter()
        .skip(offset)
        .take(paging.per_page as usize)
        .map(|&e| view::ranked_entry(&data, &outcome, &sheets, e))
        .collect();
    let charts = charts::of_category(&data, &outcome);
    let ranking = Ranking {
        edition_id: data.category.edition_id.clone(),
        category_id: data.category.id.clone(),
        category_name: data.category.name_id.clone(),
        rubric_version: data.rubric_version,
        aggregation: data.settings.aggregation,
        tie_break: data.settings.tie_break.clone(),
        precision: crate::scoring::weigh::PRECISION,
        winners_count: data.category.winners_count,
        outstanding_scoresheets: data.outstanding,
        notes: view::notes(&data, &outcome),
        items,
        total: outcome.order.len() as i64,
        page: paging.page,
        per_page: paging.per_page,
    };
    Ok(Board { ranking, charts })
}

/// The live ranking with its per-criterion breakdown, or every judge's
/// marks, as a CSV file or an XLSX workbook holding both.
pub async fn export(
    state: &AppState,
    caller: Caller,
    edition_id: String,
    category_id: String,
    params: ExportParams,
) -> Result<ExportFile, ApiError> {
    caller.require_admin()?;
    let wanted = params.parse()?;
    let data = state
        .db
        .run(move |conn| load_category(conn, &caller, &edition_id, &category_id))
        .await?;
    let outcome = view::outcome(&data);
    let stem = format!("peringkat-{}", data.category.id);
    Ok(match wanted {
        Export::Workbook => ExportFile {
            // Writing a workbook takes a while: off the async threads.
            bytes: tokio::task::spawn_blocking(move || export::workbook(&data, &outcome))
                .await
                .map_err(|e| ApiError::Internal(e.to_string()))??,
            media_type: export::XLSX,
            file_name: format!("{stem}.xlsx"),
        },
        Export::JudgesCsv => ExportFile {
            bytes: export::judges_csv(&data)?,
            media_type: export::CSV,
            file_name: format!("{stem}-nilai-juri.csv"),
        },
        Export::RankingCsv => ExportFile {
            bytes: export::ranking_csv(&data, &outcome)?,
            media_type: export::CSV,
            file_name: format!("{stem}.csv"),
        },
    })
}
