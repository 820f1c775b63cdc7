//! Behaviour of the webhook model beyond the published fixtures: batches,
//! unknown data, lenient timestamps and typed failures.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use serde_json::{Value, json};
use whatsapp_cloud::webhook::{self, *};
use whatsapp_cloud::{Error, SignatureError, sign};

fn envelope(value: Value, field: &str) -> Value {
    json!({
        "object": "whatsapp_business_account",
        "entry": [{"id": "WABA1", "changes": [{"field": field, "value": value}]}]
    })
}

fn messages_value(messages: Value) -> Value {
    json!({
        "messaging_product": "whatsapp",
        "metadata": {"display_phone_number": "15550001111", "phone_number_id": "PNID1"},
        "contacts": [{"profile": {"name": "Ann"}, "wa_id": "111"}],
        "messages": messages
    })
}

fn parse_value(v: &Value) -> Result<WebhookEnvelope, Error> {
    webhook::parse(&serde_json::to_vec(v).unwrap())
}

fn round_trips(v: &Value) -> WebhookEnvelope {
    let env = parse_value(v).unwrap();
    assert_eq!(
        serde_json::to_value(&env).unwrap(),
        *v,
        "serialised form differs"
    );
    let again: WebhookEnvelope =
        serde_json::from_value(serde_json::to_value(&env).unwrap()).unwrap();
    assert_eq!(again, env);
    env
}

#[test]
fn batch_with_several_entries_changes_and_messages_is_iterated_fully() {
    let msgs = json!([
        {"from": "111", "id": "wamid.A", "timestamp": "1700000000", "type": "text", "text": {"body": "one"}},
        {"from": "222", "id": "wamid.B", "timestamp": 1700000001, "type": "text", "text": {"body": "two"}}
    ]);
    let body = json!({
        "object": "whatsapp_business_account",
        "entry": [
            {"id": "WABA1", "changes": [
                {"field": "messages", "value": messages_value(msgs)},
                {"field": "account_update", "value": {"event": "PARTNER_ADDED"}}
            ]},
            {"id": "WABA2", "time": 1700000002, "changes": [
                {"field": "messages", "value": {
                    "messaging_product": "whatsapp",
                    "metadata": {"display_phone_number": "15550002222", "phone_number_id": "PNID2"},
                    "statuses": [
                        {"id": "wamid.X", "status": "read", "timestamp": "1700000005", "recipient_id": "333"},
                        {"id": "wamid.X", "status": "delivered", "timestamp": "1700000004", "recipient_id": "333"}
                    ]
                }}
            ]}
        ]
    });
    let env = round_trips(&body);
    assert_eq!(env.changes().count(), 3);
    let values: Vec<_> = env.messages_values().collect();
    assert_eq!(values.len(), 2);
    assert_eq!(values[0].0.id, "WABA1");
    assert_eq!(values[0].1.phone_number_id(), "PNID1");
    let ids: Vec<_> = values[0].1.messages.iter().map(|m| m.id.as_str()).collect();
    assert_eq!(ids, ["wamid.A", "wamid.B"]);
    // Numeric and string timestamps are both accepted.
    assert_eq!(values[0].1.messages[1].timestamp.secs(), 1_700_000_001);
    // Contacts are matched by wa_id, not by position.
    let v = values[0].1;
    assert_eq!(
        v.contact_for(&v.messages[0]).and_then(|c| c.name()),
        Some("Ann")
    );
    assert!(v.contact_for(&v.messages[1]).is_none());
    assert_eq!(values[1].1.phone_number_id(), "PNID2");
    assert_eq!(values[1].0.time.unwrap().secs(), 1_700_000_002);
    // Out-of-order statuses: ordering by rank keeps `read`.
    let st = &values[1].1.statuses;
    assert!(!st[1].status.advances(&st[0].status));
}

#[test]
fn request_welcome_has_no_payload_and_round_trips() {
    let body = envelope(
        messages_value(
            json!([{"from": "111", "id": "wamid.W", "timestamp": "1700000000", "type": "request_welcome"}]),
        ),
        "messages",
    );
    let env = round_trips(&body);
    let m = &env.messages_values().next().unwrap().1.messages[0];
    assert_eq!(m.content, MessageContent::RequestWelcome);
    assert_eq!(m.kind(), "request_welcome");
}

#[test]
fn unknown_message_type_is_kept_raw() {
    let body = envelope(
        messages_value(json!([{
            "from": "111", "id": "wamid.P", "timestamp": "1700000000",
            "type": "poll", "poll": {"question": "Lunch?", "options": ["yes", "no"]},
            "brand_new_flag": true
        }])),
        "messages",
    );
    let env = round_trips(&body);
    let m = &env.messages_values().next().unwrap().1.messages[0];
    match &m.content {
        MessageContent::Unknown { kind, payload } => {
            assert_eq!(kind, "poll");
            assert_eq!(payload.as_ref().unwrap()["question"], json!("Lunch?"));
        }
        other => panic!("expected Unknown, got {other:?}"),
    }
    assert_eq!(m.extra["brand_new_flag"], json!(true));
}

#[test]
fn legacy_unknown_type_and_unknown_interactive_kind_are_kept() {
    let body = envelope(
        messages_value(json!([
            {"from": "111", "id": "wamid.U", "timestamp": "1700000000", "type": "unknown",
             "errors": [{"code": 131051, "title": "Message type unknown"}]},
            {"from": "111", "id": "wamid.I", "timestamp": "1700000000", "type": "interactive",
             "interactive": {"type": "product_reply", "product_reply": {"sku": "A1"}, "extra_key": 1}}
        ])),
        "messages",
    );
    let env = round_trips(&body);
    let msgs = &env.messages_values().next().unwrap().1.messages;
    assert_eq!(msgs[0].kind(), "unknown");
    assert_eq!(msgs[0].errors[0].code, 131_051);
    match &msgs[1].content {
        MessageContent::Interactive(i) => {
            assert_eq!(i.reply.kind(), "product_reply");
            assert_eq!(i.extra["extra_key"], json!(1));
            assert_eq!(i.reply.selection_id(), None);
        }
        other => panic!("expected Interactive, got {other:?}"),
    }
}

#[test]
fn unknown_keys_are_kept_at_every_level() {
    let body = json!({
        "object": "whatsapp_business_account",
        "k0": 0,
        "entry": [{"id": "WABA1", "k1": [1], "changes": [{
            "field": "messages", "k2": "two",
            "value": {
                "messaging_product": "whatsapp",
                "metadata": {"display_phone_number": "1", "phone_number_id": "P", "k3": null},
                "k4": {"nested": true},
                "messages": [{"from": "111", "id": "wamid.K", "timestamp": "1700000000",
                              "type": "text", "text": {"body": "hi", "k5": 5},
                              "context": {"forwarded": true, "k6": "six"}}],
                "statuses": [{"id": "wamid.S", "status": "deleted", "timestamp": "1700000000",
                              "k7": 7, "pricing": {"category": "service", "k8": 8}}]
            }
        }]}]
    });
    let env = parse_value(&body).unwrap();
    assert_eq!(env.extra["k0"], json!(0));
    assert_eq!(env.entry[0].extra["k1"], json!([1]));
    let ch = &env.entry[0].changes[0];
    assert_eq!(ch.extra["k2"], json!("two"));
    let v = ch.value.as_messages().unwrap();
    assert_eq!(v.metadata.extra["k3"], Value::Null);
    assert_eq!(v.extra["k4"], json!({"nested": true}));
    let m = &v.messages[0];
    match &m.content {
        MessageContent::Text(t) => assert_eq!(t.extra["k5"], json!(5)),
        other => panic!("{other:?}"),
    }
    assert_eq!(m.context.as_ref().unwrap().extra["k6"], json!("six"));
    let s = &v.statuses[0];
    assert_eq!(s.status, StatusKind::Other("deleted".into()));
    assert_eq!(s.status.rank(), 0);
    assert_eq!(s.extra["k7"], json!(7));
    assert_eq!(s.pricing.as_ref().unwrap().extra["k8"], json!(8));
    // Serialising keeps every unknown key, including the explicit null.
    assert_eq!(serde_json::to_value(&env).unwrap(), body);
}

#[test]
fn unknown_field_is_kept_raw() {
    let raw = json!({"anything": [1, {"x": "y"}], "n": 1.5});
    let env = round_trips(&envelope(raw.clone(), "flows"));
    let ch = &env.entry[0].changes[0];
    assert_eq!(ch.field, "flows");
    assert_eq!(ch.value, ChangeValue::Other(raw));
}

#[test]
fn field_key_order_does_not_matter() {
    let a: WebhookEnvelope = serde_json::from_str(
        r#"{"object":"whatsapp_business_account","entry":[{"id":"1","changes":[{"value":{"event":"ACCOUNT_DELETED"},"field":"account_update"}]}]}"#,
    )
    .unwrap();
    let b: WebhookEnvelope = serde_json::from_str(
        r#"{"object":"whatsapp_business_account","entry":[{"id":"1","changes":[{"field":"account_update","value":{"event":"ACCOUNT_DELETED"}}]}]}"#,
    )
    .unwrap();
    assert_eq!(a, b);
    assert!(matches!(
        a.entry[0].changes[0].value,
        ChangeValue::AccountUpdate(_)
    ));
}

#[test]
fn business_username_update_and_account_alerts_are_typed() {
    let env = round_trips(&envelope(
        json!({"display_phone_number": "1555", "username": "shop", "status": "approved"}),
        "business_username_update",
    ));
    match &env.entry[0].changes[0].value {
        ChangeValue::BusinessUsernameUpdate(u) => assert_eq!(u.username.as_deref(), Some("shop")),
        other => panic!("{other:?}"),
    }
    let env = round_trips(&envelope(
        json!({"entity_type": "WABA", "entity_id": 123, "alert_info": {"alert_severity": "CRITICAL", "alert_type": "OBA_APPROVED"}}),
        "account_alerts",
    ));
    match &env.entry[0].changes[0].value {
        ChangeValue::AccountAlerts(a) => {
            assert_eq!(a.entity_id.as_ref().unwrap().as_str(), "123");
            assert_eq!(
                a.alert_info.as_ref().unwrap().alert_severity.as_deref(),
                Some("CRITICAL")
            );
        }
        other => panic!("{other:?}"),
    }
}

#[test]
fn wrong_types_yield_typed_parse_errors() {
    let bad_cases = [
        // text.body must be a string
        messages_value(
            json!([{"from": "1", "id": "w", "timestamp": "1", "type": "text", "text": {"body": 5}}]),
        ),
        // message id is required
        messages_value(
            json!([{"from": "1", "timestamp": "1", "type": "text", "text": {"body": "x"}}]),
        ),
        // timestamp must be an integer
        messages_value(
            json!([{"from": "1", "id": "w", "timestamp": "soon", "type": "text", "text": {"body": "x"}}]),
        ),
        // messages must be an array
        messages_value(json!({"not": "an array"})),
        // metadata is required on `messages`
        json!({"messages": []}),
    ];
    for v in bad_cases {
        let err = parse_value(&envelope(v.clone(), "messages")).unwrap_err();
        assert!(matches!(err, Error::Parse(_)), "{v}: {err:?}");
        assert_eq!(err.class(), whatsapp_cloud::ErrorClass::Permanent);
    }
    for raw in [
        &b"not json"[..],
        b"[]",
        b"",
        b"{\"entry\": 5}",
        b"{\"entry\":[{\"changes\":[]}]}",
    ] {
        assert!(matches!(webhook::parse(raw), Err(Error::Parse(_))));
    }
}

#[test]
fn parse_verified_checks_signature_before_parsing() {
    let secret = b"app-secret";
    let body = serde_json::to_vec(&envelope(
        json!({"event": "ACCOUNT_DELETED"}),
        "account_update",
    ))
    .unwrap();
    let header = sign(secret, &body);
    let env = webhook::parse_verified(secret, &body, Some(&header)).unwrap();
    assert_eq!(env.entry.len(), 1);
    let err = webhook::parse_verified(b"other-secret", &body, Some(&header)).unwrap_err();
    assert!(matches!(err, Error::Signature(SignatureError::Mismatch)));
    let err =
        webhook::parse_verified(secret, b"garbage", Some(&sign(secret, b"garbage"))).unwrap_err();
    assert!(matches!(err, Error::Parse(_)));
}
