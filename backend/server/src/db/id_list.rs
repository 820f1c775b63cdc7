//! `column IN (ids)` whose SQL text does not depend on how many ids there are, so the
//! prepared statement is cached and reused like any other query.
//!
//! diesel's `eq_any` already does this on PostgreSQL (`= ANY($1)`, one array parameter) but
//! writes `IN (?, ?, …)` on SQLite, one placeholder per id: a statement of a new shape for
//! every count, prepared again on every call (diesel does not cache it). Here SQLite gets
//! `IN (SELECT value FROM json_each(?))` with the ids as one JSON array; the planner still
//! looks each id up through the column's index.

use super::MultiBackend;
use diesel::dsl::EqAny;
use diesel::expression::{
    AppearsOnTable, Expression, SelectableExpression, ValidGrouping, is_aggregate,
};
use diesel::prelude::*;
use diesel::query_builder::{AstPass, QueryFragment, QueryId};
use diesel::sql_types::{BigInt, Bool, Text};
use std::cell::OnceCell;
use std::fmt::Write;

/// `column IN (ids)` for a `BIGINT` column (see the module documentation; a nullable column
/// goes in as `column.assume_not_null()`: a NULL is in no list either way).
pub fn id_in<C>(column: C, ids: &[i64]) -> IdIn<C>
where
    C: Expression<SqlType = BigInt> + Copy,
{
    IdIn {
        column,
        ids: ids.to_vec(),
        any: OnceCell::new(),
        json: OnceCell::new(),
    }
}

/// Each backend's form is built the first time the query is written for it (and then kept
/// for the query's further passes: bind collection, cache key).
#[derive(Debug, Clone)]
pub struct IdIn<C>
where
    C: Expression<SqlType = BigInt>,
{
    column: C,
    ids: Vec<i64>,
    /// The PostgreSQL form (diesel's own).
    any: OnceCell<EqAny<C, Vec<i64>>>,
    /// The SQLite form's parameter: the ids as a JSON array.
    json: OnceCell<String>,
}

fn json_array(ids: &[i64]) -> String {
    let mut json = String::with_capacity(ids.len() * 8 + 2);
    json.push('[');
    for (i, id) in ids.iter().enumerate() {
        if i > 0 {
            json.push(',');
        }
        let _ = write!(json, "{id}");
    }
    json.push(']');
    json
}

impl<C> Expression for IdIn<C>
where
    C: Expression<SqlType = BigInt>,
{
    type SqlType = Bool;
}

impl<C, QS> AppearsOnTable<QS> for IdIn<C> where C: Expression<SqlType = BigInt> + AppearsOnTable<QS>
{}

impl<C, QS> SelectableExpression<QS> for IdIn<C> where
    C: Expression<SqlType = BigInt> + SelectableExpression<QS>
{
}

impl<C, GB> ValidGrouping<GB> for IdIn<C>
where
    C: Expression<SqlType = BigInt> + ValidGrouping<GB, IsAggregate = is_aggregate::No>,
{
    type IsAggregate = is_aggregate::No;
}

impl<C> QueryId for IdIn<C>
where
    C: Expression<SqlType = BigInt>,
{
    type QueryId = ();
    // The text differs by backend: statements are cached by their SQL.
    const HAS_STATIC_QUERY_ID: bool = false;
}

impl<C> QueryFragment<MultiBackend> for IdIn<C>
where
    C: Expression<SqlType = BigInt> + QueryFragment<MultiBackend> + Copy,
    EqAny<C, Vec<i64>>: QueryFragment<MultiBackend>,
{
    fn walk_ast<'b>(&'b self, mut out: AstPass<'_, 'b, MultiBackend>) -> QueryResult<()> {
        match out.backend() {
            MultiBackend::Sqlite(_) => {
                out.push_sql("(");
                self.column.walk_ast(out.reborrow())?;
                out.push_sql(" IN (SELECT value FROM json_each(");
                let json = self.json.get_or_init(|| json_array(&self.ids));
                out.push_bind_param::<Text, String>(json)?;
                out.push_sql(")))");
                Ok(())
            }
            MultiBackend::Postgresql(_) => self
                .any
                .get_or_init(|| self.column.eq_any(self.ids.clone()))
                .walk_ast(out),
        }
    }
}
