//! Setting up an edition: create one (optionally copying the categories and
//! rubrics of another), change its name, dates, zones or advancement, read
//! one with its phase history, and list those the caller may see.

use serde::Deserialize;
use utoipa::IntoParams;

use crate::audit::{self, Change};
use crate::auth::Caller;
use crate::categories::store as categories;
use crate::db::DbConnection;
use crate::editions::access::{administered, readable};
use crate::editions::domain::{Phase, Tier};
use crate::editions::fields::{EditionInput, resolve};
use crate::editions::store::{self, EditionQuery};
use crate::editions::view::EditionView;
use crate::error::{ApiError, Msg};
use crate::messages::Said;
use crate::pagination::{Page, PageParams};
use crate::state::AppState;

#[derive(Debug, Default, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct EditionFilter {
    pub year: Option<i32>,
    pub tier: Option<Tier>,
    /// Province code.
    pub province: Option<String>,
    pub phase: Option<Phase>,
}

/// Creates an edition in the draft phase, for the admins of its province
/// (national editions: national admins), copying the categories and rubrics
/// of `copy_from` when given.
pub async fn create(
    state: &AppState,
    caller: Caller,
    input: EditionInput,
) -> Result<EditionView, ApiError> {
    caller.require_admin()?;
    if input.version.is_some() {
        return Err(ApiError::field(
            "version",
            "not_allowed",
            Msg::said("edition-new-has-no-version"),
        ));
    }
    state
        .db
        .write(move |conn| {
            let fields = resolve(conn, &input, None)?;
            match &fields.province_code {
                Some(province) => caller.require_admin_of(province)?,
                None => caller.require_national_admin()?,
            }
            let source = match &input.copy_from {
                Some(id) => Some(readable(conn, &caller, id).map_err(|_| {
                    ApiError::field(
                        "copy_from",
                        "unknown_edition",
                        Msg::said("edition-source-not-found"),
                    )
                })?),
                None => None,
            };
            let id = store::insert(conn, &fields, source.as_ref().map(|s| s.id.as_str()))?;
            let mut copied = 0;
            if let Some(source) = &source {
                copied = copy_categories(conn, &source.id, &id, &caller.user_id)?;
            }
            let edition = store::find(conn, &id)?
                .ok_or_else(|| ApiError::Internal("edition vanished".into()))?;
            let view = EditionView::new(edition, None);
            let mut after = audit::snapshot(&view);
            if let (Some(serde_json::Value::Object(map)), Some(source)) = (after.as_mut(), &source)
            {
                map.insert("copied_categories".into(), copied.into());
                map.insert("copied_from".into(), source.id.clone().into());
            }
            audit::record(
                conn,
                &caller.actor(),
                Change {
                    action: "edition.create",
                    object_type: "edition",
                    object_id: &id,
                    province_code: view.province_code.as_deref(),
                    before: None,
                    after,
                },
            )?;
            Ok(view)
        })
        .await
}

/// Copies every category with its current rubric (as a new, unfrozen version 1).
fn copy_categories(
    conn: &mut DbConnection,
    from: &str,
    to: &str,
    actor_id: &str,
) -> Result<usize, ApiError> {
    let source = categories::list(conn, from)?;
    for category in &source {
        let id = categories::insert(
            conn,
            to,
            &categories::CategoryFields::from_category(category),
        )?;
        if let Some(rubric) = categories::current_rubric(conn, &category.id)? {
            let rubric = rubric.decode()?.rubric;
            let copied = Msg::said("rubric-copied-from-earlier-edition");
            categories::insert_rubric(
                conn,
                &id,
                1,
                &rubric,
                false,
                Some(&format!("{} / {}", copied.id, copied.en)),
                Some(actor_id),
            )?;
        }
    }
    Ok(source.len())
}

/// One page of the editions the caller may see, newest year first; drafts
/// only for their admins.
pub async fn list(
    state: &AppState,
    caller: Caller,
    filter: EditionFilter,
    page: PageParams,
) -> Result<Page<EditionView>, ApiError> {
    list_in(state, caller.scope(), filter, page).await
}

/// One page of the editions anyone may see without signing in: every
/// edition past its draft, newest year first.
pub async fn list_public(
    state: &AppState,
    filter: EditionFilter,
    page: PageParams,
) -> Result<Page<EditionView>, ApiError> {
    list_in(state, crate::auth::Scope::Nothing, filter, page).await
}

async fn list_in(
    state: &AppState,
    scope: crate::auth::Scope,
    filter: EditionFilter,
    page: PageParams,
) -> Result<Page<EditionView>, ApiError> {
    let paging = page.parse()?;
    let query = EditionQuery {
        year: filter.year,
        tier: filter.tier,
        province: filter.province,
        phase: filter.phase,
        scope,
    };
    let (rows, total) = state
        .db
        .run(move |conn| store::list(conn, &query, paging))
        .await?;
    let items = rows
        .into_iter()
        .map(|row| EditionView::new(row, None))
        .collect();
    Ok(Page::new(items, total, paging))
}

/// One edition the caller may see, with its phase history.
pub async fn get(state: &AppState, caller: Caller, id: String) -> Result<EditionView, ApiError> {
    state
        .db
        .run(move |conn| {
            let edition = readable(conn, &caller, &id)?;
            let history = store::phase_history(conn, &id)?;
            Ok(EditionView::new(edition, Some(history)))
        })
        .await
}

/// One edition the caller administers, with its phase history: what the
/// office's page of it reads (403 for an edition seen but not administered).
pub async fn get_administered(
    state: &AppState,
    caller: Caller,
    id: String,
) -> Result<EditionView, ApiError> {
    state
        .db
        .run(move |conn| {
            let edition = administered(conn, &caller, &id)?;
            let history = store::phase_history(conn, &id)?;
            Ok(EditionView::new(edition, Some(history)))
        })
        .await
}

/// Changes an edition the caller administers, at the version they read;
/// not its tier or province, and not once its results are published.
pub async fn update(
    state: &AppState,
    caller: Caller,
    id: String,
    input: EditionInput,
) -> Result<EditionView, ApiError> {
    let Some(version) = input.version else {
        return Err(ApiError::field(
            "version",
            "required",
            Said::SendTheVersion.msg(),
        ));
    };
    if input.copy_from.is_some() {
        return Err(ApiError::field(
            "copy_from",
            "not_allowed",
            Msg::said("edition-copy-only-on-create"),
        ));
    }
    state
        .db
        .write(move |conn| {
            let before = administered(conn, &caller, &id)?;
            if before.phase() == Phase::ResultsPublished {
                return Err(ApiError::Conflict(Msg::said("edition-results-published")));
            }
            let fields = resolve(conn, &input, Some(&before))?;
            if !store::update(conn, &id, version, &fields)? {
                return Err(ApiError::stale_version());
            }
            let after = store::find(conn, &id)?
                .ok_or_else(|| ApiError::Internal("edition vanished".into()))?;
            let before_view = EditionView::new(before, None);
            let view = EditionView::new(after, None);
            audit::record(
                conn,
                &caller.actor(),
                Change {
                    action: "edition.update",
                    object_type: "edition",
                    object_id: &id,
                    province_code: view.province_code.as_deref(),
                    before: audit::snapshot(&before_view),
                    after: audit::snapshot(&view),
                },
            )?;
            Ok(view)
        })
        .await
}
