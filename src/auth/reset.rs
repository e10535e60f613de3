//! "Forgot password": a single-use link by email, valid for an hour. The
//! answer is the same whether or not the address belongs to an account,
//! and requests are throttled per address and per account.

use serde::Deserialize;
use utoipa::ToSchema;

use crate::auth::links::{self, Purpose};
use crate::auth::throttle;
use crate::error::ApiError;
use crate::mail::compose::{LinkEmail, account_link};
use crate::state::AppState;
use crate::users::store;

#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
#[schema(example = json!({"email": "sekdes.wunut@example.id"}))]
pub struct ResetRequest {
    pub email: String,
}

/// Sends a reset link to the account with this email, if there is an
/// enabled one; says nothing about whether there is.
pub async fn request(
    state: &AppState,
    request: ResetRequest,
    addr: String,
) -> Result<(), ApiError> {
    let email = request.email.trim().to_lowercase();
    if email.is_empty() || email.len() > 254 {
        return Ok(());
    }
    let settings = state.settings.clone();
    let public_url = state.settings.mail.public_url.clone();
    state
        .db
        .write(move |conn| {
            if let Err(refused) = throttle::reserve_reset(conn, &settings.auth, &email, &addr)? {
                return Ok(Err(refused));
            }
            let Some(account) = store::credentials(conn, &email)?.filter(|a| a.active) else {
                return Ok(Ok(()));
            };
            let Some(user) = store::find(conn, &account.id)? else {
                return Ok(Ok(()));
            };
            let link = links::create(conn, &user.id, Purpose::Reset)?;
            let url = links::url(&public_url, &link.token);
            crate::mail::enqueue(
                conn,
                &[account_link(&LinkEmail {
                    purpose: Purpose::Reset,
                    email: &user.email,
                    name: &user.display_name,
                    url: &url,
                    inviter: "",
                    roles: &[],
                    province_code: None,
                })],
            )?;
            tracing::info!(user_id = %user.id, "password reset link sent");
            Ok(Ok(()))
        })
        .await?
}
