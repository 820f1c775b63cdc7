use super::store;
use crate::app::AppState;
use crate::auth::OrgMember;
use crate::error::{ApiError, ApiResult};
use actix_web::http::header;
use actix_web::{HttpResponse, get, web};

/// The content of a media file, with its content type (members of the owning organization).
#[utoipa::path(
    tag = "media",
    params(("id" = i64, Path, description = "Media id (`media.media_id` of a message)")),
    security(("bearer" = []), ("api_key" = [])),
    responses(
        (status = 200, description = "The file", content_type = "application/octet-stream", body = Vec<u8>),
        (status = 410, description = "`media_expired`: the file was deleted under the retention policy", body = crate::error::Problem),
        (status = 409, description = "`media_pending`: not downloaded yet; `media_failed`: the download failed (reason in `detail`)", body = crate::error::Problem),
    )
)]
#[get("/api/v1/media/{id}")]
pub async fn get_media(
    state: web::Data<AppState>,
    member: OrgMember,
    id: web::Path<i64>,
) -> ApiResult<HttpResponse> {
    let id = id.into_inner();
    let pool = state.pool.clone();
    let hide = crate::contacts::visibility::hides_restricted(&member);
    let row = web::block(move || -> ApiResult<_> {
        let mut conn = pool.get()?;
        crate::contacts::visibility::ensure_media_visible(&mut conn, member.org, id, hide)?;
        Ok(store::get(&mut conn, member.org, id)?)
    })
    .await??;
    let key = match (row.status.as_str(), row.storage_key.as_deref()) {
        ("stored", Some(key)) => key.to_owned(),
        (store::EXPIRED, _) => {
            return Err(
                ApiError::new(actix_web::http::StatusCode::GONE, "media_expired")
                    .detail("The file was deleted under the organization's retention policy."),
            );
        }
        ("failed", _) => {
            return Err(ApiError::conflict(
                "media_failed",
                format!(
                    "The file could not be downloaded from WhatsApp: {}",
                    row.error.as_deref().unwrap_or("unknown reason")
                ),
            ));
        }
        _ => {
            return Err(ApiError::conflict(
                "media_pending",
                "The file is being downloaded; try again shortly.",
            ));
        }
    };
    let bytes = state
        .media_storage
        .get(&key)
        .await
        .map_err(ApiError::internal)?;
    let mime_type = row
        .mime_type
        .as_deref()
        .unwrap_or("application/octet-stream");
    let mut res = HttpResponse::Ok();
    res.content_type(mime_type)
        .insert_header((header::X_CONTENT_TYPE_OPTIONS, "nosniff"))
        .insert_header((header::CACHE_CONTROL, "private, max-age=3600"))
        // Opened directly, a file runs nothing and reaches nothing: customers send these.
        .insert_header((header::CONTENT_SECURITY_POLICY, MEDIA_POLICY))
        .insert_header((
            header::CONTENT_DISPOSITION,
            disposition(mime_type, row.filename.as_deref()),
        ));
    Ok(res.body(bytes))
}

/// The policy of served files: no scripts, no plugins, no requests, in a sandbox.
const MEDIA_POLICY: &str = "sandbox; default-src 'none'; img-src 'self' data:; media-src 'self'; \
    style-src 'unsafe-inline'; frame-ancestors 'none'";

/// Raster images may be shown inline; anything else (documents, SVG with its scripts, HTML a
/// customer sent) is downloaded.
fn disposition(mime_type: &str, filename: Option<&str>) -> String {
    let image = mime_type.starts_with("image/") && !mime_type.starts_with("image/svg");
    let kind = if image { "inline" } else { "attachment" };
    match filename {
        Some(name) => {
            let safe: String = name
                .chars()
                .filter(|c| !c.is_control() && *c != '"' && *c != '\\')
                .take(200)
                .collect();
            format!("{kind}; filename=\"{safe}\"")
        }
        None => kind.to_owned(),
    }
}

pub fn configure(cfg: &mut web::ServiceConfig) {
    cfg.service(get_media).service(super::upload::upload_media);
}

#[cfg(test)]
mod tests {
    use super::disposition;

    #[test]
    fn only_raster_images_are_shown_inline() {
        assert_eq!(disposition("image/jpeg", None), "inline");
        assert_eq!(
            disposition("image/png", Some("cat.png")),
            "inline; filename=\"cat.png\""
        );
        for mime in [
            "image/svg+xml",
            "text/html",
            "application/pdf",
            "audio/ogg",
            "video/mp4",
        ] {
            assert!(disposition(mime, None).starts_with("attachment"), "{mime}");
        }
        assert_eq!(
            disposition("application/pdf", Some("a\"b\\c\r\n.pdf")),
            "attachment; filename=\"abc.pdf\""
        );
    }
}
