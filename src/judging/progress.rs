//! How far judging has come in an edition: per category and stage, and
//! per judge, unfinished ones first, for the admins who chase them.

use serde::Serialize;
use utoipa::ToSchema;

use crate::auth::Caller;
use crate::error::ApiError;
use crate::judging::store;
use crate::state::AppState;

#[derive(Debug, Serialize, ToSchema)]
pub struct JudgeProgress {
    pub judge_id: String,
    pub display_name: String,
    pub assigned: i64,
    pub submitted: i64,
    pub drafts: i64,
    pub not_started: i64,
    pub recused: i64,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct CategoryProgress {
    pub category_id: String,
    pub stage_key: String,
    pub assigned: i64,
    pub submitted: i64,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct Progress {
    pub categories: Vec<CategoryProgress>,
    /// Judges with unfinished scoresheets first.
    pub judges: Vec<JudgeProgress>,
}

/// The judging progress of an edition the caller administers.
pub async fn of_edition(
    state: &AppState,
    caller: Caller,
    edition_id: String,
) -> Result<Progress, ApiError> {
    caller.require_admin()?;
    state
        .db
        .run(move |conn| {
            crate::editions::access::administered(conn, &caller, &edition_id)?;
            let rows = store::progress_rows(conn, &edition_id)?;
            let mut categories: Vec<CategoryProgress> = Vec::new();
            let mut judges: Vec<JudgeProgress> = Vec::new();
            for (category_id, stage_key, judge_id, display_name, status, sheet) in rows {
                let submitted = i64::from(sheet.as_deref() == Some("submitted"));
                let active = status == "active";
                match categories
                    .iter_mut()
                    .find(|c| c.category_id == category_id && c.stage_key == stage_key)
                {
                    Some(c) => {
                        c.assigned += i64::from(active);
                        c.submitted += submitted * i64::from(active);
                    }
                    None => categories.push(CategoryProgress {
                        category_id,
                        stage_key,
                        assigned: i64::from(active),
                        submitted: submitted * i64::from(active),
                    }),
                }
                let judge = match judges.iter_mut().position(|j| j.judge_id == judge_id) {
                    Some(i) => &mut judges[i],
                    None => {
                        judges.push(JudgeProgress {
                            judge_id,
                            display_name,
                            assigned: 0,
                            submitted: 0,
                            drafts: 0,
                            not_started: 0,
                            recused: 0,
                        });
                        judges
                            .last_mut()
                            .ok_or_else(|| ApiError::Internal("progress".into()))?
                    }
                };
                if !active {
                    judge.recused += 1;
                    continue;
                }
                judge.assigned += 1;
                match sheet.as_deref() {
                    Some("submitted") => judge.submitted += 1,
                    Some(_) => judge.drafts += 1,
                    None => judge.not_started += 1,
                }
            }
            judges.sort_by_key(|j| (j.submitted - j.assigned, j.display_name.clone()));
            Ok(Progress { categories, judges })
        })
        .await
}
