//! Response headers that protect browsers: content sniffing off, no referrer, a content
//! security policy that forbids framing, HSTS on HTTPS, and CORS (closed unless origins are
//! configured).

use super::client::is_https;
use actix_cors::Cors;
use actix_web::body::MessageBody;
use actix_web::dev::{ServiceRequest, ServiceResponse};
use actix_web::http::Method;
use actix_web::http::header::{self, HeaderMap, HeaderName, HeaderValue};
use actix_web::middleware::{Condition, Next};

/// The SPA, the API and everything else: only our own scripts, styles and fetches; images
/// and media also from `blob:`/`data:` URLs (attachments are fetched with the token and shown
/// as blobs); never inside a frame.
pub const DEFAULT_POLICY: &str = "default-src 'self'; img-src 'self' blob: data:; \
    media-src 'self' blob: data:; connect-src 'self'; object-src 'none'; base-uri 'self'; \
    form-action 'self'; frame-ancestors 'none'";

/// Swagger UI loads only its own scripts, but its renderer writes inline styles and its CSS
/// uses `data:` images.
pub const SWAGGER_POLICY: &str = "default-src 'self'; script-src 'self'; \
    style-src 'self' 'unsafe-inline'; img-src 'self' data: blob:; connect-src 'self'; \
    object-src 'none'; base-uri 'self'; form-action 'self'; frame-ancestors 'none'";

pub const HSTS: &str = "max-age=31536000; includeSubDomains";

/// Which headers a response gets; decided before the request is handed on.
#[derive(Debug, Clone, Copy)]
struct Policy {
    csp: &'static str,
    hsts: bool,
}

impl Policy {
    fn apply(self, headers: &mut HeaderMap) {
        let mut set = |name: HeaderName, value: &'static str| {
            // A handler's own, stricter value (e.g. media's sandbox) wins.
            if !headers.contains_key(&name) {
                headers.insert(name, HeaderValue::from_static(value));
            }
        };
        set(header::X_CONTENT_TYPE_OPTIONS, "nosniff");
        // The SPA's URLs name conversations and contacts; no other site needs to learn them.
        set(header::REFERRER_POLICY, "no-referrer");
        set(header::X_FRAME_OPTIONS, "DENY");
        set(header::CONTENT_SECURITY_POLICY, self.csp);
        if self.hsts {
            set(header::STRICT_TRANSPORT_SECURITY, HSTS);
        }
    }
}

/// Adds the security headers to every response, including errors that surface as
/// `Err` (a contained panic) and are rendered later by the HTTP dispatcher.
pub async fn security_headers(
    req: ServiceRequest,
    next: Next<impl MessageBody + 'static>,
) -> Result<ServiceResponse<impl MessageBody>, actix_web::Error> {
    let policy = Policy {
        csp: if req.path().starts_with("/swagger-ui") {
            SWAGGER_POLICY
        } else {
            DEFAULT_POLICY
        },
        hsts: is_https(req.request()),
    };
    match next.call(req).await {
        Ok(mut res) => {
            policy.apply(res.headers_mut());
            Ok(res)
        }
        Err(mut err) => {
            err.add_response_mapper(move |mut res| {
                policy.apply(res.headers_mut());
                res
            });
            Err(err)
        }
    }
}

/// CORS for the configured origins only. With none configured the middleware is left out, so
/// responses carry no `Access-Control-*` header and a foreign preflight gets no allowance.
pub fn cors(origins: &[String]) -> Condition<Cors> {
    let cors = origins
        .iter()
        .fold(Cors::default(), |cors, origin| cors.allowed_origin(origin))
        .allowed_methods([
            Method::GET,
            Method::POST,
            Method::PUT,
            Method::PATCH,
            Method::DELETE,
        ])
        .allowed_headers([
            header::AUTHORIZATION,
            header::CONTENT_TYPE,
            HeaderName::from_static("idempotency-key"),
            HeaderName::from_static("last-event-id"),
        ])
        .expose_headers([HeaderName::from_static("x-request-id")])
        .max_age(3600);
    Condition::new(!origins.is_empty(), cors)
}
