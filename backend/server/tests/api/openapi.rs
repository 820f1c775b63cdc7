//! The committed OpenAPI document is what the server serves, and every route the server
//! registers is documented in it.

use crate::support::{TestApp, read};
use actix_web::test as at;
use std::collections::BTreeSet;
use std::path::Path;

/// Routes deliberately outside the API document: operations endpoints and the docs themselves.
const UNDOCUMENTED: &[(&str, &str)] = &[("get", "/metrics")];

#[test]
fn committed_openapi_json_is_current() {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../openapi/openapi.json");
    let committed = std::fs::read_to_string(&path).unwrap_or_default();
    let current = winmessages::openapi::document_json().unwrap();
    assert!(
        committed == current,
        "openapi/openapi.json is stale: run `make openapi` and commit the result"
    );
}

#[actix_web::test]
async fn served_document_is_the_generated_one() {
    let app = TestApp::new();
    let svc = app.service().await;
    let req = at::TestRequest::get()
        .uri("/api-docs/openapi.json")
        .to_request();
    let (status, _, body) = read(at::call_service(&svc, req).await).await;
    assert_eq!(status, 200);
    assert_eq!(body["openapi"], "3.1.0");
    let generated = serde_json::to_value(winmessages::openapi::document()).unwrap();
    assert_eq!(body, generated);
    let req = at::TestRequest::get().uri("/swagger-ui/").to_request();
    let res = at::call_service(&svc, req).await;
    assert_eq!(res.status(), 200);
    let html = String::from_utf8(at::read_body(res).await.to_vec()).unwrap();
    assert!(html.contains("swagger"), "Swagger UI page expected");
    // The UI's script is vendored in the binary (no CDN).
    let req = at::TestRequest::get()
        .uri("/swagger-ui/swagger-ui-bundle.js")
        .to_request();
    assert_eq!(at::call_service(&svc, req).await.status(), 200);
}

fn rust_files(dir: &Path, out: &mut Vec<std::path::PathBuf>) {
    for entry in std::fs::read_dir(dir).unwrap() {
        let p = entry.unwrap().path();
        if p.is_dir() {
            rust_files(&p, out);
        } else if p.extension().is_some_and(|e| e == "rs") {
            out.push(p);
        }
    }
}

/// Every `#[get("/…")]`-style handler and `.route("/…", web::get()…)` in the server source.
fn registered_routes() -> BTreeSet<(String, String)> {
    let mut files = Vec::new();
    rust_files(
        &Path::new(env!("CARGO_MANIFEST_DIR")).join("src"),
        &mut files,
    );
    let mut routes = BTreeSet::new();
    for file in files {
        let text = std::fs::read_to_string(&file).unwrap();
        for line in text.lines().map(str::trim) {
            for method in ["get", "post", "put", "patch", "delete"] {
                if let Some(rest) = line.strip_prefix(&format!("#[{method}(\"")) {
                    let path = rest.split('"').next().unwrap();
                    routes.insert((method.to_owned(), path.to_owned()));
                }
                let call = format!("web::{method}()");
                if line.starts_with(".route(\"") && line.contains(&call) {
                    let path = line[".route(\"".len()..].split('"').next().unwrap();
                    routes.insert((method.to_owned(), path.to_owned()));
                }
            }
        }
    }
    routes
}

#[test]
fn every_registered_route_is_documented() {
    let doc = serde_json::to_value(winmessages::openapi::document()).unwrap();
    let routes = registered_routes();
    assert!(routes.len() >= 3, "route scan found too little: {routes:?}");
    let mut missing = Vec::new();
    for (method, path) in &routes {
        if UNDOCUMENTED.contains(&(method.as_str(), path.as_str())) {
            continue;
        }
        if doc["paths"][path][method].is_null() {
            missing.push(format!("{} {path}", method.to_uppercase()));
        }
    }
    assert!(
        missing.is_empty(),
        "routes missing from the OpenAPI document: {missing:?}"
    );
}
