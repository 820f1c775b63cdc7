//! Media API models (CLOUD_API.md §7).

use serde::{Deserialize, Serialize};

use crate::common::{Extra, FlexInt};

/// Response to `POST /{phone-number-id}/media`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct MediaUploadResponse {
    /// New media id (valid 30 days).
    pub id: String,
    /// Unmodelled keys.
    #[serde(flatten)]
    pub extra: Extra,
}

/// Response to `GET /{media-id}`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct MediaInfo {
    /// `whatsapp`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub messaging_product: Option<String>,
    /// Download URL, valid for five minutes; needs the access token.
    pub url: String,
    /// MIME type.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub mime_type: Option<String>,
    /// SHA-256 of the file.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub sha256: Option<String>,
    /// Size in bytes (string or number on the wire).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub file_size: Option<FlexInt>,
    /// Media id.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub id: Option<String>,
    /// Unmodelled keys.
    #[serde(flatten)]
    pub extra: Extra,
}

/// Bytes of a downloaded media file.
#[derive(Clone, PartialEq, Eq)]
pub struct DownloadedMedia {
    /// File contents.
    pub bytes: Vec<u8>,
    /// `Content-Type` of the download, if sent.
    pub mime_type: Option<String>,
}

impl std::fmt::Debug for DownloadedMedia {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("DownloadedMedia")
            .field("len", &self.bytes.len())
            .field("mime_type", &self.mime_type)
            .finish()
    }
}
