//! The queries of an edition's judging set-up: its judges, the panels and
//! entries of each stage, shortlists, conflict records and assignments, and
//! the panel seats a judge reads to declare conflicts.

use diesel::prelude::*;
use serde::Serialize;
use utoipa::ToSchema;

use crate::auth::{Caller, Role};
use crate::categories::store as categories;
use crate::db::schema::{
    assignments, categories as category_table, conflict_records, edition_judges, entries,
    organisations, panel_members, shortlist, users,
};
use crate::db::{DbConnection, now};
use crate::editions::store::EditionRow;
use crate::entries::status::Status;
use crate::error::ApiError;

#[derive(Debug, Clone, Serialize, Queryable, ToSchema)]
pub struct Judge {
    pub id: String,
    pub user_id: String,
    pub display_name: String,
    pub email: String,
    pub home_region_code: Option<String>,
    pub organisation_id: Option<String>,
}

/// The stage of a category an admin works on, loaded only for the
/// admins of its edition.
pub struct Stage {
    pub edition: EditionRow,
    pub category: categories::Category,
    pub key: String,
    /// The rubric's first stage, whose entries are every complete one.
    pub first: bool,
}

/// 404 for an assignment the caller may not see, or that does not exist.
pub fn not_found() -> ApiError {
    ApiError::not_found("assignment-not-found")
}

#[derive(Debug, Serialize, ToSchema)]
pub struct Assignment {
    pub id: String,
    pub entry_id: String,
    pub judge_id: String,
    pub status: String,
}

/// Entries in a stage: every complete entry for the first stage, the
/// shortlist for later ones. Answers (id, region, organisation).
pub fn stage_entries(
    conn: &mut DbConnection,
    stage: &Stage,
) -> Result<Vec<(String, String, String)>, ApiError> {
    let mut query = entries::table
        .filter(entries::category_id.eq(&stage.category.id))
        .filter(entries::status.eq(Status::Complete.as_str()))
        .select((entries::id, entries::region_code, entries::organisation_id))
        .order(entries::id)
        .into_boxed();
    if !stage.first {
        let listed = shortlist::table
            .filter(shortlist::category_id.eq(&stage.category.id))
            .filter(shortlist::stage_key.eq(&stage.key))
            .select(shortlist::entry_id);
        query = query.filter(entries::id.eq_any(listed));
    }
    Ok(query.load(conn)?)
}

pub fn judges_of(conn: &mut DbConnection, edition_id: &str) -> Result<Vec<Judge>, ApiError> {
    Ok(edition_judges::table
        .inner_join(users::table)
        .filter(edition_judges::edition_id.eq(edition_id))
        .select((
            edition_judges::id,
            edition_judges::user_id,
            users::display_name,
            users::email,
            edition_judges::home_region_code,
            edition_judges::organisation_id,
        ))
        .order(users::display_name)
        .load(conn)?)
}

pub fn panel_of(conn: &mut DbConnection, stage: &Stage) -> Result<Vec<Judge>, ApiError> {
    let ids: Vec<String> = panel_members::table
        .filter(panel_members::category_id.eq(&stage.category.id))
        .filter(panel_members::stage_key.eq(&stage.key))
        .select(panel_members::judge_id)
        .load(conn)?;
    Ok(judges_of(conn, &stage.edition.id)?
        .into_iter()
        .filter(|j| ids.contains(&j.id))
        .collect())
}

/// Replaces the panel of a stage.
pub fn set_panel(
    conn: &mut DbConnection,
    stage: &Stage,
    judge_ids: &[String],
) -> Result<(), ApiError> {
    diesel::delete(
        panel_members::table
            .filter(panel_members::category_id.eq(&stage.category.id))
            .filter(panel_members::stage_key.eq(&stage.key)),
    )
    .execute(conn)?;
    let unique: std::collections::HashSet<&String> = judge_ids.iter().collect();
    for id in unique {
        diesel::insert_into(panel_members::table)
            .values((
                panel_members::category_id.eq(&stage.category.id),
                panel_members::stage_key.eq(&stage.key),
                panel_members::judge_id.eq(id),
            ))
            .execute(conn)?;
    }
    Ok(())
}

/// The complete entries of a category.
pub fn complete_entries(
    conn: &mut DbConnection,
    category_id: &str,
) -> Result<Vec<String>, ApiError> {
    Ok(entries::table
        .filter(entries::category_id.eq(category_id))
        .filter(entries::status.eq(Status::Complete.as_str()))
        .select(entries::id)
        .load::<String>(conn)?)
}

/// Puts these entries on a stage's shortlist (again, if they were), with the reason.
pub fn shortlist(
    conn: &mut DbConnection,
    caller: &Caller,
    stage: &Stage,
    entry_ids: &[&str],
    reason: &str,
) -> Result<(), ApiError> {
    for id in entry_ids {
        diesel::delete(
            shortlist::table
                .filter(shortlist::category_id.eq(&stage.category.id))
                .filter(shortlist::stage_key.eq(&stage.key))
                .filter(shortlist::entry_id.eq(id)),
        )
        .execute(conn)?;
        diesel::insert_into(shortlist::table)
            .values((
                shortlist::category_id.eq(&stage.category.id),
                shortlist::stage_key.eq(&stage.key),
                shortlist::entry_id.eq(id),
                shortlist::reason.eq(reason),
                shortlist::added_by.eq(&caller.user_id),
                shortlist::added_at.eq(now()),
            ))
            .execute(conn)?;
    }
    Ok(())
}

/// A conflict record: (judge, entry, kind, dismissed, reason).
pub type ConflictRecord = (String, String, String, bool, String);

/// The conflict records of these judges.
pub fn conflict_records_of(
    conn: &mut DbConnection,
    judge_ids: &[&str],
) -> Result<Vec<ConflictRecord>, ApiError> {
    Ok(conflict_records::table
        .filter(conflict_records::judge_id.eq_any(judge_ids))
        .select((
            conflict_records::judge_id,
            conflict_records::entry_id,
            conflict_records::kind,
            conflict_records::dismissed,
            conflict_records::reason,
        ))
        .load(conn)?)
}

/// A conflict between a judge and an entry to record: `declared` by the
/// judge, or an automatic one `dismissed` by an admin.
pub struct NewConflict<'a> {
    pub judge_id: &'a str,
    pub entry_id: &'a str,
    pub kind: &'a str,
    pub dismissed: bool,
    pub reason: &'a str,
    pub at: chrono::NaiveDateTime,
}

/// Records a conflict; answers its id.
pub fn record_conflict(
    conn: &mut DbConnection,
    caller: &Caller,
    conflict: NewConflict<'_>,
) -> Result<String, ApiError> {
    let NewConflict {
        judge_id,
        entry_id,
        kind,
        dismissed,
        reason,
        at,
    } = conflict;
    let id = crate::users::store::new_id();
    diesel::insert_into(conflict_records::table)
        .values((
            conflict_records::id.eq(&id),
            conflict_records::judge_id.eq(judge_id),
            conflict_records::entry_id.eq(entry_id),
            conflict_records::kind.eq(kind),
            conflict_records::dismissed.eq(dismissed),
            conflict_records::reason.eq(reason),
            conflict_records::recorded_by.eq(&caller.user_id),
            conflict_records::recorded_at.eq(at),
        ))
        .execute(conn)?;
    Ok(id)
}

pub fn assignments_of(conn: &mut DbConnection, stage: &Stage) -> Result<Vec<Assignment>, ApiError> {
    Ok(assignments::table
        .filter(assignments::category_id.eq(&stage.category.id))
        .filter(assignments::stage_key.eq(&stage.key))
        .select((
            assignments::id,
            assignments::entry_id,
            assignments::judge_id,
            assignments::status,
        ))
        .order((assignments::entry_id, assignments::judge_id))
        .load::<(String, String, String, String)>(conn)?
        .into_iter()
        .map(|(id, entry_id, judge_id, status)| Assignment {
            id,
            entry_id,
            judge_id,
            status,
        })
        .collect())
}

pub fn insert_assignment(
    conn: &mut DbConnection,
    caller: &Caller,
    stage: &Stage,
    judge_id: &str,
    entry_id: &str,
) -> Result<Assignment, ApiError> {
    let id = crate::users::store::new_id();
    diesel::insert_into(assignments::table)
        .values((
            assignments::id.eq(&id),
            assignments::category_id.eq(&stage.category.id),
            assignments::stage_key.eq(&stage.key),
            assignments::entry_id.eq(entry_id),
            assignments::judge_id.eq(judge_id),
            assignments::status.eq("active"),
            assignments::created_by.eq(&caller.user_id),
            assignments::created_at.eq(now()),
        ))
        .execute(conn)?;
    Ok(Assignment {
        id,
        entry_id: entry_id.to_owned(),
        judge_id: judge_id.to_owned(),
        status: "active".to_owned(),
    })
}

/// The panels (category and stage) the caller sits on as a judge, in
/// editions still judging or before; with `published`, in editions whose
pub type Seat = (String, String, String, String, String, String, bool);

/// results are published too.
pub fn seats(
    conn: &mut DbConnection,
    caller: &Caller,
    published: bool,
) -> Result<Vec<Seat>, ApiError> {
    use crate::db::schema::editions as edition_table;
    let closed = if published { "" } else { "results_published" };
    Ok(panel_members::table
        .inner_join(edition_judges::table.on(edition_judges::id.eq(panel_members::judge_id)))
        .inner_join(category_table::table.on(category_table::id.eq(panel_members::category_id)))
        .inner_join(edition_table::table.on(edition_table::id.eq(edition_judges::edition_id)))
        .filter(edition_judges::user_id.eq(&caller.user_id))
        .filter(edition_table::phase.ne(closed))
        .select((
            edition_judges::id,
            edition_table::id,
            edition_table::name,
            category_table::id,
            category_table::name_id,
            panel_members::stage_key,
            category_table::blind,
        ))
        .order((
            edition_table::name,
            category_table::name_id,
            panel_members::stage_key,
        ))
        .load(conn)?)
}

/// Complete entries in a stage: all of them in the first stage, the
/// shortlist in later ones. Answers (id, entrant name, region name).
pub fn stage_entrants(
    conn: &mut DbConnection,
    category_id: &str,
    stage_key: &str,
) -> Result<Vec<(String, String, Option<String>)>, ApiError> {
    use crate::db::schema::regions as region_table;
    let first = crate::categories::store::current_rubric(conn, category_id)?
        .map(|row| row.decode())
        .transpose()?
        .and_then(|v| v.rubric.stages.first().map(|s| s.key == stage_key))
        .unwrap_or(false);
    let mut query = entries::table
        .inner_join(organisations::table)
        .left_join(region_table::table.on(region_table::code.eq(entries::region_code)))
        .filter(entries::category_id.eq(category_id))
        .filter(entries::status.eq(Status::Complete.as_str()))
        .select((
            entries::id,
            organisations::name,
            region_table::name.nullable(),
        ))
        .order(organisations::name)
        .into_boxed();
    if !first {
        let listed = shortlist::table
            .filter(shortlist::category_id.eq(category_id))
            .filter(shortlist::stage_key.eq(stage_key))
            .select(shortlist::entry_id);
        query = query.filter(entries::id.eq_any(listed));
    }
    Ok(query.load(conn)?)
}

/// The entries this judge declared a conflict with.
pub fn declared_by(conn: &mut DbConnection, judge_id: &str) -> Result<Vec<String>, ApiError> {
    Ok(conflict_records::table
        .filter(conflict_records::judge_id.eq(judge_id))
        .filter(conflict_records::kind.eq("declared"))
        .select(conflict_records::entry_id)
        .load(conn)?)
}

/// Whether this judge already declared a conflict with the entry.
pub fn has_declared(
    conn: &mut DbConnection,
    judge_id: &str,
    entry_id: &str,
) -> Result<bool, ApiError> {
    let existing: i64 = conflict_records::table
        .filter(conflict_records::judge_id.eq(judge_id))
        .filter(conflict_records::entry_id.eq(entry_id))
        .filter(conflict_records::kind.eq("declared"))
        .count()
        .get_result(conn)?;
    Ok(existing > 0)
}

/// The entries this judge is assigned to in a stage.
pub fn assigned_in_stage(
    conn: &mut DbConnection,
    judge_id: &str,
    category_id: &str,
    stage_key: &str,
) -> Result<Vec<String>, ApiError> {
    Ok(assignments::table
        .filter(assignments::judge_id.eq(judge_id))
        .filter(assignments::stage_key.eq(stage_key))
        .filter(assignments::category_id.eq(category_id))
        .select(assignments::entry_id)
        .load(conn)?)
}

/// Whether this judge holds an active assignment to the entry.
pub fn is_assigned(
    conn: &mut DbConnection,
    judge_id: &str,
    entry_id: &str,
) -> Result<bool, ApiError> {
    let assigned: i64 = assignments::table
        .filter(assignments::judge_id.eq(judge_id))
        .filter(assignments::entry_id.eq(entry_id))
        .filter(assignments::status.eq("active"))
        .count()
        .get_result(conn)?;
    Ok(assigned > 0)
}

/// Gives an account the judge role, if it lacks it.
pub fn grant_judge_role(conn: &mut DbConnection, user_id: &str) -> Result<(), ApiError> {
    use crate::db::schema::user_roles;
    diesel::insert_into(user_roles::table)
        .values((
            user_roles::user_id.eq(user_id),
            user_roles::role.eq(Role::Judge.as_str()),
        ))
        .execute(conn)?;
    Ok(())
}

/// Makes an account a judge of an edition; answers the edition judge id.
pub fn add_judge(
    conn: &mut DbConnection,
    edition_id: &str,
    user_id: &str,
    home_region_code: Option<&str>,
    organisation_id: Option<&str>,
) -> Result<String, ApiError> {
    let id = crate::users::store::new_id();
    diesel::insert_into(edition_judges::table)
        .values((
            edition_judges::id.eq(&id),
            edition_judges::edition_id.eq(edition_id),
            edition_judges::user_id.eq(user_id),
            edition_judges::home_region_code.eq(home_region_code),
            edition_judges::organisation_id.eq(organisation_id),
            edition_judges::created_at.eq(now()),
        ))
        .execute(conn)?;
    Ok(id)
}

/// A stage's assignments with their sheets: (assignment id, entry id,
/// edition judge id, assignment status, sheet status, submitted at).
pub type SheetRow = (
    String,
    String,
    String,
    String,
    Option<String>,
    Option<chrono::NaiveDateTime>,
);

pub fn stage_sheets(conn: &mut DbConnection, stage: &Stage) -> Result<Vec<SheetRow>, ApiError> {
    use crate::db::schema::scoresheets;
    Ok(assignments::table
        .left_join(scoresheets::table)
        .filter(assignments::category_id.eq(&stage.category.id))
        .filter(assignments::stage_key.eq(&stage.key))
        .select((
            assignments::id,
            assignments::entry_id,
            assignments::judge_id,
            assignments::status,
            scoresheets::status.nullable(),
            scoresheets::submitted_at.nullable(),
        ))
        .order((assignments::entry_id, assignments::judge_id))
        .load(conn)?)
}
