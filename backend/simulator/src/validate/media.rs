//! Media kinds, MIME types and size limits (CLOUD_API.md §7), and the
//! media object of send requests.

use serde_json::Value;

use super::util::{http_url, max_len, opt_bool, opt_str};
use crate::errors::ApiError;

/// Caption limit for image, video and document messages.
pub(crate) const CAPTION_MAX: usize = 1024;
/// Largest accepted upload (documents).
pub(crate) const UPLOAD_MAX: usize = 100 * 1024 * 1024;

/// The five media message types.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum MediaKind {
    Image,
    Video,
    Audio,
    Document,
    Sticker,
}

const AUDIO: &[&str] = &[
    "audio/aac",
    "audio/amr",
    "audio/mpeg",
    "audio/mp4",
    "audio/ogg",
];
const DOCUMENT: &[&str] = &[
    "text/plain",
    "application/pdf",
    "application/msword",
    "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    "application/vnd.ms-excel",
    "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "application/vnd.ms-powerpoint",
    "application/vnd.openxmlformats-officedocument.presentationml.presentation",
];
const IMAGE: &[&str] = &["image/jpeg", "image/png"];
const STICKER: &[&str] = &["image/webp"];
const VIDEO: &[&str] = &["video/mp4", "video/3gpp"];

/// MIME type without parameters, lowercased (`audio/ogg; codecs=opus` →
/// `audio/ogg`).
pub(crate) fn essence(mime: &str) -> String {
    mime.split(';')
        .next()
        .unwrap_or_default()
        .trim()
        .to_ascii_lowercase()
}

impl MediaKind {
    /// Kind for a message `type`.
    pub(crate) fn from_type(t: &str) -> Option<Self> {
        Some(match t {
            "image" => Self::Image,
            "video" => Self::Video,
            "audio" => Self::Audio,
            "document" => Self::Document,
            "sticker" => Self::Sticker,
            _ => return None,
        })
    }

    /// Kind a supported MIME type belongs to.
    pub(crate) fn from_mime(mime: &str) -> Option<Self> {
        let e = essence(mime);
        [
            Self::Image,
            Self::Video,
            Self::Audio,
            Self::Document,
            Self::Sticker,
        ]
        .into_iter()
        .find(|k| k.mime_types().contains(&e.as_str()))
    }

    /// Supported MIME types.
    pub(crate) fn mime_types(self) -> &'static [&'static str] {
        match self {
            Self::Image => IMAGE,
            Self::Video => VIDEO,
            Self::Audio => AUDIO,
            Self::Document => DOCUMENT,
            Self::Sticker => STICKER,
        }
    }

    /// Size limit in bytes.
    pub(crate) fn max_bytes(self) -> usize {
        match self {
            Self::Image => 5 * 1024 * 1024,
            Self::Video | Self::Audio => 16 * 1024 * 1024,
            Self::Document => UPLOAD_MAX,
            Self::Sticker => 500 * 1024,
        }
    }

    /// Lowercase name.
    pub(crate) fn name(self) -> &'static str {
        match self {
            Self::Image => "image",
            Self::Video => "video",
            Self::Audio => "audio",
            Self::Document => "document",
            Self::Sticker => "sticker",
        }
    }

    /// Whether stored media of `mime` can be sent as this kind (documents
    /// take any supported file).
    pub(crate) fn can_send(self, mime: &str) -> bool {
        match Self::from_mime(mime) {
            Some(k) => k == self || self == Self::Document,
            None => false,
        }
    }
}

/// Checks an upload's declared type and size.
pub(crate) fn check_upload(mime: &str, size: usize) -> Result<MediaKind, ApiError> {
    let Some(kind) = MediaKind::from_mime(mime) else {
        let all: Vec<&str> = [IMAGE, VIDEO, AUDIO, DOCUMENT, STICKER].concat();
        return Err(ApiError::MediaUpload(format!(
            "Param file must be a file with one of the following types: {}. Received file of type '{mime}'.",
            all.join(", ")
        )));
    };
    if size == 0 {
        return Err(ApiError::MediaUpload("The uploaded file is empty.".into()));
    }
    if size > kind.max_bytes() {
        return Err(ApiError::MediaUpload(format!(
            "{} file is too big: {size} bytes. Max {} bytes.",
            kind.name(),
            kind.max_bytes()
        )));
    }
    Ok(kind)
}

/// Media reference of a send request.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct MediaRef {
    pub kind: MediaKind,
    pub id: Option<String>,
    pub link: Option<String>,
    pub voice: bool,
}

/// Validates `{"id"|"link", "caption"?, "filename"?, "voice"?}` of a media
/// message of type `t`.
pub(crate) fn validate_send(kind: MediaKind, obj: &Value) -> Result<MediaRef, ApiError> {
    let path = kind.name();
    let id = opt_str(obj, "id", path)?.filter(|s| !s.trim().is_empty());
    let link = opt_str(obj, "link", path)?.filter(|s| !s.trim().is_empty());
    match (id, link) {
        (None, None) => {
            return Err(ApiError::MissingParameter(format!(
                "The parameter {path}.id or {path}.link is required."
            )));
        }
        (Some(_), Some(_)) => {
            return Err(ApiError::InvalidParameter(format!(
                "Only one of {path}.id and {path}.link may be set."
            )));
        }
        (None, Some(l)) => http_url(l, &format!("{path}.link"))?,
        (Some(i), None) => {
            if !i.bytes().all(|b| b.is_ascii_digit()) {
                return Err(ApiError::InvalidParameter(format!(
                    "Param {path}.id must be a media id."
                )));
            }
        }
    }
    if let Some(caption) = opt_str(obj, "caption", path)? {
        match kind {
            MediaKind::Image | MediaKind::Video | MediaKind::Document => {
                max_len(caption, CAPTION_MAX, &format!("{path}.caption"))?;
            }
            MediaKind::Audio | MediaKind::Sticker => {
                return Err(ApiError::InvalidParameter(format!(
                    "Param {path}.caption is not allowed for {path} messages."
                )));
            }
        }
    }
    if let Some(name) = opt_str(obj, "filename", path)? {
        if kind != MediaKind::Document {
            return Err(ApiError::InvalidParameter(format!(
                "Param {path}.filename is only allowed for document messages."
            )));
        }
        max_len(name, 240, "document.filename")?;
    }
    let voice = opt_bool(obj, "voice", path)?.unwrap_or(false);
    if voice && kind != MediaKind::Audio {
        return Err(ApiError::InvalidParameter(format!(
            "Param {path}.voice is only allowed for audio messages."
        )));
    }
    Ok(MediaRef {
        kind,
        id: id.map(str::to_string),
        link: link.map(str::to_string),
        voice,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn kinds_and_limits() {
        assert_eq!(
            MediaKind::from_mime("audio/ogg; codecs=opus"),
            Some(MediaKind::Audio)
        );
        assert_eq!(MediaKind::from_mime("image/webp"), Some(MediaKind::Sticker));
        assert!(check_upload("image/gif", 10).is_err());
        assert!(check_upload("image/png", 6 * 1024 * 1024).is_err());
        assert!(check_upload("image/png", 1024).is_ok());
        assert!(check_upload("image/webp", 501 * 1024).is_err());
    }

    #[test]
    fn send_object_rules() {
        assert!(validate_send(MediaKind::Image, &json!({"id": "123"})).is_ok());
        assert!(validate_send(MediaKind::Image, &json!({})).is_err());
        assert!(validate_send(MediaKind::Image, &json!({"link": "ftp://x"})).is_err());
        assert!(validate_send(MediaKind::Sticker, &json!({"id": "1", "caption": "no"})).is_err());
        assert!(validate_send(MediaKind::Audio, &json!({"id": "1", "voice": true})).is_ok());
    }
}
