//! Counting a run: what each deal contributed, and the totals.

use serde::Serialize;

use crate::ast::Priority;
use crate::ir;
use crate::recommendation::DealResult;

/// What one deal adds to the summary.
#[derive(Debug, Clone, Default, PartialEq)]
pub(crate) struct DealStats {
    /// The deal could not be read or evaluated.
    pub error: bool,
    /// Actions by priority: critical, high, medium, low.
    pub actions: [u32; 4],
    /// The position of the rule of each action.
    pub rules: Vec<u32>,
    /// Snoozed actions.
    pub snoozed: u32,
}

fn priority_index(priority: Priority) -> usize {
    match priority {
        Priority::Critical => 0,
        Priority::High => 1,
        Priority::Medium => 2,
        Priority::Low => 3,
    }
}

impl DealStats {
    /// The stats of a result (after filters).
    pub(crate) fn of(result: &DealResult, playbook: &ir::Playbook) -> DealStats {
        let mut stats = DealStats {
            error: result.is_error(),
            snoozed: u32::try_from(result.snoozed.len()).unwrap_or(u32::MAX),
            ..DealStats::default()
        };
        for action in &result.actions {
            if let Some(count) = stats.actions.get_mut(priority_index(action.priority)) {
                *count += 1;
            }
            if let Some(index) = playbook.rules.iter().position(|r| r.id == action.rule) {
                stats.rules.push(u32::try_from(index).unwrap_or(u32::MAX));
            }
        }
        stats
    }

    /// Whether any action is at `threshold` or more urgent.
    pub(crate) fn reaches(&self, threshold: Priority) -> bool {
        self.actions
            .iter()
            .take(priority_index(threshold) + 1)
            .any(|n| *n > 0)
    }
}

/// A rule and how many actions it produced.
#[derive(Serialize, Debug, Clone, PartialEq)]
pub(crate) struct TopRule {
    /// The rule ID.
    pub rule: String,
    /// Its actions in the run.
    pub count: u64,
}

/// Counts over a run.
#[derive(Serialize, Debug, Default, Clone, PartialEq)]
pub(crate) struct Summary {
    /// Deals read (including those with errors).
    pub deals: u64,
    /// Deals with at least one action.
    pub with_actions: u64,
    /// Deals that could not be evaluated.
    pub with_errors: u64,
    /// Deals of a CRM export mapped to `closed`: counted, not evaluated
    /// (not read, so not in `deals`).
    #[serde(skip_serializing_if = "is_zero")]
    pub closed: u64,
    /// Actions by priority.
    pub actions: PriorityCounts,
    /// Snoozed actions.
    pub snoozed: u64,
    /// The five rules with the most actions, most first.
    pub top_rules: Vec<TopRule>,
    #[serde(skip)]
    rule_counts: Vec<u64>,
}

fn is_zero(n: &u64) -> bool {
    *n == 0
}

/// Actions counted by priority.
#[derive(Serialize, Debug, Default, Clone, PartialEq)]
pub(crate) struct PriorityCounts {
    /// Critical actions.
    pub critical: u64,
    /// High actions.
    pub high: u64,
    /// Medium actions.
    pub medium: u64,
    /// Low actions.
    pub low: u64,
}

impl PriorityCounts {
    /// The total.
    pub(crate) fn total(&self) -> u64 {
        self.critical + self.high + self.medium + self.low
    }
}

impl Summary {
    /// Counts one more deal.
    pub(crate) fn add(&mut self, stats: &DealStats) {
        self.deals += 1;
        self.with_errors += u64::from(stats.error);
        self.with_actions += u64::from(stats.actions.iter().any(|n| *n > 0));
        let [critical, high, medium, low] = stats.actions.map(u64::from);
        self.actions.critical += critical;
        self.actions.high += high;
        self.actions.medium += medium;
        self.actions.low += low;
        self.snoozed += u64::from(stats.snoozed);
        for rule in &stats.rules {
            let index = *rule as usize;
            if self.rule_counts.len() <= index {
                self.rule_counts.resize(index + 1, 0);
            }
            if let Some(count) = self.rule_counts.get_mut(index) {
                *count += 1;
            }
        }
    }

    /// Fills `top_rules` from the counts; call once at the end.
    pub(crate) fn finish(&mut self, playbook: &ir::Playbook) {
        let mut counted: Vec<(usize, u64)> = self
            .rule_counts
            .iter()
            .copied()
            .enumerate()
            .filter(|(_, n)| *n > 0)
            .collect();
        // Most actions first; rules with equal counts in playbook order.
        counted.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(&b.0)));
        self.top_rules = counted
            .into_iter()
            .take(5)
            .filter_map(|(i, count)| {
                playbook.rules.get(i).map(|r| TopRule {
                    rule: r.id.clone(),
                    count,
                })
            })
            .collect();
    }
}
