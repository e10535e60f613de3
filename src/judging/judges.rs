//! The judges of an edition: bringing in an account (existing or new) with
//! a home region and an affiliation, which conflict detection reads.

use serde::Deserialize;
use utoipa::ToSchema;

use crate::audit::{self, Change};
use crate::auth::{Caller, Role};
use crate::editions::access::administered;
use crate::error::{ApiError, FieldErrors, Msg};
use crate::judging::store::{self, Judge};
use crate::messages::Said;
use crate::state::AppState;
use crate::users::domain::{DisplayName, Email, NewPassword};
use crate::users::store::NewAccount;

#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct AddJudgeRequest {
    /// An existing account; it is given the judge role if it lacks it.
    #[serde(default)]
    pub user_id: Option<String>,
    /// Or a new account for the judge, made in the edition's province.
    #[serde(default)]
    pub account: Option<JudgeAccount>,
    /// Where the judge comes from (region code), for conflict detection.
    pub home_region_code: Option<String>,
    /// An organisation the judge is affiliated with.
    pub organisation_id: Option<String>,
}

/// A new account for a judge who has none yet.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct JudgeAccount {
    pub email: String,
    pub display_name: String,
    /// Initial password, at least 10 characters; the judge changes it later.
    pub password: String,
}

/// Adds a judge to an edition the caller administers.
pub async fn add(
    state: &AppState,
    caller: Caller,
    edition_id: String,
    request: AddJudgeRequest,
) -> Result<Judge, ApiError> {
    caller.require_admin()?;
    // A new account: check and hash its password before touching the database.
    let account = match (&request.user_id, &request.account) {
        (Some(_), None) => None,
        (None, Some(account)) => {
            let mut errors = FieldErrors::new();
            let email = errors.check(Email::parse("account.email", &account.email));
            let name = errors.check(DisplayName::parse(
                "account.display_name",
                &account.display_name,
            ));
            let password = errors.check(NewPassword::parse("account.password", &account.password));
            errors.into_result()?;
            let (Some(email), Some(name), Some(password)) = (email, name, password) else {
                return Err(ApiError::Internal("checked fields missing".into()));
            };
            let hash = crate::auth::password::hash_off_runtime(&state.passwords, password).await?;
            Some((email.into_string(), name.into_string(), hash))
        }
        _ => {
            return Err(ApiError::field(
                "user_id",
                "choose_one",
                Msg::said("judge-user-id-or-account"),
            ));
        }
    };
    let body = request;
    state
        .db
        .write(move |conn| {
            let edition = administered(conn, &caller, &edition_id)?;
            let mut errors = FieldErrors::new();
            let user_id = match account {
                Some((email, display_name, password_hash)) => {
                    if crate::users::store::email_taken(conn, &email)? {
                        return Err(ApiError::field(
                            "account.email",
                            "taken",
                            Msg::said("judge-email-registered"),
                        ));
                    }
                    let province_code = edition.province_code.clone().or_else(|| {
                        body.home_region_code
                            .as_deref()
                            .and_then(|c| c.get(..2))
                            .map(str::to_owned)
                    });
                    crate::users::store::create(
                        conn,
                        &caller.actor(),
                        &NewAccount {
                            email,
                            display_name,
                            password_hash,
                            province_code,
                            roles: vec![Role::Judge],
                            provinces: Vec::new(),
                            organisation_ids: Vec::new(),
                        },
                    )?
                    .id
                }
                None => body.user_id.clone().unwrap_or_default(),
            };
            let user = crate::users::store::find(conn, &user_id)?;
            match &user {
                None => errors.push("user_id", "unknown_user", Msg::said("account-not-found")),
                // A regional admin may only bring in people they manage: in
                // their provinces, and never admins.
                Some(user)
                    if !caller.is_national_admin()
                        && (user.is_admin()
                            || !user
                                .province_code
                                .as_deref()
                                .is_some_and(|p| caller.administers(p))) =>
                {
                    return Err(ApiError::Forbidden(Msg::said(
                        "judge-account-outside-scope",
                    )));
                }
                Some(_) => {}
            }
            if let Some(code) = &body.home_region_code
                && crate::regions::store::find(conn, code)?.is_none()
            {
                errors.push(
                    "home_region_code",
                    "unknown_region",
                    Said::RegionNotFound.msg(),
                );
            }
            if let Some(org) = &body.organisation_id
                && crate::organisations::store::find(conn, org)?.is_none()
            {
                errors.push(
                    "organisation_id",
                    "unknown_organisation",
                    Msg::said("organisation-not-found"),
                );
            }
            errors.into_result()?;
            let user = user.ok_or_else(|| ApiError::Internal("user vanished".into()))?;
            if !user.roles.contains(&Role::Judge) {
                store::grant_judge_role(conn, &user.id)?;
            }
            let id = store::add_judge(
                conn,
                &edition.id,
                &user.id,
                body.home_region_code.as_deref(),
                body.organisation_id.as_deref(),
            )?;
            let judge = store::judges_of(conn, &edition.id)?
                .into_iter()
                .find(|j| j.id == id)
                .ok_or_else(|| ApiError::Internal("judge vanished".into()))?;
            audit::record(
                conn,
                &caller.actor(),
                Change {
                    action: "judge.add",
                    object_type: "edition",
                    object_id: &edition.id,
                    province_code: edition.province_code.as_deref(),
                    before: None,
                    after: audit::snapshot(&judge),
                },
            )?;
            Ok(judge)
        })
        .await
}

/// The judges of an edition the caller administers.
pub async fn list(
    state: &AppState,
    caller: Caller,
    edition_id: String,
) -> Result<Vec<Judge>, ApiError> {
    caller.require_admin()?;
    state
        .db
        .run(move |conn| {
            administered(conn, &caller, &edition_id)?;
            store::judges_of(conn, &edition_id)
        })
        .await
}
