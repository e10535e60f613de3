//! The panels a judge sits on, with their entrants (none in a blind
//! category), where a conflict of interest is declared before assignment:
//! one form per entrant, with the reason. The operations are the API's
//! (`judging::declare`).

use actix_web::http::StatusCode;
use actix_web::web;
use minijinja::context;

use super::stage_name;
use crate::error::ApiError;
use crate::judging::declare::{self, Declaration, MyPanel};
use crate::web::autosave::field;
use crate::web::page::{Flash, PageResult, Visitor};

/// A declaration refused: for which entry, what was typed and why.
struct Refused {
    entry_id: String,
    reason: String,
    error: String,
}

fn panels_page(
    v: &Visitor,
    status: StatusCode,
    panels: &[MyPanel],
    refused: Option<&Refused>,
) -> PageResult {
    let panels: Vec<_> = panels
        .iter()
        .map(|p| {
            context! {
                edition => &p.edition_name,
                category => &p.category_name,
                stage => stage_name(v, &p.stage_key),
                blind => p.blind,
                entries => p.entries.iter().map(|e| {
                    let refusal = refused.filter(|r| r.entry_id == e.entry_id);
                    context! {
                        id => &e.entry_id,
                        entrant => &e.entrant,
                        region => &e.region_name,
                        declared => e.declared,
                        assigned => e.assigned,
                        typed => refusal.map(|r| &r.reason),
                        error => refusal.map(|r| &r.error),
                    }
                }).collect::<Vec<_>>(),
            }
        })
        .collect();
    v.render_status(status, "panels.html", context! { panels => panels })
}

pub async fn page(v: Visitor) -> PageResult {
    let caller = v.require_caller()?.clone();
    let panels = declare::my_panels(v.state(), caller)
        .await
        .map_err(|e| v.fail(e))?;
    panels_page(&v, StatusCode::OK, &panels, None)
}

/// Declares a conflict with one entrant; a missing reason, or an entrant
/// already assigned, is said beside that entrant.
pub async fn declare(v: Visitor, form: web::Form<Vec<(String, String)>>) -> PageResult {
    let fields = form.into_inner();
    v.check_form(field(&fields, "csrf"))?;
    let caller = v.require_caller()?.clone();
    let entry_id = field(&fields, "entri").to_owned();
    let reason = field(&fields, "alasan").to_owned();
    let declared = declare::declare(
        v.state(),
        caller.clone(),
        Declaration {
            entry_id: entry_id.clone(),
            reason: reason.clone(),
        },
    )
    .await;
    match declared {
        Ok(_) => Ok(v
            .redirect(
                "/penilaian/panel",
                Some(Flash::ok("flash-conflict-declared")),
            )
            .finish()),
        Err(error @ (ApiError::Validation(_) | ApiError::Conflict(_) | ApiError::Refused(..))) => {
            let panels = declare::my_panels(v.state(), caller)
                .await
                .map_err(|e| v.fail(e))?;
            let text = v
                .field_messages(&error)
                .into_iter()
                .map(|(_, text)| text)
                .next()
                .unwrap_or_else(|| v.said(&error));
            panels_page(
                &v,
                StatusCode::UNPROCESSABLE_ENTITY,
                &panels,
                Some(&Refused {
                    entry_id,
                    reason,
                    error: text,
                }),
            )
        }
        Err(other) => Err(v.fail(other)),
    }
}
