//! Newtype ids for the identifiers that are easy to mix up.

use serde::{Deserialize, Serialize};

macro_rules! id_type {
    ($(#[$doc:meta])* $name:ident) => {
        $(#[$doc])*
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
        #[serde(transparent)]
        pub struct $name(pub i64);

        impl std::fmt::Display for $name {
            fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                self.0.fmt(f)
            }
        }
    };
}

id_type!(
    /// An organization: one business customer, the unit of tenancy.
    OrgId
);
id_type!(
    /// A user account (platform admin, org admin or agent).
    UserId
);
id_type!(
    /// An integrator's API key.
    ApiKeyId
);
