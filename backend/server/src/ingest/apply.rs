//! Applies one parsed webhook to the inbox tables, idempotently: replaying the same payload
//! (Meta retries, duplicates, reprocessing) changes nothing the second time.

use super::contacts::{self, ContactCache, Sender};
use super::content::{self, MediaSpec, Stored};
use super::conversations::{self, Change, InboundActivity};
use super::messages::{self, NewMessage};
use super::statuses;
use super::templates as templates_hook;
use crate::accounts::store::{self as accounts, Route};
use crate::db::Conn;
use crate::media::store as media;
use chrono::NaiveDateTime;
use diesel::QueryResult;
use std::collections::{BTreeMap, HashMap};
use whatsapp_cloud::webhook::{
    ChangeValue, Message, MessageContent, MessagesValue, SystemKind, WebhookEnvelope,
};

/// What a processed webhook did, reported after its transaction commits.
#[derive(Debug, Default, Clone)]
pub struct Effects {
    /// Kinds of the messages newly stored.
    pub stored_kinds: Vec<String>,
    /// Media downloads queued.
    pub media_queued: usize,
    /// Things worth knowing that are not errors (kept on the event as `last_error`).
    pub notes: Vec<String>,
    /// Accounts whose templates should be fetched again (a webhook named one we lack).
    pub template_refresh: Vec<i64>,
}

/// Where an event belongs.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Routing {
    Routed { organization: i64, account: i64 },
    Unrouted,
}

/// Account lookups, remembered for the length of one transaction.
#[derive(Debug, Default)]
pub struct Routes {
    by_phone: HashMap<String, Option<Route>>,
    by_waba: HashMap<String, Option<Route>>,
}

impl Routes {
    fn phone(&mut self, conn: &mut Conn, pnid: &str) -> QueryResult<Option<Route>> {
        if let Some(r) = self.by_phone.get(pnid) {
            return Ok(*r);
        }
        let r = accounts::route_by_phone_number_id(conn, pnid)?;
        self.by_phone.insert(pnid.to_owned(), r);
        Ok(r)
    }

    fn waba(&mut self, conn: &mut Conn, waba: &str) -> QueryResult<Option<Route>> {
        if let Some(r) = self.by_waba.get(waba) {
            return Ok(*r);
        }
        let r = accounts::route_by_waba_id(conn, waba)?;
        self.by_waba.insert(waba.to_owned(), r);
        Ok(r)
    }
}

/// The phone number id a non-`messages` change names, if any (`value.metadata`).
fn metadata_phone_number_id(value: &ChangeValue) -> Option<String> {
    let json = serde_json::to_value(value).ok()?;
    json.get("metadata")?
        .get("phone_number_id")?
        .as_str()
        .map(str::to_owned)
}

/// One transaction's worth of webhooks: account and contact lookups are shared, and new
/// messages are inserted together (one statement) with one update per conversation.
#[derive(Debug)]
pub struct Batch {
    routes: Routes,
    contacts: ContactCache,
    pending: Vec<Pending>,
    now: NaiveDateTime,
}

/// A message waiting for the batch's insert.
#[derive(Debug)]
struct Pending {
    org: i64,
    account: i64,
    contact: i64,
    conversation: i64,
    wamid: String,
    stored: Stored,
    context_wamid: Option<String>,
    reply_to: Option<i64>,
    sent_at: NaiveDateTime,
    deleted_at: Option<NaiveDateTime>,
    from_customer: bool,
}

impl Batch {
    pub fn new(now: NaiveDateTime) -> Self {
        Self {
            routes: Routes::default(),
            contacts: ContactCache::default(),
            pending: Vec::new(),
            now,
        }
    }

    /// Loads, per account, the contacts and conversations of every sender in the envelopes.
    pub fn prefetch(&mut self, conn: &mut Conn, envelopes: &[&WebhookEnvelope]) -> QueryResult<()> {
        let mut senders: BTreeMap<(i64, i64), (Vec<String>, Vec<String>)> = BTreeMap::new();
        for envelope in envelopes {
            for (_, value) in envelope.messages_values() {
                let Some(route) = self
                    .routes
                    .phone(conn, value.phone_number_id())?
                    .filter(|r| !r.disabled)
                else {
                    continue;
                };
                let (wa_ids, user_ids) = senders
                    .entry((route.organization, route.account))
                    .or_default();
                for msg in &value.messages {
                    let sender = sender_of(value, msg);
                    wa_ids.extend(sender.wa_id.map(str::to_owned));
                    user_ids.extend(sender.user_id.map(str::to_owned));
                }
            }
        }
        for ((org, account), (mut wa_ids, mut user_ids)) in senders {
            wa_ids.sort();
            wa_ids.dedup();
            user_ids.sort();
            user_ids.dedup();
            self.contacts
                .preload(conn, org, account, &wa_ids, &user_ids)?;
        }
        Ok(())
    }

    /// Inserts the waiting messages, then updates their conversations (in id order, so
    /// concurrent batches lock rows in the same order) and queues their media.
    pub fn flush(&mut self, conn: &mut Conn, effects: &mut Effects) -> QueryResult<()> {
        if self.pending.is_empty() {
            return Ok(());
        }
        let pending = std::mem::take(&mut self.pending);
        let contents: Vec<String> = pending
            .iter()
            .map(|p| p.stored.content.to_string())
            .collect();
        let rows: Vec<NewMessage<'_>> = pending
            .iter()
            .zip(&contents)
            .map(|(p, content)| NewMessage {
                organization_id: p.org,
                account_id: p.account,
                conversation_id: p.conversation,
                direction: "inbound",
                kind: &p.stored.kind,
                wamid: Some(&p.wamid),
                body: p.stored.body.as_deref(),
                content,
                context_wamid: p.context_wamid.as_deref(),
                reply_to_message_id: p.reply_to,
                status: "received",
                error: None,
                sent_by_user_id: None,
                edited_at: None,
                deleted_at: p.deleted_at,
                sent_at: p.sent_at,
                created_at: self.now,
                updated_at: self.now,
            })
            .collect();
        let inserted = messages::insert_many_once(conn, &rows)?;
        drop(rows);
        let mut ids: HashMap<String, i64> = inserted
            .into_iter()
            .filter_map(|(id, wamid)| Some((wamid?, id)))
            .collect();
        let mut changes: BTreeMap<i64, (i64, i64, Change)> = BTreeMap::new();
        for p in pending {
            // Absent: delivered before (or twice in this batch).
            let Some(id) = ids.remove(&p.wamid) else {
                continue;
            };
            let state = self
                .contacts
                .conversation(conn, p.org, p.account, p.contact, self.now)?;
            let entry =
                changes
                    .entry(state.id)
                    .or_insert((p.account, p.contact, Change::default()));
            conversations::apply(
                state,
                &mut entry.2,
                InboundActivity {
                    message_id: id,
                    sent_at: p.sent_at,
                    from_customer: p.from_customer,
                },
            );
            if let Some(spec) = &p.stored.media {
                queue_media(conn, &p, spec, id, self.now)?;
                effects.media_queued += 1;
            }
            effects.stored_kinds.push(p.stored.kind);
        }
        let keys: Vec<(i64, i64, Change)> = changes.into_values().collect();
        let mut states = Vec::with_capacity(keys.len());
        for (account, contact, change) in keys {
            if let Some(state) = self.contacts.loaded(account, contact) {
                states.push((state.clone(), change));
            }
        }
        let items: Vec<_> = states.iter().map(|(s, c)| (s, *c)).collect();
        conversations::write_many(conn, &items, self.now)
    }

    fn waiting(&self, wamid: &str) -> bool {
        self.pending.iter().any(|p| p.wamid == wamid)
    }
}

fn queue_media(
    conn: &mut Conn,
    p: &Pending,
    spec: &MediaSpec,
    message_id: i64,
    now: NaiveDateTime,
) -> QueryResult<()> {
    let media_id = media::insert_inbound(
        conn,
        &media::NewInboundMedia {
            organization_id: p.org,
            account_id: p.account,
            message_id,
            meta_media_id: spec.meta_media_id.as_deref(),
            mime_type: spec.mime_type.as_deref(),
            sha256: spec.sha256.as_deref(),
            filename: spec.filename.as_deref(),
        },
        now,
    )?;
    let mut content = p.stored.content.clone();
    if let Some(m) = content.get_mut("media").and_then(|m| m.as_object_mut()) {
        m.insert("media_id".into(), media_id.into());
    }
    messages::set_content(conn, message_id, &content.to_string())
}

/// The routing of an envelope without applying it (to file a failed event under its
/// organization).
pub fn route_of(conn: &mut Conn, envelope: &WebhookEnvelope) -> QueryResult<Routing> {
    let mut routes = Routes::default();
    for (entry, change) in envelope.changes() {
        let route = match &change.value {
            ChangeValue::Messages(v) => routes.phone(conn, v.phone_number_id())?,
            other => match metadata_phone_number_id(other) {
                Some(pnid) => routes.phone(conn, &pnid)?,
                None => routes.waba(conn, &entry.id)?,
            },
        };
        if let Some(r) = route.filter(|r| !r.disabled) {
            return Ok(Routing::Routed {
                organization: r.organization,
                account: r.account,
            });
        }
    }
    Ok(Routing::Unrouted)
}

/// Applies every change of the envelope; the event's routing is that of its first routed
/// change. New messages wait in the batch until [`Batch::flush`].
pub fn apply_envelope(
    conn: &mut Conn,
    envelope: &WebhookEnvelope,
    batch: &mut Batch,
    effects: &mut Effects,
) -> QueryResult<Routing> {
    let now = batch.now;
    let mut routing = Routing::Unrouted;
    for (entry, change) in envelope.changes() {
        let route = match &change.value {
            ChangeValue::Messages(v) => batch.routes.phone(conn, v.phone_number_id())?,
            other => match metadata_phone_number_id(other) {
                Some(pnid) => batch.routes.phone(conn, &pnid)?,
                None => batch.routes.waba(conn, &entry.id)?,
            },
        };
        let Some(route) = route.filter(|r| !r.disabled) else {
            if route.is_some_and(|r| r.disabled) {
                effects.notes.push(format!(
                    "`{}` change for a disabled account ignored",
                    change.field
                ));
            }
            continue;
        };
        if routing == Routing::Unrouted {
            routing = Routing::Routed {
                organization: route.organization,
                account: route.account,
            };
        }
        match &change.value {
            ChangeValue::Messages(v) => apply_messages_value(conn, batch, route, v, effects)?,
            ChangeValue::UserIdUpdate(v) => {
                batch.flush(conn, effects)?;
                for update in &v.user_id_update {
                    if let Some((Some(prev), Some(cur))) = update
                        .user_id
                        .as_ref()
                        .map(|c| (c.previous.as_deref(), c.current.as_deref()))
                    {
                        contacts::rename_user_id(conn, route.organization, prev, cur, now)?;
                    }
                }
                batch.contacts.invalidate();
            }
            ChangeValue::TemplateStatusUpdate(v) => {
                templates_hook::status_update(conn, route, &entry.id, v, now, effects)?;
            }
            ChangeValue::TemplateCategoryUpdate(v) => {
                templates_hook::category_update(conn, route, &entry.id, v, now, effects)?;
            }
            // Other fields (account and quality updates, calls, echoes…) stay on the stored
            // event for the features that use them.
            _ => {}
        }
    }
    Ok(routing)
}

fn apply_messages_value(
    conn: &mut Conn,
    batch: &mut Batch,
    route: Route,
    value: &MessagesValue,
    effects: &mut Effects,
) -> QueryResult<()> {
    for msg in &value.messages {
        apply_message(conn, batch, route, value, msg, effects)?;
    }
    for status in &value.statuses {
        statuses::apply(conn, route.account, status, batch.now)?;
    }
    for error in &value.errors {
        effects.notes.push(format!(
            "Meta reported error {}: {}",
            error.code,
            error.title.as_deref().unwrap_or_default()
        ));
    }
    Ok(())
}

fn sender_of<'a>(value: &'a MessagesValue, msg: &'a Message) -> Sender<'a> {
    let contact = value.contact_for(msg);
    Sender {
        wa_id: msg
            .from
            .as_deref()
            .or(contact.and_then(|c| c.wa_id.as_deref())),
        user_id: msg
            .from_user_id
            .as_deref()
            .or(contact.and_then(|c| c.user_id.as_deref())),
        parent_user_id: msg
            .from_parent_user_id
            .as_deref()
            .or(contact.and_then(|c| c.parent_user_id.as_deref())),
        username: contact.and_then(|c| c.profile.as_ref()?.username.as_deref()),
        profile_name: contact.and_then(|c| c.name()).filter(|n| !n.is_empty()),
    }
}

/// Where a message goes: its account, contact and conversation.
#[derive(Debug, Clone, Copy)]
struct Place {
    org: i64,
    account: i64,
    contact: i64,
    conversation: i64,
    sent_at: NaiveDateTime,
}

fn apply_message(
    conn: &mut Conn,
    batch: &mut Batch,
    route: Route,
    value: &MessagesValue,
    msg: &Message,
    effects: &mut Effects,
) -> QueryResult<()> {
    let now = batch.now;
    let sender = sender_of(value, msg);
    let Some(contact) = contacts::upsert(
        conn,
        &mut batch.contacts,
        route.organization,
        route.account,
        &sender,
        now,
    )?
    else {
        effects
            .notes
            .push(format!("message {} names no sender; skipped", msg.id));
        return Ok(());
    };
    let conversation = batch
        .contacts
        .conversation(conn, route.organization, route.account, contact, now)?
        .id;
    let place = Place {
        org: route.organization,
        account: route.account,
        contact,
        conversation,
        sent_at: msg.timestamp.to_datetime().map_or(now, |t| t.naive_utc()),
    };
    match &msg.content {
        MessageContent::Reaction(r) => {
            batch.flush(conn, effects)?;
            if let Some(target) = messages::find_by_wamid(conn, route.account, &r.message_id)? {
                let emoji = (!r.is_removal()).then_some(r.emoji.as_deref()).flatten();
                return messages::set_reaction(
                    conn,
                    target.id,
                    "contact",
                    emoji,
                    Some(&msg.id),
                    place.sent_at,
                );
            }
            // The reacted message is unknown here (sent from elsewhere): keep the reaction.
            defer(
                conn,
                batch,
                effects,
                place,
                msg,
                &msg.id,
                content::describe(msg),
                false,
                None,
            )
        }
        MessageContent::Edit(edit) => {
            batch.flush(conn, effects)?;
            let stored = content::describe_content(
                &edit.message.content,
                edit.message.context.as_ref(),
                None,
                &[],
                || serde_json::to_value(&edit.message).unwrap_or_default(),
            );
            match messages::find_by_wamid(conn, route.account, &edit.original_message_id)? {
                Some(target) => {
                    let merged = keep_media_id(&target.content, stored.content);
                    messages::apply_edit(
                        conn,
                        &target,
                        stored.body.as_deref(),
                        &merged.to_string(),
                        place.sent_at,
                        now,
                    )
                    .map(drop)
                }
                None => {
                    let mut stored = stored;
                    if let Some(obj) = stored.content.as_object_mut() {
                        obj.insert("edit_of".into(), edit.original_message_id.clone().into());
                    }
                    defer(
                        conn, batch, effects, place, msg, &msg.id, stored, true, None,
                    )
                }
            }
        }
        MessageContent::Revoke(revoke) => {
            batch.flush(conn, effects)?;
            match messages::id_by_wamid(conn, route.account, &revoke.original_message_id)? {
                Some(id) => messages::revoke(conn, id, place.sent_at, now),
                None => {
                    // Revoked before it arrived (or before it was stored): a tombstone under
                    // the original wamid keeps a late copy from appearing.
                    let stored = Stored {
                        kind: "revoke".into(),
                        body: None,
                        content: content::deleted_marker(),
                        media: None,
                    };
                    let original = revoke.original_message_id.clone();
                    defer(
                        conn,
                        batch,
                        effects,
                        place,
                        msg,
                        &original,
                        stored,
                        false,
                        Some(place.sent_at),
                    )
                }
            }
        }
        MessageContent::System(system) => {
            batch.flush(conn, effects)?;
            let (wa_id, user_id, parent) = match system.kind() {
                SystemKind::UserChangedNumber => (system.wa_id.as_deref(), None, None),
                SystemKind::UserChangedUserId => (
                    None,
                    system.user_id.as_deref(),
                    system.parent_user_id.as_deref(),
                ),
                _ => (None, None, None),
            };
            if wa_id.is_some() || user_id.is_some() || parent.is_some() {
                contacts::change_identifiers(
                    conn,
                    route.organization,
                    contact,
                    wa_id,
                    user_id,
                    parent,
                    now,
                )?;
                batch.contacts.invalidate();
            }
            defer(
                conn,
                batch,
                effects,
                place,
                msg,
                &msg.id,
                content::describe(msg),
                false,
                None,
            )
        }
        _ => defer(
            conn,
            batch,
            effects,
            place,
            msg,
            &msg.id,
            content::describe(msg),
            true,
            None,
        ),
    }
}

/// An edit names the same media: the downloaded file (our `media_id`) stays attached.
fn keep_media_id(old: &str, mut new: serde_json::Value) -> serde_json::Value {
    let old_id = serde_json::from_str::<serde_json::Value>(old)
        .ok()
        .and_then(|v| v.get("media")?.get("media_id").cloned());
    if let (Some(id), Some(media)) = (old_id, new.get_mut("media").and_then(|m| m.as_object_mut()))
    {
        media.insert("media_id".into(), id);
    }
    new
}

/// Queues a message for the batch's insert.
#[allow(clippy::too_many_arguments)]
fn defer(
    conn: &mut Conn,
    batch: &mut Batch,
    effects: &mut Effects,
    place: Place,
    msg: &Message,
    wamid: &str,
    stored: Stored,
    from_customer: bool,
    deleted_at: Option<NaiveDateTime>,
) -> QueryResult<()> {
    let context_wamid = msg.reply_to();
    let reply_to = match context_wamid {
        Some(w) => {
            if batch.waiting(w) {
                batch.flush(conn, effects)?;
            }
            messages::id_by_wamid(conn, place.account, w)?
        }
        None => None,
    };
    batch.pending.push(Pending {
        org: place.org,
        account: place.account,
        contact: place.contact,
        conversation: place.conversation,
        wamid: wamid.to_owned(),
        stored,
        context_wamid: context_wamid.map(str::to_owned),
        reply_to,
        sent_at: place.sent_at,
        deleted_at,
        from_customer,
    });
    Ok(())
}
