//! Moving an edition through its phases (draft, submissions open and
//! closed, judging): the flow's allowed steps, the guards that explain
//! every reason a move is refused, and the recorded reason for going back
//! or forcing. Publishing and withdrawing results live in `results`.

use serde::Deserialize;
use utoipa::ToSchema;

use crate::audit::{self, Change};
use crate::auth::Caller;
use crate::categories::store as categories;
use crate::db::DbConnection;
use crate::editions::access::administered;
use crate::editions::domain::{Phase, Step};
use crate::editions::fields::invalid;
use crate::editions::store::{self, EditionRow};
use crate::editions::view::EditionView;
use crate::error::{ApiError, FieldError, Msg};
use crate::messages::Said;
use crate::state::AppState;

#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct PhaseRequest {
    #[schema(value_type = Phase)]
    pub to: String,
    /// Required for going back and for forcing past a guard.
    pub reason: Option<String>,
    /// Open judging although some entries are unchecked (needs a reason).
    #[serde(default)]
    pub force: bool,
}

/// Why the edition cannot move to `to` yet: every reason, each by what to fix.
fn guard(
    conn: &mut DbConnection,
    edition: &EditionRow,
    to: Phase,
    forced: bool,
) -> Result<Vec<FieldError>, ApiError> {
    let mut reasons = Vec::new();
    if to == Phase::Judging && !forced {
        let unchecked = crate::entries::store::unchecked_in_edition(conn, &edition.id)?;
        if unchecked > 0 {
            reasons.push(invalid(
                "entries",
                "unchecked",
                format!("{unchecked} pendaftaran belum diperiksa administrasinya. Periksa dulu, atau paksa dengan alasan yang dicatat."),
                format!("{unchecked} entries have not had their administrative check. Check them, or force with a recorded reason."),
            ));
        }
    }
    if to == Phase::SubmissionsOpen && edition.phase() == Phase::Draft {
        let list = categories::list(conn, &edition.id)?;
        if list.is_empty() {
            reasons.push(invalid(
                "categories",
                "none",
                "Edisi belum memiliki kategori.",
                "The edition has no categories yet.",
            ));
        }
        for (i, category) in list.iter().enumerate() {
            match categories::current_rubric(conn, &category.id)? {
                None => reasons.push(invalid(
                    &format!("categories[{i}].rubric"),
                    "missing",
                    format!("Kategori {:?} belum memiliki rubrik.", category.name_id),
                    format!("Category {:?} has no rubric yet.", category.name_en),
                )),
                Some(row) => {
                    let rubric = row.decode()?.rubric;
                    if let Err(ApiError::Validation(problems)) = rubric.validate(&category.form) {
                        reasons.push(invalid(
                            &format!("categories[{i}].rubric"),
                            "invalid",
                            format!(
                                "Rubrik kategori {:?} memiliki {} kesalahan.",
                                category.name_id,
                                problems.len()
                            ),
                            format!(
                                "The rubric of category {:?} has {} problem(s).",
                                category.name_en,
                                problems.len()
                            ),
                        ));
                    }
                }
            }
        }
        match edition.submissions_close_at {
            None => reasons.push(invalid(
                "schedule.submissions_close_at",
                "missing",
                "Tetapkan batas akhir pendaftaran terlebih dahulu.",
                "Set the submission deadline first.",
            )),
            Some(close) if close <= crate::db::now() => reasons.push(invalid(
                "schedule.submissions_close_at",
                "past",
                "Batas akhir pendaftaran sudah lewat.",
                "The submission deadline has already passed.",
            )),
            Some(_) => {}
        }
    }
    Ok(reasons)
}

/// Moves an edition the caller administers to another phase: one step
/// forward, or back with a reason; forcing past a guard needs a reason too.
pub async fn change(
    state: &AppState,
    caller: Caller,
    id: String,
    request: PhaseRequest,
) -> Result<EditionView, ApiError> {
    let Some(to) = Phase::parse(&request.to) else {
        return Err(ApiError::field(
            "to",
            "invalid_choice",
            Msg::new(
                "Pilih draft, submissions_open, submissions_closed, judging atau results_published.",
                "Choose draft, submissions_open, submissions_closed, judging or results_published.",
            ),
        ));
    };
    let reason = request
        .reason
        .map(|r| r.trim().to_owned())
        .filter(|r| !r.is_empty());
    state
        .db
        .write(move |conn| {
            let edition = administered(conn, &caller, &id)?;
            let from = edition.phase();
            let step = from.step_to(to).ok_or_else(|| {
                ApiError::field(
                    "to",
                    "not_allowed",
                    Msg::new(
                        format!("Edisi tidak dapat berpindah dari {} ke {}.", from.label_id(), to.label_id()),
                        format!("An edition cannot move from {} to {}.", from.as_str(), to.as_str()),
                    ),
                )
            })?;
            if (step == Step::Back || request.force) && reason.is_none() {
                return Err(ApiError::field(
                    "reason",
                    "required",
                    Said::GiveAReason.msg(),
                ));
            }
            if from == Phase::ResultsPublished && !caller.is_national_admin() {
                return Err(ApiError::Forbidden(Said::OnlyNationalAdminWithdraws.msg()));
            }
            if to == Phase::ResultsPublished {
                return Err(ApiError::field("to", "use_publication", Msg::new(
                    "Hasil diumumkan dengan POST /api/v1/editions/{id}/publications, yang membekukan peringkat.",
                    "Results are published with POST /api/v1/editions/{id}/publications, which freezes the ranking.",
                )));
            }
            if from == Phase::ResultsPublished {
                return Err(ApiError::field("to", "use_withdrawal", Msg::new(
                    "Hasil ditarik dengan POST /api/v1/editions/{id}/publications/{versi}/withdraw.",
                    "Results are withdrawn with POST /api/v1/editions/{id}/publications/{version}/withdraw.",
                )));
            }
            let reasons = guard(conn, &edition, to, request.force)?;
            if !reasons.is_empty() {
                return Err(ApiError::Refused(
                    Msg::new(
                        format!("Edisi belum dapat berpindah ke tahap {}.", to.label_id()),
                        format!("The edition cannot move to {} yet.", to.as_str()),
                    ),
                    reasons,
                ));
            }
            if to == Phase::Judging {
                categories::freeze_rubrics(conn, &id)?;
            }
            if !store::set_phase(conn, &edition, to, &caller.user_id, reason.as_deref(), request.force)? {
                return Err(ApiError::stale_version());
            }
            let after = store::find(conn, &id)?.ok_or_else(|| ApiError::Internal("edition vanished".into()))?;
            audit::record(
                conn,
                &caller.actor(),
                Change {
                    action: "edition.phase",
                    object_type: "edition",
                    object_id: &id,
                    province_code: after.province_code.as_deref(),
                    before: Some(serde_json::json!({"phase": from.as_str()})),
                    after: Some(serde_json::json!({"phase": to.as_str(), "reason": reason, "forced": request.force})),
                },
            )?;
            let history = store::phase_history(conn, &id)?;
            Ok(EditionView::new(after, Some(history)))
        })
        .await
}
