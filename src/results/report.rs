//! The printable results report: one HTML page per published version,
//! laid out for A4 paper, made from the frozen snapshot alone, so what is
//! printed is what the digest covers.

use serde::Serialize;

use super::snapshot::{CategorySnapshot, Snapshot};
use crate::error::ApiError;

const TEMPLATE: &str = include_str!("../../assets/templates/report.html");

/// A version of an edition's results, ready to print.
pub struct Report<'a> {
    pub snapshot: &'a Snapshot,
    pub digest: &'a str,
    /// Publication time as the edition's people read it, e.g. `22-11-2026 17:05 WIB`.
    pub published_at: String,
    /// When and why it was withdrawn, if it was.
    pub withdrawn: Option<Withdrawn>,
    /// Where the snapshot is served, byte for byte.
    pub snapshot_url: String,
}

#[derive(Debug, Clone, Serialize)]
pub struct Withdrawn {
    pub at: String,
    pub reason: String,
}

#[derive(Serialize)]
struct Row {
    rank: String,
    tied: bool,
    winner: bool,
    organisation: String,
    region: String,
    /// One score per stage of the category's table, `–` where not reached.
    stages: Vec<String>,
    total: String,
}

#[derive(Serialize)]
struct Section {
    name_id: String,
    name_en: String,
    winners_count: i32,
    aggregation: &'static str,
    tie_break: Vec<String>,
    stages: Vec<String>,
    rows: Vec<Row>,
}

/// A score as Indonesian readers write it: `86,5000`.
fn score(value: &str) -> String {
    value.replace('.', ",")
}

fn aggregation(method: &str) -> &'static str {
    match method {
        "mean" => "rata-rata / mean",
        "median" => "median",
        "trimmed_mean" => "rata-rata terpangkas / trimmed mean",
        "z_score" => "normalisasi z per juri / per-judge z-scores",
        _ => "lainnya / other",
    }
}

/// A tie-break rule as the snapshot spells it (`stage:interview`,
/// `criterion:coverage`), in words.
fn tie_break(rule: &str) -> String {
    match rule.split_once(':') {
        Some(("stage", key)) => format!("tahap {key} / stage {key}"),
        Some(("criterion", key)) => format!("kriteria {key} / criterion {key}"),
        _ => rule.to_owned(),
    }
}

fn section(category: &CategorySnapshot) -> Section {
    let mut stages: Vec<String> = Vec::new();
    for entry in &category.ranking {
        for key in entry.stages.keys() {
            if !stages.contains(key) {
                stages.push(key.clone());
            }
        }
    }
    let winners = usize::try_from(category.winners_count).unwrap_or(0);
    let rows = category
        .ranking
        .iter()
        .map(|entry| Row {
            rank: entry.rank.map_or_else(|| "–".to_owned(), |r| r.to_string()),
            tied: entry.tied,
            winner: entry.rank.is_some_and(|r| r <= winners),
            organisation: entry.organisation_name.clone(),
            region: entry.region_name.clone(),
            stages: stages
                .iter()
                .map(|key| {
                    entry
                        .stages
                        .get(key)
                        .map_or_else(|| "–".to_owned(), |s| score(s))
                })
                .collect(),
            total: entry.total.as_deref().map_or_else(|| "–".to_owned(), score),
        })
        .collect();
    Section {
        name_id: category.name_id.clone(),
        name_en: category.name_en.clone(),
        winners_count: category.winners_count,
        aggregation: aggregation(&category.aggregation),
        tie_break: category
            .tie_break
            .iter()
            .map(|rule| tie_break(rule))
            .collect(),
        stages,
        rows,
    }
}

/// The report's Content-Security-Policy: nothing loads, nothing runs, and
/// the one style block of the template is allowed by its digest, so no
/// other style (an injected one included) applies.
pub fn content_security_policy() -> &'static str {
    static POLICY: std::sync::OnceLock<String> = std::sync::OnceLock::new();
    POLICY.get_or_init(|| {
        use base64::Engine;
        use sha2::Digest;
        let style = TEMPLATE
            .split_once("<style>")
            .and_then(|(_, rest)| rest.split_once("</style>"))
            .map_or("", |(style, _)| style);
        let digest = base64::engine::general_purpose::STANDARD.encode(sha2::Sha256::digest(style));
        format!(
            "default-src 'none'; style-src 'sha256-{digest}'; base-uri 'none'; \
             form-action 'none'; frame-ancestors 'none'"
        )
    })
}

/// The report's HTML; every value from the snapshot is escaped.
pub fn render(report: &Report<'_>) -> Result<String, ApiError> {
    let mut env = minijinja::Environment::new();
    env.add_template("report.html", TEMPLATE)
        .map_err(|e| ApiError::Internal(format!("the report template is broken: {e}")))?;
    let template = env
        .get_template("report.html")
        .map_err(|e| ApiError::Internal(format!("the report template is missing: {e}")))?;
    let categories: Vec<Section> = report.snapshot.categories.iter().map(section).collect();
    template
        .render(minijinja::context! {
            edition_name => &report.snapshot.edition_name,
            version => report.snapshot.version,
            published_at => &report.published_at,
            digest => report.digest,
            withdrawn => minijinja::value::Serde(&report.withdrawn),
            snapshot_url => &report.snapshot_url,
            categories => minijinja::value::Serde(&categories),
        })
        .map_err(|e| ApiError::Internal(format!("the report could not be rendered: {e}")))
}

#[cfg(test)]
mod tests {
    use std::collections::BTreeMap;

    use super::*;
    use crate::results::snapshot::SnapshotEntry;

    fn entry(
        rank: Option<usize>,
        name: &str,
        stages: &[(&str, &str)],
        total: Option<&str>,
    ) -> SnapshotEntry {
        SnapshotEntry {
            rank,
            tied: false,
            entry_id: format!("e-{name}"),
            organisation_id: format!("o-{name}"),
            organisation_name: name.to_owned(),
            region_name: "Kota Semarang".into(),
            region_code: "33.74".into(),
            reached_stage: stages.last().map_or("data", |s| s.0).to_owned(),
            total: total.map(str::to_owned),
            stages: stages
                .iter()
                .map(|(k, v)| ((*k).to_owned(), (*v).to_owned()))
                .collect::<BTreeMap<_, _>>(),
            criteria: BTreeMap::new(),
        }
    }

    fn snapshot() -> Snapshot {
        Snapshot {
            edition_id: "ed".into(),
            edition_name: "Paritrana Award 2024 – Jawa Tengah".into(),
            year: 2024,
            version: 1,
            published_at: "2026-11-22T10:05:00Z".into(),
            precision: 4,
            categories: vec![CategorySnapshot {
                id: "c".into(),
                name_id: "Perusahaan Besar".into(),
                name_en: "Large companies".into(),
                winners_count: 1,
                rubric_version: 1,
                aggregation: "mean".into(),
                tie_break: vec!["stage:interview".into()],
                ranking: vec![
                    entry(
                        Some(1),
                        "PT <script>alert(1)</script> & Co",
                        &[("data", "87.5000"), ("interview", "85.0000")],
                        Some("86.5000"),
                    ),
                    entry(Some(2), "PT Jaya", &[("data", "60.0000")], Some("60.0000")),
                    entry(None, "PT Kosong", &[], None),
                ],
            }],
        }
    }

    fn report(snapshot: &Snapshot, withdrawn: Option<Withdrawn>) -> String {
        render(&Report {
            snapshot,
            digest: "abc123",
            published_at: "22-11-2026 17:05 WIB".into(),
            withdrawn,
            snapshot_url: "/api/v1/public/editions/ed/results/snapshot?version=1".into(),
        })
        .expect("rendered")
    }

    #[test]
    fn the_report_lists_winners_and_ranks_with_names_escaped() {
        let html = report(&snapshot(), None);
        assert!(html.contains("PT &lt;script&gt;alert(1)&lt;"), "{html}");
        assert!(html.contains("&amp; Co"), "{html}");
        assert!(!html.contains("<script>alert"), "{html}");
        assert!(html.contains("Juara 1"), "{html}");
        assert!(html.contains("86,5000"), "{html}");
        // The second entry never reached the interview: a dash, not a zero.
        let jaya = &html[html.find("PT Jaya").expect("PT Jaya")..];
        let row = &jaya[..jaya.find("</tr>").expect("row end")];
        assert_eq!(row.matches("–").count(), 1, "{row}");
        assert!(html.contains("abc123"), "{html}");
        assert!(html.contains("Large companies"), "{html}");
        assert!(
            html.contains("tahap interview &#x2f; stage interview"),
            "{html}"
        );
    }

    #[test]
    fn a_withdrawn_version_prints_the_notice_and_no_ranking() {
        let html = report(
            &snapshot(),
            Some(Withdrawn {
                at: "23-11-2026 09:00 WIB".into(),
                reason: "Data cakupan salah".into(),
            }),
        );
        assert!(html.contains("Data cakupan salah"), "{html}");
        assert!(!html.contains("PT Jaya"), "{html}");
    }
}
