//! `POST /api/v1/media`: a file an agent or integrator attaches to a reply, stored here first
//! (multipart `file`), then uploaded to WhatsApp by the outbox when a message uses it.

use crate::app::AppState;
use crate::auth::OrgMember;
use crate::db::schema::media;
use crate::error::{ApiError, ApiResult};
use actix_multipart::Multipart;
use actix_web::{HttpRequest, HttpResponse, post, web};
use diesel::prelude::*;
use futures_util::TryStreamExt;
use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};
use utoipa::ToSchema;

/// Document types WhatsApp renders (CLOUD_API.md §7).
pub const DOCUMENT_TYPES: &[&str] = &[
    "text/plain",
    "application/pdf",
    "application/msword",
    "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    "application/vnd.ms-excel",
    "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "application/vnd.ms-powerpoint",
    "application/vnd.openxmlformats-officedocument.presentationml.presentation",
];

/// Every type a message can carry: images, videos, audio, stickers and documents.
const MEDIA_TYPES: &[&str] = &[
    "image/jpeg",
    "image/png",
    "image/webp",
    "video/mp4",
    "video/3gpp",
    "audio/aac",
    "audio/amr",
    "audio/mpeg",
    "audio/mp4",
    "audio/ogg",
];

/// The largest file WhatsApp accepts (documents, 100 MB).
pub const MAX_UPLOAD: usize = 100 * 1024 * 1024;

/// An uploaded file, ready to be sent with `media_id`.
#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
pub struct UploadedMedia {
    /// Use as `media_id` in a message of the matching type.
    pub id: i64,
    pub mime_type: String,
    pub filename: Option<String>,
    pub size_bytes: i64,
    /// Hex SHA-256 of the content.
    pub sha256: String,
    /// `/api/v1/media/{id}`.
    pub url: String,
}

/// The multipart form of an upload (for the documentation).
#[derive(ToSchema)]
#[allow(dead_code)]
pub struct UploadForm {
    /// The file; its part's `Content-Type` is its type: image/jpeg, image/png, image/webp
    /// (stickers), video/mp4, video/3gpp, audio/aac, audio/amr, audio/mpeg, audio/mp4,
    /// audio/ogg, or a document type (PDF, plain text, Word, Excel, PowerPoint).
    #[schema(value_type = String, format = Binary)]
    file: Vec<u8>,
}

fn invalid(detail: impl Into<String>) -> ApiError {
    ApiError::unprocessable("invalid_upload", detail).field("file", "see detail")
}

/// Uploads a file to attach to replies (multipart field `file`, at most 100 MB). Its type
/// decides what it can be sent as, with WhatsApp's size limits checked when it is sent: image
/// (JPEG, PNG, 5 MB), video (MP4, 3GPP, 16 MB), audio (AAC, AMR, MP3, MP4, OGG/OPUS, 16 MB),
/// sticker (WebP, 500 KB), document (PDF, text, Office, 100 MB).
#[utoipa::path(
    tag = "media",
    request_body(content = UploadForm, content_type = "multipart/form-data"),
    security(("bearer" = []), ("api_key" = [])),
    responses(
        (status = 201, description = "Stored", body = UploadedMedia),
        (status = 413, description = "Larger than 100 MB", body = crate::error::Problem, content_type = "application/problem+json"),
    )
)]
#[post("/api/v1/media")]
pub async fn upload_media(
    state: web::Data<AppState>,
    member: OrgMember,
    req: HttpRequest,
    payload: web::Payload,
) -> ApiResult<HttpResponse> {
    let is_multipart = req
        .headers()
        .get(actix_web::http::header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| v.to_ascii_lowercase().starts_with("multipart/form-data"));
    if !is_multipart {
        return Err(ApiError::new(
            actix_web::http::StatusCode::UNSUPPORTED_MEDIA_TYPE,
            "unsupported_media_type",
        )
        .detail("Upload the file as multipart/form-data with a `file` field."));
    }
    let mut form = Multipart::new(req.headers(), payload);
    let mut file: Option<(String, Option<String>, Vec<u8>)> = None;
    while let Some(mut field) = form.try_next().await.map_err(|e| {
        ApiError::bad_request("invalid_body", format!("Malformed multipart body: {e}"))
    })? {
        if field.name() != Some("file") {
            // Drain and ignore other fields.
            while field
                .try_next()
                .await
                .map_err(|e| ApiError::bad_request("invalid_body", e.to_string()))?
                .is_some()
            {}
            continue;
        }
        if file.is_some() {
            return Err(invalid("Send one file per upload."));
        }
        let mime = field
            .content_type()
            .map(|m| m.essence_str().to_ascii_lowercase())
            .unwrap_or_default();
        let filename = field
            .content_disposition()
            .and_then(|d| d.get_filename())
            .map(|n| {
                n.chars()
                    .filter(|c| !c.is_control())
                    .take(240)
                    .collect::<String>()
            })
            .filter(|n| !n.is_empty());
        let mut bytes = Vec::new();
        while let Some(chunk) = field
            .try_next()
            .await
            .map_err(|e| ApiError::bad_request("invalid_body", e.to_string()))?
        {
            if bytes.len() + chunk.len() > MAX_UPLOAD {
                return Err(ApiError::new(
                    actix_web::http::StatusCode::PAYLOAD_TOO_LARGE,
                    "payload_too_large",
                )
                .detail("Files are at most 100 MB."));
            }
            bytes.extend_from_slice(&chunk);
        }
        file = Some((mime, filename, bytes));
    }
    let Some((mime, filename, bytes)) = file else {
        return Err(invalid("The form has no `file` field."));
    };
    if bytes.is_empty() {
        return Err(invalid("The file is empty."));
    }
    if !MEDIA_TYPES.contains(&mime.as_str()) && !DOCUMENT_TYPES.contains(&mime.as_str()) {
        let shown = if mime.is_empty() {
            "none"
        } else {
            mime.as_str()
        };
        return Err(invalid(format!(
            "WhatsApp cannot send files of type {shown}: use JPEG/PNG images, WebP stickers, MP4/3GPP videos, AAC/AMR/MP3/MP4/OGG audio, or PDF, text and Office documents."
        )));
    }
    let sha256 = hex::encode(Sha256::digest(&bytes));
    let size = i64::try_from(bytes.len()).unwrap_or(i64::MAX);
    let org = member.org;
    let st = state.clone();
    let (m, f) = (mime.clone(), filename.clone());
    let id = web::block(move || -> ApiResult<i64> {
        let now = st.clock.now_naive();
        let mut conn = st.pool.get()?;
        Ok(diesel::insert_into(media::table)
            .values((
                media::organization_id.eq(org.0),
                media::mime_type.eq(&m),
                media::filename.eq(&f),
                media::sha256.eq(&sha256),
                media::size_bytes.eq(size),
                media::status.eq("uploading"),
                media::attempts.eq(0),
                media::created_at.eq(now),
                media::updated_at.eq(now),
            ))
            .returning(media::id)
            .get_result(&mut conn)?)
    })
    .await??;
    let key = format!("org/{}/media/{id}", org.0);
    let sha = hex::encode(Sha256::digest(&bytes));
    let put = state.media_storage.put(&key, bytes).await;
    let st = state.clone();
    let stored_key = put.is_ok().then(|| key.clone());
    web::block(move || -> ApiResult<()> {
        let now = st.clock.now_naive();
        let mut conn = st.pool.get()?;
        match stored_key {
            Some(key) => diesel::update(media::table.find(id))
                .set((
                    media::status.eq("stored"),
                    media::storage_key.eq(key),
                    media::updated_at.eq(now),
                ))
                .execute(&mut conn)?,
            None => diesel::delete(media::table.find(id)).execute(&mut conn)?,
        };
        Ok(())
    })
    .await??;
    put.map_err(ApiError::internal)?;
    Ok(HttpResponse::Created().json(UploadedMedia {
        id,
        mime_type: mime,
        filename,
        size_bytes: size,
        sha256: sha,
        url: format!("/api/v1/media/{id}"),
    }))
}
