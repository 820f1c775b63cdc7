//! Contact upsert: keyed by the business-scoped user id when present, else by wa_id
//! (CLOUD_API.md §2.6); the other identifiers and the profile follow the latest webhook.

use crate::db::Conn;
use crate::db::schema::{contacts, conversations};
use chrono::NaiveDateTime;
use diesel::prelude::*;
use std::collections::{HashMap, HashSet};

/// Who sent a message, as far as the webhook tells.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Sender<'a> {
    pub wa_id: Option<&'a str>,
    pub user_id: Option<&'a str>,
    pub parent_user_id: Option<&'a str>,
    pub username: Option<&'a str>,
    pub profile_name: Option<&'a str>,
}

impl Sender<'_> {
    pub fn is_identified(&self) -> bool {
        self.wa_id.is_some() || self.user_id.is_some()
    }
}

#[derive(Queryable, Selectable, Debug, Clone)]
#[diesel(table_name = contacts)]
pub struct ContactKeys {
    pub id: i64,
    pub wa_id: Option<String>,
    pub user_id: Option<String>,
    pub parent_user_id: Option<String>,
    pub username: Option<String>,
    pub profile_name: Option<String>,
    pub phone_number: Option<String>,
}

/// The conversation of (account, contact), as ingestion tracks it.
#[derive(Queryable, Debug, Clone)]
pub struct ConversationState {
    pub id: i64,
    pub status: String,
    pub last_message_id: Option<i64>,
    pub last_message_at: Option<NaiveDateTime>,
    pub last_inbound_at: Option<NaiveDateTime>,
}

type ConversationColumns = (
    i64,
    String,
    Option<i64>,
    Option<NaiveDateTime>,
    Option<NaiveDateTime>,
);
type Row = (ContactKeys, Option<ConversationColumns>);

fn state(
    (id, status, last_message_id, last_message_at, last_inbound_at): ConversationColumns,
) -> ConversationState {
    ConversationState {
        id,
        status,
        last_message_id,
        last_message_at,
        last_inbound_at,
    }
}

macro_rules! with_conversation {
    ($account:expr) => {
        contacts::table
            .left_join(
                conversations::table.on(conversations::contact_id
                    .eq(contacts::id)
                    .and(conversations::account_id.eq($account))),
            )
            .select((
                ContactKeys::as_select(),
                (
                    conversations::id,
                    conversations::status,
                    conversations::last_message_id,
                    conversations::last_message_at,
                    conversations::last_inbound_at,
                )
                    .nullable(),
            ))
    };
}

/// Contacts and their conversations, remembered for the length of one transaction so a batch
/// of webhooks costs one lookup per account instead of one per message.
#[derive(Debug, Default)]
pub struct ContactCache {
    contacts: Vec<(i64, ContactKeys)>,
    by_user: HashMap<(i64, String), usize>,
    by_wa: HashMap<(i64, String), usize>,
    /// Keys looked up and not found (a new contact).
    absent: HashSet<(i64, String)>,
    /// (account, contact) → its conversation; `None` when known not to exist.
    conversations: HashMap<(i64, i64), Option<ConversationState>>,
}

impl ContactCache {
    fn remember(&mut self, org: i64, account: i64, (keys, conversation): Row) -> usize {
        let contact = keys.id;
        let slot = match self.contacts.iter().position(|(_, c)| c.id == contact) {
            Some(slot) => slot,
            None => {
                self.contacts.push((org, keys.clone()));
                self.contacts.len() - 1
            }
        };
        if let Some(u) = &keys.user_id {
            self.by_user.insert((org, u.clone()), slot);
        }
        if let Some(w) = &keys.wa_id {
            self.by_wa.insert((org, w.clone()), slot);
        }
        self.conversations
            .entry((account, contact))
            .or_insert_with(|| conversation.map(state));
        slot
    }

    fn lookup(&self, org: i64, sender: &Sender<'_>) -> Option<usize> {
        sender
            .user_id
            .and_then(|u| self.by_user.get(&(org, u.to_owned())))
            .or_else(|| {
                sender
                    .wa_id
                    .and_then(|w| self.by_wa.get(&(org, w.to_owned())))
            })
            .copied()
    }

    fn known_absent(&self, org: i64, sender: &Sender<'_>) -> bool {
        let absent = |k: Option<&str>| k.is_none_or(|k| self.absent.contains(&(org, k.to_owned())));
        absent(sender.user_id) && absent(sender.wa_id)
    }

    /// Loads the contacts (and their conversations on `account`) of many senders at once.
    pub fn preload(
        &mut self,
        conn: &mut Conn,
        org: i64,
        account: i64,
        wa_ids: &[String],
        user_ids: &[String],
    ) -> QueryResult<()> {
        if wa_ids.is_empty() && user_ids.is_empty() {
            return Ok(());
        }
        let rows: Vec<Row> = with_conversation!(account)
            .filter(contacts::organization_id.eq(org))
            .filter(
                contacts::wa_id
                    .eq_any(wa_ids)
                    .or(contacts::user_id.eq_any(user_ids)),
            )
            .load(conn)?;
        for row in rows {
            self.remember(org, account, row);
        }
        for key in wa_ids.iter().chain(user_ids) {
            let k = (org, key.clone());
            if !self.by_wa.contains_key(&k) && !self.by_user.contains_key(&k) {
                self.absent.insert(k);
            }
        }
        Ok(())
    }

    /// The conversation of (account, contact), created when there is none.
    pub fn conversation(
        &mut self,
        conn: &mut Conn,
        org: i64,
        account: i64,
        contact: i64,
        now: NaiveDateTime,
    ) -> QueryResult<&mut ConversationState> {
        let key = (account, contact);
        let known = match self.conversations.get(&key) {
            Some(c) => c.is_some(),
            None => {
                let found: Option<ConversationColumns> = conversations::table
                    .filter(conversations::account_id.eq(account))
                    .filter(conversations::contact_id.eq(contact))
                    .select((
                        conversations::id,
                        conversations::status,
                        conversations::last_message_id,
                        conversations::last_message_at,
                        conversations::last_inbound_at,
                    ))
                    .first(conn)
                    .optional()?;
                let found = found.map(state);
                let exists = found.is_some();
                self.conversations.insert(key, found);
                exists
            }
        };
        if !known {
            let created = super::conversations::create(conn, org, account, contact, now)?;
            self.conversations.insert(key, Some(created));
        }
        match self.conversations.get_mut(&key) {
            Some(Some(c)) => Ok(c),
            _ => Err(diesel::result::Error::NotFound),
        }
    }

    /// Forgets everything (after identifiers changed under the cache).
    pub fn invalidate(&mut self) {
        *self = Self::default();
    }

    /// A conversation already loaded (after `conversation`).
    pub fn loaded(&mut self, account: i64, contact: i64) -> Option<&mut ConversationState> {
        self.conversations.get_mut(&(account, contact))?.as_mut()
    }
}

/// The contact (and its conversation on `account`) matching the sender: a match on user id
/// wins over a match on wa_id.
fn find(conn: &mut Conn, account: i64, org: i64, sender: &Sender<'_>) -> QueryResult<Option<Row>> {
    let rows: Vec<Row> = match (sender.user_id, sender.wa_id) {
        (Some(u), Some(w)) => with_conversation!(account)
            .filter(contacts::organization_id.eq(org))
            .filter(contacts::user_id.eq(u).or(contacts::wa_id.eq(w)))
            .limit(2)
            .load(conn)?,
        (Some(u), None) => with_conversation!(account)
            .filter(contacts::organization_id.eq(org))
            .filter(contacts::user_id.eq(u))
            .limit(1)
            .load(conn)?,
        (None, Some(w)) => with_conversation!(account)
            .filter(contacts::organization_id.eq(org))
            .filter(contacts::wa_id.eq(w))
            .limit(1)
            .load(conn)?,
        (None, None) => return Ok(None),
    };
    let best = rows
        .iter()
        .position(|(c, _)| sender.user_id.is_some() && c.user_id.as_deref() == sender.user_id)
        .unwrap_or(0);
    Ok(rows.into_iter().nth(best))
}

#[derive(AsChangeset, Default)]
#[diesel(table_name = contacts)]
struct ContactChanges<'a> {
    wa_id: Option<&'a str>,
    user_id: Option<&'a str>,
    parent_user_id: Option<&'a str>,
    username: Option<&'a str>,
    profile_name: Option<&'a str>,
    phone_number: Option<String>,
    updated_at: Option<NaiveDateTime>,
}

fn differs(new: Option<&str>, old: &Option<String>) -> bool {
    new.is_some_and(|n| old.as_deref() != Some(n))
}

fn phone_of(wa_id: &str) -> String {
    format!("+{wa_id}")
}

/// Finds or creates the sender's contact; returns its id.
pub fn upsert(
    conn: &mut Conn,
    cache: &mut ContactCache,
    org: i64,
    account: i64,
    sender: &Sender<'_>,
    now: NaiveDateTime,
) -> QueryResult<Option<i64>> {
    if !sender.is_identified() {
        return Ok(None);
    }
    let mut slot = cache.lookup(org, sender);
    if slot.is_none() && !cache.known_absent(org, sender) {
        slot = find(conn, account, org, sender)?.map(|row| cache.remember(org, account, row));
    }
    if let Some(slot) = slot {
        let contact = cache.contacts[slot].1.clone();
        let mut changes = ContactChanges::default();
        let mut changed = false;
        // wa_id changes when the user moves to a new number; user_id is only filled in (a new
        // user id arrives as a system message, handled by `change_identifiers`).
        if differs(sender.wa_id, &contact.wa_id)
            && !wa_id_taken(conn, org, sender.wa_id, contact.id)?
        {
            changes.wa_id = sender.wa_id;
            if contact.phone_number.is_none()
                || contact.phone_number == contact.wa_id.as_deref().map(phone_of)
            {
                changes.phone_number = sender.wa_id.map(phone_of);
            }
            changed = true;
        }
        if contact.user_id.is_none() && sender.user_id.is_some() {
            changes.user_id = sender.user_id;
            changed = true;
        }
        if differs(sender.parent_user_id, &contact.parent_user_id) {
            changes.parent_user_id = sender.parent_user_id;
            changed = true;
        }
        if differs(sender.username, &contact.username) {
            changes.username = sender.username;
            changed = true;
        }
        if differs(sender.profile_name, &contact.profile_name) {
            changes.profile_name = sender.profile_name;
            changed = true;
        }
        if changed {
            changes.updated_at = Some(now);
            diesel::update(contacts::table.find(contact.id))
                .set(&changes)
                .execute(conn)?;
            let keys = ContactKeys {
                id: contact.id,
                wa_id: changes.wa_id.map(str::to_owned).or(contact.wa_id),
                user_id: changes.user_id.map(str::to_owned).or(contact.user_id),
                parent_user_id: changes
                    .parent_user_id
                    .map(str::to_owned)
                    .or(contact.parent_user_id),
                username: changes.username.map(str::to_owned).or(contact.username),
                profile_name: changes
                    .profile_name
                    .map(str::to_owned)
                    .or(contact.profile_name),
                phone_number: changes.phone_number.or(contact.phone_number),
            };
            cache.contacts[slot].1 = keys.clone();
            cache.remember(org, account, (keys, None));
        }
        return Ok(Some(contact.id));
    }
    let id = diesel::insert_into(contacts::table)
        .values((
            contacts::organization_id.eq(org),
            contacts::wa_id.eq(sender.wa_id),
            contacts::user_id.eq(sender.user_id),
            contacts::parent_user_id.eq(sender.parent_user_id),
            contacts::username.eq(sender.username),
            contacts::profile_name.eq(sender.profile_name),
            contacts::phone_number.eq(sender.wa_id.map(phone_of)),
            contacts::created_at.eq(now),
            contacts::updated_at.eq(now),
        ))
        .returning(contacts::id)
        .get_result(conn)?;
    let keys = ContactKeys {
        id,
        wa_id: sender.wa_id.map(str::to_owned),
        user_id: sender.user_id.map(str::to_owned),
        parent_user_id: sender.parent_user_id.map(str::to_owned),
        username: sender.username.map(str::to_owned),
        profile_name: sender.profile_name.map(str::to_owned),
        phone_number: sender.wa_id.map(phone_of),
    };
    cache.remember(org, account, (keys, None));
    Ok(Some(id))
}

fn wa_id_taken(conn: &mut Conn, org: i64, wa_id: Option<&str>, except: i64) -> QueryResult<bool> {
    let Some(wa_id) = wa_id else { return Ok(false) };
    diesel::select(diesel::dsl::exists(
        contacts::table
            .filter(contacts::organization_id.eq(org))
            .filter(contacts::wa_id.eq(wa_id))
            .filter(contacts::id.ne(except)),
    ))
    .get_result(conn)
}

/// Applies `user_changed_number` / `user_changed_user_id`: the contact keeps its history under
/// its new identifiers (unless another contact already holds them).
pub fn change_identifiers(
    conn: &mut Conn,
    org: i64,
    contact: i64,
    new_wa_id: Option<&str>,
    new_user_id: Option<&str>,
    new_parent_user_id: Option<&str>,
    now: NaiveDateTime,
) -> QueryResult<()> {
    if let Some(w) = new_wa_id
        && !wa_id_taken(conn, org, Some(w), contact)?
    {
        diesel::update(contacts::table.find(contact))
            .set((
                contacts::wa_id.eq(w),
                contacts::phone_number.eq(phone_of(w)),
                contacts::updated_at.eq(now),
            ))
            .execute(conn)?;
    }
    if let Some(u) = new_user_id {
        let taken: bool = diesel::select(diesel::dsl::exists(
            contacts::table
                .filter(contacts::organization_id.eq(org))
                .filter(contacts::user_id.eq(u))
                .filter(contacts::id.ne(contact)),
        ))
        .get_result(conn)?;
        if !taken {
            diesel::update(contacts::table.find(contact))
                .set((contacts::user_id.eq(u), contacts::updated_at.eq(now)))
                .execute(conn)?;
        }
    }
    if let Some(p) = new_parent_user_id {
        diesel::update(contacts::table.find(contact))
            .set((contacts::parent_user_id.eq(p), contacts::updated_at.eq(now)))
            .execute(conn)?;
    }
    Ok(())
}

/// `user_id_update` webhooks: `{previous, current}` pairs of business-scoped user ids.
pub fn rename_user_id(
    conn: &mut Conn,
    org: i64,
    previous: &str,
    current: &str,
    now: NaiveDateTime,
) -> QueryResult<()> {
    let taken: bool = diesel::select(diesel::dsl::exists(
        contacts::table
            .filter(contacts::organization_id.eq(org))
            .filter(contacts::user_id.eq(current)),
    ))
    .get_result(conn)?;
    if !taken {
        diesel::update(
            contacts::table
                .filter(contacts::organization_id.eq(org))
                .filter(contacts::user_id.eq(previous)),
        )
        .set((contacts::user_id.eq(current), contacts::updated_at.eq(now)))
        .execute(conn)?;
    }
    Ok(())
}
