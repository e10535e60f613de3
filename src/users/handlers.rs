//! User management for admins: create, list, read, change, set roles and scope.

use actix_web::{HttpResponse, web};
use serde::Deserialize;
use utoipa::{IntoParams, ToSchema};

use crate::audit::{self, Change};
use crate::auth::{Caller, Role};
use crate::db::DbConnection;
use crate::error::{ApiError, FieldErrors, Msg, Problem};
use crate::pagination::{Page, PageParams};
use crate::state::AppState;
use crate::users::domain::{DisplayName, Email, NewPassword};
use crate::users::store::{self, NewAccount, UserQuery, UserView};

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
    .service(resource("/users/{id}/roles").route(web::put().to(set_roles)));
}

#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct CreateUserRequest {
    pub email: String,
    pub display_name: String,
    /// Initial password, at least 10 characters.
    pub password: String,
    /// Home province code; required when a regional admin creates the account.
    #[serde(default)]
    pub province_code: Option<String>,
    #[serde(default)]
    #[schema(value_type = Vec<Role>)]
    pub roles: Vec<String>,
    /// Provinces administered (regional admins only).
    #[serde(default)]
    pub provinces: Vec<String>,
    /// Organisations the person belongs to (entrants only).
    #[serde(default)]
    pub organisation_ids: Vec<String>,
}

#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct UpdateUserRequest {
    /// The version you read; a stale one is refused with 409.
    pub version: i32,
    pub display_name: Option<String>,
    /// Home province; send null to clear it.
    #[serde(default, deserialize_with = "crate::users::handlers::double_option")]
    #[schema(value_type = Option<String>)]
    pub province_code: Option<Option<String>>,
    /// false disables the account: it can no longer sign in.
    pub is_active: Option<bool>,
    /// A new password, at least 10 characters. Every token of the account
    /// stops working (yours too, when the account is yours: use
    /// `PUT /api/v1/me/password` for your own).
    pub password: Option<String>,
}

#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct SetRolesRequest {
    pub version: i32,
    #[schema(value_type = Vec<Role>)]
    pub roles: Vec<String>,
    #[serde(default)]
    pub provinces: Vec<String>,
    #[serde(default)]
    pub organisation_ids: Vec<String>,
}

#[derive(Debug, Default, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct UserFilter {
    /// Part of the email or name.
    pub q: Option<String>,
    pub role: Option<Role>,
    /// Home province code.
    pub province: Option<String>,
    pub active: Option<bool>,
}

/// Distinguishes an absent field from an explicit null.
pub fn double_option<'de, D, T>(deserializer: D) -> Result<Option<Option<T>>, D::Error>
where
    D: serde::Deserializer<'de>,
    T: Deserialize<'de>,
{
    Option::<T>::deserialize(deserializer).map(Some)
}

/// Roles, provinces and memberships, parsed.
struct Access {
    roles: Vec<Role>,
    provinces: Vec<String>,
    organisation_ids: Vec<String>,
}

fn parse_access(
    errors: &mut FieldErrors,
    roles: &[String],
    provinces: &[String],
    organisation_ids: &[String],
) -> Access {
    let mut parsed = Vec::new();
    for (i, name) in roles.iter().enumerate() {
        match Role::parse(name) {
            Some(role) if !parsed.contains(&role) => parsed.push(role),
            Some(_) => {}
            None => errors.push(
                format!("roles[{i}]"),
                "unknown_role",
                Msg::new(
                    format!("Peran {name:?} tidak dikenal; pilih national_admin, regional_admin, judge atau entrant."),
                    format!("Unknown role {name:?}; use national_admin, regional_admin, judge or entrant."),
                ),
            ),
        }
    }
    parsed.sort();
    let mut provinces: Vec<String> = provinces.iter().map(|p| p.trim().to_owned()).collect();
    provinces.sort();
    provinces.dedup();
    if parsed.contains(&Role::RegionalAdmin) && provinces.is_empty() {
        errors.push(
            "provinces",
            "required",
            Msg::new(
                "Admin wilayah harus memiliki setidaknya satu provinsi.",
                "A regional admin needs at least one province.",
            ),
        );
    }
    if !parsed.contains(&Role::RegionalAdmin) && !provinces.is_empty() {
        errors.push(
            "provinces",
            "not_allowed",
            Msg::new(
                "Provinsi hanya berlaku untuk peran regional_admin.",
                "Provinces apply only to the regional_admin role.",
            ),
        );
    }
    let mut organisation_ids: Vec<String> = organisation_ids.to_vec();
    organisation_ids.sort();
    organisation_ids.dedup();
    if !parsed.contains(&Role::Entrant) && !organisation_ids.is_empty() {
        errors.push(
            "organisation_ids",
            "not_allowed",
            Msg::new(
                "Keanggotaan organisasi hanya berlaku untuk peran entrant.",
                "Organisation membership applies only to the entrant role.",
            ),
        );
    }
    Access {
        roles: parsed,
        provinces,
        organisation_ids,
    }
}

/// Checks that referenced regions and organisations exist, and that the caller
/// may hand out this access to someone in `province_code`.
fn check_access(
    conn: &mut DbConnection,
    caller: &Caller,
    province_code: Option<&str>,
    access: &Access,
) -> Result<(), ApiError> {
    let mut errors = FieldErrors::new();
    if let Some(code) = province_code
        && !crate::regions::store::is_province(conn, code)?
    {
        errors.push("province_code", "unknown_province", unknown_province(code));
    }
    for (i, code) in access.provinces.iter().enumerate() {
        if !crate::regions::store::is_province(conn, code)? {
            errors.push(
                format!("provinces[{i}]"),
                "unknown_province",
                unknown_province(code),
            );
        }
    }
    let organisation_provinces =
        crate::organisations::store::provinces_of(conn, &access.organisation_ids)?;
    for (i, id) in access.organisation_ids.iter().enumerate() {
        if !organisation_provinces.iter().any(|(known, _)| known == id) {
            errors.push(
                format!("organisation_ids[{i}]"),
                "unknown_organisation",
                Msg::new(
                    format!("Organisasi {id} tidak ditemukan."),
                    format!("Organisation {id} not found."),
                ),
            );
        }
    }
    if caller.is_national_admin() {
        return errors.into_result();
    }
    if !caller.has(Role::RegionalAdmin) || access.roles.iter().any(|role| role.is_admin()) {
        return Err(ApiError::Forbidden(Msg::new(
            "Hanya admin nasional yang dapat memberikan peran admin.",
            "Only a national admin can grant admin roles.",
        )));
    }
    match province_code {
        None => errors.push(
            "province_code",
            "required",
            Msg::new(
                "Pilih provinsi asal orang ini (salah satu provinsi Anda).",
                "Choose this person's home province (one of yours).",
            ),
        ),
        Some(code) if !caller.administers(code) => return Err(outside_scope()),
        Some(_) => {}
    }
    if organisation_provinces
        .iter()
        .any(|(_, province)| !caller.administers(province))
    {
        return Err(outside_scope());
    }
    errors.into_result()
}

fn unknown_province(code: &str) -> Msg {
    Msg::new(
        format!("Kode provinsi {code:?} tidak dikenal."),
        format!("Province code {code:?} is not known."),
    )
}

fn outside_scope() -> ApiError {
    ApiError::Forbidden(Msg::new(
        "Provinsi atau organisasi ini di luar wilayah kewenangan Anda.",
        "This province or organisation is outside your scope.",
    ))
}

/// Loads a user the caller may manage; others look absent.
fn manageable(conn: &mut DbConnection, caller: &Caller, id: &str) -> Result<UserView, ApiError> {
    let user = store::find(conn, id)?.ok_or_else(|| ApiError::not_found("Pengguna", "User"))?;
    let in_scope = caller.is_national_admin()
        || (!user.is_admin()
            && user
                .province_code
                .as_deref()
                .is_some_and(|p| caller.administers(p)));
    if in_scope {
        Ok(user)
    } else {
        Err(ApiError::not_found("Pengguna", "User"))
    }
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
    caller.require_admin()?;
    let body = body.into_inner();
    let mut errors = FieldErrors::new();
    let email = errors.check(Email::parse("email", &body.email));
    let display_name = errors.check(DisplayName::parse("display_name", &body.display_name));
    let password = errors.check(NewPassword::parse("password", &body.password));
    let access = parse_access(
        &mut errors,
        &body.roles,
        &body.provinces,
        &body.organisation_ids,
    );
    let province_code = body
        .province_code
        .map(|p| p.trim().to_owned())
        .filter(|p| !p.is_empty());
    let (Some(email), Some(display_name), Some(password)) = (email, display_name, password) else {
        return Err(errors.into_result().unwrap_err());
    };
    errors.into_result()?;
    let password_hash = crate::auth::password::hash_off_runtime(&state.passwords, password).await?;
    let user = state
        .db
        .write(move |conn| {
            check_access(conn, &caller, province_code.as_deref(), &access)?;
            if store::email_taken(conn, email.as_str())? {
                return Err(ApiError::Conflict(Msg::new(
                    "Email ini sudah terdaftar.",
                    "This email is already registered.",
                )));
            }
            let account = NewAccount {
                email: email.into_string(),
                display_name: display_name.into_string(),
                password_hash,
                province_code,
                roles: access.roles,
                provinces: access.provinces,
                organisation_ids: access.organisation_ids,
            };
            let user = store::create(conn, &caller.actor(), &account)?;
            Ok(user)
        })
        .await?;
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
    caller.require_admin()?;
    let paging = page.into_inner().parse()?;
    let filter = filter.into_inner();
    let query = UserQuery {
        search: filter.q.filter(|q| !q.trim().is_empty()),
        role: filter.role,
        province: filter.province,
        active: filter.active,
        scope: caller.scope(),
    };
    let (items, total) = state
        .db
        .run(move |conn| store::list(conn, &query, paging))
        .await?;
    Ok(HttpResponse::Ok().json(Page::new(items, total, paging)))
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
    caller.require_admin()?;
    let id = id.into_inner();
    let user = state
        .db
        .run(move |conn| manageable(conn, &caller, &id))
        .await?;
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
    caller.require_admin()?;
    let id = id.into_inner();
    let body = body.into_inner();
    let mut errors = FieldErrors::new();
    let display_name = body
        .display_name
        .as_deref()
        .and_then(|n| errors.check(DisplayName::parse("display_name", n)));
    let password = body
        .password
        .as_deref()
        .and_then(|p| errors.check(NewPassword::parse("password", p)));
    if body.is_active == Some(false) && id == caller.user_id {
        errors.push(
            "is_active",
            "self",
            Msg::new(
                "Anda tidak dapat menonaktifkan akun Anda sendiri.",
                "You cannot disable your own account.",
            ),
        );
    }
    errors.into_result()?;
    let password_hash = match password {
        Some(password) => {
            Some(crate::auth::password::hash_off_runtime(&state.passwords, password).await?)
        }
        None => None,
    };
    let user = state
        .db
        .write(move |conn| {
            let before = manageable(conn, &caller, &id)?;
            let province_code = match body.province_code {
                Some(p) => p.map(|p| p.trim().to_owned()).filter(|p| !p.is_empty()),
                None => before.province_code.clone(),
            };
            if province_code != before.province_code {
                let access = Access {
                    roles: before.roles.clone(),
                    provinces: before.provinces.clone(),
                    organisation_ids: Vec::new(),
                };
                check_access(conn, &caller, province_code.as_deref(), &access)?;
            }
            let display_name = display_name
                .map(DisplayName::into_string)
                .unwrap_or_else(|| before.display_name.clone());
            let is_active = body.is_active.unwrap_or(before.is_active);
            if !store::update_profile(
                conn,
                &id,
                body.version,
                &display_name,
                province_code.as_deref(),
                is_active,
                password_hash.as_deref(),
            )? {
                return Err(ApiError::stale_version());
            }
            let after = store::find(conn, &id)?
                .ok_or_else(|| ApiError::Internal("user vanished".into()))?;
            let action = match (before.is_active, after.is_active) {
                (true, false) => "user.disable",
                (false, true) => "user.enable",
                _ => "user.update",
            };
            let mut after_snapshot = audit::snapshot(&after);
            if password_hash.is_some()
                && let Some(serde_json::Value::Object(map)) = after_snapshot.as_mut()
            {
                map.insert("password_changed".into(), serde_json::Value::Bool(true));
            }
            audit::record(
                conn,
                &caller.actor(),
                Change {
                    action,
                    object_type: "user",
                    object_id: &id,
                    province_code: after
                        .province_code
                        .as_deref()
                        .or(before.province_code.as_deref()),
                    before: audit::snapshot(&before),
                    after: after_snapshot,
                },
            )?;
            Ok(after)
        })
        .await?;
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
    caller.require_admin()?;
    let id = id.into_inner();
    let body = body.into_inner();
    let mut errors = FieldErrors::new();
    let access = parse_access(
        &mut errors,
        &body.roles,
        &body.provinces,
        &body.organisation_ids,
    );
    if id == caller.user_id
        && caller.is_national_admin()
        && !access.roles.contains(&Role::NationalAdmin)
    {
        errors.push(
            "roles",
            "self",
            Msg::new(
                "Anda tidak dapat mencabut peran admin nasional Anda sendiri.",
                "You cannot remove your own national admin role.",
            ),
        );
    }
    errors.into_result()?;
    let user = state
        .db
        .write(move |conn| {
            let before = manageable(conn, &caller, &id)?;
            check_access(conn, &caller, before.province_code.as_deref(), &access)?;
            if !store::touch(conn, &id, body.version)? {
                return Err(ApiError::stale_version());
            }
            store::replace_roles(
                conn,
                &id,
                &access.roles,
                &access.provinces,
                &access.organisation_ids,
            )?;
            let after = store::find(conn, &id)?
                .ok_or_else(|| ApiError::Internal("user vanished".into()))?;
            audit::record(
                conn,
                &caller.actor(),
                Change {
                    action: "user.set_roles",
                    object_type: "user",
                    object_id: &id,
                    province_code: after.province_code.as_deref(),
                    before: audit::snapshot(&before),
                    after: audit::snapshot(&after),
                },
            )?;
            Ok(after)
        })
        .await?;
    Ok(HttpResponse::Ok().json(user))
}
