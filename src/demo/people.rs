//! The demo's accounts: made through the accounts operation (the national
//! admin the way `create-admin` makes one), or, when an account with the
//! same email is already there and holds what the demo needs, given a new
//! password. Either way each gets a fresh random password, returned once.
//! Then each is signed in without HTTP: a token issued and verified as the
//! API would, and the caller loaded from it.

use rand::Rng;

use crate::audit::Actor;
use crate::auth::{Caller, Role, SignedIn};
use crate::error::ApiError;
use crate::state::AppState;
use crate::users::accounts::{self, CreateUserRequest, UpdateUserRequest};
use crate::users::domain::NewPassword;
use crate::users::store::{self, NewAccount, UserView};

use super::example::Person;
use super::{DemoAccount, DemoError, Doing};

/// An account signed in: the caller the operations take, and the verified
/// token a judge's scoresheet save takes.
pub(super) struct Session {
    pub caller: Caller,
    pub signed_in: SignedIn,
}

/// What an account must hold to serve in the demo.
pub(super) struct Wanted<'a> {
    pub person: &'a Person,
    pub role: Role,
    /// Home province.
    pub province_code: Option<&'a str>,
    /// Administered provinces (regional admins).
    pub provinces: Vec<String>,
    /// Memberships (entrants).
    pub organisation_ids: Vec<String>,
}

impl Wanted<'_> {
    fn fits(&self, user: &UserView) -> bool {
        user.is_active
            && user.roles.contains(&self.role)
            && self.provinces.iter().all(|p| user.provinces.contains(p))
            && self
                .organisation_ids
                .iter()
                .all(|o| user.organisation_ids.contains(o))
    }

    fn in_use(&self) -> DemoError {
        DemoError::AccountInUse {
            email: self.person.email.to_owned(),
            role: self.role,
        }
    }

    fn printed(&self, password: String, reused: bool) -> DemoAccount {
        DemoAccount {
            role: self.role,
            name: self.person.name.to_owned(),
            email: self.person.email.to_owned(),
            password,
            reused,
        }
    }
}

/// A password to type from the printed table: four groups of four letters
/// and digits (about 80 bits), without the look-alikes l, o, 0 and 1.
pub(super) fn new_password() -> String {
    const ALPHABET: &[u8] = b"abcdefghijkmnpqrstuvwxyz23456789";
    let mut rng = rand::thread_rng();
    let mut groups = Vec::with_capacity(4);
    for _ in 0..4 {
        let group: String = (0..4)
            .map(|_| char::from(ALPHABET[rng.gen_range(0..ALPHABET.len())]))
            .collect();
        groups.push(group);
    }
    groups.join("-")
}

fn checked(password: &str) -> Result<NewPassword, DemoError> {
    NewPassword::parse("password", password)
        .map_err(|e| ApiError::Validation(vec![e]))
        .doing("choosing a password")
}

/// The account at this email, if there is one.
async fn existing(state: &AppState, email: &'static str) -> Result<Option<UserView>, DemoError> {
    state
        .db
        .run(move |conn| match store::credentials(conn, email)? {
            Some(found) => store::find(conn, &found.id),
            None => Ok(None),
        })
        .await
        .doing(format!("looking up {email}"))
}

/// Signs the account in as the API would, without HTTP.
pub(super) async fn sign_in(state: &AppState, email: &'static str) -> Result<Session, DemoError> {
    let signing_in = async {
        let account = state
            .db
            .run(move |conn| store::credentials(conn, email))
            .await?
            .ok_or_else(|| ApiError::Internal("the account is gone".into()))?;
        let issued = state
            .tokens
            .issue(&account.id, account.session_generation)
            .map_err(|e| ApiError::Internal(e.to_string()))?;
        let claims = state
            .tokens
            .verify(&issued.token)
            .ok_or_else(|| ApiError::Internal("a token just issued does not verify".into()))?;
        let signed_in = SignedIn::from_claims(claims, None);
        let loading = signed_in.clone();
        let caller = state.db.run(move |conn| loading.load(conn)).await?;
        Ok(Session { caller, signed_in })
    };
    signing_in.await.doing(format!("signing in as {email}"))
}

/// The national admin everything else starts from: made as `create-admin`
/// makes one, or the existing one given a new password (by itself).
pub(super) async fn national_admin(
    state: &AppState,
    person: &'static Person,
    printed: &mut Vec<DemoAccount>,
) -> Result<Session, DemoError> {
    let wanted = Wanted {
        person,
        role: Role::NationalAdmin,
        province_code: None,
        provinces: Vec::new(),
        organisation_ids: Vec::new(),
    };
    let password = new_password();
    let reused = match existing(state, person.email).await? {
        Some(user) if !wanted.fits(&user) => return Err(wanted.in_use()),
        Some(user) => {
            let admin = sign_in(state, person.email).await?;
            set_password(state, admin.caller, &user, &password).await?;
            true
        }
        None => {
            let hash =
                crate::auth::password::hash_off_runtime(&state.passwords, checked(&password)?)
                    .await
                    .doing("hashing a password")?;
            let account = NewAccount {
                email: person.email.to_owned(),
                display_name: person.name.to_owned(),
                password_hash: hash,
                province_code: None,
                roles: vec![Role::NationalAdmin],
                provinces: Vec::new(),
                organisation_ids: Vec::new(),
            };
            state
                .db
                .write(move |conn| store::create(conn, &Actor::command_line("demo"), &account))
                .await
                .doing(format!("creating the national admin {}", person.email))?;
            false
        }
    };
    printed.push(wanted.printed(password, reused));
    sign_in(state, person.email).await
}

/// An account made by `creator` through the accounts operation, or the
/// existing one at its email given a new password by `admin`.
pub(super) async fn account(
    state: &AppState,
    admin: &Caller,
    creator: &Caller,
    wanted: Wanted<'static>,
    printed: &mut Vec<DemoAccount>,
) -> Result<Session, DemoError> {
    let person = wanted.person;
    let password = new_password();
    let reused = match existing(state, person.email).await? {
        Some(user) if !wanted.fits(&user) => return Err(wanted.in_use()),
        Some(user) => {
            set_password(state, admin.clone(), &user, &password).await?;
            true
        }
        None => {
            let request = CreateUserRequest {
                email: person.email.to_owned(),
                display_name: person.name.to_owned(),
                password: password.clone(),
                province_code: wanted.province_code.map(str::to_owned),
                roles: vec![wanted.role.as_str().to_owned()],
                provinces: wanted.provinces.clone(),
                organisation_ids: wanted.organisation_ids.clone(),
            };
            accounts::create(state, creator.clone(), request)
                .await
                .doing(format!("creating the account {}", person.email))?;
            false
        }
    };
    printed.push(wanted.printed(password, reused));
    sign_in(state, person.email).await
}

async fn set_password(
    state: &AppState,
    admin: Caller,
    user: &UserView,
    password: &str,
) -> Result<(), DemoError> {
    let request = UpdateUserRequest {
        version: user.version,
        display_name: None,
        province_code: None,
        is_active: None,
        password: Some(password.to_owned()),
    };
    accounts::update(state, admin, user.id.clone(), request)
        .await
        .doing(format!("giving {} a new password", user.email))?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn passwords_are_long_enough_and_differ() {
        let first = new_password();
        assert_eq!(first.chars().count(), 19);
        assert!(NewPassword::parse("password", &first).is_ok());
        assert_ne!(first, new_password());
    }
}
