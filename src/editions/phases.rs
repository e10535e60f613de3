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
use crate::editions::store::{self, EditionRow};
use crate::editions::view::EditionView;
use crate::error::{ApiError, Arg, FieldError, Msg};
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
            reasons.push(FieldError::new(
                "entries",
                "unchecked",
                Msg::with(
                    "edition-phase-entries-unchecked",
                    &[("count", unchecked.into())],
                ),
            ));
        }
    }
    if to == Phase::SubmissionsOpen && edition.phase() == Phase::Draft {
        let list = categories::list(conn, &edition.id)?;
        if list.is_empty() {
            reasons.push(FieldError::new(
                "categories",
                "none",
                Msg::said("edition-phase-no-categories"),
            ));
        }
        for (i, category) in list.iter().enumerate() {
            match categories::current_rubric(conn, &category.id)? {
                None => reasons.push(FieldError::new(
                    format!("categories[{i}].rubric"),
                    "missing",
                    Msg::with(
                        "edition-phase-category-no-rubric",
                        &[(
                            "category",
                            Arg::each(
                                format!("{:?}", category.name_id),
                                format!("{:?}", category.name_en),
                            ),
                        )],
                    ),
                )),
                Some(row) => {
                    let rubric = row.decode()?.rubric;
                    if let Err(ApiError::Validation(problems)) = rubric.validate(&category.form) {
                        reasons.push(FieldError::new(
                            format!("categories[{i}].rubric"),
                            "invalid",
                            Msg::with(
                                "edition-phase-rubric-invalid",
                                &[
                                    (
                                        "category",
                                        Arg::each(
                                            format!("{:?}", category.name_id),
                                            format!("{:?}", category.name_en),
                                        ),
                                    ),
                                    ("count", problems.len().into()),
                                ],
                            ),
                        ));
                    }
                }
            }
        }
        match edition.submissions_close_at {
            None => reasons.push(FieldError::new(
                "schedule.submissions_close_at",
                "missing",
                Msg::said("edition-phase-deadline-missing"),
            )),
            Some(close) if close <= crate::db::now() => reasons.push(FieldError::new(
                "schedule.submissions_close_at",
                "past",
                Msg::said("edition-phase-deadline-passed"),
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
            Msg::said("edition-phase-unknown"),
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
                    Msg::with("edition-phase-move-unknown", &[("from", Arg::Said(from.name_key())), ("to", Arg::Said(to.name_key()))]),
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
                return Err(ApiError::field("to", "use_publication", Msg::said("edition-phase-use-publication")));
            }
            if from == Phase::ResultsPublished {
                return Err(ApiError::field("to", "use_withdrawal", Msg::said("edition-phase-use-withdrawal")));
            }
            let reasons = guard(conn, &edition, to, request.force)?;
            if !reasons.is_empty() {
                return Err(ApiError::Refused(
                    Msg::with("edition-phase-not-yet", &[("to", Arg::Said(to.name_key()))]),
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

/// Every reason the edition cannot move forward to `to` now, without
/// moving it: what the edition's page lists beside its next step, from
/// the same guard the move itself runs.
pub async fn blockers(
    state: &AppState,
    caller: Caller,
    id: String,
    to: Phase,
) -> Result<Vec<FieldError>, ApiError> {
    state
        .db
        .run(move |conn| {
            let edition = administered(conn, &caller, &id)?;
            guard(conn, &edition, to, false)
        })
        .await
}
