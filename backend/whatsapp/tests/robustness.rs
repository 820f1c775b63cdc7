//! Property test: fixtures with random JSON nodes replaced or deleted never
//! panic the parsers; they either parse or return a typed error.
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod support;

use proptest::prelude::*;
use serde_json::{Map, Value};

fn leaf() -> impl Strategy<Value = Value> {
    prop_oneof![
        Just(Value::Null),
        any::<bool>().prop_map(Value::Bool),
        any::<i64>().prop_map(Value::from),
        any::<u64>().prop_map(Value::from),
        any::<f64>().prop_map(Value::from),
        ".{0,12}".prop_map(Value::String),
        "[0-9]{1,20}".prop_map(Value::String),
        prop::sample::select(vec![
            "text",
            "image",
            "interactive",
            "button_reply",
            "nfm_reply",
            "edit",
            "system",
            "failed",
            "messages",
            "statuses",
            "unsupported",
            "wamid.x",
            "",
        ])
        .prop_map(|s| Value::String(s.to_owned())),
    ]
}

fn junk() -> impl Strategy<Value = Value> {
    leaf().prop_recursive(3, 16, 4, |inner| {
        prop_oneof![
            prop::collection::vec(inner.clone(), 0..4).prop_map(Value::Array),
            prop::collection::btree_map("[a-z_]{1,8}", inner, 0..4)
                .prop_map(|m| Value::Object(m.into_iter().collect::<Map<String, Value>>())),
        ]
    })
}

/// Every node of `v` as a path of keys/indices (root excluded).
fn paths(v: &Value, prefix: &mut Vec<PathStep>, out: &mut Vec<Vec<PathStep>>) {
    match v {
        Value::Object(m) => {
            for (k, child) in m {
                prefix.push(PathStep::Key(k.clone()));
                out.push(prefix.clone());
                paths(child, prefix, out);
                prefix.pop();
            }
        }
        Value::Array(a) => {
            for (i, child) in a.iter().enumerate() {
                prefix.push(PathStep::Index(i));
                out.push(prefix.clone());
                paths(child, prefix, out);
                prefix.pop();
            }
        }
        _ => {}
    }
}

#[derive(Debug, Clone)]
enum PathStep {
    Key(String),
    Index(usize),
}

#[derive(Debug, Clone)]
enum Mutation {
    Replace(Value),
    Delete,
}

fn apply(root: &mut Value, path: &[PathStep], m: &Mutation) {
    let Some((last, parent_path)) = path.split_last() else {
        return;
    };
    let mut node = root;
    for step in parent_path {
        node = match (step, node) {
            (PathStep::Key(k), Value::Object(o)) => o.get_mut(k).unwrap(),
            (PathStep::Index(i), Value::Array(a)) => &mut a[*i],
            _ => unreachable!("path built from this value"),
        };
    }
    match (last, node, m) {
        (PathStep::Key(k), Value::Object(o), Mutation::Delete) => {
            o.remove(k);
        }
        (PathStep::Key(k), Value::Object(o), Mutation::Replace(v)) => {
            o.insert(k.clone(), v.clone());
        }
        (PathStep::Index(i), Value::Array(a), Mutation::Delete) => {
            a.remove(*i);
        }
        (PathStep::Index(i), Value::Array(a), Mutation::Replace(v)) => a[*i] = v.clone(),
        _ => unreachable!("path built from this value"),
    }
}

fn mutation() -> impl Strategy<Value = Mutation> {
    prop_oneof![1 => Just(Mutation::Delete), 3 => junk().prop_map(Mutation::Replace)]
}

proptest! {
    #![proptest_config(ProptestConfig { cases: std::env::var("PROPTEST_CASES").ok().and_then(|c| c.parse().ok()).unwrap_or(256), failure_persistence: None, ..ProptestConfig::default() })]

    #[test]
    fn mutated_fixtures_never_panic(
        file in any::<prop::sample::Index>(),
        picks in prop::collection::vec((any::<prop::sample::Index>(), mutation()), 1..4),
    ) {
        let fixtures = support::fixtures();
        let (name, bytes) = &fixtures[file.index(fixtures.len())];
        let mut value: Value = serde_json::from_slice(bytes).unwrap();
        for (at, m) in &picks {
            let mut all = Vec::new();
            paths(&value, &mut Vec::new(), &mut all);
            if all.is_empty() {
                break;
            }
            apply(&mut value, &all[at.index(all.len())], m);
        }
        let body = serde_json::to_vec(&value).unwrap();
        // Must return (Ok or Err) without panicking, whichever model applies,
        // and also through the webhook entry point directly.
        let result = support::parse(name, &body);
        let _ = whatsapp_cloud::webhook::parse(&body);
        if let Ok(parsed) = result {
            // Whatever parsed must serialise and parse again to the same value.
            let again = support::parse(name, &serde_json::to_vec(&parsed.to_value()).unwrap());
            prop_assert_eq!(again.ok(), Some(parsed));
        }
    }
}

#[test]
fn truncated_bodies_return_errors() {
    for (name, bytes) in support::fixtures() {
        let bytes = bytes.trim_ascii_end();
        for cut in [1, bytes.len() / 3, bytes.len() / 2, bytes.len() - 1] {
            assert!(
                support::parse(&name, &bytes[..cut]).is_err(),
                "{name} cut at {cut}"
            );
        }
    }
}
