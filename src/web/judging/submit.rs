//! Submitting a scoresheet and recusing from an assignment, each as one
//! clear step: the summary shows every score and comment with anything
//! still missing named and linked, then asks to confirm; recusal takes a
//! reason. Both call the operations the API calls.

use actix_web::http::StatusCode;
use actix_web::web;
use minijinja::context;
use serde::Serialize;

use super::sheet::{Refusal, criterion_forms, sheet_page};
use super::{read_assignment, stage_name};
use crate::editions::domain::Zone;
use crate::error::{ApiError, FieldErrors, Msg};
use crate::judging::SaveQueue;
use crate::judging::declare;
use crate::judging::save_check::SaveRequest;
use crate::judging::scoresheet::check_complete;
use crate::judging::scoresheets;
use crate::judging::worklist::AssignmentDetail;
use crate::web::autosave::{field, posted_version};
use crate::web::page::{Flash, PageResult, Visitor};

/// What the summary says is missing, by criterion.
#[derive(Serialize)]
struct Missing {
    key: String,
    text: String,
}

fn missing(v: &Visitor, detail: &AssignmentDetail) -> Vec<Missing> {
    let mut errors = FieldErrors::new();
    check_complete(&detail.criteria, &detail.scoresheet.scores, &mut errors);
    match errors.into_result() {
        Ok(()) => Vec::new(),
        Err(error) => v
            .field_messages(&error)
            .into_iter()
            .map(|(field, text)| Missing {
                key: field.trim_start_matches("scores.").to_owned(),
                text,
            })
            .collect(),
    }
}

fn summary_page(
    v: &Visitor,
    status: StatusCode,
    detail: &AssignmentDetail,
    problem: Option<String>,
) -> PageResult {
    let criteria = criterion_forms(
        v.lang,
        &detail.criteria,
        &Default::default(),
        &detail.scoresheet.scores,
        &[],
    );
    v.render_status(
        status,
        "submit.html",
        context! {
            id => &detail.assignment.id,
            entrant => &detail.assignment.entrant,
            category => &detail.assignment.category_name,
            stage => stage_name(v, &detail.assignment.stage_key),
            criteria => minijinja::value::Serde(&criteria),
            missing => minijinja::value::Serde(&missing(v, detail)),
            version => detail.scoresheet.version,
            problem => problem,
            forget => &detail.assignment.id,
        },
    )
}

/// The summary before submitting. A sheet already submitted (or recused
/// from) goes back to its own page.
pub async fn summary(v: Visitor, id: web::Path<String>) -> PageResult {
    let id = id.into_inner();
    let (detail, _) = read_assignment(&v, id.clone()).await?;
    if detail.scoresheet.status == "submitted" || detail.assignment.status != "active" {
        return Ok(v.redirect(&format!("/penilaian/{id}"), None).finish());
    }
    summary_page(&v, StatusCode::OK, &detail, None)
}

/// Submits the sheet as the summary showed it: at that version, so that a
/// change made elsewhere since is shown before anything is locked.
pub async fn confirm(
    v: Visitor,
    id: web::Path<String>,
    saves: Option<web::Data<SaveQueue>>,
    form: web::Form<Vec<(String, String)>>,
) -> PageResult {
    let fields = form.into_inner();
    v.check_form(field(&fields, "csrf"))?;
    let id = id.into_inner();
    let (detail, _) = read_assignment(&v, id.clone()).await?;
    let Some(signed_in) = v.signed_in.clone() else {
        return Err(v.fail(ApiError::Unauthenticated(Msg::said("auth-sign-in-first"))));
    };
    let version = posted_version(&fields);
    let submitted = scoresheets::save(
        v.state(),
        saves.as_deref().map(|q| &**q),
        SaveRequest {
            signed_in,
            id: id.clone(),
            version,
            marks: None,
            submit: true,
        },
    )
    .await;
    match submitted {
        Ok(_) => Ok(v
            .redirect(
                &format!("/penilaian/berikutnya?dari={id}"),
                Some(Flash::ok("flash-sheet-submitted")),
            )
            .finish()),
        Err(error @ ApiError::Conflict(_)) if detail.scoresheet.status != "submitted" => {
            // Changed elsewhere since the summary was read: show it again.
            let problem = format!("{} {}", v.said(&error), v.text("judging-check-again"));
            summary_page(&v, StatusCode::CONFLICT, &detail, Some(problem))
        }
        Err(error @ (ApiError::Validation(_) | ApiError::Refused(..))) => summary_page(
            &v,
            StatusCode::UNPROCESSABLE_ENTITY,
            &detail,
            Some(v.said(&error)),
        ),
        Err(other) => Err(v.fail(other)),
    }
}

/// Recuses the judge from the assignment, with the reason; a missing
/// reason is asked for beside its field, on the sheet.
pub async fn recuse(
    v: Visitor,
    id: web::Path<String>,
    form: web::Form<Vec<(String, String)>>,
) -> PageResult {
    let fields = form.into_inner();
    v.check_form(field(&fields, "csrf"))?;
    let caller = v.require_caller()?.clone();
    let id = id.into_inner();
    let reason = field(&fields, "alasan").to_owned();
    match declare::recuse(v.state(), caller, id.clone(), reason.clone()).await {
        Ok(()) => Ok(v
            .redirect("/penilaian", Some(Flash::ok("flash-recused")))
            .finish()),
        Err(error @ (ApiError::Validation(_) | ApiError::Refused(..) | ApiError::Conflict(_))) => {
            let (detail, zone): (AssignmentDetail, Zone) = read_assignment(&v, id).await?;
            let said = v
                .field_messages(&error)
                .into_iter()
                .map(|(_, text)| text)
                .next()
                .unwrap_or_else(|| v.said(&error));
            sheet_page(
                &v,
                StatusCode::UNPROCESSABLE_ENTITY,
                (&detail, zone),
                &Refusal {
                    recusal: Some((reason, said)),
                    ..Refusal::default()
                },
            )
        }
        Err(other) => Err(v.fail(other)),
    }
}
