//! People in the office: the accounts an admin may manage, filtered and
//! paged; inviting an entrant, a judge or (for the national committee) a
//! regional admin by email; and each person's page, where their roles,
//! provinces and organisations change, the account is disabled or enabled
//! again, and an unanswered invitation is sent again. They call
//! `users::accounts`, `users::roles` and `users::invitations`, with the
//! API's checks: a regional admin reaches only the people of their
//! provinces and grants no admin role.

use std::collections::BTreeMap;

use actix_web::http::StatusCode;
use actix_web::web;
use minijinja::context;
use serde::{Deserialize, Serialize};

use super::{provinces_of, require_admin};
use crate::auth::{Caller, Role};
use crate::error::ApiError;
use crate::organisations::directory::{self, OrganisationFilter};
use crate::pagination::PageParams;
use crate::users::UserView;
use crate::users::accounts::{self, UpdateUserRequest, UserFilter};
use crate::users::invitations::{self, InviteRequest};
use crate::users::roles::{self, SetRolesRequest};
use crate::web::autosave::field;
use crate::web::page::{Flash, PageError, PageResult, Visitor};

const PER_PAGE: i64 = 50;
/// Organisations a search offers at once.
const FOUND_ORGANISATIONS: i64 = 20;

#[derive(Deserialize, Default)]
pub struct PeopleQuery {
    q: Option<String>,
    peran: Option<String>,
    aktif: Option<String>,
    halaman: Option<i64>,
}

#[derive(Serialize)]
struct PersonLine {
    id: String,
    name: String,
    email: String,
    roles: Vec<&'static str>,
    province: Option<String>,
    active: bool,
}

fn text(value: &Option<String>) -> Option<String> {
    value
        .as_deref()
        .map(str::trim)
        .filter(|s| !s.is_empty())
        .map(str::to_owned)
}

fn province_name(provinces: &[(String, String)], code: &str) -> String {
    provinces
        .iter()
        .find(|(c, _)| c == code)
        .map_or_else(|| code.to_owned(), |(_, name)| name.clone())
}

/// The roles this admin may hand out.
fn grantable(caller: &Caller) -> Vec<&'static str> {
    let mut roles = vec![Role::Entrant.as_str(), Role::Judge.as_str()];
    if caller.is_national_admin() {
        roles.extend([Role::RegionalAdmin.as_str(), Role::NationalAdmin.as_str()]);
    }
    roles
}

pub async fn list(v: Visitor, query: web::Query<PeopleQuery>) -> PageResult {
    let caller = require_admin(&v)?;
    let role = text(&query.peran).and_then(|r| Role::parse(&r));
    let active = match text(&query.aktif).as_deref() {
        Some("ya") => Some(true),
        Some("tidak") => Some(false),
        _ => None,
    };
    let found = accounts::list(
        v.state(),
        caller.clone(),
        UserFilter {
            q: text(&query.q),
            role,
            province: None,
            active,
        },
        PageParams {
            page: query.halaman,
            per_page: Some(PER_PAGE),
        },
    )
    .await
    .map_err(|e| v.fail(e))?;
    let provinces = provinces_of(&v, &caller).await.map_err(|e| v.fail(e))?;
    let lines: Vec<PersonLine> = found
        .items
        .iter()
        .map(|u| PersonLine {
            id: u.id.clone(),
            name: u.display_name.clone(),
            email: u.email.clone(),
            roles: u.roles.iter().map(|r| r.as_str()).collect(),
            province: u
                .province_code
                .as_deref()
                .map(|c| province_name(&provinces, c)),
            active: u.is_active,
        })
        .collect();
    let mut kept = form_urlencoded::Serializer::new(String::new());
    for (name, value) in [
        ("q", &query.q),
        ("peran", &query.peran),
        ("aktif", &query.aktif),
    ] {
        if let Some(value) = text(value) {
            kept.append_pair(name, &value);
        }
    }
    let pages = ((found.total + PER_PAGE - 1) / PER_PAGE).max(1);
    v.render(
        "office_people.html",
        context! {
            people => minijinja::value::Serde(&lines),
            total => found.total,
            page => found.page,
            pages => pages,
            kept => kept.finish(),
            q => text(&query.q).unwrap_or_default(),
            peran => role.map(|r| r.as_str()).unwrap_or_default(),
            aktif => text(&query.aktif).unwrap_or_default(),
            roles => [Role::Entrant, Role::Judge, Role::RegionalAdmin, Role::NationalAdmin].map(|r| r.as_str()),
        },
    )
}

/// What a roles form holds: the roles, provinces and organisations chosen,
/// and the organisations a search found to add.
#[derive(Serialize, Default)]
struct Grants {
    roles: Vec<String>,
    provinces: Vec<String>,
    /// Chosen organisations first (checked), then those found (unchecked).
    organisations: Vec<(String, String, bool)>,
    search: String,
    searched: bool,
}

fn chosen(fields: &[(String, String)], name: &str) -> Vec<String> {
    fields
        .iter()
        .filter(|(k, v)| k == name && !v.trim().is_empty())
        .map(|(_, v)| v.trim().to_owned())
        .collect()
}

/// The organisations' names, for those chosen, then the organisations the
/// search finds that are not chosen yet.
async fn organisation_choices(
    v: &Visitor,
    caller: &Caller,
    ids: &[String],
    search: &str,
) -> Result<(Vec<(String, String, bool)>, bool), ApiError> {
    let mut choices = Vec::new();
    for id in ids {
        let name = match directory::get(v.state(), caller.clone(), id.clone()).await {
            Ok(organisation) => organisation.name,
            Err(ApiError::NotFound(_)) => id.clone(),
            Err(other) => return Err(other),
        };
        choices.push((id.clone(), name, true));
    }
    let searched = !search.trim().is_empty();
    if searched {
        let found = directory::list(
            v.state(),
            caller.clone(),
            OrganisationFilter {
                q: Some(search.trim().to_owned()),
                ..OrganisationFilter::default()
            },
            PageParams {
                page: None,
                per_page: Some(FOUND_ORGANISATIONS),
            },
        )
        .await?;
        for organisation in found.items {
            if !ids.contains(&organisation.id) {
                choices.push((organisation.id, organisation.name, false));
            }
        }
    }
    Ok((choices, searched))
}

async fn grants_of(
    v: &Visitor,
    caller: &Caller,
    fields: &[(String, String)],
) -> Result<Grants, PageError> {
    let organisation_ids = chosen(fields, "organisasi");
    let search = field(fields, "cari_org").to_owned();
    let (organisations, searched) = organisation_choices(v, caller, &organisation_ids, &search)
        .await
        .map_err(|e| v.fail(e))?;
    Ok(Grants {
        roles: chosen(fields, "peran"),
        provinces: chosen(fields, "kelola"),
        organisations,
        search,
        searched,
    })
}

/// The form's name for a field the operation names.
fn form_name(field: &str) -> &'static str {
    let base = field.split('[').next().unwrap_or(field);
    match base {
        "email" => "email",
        "display_name" => "nama",
        "province_code" => "provinsi",
        "provinces" => "kelola",
        "organisation_ids" => "organisasi",
        _ => "peran",
    }
}

fn errors_of(v: &Visitor, error: &ApiError) -> BTreeMap<String, String> {
    let mut errors = BTreeMap::new();
    for (field, message) in v.field_messages(error) {
        errors
            .entry(form_name(&field).to_owned())
            .or_insert(message);
    }
    errors
}

struct InviteForm {
    email: String,
    name: String,
    home: String,
    grants: Grants,
    errors: BTreeMap<String, String>,
    problem: Option<String>,
}

async fn invite_page(
    v: &Visitor,
    caller: &Caller,
    status: StatusCode,
    form: InviteForm,
) -> PageResult {
    let provinces = provinces_of(v, caller).await.map_err(|e| v.fail(e))?;
    // A regional admin of one province invites into it without choosing.
    let home = if form.home.is_empty() && provinces.len() == 1 {
        provinces[0].0.clone()
    } else {
        form.home
    };
    v.render_status(
        status,
        "office_invite.html",
        context! {
            email => form.email,
            name => form.name,
            home => home,
            grants => minijinja::value::Serde(&form.grants),
            errors => form.errors,
            problem => form.problem,
            provinces => provinces,
            grantable => grantable(caller),
            national => caller.is_national_admin(),
        },
    )
}

#[derive(Deserialize, Default)]
pub struct InviteQuery {
    /// An organisation to choose from the start (one just registered).
    organisasi: Option<String>,
}

pub async fn invite_form(v: Visitor, query: web::Query<InviteQuery>) -> PageResult {
    let caller = require_admin(&v)?;
    let chosen: Vec<String> = query.organisasi.iter().cloned().collect();
    let (organisations, _) = organisation_choices(&v, &caller, &chosen, "")
        .await
        .map_err(|e| v.fail(e))?;
    let grants = Grants {
        roles: vec![Role::Entrant.as_str().to_owned()],
        organisations,
        ..Grants::default()
    };
    invite_page(
        &v,
        &caller,
        StatusCode::OK,
        InviteForm {
            email: String::new(),
            name: String::new(),
            home: String::new(),
            grants,
            errors: BTreeMap::new(),
            problem: None,
        },
    )
    .await
}

/// Sends the invitation, or (the search button) shows the form again with
/// the organisations found.
pub async fn invite(v: Visitor, form: web::Form<Vec<(String, String)>>) -> PageResult {
    let fields = form.into_inner();
    v.check_form(field(&fields, "csrf"))?;
    let caller = require_admin(&v)?;
    let grants = grants_of(&v, &caller, &fields).await?;
    let mut typed = InviteForm {
        email: field(&fields, "email").trim().to_owned(),
        name: field(&fields, "nama").trim().to_owned(),
        home: field(&fields, "provinsi").trim().to_owned(),
        grants,
        errors: BTreeMap::new(),
        problem: None,
    };
    if field(&fields, "aksi") == "cari" {
        return invite_page(&v, &caller, StatusCode::OK, typed).await;
    }
    let request = InviteRequest {
        email: typed.email.clone(),
        display_name: typed.name.clone(),
        province_code: Some(typed.home.clone()),
        roles: typed.grants.roles.clone(),
        provinces: typed.grants.provinces.clone(),
        organisation_ids: chosen(&fields, "organisasi"),
    };
    match invitations::invite(v.state(), caller.clone(), request).await {
        Ok(invitation) => Ok(v
            .redirect(
                &format!("/kantor/orang/{}", invitation.user.id),
                Some(Flash::ok("flash-invited")),
            )
            .finish()),
        Err(
            error @ (ApiError::Validation(_)
            | ApiError::Refused(..)
            | ApiError::Forbidden(_)
            | ApiError::Conflict(_)),
        ) => {
            typed.errors = errors_of(&v, &error);
            typed.problem = Some(match &error {
                ApiError::Validation(_) | ApiError::Refused(..) => v.text("office-fix-marked"),
                other => v.said(other),
            });
            invite_page(&v, &caller, StatusCode::UNPROCESSABLE_ENTITY, typed).await
        }
        Err(other) => Err(v.fail(other)),
    }
}

async fn person_page(
    v: &Visitor,
    caller: &Caller,
    status: StatusCode,
    user: &UserView,
    grants: Option<Grants>,
    errors: BTreeMap<String, String>,
    problem: Option<String>,
) -> PageResult {
    let provinces = provinces_of(v, caller).await.map_err(|e| v.fail(e))?;
    let grants = match grants {
        Some(grants) => grants,
        None => {
            let (organisations, _) = organisation_choices(v, caller, &user.organisation_ids, "")
                .await
                .map_err(|e| v.fail(e))?;
            Grants {
                roles: user.roles.iter().map(|r| r.as_str().to_owned()).collect(),
                provinces: user.provinces.clone(),
                organisations,
                search: String::new(),
                searched: false,
            }
        }
    };
    let all_provinces = if caller.is_national_admin() {
        provinces.clone()
    } else {
        Vec::new()
    };
    v.render_status(
        status,
        "office_person.html",
        context! {
            id => &user.id,
            name => &user.display_name,
            email => &user.email,
            active => user.is_active,
            version => user.version,
            home => user.province_code.as_deref().map(|c| province_name(&provinces, c)),
            roles => user.roles.iter().map(|r| r.as_str()).collect::<Vec<_>>(),
            managed => user.provinces.iter().map(|c| province_name(&provinces, c)).collect::<Vec<_>>(),
            grants => minijinja::value::Serde(&grants),
            errors => errors,
            problem => problem,
            provinces => all_provinces,
            grantable => grantable(caller),
            national => caller.is_national_admin(),
            myself => user.id == caller.user_id,
        },
    )
}

pub async fn person(v: Visitor, id: web::Path<String>) -> PageResult {
    let caller = require_admin(&v)?;
    let user = accounts::get(v.state(), caller.clone(), id.into_inner())
        .await
        .map_err(|e| v.fail(e))?;
    person_page(
        &v,
        &caller,
        StatusCode::OK,
        &user,
        None,
        BTreeMap::new(),
        None,
    )
    .await
}

fn version(fields: &[(String, String)]) -> i32 {
    field(fields, "versi").parse().unwrap_or(0)
}

/// Replaces the person's roles, provinces and organisations, or (the
/// search button) shows the form again with the organisations found.
pub async fn set_roles(
    v: Visitor,
    id: web::Path<String>,
    form: web::Form<Vec<(String, String)>>,
) -> PageResult {
    let fields = form.into_inner();
    v.check_form(field(&fields, "csrf"))?;
    let caller = require_admin(&v)?;
    let id = id.into_inner();
    let user = accounts::get(v.state(), caller.clone(), id.clone())
        .await
        .map_err(|e| v.fail(e))?;
    let grants = grants_of(&v, &caller, &fields).await?;
    if field(&fields, "aksi") == "cari" {
        return person_page(
            &v,
            &caller,
            StatusCode::OK,
            &user,
            Some(grants),
            BTreeMap::new(),
            None,
        )
        .await;
    }
    let request = SetRolesRequest {
        version: version(&fields),
        roles: grants.roles.clone(),
        provinces: grants.provinces.clone(),
        organisation_ids: chosen(&fields, "organisasi"),
    };
    match roles::set_roles(v.state(), caller.clone(), id.clone(), request).await {
        Ok(_) => Ok(v
            .redirect(
                &format!("/kantor/orang/{id}"),
                Some(Flash::ok("flash-roles-saved")),
            )
            .finish()),
        Err(
            error @ (ApiError::Validation(_)
            | ApiError::Refused(..)
            | ApiError::Forbidden(_)
            | ApiError::Conflict(_)
            | ApiError::PreconditionFailed),
        ) => {
            let problem = match &error {
                ApiError::Validation(_) | ApiError::Refused(..) => v.text("office-fix-marked"),
                other => v.said(other),
            };
            let errors = errors_of(&v, &error);
            person_page(
                &v,
                &caller,
                StatusCode::UNPROCESSABLE_ENTITY,
                &user,
                Some(grants),
                errors,
                Some(problem),
            )
            .await
        }
        Err(other) => Err(v.fail(other)),
    }
}

/// Disables the account (it can no longer sign in) or enables it again.
pub async fn set_active(
    v: Visitor,
    id: web::Path<String>,
    form: web::Form<Vec<(String, String)>>,
) -> PageResult {
    let fields = form.into_inner();
    v.check_form(field(&fields, "csrf"))?;
    let caller = require_admin(&v)?;
    let id = id.into_inner();
    let active = field(&fields, "aktif") == "ya";
    let request = UpdateUserRequest {
        version: version(&fields),
        display_name: None,
        province_code: None,
        is_active: Some(active),
        password: None,
    };
    match accounts::update(v.state(), caller.clone(), id.clone(), request).await {
        Ok(_) => {
            let flash = if active {
                "flash-account-enabled"
            } else {
                "flash-account-disabled"
            };
            Ok(
                v.redirect(&format!("/kantor/orang/{id}"), Some(Flash::ok(flash)))
                    .finish(),
            )
        }
        Err(
            error
            @ (ApiError::Validation(_) | ApiError::Conflict(_) | ApiError::PreconditionFailed),
        ) => {
            let user = accounts::get(v.state(), caller.clone(), id)
                .await
                .map_err(|e| v.fail(e))?;
            let problem = v
                .field_messages(&error)
                .into_iter()
                .next()
                .map_or_else(|| v.said(&error), |(_, message)| message);
            person_page(
                &v,
                &caller,
                StatusCode::UNPROCESSABLE_ENTITY,
                &user,
                None,
                BTreeMap::new(),
                Some(problem),
            )
            .await
        }
        Err(other) => Err(v.fail(other)),
    }
}

/// Sends an unanswered invitation again, with a new link.
pub async fn resend(
    v: Visitor,
    id: web::Path<String>,
    form: web::Form<Vec<(String, String)>>,
) -> PageResult {
    let fields = form.into_inner();
    v.check_form(field(&fields, "csrf"))?;
    let caller = require_admin(&v)?;
    let id = id.into_inner();
    match invitations::resend(v.state(), caller.clone(), id.clone()).await {
        Ok(_) => Ok(v
            .redirect(
                &format!("/kantor/orang/{id}"),
                Some(Flash::ok("flash-invitation-resent")),
            )
            .finish()),
        Err(error @ (ApiError::Conflict(_) | ApiError::Refused(..))) => {
            let user = accounts::get(v.state(), caller.clone(), id)
                .await
                .map_err(|e| v.fail(e))?;
            let problem = v.said(&error);
            person_page(
                &v,
                &caller,
                StatusCode::CONFLICT,
                &user,
                None,
                BTreeMap::new(),
                Some(problem),
            )
            .await
        }
        Err(other) => Err(v.fail(other)),
    }
}

struct OrganisationForm {
    typed: BTreeMap<&'static str, String>,
    errors: BTreeMap<String, String>,
    problem: Option<String>,
}

async fn organisation_page(
    v: &Visitor,
    caller: &Caller,
    status: StatusCode,
    form: OrganisationForm,
) -> PageResult {
    let provinces = provinces_of(v, caller).await.map_err(|e| v.fail(e))?;
    let mut regencies = Vec::new();
    for (code, _) in &provinces {
        regencies.extend(
            super::regencies_of(v, Some(code))
                .await
                .map_err(|e| v.fail(e))?,
        );
    }
    v.render_status(
        status,
        "office_organisation.html",
        context! {
            typed => form.typed,
            errors => form.errors,
            problem => form.problem,
            kinds => crate::organisations::domain::OrganisationKind::ALL.iter().map(|k| k.as_str()).collect::<Vec<_>>(),
            provinces => provinces,
            regencies => regencies,
        },
    )
}

/// Registers an organisation (a government by the region it governs, or a
/// company by its registration number) so that its people can be invited.
pub async fn organisation_form(v: Visitor) -> PageResult {
    let caller = require_admin(&v)?;
    let mut typed = BTreeMap::new();
    typed.insert("jenis", "village_government".to_owned());
    let form = OrganisationForm {
        typed,
        errors: BTreeMap::new(),
        problem: None,
    };
    organisation_page(&v, &caller, StatusCode::OK, form).await
}

pub async fn register_organisation(
    v: Visitor,
    form: web::Form<Vec<(String, String)>>,
) -> PageResult {
    let fields = form.into_inner();
    v.check_form(field(&fields, "csrf"))?;
    let caller = require_admin(&v)?;
    let mut typed = BTreeMap::new();
    for name in ["jenis", "wilayah", "nama", "npp"] {
        typed.insert(name, field(&fields, name).trim().to_owned());
    }
    let text = |name: &str| Some(field(&fields, name).trim().to_owned()).filter(|s| !s.is_empty());
    let request = crate::organisations::registration::CreateOrganisationRequest {
        kind: typed["jenis"].clone(),
        name: text("nama"),
        region_code: typed["wilayah"].clone(),
        employer_number: text("npp"),
        size_class: None,
        sector: None,
    };
    match crate::organisations::registration::create(v.state(), caller.clone(), request).await {
        Ok(organisation) => Ok(v
            .redirect(
                &format!("/kantor/orang/undang?organisasi={}", organisation.id),
                Some(Flash::ok("flash-organisation-registered")),
            )
            .finish()),
        Err(
            error @ (ApiError::Validation(_)
            | ApiError::Conflict(_)
            | ApiError::Forbidden(_)
            | ApiError::Refused(..)),
        ) => {
            let mut errors = BTreeMap::new();
            if matches!(error, ApiError::Forbidden(_)) {
                errors.insert("wilayah".to_owned(), v.text("organisation-region-outside"));
            }
            for (name, message) in v.field_messages(&error) {
                let form_name = match name.as_str() {
                    "kind" => "jenis",
                    "name" => "nama",
                    "employer_number" => "npp",
                    _ => "wilayah",
                };
                errors.entry(form_name.to_owned()).or_insert(message);
            }
            let problem = if errors.is_empty() {
                Some(v.said(&error))
            } else {
                Some(v.text("office-fix-marked"))
            };
            let form = OrganisationForm {
                typed,
                errors,
                problem,
            };
            organisation_page(&v, &caller, StatusCode::UNPROCESSABLE_ENTITY, form).await
        }
        Err(other) => Err(v.fail(other)),
    }
}
