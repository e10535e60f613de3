//! Exports: the ranking with its per-criterion breakdown and every judge's
//! marks (admins), as CSV or an XLSX workbook, and the public winners CSV,
//! each as a file to download. Text cells that a spreadsheet would read as
//! a formula are prefixed with an apostrophe.

use rust_xlsxwriter::{Format, Workbook, XlsxError};

use super::load::CategoryData;
use super::snapshot::Snapshot;
use super::view::{fixed, flags};
use crate::error::ApiError;
use crate::scoring::assemble::Outcome;
use crate::spreadsheet::{cell, csv as to_csv};

pub use crate::spreadsheet::CSV;
pub const XLSX: &str = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";

/// A file to download: its bytes, media type and the name to save it under.
#[derive(Debug)]
pub struct ExportFile {
    pub bytes: Vec<u8>,
    pub media_type: &'static str,
    pub file_name: String,
}

/// Header and rows of the ranking: one row per entry, best first, with
/// every stage and criterion score.
fn ranking_rows(data: &CategoryData, outcome: &Outcome) -> Vec<Vec<String>> {
    let layout = &data.layout;
    let mut header: Vec<String> = [
        "peringkat",
        "seri",
        "id_pendaftaran",
        "organisasi",
        "kode_wilayah",
        "wilayah",
        "tahap_tercapai",
        "nilai_akhir",
    ]
    .map(String::from)
    .to_vec();
    header.extend(layout.nodes.iter().map(|n| match n.level {
        "stage" => format!("tahap:{}", n.key),
        _ => n.key.clone(),
    }));
    header.push("tanda".into());
    let mut rows = vec![header];
    for &e in &outcome.order {
        let result = &outcome.entries[e];
        let meta = &data.meta[e];
        let mut row = vec![
            result.rank.map(|r| r.to_string()).unwrap_or_default(),
            if result.tied { "ya" } else { "" }.to_owned(),
            data.entries[e].id.clone(),
            cell(&meta.organisation_name),
            meta.region_code.clone(),
            cell(&meta.region_name),
            layout.stage_key(result.reached).to_owned(),
            result.scores.total.map(fixed).unwrap_or_default(),
        ];
        row.extend(
            result
                .scores
                .scores
                .iter()
                .map(|s| s.map(fixed).unwrap_or_default()),
        );
        row.push(flags(result).join(" "));
        rows.push(row);
    }
    rows
}

/// Every judge's mark on every criterion, one row each.
fn judge_rows(data: &CategoryData) -> Vec<Vec<String>> {
    let mut rows = vec![
        [
            "id_pendaftaran",
            "organisasi",
            "tahap",
            "kriteria",
            "id_juri",
            "juri",
            "nilai",
            "abstain",
            "komentar",
        ]
        .map(String::from)
        .to_vec(),
    ];
    let mut details: Vec<&super::load::SheetDetail> = data.details.iter().collect();
    details.sort_by(|a, b| {
        (&data.entries[a.entry].id, &a.stage_key, a.judge).cmp(&(
            &data.entries[b.entry].id,
            &b.stage_key,
            b.judge,
        ))
    });
    for detail in details {
        let judge = &data.judges[detail.judge as usize];
        for (criterion, mark) in &detail.marks {
            rows.push(vec![
                data.entries[detail.entry].id.clone(),
                cell(&data.meta[detail.entry].organisation_name),
                detail.stage_key.clone(),
                criterion.clone(),
                judge.id.clone(),
                cell(&judge.name),
                mark.score
                    .map(|s| s.normalize().to_string())
                    .unwrap_or_default(),
                if mark.abstain { "ya" } else { "" }.to_owned(),
                cell(mark.comment.as_deref().unwrap_or_default()),
            ]);
        }
    }
    rows
}

pub fn ranking_csv(data: &CategoryData, outcome: &Outcome) -> Result<Vec<u8>, ApiError> {
    to_csv(ranking_rows(data, outcome))
}

pub fn judges_csv(data: &CategoryData) -> Result<Vec<u8>, ApiError> {
    to_csv(judge_rows(data))
}

fn xlsx_error(e: XlsxError) -> ApiError {
    ApiError::Internal(format!("xlsx: {e}"))
}

/// A workbook with the ranking on the first sheet and judges' marks on the second.
pub fn workbook(data: &CategoryData, outcome: &Outcome) -> Result<Vec<u8>, ApiError> {
    let mut book = Workbook::new();
    let bold = Format::new().set_bold();
    for (name, rows) in [
        ("Peringkat", ranking_rows(data, outcome)),
        ("Nilai juri", judge_rows(data)),
    ] {
        let sheet = book.add_worksheet();
        sheet.set_name(name).map_err(xlsx_error)?;
        for (r, row) in rows.iter().enumerate() {
            for (c, value) in row.iter().enumerate() {
                let (r, c) = (r as u32, c as u16);
                if r == 0 {
                    sheet.write_string_with_format(r, c, value, &bold)
                } else if let Ok(number) = value.parse::<f64>() {
                    // Scores and ranks as numbers, so the sheet can sort and sum.
                    sheet.write_number(r, c, number)
                } else {
                    sheet.write_string(r, c, value)
                }
                .map_err(xlsx_error)?;
            }
        }
        sheet.set_freeze_panes(1, 0).map_err(xlsx_error)?;
    }
    book.save_to_buffer().map_err(xlsx_error)
}

/// Winners of a published snapshot: one row per winner, in UTF-8 with a
/// byte order mark so that spreadsheet programs read the names right.
pub fn winners_csv(snapshot: &Snapshot, digest: &str) -> Result<Vec<u8>, ApiError> {
    let mut rows = vec![
        [
            "kategori",
            "juara",
            "seri",
            "organisasi",
            "wilayah",
            "nilai_akhir",
            "versi",
            "digest_sha256_snapshot",
        ]
        .map(String::from)
        .to_vec(),
    ];
    for category in &snapshot.categories {
        for winner in category.winners() {
            rows.push(vec![
                cell(&category.name_id),
                winner.rank.map(|r| r.to_string()).unwrap_or_default(),
                if winner.tied { "ya" } else { "" }.to_owned(),
                cell(&winner.organisation_name),
                cell(&winner.region_name),
                winner.total.clone().unwrap_or_default(),
                snapshot.version.to_string(),
                digest.to_owned(),
            ]);
        }
    }
    let mut bytes = "\u{feff}".as_bytes().to_vec();
    bytes.extend(to_csv(rows)?);
    Ok(bytes)
}
