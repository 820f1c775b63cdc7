use crate::db::Conn;
use crate::db::schema::{accounts, message_templates};
use crate::ids::OrgId;
use chrono::NaiveDateTime;
use diesel::prelude::*;

#[derive(Queryable, Selectable, Debug, Clone)]
#[diesel(table_name = message_templates)]
pub struct TemplateRow {
    pub id: i64,
    pub organization_id: i64,
    pub account_id: i64,
    pub meta_template_id: Option<String>,
    pub name: String,
    pub language: String,
    pub status: String,
    pub category: Option<String>,
    pub parameter_format: Option<String>,
    /// JSON array of Meta's components.
    pub components: String,
    pub synced_at: NaiveDateTime,
    pub created_at: NaiveDateTime,
    pub updated_at: NaiveDateTime,
}

/// A template as the Graph API listed it, ready to store.
#[derive(Debug, Clone)]
pub struct SyncedTemplate {
    pub meta_template_id: Option<String>,
    pub name: String,
    pub language: String,
    pub status: String,
    pub category: Option<String>,
    pub parameter_format: Option<String>,
    pub components: String,
}

#[derive(Insertable)]
#[diesel(table_name = message_templates)]
struct NewRow<'a> {
    organization_id: i64,
    account_id: i64,
    meta_template_id: Option<&'a str>,
    name: &'a str,
    language: &'a str,
    status: &'a str,
    category: Option<&'a str>,
    parameter_format: Option<&'a str>,
    components: &'a str,
    synced_at: NaiveDateTime,
    created_at: NaiveDateTime,
    updated_at: NaiveDateTime,
}

/// Inserts or updates the template with the same (account, name, language); returns its id
/// and whether it is new. (A portable upsert: `ON CONFLICT` is not available on both
/// backends through one connection type.)
pub fn upsert(
    conn: &mut Conn,
    org: i64,
    account: i64,
    t: &SyncedTemplate,
    now: NaiveDateTime,
) -> QueryResult<(i64, bool)> {
    let existing: Option<i64> = message_templates::table
        .filter(message_templates::account_id.eq(account))
        .filter(message_templates::name.eq(&t.name))
        .filter(message_templates::language.eq(&t.language))
        .select(message_templates::id)
        .first(conn)
        .optional()?;
    if let Some(id) = existing {
        diesel::update(message_templates::table.find(id))
            .set((
                message_templates::meta_template_id.eq(t.meta_template_id.as_deref()),
                message_templates::status.eq(&t.status),
                message_templates::category.eq(t.category.as_deref()),
                message_templates::parameter_format.eq(t.parameter_format.as_deref()),
                message_templates::components.eq(&t.components),
                message_templates::synced_at.eq(now),
                message_templates::updated_at.eq(now),
            ))
            .execute(conn)?;
        return Ok((id, false));
    }
    let id = diesel::insert_into(message_templates::table)
        .values(NewRow {
            organization_id: org,
            account_id: account,
            meta_template_id: t.meta_template_id.as_deref(),
            name: &t.name,
            language: &t.language,
            status: &t.status,
            category: t.category.as_deref(),
            parameter_format: t.parameter_format.as_deref(),
            components: &t.components,
            synced_at: now,
            created_at: now,
            updated_at: now,
        })
        .returning(message_templates::id)
        .get_result(conn)?;
    Ok((id, true))
}

/// Deletes the account's templates other than `keep`; returns how many.
pub fn delete_others(conn: &mut Conn, account: i64, keep: &[i64]) -> QueryResult<usize> {
    diesel::delete(
        message_templates::table
            .filter(message_templates::account_id.eq(account))
            .filter(message_templates::id.ne_all(keep)),
    )
    .execute(conn)
}

/// An account's templates in id order; `status: None` means every status.
pub fn list(
    conn: &mut Conn,
    org: OrgId,
    account: i64,
    status: Option<&str>,
    after: Option<i64>,
    limit: i64,
) -> QueryResult<Vec<TemplateRow>> {
    let mut q = message_templates::table
        .filter(message_templates::organization_id.eq(org.0))
        .filter(message_templates::account_id.eq(account))
        .select(TemplateRow::as_select())
        .order(message_templates::id.asc())
        .limit(limit)
        .into_boxed();
    if let Some(status) = status {
        q = q.filter(message_templates::status.eq(status.to_owned()));
    }
    if let Some(after) = after {
        q = q.filter(message_templates::id.gt(after));
    }
    q.load(conn)
}

/// One template by its key.
pub fn find(
    conn: &mut Conn,
    org: i64,
    account: i64,
    name: &str,
    language: &str,
) -> QueryResult<Option<TemplateRow>> {
    message_templates::table
        .filter(message_templates::organization_id.eq(org))
        .filter(message_templates::account_id.eq(account))
        .filter(message_templates::name.eq(name))
        .filter(message_templates::language.eq(language))
        .select(TemplateRow::as_select())
        .first(conn)
        .optional()
}

/// Which template a management webhook names: Meta's id, or name and language.
#[derive(Debug, Clone, Copy)]
pub struct TemplateKey<'a> {
    pub meta_template_id: Option<&'a str>,
    pub name: Option<&'a str>,
    pub language: Option<&'a str>,
}

/// What a management webhook changes.
#[derive(Debug, Clone, Copy)]
pub enum TemplateChange<'a> {
    Status(&'a str),
    Category(&'a str),
    Deleted,
}

/// Applies a change to the named template of every number of the organization on that WABA
/// (templates belong to the WABA); returns the rows changed.
pub fn apply_change(
    conn: &mut Conn,
    org: i64,
    waba_id: &str,
    key: TemplateKey<'_>,
    change: TemplateChange<'_>,
    now: NaiveDateTime,
) -> QueryResult<usize> {
    let account_ids: Vec<i64> = accounts::table
        .filter(accounts::organization_id.eq(org))
        .filter(accounts::waba_id.eq(waba_id))
        .select(accounts::id)
        .load(conn)?;
    if account_ids.is_empty() {
        return Ok(0);
    }
    let by_name = match (key.name, key.language) {
        (Some(name), Some(language)) => Some((name.to_owned(), language.to_owned())),
        _ => None,
    };
    let target = || {
        let mut q = message_templates::table
            .filter(message_templates::organization_id.eq(org))
            .filter(message_templates::account_id.eq_any(account_ids.clone()))
            .select(message_templates::id)
            .into_boxed();
        q = match (key.meta_template_id, &by_name) {
            (Some(id), Some((name, language))) => q.filter(
                message_templates::meta_template_id
                    .eq(id.to_owned())
                    .or(message_templates::name
                        .eq(name.clone())
                        .and(message_templates::language.eq(language.clone()))),
            ),
            (Some(id), None) => q.filter(message_templates::meta_template_id.eq(id.to_owned())),
            (None, Some((name, language))) => q
                .filter(message_templates::name.eq(name.clone()))
                .filter(message_templates::language.eq(language.clone())),
            (None, None) => q.filter(message_templates::id.eq(-1)),
        };
        q
    };
    let ids: Vec<i64> = target().load(conn)?;
    if ids.is_empty() {
        return Ok(0);
    }
    let rows = message_templates::table.filter(message_templates::id.eq_any(ids));
    match change {
        TemplateChange::Status(status) => diesel::update(rows)
            .set((
                message_templates::status.eq(status),
                message_templates::updated_at.eq(now),
            ))
            .execute(conn),
        TemplateChange::Category(category) => diesel::update(rows)
            .set((
                message_templates::category.eq(category),
                message_templates::updated_at.eq(now),
            ))
            .execute(conn),
        TemplateChange::Deleted => diesel::delete(rows).execute(conn),
    }
}
