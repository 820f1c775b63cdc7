//! Conformance: every published fixture parses into the expected typed
//! value, serialises back without losing anything, and round-trips.
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod support;

use serde_json::{Value, json};
use support::{Parsed, parse, without_nulls};
use whatsapp_cloud::webhook::*;
use whatsapp_cloud::{Error, ErrorClass, GraphErrorBody, Timestamp};

/// Number of JSON fixtures; update together with the match in `check`.
const FIXTURE_COUNT: usize = 120;

macro_rules! variant {
    ($e:expr, $p:pat => $out:expr) => {
        match $e {
            $p => $out,
            other => panic!("unexpected variant: {other:?}"),
        }
    };
}

fn only_change(e: &WebhookEnvelope) -> &Change {
    assert_eq!(e.object, "whatsapp_business_account");
    assert!(e.is_whatsapp());
    assert_eq!(e.entry.len(), 1, "one entry");
    assert_eq!(e.entry[0].changes.len(), 1, "one change");
    &e.entry[0].changes[0]
}

fn field<'a>(e: &'a WebhookEnvelope, name: &str) -> &'a ChangeValue {
    let c = only_change(e);
    assert_eq!(c.field, name);
    &c.value
}

fn mv(e: &WebhookEnvelope) -> &MessagesValue {
    variant!(field(e, "messages"), ChangeValue::Messages(v) => v)
}

fn msg(e: &WebhookEnvelope) -> &Message {
    let v = mv(e);
    assert_eq!(v.messages.len(), 1, "one message");
    assert!(v.statuses.is_empty());
    assert_eq!(v.messaging_product.as_deref(), Some("whatsapp"));
    &v.messages[0]
}

fn status(e: &WebhookEnvelope) -> &Status {
    let v = mv(e);
    assert_eq!(v.statuses.len(), 1, "one status");
    assert!(v.messages.is_empty());
    &v.statuses[0]
}

fn text(m: &Message) -> &str {
    variant!(&m.content, MessageContent::Text(t) => t.body.as_str())
}

fn media(m: &Message, kind: &str) -> Media {
    assert_eq!(m.kind(), kind);
    m.content.media().expect("media").clone()
}

fn interactive(m: &Message) -> &InteractiveReply {
    variant!(&m.content, MessageContent::Interactive(i) => &i.reply)
}

fn system(m: &Message) -> &System {
    variant!(&m.content, MessageContent::System(s) => s)
}

fn account(e: &WebhookEnvelope) -> &AccountUpdate {
    variant!(field(e, "account_update"), ChangeValue::AccountUpdate(u) => u)
}

fn calls(e: &WebhookEnvelope) -> &CallsValue {
    variant!(field(e, "calls"), ChangeValue::Calls(c) => c)
}

fn echo(e: &WebhookEnvelope) -> &MessageEcho {
    let v = variant!(field(e, "smb_message_echoes"), ChangeValue::MessageEchoes(v) => v);
    assert_eq!(v.message_echoes.len(), 1);
    &v.message_echoes[0]
}

fn graph_error(p: &Parsed) -> &GraphErrorBody {
    variant!(p, Parsed::GraphError(b) => b)
}

fn api_class(p: &Parsed, http: u16) -> ErrorClass {
    Error::Api {
        status: http,
        error: Box::new(graph_error(p).error.clone()),
    }
    .class()
}

fn ts(secs: i64) -> Timestamp {
    Timestamp::from_secs(secs)
}

/// Per-file expectations. Returns `false` for an unknown file name.
fn check(name: &str, p: &Parsed) -> bool {
    let env = || variant!(p, Parsed::Webhook(e) => e);
    match name.trim_end_matches(".json") {
        // ---- authored: business-scoped user ids and batches ----
        "authored__bsuid_contacts_shared_vcard" => {
            let e = env();
            let m = msg(e);
            assert_eq!(m.from, None);
            assert_eq!(m.from_user_id.as_deref(), Some("LV.50718263940511223344"));
            assert_eq!(m.sender(), Some("LV.50718263940511223344"));
            let cards = variant!(&m.content, MessageContent::Contacts(c) => c);
            assert_eq!(cards.len(), 1);
            assert!(
                cards[0]
                    .vcard
                    .as_deref()
                    .unwrap()
                    .starts_with("BEGIN:VCARD")
            );
            assert_eq!(cards[0].origin.as_deref(), Some("other"));
            assert_eq!(cards[0].phones[0].wa_id.as_deref(), Some("37126000001"));
            let c = mv(e).contact_for(m).unwrap();
            assert_eq!(c.wa_id, None);
            assert_eq!(
                c.profile.as_ref().unwrap().username.as_deref(),
                Some("marta.k")
            );
        }
        "authored__bsuid_edit_image" => {
            let m = msg(env());
            assert_eq!(
                m.from_parent_user_id.as_deref(),
                Some("LV.ENT.66120384756102938475")
            );
            let ed = variant!(&m.content, MessageContent::Edit(ed) => ed);
            assert_eq!(ed.original_message_id, "wamid.AUTHORED969648011763");
            let img = variant!(&ed.message.content, MessageContent::Image(i) => i);
            assert_eq!(img.caption.as_deref(), Some("Labots attēla paraksts"));
            let ctx = ed.message.context.as_ref().unwrap();
            assert_eq!(ctx.id.as_deref(), Some("M0"));
            assert_eq!(
                ctx.quoted_message_id(),
                None,
                "placeholder ids are not wamids"
            );
        }
        "authored__bsuid_incoming_text" => {
            let e = env();
            let m = msg(e);
            assert_eq!(text(m), "Vai ir cita krāsa?");
            assert_eq!(m.from.as_deref(), Some("37126000001"));
            assert!(
                m.group_id
                    .as_deref()
                    .unwrap()
                    .starts_with("Y2FwaV9ncm91cDox")
            );
            let c = mv(e).contact_for(m).unwrap();
            assert_eq!(
                c.parent_user_id.as_deref(),
                Some("LV.ENT.66120384756102938475")
            );
            assert_eq!(mv(e).phone_number_id(), "411400500600702");
        }
        "authored__bsuid_status_delivered_bsuid_only" => {
            let e = env();
            let s = status(e);
            assert_eq!(s.status, StatusKind::Delivered);
            assert_eq!(s.recipient_id, None);
            assert_eq!(
                s.recipient_user_id.as_deref(),
                Some("LV.50718263940511223344")
            );
            assert_eq!(s.recipient(), Some("LV.50718263940511223344"));
            let pr = s.pricing.as_ref().unwrap();
            assert_eq!(
                (pr.kind.as_deref(), pr.category.as_deref()),
                (Some("regular"), Some("marketing"))
            );
            assert_eq!(mv(e).contacts[0].wa_id, None);
        }
        "authored__bsuid_system_user_changed_user_id" => {
            let e = env();
            let s = system(msg(e));
            assert_eq!(s.kind(), SystemKind::UserChangedUserId);
            assert_eq!(s.user_id.as_deref(), Some("LV.77120938475610293847"));
            assert_eq!(
                s.parent_user_id.as_deref(),
                Some("LV.ENT.88120938475610293848")
            );
            assert!(mv(e).contacts.is_empty());
        }
        "authored__bsuid_user_id_update" => {
            let v = variant!(field(env(), "user_id_update"), ChangeValue::UserIdUpdate(v) => v);
            let u = &v.user_id_update[0];
            let ids = u.user_id.as_ref().unwrap();
            assert_eq!(ids.previous.as_deref(), Some("LV.50718263940511223344"));
            assert_eq!(ids.current.as_deref(), Some("LV.77120938475610293847"));
            assert_eq!(
                u.parent_user_id.as_ref().unwrap().current.as_deref(),
                Some("LV.ENT.88120938475610293848")
            );
            assert_eq!(u.timestamp, Some(ts(1_764_061_200)));
        }
        "authored__messages_group_statuses_aggregated" => {
            let v = mv(env());
            assert_eq!(v.statuses.len(), 3);
            let s = &v.statuses;
            assert_eq!(s[0].status, StatusKind::Read);
            assert_eq!(s[0].recipient_type.as_deref(), Some("group"));
            assert_eq!(
                s[0].recipient_participant_id.as_deref(),
                Some("37126000001")
            );
            assert!(
                s[0].conversation
                    .as_ref()
                    .unwrap()
                    .extra
                    .contains_key("pricing")
            );
            assert_eq!(
                s[1].recipient_participant_user_id.as_deref(),
                Some("US.13491208655302741919")
            );
            assert_eq!(s[2].status, StatusKind::Delivered);
            assert_eq!(s[2].extra["participant_recipient_id"], json!("16505551236"));
            assert_eq!(s[2].pricing.as_ref().unwrap().billable, Some(false));
            // Out-of-order batch: the late `delivered` must not regress `read`.
            assert!(!s[2].status.advances(&s[0].status));
        }
        "authored__messages_interactive_nfm_reply_address" => {
            let r = variant!(interactive(msg(env())), InteractiveReply::NfmReply(r) => r);
            assert_eq!(r.name.as_deref(), Some("address_message"));
            let resp = r.response().unwrap().unwrap();
            assert_eq!(resp["values"]["city"], json!("Mumbai"));
            assert_eq!(r.flow_token(), None);
        }
        "authored__messages_status_failed_131049" => {
            let e = env();
            let s = status(e);
            assert_eq!(s.status, StatusKind::Failed);
            assert!(s.status.is_terminal());
            assert_eq!(s.errors[0].code, 131_049);
            assert!(s.errors[0].details().unwrap().contains("healthy ecosystem"));
            assert!(mv(e).contacts.is_empty());
        }
        // ---- Meta documentation examples ----
        "meta-docs__bsuid_incoming_username_no_phone" => {
            let e = env();
            let m = msg(e);
            assert_eq!(m.from, None);
            assert_eq!(m.from_user_id.as_deref(), Some("US.13491208655302741918"));
            assert_eq!(text(m), "Does it come in another color?");
            assert_eq!(m.timestamp, ts(1_749_416_383));
            let c = mv(e).contact_for(m).unwrap();
            assert_eq!(c.wa_id, None);
            assert_eq!(
                c.profile.as_ref().unwrap().username.as_deref(),
                Some("@realsheenanelson")
            );
        }
        "meta-docs__bsuid_status_delivered_username_with_phone" => {
            let e = env();
            let s = status(e);
            assert_eq!(s.status, StatusKind::Delivered);
            assert_eq!(s.recipient_id.as_deref(), Some("16505551234"));
            assert_eq!(
                s.recipient_user_id.as_deref(),
                Some("US.13491208655302741918")
            );
            assert_eq!(
                s.recipient_parent_user_id.as_deref(),
                Some("US.ENT.11815799212886844830")
            );
            assert_eq!(
                mv(e).contacts[0]
                    .profile
                    .as_ref()
                    .unwrap()
                    .username
                    .as_deref(),
                Some("@pablomorales")
            );
        }
        "meta-docs__document_with_url" => {
            let d = media(msg(env()), "document");
            assert_eq!(d.filename.as_deref(), Some("receipt.pdf"));
            assert_eq!(d.caption.as_deref(), Some("my receipt"));
            assert_eq!(d.mime_type.as_deref(), Some("application/pdf"));
            assert_eq!(d.id.as_deref(), Some("622684793477189"));
            assert!(d.url.unwrap().starts_with("https://lookaside.fbsbx.com/"));
        }
        "meta-docs__errors_value_level_130429" => {
            let v = mv(env());
            assert!(v.messages.is_empty() && v.statuses.is_empty());
            assert_eq!(v.errors[0].code, 130_429);
            assert_eq!(v.errors[0].title.as_deref(), Some("Rate limit hit"));
            assert_eq!(
                whatsapp_cloud::classify_code(130_429),
                Some(ErrorClass::Retryable)
            );
        }
        "meta-docs__phone_number_name_update_approved" => {
            let e = env();
            assert_eq!(e.entry[0].time, Some(ts(1_739_321_024)));
            let u = variant!(field(e, "phone_number_name_update"), ChangeValue::PhoneNumberNameUpdate(u) => u);
            assert_eq!(u.decision.as_deref(), Some("APPROVED"));
            assert_eq!(u.requested_verified_name.as_deref(), Some("Lucky Shrub"));
            assert_eq!(u.rejection_reason, None);
        }
        "meta-docs__phone_number_quality_update_throughput_upgrade" => {
            let e = env();
            assert_eq!(e.entry[0].time, Some(ts(1_748_454_394)));
            let u = variant!(field(e, "phone_number_quality_update"), ChangeValue::PhoneNumberQualityUpdate(u) => u);
            assert_eq!(u.event.as_deref(), Some("THROUGHPUT_UPGRADE"));
            assert_eq!(u.current_limit.as_deref(), Some("TIER_UNLIMITED"));
            assert_eq!(u.display_phone_number.as_deref(), Some("15550783881"));
        }
        "meta-docs__status_sent_marketing_pmp" => {
            let s = status(env());
            assert_eq!(s.status, StatusKind::Sent);
            let c = s.conversation.as_ref().unwrap();
            assert_eq!(c.id.as_deref(), Some("72b14d6bd5407799e66f64d1b338e567"));
            assert_eq!(c.expiration_timestamp, Some(ts(1_750_116_480)));
            assert_eq!(
                c.origin.as_ref().unwrap().kind.as_deref(),
                Some("marketing")
            );
            let pr = s.pricing.as_ref().unwrap();
            assert_eq!(pr.pricing_model.as_deref(), Some("PMP"));
            assert_eq!(pr.billable, Some(true));
        }
        "meta-docs__status_v24_minimal" => {
            let s = status(env());
            assert_eq!(s.status, StatusKind::Sent);
            assert!(s.conversation.is_none() && s.pricing.is_none());
            assert_eq!(s.recipient_id.as_deref(), Some("16505551234"));
            assert_eq!(s.timestamp.secs(), 1_750_030_073);
        }
        "meta-docs__unsupported_edit" => {
            let m = msg(env());
            let u = variant!(&m.content, MessageContent::Unsupported(u) => u);
            assert_eq!(u.kind.as_deref(), Some("edit"));
            assert_eq!(m.errors[0].code, 131_051);
            assert_eq!(
                m.errors[0].details(),
                Some("Message type is currently not supported.")
            );
        }
        // ---- Graph API responses (OpenAPI examples) ----
        "openapi__api_error_app_rate_limit_4" => {
            let b = graph_error(p);
            assert_eq!((b.error.code, b.error.error_subcode), (4, Some(2_446_079)));
            assert_eq!(b.error.is_transient, Some(true));
            assert_eq!(api_class(p, 429), ErrorClass::Retryable);
        }
        "openapi__api_error_business_rate_limit_80007" => {
            let b = graph_error(p);
            assert_eq!(b.error.code, 80_007);
            assert_eq!(b.error.kind.as_deref(), Some("OAuthException"));
            assert_eq!(api_class(p, 429), ErrorClass::Retryable);
        }
        "openapi__api_error_expired_token_190" => {
            let b = graph_error(p);
            assert_eq!((b.error.code, b.error.error_subcode), (190, Some(463)));
            assert_eq!(
                b.error.message,
                "Error validating access token: Session has expired"
            );
            assert_eq!(api_class(p, 401), ErrorClass::Permanent);
        }
        "openapi__api_error_invalid_token_190" => {
            let b = graph_error(p);
            assert_eq!(b.error.message, "Invalid OAuth access token");
            assert_eq!(
                b.error.fbtrace_id.as_deref(),
                Some("AXsgnV2Cm3ZMGF3dF_cfYIn")
            );
            assert_eq!(api_class(p, 401), ErrorClass::Permanent);
        }
        "openapi__api_mark_read_typing_response" => {
            assert!(variant!(p, Parsed::Success(s) => s.success));
        }
        "openapi__api_media_upload_response" => {
            assert_eq!(
                variant!(p, Parsed::Upload(u) => u.id.as_str()),
                "4490709327384033"
            );
        }
        "openapi__api_media_url_response" => {
            let m = variant!(p, Parsed::MediaInfo(m) => m);
            assert_eq!(m.file_size.unwrap().get(), 303_833);
            assert!(m.file_size.unwrap().is_textual());
            assert_eq!(m.mime_type.as_deref(), Some("image/jpeg"));
            assert_eq!(m.id.as_deref(), Some("2621233374848975"));
            assert_eq!(m.url, "<URL>");
        }
        "openapi__api_message_templates_list" => {
            let l = variant!(p, Parsed::Templates(l) => l);
            assert_eq!(l.data.len(), 2);
            let hello = &l.data[0];
            assert_eq!(hello.name, "hello_world");
            assert!(hello.is_approved());
            assert_eq!(hello.previous_category.as_deref(), Some("ACCOUNT_UPDATE"));
            assert_eq!(
                hello.component("header").unwrap().format.as_deref(),
                Some("TEXT")
            );
            let promo = &l.data[1];
            assert_eq!(
                promo.component("BODY").unwrap().placeholders(),
                vec!["1", "2"]
            );
            let buttons = &promo.component("BUTTONS").unwrap().buttons;
            assert_eq!(buttons[0].kind, "QUICK_REPLY");
            assert_eq!(buttons[0].text.as_deref(), Some("Stop promotions"));
            let paging = l.paging.as_ref().unwrap();
            assert_eq!(
                paging.cursors.as_ref().unwrap().after.as_deref(),
                Some("MjQZD")
            );
            assert_eq!(paging.next, None);
        }
        "openapi__api_phone_number_comprehensive" => {
            let ph = variant!(p, Parsed::Phone(ph) => ph);
            assert_eq!(ph.name_status.as_deref(), Some("APPROVED"));
            assert_eq!(ph.code_verification_status.as_deref(), Some("VERIFIED"));
            assert_eq!(ph.quality_rating.as_deref(), Some("GREEN"));
        }
        "openapi__api_phone_number_default" => {
            let ph = variant!(p, Parsed::Phone(ph) => ph);
            assert_eq!(ph.id, "106853218861309");
            assert_eq!(ph.display_phone_number.as_deref(), Some("+1 555-555-5555"));
            assert_eq!(ph.verified_name.as_deref(), Some("Jaspers Market"));
            assert_eq!(ph.name_status, None);
        }
        "openapi__api_send_message_response" => {
            let s = variant!(p, Parsed::Send(s) => s);
            assert_eq!(
                s.message_id(),
                Some("wamid.HBgLMTY1MDM4Nzk0MzkVAgARGBJCOTY3NDc0NDFDRUI3NTA0Q0UA")
            );
            assert_eq!(s.contacts[0].input.as_deref(), Some("+16505551234"));
            assert_eq!(s.contacts[0].wa_id.as_deref(), Some("16505551234"));
        }
        "openapi__api_waba_phone_numbers_list" => {
            let l = variant!(p, Parsed::PhoneList(l) => l);
            assert_eq!(l.data.len(), 2);
            assert_eq!(l.data[0].status.as_deref(), Some("LINKED"));
            assert_eq!(l.data[0].messaging_limit_tier.as_deref(), Some("TIER_1K"));
            assert_eq!(l.data[0].is_official_business_account, Some(true));
            assert_eq!(l.data[0].username.as_deref(), Some("jaspers_market"));
            assert_eq!(l.data[0].extra["country_code"], json!("US"));
            assert_eq!(l.data[1].username, None);
            assert_eq!(l.data[1].account_mode.as_deref(), Some("SANDBOX"));
            let after = l
                .paging
                .as_ref()
                .unwrap()
                .cursors
                .as_ref()
                .unwrap()
                .after
                .as_deref();
            assert_eq!(after, Some("MTAxNTExOTQ1MjAwNzI5NDE="));
        }
        // ---- OpenAPI webhook examples ----
        "openapi__webhook_button_message" => {
            let m = msg(env());
            let b = variant!(&m.content, MessageContent::Button(b) => b);
            assert_eq!(
                (b.payload.as_deref(), b.text.as_deref()),
                (Some("Unsubscribe"), Some("Unsubscribe"))
            );
            assert_eq!(
                m.reply_to(),
                Some("wamid.HBgLMTY1MDM4Nzk0MzkVAgARGBJFNjk2OTMwNEZCQjhGMzUyQUYA")
            );
        }
        "openapi__webhook_contact_sharing_message" => {
            let cards = variant!(&msg(env()).content, MessageContent::Contacts(c) => c);
            assert_eq!(
                cards[0].name.as_ref().unwrap().formatted_name.as_deref(),
                Some("Lucía Gómez")
            );
            assert_eq!(
                cards[0].org.as_ref().unwrap().company.as_deref(),
                Some("Google")
            );
            assert_eq!(cards[0].phones[0].wa_id.as_deref(), Some("19835552319"));
            assert_eq!(cards[0].phones[0].kind.as_deref(), Some("MOBILE"));
        }
        "openapi__webhook_group_create_message" => {
            let raw = variant!(field(env(), "group_lifecycle_update"), ChangeValue::Other(v) => v);
            assert_eq!(raw["groups"][0]["type"], json!("group_create"));
            assert_eq!(
                raw["groups"][0]["added_participants"][0]["wa_id"],
                json!(16_505_551_234_u64)
            );
        }
        "openapi__webhook_group_remove_participants" => {
            let raw =
                variant!(field(env(), "group_participants_update"), ChangeValue::Other(v) => v);
            assert_eq!(
                raw["groups"][0]["removed_participants"]
                    .as_array()
                    .unwrap()
                    .len(),
                2
            );
        }
        "openapi__webhook_group_settings_update" => {
            let raw = variant!(field(env(), "group_settings_update"), ChangeValue::Other(v) => v);
            assert_eq!(raw["groups"][0]["type"], json!("group_settings_update"));
        }
        "openapi__webhook_image_message" => {
            let i = media(msg(env()), "image");
            assert_eq!(i.caption.as_deref(), Some("Taj Mahal"));
            assert_eq!(i.id.as_deref(), Some("1003383421387256"));
            assert_eq!(
                i.sha256.as_deref(),
                Some("SfInY0gGKTsJlUWbwxC1k+FAD0FZHvzwfpvO0zX0GUI=")
            );
        }
        "openapi__webhook_interactive_button_reply_message" => {
            let r = variant!(interactive(msg(env())), InteractiveReply::ButtonReply(r) => r);
            assert_eq!(
                (r.id.as_str(), r.title.as_deref()),
                ("cancel-button", Some("Cancel"))
            );
        }
        "openapi__webhook_interactive_list_reply_message" => {
            let ir = interactive(msg(env()));
            assert_eq!(ir.selection_id(), Some("priority_express"));
            let r = variant!(ir, InteractiveReply::ListReply(r) => r);
            assert_eq!(r.title.as_deref(), Some("Priority Mail Express"));
            assert_eq!(r.description.as_deref(), Some("Next Day to 2 Days"));
        }
        "openapi__webhook_location_message" => {
            let l = variant!(&msg(env()).content, MessageContent::Location(l) => l);
            assert_eq!(
                (l.latitude, l.longitude),
                (37.44221496582, -122.16165924072)
            );
            assert_eq!(l.name.as_deref(), Some("Philz Coffee"));
            assert_eq!(
                l.address.as_deref(),
                Some("101 Forest Ave, Palo Alto, CA 94301")
            );
            assert_eq!(l.url.as_deref(), Some("https://philzcoffee.com/"));
        }
        "openapi__webhook_order_message" => {
            let o = variant!(&msg(env()).content, MessageContent::Order(o) => o);
            assert_eq!(o.catalog_id.as_deref(), Some("194836987003835"));
            assert_eq!(o.text.as_deref(), Some(""));
            assert_eq!(o.product_items.len(), 2);
            assert_eq!(o.product_items[0].quantity, Some(2));
            assert_eq!(
                o.product_items[0].item_price.as_ref().unwrap().as_i64(),
                Some(30)
            );
            assert_eq!(o.product_items[0].currency.as_deref(), Some("USD"));
        }
        "openapi__webhook_reaction_message" => {
            let r = variant!(&msg(env()).content, MessageContent::Reaction(r) => r);
            assert_eq!(r.emoji.as_deref(), Some("👍"));
            assert_eq!(
                r.message_id,
                "wamid.HBgLMTY1MDM4Nzk0MzkVAgARGBI0RTJEOTc2ODVERUY5RDlGNkYA"
            );
            assert!(!r.is_removal());
        }
        "openapi__webhook_system_message" => {
            let e = env();
            let s = system(msg(e));
            assert_eq!(s.kind(), SystemKind::UserChangedNumber);
            assert_eq!(s.wa_id.as_deref(), Some("12195555358"));
            assert!(mv(e).contacts.is_empty());
        }
        "openapi__webhook_text_message" => {
            let e = env();
            assert_eq!(e.entry[0].id, "419561257915477");
            assert_eq!(e.entry[0].time, None);
            let v = mv(e);
            assert_eq!(v.metadata.display_phone_number, "15550783881");
            assert_eq!(v.phone_number_id(), "106540352242922");
            let m = msg(e);
            assert_eq!(text(m), "Does it come in another color?");
            assert_eq!(m.from.as_deref(), Some("16505551234"));
            assert_eq!(
                m.id,
                "wamid.HBgLMTY1MDM4Nzk0MzkVAgASGBQzQTRBNjU5OUFFRTAzODEwMTQ0RgA="
            );
            assert_eq!(
                m.timestamp.to_datetime().unwrap().to_rfc3339(),
                "2025-06-08T20:59:43+00:00"
            );
            assert_eq!(v.contact_for(m).unwrap().name(), Some("Sheena Nelson"));
            assert!(m.context.is_none() && m.referral.is_none() && m.errors.is_empty());
        }
        "openapi__webhook_text_message_from_click_to_whatsapp_ad" => {
            let m = msg(env());
            assert_eq!(text(m), "Hello! Can I get more info on this?");
            let r = m.referral.as_ref().unwrap();
            assert_eq!(r.source_type.as_deref(), Some("ad"));
            assert_eq!(r.source_id.as_deref(), Some("120226305854810726"));
            assert_eq!(r.media_type.as_deref(), Some("image"));
            assert!(r.ctwa_clid.as_deref().unwrap().starts_with("Aff-"));
            let welcome = r.welcome_message.as_ref().unwrap().text.as_deref();
            assert_eq!(welcome, Some("Hi there! Let us know how we can help!"));
        }
        "openapi__webhook_text_message_with_context_product_inquiry" => {
            let m = msg(env());
            assert_eq!(text(m), "Is this still available?");
            let ctx = m.context.as_ref().unwrap();
            assert_eq!(ctx.from.as_deref(), Some("15550783881"));
            let rp = ctx.referred_product.as_ref().unwrap();
            assert_eq!(rp.catalog_id.as_deref(), Some("194836987003835"));
            assert_eq!(rp.product_retailer_id.as_deref(), Some("di9ozbzfi4"));
        }
        "openapi__webhook_unsupported_message" => {
            let m = msg(env());
            let u = variant!(&m.content, MessageContent::Unsupported(u) => u);
            assert_eq!(u.kind, None);
            assert_eq!(m.errors[0].code, 131_051);
            assert_eq!(m.errors[0].title.as_deref(), Some("Message type unknown"));
        }
        // ---- pywa: account_update ----
        "pywa__account_update__account_deleted" => {
            let e = env();
            assert_eq!(e.entry[0].time, Some(ts(1_743_451_903)));
            let u = account(e);
            assert_eq!(u.event, "ACCOUNT_DELETED");
            assert!(u.is_disconnection());
        }
        "pywa__account_update__account_disabled" => {
            let u = account(env());
            assert_eq!(u.event, "DISABLED_UPDATE");
            let b = u.ban_info.as_ref().unwrap();
            assert_eq!(b.waba_ban_state.as_deref(), Some("REINSTATE"));
            assert_eq!(b.waba_ban_date.as_deref(), Some("April 17, 2025"));
        }
        "pywa__account_update__account_offboarded" => {
            let u = account(env());
            assert_eq!(u.event, "ACCOUNT_OFFBOARDED");
            assert!(u.is_disconnection());
        }
        "pywa__account_update__account_reconnected" => {
            let u = account(env());
            assert_eq!(u.event, "ACCOUNT_RECONNECTED");
            assert!(!u.is_disconnection());
        }
        "pywa__account_update__account_restriction" => {
            let u = account(env());
            assert_eq!(u.event, "ACCOUNT_RESTRICTION");
            assert_eq!(u.restriction_info.len(), 2);
            let r = &u.restriction_info[0];
            assert_eq!(
                r.restriction_type.as_deref(),
                Some("RESTRICTED_BIZ_INITIATED_MESSAGING")
            );
            assert_eq!(r.expiration, Some(ts(1_641_330_498)));
        }
        "pywa__account_update__account_violation" => {
            let u = account(env());
            assert_eq!(
                u.violation_info.as_ref().unwrap().violation_type.as_deref(),
                Some("ADULT")
            );
        }
        "pywa__account_update__ad_account_linked" => {
            let u = account(env());
            assert_eq!(u.event, "AD_ACCOUNT_LINKED");
            let w = u.waba_info.as_ref().unwrap();
            assert_eq!(w.ad_account_linked.as_deref(), Some("980198427534243"));
            assert_eq!(w.waba_id.as_deref(), Some("980198427658004"));
        }
        "pywa__account_update__authentication_international_eligibility" => {
            let u = account(env());
            assert_eq!(u.event, "AUTH_INTL_PRICE_ELIGIBILITY_UPDATE");
            let raw = &u.extra["auth_international_rate_eligibility"];
            assert_eq!(raw["exception_countries"][0]["country_code"], json!("ID"));
        }
        "pywa__account_update__mm_api_for_wa_terms_of_service" => {
            let u = account(env());
            assert_eq!(u.event, "MM_LITE_TERMS_SIGNED");
            let owner = u.waba_info.as_ref().unwrap().owner_business_id.as_deref();
            assert_eq!(owner, Some("2329417887457253"));
        }
        "pywa__account_update__partner_added" => {
            let u = account(env());
            assert_eq!(u.event, "PARTNER_ADDED");
            let w = u.waba_info.as_ref().unwrap();
            assert_eq!(w.solution_id.as_deref(), Some("1715120619246906"));
            assert_eq!(
                w.solution_partner_business_ids,
                ["2949482758682047", "520744086200222"]
            );
            assert!(!u.is_disconnection());
        }
        "pywa__account_update__partner_app_installed" => {
            let u = account(env());
            assert_eq!(u.event, "PARTNER_APP_INSTALLED");
            let app = u.waba_info.as_ref().unwrap().partner_app_id.as_deref();
            assert_eq!(app, Some("5731794616896507"));
        }
        "pywa__account_update__partner_app_uninstalled" => {
            let u = account(env());
            assert_eq!(u.event, "PARTNER_APP_UNINSTALLED");
            assert!(u.is_disconnection());
            assert_eq!(
                u.waba_info.as_ref().unwrap().waba_id.as_deref(),
                Some("184943124712545")
            );
        }
        "pywa__account_update__partner_led_business_verification_status" => {
            let u = account(env());
            assert_eq!(u.event, "PARTNER_CLIENT_CERTIFICATION_STATUS_UPDATE");
            assert_eq!(
                u.extra["partner_client_certification_info"]["status"],
                json!("APPROVED")
            );
        }
        "pywa__account_update__partner_removed" => {
            let u = account(env());
            assert_eq!(u.event, "PARTNER_REMOVED");
            assert!(u.is_disconnection());
            assert!(u.disconnection_info.is_none());
        }
        "pywa__account_update__partner_removed_wa_app_disconnection" => {
            let u = account(env());
            let d = u.disconnection_info.as_ref().unwrap();
            assert_eq!(d.reason.as_deref(), Some("PRIMARY_INACTIVITY"));
            assert_eq!(d.initiated_by.as_deref(), Some("SYSTEM"));
        }
        "pywa__account_update__pricing_tiering_update" => {
            let u = account(env());
            assert_eq!(u.event, "VOLUME_BASED_PRICING_TIER_UPDATE");
            assert_eq!(
                u.extra["volume_tier_info"]["tier"],
                json!("25000001:50000000")
            );
        }
        "pywa__account_update__primary_business_location_set" => {
            let u = account(env());
            assert_eq!(u.event, "BUSINESS_PRIMARY_LOCATION_COUNTRY_UPDATE");
            assert_eq!(u.country.as_deref(), Some("IN"));
        }
        // ---- pywa: calls ----
        "pywa__call_connect__business_initiated" => {
            let c = calls(env());
            assert_eq!(c.metadata.as_ref().unwrap().phone_number_id, "743897493242");
            let call = &c.calls[0];
            assert_eq!(call.id, "wacid.xxxx=");
            assert_eq!(call.event.as_deref(), Some("connect"));
            assert_eq!(call.direction.as_deref(), Some("BUSINESS_INITIATED"));
            assert_eq!(call.session.as_ref().unwrap()["sdp_type"], json!("answer"));
        }
        "pywa__call_connect__user_initiated" => {
            let call = &calls(env()).calls[0];
            assert_eq!(call.direction.as_deref(), Some("USER_INITIATED"));
            assert_eq!(call.from.as_deref(), Some("972987654321"));
            assert_eq!(call.timestamp, Some(ts(1_752_583_107)));
        }
        "pywa__call_permission_update__accept" => {
            let m = msg(env());
            let r = variant!(interactive(m), InteractiveReply::CallPermissionReply(r) => r);
            assert!(r.accepted());
            assert_eq!(r.expiration_timestamp, Some(ts(1_753_186_982)));
            assert_eq!(r.response_source.as_deref(), Some("user_action"));
            assert_eq!(m.reply_to(), Some("wamid.y=="));
        }
        "pywa__call_permission_update__reject" => {
            let r =
                variant!(interactive(msg(env())), InteractiveReply::CallPermissionReply(r) => r);
            assert!(!r.accepted());
            assert_eq!(r.response, "reject");
            assert_eq!(r.expiration_timestamp, None);
        }
        "pywa__call_status__call_status" => {
            let e = env();
            let c = calls(e);
            // Call states are not message statuses.
            assert!(only_change(e).value.as_messages().is_none());
            let s = &c.statuses[0];
            assert_eq!(s.kind.as_deref(), Some("call"));
            assert_eq!(s.status.as_deref(), Some("RINGING"));
            assert_eq!(s.biz_opaque_callback_data.as_deref(), Some("random_string"));
        }
        "pywa__call_terminate__call_terminate" => {
            let c = calls(env());
            let call = &c.calls[0];
            assert_eq!(call.event.as_deref(), Some("terminate"));
            assert_eq!(call.status.as_deref(), Some("COMPLETED"));
            assert_eq!(call.duration, Some(120));
            assert_eq!(call.start_time, Some(ts(1_671_644_824)));
            assert_eq!(c.errors[0].code, 12_455);
        }
        // ---- pywa: button / list callbacks ----
        "pywa__callback_button__button" => {
            let r = variant!(interactive(msg(env())), InteractiveReply::ButtonReply(r) => r);
            assert_eq!(
                (r.id.as_str(), r.title.as_deref()),
                ("callback_data", Some("title"))
            );
        }
        "pywa__callback_button__quick_reply" => {
            let m = msg(env());
            let b = variant!(&m.content, MessageContent::Button(b) => b);
            assert_eq!(
                (b.payload.as_deref(), b.text.as_deref()),
                (Some("callback_data"), Some("title"))
            );
            assert_eq!(
                m.context.as_ref().unwrap().id.as_deref(),
                Some("wamid.xyzxyz==")
            );
        }
        "pywa__callback_button__quick_reply_without_context" => {
            let m = msg(env());
            assert_eq!(m.kind(), "button");
            assert!(m.context.is_none());
            assert_eq!(m.from_user_id.as_deref(), Some("US.13491208655302741918"));
        }
        "pywa__callback_selection__callback" => {
            let r = variant!(interactive(msg(env())), InteractiveReply::ListReply(r) => r);
            assert_eq!(r.id, "callback_data");
            assert_eq!(r.description, None);
        }
        "pywa__callback_selection__description" => {
            let r = variant!(interactive(msg(env())), InteractiveReply::ListReply(r) => r);
            assert_eq!(r.description.as_deref(), Some("description"));
        }
        // ---- pywa: edits, deletes, flows ----
        "pywa__deleted_message__revoke" => {
            let e = env();
            assert_eq!(e.entry[0].id, "<WHATSAPP_BUSINESS_ACCOUNT_ID>");
            let r = variant!(&msg(e).content, MessageContent::Revoke(r) => r);
            assert_eq!(r.original_message_id, "<ORIGINAL_WHATSAPP_MESSAGE_ID>");
        }
        "pywa__edited_message__image" => {
            let ed = variant!(&msg(env()).content, MessageContent::Edit(ed) => ed);
            assert_eq!(
                ed.original_message_id,
                "wamid.HBgLMTQxMjU1NTA4MjkVAgASGBQzQUNCNjk5RDUwNUZGMUZEM0VBRAA="
            );
            let img = variant!(&ed.message.content, MessageContent::Image(i) => i);
            assert_eq!(img.caption.as_deref(), Some("Updated image caption"));
            assert_eq!(
                img.url.as_deref(),
                Some("https://media.example.com/updated-image.jpg")
            );
        }
        "pywa__flow_completion__completion" => {
            let r = variant!(interactive(msg(env())), InteractiveReply::NfmReply(r) => r);
            assert_eq!(r.name.as_deref(), Some("flow"));
            assert_eq!(r.body.as_deref(), Some("Sent"));
            assert_eq!(
                r.flow_token().as_deref(),
                Some("AQAAAAACS5FpgQ_cAAAAAD0QI3s.")
            );
        }
        "pywa__flow_completion__without_flow_token" => {
            let r = variant!(interactive(msg(env())), InteractiveReply::NfmReply(r) => r);
            assert_eq!(r.flow_token(), None);
            assert_eq!(
                r.response().unwrap().unwrap()["comment_text"],
                json!("Comment Text")
            );
        }
        // ---- pywa: message types ----
        "pywa__message__animated_sticker" => {
            let s = media(msg(env()), "sticker");
            assert_eq!(s.animated, Some(true));
            assert_eq!(s.mime_type.as_deref(), Some("image/webp"));
        }
        "pywa__message__audio" => {
            let m = msg(env());
            assert_eq!(media(m, "audio").voice, Some(false));
            assert!(m.is_forwarded());
        }
        "pywa__message__chosen_location" => {
            let l = variant!(&msg(env()).content, MessageContent::Location(l) => l);
            assert_eq!(l.name.as_deref(), Some("Facebook HQ"));
            assert_eq!(
                l.url.as_deref(),
                Some("https://maps.google.com/?cid=2000000000000000000")
            );
        }
        "pywa__message__contacts" => {
            let cards = variant!(&msg(env()).content, MessageContent::Contacts(c) => c);
            assert_eq!(cards.len(), 3);
            let monica = cards[1].name.as_ref().unwrap();
            assert_eq!(monica.first_name.as_deref(), Some("Monica"));
            assert_eq!(monica.last_name, None);
            assert_eq!(cards[1].phones[0].kind.as_deref(), Some("HOME"));
        }
        "pywa__message__current_location" => {
            let m = msg(env());
            let l = variant!(&m.content, MessageContent::Location(l) => l);
            assert_eq!((l.latitude, l.longitude), (12.25089, 43.90539));
            assert!(l.name.is_none() && l.address.is_none());
            assert!(m.is_forwarded());
        }
        "pywa__message__document" => {
            let m = msg(env());
            let d = media(m, "document");
            assert_eq!(d.filename.as_deref(), Some("filename.pdf"));
            assert_eq!(d.caption.as_deref(), Some("caption"));
            assert!(m.is_forwarded());
        }
        "pywa__message__forwarded" => {
            let m = msg(env());
            let ctx = m.context.as_ref().unwrap();
            assert_eq!(
                (ctx.forwarded, ctx.frequently_forwarded),
                (Some(true), None)
            );
            assert_eq!(text(m), "forwarded text");
        }
        "pywa__message__forwarded_many_times" => {
            let m = msg(env());
            assert_eq!(m.context.as_ref().unwrap().frequently_forwarded, Some(true));
            assert!(m.is_forwarded());
        }
        "pywa__message__image" => {
            let i = media(msg(env()), "image");
            assert_eq!(i.id.as_deref(), Some("65463453"));
            assert_eq!(i.url, None);
        }
        "pywa__message__interactive_message_with_err" => {
            let e = env();
            let m = msg(e);
            // Meta could not render the reply: type without payload object.
            assert_eq!(
                m.content,
                MessageContent::Unknown {
                    kind: "interactive".into(),
                    payload: None
                }
            );
            let err = &mv(e).errors[0];
            assert_eq!(err.code, 131_000);
            assert_eq!(err.details(), Some("Unsupported webhook payload"));
        }
        "pywa__message__media_with_url" => {
            let i = media(msg(env()), "image");
            assert!(
                i.url
                    .unwrap()
                    .starts_with("https://lookaside.fbsbx.com/whatsapp_business/")
            );
        }
        "pywa__message__order" => {
            let o = variant!(&msg(env()).content, MessageContent::Order(o) => o);
            assert_eq!(o.product_items.len(), 3);
            let first = &o.product_items[0];
            assert_eq!(first.product_retailer_id.as_deref(), Some("HAMBURGER"));
            assert_eq!(first.quantity, Some(3));
            assert_eq!(first.currency.as_deref(), Some("ILS"));
        }
        "pywa__message__reaction" => {
            let r = variant!(&msg(env()).content, MessageContent::Reaction(r) => r);
            assert_eq!(r.emoji.as_deref(), Some("😮"));
            assert_eq!(r.message_id, "wamid.yzxyzx=");
            assert!(!r.is_removal());
        }
        "pywa__message__referral" => {
            let r = msg(env()).referral.clone().unwrap();
            assert_eq!(r.source_type.as_deref(), Some("ad or post"));
            assert_eq!(r.ctwa_clid.as_deref(), Some("CTWA_CLID"));
            assert_eq!(r.video_url.as_deref(), Some("RAW_VIDEO_URL"));
            assert_eq!(r.thumbnail_url.as_deref(), Some("RAW_THUMBNAIL_URL"));
        }
        "pywa__message__reply" => {
            let m = msg(env());
            assert_eq!(m.reply_to(), Some("wamid.xyzxyz=="));
            assert_eq!(
                m.context.as_ref().unwrap().from.as_deref(),
                Some("972123456789")
            );
            assert_eq!(text(m), "replied text");
        }
        "pywa__message__static_sticker" => {
            assert_eq!(media(msg(env()), "sticker").animated, Some(false));
        }
        "pywa__message__text" => {
            let e = env();
            let m = msg(e);
            assert_eq!(text(m), "Body Text");
            let c = mv(e).contact_for(m).unwrap();
            assert_eq!(c.user_id.as_deref(), Some("US.13491208655302741918"));
        }
        "pywa__message__unreaction_empty" => {
            let r = variant!(&msg(env()).content, MessageContent::Reaction(r) => r);
            assert_eq!(r.emoji.as_deref(), Some(""));
            assert!(r.is_removal());
        }
        "pywa__message__unreaction_no_emoji" => {
            let r = variant!(&msg(env()).content, MessageContent::Reaction(r) => r);
            assert_eq!(r.emoji, None);
            assert!(r.is_removal());
        }
        "pywa__message__unsupported" => {
            let m = msg(env());
            assert_eq!(
                m.content,
                MessageContent::Unsupported(Unsupported::default())
            );
            assert_eq!(m.errors[0].code, 131_051);
        }
        "pywa__message__unsupported_with_type" => {
            let u = variant!(&msg(env()).content, MessageContent::Unsupported(u) => u);
            assert_eq!(u.kind.as_deref(), Some("pool"));
        }
        "pywa__message__video" => {
            let m = msg(env());
            let v = media(m, "video");
            assert_eq!(v.caption.as_deref(), Some("caption"));
            assert_eq!(v.mime_type.as_deref(), Some("video/mp4"));
            assert!(m.is_forwarded());
        }
        "pywa__message__voice" => {
            let a = media(msg(env()), "audio");
            assert_eq!(a.voice, Some(true));
            assert_eq!(a.mime_type.as_deref(), Some("audio/ogg; codecs=opus"));
        }
        // ---- pywa: statuses ----
        "pywa__message_status__delivered" => {
            let s = status(env());
            assert_eq!(s.status, StatusKind::Delivered);
            let conv = s.conversation.as_ref().unwrap();
            assert_eq!(
                conv.origin.as_ref().unwrap().kind.as_deref(),
                Some("service")
            );
            assert_eq!(
                s.pricing.as_ref().unwrap().pricing_model.as_deref(),
                Some("CBP")
            );
        }
        "pywa__message_status__failed" => {
            let s = status(env());
            assert_eq!(s.status, StatusKind::Failed);
            assert_eq!(s.errors[0].code, 130_472);
            assert!(s.errors[0].href.is_some());
        }
        "pywa__message_status__group" => {
            let e = env();
            let s = status(e);
            assert_eq!(s.status, StatusKind::Read);
            assert_eq!(s.recipient_type.as_deref(), Some("group"));
            assert_eq!(
                s.recipient_participant_user_id.as_deref(),
                Some("US.123456")
            );
            assert_eq!(
                s.recipient_participant_parent_user_id.as_deref(),
                Some("<PARENT_BSUID>")
            );
            let profile = mv(e).contacts[0].profile.as_ref().unwrap();
            assert_eq!(profile.username.as_deref(), Some("<USERNAME>"));
        }
        "pywa__message_status__played" => {
            let s = status(env());
            assert_eq!(s.status, StatusKind::Played);
            assert_eq!(s.status.rank(), 4);
        }
        "pywa__message_status__read" => {
            let s = status(env());
            assert_eq!(s.status, StatusKind::Read);
            assert_eq!(s.recipient_id.as_deref(), Some("972987654321"));
        }
        "pywa__message_status__sent" => {
            let s = status(env());
            assert_eq!(s.status, StatusKind::Sent);
            let exp = s.conversation.as_ref().unwrap().expiration_timestamp;
            assert_eq!(exp, Some(ts(1_698_339_900)));
        }
        "pywa__message_status__with_tracker" => {
            let s = status(env());
            assert_eq!(s.biz_opaque_callback_data.as_deref(), Some("some data"));
        }
        // ---- pywa: coexistence echoes ----
        "pywa__outgoing_message__delete" => {
            let ec = echo(env());
            assert_eq!(ec.to.as_deref(), Some("972123456789"));
            let r = variant!(&ec.message.content, MessageContent::Revoke(r) => r);
            assert_eq!(r.original_message_id, "wamid.zzzzzz");
        }
        "pywa__outgoing_message__edit" => {
            let ec = echo(env());
            let ed = variant!(&ec.message.content, MessageContent::Edit(ed) => ed);
            let t = variant!(&ed.message.content, MessageContent::Text(t) => t);
            assert_eq!(t.body, "Text was edited");
        }
        "pywa__outgoing_message__text" => {
            let ec = echo(env());
            assert_eq!(ec.to_user_id.as_deref(), Some("<BSUID>"));
            assert_eq!(
                ec.message.from.as_deref(),
                Some("<BUSINESS_DISPLAY_PHONE_NUMBER>")
            );
            assert_eq!(text(&ec.message), "Test message");
        }
        // ---- pywa: system ----
        "pywa__system__identity_change" => {
            let m = msg(env());
            assert_eq!(system(m).kind(), SystemKind::CustomerIdentityChanged);
            let id = m.identity.as_ref().unwrap();
            assert_eq!(id.acknowledged, Some(true));
            assert_eq!(id.hash.as_deref(), Some("xyzxyz"));
            assert_eq!(id.created_timestamp, Some(ts(1_697_044_706)));
        }
        "pywa__system__phone_number_change" => {
            let s = system(msg(env()));
            assert_eq!(s.kind(), SystemKind::UserChangedNumber);
            assert_eq!(s.wa_id.as_deref(), Some("972912345678"));
        }
        // ---- pywa: templates ----
        "pywa__template_category_update__marketing" => {
            let u = variant!(field(env(), "template_category_update"), ChangeValue::TemplateCategoryUpdate(u) => u);
            assert_eq!(u.new_category.as_deref(), Some("MARKETING"));
            assert_eq!(u.message_template_id.as_ref().unwrap().as_str(), "12345678");
            assert_eq!(u.message_template_language.as_deref(), Some("he"));
        }
        "pywa__template_components_update__element" => {
            let e = env();
            let u = variant!(field(e, "message_template_components_update"), ChangeValue::TemplateComponentsUpdate(u) => u);
            assert_eq!(
                u.message_template_element.as_deref(),
                Some("Hi {{1}}! Welcome to our service.")
            );
            assert_eq!(
                u.message_template_name.as_deref(),
                Some("my_message_template")
            );
            // The published sample nests a second envelope under "all":
            // an unknown top-level key, kept verbatim.
            assert_eq!(
                e.extra["all"]["entry"][0]["changes"][0]["value"]["message_template_buttons"][0]["message_template_button_type"],
                json!("PHONE_NUMBER")
            );
        }
        "pywa__template_quality_update__yellow" => {
            let u = variant!(field(env(), "message_template_quality_update"), ChangeValue::TemplateQualityUpdate(u) => u);
            assert_eq!(u.previous_quality_score.as_deref(), Some("GREEN"));
            assert_eq!(u.new_quality_score.as_deref(), Some("YELLOW"));
            assert_eq!(
                u.message_template_id.as_ref().unwrap().as_str(),
                "806312974732579"
            );
        }
        "pywa__template_status_update__approved" => {
            let u = variant!(field(env(), "message_template_status_update"), ChangeValue::TemplateStatusUpdate(u) => u);
            assert_eq!(u.event, "APPROVED");
            assert_eq!(u.reason.as_deref(), Some("NONE"));
            assert_eq!(u.message_template_category.as_deref(), Some("UTILITY"));
            assert_eq!(
                u.message_template_id.as_ref().unwrap().as_str(),
                "1689556908129832"
            );
        }
        "pywa__template_status_update__rejected" => {
            let u = variant!(field(env(), "message_template_status_update"), ChangeValue::TemplateStatusUpdate(u) => u);
            assert_eq!(u.event, "REJECTED");
            assert_eq!(u.reason.as_deref(), Some("INVALID_FORMAT"));
            let rec = u
                .rejection_info
                .as_ref()
                .unwrap()
                .recommendation
                .as_deref()
                .unwrap();
            assert!(rec.starts_with("Separate parameters"));
        }
        // ---- pywa: user preferences ----
        "pywa__user_marketing_preferences__resume" => {
            let v =
                variant!(field(env(), "user_preferences"), ChangeValue::UserPreferences(v) => v);
            let p = &v.user_preferences[0];
            assert_eq!(p.value.as_deref(), Some("resume"));
            assert_eq!(p.category.as_deref(), Some("marketing_messages"));
            assert_eq!(p.wa_id.as_deref(), Some("16505551234"));
            assert_eq!(p.timestamp, Some(ts(1_731_705_721)));
        }
        "pywa__user_marketing_preferences__signup" => {
            let v =
                variant!(field(env(), "user_preferences"), ChangeValue::UserPreferences(v) => v);
            let p = &v.user_preferences[0];
            assert_eq!(p.value.as_deref(), Some("signup"));
            assert_eq!(p.extra["signup_id"], json!("13176843987434774"));
        }
        _ => return false,
    }
    true
}

#[test]
fn every_fixture_parses_with_expected_values_and_round_trips() {
    let files = support::fixtures();
    assert_eq!(
        files.len(),
        FIXTURE_COUNT,
        "fixture set changed: add table entries for new files"
    );
    let mut checked = 0;
    for (name, bytes) in &files {
        let parsed = parse(name, bytes).unwrap_or_else(|e| panic!("{name}: {e}"));
        assert!(check(name, &parsed), "{name}: no expectations in the table");

        // Lossless: serialising gives back the received JSON (nulls aside).
        let original: Value = serde_json::from_slice(bytes).unwrap();
        let written = parsed.to_value();
        assert_eq!(
            written,
            without_nulls(&original),
            "{name}: serialised form differs"
        );

        // Round trip: parsing the serialised form gives an equal value.
        let again = parse(name, &serde_json::to_vec(&written).unwrap()).unwrap();
        assert_eq!(again, parsed, "{name}: round trip differs");
        checked += 1;
    }
    assert_eq!(checked, FIXTURE_COUNT);
}

#[test]
fn index_lists_every_fixture() {
    let index = std::fs::read_to_string(support::fixtures_dir().join("INDEX.md")).unwrap();
    for (name, _) in support::fixtures() {
        assert!(
            index.contains(&format!("`{name}`")),
            "{name} missing from INDEX.md"
        );
    }
}
