//! Erasure (`DELETE /contacts/{id}`): afterwards no table and no stored file holds the
//! person's phone number, name or messages — searched column by column and file by file —
//! while other people's data in the same payloads survives.

use super::call;
use crate::inbound::harness::{CUSTOMER, Inbound, PNID, deliver, envelope};
use crate::outbound::{chat, drain, send};
use crate::support::assert_problem;
use diesel::prelude::*;
use diesel::sql_types::{BigInt, Text};
use serde_json::{Value, json};
use wa_simulator::{CustomerMessage, Inbound as Says, MediaInput};
use winmessages::db::schema::{audit_log, contacts, webhook_events};

const OTHER: &str = "4477009911";

#[derive(QueryableByName)]
struct Column {
    #[diesel(sql_type = Text)]
    table_name: String,
    #[diesel(sql_type = Text)]
    column_name: String,
}

#[derive(QueryableByName)]
struct Count {
    #[diesel(sql_type = BigInt)]
    n: i64,
}

/// Every column of every table of the database.
fn columns(conn: &mut winmessages::db::Conn) -> Vec<Column> {
    let sql = match conn.backend() {
        winmessages::db::Backend::Sqlite => {
            "SELECT m.name AS table_name, p.name AS column_name FROM sqlite_master m \
             JOIN pragma_table_info(m.name) p WHERE m.type = 'table' AND m.name NOT LIKE 'sqlite_%'"
        }
        winmessages::db::Backend::Postgres => {
            "SELECT table_name::text AS table_name, column_name::text AS column_name \
             FROM information_schema.columns WHERE table_schema = current_schema()"
        }
    };
    diesel::sql_query(sql).load(conn).unwrap()
}

/// `table.column` cells that contain `needle` (case-insensitive).
fn cells_containing(conn: &mut winmessages::db::Conn, needle: &str) -> Vec<String> {
    assert!(
        needle
            .chars()
            .all(|c| c.is_alphanumeric() || " .,?()".contains(c))
    );
    let mut found = Vec::new();
    for col in columns(conn) {
        let sql = format!(
            "SELECT COUNT(*) AS n FROM \"{}\" WHERE LOWER(CAST(\"{}\" AS TEXT)) LIKE '%{}%'",
            col.table_name,
            col.column_name,
            needle.to_lowercase()
        );
        let n = diesel::sql_query(sql).get_result::<Count>(conn).unwrap().n;
        if n > 0 {
            found.push(format!("{}.{} ({n})", col.table_name, col.column_name));
        }
    }
    found
}

/// Files under `dir` whose bytes contain `needle`.
fn files_containing(dir: &std::path::Path, needle: &[u8]) -> Vec<std::path::PathBuf> {
    let mut out = Vec::new();
    let Ok(entries) = std::fs::read_dir(dir) else {
        return out;
    };
    for e in entries.flatten() {
        let path = e.path();
        if path.is_dir() {
            out.extend(files_containing(&path, needle));
        } else if let Ok(bytes) = std::fs::read(&path)
            && bytes.windows(needle.len()).any(|w| w == needle)
        {
            out.push(path);
        }
    }
    out
}

#[actix_web::test]
async fn erasure_leaves_no_trace_of_the_person_and_keeps_everyone_else() {
    let h = Inbound::start().await;
    let app = &h.app;
    let org = app.org("Acme");
    // The customer writes (profile "Sheena Nelson", CUSTOMER's number).
    let chat = chat(&h, &org).await;
    // A photo with a caption; the file is downloaded and stored.
    h.sim
        .customer_sends(
            CustomerMessage::new(
                PNID,
                CUSTOMER,
                Says::Image {
                    media: MediaInput::bytes("image/png", b"\x89PNG SHEENAS-PASSPORT-SCAN"),
                    caption: Some("Passport scan for parcel 7781".into()),
                },
            )
            .profile_name("Sheena Nelson"),
        )
        .await
        .unwrap();
    app.process();
    assert_eq!(winmessages::media::worker::run_due(&app.state).await, 1);
    // One webhook carrying both her message and another customer's, who quotes her name.
    let now = winmessages::clock::Clock::now(&app.clock).timestamp();
    deliver(
        app,
        &envelope(json!({
            "contacts": [{"profile": {"name": "Sheena Nelson"}, "wa_id": CUSTOMER},
                         {"profile": {"name": "Bob Keeper"}, "wa_id": OTHER}],
            "messages": [
                {"from": CUSTOMER, "id": "wamid.SHEENA2", "timestamp": now.to_string(),
                 "type": "text", "text": {"body": "My address is 12 Elm Road"}},
                {"from": OTHER, "id": "wamid.BOB1", "timestamp": now.to_string(),
                 "type": "text", "text": {"body": "Sheena Nelson sent me here, about my invoice"}}
            ]
        })),
    )
    .await;
    app.process();
    // The agent replies; the Graph API call is logged with her number.
    let (s, _, sent) = send(
        &h,
        &org,
        chat.conversation,
        &json!({"type": "text", "text": {"body": "Your parcel ships Friday"}}),
    )
    .await;
    assert_eq!(s, 202, "{sent}");
    assert_eq!(drain(&h).await, 1);
    app.state.api_calls.flush().await;
    // The simulator's own receipts of the reply (sent, delivered) arrive on their own; wait
    // until they stop, and process them.
    let mut seen = 0;
    loop {
        tokio::time::sleep(std::time::Duration::from_millis(300)).await;
        let n = h.sim.webhook_deliveries().len();
        if n == seen {
            break;
        }
        seen = n;
    }
    app.process();
    // A delivery receipt naming her as recipient.
    deliver(
        app,
        &envelope(
            json!({"statuses": [{"id": chat.inbound_wamid, "status": "read",
            "timestamp": now.to_string(), "recipient_id": CUSTOMER}]}),
        ),
    )
    .await;
    app.process();
    // The business renamed her (audited with before and after).
    let admin = || {
        let t = app.token_for(
            org.admin.id,
            Some(org.id),
            winmessages::auth::Role::OrgAdmin,
        );
        ("authorization", format!("Bearer {t}"))
    };
    let contact: i64 = contacts::table
        .filter(contacts::wa_id.eq(CUSTOMER))
        .select(contacts::id)
        .first(&mut app.state.pool.get().unwrap())
        .unwrap();
    let (s, _, _) = call(
        app,
        "PATCH",
        &format!("/api/v1/contacts/{contact}"),
        admin(),
        Some(json!({"name": "Sheena VIP", "notes": "Prefers mornings"})),
    )
    .await;
    assert_eq!(s, 200);

    let needles = [
        CUSTOMER,
        "Sheena",
        "Elm Road",
        "parcel 7781",
        "order ready",
        "ships Friday",
        "Prefers mornings",
    ];
    let mut conn = app.state.pool.get().unwrap();
    for n in needles {
        assert!(
            !cells_containing(&mut conn, n).is_empty(),
            "{n} should be stored before"
        );
    }
    let media_dir = app.db.data_dir().join("media");
    assert_eq!(
        files_containing(&media_dir, b"SHEENAS-PASSPORT-SCAN").len(),
        1
    );

    // Agents may not erase; another organization cannot see her.
    let got = call(
        app,
        "DELETE",
        &format!("/api/v1/contacts/{contact}"),
        crate::outbound::agent(&h, &org),
        None,
    )
    .await;
    assert_eq!(got.0, 403);
    let stranger = app.org("Stranger");
    let token = app.token_for(
        stranger.admin.id,
        Some(stranger.id),
        winmessages::auth::Role::OrgAdmin,
    );
    let got = call(
        app,
        "DELETE",
        &format!("/api/v1/contacts/{contact}"),
        ("authorization", format!("Bearer {token}")),
        None,
    )
    .await;
    assert_problem(&got, 404, "not_found");

    let (s, _, erased) = call(
        app,
        "DELETE",
        &format!("/api/v1/contacts/{contact}"),
        admin(),
        None,
    )
    .await;
    assert_eq!(s, 200, "{erased}");
    assert_eq!(erased["conversations"], 1);
    assert_eq!(erased["messages"], 4, "{erased}");
    assert_eq!(erased["media_files"], 1);
    assert!(
        erased["webhook_events_deleted"].as_u64().unwrap() >= 3,
        "{erased}"
    );
    assert_eq!(erased["webhook_events_redacted"], 1, "{erased}");
    assert!(
        erased["api_calls_redacted"].as_u64().unwrap() >= 1,
        "{erased}"
    );
    assert!(
        erased["audit_entries_redacted"].as_u64().unwrap() >= 1,
        "{erased}"
    );

    // Nothing of her is left, in any column of any table or in any stored file.
    let left: Vec<(String, String)> = webhook_events::table
        .filter(webhook_events::payload.like(format!("%{CUSTOMER}%")))
        .select((webhook_events::status, webhook_events::payload))
        .load(&mut conn)
        .unwrap();
    assert!(left.is_empty(), "{left:?}");
    for n in needles {
        assert_eq!(
            cells_containing(&mut conn, n),
            Vec::<String>::new(),
            "{n} survived"
        );
    }
    assert!(files_containing(&media_dir, b"SHEENAS-PASSPORT-SCAN").is_empty());
    // Bob, whose message shared a webhook with hers, is intact.
    assert!(
        cells_containing(&mut conn, "Bob Keeper")
            .iter()
            .any(|c| c.starts_with("webhook_events.payload")),
    );
    assert!(!cells_containing(&mut conn, "about my invoice").is_empty());
    let shared: String = webhook_events::table
        .filter(webhook_events::payload.like("%wamid.BOB1%"))
        .select(webhook_events::payload)
        .first(&mut conn)
        .unwrap();
    let shared: Value = serde_json::from_str(&shared).unwrap();
    let value = &shared["entry"][0]["changes"][0]["value"];
    assert_eq!(value["messages"].as_array().unwrap().len(), 1);
    assert_eq!(
        value["messages"][0]["text"]["body"],
        "[erased] sent me here, about my invoice"
    );
    let (_, _, list) = call(app, "GET", "/api/v1/conversations", admin(), None).await;
    assert_eq!(list["items"].as_array().unwrap().len(), 1);
    assert_eq!(list["items"][0]["contact"]["wa_id"], OTHER);

    // The erasure is audited by id and counts only.
    let details: Option<String> = audit_log::table
        .filter(audit_log::action.eq("contact.erased"))
        .select(audit_log::details)
        .first(&mut conn)
        .unwrap();
    assert!(details.unwrap().contains("\"messages\":4"));

    // She writes again: a fresh contact, with nothing of the past.
    h.sim
        .customer_sends(
            CustomerMessage::new(
                PNID,
                CUSTOMER,
                Says::Text {
                    body: "hello again".into(),
                },
            )
            .profile_name("Sheena Nelson"),
        )
        .await
        .unwrap();
    app.process();
    let fresh: Vec<i64> = contacts::table
        .filter(contacts::wa_id.eq(CUSTOMER))
        .select(contacts::id)
        .load(&mut conn)
        .unwrap();
    assert_eq!(fresh.len(), 1);
    assert_ne!(fresh[0], contact);
    let got = call(
        app,
        "GET",
        &format!("/api/v1/contacts/{contact}"),
        admin(),
        None,
    )
    .await;
    assert_problem(&got, 404, "not_found");
}
