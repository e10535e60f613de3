//! The statements a scoresheet save writes, in forms each connection
//! prepares once and keeps.
//!
//! Diesel re-prepares every `UPDATE` it builds and every raw `sql_query`,
//! because their text can vary from call to call. These never vary: each
//! is a fixed text with a static query id, so the connection's statement
//! cache finds it by type, without even rebuilding the SQL. Saves are the
//! busiest write judging has, and parsing the update was a sixth of the
//! SQLite writer's time.

use chrono::NaiveDateTime;
use diesel::backend::Backend;
use diesel::pg::Pg;
use diesel::prelude::*;
use diesel::query_builder::{AstPass, QueryFragment, QueryId};
use diesel::serialize::ToSql;
use diesel::sql_types::{Bool, HasSqlType, Integer, Nullable, Text, Timestamp};

use crate::auth::Role;
use crate::db::DbConnection;
use crate::db::schema::{assignments, scoresheets};
use crate::error::ApiError;
use crate::judging::scoresheet::{Scoresheet, SheetRow};
use crate::judging::store::AssignmentColumns;

/// Writes the sheet if it is still at `version`, still a draft, and the
/// assignment still active; false otherwise.
pub fn write_sheet(
    conn: &mut DbConnection,
    assignment_id: &str,
    version: i32,
    saved: &Scoresheet,
    at: chrono::NaiveDateTime,
) -> Result<bool, ApiError> {
    let status = saved.status.as_str();
    let submitted_at = saved.submitted_at;
    let scores = serde_json::to_string(&saved.scores).unwrap_or_else(|_| "{}".into());
    if version == 0 {
        let still_active: i64 = assignments::table
            .filter(assignments::id.eq(assignment_id))
            .filter(assignments::status.eq("active"))
            .count()
            .get_result(conn)?;
        if still_active == 0 {
            return Ok(false);
        }
        let inserted = diesel::insert_into(scoresheets::table)
            .values((
                scoresheets::assignment_id.eq(assignment_id),
                scoresheets::status.eq(status),
                scoresheets::scores_json.eq(&scores),
                scoresheets::submitted_at.eq(submitted_at),
                scoresheets::updated_at.eq(at),
                scoresheets::version.eq(1),
            ))
            .execute(conn);
        return match inserted {
            Ok(_) => Ok(true),
            Err(diesel::result::Error::DatabaseError(
                diesel::result::DatabaseErrorKind::UniqueViolation,
                _,
            )) => Ok(false),
            Err(other) => Err(other.into()),
        };
    }
    let update = SheetUpdate {
        assignment_id,
        version,
        next_version: version.saturating_add(1),
        status,
        scores_json: &scores,
        submitted_at,
        updated_at: at,
    };
    let changed = crate::on_backend!(conn, |inner| update.execute(inner))?;
    Ok(changed == 1)
}

/// The version-checked update of a draft scoresheet whose assignment is
/// still active. Changes no row when the sheet moved on (another version,
/// submitted) or the assignment ended.
pub struct SheetUpdate<'a> {
    pub assignment_id: &'a str,
    /// The version the caller saw.
    pub version: i32,
    /// `version + 1`, kept here because a bound value must outlive the walk.
    pub next_version: i32,
    pub status: &'a str,
    pub scores_json: &'a str,
    pub submitted_at: Option<NaiveDateTime>,
    pub updated_at: NaiveDateTime,
}

impl<DB> QueryFragment<DB> for SheetUpdate<'_>
where
    DB: Backend + HasSqlType<Text> + HasSqlType<Integer> + HasSqlType<Timestamp>,
    str: ToSql<Text, DB>,
    i32: ToSql<Integer, DB>,
    NaiveDateTime: ToSql<Timestamp, DB>,
    Option<NaiveDateTime>: ToSql<Nullable<Timestamp>, DB>,
{
    fn walk_ast<'b>(&'b self, mut out: AstPass<'_, 'b, DB>) -> QueryResult<()> {
        out.push_sql("UPDATE scoresheets SET status = ");
        out.push_bind_param::<Text, _>(self.status)?;
        out.push_sql(", scores_json = ");
        out.push_bind_param::<Text, _>(self.scores_json)?;
        out.push_sql(", submitted_at = ");
        out.push_bind_param::<Nullable<Timestamp>, _>(&self.submitted_at)?;
        out.push_sql(", updated_at = ");
        out.push_bind_param::<Timestamp, _>(&self.updated_at)?;
        out.push_sql(", version = ");
        out.push_bind_param::<Integer, _>(&self.next_version)?;
        out.push_sql(" WHERE assignment_id = ");
        out.push_bind_param::<Text, _>(self.assignment_id)?;
        out.push_sql(" AND version = ");
        out.push_bind_param::<Integer, _>(&self.version)?;
        out.push_sql(
            " AND status = 'draft' \
             AND EXISTS (SELECT 1 FROM assignments WHERE assignments.id = scoresheets.assignment_id \
             AND assignments.status = 'active')",
        );
        Ok(())
    }
}

impl QueryId for SheetUpdate<'_> {
    type QueryId = SheetUpdate<'static>;
    const HAS_STATIC_QUERY_ID: bool = true;
}

impl<Conn> RunQueryDsl<Conn> for SheetUpdate<'_> {}

/// On PostgreSQL: a batch of saves, each a version-checked update of a draft
/// sheet whose assignment is still active, with each changed sheet's audit
/// record, in one data-modifying statement, atomic by itself. Returns the
/// assignment ids whose sheets it changed; the others had moved on.
///
/// The saves arrive as parallel arrays, one element per save, so the text
/// never varies with the batch's size and stays prepared. A batch must not
/// hold the same assignment twice.
#[derive(Default)]
pub struct BatchSave {
    pub updated_at: NaiveDateTime,
    pub assignment_ids: Vec<String>,
    /// The version each caller saw.
    pub versions: Vec<i32>,
    pub statuses: Vec<String>,
    pub scores_json: Vec<String>,
    pub submitted_at: Vec<Option<NaiveDateTime>>,
    pub actor_ids: Vec<Option<String>>,
    pub actor_emails: Vec<Option<String>>,
    pub actions: Vec<String>,
    pub province_codes: Vec<Option<String>>,
    pub before_json: Vec<Option<String>>,
    pub after_json: Vec<Option<String>>,
    pub request_ids: Vec<Option<String>>,
}

impl QueryFragment<Pg> for BatchSave {
    fn walk_ast<'b>(&'b self, mut out: AstPass<'_, 'b, Pg>) -> QueryResult<()> {
        use diesel::sql_types::Array;
        out.push_sql("WITH input AS (SELECT * FROM unnest(");
        out.push_bind_param::<Array<Text>, _>(&self.assignment_ids)?;
        out.push_sql(", ");
        out.push_bind_param::<Array<Integer>, _>(&self.versions)?;
        out.push_sql(", ");
        out.push_bind_param::<Array<Text>, _>(&self.statuses)?;
        out.push_sql(", ");
        out.push_bind_param::<Array<Text>, _>(&self.scores_json)?;
        out.push_sql(", ");
        out.push_bind_param::<Array<Nullable<Timestamp>>, _>(&self.submitted_at)?;
        out.push_sql(", ");
        out.push_bind_param::<Array<Nullable<Text>>, _>(&self.actor_ids)?;
        out.push_sql(", ");
        out.push_bind_param::<Array<Nullable<Text>>, _>(&self.actor_emails)?;
        out.push_sql(", ");
        out.push_bind_param::<Array<Text>, _>(&self.actions)?;
        out.push_sql(", ");
        out.push_bind_param::<Array<Nullable<Text>>, _>(&self.province_codes)?;
        out.push_sql(", ");
        out.push_bind_param::<Array<Nullable<Text>>, _>(&self.before_json)?;
        out.push_sql(", ");
        out.push_bind_param::<Array<Nullable<Text>>, _>(&self.after_json)?;
        out.push_sql(", ");
        out.push_bind_param::<Array<Nullable<Text>>, _>(&self.request_ids)?;
        out.push_sql(
            ") AS i (assignment_id, version, status, scores_json, submitted_at, actor_id, \
             actor_email, action, province_code, before_json, after_json, request_id)), \
             saved AS (UPDATE scoresheets SET status = input.status, \
             scores_json = input.scores_json, submitted_at = input.submitted_at, updated_at = ",
        );
        out.push_bind_param::<Timestamp, _>(&self.updated_at)?;
        out.push_sql(
            ", version = input.version + 1 FROM input \
             WHERE scoresheets.assignment_id = input.assignment_id \
             AND scoresheets.version = input.version AND scoresheets.status = 'draft' \
             AND EXISTS (SELECT 1 FROM assignments WHERE assignments.id = scoresheets.assignment_id \
             AND assignments.status = 'active') \
             RETURNING scoresheets.assignment_id, scoresheets.updated_at) \
             INSERT INTO audit_log (occurred_at, actor_id, actor_email, action, object_type, \
             object_id, province_code, before_json, after_json, request_id) \
             SELECT saved.updated_at, input.actor_id, input.actor_email, input.action, 'assignment', \
             saved.assignment_id, input.province_code, input.before_json, input.after_json, \
             input.request_id FROM saved JOIN input ON input.assignment_id = saved.assignment_id \
             RETURNING object_id",
        );
        Ok(())
    }
}

impl QueryId for BatchSave {
    type QueryId = BatchSave;
    const HAS_STATIC_QUERY_ID: bool = true;
}

impl diesel::query_builder::Query for BatchSave {
    type SqlType = Text;
}

impl<Conn> RunQueryDsl<Conn> for BatchSave {}

/// On PostgreSQL: everything a batch of saves checks, in one statement (and
/// so one snapshot): per assignment asked for, its status, stage and
/// category, its judge's user id, email and whether the account is active
/// and holds the judge role, whether the caller's token was signed out, the
/// edition's phase and province, the sheet as it stands (if any) and the
/// category's current rubric version with whether it is frozen. Assignments
/// that do not exist yield no row.
///
/// Like [`BatchSave`], the batch arrives as parallel arrays, so the text
/// never varies and stays prepared.
pub struct BatchRead<'a> {
    pub assignment_ids: Vec<&'a str>,
    /// The token each save was made with, by position.
    pub token_ids: Vec<&'a str>,
    /// The session generation each token was issued in, by position.
    pub token_generations: Vec<i32>,
}

/// A [`BatchRead`] row: the assignment id, then the assignment and judge
/// (status, stage, category, judge user id, email), the judge's standing
/// (active, holds the judge role, token signed out), the edition (phase,
/// province), the sheet (status, scores, submitted at, reopened reason,
/// version) and the rubric (version, frozen).
pub type BatchReadRow = (
    String,
    AssignmentColumns,
    (bool, bool, bool),
    (String, Option<String>),
    Option<SheetRow>,
    Option<(i32, bool)>,
);

impl QueryFragment<Pg> for BatchRead<'_> {
    fn walk_ast<'b>(&'b self, mut out: AstPass<'_, 'b, Pg>) -> QueryResult<()> {
        use diesel::sql_types::Array;
        out.push_sql(
            "SELECT a.id, a.status, a.stage_key, a.category_id, j.user_id, u.email, \
             u.is_active, \
             EXISTS (SELECT 1 FROM user_roles r WHERE r.user_id = j.user_id AND r.role = ",
        );
        out.push_bind_param::<Text, _>(Role::Judge.as_str())?;
        out.push_sql(
            "), \
             (EXISTS (SELECT 1 FROM revoked_tokens t WHERE t.jti = input.token_id) \
              OR u.session_generation <> input.token_generation), \
             e.phase, e.province_code, \
             s.status, s.scores_json, s.submitted_at, s.reopened_reason, s.version, \
             s.updated_at, \
             rubric.version, rubric.frozen \
             FROM unnest(",
        );
        out.push_bind_param::<Array<Text>, _>(&self.assignment_ids)?;
        out.push_sql(", ");
        out.push_bind_param::<Array<Text>, _>(&self.token_ids)?;
        out.push_sql(", ");
        out.push_bind_param::<Array<Integer>, _>(&self.token_generations)?;
        out.push_sql(
            ") AS input (assignment_id, token_id, token_generation) \
             JOIN assignments a ON a.id = input.assignment_id \
             JOIN edition_judges j ON j.id = a.judge_id \
             JOIN users u ON u.id = j.user_id \
             JOIN editions e ON e.id = j.edition_id \
             LEFT JOIN scoresheets s ON s.assignment_id = a.id \
             LEFT JOIN LATERAL (SELECT v.version, v.frozen FROM rubric_versions v \
             WHERE v.category_id = a.category_id ORDER BY v.version DESC LIMIT 1) rubric ON TRUE",
        );
        Ok(())
    }
}

impl QueryId for BatchRead<'_> {
    type QueryId = BatchRead<'static>;
    const HAS_STATIC_QUERY_ID: bool = true;
}

impl diesel::query_builder::Query for BatchRead<'_> {
    type SqlType = (
        Text,
        (Text, Text, Text, Text, Text),
        (Bool, Bool, Bool),
        (Text, Nullable<Text>),
        Nullable<(
            Text,
            Text,
            Nullable<Timestamp>,
            Nullable<Text>,
            Integer,
            Timestamp,
        )>,
        Nullable<(Integer, Bool)>,
    );
}

impl<Conn> RunQueryDsl<Conn> for BatchRead<'_> {}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::db::{DbConnection, Prepares, migrate, now};
    use diesel::connection::Connection;

    fn sheet_version(conn: &mut DbConnection) -> (i32, String) {
        use crate::db::schema::scoresheets;
        scoresheets::table
            .select((scoresheets::version, scoresheets::scores_json))
            .first(conn)
            .expect("sheet")
    }

    /// Each save runs the same prepared update; it changes the sheet only at
    /// the version the caller saw and only while the assignment is active.
    #[test]
    fn the_update_is_prepared_once_and_guards_the_version() {
        let mut conn = DbConnection::establish(":memory:").expect("database");
        migrate(&mut conn).expect("migrations");
        // The sheet's category, entry and judge do not matter here.
        for statement in [
            "PRAGMA foreign_keys = OFF",
            "INSERT INTO assignments (id, category_id, stage_key, entry_id, judge_id, status, created_by, created_at) \
             VALUES ('a1', 'c', 's', 'e', 'j', 'active', 'admin', '2026-11-22 00:00:00')",
            "INSERT INTO scoresheets (assignment_id, status, scores_json, updated_at, version) \
             VALUES ('a1', 'draft', '{}', '2026-11-22 00:00:00', 1)",
        ] {
            diesel::sql_query(statement)
                .execute(&mut conn)
                .expect("seed");
        }
        let prepares = Prepares::watch(&mut conn);
        let DbConnection::Sqlite(sqlite) = &mut conn else {
            panic!("an in-memory database is SQLite");
        };
        let update = |version: i32, scores: &str, conn: &mut diesel::SqliteConnection| {
            SheetUpdate {
                assignment_id: "a1",
                version,
                next_version: version.saturating_add(1),
                status: "draft",
                scores_json: scores,
                submitted_at: None,
                updated_at: now(),
            }
            .execute(conn)
            .expect("update")
        };
        assert_eq!(update(1, r#"{"a":1}"#, sqlite), 1);
        assert_eq!(
            update(1, r#"{"a":9}"#, sqlite),
            0,
            "a stale version changes nothing"
        );
        assert_eq!(update(2, r#"{"a":2}"#, sqlite), 1);
        diesel::sql_query("UPDATE assignments SET status = 'recused'")
            .execute(sqlite)
            .expect("recuse");
        assert_eq!(
            update(3, r#"{"a":3}"#, sqlite),
            0,
            "a recused assignment changes nothing"
        );
        let cached = prepares.statements();
        assert_eq!(sheet_version(&mut conn), (3, r#"{"a":2}"#.to_owned()));
        assert_eq!(cached.len(), 1, "{cached:?}");
        assert!(cached[0].starts_with("UPDATE scoresheets"), "{cached:?}");
    }
}
