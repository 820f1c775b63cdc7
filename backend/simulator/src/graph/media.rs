//! Media upload, lookup, download and delete (CLOUD_API.md §7).

use actix_multipart::{Field, Multipart};
use actix_web::http::header::{
    CONTENT_TYPE, ContentDisposition, DispositionParam, DispositionType,
};
use actix_web::web::{Bytes, Data, Path};
use actix_web::{HttpRequest, HttpResponse};
use futures_util::StreamExt;
use serde_json::json;

use super::{apply_faults, auth, check_version, query};
use crate::engine::Engine;
use crate::errors::ApiError;
use crate::media_store;
use crate::model::FaultScope;
use crate::state::{SimState, StoredMedia};
use crate::validate::media::{UPLOAD_MAX, check_upload};

/// Limit for the small text fields of the upload form.
const FIELD_MAX: usize = 4096;

async fn read_field(field: &mut Field, limit: usize) -> Result<Vec<u8>, ApiError> {
    let mut buf = Vec::new();
    while let Some(chunk) = field.next().await {
        let chunk = chunk
            .map_err(|e| ApiError::InvalidParameter(format!("Malformed multipart body: {e}")))?;
        if buf.len() + chunk.len() > limit {
            return Err(ApiError::MediaUpload(format!(
                "The uploaded part is larger than {limit} bytes."
            )));
        }
        buf.extend_from_slice(&chunk);
    }
    Ok(buf)
}

/// `POST /{version}/{PNID}/media` (multipart: `file`, `type`,
/// `messaging_product`) → `{"id"}`.
pub(crate) async fn upload(
    engine: Data<Engine>,
    req: HttpRequest,
    path: Path<(String, String)>,
    mut payload: Multipart,
) -> Result<HttpResponse, ApiError> {
    let (version, pnid) = path.into_inner();
    check_version(&version)?;
    let state = &engine.state;
    apply_faults(state, FaultScope::Media).await?;
    let phone = auth::phone(state, &req, &pnid, "post")?;

    let mut product = None;
    let mut mime = None;
    let mut file: Option<(Vec<u8>, Option<String>)> = None;
    while let Some(field) = payload.next().await {
        let mut field = field
            .map_err(|e| ApiError::InvalidParameter(format!("Malformed multipart body: {e}")))?;
        let name = field.name().unwrap_or_default().to_string();
        match name.as_str() {
            "file" => {
                let filename = field
                    .content_disposition()
                    .and_then(|cd| cd.get_filename())
                    .map(str::to_string);
                let data = read_field(&mut field, UPLOAD_MAX).await?;
                file = Some((data, filename));
            }
            "messaging_product" | "type" => {
                let data = read_field(&mut field, FIELD_MAX).await?;
                let text = String::from_utf8_lossy(&data).trim().to_string();
                if name == "type" {
                    mime = Some(text);
                } else {
                    product = Some(text);
                }
            }
            _ => {
                read_field(&mut field, FIELD_MAX).await?;
            }
        }
    }
    if product.as_deref() != Some("whatsapp") {
        return Err(ApiError::InvalidParameter(
            "The parameter messaging_product is required and must be 'whatsapp'.".into(),
        ));
    }
    let Some((data, filename)) = file else {
        return Err(ApiError::InvalidParameter(
            "The parameter file is required.".into(),
        ));
    };
    let Some(mime) = mime.filter(|m| !m.is_empty()) else {
        return Err(ApiError::InvalidParameter(
            "The parameter type is required.".into(),
        ));
    };
    check_upload(&mime, data.len())?;
    let stored = media_store::store(
        state,
        &phone.phone_number_id,
        &phone.waba_id,
        &mime,
        Bytes::from(data),
        filename,
    );
    Ok(HttpResponse::Ok().json(json!({ "id": stored.id })))
}

/// Checks `?phone_number_id=` against the media owner.
fn check_owner(req: &HttpRequest, media: &StoredMedia) -> Result<(), ApiError> {
    match query(req).get("phone_number_id") {
        Some(p) if *p != media.phone_number_id => Err(ApiError::InvalidParameter(format!(
            "Media {} does not belong to phone number {p}.",
            media.id
        ))),
        _ => Ok(()),
    }
}

/// `GET /{version}/{media_id}`.
pub(crate) async fn lookup(
    state: &SimState,
    req: &HttpRequest,
    media: StoredMedia,
) -> Result<HttpResponse, ApiError> {
    apply_faults(state, FaultScope::Media).await?;
    auth::media(state, req, &media)?;
    check_owner(req, &media)?;
    Ok(HttpResponse::Ok().json(json!({
        "messaging_product": "whatsapp",
        "url": media_store::download_url(state, &media.id),
        "mime_type": media.mime_type,
        "sha256": media.sha256_hex,
        "file_size": media.data.len().to_string(),
        "id": media.id,
    })))
}

/// `DELETE /{version}/{media_id}`.
pub(crate) async fn delete(
    state: &SimState,
    req: &HttpRequest,
    media: StoredMedia,
) -> Result<HttpResponse, ApiError> {
    apply_faults(state, FaultScope::Media).await?;
    auth::media(state, req, &media)?;
    check_owner(req, &media)?;
    state.with(|i| i.media.remove(&media.id));
    Ok(HttpResponse::Ok().json(json!({ "success": true })))
}

/// `GET /whatsapp_business/attachments/?mid=&ext=&hash=` with the Bearer
/// token: the raw bytes.
pub(crate) async fn download(
    engine: Data<Engine>,
    req: HttpRequest,
) -> Result<HttpResponse, ApiError> {
    let state = &engine.state;
    apply_faults(state, FaultScope::Media).await?;
    let token = auth::bearer(&req)?;
    let q = query(&req);
    let mid = q.get("mid").cloned().unwrap_or_default();
    let expires = q
        .get("ext")
        .and_then(|e| e.parse::<i64>().ok())
        .unwrap_or(0);
    let hash = q.get("hash").cloned().unwrap_or_default();
    let media = state.with(|i| i.media.get(&mid).cloned());
    let Some(media) = media else {
        if !state.token_known(&token) {
            return Err(ApiError::InvalidToken);
        }
        return Ok(HttpResponse::NotFound().finish());
    };
    auth::media(state, &req, &media)?;
    if !media_store::url_valid(state, &mid, expires, &hash) {
        return Ok(HttpResponse::NotFound().finish());
    }
    let mut resp = HttpResponse::Ok();
    resp.insert_header((CONTENT_TYPE, media.mime_type.clone()));
    if let Some(name) = &media.filename {
        resp.insert_header(ContentDisposition {
            disposition: DispositionType::Attachment,
            parameters: vec![DispositionParam::Filename(name.clone())],
        });
    }
    Ok(resp.body(media.data))
}
