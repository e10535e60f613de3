//! The judges' pages: their work (assignments by edition, category and
//! stage, with progress and the next entry to score), the scoresheet of
//! one assignment with its autosave, the summary before submitting, the
//! panels where conflicts are declared, and the printable sheet. They call
//! the judging operations the API calls (`judging::worklist`,
//! `judging::scoresheets::save` through the batched save path on
//! PostgreSQL, `judging::declare`), with the same access checks: a
//! worklist is the judge's own, and another judge's assignment is not
//! found.

mod panels;
mod sheet;
mod submit;

use actix_web::web;
use minijinja::context;
use serde::{Deserialize, Serialize};

use super::format;
use super::page::{Flash, PageError, PageResult, Visitor};
use crate::editions::domain::Zone;
use crate::editions::setup;
use crate::judging::worklist::{self, AssignmentDetail, MyAssignment};

pub fn configure(cfg: &mut web::ServiceConfig) {
    cfg.service(web::resource("/penilaian").route(web::get().to(my_work)))
        .service(web::resource("/penilaian/berikutnya").route(web::get().to(next)))
        .service(
            web::resource("/penilaian/panel")
                .route(web::get().to(panels::page))
                .route(web::post().to(panels::declare)),
        )
        .service(
            web::resource("/penilaian/{id}")
                .route(web::get().to(sheet::page))
                .route(web::post().to(sheet::post)),
        )
        .service(
            web::resource("/penilaian/{id}/draf")
                .route(web::get().to(sheet::current))
                .route(web::post().to(sheet::autosave)),
        )
        .service(
            web::resource("/penilaian/{id}/kirim")
                .route(web::get().to(submit::summary))
                .route(web::post().to(submit::confirm)),
        )
        .service(web::resource("/penilaian/{id}/mundur").route(web::post().to(submit::recuse)))
        .service(web::resource("/penilaian/{id}/cetak").route(web::get().to(sheet::printable)))
        .service(
            web::resource("/penilaian/{id}/bukti/{file}").route(web::get().to(sheet::evidence)),
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

/// The first assignment still to score, drafts first, other than `skip`.
fn next_unscored<'a>(
    assignments: &'a [MyAssignment],
    skip: Option<&str>,
) -> Option<&'a MyAssignment> {
    assignments
        .iter()
        .filter(|a| a.status == "active" && a.scoresheet_status != "submitted")
        .filter(|a| Some(a.id.as_str()) != skip)
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
            next => next_unscored(&assignments, None).map(|a| &a.id),
            left => assignments.iter().filter(|a| a.status == "active" && a.scoresheet_status != "submitted").count(),
        },
    )
}

#[derive(Deserialize)]
struct After {
    /// The sheet just left, which is not offered again.
    dari: Option<String>,
}

/// Opens the next sheet still to score (drafts first), or the work page
/// when none is left.
async fn next(v: Visitor, query: web::Query<After>) -> PageResult {
    let caller = v.require_caller()?.clone();
    let assignments = worklist::mine_all(v.state(), caller)
        .await
        .map_err(|e| v.fail(e))?;
    Ok(match next_unscored(&assignments, query.dari.as_deref()) {
        Some(a) => v.redirect(&format!("/penilaian/{}", a.id), None),
        None => v.redirect("/penilaian", Some(Flash::info("flash-judging-none-left"))),
    }
    .finish())
}

/// One of the caller's assignments, with its edition's time zone.
async fn read_assignment(v: &Visitor, id: String) -> Result<(AssignmentDetail, Zone), PageError> {
    let caller = v.require_caller()?.clone();
    let detail = worklist::read(v.state(), caller, id)
        .await
        .map_err(|e| v.fail(e))?;
    let zone = detail.zone;
    Ok((detail, zone))
}
