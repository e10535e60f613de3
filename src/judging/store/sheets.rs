//! The queries of a judge's side: an assignment with its edition and
//! category, the worklist, an entry's facts and evidence, the scoresheet
//! and everything a save checks (read in one statement), the rubric
//! criteria (cached once frozen), recusal, reopening and progress.

use std::collections::HashMap;
use std::sync::{Arc, Mutex, OnceLock};

use diesel::prelude::*;

use crate::auth::{Caller, Role, SignedIn, Standing};
use crate::categories::store as categories;
use crate::db::schema::{
    assignments, categories as category_table, conflict_records, edition_judges, entries,
    evidence_files, organisations, scoresheets, users,
};
use crate::db::{DbConnection, now};
use crate::editions::store::EditionRow;
use crate::error::ApiError;
use crate::judging::scoresheet::{
    Scoresheet, SheetRow, StageCriteria, computed_criteria, judged_criteria,
};

use super::stages::{NewConflict, not_found, record_conflict};
/// An assignment as the judge's side reads it, with its edition and category.
pub struct Loaded {
    pub assignment_id: String,
    pub judge_user: String,
    pub status: String,
    pub stage_key: String,
    pub entry_id: String,
    pub edition: EditionRow,
    pub category: categories::Category,
}

/// The assignment's own columns that [`Loaded`] keeps, with its judge's user id.
const LOADED_COLUMNS: (
    assignments::id,
    assignments::stage_key,
    assignments::entry_id,
    assignments::status,
    edition_judges::user_id,
) = (
    assignments::id,
    assignments::stage_key,
    assignments::entry_id,
    assignments::status,
    edition_judges::user_id,
);

type LoadedRow = (
    (String, String, String, String, String),
    EditionRow,
    categories::CategoryRow,
);

impl Loaded {
    fn from_row(
        ((assignment_id, stage_key, entry_id, status, judge_user), edition, category): LoadedRow,
    ) -> Loaded {
        Loaded {
            assignment_id,
            judge_user,
            status,
            stage_key,
            entry_id,
            edition,
            // The category's settings only: its rubric is read where scores are checked.
            category: category.decode(None),
        }
    }
}

pub fn load(conn: &mut DbConnection, id: &str) -> Result<Loaded, ApiError> {
    use crate::db::schema::editions as edition_table;
    // One round trip: the assignment, its judge, edition and category.
    let row = assignments::table
        .inner_join(edition_judges::table)
        .inner_join(edition_table::table.on(edition_table::id.eq(edition_judges::edition_id)))
        .inner_join(category_table::table.on(category_table::id.eq(assignments::category_id)))
        .filter(assignments::id.eq(id))
        .select((
            LOADED_COLUMNS,
            EditionRow::as_select(),
            categories::CategoryRow::as_select(),
        ))
        .first::<LoadedRow>(conn)
        .optional()?
        .ok_or_else(not_found)?;
    Ok(Loaded::from_row(row))
}

/// An assignment as its judge reads it: with its edition and category,
/// the entry's values, region and organisation name, the sheet as it
/// stands and the category's current rubric version.
pub struct Reading {
    pub loaded: Loaded,
    pub values_json: String,
    pub region_code: String,
    pub name: String,
    pub sheet: Scoresheet,
    /// The current rubric version and whether it is frozen.
    pub rubric: Option<(i32, bool)>,
}

/// Reads [`Reading`] in one statement: a judge opens sheets often.
pub fn reading(conn: &mut DbConnection, id: &str) -> Result<Reading, ApiError> {
    use crate::db::schema::{editions as edition_table, rubric_versions};
    type Row = (
        (String, String, String, String, String),
        EditionRow,
        categories::CategoryRow,
        (String, String, String),
        Option<SheetRow>,
        Option<(i32, bool)>,
    );
    let query = assignments::table
        .inner_join(edition_judges::table)
        .inner_join(edition_table::table.on(edition_table::id.eq(edition_judges::edition_id)))
        .inner_join(category_table::table.on(category_table::id.eq(assignments::category_id)))
        .inner_join(
            entries::table
                .inner_join(organisations::table)
                .on(entries::id.eq(assignments::entry_id)),
        )
        .left_join(scoresheets::table)
        .left_join(
            rubric_versions::table.on(rubric_versions::category_id.eq(assignments::category_id)),
        )
        .filter(assignments::id.eq(id))
        .order(rubric_versions::version.desc())
        .select((
            LOADED_COLUMNS,
            EditionRow::as_select(),
            categories::CategoryRow::as_select(),
            (
                entries::values_json,
                entries::region_code,
                organisations::name,
            ),
            SHEET_COLUMNS.nullable(),
            (rubric_versions::version, rubric_versions::frozen).nullable(),
        ));
    let row = query.first::<Row>(conn).optional()?;
    let (assignment, edition, category, (values_json, region_code, name), sheet, rubric) =
        row.ok_or_else(not_found)?;
    Ok(Reading {
        loaded: Loaded::from_row((assignment, edition, category)),
        values_json,
        region_code,
        name,
        sheet: Scoresheet::from_row(sheet),
        rubric,
    })
}

/// The scoresheet columns a save and a judge read; absent before the first save.
pub const SHEET_COLUMNS: (
    scoresheets::status,
    scoresheets::scores_json,
    scoresheets::submitted_at,
    scoresheets::reopened_reason,
    scoresheets::version,
    scoresheets::updated_at,
) = (
    scoresheets::status,
    scoresheets::scores_json,
    scoresheets::submitted_at,
    scoresheets::reopened_reason,
    scoresheets::version,
    scoresheets::updated_at,
);

pub fn sheet(conn: &mut DbConnection, assignment_id: &str) -> Result<Scoresheet, ApiError> {
    let row = scoresheets::table
        .find(assignment_id)
        .select(SHEET_COLUMNS)
        .first::<SheetRow>(conn)
        .optional()?;
    Ok(Scoresheet::from_row(row))
}

/// What a save checks, read in one statement: only the columns it uses.
pub struct SaveContext {
    pub judge_user: String,
    pub status: String,
    pub stage_key: String,
    pub category_id: String,
    pub phase: String,
    pub province_code: Option<String>,
    /// The judge's email, for the audit record.
    pub email: String,
    pub standing: Standing,
    pub current: Scoresheet,
    /// The category's current rubric version, and whether it is frozen.
    pub rubric: Option<(i32, bool)>,
}

/// The assignment with its judge's account and the standing of the caller's
/// token, the edition's phase and province, the sheet as it stands and the
/// category's current rubric version: everything a save checks, in one
/// statement (and so one read snapshot), because saves are the busiest
/// write judging has.
pub fn save_context(
    conn: &mut DbConnection,
    signed_in: &SignedIn,
    id: &str,
) -> Result<Option<SaveContext>, ApiError> {
    use crate::auth::caller::{holds, revoked};
    use crate::db::schema::{editions as edition_table, rubric_versions};
    type Row = (
        AssignmentColumns,
        (bool, bool, bool, i32),
        (String, Option<String>),
        Option<SheetRow>,
        Option<(i32, bool)>,
    );
    let query = assignments::table
        .inner_join(edition_judges::table.inner_join(users::table))
        .inner_join(edition_table::table.on(edition_table::id.eq(edition_judges::edition_id)))
        .left_join(scoresheets::table)
        .left_join(
            rubric_versions::table.on(rubric_versions::category_id.eq(assignments::category_id)),
        )
        .filter(assignments::id.eq(id))
        .order(rubric_versions::version.desc())
        .select((
            ASSIGNMENT_COLUMNS,
            (
                users::is_active,
                revoked(signed_in.token_id()),
                holds(signed_in.user_id(), Role::Judge.as_str()),
                users::session_generation,
            ),
            (edition_table::phase, edition_table::province_code),
            SHEET_COLUMNS.nullable(),
            (rubric_versions::version, rubric_versions::frozen).nullable(),
        ));
    let row = crate::on_backend!(conn, |inner| query.first::<Row>(inner).optional())?;
    Ok(row.map(
        |(assignment, (active, revoked, holds_role, generation), edition, sheet, rubric)| {
            let standing = Standing {
                active,
                // A token from before the last password change is as good as signed out.
                revoked: revoked || generation != signed_in.generation(),
                holds_role,
            };
            SaveContext::new(assignment, standing, edition, sheet, rubric)
        },
    ))
}

/// The assignment's status, stage and category, its judge's user id and
/// email: what a save reads of the assignment and its judge.
pub const ASSIGNMENT_COLUMNS: (
    assignments::status,
    assignments::stage_key,
    assignments::category_id,
    edition_judges::user_id,
    users::email,
) = (
    assignments::status,
    assignments::stage_key,
    assignments::category_id,
    edition_judges::user_id,
    users::email,
);

/// [`ASSIGNMENT_COLUMNS`] as read.
pub type AssignmentColumns = (String, String, String, String, String);

impl SaveContext {
    /// Puts together what [`save_context`] or its batched form read.
    pub fn new(
        (status, stage_key, category_id, judge_user, email): AssignmentColumns,
        standing: Standing,
        (phase, province_code): (String, Option<String>),
        sheet: Option<SheetRow>,
        rubric: Option<(i32, bool)>,
    ) -> SaveContext {
        SaveContext {
            judge_user,
            status,
            stage_key,
            category_id,
            phase,
            province_code,
            email,
            standing,
            current: Scoresheet::from_row(sheet),
            rubric,
        }
    }
}

/// Judged criteria of frozen rubric versions by (category, version, stage).
/// A frozen version never changes (a change makes a new version), so every
/// instance may keep what it has decoded.
type FrozenCriteria = HashMap<(String, i32, String), Arc<StageCriteria>>;
static FROZEN: OnceLock<Mutex<FrozenCriteria>> = OnceLock::new();

/// The stage's judged and computed criteria at a known rubric version.
pub fn criteria_at(
    conn: &mut DbConnection,
    category_id: &str,
    stage_key: &str,
    version: i32,
    frozen: bool,
) -> Result<Arc<StageCriteria>, ApiError> {
    let key = (category_id.to_owned(), version, stage_key.to_owned());
    let cache = FROZEN.get_or_init(Default::default);
    if frozen && let Some(hit) = cache.lock().ok().and_then(|c| c.get(&key).cloned()) {
        return Ok(hit);
    }
    let current = categories::current_rubric(conn, category_id)?
        .ok_or_else(not_found)?
        .decode()?;
    let stage = current
        .rubric
        .stages
        .iter()
        .find(|s| s.key == stage_key)
        .ok_or_else(not_found)?;
    let criteria = Arc::new(StageCriteria {
        judged: judged_criteria(stage),
        computed: computed_criteria(stage),
    });
    // Kept under the version actually decoded, should a new one have come since.
    if current.frozen
        && let Ok(mut cache) = cache.lock()
    {
        cache.insert((key.0, current.version, key.2), Arc::clone(&criteria));
    }
    Ok(criteria)
}

/// One of a judge's assignments as listed: (id, edition, category, category
/// name, blind, stage, entry, entrant name, status, scoresheet status).
pub type WorklistRow = (
    String,
    String,
    String,
    String,
    bool,
    String,
    String,
    String,
    String,
    Option<String>,
);

/// The assignments of the judge with this account.
pub fn worklist(conn: &mut DbConnection, user_id: &str) -> Result<Vec<WorklistRow>, ApiError> {
    Ok(assignments::table
        .inner_join(edition_judges::table)
        .inner_join(category_table::table.on(category_table::id.eq(assignments::category_id)))
        .inner_join(entries::table.on(entries::id.eq(assignments::entry_id)))
        .inner_join(organisations::table.on(organisations::id.eq(entries::organisation_id)))
        .left_join(scoresheets::table.on(scoresheets::assignment_id.eq(assignments::id)))
        .filter(edition_judges::user_id.eq(user_id))
        .select((
            assignments::id,
            edition_judges::edition_id,
            assignments::category_id,
            category_table::name_id,
            category_table::blind,
            assignments::stage_key,
            assignments::entry_id,
            organisations::name,
            assignments::status,
            scoresheets::status.nullable(),
        ))
        .order((
            category_table::name_id,
            assignments::stage_key,
            assignments::entry_id,
        ))
        .load(conn)?)
}

/// An entry's values, region and entrant name.
pub fn entry_facts(
    conn: &mut DbConnection,
    entry_id: &str,
) -> Result<(String, String, String), ApiError> {
    Ok(entries::table
        .inner_join(organisations::table)
        .filter(entries::id.eq(entry_id))
        .select((
            entries::values_json,
            entries::region_code,
            organisations::name,
        ))
        .first(conn)?)
}

/// An evidence file as a judge lists it: (id, indicator, file name, media
/// type, size).
pub type EvidenceRow = (String, Option<String>, String, String, i64);

/// An entry's evidence in upload order.
pub fn evidence_of(conn: &mut DbConnection, entry_id: &str) -> Result<Vec<EvidenceRow>, ApiError> {
    Ok(evidence_files::table
        .filter(evidence_files::entry_id.eq(entry_id))
        .select((
            evidence_files::id,
            evidence_files::indicator_key,
            evidence_files::file_name,
            evidence_files::media_type,
            evidence_files::size_bytes,
        ))
        .order(evidence_files::uploaded_at)
        .load(conn)?)
}

/// One evidence file of an entry: (sha256, media type, file name).
pub fn evidence_file(
    conn: &mut DbConnection,
    entry_id: &str,
    file_id: &str,
) -> Result<Option<(String, String, String)>, ApiError> {
    Ok(evidence_files::table
        .filter(evidence_files::entry_id.eq(entry_id))
        .filter(evidence_files::id.eq(file_id))
        .select((
            evidence_files::sha256,
            evidence_files::media_type,
            evidence_files::file_name,
        ))
        .first(conn)
        .optional()?)
}

/// Stops an assignment because its judge declared a conflict with the
/// entry; the declaration replaces any earlier one. Answers the edition
/// judge id.
pub fn recuse(
    conn: &mut DbConnection,
    caller: &Caller,
    assignment_id: &str,
    entry_id: &str,
    reason: &str,
) -> Result<String, ApiError> {
    let judge_id: String = assignments::table
        .find(assignment_id)
        .select(assignments::judge_id)
        .first(conn)?;
    diesel::update(assignments::table.find(assignment_id))
        .set(assignments::status.eq("recused"))
        .execute(conn)?;
    diesel::delete(
        conflict_records::table
            .filter(conflict_records::judge_id.eq(&judge_id))
            .filter(conflict_records::entry_id.eq(entry_id))
            .filter(conflict_records::kind.eq("declared")),
    )
    .execute(conn)?;
    record_conflict(
        conn,
        caller,
        NewConflict {
            judge_id: &judge_id,
            entry_id,
            kind: "declared",
            dismissed: false,
            reason,
            at: now(),
        },
    )?;
    Ok(judge_id)
}

/// Turns a submitted sheet back into a draft, with the reason.
pub fn reopen(
    conn: &mut DbConnection,
    assignment_id: &str,
    current: &Scoresheet,
    reason: &str,
) -> Result<(), ApiError> {
    diesel::update(scoresheets::table.find(assignment_id))
        .set((
            scoresheets::status.eq("draft"),
            scoresheets::submitted_at.eq(None::<chrono::NaiveDateTime>),
            scoresheets::reopened_reason.eq(reason),
            scoresheets::updated_at.eq(now()),
            scoresheets::version.eq(current.version.saturating_add(1)),
        ))
        .execute(conn)?;
    Ok(())
}

/// An assignment as progress counts it: (category, stage, edition judge
/// id, judge name, assignment status, sheet status).
pub type ProgressRow = (String, String, String, String, String, Option<String>);

/// Every assignment of an edition with its judge and sheet.
pub fn progress_rows(
    conn: &mut DbConnection,
    edition_id: &str,
) -> Result<Vec<ProgressRow>, ApiError> {
    Ok(assignments::table
        .inner_join(edition_judges::table)
        .inner_join(users::table.on(users::id.eq(edition_judges::user_id)))
        .left_join(scoresheets::table.on(scoresheets::assignment_id.eq(assignments::id)))
        .filter(edition_judges::edition_id.eq(edition_id))
        .select((
            assignments::category_id,
            assignments::stage_key,
            edition_judges::id,
            users::display_name,
            assignments::status,
            scoresheets::status.nullable(),
        ))
        .load(conn)?)
}
