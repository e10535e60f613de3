//! Results as the public reads them, one category at a time: the podium
//! and each ranked entry's place, from a frozen snapshot. The public
//! results pages and the office's preview of a publication show them
//! alike.

use serde::Serialize;

use crate::i18n::Lang;
use crate::results::snapshot::{CategorySnapshot, SnapshotEntry};

#[derive(Serialize)]
pub struct Placed {
    pub rank: Option<usize>,
    pub tied: bool,
    pub winner: bool,
    pub organisation: String,
    pub region: String,
    pub total: Option<String>,
}

#[derive(Serialize)]
pub struct CategoryResults {
    pub id: String,
    pub name: String,
    pub podium: Vec<Placed>,
    /// How many entries the full ranking lists.
    pub ranked: usize,
}

pub fn placed(entry: &SnapshotEntry, winners: usize) -> Placed {
    Placed {
        rank: entry.rank,
        tied: entry.tied,
        winner: entry.rank.is_some_and(|r| r <= winners),
        organisation: entry.organisation_name.clone(),
        region: entry.region_name.clone(),
        total: entry.total.clone(),
    }
}

pub fn winners_count(category: &CategorySnapshot) -> usize {
    usize::try_from(category.winners_count).unwrap_or(0)
}

pub fn category_name(lang: Lang, category: &CategorySnapshot) -> String {
    match lang {
        Lang::Id => category.name_id.clone(),
        Lang::En => category.name_en.clone(),
    }
}

pub fn category_results(lang: Lang, category: &CategorySnapshot) -> CategoryResults {
    let winners = winners_count(category);
    CategoryResults {
        id: category.id.clone(),
        name: category_name(lang, category),
        podium: category
            .winners()
            .filter(|e| e.rank.is_some_and(|r| r <= 3))
            .map(|e| placed(e, winners))
            .collect(),
        ranked: category.ranking.len(),
    }
}
