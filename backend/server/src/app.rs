//! Builds the application: the same function serves `main` and every test.

use crate::auth::AuthService;
use crate::clock::{SharedClock, SystemClock};
use crate::config::Config;
use crate::db::{self, Backend, DbPool};
use crate::http::{extractors, fallback, middleware as mw};
use crate::metrics::Metrics;
use crate::{api_keys, audit, auth, health, openapi, organizations, spa, users};
use actix_web::body::MessageBody;
use actix_web::dev::{ServiceFactory, ServiceRequest, ServiceResponse};
use actix_web::middleware::from_fn;
use actix_web::{App, web};
use std::sync::Arc;
use tracing_actix_web::TracingLogger;
use utoipa_swagger_ui::SwaggerUi;

/// Shared, cheaply clonable state handed to every handler.
#[derive(Clone)]
pub struct AppState {
    pub config: Arc<Config>,
    pub pool: DbPool,
    pub backend: Backend,
    pub clock: SharedClock,
    pub metrics: Metrics,
    pub auth: Arc<AuthService>,
    /// Graph API client (tenants' tokens are passed per call); every call is recorded in
    /// the API call log.
    pub graph: whatsapp_cloud::GraphClient,
    /// The API call log's writer (queue and background thread).
    pub api_calls: Arc<crate::api_calls::ApiCallLog>,
    /// The access log's writer (queue and background thread).
    pub access_log: Arc<crate::access_log::AccessLog>,
    /// Encrypts access tokens at rest.
    pub secrets: crate::crypto::SecretBox,
    /// Durable receipt of webhooks (group commit).
    pub intake: crate::webhooks::intake::Intake,
    /// Wake-ups of the background workers.
    pub pipeline: Arc<crate::workers::Pipeline>,
    /// Live inbox events: fan-out to the open event streams.
    pub events: crate::events::EventHub,
    pub inbound_metrics: crate::webhooks::metrics::InboundMetrics,
    pub media_storage: crate::media::storage::MediaStorage,
    /// The OpenAPI document and the routing table derived from it, built once per process
    /// rather than once per worker.
    pub api_doc: Arc<utoipa::openapi::OpenApi>,
    pub known_routes: web::Data<fallback::KnownRoutes>,
}

impl AppState {
    /// Opens the database, applies migrations and prepares shared services.
    pub fn init(config: Config) -> Result<Self, String> {
        Self::init_with_clock(config, Arc::new(SystemClock))
    }

    pub fn init_with_clock(config: Config, clock: SharedClock) -> Result<Self, String> {
        let pool = db::build_pool(&config.database, config.pool_size)?;
        {
            let mut conn = pool
                .get()
                .map_err(|e| format!("DATABASE_URL: cannot get a connection ({e})"))?;
            let applied = db::run_migrations(&mut conn)?;
            if !applied.is_empty() {
                tracing::info!(migrations = ?applied, "applied database migrations");
            }
        }
        let metrics = Metrics::new(pool.clone(), config.pool_size)?;
        let auth = Arc::new(AuthService::new(&config)?);
        let inbound_metrics = crate::webhooks::metrics::InboundMetrics::register(
            metrics.registry(),
            pool.clone(),
            clock.clone(),
        )?;
        let pipeline = Arc::new(crate::workers::Pipeline::new(config.database.backend()));
        let api_calls = crate::api_calls::ApiCallLog::start(
            pool.clone(),
            clock.clone(),
            pipeline.clone(),
            metrics.registry(),
        )?;
        let access_log = crate::access_log::AccessLog::start(
            pool.clone(),
            clock.clone(),
            pipeline.clone(),
            metrics.registry(),
        )?;
        let graph = whatsapp_cloud::GraphClient::with_config(whatsapp_cloud::GraphClientConfig {
            base_url: config.graph_api_base.clone(),
            api_version: config.graph_api_version.clone(),
            request_timeout: config.graph_timeout,
            recorder: Some(api_calls.clone()),
            ..Default::default()
        })
        .map_err(|e| format!("WINMESSAGES_GRAPH_API_BASE: {e}"))?;
        let secrets =
            crate::crypto::SecretBox::load(config.encryption_key.as_ref(), &config.data_dir)?;
        let media_storage = crate::media::storage::MediaStorage::open(&config.media_store)?;
        let intake =
            crate::webhooks::intake::Intake::start(pool.clone(), clock.clone(), pipeline.clone())?;
        crate::bootstrap::ensure_first_admin(
            &pool,
            config
                .bootstrap_admin
                .as_ref()
                .map(|(email, password)| (email.as_str(), password.expose())),
        )?;
        let events = crate::events::EventHub::new(
            pool.clone(),
            config.database.clone(),
            crate::events::EventSettings {
                heartbeat: config.events_heartbeat,
                retention: config.events_retention,
            },
        );
        let api_doc = openapi::document();
        let known_routes = web::Data::new(fallback::KnownRoutes::from_document(&api_doc));
        Ok(Self {
            api_doc: Arc::new(api_doc),
            known_routes,
            auth,
            graph,
            api_calls,
            access_log,
            secrets,
            intake,
            pipeline,
            events,
            inbound_metrics,
            media_storage,
            backend: config.database.backend(),
            config: Arc::new(config),
            pool,
            clock,
            metrics,
        })
    }
}

/// The whole HTTP application.
pub fn build_app(
    state: AppState,
) -> App<
    impl ServiceFactory<
        ServiceRequest,
        Config = (),
        Response = ServiceResponse<impl MessageBody>,
        Error = actix_web::Error,
        InitError = (),
    >,
> {
    let static_dir = state.config.static_dir.clone();
    let metrics = state.metrics.http.clone();
    let known_routes = state.known_routes.clone();
    let api_doc = (*state.api_doc).clone();
    let cors = crate::http::security::cors(&state.config.cors_origins);
    App::new()
        .app_data(web::Data::new(state))
        .app_data(known_routes)
        .app_data(extractors::json_config())
        .app_data(extractors::query_config())
        .app_data(extractors::path_config())
        .configure(health::routes::configure)
        .configure(auth::routes::configure)
        .configure(organizations::routes::configure)
        .configure(users::routes::configure)
        .configure(api_keys::routes::configure)
        .configure(audit::routes::configure)
        .configure(crate::conversations::routes::configure)
        .configure(crate::messages::routes::configure)
        .configure(crate::contacts::routes::configure)
        .configure(crate::accounts::routes::configure)
        .configure(crate::webhooks::routes::configure)
        .configure(crate::media::routes::configure)
        .configure(crate::templates::routes::configure)
        .configure(crate::api_calls::routes::configure)
        .configure(crate::access_log::routes::configure)
        .configure(crate::access_grants::routes::configure)
        .configure(crate::events::routes::configure)
        .configure(crate::retention::routes::configure)
        .route("/metrics", web::get().to(crate::metrics::scrape))
        .service(SwaggerUi::new("/swagger-ui/{_:.*}").url("/api-docs/openapi.json", api_doc))
        .configure(spa::configure(&static_dir))
        .default_service(web::to(fallback::default_service))
        // Outermost last: metrics see everything, then tracing assigns the request id, the
        // access log records the final outcome, security headers reach every response, errors
        // are normalised (CORS refusals too), and panics are contained closest to the handlers.
        .wrap(from_fn(mw::catch_panic))
        .wrap(cors)
        .wrap(mw::problem_safety_net())
        .wrap(from_fn(crate::http::security::security_headers))
        .wrap(from_fn(mw::request_id_header))
        .wrap(from_fn(crate::access_log::record))
        .wrap(TracingLogger::default())
        .wrap(metrics)
}
