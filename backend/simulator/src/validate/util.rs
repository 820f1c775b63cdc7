//! Small helpers for checking JSON request bodies.

use serde_json::Value;

use crate::errors::ApiError;

/// Joins a path and a key for error details (`interactive.body.text`).
pub(crate) fn join(path: &str, key: &str) -> String {
    if path.is_empty() {
        key.to_string()
    } else {
        format!("{path}.{key}")
    }
}

/// A required object member.
pub(crate) fn object<'a>(parent: &'a Value, key: &str, path: &str) -> Result<&'a Value, ApiError> {
    match parent.get(key) {
        None | Some(Value::Null) => Err(ApiError::MissingParameter(format!(
            "The parameter {} is required.",
            join(path, key)
        ))),
        Some(v @ Value::Object(_)) => Ok(v),
        Some(_) => Err(ApiError::InvalidParameter(format!(
            "Param {} must be an object.",
            join(path, key)
        ))),
    }
}

/// An optional object member.
pub(crate) fn opt_object<'a>(
    parent: &'a Value,
    key: &str,
    path: &str,
) -> Result<Option<&'a Value>, ApiError> {
    match parent.get(key) {
        None | Some(Value::Null) => Ok(None),
        Some(_) => object(parent, key, path).map(Some),
    }
}

/// An optional string member (present but not a string is an error).
pub(crate) fn opt_str<'a>(
    parent: &'a Value,
    key: &str,
    path: &str,
) -> Result<Option<&'a str>, ApiError> {
    match parent.get(key) {
        None | Some(Value::Null) => Ok(None),
        Some(Value::String(s)) => Ok(Some(s.as_str())),
        Some(_) => Err(ApiError::InvalidParameter(format!(
            "Param {} must be a string.",
            join(path, key)
        ))),
    }
}

/// A required, non-empty string member.
pub(crate) fn req_str<'a>(parent: &'a Value, key: &str, path: &str) -> Result<&'a str, ApiError> {
    match opt_str(parent, key, path)? {
        Some(s) if !s.trim().is_empty() => Ok(s),
        _ => Err(ApiError::MissingParameter(format!(
            "The parameter {} is required.",
            join(path, key)
        ))),
    }
}

/// An optional boolean member.
pub(crate) fn opt_bool(parent: &Value, key: &str, path: &str) -> Result<Option<bool>, ApiError> {
    match parent.get(key) {
        None | Some(Value::Null) => Ok(None),
        Some(Value::Bool(b)) => Ok(Some(*b)),
        Some(_) => Err(ApiError::InvalidParameter(format!(
            "Param {} must be a boolean.",
            join(path, key)
        ))),
    }
}

/// A required array member.
pub(crate) fn array<'a>(
    parent: &'a Value,
    key: &str,
    path: &str,
) -> Result<&'a Vec<Value>, ApiError> {
    match parent.get(key) {
        None | Some(Value::Null) => Err(ApiError::MissingParameter(format!(
            "The parameter {} is required.",
            join(path, key)
        ))),
        Some(Value::Array(a)) => Ok(a),
        Some(_) => Err(ApiError::InvalidParameter(format!(
            "Param {} must be an array.",
            join(path, key)
        ))),
    }
}

/// A required JSON number.
pub(crate) fn number(parent: &Value, key: &str, path: &str) -> Result<f64, ApiError> {
    match parent.get(key) {
        None | Some(Value::Null) => Err(ApiError::MissingParameter(format!(
            "The parameter {} is required.",
            join(path, key)
        ))),
        Some(Value::Number(n)) => n.as_f64().ok_or_else(|| {
            ApiError::InvalidParameter(format!("Param {} is not a number.", join(path, key)))
        }),
        Some(Value::String(s)) => s.trim().parse::<f64>().map_err(|_| {
            ApiError::InvalidParameter(format!("Param {} is not a number.", join(path, key)))
        }),
        Some(_) => Err(ApiError::InvalidParameter(format!(
            "Param {} must be a number.",
            join(path, key)
        ))),
    }
}

/// Length limit in characters (Unicode scalar values).
pub(crate) fn max_len(value: &str, max: usize, what: &str) -> Result<(), ApiError> {
    let n = value.chars().count();
    if n > max {
        Err(ApiError::InvalidParameter(format!(
            "Param {what} length {n} is invalid. Max length: {max}."
        )))
    } else {
        Ok(())
    }
}

/// An absolute http(s) URL.
pub(crate) fn http_url(value: &str, what: &str) -> Result<(), ApiError> {
    match url::Url::parse(value) {
        Ok(u) if matches!(u.scheme(), "http" | "https") && u.host().is_some() => Ok(()),
        _ => Err(ApiError::InvalidParameter(format!(
            "Param {what} must be a valid http(s) URL."
        ))),
    }
}
