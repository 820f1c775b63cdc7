//! Recipient phone numbers.

use crate::errors::ApiError;

/// Reduces a `to` value (`+1 (650) 555-1234`) to wa_id digits.
///
/// Accepts digits, `+`, spaces, `-`, `(`, `)` and `.`; the result must have
/// 7 to 15 digits (E.164 length).
pub(crate) fn normalize(to: &str) -> Result<String, ApiError> {
    let trimmed = to.trim();
    let bad = trimmed
        .chars()
        .any(|c| !(c.is_ascii_digit() || matches!(c, '+' | ' ' | '-' | '(' | ')' | '.')));
    let digits: String = trimmed.chars().filter(char::is_ascii_digit).collect();
    if bad
        || !(7..=15).contains(&digits.len())
        || trimmed.char_indices().any(|(i, c)| i > 0 && c == '+')
    {
        return Err(ApiError::InvalidParameter(format!(
            "Recipient phone number {to:?} is not in a valid format. Use the international format with + and country code."
        )));
    }
    Ok(digits)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn accepts_common_formats() {
        assert_eq!(
            normalize("+1 (650) 555-1234").ok().as_deref(),
            Some("16505551234")
        );
        assert_eq!(
            normalize("16505551234").ok().as_deref(),
            Some("16505551234")
        );
    }

    #[test]
    fn rejects_garbage() {
        assert!(normalize("call me").is_err());
        assert!(normalize("+123").is_err());
        assert!(normalize("1+6505551234").is_err());
        assert!(normalize("+1234567890123456").is_err());
    }
}
