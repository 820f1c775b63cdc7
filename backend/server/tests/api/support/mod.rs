//! Test harness: the real application (`app::build_app`, as in `main`) over a fresh database.

pub mod db;
pub mod identity;
pub mod inbox;

use actix_http::Request;
use actix_web::body::MessageBody;
use actix_web::dev::{Service, ServiceResponse};
use actix_web::test;
use chrono::{TimeZone, Utc};
use serde_json::Value;
use std::sync::Arc;
use winmessages::app::AppState;
use winmessages::cli::Settings;
use winmessages::clock::ManualClock;
use winmessages::config::Config;

pub use db::TestDb;
#[allow(unused_imports)]
pub use identity::{PASSWORD, TestOrg, TestUser};

#[allow(dead_code)] // not every test module uses every field
pub struct TestApp {
    pub state: AppState,
    pub clock: ManualClock,
    pub db: TestDb,
}

impl TestApp {
    pub fn new() -> Self {
        Self::with(|_| {})
    }

    /// Builds state with a configuration tweak (e.g. a static dir).
    pub fn with(tweak: impl FnOnce(&mut Config)) -> Self {
        let db = TestDb::new();
        let mut settings = Settings::defaults();
        settings.data_dir = db.data_dir();
        settings.static_dir = db.data_dir().join("no-spa");
        let mut config = Config::from_settings(&settings).expect("config");
        config.database = db.target.clone();
        config.pool_size = 4;
        tweak(&mut config);
        let clock = ManualClock::new(Utc.with_ymd_and_hms(2026, 11, 25, 12, 0, 0).unwrap());
        let state = AppState::init_with_clock(config, Arc::new(clock.clone())).expect("state");
        Self { state, clock, db }
    }

    pub async fn service(
        &self,
    ) -> impl Service<Request, Response = ServiceResponse<impl MessageBody>, Error = actix_web::Error>
    {
        test::init_service(winmessages::app::build_app(self.state.clone())).await
    }
}

/// Reads a response: status, content type and JSON body (Null when empty / not JSON).
pub async fn read(res: ServiceResponse<impl MessageBody>) -> (u16, String, Value) {
    let status = res.status().as_u16();
    let ct = res
        .headers()
        .get("content-type")
        .and_then(|v| v.to_str().ok())
        .unwrap_or_default()
        .to_owned();
    let bytes = test::read_body(res).await;
    let json = serde_json::from_slice(&bytes).unwrap_or(Value::Null);
    (status, ct, json)
}

/// Asserts a problem+json answer with the given status and code.
pub fn assert_problem(got: &(u16, String, Value), status: u16, code: &str) {
    let (s, ct, body) = got;
    assert_eq!(*s, status, "status; body: {body}");
    assert!(
        ct.starts_with("application/problem+json"),
        "content type {ct}"
    );
    assert_eq!(body["status"], status, "{body}");
    assert_eq!(body["code"], code, "{body}");
    assert!(
        body["title"].is_string() && body["type"].is_string(),
        "{body}"
    );
}

/// A loopback port free at the time of the call (for real server processes).
#[allow(dead_code)]
pub fn free_port() -> u16 {
    std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port()
}

/// The `DATABASE_URL` of a test database, for real server processes.
#[allow(dead_code)]
pub fn database_url(target: &winmessages::db::DatabaseTarget) -> String {
    match target {
        winmessages::db::DatabaseTarget::Sqlite(path) => format!("sqlite://{}", path.display()),
        winmessages::db::DatabaseTarget::Postgres(url) => url.clone(),
    }
}
