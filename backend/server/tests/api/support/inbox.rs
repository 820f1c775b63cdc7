//! Builders for inbox rows (accounts, contacts, conversations, messages, reactions, media),
//! written straight to the tables the way ingestion stores them (see the inbox migration and
//! the content contract), so read-side tests need no webhook.

use super::{TestApp, TestOrg};
use chrono::{Duration, NaiveDateTime};
use diesel::prelude::*;
use serde_json::{Value, json};
use winmessages::clock::Clock;
use winmessages::db::schema::{
    accounts, contacts, conversations, media, message_edits, message_reactions, messages,
};
use winmessages::ids::{OrgId, UserId};

/// One organization's inbox on one connected account.
pub struct Inbox<'a> {
    pub app: &'a TestApp,
    pub org: OrgId,
    pub account_id: i64,
}

#[derive(Debug, Clone, Copy)]
pub struct TestConversation {
    pub id: i64,
    pub contact_id: i64,
}

impl TestApp {
    pub fn now(&self) -> NaiveDateTime {
        self.clock.now().naive_utc()
    }

    /// A connected account for the organization (a fresh phone number id each time).
    pub fn account(&self, org: OrgId) -> i64 {
        let now = self.now();
        let mut conn = self.state.pool.get().unwrap();
        let n: u64 = rand::random::<u64>() % 1_000_000_000;
        diesel::insert_into(accounts::table)
            .values((
                accounts::organization_id.eq(org.0),
                accounts::waba_id.eq(format!("WABA{n}")),
                accounts::phone_number_id.eq(format!("1{n:09}")),
                accounts::display_phone_number.eq(format!("+1 555 {n:09}")),
                accounts::verified_name.eq("Test Business"),
                accounts::access_token_ciphertext.eq("not-a-real-ciphertext"),
                accounts::created_at.eq(now),
                accounts::updated_at.eq(now),
            ))
            .returning(accounts::id)
            .get_result(&mut conn)
            .unwrap()
    }

    pub fn inbox<'a>(&'a self, org: &TestOrg) -> Inbox<'a> {
        Inbox {
            app: self,
            org: org.id,
            account_id: self.account(org.id),
        }
    }
}

impl Inbox<'_> {
    /// Another connected account of the same organization.
    pub fn second_account(&self) -> Inbox<'_> {
        Inbox {
            app: self.app,
            org: self.org,
            account_id: self.app.account(self.org),
        }
    }

    pub fn conn(&self) -> winmessages::db::PooledConn {
        self.app.state.pool.get().unwrap()
    }

    /// A contact known by wa_id (also its phone number) and WhatsApp profile name.
    pub fn contact(&self, wa_id: &str, profile_name: &str) -> i64 {
        let now = self.app.now();
        diesel::insert_into(contacts::table)
            .values((
                contacts::organization_id.eq(self.org.0),
                contacts::wa_id.eq(wa_id),
                contacts::phone_number.eq(format!("+{wa_id}")),
                contacts::profile_name.eq(profile_name),
                contacts::created_at.eq(now),
                contacts::updated_at.eq(now),
            ))
            .returning(contacts::id)
            .get_result(&mut self.conn())
            .unwrap()
    }

    /// A new contact and its open, unassigned conversation with no messages, created now.
    pub fn conversation(&self, wa_id: &str, profile_name: &str) -> TestConversation {
        let contact_id = self.contact(wa_id, profile_name);
        self.conversation_for(contact_id)
    }

    pub fn conversation_for(&self, contact_id: i64) -> TestConversation {
        let now = self.app.now();
        let id = diesel::insert_into(conversations::table)
            .values((
                conversations::organization_id.eq(self.org.0),
                conversations::account_id.eq(self.account_id),
                conversations::contact_id.eq(contact_id),
                conversations::status.eq("open"),
                conversations::unread_count.eq(0),
                conversations::created_at.eq(now),
                conversations::updated_at.eq(now),
            ))
            .returning(conversations::id)
            .get_result(&mut self.conn())
            .unwrap();
        TestConversation { id, contact_id }
    }

    pub fn set_status(&self, c: TestConversation, status: &str) {
        diesel::update(conversations::table.find(c.id))
            .set(conversations::status.eq(status))
            .execute(&mut self.conn())
            .unwrap();
    }

    pub fn assign(&self, c: TestConversation, user: Option<UserId>) {
        diesel::update(conversations::table.find(c.id))
            .set(conversations::assignee_id.eq(user.map(|u| u.0)))
            .execute(&mut self.conn())
            .unwrap();
    }

    pub fn set_unread(&self, c: TestConversation, unread: i32) {
        diesel::update(conversations::table.find(c.id))
            .set(conversations::unread_count.eq(unread))
            .execute(&mut self.conn())
            .unwrap();
    }

    /// Sets the last activity directly (no message row), e.g. to create equal timestamps.
    pub fn set_last_message_at(&self, c: TestConversation, at: Option<NaiveDateTime>) {
        diesel::update(conversations::table.find(c.id))
            .set(conversations::last_message_at.eq(at))
            .execute(&mut self.conn())
            .unwrap();
    }

    /// An inbound message of `kind` with `content` (the `messages.content` object), sent now.
    pub fn message(&self, c: TestConversation, kind: &str, content: Value) -> MessageBuilder<'_> {
        let now = self.app.now();
        MessageBuilder {
            inbox: self,
            conversation: c,
            direction: "inbound",
            kind: kind.to_owned(),
            body: content["text"]["body"]
                .as_str()
                .or(content["media"]["caption"].as_str())
                .map(str::to_owned),
            content,
            wamid: Some(format!("wamid.{:x}", rand::random::<u64>())),
            context_wamid: None,
            reply_to: None,
            status: "received".into(),
            error: None,
            sent_by: None,
            edited_at: None,
            deleted_at: None,
            sent_at: now,
        }
    }

    pub fn text(&self, c: TestConversation, body: &str) -> MessageBuilder<'_> {
        self.message(c, "text", json!({ "text": { "body": body } }))
    }

    /// A reaction from `reactor` (`contact` or `user:<id>`) on a message.
    pub fn react(&self, message_id: i64, reactor: &str, emoji: &str, at: NaiveDateTime) {
        diesel::insert_into(message_reactions::table)
            .values((
                message_reactions::message_id.eq(message_id),
                message_reactions::reactor.eq(reactor),
                message_reactions::emoji.eq(emoji),
                message_reactions::reacted_at.eq(at),
            ))
            .execute(&mut self.conn())
            .unwrap();
    }

    /// A media record; returns its id.
    pub fn media(&self, status: &str, mime_type: &str, error: Option<&str>) -> i64 {
        let now = self.app.now();
        diesel::insert_into(media::table)
            .values((
                media::organization_id.eq(self.org.0),
                media::account_id.eq(self.account_id),
                media::meta_media_id.eq(format!("{}", rand::random::<u32>())),
                media::mime_type.eq(mime_type),
                media::sha256.eq("c2hhMjU2LW9mLXRoZS1jb250ZW50"),
                media::size_bytes.eq(if status == "stored" {
                    Some(2048_i64)
                } else {
                    None
                }),
                media::storage_key.eq(if status == "stored" {
                    Some("k/1")
                } else {
                    None
                }),
                media::status.eq(status),
                media::error.eq(error),
                media::attempts.eq(1),
                media::created_at.eq(now),
                media::updated_at.eq(now),
            ))
            .returning(media::id)
            .get_result(&mut self.conn())
            .unwrap()
    }

    pub fn attach_media(&self, media_id: i64, message_id: i64) {
        diesel::update(media::table.find(media_id))
            .set(media::message_id.eq(message_id))
            .execute(&mut self.conn())
            .unwrap();
    }

    /// Edits a message the way ingestion does: the old version kept, the new content set.
    pub fn edit(&self, message_id: i64, new_body: &str, at: NaiveDateTime) {
        let mut conn = self.conn();
        let (old_body, old_content): (Option<String>, String) = messages::table
            .find(message_id)
            .select((messages::body, messages::content))
            .first(&mut conn)
            .unwrap();
        diesel::insert_into(message_edits::table)
            .values((
                message_edits::message_id.eq(message_id),
                message_edits::previous_body.eq(old_body),
                message_edits::previous_content.eq(old_content),
                message_edits::edited_at.eq(at),
            ))
            .execute(&mut conn)
            .unwrap();
        diesel::update(messages::table.find(message_id))
            .set((
                messages::body.eq(new_body),
                messages::content.eq(json!({ "text": { "body": new_body } }).to_string()),
                messages::edited_at.eq(at),
            ))
            .execute(&mut conn)
            .unwrap();
    }

    /// Revokes a message the way ingestion does: marked deleted, text cleared.
    pub fn revoke(&self, message_id: i64, at: NaiveDateTime) {
        diesel::update(messages::table.find(message_id))
            .set((
                messages::body.eq(None::<String>),
                messages::content.eq(json!({ "deleted": true }).to_string()),
                messages::deleted_at.eq(at),
            ))
            .execute(&mut self.conn())
            .unwrap();
    }
}

pub struct MessageBuilder<'a> {
    inbox: &'a Inbox<'a>,
    conversation: TestConversation,
    direction: &'static str,
    kind: String,
    body: Option<String>,
    content: Value,
    wamid: Option<String>,
    context_wamid: Option<String>,
    reply_to: Option<i64>,
    status: String,
    error: Option<Value>,
    sent_by: Option<i64>,
    edited_at: Option<NaiveDateTime>,
    deleted_at: Option<NaiveDateTime>,
    sent_at: NaiveDateTime,
}

#[allow(dead_code)] // every builder option is not used by every test
impl MessageBuilder<'_> {
    pub fn at(mut self, t: NaiveDateTime) -> Self {
        self.sent_at = t;
        self
    }

    /// Sent `secs` seconds after the test clock's now.
    pub fn after(self, secs: i64) -> Self {
        let t = self.inbox.app.now() + Duration::seconds(secs);
        self.at(t)
    }

    pub fn outbound(mut self, status: &str, by: Option<UserId>) -> Self {
        self.direction = "outbound";
        self.status = status.into();
        self.sent_by = by.map(|u| u.0);
        self
    }

    pub fn failed(mut self, error: Value) -> Self {
        self.direction = "outbound";
        self.status = "failed".into();
        self.error = Some(error);
        self
    }

    pub fn replying_to(mut self, wamid: &str, ours: Option<i64>) -> Self {
        self.context_wamid = Some(wamid.into());
        self.reply_to = ours;
        self
    }

    pub fn wamid(mut self, wamid: Option<&str>) -> Self {
        self.wamid = wamid.map(str::to_owned);
        self
    }

    /// Stores the message and makes it the conversation's last one when it is the newest,
    /// as ingestion does (unread counts are left to the test).
    pub fn insert(self) -> i64 {
        let now = self.inbox.app.now();
        let mut conn = self.inbox.conn();
        let id: i64 = diesel::insert_into(messages::table)
            .values((
                messages::organization_id.eq(self.inbox.org.0),
                messages::account_id.eq(self.inbox.account_id),
                messages::conversation_id.eq(self.conversation.id),
                messages::direction.eq(self.direction),
                messages::kind.eq(&self.kind),
                messages::wamid.eq(&self.wamid),
                messages::body.eq(&self.body),
                messages::content.eq(self.content.to_string()),
                messages::context_wamid.eq(&self.context_wamid),
                messages::reply_to_message_id.eq(self.reply_to),
                messages::status.eq(&self.status),
                messages::error.eq(self.error.as_ref().map(Value::to_string)),
                messages::sent_by_user_id.eq(self.sent_by),
                messages::edited_at.eq(self.edited_at),
                messages::deleted_at.eq(self.deleted_at),
                messages::sent_at.eq(self.sent_at),
                messages::created_at.eq(now),
                messages::updated_at.eq(now),
            ))
            .returning(messages::id)
            .get_result(&mut conn)
            .unwrap();
        let last: Option<NaiveDateTime> = conversations::table
            .find(self.conversation.id)
            .select(conversations::last_message_at)
            .first(&mut conn)
            .unwrap();
        if last.is_none_or(|t| t <= self.sent_at) {
            diesel::update(conversations::table.find(self.conversation.id))
                .set((
                    conversations::last_message_id.eq(id),
                    conversations::last_message_at.eq(self.sent_at),
                ))
                .execute(&mut conn)
                .unwrap();
        }
        if self.direction == "inbound" {
            diesel::update(conversations::table.find(self.conversation.id))
                .set((
                    conversations::last_inbound_at.eq(self.sent_at),
                    conversations::window_expires_at.eq(self.sent_at + Duration::hours(24)),
                ))
                .execute(&mut conn)
                .unwrap();
        }
        id
    }
}
