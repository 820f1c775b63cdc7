//! The binary as users run it: configuration errors, migrations, serving, graceful stop.

use crate::support::TestDb;
use crate::support::free_port;
use std::io::{Read, Write};
use std::net::TcpStream;
use std::process::{Child, Command, Output, Stdio};
use std::time::{Duration, Instant};

fn winmessages(dir: &std::path::Path) -> Command {
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_winmessages"));
    cmd.current_dir(dir)
        .env_remove("DATABASE_URL")
        .env_remove("WINMESSAGES_BIND")
        .env("WINMESSAGES_DATA_DIR", dir.join("data"))
        .env("RUST_LOG", "warn");
    cmd
}

fn stderr_of(out: &Output) -> String {
    String::from_utf8_lossy(&out.stderr).trim().to_owned()
}

#[test]
fn invalid_settings_stop_start_up_with_one_line_naming_the_setting() {
    let dir = tempfile::tempdir().unwrap();
    let cases = [
        ("DATABASE_URL", "mysql://root@localhost/x"),
        ("DATABASE_URL", "postgres://[broken"),
        ("DATABASE_URL", "postgres://nobody@127.0.0.1:1/none"),
        ("WINMESSAGES_BIND", "not-an-address"),
        ("WINMESSAGES_DB_POOL_SIZE", "lots"),
        ("WINMESSAGES_RETENTION_MESSAGES_DAYS", "forever"),
        ("WINMESSAGES_RETENTION_AUDIT_LOG_DAYS", "0"),
        ("WINMESSAGES_PURGE_INTERVAL_SECS", "-5"),
    ];
    for (name, value) in cases {
        let out = winmessages(dir.path())
            .env(name, value)
            .arg("serve")
            .output()
            .unwrap();
        assert!(!out.status.success(), "{name}={value} should fail");
        let err = stderr_of(&out);
        assert_eq!(
            err.lines().count(),
            1,
            "one line expected for {name}={value}: {err}"
        );
        assert!(
            err.starts_with(&format!("error: {name}:")),
            "{name}={value}: {err}"
        );
    }
}

#[test]
fn migrate_creates_the_sqlite_database_in_the_data_dir() {
    let dir = tempfile::tempdir().unwrap();
    let out = winmessages(dir.path()).arg("migrate").output().unwrap();
    assert!(out.status.success(), "{}", stderr_of(&out));
    assert!(String::from_utf8_lossy(&out.stdout).contains("applied"));
    assert!(dir.path().join("data/winmessages.db").is_file());
    // Running it again applies nothing and still succeeds.
    let out = winmessages(dir.path()).arg("migrate").output().unwrap();
    assert!(out.status.success());
    assert!(String::from_utf8_lossy(&out.stdout).contains("applied 0"));
}

#[test]
fn openapi_command_prints_the_document() {
    let dir = tempfile::tempdir().unwrap();
    let out = winmessages(dir.path()).arg("openapi").output().unwrap();
    assert!(out.status.success());
    let doc: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(doc["openapi"], "3.1.0");
}

fn get(port: u16, path: &str) -> Option<(u16, String)> {
    let mut s = TcpStream::connect(("127.0.0.1", port)).ok()?;
    s.set_read_timeout(Some(Duration::from_secs(5))).ok()?;
    write!(s, "GET {path} HTTP/1.0\r\nHost: localhost\r\n\r\n").ok()?;
    let mut text = String::new();
    s.read_to_string(&mut text).ok()?;
    let status = text.split_whitespace().nth(1)?.parse().ok()?;
    let body = text.split("\r\n\r\n").nth(1).unwrap_or_default().to_owned();
    Some((status, body))
}

fn wait_ready(child: &mut Child, port: u16) -> String {
    let deadline = Instant::now() + Duration::from_secs(20);
    while Instant::now() < deadline {
        if let Some((200, body)) = get(port, "/readyz") {
            return body;
        }
        if let Ok(Some(status)) = child.try_wait() {
            panic!("server exited early: {status}");
        }
        std::thread::sleep(Duration::from_millis(25));
    }
    panic!("server not ready in time");
}

fn terminate(child: &mut Child) {
    let status = Command::new("kill")
        .args(["-TERM", &child.id().to_string()])
        .status()
        .unwrap();
    assert!(status.success());
    let deadline = Instant::now() + Duration::from_secs(20);
    loop {
        if let Some(status) = child.try_wait().unwrap() {
            assert!(
                status.success(),
                "graceful stop should exit 0, got {status}"
            );
            return;
        }
        assert!(Instant::now() < deadline, "server did not stop on SIGTERM");
        std::thread::sleep(Duration::from_millis(25));
    }
}

/// Serves on the test's backend (SQLite, or PostgreSQL with TEST_DATABASE_URL), answers the
/// probes, and stops cleanly on SIGTERM.
#[test]
fn serve_answers_probes_and_stops_gracefully_on_sigterm() {
    let db = TestDb::new();
    let dir = tempfile::tempdir().unwrap();
    let port = free_port();
    let mut cmd = winmessages(dir.path());
    cmd.env("WINMESSAGES_BIND", format!("127.0.0.1:{port}"))
        .stdout(Stdio::null())
        .stderr(Stdio::null());
    match &db.target {
        winmessages::db::DatabaseTarget::Postgres(url) => {
            cmd.env("DATABASE_URL", url);
        }
        winmessages::db::DatabaseTarget::Sqlite(path) => {
            cmd.env("DATABASE_URL", format!("sqlite://{}", path.display()));
        }
    }
    let mut child = cmd.spawn().unwrap();
    let body = wait_ready(&mut child, port);
    let expected = if db.is_postgres() {
        "postgresql"
    } else {
        "sqlite"
    };
    assert!(body.contains(expected), "{body}");
    let (status, body) = get(port, "/healthz").unwrap();
    assert_eq!(status, 200);
    assert!(body.contains(env!("CARGO_PKG_VERSION")));
    terminate(&mut child);
}

#[test]
fn create_admin_command_and_env_bootstrap() {
    let dir = tempfile::tempdir().unwrap();
    let out = winmessages(dir.path())
        .args([
            "create-admin",
            "--email",
            "Ops@Example.com",
            "--password",
            "short",
        ])
        .output()
        .unwrap();
    assert!(!out.status.success());
    assert!(stderr_of(&out).contains("password"), "{}", stderr_of(&out));

    let out = winmessages(dir.path())
        .args([
            "create-admin",
            "--email",
            "Ops@Example.com",
            "--password",
            "tangerine-bicycle-42",
        ])
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", stderr_of(&out));
    assert!(String::from_utf8_lossy(&out.stdout).contains("ops@example.com"));
    let again = winmessages(dir.path())
        .args([
            "create-admin",
            "--email",
            "ops@example.com",
            "--password",
            "tangerine-bicycle-42",
        ])
        .output()
        .unwrap();
    assert!(!again.status.success());
    assert!(stderr_of(&again).contains("already exists"));

    // The environment pair creates an admin only when no user exists, and a bad one stops
    // start-up naming the setting.
    let fresh = tempfile::tempdir().unwrap();
    let out = winmessages(fresh.path())
        .env("WINMESSAGES_ADMIN_EMAIL", "root@example.com")
        .env("WINMESSAGES_ADMIN_PASSWORD", "aaaaaaaaaaaaaaaa")
        .env("WINMESSAGES_BIND", "127.0.0.1:1")
        .arg("serve")
        .output()
        .unwrap();
    assert!(!out.status.success());
    // Log lines (on standard error too) may come first; the error is the last line.
    let err = stderr_of(&out);
    assert!(
        err.lines()
            .last()
            .is_some_and(|l| l.starts_with("error: WINMESSAGES_ADMIN_PASSWORD:")),
        "{err}"
    );
}

/// The generated JWT secret is written to the data dir once and reused.
#[test]
fn jwt_secret_is_generated_into_the_data_dir() {
    let dir = tempfile::tempdir().unwrap();
    let out = winmessages(dir.path()).arg("migrate").output().unwrap();
    assert!(out.status.success());
    let port = free_port();
    let mut child = winmessages(dir.path())
        .env("WINMESSAGES_BIND", format!("127.0.0.1:{port}"))
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    wait_ready(&mut child, port);
    terminate(&mut child);
    let secret = std::fs::read_to_string(dir.path().join("data/jwt-secret")).unwrap();
    assert!(secret.len() >= 40);
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        let mode = std::fs::metadata(dir.path().join("data/jwt-secret"))
            .unwrap()
            .permissions()
            .mode();
        assert_eq!(mode & 0o077, 0, "secret readable by others: {mode:o}");
    }
}

#[test]
fn purge_deletes_what_expired_and_prints_the_counts() {
    use diesel::prelude::*;
    use winmessages::db::schema::api_calls;
    let app = crate::support::TestApp::new();
    let url = crate::support::database_url(&app.db.target);
    let old = chrono::Utc::now().naive_utc() - chrono::Duration::days(3);
    let mut conn = app.state.pool.get().unwrap();
    for (org, at) in [(None::<i64>, old), (None, chrono::Utc::now().naive_utc())] {
        diesel::insert_into(api_calls::table)
            .values((
                api_calls::organization_id.eq(org),
                api_calls::method.eq("GET"),
                api_calls::path.eq("/v23.0/1"),
                api_calls::duration_ms.eq(3_i64),
                api_calls::created_at.eq(at),
            ))
            .execute(&mut conn)
            .unwrap();
    }
    let dir = tempfile::tempdir().unwrap();
    let out = winmessages(dir.path())
        .env("DATABASE_URL", &url)
        .env("WINMESSAGES_RETENTION_API_CALLS_DAYS", "2")
        .arg("purge")
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", stderr_of(&out));
    let report: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(report["ran"], true, "{report}");
    assert_eq!(report["unowned"]["api_calls"], 1, "{report}");
    let left: i64 = api_calls::table.count().get_result(&mut conn).unwrap();
    assert_eq!(left, 1);
}
