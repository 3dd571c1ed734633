//! `show --format html`: one self-contained page (inline CSS, no scripts,
//! no external assets) that reads well on screen and prints cleanly.

use std::fmt::Write;

use super::super::markdown::capitalized;
use super::ShowLabels;
use crate::sales_path::{Piece, RuleCard, SalesPath};

const STYLE: &str = r#"
:root {
  --ink: #1d2330; --muted: #5b6475; --line: #dfe3ea; --bg: #f5f6f8; --card: #fff;
  --accent: #2f5bd3; --accent-soft: #eaf0fd;
  --critical: #c62828; --high: #c76a00; --medium: #2f7fa8; --low: #7a8394;
}
* { box-sizing: border-box; }
html { font-size: 16px; }
body {
  margin: 0; background: var(--bg); color: var(--ink);
  font: 1rem/1.55 system-ui, -apple-system, "Segoe UI", Roboto, "Noto Sans", "PingFang SC",
    "Hiragino Sans GB", "Microsoft YaHei", "Noto Sans CJK SC", sans-serif;
}
main { max-width: 60rem; margin: 0 auto; padding: 2.5rem 1.5rem 3rem; }
h1 { font-size: 2rem; line-height: 1.2; margin: 0 0 .3rem; }
.meta { color: var(--muted); margin: 0; font-size: .9rem; }
.lead { font-size: 1.1rem; color: var(--muted); margin: .5rem 0 0; max-width: 46rem; }
.path ol { list-style: none; display: flex; gap: .2rem; padding: 0; margin: 2rem 0 .6rem; }
.path li { flex: 1 1 0; min-width: 0; }
.path a {
  display: flex; flex-direction: column; height: 100%; padding: .6rem 1rem .6rem 1.4rem;
  background: var(--accent); color: #fff; text-decoration: none;
  clip-path: polygon(0 0, calc(100% - .8rem) 0, 100% 50%, calc(100% - .8rem) 100%, 0 100%, .8rem 50%);
}
.path li:nth-child(even) a { background: #3f6ae0; }
.path li:first-child a {
  padding-left: 1rem; border-radius: .45rem 0 0 .45rem;
  clip-path: polygon(0 0, calc(100% - .8rem) 0, 100% 50%, calc(100% - .8rem) 100%, 0 100%);
}
.path .n { font-size: .75rem; opacity: .85; }
.path .t { font-size: .9rem; font-weight: 600; line-height: 1.25; overflow-wrap: anywhere; hyphens: auto; }
.path .c { font-size: .8rem; opacity: .9; margin-top: auto; padding-top: .3rem; }
.path .every { margin: 0; font-size: .9rem; }
.path .every a { all: unset; color: var(--accent); cursor: pointer; }
section { margin-top: 2.5rem; }
h2 {
  font-size: 1.35rem; line-height: 1.3; margin: 0 0 .8rem; padding-bottom: .45rem;
  border-bottom: 2px solid var(--line); display: flex; align-items: center; gap: .6rem; flex-wrap: wrap;
}
h2 .n {
  display: inline-grid; place-items: center; flex: none; width: 1.9rem; height: 1.9rem;
  border-radius: 50%; background: var(--accent); color: #fff; font-size: 1rem;
}
h2 small { font-weight: normal; color: var(--muted); font-size: .85rem; margin-left: auto; }
.note, .empty { color: var(--muted); margin: -.3rem 0 .8rem; }
.empty { font-style: italic; }
.rules { list-style: none; padding: 0; margin: 0; display: grid; gap: .75rem; }
.rule {
  --p: var(--medium);
  background: var(--card); border: 1px solid var(--line); border-left: 5px solid var(--p);
  border-radius: .5rem; padding: .85rem 1.1rem; box-shadow: 0 1px 2px rgba(20, 30, 50, .06);
}
.rule.critical { --p: var(--critical); }
.rule.high { --p: var(--high); }
.rule.low { --p: var(--low); }
.head { display: flex; align-items: center; gap: .6rem; }
.badge {
  flex: none; font-size: .7rem; font-weight: 700; letter-spacing: .04em; text-transform: uppercase;
  color: #fff; background: var(--p); border-radius: 1rem; padding: .1rem .6rem;
}
h3 { font-size: 1.05rem; line-height: 1.35; margin: 0; }
.action { margin: .45rem 0 0; }
.ph {
  background: var(--accent-soft); color: var(--accent); border-radius: .25rem; padding: 0 .2rem;
  font-family: ui-monospace, SFMono-Regular, Menlo, Consolas, monospace; font-size: .86em;
}
.why { margin: .4rem 0 0; color: var(--muted); font-size: .94rem; }
.why b { color: var(--ink); font-weight: 600; margin-right: .35rem; }
.id { margin: .45rem 0 0; font-size: .78rem; color: var(--muted); }
code { font-family: ui-monospace, SFMono-Regular, Menlo, Consolas, monospace; font-size: .9em; }
footer { margin-top: 3rem; padding-top: .8rem; border-top: 1px solid var(--line); color: var(--muted); font-size: .85rem; }
@media (max-width: 40rem) {
  .path ol { flex-direction: column; }
  .path a, .path li:first-child a { clip-path: none; border-radius: .45rem; padding-left: 1rem; }
  h2 small { margin-left: 0; }
}
@media print {
  @page { margin: 15mm 14mm; }
  html { font-size: 10pt; }
  body { background: #fff; }
  main { max-width: none; padding: 0; }
  .path a, .badge, h2 .n, .ph { -webkit-print-color-adjust: exact; print-color-adjust: exact; }
  .rule { box-shadow: none; break-inside: avoid; page-break-inside: avoid; }
  h2 { break-after: avoid; page-break-after: avoid; }
  section { margin-top: 1.6rem; }
  .path a { padding: .5rem 1rem .5rem 1.3rem; }
  .path .t { font-size: .85rem; }
  a { color: inherit; text-decoration: none; }
}
"#;

/// Text as HTML: the five characters that mean something there, escaped.
fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c => out.push(c),
        }
    }
    out
}

fn pieces(pieces: &[Piece]) -> String {
    pieces
        .iter()
        .map(|piece| match piece {
            Piece::Text(text) => escape(text),
            Piece::Placeholder(expr) => format!("<span class=\"ph\">‹{}›</span>", escape(expr)),
        })
        .collect()
}

fn rules(out: &mut String, rules: &[RuleCard], labels: &ShowLabels) {
    out.push_str("<ol class=\"rules\">\n");
    for rule in rules {
        let priority = rule.priority.name();
        let _ = write!(
            out,
            "<li class=\"rule {priority}\">\n<div class=\"head\"><span class=\"badge\">{}</span><h3>{}</h3></div>\n<p class=\"action\">{}</p>\n",
            escape(labels.common.priority_name(rule.priority)),
            escape(rule.heading()),
            pieces(&rule.action)
        );
        if let Some(reason) = &rule.reason {
            let _ = writeln!(
                out,
                "<p class=\"why\"><b>{}</b>{}</p>",
                escape(&capitalized(labels.common.why)),
                pieces(reason)
            );
        }
        let for_each = rule
            .for_each
            .as_ref()
            .map(|f| format!(" · <code>{}</code>", escape(f)))
            .unwrap_or_default();
        let _ = writeln!(
            out,
            "<p class=\"id\">{} <code>{}</code>{for_each}</p>\n</li>",
            escape(labels.common.rule),
            escape(&rule.id)
        );
    }
    out.push_str("</ol>\n");
}

/// The path as one HTML page.
pub(crate) fn html(path: &SalesPath, labels: &ShowLabels) -> String {
    let mut out = String::new();
    let _ = write!(
        out,
        "<!DOCTYPE html>\n<html lang=\"{}\">\n<head>\n<meta charset=\"utf-8\">\n<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n<meta name=\"generator\" content=\"playbook show\">\n<title>{}</title>\n<style>{STYLE}</style>\n</head>\n<body>\n<main>\n<header>\n<h1>{}</h1>\n",
        labels.code(),
        escape(&path.name),
        escape(&path.name)
    );
    if let Some(version) = &path.version {
        let _ = writeln!(
            out,
            "<p class=\"meta\">{}</p>",
            escape(&capitalized(&labels.version(version)))
        );
    }
    if let Some(description) = &path.description {
        let _ = writeln!(out, "<p class=\"lead\">{}</p>", escape(description));
    }
    let _ = writeln!(
        out,
        "</header>\n<nav class=\"path\" aria-label=\"{}\">\n<ol>",
        escape(labels.sales_path())
    );
    let total = path.stages.len();
    for stage in &path.stages {
        let _ = writeln!(
            out,
            "<li><a href=\"#stage-{n}\"><span class=\"n\">{n} / {total}</span><span class=\"t\">{}</span><span class=\"c\">{}</span></a></li>",
            escape(stage.title()),
            escape(&labels.rules(stage.rules.len())),
            n = stage.number,
        );
    }
    out.push_str("</ol>\n");
    if !path.every_stage.is_empty() {
        let _ = writeln!(
            out,
            "<p class=\"every\"><a href=\"#every-stage\">+ {} · {}</a></p>",
            escape(labels.every_stage()),
            escape(&labels.rules(path.every_stage.len()))
        );
    }
    out.push_str("</nav>\n");
    for stage in &path.stages {
        let _ = writeln!(
            out,
            "<section id=\"stage-{n}\">\n<h2><span class=\"n\">{n}</span>{}<small>{} · <code>{}</code></small></h2>",
            escape(stage.title()),
            escape(&labels.stage_of(stage.number, total)),
            escape(&stage.name),
            n = stage.number,
        );
        if stage.rules.is_empty() {
            let _ = writeln!(out, "<p class=\"empty\">{}</p>", escape(labels.no_rules()));
        } else {
            rules(&mut out, &stage.rules, labels);
        }
        out.push_str("</section>\n");
    }
    for (id, title, note, list) in [
        (
            "every-stage",
            labels.every_stage(),
            labels.every_stage_note(),
            &path.every_stage,
        ),
        (
            "no-stage",
            labels.no_stage(),
            labels.no_stage_note(),
            &path.no_stage,
        ),
    ] {
        if list.is_empty() {
            continue;
        }
        let _ = writeln!(
            out,
            "<section id=\"{id}\">\n<h2>{}</h2>\n<p class=\"note\">{}</p>",
            escape(title),
            escape(note)
        );
        rules(&mut out, list, labels);
        out.push_str("</section>\n");
    }
    let _ = writeln!(
        out,
        "<footer>{}</footer>\n</main>\n</body>\n</html>",
        escape(labels.placeholders())
    );
    out
}
