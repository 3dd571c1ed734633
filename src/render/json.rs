//! The stable JSON shape of `check` results (documented in docs/cli.md).

use serde::Serialize;

use crate::diagnostic::render::JsonDiagnostic;
use crate::recommendation::{DealResult, Recommendation, SnoozedAction};
use crate::span::Sources;

/// One deal as JSON, the stable shape of `check --format json`
/// (documented in docs/cli.md). Made by [`deal_json`].
///
/// ```
/// use playbook::{builtin, evaluate, load_deals, deal_json, Date, DealFormat, FileId, Lang, Source, Sources};
///
/// let playbook = builtin(Lang::En);
/// let mut sources = Sources::new();
/// let file = sources.add(Source::new("deal.yaml", None, "id: D-1\nname: Globex\nstage: prospecting\n"));
/// let deals = load_deals(sources.get(file).unwrap(), file, DealFormat::Yaml, &playbook.deal_context());
/// let today = Date::parse("2026-11-28").unwrap();
/// let result = evaluate(&playbook, &deals[0].as_ref().unwrap().deal, today);
/// let json = deal_json(&sources, &result);
/// assert_eq!(json.deal, Some("D-1"));
/// assert!(json.errors.is_empty());
/// ```
#[derive(Serialize, Debug)]
pub struct JsonDeal<'a> {
    /// The deal's `id`, or `null` when it could not be read.
    pub deal: Option<&'a str>,
    /// The deal's name.
    pub name: Option<&'a str>,
    /// The deal's stage.
    pub stage: Option<&'a str>,
    /// The deal's owner, so results can be routed without the CRM.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub owner: Option<&'a str>,
    /// The deal's amount.
    #[serde(
        skip_serializing_if = "Option::is_none",
        serialize_with = "whole_when_whole"
    )]
    pub amount: Option<f64>,
    /// The deal's expected close date.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub close_date: Option<String>,
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

/// `120000`, not `120000.0`, as the deal file wrote it.
fn whole_when_whole<S: serde::Serializer>(
    amount: &Option<f64>,
    serializer: S,
) -> Result<S::Ok, S::Error> {
    match amount {
        Some(n) if n.fract() == 0.0 && n.abs() < 1e15 => serializer.serialize_i64(*n as i64),
        Some(n) => serializer.serialize_f64(*n),
        None => serializer.serialize_none(),
    }
}

/// One deal's JSON value: serialize it with serde.
///
/// ```
/// use playbook::{builtin, evaluate, load_deals, deal_json, Date, DealFormat, FileId, Lang, Source, Sources};
///
/// let playbook = builtin(Lang::En);
/// let mut sources = Sources::new();
/// let file = sources.add(Source::new("deal.yaml", None, "id: D-1\nname: Globex\nstage: prospecting\n"));
/// let deals = load_deals(sources.get(file).unwrap(), file, DealFormat::Yaml, &playbook.deal_context());
/// let today = Date::parse("2026-11-28").unwrap();
/// let result = evaluate(&playbook, &deals[0].as_ref().unwrap().deal, today);
/// let value = serde_json::to_value(deal_json(&sources, &result)).unwrap();
/// assert_eq!(value["stage"], "prospecting");
/// assert_eq!(value["actions"][0]["rule"], "research-account");
/// assert_eq!(value["actions"][0]["priority"], "high");
/// ```
pub fn deal_json<'a>(sources: &Sources, result: &'a DealResult) -> JsonDeal<'a> {
    JsonDeal {
        deal: result.deal.as_deref(),
        name: result.name.as_deref(),
        stage: result.stage.as_deref(),
        owner: result.routing.owner.as_deref(),
        amount: result.routing.amount,
        close_date: result.routing.close_date.map(|d| d.to_string()),
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
