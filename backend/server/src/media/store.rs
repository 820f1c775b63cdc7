use crate::db::Conn;
use crate::db::schema::media;
use crate::ids::OrgId;
use chrono::NaiveDateTime;
use diesel::prelude::*;

/// Status of media whose stored file was deleted under the retention policy.
pub const EXPIRED: &str = "expired";

#[derive(Queryable, Selectable, Debug, Clone)]
#[diesel(table_name = media)]
pub struct MediaRow {
    pub id: i64,
    pub organization_id: i64,
    pub account_id: Option<i64>,
    pub message_id: Option<i64>,
    pub meta_media_id: Option<String>,
    pub mime_type: Option<String>,
    pub sha256: Option<String>,
    pub size_bytes: Option<i64>,
    pub filename: Option<String>,
    pub storage_key: Option<String>,
    pub status: String,
    pub error: Option<String>,
    pub attempts: i32,
    pub next_attempt_at: Option<NaiveDateTime>,
    pub created_at: NaiveDateTime,
    pub updated_at: NaiveDateTime,
}

/// An inbound media file to download.
#[derive(Debug, Clone)]
pub struct NewInboundMedia<'a> {
    pub organization_id: i64,
    pub account_id: i64,
    pub message_id: i64,
    pub meta_media_id: Option<&'a str>,
    pub mime_type: Option<&'a str>,
    pub sha256: Option<&'a str>,
    pub filename: Option<&'a str>,
}

/// Records a media file to download now; without a Meta media id it fails at once.
pub fn insert_inbound(
    conn: &mut Conn,
    new: &NewInboundMedia<'_>,
    now: NaiveDateTime,
) -> QueryResult<i64> {
    let (status, error, next) = match new.meta_media_id {
        Some(_) => ("pending", None, Some(now)),
        None => ("failed", Some("the webhook carried no media id"), None),
    };
    diesel::insert_into(media::table)
        .values((
            media::organization_id.eq(new.organization_id),
            media::account_id.eq(new.account_id),
            media::message_id.eq(new.message_id),
            media::meta_media_id.eq(new.meta_media_id),
            media::mime_type.eq(new.mime_type),
            media::sha256.eq(new.sha256),
            media::filename.eq(new.filename),
            media::status.eq(status),
            media::error.eq(error),
            media::attempts.eq(0),
            media::next_attempt_at.eq(next),
            media::created_at.eq(now),
            media::updated_at.eq(now),
        ))
        .returning(media::id)
        .get_result(conn)
}

pub fn get(conn: &mut Conn, org: OrgId, id: i64) -> QueryResult<MediaRow> {
    media::table
        .filter(media::organization_id.eq(org.0))
        .filter(media::id.eq(id))
        .select(MediaRow::as_select())
        .first(conn)
}

/// The media of these messages (one query), for message lists.
pub fn of_messages(conn: &mut Conn, org: OrgId, message_ids: &[i64]) -> QueryResult<Vec<MediaRow>> {
    media::table
        .filter(media::organization_id.eq(org.0))
        .filter(media::message_id.eq_any(message_ids))
        .select(MediaRow::as_select())
        .load(conn)
}

/// Pending downloads that are due, oldest first.
pub fn due(conn: &mut Conn, now: NaiveDateTime, limit: i64) -> QueryResult<Vec<MediaRow>> {
    media::table
        .filter(media::status.eq("pending"))
        .filter(media::next_attempt_at.le(now))
        .order(media::next_attempt_at.asc())
        .limit(limit)
        .select(MediaRow::as_select())
        .load(conn)
}

/// Takes a due download for `lease`: only one worker (of any replica) wins it.
pub fn claim(conn: &mut Conn, row: &MediaRow, lease_until: NaiveDateTime) -> QueryResult<bool> {
    diesel::update(
        media::table
            .filter(media::id.eq(row.id))
            .filter(media::status.eq("pending"))
            .filter(media::next_attempt_at.eq(row.next_attempt_at)),
    )
    .set((
        media::next_attempt_at.eq(lease_until),
        media::attempts.eq(media::attempts + 1),
    ))
    .execute(conn)
    .map(|n| n == 1)
}

pub fn mark_stored(
    conn: &mut Conn,
    id: i64,
    storage_key: &str,
    mime_type: Option<&str>,
    sha256: &str,
    size: i64,
    now: NaiveDateTime,
) -> QueryResult<()> {
    diesel::update(media::table.find(id))
        .set((
            media::status.eq("stored"),
            media::storage_key.eq(storage_key),
            media::mime_type.eq(mime_type),
            media::sha256.eq(sha256),
            media::size_bytes.eq(size),
            media::error.eq(None::<String>),
            media::next_attempt_at.eq(None::<NaiveDateTime>),
            media::updated_at.eq(now),
        ))
        .execute(conn)
        .map(drop)
}

/// Records a failed attempt: retried at `retry_at`, or failed for good when `None`.
pub fn mark_attempt_failed(
    conn: &mut Conn,
    id: i64,
    error: &str,
    retry_at: Option<NaiveDateTime>,
    now: NaiveDateTime,
) -> QueryResult<()> {
    diesel::update(media::table.find(id))
        .set((
            media::status.eq(if retry_at.is_some() {
                "pending"
            } else {
                "failed"
            }),
            media::error.eq(error),
            media::next_attempt_at.eq(retry_at),
            media::updated_at.eq(now),
        ))
        .execute(conn)
        .map(drop)
}
