//! Signing in and out on the pages, the language switch, the dashboard
//! every signed-in person lands on, and "my account". Each calls the same
//! operations as the API (`auth::session`), with the same throttle.

use actix_web::cookie::time::Duration;
use actix_web::http::StatusCode;
use actix_web::{HttpRequest, web};
use minijinja::context;
use serde::Deserialize;

use super::page::{Flash, PageResult, Visitor};
use super::session::{self, LANGUAGE, SESSION};
use crate::auth::links::{self, Purpose, SetPasswordRequest};
use crate::auth::reset::{self, ResetRequest};
use crate::auth::session::{
    self as operations, Account, ChangePasswordRequest, LoginRequest, ProfileRequest,
};
use crate::auth::{Role, throttle};
use crate::error::ApiError;
use crate::i18n::Lang;

pub fn configure(cfg: &mut web::ServiceConfig) {
    cfg.service(
        web::resource("/masuk")
            .route(web::get().to(sign_in_form))
            .route(web::post().to(sign_in)),
    )
    .service(web::resource("/keluar").route(web::post().to(sign_out)))
    .service(web::resource("/bahasa").route(web::post().to(switch_language)))
    .service(web::resource("/dasbor").route(web::get().to(dashboard)))
    .service(
        web::resource("/akun")
            .route(web::get().to(my_account))
            .route(web::post().to(save_profile)),
    )
    .service(web::resource("/akun/sandi").route(web::post().to(change_password)))
    .service(
        web::resource("/lupa-sandi")
            .route(web::get().to(forgot_form))
            .route(web::post().to(forgot)),
    )
    .service(
        web::resource("/sandi/{token}")
            .route(web::get().to(link_form))
            .route(web::post().to(set_password)),
    );
}

/// A path of ours to go on to, never another site (`//evil`, `/\evil`).
pub fn local_path(raw: Option<&str>) -> Option<String> {
    let raw = raw?.trim();
    let ours = raw.starts_with('/')
        && !raw.starts_with("//")
        && !raw.contains('\\')
        && !raw.chars().any(char::is_control);
    ours.then(|| raw.to_owned())
}

/// Signs the browser in: the session cookie carries a token with the
/// pages' lifetime, sealed with the session key.
fn session_cookie(
    v: &Visitor,
    account: &Account,
) -> Result<actix_web::cookie::Cookie<'static>, ApiError> {
    let ttl = i64::try_from(v.state().settings.web.session_ttl_seconds).unwrap_or(43_200);
    let issued = v
        .state()
        .tokens
        .issue_for(&account.user_id, account.generation, ttl)
        .map_err(|e| ApiError::Internal(e.to_string()))?;
    Ok(session::sealed(
        &v.state().session_key,
        SESSION,
        issued.token,
        v.secure(),
        Some(Duration::seconds(ttl)),
    ))
}

#[derive(Debug, Deserialize)]
struct NextQuery {
    next: Option<String>,
}

async fn sign_in_form(v: Visitor, query: web::Query<NextQuery>) -> PageResult {
    let next = local_path(query.next.as_deref());
    if v.caller.is_some() {
        return Ok(v
            .redirect(next.as_deref().unwrap_or("/dasbor"), None)
            .finish());
    }
    v.render(
        "sign_in.html",
        context! { next => next, email => "", error => None::<String> },
    )
}

#[derive(Debug, Deserialize)]
struct SignInForm {
    email: String,
    password: String,
    #[serde(default)]
    next: String,
    #[serde(default)]
    csrf: String,
}

async fn sign_in(v: Visitor, req: HttpRequest, form: web::Form<SignInForm>) -> PageResult {
    let form = form.into_inner();
    v.check_form(&form.csrf)?;
    let next = local_path(Some(&form.next));
    let addr = throttle::client_network(&req, v.state().settings.server.trust_forwarded_for);
    let request = LoginRequest {
        email: form.email.clone(),
        password: form.password,
    };
    match operations::sign_in(v.state(), request, addr).await {
        Ok(account) => {
            let cookie = session_cookie(&v, &account).map_err(|e| v.fail(e))?;
            Ok(v.redirect(
                next.as_deref().unwrap_or("/dasbor"),
                Some(Flash::ok("flash-signed-in")),
            )
            .cookie(cookie)
            .finish())
        }
        Err(error @ (ApiError::Unauthenticated(_) | ApiError::TooManyRequests { .. })) => {
            let status = match error {
                ApiError::TooManyRequests { .. } => StatusCode::TOO_MANY_REQUESTS,
                _ => StatusCode::UNPROCESSABLE_ENTITY,
            };
            v.render_status(
                status,
                "sign_in.html",
                context! { next => next, email => form.email, error => v.said(&error) },
            )
        }
        Err(other) => Err(v.fail(other)),
    }
}

#[derive(Debug, Deserialize)]
struct TokenForm {
    #[serde(default)]
    csrf: String,
}

async fn sign_out(v: Visitor, form: web::Form<TokenForm>) -> PageResult {
    v.check_form(&form.csrf)?;
    if let Some(caller) = v.caller.clone() {
        operations::sign_out(v.state(), caller)
            .await
            .map_err(|e| v.fail(e))?;
    }
    Ok(v.redirect("/", Some(Flash::ok("flash-signed-out")))
        .cookie(session::removal(SESSION))
        .finish())
}

#[derive(Debug, Deserialize)]
struct LanguageForm {
    lang: String,
    #[serde(default)]
    back: String,
    #[serde(default)]
    csrf: String,
}

async fn switch_language(v: Visitor, form: web::Form<LanguageForm>) -> PageResult {
    v.check_form(&form.csrf)?;
    let lang = Lang::parse(&form.lang).unwrap_or_default();
    if let Some(caller) = v.caller.clone() {
        operations::set_language(v.state(), caller, lang.code().to_owned())
            .await
            .map_err(|e| v.fail(e))?;
    }
    let back = local_path(Some(&form.back)).unwrap_or_else(|| "/".to_owned());
    Ok(v.redirect(&back, None)
        .cookie(session::plain(
            LANGUAGE,
            lang.code().to_owned(),
            v.secure(),
            Duration::days(365),
        ))
        .finish())
}

async fn dashboard(v: Visitor) -> PageResult {
    let caller = v.require_caller()?;
    let roles: Vec<&str> = caller.roles.iter().map(|r| r.as_str()).collect();
    v.render(
        "dashboard.html",
        context! {
            roles => roles,
            national => caller.has(Role::NationalAdmin),
            provinces => &caller.provinces,
            organisations => caller.organisations.len(),
        },
    )
}

async fn my_account(v: Visitor) -> PageResult {
    let caller = v.require_caller()?;
    let account = operations::me(v.state(), caller.clone())
        .await
        .map_err(|e| v.fail(e))?;
    account_page(
        &v,
        StatusCode::OK,
        &account.display_name,
        Vec::new(),
        Vec::new(),
    )
}

fn account_page(
    v: &Visitor,
    status: StatusCode,
    name: &str,
    profile_errors: Vec<(String, String)>,
    password_errors: Vec<(String, String)>,
) -> PageResult {
    let caller = v.require_caller()?;
    let errors = |list: &[(String, String)]| -> minijinja::Value {
        list.iter()
            .map(|(field, text)| (field.clone(), text.clone()))
            .collect::<std::collections::BTreeMap<_, _>>()
            .into()
    };
    v.render_status(
        status,
        "account.html",
        context! {
            name => name,
            email => &caller.email,
            roles => caller.roles.iter().map(|r| r.as_str()).collect::<Vec<_>>(),
            profile_errors => errors(&profile_errors),
            password_errors => errors(&password_errors),
        },
    )
}

#[derive(Debug, Deserialize)]
struct ProfileForm {
    display_name: String,
    language: String,
    #[serde(default)]
    csrf: String,
}

async fn save_profile(v: Visitor, form: web::Form<ProfileForm>) -> PageResult {
    v.check_form(&form.csrf)?;
    let caller = v.require_caller()?.clone();
    let form = form.into_inner();
    let request = ProfileRequest {
        display_name: form.display_name.clone(),
        language: form.language.clone(),
    };
    match operations::update_profile(v.state(), caller, request).await {
        Ok(_) => {
            let lang = Lang::parse(&form.language).unwrap_or_default();
            Ok(v.redirect("/akun", Some(Flash::ok("flash-profile-saved")))
                .cookie(session::plain(
                    LANGUAGE,
                    lang.code().to_owned(),
                    v.secure(),
                    Duration::days(365),
                ))
                .finish())
        }
        Err(error @ ApiError::Validation(_)) => account_page(
            &v,
            StatusCode::UNPROCESSABLE_ENTITY,
            &form.display_name,
            v.field_messages(&error),
            Vec::new(),
        ),
        Err(other) => Err(v.fail(other)),
    }
}

#[derive(Debug, Deserialize)]
struct PasswordForm {
    current_password: String,
    new_password: String,
    #[serde(default)]
    csrf: String,
}

async fn change_password(
    v: Visitor,
    req: HttpRequest,
    form: web::Form<PasswordForm>,
) -> PageResult {
    v.check_form(&form.csrf)?;
    let caller = v.require_caller()?.clone();
    let name = caller.display_name.clone();
    let form = form.into_inner();
    let addr = throttle::client_network(&req, v.state().settings.server.trust_forwarded_for);
    let request = ChangePasswordRequest {
        current_password: form.current_password,
        new_password: form.new_password,
    };
    match operations::change_password(v.state(), caller, request, addr).await {
        Ok(account) => {
            let cookie = session_cookie(&v, &account).map_err(|e| v.fail(e))?;
            Ok(
                v.redirect("/akun", Some(Flash::ok("flash-password-changed")))
                    .cookie(cookie)
                    .finish(),
            )
        }
        Err(error @ ApiError::Validation(_)) => account_page(
            &v,
            StatusCode::UNPROCESSABLE_ENTITY,
            &name,
            Vec::new(),
            v.field_messages(&error),
        ),
        Err(error @ ApiError::TooManyRequests { .. }) => account_page(
            &v,
            StatusCode::TOO_MANY_REQUESTS,
            &name,
            Vec::new(),
            vec![("current_password".to_owned(), v.said(&error))],
        ),
        Err(other) => Err(v.fail(other)),
    }
}

async fn forgot_form(v: Visitor) -> PageResult {
    v.render(
        "forgot.html",
        context! { email => "", sent => false, error => None::<String> },
    )
}

#[derive(Debug, Deserialize)]
struct ForgotForm {
    email: String,
    #[serde(default)]
    csrf: String,
}

async fn forgot(v: Visitor, req: HttpRequest, form: web::Form<ForgotForm>) -> PageResult {
    v.check_form(&form.csrf)?;
    let form = form.into_inner();
    let addr = throttle::client_network(&req, v.state().settings.server.trust_forwarded_for);
    let request = ResetRequest {
        email: form.email.clone(),
    };
    match reset::request(v.state(), request, addr).await {
        // The same answer whether or not the address has an account.
        Ok(()) => v.render(
            "forgot.html",
            context! { email => form.email, sent => true, error => None::<String> },
        ),
        Err(error @ ApiError::TooManyRequests { .. }) => v.render_status(
            StatusCode::TOO_MANY_REQUESTS,
            "forgot.html",
            context! { email => form.email, sent => false, error => v.said(&error) },
        ),
        Err(other) => Err(v.fail(other)),
    }
}

/// The page an emailed link opens: set a password, or learn that the link
/// no longer works and ask for another.
async fn link_form(v: Visitor, token: web::Path<String>) -> PageResult {
    let token = token.into_inner();
    match links::inspect(v.state(), token.clone()).await {
        Ok(link) => link_page(&v, StatusCode::OK, &token, &link, None),
        Err(ApiError::NotFound(_)) => {
            v.render_status(StatusCode::NOT_FOUND, "link_dead.html", context! {})
        }
        Err(other) => Err(v.fail(other)),
    }
}

fn link_page(
    v: &Visitor,
    status: StatusCode,
    token: &str,
    link: &links::LinkView,
    error: Option<String>,
) -> PageResult {
    v.render_status(
        status,
        "set_password.html",
        context! {
            token => token,
            invitation => link.purpose == Purpose::Invitation,
            name => &link.display_name,
            email => &link.email,
            error => error,
        },
    )
}

#[derive(Debug, Deserialize)]
struct SetPasswordForm {
    password: String,
    #[serde(default)]
    csrf: String,
}

async fn set_password(
    v: Visitor,
    token: web::Path<String>,
    form: web::Form<SetPasswordForm>,
) -> PageResult {
    v.check_form(&form.csrf)?;
    let token = token.into_inner();
    let request = SetPasswordRequest {
        password: form.into_inner().password,
    };
    match links::set_password(v.state(), token.clone(), request).await {
        Ok(account) => {
            let cookie = session_cookie(&v, &account).map_err(|e| v.fail(e))?;
            Ok(v.redirect("/dasbor", Some(Flash::ok("flash-password-set")))
                .cookie(cookie)
                .finish())
        }
        Err(error @ ApiError::Validation(_)) => {
            let link = links::inspect(v.state(), token.clone())
                .await
                .map_err(|e| v.fail(e))?;
            let message = v
                .field_messages(&error)
                .into_iter()
                .map(|(_, text)| text)
                .collect::<Vec<_>>()
                .join(" ");
            link_page(
                &v,
                StatusCode::UNPROCESSABLE_ENTITY,
                &token,
                &link,
                Some(message),
            )
        }
        Err(ApiError::NotFound(_)) => {
            v.render_status(StatusCode::NOT_FOUND, "link_dead.html", context! {})
        }
        Err(other) => Err(v.fail(other)),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_our_own_paths_are_followed_after_signing_in() {
        assert_eq!(local_path(Some("/akun")).as_deref(), Some("/akun"));
        assert_eq!(
            local_path(Some("/edisi?provinsi=33")).as_deref(),
            Some("/edisi?provinsi=33")
        );
        for bad in [
            "//evil.test",
            "https://evil.test",
            "/\\evil.test",
            "",
            "akun",
            "/a\nb",
        ] {
            assert_eq!(local_path(Some(bad)), None, "{bad:?}");
        }
    }
}
