//! What an entrant sees first: their organisations, the editions open for
//! entries with the categories each organisation may enter (and the rule
//! that keeps it out where it may not), and their entries with the
//! deadline of each.

use std::collections::HashMap;

use crate::auth::{Caller, Role};
use crate::categories::store::{self as categories, Category};
use crate::editions::domain::Phase;
use crate::editions::store::{self as editions, EditionQuery, EditionRow};
use crate::entries::drafting::may_enter;
use crate::entries::status::Status;
use crate::entries::store::{self, EntryQuery, EntryView};
use crate::error::{ApiError, Msg};
use crate::organisations::store::{self as organisations, Organisation};
use crate::pagination::Paging;
use crate::state::AppState;

/// The most entries the home page lists; an entrant has a handful.
const ENTRIES_SHOWN: i64 = 200;

pub struct EntrantHome {
    pub organisations: Vec<Organisation>,
    /// Editions taking entries now, newest first.
    pub open: Vec<OpenEdition>,
    /// The caller's entries by organisation name, each with its edition and category.
    pub entries: Vec<MyEntry>,
}

pub struct OpenEdition {
    pub edition: EditionRow,
    pub categories: Vec<CategoryChoice>,
}

pub struct CategoryChoice {
    pub category: Category,
    /// One line per organisation of the caller.
    pub organisations: Vec<OrganisationChoice>,
}

pub struct OrganisationChoice {
    pub organisation_id: String,
    pub name: String,
    /// The rule that keeps the organisation out; `None` when it may enter.
    pub refused: Option<Msg>,
    /// Its entry in this category, if it has one.
    pub entry: Option<(String, Status)>,
}

pub struct MyEntry {
    pub entry: EntryView,
    pub edition: EditionRow,
    pub category_name_id: String,
    pub category_name_en: String,
}

/// The entrant's home. Entrants only: other roles have their own pages.
pub async fn read(state: &AppState, caller: Caller) -> Result<EntrantHome, ApiError> {
    if !caller.has(Role::Entrant) {
        return Err(ApiError::Forbidden(Msg::said("entry-entrants-only")));
    }
    state
        .db
        .run(move |conn| {
            let mut mine = Vec::new();
            for id in &caller.organisations {
                if let Some(organisation) = organisations::find(conn, id)? {
                    mine.push(organisation);
                }
            }
            mine.sort_by(|a, b| a.name.cmp(&b.name));
            let (entries, _) = store::list(
                conn,
                &EntryQuery {
                    scope: caller.scope(),
                    ..EntryQuery::default()
                },
                Paging {
                    page: 1,
                    per_page: ENTRIES_SHOWN,
                },
            )?;
            // Editions open in the provinces of the caller's organisations
            // (entrants enter their own province's edition).
            let mut provinces: Vec<&str> = mine.iter().map(|o| o.province_code.as_str()).collect();
            provinces.sort_unstable();
            provinces.dedup();
            let mut open = Vec::new();
            for province in provinces {
                let (rows, _) = editions::list(
                    conn,
                    &EditionQuery {
                        year: None,
                        tier: None,
                        province: Some(province.to_owned()),
                        phase: Some(Phase::SubmissionsOpen),
                        scope: crate::auth::Scope::Nothing,
                    },
                    Paging {
                        page: 1,
                        per_page: 20,
                    },
                )?;
                for edition in rows {
                    let choices = categories::list(conn, &edition.id)?
                        .into_iter()
                        .map(|category| CategoryChoice {
                            organisations: mine
                                .iter()
                                .map(|organisation| OrganisationChoice {
                                    organisation_id: organisation.id.clone(),
                                    name: organisation.name.clone(),
                                    refused: may_enter(&edition, &category, organisation).err(),
                                    entry: entries
                                        .iter()
                                        .find(|e| {
                                            e.category_id == category.id
                                                && e.organisation.id == organisation.id
                                        })
                                        .map(|e| (e.id.clone(), e.status)),
                                })
                                .collect(),
                            category,
                        })
                        .collect();
                    open.push(OpenEdition {
                        edition,
                        categories: choices,
                    });
                }
            }
            // Each entry with its edition and category, each read once.
            let mut seen_editions: HashMap<String, EditionRow> = HashMap::new();
            let mut seen_categories: HashMap<String, (String, String)> = HashMap::new();
            let mut listed = Vec::new();
            for entry in entries {
                if !seen_editions.contains_key(&entry.edition_id)
                    && let Some(edition) = editions::find(conn, &entry.edition_id)?
                {
                    seen_editions.insert(entry.edition_id.clone(), edition);
                }
                if !seen_categories.contains_key(&entry.category_id)
                    && let Some(category) =
                        categories::find(conn, &entry.edition_id, &entry.category_id)?
                {
                    seen_categories.insert(
                        entry.category_id.clone(),
                        (category.name_id, category.name_en),
                    );
                }
                let (Some(edition), Some((name_id, name_en))) = (
                    seen_editions.get(&entry.edition_id),
                    seen_categories.get(&entry.category_id),
                ) else {
                    continue;
                };
                listed.push(MyEntry {
                    edition: edition.clone(),
                    category_name_id: name_id.clone(),
                    category_name_en: name_en.clone(),
                    entry,
                });
            }
            Ok(EntrantHome {
                organisations: mine,
                open,
                entries: listed,
            })
        })
        .await
}
