//! `winmessages seed` fills a database that the API then serves: the printed API key works,
//! every conversation and message is listed, and the counts match what was printed.

use super::{get, ids, key_auth};
use crate::support::TestApp;
use std::process::Command;
use winmessages::db::DatabaseTarget;

fn line_value<'a>(out: &'a str, label: &str) -> &'a str {
    out.lines()
        .find_map(|l| l.trim().strip_prefix(label))
        .unwrap_or_else(|| panic!("no `{label}` in:\n{out}"))
        .trim()
}

#[actix_web::test]
async fn seed_fills_an_inbox_that_the_api_serves() {
    let app = TestApp::new();
    let url = match &app.db.target {
        DatabaseTarget::Sqlite(path) => format!("sqlite://{}", path.display()),
        DatabaseTarget::Postgres(url) => url.clone(),
    };
    let out = Command::new(env!("CARGO_BIN_EXE_winmessages"))
        .args([
            "seed",
            "--conversations",
            "30",
            "--messages",
            "400",
            "--organization-name",
            "Demo",
        ])
        .env("DATABASE_URL", &url)
        .env("WINMESSAGES_DATA_DIR", app.db.data_dir())
        .env("RUST_LOG", "error")
        .output()
        .unwrap();
    let stdout = String::from_utf8_lossy(&out.stdout).into_owned();
    assert!(
        out.status.success(),
        "{stdout}\n{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(
        stdout.contains("conversations: 30, messages: 400"),
        "{stdout}"
    );
    let key = line_value(&stdout, "api key:").to_owned();
    let busiest = line_value(&stdout, "busiest conversation:").to_owned();
    let (busiest_id, busiest_count) = busiest.split_once(' ').unwrap();
    let busiest_count: usize = busiest_count
        .trim_start_matches('(')
        .split(' ')
        .next()
        .unwrap()
        .parse()
        .unwrap();

    let svc = app.service().await;
    let auth = key_auth(&key);
    let (status, _, body) = get(&svc, "/api/v1/conversations?limit=200", &auth).await;
    assert_eq!(status, 200, "{body}");
    let conversations = ids(&body);
    assert_eq!(conversations.len(), 30);
    let mut total = 0;
    for id in &conversations {
        let uri = format!("/api/v1/conversations/{id}/messages?limit=200");
        let (status, _, page) = get(&svc, &uri, &auth).await;
        assert_eq!(status, 200, "{page}");
        assert!(page["next_cursor"].is_null());
        let n = ids(&page).len();
        if id.to_string() == busiest_id {
            assert_eq!(n, busiest_count);
        }
        total += n;
    }
    assert_eq!(total, 400);
    let (_, _, contacts) = get(&svc, "/api/v1/contacts?limit=200", &auth).await;
    assert_eq!(ids(&contacts).len(), 30);
    // Seeding again adds a second organization beside the first.
    let again = Command::new(env!("CARGO_BIN_EXE_winmessages"))
        .args(["seed", "--conversations", "3", "--messages", "5"])
        .env("DATABASE_URL", &url)
        .env("WINMESSAGES_DATA_DIR", app.db.data_dir())
        .output()
        .unwrap();
    assert!(
        again.status.success(),
        "{}",
        String::from_utf8_lossy(&again.stderr)
    );
    let (_, _, body) = get(&svc, "/api/v1/conversations?limit=200", &auth).await;
    assert_eq!(ids(&body).len(), 30);
}
