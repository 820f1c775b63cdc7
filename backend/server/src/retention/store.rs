use super::{DataType, Overrides, Period};
use crate::db::Conn;
use crate::db::schema::retention_policies as rp;
use crate::ids::OrgId;
use chrono::NaiveDateTime;
use diesel::prelude::*;

#[derive(Debug, Clone, Queryable, Selectable, Insertable, AsChangeset)]
#[diesel(table_name = rp)]
#[diesel(treat_none_as_null = true)]
pub struct PolicyRow {
    pub organization_id: i64,
    pub messages_days: Option<i32>,
    pub media_days: Option<i32>,
    pub webhook_payloads_days: Option<i32>,
    pub api_calls_days: Option<i32>,
    pub access_logs_days: Option<i32>,
    pub audit_log_days: Option<i32>,
    pub updated_at: NaiveDateTime,
}

impl PolicyRow {
    pub fn overrides(&self) -> Overrides {
        let cols = [
            self.messages_days,
            self.media_days,
            self.webhook_payloads_days,
            self.api_calls_days,
            self.access_logs_days,
            self.audit_log_days,
        ];
        Overrides(cols.map(|c| c.map(Period::from_column)))
    }

    fn new(org: OrgId, o: &Overrides, now: NaiveDateTime) -> Self {
        let col = |t: DataType| o.get(t).map(Period::to_column);
        Self {
            organization_id: org.0,
            messages_days: col(DataType::Messages),
            media_days: col(DataType::Media),
            webhook_payloads_days: col(DataType::WebhookPayloads),
            api_calls_days: col(DataType::ApiCalls),
            access_logs_days: col(DataType::AccessLogs),
            audit_log_days: col(DataType::AuditLog),
            updated_at: now,
        }
    }
}

pub fn get(conn: &mut Conn, org: OrgId) -> QueryResult<Option<PolicyRow>> {
    rp::table
        .find(org.0)
        .select(PolicyRow::as_select())
        .first(conn)
        .optional()
}

/// Every organization's settings (organizations without a row follow the defaults).
pub fn all(conn: &mut Conn) -> QueryResult<Vec<PolicyRow>> {
    rp::table.select(PolicyRow::as_select()).load(conn)
}

/// Replaces an organization's settings.
pub fn put(conn: &mut Conn, org: OrgId, o: &Overrides, now: NaiveDateTime) -> QueryResult<()> {
    let row = PolicyRow::new(org, o, now);
    let updated = diesel::update(rp::table.find(org.0))
        .set(&row)
        .execute(conn)?;
    if updated == 0 {
        diesel::insert_into(rp::table).values(&row).execute(conn)?;
    }
    Ok(())
}
