//! The OpenAPI 3.1 document served at `/api/openapi.json`.

use std::sync::OnceLock;

use serde_json::{Value, json};
use utoipa::openapi::security::{Http, HttpAuthScheme, SecurityScheme};
use utoipa::{Modify, OpenApi};

use crate::{
    audit, auth, categories, editions, entries, health, judging, mail, organisations, regions,
    results, users,
};

#[derive(OpenApi)]
#[openapi(
    info(
        title = "Paritrana",
        description = "Penilaian dan penjurian Paritrana Award BPJS Ketenagakerjaan. \
                       Scoring and judging for the Paritrana Award. Errors are RFC 9457 \
                       problem details (application/problem+json), in Bahasa Indonesia \
                       (`detail`) and English (`detail_en`)."
    ),
    paths(
        health::health,
        health::ready,
        openapi,
        auth::api::login,
        auth::api::logout,
        auth::api::me,
        auth::api::change_password,
        auth::api::request_reset,
        auth::api::read_link,
        auth::api::set_password,
        users::api::create_user,
        users::api::list_users,
        users::api::get_user,
        users::api::update_user,
        users::api::set_roles,
        users::api::invite,
        users::api::resend_invitation,
        regions::api::list_regions,
        regions::api::get_region,
        organisations::api::create_organisation,
        organisations::api::list_organisations,
        organisations::api::get_organisation,
        organisations::api::update_organisation,
        audit::api::list_audit,
        audit::api::export_audit,
        editions::api::create_edition,
        editions::api::list_editions,
        editions::api::get_edition,
        editions::api::update_edition,
        editions::api::change_phase,
        categories::api::list_templates,
        categories::api::create_category,
        categories::api::list_categories,
        categories::api::get_category,
        categories::api::update_category,
        categories::api::delete_category,
        categories::api::get_rubric,
        categories::api::put_rubric,
        categories::api::rubric_versions,
        entries::api::create_entry,
        entries::api::list_entries,
        entries::api::get_entry,
        entries::api::update_entry,
        entries::api::submit_entry,
        entries::api::withdraw_entry,
        entries::api::reopen_entry,
        entries::api::check_entry,
        entries::api::upload_file,
        entries::api::list_files,
        entries::api::download_file,
        entries::api::delete_file,
        entries::api::import_csv,
        judging::api::admin::add_judge,
        judging::api::admin::list_judges,
        judging::api::admin::get_panel,
        judging::api::admin::set_panel,
        judging::api::admin::add_to_shortlist,
        judging::api::admin::list_conflicts,
        judging::api::admin::dismiss_conflict,
        judging::api::admin::list_assignments,
        judging::api::admin::assign_by_hand,
        judging::api::admin::assign_automatically,
        judging::api::judges::my_assignments,
        judging::api::judges::read_assignment,
        judging::api::judges::save_scoresheet,
        judging::api::judges::submit_scoresheet,
        judging::api::judges::recuse,
        judging::api::judges::download_evidence,
        judging::api::admin::reopen_scoresheet,
        judging::api::admin::progress,
        judging::api::admin::coverage,
        judging::api::admin::remind,
        judging::api::judges::my_panels,
        judging::api::judges::declare,
        results::api::ranking,
        results::api::export_ranking,
        results::api::list_publications,
        results::api::publish,
        results::api::withdraw,
        results::api::list_advancements,
        results::api::public_results,
        results::api::public_snapshot,
        results::api::public_winners_csv,
        results::api::public_report,
        mail::api::list_emails,
        mail::api::retry_email,
    ),
    modifiers(&BearerAuth),
    tags(
        (name = "auth", description = "Masuk, keluar, akun sendiri / Sign in, sign out, own account"),
        (name = "users", description = "Pengguna dan peran / Users and roles"),
        (name = "regions", description = "Wilayah Kemendagri / Administrative regions"),
        (name = "organisations", description = "Organisasi peserta / Entrant organisations"),
        (name = "audit", description = "Jejak audit / Audit log"),
        (name = "editions", description = "Edisi, kategori dan rubrik / Editions, categories and rubrics"),
        (name = "entries", description = "Pendaftaran, bukti dan pemeriksaan / Entries, evidence and checks"),
        (name = "judging", description = "Juri, panel, konflik kepentingan dan penugasan / Judges, panels, conflicts and assignments"),
        (name = "results", description = "Peringkat, pengumuman dan ekspor / Ranking, publication and exports"),
        (name = "public", description = "Hasil yang diumumkan, tanpa masuk / Published results, no sign-in"),
        (name = "health", description = "Kesehatan layanan / Service health"),
    )
)]
pub struct ApiDoc;

struct BearerAuth;

impl Modify for BearerAuth {
    fn modify(&self, openapi: &mut utoipa::openapi::OpenApi) {
        let components = openapi.components.get_or_insert_with(Default::default);
        components.add_security_scheme(
            "bearer",
            SecurityScheme::Http(Http::new(HttpAuthScheme::Bearer)),
        );
    }
}

pub fn configure(cfg: &mut actix_web::web::ServiceConfig) {
    cfg.service(
        crate::http::resource("/api/openapi.json").route(actix_web::web::get().to(openapi)),
    );
}

/// This document: OpenAPI 3.1.
#[utoipa::path(get, path = "/api/openapi.json", tag = "health", responses((status = 200, description = "The OpenAPI document", body = Object)))]
pub async fn openapi() -> actix_web::HttpResponse {
    actix_web::HttpResponse::Ok().json(document())
}

/// The document as served: what each handler declares, plus the answers
/// every operation of a kind gives whatever its handler does (a body that is
/// not JSON, a query that does not parse, an id that does not exist), which
/// are written once here rather than on each operation.
pub fn document() -> &'static Value {
    static DOCUMENT: OnceLock<Value> = OnceLock::new();
    DOCUMENT.get_or_init(|| {
        let mut document = serde_json::to_value(ApiDoc::openapi()).unwrap_or_default();
        add_common_answers(&mut document);
        document
    })
}

const METHODS: [&str; 5] = ["get", "put", "post", "delete", "patch"];

fn problem(description: &str) -> Value {
    json!({
        "description": description,
        "content": {"application/problem+json": {"schema": {"$ref": "#/components/schemas/Problem"}}}
    })
}

fn add_common_answers(document: &mut Value) {
    let Some(paths) = document.get_mut("paths").and_then(Value::as_object_mut) else {
        return;
    };
    for item in paths.values_mut() {
        for method in METHODS {
            let Some(operation) = item.get_mut(method) else {
                continue;
            };
            let parameters_in = |place: &str| {
                operation["parameters"]
                    .as_array()
                    .is_some_and(|all| all.iter().any(|p| p["in"] == place))
            };
            let body_types: Vec<String> = operation["requestBody"]["content"]
                .as_object()
                .map(|content| content.keys().cloned().collect())
                .unwrap_or_default();
            let mut answers: Vec<(&str, &str)> = Vec::new();
            if parameters_in("path") {
                answers.push((
                    "404",
                    "Nothing at this address: an id that does not exist or is not visible to you",
                ));
            }
            if parameters_in("query") {
                answers.push(("400", "A query parameter is malformed or unknown"));
                answers.push((
                    "422",
                    "A query parameter is out of range or holds a refused (control or direction-override) character; `errors` names it",
                ));
            }
            if body_types.iter().any(|t| t == "application/json") {
                answers.push(("400", "The body is not valid JSON"));
                answers.push(("413", "The body is larger than the server takes"));
                answers.push(("415", "The body is not sent as JSON (application/json)"));
                answers.push((
                    "422",
                    "A field is missing, unknown, of the wrong type or out of bounds, or holds a refused character; `errors` names it",
                ));
            } else if !body_types.is_empty() {
                answers.push(("400", "The body could not be read"));
                answers.push(("413", "The body is larger than the server takes"));
            }
            if operation.get("security").is_some() {
                answers.push((
                    "401",
                    "Not signed in, or the token was signed out or has expired",
                ));
            }
            let responses = &mut operation["responses"];
            for (status, description) in answers {
                if responses.get(status).is_none() {
                    responses[status] = problem(description);
                }
            }
        }
    }
}
