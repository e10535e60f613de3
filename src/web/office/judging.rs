//! Judging in the office: the edition's judges and adding one; each
//! category's stages with their panel and progress; the progress of every
//! judge with a reminder for those with open sheets; and each stage's own
//! page: its panel, automatic assignment with every shortfall explained,
//! the coverage matrix (entries against judges, with assignments, sheets
//! and conflicts) where a judge is assigned by hand, conflicts dismissed
//! with a reason, a shortlist for a later stage and a sheet reopened with
//! a reason. They call `judging::judges`, `panels`, `coverage`,
//! `assignments`, `conflicts`, `scoresheets`, `progress` and `reminders`,
//! as the API does.

use std::collections::BTreeMap;

use actix_web::http::StatusCode;
use actix_web::web;
use minijinja::context;
use serde::Serialize;

use super::{regencies_of, require_admin};
use crate::auth::{Caller, Role};
use crate::categories::rubric;
use crate::categories::setup as category_setup;
use crate::editions::domain::Phase;
use crate::editions::setup;
use crate::editions::view::EditionView;
use crate::entries::reading::{self, EntryFilter};
use crate::entries::status::Status;
use crate::error::ApiError;
use crate::judging::access::StageRef;
use crate::judging::assignments::{self, AssignmentReport, AutoAssignRequest, ManualAssignment};
use crate::judging::conflicts::{self, DismissRequest};
use crate::judging::coverage::{self, Coverage};
use crate::judging::judges::{self, AddJudgeRequest};
use crate::judging::panels::{self, PanelRequest, ShortlistRequest};
use crate::judging::{progress, reminders, scoresheets};
use crate::pagination::PageParams;
use crate::users::accounts::{self, UserFilter};
use crate::web::autosave::field;
use crate::web::entry_fields::pick;
use crate::web::format;
use crate::web::page::{Flash, PageError, PageResult, Visitor};

/// Judge accounts offered to add at once.
const ACCOUNTS_OFFERED: i64 = 500;
/// Entries offered to shortlist by hand at once.
const PICKABLE: i64 = 500;
/// Judges per entry the assignment form suggests.
const DEFAULT_PER_ENTRY: usize = 3;

type Fields = Vec<(String, String)>;

fn base(edition_id: &str) -> String {
    format!("/kantor/edisi/{edition_id}/penjurian")
}

#[derive(Serialize)]
struct StageLine {
    category_id: String,
    category: String,
    blind: bool,
    key: String,
    name: String,
    panel: usize,
    assigned: i64,
    submitted: i64,
}

#[derive(Serialize)]
struct JudgeLine {
    id: String,
    name: String,
    email: String,
    region: Option<String>,
    assigned: i64,
    submitted: i64,
    drafts: i64,
    not_started: i64,
    recused: i64,
}

fn region_name(regions: &[(String, String)], code: &str) -> String {
    regions
        .iter()
        .find(|(c, _)| c == code)
        .map_or_else(|| code.to_owned(), |(_, name)| name.clone())
}

/// What an action on the overview left to show beside its form.
#[derive(Default)]
struct OverviewNote {
    errors: BTreeMap<String, String>,
    problem: Option<String>,
}

async fn overview_page(
    v: &Visitor,
    caller: &Caller,
    edition_id: String,
    status: StatusCode,
    note: OverviewNote,
) -> PageResult {
    let fail = |e| v.fail(e);
    let state = v.state();
    let edition = setup::get_administered(state, caller.clone(), edition_id.clone())
        .await
        .map_err(fail)?;
    let judges = judges::list(state, caller.clone(), edition_id.clone())
        .await
        .map_err(fail)?;
    let progress = progress::of_edition(state, caller.clone(), edition_id.clone())
        .await
        .map_err(fail)?;
    let categories = category_setup::list(state, caller.clone(), edition_id.clone())
        .await
        .map_err(fail)?;
    let mut regions = regencies_of(v, edition.province_code.as_deref())
        .await
        .map_err(fail)?;
    if let Some(province) = &edition.province_code {
        regions.insert(
            0,
            (province.clone(), v.text("office-judging-whole-province")),
        );
    }
    let mut stages = Vec::new();
    for category in &categories {
        let current = match rubric::current(
            state,
            caller.clone(),
            edition_id.clone(),
            category.id.clone(),
        )
        .await
        {
            Ok(current) => current,
            Err(ApiError::NotFound(_)) => continue,
            Err(other) => return Err(v.fail(other)),
        };
        for stage in &current.rubric.stages {
            let panel = panels::get(
                state,
                caller.clone(),
                (edition_id.clone(), category.id.clone(), stage.key.clone()),
            )
            .await
            .map_err(fail)?
            .len();
            let counted = progress
                .categories
                .iter()
                .find(|c| c.category_id == category.id && c.stage_key == stage.key);
            stages.push(StageLine {
                category_id: category.id.clone(),
                category: pick(v.lang, &category.name_id, &category.name_en),
                blind: category.blind,
                key: stage.key.clone(),
                name: pick(v.lang, &stage.name_id, &stage.name_en),
                panel,
                assigned: counted.map_or(0, |c| c.assigned),
                submitted: counted.map_or(0, |c| c.submitted),
            });
        }
    }
    let lines: Vec<JudgeLine> = judges
        .iter()
        .map(|judge| {
            let done = progress.judges.iter().find(|p| p.judge_id == judge.id);
            JudgeLine {
                id: judge.id.clone(),
                name: judge.display_name.clone(),
                email: judge.email.clone(),
                region: judge
                    .home_region_code
                    .as_deref()
                    .map(|code| region_name(&regions, code)),
                assigned: done.map_or(0, |p| p.assigned),
                submitted: done.map_or(0, |p| p.submitted),
                drafts: done.map_or(0, |p| p.drafts),
                not_started: done.map_or(0, |p| p.not_started),
                recused: done.map_or(0, |p| p.recused),
            }
        })
        .collect();
    // Judge accounts in scope not yet judges of this edition.
    let accounts = accounts::list(
        state,
        caller.clone(),
        UserFilter {
            role: Some(Role::Judge),
            active: Some(true),
            ..UserFilter::default()
        },
        PageParams {
            page: None,
            per_page: Some(ACCOUNTS_OFFERED),
        },
    )
    .await
    .map_err(fail)?;
    let offered: Vec<(String, String)> = accounts
        .items
        .into_iter()
        .filter(|u| !judges.iter().any(|j| j.user_id == u.id))
        .map(|u| (u.id, format!("{} ({})", u.display_name, u.email)))
        .collect();
    let open_sheets = lines.iter().any(|j| j.drafts + j.not_started > 0);
    v.render_status(
        status,
        "office_judging.html",
        context! {
            id => &edition.id,
            name => &edition.name,
            phase => edition.phase.as_str(),
            judging => edition.phase == Phase::Judging,
            deadline => edition.schedule.results_at.map(|at| format::instant(v.lang, edition.time_zone, at.naive_utc())),
            judges => minijinja::value::Serde(&lines),
            stages => minijinja::value::Serde(&stages),
            offered => offered,
            regions => regions,
            open_sheets => open_sheets,
            errors => note.errors,
            problem => note.problem,
        },
    )
}

pub async fn overview(v: Visitor, id: web::Path<String>) -> PageResult {
    let caller = require_admin(&v)?;
    overview_page(
        &v,
        &caller,
        id.into_inner(),
        StatusCode::OK,
        OverviewNote::default(),
    )
    .await
}

fn text(fields: &Fields, name: &str) -> Option<String> {
    Some(field(fields, name).trim().to_owned()).filter(|s| !s.is_empty())
}

/// Brings a judge account into the edition with a home region.
pub async fn add_judge(v: Visitor, id: web::Path<String>, form: web::Form<Fields>) -> PageResult {
    let fields = form.into_inner();
    v.check_form(field(&fields, "csrf"))?;
    let caller = require_admin(&v)?;
    let edition_id = id.into_inner();
    let request = AddJudgeRequest {
        user_id: text(&fields, "akun"),
        account: None,
        home_region_code: text(&fields, "wilayah"),
        organisation_id: None,
    };
    let mut note = OverviewNote::default();
    if request.user_id.is_none() {
        note.errors
            .insert("akun".into(), v.text("office-judging-choose-account"));
    } else {
        match judges::add(v.state(), caller.clone(), edition_id.clone(), request).await {
            Ok(_) => {
                return Ok(v
                    .redirect(&base(&edition_id), Some(Flash::ok("flash-judge-added")))
                    .finish());
            }
            Err(
                error @ (ApiError::Validation(_) | ApiError::Conflict(_) | ApiError::Refused(..)),
            ) => {
                for (name, message) in v.field_messages(&error) {
                    let form_name = if name.starts_with("home_region") {
                        "wilayah"
                    } else {
                        "akun"
                    };
                    note.errors.entry(form_name.into()).or_insert(message);
                }
                if note.errors.is_empty() {
                    note.errors.insert("akun".into(), v.said(&error));
                }
            }
            Err(other) => return Err(v.fail(other)),
        }
    }
    overview_page(
        &v,
        &caller,
        edition_id,
        StatusCode::UNPROCESSABLE_ENTITY,
        note,
    )
    .await
}

/// Emails every judge with open sheets, but not twice in a day.
pub async fn remind(v: Visitor, id: web::Path<String>, form: web::Form<Fields>) -> PageResult {
    let fields = form.into_inner();
    v.check_form(field(&fields, "csrf"))?;
    let caller = require_admin(&v)?;
    let edition_id = id.into_inner();
    match reminders::remind_now(v.state(), caller.clone(), edition_id.clone()).await {
        Ok(done) => {
            let flash = Flash::ok_with(
                "flash-judges-reminded",
                &[
                    ("queued", done.queued.to_string()),
                    ("skipped", done.skipped.to_string()),
                ],
            );
            Ok(v.redirect(&base(&edition_id), Some(flash)).finish())
        }
        Err(error @ ApiError::Conflict(_)) => {
            let note = OverviewNote {
                problem: Some(v.said(&error)),
                ..OverviewNote::default()
            };
            overview_page(&v, &caller, edition_id, StatusCode::CONFLICT, note).await
        }
        Err(other) => Err(v.fail(other)),
    }
}

#[derive(Serialize)]
struct Column {
    id: String,
    name: String,
    assigned: usize,
    on_panel: bool,
}

#[derive(Serialize)]
struct Cell {
    /// `assigned`, `conflict`, `dismissed` or `open`.
    state: &'static str,
    /// The sheet: `submitted`, `draft`, `not_started` or `recused`.
    sheet: Option<&'static str>,
    reason: Option<String>,
    /// The value a manual assignment posts.
    assign: Option<String>,
}

#[derive(Serialize)]
struct Row {
    id: String,
    name: String,
    region: Option<String>,
    judges: usize,
    short: bool,
    cells: Vec<Cell>,
}

#[derive(Serialize)]
struct ConflictLine {
    judge_id: String,
    judge: String,
    entry_id: String,
    entry: String,
    kind: String,
    reason: String,
    dismissed: bool,
}

#[derive(Serialize)]
struct ShortfallLine {
    entry: String,
    reason: String,
}

/// What an action on a stage's page left to show.
#[derive(Default)]
struct StageNote {
    errors: BTreeMap<String, String>,
    problem: Option<String>,
    report: Option<AssignmentReport>,
    /// What the forms held, to show again.
    typed: BTreeMap<String, String>,
}

fn sheet_state(status: &str, sheet: Option<&str>) -> &'static str {
    match (status, sheet) {
        ("recused", _) => "recused",
        (_, Some("submitted")) => "submitted",
        (_, Some(_)) => "draft",
        _ => "not_started",
    }
}

async fn stage_page(
    v: &Visitor,
    caller: &Caller,
    at: StageRef,
    status: StatusCode,
    note: StageNote,
) -> PageResult {
    let fail = |e| v.fail(e);
    let state = v.state();
    let (edition_id, category_id, key) = at.clone();
    let edition: EditionView = setup::get_administered(state, caller.clone(), edition_id.clone())
        .await
        .map_err(fail)?;
    let category = category_setup::get(
        state,
        caller.clone(),
        edition_id.clone(),
        category_id.clone(),
    )
    .await
    .map_err(fail)?;
    let current = rubric::current(
        state,
        caller.clone(),
        edition_id.clone(),
        category_id.clone(),
    )
    .await
    .map_err(fail)?;
    let coverage: Coverage = coverage::of_stage(state, caller.clone(), at)
        .await
        .map_err(fail)?;
    let judges = judges::list(state, caller.clone(), edition_id.clone())
        .await
        .map_err(fail)?;
    let stages = &current.rubric.stages;
    let position = stages.iter().position(|s| s.key == key).unwrap_or(0);
    let stage = &stages[position];
    let wanted: usize = note
        .typed
        .get("per_entry")
        .and_then(|n| n.parse().ok())
        .unwrap_or_else(|| DEFAULT_PER_ENTRY.min(coverage.panel.len().max(1)));
    let columns: Vec<Column> = coverage
        .panel
        .iter()
        .map(|p| Column {
            id: p.judge.id.clone(),
            name: p.judge.display_name.clone(),
            assigned: p.assigned,
            on_panel: true,
        })
        .collect();
    let judging_open = edition.phase.require_judging_open().is_ok();
    let rows: Vec<Row> = coverage
        .entries
        .iter()
        .map(|entry| {
            let cells = coverage
                .panel
                .iter()
                .map(|p| {
                    let judge = &p.judge.id;
                    let assigned = coverage
                        .cells
                        .iter()
                        .find(|c| &c.judge_id == judge && c.entry_id == entry.id);
                    let conflict = coverage
                        .conflicts
                        .iter()
                        .filter(|c| &c.judge_id == judge && c.entry_id == entry.id)
                        .min_by_key(|c| c.dismissed);
                    let reason = conflict.map(|c| pick(v.lang, &c.reason, &c.reason_en));
                    match (assigned, conflict) {
                        (Some(cell), _) => Cell {
                            state: "assigned",
                            sheet: Some(sheet_state(&cell.status, cell.sheet.as_deref())),
                            reason,
                            assign: None,
                        },
                        (None, Some(c)) if !c.dismissed => Cell {
                            state: "conflict",
                            sheet: None,
                            reason,
                            assign: None,
                        },
                        (None, conflict) => Cell {
                            state: if conflict.is_some() {
                                "dismissed"
                            } else {
                                "open"
                            },
                            sheet: None,
                            reason,
                            assign: judging_open.then(|| format!("{judge}|{}", entry.id)),
                        },
                    }
                })
                .collect();
            Row {
                id: entry.id.clone(),
                name: entry.organisation_name.clone(),
                region: entry.region_name.clone(),
                judges: entry.judges,
                short: entry.judges < wanted,
                cells,
            }
        })
        .collect();
    let entry_name = |id: &str| {
        coverage
            .entries
            .iter()
            .find(|e| e.id == id)
            .map_or_else(|| id.to_owned(), |e| e.organisation_name.clone())
    };
    let judge_name = |id: &str| {
        judges
            .iter()
            .find(|j| j.id == id)
            .map_or_else(|| id.to_owned(), |j| j.display_name.clone())
    };
    let conflict_lines: Vec<ConflictLine> = coverage
        .conflicts
        .iter()
        .map(|c| ConflictLine {
            judge: judge_name(&c.judge_id),
            judge_id: c.judge_id.clone(),
            entry: entry_name(&c.entry_id),
            entry_id: c.entry_id.clone(),
            kind: c.kind.clone(),
            reason: pick(v.lang, &c.reason, &c.reason_en),
            dismissed: c.dismissed,
        })
        .collect();
    let submitted: Vec<(String, String)> = coverage
        .cells
        .iter()
        .filter(|c| c.sheet.as_deref() == Some("submitted") && c.status == "active")
        .map(|c| {
            (
                c.assignment_id.clone(),
                format!("{} – {}", judge_name(&c.judge_id), entry_name(&c.entry_id)),
            )
        })
        .collect();
    let report = note.report.as_ref().map(|r| {
        let shortfalls: Vec<ShortfallLine> = r
            .shortfalls
            .iter()
            .map(|s| ShortfallLine {
                entry: entry_name(&s.entry_id),
                reason: pick(v.lang, &s.reason, &s.reason_en),
            })
            .collect();
        context! { created => r.created, shortfalls => minijinja::value::Serde(&shortfalls) }
    });
    let short = rows.iter().filter(|r| r.short).count();
    let idle: Vec<String> = columns
        .iter()
        .filter(|c| c.assigned == 0)
        .map(|c| c.name.clone())
        .collect();
    let panel_ids: Vec<&str> = coverage.panel.iter().map(|p| p.judge.id.as_str()).collect();
    let candidates: Vec<(String, String, bool)> = judges
        .iter()
        .map(|j| {
            (
                j.id.clone(),
                format!("{} ({})", j.display_name, j.email),
                panel_ids.contains(&j.id.as_str()),
            )
        })
        .collect();
    let earlier: Vec<(String, String)> = stages[..position]
        .iter()
        .map(|s| (s.key.clone(), pick(v.lang, &s.name_id, &s.name_en)))
        .collect();
    // For a later stage: the category's complete entries not in it yet,
    // to pick by hand.
    let pickable: Vec<(String, String)> = if coverage.first {
        Vec::new()
    } else {
        reading::list(
            state,
            caller.clone(),
            EntryFilter {
                edition: Some(edition_id.clone()),
                category: Some(category_id.clone()),
                status: Some(Status::Complete),
                ..EntryFilter::default()
            },
            PageParams {
                page: None,
                per_page: Some(PICKABLE),
            },
        )
        .await
        .map_err(fail)?
        .items
        .into_iter()
        .filter(|e| !coverage.entries.iter().any(|c| c.id == e.id))
        .map(|e| (e.id, e.organisation.name))
        .collect()
    };
    v.render_status(
        status,
        "office_stage.html",
        context! {
            id => &edition.id,
            edition => &edition.name,
            category_id => &category.id,
            category => pick(v.lang, &category.name_id, &category.name_en),
            blind => category.blind,
            key => &stage.key,
            stage => pick(v.lang, &stage.name_id, &stage.name_en),
            first => coverage.first,
            judging_open => judging_open,
            columns => minijinja::value::Serde(&columns),
            rows => minijinja::value::Serde(&rows),
            wanted => wanted,
            short => short,
            idle => idle,
            candidates => candidates,
            conflicts => minijinja::value::Serde(&conflict_lines),
            submitted => submitted,
            earlier => earlier,
            pickable => pickable,
            report => report,
            errors => note.errors,
            problem => note.problem,
            typed => note.typed,
        },
    )
}

type StagePath = web::Path<(String, String, String)>;

fn stage_base(at: &StageRef) -> String {
    format!("{}/{}/{}", base(&at.0), at.1, at.2)
}

pub async fn stage(v: Visitor, path: StagePath) -> PageResult {
    let caller = require_admin(&v)?;
    stage_page(
        &v,
        &caller,
        path.into_inner(),
        StatusCode::OK,
        StageNote::default(),
    )
    .await
}

/// The stage's page again with what an action refused, beside its form.
async fn refused(
    v: &Visitor,
    caller: &Caller,
    at: StageRef,
    error: ApiError,
    form: &str,
    typed: BTreeMap<String, String>,
) -> PageResult {
    match error {
        error @ (ApiError::Validation(_)
        | ApiError::Refused(..)
        | ApiError::Conflict(_)
        | ApiError::NotFound(_)) => {
            let message = v
                .field_messages(&error)
                .into_iter()
                .map(|(_, m)| m)
                .collect::<Vec<_>>()
                .join(" ");
            let message = if message.is_empty() {
                v.said(&error)
            } else {
                message
            };
            let mut errors = BTreeMap::new();
            errors.insert(form.to_owned(), message);
            let note = StageNote {
                errors,
                typed,
                ..StageNote::default()
            };
            stage_page(v, caller, at, StatusCode::UNPROCESSABLE_ENTITY, note).await
        }
        other => Err(v.fail(other)),
    }
}

fn done(v: &Visitor, at: &StageRef, flash: &str) -> PageResult {
    Ok(v.redirect(&stage_base(at), Some(Flash::ok(flash))).finish())
}

async fn checked(v: &Visitor, form: web::Form<Fields>) -> Result<(Caller, Fields), PageError> {
    let fields = form.into_inner();
    v.check_form(field(&fields, "csrf"))?;
    Ok((require_admin(v)?, fields))
}

/// Replaces the stage's panel with the judges ticked.
pub async fn set_panel(v: Visitor, path: StagePath, form: web::Form<Fields>) -> PageResult {
    let (caller, fields) = checked(&v, form).await?;
    let at = path.into_inner();
    let judge_ids: Vec<String> = fields
        .iter()
        .filter(|(k, _)| k == "juri")
        .map(|(_, v)| v.clone())
        .collect();
    match panels::set(
        v.state(),
        caller.clone(),
        at.clone(),
        PanelRequest { judge_ids },
    )
    .await
    {
        Ok(_) => done(&v, &at, "flash-panel-saved"),
        Err(error) => refused(&v, &caller, at, error, "panel", BTreeMap::new()).await,
    }
}

/// Assigns judges to every entry automatically, then shows what it did and
/// every entry it could not cover, with why.
pub async fn assign_automatically(
    v: Visitor,
    path: StagePath,
    form: web::Form<Fields>,
) -> PageResult {
    let (caller, fields) = checked(&v, form).await?;
    let at = path.into_inner();
    let mut typed = BTreeMap::new();
    typed.insert(
        "per_entry".to_owned(),
        field(&fields, "per_entry").trim().to_owned(),
    );
    typed.insert("cap".to_owned(), field(&fields, "cap").trim().to_owned());
    let Ok(per_entry) = field(&fields, "per_entry").trim().parse::<usize>() else {
        let error = ApiError::field(
            "per_entry",
            "out_of_range",
            crate::error::Msg::said("assignment-judges-per-entry"),
        );
        return refused(&v, &caller, at, error, "assign", typed).await;
    };
    let cap = match text(&fields, "cap").map(|c| c.parse::<usize>()) {
        None => None,
        Some(Ok(cap)) if cap > 0 => Some(cap),
        Some(_) => {
            let mut errors = BTreeMap::new();
            errors.insert("cap".to_owned(), v.text("office-judging-cap-invalid"));
            let note = StageNote {
                errors,
                typed,
                ..StageNote::default()
            };
            return stage_page(&v, &caller, at, StatusCode::UNPROCESSABLE_ENTITY, note).await;
        }
    };
    match assignments::automatically(
        v.state(),
        caller.clone(),
        at.clone(),
        AutoAssignRequest { per_entry, cap },
    )
    .await
    {
        Ok(report) => {
            let note = StageNote {
                report: Some(report),
                typed,
                ..StageNote::default()
            };
            stage_page(&v, &caller, at, StatusCode::OK, note).await
        }
        Err(error) => refused(&v, &caller, at, error, "assign", typed).await,
    }
}

/// Assigns one judge to one entry, as a cell of the matrix asks.
pub async fn assign_by_hand(v: Visitor, path: StagePath, form: web::Form<Fields>) -> PageResult {
    let (caller, fields) = checked(&v, form).await?;
    let at = path.into_inner();
    let (judge_id, entry_id) = field(&fields, "tugas")
        .split_once('|')
        .map(|(j, e)| (j.to_owned(), e.to_owned()))
        .unwrap_or_default();
    let request = ManualAssignment { judge_id, entry_id };
    match assignments::by_hand(v.state(), caller.clone(), at.clone(), request).await {
        Ok(_) => done(&v, &at, "flash-assigned"),
        Err(error) => refused(&v, &caller, at, error, "matrix", BTreeMap::new()).await,
    }
}

/// Dismisses a detected conflict as a false positive, with the reason.
pub async fn dismiss(v: Visitor, path: StagePath, form: web::Form<Fields>) -> PageResult {
    let (caller, fields) = checked(&v, form).await?;
    let at = path.into_inner();
    let request = DismissRequest {
        judge_id: field(&fields, "juri").to_owned(),
        entry_id: field(&fields, "entri").to_owned(),
        kind: field(&fields, "jenis").to_owned(),
        reason: field(&fields, "alasan").to_owned(),
    };
    let form_name = format!("dismiss-{}-{}", request.judge_id, request.entry_id);
    match conflicts::dismiss(v.state(), caller.clone(), at.clone(), request).await {
        Ok(()) => done(&v, &at, "flash-conflict-dismissed"),
        Err(error) => refused(&v, &caller, at, error, &form_name, BTreeMap::new()).await,
    }
}

/// Moves the top N of an earlier stage, or the entries ticked, into this
/// stage, with the reason.
pub async fn shortlist(v: Visitor, path: StagePath, form: web::Form<Fields>) -> PageResult {
    let (caller, fields) = checked(&v, form).await?;
    let at = path.into_inner();
    let mut typed = BTreeMap::new();
    for name in ["top", "by_stage", "alasan"] {
        typed.insert(name.to_owned(), field(&fields, name).to_owned());
    }
    let top = match text(&fields, "top").map(|t| t.parse::<usize>()) {
        None => None,
        Some(Ok(n)) => Some(n),
        Some(Err(_)) => Some(0),
    };
    let entry_ids: Vec<String> = fields
        .iter()
        .filter(|(k, _)| k == "entri")
        .map(|(_, v)| v.clone())
        .collect();
    // Ticked entries are a hand-picked list; the number is then not used.
    let top = if entry_ids.is_empty() { top } else { None };
    let request = ShortlistRequest {
        entry_ids,
        top,
        by_stage: text(&fields, "by_stage"),
        reason: field(&fields, "alasan").to_owned(),
    };
    match panels::shortlist(v.state(), caller.clone(), at.clone(), request).await {
        Ok(result) => {
            let flash = Flash::ok_with(
                "flash-shortlisted",
                &[("count", result.added.len().to_string())],
            );
            Ok(v.redirect(&stage_base(&at), Some(flash)).finish())
        }
        Err(error) => refused(&v, &caller, at, error, "shortlist", typed).await,
    }
}

/// Reopens a submitted sheet as a draft, with the reason the judge reads.
pub async fn reopen(v: Visitor, path: StagePath, form: web::Form<Fields>) -> PageResult {
    let (caller, fields) = checked(&v, form).await?;
    let at = path.into_inner();
    let mut typed = BTreeMap::new();
    typed.insert("lembar".to_owned(), field(&fields, "lembar").to_owned());
    typed.insert(
        "alasan_buka".to_owned(),
        field(&fields, "alasan").to_owned(),
    );
    match scoresheets::reopen(
        v.state(),
        caller.clone(),
        at.0.clone(),
        field(&fields, "lembar").to_owned(),
        field(&fields, "alasan").to_owned(),
    )
    .await
    {
        Ok(_) => done(&v, &at, "flash-sheet-reopened"),
        Err(error) => refused(&v, &caller, at, error, "reopen", typed).await,
    }
}
