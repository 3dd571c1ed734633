//! `check` as text for a rep: the deal, its place on the path, then the
//! numbered actions with priority, reason and rule ID.

use std::io;

use codespan_reporting::term::termcolor::{Color, ColorSpec, WriteColor};

use crate::ast::Priority;
use crate::batch::Summary;
use crate::diagnostic::render::write_text;
use crate::ir;
use crate::recommendation::DealResult;
use crate::span::Sources;
use crate::words::Lang;
use crate::words::{CheckCounts, Message};

/// The words around the results, in the rep's language.
///
/// ```
/// use playbook::{Labels, Lang, Priority};
///
/// let labels = Labels::new(Lang::Zh);
/// assert_eq!(labels.stage, "阶段");
/// assert_eq!(labels.priority_name(Priority::High), "高");
/// assert_eq!(Labels::new(Lang::En).position(3, 5), "3 of 5");
/// ```
pub struct Labels {
    /// "why"
    pub why: &'static str,
    /// "rule"
    pub rule: &'static str,
    /// "stage"
    pub stage: &'static str,
    /// "no actions" line
    pub no_actions: &'static str,
    /// The line instead of "no actions" when actions fired but the
    /// `--priority` or `--tag` filter left them all out
    pub none_match_filter: &'static str,
    /// "snoozed"
    pub snoozed: &'static str,
    /// "until"
    pub until: &'static str,
    /// "next actions"
    pub next_actions: &'static str,
    /// "priority"
    pub priority: &'static str,
    /// "action"
    pub action: &'static str,
    /// A deal that could not be read.
    pub unreadable_deal: &'static str,
    lang: Lang,
}

impl Labels {
    /// The labels for a language.
    pub fn new(lang: Lang) -> Labels {
        match lang {
            Lang::En => Labels {
                why: "why",
                rule: "rule",
                stage: "Stage",
                no_actions:
                    "No actions: nothing in the playbook asks for a step on this deal today.",
                none_match_filter:
                    "No action matches `--priority` or `--tag`; the deal's other actions are not shown.",
                snoozed: "snoozed",
                until: "until",
                next_actions: "Next actions",
                priority: "Priority",
                action: "Action",
                unreadable_deal: "Deal that could not be read",
                lang,
            },
            Lang::Zh => Labels {
                why: "原因",
                rule: "规则",
                stage: "阶段",
                no_actions: "暂无行动：按照销售手册，这个商机今天不需要额外的动作。",
                none_match_filter: "没有符合 `--priority` 或 `--tag` 筛选的行动；这个商机的其他行动未显示。",
                snoozed: "已暂缓",
                until: "直到",
                next_actions: "下一步行动",
                priority: "优先级",
                action: "行动",
                unreadable_deal: "无法读取的商机",
                lang,
            },
        }
    }

    /// "3 of 5"
    pub fn position(&self, position: usize, total: usize) -> String {
        match self.lang {
            Lang::En => format!("{position} of {total}"),
            Lang::Zh => format!("第 {position} / {total} 阶段"),
        }
    }

    /// A priority's name.
    pub fn priority_name(&self, priority: Priority) -> &'static str {
        match (self.lang, priority) {
            (Lang::En, p) => p.name(),
            (Lang::Zh, Priority::Critical) => "紧急",
            (Lang::Zh, Priority::High) => "高",
            (Lang::Zh, Priority::Medium) => "中",
            (Lang::Zh, Priority::Low) => "低",
        }
    }

    pub(crate) fn top_rules(&self, summary: &Summary) -> Option<String> {
        if summary.top_rules.is_empty() {
            return None;
        }
        let rules: Vec<(&str, u64)> = summary
            .top_rules
            .iter()
            .map(|t| (t.rule.as_str(), t.count))
            .collect();
        Some(Message::TopRules(&rules).render(self.lang))
    }

    pub(crate) fn summary(&self, summary: &Summary) -> String {
        let counts = &summary.actions;
        Message::CheckSummary(CheckCounts {
            deals: summary.deals,
            with_actions: summary.with_actions,
            actions: counts.total(),
            by_priority: [counts.critical, counts.high, counts.medium, counts.low],
            snoozed: summary.snoozed,
            with_errors: summary.with_errors,
        })
        .render(self.lang)
    }
}

pub(super) fn priority_color(priority: Priority) -> ColorSpec {
    let mut spec = ColorSpec::new();
    match priority {
        Priority::Critical => spec.set_fg(Some(Color::Red)).set_bold(true),
        Priority::High => spec.set_fg(Some(Color::Yellow)).set_bold(true),
        Priority::Medium => spec.set_fg(Some(Color::Cyan)),
        Priority::Low => spec.set_dimmed(true),
    };
    spec
}

/// Writes one deal's result as the terminal shows it: the deal, its
/// stage, and each action with its reason and rule. Colour goes through
/// `out`; a `NoColor` writer gives plain text.
///
/// ```
/// use codespan_reporting::term::termcolor::NoColor;
/// use playbook::{builtin, evaluate, load_deals, text_deal, Labels, Date, DealFormat, FileId, Lang, Source, Sources};
///
/// let playbook = builtin(Lang::En);
/// let mut sources = Sources::new();
/// let file = sources.add(Source::new("deal.yaml", None, "id: D-1\nname: Globex\nstage: prospecting\n"));
/// let deals = load_deals(sources.get(file).unwrap(), file, DealFormat::Yaml, &playbook.deal_context());
/// let today = Date::parse("2026-11-28").unwrap();
/// let result = evaluate(&playbook, &deals[0].as_ref().unwrap().deal, today);
/// let mut out = NoColor::new(Vec::new());
/// text_deal(&mut out, &playbook, &sources, &result, &Labels::new(Lang::En)).unwrap();
/// let text = String::from_utf8(out.into_inner()).unwrap();
/// assert!(text.starts_with("D-1 · Globex\nprospecting, 1 of 5"));
/// assert!(text.contains("  1. [high]"));
/// ```
pub fn text_deal(
    out: &mut dyn WriteColor,
    playbook: &ir::Playbook,
    sources: &Sources,
    result: &DealResult,
    labels: &Labels,
) -> io::Result<()> {
    if result.is_error() {
        return write_text(out, sources, &result.errors);
    }
    let mut bold = ColorSpec::new();
    bold.set_bold(true);
    let mut dim = ColorSpec::new();
    dim.set_dimmed(true);
    out.set_color(&bold)?;
    write!(out, "{}", result.deal.as_deref().unwrap_or("?"))?;
    if let Some(name) = &result.name {
        write!(out, " · {name}")?;
    }
    out.reset()?;
    writeln!(out)?;
    if let (Some(stage), Some((position, total))) = (&result.stage, result.position) {
        let label = playbook
            .stages
            .get(position.saturating_sub(1))
            .and_then(|s| s.label.as_deref());
        write!(out, "{stage}, {}", labels.position(position, total))?;
        if let Some(label) = label {
            write!(out, " · {label}")?;
        }
        writeln!(out)?;
    }
    writeln!(out)?;
    if result.actions.is_empty() {
        let none = if result.filtered_out > 0 {
            labels.none_match_filter
        } else {
            labels.no_actions
        };
        writeln!(out, "  {none}")?;
    }
    let width = result.actions.len().to_string().len();
    for (i, action) in result.actions.iter().enumerate() {
        write!(out, "  {:>width$}. ", i + 1)?;
        out.set_color(&priority_color(action.priority))?;
        write!(out, "[{}]", labels.priority_name(action.priority))?;
        out.reset()?;
        writeln!(out, " {}", action.message)?;
        let indent = " ".repeat(width + 4);
        if let Some(because) = &action.because {
            out.set_color(&dim)?;
            write!(out, "{indent}{}: ", labels.why)?;
            out.reset()?;
            writeln!(out, "{because}")?;
        }
        out.set_color(&dim)?;
        writeln!(out, "{indent}{}: {}", labels.rule, action.rule)?;
        out.reset()?;
    }
    for snooze in &result.snoozed {
        out.set_color(&dim)?;
        writeln!(
            out,
            "  {} {} {} {}: {}",
            labels.snoozed, snooze.rule, labels.until, snooze.until, snooze.reason
        )?;
        out.reset()?;
    }
    if !result.warnings.is_empty() {
        write_text(out, sources, &result.warnings)?;
    }
    Ok(())
}

/// Writes the summary of a run: the counts, then the rules with the most
/// actions.
pub(crate) fn text_summary(
    out: &mut dyn WriteColor,
    summary: &Summary,
    labels: &Labels,
) -> io::Result<()> {
    let mut bold = ColorSpec::new();
    bold.set_bold(true);
    out.set_color(&bold)?;
    writeln!(out, "{}", labels.summary(summary))?;
    out.reset()?;
    if let Some(line) = labels.top_rules(summary) {
        writeln!(out, "{line}")?;
    }
    Ok(())
}
