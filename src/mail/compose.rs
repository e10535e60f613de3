//! The words of each email: Bahasa Indonesia first, English below.

use std::collections::BTreeMap;

use diesel::prelude::*;

use super::NewEmail;
use crate::auth::Role;
use crate::db::DbConnection;
use crate::db::schema::{entries, organisation_members, user_roles, users};
use crate::editions::store::EditionRow;
use crate::error::ApiError;
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
    let at = edition.zone().stamp(withdrawn.at);
    let version = withdrawn.snapshot.version;
    let name = &edition.name;
    let reason = withdrawn.reason;
    Ok(recipients(conn, withdrawn.snapshot)?
        .into_iter()
        .map(|((email, person), standings)| {
            let mut entries_id = String::new();
            let mut entries_en = String::new();
            for Standing { category, entry, .. } in &standings {
                let name_en = if category.name_en.trim().is_empty() {
                    &category.name_id
                } else {
                    &category.name_en
                };
                entries_id.push_str(&format!(
                    "- {}, kategori {}\n",
                    entry.organisation_name, category.name_id
                ));
                entries_en.push_str(&format!(
                    "- {}, category {name_en}\n",
                    entry.organisation_name
                ));
            }
            NewEmail {
                kind: "results.withdrawn",
                edition_id: Some(edition.id.clone()),
                province_code: edition.province_code.clone(),
                recipient: email,
                subject: format!(
                    "Hasil {name} (versi {version}) ditarik / Results of {name} (version {version}) withdrawn"
                ),
                body_text: format!(
                    "Yth. {person},\n\n\
                     Hasil {name} versi {version} telah ditarik pada {at}.\n\
                     Alasan: {reason}\n\n\
                     Peringkat yang diberitahukan untuk entri berikut tidak berlaku lagi sampai \
                     hasil diumumkan kembali:\n{entries_id}\n\
                     Salam,\nPanitia Paritrana Award\n\n\
                     ----------------------------------------\n\n\
                     Dear {person},\n\n\
                     Version {version} of the results of {name} was withdrawn on {at}.\n\
                     Reason: {reason}\n\n\
                     The places you were told of for these entries no longer stand until the \
                     results are published again:\n{entries_en}\n\
                     Regards,\nThe Paritrana Award committee\n"
                ),
            }
        })
        .collect())
}

fn subject(published: &Published<'_>) -> String {
    let name = &published.edition.name;
    if published.snapshot.version > 1 {
        format!(
            "Hasil {name} diperbarui (versi {v}) / Results of {name} updated (version {v})",
            v = published.snapshot.version
        )
    } else {
        format!("Hasil {name} telah diumumkan / Results of {name} published")
    }
}

fn body(published: &Published<'_>, name: &str, standings: &[Standing<'_>]) -> String {
    let edition = published.edition;
    let at = chrono::DateTime::parse_from_rfc3339(&published.snapshot.published_at)
        .map(|utc| edition.zone().stamp(utc.naive_utc()))
        .unwrap_or_else(|_| published.snapshot.published_at.clone());
    let link = format!(
        "{}/api/v1/public/editions/{}/results",
        published.public_url.trim_end_matches('/'),
        edition.id
    );
    let digest = published.digest;
    let mut id = format!("Yth. {name},\n\n");
    let mut en = format!("Dear {name},\n\n");
    if published.snapshot.version > 1 {
        id.push_str(&format!(
            "Hasil {} telah diumumkan ulang pada {at} (versi {}).\n",
            edition.name, published.snapshot.version
        ));
        en.push_str(&format!(
            "The results of {} were published again on {at} (version {}).\n",
            edition.name, published.snapshot.version
        ));
        if let Some(reason) = published.reason {
            id.push_str(&format!("Alasan: {reason}\n"));
            en.push_str(&format!("Reason: {reason}\n"));
        }
    } else {
        id.push_str(&format!(
            "Hasil {} telah diumumkan pada {at}.\n",
            edition.name
        ));
        en.push_str(&format!(
            "The results of {} were published on {at}.\n",
            edition.name
        ));
    }
    id.push('\n');
    en.push('\n');
    for standing in standings {
        let (line_id, line_en) = standing_lines(standing);
        id.push_str(&line_id);
        en.push_str(&line_en);
    }
    id.push_str(&format!(
        "\nPara pemenang dan rincian nilai: {link}\n\
         Sidik jari SHA-256 hasil ini: {digest}\n\
         Siapa pun dapat memeriksa bahwa hasil tidak berubah sejak diumumkan.\n\n\
         Salam,\nPanitia Paritrana Award\n"
    ));
    en.push_str(&format!(
        "\nWinners and score details: {link}\n\
         SHA-256 digest of these results: {digest}\n\
         Anyone can check that the results have not changed since publication.\n\n\
         Regards,\nThe Paritrana Award committee\n"
    ));
    format!("{id}\n----------------------------------------\n\n{en}")
}

/// The entry's line in both languages: its place among the winners, its
/// rank, or that it was not ranked.
fn standing_lines(standing: &Standing<'_>) -> (String, String) {
    let Standing {
        category,
        entry,
        ranked,
    } = standing;
    let name_en = if category.name_en.trim().is_empty() {
        &category.name_id
    } else {
        &category.name_en
    };
    let tied_id = if entry.tied { " (bersama)" } else { "" };
    let tied_en = if entry.tied { " (shared)" } else { "" };
    let total_id = entry
        .total
        .as_ref()
        .map(|t| format!(", nilai akhir {}", t.replace('.', ",")))
        .unwrap_or_default();
    let total_en = entry
        .total
        .as_ref()
        .map(|t| format!(", final score {t}"))
        .unwrap_or_default();
    let winners = usize::try_from(category.winners_count).unwrap_or(0);
    let (id, en) = match entry.rank {
        Some(rank) if rank <= winners => (
            format!("Juara {rank}{tied_id}{total_id}"),
            format!("Winner, place {rank}{tied_en}{total_en}"),
        ),
        Some(rank) => (
            format!("Peringkat {rank} dari {ranked}{tied_id}{total_id}"),
            format!("Rank {rank} of {ranked}{tied_en}{total_en}"),
        ),
        None => (
            "Tidak memperoleh peringkat (tanpa nilai)".to_owned(),
            "Not ranked (no score)".to_owned(),
        ),
    };
    (
        format!(
            "- {}, kategori {}: {id}\n",
            entry.organisation_name, category.name_id
        ),
        format!("- {}, category {name_en}: {en}\n", entry.organisation_name),
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
