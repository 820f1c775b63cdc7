//! Faults injected into the next Graph API calls.

use serde::{Deserialize, Serialize};

/// What an injected fault does to a call.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum FaultKind {
    /// HTTP 500 with error 131000.
    Http500,
    /// Waits `delay_ms` (default 30 s, longer than usual client timeouts),
    /// then answers HTTP 503 with error 2. Nothing is processed.
    Timeout,
    /// HTTP 429 with error 130429.
    RateLimit,
    /// HTTP 400 with error 131047 (window closed).
    WindowClosed,
    /// HTTP 401 with error 190, subcode 463 (token expired).
    TokenExpired,
}

/// Which Graph calls a fault applies to.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum FaultScope {
    /// Every Graph API call (not the control API).
    #[default]
    All,
    /// `POST /{PNID}/messages` only.
    Messages,
    /// Media upload, lookup, download and delete.
    Media,
    /// `GET /{WABA}/message_templates`.
    Templates,
    /// Phone number and WABA lookups.
    PhoneNumbers,
}

/// A fault armed for the next `count` matching calls.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Fault {
    /// What happens.
    pub kind: FaultKind,
    /// How many matching calls it hits before clearing itself.
    #[serde(default = "one")]
    pub count: u32,
    /// Which calls match.
    #[serde(default)]
    pub scope: FaultScope,
    /// For [`FaultKind::Timeout`]: how long to stall.
    #[serde(default)]
    pub delay_ms: Option<u64>,
}

fn one() -> u32 {
    1
}

impl Fault {
    /// A fault for the next `count` calls of any scope.
    pub fn new(kind: FaultKind, count: u32) -> Self {
        Self {
            kind,
            count,
            scope: FaultScope::All,
            delay_ms: None,
        }
    }

    /// Restricts the fault to one kind of call.
    pub fn scoped(mut self, scope: FaultScope) -> Self {
        self.scope = scope;
        self
    }

    /// Sets the stall of a [`FaultKind::Timeout`].
    pub fn delay_ms(mut self, ms: u64) -> Self {
        self.delay_ms = Some(ms);
        self
    }
}

impl FaultScope {
    /// Whether a fault with this scope hits a call of scope `call`.
    pub fn matches(self, call: FaultScope) -> bool {
        self == FaultScope::All || self == call
    }
}
