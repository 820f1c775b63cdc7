//! Template webhooks (`message_template_status_update`, `template_category_update`): the
//! named template's stored status or category changes in the event's transaction. A template
//! we do not have yet (created or approved since the last sync) queues a refresh of the
//! account's templates instead.

use super::apply::Effects;
use crate::accounts::store::Route;
use crate::db::Conn;
use crate::templates::store::{self, TemplateChange, TemplateKey};
use chrono::NaiveDateTime;
use diesel::QueryResult;
use whatsapp_cloud::webhook::{TemplateCategoryUpdate, TemplateStatusUpdate};

pub fn status_update(
    conn: &mut Conn,
    route: Route,
    waba_id: &str,
    v: &TemplateStatusUpdate,
    now: NaiveDateTime,
    effects: &mut Effects,
) -> QueryResult<()> {
    let key = TemplateKey {
        meta_template_id: v.message_template_id.as_ref().map(|id| id.as_str()),
        name: v.message_template_name.as_deref(),
        language: v.message_template_language.as_deref(),
    };
    let event = v.event.to_ascii_uppercase();
    let change = match event.as_str() {
        "DELETED" => TemplateChange::Deleted,
        // Back in service: approved again.
        "REINSTATED" => TemplateChange::Status("APPROVED"),
        // Not statuses of their own: the current status is whatever Meta lists now.
        "FLAGGED" | "UNARCHIVED" => {
            effects.template_refresh.push(route.account);
            return Ok(());
        }
        other => TemplateChange::Status(other),
    };
    let changed = store::apply_change(conn, route.organization, waba_id, key, change, now)?;
    if changed == 0 && !matches!(change, TemplateChange::Deleted) {
        effects.template_refresh.push(route.account);
    }
    Ok(())
}

pub fn category_update(
    conn: &mut Conn,
    route: Route,
    waba_id: &str,
    v: &TemplateCategoryUpdate,
    now: NaiveDateTime,
    effects: &mut Effects,
) -> QueryResult<()> {
    let Some(category) = v.new_category.as_deref() else {
        return Ok(());
    };
    let key = TemplateKey {
        meta_template_id: v.message_template_id.as_ref().map(|id| id.as_str()),
        name: v.message_template_name.as_deref(),
        language: v.message_template_language.as_deref(),
    };
    let changed = store::apply_change(
        conn,
        route.organization,
        waba_id,
        key,
        TemplateChange::Category(category),
        now,
    )?;
    if changed == 0 {
        effects.template_refresh.push(route.account);
    }
    Ok(())
}
