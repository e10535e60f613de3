//! The words of each email: Bahasa Indonesia first, English below.

use std::collections::BTreeMap;

use diesel::prelude::*;

use super::NewEmail;
use crate::auth::Role;
use crate::db::DbConnection;
use crate::db::schema::{entries, organisation_members, user_roles, users};
use crate::editions::store::EditionRow;
use crate::error::{ApiError, Arg, Msg};
use crate::results::snapshot::{CategorySnapshot, Snapshot, SnapshotEntry};

/// A published (or republished) edition's results, as its entrants hear of them.
pub struct Published<'a> {
    pub edition: &'a EditionRow,
    pub snapshot: &'a Snapshot,
    pub digest: &'a str,
    /// Given when results are published again.
    pub reason: Option<&'a str>,
    /// Where the public results live, e.g. `https://paritrana.example.id`.
    pub public_url: &'a str,
}

/// One entry's line in an entrant's email.
#[derive(Clone, Copy)]
struct Standing<'a> {
    category: &'a CategorySnapshot,
    entry: &'a SnapshotEntry,
    ranked: usize,
}

/// Every active entrant account of every organisation with an entry in the
/// snapshot, each with its organisations' entries.
fn recipients<'s>(
    conn: &mut DbConnection,
    snapshot: &'s Snapshot,
) -> Result<BTreeMap<(String, String), Vec<Standing<'s>>>, ApiError> {
    let mut by_organisation: BTreeMap<&str, Vec<Standing<'_>>> = BTreeMap::new();
    for category in &snapshot.categories {
        let ranked = category.ranking.iter().filter(|e| e.rank.is_some()).count();
        for entry in &category.ranking {
            by_organisation
                .entry(entry.organisation_id.as_str())
                .or_default()
                .push(Standing {
                    category,
                    entry,
                    ranked,
                });
        }
    }
    // The members of every organisation with an entry in the edition, in
    // one query without a list of ids (which SQLite caps, and which made
    // PostgreSQL plan a probe per id); those not in the snapshot drop out
    // below.
    let entered = entries::table
        .filter(entries::edition_id.eq(&snapshot.edition_id))
        .select(entries::organisation_id);
    let members: Vec<(String, String, String)> = organisation_members::table
        .inner_join(users::table)
        .inner_join(
            user_roles::table.on(user_roles::user_id
                .eq(users::id)
                .and(user_roles::role.eq(Role::Entrant.as_str()))),
        )
        .filter(organisation_members::organisation_id.eq_any(entered))
        .filter(users::is_active.eq(true))
        .select((
            users::email,
            users::display_name,
            organisation_members::organisation_id,
        ))
        .load(conn)?;
    let mut by_recipient: BTreeMap<(String, String), Vec<Standing<'s>>> = BTreeMap::new();
    for (email, name, organisation) in members {
        if let Some(standings) = by_organisation.get(organisation.as_str()) {
            by_recipient
                .entry((email, name))
                .or_default()
                .extend(standings.iter().copied());
        }
    }
    Ok(by_recipient)
}

/// One email to every active entrant account of every organisation with an
/// entry in the results, listing each of its organisations' entries with
/// the place or rank they reached.
pub fn results_published(
    conn: &mut DbConnection,
    published: &Published<'_>,
) -> Result<Vec<NewEmail>, ApiError> {
    Ok(recipients(conn, published.snapshot)?
        .into_iter()
        .map(|((email, name), standings)| NewEmail {
            kind: "results.published",
            edition_id: Some(published.edition.id.clone()),
            province_code: published.edition.province_code.clone(),
            recipient: email,
            subject: subject(published),
            body_text: body(published, &name, &standings),
        })
        .collect())
}

/// Withdrawn results, as the entrants told of them hear of it.
pub struct Withdrawn<'a> {
    pub edition: &'a EditionRow,
    /// The version withdrawn.
    pub snapshot: &'a Snapshot,
    pub reason: &'a str,
    pub at: chrono::NaiveDateTime,
}

/// One email to every entrant account told of the withdrawn version: the
/// places it gave no longer stand.
pub fn results_withdrawn(
    conn: &mut DbConnection,
    withdrawn: &Withdrawn<'_>,
) -> Result<Vec<NewEmail>, ApiError> {
    let edition = withdrawn.edition;
    let subject = Msg::with(
        "email-results-withdrawn-subject",
        &[
            ("edition", (&edition.name).into()),
            ("version", withdrawn.snapshot.version.into()),
        ],
    );
    Ok(recipients(conn, withdrawn.snapshot)?
        .into_iter()
        .map(|((email, person), standings)| NewEmail {
            kind: "results.withdrawn",
            edition_id: Some(edition.id.clone()),
            province_code: edition.province_code.clone(),
            recipient: email,
            subject: both_subject(&subject),
            body_text: withdrawn_body(withdrawn, &person, &standings),
        })
        .collect())
}

fn withdrawn_body(withdrawn: &Withdrawn<'_>, name: &str, standings: &[Standing<'_>]) -> String {
    let edition = withdrawn.edition;
    let entries: Vec<Msg> = standings
        .iter()
        .map(|standing| {
            Msg::with(
                "email-results-withdrawn-entry",
                &[
                    ("organisation", (&standing.entry.organisation_name).into()),
                    ("category", category_name(standing.category)),
                ],
            )
        })
        .collect();
    both_body(&Msg::with(
        "email-results-withdrawn-body",
        &[
            ("name", name.into()),
            ("edition", (&edition.name).into()),
            ("version", withdrawn.snapshot.version.into()),
            ("at", edition.zone().stamp(withdrawn.at).into()),
            ("reason", withdrawn.reason.into()),
            ("entries", lines(&entries)),
        ],
    ))
}

fn subject(published: &Published<'_>) -> String {
    let edition = &published.edition.name;
    let version = published.snapshot.version;
    both_subject(&if version > 1 {
        Msg::with(
            "email-results-republished-subject",
            &[("edition", edition.into()), ("version", version.into())],
        )
    } else {
        Msg::with(
            "email-results-published-subject",
            &[("edition", edition.into())],
        )
    })
}

fn body(published: &Published<'_>, name: &str, standings: &[Standing<'_>]) -> String {
    let edition = published.edition;
    let version = published.snapshot.version;
    let at = chrono::DateTime::parse_from_rfc3339(&published.snapshot.published_at)
        .map(|utc| edition.zone().stamp(utc.naive_utc()))
        .unwrap_or_else(|_| published.snapshot.published_at.clone());
    let link = format!(
        "{}/api/v1/public/editions/{}/results",
        published.public_url.trim_end_matches('/'),
        edition.id
    );
    let mut news = vec![if version > 1 {
        Msg::with(
            "email-results-republished-news",
            &[
                ("edition", (&edition.name).into()),
                ("at", (&at).into()),
                ("version", version.into()),
            ],
        )
    } else {
        Msg::with(
            "email-results-published-news",
            &[("edition", (&edition.name).into()), ("at", (&at).into())],
        )
    }];
    if let Some(reason) = published.reason.filter(|_| version > 1) {
        news.push(Msg::with(
            "email-results-reason",
            &[("reason", reason.into())],
        ));
    }
    let entries: Vec<Msg> = standings.iter().map(standing_line).collect();
    both_body(&Msg::with(
        "email-results-published-body",
        &[
            ("name", name.into()),
            ("news", lines(&news)),
            ("entries", lines(&entries)),
            ("link", link.into()),
            ("digest", published.digest.into()),
        ],
    ))
}

/// The entry's line: its place among the winners, its rank, or that it
/// was not ranked.
fn standing_line(standing: &Standing<'_>) -> Msg {
    let Standing {
        category,
        entry,
        ranked,
    } = standing;
    let winners = usize::try_from(category.winners_count).unwrap_or(0);
    let (place, tied, total) = match entry.rank {
        Some(rank) if rank <= winners => (
            Msg::with("email-results-winner", &[("place", rank.into())]),
            entry.tied,
            entry.total.as_deref(),
        ),
        Some(rank) => (
            Msg::with(
                "email-results-ranked",
                &[("rank", rank.into()), ("ranked", ranked.into())],
            ),
            entry.tied,
            entry.total.as_deref(),
        ),
        None => (Msg::said("email-results-unranked"), false, None),
    };
    Msg::with(
        "email-results-entry",
        &[
            ("organisation", (&entry.organisation_name).into()),
            ("category", category_name(category)),
            ("place", Arg::each(place.id, place.en)),
            ("tied", if tied { "yes" } else { "no" }.into()),
            (
                "total",
                // Indonesian readers write a decimal comma.
                total.map_or("none".into(), |t| Arg::each(t.replace('.', ","), t)),
            ),
        ],
    )
}

/// A category's name in each language; the Indonesian one when it has no
/// English name.
fn category_name(category: &CategorySnapshot) -> Arg {
    let en = if category.name_en.trim().is_empty() {
        &category.name_id
    } else {
        &category.name_en
    };
    Arg::each(&category.name_id, en)
}

/// Messages one below the other, in each language.
fn lines(messages: &[Msg]) -> Arg {
    let join = |text: fn(&Msg) -> &str| messages.iter().map(text).collect::<Vec<_>>().join("\n");
    Arg::each(join(|m| &m.id), join(|m| &m.en))
}

/// A subject in Bahasa Indonesia, then in English.
pub(super) fn both_subject(subject: &Msg) -> String {
    format!("{} / {}", subject.id, subject.en)
}

/// A results email's text: Bahasa Indonesia, a rule, then English.
pub(super) fn both_body(body: &Msg) -> String {
    format!(
        "{}\n\n----------------------------------------\n\n{}\n",
        body.id, body.en
    )
}

/// Who receives a single-use link, and what it is for.
pub struct LinkEmail<'a> {
    pub purpose: crate::auth::links::Purpose,
    pub email: &'a str,
    pub name: &'a str,
    /// The page the link opens.
    pub url: &'a str,
    /// Who invited (invitations only).
    pub inviter: &'a str,
    /// The roles given, each as its catalogue id (`role-judge`).
    pub roles: &'a [&'a str],
    /// The province whose admins see it in the outbox.
    pub province_code: Option<String>,
}

/// An invitation or a password reset: Bahasa Indonesia first, then English,
/// both from the message catalogue.
pub fn account_link(link: &LinkEmail<'_>) -> NewEmail {
    use crate::auth::links::Purpose;
    use crate::i18n::{Lang, catalogue};
    use fluent_bundle::FluentArgs;
    let (subject, body, kind) = match link.purpose {
        Purpose::Invitation => (
            "email-invitation-subject",
            "email-invitation-body",
            "account.invitation",
        ),
        Purpose::Reset => ("email-reset-subject", "email-reset-body", "account.reset"),
    };
    let text = |lang: Lang| {
        let roles: Vec<String> = link
            .roles
            .iter()
            .map(|role| catalogue().text(lang, role, None))
            .collect();
        let mut args = FluentArgs::new();
        args.set("name", link.name);
        args.set("email", link.email);
        args.set("link", link.url);
        args.set("inviter", link.inviter);
        args.set("roles", roles.join(", "));
        catalogue().text(lang, body, Some(&args))
    };
    NewEmail {
        kind,
        edition_id: None,
        province_code: link.province_code.clone(),
        recipient: link.email.to_owned(),
        subject: format!(
            "{} / {}",
            catalogue().text(Lang::Id, subject, None),
            catalogue().text(Lang::En, subject, None)
        ),
        body_text: format!(
            "{below}\n\n{id}\n\n{sign_id}\n\n----------------------------------------\n\n{en}\n\n{sign_en}\n",
            below = catalogue().text(Lang::Id, "email-english-below", None),
            id = text(Lang::Id),
            sign_id = catalogue().text(Lang::Id, "email-signature", None),
            en = text(Lang::En),
            sign_en = catalogue().text(Lang::En, "email-signature", None),
        ),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn category() -> CategorySnapshot {
        CategorySnapshot {
            id: "c-1".into(),
            name_id: "Perusahaan Besar".into(),
            name_en: String::new(),
            winners_count: 1,
            rubric_version: 1,
            aggregation: "mean".into(),
            tie_break: Vec::new(),
            ranking: Vec::new(),
        }
    }

    fn entry(rank: Option<usize>, tied: bool, total: Option<&str>) -> SnapshotEntry {
        SnapshotEntry {
            rank,
            tied,
            entry_id: "e-1".into(),
            organisation_id: "o-1".into(),
            organisation_name: "PT Jaya".into(),
            region_code: "33.74".into(),
            region_name: "Kota Semarang".into(),
            reached_stage: "final".into(),
            total: total.map(String::from),
            stages: BTreeMap::new(),
            criteria: BTreeMap::new(),
        }
    }

    #[test]
    fn each_entry_reads_with_its_place_in_both_languages() {
        let category = category();
        let line = |entry: &SnapshotEntry| {
            standing_line(&Standing {
                category: &category,
                entry,
                ranked: 3,
            })
        };
        let winner = line(&entry(Some(1), true, Some("90.5000")));
        assert_eq!(
            winner.id,
            "- PT Jaya, kategori Perusahaan Besar: Juara 1 (bersama), nilai akhir 90,5000"
        );
        assert_eq!(
            winner.en,
            "- PT Jaya, category Perusahaan Besar: Winner, place 1 (shared), final score 90.5000"
        );
        let ranked = line(&entry(Some(2), false, None));
        assert_eq!(
            ranked.id,
            "- PT Jaya, kategori Perusahaan Besar: Peringkat 2 dari 3"
        );
        assert_eq!(
            ranked.en,
            "- PT Jaya, category Perusahaan Besar: Rank 2 of 3"
        );
        let unranked = line(&entry(None, false, None));
        assert_eq!(
            unranked.en,
            "- PT Jaya, category Perusahaan Besar: Not ranked (no score)"
        );
    }
}
