//! The stable JSON shape of `check` results (documented in docs/cli.md).

use serde::Serialize;

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
