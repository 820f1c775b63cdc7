//! JSON produced by the outgoing message builders and local validation.
#![allow(clippy::unwrap_used)]

use serde_json::{Value, json};
use whatsapp_cloud::send::*;
use whatsapp_cloud::webhook::{ContactName, ContactPhone, SharedContact};
use whatsapp_cloud::{Error, ErrorClass};

fn to_json(m: &OutgoingMessage) -> Value {
    serde_json::to_value(m).unwrap()
}

fn base(kind: &str, payload: Value) -> Value {
    let mut v = json!({
        "messaging_product": "whatsapp",
        "recipient_type": "individual",
        "to": "+16505551234",
        "type": kind,
    });
    v[kind] = payload;
    v
}

#[test]
fn text_with_preview_reply_context_and_callback_data() {
    let m = OutgoingMessage::to(
        "16505551234",
        OutgoingContent::text("see https://example.com", true),
    )
    .reply_to("wamid.IN")
    .with_callback_data("ticket-7");
    let mut want = base(
        "text",
        json!({"body": "see https://example.com", "preview_url": true}),
    );
    want["context"] = json!({"message_id": "wamid.IN"});
    want["biz_opaque_callback_data"] = json!("ticket-7");
    assert_eq!(to_json(&m), want);
    m.validate().unwrap();
    // Parsing the request back gives the same value (the simulator does this).
    let back: OutgoingMessage = serde_json::from_value(want).unwrap();
    assert_eq!(back, m);
}

#[test]
fn digits_only_wa_id_gets_plus_and_formatted_numbers_are_kept() {
    assert_eq!(normalize_phone("16505551234"), "+16505551234");
    assert_eq!(normalize_phone("+1 (650) 555-1234"), "+1 (650) 555-1234");
    let m = OutgoingMessage::to("16505551234", OutgoingContent::text("x", false));
    assert_eq!(m.to.as_deref(), Some("+16505551234"));
    assert_eq!(
        to_json(&m)["text"],
        json!({"body": "x"}),
        "preview_url omitted when false"
    );
}

#[test]
fn bsuid_recipient_uses_recipient_field() {
    let m = OutgoingMessage::to_user_id("US.1349", OutgoingContent::text("hi", false));
    let v = to_json(&m);
    assert_eq!(v["recipient"], json!("US.1349"));
    assert!(v.get("to").is_none());
    m.validate().unwrap();
}

#[test]
fn media_bodies() {
    let cases = [
        (
            OutgoingContent::image(MediaRef::id("111").with_caption("cap")),
            "image",
            json!({"id": "111", "caption": "cap"}),
        ),
        (
            OutgoingContent::video(MediaRef::link("https://x.test/v.mp4")),
            "video",
            json!({"link": "https://x.test/v.mp4"}),
        ),
        (
            OutgoingContent::audio(MediaRef::id("222")),
            "audio",
            json!({"id": "222"}),
        ),
        (
            OutgoingContent::voice(MediaRef::id("333")),
            "audio",
            json!({"id": "333", "voice": true}),
        ),
        (
            OutgoingContent::document(
                MediaRef::id("444")
                    .with_filename("r.pdf")
                    .with_caption("receipt"),
            ),
            "document",
            json!({"id": "444", "filename": "r.pdf", "caption": "receipt"}),
        ),
        (
            OutgoingContent::sticker(MediaRef::id("555")),
            "sticker",
            json!({"id": "555"}),
        ),
    ];
    for (content, kind, payload) in cases {
        let m = OutgoingMessage::to("+16505551234", content);
        assert_eq!(to_json(&m), base(kind, payload));
        m.validate().unwrap();
    }
}

#[test]
fn location_contacts_and_reactions() {
    let loc = OutgoingMessage::to(
        "+16505551234",
        OutgoingContent::location(
            37.75,
            -122.42,
            Some("Shop".into()),
            Some("1 Main St".into()),
        ),
    );
    assert_eq!(
        to_json(&loc),
        base(
            "location",
            json!({"latitude": 37.75, "longitude": -122.42, "name": "Shop", "address": "1 Main St"})
        )
    );
    let card = SharedContact {
        name: Some(ContactName {
            formatted_name: Some("Ann Lee".into()),
            first_name: Some("Ann".into()),
            ..ContactName::default()
        }),
        phones: vec![ContactPhone {
            phone: Some("+1 555 0100".into()),
            kind: Some("CELL".into()),
            ..ContactPhone::default()
        }],
        ..SharedContact::default()
    };
    let c = OutgoingMessage::to("+16505551234", OutgoingContent::contacts(vec![card]));
    assert_eq!(
        to_json(&c),
        base(
            "contacts",
            json!([{"name": {"formatted_name": "Ann Lee", "first_name": "Ann"}, "phones": [{"phone": "+1 555 0100", "type": "CELL"}]}])
        )
    );
    c.validate().unwrap();
    let r = OutgoingMessage::to("+16505551234", OutgoingContent::reaction("wamid.IN", "👍"));
    assert_eq!(
        to_json(&r),
        base("reaction", json!({"message_id": "wamid.IN", "emoji": "👍"}))
    );
    let un = OutgoingMessage::to("+16505551234", OutgoingContent::remove_reaction("wamid.IN"));
    assert_eq!(
        to_json(&un),
        base("reaction", json!({"message_id": "wamid.IN", "emoji": ""}))
    );
}

#[test]
fn interactive_bodies() {
    let buttons = InteractiveMessage::reply_buttons("Pick one", [("yes", "Yes"), ("no", "No")])
        .with_header_text("Question")
        .with_footer("Thanks");
    assert_eq!(
        serde_json::to_value(&buttons).unwrap(),
        json!({
            "type": "button",
            "header": {"type": "text", "text": "Question"},
            "body": {"text": "Pick one"},
            "footer": {"text": "Thanks"},
            "action": {"buttons": [
                {"type": "reply", "reply": {"id": "yes", "title": "Yes"}},
                {"type": "reply", "reply": {"id": "no", "title": "No"}}
            ]}
        })
    );
    let list = InteractiveMessage::list(
        "Choose shipping",
        "Options",
        vec![ListSection::new(
            Some("Speed".into()),
            vec![
                ListRow::new("fast", "Express").with_description("Next day"),
                ListRow::new("slow", "Standard"),
            ],
        )],
    );
    assert_eq!(
        serde_json::to_value(&list).unwrap(),
        json!({
            "type": "list",
            "body": {"text": "Choose shipping"},
            "action": {"button": "Options", "sections": [{"title": "Speed", "rows": [
                {"id": "fast", "title": "Express", "description": "Next day"},
                {"id": "slow", "title": "Standard"}
            ]}]}
        })
    );
    let cta =
        InteractiveMessage::cta_url("Tickets are out", "See Dates", "https://example.com/dates");
    assert_eq!(
        serde_json::to_value(&cta).unwrap(),
        json!({
            "type": "cta_url",
            "body": {"text": "Tickets are out"},
            "action": {"name": "cta_url", "parameters": {"display_text": "See Dates", "url": "https://example.com/dates"}}
        })
    );
    for i in [buttons, list, cta] {
        OutgoingMessage::to("+1", OutgoingContent::interactive(i))
            .validate()
            .unwrap();
    }
}

#[test]
fn template_with_components() {
    let t = TemplateMessage::new("order_confirmation", "en_US")
        .with_header(vec![TemplateParameter::Image {
            image: MediaRef::link("https://example.com/h.jpg"),
        }])
        .with_body(vec![
            TemplateParameter::text("Jessica"),
            TemplateParameter::currency("$100.99", "USD", 100_990),
            TemplateParameter::date_time("February 25, 1977"),
            TemplateParameter::named_text("order_id", "A-1"),
        ])
        .with_quick_reply(0, "ORDER_123_CANCEL")
        .with_url_button(1, "order/123");
    let m = OutgoingMessage::to("+16505551234", OutgoingContent::template(t));
    assert_eq!(
        to_json(&m)["template"],
        json!({
            "name": "order_confirmation",
            "language": {"code": "en_US"},
            "components": [
                {"type": "header", "parameters": [{"type": "image", "image": {"link": "https://example.com/h.jpg"}}]},
                {"type": "body", "parameters": [
                    {"type": "text", "text": "Jessica"},
                    {"type": "currency", "currency": {"fallback_value": "$100.99", "code": "USD", "amount_1000": 100990}},
                    {"type": "date_time", "date_time": {"fallback_value": "February 25, 1977"}},
                    {"type": "text", "text": "A-1", "parameter_name": "order_id"}
                ]},
                {"type": "button", "sub_type": "quick_reply", "index": "0", "parameters": [{"type": "payload", "payload": "ORDER_123_CANCEL"}]},
                {"type": "button", "sub_type": "url", "index": "1", "parameters": [{"type": "text", "text": "order/123"}]}
            ]
        })
    );
    m.validate().unwrap();
    let bare = OutgoingMessage::to(
        "+1",
        OutgoingContent::template(TemplateMessage::new("hello_world", "en_US")),
    );
    assert_eq!(
        to_json(&bare)["template"],
        json!({"name": "hello_world", "language": {"code": "en_US"}})
    );
}

#[test]
fn mark_read_with_typing_indicator() {
    assert_eq!(
        serde_json::to_value(MarkReadRequest::new("wamid.IN", true)).unwrap(),
        json!({"messaging_product": "whatsapp", "status": "read", "message_id": "wamid.IN", "typing_indicator": {"type": "text"}})
    );
    assert!(
        serde_json::to_value(MarkReadRequest::new("wamid.IN", false))
            .unwrap()
            .get("typing_indicator")
            .is_none()
    );
}

fn rejects(m: OutgoingMessage, needle: &str) {
    match m.validate() {
        Err(e @ Error::InvalidRequest(_)) => {
            assert!(
                e.to_string().contains(needle),
                "{e} should mention {needle}"
            );
            assert_eq!(e.class(), ErrorClass::Permanent);
        }
        other => panic!("expected InvalidRequest({needle}), got {other:?}"),
    }
}

#[test]
fn validation_enforces_documented_limits() {
    let to = |c| OutgoingMessage::to("+16505551234", c);
    rejects(to(OutgoingContent::text("", false)), "empty");
    rejects(to(OutgoingContent::text("x".repeat(4097), false)), "4096");
    rejects(
        OutgoingMessage::to("", OutgoingContent::text("x", false)),
        "recipient",
    );
    rejects(
        to(OutgoingContent::image(MediaRef::default())),
        "exactly one",
    );
    let both = MediaRef {
        id: Some("1".into()),
        link: Some("https://x.test/a".into()),
        ..MediaRef::default()
    };
    rejects(to(OutgoingContent::image(both)), "exactly one");
    rejects(
        to(OutgoingContent::image(MediaRef::link("ftp://x.test/a"))),
        "http",
    );
    rejects(
        to(OutgoingContent::image(
            MediaRef::id("1").with_caption("c".repeat(1025)),
        )),
        "1024",
    );
    rejects(
        to(OutgoingContent::audio(MediaRef::id("1").with_caption("no"))),
        "caption",
    );
    rejects(
        to(OutgoingContent::sticker(
            MediaRef::id("1").with_caption("no"),
        )),
        "caption",
    );
    rejects(
        to(OutgoingContent::location(91.0, 0.0, None, None)),
        "range",
    );
    rejects(to(OutgoingContent::contacts(vec![])), "1 to 5");
    rejects(to(OutgoingContent::reaction("", "👍")), "message_id");
    let four =
        InteractiveMessage::reply_buttons("b", [("1", "a"), ("2", "b"), ("3", "c"), ("4", "d")]);
    rejects(to(OutgoingContent::interactive(four)), "1 to 3");
    let long = InteractiveMessage::reply_buttons("b", [("1", "x".repeat(21))]);
    rejects(to(OutgoingContent::interactive(long)), "20");
    let dup = InteractiveMessage::reply_buttons("b", [("1", "Same"), ("2", "Same")]);
    rejects(to(OutgoingContent::interactive(dup)), "unique");
    let rows = (0..11)
        .map(|i| ListRow::new(format!("r{i}"), "row"))
        .collect();
    let list = InteractiveMessage::list("b", "Open", vec![ListSection::new(None, rows)]);
    rejects(to(OutgoingContent::interactive(list)), "10 rows");
    let untitled = InteractiveMessage::list(
        "b",
        "Open",
        vec![
            ListSection::new(None, vec![ListRow::new("a", "A")]),
            ListSection::new(None, vec![ListRow::new("b", "B")]),
        ],
    );
    rejects(to(OutgoingContent::interactive(untitled)), "section title");
    let cta = InteractiveMessage::cta_url("b", "x".repeat(21), "https://x.test");
    rejects(to(OutgoingContent::interactive(cta)), "display_text");
    let footer =
        InteractiveMessage::cta_url("b", "Go", "https://x.test").with_footer("f".repeat(61));
    rejects(to(OutgoingContent::interactive(footer)), "footer");
    rejects(
        to(OutgoingContent::template(TemplateMessage::new("", "en"))),
        "template name",
    );
    rejects(
        to(OutgoingContent::text("x", false)).with_callback_data("d".repeat(513)),
        "512",
    );
}
