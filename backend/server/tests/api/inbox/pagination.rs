//! Keyset pagination of conversations and messages: every row exactly once, in order, even
//! when many rows share a timestamp; bad cursors and limits are refused.

use super::{get, ids};
use crate::support::{TestApp, assert_problem};
use chrono::Duration;

/// Follows `next_cursor` from `first` until the last page; returns every id in order.
async fn walk<S, B>(svc: &S, first: &str, auth: &(&'static str, String)) -> (Vec<i64>, usize)
where
    S: actix_web::dev::Service<
            actix_http::Request,
            Response = actix_web::dev::ServiceResponse<B>,
            Error = actix_web::Error,
        >,
    B: actix_web::body::MessageBody,
{
    let mut all = Vec::new();
    let mut pages = 0;
    let mut uri = first.to_owned();
    loop {
        let (status, _, body) = get(svc, &uri, auth).await;
        assert_eq!(status, 200, "{body}");
        pages += 1;
        all.extend(ids(&body));
        match body["next_cursor"].as_str() {
            Some(c) => {
                let sep = if first.contains('?') { '&' } else { '?' };
                uri = format!("{first}{sep}cursor={c}");
            }
            None => break,
        }
        assert!(pages < 100, "pagination does not end");
    }
    (all, pages)
}

#[actix_web::test]
async fn conversation_pages_cover_every_row_once_even_with_equal_timestamps() {
    let app = TestApp::new();
    let org = app.org("Acme");
    let inbox = app.inbox(&org);
    let t0 = app.now();
    // 23 conversations over 4 distinct activity times (many ties), plus 3 never written to
    // whose creation time ties with others' last message.
    let mut expected: Vec<(chrono::NaiveDateTime, i64)> = Vec::new();
    for i in 0..23 {
        let c = inbox.conversation(&format!("3460000{i:04}"), "X");
        let at = t0 + Duration::seconds(i64::from(i % 4));
        inbox.set_last_message_at(c, Some(at));
        expected.push((at, c.id));
    }
    for _ in 0..3 {
        let c = inbox.conversation(&format!("{}", rand::random::<u32>()), "Y");
        expected.push((t0, c.id));
    }
    expected.sort_by(|a, b| b.cmp(a));
    let want: Vec<i64> = expected.iter().map(|(_, id)| *id).collect();
    let svc = app.service().await;
    let auth = org.agent.bearer();
    for limit in [1, 4, 5, 26, 50] {
        let (got, pages) = walk(&svc, &format!("/api/v1/conversations?limit={limit}"), &auth).await;
        assert_eq!(got, want, "limit={limit}");
        assert_eq!(pages, want.len().div_ceil(limit).max(1), "limit={limit}");
    }
}

#[actix_web::test]
async fn conversation_pages_respect_filters() {
    let app = TestApp::new();
    let org = app.org("Acme");
    let inbox = app.inbox(&org);
    let t0 = app.now();
    let mut want = Vec::new();
    for i in 0..12 {
        let c = inbox.conversation(&format!("1{i}"), "X");
        inbox.set_last_message_at(c, Some(t0 + Duration::seconds(i64::from(i % 2))));
        if i % 3 == 0 {
            inbox.set_status(c, "pending");
            want.push((t0 + Duration::seconds(i64::from(i % 2)), c.id));
        }
    }
    want.sort_by(|a, b| b.cmp(a));
    let want: Vec<i64> = want.into_iter().map(|(_, id)| id).collect();
    let svc = app.service().await;
    let (got, _) = walk(
        &svc,
        "/api/v1/conversations?status=pending&limit=1",
        &org.agent.bearer(),
    )
    .await;
    assert_eq!(got, want);
}

#[actix_web::test]
async fn message_pages_are_newest_first_by_message_time_then_arrival() {
    let app = TestApp::new();
    let org = app.org("Acme");
    let inbox = app.inbox(&org);
    let c = inbox.conversation("1", "A");
    let other = inbox.conversation("2", "B");
    let mut expected = Vec::new();
    // Stored out of order (webhooks are not ordered), with ties on the timestamp.
    for (i, offset) in [5, 1, 3, 1, 0, 5, 2, 2, 4, 1, 0, 3].into_iter().enumerate() {
        let id = inbox.text(c, &format!("m{i}")).after(offset).insert();
        expected.push((offset, id));
        inbox.text(other, "noise").after(offset).insert();
    }
    expected.sort_by(|a, b| b.cmp(a));
    let want: Vec<i64> = expected.into_iter().map(|(_, id)| id).collect();
    let svc = app.service().await;
    let auth = org.agent.bearer();
    for limit in [1, 5, 12, 50] {
        let uri = format!("/api/v1/conversations/{}/messages?limit={limit}", c.id);
        let (got, _) = walk(&svc, &uri, &auth).await;
        assert_eq!(got, want, "limit={limit}");
    }
    // The conversation's last message is the newest one.
    let (_, _, conv) = get(&svc, &format!("/api/v1/conversations/{}", c.id), &auth).await;
    assert_eq!(conv["last_message"]["id"], want[0]);
}

#[actix_web::test]
async fn default_page_is_50_and_bad_limits_or_cursors_are_refused() {
    let app = TestApp::new();
    let org = app.org("Acme");
    let inbox = app.inbox(&org);
    for i in 0..51 {
        inbox.conversation(&format!("1{i}"), "X");
    }
    let svc = app.service().await;
    let auth = org.agent.bearer();
    let (_, _, body) = get(&svc, "/api/v1/conversations", &auth).await;
    assert_eq!(ids(&body).len(), 50);
    assert!(body["next_cursor"].is_string());
    let c = inbox.conversation("99", "Y");
    for uri in [
        "/api/v1/conversations?limit=0".to_owned(),
        "/api/v1/conversations?limit=201".to_owned(),
        "/api/v1/conversations?cursor=nonsense".to_owned(),
        "/api/v1/conversations?cursor=42".to_owned(),
        format!("/api/v1/conversations/{}/messages?limit=0", c.id),
        format!("/api/v1/conversations/{}/messages?cursor=%2F%2F", c.id),
        "/api/v1/contacts?limit=500".to_owned(),
        "/api/v1/contacts?cursor=abc".to_owned(),
    ] {
        let res = get(&svc, &uri, &auth).await;
        assert_problem(&res, 422, "validation_failed");
    }
    assert_problem(
        &get(&svc, "/api/v1/conversations?limit=x", &auth).await,
        400,
        "invalid_query",
    );
}
