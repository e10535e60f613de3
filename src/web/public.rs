//! The pages anyone may read without signing in: home, the editions with
//! a province filter, and each edition's published results.

use actix_web::{HttpResponse, web};
use minijinja::context;
use serde::{Deserialize, Serialize};

use super::format;
use super::page::{PageResult, Visitor};
use crate::editions::domain::Phase;
use crate::editions::setup::{self, EditionFilter};
use crate::editions::view::EditionView;
use crate::i18n::Lang;
use crate::pagination::PageParams;
use crate::regions::code::Level;
use crate::regions::lookup::{self, RegionFilter};
use crate::results::public::{self, ResultsPage};
use crate::results::snapshot::{CategorySnapshot, SnapshotEntry};

pub fn configure(cfg: &mut web::ServiceConfig) {
    cfg.service(web::resource("/").route(web::get().to(home)))
        .service(web::resource("/edisi").route(web::get().to(editions)))
        .service(web::resource("/edisi/{id}/hasil").route(web::get().to(results)));
}

/// An edition as the lists show it.
#[derive(Serialize)]
struct EditionCard {
    id: String,
    name: String,
    year: i32,
    province: Option<String>,
    phase: &'static str,
    closes_at: Option<String>,
    published: bool,
}

fn card(v: &Visitor, edition: &EditionView, provinces: &[(String, String)]) -> EditionCard {
    EditionCard {
        id: edition.id.clone(),
        name: edition.name.clone(),
        year: edition.year,
        province: edition.province_code.as_ref().map(|code| {
            provinces
                .iter()
                .find(|(c, _)| c == code)
                .map_or_else(|| code.clone(), |(_, name)| name.clone())
        }),
        phase: edition.phase.as_str(),
        closes_at: edition
            .schedule
            .submissions_close_at
            .map(|at| format::instant(v.lang, edition.time_zone, at.naive_utc())),
        published: edition.phase == Phase::ResultsPublished,
    }
}

/// Every province, by code, for names and the filter.
async fn provinces(v: &Visitor) -> Result<Vec<(String, String)>, crate::error::ApiError> {
    let filter = RegionFilter {
        level: Some(Level::Province),
        ..RegionFilter::default()
    };
    let page = PageParams {
        page: None,
        per_page: Some(100),
    };
    Ok(lookup::list(v.state(), filter, page)
        .await?
        .items
        .into_iter()
        .map(|r| (r.code, r.name))
        .collect())
}

fn in_phase(phase: Phase, per_page: i64) -> (EditionFilter, PageParams) {
    (
        EditionFilter {
            phase: Some(phase),
            ..EditionFilter::default()
        },
        PageParams {
            page: None,
            per_page: Some(per_page),
        },
    )
}

async fn home(v: Visitor) -> PageResult {
    let provinces = provinces(&v).await.map_err(|e| v.fail(e))?;
    let (filter, page) = in_phase(Phase::SubmissionsOpen, 6);
    let open = setup::list_public(v.state(), filter, page)
        .await
        .map_err(|e| v.fail(e))?;
    let (filter, page) = in_phase(Phase::ResultsPublished, 6);
    let published = setup::list_public(v.state(), filter, page)
        .await
        .map_err(|e| v.fail(e))?;
    let cards = |list: &[EditionView]| -> Vec<EditionCard> {
        list.iter().map(|e| card(&v, e, &provinces)).collect()
    };
    v.render(
        "home.html",
        context! {
            open => minijinja::value::Serde(cards(&open.items)),
            published => minijinja::value::Serde(cards(&published.items)),
        },
    )
}

#[derive(Debug, Deserialize)]
struct EditionsQuery {
    provinsi: Option<String>,
    halaman: Option<i64>,
}

const EDITIONS_PER_PAGE: i64 = 20;

async fn editions(v: Visitor, query: web::Query<EditionsQuery>) -> PageResult {
    let query = query.into_inner();
    let provinces = provinces(&v).await.map_err(|e| v.fail(e))?;
    let chosen = query
        .provinsi
        .filter(|code| provinces.iter().any(|(c, _)| c == code));
    let page_number = query.halaman.unwrap_or(1).clamp(1, 1_000_000);
    let filter = EditionFilter {
        province: chosen.clone(),
        ..EditionFilter::default()
    };
    let page = PageParams {
        page: Some(page_number),
        per_page: Some(EDITIONS_PER_PAGE),
    };
    let found = setup::list_public(v.state(), filter, page)
        .await
        .map_err(|e| v.fail(e))?;
    let pages = (found.total + EDITIONS_PER_PAGE - 1) / EDITIONS_PER_PAGE;
    let page_link = |n: i64| match &chosen {
        Some(code) => format!("/edisi?provinsi={code}&halaman={n}"),
        None => format!("/edisi?halaman={n}"),
    };
    v.render(
        "editions.html",
        context! {
            editions => minijinja::value::Serde(found.items.iter().map(|e| card(&v, e, &provinces)).collect::<Vec<_>>()),
            provinces => provinces.iter().map(|(code, name)| context! { code, name }).collect::<Vec<_>>(),
            chosen => &chosen,
            total => found.total,
            page => page_number,
            pages => pages,
            previous => (page_number > 1).then(|| page_link(page_number - 1)),
            next => (page_number < pages).then(|| page_link(page_number + 1)),
        },
    )
}

#[derive(Debug, Deserialize)]
struct ResultsQuery {
    versi: Option<i32>,
}

#[derive(Serialize)]
struct Placed {
    rank: Option<usize>,
    tied: bool,
    winner: bool,
    organisation: String,
    region: String,
    total: Option<String>,
}

#[derive(Serialize)]
struct CategoryResults {
    id: String,
    name: String,
    podium: Vec<Placed>,
    ranking: Vec<Placed>,
}

fn placed(entry: &SnapshotEntry, winners: usize) -> Placed {
    Placed {
        rank: entry.rank,
        tied: entry.tied,
        winner: entry.rank.is_some_and(|r| r <= winners),
        organisation: entry.organisation_name.clone(),
        region: entry.region_name.clone(),
        total: entry.total.clone(),
    }
}

fn category_results(lang: Lang, category: &CategorySnapshot) -> CategoryResults {
    let winners = usize::try_from(category.winners_count).unwrap_or(0);
    CategoryResults {
        id: category.id.clone(),
        name: match lang {
            Lang::Id => category.name_id.clone(),
            Lang::En => category.name_en.clone(),
        },
        podium: category
            .winners()
            .filter(|e| e.rank.is_some_and(|r| r <= 3))
            .map(|e| placed(e, winners))
            .collect(),
        ranking: category
            .ranking
            .iter()
            .map(|e| placed(e, winners))
            .collect(),
    }
}

/// A one-line summary for link previews: the first winner of each category.
fn description(v: &Visitor, page: &ResultsPage, categories: &[CategoryResults]) -> String {
    let firsts: Vec<String> = categories
        .iter()
        .filter_map(|c| {
            c.podium
                .first()
                .map(|w| format!("{} ({})", w.organisation, c.name))
        })
        .collect();
    if firsts.is_empty() {
        format!("{} – {}", page.edition_name, v.text("results-title"))
    } else {
        format!("{}: {}", v.text("results-first-places"), firsts.join(", "))
    }
}

async fn results(v: Visitor, id: web::Path<String>, query: web::Query<ResultsQuery>) -> PageResult {
    let page = public::read_page(v.state(), id.into_inner(), query.versi)
        .await
        .map_err(|e| v.fail(e))?;
    let lang = v.lang;
    let categories: Vec<CategoryResults> = page
        .snapshot
        .iter()
        .flat_map(|s| s.categories.iter())
        .map(|c| category_results(lang, c))
        .collect();
    let when = |at| format::instant(lang, page.zone, at);
    let versions: Vec<_> = page
        .versions
        .iter()
        .map(|p| {
            context! {
                version => p.version,
                digest => &p.digest,
                published_at => when(p.published_at),
                withdrawn_at => p.withdrawn_at.map(when),
                withdrawn_reason => &p.withdrawn_reason,
                shown => p.version == page.shown.version,
            }
        })
        .collect();
    let base = format!("/api/v1/public/editions/{}/results", page.edition_id);
    let response: HttpResponse = v.render(
        "results.html",
        context! {
            edition_id => &page.edition_id,
            edition_name => &page.edition_name,
            year => page.year,
            description => description(&v, &page, &categories),
            version => page.shown.version,
            latest => page.is_latest(),
            published_at => when(page.shown.published_at),
            digest => &page.shown.digest,
            withdrawn_at => page.shown.withdrawn_at.map(when),
            withdrawn_reason => &page.shown.withdrawn_reason,
            snapshot_url => page.snapshot_url(),
            csv_url => (page.is_latest() && page.snapshot.is_some()).then(|| format!("{base}/winners.csv")),
            report_url => format!("{base}/report?version={}", page.shown.version),
            categories => minijinja::value::Serde(&categories),
            versions => versions,
        },
    )?;
    Ok(response)
}
