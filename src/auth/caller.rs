//! Who is calling: the extractor that turns a bearer token into a [`Caller`],
//! and the one-line permission checks handlers use.

use std::future::Future;
use std::pin::Pin;

use actix_web::{FromRequest, HttpMessage, HttpRequest, dev::Payload, http::header, web};
use diesel::prelude::*;

use crate::auth::roles::Role;
use crate::db::{DbConnection, schema};
use crate::error::{ApiError, Msg};
use crate::state::AppState;

/// The signed-in user making this request, with roles and scope loaded.
#[derive(Debug, Clone)]
pub struct Caller {
    pub user_id: String,
    pub email: String,
    pub display_name: String,
    pub roles: Vec<Role>,
    /// Provinces a regional admin administers.
    pub provinces: Vec<String>,
    /// Organisations an entrant belongs to.
    pub organisations: Vec<String>,
    pub token_id: String,
    pub token_expires_at: i64,
    pub request_id: Option<String>,
    /// The language the account chose for pages and emails, if any.
    pub language: Option<String>,
}

impl Caller {
    pub fn has(&self, role: Role) -> bool {
        self.roles.contains(&role)
    }

    pub fn is_national_admin(&self) -> bool {
        self.has(Role::NationalAdmin)
    }

    pub fn is_admin(&self) -> bool {
        self.roles.iter().any(|role| role.is_admin())
    }

    /// May this caller administer records of `province`?
    pub fn administers(&self, province: &str) -> bool {
        self.is_national_admin()
            || (self.has(Role::RegionalAdmin) && self.provinces.iter().any(|p| p == province))
    }

    pub fn require_admin(&self) -> Result<(), ApiError> {
        if self.is_admin() {
            Ok(())
        } else {
            Err(ApiError::forbidden())
        }
    }

    pub fn require_national_admin(&self) -> Result<(), ApiError> {
        if self.is_national_admin() {
            Ok(())
        } else {
            Err(ApiError::forbidden())
        }
    }

    pub fn require_admin_of(&self, province: &str) -> Result<(), ApiError> {
        if self.administers(province) {
            Ok(())
        } else {
            Err(ApiError::forbidden())
        }
    }

    /// Which records the caller's lists show.
    pub fn scope(&self) -> crate::auth::Scope {
        crate::auth::Scope::of(self)
    }

    pub fn is_member_of(&self, organisation_id: &str) -> bool {
        self.has(Role::Entrant) && self.organisations.iter().any(|id| id == organisation_id)
    }

    pub fn actor(&self) -> crate::audit::Actor {
        crate::audit::Actor {
            user_id: Some(self.user_id.clone()),
            email: Some(self.email.clone()),
            request_id: self.request_id.clone(),
        }
    }
}

fn unauthenticated() -> ApiError {
    ApiError::Unauthenticated(Msg::said("auth-sign-in-first"))
}

fn bearer_token(req: &HttpRequest) -> Option<String> {
    let value = req.headers().get(header::AUTHORIZATION)?.to_str().ok()?;
    let (scheme, token) = value.split_once(' ')?;
    scheme
        .eq_ignore_ascii_case("bearer")
        .then(|| token.trim().to_owned())
}

/// The request id the tracing middleware gave this request.
pub fn request_id(req: &HttpRequest) -> Option<String> {
    req.extensions()
        .get::<tracing_actix_web::RequestId>()
        .map(|id| id.to_string())
}

/// A request whose bearer token verified (signature, issuer, audience,
/// expiry), before the account behind it is read. Handlers that go to the
/// database anyway take this and call [`SignedIn::load`] in the same round,
/// saving a trip; revocation and disabled accounts are still refused there.
#[derive(Debug, Clone)]
pub struct SignedIn {
    claims: crate::auth::token::Claims,
    request_id: Option<String>,
}

/// Whether a token was signed out, as a column of a larger query.
#[diesel::dsl::auto_type(no_type_alias)]
pub fn revoked<'a>(jti: &'a str) -> _ {
    diesel::dsl::exists(schema::revoked_tokens::table.filter(schema::revoked_tokens::jti.eq(jti)))
}

/// Whether an account holds a role, as a column of a larger query.
#[diesel::dsl::auto_type(no_type_alias)]
pub fn holds<'a>(user_id: &'a str, role: &'a str) -> _ {
    diesel::dsl::exists(
        schema::user_roles::table
            .filter(schema::user_roles::user_id.eq(user_id))
            .filter(schema::user_roles::role.eq(role)),
    )
}

/// The token holder's standing as a hot path reads it inside its own query
/// (see [`revoked`] and [`holds`]) instead of loading the whole [`Caller`].
#[derive(Debug, Clone, Copy)]
pub struct Standing {
    /// The account is enabled.
    pub active: bool,
    /// This token was signed out.
    pub revoked: bool,
    /// The account holds the role the endpoint needs.
    pub holds_role: bool,
}

impl SignedIn {
    /// A session whose token was verified by another door (the pages'
    /// session cookie carries the same kind of token).
    pub fn from_claims(claims: crate::auth::token::Claims, request_id: Option<String>) -> SignedIn {
        SignedIn { claims, request_id }
    }

    pub fn user_id(&self) -> &str {
        &self.claims.sub
    }

    pub fn token_id(&self) -> &str {
        &self.claims.jti
    }

    /// The session generation the token was issued in.
    pub fn generation(&self) -> i32 {
        self.claims.generation
    }

    /// 401 when the token was signed out or the account disabled, 403
    /// without the role: the same answers [`Caller`] and its checks give.
    pub fn admit(&self, standing: Standing) -> Result<(), ApiError> {
        if standing.revoked || !standing.active {
            Err(unauthenticated())
        } else if !standing.holds_role {
            Err(ApiError::forbidden())
        } else {
            Ok(())
        }
    }

    /// The audit record's actor, once [`SignedIn::admit`] has passed.
    pub fn actor(&self, email: String) -> crate::audit::Actor {
        crate::audit::Actor {
            user_id: Some(self.claims.sub.clone()),
            email: Some(email),
            request_id: self.request_id.clone(),
        }
    }

    /// The caller behind the token, or 401 when the token was revoked or the
    /// account disabled.
    pub fn load(&self, conn: &mut DbConnection) -> Result<Caller, ApiError> {
        load_caller(
            conn,
            &self.claims.sub,
            &self.claims.jti,
            self.claims.generation,
            self.claims.exp,
            self.request_id.clone(),
        )?
        .ok_or_else(unauthenticated)
    }
}

impl FromRequest for SignedIn {
    type Error = ApiError;
    type Future = std::future::Ready<Result<SignedIn, ApiError>>;

    fn from_request(req: &HttpRequest, _: &mut Payload) -> Self::Future {
        let verified = req
            .app_data::<web::Data<AppState>>()
            .ok_or_else(|| ApiError::Internal("application state missing".into()))
            .and_then(|state| {
                bearer_token(req)
                    .and_then(|t| state.tokens.verify(&t))
                    .ok_or_else(unauthenticated)
            })
            .map(|claims| SignedIn {
                claims,
                request_id: request_id(req),
            });
        std::future::ready(verified)
    }
}

impl FromRequest for Caller {
    type Error = ApiError;
    type Future = Pin<Box<dyn Future<Output = Result<Caller, ApiError>>>>;

    fn from_request(req: &HttpRequest, payload: &mut Payload) -> Self::Future {
        let state = req.app_data::<web::Data<AppState>>().cloned();
        let signed_in = SignedIn::from_request(req, payload).into_inner();
        Box::pin(async move {
            let state =
                state.ok_or_else(|| ApiError::Internal("application state missing".into()))?;
            let signed_in = signed_in?;
            state.db.run(move |conn| signed_in.load(conn)).await
        })
    }
}

fn load_caller(
    conn: &mut DbConnection,
    user_id: &str,
    jti: &str,
    generation: i32,
    expires_at: i64,
    request_id: Option<String>,
) -> Result<Option<Caller>, ApiError> {
    use schema::{admin_provinces, organisation_members, user_roles, users};

    // One round trip: the account, whether this token was revoked, and
    // every role (one row per role).
    type Row = (
        String,
        String,
        Option<String>,
        bool,
        bool,
        i32,
        Option<String>,
    );
    let rows: Vec<Row> = users::table
        .left_join(user_roles::table)
        .filter(users::id.eq(user_id))
        .select((
            users::email,
            users::display_name,
            users::language,
            users::is_active,
            revoked(jti),
            users::session_generation,
            user_roles::role.nullable(),
        ))
        .load(conn)?;
    let Some((email, display_name, language, active, revoked, current)) = rows
        .first()
        .map(|(e, n, l, a, r, g, _)| (e.clone(), n.clone(), l.clone(), *a, *r, *g))
    else {
        return Ok(None);
    };
    if revoked || !active || current != generation {
        return Ok(None);
    }
    let roles: Vec<Role> = rows
        .iter()
        .filter_map(|(.., role)| role.as_deref().and_then(Role::parse))
        .collect();
    // Scope matters only to the roles that have one.
    let provinces = if roles.contains(&Role::RegionalAdmin) {
        admin_provinces::table
            .filter(admin_provinces::user_id.eq(user_id))
            .select(admin_provinces::province_code)
            .order(admin_provinces::province_code)
            .load(conn)?
    } else {
        Vec::new()
    };
    let organisations = if roles.contains(&Role::Entrant) {
        organisation_members::table
            .filter(organisation_members::user_id.eq(user_id))
            .select(organisation_members::organisation_id)
            .load(conn)?
    } else {
        Vec::new()
    };
    Ok(Some(Caller {
        user_id: user_id.to_owned(),
        email,
        display_name,
        roles,
        provinces,
        organisations,
        token_id: jti.to_owned(),
        token_expires_at: expires_at,
        request_id,
        language,
    }))
}
