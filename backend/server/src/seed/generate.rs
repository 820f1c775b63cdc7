//! Generation of the seeded rows: names, message mix, timings and delivery states.

use crate::db::schema::{contacts, conversations, media, message_reactions, messages};
use chrono::{Duration, NaiveDateTime};
use diesel::prelude::*;
use rand::Rng;
use rand::rngs::StdRng;
use serde_json::json;

const FIRST_NAMES: &[&str] = &[
    "Ana", "Bruno", "Carla", "Diego", "Elena", "Fátima", "Gabriel", "Hana", "Ibrahim", "Julia",
    "Kenji", "Lucía", "Mateo", "Nadia", "Omar", "Paula", "Quentin", "Rosa", "Samuel", "Tomás",
];
const LAST_NAMES: &[&str] = &[
    "García", "Silva", "Müller", "Rossi", "Khan", "Nguyen", "Smith", "Okafor", "Dubois",
    "Kowalski", "Santos", "Ivanova", "Haddad", "Tanaka", "López",
];
const INBOUND_TEXTS: &[&str] = &[
    "Hi! Is this still available?",
    "Hola, ¿a qué hora abren mañana?",
    "I ordered last week and nothing arrived yet",
    "Olá, vocês entregam no sábado?",
    "Can I change the size of my order?",
    "Thanks a lot 🙏",
    "What is the price with shipping?",
    "Ok perfect",
    "Do you have it in blue?",
    "Necesito la factura, por favor",
];
const OUTBOUND_TEXTS: &[&str] = &[
    "Hello! Thanks for writing to us, how can we help?",
    "Yes, it is in stock. Shall I reserve one for you?",
    "Your order is on its way, here is the tracking link: https://example.com/t/123",
    "We open at 9:00 tomorrow.",
    "Sure, I have updated your order.",
    "You're welcome! Anything else?",
];
#[derive(Insertable)]
#[diesel(table_name = contacts, treat_none_as_default_value = false)]
pub(super) struct NewContact {
    pub(super) id: i64,
    pub(super) organization_id: i64,
    pub(super) wa_id: Option<String>,
    pub(super) profile_name: Option<String>,
    pub(super) name: Option<String>,
    pub(super) phone_number: Option<String>,
    pub(super) created_at: NaiveDateTime,
    pub(super) updated_at: NaiveDateTime,
}

#[derive(Insertable)]
#[diesel(table_name = conversations, treat_none_as_default_value = false)]
pub(super) struct NewConversation {
    pub(super) id: i64,
    pub(super) organization_id: i64,
    pub(super) account_id: i64,
    pub(super) contact_id: i64,
    pub(super) status: &'static str,
    pub(super) assignee_id: Option<i64>,
    pub(super) unread_count: i32,
    pub(super) last_message_id: Option<i64>,
    pub(super) last_message_at: Option<NaiveDateTime>,
    pub(super) last_inbound_at: Option<NaiveDateTime>,
    pub(super) window_expires_at: Option<NaiveDateTime>,
    pub(super) created_at: NaiveDateTime,
    pub(super) updated_at: NaiveDateTime,
}

#[derive(Insertable)]
#[diesel(table_name = messages, treat_none_as_default_value = false)]
pub(super) struct NewMessage {
    pub(super) id: i64,
    pub(super) organization_id: i64,
    pub(super) account_id: i64,
    pub(super) conversation_id: i64,
    pub(super) direction: &'static str,
    pub(super) kind: &'static str,
    pub(super) wamid: Option<String>,
    pub(super) body: Option<String>,
    pub(super) content: String,
    pub(super) context_wamid: Option<String>,
    pub(super) reply_to_message_id: Option<i64>,
    pub(super) status: &'static str,
    pub(super) error: Option<String>,
    pub(super) sent_by_user_id: Option<i64>,
    pub(super) sent_at: NaiveDateTime,
    pub(super) created_at: NaiveDateTime,
    pub(super) updated_at: NaiveDateTime,
}

#[derive(Insertable)]
#[diesel(table_name = media, treat_none_as_default_value = false)]
pub(super) struct NewMedia {
    pub(super) id: i64,
    pub(super) organization_id: i64,
    pub(super) account_id: Option<i64>,
    pub(super) message_id: Option<i64>,
    pub(super) meta_media_id: Option<String>,
    pub(super) mime_type: Option<String>,
    sha256: Option<String>,
    pub(super) size_bytes: Option<i64>,
    pub(super) filename: Option<String>,
    pub(super) storage_key: Option<String>,
    pub(super) status: &'static str,
    pub(super) error: Option<String>,
    pub(super) attempts: i32,
    pub(super) created_at: NaiveDateTime,
    pub(super) updated_at: NaiveDateTime,
}

#[derive(Insertable)]
#[diesel(table_name = message_reactions, treat_none_as_default_value = false)]
pub(super) struct NewReaction {
    pub(super) message_id: i64,
    pub(super) reactor: String,
    pub(super) emoji: &'static str,
    pub(super) wamid: Option<String>,
    pub(super) reacted_at: NaiveDateTime,
}
/// Everything generated for one chunk of conversations.
#[derive(Default)]
pub(super) struct Chunk {
    pub(super) contacts: Vec<NewContact>,
    pub(super) conversations: Vec<NewConversation>,
    pub(super) messages: Vec<NewMessage>,
    pub(super) media: Vec<NewMedia>,
    pub(super) reactions: Vec<NewReaction>,
}

pub(super) struct Ctx {
    pub(super) org: i64,
    pub(super) accounts: [i64; 2],
    pub(super) agents: Vec<i64>,
    pub(super) now: NaiveDateTime,
    pub(super) next_media: i64,
}
/// Messages per conversation: `messages / conversations` on average, varied, summing to
/// `messages`, with one conversation of at least 200 messages when there are enough.
pub(super) fn message_counts(conversations: u64, messages: u64, rng: &mut StdRng) -> Vec<u64> {
    let n = usize::try_from(conversations).unwrap_or(usize::MAX);
    if n == 0 {
        return Vec::new();
    }
    let base = messages / conversations;
    let rem = usize::try_from(messages % conversations).unwrap_or(0);
    let mut counts: Vec<u64> = (0..n).map(|i| base + u64::from(i < rem)).collect();
    for i in (0..n.saturating_sub(1)).step_by(2) {
        let moved = rng.random_range(0..=counts[i + 1] * 3 / 4);
        counts[i + 1] -= moved;
        counts[i] += moved;
    }
    let mut donor = 1;
    while counts[0] < 200 && donor < n {
        if counts[donor] > 1 {
            counts[donor] -= 1;
            counts[0] += 1;
        }
        donor += 1;
    }
    counts
}

/// Generates one contact, its conversation and `n` messages with their media and reactions.
#[allow(clippy::too_many_arguments)]
pub(super) fn generate(
    ctx: &mut Ctx,
    out: &mut Chunk,
    rng: &mut StdRng,
    index: u64,
    contact_id: i64,
    conversation_id: i64,
    first_message: i64,
    n: u64,
) {
    let first = FIRST_NAMES[rng.random_range(0..FIRST_NAMES.len())];
    let last = LAST_NAMES[rng.random_range(0..LAST_NAMES.len())];
    let wa_id = format!(
        "{}{:010}",
        [34, 55, 44, 49, 1][index as usize % 5],
        contact_id
    );
    let account = ctx.accounts[usize::from(rng.random_bool(0.3))];
    // Activity spread over the last 90 days; messages minutes to hours apart.
    let last_at = ctx.now - Duration::seconds(rng.random_range(0..90 * 24 * 3600));
    let mut times = Vec::with_capacity(n as usize);
    let mut t = last_at;
    for _ in 0..n {
        times.push(t);
        t -= Duration::seconds(rng.random_range(5..4 * 3600));
    }
    times.reverse();
    let created_at = times.first().copied().unwrap_or(last_at);
    out.contacts.push(NewContact {
        id: contact_id,
        organization_id: ctx.org,
        wa_id: Some(wa_id.clone()),
        profile_name: Some(format!("{first} {last}")),
        name: rng
            .random_bool(0.05)
            .then(|| format!("{first} {last} (customer)")),
        phone_number: Some(format!("+{wa_id}")),
        created_at,
        updated_at: created_at,
    });

    let mut last_outbound: Option<(i64, String)> = None;
    let mut last_inbound_at = None;
    let mut trailing_inbound = 0;
    for (k, at) in times.iter().enumerate() {
        let id = first_message + k as i64;
        let wamid = format!("wamid.seed{}x{id}", ctx.org);
        let inbound = k == 0 || rng.random_bool(0.55);
        let mut m = NewMessage {
            id,
            organization_id: ctx.org,
            account_id: account,
            conversation_id,
            direction: if inbound { "inbound" } else { "outbound" },
            kind: "text",
            wamid: Some(wamid.clone()),
            body: None,
            content: String::new(),
            context_wamid: None,
            reply_to_message_id: None,
            status: "received",
            error: None,
            sent_by_user_id: None,
            sent_at: *at,
            created_at: *at,
            updated_at: *at,
        };
        if inbound {
            inbound_content(ctx, out, rng, &mut m, account);
            if let Some((reply_to, quoted)) =
                last_outbound.as_ref().filter(|_| rng.random_bool(0.05))
            {
                m.reply_to_message_id = Some(*reply_to);
                m.context_wamid = Some(quoted.clone());
            }
            last_inbound_at = Some(*at);
            trailing_inbound += 1;
        } else {
            let body = OUTBOUND_TEXTS[rng.random_range(0..OUTBOUND_TEXTS.len())];
            m.body = Some(body.to_owned());
            m.content = json!({ "text": { "body": body } }).to_string();
            m.sent_by_user_id = Some(ctx.agents[rng.random_range(0..ctx.agents.len())]);
            m.status = match rng.random_range(0..100) {
                0 => "failed",
                1..=10 => "sent",
                11..=40 => "delivered",
                _ => "read",
            };
            if m.status == "failed" {
                m.error = Some(
                    json!({"code": 131047, "title": "Re-engagement message",
                           "message": "Re-engagement message",
                           "details": "Message failed to send because more than 24 hours have passed since the customer last replied to this number."})
                    .to_string(),
                );
            }
            last_outbound = Some((id, wamid));
            trailing_inbound = 0;
        }
        if rng.random_bool(0.03) {
            let reactor = if inbound {
                format!("user:{}", ctx.agents[0])
            } else {
                "contact".to_owned()
            };
            out.reactions.push(NewReaction {
                message_id: id,
                reactor,
                emoji: ["👍", "❤️", "😂", "🙏"][rng.random_range(0..4)],
                wamid: None,
                reacted_at: *at + Duration::seconds(30),
            });
        }
        out.messages.push(m);
    }

    let status = match rng.random_range(0..100) {
        0..=59 => "open",
        60..=74 => "pending",
        _ => "resolved",
    };
    let last_message = (n > 0).then(|| first_message + n as i64 - 1);
    out.conversations.push(NewConversation {
        id: conversation_id,
        organization_id: ctx.org,
        account_id: account,
        contact_id,
        status,
        assignee_id: rng
            .random_bool(0.5)
            .then(|| ctx.agents[rng.random_range(0..ctx.agents.len())]),
        unread_count: if status == "open" {
            trailing_inbound.min(9)
        } else {
            0
        },
        last_message_id: last_message,
        last_message_at: last_message.map(|_| last_at),
        last_inbound_at,
        window_expires_at: last_inbound_at.map(|t| t + Duration::hours(24)),
        created_at,
        updated_at: last_at,
    });
}

/// Content of an inbound message: mostly text, some media (with its media record),
/// locations and button replies.
fn inbound_content(
    ctx: &mut Ctx,
    out: &mut Chunk,
    rng: &mut StdRng,
    m: &mut NewMessage,
    account: i64,
) {
    let roll = rng.random_range(0..100);
    let media_kind = match roll {
        0..=79 => None,
        80..=87 => Some(("image", "image/jpeg", None)),
        88..=90 => Some(("audio", "audio/ogg; codecs=opus", None)),
        91..=92 => Some(("document", "application/pdf", Some("invoice.pdf"))),
        93..=94 => Some(("sticker", "image/webp", None)),
        _ => None,
    };
    if let Some((kind, mime, filename)) = media_kind {
        let media_id = ctx.next_media;
        ctx.next_media += 1;
        let caption = (kind == "image" && rng.random_bool(0.4)).then_some("See attached");
        let (status, error) = match rng.random_range(0..100) {
            0..=2 => (
                "failed",
                Some("download failed: HTTP 404 from the media URL".to_owned()),
            ),
            3..=4 => ("pending", None),
            _ => ("stored", None),
        };
        out.media.push(NewMedia {
            id: media_id,
            organization_id: ctx.org,
            account_id: Some(account),
            message_id: Some(m.id),
            meta_media_id: Some(format!("{}", 1_000_000_000 + media_id)),
            mime_type: Some(mime.to_owned()),
            sha256: Some("47DEQpj8HBSa+/TImW+5JCeuQeRkm5NMpJWZG3hSuFU=".to_owned()),
            size_bytes: (status == "stored").then(|| rng.random_range(4_000..900_000)),
            filename: filename.map(str::to_owned),
            storage_key: (status == "stored").then(|| format!("seed/{}/{media_id}", ctx.org)),
            status,
            error,
            attempts: if status == "pending" { 0 } else { 1 },
            created_at: m.sent_at,
            updated_at: m.sent_at,
        });
        m.kind = kind;
        m.body = caption.map(str::to_owned);
        m.content = json!({ "media": {
            "media_id": media_id, "mime_type": mime, "caption": caption, "filename": filename,
            "voice": kind == "audio", "sha256": "47DEQpj8HBSa+/TImW+5JCeuQeRkm5NMpJWZG3hSuFU=",
            "meta_media_id": format!("{}", 1_000_000_000 + media_id),
        }})
        .to_string();
        return;
    }
    match roll {
        95..=97 => {
            m.kind = "location";
            m.content = json!({ "location": {
                "latitude": 40.4 + rng.random_range(0.0..0.1), "longitude": -3.7 + rng.random_range(0.0..0.1),
                "name": null, "address": null, "url": null,
            }})
            .to_string();
        }
        98..=99 => {
            m.kind = "interactive";
            m.content = json!({ "interactive": {
                "type": "button_reply", "button_reply": { "id": "yes", "title": "Yes, please" },
            }})
            .to_string();
        }
        _ => {
            let body = INBOUND_TEXTS[rng.random_range(0..INBOUND_TEXTS.len())];
            m.body = Some(body.to_owned());
            m.content = json!({ "text": { "body": body } }).to_string();
        }
    }
}
