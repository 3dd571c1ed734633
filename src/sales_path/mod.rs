//! `playbook show`: the sales path as a document for reps.
//!
//! [`sales_path`] turns a compiled playbook into a [`SalesPath`]: the stages
//! in order, each with the rules that can only fire at some stages and
//! include it (see `pins`), then the rules that apply at every stage. The
//! renderers in [`crate::render::show`] only lay it out.

mod pins;

pub(crate) use pins::rule_stages;

use crate::ast::{self, Declaration, MessagePart, Priority};
use crate::format;
use crate::ir;
use crate::loader::Compiled;

/// The sales path as a document for reps (`playbook show`): the stages in
/// order, the rules each stage can fire, and the rules of every stage.
///
/// ```
/// use playbook::{compile_text, sales_path};
///
/// let text = "playbook \"P\"\nstages\n  open \"Open\"\n  won\nrule call-back \"Call back\"\n  when stage is open\n  recommend \"Call {account.name}\"\n  because \"Silence cools a deal\"\nrule date-it\n  when close_date is missing\n  recommend \"Set a close date\"\n";
/// let path = sales_path(&compile_text("p.playbook", text)).unwrap();
/// assert_eq!(path.name, "P");
/// assert_eq!(path.stages.len(), 2);
/// // `date-it` tests no stage: it belongs to every stage.
/// assert_eq!(path.every_stage[0].id, "date-it");
/// assert!(path.no_stage.is_empty());
/// ```
#[derive(Debug, Clone, PartialEq)]
pub struct SalesPath {
    /// From `playbook "NAME"`.
    pub name: String,
    /// From `version`.
    pub version: Option<String>,
    /// From `description`.
    pub description: Option<String>,
    /// The stages in order, each with its rules.
    pub stages: Vec<StageSection>,
    /// Rules that no stage test restricts.
    pub every_stage: Vec<RuleCard>,
    /// Rules whose stage tests contradict each other, so they never fire.
    pub no_stage: Vec<RuleCard>,
}

/// One stage and the rules that can fire at it.
///
/// ```
/// use playbook::{compile_text, sales_path};
///
/// let text = "playbook \"P\"\nstages\n  open \"Open\"\n  won\nrule call-back \"Call back\"\n  when stage is open\n  recommend \"Call {account.name}\"\n  because \"Silence cools a deal\"\nrule date-it\n  when close_date is missing\n  recommend \"Set a close date\"\n";
/// let path = sales_path(&compile_text("p.playbook", text)).unwrap();
/// let open = &path.stages[0];
/// assert_eq!((open.number, open.title()), (1, "Open"));
/// assert_eq!(open.rules[0].id, "call-back");
/// // Without a label, the title is the symbol.
/// assert_eq!(path.stages[1].title(), "won");
/// ```
#[derive(Debug, Clone, PartialEq)]
pub struct StageSection {
    /// 1-based position on the path.
    pub number: usize,
    /// The stage symbol.
    pub name: String,
    /// The label for reps.
    pub label: Option<String>,
    /// The rules pinned to it, most urgent first, then in playbook order.
    pub rules: Vec<RuleCard>,
}

impl StageSection {
    /// The label, or the symbol when there is none.
    pub fn title(&self) -> &str {
        self.label.as_deref().unwrap_or(&self.name)
    }
}

/// A piece of a message: text, or a value filled in per deal.
///
/// ```
/// use playbook::{compile_text, sales_path, Piece};
///
/// let text = "playbook \"P\"\nstages\n  open \"Open\"\n  won\nrule call-back \"Call back\"\n  when stage is open\n  recommend \"Call {account.name}\"\n  because \"Silence cools a deal\"\nrule date-it\n  when close_date is missing\n  recommend \"Set a close date\"\n";
/// let path = sales_path(&compile_text("p.playbook", text)).unwrap();
/// let card = &path.stages[0].rules[0];
/// assert_eq!(card.action, [Piece::Text("Call ".into()), Piece::Placeholder("account.name".into())]);
/// ```
#[derive(Debug, Clone, PartialEq)]
pub enum Piece {
    /// Shown as is.
    Text(String),
    /// An interpolation, as canonical playbook text (`account.name`).
    Placeholder(String),
}

/// A rule as reps see it: its title, what to do and why, without its
/// condition.
///
/// ```
/// use playbook::{compile_text, sales_path, Priority};
///
/// let text = "playbook \"P\"\nstages\n  open \"Open\"\n  won\nrule call-back \"Call back\"\n  when stage is open\n  recommend \"Call {account.name}\"\n  because \"Silence cools a deal\"\nrule date-it\n  when close_date is missing\n  recommend \"Set a close date\"\n";
/// let path = sales_path(&compile_text("p.playbook", text)).unwrap();
/// let card = &path.stages[0].rules[0];
/// assert_eq!(card.heading(), "Call back");
/// assert_eq!(card.priority, Priority::Medium);
/// assert!(card.reason.is_some());
/// // Without a title, the heading is the ID.
/// assert_eq!(path.every_stage[0].heading(), "date-it");
/// ```
#[derive(Debug, Clone, PartialEq)]
pub struct RuleCard {
    /// The rule ID.
    pub id: String,
    /// The title, if any.
    pub title: Option<String>,
    /// `for each NAME in COLLECTION`, as written.
    pub for_each: Option<String>,
    /// The recommendation.
    pub action: Vec<Piece>,
    /// Its priority.
    pub priority: Priority,
    /// The reason, if any.
    pub reason: Option<Vec<Piece>>,
}

impl RuleCard {
    /// The title, or the ID when there is none.
    pub fn heading(&self) -> &str {
        self.title.as_deref().unwrap_or(&self.id)
    }
}

/// A message's pieces as one string, each placeholder as `‹EXPR›`.
pub(crate) fn plain(pieces: &[Piece]) -> String {
    pieces
        .iter()
        .map(|piece| match piece {
            Piece::Text(text) => text.clone(),
            Piece::Placeholder(expr) => format!("‹{expr}›"),
        })
        .collect()
}

fn pieces(message: &ast::Message) -> Vec<Piece> {
    message
        .parts
        .iter()
        .map(|part| match part {
            MessagePart::Text(text) => Piece::Text(text.clone()),
            MessagePart::Expr(expr) => Piece::Placeholder(format::expr(expr)),
        })
        .collect()
}

fn card(rule: &ast::Rule) -> RuleCard {
    RuleCard {
        id: rule.id.name.clone(),
        title: rule.title.as_ref().map(|t| t.value.clone()),
        for_each: rule.for_each.as_ref().map(|f| {
            format!(
                "for each {} in {}",
                f.item.name,
                format::expr(&f.collection)
            )
        }),
        action: pieces(&rule.recommend),
        priority: rule.priority.map_or(Priority::Medium, |(p, _)| p),
        reason: rule.because.as_ref().map(pieces),
    }
}

/// The sales path of a compiled playbook; `None` when it has errors. Rules
/// are shown as written in the playbook file itself (rules are never
/// imported), so its syntax tree comes from [`Compiled::root_syntax_tree`].
///
/// ```
/// let compiled = playbook::compile_builtin(playbook::Lang::En);
/// let path = playbook::sales_path(&compiled).unwrap();
/// assert_eq!(path.stages[0].name, "prospecting");
/// assert!(playbook::sales_path(&playbook::compile_text("p", "rule")).is_none());
/// ```
pub fn sales_path(compiled: &Compiled) -> Option<SalesPath> {
    let playbook = compiled.playbook.as_ref()?;
    let root = compiled.root_syntax_tree()?;
    Some(path_of(playbook, root))
}

fn path_of(playbook: &ir::Playbook, root: &ast::File) -> SalesPath {
    let mut stages: Vec<StageSection> = playbook
        .stages
        .iter()
        .enumerate()
        .map(|(i, stage)| StageSection {
            number: i + 1,
            name: stage.name.clone(),
            label: stage.label.clone(),
            rules: Vec::new(),
        })
        .collect();
    let mut every_stage = Vec::new();
    let mut no_stage = Vec::new();
    for (rule, pinned) in playbook.rules.iter().zip(rule_stages(playbook)) {
        let written = root.declarations.iter().find_map(|d| match d {
            Declaration::Rule(r) if r.id.name == rule.id => Some(r),
            _ => None,
        });
        let Some(written) = written else {
            continue;
        };
        let card = card(written);
        if pinned.iter().all(|p| *p) {
            every_stage.push(card);
        } else if pinned.iter().all(|p| !*p) {
            no_stage.push(card);
        } else {
            for (section, _) in stages.iter_mut().zip(&pinned).filter(|(_, p)| **p) {
                section.rules.push(card.clone());
            }
        }
    }
    for section in &mut stages {
        section.rules.sort_by_key(|card| card.priority);
    }
    every_stage.sort_by_key(|card| card.priority);
    SalesPath {
        name: playbook.name.clone(),
        version: playbook.version.clone(),
        description: playbook.description.clone(),
        stages,
        every_stage,
        no_stage,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_builtin_path() {
        let compiled = crate::compile_builtin(crate::Lang::En);
        let path = sales_path(&compiled).expect("the built-in playbook compiles");
        let ids = |rules: &[RuleCard]| rules.iter().map(|r| r.id.clone()).collect::<Vec<_>>();
        let per_stage: Vec<Vec<String>> = path.stages.iter().map(|s| ids(&s.rules)).collect();
        assert_eq!(
            per_stage,
            [
                vec!["research-account", "complete-account-profile"],
                vec![
                    "plan-first-visit",
                    "map-contacts",
                    "complete-account-profile"
                ],
                vec!["ask-open-questions", "confirm-needs", "find-decision-maker"],
                vec![
                    "confirm-needs",
                    "find-decision-maker",
                    "tie-value-to-needs",
                    "share-case",
                    "support-with-data",
                    "multi-thread"
                ],
                vec![
                    "confirm-needs",
                    "find-decision-maker",
                    "tie-value-to-needs",
                    "agree-next-step",
                    "multi-thread"
                ],
            ]
        );
        assert_eq!(
            ids(&path.every_stage),
            [
                "close-date-passed",
                "resolve-objection",
                "overdue-next-step",
                "follow-up",
                "stalled-in-stage"
            ]
        );
        assert!(path.no_stage.is_empty());
        let ask = &path.stages[2].rules[0];
        assert_eq!(
            plain(&ask.action),
            "Ask open questions to surface ‹account.name›'s real needs (‹count open_questions› so far): what happens today, what it costs them, what would change if it were solved"
        );
    }
}
