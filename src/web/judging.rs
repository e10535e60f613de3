//! The judges' pages: their work (assignments by edition, category and
//! stage, with progress and the next entry to score) and the scoresheet of
//! one assignment. They call the judging operations the API calls
//! (`judging::worklist`, `judging::scoresheets::save`, through the batched
//! save path on PostgreSQL), with the same access checks: a worklist is the
//! judge's own, and another judge's assignment is not found.

use std::collections::BTreeMap;

use actix_web::http::StatusCode;
use actix_web::web;
use minijinja::context;
use rust_decimal::Decimal;
use serde::Serialize;

use super::format;
use super::page::{Flash, PageResult, Visitor};
use crate::categories::form::FieldType;
use crate::editions::domain::Zone;
use crate::editions::setup;
use crate::error::{ApiError, FieldError, Msg};
use crate::i18n::Lang;
use crate::judging::SaveQueue;
use crate::judging::save_check::SaveRequest;
use crate::judging::scoresheet::{JudgedCriterion, Mark, Marks, Scoresheet};
use crate::judging::scoresheets;
use crate::judging::worklist::{self, MyAssignment};

pub fn configure(cfg: &mut web::ServiceConfig) {
    cfg.service(web::resource("/penilaian").route(web::get().to(my_work)))
        .service(
            web::resource("/penilaian/{id}")
                .route(web::get().to(scoresheet))
                .route(web::post().to(save)),
        );
}

/// An assignment as the work page lists it.
#[derive(Serialize)]
struct Row {
    id: String,
    entrant: String,
    /// `not_started`, `draft`, `submitted` or `recused`.
    status: String,
}

/// The assignments of one category and stage.
#[derive(Serialize)]
struct Group {
    category: String,
    stage: String,
    done: usize,
    total: usize,
    rows: Vec<Row>,
}

/// An edition's share of the judge's work.
#[derive(Serialize)]
struct EditionWork {
    name: String,
    /// When results are due, in the edition's zone: the end of judging.
    deadline: Option<String>,
    groups: Vec<Group>,
}

/// Drafts first (work begun), then what is not started, then what is done.
fn order(status: &str) -> u8 {
    match status {
        "draft" => 0,
        "not_started" => 1,
        "submitted" => 2,
        _ => 3,
    }
}

fn row_status(a: &MyAssignment) -> String {
    if a.status == "recused" {
        "recused".to_owned()
    } else {
        a.scoresheet_status.clone()
    }
}

/// A stage's name: the built-in stages by name, others by their key.
fn stage_name(v: &Visitor, key: &str) -> String {
    match key {
        "data" | "interview" => v.text(&format!("judging-stage-{key}")),
        other => other.to_owned(),
    }
}

/// The first assignment still to score, drafts first.
fn next_unscored(assignments: &[MyAssignment]) -> Option<&MyAssignment> {
    assignments
        .iter()
        .filter(|a| a.status == "active" && a.scoresheet_status != "submitted")
        .min_by_key(|a| order(&a.scoresheet_status))
}

async fn my_work(v: Visitor) -> PageResult {
    let caller = v.require_caller()?.clone();
    let assignments = worklist::mine_all(v.state(), caller.clone())
        .await
        .map_err(|e| v.fail(e))?;
    let mut editions: Vec<(String, Vec<&MyAssignment>)> = Vec::new();
    for a in &assignments {
        match editions.iter_mut().find(|(id, _)| *id == a.edition_id) {
            Some((_, list)) => list.push(a),
            None => editions.push((a.edition_id.clone(), vec![a])),
        }
    }
    let mut work = Vec::new();
    for (edition_id, list) in editions {
        let edition = setup::get(v.state(), caller.clone(), edition_id)
            .await
            .map_err(|e| v.fail(e))?;
        let mut groups: Vec<Group> = Vec::new();
        for a in list {
            let stage = stage_name(&v, &a.stage_key);
            let group = match groups
                .iter_mut()
                .position(|g| g.category == a.category_name && g.stage == stage)
            {
                Some(i) => &mut groups[i],
                None => {
                    groups.push(Group {
                        category: a.category_name.clone(),
                        stage,
                        done: 0,
                        total: 0,
                        rows: Vec::new(),
                    });
                    groups.last_mut().expect("just pushed")
                }
            };
            if a.status == "active" {
                group.total += 1;
                if a.scoresheet_status == "submitted" {
                    group.done += 1;
                }
            }
            group.rows.push(Row {
                id: a.id.clone(),
                entrant: a.entrant.clone(),
                status: row_status(a),
            });
        }
        for group in &mut groups {
            group.rows.sort_by_key(|r| order(&r.status));
        }
        work.push(EditionWork {
            name: edition.name,
            deadline: edition
                .schedule
                .results_at
                .map(|at| format::instant(v.lang, edition.time_zone, at.naive_utc())),
            groups,
        });
    }
    v.render(
        "my_work.html",
        context! {
            editions => minijinja::value::Serde(&work),
            next => next_unscored(&assignments).map(|a| &a.id),
            left => assignments.iter().filter(|a| a.status == "active" && a.scoresheet_status != "submitted").count(),
        },
    )
}

/// A criterion as the scoresheet shows it, with what the judge has put in
/// (or typed, when a save was refused) and what was refused.
#[derive(Serialize)]
struct CriterionForm {
    key: String,
    name: String,
    min: String,
    max: String,
    step: String,
    levels: Vec<LevelText>,
    comment_required: bool,
    abstain_allowed: bool,
    score: String,
    comment: String,
    abstain: bool,
    error: Option<String>,
}

#[derive(Serialize)]
struct LevelText {
    from: String,
    to: String,
    text: String,
}

fn plain(value: Decimal) -> String {
    value.normalize().to_string()
}

/// What the form holds for each criterion: the typed text when a save was
/// refused, the saved mark otherwise.
struct Typed {
    score: String,
    comment: String,
    abstain: bool,
}

fn criterion_forms(
    lang: Lang,
    criteria: &[JudgedCriterion],
    typed: &BTreeMap<String, Typed>,
    saved: &Marks,
    errors: &[(String, String)],
) -> Vec<CriterionForm> {
    criteria
        .iter()
        .map(|c| {
            let scale = &c.scale;
            let (score, comment, abstain) = match (typed.get(&c.key), saved.get(&c.key)) {
                (Some(t), _) => (t.score.clone(), t.comment.clone(), t.abstain),
                (None, Some(m)) => (
                    m.score
                        .map(|s| plain(s).replace('.', ","))
                        .unwrap_or_default(),
                    m.comment.clone().unwrap_or_default(),
                    m.abstain,
                ),
                (None, None) => (String::new(), String::new(), false),
            };
            let at = format!("scores.{}", c.key);
            CriterionForm {
                key: c.key.clone(),
                name: match lang {
                    Lang::Id => c.name_id.clone(),
                    Lang::En => c.name_en.clone(),
                },
                min: plain(scale.min).replace('.', ","),
                max: plain(scale.max).replace('.', ","),
                step: plain(scale.step).replace('.', ","),
                levels: scale
                    .levels
                    .iter()
                    .map(|l| LevelText {
                        from: plain(l.from).replace('.', ","),
                        to: plain(l.to).replace('.', ","),
                        text: match lang {
                            Lang::En if !l.descriptor_en.is_empty() => l.descriptor_en.clone(),
                            _ => l.descriptor_id.clone(),
                        },
                    })
                    .collect(),
                comment_required: scale.comment_required,
                abstain_allowed: scale.abstain_allowed,
                score,
                comment,
                abstain,
                error: errors
                    .iter()
                    .filter(|(field, _)| *field == at)
                    .map(|(_, text)| text.clone())
                    .reduce(|a, b| format!("{a} {b}")),
            }
        })
        .collect()
}

/// An indicator of the entry, labelled and written the Indonesian way.
#[derive(Serialize)]
struct Indicator {
    label: String,
    value: String,
}

fn indicators(v: &Visitor, detail: &worklist::AssignmentDetail) -> Vec<Indicator> {
    detail
        .form
        .iter()
        .map(|field| Indicator {
            label: match v.lang {
                Lang::En if !field.label_en.is_empty() => field.label_en.clone(),
                _ => field.label_id.clone(),
            },
            value: indicator_value(v, field.field_type, detail.values.get(&field.key)),
        })
        .collect()
}

fn indicator_value(v: &Visitor, kind: FieldType, value: Option<&serde_json::Value>) -> String {
    use serde_json::Value;
    let text = match value {
        None | Some(Value::Null) => return "–".to_owned(),
        Some(Value::Bool(yes)) => {
            return v.text(if *yes { "judging-yes" } else { "judging-no" });
        }
        Some(Value::String(text)) => text.clone(),
        Some(other) => other.to_string(),
    };
    let number = |places| super::templates::decimal(&text, places).unwrap_or_else(|| text.clone());
    match kind {
        FieldType::Integer => number(0),
        FieldType::Decimal => number(2),
        FieldType::Percent => format!("{} %", number(2)),
        FieldType::Rupiah => format!("Rp{}", number(0)),
        FieldType::Document => v.text("judging-document-attached"),
        FieldType::YesNo | FieldType::Date | FieldType::Text => text,
    }
}

/// One of the caller's assignments, with its edition's time zone.
async fn read_assignment(
    v: &Visitor,
    id: String,
) -> Result<(worklist::AssignmentDetail, Zone), super::page::PageError> {
    let caller = v.require_caller()?.clone();
    let detail = worklist::read(v.state(), caller.clone(), id)
        .await
        .map_err(|e| v.fail(e))?;
    let edition = setup::get(v.state(), caller, detail.assignment.edition_id.clone())
        .await
        .map_err(|e| v.fail(e))?;
    Ok((detail, edition.time_zone))
}

async fn scoresheet(v: Visitor, id: web::Path<String>) -> PageResult {
    let (detail, zone) = read_assignment(&v, id.into_inner()).await?;
    sheet_page(
        &v,
        StatusCode::OK,
        (&detail, zone),
        &BTreeMap::new(),
        &[],
        None,
    )
}

fn sheet_page(
    v: &Visitor,
    status: StatusCode,
    (detail, zone): (&worklist::AssignmentDetail, Zone),
    typed: &BTreeMap<String, Typed>,
    errors: &[(String, String)],
    problem: Option<String>,
) -> PageResult {
    let sheet: &Scoresheet = &detail.scoresheet;
    let criteria = criterion_forms(v.lang, &detail.criteria, typed, &sheet.scores, errors);
    v.render_status(
        status,
        "scoresheet.html",
        context! {
            id => &detail.assignment.id,
            entrant => &detail.assignment.entrant,
            category => &detail.assignment.category_name,
            stage => stage_name(v, &detail.assignment.stage_key),
            recused => detail.assignment.status == "recused",
            sheet_status => &sheet.status,
            locked => sheet.status == "submitted",
            submitted_at => sheet.submitted_at.map(|at| format::instant(v.lang, zone, at)),
            reopened_reason => &sheet.reopened_reason,
            version => sheet.version,
            criteria => minijinja::value::Serde(&criteria),
            indicators => minijinja::value::Serde(&indicators(v, detail)),
            scored => sheet.scores.values().filter(|m| m.score.is_some() || m.abstain).count(),
            problem => problem,
        },
    )
}

/// Reads the posted marks: `skor.{key}`, `komentar.{key}`, `abstain.{key}`
/// for each criterion of the sheet, a decimal comma or point alike. What
/// is not a number is refused beside its field, before anything is saved.
fn read_marks(
    criteria: &[JudgedCriterion],
    fields: &[(String, String)],
) -> (BTreeMap<String, Typed>, Marks, Vec<FieldError>) {
    let field = |name: String| {
        fields
            .iter()
            .find(|(k, _)| *k == name)
            .map(|(_, v)| v.clone())
    };
    let mut typed = BTreeMap::new();
    let mut marks = Marks::new();
    let mut errors = Vec::new();
    for c in criteria {
        let score = field(format!("skor.{}", c.key)).unwrap_or_default();
        let comment = field(format!("komentar.{}", c.key)).unwrap_or_default();
        let abstain = field(format!("abstain.{}", c.key)).is_some();
        let trimmed = score.trim();
        let parsed = if trimmed.is_empty() {
            None
        } else {
            match trimmed.replace(',', ".").parse::<Decimal>() {
                Ok(value) => Some(value),
                Err(_) => {
                    errors.push(FieldError::new(
                        format!("scores.{}", c.key),
                        "invalid",
                        Msg::said("judging-score-not-a-number"),
                    ));
                    None
                }
            }
        };
        if parsed.is_some() || !comment.trim().is_empty() || abstain {
            marks.insert(
                c.key.clone(),
                Mark {
                    score: parsed,
                    comment: (!comment.trim().is_empty()).then(|| comment.clone()),
                    abstain,
                },
            );
        }
        typed.insert(
            c.key.clone(),
            Typed {
                score,
                comment,
                abstain,
            },
        );
    }
    (typed, marks, errors)
}

async fn save(
    v: Visitor,
    id: web::Path<String>,
    saves: Option<web::Data<SaveQueue>>,
    form: web::Form<Vec<(String, String)>>,
) -> PageResult {
    let fields = form.into_inner();
    let value = |name: &str| {
        fields
            .iter()
            .find(|(k, _)| k == name)
            .map(|(_, v)| v.as_str())
    };
    v.check_form(value("csrf").unwrap_or_default())?;
    let Some(signed_in) = v.signed_in.clone() else {
        return Err(v.fail(ApiError::Unauthenticated(Msg::said("auth-sign-in-first"))));
    };
    let id = id.into_inner();
    let (detail, zone) = read_assignment(&v, id.clone()).await?;
    let submit = value("aksi") == Some("kirim");
    // A form without the version it was read at is taken as read before
    // any save: it overwrites nothing saved since, it conflicts.
    let version = value("version")
        .and_then(|raw| raw.trim().parse::<i32>().ok())
        .unwrap_or(0);
    let (typed, marks, refused) = read_marks(&detail.criteria, &fields);
    let refuse = |error: ApiError| {
        let errors = v.field_messages(&error);
        let problem = errors.is_empty().then(|| v.said(&error));
        sheet_page(
            &v,
            if errors.is_empty() {
                StatusCode::CONFLICT
            } else {
                StatusCode::UNPROCESSABLE_ENTITY
            },
            (&detail, zone),
            &typed,
            &errors,
            problem.or_else(|| Some(v.text("judging-fix-marked"))),
        )
    };
    if !refused.is_empty() {
        return refuse(ApiError::Validation(refused));
    }
    let queue = saves.as_deref().map(|q| &**q);
    let saved = scoresheets::save(
        v.state(),
        queue,
        SaveRequest {
            signed_in: signed_in.clone(),
            id: id.clone(),
            version,
            marks: Some(marks),
            submit: false,
        },
    )
    .await;
    let saved = match saved {
        Ok(saved) => saved,
        Err(error @ (ApiError::Validation(_) | ApiError::Conflict(_) | ApiError::Refused(..))) => {
            return refuse(error);
        }
        Err(other) => return Err(v.fail(other)),
    };
    if !submit {
        return Ok(v
            .redirect(
                &format!("/penilaian/{id}"),
                Some(Flash::ok("flash-sheet-saved")),
            )
            .finish());
    }
    let submitted = scoresheets::save(
        v.state(),
        queue,
        SaveRequest {
            signed_in,
            id: id.clone(),
            version: saved.version,
            marks: None,
            submit: true,
        },
    )
    .await;
    match submitted {
        Ok(_) => Ok(v
            .redirect("/penilaian", Some(Flash::ok("flash-sheet-submitted")))
            .finish()),
        Err(error @ (ApiError::Validation(_) | ApiError::Conflict(_) | ApiError::Refused(..))) => {
            // The marks are kept as a draft; the sheet says what is missing.
            let detail = worklist::AssignmentDetail {
                scoresheet: saved,
                ..detail
            };
            let errors = v.field_messages(&error);
            let problem = if errors.is_empty() {
                v.said(&error)
            } else {
                v.text("judging-submit-missing")
            };
            sheet_page(
                &v,
                StatusCode::UNPROCESSABLE_ENTITY,
                (&detail, zone),
                &BTreeMap::new(),
                &errors,
                Some(problem),
            )
        }
        Err(other) => Err(v.fail(other)),
    }
}
