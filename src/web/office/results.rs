//! Results in the office: each category's live ranking with its flags,
//! every entry's explanation criterion by criterion with each judge's
//! mark, and charts drawn on the server as SVG with their figures in a
//! table (the score distribution, each judge's leniency against the panel,
//! the criteria with the most disagreement); the exports; and publication:
//! a preview of exactly what the public page will show and how many
//! emails will go, the confirmation, the digest, publishing again with a
//! reason and withdrawing (national admins). They call `results::ranking`
//! and `results::publications`, as the API does.

use std::collections::BTreeMap;

use actix_web::http::StatusCode;
use actix_web::{HttpResponse, web};
use minijinja::context;
use serde::{Deserialize, Serialize};

use super::require_admin;
use crate::auth::Caller;
use crate::categories::rubric;
use crate::categories::setup as category_setup;
use crate::editions::setup;
use crate::error::ApiError;
use crate::pagination::PageParams;
use crate::results::charts::{BANDS, Charts};
use crate::results::publications::{self, PublishRequest, WithdrawRequest};
use crate::results::ranking::{self, ExportParams};
use crate::results::view::RankedEntry;
use crate::web::autosave::field;
use crate::web::entry_fields::pick;
use crate::web::format;
use crate::web::page::{Flash, PageResult, Visitor};
use crate::web::podium::{self, CategoryResults, Placed};

const PER_PAGE: i64 = 100;

type Fields = Vec<(String, String)>;

fn hub(edition_id: &str) -> String {
    format!("/kantor/edisi/{edition_id}/hasil")
}

/// The edition's results in the office: each category's ranking, the
/// versions published, and the way to publish.
pub async fn overview(v: Visitor, id: web::Path<String>) -> PageResult {
    let caller = require_admin(&v)?;
    overview_page(
        &v,
        &caller,
        id.into_inner(),
        StatusCode::OK,
        BTreeMap::new(),
    )
    .await
}

async fn overview_page(
    v: &Visitor,
    caller: &Caller,
    edition_id: String,
    status: StatusCode,
    errors: BTreeMap<String, String>,
) -> PageResult {
    let fail = |e| v.fail(e);
    let edition = setup::get_administered(v.state(), caller.clone(), edition_id.clone())
        .await
        .map_err(fail)?;
    let categories = category_setup::list(v.state(), caller.clone(), edition_id.clone())
        .await
        .map_err(fail)?;
    let versions = publications::list(v.state(), caller.clone(), edition_id.clone())
        .await
        .map_err(fail)?;
    let when = |at| format::instant(v.lang, edition.time_zone, at);
    let versions: Vec<_> = versions
        .iter()
        .map(|p| {
            context! {
                version => p.version,
                digest => &p.digest,
                published_at => when(p.published_at),
                withdrawn_at => p.withdrawn_at.map(when),
                withdrawn_reason => &p.withdrawn_reason,
                superseded => p.superseded,
            }
        })
        .collect();
    v.render_status(
        status,
        "office_results.html",
        context! {
            id => &edition.id,
            name => &edition.name,
            phase => edition.phase.as_str(),
            categories => categories.iter().map(|c| (c.id.clone(), pick(v.lang, &c.name_id, &c.name_en), c.rubric_version.is_some())).collect::<Vec<_>>(),
            versions => versions,
            national => caller.is_national_admin(),
            errors => errors,
        },
    )
}

#[derive(Deserialize)]
pub struct RankingQuery {
    halaman: Option<i64>,
}

/// One bar of a chart, already placed in its drawing's coordinates.
#[derive(Serialize)]
struct Bar {
    label: String,
    value: String,
    x: f64,
    y: f64,
    width: f64,
    height: f64,
}

/// A judge's leniency drawn as a dot (the mean) on a line (one spread
/// either side) around the panel's zero.
#[derive(Serialize)]
struct Dot {
    judge: String,
    /// The judge's name cut to fit beside the chart.
    label: String,
    marks: usize,
    mean: String,
    spread: String,
    y: f64,
    cx: f64,
    from: f64,
    to: f64,
}

const CHART_WIDTH: f64 = 320.0;
const CHART_HEIGHT: f64 = 120.0;
const ROW: f64 = 28.0;
/// Width kept for the judges' names left of the leniency chart.
const LABELS: f64 = 100.0;

fn short(name: &str) -> String {
    if name.chars().count() > 16 {
        format!("{}…", name.chars().take(15).collect::<String>())
    } else {
        name.to_owned()
    }
}

fn signed(value: f64) -> String {
    format!("{value:+.1}")
}

/// The charts' shapes and numbers, ready for the template.
fn drawn(v: &Visitor, charts: &Charts) -> minijinja::Value {
    let most = charts
        .distribution
        .iter()
        .copied()
        .max()
        .unwrap_or(0)
        .max(1) as f64;
    let width = CHART_WIDTH / BANDS as f64;
    let distribution: Vec<Bar> = charts
        .distribution
        .iter()
        .enumerate()
        .map(|(i, &count)| {
            let height = count as f64 / most * CHART_HEIGHT;
            let from = i * 10;
            Bar {
                label: if i + 1 == BANDS {
                    format!("{from}–100")
                } else {
                    format!("{from}–{}", from + 10)
                },
                value: count.to_string(),
                x: i as f64 * width + 2.0,
                y: CHART_HEIGHT - height,
                width: width - 4.0,
                height,
            }
        })
        .collect();
    // Leniency: the scale reaches the furthest mean plus its spread.
    let reach = charts
        .leniency
        .iter()
        .map(|l| l.mean.abs() + l.spread)
        .fold(5.0_f64, f64::max);
    // Names on the left, the scale on the right.
    let (left, right) = (LABELS, CHART_WIDTH - 8.0);
    let centre = (left + right) / 2.0;
    let at = |points: f64| centre + points / reach * (right - left) / 2.0;
    let leniency: Vec<Dot> = charts
        .leniency
        .iter()
        .enumerate()
        .map(|(i, l)| Dot {
            label: short(&l.judge),
            judge: l.judge.clone(),
            marks: l.marks,
            mean: signed(l.mean),
            spread: format!("{:.1}", l.spread),
            y: i as f64 * ROW + ROW / 2.0,
            cx: at(l.mean),
            from: at(l.mean - l.spread),
            to: at(l.mean + l.spread),
        })
        .collect();
    let disagreement: Vec<Bar> = charts
        .disagreement
        .iter()
        .enumerate()
        .map(|(i, d)| Bar {
            label: pick(v.lang, &d.name_id, &d.name_en),
            value: format!("{:.1}", d.mean_spread),
            x: 0.0,
            y: i as f64 * ROW + 4.0,
            width: (d.mean_spread / 100.0 * CHART_WIDTH).max(1.0),
            height: ROW - 8.0,
        })
        .collect();
    let disputed: Vec<_> = charts
        .disagreement
        .iter()
        .map(|d| (d.entries, d.flagged))
        .collect();
    context! {
        width => CHART_WIDTH,
        height => CHART_HEIGHT,
        row => ROW,
        centre => centre,
        reach => format!("{reach:.0}"),
        distribution => minijinja::value::Serde(&distribution),
        unscored => charts.unscored,
        leniency => minijinja::value::Serde(&leniency),
        leniency_height => (charts.leniency.len() as f64 * ROW).max(ROW),
        disagreement => minijinja::value::Serde(&disagreement),
        disputed => disputed,
        disagreement_height => (charts.disagreement.len() as f64 * ROW).max(ROW),
    }
}

/// A ranked entry as a row: place, who, scores, flags and explanation.
#[derive(Serialize)]
struct Line<'a> {
    #[serde(flatten)]
    entry: &'a RankedEntry,
    winner: bool,
    /// The rule that settled a tie, as the reader names it.
    rule: Option<String>,
    stage_scores: Vec<Option<&'a String>>,
}

pub async fn ranking(
    v: Visitor,
    path: web::Path<(String, String)>,
    query: web::Query<RankingQuery>,
) -> PageResult {
    let caller = require_admin(&v)?;
    let (edition_id, category_id) = path.into_inner();
    let fail = |e| v.fail(e);
    let edition = setup::get_administered(v.state(), caller.clone(), edition_id.clone())
        .await
        .map_err(fail)?;
    let category = category_setup::get(
        v.state(),
        caller.clone(),
        edition_id.clone(),
        category_id.clone(),
    )
    .await
    .map_err(fail)?;
    let current = rubric::current(
        v.state(),
        caller.clone(),
        edition_id.clone(),
        category_id.clone(),
    )
    .await
    .map_err(fail)?;
    let board = ranking::board(
        v.state(),
        caller,
        edition_id.clone(),
        category_id.clone(),
        PageParams {
            page: query.halaman,
            per_page: Some(PER_PAGE),
        },
    )
    .await
    .map_err(fail)?;
    let stages: Vec<(String, String)> = current
        .rubric
        .stages
        .iter()
        .map(|s| (s.key.clone(), pick(v.lang, &s.name_id, &s.name_en)))
        .collect();
    let name_of = |label: &str| -> String {
        let (kind, key) = label.split_once(':').unwrap_or(("", label));
        let named = match kind {
            "stage" => stages
                .iter()
                .find(|(k, _)| k == key)
                .map(|(_, n)| n.clone()),
            _ => current
                .rubric
                .stages
                .iter()
                .flat_map(|s| s.criteria.iter())
                .find_map(|c| (c.key == key).then(|| pick(v.lang, &c.name_id, &c.name_en))),
        };
        named.unwrap_or_else(|| key.to_owned())
    };
    let winners = usize::try_from(board.ranking.winners_count).unwrap_or(0);
    let lines: Vec<Line> = board
        .ranking
        .items
        .iter()
        .map(|entry| Line {
            winner: entry.rank.is_some_and(|r| r <= winners),
            rule: entry.decided_by.as_deref().map(name_of),
            stage_scores: stages.iter().map(|(k, _)| entry.stages.get(k)).collect(),
            entry,
        })
        .collect();
    let tie_rules: Vec<String> = board
        .ranking
        .tie_break
        .iter()
        .map(|rule| name_of(&crate::results::view::rule_label(rule)))
        .collect();
    let pages = ((board.ranking.total + PER_PAGE - 1) / PER_PAGE).max(1);
    v.render(
        "office_ranking.html",
        context! {
            id => &edition.id,
            edition => &edition.name,
            category_id => &category.id,
            category => pick(v.lang, &category.name_id, &category.name_en),
            method => crate::results::view::method(board.ranking.aggregation),
            tie_rules => tie_rules,
            winners => winners,
            outstanding => board.ranking.outstanding_scoresheets,
            notes => &board.ranking.notes,
            stages => stages,
            lines => minijinja::value::Serde(&lines),
            total => board.ranking.total,
            page => board.ranking.page,
            pages => pages,
            first => (board.ranking.page - 1) * PER_PAGE,
            charts => drawn(&v, &board.charts),
        },
    )
}

#[derive(Deserialize)]
pub struct ExportQuery {
    format: Option<String>,
    detail: Option<String>,
}

/// The ranking (or every judge's marks) as CSV or an XLSX workbook.
pub async fn export(
    v: Visitor,
    path: web::Path<(String, String)>,
    query: web::Query<ExportQuery>,
) -> PageResult {
    let caller = require_admin(&v)?;
    let (edition_id, category_id) = path.into_inner();
    let query = query.into_inner();
    let file = ranking::export(
        v.state(),
        caller,
        edition_id,
        category_id,
        ExportParams {
            format: query.format,
            detail: query.detail,
        },
    )
    .await
    .map_err(|e| v.fail(e))?;
    Ok(HttpResponse::Ok()
        .content_type(file.media_type)
        .insert_header(("cache-control", "no-store"))
        .insert_header((
            "content-disposition",
            format!("attachment; filename=\"{}\"", file.file_name),
        ))
        .body(file.bytes))
}

/// What the public page will show once published, the emails that will
/// go, and the confirmation; or every reason it cannot be published yet.
pub async fn publish_form(v: Visitor, id: web::Path<String>) -> PageResult {
    let caller = require_admin(&v)?;
    publish_page(
        &v,
        &caller,
        id.into_inner(),
        StatusCode::OK,
        BTreeMap::new(),
        String::new(),
    )
    .await
}

async fn publish_page(
    v: &Visitor,
    caller: &Caller,
    edition_id: String,
    status: StatusCode,
    errors: BTreeMap<String, String>,
    reason: String,
) -> PageResult {
    let fail = |e| v.fail(e);
    let edition = setup::get_administered(v.state(), caller.clone(), edition_id.clone())
        .await
        .map_err(fail)?;
    let (preview, blockers) =
        match publications::preview(v.state(), caller.clone(), edition_id.clone()).await {
            Ok(preview) => (Some(preview), Vec::new()),
            Err(error @ (ApiError::Refused(..) | ApiError::Conflict(_))) => {
                let mut reasons: Vec<String> = v
                    .field_messages(&error)
                    .into_iter()
                    .map(|(_, message)| message)
                    .collect();
                if reasons.is_empty() {
                    reasons.push(v.said(&error));
                }
                (None, reasons)
            }
            Err(other) => return Err(v.fail(other)),
        };
    let categories: Vec<(CategoryResults, Vec<Placed>)> = preview
        .as_ref()
        .map(|p| {
            p.snapshot
                .categories
                .iter()
                .map(|c| {
                    let winners = podium::winners_count(c);
                    let ranking = c
                        .ranking
                        .iter()
                        .map(|e| podium::placed(e, winners))
                        .collect();
                    (podium::category_results(v.lang, c), ranking)
                })
                .collect()
        })
        .unwrap_or_default();
    v.render_status(
        status,
        "office_publish.html",
        context! {
            id => &edition.id,
            name => &edition.name,
            blockers => blockers,
            ready => preview.is_some(),
            version => preview.as_ref().map(|p| p.snapshot.version),
            emails => preview.as_ref().map_or(0, |p| p.emails),
            republish => preview.as_ref().is_some_and(|p| p.republish),
            categories => minijinja::value::Serde(&categories),
            errors => errors,
            reason => reason,
        },
    )
}

pub async fn publish(v: Visitor, id: web::Path<String>, form: web::Form<Fields>) -> PageResult {
    let fields = form.into_inner();
    v.check_form(field(&fields, "csrf"))?;
    let caller = require_admin(&v)?;
    let edition_id = id.into_inner();
    let reason = field(&fields, "alasan").trim().to_owned();
    if field(&fields, "yakin") != "ya" {
        let mut errors = BTreeMap::new();
        errors.insert("yakin".to_owned(), v.text("office-publish-confirm-needed"));
        return publish_page(
            &v,
            &caller,
            edition_id,
            StatusCode::UNPROCESSABLE_ENTITY,
            errors,
            reason,
        )
        .await;
    }
    let request = PublishRequest {
        reason: Some(reason.clone()),
    };
    match publications::publish(v.state(), caller.clone(), edition_id.clone(), request).await {
        Ok(publication) => {
            let flash = Flash::ok_with(
                "flash-published",
                &[
                    ("version", publication.version.to_string()),
                    ("digest", publication.digest.clone()),
                ],
            );
            Ok(v.redirect(&hub(&edition_id), Some(flash)).finish())
        }
        Err(error @ (ApiError::Validation(_) | ApiError::Refused(..) | ApiError::Conflict(_))) => {
            let mut errors = BTreeMap::new();
            let message = v
                .field_messages(&error)
                .into_iter()
                .map(|(_, m)| m)
                .next()
                .unwrap_or_else(|| v.said(&error));
            errors.insert("alasan".to_owned(), message);
            publish_page(
                &v,
                &caller,
                edition_id,
                StatusCode::UNPROCESSABLE_ENTITY,
                errors,
                reason,
            )
            .await
        }
        Err(other) => Err(v.fail(other)),
    }
}

/// Withdraws a published version, with the reason the public reads
/// (national admins only).
pub async fn withdraw(
    v: Visitor,
    path: web::Path<(String, i32)>,
    form: web::Form<Fields>,
) -> PageResult {
    let fields = form.into_inner();
    v.check_form(field(&fields, "csrf"))?;
    let caller = require_admin(&v)?;
    let (edition_id, version) = path.into_inner();
    let request = WithdrawRequest {
        reason: field(&fields, "alasan").to_owned(),
    };
    match publications::withdraw(
        v.state(),
        caller.clone(),
        edition_id.clone(),
        version,
        request,
    )
    .await
    {
        Ok(_) => Ok(v
            .redirect(&hub(&edition_id), Some(Flash::ok("flash-withdrawn")))
            .finish()),
        Err(error @ (ApiError::Validation(_) | ApiError::Conflict(_))) => {
            let mut errors = BTreeMap::new();
            let message = v
                .field_messages(&error)
                .into_iter()
                .map(|(_, m)| m)
                .next()
                .unwrap_or_else(|| v.said(&error));
            errors.insert(format!("tarik-{version}"), message);
            overview_page(
                &v,
                &caller,
                edition_id,
                StatusCode::UNPROCESSABLE_ENTITY,
                errors,
            )
            .await
        }
        Err(other) => Err(v.fail(other)),
    }
}
