//! The two statements a scoresheet save writes, in forms each connection
//! prepares once and keeps.
//!
//! Diesel re-prepares every `UPDATE` it builds and every raw `sql_query`,
//! because their text can vary from call to call. These two never vary: each
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
use diesel::sql_types::{HasSqlType, Integer, Nullable, Text, Timestamp};

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

/// The audit record written with a save.
pub struct SaveRecord<'a> {
    pub actor_id: Option<&'a str>,
    pub actor_email: Option<&'a str>,
    pub action: &'a str,
    pub object_type: &'a str,
    pub province_code: Option<&'a str>,
    pub before_json: Option<String>,
    pub after_json: Option<String>,
    pub request_id: Option<&'a str>,
}

/// On PostgreSQL: the update and its audit record in one data-modifying
/// statement, atomic by itself, so a save needs no BEGIN and COMMIT. Inserts
/// one record when the update changed the sheet, none otherwise.
pub struct UpdateWithRecord<'a> {
    pub sheet: SheetUpdate<'a>,
    pub record: SaveRecord<'a>,
}

impl QueryFragment<Pg> for UpdateWithRecord<'_> {
    fn walk_ast<'b>(&'b self, mut out: AstPass<'_, 'b, Pg>) -> QueryResult<()> {
        let record = &self.record;
        out.push_sql("WITH saved AS (");
        self.sheet.walk_ast(out.reborrow())?;
        out.push_sql(
            " RETURNING assignment_id, updated_at) \
             INSERT INTO audit_log (occurred_at, actor_id, actor_email, action, object_type, \
             object_id, province_code, before_json, after_json, request_id) \
             SELECT updated_at, ",
        );
        out.push_bind_param::<Nullable<Text>, _>(&record.actor_id)?;
        out.push_sql(", ");
        out.push_bind_param::<Nullable<Text>, _>(&record.actor_email)?;
        out.push_sql(", ");
        out.push_bind_param::<Text, _>(record.action)?;
        out.push_sql(", ");
        out.push_bind_param::<Text, _>(record.object_type)?;
        out.push_sql(", assignment_id, ");
        out.push_bind_param::<Nullable<Text>, _>(&record.province_code)?;
        out.push_sql(", ");
        out.push_bind_param::<Nullable<Text>, _>(&record.before_json)?;
        out.push_sql(", ");
        out.push_bind_param::<Nullable<Text>, _>(&record.after_json)?;
        out.push_sql(", ");
        out.push_bind_param::<Nullable<Text>, _>(&record.request_id)?;
        out.push_sql(" FROM saved");
        Ok(())
    }
}

impl QueryId for UpdateWithRecord<'_> {
    type QueryId = UpdateWithRecord<'static>;
    const HAS_STATIC_QUERY_ID: bool = true;
}

impl<Conn> RunQueryDsl<Conn> for UpdateWithRecord<'_> {}

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
                next_version: version + 1,
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
