//! The OpenAPI 3.1 document, built from the handlers' annotations. Served at
//! `/api-docs/openapi.json`, explored in Swagger UI at `/swagger-ui/`, committed at
//! `openapi/openapi.json` (`make openapi`).

use crate::error::{FieldError, Problem};
use crate::health;
use utoipa::openapi::path::Operation;
use utoipa::openapi::{ContentBuilder, OpenApi as OpenApiDoc, Ref, ResponseBuilder};
use utoipa::{Modify, OpenApi};

#[derive(OpenApi)]
#[openapi(
    info(
        title = "WinMessages API",
        description = "WhatsApp Business team inbox. Errors are RFC 9457 problem documents \
            (`application/problem+json`) with a machine-readable `code`; 422 responses add \
            `errors: [{field, message}]`.",
        license(name = "AGPL-3.0-only", identifier = "AGPL-3.0-only"),
    ),
    paths(health::routes::healthz, health::routes::readyz),
    components(schemas(Problem, FieldError, health::Health, health::Readiness)),
    tags((name = "health", description = "Liveness and readiness probes")),
    modifiers(&ErrorResponses),
)]
pub struct ApiDoc;

/// The document as served and committed.
pub fn document() -> OpenApiDoc {
    ApiDoc::openapi()
}

/// Pretty JSON with a trailing newline, exactly as committed in `openapi/openapi.json`.
pub fn document_json() -> Result<String, serde_json::Error> {
    document().to_pretty_json().map(|mut s| {
        s.push('\n');
        s
    })
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

fn add_error_responses(op: &mut Operation) {
    let has_params = op.parameters.as_ref().is_some_and(|p| !p.is_empty());
    let has_body = op.request_body.is_some();
    let mut wanted: Vec<(&str, &str)> = Vec::new();
    if has_params || has_body {
        wanted.push(("400", "Malformed request (bad JSON, query or path parameter)"));
    }
    if has_body {
        wanted.push(("413", "Body too large"));
        wanted.push(("415", "Body is not JSON"));
        wanted.push(("422", "Body failed validation; `errors` lists the fields"));
    }
    wanted.push(("500", "Unexpected server error (details are logged, not returned)"));
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
