//! Every message key has words in every language whose catalogue is
//! complete.

use super::{en, zh, CheckCounts, Key, Lang, Message, Noun, Validation};

/// The languages whose catalogue must have every key. Chinese joins this
/// list once `zh.rs` has words for every key; from then on a key without
/// Chinese fails here.
const COMPLETE: &[Lang] = &[Lang::En];

/// Every key of [`Message`], each with sample arguments.
fn examples() -> Vec<Message<'static>> {
    vec![
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
        Message::ValidateSummary(Validation::Ok {
            rules: 1,
            warnings: 0,
        }),
    ]
}

/// Every key, once: extending [`Message`] without extending this list
/// fails to compile in [`Message::key`], and then here.
const KEYS: &[Key] = &[
    Key::DidYouMean,
    Key::Count,
    Key::CheckSummary,
    Key::ValidateSummary,
];

fn catalogue(lang: Lang, message: &Message) -> Option<String> {
    match lang {
        Lang::En => Some(en::message(message)),
        Lang::Zh => zh::message(message),
    }
}

#[test]
fn every_key_has_an_example() {
    let keys: Vec<Key> = examples().iter().map(Message::key).collect();
    for key in KEYS {
        assert!(keys.contains(key), "no example of {key:?}");
    }
}

#[test]
fn every_key_has_words_in_every_complete_language() {
    for lang in COMPLETE {
        for message in examples() {
            let words = catalogue(*lang, &message);
            assert!(
                words.as_deref().is_some_and(|w| !w.trim().is_empty()),
                "{:?} has no {lang:?} words",
                message.key()
            );
        }
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
