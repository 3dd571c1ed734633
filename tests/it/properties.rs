//! Property tests: generated playbooks print (src/format) and parse back to
//! the same syntax tree; evaluation is deterministic and does not depend on
//! the order of fields in a deal file; a deal and its JSON re-encoding give
//! the same actions; `for each` gives one action per matching item; the
//! compiled evaluator and the reference evaluator (`evaluate_reference`)
//! agree on generated playbooks and deals.
//!
//! Case counts stay modest so that `cargo test` stays quick; the fuzz
//! targets (fuzz/) search the same ground for longer.

use proptest::prelude::*;
use proptest::test_runner::Config;

use playbook::ast::IgnoringSpans;
use playbook::Date;
use playbook::DealFormat;
use playbook::Lang;
use playbook::Recommendation;
use playbook::{comment_texts, format_text};
use playbook::{FileId, Source, Sources};

// ------------------------------------------------- playbooks, printed --

/// A value position: literals, paths and small expressions that parse.
fn value() -> impl Strategy<Value = String> {
    prop_oneof![
        (0u32..100_000).prop_map(|n| n.to_string()),
        (0u32..1000, 1u32..100).prop_map(|(a, b)| format!("{a}.{b}")),
        prop::sample::select(vec![
            "amount",
            "probability",
            "account.size",
            "account.name",
            "close_date",
            "today",
            "2026-11-28",
            "true",
            "false",
            "\"a \\\"quoted\\\" text\"",
            "\"需求分析\"",
            "count contacts",
            "days since stage_entered",
            "latest activities.date",
            "sum needs.value",
            "14 days",
            "2 weeks",
            "[open, closed]",
            "x_define",
        ])
        .prop_map(str::to_string),
    ]
}

/// A condition, nested up to a few levels; parenthesised where it nests so
/// that it always parses.
fn condition() -> impl Strategy<Value = String> {
    let leaf = prop_oneof![
        (
            value(),
            prop::sample::select(vec!["<", "<=", ">", ">=", "=", "!="]),
            value()
        )
            .prop_map(|(a, op, b)| format!("{a} {op} {b}")),
        value().prop_map(|v| format!("{v} is missing")),
        value().prop_map(|v| format!("{v} is not present")),
        value().prop_map(|v| format!("{v} is empty")),
        prop::sample::select(vec![
            "stage is at least contact",
            "stage is before closing",
            "stage is one of [contact, closing]",
            "stage is not contact",
            "any contacts where engaged",
            "no activities where type is visit",
            "all needs where (confirmed and value is present)",
            "account.name matches \"^Acme\"",
            "account.name contains \"Corp\"",
            "count (contacts where engaged) < 2",
            "close_date + 30 days < today",
            "item.done",
        ])
        .prop_map(str::to_string),
    ];
    leaf.prop_recursive(3, 16, 2, |inner| {
        prop_oneof![
            (inner.clone(), inner.clone()).prop_map(|(a, b)| format!("({a}) and ({b})")),
            (inner.clone(), inner.clone()).prop_map(|(a, b)| format!("{a} or ({b})")),
            inner.clone().prop_map(|a| format!("not ({a})")),
            inner.prop_map(|a| format!("(({a}))")),
        ]
    })
}

/// Spacing the formatter must undo.
fn space() -> impl Strategy<Value = &'static str> {
    prop::sample::select(vec![" ", "  ", "\t", " \t "])
}

fn comment() -> impl Strategy<Value = String> {
    prop_oneof![
        Just(String::new()),
        Just(String::new()),
        "[a-zA-Z 注释]{0,12}".prop_map(|c| format!("  # {c}")),
    ]
}

#[derive(Debug, Clone)]
struct Rule {
    id: String,
    title: Option<String>,
    for_each: bool,
    when: String,
    recommend: String,
    priority: Option<&'static str>,
    because: Option<String>,
    tags: Vec<&'static str>,
    comment: String,
    order: Vec<usize>,
}

fn rule(index: usize) -> impl Strategy<Value = Rule> {
    (
        prop::option::of("[A-Z][a-z ]{0,10}"),
        any::<bool>(),
        condition(),
        prop::sample::select(vec![
            "Do it",
            "Call {account.name} ({count contacts} contacts)",
            "Follow up: {days since stage_entered} days",
            "Braces \\{kept\\}",
        ]),
        prop::option::of(prop::sample::select(vec![
            "critical", "high", "medium", "low",
        ])),
        prop::option::of("[a-z ]{1,12}"),
        prop::sample::subsequence(vec!["hygiene", "research", "follow-up"], 0..3),
        comment(),
        Just((0..6).collect::<Vec<usize>>()).prop_shuffle(),
    )
        .prop_map(
            move |(title, for_each, when, recommend, priority, because, tags, comment, order)| {
                Rule {
                    id: format!("rule-{index}"),
                    title,
                    for_each,
                    when,
                    recommend: recommend.to_string(),
                    priority,
                    because,
                    tags,
                    comment,
                    order,
                }
            },
        )
}

/// A whole playbook as text, in no particular layout: clauses in any
/// order, odd spacing, comments here and there.
fn playbook_text() -> impl Strategy<Value = String> {
    (
        prop::collection::vec(rule(0), 1..4),
        space(),
        comment(),
        any::<bool>(),
    )
        .prop_map(|(mut rules, sp, header_comment, stages_inline)| {
            let mut text = format!("playbook{sp}\"Generated\"{header_comment}\nversion \"1\"\n");
            if stages_inline {
                text.push_str("stages prospecting contact \"Contact\" closing\n");
            } else {
                text.push_str(
                    "stages\n    prospecting   \"First\"\n\tcontact\n  closing \"Last\"\n",
                );
            }
            text.push_str(&format!("define x_define{sp}={sp}amount * 2\n"));
            for (i, rule) in rules.iter_mut().enumerate() {
                rule.id = format!("rule-{i}");
                let mut head = format!("rule {}", rule.id);
                if let Some(title) = &rule.title {
                    head.push_str(&format!(" \"{title}\""));
                }
                text.push_str(&format!("{head}{}\n", rule.comment));
                let mut clauses = vec![
                    format!(
                        "when {}",
                        rule.when.replace("item.done", "stage is contact")
                    ),
                    format!("recommend \"{}\"", rule.recommend),
                ];
                if rule.for_each {
                    clauses[0] = format!("when {}", rule.when);
                    clauses.push("for each item in next_steps".to_string());
                }
                if let Some(priority) = rule.priority {
                    clauses.push(format!("priority {priority}"));
                }
                if let Some(because) = &rule.because {
                    clauses.push(format!("because \"{because}\""));
                }
                if !rule.tags.is_empty() {
                    clauses.push(format!("tags {}", rule.tags.join(", ")));
                }
                for &i in &rule.order {
                    if let Some(clause) = clauses.get(i) {
                        text.push_str(&format!("  {clause}\n"));
                    }
                }
            }
            text
        })
}

proptest! {
    #![proptest_config(Config { cases: 96, ..Config::default() })]

    /// Printing a generated playbook gives text that parses to the same
    /// declarations and comments, and printing that again changes nothing.
    #[test]
    fn printed_playbooks_parse_back_to_the_same_tree(text in playbook_text()) {
        let (before, diagnostics) = playbook::parse(&text, FileId(0));
        prop_assert!(diagnostics.iter().all(|d| !d.is_error()), "generated text does not parse:\n{text}\n{diagnostics:?}");
        let printed = format_text(&text, FileId(0)).map_err(|e| TestCaseError::fail(format!("{e:?}\n{text}")))?;
        let (after, diagnostics) = playbook::parse(&printed, FileId(0));
        prop_assert!(diagnostics.is_empty(), "{printed}");
        prop_assert_eq!(IgnoringSpans(&before.declarations), IgnoringSpans(&after.declarations));
        prop_assert_eq!(comment_texts(&before), comment_texts(&after));
        prop_assert_eq!(format_text(&printed, FileId(0)).ok(), Some(printed));
    }
}

// ---------------------------------------------------------------- deals --

/// One YAML field: its key and its value written in flow style, with the
/// fields of records in a shuffled order (`shuffle` picks the order).
#[derive(Debug, Clone)]
struct Field(String, Value);

#[derive(Debug, Clone)]
enum Value {
    Scalar(String),
    Record(Vec<Field>),
    List(Vec<Value>),
}

impl Value {
    fn yaml(&self) -> String {
        match self {
            Value::Scalar(s) => s.clone(),
            Value::Record(fields) => format!(
                "{{{}}}",
                fields
                    .iter()
                    .map(|Field(k, v)| format!("{k}: {}", v.yaml()))
                    .collect::<Vec<_>>()
                    .join(", ")
            ),
            Value::List(items) => format!(
                "[{}]",
                items.iter().map(Value::yaml).collect::<Vec<_>>().join(", ")
            ),
        }
    }

    /// The same value with every record's fields in reverse order.
    fn reversed(&self) -> Value {
        match self {
            Value::Scalar(_) => self.clone(),
            Value::Record(fields) => Value::Record(
                fields
                    .iter()
                    .rev()
                    .map(|Field(k, v)| Field(k.clone(), v.reversed()))
                    .collect(),
            ),
            Value::List(items) => Value::List(items.iter().map(Value::reversed).collect()),
        }
    }
}

fn text() -> impl Strategy<Value = Value> {
    "[a-zA-Z0-9 ,.:'客户-]{0,16}".prop_map(|s| Value::Scalar(serde_json::to_string(&s).unwrap()))
}

fn date() -> impl Strategy<Value = Value> {
    (2020i32..2030, 1u32..13, 1u32..29)
        .prop_map(|(y, m, d)| Value::Scalar(format!("{y:04}-{m:02}-{d:02}")))
}

fn boolean() -> impl Strategy<Value = Value> {
    prop::sample::select(vec!["true", "false", "null"]).prop_map(|s| Value::Scalar(s.to_string()))
}

fn symbol(words: &'static [&'static str]) -> impl Strategy<Value = Value> {
    prop::sample::select(words).prop_map(|s| Value::Scalar(s.to_string()))
}

fn record(fields: Vec<(&'static str, BoxedStrategy<Value>)>) -> impl Strategy<Value = Value> {
    let strategies: Vec<BoxedStrategy<Option<Field>>> = fields
        .into_iter()
        .map(|(name, strategy)| {
            prop::option::of(strategy.prop_map(move |v| Field(name.to_string(), v))).boxed()
        })
        .collect();
    (strategies, any::<prop::sample::Index>()).prop_map(|(fields, rotate)| {
        let mut fields: Vec<Field> = fields.into_iter().flatten().collect();
        if !fields.is_empty() {
            let by = rotate.index(fields.len());
            fields.rotate_left(by);
        }
        Value::Record(fields)
    })
}

fn list(item: impl Strategy<Value = Value> + 'static) -> BoxedStrategy<Value> {
    prop::collection::vec(item, 0..5)
        .prop_map(Value::List)
        .boxed()
}

const STAGES: &[&str] = &[
    "prospecting",
    "contact",
    "needs-analysis",
    "value-delivery",
    "closing",
];

/// A deal of the model of DEALS.md, as YAML fields.
fn deal_fields() -> impl Strategy<Value = Vec<Field>> {
    let optional = vec![
        ("name", text().boxed()),
        (
            "amount",
            (0u32..2_000_000)
                .prop_map(|n| Value::Scalar(n.to_string()))
                .boxed(),
        ),
        (
            "probability",
            (0u32..101)
                .prop_map(|n| Value::Scalar(n.to_string()))
                .boxed(),
        ),
        ("close_date", date().boxed()),
        ("created", date().boxed()),
        ("stage_entered", date().boxed()),
        (
            "account",
            record(vec![
                ("name", text().boxed()),
                ("industry", text().boxed()),
                (
                    "size",
                    (1u32..5000)
                        .prop_map(|n| Value::Scalar(n.to_string()))
                        .boxed(),
                ),
            ])
            .boxed(),
        ),
        (
            "contacts",
            list(record(vec![
                ("name", text().boxed()),
                (
                    "role",
                    symbol(&["decision-maker", "economic-buyer", "champion", "user"]).boxed(),
                ),
                ("engaged", boolean().boxed()),
            ])),
        ),
        (
            "activities",
            list(record(vec![
                (
                    "type",
                    symbol(&["research", "visit", "meeting", "case-study", "data"]).boxed(),
                ),
                ("date", date().boxed()),
            ])),
        ),
        (
            "questions",
            list(record(vec![
                ("kind", symbol(&["open", "closed"]).boxed()),
                ("answered", boolean().boxed()),
            ])),
        ),
        (
            "needs",
            list(record(vec![
                ("text", text().boxed()),
                ("confirmed", boolean().boxed()),
                ("value", text().boxed()),
            ])),
        ),
        (
            "objections",
            list(record(vec![
                ("text", text().boxed()),
                ("resolved", boolean().boxed()),
            ])),
        ),
        (
            "next_steps",
            list(record(vec![
                ("text", text().boxed()),
                ("due", date().boxed()),
                ("done", boolean().boxed()),
            ])),
        ),
    ];
    (
        (0u32..1_000_000, prop::sample::select(STAGES)),
        record(optional),
    )
        .prop_map(|((id, stage), rest)| {
            let mut fields = vec![
                Field("id".to_string(), Value::Scalar(format!("D-{id}"))),
                Field("stage".to_string(), Value::Scalar(stage.to_string())),
            ];
            if let Value::Record(rest) = rest {
                fields.extend(rest);
            }
            fields
        })
        .prop_shuffle()
}

fn yaml(fields: &[Field]) -> String {
    fields
        .iter()
        .map(|Field(k, v)| format!("{k}: {}\n", v.yaml()))
        .collect()
}

fn load(text: &str, format: DealFormat, playbook: &playbook::Playbook) -> playbook::Deal {
    let mut sources = Sources::new();
    let file = sources.add(Source::new("deal", None, text));
    let mut deals = playbook::load_deals(
        sources.get(file).unwrap(),
        file,
        format,
        &playbook.deal_context(),
    );
    assert_eq!(deals.len(), 1);
    match deals.remove(0) {
        Ok(loaded) => loaded.deal,
        Err(error) => panic!(
            "{}\n{text}",
            playbook::diagnostics_to_text(&sources, &[error])
        ),
    }
}

fn actions(playbook: &playbook::Playbook, deal: &playbook::Deal) -> Vec<Recommendation> {
    playbook::evaluate(playbook, deal, Date::parse("2026-11-28").unwrap()).actions
}

proptest! {
    #![proptest_config(Config { cases: 128, ..Config::default() })]

    /// The same deal twice gives the same actions; so does the deal with
    /// every mapping's keys in another order.
    #[test]
    fn evaluation_is_deterministic_and_ignores_field_order(fields in deal_fields()) {
        let playbook = playbook::builtin(Lang::En);
        let text = yaml(&fields);
        let deal = load(&text, DealFormat::Yaml, &playbook);
        let first = actions(&playbook, &deal);
        prop_assert_eq!(&first, &actions(&playbook, &deal));
        let reordered: Vec<Field> = fields.iter().rev().map(|Field(k, v)| Field(k.clone(), v.reversed())).collect();
        let other = load(&yaml(&reordered), DealFormat::Yaml, &playbook);
        prop_assert_eq!(&deal, &other);
        prop_assert_eq!(first, actions(&playbook, &other));
    }

    /// A YAML deal and the same deal re-encoded as JSON (and as one NDJSON
    /// line) read the same and give the same actions.
    #[test]
    fn a_deal_and_its_json_give_the_same_actions(fields in deal_fields()) {
        let playbook = playbook::builtin(Lang::Zh);
        let text = yaml(&fields);
        let from_yaml = load(&text, DealFormat::Yaml, &playbook);
        let value: serde_json::Value = serde_yaml::from_str(&text).unwrap();
        let json = serde_json::to_string_pretty(&value).unwrap();
        let from_json = load(&json, DealFormat::Json, &playbook);
        let from_ndjson = load(&format!("{}\n", serde_json::to_string(&value).unwrap()), DealFormat::Ndjson, &playbook);
        prop_assert_eq!(&from_yaml, &from_json);
        prop_assert_eq!(&from_yaml, &from_ndjson);
        prop_assert_eq!(actions(&playbook, &from_yaml), actions(&playbook, &from_json));
    }

    /// `for each` gives one action per matching item, in item order.
    #[test]
    fn for_each_gives_one_action_per_matching_item(
        objections in prop::collection::vec((text(), prop::sample::select(vec!["true", "false", "null"])), 0..12),
        steps in prop::collection::vec((date(), prop::sample::select(vec!["true", "false"])), 0..12),
    ) {
        let playbook = playbook::compile_text(
            "each.playbook",
            "playbook \"Each\"\nstages\n  open\n\
             rule objection\n  for each o in objections\n  when not o.resolved\n  recommend \"{o.text}\"\n  priority high\n\
             rule step\n  for each s in next_steps\n  when not s.done and s.due < today\n  recommend \"{s.due}\"\n",
        )
        .playbook
        .unwrap();
        let objection_items: Vec<String> = objections.iter().map(|(t, r)| format!("{{text: {}, resolved: {r}}}", t.yaml())).collect();
        let step_items: Vec<String> = steps.iter().map(|(d, done)| format!("{{due: {}, done: {done}}}", d.yaml())).collect();
        let text = format!(
            "id: D-1\nstage: open\nobjections: [{}]\nnext_steps: [{}]\n",
            objection_items.join(", "),
            step_items.join(", ")
        );
        let deal = load(&text, DealFormat::Yaml, &playbook);
        let got = actions(&playbook, &deal);
        let today = Date::parse("2026-11-28").unwrap();
        let expected_objections: Vec<String> = objections
            .iter()
            .filter(|(_, resolved)| *resolved != "true")
            .map(|(t, _)| serde_json::from_str::<String>(&t.yaml()).unwrap())
            .collect();
        let expected_steps: Vec<String> = steps
            .iter()
            .filter(|(d, done)| *done == "false" && Date::parse(&d.yaml()).unwrap() < today)
            .map(|(d, _)| d.yaml())
            .collect();
        let fired_objections: Vec<String> = got.iter().filter(|a| a.rule == "objection").map(|a| a.message.clone()).collect();
        let fired_steps: Vec<String> = got.iter().filter(|a| a.rule == "step").map(|a| a.message.clone()).collect();
        prop_assert_eq!(fired_objections, expected_objections);
        prop_assert_eq!(fired_steps, expected_steps);
    }
}

// ------------------------------------ the reference evaluator agrees --

/// Typed pieces of the language, so that generated playbooks check: every
/// kind of node the compiled evaluator has, with missing values, empty and
/// missing lists, division by zero and the stage order among them.
fn number_expr() -> impl Strategy<Value = String> {
    let leaf = prop::sample::select(vec![
        "amount",
        "probability",
        "account.size",
        "custom.budget",
        "count contacts",
        "count (contacts where engaged)",
        "count (activities.with)",
        "days since stage_entered",
        "days until close_date",
        "days since latest activities.date",
        "sum [1, 2.5]",
        "x_define",
        "count big_define",
        "0",
        "3",
        "0.5",
        "120000",
    ])
    .prop_map(str::to_string);
    leaf.prop_recursive(2, 6, 2, |inner| {
        (
            inner.clone(),
            prop::sample::select(vec!["+", "-", "*", "/"]),
            inner,
        )
            .prop_map(|(a, op, b)| format!("({a} {op} {b})"))
    })
}

fn date_expr() -> impl Strategy<Value = String> {
    prop::sample::select(vec![
        "close_date",
        "stage_entered",
        "created",
        "account.customer_since",
        "today",
        "2026-11-28",
        "latest activities.date",
        "earliest activities.date",
        "earliest next_steps.due",
        "close_date + 30 days",
        "stage_entered - 2 weeks",
        "custom.review",
    ])
    .prop_map(str::to_string)
}

fn typed_condition() -> impl Strategy<Value = String> {
    let compare = prop::sample::select(vec!["<", "<=", ">", ">=", "=", "!="]);
    let leaf = prop_oneof![
        (number_expr(), compare.clone(), number_expr())
            .prop_map(|(a, op, b)| format!("{a} {op} {b}")),
        (date_expr(), compare, date_expr()).prop_map(|(a, op, b)| format!("{a} {op} {b}")),
        (number_expr(), any::<bool>()).prop_map(|(a, missing)| format!(
            "{a} is {}",
            if missing { "missing" } else { "present" }
        )),
        date_expr().prop_map(|a| format!("{a} is missing")),
        prop::sample::select(vec![
            "stage is at least contact",
            "stage is before closing",
            "stage is after prospecting",
            "stage is at most contact",
            "stage is one of [contact, closing]",
            "stage is not contact",
            "stage is closing",
            "any contacts where engaged",
            "any contacts",
            "no contacts where role is decision-maker",
            "no activities where type is visit",
            "all contacts where engaged",
            "all needs where (confirmed and value is present)",
            "all next_steps where due < today",
            "account.name matches \"^A\"",
            "account.name contains \"a\"",
            "account.name is \"Acme\"",
            "account.name is empty",
            "name is not empty",
            "contacts is empty",
            "objections is not empty",
            "activities.with contains \"Li\"",
            "activities.with is empty",
            "big_define is missing",
            "big_define is empty",
            "custom.flag",
            "not custom.flag",
            "custom.flag is true",
            "custom.flag is not true",
            "not (custom.flag is true)",
            "flag_define",
            "item.done",
            "not item.done",
            "item.due < today",
            "item.text contains \"a\"",
            "item.due is missing",
        ])
        .prop_map(str::to_string),
    ];
    leaf.prop_recursive(3, 12, 2, |inner| {
        prop_oneof![
            (inner.clone(), inner.clone()).prop_map(|(a, b)| format!("({a}) and ({b})")),
            (inner.clone(), inner.clone()).prop_map(|(a, b)| format!("({a}) or ({b})")),
            inner.prop_map(|a| format!("not ({a})")),
        ]
    })
}

fn typed_message() -> impl Strategy<Value = String> {
    prop::collection::vec(
        prop::sample::select(vec![
            "Call",
            " {account.name}",
            " {count contacts}",
            " {contacts.name}",
            " {activities.with}",
            " {latest activities.date}",
            " {x_define}",
            " {amount / probability}",
            " {sum [0.1, 0.2]}",
            " {close_date - today}",
            " {stage}",
            " {custom.flag}",
            " {custom.budget}",
            " {big_define.name}",
            " {item.text}",
            " {item.due}",
            " {days until item.due}",
        ]),
        1..4,
    )
    .prop_map(|parts| parts.concat())
}

/// A playbook that checks, its rules with and without `for each`.
fn checked_playbook_text() -> impl Strategy<Value = String> {
    let rule = (
        any::<bool>(),
        typed_condition(),
        typed_message(),
        prop::option::of(prop::sample::select(vec![
            "critical", "high", "medium", "low",
        ])),
        prop::option::of(typed_message()),
    );
    prop::collection::vec(rule, 1..6).prop_map(|rules| {
        let mut text = String::from(
            "playbook \"Generated\"\nstages\n  prospecting\n  contact\n  closing\n\
             fields\n  custom.budget number\n  custom.flag bool\n  custom.review date\n\
             define x_define = amount * 2 + custom.budget\n\
             define big_define = contacts where (engaged or role is champion)\n\
             define flag_define = any big_define and x_define > 10\n",
        );
        for (i, (for_each, when, recommend, priority, because)) in rules.into_iter().enumerate() {
            text.push_str(&format!("rule rule-{i}\n"));
            if for_each {
                text.push_str("  for each item in next_steps\n");
            }
            let mut clauses = format!("  when {when}\n  recommend \"{recommend}\"\n");
            if let Some(priority) = priority {
                clauses.push_str(&format!("  priority {priority}\n"));
            }
            if let Some(because) = because {
                clauses.push_str(&format!("  because \"{because}\"\n"));
            }
            if !for_each {
                // No item outside `for each`: deal fields of the same types.
                clauses = clauses
                    .replace("item.done", "custom.flag")
                    .replace("item.due", "account.customer_since")
                    .replace("item.text", "account.name");
            }
            text.push_str(&clauses);
        }
        text
    })
}

/// The shipped playbooks on the example deals, over a few weeks of days:
/// the ground every generated case stands beside.
#[test]
fn the_reference_agrees_on_the_shipped_playbooks_and_example_deals() {
    let mut compared = 0;
    for lang in [Lang::En, Lang::Zh] {
        let playbook = playbook::builtin(lang);
        for entry in std::fs::read_dir("examples/deals").unwrap() {
            let path = entry.unwrap().path();
            let format = match path.extension().and_then(|e| e.to_str()) {
                Some("yaml") => DealFormat::Yaml,
                Some("ndjson") => DealFormat::Ndjson,
                _ => continue,
            };
            let text = std::fs::read_to_string(&path).unwrap();
            let source = Source::new("deal", None, text.as_str());
            for loaded in playbook::load_deals(&source, FileId(0), format, &playbook.deal_context())
            {
                let deal = loaded.unwrap().deal;
                for days in (-30..30).step_by(7) {
                    let today = Date::parse("2026-11-28").unwrap().add_days(days).unwrap();
                    let fast = playbook::evaluate(&playbook, &deal, today);
                    let plain = playbook::evaluate_reference(&playbook, &deal, today).unwrap();
                    assert_eq!(fast.actions, plain.actions, "{}", path.display());
                    assert_eq!(fast.snoozed, plain.snoozed, "{}", path.display());
                    compared += 1;
                }
            }
        }
    }
    assert!(compared > 50, "{compared} deals compared");
}

/// A deal for [`checked_playbook_text`]: the fields of [`deal_fields`] on
/// its three stages, its custom fields, and snoozes of its rules (and of
/// rules it lacks).
fn checked_deal_text() -> impl Strategy<Value = String> {
    // Around the run's day (2026-11-28 ± 3), so that a snooze's last day
    // falls on it often.
    let snooze = (0usize..7, 25u32..32).prop_map(|(rule, day)| {
        let until = if day > 30 {
            format!("2026-12-{:02}", day - 30)
        } else {
            format!("2026-11-{day}")
        };
        Value::Record(vec![
            Field("rule".to_string(), Value::Scalar(format!("rule-{rule}"))),
            Field("until".to_string(), Value::Scalar(until)),
            Field("reason".to_string(), Value::Scalar("\"away\"".to_string())),
        ])
    });
    (
        deal_fields(),
        record(vec![
            (
                "budget",
                (0u32..100)
                    .prop_map(|n| Value::Scalar(n.to_string()))
                    .boxed(),
            ),
            ("flag", boolean().boxed()),
            ("review", date().boxed()),
        ]),
        prop::option::of(prop::collection::vec(snooze, 0..3)),
    )
        .prop_map(|(mut fields, custom, snoozed)| {
            for Field(key, value) in &mut fields {
                if key == "stage" {
                    if let Value::Scalar(stage) = value {
                        if !["prospecting", "contact", "closing"].contains(&stage.as_str()) {
                            *stage = "contact".to_string();
                        }
                    }
                }
            }
            fields.push(Field("custom".to_string(), custom));
            if let Some(snoozed) = snoozed {
                fields.push(Field("snoozed".to_string(), Value::List(snoozed)));
            }
            yaml(&fields)
        })
}

proptest! {
    #![proptest_config(Config { cases: 160, ..Config::default() })]

    /// The compiled evaluator and the reference evaluator (the semantics
    /// written plainly) give the same actions in the same order, with the
    /// same messages and reasons, the same snoozed actions and the same
    /// warnings.
    #[test]
    fn the_compiled_evaluator_agrees_with_the_reference(
        text in checked_playbook_text(),
        deal_text in checked_deal_text(),
        days in -3i64..4,
    ) {
        let compiled = playbook::compile_text("generated.playbook", &text);
        let Some(playbook) = compiled.playbook else {
            return Err(TestCaseError::fail(format!("generated playbook does not check:\n{text}\n{:?}", compiled.diagnostics)));
        };
        let deal = load(&deal_text, DealFormat::Yaml, &playbook);
        let today = Date::parse("2026-11-28").unwrap().add_days(days).unwrap();
        let fast = playbook::evaluate(&playbook, &deal, today);
        prop_assert!(!fast.is_error(), "small deals stay within the step budget");
        let plain = playbook::evaluate_reference(&playbook, &deal, today);
        let Some(plain) = plain else {
            return Err(TestCaseError::fail("small deals stay within the reference's work bound"));
        };
        prop_assert_eq!(&fast.actions, &plain.actions, "{}\n{}", text, deal_text);
        prop_assert_eq!(&fast.snoozed, &plain.snoozed, "{}\n{}", text, deal_text);
        let codes = |result: &playbook::DealResult| result.warnings.iter().map(|w| w.code).collect::<Vec<_>>();
        prop_assert_eq!(codes(&fast), codes(&plain));
    }
}
