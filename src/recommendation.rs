//! What evaluating a deal produces: the next actions, the actions put off,
//! and the problems. Renderers turn these into text, JSON and the rest.

use serde::Serialize;

use crate::ast::Priority;
use crate::date::Date;
use crate::diagnostic::Diagnostic;
use crate::span::FileId;

/// One next action for a deal: what a rule that fired asks the rep to do.
///
/// ```
/// use playbook::Priority;
/// use playbook::{builtin, evaluate, load_deals, Date, DealFormat, FileId, Lang, Source};
///
/// let playbook = builtin(Lang::En);
/// let source = Source::new("deal.yaml", None, "id: D-1\nstage: prospecting\n");
/// let deals = load_deals(&source, FileId(0), DealFormat::Yaml, &playbook.deal_context());
/// let deal = &deals[0].as_ref().unwrap().deal;
/// let today = Date::parse("2026-11-28").unwrap();
/// let result = evaluate(&playbook, deal, today);
/// let action = &result.actions[0];
/// assert_eq!(action.rule, "research-account");
/// assert_eq!(action.priority, Priority::High);
/// assert!(action.because.is_some());
/// ```
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Recommendation {
    /// The rule ID.
    pub rule: String,
    /// The rule's title.
    pub title: Option<String>,
    /// What to do, interpolated.
    pub message: String,
    /// How urgent.
    pub priority: Priority,
    /// Why, interpolated.
    pub because: Option<String>,
    /// The rule's tags.
    pub tags: Vec<String>,
    /// The deal values that decided it; filled only on request (see
    /// [`crate::explain::add_evidence`]).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub evidence: Option<Vec<Evidence>>,
}

/// A deal value that decided a recommendation: `activities.date (latest)`
/// was `2026-11-01`. Filled by [`add_evidence`](crate::add_evidence).
///
/// ```
/// use playbook::add_evidence;
/// use playbook::{builtin, evaluate, load_deals, Date, DealFormat, FileId, Lang, Source};
///
/// let playbook = builtin(Lang::En);
/// let source = Source::new("deal.yaml", None, "id: D-1\nstage: prospecting\n");
/// let deals = load_deals(&source, FileId(0), DealFormat::Yaml, &playbook.deal_context());
/// let deal = &deals[0].as_ref().unwrap().deal;
/// let today = Date::parse("2026-11-28").unwrap();
/// let mut result = evaluate(&playbook, deal, today);
/// add_evidence(&playbook, deal, today, &mut result);
/// let evidence = result.actions[0].evidence.as_ref().unwrap();
/// assert_eq!(evidence[0].path, "stage");
/// assert_eq!(evidence[0].value, "prospecting");
/// ```
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Evidence {
    /// The deal path, with how it was read: `stage`, `objections[0].resolved`,
    /// `activities.date (latest)`, `questions where kind is open (count)`.
    pub path: String,
    /// Its value: text, a number, a bool, a date as text, or `null` when
    /// missing.
    pub value: serde_json::Value,
}

/// An action the rep has snoozed: not listed, but not lost either.
///
/// ```
/// use playbook::{builtin, evaluate, load_deals, Date, DealFormat, FileId, Lang, Source};
///
/// let playbook = builtin(Lang::En);
/// let yaml = "id: D-1\nstage: prospecting\nsnoozed:\n  - rule: research-account\n    until: 2026-12-05\n    reason: the account team is reorganising\n";
/// let source = Source::new("deal.yaml", None, yaml);
/// let deals = load_deals(&source, FileId(0), DealFormat::Yaml, &playbook.deal_context());
/// let today = Date::parse("2026-11-28").unwrap();
/// let result = evaluate(&playbook, &deals[0].as_ref().unwrap().deal, today);
/// assert!(result.actions.iter().all(|a| a.rule != "research-account"));
/// assert_eq!(result.snoozed[0].rule, "research-account");
/// assert_eq!(result.snoozed[0].until, Date::parse("2026-12-05").unwrap());
/// ```
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct SnoozedAction {
    /// The rule ID.
    pub rule: String,
    /// Silent until this day, inclusive.
    #[serde(serialize_with = "serialize_date")]
    pub until: Date,
    /// Why.
    pub reason: String,
}

fn serialize_date<S: serde::Serializer>(date: &Date, serializer: S) -> Result<S::Ok, S::Error> {
    serializer.collect_str(date)
}

/// Where a deal came from: set by whoever reads deals from a file, so a
/// report can name the file and line of each result.
///
/// ```
/// use playbook::{builtin, evaluate, load_deals, Date, DealFormat, FileId, Lang, Origin, Source};
///
/// let playbook = builtin(Lang::En);
/// let source = Source::new("deals.yaml", None, "id: D-1\nstage: prospecting\n---\nid: D-2\nstage: closing\n");
/// let deals = load_deals(&source, FileId(0), DealFormat::Yaml, &playbook.deal_context());
/// let loaded = deals[1].as_ref().unwrap();
/// let mut result = evaluate(&playbook, &loaded.deal, Date::parse("2026-11-28").unwrap());
/// result.origin = Some(Origin { file: loaded.file, line: loaded.line });
/// assert_eq!(result.origin.unwrap().line, 4);
/// ```
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Origin {
    /// The file.
    pub file: FileId,
    /// The 1-based line where the deal starts.
    pub line: usize,
}

/// The outcome for one deal: its actions, or why it could not be evaluated.
///
/// ```
/// use playbook::{builtin, evaluate, load_deals, Date, DealFormat, FileId, Lang, Source};
///
/// let playbook = builtin(Lang::En);
/// let source = Source::new("deal.yaml", None, "id: D-1\nstage: prospecting\n");
/// let deals = load_deals(&source, FileId(0), DealFormat::Yaml, &playbook.deal_context());
/// let deal = &deals[0].as_ref().unwrap().deal;
/// let today = Date::parse("2026-11-28").unwrap();
/// let result = evaluate(&playbook, deal, today);
/// assert_eq!(result.deal.as_deref(), Some("D-1"));
/// assert_eq!(result.position, Some((1, 5)));
/// assert!(result.errors.is_empty());
/// ```
///
/// A deal that cannot be read still gets a result, so a batch reports it
/// in its place:
///
/// ```
/// use playbook::{builtin, load_deals, DealFormat, DealResult, FileId, Lang, Source};
///
/// let playbook = builtin(Lang::En);
/// let source = Source::new("deal.yaml", None, "id: D-1\nstage: signed\n");
/// let deals = load_deals(&source, FileId(0), DealFormat::Yaml, &playbook.deal_context());
/// let error = deals.into_iter().next().unwrap().unwrap_err();
/// let result = DealResult::failed(error);
/// assert!(result.is_error());
/// assert!(result.actions.is_empty());
/// ```
#[derive(Debug, Clone, Serialize)]
pub struct DealResult {
    /// The deal's `id` (absent when the deal could not be read).
    pub deal: Option<String>,
    /// The deal's name.
    pub name: Option<String>,
    /// The deal's stage.
    pub stage: Option<String>,
    /// The stage's 1-based position on the path, and the path's length.
    #[serde(skip)]
    pub position: Option<(usize, usize)>,
    /// Next actions: by priority, then rule order, then item order.
    pub actions: Vec<Recommendation>,
    /// Actions snoozed by the rep.
    pub snoozed: Vec<SnoozedAction>,
    /// Warnings about the deal (for instance a snooze naming an unknown rule).
    #[serde(skip)]
    pub warnings: Vec<Diagnostic>,
    /// Why the deal could not be read or evaluated.
    #[serde(skip)]
    pub errors: Vec<Diagnostic>,
    /// Where the deal came from.
    #[serde(skip)]
    pub origin: Option<Origin>,
    /// Who acts on it, and what it is worth (for `--format csv` and
    /// `--owner`); filled by the batch.
    #[serde(skip)]
    pub routing: Routing,
    /// Actions that fired but were left out by `check`'s `--priority` or
    /// `--tag` filter: text output then says so rather than "no actions".
    #[serde(skip)]
    pub filtered_out: usize,
}

/// A number as output shows it: whole numbers without a decimal point.
pub(crate) fn number_text(n: f64) -> String {
    if n.fract() == 0.0 && n.abs() < 1e15 {
        format!("{}", n as i64)
    } else {
        n.to_string()
    }
}

/// What routes a deal's actions to the rep who must act: its owner, its
/// amount and its close date.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Routing {
    /// The deal's owner.
    pub owner: Option<String>,
    /// Its amount.
    pub amount: Option<f64>,
    /// Its expected close date.
    pub close_date: Option<Date>,
}

impl DealResult {
    /// The result for a deal that could not be read.
    pub fn failed(diagnostic: Diagnostic) -> DealResult {
        DealResult {
            deal: None,
            name: None,
            stage: None,
            position: None,
            actions: Vec::new(),
            snoozed: Vec::new(),
            warnings: Vec::new(),
            origin: diagnostic.labels.first().map(|l| Origin {
                file: l.file,
                line: 0,
            }),
            errors: vec![diagnostic],
            routing: Routing::default(),
            filtered_out: 0,
        }
    }

    /// Whether the deal could not be evaluated.
    pub fn is_error(&self) -> bool {
        !self.errors.is_empty()
    }
}
