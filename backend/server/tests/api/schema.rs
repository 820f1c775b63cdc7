//! The two migration folders stay in step, and both migrated databases match `schema.rs`
//! (same tables, same columns, compatible types and nullability).

use crate::support::TestApp;
use diesel::RunQueryDsl;
use diesel::sql_types::{Integer, Text};
use std::collections::BTreeMap;
use std::path::Path;
use winmessages::db::{DbConnection, revert_all_migrations};

/// table → column → (diesel type, nullable)
type Shape = BTreeMap<String, BTreeMap<String, (String, bool)>>;

fn manifest(p: &str) -> std::path::PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join(p)
}

fn migration_names(backend: &str) -> Vec<String> {
    let mut names: Vec<String> = std::fs::read_dir(manifest(&format!("migrations/{backend}")))
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    names.sort();
    names
}

#[test]
fn migration_folders_have_identical_names_and_files() {
    let sqlite = migration_names("sqlite");
    let postgres = migration_names("postgres");
    assert!(!sqlite.is_empty());
    assert_eq!(
        sqlite, postgres,
        "migrations/sqlite and migrations/postgres differ"
    );
    for name in &sqlite {
        for backend in ["sqlite", "postgres"] {
            for file in ["up.sql", "down.sql"] {
                let p = manifest(&format!("migrations/{backend}/{name}/{file}"));
                assert!(p.is_file(), "missing {}", p.display());
            }
        }
    }
}

/// Parses `diesel::table!` blocks of schema.rs.
fn schema_rs() -> Shape {
    let text = std::fs::read_to_string(manifest("src/db/schema.rs")).unwrap();
    let mut shape = Shape::new();
    let mut current: Option<String> = None;
    for line in text.lines().map(str::trim) {
        if let Some(table) = current.clone() {
            if line == "}" {
                current = None;
            } else if let Some((col, ty)) = line.split_once("->") {
                let ty = ty.trim().trim_end_matches(',');
                let (ty, nullable) = match ty.strip_prefix("Nullable<") {
                    Some(inner) => (inner.trim_end_matches('>'), true),
                    None => (ty, false),
                };
                shape
                    .get_mut(&table)
                    .unwrap()
                    .insert(col.trim().to_owned(), (ty.to_owned(), nullable));
            }
        } else if line.ends_with('{') && line.contains('(') && !line.starts_with("diesel::") {
            let name = line.split_whitespace().next().unwrap().to_owned();
            shape.insert(name.clone(), BTreeMap::new());
            current = Some(name);
        }
    }
    assert!(!shape.is_empty(), "schema.rs parsed to nothing");
    shape
}

/// Maps a column's SQL type to the diesel type it must have in schema.rs. SQLite's
/// `INTEGER PRIMARY KEY` is the 64-bit rowid; other `INTEGER` columns are 32-bit.
fn diesel_type_of(sql: &str, primary_key: bool) -> String {
    let sql = sql.to_ascii_lowercase();
    match sql.as_str() {
        "integer" if primary_key => "BigInt",
        "bigint" => "BigInt",
        "integer" => "Integer",
        "text" => "Text",
        "timestamp" | "timestamp without time zone" => "Timestamp",
        "boolean" | "bool" => "Bool",
        "blob" | "bytea" => "Binary",
        "double precision" | "double" | "real" => "Double",
        "smallint" => "SmallInt",
        "date" => "Date",
        other => other,
    }
    .to_owned()
}

#[derive(diesel::QueryableByName)]
struct SqliteCol {
    #[diesel(sql_type = Text)]
    tbl: String,
    #[diesel(sql_type = Text)]
    name: String,
    #[diesel(sql_type = Text)]
    ty: String,
    #[diesel(sql_type = Integer)]
    not_null: i32,
    #[diesel(sql_type = Integer)]
    pk: i32,
}

#[derive(diesel::QueryableByName)]
struct PgCol {
    #[diesel(sql_type = Text)]
    table_name: String,
    #[diesel(sql_type = Text)]
    column_name: String,
    #[diesel(sql_type = Text)]
    data_type: String,
    #[diesel(sql_type = Text)]
    is_nullable: String,
}

fn database_shape(conn: &mut DbConnection) -> Shape {
    let mut shape = Shape::new();
    match conn {
        DbConnection::Sqlite(c) => {
            let rows: Vec<SqliteCol> = diesel::sql_query(
                "SELECT m.name AS tbl, p.name AS name, p.type AS ty, p.\"notnull\" AS not_null, p.pk AS pk \
                 FROM sqlite_master m JOIN pragma_table_info(m.name) p \
                 WHERE m.type = 'table' AND m.name NOT LIKE 'sqlite_%' \
                 AND m.name <> '__diesel_schema_migrations'",
            )
            .load(c)
            .unwrap();
            for r in rows {
                // An INTEGER PRIMARY KEY is the rowid: never NULL though not declared NOT NULL.
                let nullable = r.not_null == 0 && r.pk == 0;
                shape
                    .entry(r.tbl)
                    .or_default()
                    .insert(r.name, (diesel_type_of(&r.ty, r.pk == 1), nullable));
            }
        }
        DbConnection::Postgresql(c) => {
            let rows: Vec<PgCol> = diesel::sql_query(
                "SELECT table_name::text AS table_name, column_name::text AS column_name, \
                 data_type::text AS data_type, is_nullable::text AS is_nullable \
                 FROM information_schema.columns WHERE table_schema = current_schema() \
                 AND table_name <> '__diesel_schema_migrations'",
            )
            .load(c)
            .unwrap();
            for r in rows {
                shape.entry(r.table_name).or_default().insert(
                    r.column_name,
                    (diesel_type_of(&r.data_type, false), r.is_nullable == "YES"),
                );
            }
        }
    }
    shape
}

#[actix_web::test]
async fn migrated_database_matches_schema_rs() {
    let app = TestApp::new();
    let mut conn = app.state.pool.get().unwrap();
    let db = database_shape(&mut conn);
    let expected = schema_rs();
    let db_tables: Vec<_> = db.keys().collect();
    let rs_tables: Vec<_> = expected.keys().collect();
    assert_eq!(
        db_tables, rs_tables,
        "tables differ between the database and schema.rs"
    );
    for (table, columns) in &expected {
        assert_eq!(&db[table], columns, "columns of `{table}` differ");
    }
}

#[actix_web::test]
async fn down_migrations_revert_everything() {
    let app = TestApp::new();
    let mut conn = app.state.pool.get().unwrap();
    let reverted = revert_all_migrations(&mut conn).unwrap();
    assert_eq!(reverted, migration_names("sqlite").len());
    assert!(
        database_shape(&mut conn).is_empty(),
        "tables left after reverting"
    );
}
