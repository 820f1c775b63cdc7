//! The OpenAPI 3.1 document, built from the handlers' annotations. Served at
//! `/api-docs/openapi.json`, explored in Swagger UI at `/swagger-ui/`, committed at
//! `openapi/openapi.json` (`make openapi`).

use crate::error::{FieldError, Problem};
use crate::{api_keys, audit, auth, health, organizations, users};
use utoipa::openapi::path::Operation;
use utoipa::openapi::security::{HttpAuthScheme, HttpBuilder, SecurityScheme};
use utoipa::openapi::{ContentBuilder, OpenApi as OpenApiDoc, Ref, ResponseBuilder};
use utoipa::{Modify, OpenApi};

#[derive(OpenApi)]
#[openapi(
    info(
        title = "WinMessages API",
        description = "WhatsApp Business team inbox. Errors are RFC 9457 problem documents \
            (`application/problem+json`) with a machine-readable `code`; 422 responses add \
            `errors: [{field, message}]`. Authenticate with `Authorization: Bearer <token>`: a \
            user's access token from `POST /api/v1/auth/login`, or an organization API key \
            (`wm_…`). Another organization's resources answer 404.",
        license(name = "AGPL-3.0-only", identifier = "AGPL-3.0-only"),
    ),
    paths(health::routes::healthz, health::routes::readyz),
    components(schemas(Problem, FieldError, health::Health, health::Readiness)),
    tags((name = "health", description = "Liveness and readiness probes")),
)]
pub struct ApiDoc;

/// Identity and access: sessions, organizations, users, API keys, audit log.
#[derive(OpenApi)]
#[openapi(
    paths(
        auth::routes::login,
        auth::routes::refresh,
        auth::routes::logout,
        auth::routes::me,
        organizations::routes::list_organizations,
        organizations::routes::create_organization,
        users::routes::list_users,
        users::routes::create_user,
        users::routes::update_user,
        users::routes::delete_user,
        api_keys::routes::list_api_keys,
        api_keys::routes::create_api_key,
        api_keys::routes::revoke_api_key,
        audit::routes::list_audit_log,
    ),
    tags(
        (name = "auth", description = "Sessions: sign in, refresh, sign out, the caller"),
        (name = "admin", description = "Platform administration (our staff only)"),
        (name = "users", description = "Members of the caller's organization"),
        (name = "api-keys", description = "API keys for integrators"),
        (name = "audit", description = "Security audit log"),
    )
)]
struct IdentityApi;

/// The document as served and committed: every feature's part merged, then the shared
/// security schemes and error responses added to every operation.
pub fn document() -> OpenApiDoc {
    let mut doc = ApiDoc::openapi();
    // One line per feature area.
    doc.merge(IdentityApi::openapi());
    doc.merge(crate::conversations::Api::openapi());
    doc.merge(crate::messages::Api::openapi());
    doc.merge(crate::contacts::Api::openapi());
    doc.merge(crate::accounts::Api::openapi());
    doc.merge(crate::webhooks::Api::openapi());
    doc.merge(crate::media::Api::openapi());
    doc.merge(crate::templates::Api::openapi());
    doc.merge(crate::api_calls::Api::openapi());
    doc.merge(crate::access_log::Api::openapi());
    doc.merge(crate::access_grants::Api::openapi());
    doc.merge(crate::events::Api::openapi());
    doc.merge(crate::retention::Api::openapi());
    SecuritySchemes.modify(&mut doc);
    ErrorResponses.modify(&mut doc);
    doc
}

/// Pretty JSON with a trailing newline, exactly as committed in `openapi/openapi.json`.
pub fn document_json() -> Result<String, serde_json::Error> {
    document().to_pretty_json().map(|mut s| {
        s.push('\n');
        s
    })
}

/// Both ways to authenticate: a user's JWT access token from `POST /api/v1/auth/login`, or an
/// integrator's `wm_…` API key. Both travel as `Authorization: Bearer …`.
struct SecuritySchemes;

impl Modify for SecuritySchemes {
    fn modify(&self, doc: &mut OpenApiDoc) {
        let components = doc.components.get_or_insert_with(Default::default);
        components.add_security_scheme(
            "bearer",
            SecurityScheme::Http(
                HttpBuilder::new()
                    .scheme(HttpAuthScheme::Bearer)
                    .bearer_format("JWT")
                    .description(Some(
                        "Access token from `POST /api/v1/auth/login` (valid 15 minutes).",
                    ))
                    .build(),
            ),
        );
        components.add_security_scheme(
            "api_key",
            SecurityScheme::Http(
                HttpBuilder::new()
                    .scheme(HttpAuthScheme::Bearer)
                    .bearer_format("wm_…")
                    .description(Some(
                        "Organization API key created with `POST /api/v1/api-keys`.",
                    ))
                    .build(),
            ),
        );
    }
}

/// Documents the error answers every operation can give, so clients and fuzzers know them.
struct ErrorResponses;

impl Modify for ErrorResponses {
    fn modify(&self, doc: &mut OpenApiDoc) {
        for item in doc.paths.paths.values_mut() {
            let ops = [
                item.get.as_mut(),
                item.post.as_mut(),
                item.put.as_mut(),
                item.patch.as_mut(),
                item.delete.as_mut(),
            ];
            for op in ops.into_iter().flatten() {
                add_error_responses(op);
            }
        }
    }
}

/// Problem documents are served as `application/problem+json`; a response declared with
/// `body = Problem` and the default JSON content type is corrected here.
fn fix_problem_content_types(op: &mut Operation) {
    use utoipa::openapi::RefOr;
    for response in op.responses.responses.values_mut() {
        let RefOr::T(response) = response else {
            continue;
        };
        let is_problem = response.content.get("application/json").is_some_and(
            |c| matches!(&c.schema, Some(RefOr::Ref(r)) if r.ref_location.ends_with("/Problem")),
        );
        if is_problem && let Some(content) = response.content.shift_remove("application/json") {
            response
                .content
                .insert(crate::error::PROBLEM_JSON.to_owned(), content);
        }
    }
}

fn add_error_responses(op: &mut Operation) {
    fix_problem_content_types(op);
    let has_params = op.parameters.as_ref().is_some_and(|p| !p.is_empty());
    let has_path_params = op.parameters.as_ref().is_some_and(|p| {
        p.iter()
            .any(|p| matches!(p.parameter_in, utoipa::openapi::path::ParameterIn::Path))
    });
    let has_body = op.request_body.is_some();
    let secured = op.security.as_ref().is_some_and(|s| !s.is_empty());
    let mut wanted: Vec<(&str, &str)> = Vec::new();
    if has_params || has_body {
        wanted.push((
            "400",
            "Malformed request (bad JSON, query or path parameter)",
        ));
    }
    if secured {
        wanted.push((
            "401",
            "Missing, invalid or expired credentials (`WWW-Authenticate` says why)",
        ));
        wanted.push(("403", "Authenticated, but the role does not allow this"));
    }
    if has_path_params {
        wanted.push(("404", "No such resource in the caller's organization"));
    }
    if has_body {
        wanted.push(("413", "Body too large"));
        wanted.push(("415", "Body is not JSON"));
    }
    if has_body || has_params {
        wanted.push(("422", "Invalid fields; `errors` lists them"));
    }
    wanted.push((
        "500",
        "Unexpected server error (details are logged, not returned)",
    ));
    for (status, description) in wanted {
        if op.responses.responses.contains_key(status) {
            continue;
        }
        let response = ResponseBuilder::new()
            .description(description)
            .content(
                crate::error::PROBLEM_JSON,
                ContentBuilder::new()
                    .schema(Some(Ref::from_schema_name("Problem")))
                    .build(),
            )
            .build();
        op.responses
            .responses
            .insert(status.to_owned(), response.into());
    }
}
