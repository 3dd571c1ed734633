//! The canonical layout of a whole file, and where each comment goes.
//!
//! Every declaration becomes a few output lines (a rule: its header, then
//! one line per clause), each remembering the source range it came from.
//! Comments are attached to those lines by position (see [`attach`]), so
//! they travel with the line they belonged to even when clauses are put
//! back in canonical order.

use unicode_width::UnicodeWidthStr;

use super::expr::{expr, message, quoted};
use crate::ast::{self, Declaration};

/// What kind of declaration, for the blank lines between them.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Family {
    /// `playbook`, `version`, `description`.
    Header,
    /// `define`.
    Define,
    /// `import`.
    Import,
    /// `stages`, `fields`, `rule`: always set apart by a blank line.
    Block,
}

/// A comment of the source file.
#[derive(Clone, Copy, Debug)]
struct Note<'a> {
    text: &'a str,
    start: usize,
    end: usize,
}

/// The code of one output line.
#[derive(Debug)]
enum Code {
    /// Printed as is.
    Plain(String),
    /// `prefix left<pad>gap right`: the `left` parts of a group are padded to
    /// one width (stage names before labels, field paths before types,
    /// define names before `=`).
    Aligned {
        prefix: &'static str,
        left: String,
        gap: &'static str,
        right: Option<String>,
    },
}

#[derive(Debug)]
struct Line<'a> {
    indented: bool,
    code: Code,
    /// Lines with the same group share the width of `left`.
    group: Option<usize>,
    /// The source range the line was printed from.
    start: usize,
    end: usize,
    /// Own-line comments printed before the line.
    leading: Vec<Note<'a>>,
    /// The end-of-line comment printed after it.
    trailing: Option<Note<'a>>,
}

impl<'a> Line<'a> {
    fn new(indented: bool, code: Code, span: (usize, usize)) -> Line<'a> {
        Line {
            indented,
            code,
            group: None,
            start: span.0,
            end: span.1.max(span.0),
            leading: Vec::new(),
            trailing: None,
        }
    }

    fn plain(indented: bool, code: String, span: (usize, usize)) -> Line<'a> {
        Line::new(indented, Code::Plain(code), span)
    }
}

#[derive(Debug)]
struct Decl<'a> {
    family: Family,
    lines: Vec<Line<'a>>,
    /// Indented own-line comments after a block's last line.
    dangling: Vec<Note<'a>>,
}

fn range(span: crate::span::Span) -> (usize, usize) {
    (span.start as usize, span.end as usize)
}

fn from_to(start: crate::span::Span, end: crate::span::Span) -> (usize, usize) {
    (start.start as usize, end.end as usize)
}

fn decl<'a>(declaration: &Declaration, groups: &mut usize) -> Decl<'a> {
    let one = |family, keyword: &str, text: &ast::Text| Decl {
        family,
        lines: vec![Line::plain(
            false,
            format!("{keyword} {}", quoted(&text.value)),
            range(text.span),
        )],
        dangling: Vec::new(),
    };
    let block = |lines| Decl {
        family: Family::Block,
        lines,
        dangling: Vec::new(),
    };
    match declaration {
        Declaration::Playbook(text) => one(Family::Header, "playbook", text),
        Declaration::Version(text) => one(Family::Header, "version", text),
        Declaration::Description(text) => one(Family::Header, "description", text),
        Declaration::Import(text) => one(Family::Import, "import", text),
        Declaration::Stages(stages, span) => {
            *groups += 1;
            let start = span.start as usize;
            let mut lines = vec![Line::plain(false, "stages".into(), (start, start + 6))];
            for stage in stages {
                let end = stage.label.as_ref().map_or(stage.name.span, |l| l.span);
                let mut line = Line::new(
                    true,
                    Code::Aligned {
                        prefix: "",
                        left: stage.name.name.clone(),
                        gap: "  ",
                        right: stage.label.as_ref().map(|l| quoted(&l.value)),
                    },
                    from_to(stage.name.span, end),
                );
                line.group = Some(*groups);
                lines.push(line);
            }
            block(lines)
        }
        Declaration::Fields(fields, span) => {
            *groups += 1;
            let start = span.start as usize;
            let mut lines = vec![Line::plain(false, "fields".into(), (start, start + 6))];
            for field in fields {
                let mut line = Line::new(
                    true,
                    Code::Aligned {
                        prefix: "",
                        left: field.path.name.clone(),
                        gap: "  ",
                        right: Some(field.ty.name().to_string()),
                    },
                    from_to(field.path.span, field.ty_span),
                );
                line.group = Some(*groups);
                lines.push(line);
            }
            block(lines)
        }
        Declaration::Define(define) => Decl {
            family: Family::Define,
            lines: vec![Line::new(
                false,
                Code::Aligned {
                    prefix: "define ",
                    left: define.name.name.clone(),
                    gap: " = ",
                    right: Some(expr(&define.value)),
                },
                range(define.span),
            )],
            dangling: Vec::new(),
        },
        Declaration::Rule(rule) => block(rule_lines(rule)),
    }
}

/// A rule: the header, then its clauses in canonical order.
fn rule_lines<'a>(rule: &ast::Rule) -> Vec<Line<'a>> {
    let mut header = format!("rule {}", rule.id.name);
    if let Some(title) = &rule.title {
        header.push(' ');
        header.push_str(&quoted(&title.value));
    }
    let header_end = rule.title.as_ref().map_or(rule.id.span, |t| t.span);
    let mut lines = vec![Line::plain(
        false,
        header,
        (rule.span.start as usize, header_end.end as usize),
    )];
    if let Some(for_each) = &rule.for_each {
        lines.push(Line::plain(
            true,
            format!(
                "for each {} in {}",
                for_each.item.name,
                expr(&for_each.collection)
            ),
            from_to(for_each.item.span, for_each.collection.span),
        ));
    }
    lines.push(Line::plain(
        true,
        format!("when {}", expr(&rule.when)),
        range(rule.when.span),
    ));
    lines.push(Line::plain(
        true,
        format!("recommend {}", message(&rule.recommend)),
        range(rule.recommend.span),
    ));
    if let Some((priority, span)) = &rule.priority {
        lines.push(Line::plain(
            true,
            format!("priority {}", priority.name()),
            range(*span),
        ));
    }
    if let Some(because) = &rule.because {
        lines.push(Line::plain(
            true,
            format!("because {}", message(because)),
            range(because.span),
        ));
    }
    if let (Some(first), Some(last)) = (rule.tags.first(), rule.tags.last()) {
        let names: Vec<&str> = rule.tags.iter().map(|t| t.name.as_str()).collect();
        lines.push(Line::plain(
            true,
            format!("tags {}", names.join(", ")),
            from_to(first.span, last.span),
        ));
    }
    lines
}

/// Whether a line with nothing but blanks lies strictly between the lines
/// of byte offsets `a` and `b`.
fn blank_between(source: &str, a: usize, b: usize) -> bool {
    let Some(between) = source.get(a..b) else {
        return false;
    };
    let parts: Vec<&str> = between.split('\n').collect();
    match parts.as_slice() {
        [_, middle @ .., _] => middle.iter().any(|line| line.trim().is_empty()),
        _ => false,
    }
}

/// Where the comments go: each to the line it stood on or before.
///
/// - A comment inside a line's source range (a condition written over
///   several lines) goes before that line.
/// - An end-of-line comment goes after the line whose code it followed.
/// - An own-line comment goes before the line that follows it; at the end
///   of a block (before the next declaration), an indented one stays with
///   the block and a column-0 one goes with the next declaration.
/// - Comments after everything close the file.
fn attach<'a>(source: &str, comments: &'a [ast::Comment], decls: &mut [Decl<'a>]) -> Vec<Note<'a>> {
    // (start, end, declaration, line), in source order.
    let mut order: Vec<(usize, usize, usize, usize)> = decls
        .iter()
        .enumerate()
        .flat_map(|(d, decl)| {
            decl.lines
                .iter()
                .enumerate()
                .map(move |(l, line)| (line.start, line.end, d, l))
        })
        .collect();
    order.sort_unstable();
    let mut trailer = Vec::new();
    // Once a column-0 comment has left a block for the next declaration,
    // the comments after it follow it, however indented.
    let mut closed: Option<usize> = None;
    for comment in comments {
        let (start, end) = range(comment.span);
        let note = Note {
            text: &comment.text,
            start,
            end,
        };
        let line_start = source
            .get(..start)
            .and_then(|before| before.rfind('\n'))
            .map_or(0, |i| i + 1);
        let before = source.get(line_start..start).unwrap_or("");
        let own_line = before.trim().is_empty();
        let indented = !before.is_empty();
        let next_index = order.partition_point(|(s, ..)| *s < start);
        let prev = next_index
            .checked_sub(1)
            .and_then(|i| order.get(i))
            .copied();
        let next = order.get(next_index).copied();
        let target = match (prev, next) {
            (Some(p), _) if start < p.1 => Target::Leading(p),
            (Some(p), _)
                if !own_line
                    && source
                        .get(p.1..start)
                        .is_some_and(|gap| !gap.contains('\n')) =>
            {
                Target::Trailing(p)
            }
            (_, Some(n)) if !own_line || n.3 != 0 => Target::Leading(n),
            (Some(p), _)
                if indented
                    && closed != Some(p.2)
                    && decls.get(p.2).is_some_and(|d| d.family == Family::Block) =>
            {
                Target::Dangling(p.2)
            }
            (prev, next) => {
                closed = prev.map(|p| p.2);
                match next {
                    Some(n) => Target::Leading(n),
                    None => Target::Trailer,
                }
            }
        };
        match target {
            Target::Leading((_, _, d, l)) => {
                if let Some(line) = decls.get_mut(d).and_then(|decl| decl.lines.get_mut(l)) {
                    line.leading.push(note);
                }
            }
            Target::Trailing((_, _, d, l)) => {
                if let Some(line) = decls.get_mut(d).and_then(|decl| decl.lines.get_mut(l)) {
                    match line.trailing {
                        None => line.trailing = Some(note),
                        Some(_) => line.leading.push(note),
                    }
                }
            }
            Target::Dangling(d) => {
                if let Some(decl) = decls.get_mut(d) {
                    decl.dangling.push(note);
                }
            }
            Target::Trailer => trailer.push(note),
        }
    }
    trailer
}

enum Target {
    Leading((usize, usize, usize, usize)),
    Trailing((usize, usize, usize, usize)),
    Dangling(usize),
    Trailer,
}

/// One line of output before trailing comments are aligned.
enum Out {
    Blank,
    Text {
        code: String,
        trailing: Option<String>,
    },
}

fn comment_text(note: &Note) -> String {
    format!("#{}", note.text.trim_end())
}

/// The file in canonical layout.
pub(crate) fn format_file(file: &ast::File, source: &str) -> String {
    let mut groups = 0;
    let mut decls: Vec<Decl> = file
        .declarations
        .iter()
        .map(|d| decl(d, &mut groups))
        .collect();
    let trailer = attach(source, &file.comments, &mut decls);

    // Blank lines between declarations: always around blocks and between
    // different kinds; between two defines (or header lines, or imports)
    // only where the trainer left one, which also ends a run of aligned
    // defines.
    let first_start = |decl: &Decl| {
        decl.lines
            .first()
            .map(|line| {
                line.leading
                    .first()
                    .map_or(line.start, |c| c.start.min(line.start))
            })
            .unwrap_or(0)
    };
    let last_end = |decl: &Decl| {
        let lines = decl
            .lines
            .iter()
            .map(|l| l.trailing.map_or(l.end, |t| t.end));
        lines
            .chain(decl.dangling.iter().map(|c| c.end))
            .max()
            .unwrap_or(0)
    };
    let mut blank_before = vec![false; decls.len()];
    for i in 1..decls.len() {
        let (Some(prev), Some(this)) = (decls.get(i - 1), decls.get(i)) else {
            continue;
        };
        let blank = prev.family != this.family
            || this.family == Family::Block
            || blank_between(source, last_end(prev), first_start(this));
        if let Some(slot) = blank_before.get_mut(i) {
            *slot = blank;
        }
    }
    for i in 0..decls.len() {
        let joins_run = i > 0
            && !blank_before.get(i).copied().unwrap_or(true)
            && decls.get(i).is_some_and(|d| d.family == Family::Define);
        if !joins_run {
            groups += 1;
        }
        if let Some(decl) = decls.get_mut(i) {
            if decl.family == Family::Define {
                for line in &mut decl.lines {
                    line.group = Some(groups);
                }
            }
        }
    }

    let mut widths = std::collections::HashMap::new();
    for line in decls.iter().flat_map(|d| &d.lines) {
        if let (
            Some(group),
            Code::Aligned {
                left,
                right: Some(_),
                ..
            },
        ) = (line.group, &line.code)
        {
            let width = widths.entry(group).or_insert(0);
            *width = left.width().max(*width);
        }
    }

    let mut out = Vec::new();
    let text = |line: &Line| {
        let indent = if line.indented { "  " } else { "" };
        match &line.code {
            Code::Plain(code) => format!("{indent}{code}"),
            Code::Aligned {
                prefix,
                left,
                gap,
                right: Some(right),
            } => {
                let width = line
                    .group
                    .and_then(|g| widths.get(&g))
                    .copied()
                    .unwrap_or(0);
                let pad = " ".repeat(width.saturating_sub(left.width()));
                format!("{indent}{prefix}{left}{pad}{gap}{right}")
            }
            Code::Aligned {
                prefix,
                left,
                right: None,
                ..
            } => format!("{indent}{prefix}{left}"),
        }
    };
    for (i, decl) in decls.iter().enumerate() {
        if blank_before.get(i).copied().unwrap_or(false) {
            out.push(Out::Blank);
        }
        for (l, line) in decl.lines.iter().enumerate() {
            let top = l == 0;
            let indent = if line.indented { "  " } else { "" };
            for (k, note) in line.leading.iter().enumerate() {
                let after_blank = k
                    .checked_sub(1)
                    .and_then(|j| line.leading.get(j))
                    .is_some_and(|p| blank_between(source, p.end, note.start));
                if top && after_blank {
                    out.push(Out::Blank);
                }
                out.push(Out::Text {
                    code: format!("{indent}{}", comment_text(note)),
                    trailing: None,
                });
            }
            if top
                && line
                    .leading
                    .last()
                    .is_some_and(|c| blank_between(source, c.end, line.start))
            {
                out.push(Out::Blank);
            }
            out.push(Out::Text {
                code: text(line),
                trailing: line.trailing.as_ref().map(comment_text),
            });
        }
        for note in &decl.dangling {
            out.push(Out::Text {
                code: format!("  {}", comment_text(note)),
                trailing: None,
            });
        }
    }
    let mut last = decls.last().map(last_end);
    for note in &trailer {
        if last.is_some_and(|end| blank_between(source, end, note.start)) {
            out.push(Out::Blank);
        }
        out.push(Out::Text {
            code: comment_text(note),
            trailing: None,
        });
        last = Some(note.end);
    }
    render(&out)
}

/// Joins the lines, aligning the end-of-line comments of consecutive lines
/// in one column, two spaces after the longest code.
fn render(lines: &[Out]) -> String {
    let mut text = String::new();
    let mut i = 0;
    while let Some(line) = lines.get(i) {
        let run: Vec<(&String, &String)> = lines
            .get(i..)
            .unwrap_or_default()
            .iter()
            .map_while(|l| match l {
                Out::Text {
                    code,
                    trailing: Some(comment),
                } => Some((code, comment)),
                _ => None,
            })
            .collect();
        if run.is_empty() {
            if let Out::Text { code, .. } = line {
                text.push_str(code);
            }
            text.push('\n');
            i += 1;
            continue;
        }
        let column = run.iter().map(|(code, _)| code.width()).max().unwrap_or(0) + 2;
        for (code, comment) in &run {
            text.push_str(code);
            text.push_str(&" ".repeat(column.saturating_sub(code.width())));
            text.push_str(comment);
            text.push('\n');
        }
        i += run.len();
    }
    text
}
