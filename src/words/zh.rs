//! The Chinese catalogue. Keys it does not have yet return `None` and are
//! shown in English; the coverage test in `words::tests` lists Chinese as
//! complete once every key has its words here.

use super::{CheckCounts, Message, Noun, Unmet};

/// The Chinese words of a message, when the catalogue has them.
pub(super) fn message(message: &Message) -> Option<String> {
    match message {
        Message::CheckSummary(counts) => Some(check_summary(counts)),
        Message::TopRules(rules) => Some(format!(
            "行动最多的规则：{}",
            super::en::top_rules(rules).join("，")
        )),
        Message::Count {
            n,
            noun: Noun::Rule,
        } => Some(format!("{n} 条规则")),
        Message::Unmet(Unmet::Fired(rule)) => Some(format!("应当触发 `{rule}`，但它没有触发")),
        Message::Unmet(Unmet::Silent(rule)) => Some(format!("不应触发 `{rule}`，但它触发了")),
        Message::Unmet(Unmet::Exactly(rules)) => {
            Some(format!("应当恰好按此顺序触发 [{}]", rules.join(", ")))
        }
        Message::DidYouMean { .. }
        | Message::ValidateSummary(_)
        | Message::TestCounts { .. }
        | Message::TestsNotRun
        | Message::CaseFailed
        | Message::CaseError
        | Message::FiredInOrder(_)
        | Message::CouldNotRun { .. }
        | Message::Coverage(_)
        | Message::Value(_)
        | Message::Part { .. }
        | Message::Hint(_)
        | Message::HintLabel
        | Message::RuleStatus(_)
        | Message::ItemStatus { .. }
        | Message::Snoozed { .. }
        | Message::ExplainHeading { .. } => None,
    }
}

fn check_summary(counts: &CheckCounts) -> String {
    let [critical, high, medium, low] = counts.by_priority;
    format!(
        "共读取 {} 个商机，{} 个有待办行动；行动 {} 项（紧急 {critical}，高 {high}，中 {medium}，低 {low}），暂缓 {} 项，出错 {} 个",
        counts.deals, counts.with_actions, counts.actions, counts.snoozed, counts.with_errors
    )
}
