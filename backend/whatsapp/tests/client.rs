//! GraphClient against a mock Graph API on 127.0.0.1: request paths,
//! bodies and headers, paging, media, and error classification.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::sync::{Arc, Mutex};
use std::time::Duration;

use actix_web::{App, HttpRequest, HttpResponse, HttpServer, web};
use serde_json::{Value, json};
use whatsapp_cloud::send::*;
use whatsapp_cloud::templates::TemplateQuery;
use whatsapp_cloud::{AccessToken, Error, ErrorClass, GraphClient, GraphClientConfig};

const TOKEN: &str = "EAAG-secret-token";

#[derive(Debug, Clone)]
struct Recorded {
    method: String,
    path: String,
    query: String,
    auth: Option<String>,
    content_type: Option<String>,
    body: Vec<u8>,
}

impl Recorded {
    fn json(&self) -> Value {
        serde_json::from_slice(&self.body).unwrap()
    }
}

type Log = Arc<Mutex<Vec<Recorded>>>;

fn graph_error(status: u16, code: i64, message: &str) -> HttpResponse {
    HttpResponse::build(actix_web::http::StatusCode::from_u16(status).unwrap()).json(json!({
        "error": {
            "message": message,
            "type": "OAuthException",
            "code": code,
            "error_data": {"messaging_product": "whatsapp", "details": "details here"},
            "fbtrace_id": "TRACE123"
        }
    }))
}

fn template(name: &str) -> Value {
    json!({"id": format!("id-{name}"), "name": name, "language": "en_US", "status": "APPROVED",
           "category": "UTILITY", "components": [{"type": "BODY", "text": "Hi {{1}}"}]})
}

async fn handle(req: HttpRequest, body: web::Bytes, log: web::Data<Log>) -> HttpResponse {
    let header = |name: &str| {
        req.headers()
            .get(name)
            .and_then(|v| v.to_str().ok())
            .map(str::to_owned)
    };
    let rec = Recorded {
        method: req.method().to_string(),
        path: req.path().to_owned(),
        query: req.query_string().to_owned(),
        auth: header("authorization"),
        content_type: header("content-type"),
        body: body.to_vec(),
    };
    log.lock().unwrap().push(rec.clone());
    let host = req.connection_info().host().to_owned();
    let after = url::form_urlencoded::parse(rec.query.as_bytes())
        .find(|(k, _)| k == "after")
        .map(|(_, v)| v.into_owned());

    match (rec.method.as_str(), rec.path.as_str()) {
        ("POST", "/v23.0/PNID/messages") => {
            if rec.json().get("status").is_some() {
                HttpResponse::Ok().json(json!({"success": true}))
            } else {
                HttpResponse::Ok().json(json!({
                    "messaging_product": "whatsapp",
                    "contacts": [{"input": rec.json()["to"], "wa_id": "16505551234"}],
                    "messages": [{"id": "wamid.SENT1"}]
                }))
            }
        }
        ("POST", "/v23.0/fail500/messages") => HttpResponse::InternalServerError().body("upstream exploded"),
        ("POST", "/v23.0/fail503json/messages") => graph_error(503, 2, "Service temporarily unavailable"),
        ("POST", "/v23.0/fail131047/messages") => graph_error(400, 131_047, "(#131047) Re-engagement message"),
        ("POST", "/v23.0/fail130429/messages") => graph_error(429, 130_429, "(#130429) Rate limit hit"),
        ("POST", "/v23.0/fail190/messages") => graph_error(401, 190, "Error validating access token"),
        ("POST", "/v23.0/garbled/messages") => HttpResponse::Ok().body("{not json"),
        ("POST", "/v23.0/slow/messages") => {
            actix_web::rt::time::sleep(Duration::from_secs(5)).await;
            HttpResponse::Ok().json(json!({"messages": [{"id": "wamid.LATE"}]}))
        }
        ("POST", "/v23.0/PNID/media") => HttpResponse::Ok().json(json!({"id": "MEDIA-1"})),
        ("GET", "/v23.0/MEDIA-1") => HttpResponse::Ok().json(json!({
            "messaging_product": "whatsapp",
            "url": format!("http://{host}/download/file.jpg?mid=1"),
            "mime_type": "image/jpeg", "sha256": "abc", "file_size": 4, "id": "MEDIA-1"
        })),
        ("GET", "/download/file.jpg") => {
            if rec.auth.as_deref() == Some(&format!("Bearer {TOKEN}")) {
                HttpResponse::Ok().content_type("image/jpeg").body(vec![0xFF, 0xD8, 0xFF, 0xE0])
            } else {
                HttpResponse::Unauthorized().finish()
            }
        }
        ("GET", "/download/gone.jpg") => HttpResponse::NotFound().finish(),
        ("DELETE", "/v23.0/MEDIA-1") => HttpResponse::Ok().json(json!({"success": true})),
        ("GET", "/v23.0/WABA/message_templates") => {
            let (data, next) = match after.as_deref() {
                None => (template("t1"), Some("c1")),
                Some("c1") => (template("t2"), Some("c2")),
                _ => (template("t3"), None),
            };
            let mut paging = json!({"cursors": {"before": "b", "after": next.unwrap_or("end")}});
            if let Some(n) = next {
                paging["next"] = json!(format!("http://{host}/v23.0/WABA/message_templates?limit=1&after={n}"));
            }
            HttpResponse::Ok().json(json!({"data": [data], "paging": paging}))
        }
        ("GET", "/v23.0/FOREIGN/message_templates") => match after.as_deref() {
            None => HttpResponse::Ok().json(json!({
                "data": [template("f1")],
                "paging": {"cursors": {"after": "fc1"}, "next": "https://graph.example.invalid/v23.0/FOREIGN/message_templates?after=fc1"}
            })),
            _ => HttpResponse::Ok().json(json!({"data": [template("f2")], "paging": {"cursors": {"after": "x"}}})),
        },
        ("GET", "/v23.0/PNID") => HttpResponse::Ok().json(json!({
            "id": "PNID", "display_phone_number": "+1 555-555-5555", "verified_name": "Jaspers Market",
            "quality_rating": "GREEN", "throughput": {"level": "STANDARD"}, "platform_type": "CLOUD_API"
        })),
        ("GET", "/v23.0/WABA/phone_numbers") => HttpResponse::Ok().json(json!({
            "data": [{"id": "PNID", "display_phone_number": "+1 555", "status": "CONNECTED"}],
            "paging": {"cursors": {"after": "z"}}
        })),
        ("POST", "/v23.0/WABA/subscribed_apps") => HttpResponse::Ok().json(json!({"success": true})),
        _ => HttpResponse::NotFound().json(json!({"error": {"message": "Unknown path", "type": "GraphMethodException", "code": 803}})),
    }
}

struct Mock {
    base: String,
    log: Log,
}

impl Mock {
    fn start() -> Mock {
        let log: Log = Arc::default();
        let (tx, rx) = std::sync::mpsc::channel();
        let server_log = log.clone();
        std::thread::spawn(move || {
            actix_web::rt::System::new().block_on(async move {
                let data = web::Data::new(server_log);
                let server = HttpServer::new(move || {
                    App::new()
                        .app_data(data.clone())
                        .default_service(web::to(handle))
                })
                .workers(1)
                .bind(("127.0.0.1", 0))
                .unwrap();
                let addr = server.addrs()[0];
                tx.send(addr).unwrap();
                server.run().await.unwrap();
            });
        });
        let addr = rx.recv_timeout(Duration::from_secs(10)).unwrap();
        Mock {
            base: format!("http://{addr}"),
            log,
        }
    }

    fn client(&self) -> GraphClient {
        GraphClient::with_config(GraphClientConfig {
            base_url: self.base.clone(),
            request_timeout: Duration::from_millis(800),
            ..GraphClientConfig::default()
        })
        .unwrap()
    }

    fn requests(&self) -> Vec<Recorded> {
        self.log.lock().unwrap().clone()
    }

    fn last(&self) -> Recorded {
        self.requests().last().cloned().unwrap()
    }
}

fn token() -> AccessToken {
    AccessToken::new(TOKEN)
}

fn bearer() -> Option<String> {
    Some(format!("Bearer {TOKEN}"))
}

#[tokio::test]
async fn every_send_type_posts_expected_body_with_bearer_token() {
    let mock = Mock::start();
    let client = mock.client();
    let contents = vec![
        OutgoingContent::text("hello https://example.com", true),
        OutgoingContent::image(MediaRef::id("111").with_caption("cap")),
        OutgoingContent::image(MediaRef::link("https://example.com/a.jpg")),
        OutgoingContent::audio(MediaRef::id("222")),
        OutgoingContent::voice(MediaRef::id("223")),
        OutgoingContent::video(MediaRef::link("https://example.com/v.mp4").with_caption("clip")),
        OutgoingContent::document(
            MediaRef::id("333")
                .with_filename("r.pdf")
                .with_caption("receipt"),
        ),
        OutgoingContent::sticker(MediaRef::id("444")),
        OutgoingContent::location(37.75, -122.42, Some("Shop".into()), None),
        OutgoingContent::contacts(vec![
            serde_json::from_value(json!({"name": {"formatted_name": "Ann"}})).unwrap(),
        ]),
        OutgoingContent::reaction("wamid.IN", "👍"),
        OutgoingContent::remove_reaction("wamid.IN"),
        OutgoingContent::interactive(InteractiveMessage::reply_buttons(
            "Pick",
            [("a", "A"), ("b", "B")],
        )),
        OutgoingContent::interactive(InteractiveMessage::list(
            "Choose",
            "Open",
            vec![ListSection::new(
                Some("S".into()),
                vec![ListRow::new("r1", "Row 1")],
            )],
        )),
        OutgoingContent::interactive(InteractiveMessage::cta_url(
            "Dates",
            "See Dates",
            "https://example.com/d",
        )),
        OutgoingContent::template(
            TemplateMessage::new("order_confirmation", "en_US")
                .with_body(vec![TemplateParameter::text("Jessica")])
                .with_quick_reply(0, "CANCEL"),
        ),
    ];
    let n = contents.len();
    for content in contents {
        let kind = content.kind();
        let msg = OutgoingMessage::to("16505551234", content).reply_to("wamid.QUOTED");
        let resp = client.send_message(&token(), "PNID", &msg).await.unwrap();
        assert_eq!(resp.message_id(), Some("wamid.SENT1"));
        assert_eq!(resp.contacts[0].input.as_deref(), Some("+16505551234"));

        let req = mock.last();
        assert_eq!(
            (req.method.as_str(), req.path.as_str()),
            ("POST", "/v23.0/PNID/messages")
        );
        assert_eq!(req.auth, bearer());
        assert_eq!(req.content_type.as_deref(), Some("application/json"));
        let body = req.json();
        assert_eq!(body, serde_json::to_value(&msg).unwrap());
        assert_eq!(body["messaging_product"], json!("whatsapp"));
        assert_eq!(body["to"], json!("+16505551234"));
        assert_eq!(body["type"], json!(kind));
        assert!(body.get(kind).is_some(), "{kind} payload present");
        assert_eq!(body["context"]["message_id"], json!("wamid.QUOTED"));
    }
    assert_eq!(mock.requests().len(), n);
    // Spot-check a few payloads on the wire.
    let all = mock.requests();
    assert_eq!(
        all[0].json()["text"],
        json!({"body": "hello https://example.com", "preview_url": true})
    );
    assert_eq!(all[4].json()["audio"], json!({"id": "223", "voice": true}));
    assert_eq!(all[6].json()["document"]["filename"], json!("r.pdf"));
    assert_eq!(all[11].json()["reaction"]["emoji"], json!(""));
    assert_eq!(
        all[15].json()["template"]["components"][1]["parameters"][0]["payload"],
        json!("CANCEL")
    );
}

#[tokio::test]
async fn invalid_message_is_refused_before_sending() {
    let mock = Mock::start();
    let msg = OutgoingMessage::to("+1", OutgoingContent::text("", false));
    let err = mock
        .client()
        .send_message(&token(), "PNID", &msg)
        .await
        .unwrap_err();
    assert!(matches!(err, Error::InvalidRequest(_)));
    assert_eq!(err.class(), ErrorClass::Permanent);
    assert!(mock.requests().is_empty());
}

#[tokio::test]
async fn mark_read_with_typing_indicator() {
    let mock = Mock::start();
    let ok = mock
        .client()
        .mark_read(&token(), "PNID", "wamid.IN", true)
        .await
        .unwrap();
    assert!(ok.success);
    let req = mock.last();
    assert_eq!(req.path, "/v23.0/PNID/messages");
    assert_eq!(req.auth, bearer());
    assert_eq!(
        req.json(),
        json!({"messaging_product": "whatsapp", "status": "read", "message_id": "wamid.IN", "typing_indicator": {"type": "text"}})
    );
}

#[tokio::test]
async fn media_upload_lookup_download_and_delete() {
    let mock = Mock::start();
    let client = mock.client();
    let up = client
        .upload_media(&token(), "PNID", b"PNGDATA".to_vec(), "image/png", "a.png")
        .await
        .unwrap();
    assert_eq!(up.id, "MEDIA-1");
    let req = mock.last();
    assert_eq!(req.path, "/v23.0/PNID/media");
    assert_eq!(req.auth, bearer());
    assert!(
        req.content_type
            .as_deref()
            .unwrap()
            .starts_with("multipart/form-data; boundary=")
    );
    let body = String::from_utf8_lossy(&req.body);
    assert!(
        body.contains("name=\"messaging_product\"\r\n\r\nwhatsapp"),
        "{body}"
    );
    assert!(body.contains("name=\"type\"\r\n\r\nimage/png"), "{body}");
    assert!(
        body.contains(
            "name=\"file\"; filename=\"a.png\"\r\nContent-Type: image/png\r\n\r\nPNGDATA"
        ),
        "{body}"
    );

    let info = client
        .media_info(&token(), "MEDIA-1", Some("PNID"))
        .await
        .unwrap();
    assert_eq!(mock.last().query, "phone_number_id=PNID");
    assert_eq!(info.file_size.unwrap().get(), 4);
    let file = client.download_media(&token(), &info.url).await.unwrap();
    assert_eq!(file.bytes, [0xFF, 0xD8, 0xFF, 0xE0]);
    assert_eq!(file.mime_type.as_deref(), Some("image/jpeg"));
    let req = mock.last();
    assert_eq!(
        (req.path.as_str(), req.query.as_str()),
        ("/download/file.jpg", "mid=1")
    );
    assert_eq!(req.auth, bearer(), "download must carry the token");

    let (info2, file2) = client
        .download_media_by_id(&token(), "MEDIA-1")
        .await
        .unwrap();
    assert_eq!(info2, info);
    assert_eq!(file2, file);

    // Wrong token is refused by the media host: permanent 401.
    let err = client
        .download_media(&AccessToken::new("wrong"), &info.url)
        .await
        .unwrap_err();
    assert_eq!(err.http_status(), Some(401));
    assert_eq!(err.class(), ErrorClass::Permanent);
    let gone = format!("{}/download/gone.jpg", mock.base);
    assert_eq!(
        client
            .download_media(&token(), &gone)
            .await
            .unwrap_err()
            .http_status(),
        Some(404)
    );

    assert!(
        client
            .delete_media(&token(), "MEDIA-1")
            .await
            .unwrap()
            .success
    );
    assert_eq!(mock.last().method, "DELETE");
}

#[tokio::test]
async fn template_listing_follows_next_links_until_done() {
    let mock = Mock::start();
    let query = TemplateQuery {
        status: Some("APPROVED".into()),
        limit: Some(1),
        ..TemplateQuery::default()
    };
    let all = mock
        .client()
        .list_templates(&token(), "WABA", &query)
        .await
        .unwrap();
    let names: Vec<_> = all.iter().map(|t| t.name.as_str()).collect();
    assert_eq!(names, ["t1", "t2", "t3"]);
    let reqs = mock.requests();
    assert_eq!(reqs.len(), 3);
    assert!(
        reqs.iter()
            .all(|r| r.auth == bearer() && r.path == "/v23.0/WABA/message_templates")
    );
    assert!(reqs[0].query.contains("fields=") && reqs[0].query.contains("status=APPROVED"));
    assert!(reqs[0].query.contains("limit=1") && !reqs[0].query.contains("after="));
    assert_eq!(
        reqs[1].query, "limit=1&after=c1",
        "next link followed verbatim"
    );
    assert_eq!(reqs[2].query, "limit=1&after=c2");
}

#[tokio::test]
async fn foreign_next_link_is_not_followed_cursor_is_used_instead() {
    let mock = Mock::start();
    let all = mock
        .client()
        .list_templates(&token(), "FOREIGN", &TemplateQuery::default())
        .await
        .unwrap();
    assert_eq!(
        all.iter().map(|t| t.name.as_str()).collect::<Vec<_>>(),
        ["f1", "f2"]
    );
    let reqs = mock.requests();
    assert_eq!(reqs.len(), 2);
    assert!(reqs[1].query.ends_with("after=fc1"), "{}", reqs[1].query);
    assert!(reqs[1].query.contains("fields="), "original query kept");
}

#[tokio::test]
async fn phone_number_info_list_and_subscribe() {
    let mock = Mock::start();
    let client = mock.client();
    let info = client.phone_number_info(&token(), "PNID").await.unwrap();
    assert_eq!(
        info.display_phone_number.as_deref(),
        Some("+1 555-555-5555")
    );
    assert_eq!(info.verified_name.as_deref(), Some("Jaspers Market"));
    assert_eq!(info.quality_rating.as_deref(), Some("GREEN"));
    assert_eq!(info.throughput.unwrap().level.as_deref(), Some("STANDARD"));
    let req = mock.last();
    assert_eq!(
        (req.method.as_str(), req.path.as_str()),
        ("GET", "/v23.0/PNID")
    );
    assert!(req.query.contains("verified_name") && req.query.contains("quality_rating"));
    assert_eq!(req.auth, bearer());

    let numbers = client.list_phone_numbers(&token(), "WABA").await.unwrap();
    assert_eq!(numbers[0].status.as_deref(), Some("CONNECTED"));
    assert!(
        client
            .subscribe_app(&token(), "WABA")
            .await
            .unwrap()
            .success
    );
    assert_eq!(mock.last().path, "/v23.0/WABA/subscribed_apps");
}

async fn send_to(client: &GraphClient, pnid: &str) -> Error {
    let msg = OutgoingMessage::to("+16505551234", OutgoingContent::text("hi", false));
    client.send_message(&token(), pnid, &msg).await.unwrap_err()
}

#[tokio::test]
async fn api_errors_are_parsed_and_classified() {
    let mock = Mock::start();
    let client = mock.client();

    let e = send_to(&client, "fail500").await;
    assert!(matches!(&e, Error::Http { status: 500, body } if body == "upstream exploded"));
    assert_eq!(e.class(), ErrorClass::Retryable);
    assert!(e.is_retryable());

    let e = send_to(&client, "fail503json").await;
    assert_eq!((e.http_status(), e.code()), (Some(503), Some(2)));
    assert_eq!(e.class(), ErrorClass::Retryable);

    let e = send_to(&client, "fail131047").await;
    assert_eq!(e.code(), Some(131_047));
    assert_eq!(e.class(), ErrorClass::Permanent);
    let g = e.graph_error().unwrap();
    assert_eq!(g.kind.as_deref(), Some("OAuthException"));
    assert_eq!(g.details(), Some("details here"));
    assert_eq!(g.fbtrace_id.as_deref(), Some("TRACE123"));
    assert!(e.to_string().contains("131047") && e.to_string().contains("TRACE123"));

    let e = send_to(&client, "fail130429").await;
    assert_eq!((e.http_status(), e.code()), (Some(429), Some(130_429)));
    assert_eq!(e.class(), ErrorClass::Retryable);

    let e = send_to(&client, "fail190").await;
    assert_eq!(e.code(), Some(190));
    assert_eq!(e.class(), ErrorClass::Permanent);

    // 200 with an unreadable body: the send may have happened.
    let e = send_to(&client, "garbled").await;
    assert!(matches!(e, Error::Decode(_)));
    assert_eq!(e.class(), ErrorClass::UnknownOutcome);

    // Unknown path: Graph error 803 on a 404.
    let e = send_to(&client, "nope").await;
    assert_eq!((e.http_status(), e.code()), (Some(404), Some(803)));
    assert_eq!(e.class(), ErrorClass::Permanent);
}

#[tokio::test]
async fn timeout_after_send_is_unknown_outcome() {
    let mock = Mock::start();
    let e = send_to(&mock.client(), "slow").await;
    assert!(matches!(e, Error::Timeout { idempotent: false }), "{e:?}");
    assert_eq!(e.class(), ErrorClass::UnknownOutcome);
    assert!(!e.is_retryable());
    // The server did receive the request: re-sending could duplicate it.
    assert_eq!(mock.last().path, "/v23.0/slow/messages");
}

#[tokio::test]
async fn connection_refused_is_retryable() {
    let port = {
        let l = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
        l.local_addr().unwrap().port()
    };
    let client = GraphClient::with_config(GraphClientConfig {
        base_url: format!("http://127.0.0.1:{port}"),
        ..GraphClientConfig::default()
    })
    .unwrap();
    let msg = OutgoingMessage::to("+1", OutgoingContent::text("hi", false));
    let e = client
        .send_message(&token(), "PNID", &msg)
        .await
        .unwrap_err();
    assert!(matches!(e, Error::Connect(_)), "{e:?}");
    assert_eq!(e.class(), ErrorClass::Retryable);
}

#[tokio::test]
async fn connection_dropped_after_request_is_unknown_outcome() {
    use tokio::io::AsyncReadExt;
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let addr = listener.local_addr().unwrap();
    let server = tokio::spawn(async move {
        let (mut sock, _) = listener.accept().await.unwrap();
        let mut buf = vec![0u8; 64 * 1024];
        let mut seen = Vec::new();
        // Read the whole request head and body, then hang up without answering.
        while !String::from_utf8_lossy(&seen).contains("\"hi\"") {
            let n = sock.read(&mut buf).await.unwrap();
            if n == 0 {
                break;
            }
            seen.extend_from_slice(&buf[..n]);
        }
        drop(sock);
        String::from_utf8_lossy(&seen).into_owned()
    });
    let client = GraphClient::with_config(GraphClientConfig {
        base_url: format!("http://{addr}"),
        ..GraphClientConfig::default()
    })
    .unwrap();
    let msg = OutgoingMessage::to("+1", OutgoingContent::text("hi", false));
    let e = client
        .send_message(&token(), "PNID", &msg)
        .await
        .unwrap_err();
    assert!(
        matches!(
            e,
            Error::Interrupted {
                idempotent: false,
                ..
            }
        ),
        "{e:?}"
    );
    assert_eq!(e.class(), ErrorClass::UnknownOutcome);
    let seen = server.await.unwrap();
    assert!(seen.starts_with("POST /v23.0/PNID/messages"));
    assert!(seen.to_ascii_lowercase().contains(&format!(
        "authorization: bearer {}",
        TOKEN.to_ascii_lowercase()
    )));
}

#[tokio::test]
async fn ids_cannot_escape_their_path_segment() {
    let mock = Mock::start();
    let _ = mock.client().media_info(&token(), "../PNID", None).await;
    assert_eq!(mock.last().path, "/v23.0/..%2FPNID");
    let err = mock
        .client()
        .media_info(&token(), "", None)
        .await
        .unwrap_err();
    assert!(matches!(err, Error::InvalidRequest(_)));
}

#[test]
fn tokens_are_never_printed() {
    let t = AccessToken::new(TOKEN);
    assert_eq!(format!("{t:?}"), "AccessToken(<redacted>)");
    let client = GraphClient::new().unwrap();
    assert!(!format!("{client:?}").contains(TOKEN));
    assert_eq!(client.config().base_url, "https://graph.facebook.com");
    assert_eq!(client.config().api_version, "v23.0");
    assert!(
        GraphClient::with_config(GraphClientConfig {
            base_url: "not a url".into(),
            ..GraphClientConfig::default()
        })
        .is_err()
    );
}

#[derive(Default)]
struct Calls(Mutex<Vec<whatsapp_cloud::CallRecord>>);

impl whatsapp_cloud::CallRecorder for Calls {
    fn record(&self, call: whatsapp_cloud::CallRecord) {
        self.0.lock().unwrap().push(call);
    }
}

#[tokio::test]
async fn every_call_is_recorded_without_the_token() {
    let mock = Mock::start();
    let calls = Arc::new(Calls::default());
    let client = GraphClient::with_config(GraphClientConfig {
        base_url: mock.base.clone(),
        request_timeout: Duration::from_millis(800),
        recorder: Some(calls.clone()),
        ..GraphClientConfig::default()
    })
    .unwrap();
    let msg = OutgoingMessage::to("+16505551234", OutgoingContent::text("hi there", false));
    client.send_message(&token(), "PNID", &msg).await.unwrap();
    client
        .mark_read(&token(), "PNID", "wamid.IN", false)
        .await
        .unwrap();
    client
        .upload_media(&token(), "PNID", vec![1, 2, 3, 4, 5], "image/jpeg", "a.jpg")
        .await
        .unwrap();
    let (_, media) = client
        .download_media_by_id(&token(), "MEDIA-1")
        .await
        .unwrap();
    assert_eq!(media.bytes.len(), 4);
    let templates = client
        .list_templates(&token(), "WABA", &TemplateQuery::default())
        .await
        .unwrap();
    assert_eq!(templates.len(), 3);
    client.phone_number_info(&token(), "PNID").await.unwrap();
    let err = client
        .send_message(&token(), "fail190", &msg)
        .await
        .unwrap_err();
    assert_eq!(err.code(), Some(190));
    client
        .send_message(&token(), "fail500", &msg)
        .await
        .unwrap_err();
    client
        .send_message(&token(), "slow", &msg)
        .await
        .unwrap_err();

    let calls = calls.0.lock().unwrap().clone();
    let summary: Vec<(&str, &str, Option<u16>)> = calls
        .iter()
        .map(|c| {
            (
                c.method.as_str(),
                c.path.split('?').next().unwrap(),
                c.status,
            )
        })
        .collect();
    assert_eq!(
        summary,
        [
            ("POST", "/v23.0/PNID/messages", Some(200)),
            ("POST", "/v23.0/PNID/messages", Some(200)),
            ("POST", "/v23.0/PNID/media", Some(200)),
            ("GET", "/v23.0/MEDIA-1", Some(200)),
            ("GET", "/download/file.jpg", Some(200)),
            ("GET", "/v23.0/WABA/message_templates", Some(200)),
            ("GET", "/v23.0/WABA/message_templates", Some(200)),
            ("GET", "/v23.0/WABA/message_templates", Some(200)),
            ("GET", "/v23.0/PNID", Some(200)),
            ("POST", "/v23.0/fail190/messages", Some(401)),
            ("POST", "/v23.0/fail500/messages", Some(500)),
            ("POST", "/v23.0/slow/messages", None),
        ]
    );
    // Bodies: JSON as sent and received; uploads and downloads described, not copied.
    assert!(
        calls[0]
            .request_body
            .as_deref()
            .unwrap()
            .contains("hi there")
    );
    assert!(
        calls[0]
            .response_body
            .as_deref()
            .unwrap()
            .contains("wamid.SENT1")
    );
    let upload = calls[2].request_body.as_deref().unwrap();
    assert!(
        upload.contains("a.jpg") && upload.contains("5 bytes"),
        "{upload}"
    );
    assert_eq!(
        calls[4].response_body.as_deref(),
        Some("4 bytes of image/jpeg")
    );
    assert!(calls[4].path.contains("mid=1"), "{}", calls[4].path);
    assert!(calls[6].path.contains("after=c1"), "{}", calls[6].path);
    // Errors: Meta's code and message; transport failures have no status.
    assert_eq!(calls[9].meta_error_code, Some(190));
    assert!(
        calls[9]
            .error
            .as_deref()
            .unwrap()
            .contains("Error validating access token")
    );
    assert_eq!(calls[10].meta_error_code, None);
    assert!(calls[10].error.is_some());
    assert!(
        calls[11].error.as_deref().unwrap().contains("timed out"),
        "{:?}",
        calls[11].error
    );
    for call in &calls {
        assert!(call.duration < Duration::from_secs(5));
        let all = format!("{call:?}");
        assert!(!all.contains(TOKEN), "token recorded: {all}");
    }
}

#[tokio::test]
async fn the_default_config_records_nothing_and_still_works() {
    let config = GraphClientConfig::default();
    assert!(config.recorder.is_none());
    assert!(!format!("{config:?}").contains("Calls"));
    let mock = Mock::start();
    mock.client()
        .phone_number_info(&token(), "PNID")
        .await
        .unwrap();
}
