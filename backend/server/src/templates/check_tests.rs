use super::*;
use serde_json::json;
use whatsapp_cloud::send::MediaRef;
use whatsapp_cloud::templates::TemplateComponent;

fn spec(components: serde_json::Value) -> TemplateParameters {
    let components: Vec<TemplateComponent> = serde_json::from_value(components).unwrap();
    TemplateParameters::of(&components)
}

fn positional() -> TemplateParameters {
    spec(json!([
        {"type": "HEADER", "format": "TEXT", "text": "Order {{1}}"},
        {"type": "BODY", "text": "Hi {{1}}, your order {{2}} ships {{3}}. Thanks {{1}}!"},
        {"type": "FOOTER", "text": "Reply STOP"},
        {"type": "BUTTONS", "buttons": [
            {"type": "QUICK_REPLY", "text": "Cancel"},
            {"type": "URL", "text": "Track", "url": "https://shop.example/track/{{1}}"},
            {"type": "PHONE_NUMBER", "text": "Call", "phone_number": "+15550000000"}
        ]}
    ]))
}

fn fields(problems: &[(String, String)]) -> Vec<&str> {
    problems.iter().map(|(f, _)| f.as_str()).collect()
}

fn text(s: &str) -> TemplateParameter {
    TemplateParameter::text(s)
}

#[test]
fn parameters_are_derived_from_components() {
    let s = positional();
    let header = s.header.as_ref().unwrap();
    assert_eq!(header.format, "TEXT");
    assert_eq!(header.placeholders, ["1"]);
    assert_eq!(s.body.placeholders, ["1", "2", "3"]);
    assert_eq!(s.buttons.len(), 3);
    assert_eq!(s.buttons[0].kind, "QUICK_REPLY");
    assert!(s.buttons[0].placeholders.is_empty());
    assert_eq!(s.buttons[1].kind, "URL");
    assert_eq!(s.buttons[1].index, 1);
    assert_eq!(s.buttons[1].placeholders, ["1"]);
    assert!(s.buttons[2].placeholders.is_empty());
    let none = spec(json!([{"type": "BODY", "text": "Hello"}]));
    assert!(none.header.is_none());
    assert!(none.body.placeholders.is_empty());
}

#[test]
fn a_complete_positional_message_passes() {
    let msg = TemplateMessage::new("order_update", "en_US")
        .with_header(vec![text("A-1")])
        .with_body(vec![
            text("Ann"),
            TemplateParameter::currency("$1", "USD", 1000),
            TemplateParameter::date_time("Monday"),
        ])
        .with_quick_reply(0, "CANCEL")
        .with_url_button(1, "A-1");
    assert_eq!(check_parameters(&positional(), false, &msg), vec![]);
    // The quick-reply payload is optional.
    let msg = TemplateMessage::new("order_update", "en_US")
        .with_header(vec![text("A-1")])
        .with_body(vec![text("Ann"), text("A-1"), text("today")])
        .with_url_button(1, "A-1");
    assert_eq!(check_parameters(&positional(), false, &msg), vec![]);
}

#[test]
fn wrong_counts_name_the_component() {
    let msg = TemplateMessage::new("order_update", "en_US")
        .with_body(vec![text("Ann")])
        .with_url_button(1, "A-1");
    let problems = check_parameters(&positional(), false, &msg);
    assert_eq!(
        fields(&problems),
        [
            "template.components[header].parameters",
            "template.components[body].parameters"
        ],
        "{problems:?}"
    );
    assert!(problems[1].1.contains("expected 3"), "{problems:?}");
    // No components at all for a template with placeholders.
    let problems = check_parameters(
        &positional(),
        false,
        &TemplateMessage::new("order_update", "en_US"),
    );
    assert!(fields(&problems).contains(&"template.components[button 1].parameters"));
    // Parameters for a template without any.
    let plain = spec(json!([{"type": "BODY", "text": "Hello"}]));
    let msg = TemplateMessage::new("hello", "en_US").with_body(vec![text("x")]);
    assert_eq!(
        fields(&check_parameters(&plain, false, &msg)),
        ["template.components[body].parameters"]
    );
    let msg = TemplateMessage::new("hello", "en_US").with_header(vec![text("x")]);
    assert_eq!(
        fields(&check_parameters(&plain, false, &msg)),
        ["template.components[header]"]
    );
    assert!(check_parameters(&plain, false, &TemplateMessage::new("hello", "en_US")).is_empty());
}

#[test]
fn media_headers_need_a_parameter_of_their_kind() {
    for (format, good, bad) in [
        (
            "IMAGE",
            TemplateParameter::Image {
                image: MediaRef::link("https://x/a.jpg"),
            },
            TemplateParameter::Video {
                video: MediaRef::id("1"),
            },
        ),
        (
            "VIDEO",
            TemplateParameter::Video {
                video: MediaRef::id("1"),
            },
            TemplateParameter::Document {
                document: MediaRef::id("1"),
            },
        ),
        (
            "DOCUMENT",
            TemplateParameter::Document {
                document: MediaRef::id("1"),
            },
            text("not a file"),
        ),
    ] {
        let s = spec(json!([
            {"type": "HEADER", "format": format},
            {"type": "BODY", "text": "Your receipt"}
        ]));
        let ok = TemplateMessage::new("receipt", "en_US").with_header(vec![good]);
        assert!(check_parameters(&s, false, &ok).is_empty(), "{format}");
        let wrong = TemplateMessage::new("receipt", "en_US").with_header(vec![bad]);
        let problems = check_parameters(&s, false, &wrong);
        assert_eq!(
            fields(&problems),
            ["template.components[header].parameters"],
            "{format}"
        );
        assert!(
            problems[0].1.contains(&format.to_ascii_lowercase()),
            "{problems:?}"
        );
        let missing = TemplateMessage::new("receipt", "en_US");
        assert_eq!(
            fields(&check_parameters(&s, false, &missing)),
            ["template.components[header].parameters"],
            "{format}"
        );
    }
    // A media parameter cannot fill a text placeholder.
    let msg = TemplateMessage::new("order_update", "en_US")
        .with_header(vec![TemplateParameter::Image {
            image: MediaRef::id("1"),
        }])
        .with_body(vec![text("a"), text("b"), text("c")])
        .with_url_button(1, "x");
    let problems = check_parameters(&positional(), false, &msg);
    assert_eq!(
        fields(&problems),
        ["template.components[header].parameters"]
    );
}

#[test]
fn named_templates_match_by_name_in_any_order() {
    let s = spec(json!([
        {"type": "BODY", "text": "Hi {{first_name}}, your code is {{code}}."}
    ]));
    assert_eq!(s.body.placeholders, ["first_name", "code"]);
    let ok = TemplateMessage::new("welcome", "en").with_body(vec![
        TemplateParameter::named_text("code", "FALL25"),
        TemplateParameter::named_text("first_name", "Mark"),
    ]);
    assert!(check_parameters(&s, true, &ok).is_empty());
    let unnamed = TemplateMessage::new("welcome", "en").with_body(vec![text("Mark"), text("X")]);
    let problems = check_parameters(&s, true, &unnamed);
    assert_eq!(fields(&problems), ["template.components[body].parameters"]);
    assert!(problems[0].1.contains("parameter_name"), "{problems:?}");
    let wrong = TemplateMessage::new("welcome", "en").with_body(vec![
        TemplateParameter::named_text("first_name", "Mark"),
        TemplateParameter::named_text("coupon", "X"),
    ]);
    let problems = check_parameters(&s, true, &wrong);
    assert_eq!(problems.len(), 2, "{problems:?}");
    assert!(problems[0].1.contains("missing {{code}}"), "{problems:?}");
    assert!(problems[1].1.contains("{{coupon}}"), "{problems:?}");
    let twice = TemplateMessage::new("welcome", "en").with_body(vec![
        TemplateParameter::named_text("code", "A"),
        TemplateParameter::named_text("code", "B"),
    ]);
    assert!(check_parameters(&s, true, &twice)[0].1.contains("twice"));
}

#[test]
fn buttons_are_checked_by_index_and_type() {
    let base = || {
        TemplateMessage::new("order_update", "en_US")
            .with_header(vec![text("A-1")])
            .with_body(vec![text("a"), text("b"), text("c")])
    };
    // The URL button's suffix is required.
    let problems = check_parameters(&positional(), false, &base());
    assert_eq!(
        fields(&problems),
        ["template.components[button 1].parameters"]
    );
    // Wrong index, wrong type, twice.
    let msg = base().with_url_button(1, "x").with_url_button(7, "y");
    assert_eq!(
        fields(&check_parameters(&positional(), false, &msg)),
        ["template.components[button 7].index"]
    );
    let msg = base().with_url_button(1, "x").with_url_button(0, "y");
    assert_eq!(
        fields(&check_parameters(&positional(), false, &msg)),
        ["template.components[button 0].sub_type"]
    );
    let msg = base().with_url_button(1, "x").with_url_button(1, "y");
    assert_eq!(
        fields(&check_parameters(&positional(), false, &msg)),
        ["template.components[button 1]"]
    );
    // A static URL button takes nothing.
    let s = spec(json!([
        {"type": "BODY", "text": "Hi"},
        {"type": "BUTTONS", "buttons": [{"type": "URL", "text": "Site", "url": "https://shop.example/"}]}
    ]));
    assert!(check_parameters(&s, false, &TemplateMessage::new("t", "en")).is_empty());
    let msg = TemplateMessage::new("t", "en").with_url_button(0, "x");
    assert_eq!(
        fields(&check_parameters(&s, false, &msg)),
        ["template.components[button 0].parameters"]
    );
}

#[test]
fn unknown_and_repeated_components_are_reported() {
    let mut msg = TemplateMessage::new("hello", "en_US");
    msg.components.push(TemplateComponentParams {
        kind: "footer".into(),
        sub_type: None,
        index: None,
        parameters: vec![],
    });
    let plain = spec(json!([{"type": "BODY", "text": "Hello {{1}}"}]));
    let msg = msg.with_body(vec![text("a")]).with_body(vec![text("b")]);
    assert_eq!(
        fields(&check_parameters(&plain, false, &msg)),
        ["template.components", "template.components[body]"]
    );
}
