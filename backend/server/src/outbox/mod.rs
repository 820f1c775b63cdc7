//! The durable outbox of Graph API calls: outbound messages and read receipts are written as
//! jobs in the same transaction as the message, then sent by [`worker`] with retries; see the
//! worker's documentation for how outcomes (including unknown ones) are handled.

pub mod messages;
pub mod store;
pub mod worker;

/// The `biz_opaque_callback_data` put on every send: status webhooks echo it, which settles a
/// send whose outcome was unknown.
pub fn callback_data(message_id: i64) -> String {
    format!("wm:{message_id}")
}

/// The message id in a `biz_opaque_callback_data` written by [`callback_data`].
pub fn message_of_callback(data: &str) -> Option<i64> {
    data.strip_prefix("wm:")?.parse().ok()
}
