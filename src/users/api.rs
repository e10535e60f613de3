//! The accounts' JSON door: routes and thin handlers that read the
//! request, call the account and role operations, and answer.

use actix_web::{HttpResponse, web};

use crate::auth::Caller;
use crate::error::{ApiError, Problem};
use crate::pagination::{Page, PageParams};
use crate::state::AppState;
use crate::users::accounts::{self, CreateUserRequest, UpdateUserRequest, UserFilter};
use crate::users::invitations::{self, Invitation, InviteRequest};
use crate::users::roles::{self, SetRolesRequest};
use crate::users::store::UserView;

pub fn configure(cfg: &mut web::ServiceConfig) {
    use crate::http::resource;
    cfg.service(
        resource("/users")
            .route(web::get().to(list_users))
            .route(web::post().to(create_user)),
    )
    .service(
        resource("/users/{id}")
            .route(web::get().to(get_user))
            .route(web::patch().to(update_user)),
    )
    .service(resource("/users/{id}/roles").route(web::put().to(set_roles)))
    .service(resource("/invitations").route(web::post().to(invite)))
    .service(resource("/users/{id}/invitation").route(web::post().to(resend_invitation)));
}

/// Invite a person by email: the account is made without a password and
/// the person gets an email (Bahasa Indonesia and English) with a
/// single-use link, valid 7 days, to set their own. National admins may
/// invite anyone; regional admins judges and entrants of their provinces.
#[utoipa::path(
    post, path = "/api/v1/invitations", tag = "users",
    request_body = InviteRequest,
    responses(
        (status = 201, description = "Invited; the email is queued", body = Invitation),
        (status = 401, description = "Not signed in", body = Problem, content_type = "application/problem+json"),
        (status = 403, description = "Not allowed to invite this person", body = Problem, content_type = "application/problem+json"),
        (status = 409, description = "Email already registered", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "Invalid fields", body = Problem, content_type = "application/problem+json"),
    ),
    security(("bearer" = []))
)]
pub async fn invite(
    caller: Caller,
    state: web::Data<AppState>,
    body: web::Json<InviteRequest>,
) -> Result<HttpResponse, ApiError> {
    let invitation = invitations::invite(&state, caller, body.into_inner()).await?;
    Ok(HttpResponse::Created()
        .insert_header(("Location", format!("/api/v1/users/{}", invitation.user.id)))
        .json(invitation))
}

/// Send an invitation again with a new link (the old one stops working),
/// for an account that has not set its password yet.
#[utoipa::path(
    post, path = "/api/v1/users/{id}/invitation", tag = "users",
    params(("id" = String, Path, description = "User id")),
    responses(
        (status = 201, description = "Sent again; the email is queued", body = Invitation),
        (status = 401, description = "Not signed in", body = Problem, content_type = "application/problem+json"),
        (status = 403, description = "Not an admin", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "No such account in your scope", body = Problem, content_type = "application/problem+json"),
        (status = 409, description = "The person has set a password already, or the account is disabled", body = Problem, content_type = "application/problem+json"),
    ),
    security(("bearer" = []))
)]
pub async fn resend_invitation(
    caller: Caller,
    state: web::Data<AppState>,
    id: web::Path<String>,
) -> Result<HttpResponse, ApiError> {
    let invitation = invitations::resend(&state, caller, id.into_inner()).await?;
    Ok(HttpResponse::Created().json(invitation))
}

/// Create an account. National admins may create anyone; regional admins
/// create judges and entrants in their provinces.
#[utoipa::path(
    post, path = "/api/v1/users", tag = "users",
    request_body = CreateUserRequest,
    responses(
        (status = 201, description = "Created", body = UserView),
        (status = 401, description = "Not signed in", body = Problem, content_type = "application/problem+json"),
        (status = 403, description = "Not allowed to create this account", body = Problem, content_type = "application/problem+json"),
        (status = 409, description = "Email already registered", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "Invalid fields", body = Problem, content_type = "application/problem+json"),
    ),
    security(("bearer" = []))
)]
pub async fn create_user(
    caller: Caller,
    state: web::Data<AppState>,
    body: web::Json<CreateUserRequest>,
) -> Result<HttpResponse, ApiError> {
    let user = accounts::create(&state, caller, body.into_inner()).await?;
    Ok(HttpResponse::Created()
        .insert_header(("Location", format!("/api/v1/users/{}", user.id)))
        .json(user))
}

/// List accounts the caller may manage.
#[utoipa::path(
    get, path = "/api/v1/users", tag = "users",
    params(UserFilter, PageParams),
    responses(
        (status = 200, description = "One page of accounts", body = Page<UserView>),
        (status = 401, description = "Not signed in", body = Problem, content_type = "application/problem+json"),
        (status = 403, description = "Not an admin", body = Problem, content_type = "application/problem+json"),
    ),
    security(("bearer" = []))
)]
pub async fn list_users(
    caller: Caller,
    state: web::Data<AppState>,
    filter: web::Query<UserFilter>,
    page: web::Query<PageParams>,
) -> Result<HttpResponse, ApiError> {
    let page = accounts::list(&state, caller, filter.into_inner(), page.into_inner()).await?;
    Ok(HttpResponse::Ok().json(page))
}

/// One account.
#[utoipa::path(
    get, path = "/api/v1/users/{id}", tag = "users",
    params(("id" = String, Path, description = "User id")),
    responses(
        (status = 200, description = "The account", body = UserView),
        (status = 401, description = "Not signed in", body = Problem, content_type = "application/problem+json"),
        (status = 403, description = "Not an admin", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "No such account in your scope", body = Problem, content_type = "application/problem+json"),
    ),
    security(("bearer" = []))
)]
pub async fn get_user(
    caller: Caller,
    state: web::Data<AppState>,
    id: web::Path<String>,
) -> Result<HttpResponse, ApiError> {
    let user = accounts::get(&state, caller, id.into_inner()).await?;
    Ok(HttpResponse::Ok().json(user))
}

/// Change an account's name, home province, password, or disable it.
#[utoipa::path(
    patch, path = "/api/v1/users/{id}", tag = "users",
    params(("id" = String, Path, description = "User id")),
    request_body = UpdateUserRequest,
    responses(
        (status = 200, description = "The changed account", body = UserView),
        (status = 401, description = "Not signed in", body = Problem, content_type = "application/problem+json"),
        (status = 403, description = "Not allowed", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "No such account in your scope", body = Problem, content_type = "application/problem+json"),
        (status = 409, description = "Stale version", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "Invalid fields", body = Problem, content_type = "application/problem+json"),
    ),
    security(("bearer" = []))
)]
pub async fn update_user(
    caller: Caller,
    state: web::Data<AppState>,
    id: web::Path<String>,
    body: web::Json<UpdateUserRequest>,
) -> Result<HttpResponse, ApiError> {
    let user = accounts::update(&state, caller, id.into_inner(), body.into_inner()).await?;
    Ok(HttpResponse::Ok().json(user))
}

/// Replace an account's roles, administered provinces and memberships.
#[utoipa::path(
    put, path = "/api/v1/users/{id}/roles", tag = "users",
    params(("id" = String, Path, description = "User id")),
    request_body = SetRolesRequest,
    responses(
        (status = 200, description = "The changed account", body = UserView),
        (status = 401, description = "Not signed in", body = Problem, content_type = "application/problem+json"),
        (status = 403, description = "Not allowed to grant this", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "No such account in your scope", body = Problem, content_type = "application/problem+json"),
        (status = 409, description = "Stale version", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "Invalid fields", body = Problem, content_type = "application/problem+json"),
    ),
    security(("bearer" = []))
)]
pub async fn set_roles(
    caller: Caller,
    state: web::Data<AppState>,
    id: web::Path<String>,
    body: web::Json<SetRolesRequest>,
) -> Result<HttpResponse, ApiError> {
    let user = roles::set_roles(&state, caller, id.into_inner(), body.into_inner()).await?;
    Ok(HttpResponse::Ok().json(user))
}
