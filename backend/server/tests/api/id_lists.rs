//! `db::id_in`: the same rows as `IN (…)` on both backends, whatever the number of ids (none,
//! missing ones, more than SQLite's historical limit of 999 parameters), in an `OR`, and on a
//! nullable column.

use crate::support::TestApp;
use diesel::prelude::*;
use winmessages::db::id_in;
use winmessages::db::schema::{organizations, users};

fn ids_among(conn: &mut winmessages::db::Conn, ids: &[i64]) -> Vec<i64> {
    organizations::table
        .filter(id_in(organizations::id, ids))
        .select(organizations::id)
        .order(organizations::id)
        .load(conn)
        .unwrap()
}

#[test]
fn selects_exactly_the_listed_rows() {
    let app = TestApp::new();
    let orgs: Vec<i64> = (0..5).map(|i| app.org(&format!("Org {i}")).id.0).collect();
    let conn = &mut app.state.pool.get().unwrap();

    assert_eq!(ids_among(conn, &[]), Vec::<i64>::new());
    assert_eq!(ids_among(conn, &[orgs[2]]), vec![orgs[2]]);
    assert_eq!(
        ids_among(conn, &[orgs[4], orgs[0], -7]),
        vec![orgs[0], orgs[4]]
    );
    // The same statement again with another count of ids (cached on SQLite) still matches.
    assert_eq!(ids_among(conn, &[orgs[1], orgs[3]]), vec![orgs[1], orgs[3]]);
    // Duplicates select a row once.
    assert_eq!(ids_among(conn, &[orgs[1], orgs[1]]), vec![orgs[1]]);
    let mut many: Vec<i64> = (1_000_000..1_002_000).collect();
    many.push(orgs[3]);
    assert_eq!(ids_among(conn, &many), vec![orgs[3]]);

    // In an OR, and against a nullable column (platform staff have no organization).
    let staff = app.platform_admin();
    let members: Vec<i64> = users::table
        .filter(
            id_in(users::organization_id.assume_not_null(), &[orgs[0]])
                .or(id_in(users::id, &[staff.id.0])),
        )
        .select(users::id)
        .order(users::id)
        .load(conn)
        .unwrap();
    // Org 0's admin and agent, and the staff member.
    assert_eq!(members.len(), 3, "{members:?}");
    assert!(members.contains(&staff.id.0));
}
