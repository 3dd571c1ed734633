//! `check --format html`: one self-contained page for a pipeline review.
//! A summary with charts (deals by stage, actions by priority, the rules
//! that fire most) as inline SVG, then each owner's deals and actions.
//! No script, no network: it opens anywhere, and prints.

use std::fmt::Write;

use super::test_report::xml_escape as escape;
use super::text::Labels;
use crate::ast::Priority;
use crate::batch::Summary;
use crate::date::Date;
use crate::ir;
use crate::recommendation::DealResult;
use crate::words::crm::CrmWords;
use crate::words::Lang;

const STYLE: &str = "body{font-family:system-ui,sans-serif;margin:2rem auto;max-width:60rem;padding:0 1rem;color:#222}\
h1{font-size:1.6rem}h2{margin-top:2.5rem;border-bottom:2px solid #ddd}h3{margin-bottom:.2rem}\
.charts{display:flex;flex-wrap:wrap;gap:2rem}figure{margin:0}figcaption{font-weight:600;margin-bottom:.3rem}\
.stage{color:#555;margin:.2rem 0 .6rem}ol{padding-left:1.4rem}li{margin:.4rem 0}\
.p{display:inline-block;min-width:4.5rem;text-align:center;border-radius:.3rem;font-size:.8rem;font-weight:600;color:#fff;margin-right:.4rem}\
.critical{background:#b42318}.high{background:#c4560c}.medium{background:#2f6fb3}.low{background:#6b7280}\
.why,.rule{color:#555;font-size:.9rem}.none{color:#555;font-style:italic}";

fn priority_class(priority: Priority) -> &'static str {
    match priority {
        Priority::Critical => "critical",
        Priority::High => "high",
        Priority::Medium => "medium",
        Priority::Low => "low",
    }
}

/// One deal as a section of the page (rendered on the workers).
pub(crate) fn review_deal(result: &DealResult, playbook: &ir::Playbook, labels: &Labels) -> String {
    let mut out = String::new();
    let id = result.deal.as_deref().unwrap_or("");
    let _ = write!(out, "<article class=\"deal\">\n<h3>{}", escape(id));
    if let Some(name) = &result.name {
        let _ = write!(out, " · {}", escape(name));
    }
    out.push_str("</h3>\n");
    if let Some(stage) = &result.stage {
        let position = result
            .position
            .map(|(at, of)| format!(" ({at}/{of})"))
            .unwrap_or_default();
        let title = playbook
            .stages
            .iter()
            .find(|s| &s.name == stage)
            .and_then(|s| s.label.as_deref())
            .map(|t| format!(" · {}", escape(t)))
            .unwrap_or_default();
        let _ = writeln!(
            out,
            "<p class=\"stage\">{}{position}{title}</p>",
            escape(stage)
        );
    }
    if result.actions.is_empty() {
        out.push_str("<p class=\"none\">—</p>\n");
    } else {
        out.push_str("<ol>\n");
        for action in &result.actions {
            let _ = write!(
                out,
                "<li><span class=\"p {}\">{}</span>{}",
                priority_class(action.priority),
                labels.priority_name(action.priority),
                escape(&action.message)
            );
            if let Some(because) = &action.because {
                let _ = write!(out, "<br><span class=\"why\">{}</span>", escape(because));
            }
            let _ = writeln!(
                out,
                " <span class=\"rule\">({})</span></li>",
                escape(&action.rule)
            );
        }
        out.push_str("</ol>\n");
    }
    out.push_str("</article>\n");
    out
}

/// A horizontal bar chart as inline SVG.
fn bars(caption: &str, rows: &[(String, u64)]) -> String {
    let max = rows.iter().map(|(_, n)| *n).max().unwrap_or(0).max(1);
    let (label_width, bar_width, row) = (170.0, 220.0, 22.0);
    let height = row * rows.len().max(1) as f64;
    let mut out = format!(
        "<figure><figcaption>{}</figcaption><svg xmlns=\"http://www.w3.org/2000/svg\" width=\"{}\" height=\"{height}\" role=\"img\" aria-label=\"{}\">",
        escape(caption),
        label_width + bar_width + 50.0,
        escape(caption)
    );
    for (i, (label, n)) in rows.iter().enumerate() {
        let y = i as f64 * row;
        let width = bar_width * (*n as f64) / (max as f64);
        let _ = write!(
            out,
            "<text x=\"{}\" y=\"{}\" text-anchor=\"end\" font-size=\"12\">{}</text><rect x=\"{label_width}\" y=\"{}\" width=\"{width:.1}\" height=\"{}\" fill=\"#2f6fb3\"/><text x=\"{}\" y=\"{}\" font-size=\"12\">{n}</text>",
            label_width - 6.0,
            y + 15.0,
            escape(label),
            y + 4.0,
            row - 8.0,
            label_width + width + 4.0,
            y + 15.0,
        );
    }
    out.push_str("</svg></figure>\n");
    out
}

/// One deal of the page: its owner, its stage and its section.
pub(crate) struct ReviewDeal {
    /// Its owner, when it has one.
    pub(crate) owner: Option<String>,
    /// Its stage, when it could be read.
    pub(crate) stage: Option<String>,
    /// Its section.
    pub(crate) html: Vec<u8>,
}

/// The whole page.
pub(crate) fn review_page(
    playbook: &ir::Playbook,
    today: Date,
    summary: &Summary,
    deals: Vec<ReviewDeal>,
    labels: &Labels,
    lang: Lang,
) -> Vec<u8> {
    let mut out = format!(
        "<!DOCTYPE html>\n<html lang=\"{}\">\n<head>\n<meta charset=\"utf-8\">\n<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n<title>{}</title>\n<style>{STYLE}</style>\n</head>\n<body>\n<h1>{} · {today}</h1>\n",
        if lang == Lang::Zh { "zh" } else { "en" },
        escape(&playbook.name),
        escape(&playbook.name),
    );
    let _ = writeln!(out, "<p>{}</p>", escape(&labels.summary(summary)));
    if let Some(top) = labels.top_rules(summary) {
        let _ = writeln!(out, "<p>{}</p>", escape(&top));
    }
    let by_stage: Vec<(String, u64)> = playbook
        .stages
        .iter()
        .map(|stage| {
            let n = deals
                .iter()
                .filter(|d| d.stage.as_deref() == Some(stage.name.as_str()))
                .count() as u64;
            (stage.name.clone(), n)
        })
        .collect();
    let counts = &summary.actions;
    let by_priority: Vec<(String, u64)> = [
        (Priority::Critical, counts.critical),
        (Priority::High, counts.high),
        (Priority::Medium, counts.medium),
        (Priority::Low, counts.low),
    ]
    .into_iter()
    .map(|(p, n)| (labels.priority_name(p).to_string(), n))
    .collect();
    let top_rules: Vec<(String, u64)> = summary
        .top_rules
        .iter()
        .map(|r| (r.rule.clone(), r.count))
        .collect();
    out.push_str("<section class=\"charts\">\n");
    let caption = |words: CrmWords| words.render(lang);
    out.push_str(&bars(&caption(CrmWords::DealsByStage), &by_stage));
    out.push_str(&bars(&caption(CrmWords::ActionsByPriority), &by_priority));
    out.push_str(&bars(&caption(CrmWords::RulesFiringMost), &top_rules));
    out.push_str("</section>\n");
    let mut owners: std::collections::BTreeMap<(bool, String), Vec<Vec<u8>>> =
        std::collections::BTreeMap::new();
    for deal in deals {
        let key = (deal.owner.is_none(), deal.owner.unwrap_or_default());
        owners.entry(key).or_default().push(deal.html);
    }
    let mut out = out.into_bytes();
    for ((no_owner, owner), sections) in owners {
        let heading = CrmWords::OwnerHeading {
            owner: (!no_owner).then_some(owner.as_str()),
            deals: sections.len(),
        }
        .render(lang);
        out.extend_from_slice(
            format!("<section class=\"owner\">\n<h2>{}</h2>\n", escape(&heading)).as_bytes(),
        );
        for section in sections {
            out.extend_from_slice(&section);
        }
        out.extend_from_slice(b"</section>\n");
    }
    out.extend_from_slice(b"</body>\n</html>\n");
    out
}
