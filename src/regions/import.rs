//! Loading the Kemendagri region master data from its four CSV files.
//! Idempotent: new codes are inserted, renamed or moved ones updated, the
//! rest left alone, all in one transaction.

use std::collections::HashMap;
use std::io::Read;
use std::path::{Path, PathBuf};

use diesel::prelude::*;
use indicatif::ProgressBar;

use crate::db::{DbConnection, schema::regions, write_transaction};
use crate::error::ApiError;
use crate::regions::code::{Level, RegionCode};

/// The files in load order (parents before children), with their parent column.
const FILES: [(&str, Level, Option<&str>); 4] = [
    ("provinces.csv", Level::Province, None),
    ("regencies.csv", Level::Regency, Some("province_code")),
    ("districts.csv", Level::District, Some("regency_code")),
    ("villages.csv", Level::Village, Some("district_code")),
];

const BATCH: usize = 1000;

/// The same four files, built into the binary so a server started anywhere
/// can load its regions.
const EMBEDDED: [(&str, &[u8]); 4] = [
    (
        "provinces.csv",
        include_bytes!("../../assets/data/wilayah/provinces.csv"),
    ),
    (
        "regencies.csv",
        include_bytes!("../../assets/data/wilayah/regencies.csv"),
    ),
    (
        "districts.csv",
        include_bytes!("../../assets/data/wilayah/districts.csv"),
    ),
    (
        "villages.csv",
        include_bytes!("../../assets/data/wilayah/villages.csv"),
    ),
];

/// Where the region files come from.
#[derive(Debug, Clone)]
pub enum RegionSource {
    Dir(PathBuf),
    /// The copy built into the binary.
    Embedded,
}

impl RegionSource {
    /// The folder when it exists, otherwise the built-in copy.
    pub fn dir_or_embedded(dir: &Path) -> RegionSource {
        if dir.join("provinces.csv").is_file() {
            RegionSource::Dir(dir.to_owned())
        } else {
            RegionSource::Embedded
        }
    }

    fn open(&self, file: &str) -> Result<(String, Box<dyn Read>), ImportError> {
        match self {
            RegionSource::Dir(dir) => {
                let path = dir.join(file);
                let name = path.display().to_string();
                let handle = std::fs::File::open(&path).map_err(|e| ImportError::File {
                    file: name.clone(),
                    message: e.to_string(),
                })?;
                Ok((name, Box::new(handle)))
            }
            RegionSource::Embedded => {
                let bytes = EMBEDDED
                    .iter()
                    .find(|(name, _)| *name == file)
                    .map(|(_, bytes)| *bytes)
                    .unwrap_or_default();
                Ok((format!("(built-in) {file}"), Box::new(bytes)))
            }
        }
    }
}

impl std::fmt::Display for RegionSource {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            RegionSource::Dir(dir) => write!(f, "{}", dir.display()),
            RegionSource::Embedded => f.write_str("the built-in copy"),
        }
    }
}

#[derive(Debug, thiserror::Error)]
pub enum ImportError {
    #[error("{file}: {message}")]
    File { file: String, message: String },
    #[error("{file} line {line}: {message}")]
    Row {
        file: String,
        line: u64,
        message: String,
    },
    #[error(transparent)]
    Database(#[from] ApiError),
}

#[derive(Debug, Default, Clone, Copy, PartialEq, Eq)]
pub struct ImportReport {
    pub inserted: usize,
    pub updated: usize,
    pub unchanged: usize,
}

impl ImportReport {
    pub fn total(&self) -> usize {
        self.inserted + self.updated + self.unchanged
    }
}

#[derive(Debug, Clone, Insertable)]
#[diesel(table_name = regions, treat_none_as_default_value = false)]
struct NewRegion {
    code: String,
    level: String,
    parent_code: Option<String>,
    province_code: String,
    name: String,
    name_search: String,
}

fn read_file(
    source: &RegionSource,
    file: &str,
    level: Level,
    parent_column: Option<&str>,
) -> Result<Vec<NewRegion>, ImportError> {
    let (path, input) = source.open(file)?;
    let file_error = |message: String| ImportError::File {
        file: path.clone(),
        message,
    };
    let mut reader = csv::Reader::from_reader(input);
    let headers = reader
        .headers()
        .map_err(|e| file_error(e.to_string()))?
        .clone();
    let column = |name: &str| {
        headers
            .iter()
            .position(|h| h.trim() == name)
            .ok_or_else(|| file_error(format!("missing column {name:?}")))
    };
    let code_at = column("code")?;
    let name_at = column("name")?;
    let parent_at = parent_column.map(column).transpose()?;
    let mut rows = Vec::new();
    for record in reader.records() {
        let record = record.map_err(|e| file_error(e.to_string()))?;
        let line = record.position().map_or(0, |p| p.line());
        let row_error = |message: String| ImportError::Row {
            file: path.clone(),
            line,
            message,
        };
        let raw_code = record.get(code_at).unwrap_or_default();
        let code = RegionCode::parse(raw_code)
            .filter(|code| code.level() == level)
            .ok_or_else(|| row_error(format!("{raw_code:?} is not a {} code", level.as_str())))?;
        let parent_code = match parent_at {
            Some(at) => {
                let declared = record.get(at).unwrap_or_default().trim();
                let implied = code
                    .parent()
                    .map(|p| p.as_str().to_owned())
                    .unwrap_or_default();
                if declared != implied {
                    return Err(row_error(format!(
                        "parent {declared:?} does not match code {raw_code:?}"
                    )));
                }
                Some(implied)
            }
            None => None,
        };
        let name = record.get(name_at).unwrap_or_default().trim().to_owned();
        if name.is_empty() {
            return Err(row_error("empty name".into()));
        }
        rows.push(NewRegion {
            province_code: code.province().to_owned(),
            code: code.as_str().to_owned(),
            level: level.as_str().to_owned(),
            parent_code,
            name_search: name.to_lowercase(),
            name,
        });
    }
    Ok(rows)
}

/// Loads every file from `source`; `progress` advances one step per region.
pub fn import_regions(
    conn: &mut DbConnection,
    source: &RegionSource,
    progress: &ProgressBar,
) -> Result<ImportReport, ImportError> {
    let mut files = Vec::new();
    for (file, level, parent) in FILES {
        files.push(read_file(source, file, level, parent)?);
    }
    progress.set_length(files.iter().map(|rows| rows.len() as u64).sum());
    let report = write_transaction(conn, |conn| {
        let existing: HashMap<String, (Option<String>, String)> = regions::table
            .select((regions::code, regions::parent_code, regions::name))
            .load::<(String, Option<String>, String)>(conn)?
            .into_iter()
            .map(|(code, parent, name)| (code, (parent, name)))
            .collect();
        let mut report = ImportReport::default();
        for rows in files {
            let mut fresh = Vec::with_capacity(BATCH);
            for row in rows {
                match existing.get(&row.code) {
                    None => fresh.push(row),
                    Some((parent, name)) if *parent == row.parent_code && *name == row.name => {
                        report.unchanged += 1
                    }
                    Some(_) => {
                        diesel::update(regions::table.find(&row.code))
                            .set((
                                regions::parent_code.eq(&row.parent_code),
                                regions::name.eq(&row.name),
                                regions::name_search.eq(&row.name_search),
                            ))
                            .execute(conn)?;
                        report.updated += 1;
                    }
                }
                if fresh.len() == BATCH {
                    report.inserted += insert_batch(conn, &mut fresh)?;
                }
                progress.inc(1);
            }
            report.inserted += insert_batch(conn, &mut fresh)?;
        }
        Ok::<_, ApiError>(report)
    })?;
    progress.finish();
    Ok(report)
}

fn insert_batch(conn: &mut DbConnection, rows: &mut Vec<NewRegion>) -> Result<usize, ApiError> {
    if rows.is_empty() {
        return Ok(0);
    }
    // Multi-row inserts are backend-specific in diesel: run them on the inner connection.
    let statement = diesel::insert_into(regions::table).values(rows.as_slice());
    let inserted = match conn {
        DbConnection::Postgres(pg) => statement.execute(pg)?,
        DbConnection::Sqlite(sqlite) => statement.execute(sqlite)?,
    };
    rows.clear();
    Ok(inserted)
}
