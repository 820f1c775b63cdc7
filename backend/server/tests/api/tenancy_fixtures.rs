//! Per-feature id fixtures for the tenancy walker (tests/api/tenancy.rs): each feature that
//! adds a route with a path parameter registers one of organization A's resource ids here.

use crate::support::{TestApp, TestOrg};
use std::collections::HashMap;

#[allow(unused_variables)]
pub fn add(app: &TestApp, a: &TestOrg, ids: &mut HashMap<&'static str, String>) {
    crate::inbound::tenancy_ids(app, a, ids);
    crate::inbox::tenancy_ids(app, a, ids);
    crate::outbound::tenancy_ids(app, a, ids);
    crate::access_grants::tenancy_ids(app, a, ids);
}
