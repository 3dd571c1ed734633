//! Every message key has words in every language whose catalogue is
//! complete.

use super::explain::{Change, Comparison, Fact, Hint, InTime, ItemOf, Relation, Shown, Side};
use super::{
    en, zh, CheckCounts, Coverage, Key, Lang, Message, Noun, RuleStatus, Unmet, Validation,
};

/// The languages whose catalogue must have every key. Chinese joins this
/// list once `zh.rs` has words for every key; from then on a key without
/// Chinese fails here.
const COMPLETE: &[Lang] = &[Lang::En];

/// Every kind of change a hint can name.
fn changes() -> Vec<Change> {
    let now = Shown::Plain("3".to_string());
    vec![
        Change::Were {
            subject: "stage".to_string(),
            relation: Relation::AtOrAfter,
            other: "proposal".to_string(),
            now: Shown::Plain("discovery".to_string()),
        },
        Change::OneOf {
            subject: "industry".to_string(),
            one_of: false,
            list: vec!["retail".to_string()],
            now: Shown::Quoted("retail".to_string()),
        },
        Change::Presence {
            subject: "amount".to_string(),
            present: true,
        },
        Change::Empty {
            list: "contacts".to_string(),
            items: 2,
        },
        Change::HadOne {
            list: "contacts".to_string(),
            item: ItemOf::Named("contact".to_string()),
        },
        Change::NoneOf {
            list: "contacts where engaged".to_string(),
            count: 1,
        },
        Change::One {
            item: ItemOf::Where {
                item: "activity".to_string(),
                condition: "type is research".to_string(),
            },
        },
        Change::Every {
            condition: "engaged".to_string(),
            item: "contact".to_string(),
            list: "contacts".to_string(),
            holds: true,
        },
        Change::Contains {
            haystack: "notes".to_string(),
            needle: "\"budget\"".to_string(),
            contains: true,
        },
        Change::Matches {
            subject: "email".to_string(),
            pattern: "@acme".to_string(),
            matches: false,
        },
        Change::Value {
            subject: "qualified".to_string(),
            want: true,
            now,
        },
    ]
}

/// The values of a part: one of each kind of shown value.
fn facts() -> Vec<Fact> {
    let fact = |expr: &str, value: Option<Shown>, list: bool| Fact {
        expr: expr.to_string(),
        value,
        list,
    };
    vec![
        fact("days since last_touch", Some(Shown::Days(27)), false),
        fact("latest activities.date", None, false),
        fact("contacts", Some(Shown::Items(0)), true),
        fact(
            "contacts where engaged",
            Some(Shown::Of { count: 1, total: 3 }),
            true,
        ),
        fact("contacts", Some(Shown::Hold { held: 1, total: 3 }), true),
        fact("account", Some(Shown::Present), false),
        fact("amount", Some(Shown::Missing), false),
        fact("objections", Some(Shown::Missing), true),
    ]
}

/// An unmet expectation, for [`examples`].
static UNMET: Unmet = Unmet::Fired(String::new());

/// Every key of [`Message`], each with sample arguments.
fn examples<'a>(
    facts: &'a [Fact],
    comparison: &'a Comparison,
    hints: &'a [Hint],
    shown: &'a Shown,
) -> Vec<Message<'a>> {
    let mut examples = vec![
        Message::DidYouMean { close: "proposal" },
        Message::Count {
            n: 3,
            noun: Noun::Rule,
        },
        Message::CheckSummary(CheckCounts {
            deals: 1,
            with_actions: 1,
            actions: 2,
            by_priority: [0, 1, 1, 0],
            snoozed: 0,
            with_errors: 0,
        }),
        Message::TopRules(&[("research-account", 3)]),
        Message::ValidateSummary(Validation::Ok {
            rules: 1,
            warnings: 0,
        }),
        Message::TestCounts {
            passed: 3,
            failed: 1,
            not_run: 1,
        },
        Message::TestsNotRun,
        Message::Unmet(&UNMET),
        Message::CaseFailed,
        Message::CaseError,
        Message::FiredInOrder(&[]),
        Message::CouldNotRun {
            why: "the deal file is missing",
        },
        Message::Coverage(Coverage::Partial {
            playbook: "sales.playbook",
            rules: 3,
            cases: 2,
        }),
        Message::Value(shown),
        Message::Part {
            text: "amount >= 100000",
            result: false,
            missing: true,
            facts,
            comparison: Some(comparison),
        },
        Message::Part {
            text: "contacts is empty",
            result: false,
            missing: false,
            facts,
            comparison: None,
        },
        Message::HintLabel,
        Message::RuleStatus(RuleStatus::FiredFor {
            firing: 1,
            items: 2,
            item: "objection",
        }),
        Message::ItemStatus { fired: true },
        Message::Snoozed {
            until: "2026-12-01",
            reason: "waiting on legal",
        },
        Message::ExplainHeading {
            stage: "qualified",
            position: 2,
            stages: 4,
            today: "2026-11-28",
            fired: 1,
            rules: 9,
            actions: 1,
        },
    ];
    examples.extend(hints.iter().map(Message::Hint));
    examples
}

/// Hints of each shape: one change, two, time alone, nothing, no items.
fn hints() -> Vec<Hint> {
    let time = InTime {
        date: "2026-12-01".to_string(),
        days: 3,
    };
    let mut hints: Vec<Hint> = changes()
        .into_iter()
        .map(|change| Hint::Turn {
            fired: false,
            changes: vec![change],
            time: None,
        })
        .collect();
    hints.push(Hint::Turn {
        fired: true,
        changes: changes().into_iter().take(2).collect(),
        time: Some(time.clone()),
    });
    hints.push(Hint::Turn {
        fired: false,
        changes: Vec::new(),
        time: Some(time),
    });
    hints.push(Hint::Turn {
        fired: true,
        changes: Vec::new(),
        time: None,
    });
    hints.push(Hint::NoItems {
        item: "objection".to_string(),
        list: "objections".to_string(),
    });
    hints
}

/// Runs `check` with every example.
fn each_example(check: &mut dyn FnMut(&Message)) {
    let facts = facts();
    let comparison = Comparison {
        op: ">".to_string(),
        sides: [Side::Value { facts: 2 }, Side::Written("14".to_string())],
    };
    let hints = hints();
    let shown = Shown::Quoted("price above budget".to_string());
    for message in examples(&facts, &comparison, &hints, &shown) {
        check(&message);
    }
}

/// Every key, once. A new [`Message`] variant does not compile until
/// [`Message::key`] gives it a [`Key`]; that key belongs here, and then
/// `every_key_has_an_example` asks for an example of it.
const KEYS: &[Key] = &[
    Key::DidYouMean,
    Key::Count,
    Key::CheckSummary,
    Key::TopRules,
    Key::ValidateSummary,
    Key::TestCounts,
    Key::TestsNotRun,
    Key::Unmet,
    Key::CaseFailed,
    Key::CaseError,
    Key::FiredInOrder,
    Key::CouldNotRun,
    Key::Coverage,
    Key::Value,
    Key::Part,
    Key::Hint,
    Key::HintLabel,
    Key::RuleStatus,
    Key::ItemStatus,
    Key::Snoozed,
    Key::ExplainHeading,
];

fn catalogue(lang: Lang, message: &Message) -> Option<String> {
    match lang {
        Lang::En => Some(en::message(message)),
        Lang::Zh => zh::message(message),
    }
}

#[test]
fn every_key_has_an_example() {
    let mut keys: Vec<Key> = Vec::new();
    each_example(&mut |message| keys.push(message.key()));
    for key in KEYS {
        assert!(keys.contains(key), "no example of {key:?}");
    }
}

#[test]
fn every_key_has_words_in_every_complete_language() {
    for lang in COMPLETE {
        each_example(&mut |message| {
            let words = catalogue(*lang, message);
            assert!(
                words.as_deref().is_some_and(|w| !w.trim().is_empty()),
                "{:?} has no {lang:?} words",
                message.key()
            );
        });
    }
}

#[test]
fn a_language_without_words_falls_back_to_english() {
    let message = Message::DidYouMean { close: "x" };
    assert_eq!(message.render(Lang::Zh), message.render(Lang::En));
}

#[test]
fn counts_take_the_singular_for_one() {
    assert_eq!(super::count_noun(1usize, "rule"), "1 rule");
    assert_eq!(super::count_noun(0usize, "rule"), "0 rules");
    assert_eq!(super::count_noun(-1i64, "day"), "-1 day");
    assert_eq!(super::count_noun(2u64, "day"), "2 days");
}

#[test]
fn articles_follow_the_first_letter() {
    assert_eq!(super::with_article("account"), "an account");
    assert_eq!(super::with_article("contact"), "a contact");
}

#[test]
fn english_explains_a_missing_side_of_a_comparison() {
    let facts = [Fact {
        expr: "amount".to_string(),
        value: Some(Shown::Missing),
        list: false,
    }];
    let comparison = Comparison {
        op: ">=".to_string(),
        sides: [
            Side::Value { facts: 1 },
            Side::Written("100000".to_string()),
        ],
    };
    let part = Message::Part {
        text: "amount >= 100000",
        result: false,
        missing: true,
        facts: &facts,
        comparison: Some(&comparison),
    };
    assert_eq!(
        part.render(Lang::En),
        "amount is missing, so amount >= 100000 → false"
    );
}

#[test]
fn chinese_has_words_of_its_own_where_it_has_them() {
    let rules = Message::Count {
        n: 3,
        noun: Noun::Rule,
    };
    assert_eq!(rules.render(Lang::Zh), "3 条规则");
    assert_eq!(rules.render(Lang::En), "3 rules");
}
