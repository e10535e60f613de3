//! The scoresheet of one assignment: the entry (its indicators and
//! evidence) beside the judged criteria, each with its levels to tap, a
//! score field, a comment and, where allowed, abstain. Without JavaScript
//! the form posts and comes back; with it, `scoresheet.js` autosaves every
//! change through [`autosave`], which answers in JSON. Both save through
//! `judging::scoresheets::save`, version-checked, as the API does.

use std::collections::BTreeMap;

use actix_web::http::StatusCode;
use actix_web::{HttpResponse, web};
use minijinja::context;
use rust_decimal::Decimal;
use serde::Serialize;

use super::{read_assignment, stage_name};
use crate::categories::form::FieldType;
use crate::editions::domain::Zone;
use crate::error::{ApiError, FieldError, Msg};
use crate::i18n::Lang;
use crate::judging::SaveQueue;
use crate::judging::save_check::SaveRequest;
use crate::judging::scoresheet::{JudgedCriterion, Mark, Marks, Scoresheet};
use crate::judging::scoresheets;
use crate::judging::worklist::{self, AssignmentDetail};
use crate::web::autosave::{
    Answer, clock, failed, field, posted_version, signed_out, token_refused,
};
use crate::web::page::{Flash, PageResult, Visitor};
use crate::web::{evidence, format};

/// A criterion as the scoresheet shows it, with what the judge has put in
/// (or typed, when a save was refused) and what was refused.
#[derive(Serialize)]
pub(super) struct CriterionForm {
    pub key: String,
    pub name: String,
    min: String,
    max: String,
    step: String,
    levels: Vec<LevelText>,
    pub comment_required: bool,
    pub abstain_allowed: bool,
    pub score: String,
    pub comment: String,
    pub abstain: bool,
    error: Option<String>,
    /// What is saved, when it differs from what the judge typed (a save
    /// refused because the sheet changed elsewhere): both are shown.
    saved: Option<MarkText>,
}

#[derive(Serialize)]
struct LevelText {
    from: String,
    to: String,
    text: String,
    /// The score a tap on this level gives: its middle, on the step.
    pick: String,
    /// The current score lies in this level.
    chosen: bool,
}

/// A mark written for reading: the score with a decimal comma.
#[derive(Serialize, Clone, PartialEq)]
pub(super) struct MarkText {
    score: String,
    comment: String,
    abstain: bool,
}

impl MarkText {
    fn of(mark: Option<&Mark>) -> MarkText {
        match mark {
            Some(m) => MarkText {
                score: m.score.map(written).unwrap_or_default(),
                comment: m.comment.clone().unwrap_or_default(),
                abstain: m.abstain,
            },
            None => MarkText {
                score: String::new(),
                comment: String::new(),
                abstain: false,
            },
        }
    }
}

/// A decimal the Indonesian way, without trailing zeros: `7,5`.
fn written(value: Decimal) -> String {
    value.normalize().to_string().replace('.', ",")
}

fn parse_score(text: &str) -> Option<Decimal> {
    text.trim().replace(',', ".").parse().ok()
}

/// The middle of a level, on the scale's step.
fn pick(level_from: Decimal, level_to: Decimal, min: Decimal, step: Decimal) -> Decimal {
    let middle = (level_from + level_to) / Decimal::TWO;
    if step.is_zero() {
        return middle;
    }
    let steps = ((middle - min) / step).floor();
    (min + steps * step).clamp(level_from, level_to)
}

/// What the form shows for each criterion: the typed text when a save was
/// refused, the saved mark otherwise.
pub(super) struct Typed {
    score: String,
    comment: String,
    abstain: bool,
}

pub(super) fn criterion_forms(
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
            let stored = MarkText::of(saved.get(&c.key));
            let (score, comment, abstain) = match typed.get(&c.key) {
                Some(t) => (t.score.clone(), t.comment.clone(), t.abstain),
                None => (stored.score.clone(), stored.comment.clone(), stored.abstain),
            };
            let differs = typed.contains_key(&c.key)
                && (stored.score != score.trim()
                    || stored.comment.trim() != comment.trim()
                    || stored.abstain != abstain);
            let current = parse_score(&score);
            let at = format!("scores.{}", c.key);
            CriterionForm {
                key: c.key.clone(),
                name: match lang {
                    Lang::Id => c.name_id.clone(),
                    Lang::En => c.name_en.clone(),
                },
                min: written(scale.min),
                max: written(scale.max),
                step: written(scale.step),
                levels: scale
                    .levels
                    .iter()
                    .map(|l| LevelText {
                        from: written(l.from),
                        to: written(l.to),
                        text: match lang {
                            Lang::En if !l.descriptor_en.is_empty() => l.descriptor_en.clone(),
                            _ => l.descriptor_id.clone(),
                        },
                        pick: written(pick(l.from, l.to, scale.min, scale.step)),
                        chosen: !abstain && current.is_some_and(|s| s >= l.from && s <= l.to),
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
                saved: differs.then_some(stored),
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

fn indicators(v: &Visitor, detail: &AssignmentDetail) -> Vec<Indicator> {
    detail
        .form
        .iter()
        .filter(|field| field.field_type != FieldType::Document)
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
    let number =
        |places| crate::web::templates::decimal(&text, places).unwrap_or_else(|| text.clone());
    match kind {
        FieldType::Integer => number(0),
        FieldType::Decimal => number(2),
        FieldType::Percent => format!("{} %", number(2)),
        FieldType::Rupiah => format!("Rp{}", number(0)),
        FieldType::Document => v.text("judging-document-attached"),
        FieldType::YesNo | FieldType::Date | FieldType::Text => text,
    }
}

/// A computed criterion with the entry's points, written the Indonesian way.
fn computed(v: &Visitor, detail: &AssignmentDetail) -> Vec<Indicator> {
    detail
        .computed
        .iter()
        .map(|c| Indicator {
            label: match v.lang {
                Lang::Id => c.name_id.clone(),
                Lang::En => c.name_en.clone(),
            },
            value: match &c.points {
                Some(points) => format!(
                    "{} {}",
                    crate::web::templates::decimal(points, 2).unwrap_or_else(|| points.clone()),
                    v.text("judging-points")
                ),
                None => v.text("judging-points-missing"),
            },
        })
        .collect()
}

/// An evidence file as the sheet lists it: shown in the page when it is a
/// PDF or an image, offered for download otherwise.
#[derive(Serialize)]
struct Evidence {
    id: String,
    name: String,
    /// `image`, `pdf` or `download`.
    view: &'static str,
    size: String,
    /// The indicator it supports, by its label.
    supports: Option<String>,
}

fn evidence_list(v: &Visitor, detail: &AssignmentDetail) -> Vec<Evidence> {
    detail
        .evidence
        .iter()
        .map(|e| Evidence {
            id: e.id.clone(),
            name: e.file_name.clone(),
            view: evidence::view_of(&e.media_type),
            size: format::size(v.lang, e.size_bytes),
            supports: e.indicator_key.as_ref().and_then(|key| {
                detail
                    .form
                    .iter()
                    .find(|f| &f.key == key)
                    .map(|f| match v.lang {
                        Lang::En if !f.label_en.is_empty() => f.label_en.clone(),
                        _ => f.label_id.clone(),
                    })
            }),
        })
        .collect()
}

pub async fn page(v: Visitor, id: web::Path<String>) -> PageResult {
    let (detail, zone) = read_assignment(&v, id.into_inner()).await?;
    sheet_page(&v, StatusCode::OK, (&detail, zone), &Refusal::default())
}

/// Why a posted sheet came back: what was typed, the fields refused and
/// the message at the top.
#[derive(Default)]
pub(super) struct Refusal {
    pub typed: BTreeMap<String, Typed>,
    pub errors: Vec<(String, String)>,
    pub problem: Option<String>,
    /// The recusal's reason as typed, and why it was refused.
    pub recusal: Option<(String, String)>,
}

pub(super) fn sheet_page(
    v: &Visitor,
    status: StatusCode,
    (detail, zone): (&AssignmentDetail, Zone),
    refusal: &Refusal,
) -> PageResult {
    let sheet: &Scoresheet = &detail.scoresheet;
    let criteria = criterion_forms(
        v.lang,
        &detail.criteria,
        &refusal.typed,
        &sheet.scores,
        &refusal.errors,
    );
    let scored = criteria
        .iter()
        .filter(|c| c.abstain || !c.score.trim().is_empty())
        .count();
    let id = &detail.assignment.id;
    v.render_status(
        status,
        "scoresheet.html",
        context! {
            id => id,
            entrant => &detail.assignment.entrant,
            category => &detail.assignment.category_name,
            stage => stage_name(v, &detail.assignment.stage_key),
            recused => detail.assignment.status == "recused",
            sheet_status => &sheet.status,
            locked => sheet.status == "submitted",
            submitted_at => sheet.submitted_at.map(|at| format::instant(v.lang, zone, at)),
            saved_at => sheet.updated_at.filter(|_| sheet.version > 0).map(|at| format::instant(v.lang, zone, at)),
            reopened_reason => &sheet.reopened_reason,
            version => sheet.version,
            criteria => minijinja::value::Serde(&criteria),
            indicators => minijinja::value::Serde(&indicators(v, detail)),
            computed => minijinja::value::Serde(&computed(v, detail)),
            evidence => minijinja::value::Serde(&evidence_list(v, detail)),
            scored => scored,
            problem => &refusal.problem,
            conflict => criteria.iter().any(|c| c.saved.is_some()),
            recusal => refusal.recusal.as_ref().map(|(text, error)| context! { text => text, error => error }),
            texts => minijinja::value::Serde(&script_texts(v)),
        },
    )
}

/// The words `scoresheet.js` shows, in the reader's language.
fn script_texts(v: &Visitor) -> BTreeMap<&'static str, String> {
    [
        ("saving", "autosave-saving"),
        ("saved", "autosave-saved"),
        ("unsaved", "autosave-unsaved"),
        ("offline", "autosave-offline"),
        ("signedOut", "autosave-signed-out"),
        ("signIn", "autosave-sign-in"),
        ("conflict", "autosave-conflict"),
        ("keepMine", "autosave-keep-mine"),
        ("takeSaved", "autosave-take-saved"),
        ("savedElsewhere", "autosave-saved-elsewhere"),
        ("restored", "autosave-restored"),
        ("locked", "autosave-locked"),
        ("failed", "autosave-failed"),
        ("abstained", "judging-abstained"),
    ]
    .into_iter()
    .map(|(name, id)| (name, v.text(id)))
    .collect()
}

/// Reads the posted marks: `skor.{key}`, `komentar.{key}`, `abstain.{key}`
/// for each criterion of the sheet, a decimal comma or point alike; a
/// tapped level (`pilih.{key}`, without JavaScript) stands for the score.
/// What is not a number is refused beside its field, before anything is
/// saved.
pub(super) fn read_marks(
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
        let score = field(format!("pilih.{}", c.key))
            .or_else(|| field(format!("skor.{}", c.key)))
            .unwrap_or_default();
        let comment = field(format!("komentar.{}", c.key)).unwrap_or_default();
        let abstain = field(format!("abstain.{}", c.key)).is_some();
        let trimmed = score.trim();
        let parsed = if trimmed.is_empty() {
            None
        } else {
            match parse_score(trimmed) {
                Some(value) => Some(value),
                None => {
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

/// Saves the marks as a draft, through the same path as the API.
async fn save_draft(
    v: &Visitor,
    saves: Option<&SaveQueue>,
    id: &str,
    version: i32,
    marks: Marks,
) -> Result<Scoresheet, ApiError> {
    let Some(signed_in) = v.signed_in.clone() else {
        return Err(ApiError::Unauthenticated(Msg::said("auth-sign-in-first")));
    };
    scoresheets::save(
        v.state(),
        saves,
        SaveRequest {
            signed_in,
            id: id.to_owned(),
            version,
            marks: Some(marks),
            submit: false,
        },
    )
    .await
}

/// What a refused save leaves on the page rather than on an error page.
fn refused_on_page(error: &ApiError) -> bool {
    matches!(
        error,
        ApiError::Validation(_) | ApiError::Conflict(_) | ApiError::Refused(..)
    )
}

/// The form's post, without JavaScript: saves the draft, then goes where
/// the button said: back to the sheet (`simpan`, or a tapped level), to
/// the summary before submitting (`kirim`), or to the next sheet
/// (`lanjut`).
pub async fn post(
    v: Visitor,
    id: web::Path<String>,
    saves: Option<web::Data<SaveQueue>>,
    form: web::Form<Vec<(String, String)>>,
) -> PageResult {
    let fields = form.into_inner();
    v.check_form(field(&fields, "csrf"))?;
    let id = id.into_inner();
    let (detail, zone) = read_assignment(&v, id.clone()).await?;
    let (typed, marks, refused) = read_marks(&detail.criteria, &fields);
    let refuse = |error: ApiError, detail: &AssignmentDetail| {
        let errors = v.field_messages(&error);
        let status = if errors.is_empty() {
            StatusCode::CONFLICT
        } else {
            StatusCode::UNPROCESSABLE_ENTITY
        };
        let problem = if errors.is_empty() {
            v.said(&error)
        } else {
            v.text("judging-fix-marked")
        };
        sheet_page(
            &v,
            status,
            (detail, zone),
            &Refusal {
                typed,
                errors,
                problem: Some(problem),
                recusal: None,
            },
        )
    };
    if !refused.is_empty() {
        return refuse(ApiError::Validation(refused), &detail);
    }
    let queue = saves.as_deref().map(|q| &**q);
    match save_draft(&v, queue, &id, posted_version(&fields), marks).await {
        Ok(_) => {}
        Err(error) if refused_on_page(&error) => return refuse(error, &detail),
        Err(other) => return Err(v.fail(other)),
    }
    let (to, flash) = match field(&fields, "aksi") {
        "kirim" => (format!("/penilaian/{id}/kirim"), None),
        "lanjut" => (
            format!("/penilaian/berikutnya?dari={id}"),
            Some(Flash::ok("flash-sheet-saved")),
        ),
        _ => {
            // A tapped level comes back to its criterion.
            let anchor = fields
                .iter()
                .find_map(|(k, _)| k.strip_prefix("pilih."))
                .map(|key| format!("#kriteria-{key}"))
                .unwrap_or_default();
            (
                format!("/penilaian/{id}{anchor}"),
                Some(Flash::ok("flash-sheet-saved")),
            )
        }
    };
    Ok(v.redirect(&to, flash).finish())
}

/// What the scoresheet's script is told: the marks by criterion.
type SheetAnswer = Answer<BTreeMap<String, MarkText>>;

fn saved_marks(criteria: &[JudgedCriterion], marks: &Marks) -> BTreeMap<String, MarkText> {
    criteria
        .iter()
        .map(|c| (c.key.clone(), MarkText::of(marks.get(&c.key))))
        .collect()
}

/// The sheet as saved, with a fresh form token: what the script reads
/// after signing in again or to settle a conflict.
pub async fn current(v: Visitor, id: web::Path<String>) -> HttpResponse {
    let Some(caller) = v.caller.clone() else {
        return signed_out(&v);
    };
    match worklist::read(v.state(), caller, id.into_inner()).await {
        Ok(detail) => v.json(
            StatusCode::OK,
            &SheetAnswer {
                version: Some(detail.scoresheet.version),
                saved: Some(saved_marks(&detail.criteria, &detail.scoresheet.scores)),
                csrf: Some(v.csrf()),
                ..Answer::outcome("current")
            },
        ),
        Err(error) => failed(&v, &error),
    }
}

/// An autosave from the page's script: the same form fields as the post,
/// saved as a draft at the version the page holds, answered in JSON.
pub async fn autosave(
    v: Visitor,
    id: web::Path<String>,
    saves: Option<web::Data<SaveQueue>>,
    form: web::Form<Vec<(String, String)>>,
) -> HttpResponse {
    if v.caller.is_none() {
        return signed_out(&v);
    }
    let fields = form.into_inner();
    if !v.form_token_ok(field(&fields, "csrf")) {
        return token_refused(&v);
    }
    let id = id.into_inner();
    let Some(caller) = v.caller.clone() else {
        return signed_out(&v);
    };
    let sheet = match worklist::read_to_save(v.state(), caller, id.clone()).await {
        Ok(read) => read,
        Err(error) => return failed(&v, &error),
    };
    let zone = sheet.zone;
    if sheet.scoresheet.status == "submitted" {
        return v.json(
            StatusCode::CONFLICT,
            &SheetAnswer {
                message: Some(v.text("autosave-locked")),
                ..Answer::outcome("locked")
            },
        );
    }
    let (_, marks, refused) = read_marks(&sheet.criteria.judged, &fields);
    let invalid = |error: &ApiError| {
        let fields = v
            .field_messages(error)
            .into_iter()
            .filter_map(|(field, text)| {
                field
                    .strip_prefix("scores.")
                    .map(|key| (key.to_owned(), text))
            })
            .collect();
        v.json(
            StatusCode::UNPROCESSABLE_ENTITY,
            &SheetAnswer {
                message: Some(v.text("judging-fix-marked")),
                fields,
                ..Answer::outcome("invalid")
            },
        )
    };
    if !refused.is_empty() {
        return invalid(&ApiError::Validation(refused));
    }
    let queue = saves.as_deref().map(|q| &**q);
    match save_draft(&v, queue, &id, posted_version(&fields), marks).await {
        Ok(saved) => v.json(
            StatusCode::OK,
            &SheetAnswer {
                version: Some(saved.version),
                saved_at: saved.updated_at.map(|at| clock(&v, zone, at)),
                ..Answer::outcome("saved")
            },
        ),
        Err(error @ (ApiError::Validation(_) | ApiError::Refused(..))) => invalid(&error),
        Err(ApiError::Conflict(_)) => {
            // Read what is saved now, so that the page shows both texts.
            let now = v
                .caller
                .clone()
                .map(|caller| worklist::read(v.state(), caller, id));
            let current = match now {
                Some(read) => read.await.ok(),
                None => None,
            };
            v.json(
                StatusCode::CONFLICT,
                &SheetAnswer {
                    message: Some(v.text("autosave-conflict")),
                    version: current.as_ref().map(|d| d.scoresheet.version),
                    saved: current
                        .as_ref()
                        .map(|d| saved_marks(&d.criteria, &d.scoresheet.scores)),
                    ..Answer::outcome("conflict")
                },
            )
        }
        Err(ApiError::Unauthenticated(_)) => signed_out(&v),
        Err(other) => failed(&v, &other),
    }
}

/// The printable scoresheet for interview days: one A4 page with the
/// criteria, their levels and room to write.
pub async fn printable(v: Visitor, id: web::Path<String>) -> PageResult {
    let (detail, _) = read_assignment(&v, id.into_inner()).await?;
    let criteria = criterion_forms(
        v.lang,
        &detail.criteria,
        &BTreeMap::new(),
        &detail.scoresheet.scores,
        &[],
    );
    v.render(
        "scoresheet_print.html",
        context! {
            id => &detail.assignment.id,
            entrant => &detail.assignment.entrant,
            category => &detail.assignment.category_name,
            stage => stage_name(&v, &detail.assignment.stage_key),
            criteria => minijinja::value::Serde(&criteria),
        },
    )
}

/// An evidence file of the assignment's entry: PDFs and images shown in
/// the page (framed by our own pages only), other types downloaded. The
/// name is neutral in a blind category.
pub async fn evidence(v: Visitor, path: web::Path<(String, String)>) -> PageResult {
    let caller = v.require_caller()?.clone();
    let (id, file_id) = path.into_inner();
    let file = worklist::evidence(v.state(), caller, id, file_id)
        .await
        .map_err(|e| v.fail(e))?;
    Ok(evidence::respond(
        &file.file_name,
        &file.media_type,
        file.bytes,
    ))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(text: &str) -> Decimal {
        text.parse().expect("decimal")
    }

    #[test]
    fn a_tapped_level_scores_its_middle_on_the_step() {
        assert_eq!(pick(d("0"), d("40"), d("0"), d("5")), d("20"));
        assert_eq!(pick(d("45"), d("70"), d("0"), d("5")), d("55"));
        assert_eq!(pick(d("75"), d("100"), d("0"), d("5")), d("85"));
        assert_eq!(pick(d("3"), d("3"), d("1"), d("1")), d("3"));
        assert_eq!(pick(d("1"), d("2"), d("1"), d("0.5")), d("1.5"));
    }
}
