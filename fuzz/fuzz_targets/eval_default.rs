//! The default playbook (English and Chinese) evaluated on arbitrary deals,
//! built field by field from the fuzzer's bytes: any text, any number
//! (NaN and infinities included, as YAML's `.nan` and `.inf` give), dates
//! across the whole supported range, lists of any length, snoozes naming
//! real and unknown rules; and any `today`. Every result is rendered as
//! text, JSON and Markdown.
#![no_main]

use std::sync::OnceLock;

use arbitrary::{Arbitrary, Result, Unstructured};
use codespan_reporting::term::termcolor::Buffer;
use libfuzzer_sys::fuzz_target;
use playbook::Date;
use playbook::Lang;
use playbook::Sources;
use playbook::{self as render, Labels};
use playbook::{
    Account, Activity, Competitor, Contact, CustomValues, Deal, Need, NextStep, Objection,
    Question, Snooze,
};

fn playbooks() -> &'static [playbook::Playbook; 2] {
    static PLAYBOOKS: OnceLock<[playbook::Playbook; 2]> = OnceLock::new();
    PLAYBOOKS.get_or_init(|| [playbook::builtin(Lang::En), playbook::builtin(Lang::Zh)])
}

const SYMBOLS: &[&str] = &[
    "decision-maker",
    "economic-buyer",
    "champion",
    "influencer",
    "evaluator",
    "technical-buyer",
    "user",
    "gatekeeper",
    "research",
    "call",
    "email",
    "visit",
    "meeting",
    "demo",
    "proposal",
    "case-study",
    "data",
    "follow-up",
    "positive",
    "neutral",
    "negative",
    "open",
    "closed",
];

const RULES: &[&str] = &[
    "research-account",
    "complete-account-profile",
    "plan-first-visit",
    "map-contacts",
    "ask-open-questions",
    "confirm-needs",
    "find-decision-maker",
    "tie-value-to-needs",
    "share-case",
    "support-with-data",
    "multi-thread",
    "agree-next-step",
    "resolve-objection",
    "follow-up",
    "close-date-passed",
    "overdue-next-step",
    "stalled-in-stage",
    "no-such-rule",
];

fn text(u: &mut Unstructured) -> Result<Option<String>> {
    Ok(match u.int_in_range(0..=3u8)? {
        0 => None,
        1 => Some(String::new()),
        _ => Some(String::arbitrary(u)?),
    })
}

fn symbol(u: &mut Unstructured) -> Result<Option<String>> {
    Ok(match u.int_in_range(0..=3u8)? {
        0 => None,
        1 => text(u)?,
        _ => Some(u.choose(SYMBOLS)?.to_string()),
    })
}

fn number(u: &mut Unstructured) -> Result<Option<f64>> {
    Ok(match u.int_in_range(0..=4u8)? {
        0 => None,
        1 => Some(f64::arbitrary(u)?),
        2 => Some(*u.choose(&[f64::NAN, f64::INFINITY, f64::NEG_INFINITY, 1e300, -0.0])?),
        _ => Some(f64::from(u.int_in_range(-5..=200i32)?)),
    })
}

fn boolean(u: &mut Unstructured) -> Result<Option<bool>> {
    Ok(match u.int_in_range(0..=2u8)? {
        0 => None,
        1 => Some(false),
        _ => Some(true),
    })
}

/// A date near 2026-11-28 mostly, sometimes at the ends of the range.
fn date(u: &mut Unstructured) -> Result<Option<Date>> {
    let base = Date::from_ymd(2026, 11, 28).unwrap();
    Ok(match u.int_in_range(0..=5u8)? {
        0 => None,
        1 => Some(*u.choose(&[
            Date::from_ymd(1, 1, 1).unwrap(),
            Date::from_ymd(9999, 12, 31).unwrap(),
            Date::EPOCH,
        ])?),
        2 => base.add_days(i64::from(i32::arbitrary(u)?) % 4_000_000),
        _ => base.add_days(i64::from(u.int_in_range(-400..=400i32)?)),
    })
}

fn list<T>(
    u: &mut Unstructured,
    item: impl Fn(&mut Unstructured) -> Result<T>,
) -> Result<Option<Vec<T>>> {
    if u.int_in_range(0..=4u8)? == 0 {
        return Ok(None);
    }
    let len = u.int_in_range(0..=12usize)?;
    let mut items = Vec::with_capacity(len);
    for _ in 0..len {
        items.push(item(u)?);
    }
    Ok(Some(items))
}

fn deal(u: &mut Unstructured, stages: usize) -> Result<Deal> {
    let stage_rank = u.int_in_range(0..=stages.saturating_sub(1))?;
    Ok(Deal {
        id: String::arbitrary(u)?,
        name: text(u)?,
        stage: String::new(),
        stage_rank: u32::try_from(stage_rank).unwrap_or(0),
        owner: text(u)?,
        amount: number(u)?,
        currency: text(u)?,
        probability: number(u)?,
        close_date: date(u)?,
        created: date(u)?,
        stage_entered: date(u)?,
        account: if bool::arbitrary(u)? {
            Some(Account {
                name: text(u)?,
                industry: text(u)?,
                size: number(u)?,
                region: text(u)?,
                customer_since: date(u)?,
            })
        } else {
            None
        },
        contacts: list(u, |u| {
            Ok(Contact {
                name: text(u)?,
                title: text(u)?,
                role: symbol(u)?,
                engaged: boolean(u)?,
                last_contact: date(u)?,
            })
        })?,
        activities: list(u, |u| {
            Ok(Activity {
                kind: symbol(u)?,
                date: date(u)?,
                summary: text(u)?,
                outcome: symbol(u)?,
                with: list(u, |u| String::arbitrary(u))?,
            })
        })?,
        questions: list(u, |u| {
            Ok(Question {
                text: text(u)?,
                kind: symbol(u)?,
                date: date(u)?,
                answered: boolean(u)?,
            })
        })?,
        needs: list(u, |u| {
            Ok(Need {
                text: text(u)?,
                confirmed: boolean(u)?,
                value: text(u)?,
            })
        })?,
        objections: list(u, |u| {
            Ok(Objection {
                text: text(u)?,
                resolved: boolean(u)?,
            })
        })?,
        competitors: list(u, |u| Ok(Competitor { name: text(u)? }))?,
        next_steps: list(u, |u| {
            Ok(NextStep {
                text: text(u)?,
                due: date(u)?,
                done: boolean(u)?,
            })
        })?,
        custom: CustomValues(Vec::new()),
        snoozed: list(u, |u| {
            Ok(Snooze {
                rule: Some(u.choose(RULES)?.to_string()),
                until: date(u)?,
                reason: Some(String::arbitrary(u)?),
            })
        })?,
    })
}

fuzz_target!(|data: &[u8]| {
    let mut u = Unstructured::new(data);
    let Ok(lang) = u.int_in_range(0..=1usize) else {
        return;
    };
    let playbook = &playbooks()[lang];
    let Ok(mut deal) = deal(&mut u, playbook.stages().len()) else {
        return;
    };
    deal.stage = playbook.stages()[deal.stage_rank as usize].name.clone();
    let today = date(&mut u)
        .ok()
        .flatten()
        .unwrap_or(Date::from_ymd(2026, 11, 28).unwrap());
    let result = playbook::evaluate(playbook, &deal, today);
    // The same deal, the same day: the same answer.
    let again = playbook::evaluate(playbook, &deal, today);
    assert_eq!(
        (&again.actions, &again.snoozed),
        (&result.actions, &result.snoozed)
    );
    let sources = Sources::new();
    let labels = Labels::new(if lang == 0 { Lang::En } else { Lang::Zh });
    let mut out = Buffer::no_color();
    let _ = render::text_deal(&mut out, playbook, &sources, &result, &labels);
    let _ = serde_json::to_string(&render::deal_json(&sources, &result));
    let _ = render::markdown_deal(&sources, &result, &labels);
});
