//! `winmessages seed`: fills a database with a realistic inbox (one organization, its
//! members, two connected accounts, contacts, conversations, messages of every common type
//! with media, reactions, replies and delivery states) for demos and list benchmarks.
//! Rows are generated in chunks of conversations and written with multi-row inserts, one
//! transaction per chunk, with explicit ids so rows can reference each other.

mod generate;

use crate::auth::{Role, password, tokens};
use crate::db::schema::{contacts, conversations, media, message_reactions, messages, users};
use crate::db::{Conn, DbConnection, DbPool};
use crate::ids::OrgId;
use chrono::NaiveDateTime;
use diesel::prelude::*;
use generate::{Chunk, Ctx, generate, message_counts};
use rand::SeedableRng;
use rand::rngs::StdRng;
use std::time::Instant;

/// Sizes of the generated inbox.
#[derive(Debug, Clone, clap::Args)]
pub struct SeedOptions {
    /// Conversations to create (one contact each).
    #[arg(long, default_value_t = 1_000)]
    pub conversations: u64,
    /// Messages to create, spread over the conversations.
    #[arg(long, default_value_t = 10_000)]
    pub messages: u64,
    /// Name of the organization created to hold the data.
    #[arg(long, default_value = "Seeded Organization")]
    pub organization_name: String,
}

/// What was created, and how to sign in to look at it.
#[derive(Debug)]
pub struct SeedReport {
    pub organization: OrgId,
    pub admin_email: String,
    pub admin_password: String,
    pub api_key: String,
    pub contacts: u64,
    pub conversations: u64,
    pub messages: u64,
    pub media: u64,
    pub reactions: u64,
    /// The conversation with the most messages, and how many it has.
    pub busiest_conversation: (i64, u64),
    pub elapsed: std::time::Duration,
}

/// Conversations generated and written per transaction.
const CHUNK: u64 = 1_000;
/// Rows per INSERT statement (below both backends' bind-parameter limits).
const ROWS_PER_STATEMENT: usize = 1_000;
const AGENTS: usize = 5;
/// Writes `rows` into `table`: multi-row INSERTs of [`ROWS_PER_STATEMENT`] rows on SQLite,
/// one binary `COPY` on PostgreSQL. The multi-backend connection cannot express either, so
/// this matches on it.
macro_rules! insert_rows {
    ($conn:expr, $table:expr, $rows:expr) => {{
        match &mut *$conn {
            DbConnection::Sqlite(c) => {
                for batch in $rows.chunks(ROWS_PER_STATEMENT) {
                    diesel::insert_into($table).values(batch).execute(c)?;
                }
            }
            DbConnection::Postgresql(c) => {
                if !$rows.is_empty() {
                    diesel::copy_from($table)
                        .from_insertable(&$rows)
                        .execute(c)?;
                }
            }
        }
    }};
}

/// Next free id of a table (ids are given explicitly so rows can reference each other).
macro_rules! next_id {
    ($conn:expr, $table:ident) => {{
        let max: Option<i64> = $table::table
            .select(diesel::dsl::max($table::id))
            .first($conn)?;
        max.unwrap_or(0) + 1
    }};
}
pub fn run(pool: &DbPool, opts: &SeedOptions, now: NaiveDateTime) -> Result<SeedReport, String> {
    let started = Instant::now();
    let mut conn = pool.get().map_err(|e| format!("DATABASE_URL: {e}"))?;
    let conn: &mut Conn = &mut conn;
    let name = opts.organization_name.trim();
    if name.is_empty() {
        return Err("--organization-name must not be empty".into());
    }
    let admin_password = tokens::random_secret();
    let hash = password::hash(&admin_password).map_err(|e| format!("password hashing: {e}"))?;
    let api_key = tokens::new_api_key();
    let (org, admin_email, agents, accounts) = conn
        .transaction(|c| setup(c, name, &hash, &api_key, now))
        .map_err(|e| format!("seed: {e}"))?;

    let mut rng = StdRng::seed_from_u64(0x5eed ^ org.0 as u64);
    let counts = message_counts(opts.conversations, opts.messages, &mut rng);
    let busiest = counts
        .iter()
        .enumerate()
        .max_by_key(|(_, n)| **n)
        .map(|(i, n)| (i as u64, *n))
        .unwrap_or((0, 0));

    let ids = conn
        .transaction(|c| -> QueryResult<_> {
            Ok((
                next_id!(c, contacts),
                next_id!(c, conversations),
                next_id!(c, messages),
                next_id!(c, media),
            ))
        })
        .map_err(|e| format!("seed: {e}"))?;
    let (first_contact, first_conversation, mut next_message, next_media) = ids;
    let mut ctx = Ctx {
        org: org.0,
        accounts,
        agents,
        now,
        next_media,
    };
    let (mut media_total, mut reactions_total) = (0u64, 0u64);
    let mut start = 0u64;
    while start < opts.conversations {
        let end = (start + CHUNK).min(opts.conversations);
        let mut chunk = Chunk::default();
        for i in start..end {
            let contact_id = first_contact + i as i64;
            let conversation_id = first_conversation + i as i64;
            let n = counts[i as usize];
            generate(
                &mut ctx,
                &mut chunk,
                &mut rng,
                i,
                contact_id,
                conversation_id,
                next_message,
                n,
            );
            next_message += n as i64;
        }
        media_total += chunk.media.len() as u64;
        reactions_total += chunk.reactions.len() as u64;
        conn.transaction(|c| -> QueryResult<()> {
            insert_rows!(c, contacts::table, chunk.contacts);
            insert_rows!(c, conversations::table, chunk.conversations);
            insert_rows!(c, messages::table, chunk.messages);
            insert_rows!(c, media::table, chunk.media);
            insert_rows!(c, message_reactions::table, chunk.reactions);
            Ok(())
        })
        .map_err(|e| format!("seed: {e}"))?;
        start = end;
    }
    after_explicit_ids(conn).map_err(|e| format!("seed: {e}"))?;
    // Generated history is not news: no live events for it.
    crate::events::store::forget_organization(conn, org).map_err(|e| format!("seed: {e}"))?;

    Ok(SeedReport {
        organization: org,
        admin_email,
        admin_password,
        api_key,
        contacts: opts.conversations,
        conversations: opts.conversations,
        messages: opts.messages,
        media: media_total,
        reactions: reactions_total,
        busiest_conversation: (first_conversation + busiest.0 as i64, busiest.1),
        elapsed: started.elapsed(),
    })
}

/// The organization, its admin and agents (sharing one password hash: hashing is slow on
/// purpose), an admin API key and two connected accounts.
fn setup(
    c: &mut Conn,
    name: &str,
    hash: &str,
    api_key: &str,
    now: NaiveDateTime,
) -> QueryResult<(OrgId, String, Vec<i64>, [i64; 2])> {
    let org = crate::organizations::store::insert(c, name, now)?;
    let domain = format!("org{}.seed.winmessages.test", org.0);
    let mut user = |email: String, role: Role| -> QueryResult<i64> {
        diesel::insert_into(users::table)
            .values((
                users::organization_id.eq(Some(org.0)),
                users::email.eq(email.clone()),
                users::name.eq(email.split('@').next().unwrap_or("member").to_owned()),
                users::password_hash.eq(hash),
                users::role.eq(role.as_str()),
                users::created_at.eq(now),
                users::updated_at.eq(now),
            ))
            .returning(users::id)
            .get_result(c)
    };
    let admin_email = format!("admin@{domain}");
    let admin = user(admin_email.clone(), Role::OrgAdmin)?;
    let mut agents = Vec::with_capacity(AGENTS);
    for i in 1..=AGENTS {
        agents.push(user(format!("agent{i}@{domain}"), Role::Agent)?);
    }
    crate::api_keys::store::insert(
        c,
        &crate::api_keys::store::NewApiKey {
            organization_id: org.0,
            name: "seed",
            prefix: api_key.get(..7).unwrap_or(api_key),
            key_hash: &tokens::digest(api_key),
            scope: "admin",
            created_by: Some(admin),
            created_at: now,
        },
    )?;
    let mut accounts = [0; 2];
    for (i, slot) in accounts.iter_mut().enumerate() {
        use crate::db::schema::accounts;
        *slot = diesel::insert_into(accounts::table)
            .values((
                accounts::organization_id.eq(org.0),
                accounts::waba_id.eq(format!("seed-waba-{}", org.0)),
                // Unique across organizations: seeding twice never collides.
                accounts::phone_number_id.eq(format!("seed-{}-{i}", org.0)),
                accounts::display_phone_number
                    .eq(format!("+1 555 010 {:04}", org.0 * 10 + i as i64)),
                accounts::verified_name.eq(format!("{name} {}", ["Sales", "Support"][i])),
                // Seeded accounts cannot send: there is no real token behind them.
                accounts::access_token_ciphertext.eq("seed:none"),
                accounts::created_at.eq(now),
                accounts::updated_at.eq(now),
            ))
            .returning(accounts::id)
            .get_result(c)?;
    }
    Ok((org, admin_email, agents, accounts))
}
/// PostgreSQL identity sequences do not move when ids are given explicitly: move them past
/// the seeded rows (SQLite's AUTOINCREMENT follows by itself). Then vacuum and analyze the
/// bulk-loaded tables, as autovacuum would soon do, so the database is in its steady state.
fn after_explicit_ids(conn: &mut Conn) -> QueryResult<()> {
    if let DbConnection::Postgresql(c) = conn {
        use diesel::connection::SimpleConnection;
        let mut sql = String::new();
        for table in [
            "contacts",
            "conversations",
            "messages",
            "media",
            "message_reactions",
        ] {
            sql.push_str(&format!(
                "SELECT setval(pg_get_serial_sequence('{table}', 'id'), \
                 (SELECT COALESCE(MAX(id), 1) FROM {table}));"
            ));
        }
        c.batch_execute(&sql)?;
        // On its own: VACUUM refuses to run in a multi-statement string.
        c.batch_execute(
            "VACUUM (ANALYZE) contacts, conversations, messages, media, message_reactions",
        )?;
    }
    Ok(())
}

/// `winmessages seed`: migrates the database named by `DATABASE_URL`, seeds it and prints
/// counts, timing and the credentials of the new organization.
pub fn command(target: &crate::db::DatabaseTarget, opts: &SeedOptions) -> Result<(), String> {
    let pool = crate::db::build_pool(target, 2)?;
    {
        let mut conn = pool.get().map_err(|e| format!("DATABASE_URL: {e}"))?;
        crate::db::run_migrations(&mut conn)?;
    }
    println!(
        "seeding {} conversations and {} messages into {}…",
        opts.conversations,
        opts.messages,
        target.redacted()
    );
    let r = run(&pool, opts, chrono::Utc::now().naive_utc())?;
    let secs = r.elapsed.as_secs_f64();
    println!("seeded organization {} in {secs:.1} s", r.organization);
    println!(
        "  contacts: {}, conversations: {}, messages: {} ({:.0} messages/s), media: {}, reactions: {}",
        r.contacts,
        r.conversations,
        r.messages,
        r.messages as f64 / secs.max(0.001),
        r.media,
        r.reactions
    );
    println!(
        "  busiest conversation: {} ({} messages)",
        r.busiest_conversation.0, r.busiest_conversation.1
    );
    println!("  admin: {} / {}", r.admin_email, r.admin_password);
    println!("  api key: {}", r.api_key);
    Ok(())
}
