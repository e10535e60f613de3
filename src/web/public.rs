//! The pages anyone may read without signing in: home, the editions with
//! a province filter, and each edition's published results.

use actix_web::web;
use minijinja::context;
use serde::{Deserialize, Serialize};

use super::format;
use super::page::{PageResult, Visitor};
use super::podium::{
    CategoryResults, Placed, category_name, category_results, placed, winners_count,
};
use crate::editions::domain::Phase;
use crate::editions::setup::{self, EditionFilter};
use crate::editions::view::EditionView;
use crate::error::ApiError;
use crate::i18n::Lang;
use crate::kept::Fragment;
use crate::pagination::PageParams;
use crate::regions::code::Level;
use crate::regions::lookup::{self, RegionFilter};
use crate::results::public::{self, Published};
use crate::results::publications::Publication;

pub fn configure(cfg: &mut web::ServiceConfig) {
    cfg.service(web::resource("/").route(web::get().to(home)))
        .service(web::resource("/edisi").route(web::get().to(editions)))
        .service(web::resource("/edisi/{id}/hasil").route(web::get().to(results)))
        .service(web::resource("/edisi/{id}/hasil/{kategori}").route(web::get().to(category)));
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

/// A one-line summary for link previews: the first winner of each category.
fn description(v: &Visitor, edition_name: &str, categories: &[CategoryResults]) -> String {
    let firsts: Vec<String> = categories
        .iter()
        .filter_map(|c| {
            c.podium
                .first()
                .map(|w| format!("{} ({})", w.organisation, c.name))
        })
        .collect();
    if firsts.is_empty() {
        format!("{edition_name} – {}", v.text("results-title"))
    } else {
        format!("{}: {}", v.text("results-first-places"), firsts.join(", "))
    }
}

/// What both results pages say of the version shown: its number, when it
/// was published, whether it is the latest, and its withdrawal.
fn version_context(lang: Lang, published: &Published, shown: &Publication) -> minijinja::Value {
    let when = |at| format::instant(lang, published.zone, at);
    context! {
        edition_id => &published.edition_id,
        version => shown.version,
        latest => published.is_latest(shown.version),
        published_at => when(shown.published_at),
        withdrawn_at => shown.withdrawn_at.map(when),
        withdrawn_reason => &shown.withdrawn_reason,
        // How links to another page of these results keep to this version.
        keep_version => (!published.is_latest(shown.version)).then(|| format!("?versi={}", shown.version)),
    }
}

/// The results pages are kept rendered by everything they show: the
/// language, the page, the version shown and the fingerprint of all
/// versions. A new version or a withdrawal changes the fingerprint, so a
/// kept page is never shown once the versions read say otherwise (and
/// those are at most a second old; see [`crate::kept::Recent`]).
fn kept_key(v: &Visitor, page: &str, published: &Published, shown: &Publication) -> String {
    format!(
        "{page}|{}|{}|{}|{}",
        v.lang.code(),
        published.edition_id,
        shown.version,
        published.fingerprint
    )
}

async fn results(v: Visitor, id: web::Path<String>, query: web::Query<ResultsQuery>) -> PageResult {
    let published = public::read_published(v.state(), id.into_inner())
        .await
        .map_err(|e| v.fail(e))?;
    let shown = published.version(query.versi).map_err(|e| v.fail(e))?;
    let key = kept_key(&v, "hasil", &published, shown);
    let fragment = v
        .state()
        .fragments
        .get_or_make(&key, edition_results(&v, &published, shown))
        .await
        .map_err(|e| v.fail(e))?;
    v.render_kept(&fragment)
}

/// The edition's results page: each category's podium, the downloads, and
/// every version with its digest.
async fn edition_results(
    v: &Visitor,
    published: &Published,
    shown: &Publication,
) -> Result<Fragment, ApiError> {
    let lang = v.lang;
    let frozen =
        public::read_frozen(v.state(), published.edition_id.clone(), shown.version).await?;
    let categories: Vec<CategoryResults> = if shown.withdrawn_at.is_some() {
        Vec::new()
    } else {
        frozen
            .categories
            .iter()
            .map(|c| category_results(lang, c))
            .collect()
    };
    let when = |at| format::instant(lang, published.zone, at);
    let versions: Vec<_> = published
        .versions
        .iter()
        .map(|p| {
            context! {
                version => p.version,
                digest => &p.digest,
                published_at => when(p.published_at),
                withdrawn_at => p.withdrawn_at.map(when),
                withdrawn_reason => &p.withdrawn_reason,
                shown => p.version == shown.version,
            }
        })
        .collect();
    let base = format!("/api/v1/public/editions/{}/results", published.edition_id);
    let latest = published.is_latest(shown.version);
    v.render_fragment(
        "results.html",
        context! {
            edition_name => &frozen.edition_name,
            year => frozen.year,
            description => description(v, &frozen.edition_name, &categories),
            digest => &shown.digest,
            snapshot_url => published.snapshot_url(shown.version),
            csv_url => (latest && shown.withdrawn_at.is_none()).then(|| format!("{base}/winners.csv")),
            report_url => format!("{base}/report?version={}", shown.version),
            categories => minijinja::value::Serde(&categories),
            versions => versions,
            ..version_context(lang, published, shown)
        },
    )
}

async fn category(
    v: Visitor,
    path: web::Path<(String, String)>,
    query: web::Query<ResultsQuery>,
) -> PageResult {
    let (edition_id, category_id) = path.into_inner();
    let published = public::read_published(v.state(), edition_id)
        .await
        .map_err(|e| v.fail(e))?;
    let shown = published.version(query.versi).map_err(|e| v.fail(e))?;
    let key = kept_key(&v, &format!("kategori/{category_id}"), &published, shown);
    let fragment = v
        .state()
        .fragments
        .get_or_make(&key, category_ranking(&v, &published, shown, &category_id))
        .await
        .map_err(|e| v.fail(e))?;
    v.render_kept(&fragment)
}

/// One category's full ranking in the version shown.
async fn category_ranking(
    v: &Visitor,
    published: &Published,
    shown: &Publication,
    category_id: &str,
) -> Result<Fragment, ApiError> {
    let lang = v.lang;
    let frozen =
        public::read_frozen(v.state(), published.edition_id.clone(), shown.version).await?;
    let category = frozen
        .categories
        .iter()
        .find(|c| c.id == category_id)
        .ok_or_else(|| ApiError::not_found("category-not-found"))?;
    let winners = winners_count(category);
    let ranking: Vec<Placed> = if shown.withdrawn_at.is_some() {
        Vec::new()
    } else {
        category
            .ranking
            .iter()
            .map(|e| placed(e, winners))
            .collect()
    };
    let name = category_name(lang, category);
    v.render_fragment(
        "ranking.html",
        context! {
            edition_name => &frozen.edition_name,
            category_name => &name,
            description => format!("{}: {name}, {}", v.text("results-ranking-of"), frozen.edition_name),
            ranking => minijinja::value::Serde(&ranking),
            ..version_context(lang, published, shown)
        },
    )
}
