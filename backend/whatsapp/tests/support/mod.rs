//! Fixture loading shared by the integration tests.
#![allow(dead_code, clippy::unwrap_used, clippy::expect_used)]

use std::path::PathBuf;

use serde_json::Value;
use whatsapp_cloud::GraphErrorBody;
use whatsapp_cloud::media::{MediaInfo, MediaUploadResponse};
use whatsapp_cloud::phone::{PhoneNumberInfo, PhoneNumberList};
use whatsapp_cloud::response::{SendResponse, SuccessResponse};
use whatsapp_cloud::templates::TemplateList;
use whatsapp_cloud::webhook::{self, WebhookEnvelope};

pub fn fixtures_dir() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures")
}

/// All `*.json` fixtures as (file name, bytes), sorted by name.
pub fn fixtures() -> Vec<(String, Vec<u8>)> {
    let mut out: Vec<(String, Vec<u8>)> = std::fs::read_dir(fixtures_dir())
        .expect("fixtures dir")
        .map(|e| e.expect("dir entry").path())
        .filter(|p| p.extension().is_some_and(|x| x == "json"))
        .map(|p| {
            let name = p.file_name().unwrap().to_string_lossy().into_owned();
            (name, std::fs::read(&p).unwrap())
        })
        .collect();
    out.sort();
    out
}

/// Every model a fixture can parse into.
#[derive(Debug, Clone, PartialEq)]
pub enum Parsed {
    Webhook(WebhookEnvelope),
    GraphError(GraphErrorBody),
    Success(SuccessResponse),
    Upload(MediaUploadResponse),
    MediaInfo(MediaInfo),
    Templates(TemplateList),
    Phone(PhoneNumberInfo),
    PhoneList(PhoneNumberList),
    Send(SendResponse),
}

/// Parses bytes with the model that fits the fixture's name (API response
/// fixtures are named `openapi__api_*`, the rest are webhook bodies).
pub fn parse(name: &str, bytes: &[u8]) -> Result<Parsed, String> {
    fn j<T: serde::de::DeserializeOwned>(b: &[u8]) -> Result<T, String> {
        serde_json::from_slice(b).map_err(|e| e.to_string())
    }
    let stem = name.trim_end_matches(".json");
    Ok(match stem {
        s if s.starts_with("openapi__api_error_") => Parsed::GraphError(j(bytes)?),
        "openapi__api_mark_read_typing_response" => Parsed::Success(j(bytes)?),
        "openapi__api_media_upload_response" => Parsed::Upload(j(bytes)?),
        "openapi__api_media_url_response" => Parsed::MediaInfo(j(bytes)?),
        "openapi__api_message_templates_list" => Parsed::Templates(j(bytes)?),
        s if s.starts_with("openapi__api_phone_number_") => Parsed::Phone(j(bytes)?),
        "openapi__api_send_message_response" => Parsed::Send(j(bytes)?),
        "openapi__api_waba_phone_numbers_list" => Parsed::PhoneList(j(bytes)?),
        s if s.starts_with("openapi__api_") => return Err(format!("no model for {name}")),
        _ => Parsed::Webhook(webhook::parse(bytes).map_err(|e| e.to_string())?),
    })
}

impl Parsed {
    pub fn to_value(&self) -> Value {
        let r = match self {
            Parsed::Webhook(v) => serde_json::to_value(v),
            Parsed::GraphError(v) => serde_json::to_value(v),
            Parsed::Success(v) => serde_json::to_value(v),
            Parsed::Upload(v) => serde_json::to_value(v),
            Parsed::MediaInfo(v) => serde_json::to_value(v),
            Parsed::Templates(v) => serde_json::to_value(v),
            Parsed::Phone(v) => serde_json::to_value(v),
            Parsed::PhoneList(v) => serde_json::to_value(v),
            Parsed::Send(v) => serde_json::to_value(v),
        };
        r.expect("serialize")
    }
}

/// Drops `null` object members: absent and `null` mean the same here.
pub fn without_nulls(v: &Value) -> Value {
    match v {
        Value::Object(m) => Value::Object(
            m.iter()
                .filter(|(_, v)| !v.is_null())
                .map(|(k, v)| (k.clone(), without_nulls(v)))
                .collect(),
        ),
        Value::Array(a) => Value::Array(a.iter().map(without_nulls).collect()),
        other => other.clone(),
    }
}
