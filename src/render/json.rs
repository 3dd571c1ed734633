//! The stable JSON shape of `check` results (documented in docs/cli.md).

use serde::Serialize;

use super::Run;
use crate::ast::Priority;
use crate::diagnostic::render::JsonDiagnostic;
use crate::recommendation::{DealResult, Recommendation, SnoozedAction};
use crate::span::Sources;

/// One deal as JSON.
#[derive(Serialize, Debug)]
pub struct JsonDeal<'a> {
    /// The deal's `id`, or `null` when it could not be read.
    pub deal: Option<&'a str>,
    /// The deal's name.
    pub name: Option<&'a str>,
    /// The deal's stage.
    pub stage: Option<&'a str>,
    /// Next actions, in order.
    pub actions: &'a [Recommendation],
    /// Snoozed actions.
    pub snoozed: &'a [SnoozedAction],
    /// Warnings, when there are any.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub warnings: Vec<JsonDiagnostic>,
    /// Why the deal could not be evaluated, when it could not.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub errors: Vec<JsonDiagnostic>,
}

/// Counts over a run.
#[derive(Serialize, Debug, Default, Clone, PartialEq)]
pub struct Summary {
    /// Deals read (including those with errors).
    pub deals: usize,
    /// Deals with at least one action.
    pub with_actions: usize,
    /// Deals that could not be evaluated.
    pub with_errors: usize,
    /// Actions by priority.
    pub actions: PriorityCounts,
    /// Snoozed actions.
    pub snoozed: usize,
}

/// Actions counted by priority.
#[derive(Serialize, Debug, Default, Clone, PartialEq)]
pub struct PriorityCounts {
    /// Critical actions.
    pub critical: usize,
    /// High actions.
    pub high: usize,
    /// Medium actions.
    pub medium: usize,
    /// Low actions.
    pub low: usize,
}

impl PriorityCounts {
    /// The total.
    pub fn total(&self) -> usize {
        self.critical + self.high + self.medium + self.low
    }
}

impl Summary {
    /// Counts the results.
    pub fn of(results: &[DealResult]) -> Summary {
        let mut summary = Summary::default();
        for result in results {
            summary.add(result);
        }
        summary
    }

    /// Counts one more result.
    pub fn add(&mut self, result: &DealResult) {
        self.deals += 1;
        if result.is_error() {
            self.with_errors += 1;
        }
        if !result.actions.is_empty() {
            self.with_actions += 1;
        }
        self.snoozed += result.snoozed.len();
        for action in &result.actions {
            match action.priority {
                Priority::Critical => self.actions.critical += 1,
                Priority::High => self.actions.high += 1,
                Priority::Medium => self.actions.medium += 1,
                Priority::Low => self.actions.low += 1,
            }
        }
    }
}

/// The whole run as JSON.
#[derive(Serialize, Debug)]
pub struct JsonReport<'a> {
    /// The playbook's name.
    pub playbook: &'a str,
    /// The date of the run.
    pub today: String,
    /// Every deal, in input order.
    pub deals: Vec<JsonDeal<'a>>,
    /// Counts.
    pub summary: Summary,
}

/// One deal's JSON value.
pub fn deal_json<'a>(sources: &Sources, result: &'a DealResult) -> JsonDeal<'a> {
    JsonDeal {
        deal: result.deal.as_deref(),
        name: result.name.as_deref(),
        stage: result.stage.as_deref(),
        actions: &result.actions,
        snoozed: &result.snoozed,
        warnings: result
            .warnings
            .iter()
            .map(|d| JsonDiagnostic::new(sources, d))
            .collect(),
        errors: result
            .errors
            .iter()
            .map(|d| JsonDiagnostic::new(sources, d))
            .collect(),
    }
}

/// The whole run's JSON value.
pub fn report_json<'a>(run: &Run<'a>) -> JsonReport<'a> {
    JsonReport {
        playbook: &run.playbook.name,
        today: run.today.to_string(),
        deals: run
            .results
            .iter()
            .map(|r| deal_json(run.sources, r))
            .collect(),
        summary: Summary::of(run.results),
    }
}
