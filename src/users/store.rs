//! Reading and writing accounts, roles and scope.

use diesel::prelude::*;
use serde::Serialize;
use utoipa::ToSchema;

use crate::auth::Role;
use crate::auth::Scope;
use crate::db::{DbConnection, now, schema};
use crate::error::ApiError;

use schema::{admin_provinces, organisation_members, user_roles, users};

/// An account as the API shows it.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct UserView {
    pub id: String,
    pub email: String,
    pub display_name: String,
    pub is_active: bool,
    /// Home province (Kemendagri code), if any.
    pub province_code: Option<String>,
    pub roles: Vec<Role>,
    /// Provinces a regional admin administers.
    pub provinces: Vec<String>,
    /// Organisations an entrant belongs to.
    pub organisation_ids: Vec<String>,
    #[serde(serialize_with = "crate::instant::utc")]
    pub created_at: chrono::NaiveDateTime,
    #[serde(serialize_with = "crate::instant::utc")]
    pub updated_at: chrono::NaiveDateTime,
    /// Send this back when changing the account; a stale value is refused with 409.
    pub version: i32,
}

impl UserView {
    pub fn is_admin(&self) -> bool {
        self.roles.iter().any(|role| role.is_admin())
    }
}

#[derive(Debug, Queryable, Selectable)]
#[diesel(table_name = users)]
struct UserRow {
    id: String,
    email: String,
    display_name: String,
    is_active: bool,
    province_code: Option<String>,
    created_at: chrono::NaiveDateTime,
    updated_at: chrono::NaiveDateTime,
    version: i32,
}

/// A new account, already parsed.
pub struct NewAccount {
    pub email: String,
    pub display_name: String,
    pub password_hash: String,
    pub province_code: Option<String>,
    pub roles: Vec<Role>,
    pub provinces: Vec<String>,
    pub organisation_ids: Vec<String>,
}

#[derive(Insertable)]
#[diesel(table_name = users)]
struct InsertUser<'a> {
    id: &'a str,
    email: &'a str,
    display_name: &'a str,
    password_hash: &'a str,
    is_active: bool,
    province_code: Option<&'a str>,
    created_at: chrono::NaiveDateTime,
    updated_at: chrono::NaiveDateTime,
    version: i32,
}

pub fn new_id() -> String {
    uuid::Uuid::now_v7().to_string()
}

/// Creates an account and records its creation in the audit log (call it
/// inside the write transaction); returns the account as stored.
pub fn create(
    conn: &mut DbConnection,
    actor: &crate::audit::Actor,
    account: &NewAccount,
) -> Result<UserView, ApiError> {
    let id = insert(conn, account)?;
    let user = find(conn, &id)?.ok_or_else(|| ApiError::Internal("user vanished".into()))?;
    crate::audit::record(
        conn,
        actor,
        crate::audit::Change {
            action: "user.create",
            object_type: "user",
            object_id: &id,
            province_code: user.province_code.as_deref(),
            before: None,
            after: crate::audit::snapshot(&user),
        },
    )?;
    Ok(user)
}

pub fn insert(conn: &mut DbConnection, account: &NewAccount) -> Result<String, ApiError> {
    let id = new_id();
    let at = now();
    diesel::insert_into(users::table)
        .values(InsertUser {
            id: &id,
            email: &account.email,
            display_name: &account.display_name,
            password_hash: &account.password_hash,
            is_active: true,
            province_code: account.province_code.as_deref(),
            created_at: at,
            updated_at: at,
            version: 1,
        })
        .execute(conn)?;
    replace_roles(
        conn,
        &id,
        &account.roles,
        &account.provinces,
        &account.organisation_ids,
    )?;
    Ok(id)
}

pub fn replace_roles(
    conn: &mut DbConnection,
    user_id: &str,
    roles: &[Role],
    provinces: &[String],
    organisation_ids: &[String],
) -> Result<(), ApiError> {
    diesel::delete(user_roles::table.filter(user_roles::user_id.eq(user_id))).execute(conn)?;
    diesel::delete(admin_provinces::table.filter(admin_provinces::user_id.eq(user_id)))
        .execute(conn)?;
    diesel::delete(organisation_members::table.filter(organisation_members::user_id.eq(user_id)))
        .execute(conn)?;
    for role in roles {
        diesel::insert_into(user_roles::table)
            .values((
                user_roles::user_id.eq(user_id),
                user_roles::role.eq(role.as_str()),
            ))
            .execute(conn)?;
    }
    for province in provinces {
        diesel::insert_into(admin_provinces::table)
            .values((
                admin_provinces::user_id.eq(user_id),
                admin_provinces::province_code.eq(province),
            ))
            .execute(conn)?;
    }
    for organisation in organisation_ids {
        diesel::insert_into(organisation_members::table)
            .values((
                organisation_members::organisation_id.eq(organisation),
                organisation_members::user_id.eq(user_id),
            ))
            .execute(conn)?;
    }
    Ok(())
}

pub fn email_taken(conn: &mut DbConnection, email: &str) -> Result<bool, ApiError> {
    let count: i64 = users::table
        .filter(users::email.eq(email))
        .count()
        .get_result(conn)?;
    Ok(count > 0)
}

/// The stored hash and state for a login: (id, hash, active).
/// What signing in checks: the account, its password hash, whether it is
/// enabled, and the session generation its new token is issued in.
#[derive(Debug, Clone, Queryable)]
pub struct Credentials {
    pub id: String,
    pub password_hash: String,
    pub active: bool,
    pub session_generation: i32,
}

pub fn credentials(conn: &mut DbConnection, email: &str) -> Result<Option<Credentials>, ApiError> {
    Ok(users::table
        .filter(users::email.eq(email))
        .select((
            users::id,
            users::password_hash,
            users::is_active,
            users::session_generation,
        ))
        .first(conn)
        .optional()?)
}

pub fn password_hash(conn: &mut DbConnection, id: &str) -> Result<String, ApiError> {
    Ok(users::table
        .find(id)
        .select(users::password_hash)
        .first(conn)?)
}

pub fn find(conn: &mut DbConnection, id: &str) -> Result<Option<UserView>, ApiError> {
    let Some(row) = users::table
        .find(id)
        .select(UserRow::as_select())
        .first(conn)
        .optional()?
    else {
        return Ok(None);
    };
    Ok(complete(conn, vec![row])?.pop())
}

/// Adds roles, provinces and memberships to rows, in three queries.
fn complete(conn: &mut DbConnection, rows: Vec<UserRow>) -> Result<Vec<UserView>, ApiError> {
    let ids: Vec<&str> = rows.iter().map(|row| row.id.as_str()).collect();
    let roles: Vec<(String, String)> = user_roles::table
        .filter(user_roles::user_id.eq_any(&ids))
        .select((user_roles::user_id, user_roles::role))
        .order((user_roles::user_id, user_roles::role))
        .load(conn)?;
    let provinces: Vec<(String, String)> = admin_provinces::table
        .filter(admin_provinces::user_id.eq_any(&ids))
        .select((admin_provinces::user_id, admin_provinces::province_code))
        .order((admin_provinces::user_id, admin_provinces::province_code))
        .load(conn)?;
    let memberships: Vec<(String, String)> = organisation_members::table
        .filter(organisation_members::user_id.eq_any(&ids))
        .select((
            organisation_members::user_id,
            organisation_members::organisation_id,
        ))
        .order((
            organisation_members::user_id,
            organisation_members::organisation_id,
        ))
        .load(conn)?;
    let of = |pairs: &[(String, String)], id: &str| -> Vec<String> {
        pairs
            .iter()
            .filter(|(owner, _)| owner == id)
            .map(|(_, value)| value.clone())
            .collect()
    };
    Ok(rows
        .into_iter()
        .map(|row| {
            let mut user_roles: Vec<Role> = of(&roles, &row.id)
                .iter()
                .filter_map(|r| Role::parse(r))
                .collect();
            user_roles.sort();
            UserView {
                provinces: of(&provinces, &row.id),
                organisation_ids: of(&memberships, &row.id),
                roles: user_roles,
                id: row.id,
                email: row.email,
                display_name: row.display_name,
                is_active: row.is_active,
                province_code: row.province_code,
                created_at: row.created_at,
                updated_at: row.updated_at,
                version: row.version,
            }
        })
        .collect())
}

/// Filters for listing accounts, already parsed.
#[derive(Debug, Default)]
pub struct UserQuery {
    pub search: Option<String>,
    pub role: Option<Role>,
    pub province: Option<String>,
    pub active: Option<bool>,
    /// Only people the caller may manage: a regional admin sees those of
    /// their provinces who are not admins.
    pub scope: Scope,
}

diesel::define_sql_function!(fn lower(x: diesel::sql_types::Text) -> diesel::sql_types::Text);

fn filtered<'a>(query: &'a UserQuery) -> users::BoxedQuery<'a, crate::db::MultiBackend> {
    let mut boxed = users::table.into_boxed();
    if let Some(search) = &query.search {
        let pattern = crate::pagination::contains_pattern(search);
        boxed = boxed.filter(
            users::email
                .like(pattern.clone())
                .escape('\\')
                .or(lower(users::display_name).like(pattern).escape('\\')),
        );
    }
    if let Some(role) = query.role {
        boxed = boxed.filter(
            users::id.eq_any(
                user_roles::table
                    .filter(user_roles::role.eq(role.as_str()))
                    .select(user_roles::user_id),
            ),
        );
    }
    if let Some(province) = &query.province {
        boxed = boxed.filter(users::province_code.eq(province));
    }
    if let Some(active) = query.active {
        boxed = boxed.filter(users::is_active.eq(active));
    }
    if let Some(provinces) = query.scope.provinces() {
        boxed = boxed.filter(users::province_code.eq_any(provinces)).filter(
            users::id.ne_all(
                user_roles::table
                    .filter(
                        user_roles::role
                            .eq_any([Role::NationalAdmin.as_str(), Role::RegionalAdmin.as_str()]),
                    )
                    .select(user_roles::user_id),
            ),
        );
    }
    boxed
}

pub fn list(
    conn: &mut DbConnection,
    query: &UserQuery,
    paging: crate::pagination::Paging,
) -> Result<(Vec<UserView>, i64), ApiError> {
    let total = filtered(query).count().get_result(conn)?;
    let rows = filtered(query)
        .select(UserRow::as_select())
        .order((users::email, users::id))
        .limit(paging.per_page)
        .offset(paging.offset())
        .load(conn)?;
    Ok((complete(conn, rows)?, total))
}

/// Applies changed columns if `version` is still current; false when stale.
pub fn update_profile(
    conn: &mut DbConnection,
    id: &str,
    version: i32,
    display_name: &str,
    province_code: Option<&str>,
    is_active: bool,
    password_hash: Option<&str>,
) -> Result<bool, ApiError> {
    let target = users::table
        .filter(users::id.eq(id))
        .filter(users::version.eq(version));
    let changed = diesel::update(target)
        .set((
            users::display_name.eq(display_name),
            users::province_code.eq(province_code),
            users::is_active.eq(is_active),
            users::updated_at.eq(now()),
            users::version.eq(version.saturating_add(1)),
        ))
        .execute(conn)?;
    if changed == 1
        && let Some(hash) = password_hash
    {
        set_password_hash(conn, id, hash)?;
    }
    Ok(changed == 1)
}

/// Bumps the version if it is still `version`; false when stale.
pub fn touch(conn: &mut DbConnection, id: &str, version: i32) -> Result<bool, ApiError> {
    let changed = diesel::update(
        users::table
            .filter(users::id.eq(id))
            .filter(users::version.eq(version)),
    )
    .set((
        users::updated_at.eq(now()),
        users::version.eq(version.saturating_add(1)),
    ))
    .execute(conn)?;
    Ok(changed == 1)
}

/// Sets a new password and moves the account to a new session generation,
/// which ends every token issued before; answers the new generation.
pub fn set_password_hash(conn: &mut DbConnection, id: &str, hash: &str) -> Result<i32, ApiError> {
    diesel::update(users::table.find(id))
        .set((
            users::password_hash.eq(hash),
            users::session_generation.eq(users::session_generation + 1),
        ))
        .execute(conn)?;
    Ok(users::table
        .find(id)
        .select(users::session_generation)
        .first(conn)?)
}

/// Keeps the account's own name and language.
pub fn set_profile(
    conn: &mut DbConnection,
    id: &str,
    display_name: &str,
    language: &str,
) -> Result<(), ApiError> {
    diesel::update(users::table.find(id))
        .set((
            users::display_name.eq(display_name),
            users::language.eq(Some(language)),
            users::updated_at.eq(crate::db::now()),
            users::version.eq(users::version + 1),
        ))
        .execute(conn)?;
    Ok(())
}

/// Keeps the account's language only.
pub fn set_language(conn: &mut DbConnection, id: &str, language: &str) -> Result<(), ApiError> {
    diesel::update(users::table.find(id))
        .set(users::language.eq(Some(language)))
        .execute(conn)?;
    Ok(())
}
