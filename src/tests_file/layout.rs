//! Where things stand in a tests file's text: the top-level keys, each
//! case, and each case's keys and values, as byte spans.
//!
//! The YAML parser gives values but not their positions, so this reads the
//! block layout line by line (indentation, `key:`, `- ` items). It only
//! locates; the YAML parser decides what the file means. A case written in
//! flow style (`- {name: ..., deal: ...}`) has no keys here, and problems
//! in it point at the whole case.

use crate::span::Span;

/// A `key: value` pair.
#[derive(Debug, Clone, Default)]
pub(crate) struct Entry {
    /// The key, unquoted.
    pub name: String,
    /// The key as written.
    pub key: Span,
    /// The value, from its first character to the end of its last line
    /// (empty, at the end of the key's line, when there is none).
    pub value: Span,
}

/// One item of `cases:`.
#[derive(Debug, Clone, Default)]
pub(crate) struct CaseLayout {
    /// From the `-` to the end of the case's last line.
    pub span: Span,
    /// Its keys, in order.
    pub entries: Vec<Entry>,
}

impl CaseLayout {
    /// The entry for a key.
    pub(crate) fn entry(&self, name: &str) -> Option<&Entry> {
        self.entries.iter().find(|e| e.name == name)
    }

    /// The best place to point at for the whole case: its `name:` line,
    /// else its first line.
    pub(crate) fn anchor(&self, text: &str) -> Span {
        match self.entry("name") {
            Some(entry) => entry.key.to(entry.value),
            None => first_line(text, self.span),
        }
    }

    /// The value of a key, also in a flow-style case
    /// (`- {name: x, deal: {id: D-1, stage: lead}}`).
    pub(crate) fn value(&self, text: &str, key: &str) -> Option<Span> {
        if let Some(entry) = self.entry(key) {
            return Some(entry.value);
        }
        let case = text.get(self.span.range())?;
        let mut from = 0;
        while let Some(i) = case.get(from..)?.find(key) {
            let at = from + i;
            from = at + key.len();
            let before = case[..at].chars().next_back();
            if !before.is_some_and(|c| c == '{' || c == ',' || c.is_whitespace()) {
                continue;
            }
            let Some(rest) = case[from..].strip_prefix(':') else {
                continue;
            };
            let start = from + 1 + (rest.len() - rest.trim_start().len());
            let end = start + flow_len(&case[start..])?;
            let base = self.span.start as usize;
            return Some(Span::new(base + start, base + end));
        }
        None
    }

    /// Where a word (a rule ID) stands in one of the case's values.
    pub(crate) fn find_in(&self, text: &str, key: &str, word: &str) -> Option<Span> {
        let span = self.value(text, key)?;
        let value = text.get(span.range())?;
        let mut from = 0;
        while let Some(i) = value.get(from..).and_then(|rest| rest.find(word)) {
            let start = from + i;
            let end = start + word.len();
            let boundary =
                |c: Option<char>| c.is_none_or(|c| !(c.is_alphanumeric() || c == '-' || c == '_'));
            if boundary(value[..start].chars().next_back()) && boundary(value[end..].chars().next())
            {
                let base = span.start as usize;
                return Some(Span::new(base + start, base + end));
            }
            from = end;
        }
        None
    }
}

/// The length of the flow collection (`{...}` or `[...]`) at the start
/// of `text`, brackets inside quotes not counted.
fn flow_len(text: &str) -> Option<usize> {
    if !text.starts_with(['{', '[']) {
        return None;
    }
    let mut depth = 0usize;
    let mut quote: Option<char> = None;
    for (i, c) in text.char_indices() {
        match (quote, c) {
            (Some(q), c) if c == q => quote = None,
            (Some(_), _) => {}
            (None, '"' | '\'') => quote = Some(c),
            (None, '{' | '[') => depth += 1,
            (None, '}' | ']') => {
                depth = depth.saturating_sub(1);
                if depth == 0 {
                    return Some(i + 1);
                }
            }
            _ => {}
        }
    }
    None
}

/// The layout of a whole tests file.
#[derive(Debug, Clone, Default)]
pub(crate) struct Layout {
    /// Top-level keys.
    pub entries: Vec<Entry>,
    /// The items of `cases:`, in order.
    pub cases: Vec<CaseLayout>,
}

impl Layout {
    /// The top-level entry for a key.
    pub(crate) fn entry(&self, name: &str) -> Option<&Entry> {
        self.entries.iter().find(|e| e.name == name)
    }
}

/// A line of the text: where it starts, its indentation, and its content
/// without a trailing comment.
struct Line<'t> {
    start: usize,
    indent: usize,
    content: &'t str,
}

impl Line<'_> {
    fn blank(&self) -> bool {
        self.content.is_empty()
    }
    fn end(&self) -> usize {
        self.start + self.indent + self.content.len()
    }
}

fn lines(text: &str) -> Vec<Line<'_>> {
    let mut out = Vec::new();
    let mut start = 0;
    for raw in text.split_inclusive('\n') {
        let body = raw.trim_end_matches(['\n', '\r']);
        let trimmed = body.trim_start_matches(' ');
        let indent = body.len() - trimmed.len();
        out.push(Line {
            start,
            indent,
            content: strip_comment(trimmed).trim_end(),
        });
        start += raw.len();
    }
    out
}

/// The text before a `#` comment (a `#` at the start or after a space,
/// outside quotes).
pub(crate) fn strip_comment(text: &str) -> &str {
    let mut quote: Option<char> = None;
    let mut previous = ' ';
    for (i, c) in text.char_indices() {
        match quote {
            Some(q) if c == q => quote = None,
            Some(_) => {}
            None if c == '"' || c == '\'' => quote = Some(c),
            None if c == '#' && (previous == ' ' || previous == '\t') => return &text[..i],
            None => {}
        }
        previous = c;
    }
    text
}

/// `key: rest` → (key as written, rest after the colon and its spaces).
fn split_key(content: &str) -> Option<(&str, usize)> {
    if content.starts_with(['{', '[', '-', '#']) {
        return None;
    }
    let bytes = content.as_bytes();
    let mut quote: Option<u8> = None;
    for (i, &b) in bytes.iter().enumerate() {
        match quote {
            Some(q) if b == q => quote = None,
            Some(_) => {}
            None if b == b'"' || b == b'\'' => quote = Some(b),
            None if b == b':' && bytes.get(i + 1).is_none_or(|n| *n == b' ' || *n == b'\t') => {
                let key = &content[..i];
                let rest = &content[i + 1..];
                let skip = rest.len() - rest.trim_start().len();
                return Some((key, i + 1 + skip));
            }
            None => {}
        }
    }
    None
}

fn unquote(key: &str) -> String {
    let key = key.trim();
    for q in ['"', '\''] {
        if let Some(inner) = key.strip_prefix(q).and_then(|k| k.strip_suffix(q)) {
            return inner.to_string();
        }
    }
    key.to_string()
}

/// Reads the entries of a block mapping whose keys stand at column
/// `column`, from `lines[from..to]`. The first line may hold its key
/// after an offset (`- key: value`).
fn entries(lines: &[Line], column: usize, first_offset: Option<usize>) -> Vec<Entry> {
    let mut out: Vec<Entry> = Vec::new();
    for (n, line) in lines.iter().enumerate() {
        if line.blank() {
            continue;
        }
        let key_at = match (n, first_offset) {
            (0, Some(offset)) => Some(offset),
            _ if line.indent == column => Some(line.indent),
            _ => None,
        };
        let found = key_at.and_then(|at| {
            let content = &line.content[at.saturating_sub(line.indent)..];
            split_key(content).map(|(key, rest)| (at, key, rest, content.len()))
        });
        match found {
            Some((at, key, rest, len)) => {
                let key_start = line.start + at;
                let value_start = key_start + rest;
                let line_end = key_start + len;
                out.push(Entry {
                    name: unquote(key),
                    key: Span::new(key_start, key_start + key.len()),
                    value: Span::new(value_start.min(line_end), line_end),
                });
            }
            None => {
                // A continuation of the last value (a block mapping or list).
                if let Some(last) = out.last_mut() {
                    if last.value.start == last.value.end {
                        last.value.start =
                            u32::try_from(line.start + line.indent).unwrap_or(u32::MAX);
                    }
                    last.value.end = u32::try_from(line.end()).unwrap_or(u32::MAX);
                }
            }
        }
    }
    out
}

/// Reads the layout of a tests file.
pub(crate) fn read(text: &str) -> Layout {
    let lines = lines(text);
    // Top-level keys stand at column 0.
    let top = entries(&lines, 0, None);
    let mut cases = Vec::new();
    if let Some(entry) = top.iter().find(|e| e.name == "cases") {
        let key_line = lines
            .iter()
            .position(|l| l.start + l.indent == entry.key.start as usize)
            .unwrap_or(0);
        // The case list: every line after `cases:` up to the next top-level key.
        let body: Vec<&Line> = lines
            .iter()
            .skip(key_line + 1)
            .take_while(|l| l.blank() || l.indent > 0 || l.content.starts_with('-'))
            .collect();
        let dash = body.iter().find(|l| !l.blank()).map_or(0, |l| l.indent);
        let mut starts: Vec<usize> = body
            .iter()
            .enumerate()
            .filter(|(_, l)| l.indent == dash && (l.content == "-" || l.content.starts_with("- ")))
            .map(|(i, _)| i)
            .collect();
        starts.push(body.len());
        for pair in starts.windows(2) {
            let [from, to] = *pair else { continue };
            let Some(slice) = body.get(from..to) else {
                continue;
            };
            let owned: Vec<Line> = slice
                .iter()
                .map(|l| Line {
                    start: l.start,
                    indent: l.indent,
                    content: l.content,
                })
                .collect();
            let Some(first) = owned.first() else {
                continue;
            };
            let after_dash = first.content.get(1..).unwrap_or("");
            let column = first.indent + 1 + (after_dash.len() - after_dash.trim_start().len());
            let last_end = owned
                .iter()
                .rev()
                .find(|l| !l.blank())
                .map_or(first.end(), Line::end);
            let first_offset = (!after_dash.trim().is_empty()).then_some(column);
            let column = if first_offset.is_some() {
                column
            } else {
                owned
                    .iter()
                    .skip(1)
                    .find(|l| !l.blank())
                    .map_or(column, |l| l.indent)
            };
            cases.push(CaseLayout {
                span: Span::new(first.start + first.indent, last_end),
                entries: entries(&owned, column, first_offset),
            });
        }
    }
    Layout {
        entries: top,
        cases,
    }
}

/// The first line of a span.
pub(crate) fn first_line(text: &str, span: Span) -> Span {
    let start = span.start as usize;
    let rest = text.get(start..span.end as usize).unwrap_or("");
    let len = rest.find('\n').unwrap_or(rest.len());
    Span::new(start, start + rest[..len].trim_end().len())
}

/// The text with everything outside `keep` blanked to spaces (line breaks
/// kept), so a value can be parsed on its own while every position in it
/// stays the position in the file.
pub(crate) fn isolate(text: &str, keep: Span) -> String {
    let range = keep.range();
    text.char_indices()
        .flat_map(|(i, c)| {
            let inside = range.contains(&i);
            let keep = inside || c == '\n' || c == '\r';
            // A blanked character becomes as many spaces as it has bytes.
            let n = if keep { 0 } else { c.len_utf8() };
            std::iter::repeat_n(' ', n).chain(keep.then_some(c))
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    const TEXT: &str = "\
# a comment
playbook: p.playbook   # the playbook
today: 2026-11-28
cases:
  - name: first
    deal: deals/a.yaml
    expect: [a, b-c]
  - name: second # note
    today: 2026-12-01
    deal:
      id: D-2
      stage: prospecting   # here
    absent: [a]

  -
    name: third
    deal: {id: D-3, stage: contact}
";

    fn at(span: Span) -> &'static str {
        &TEXT[span.range()]
    }

    #[test]
    fn top_level_keys_and_cases() {
        let layout = read(TEXT);
        let names: Vec<&str> = layout.entries.iter().map(|e| e.name.as_str()).collect();
        assert_eq!(names, ["playbook", "today", "cases"]);
        assert_eq!(at(layout.entry("playbook").unwrap().value), "p.playbook");
        assert_eq!(layout.cases.len(), 3);
        let first = &layout.cases[0];
        assert_eq!(at(first.entry("deal").unwrap().value), "deals/a.yaml");
        assert_eq!(at(first.anchor(TEXT)), "name: first");
        assert_eq!(at(first.find_in(TEXT, "expect", "b-c").unwrap()), "b-c");
        assert!(first.find_in(TEXT, "expect", "b").is_none());
        let second = &layout.cases[1];
        assert_eq!(at(second.entry("today").unwrap().value), "2026-12-01");
        assert_eq!(
            at(second.entry("deal").unwrap().value),
            "id: D-2\n      stage: prospecting"
        );
        let third = &layout.cases[2];
        assert_eq!(at(third.entry("name").unwrap().value), "third");
        assert_eq!(
            at(third.entry("deal").unwrap().value),
            "{id: D-3, stage: contact}"
        );
    }

    #[test]
    fn values_in_flow_style_cases() {
        let text = "cases:\n- {name: x, deal: {id: 1, note: \"a } b\"}, expect: [r]}\n";
        let layout = read(text);
        let case = &layout.cases[0];
        assert!(case.entry("deal").is_none());
        let deal = case.value(text, "deal").unwrap();
        assert_eq!(&text[deal.range()], "{id: 1, note: \"a } b\"}");
        assert!(case.value(text, "today").is_none());
    }

    #[test]
    fn isolating_keeps_positions() {
        let layout = read(TEXT);
        let deal = layout.cases[1].entry("deal").unwrap().value;
        let isolated = isolate(TEXT, deal);
        assert_eq!(isolated.len(), TEXT.len());
        assert_eq!(&isolated[deal.range()], at(deal));
        assert!(isolated[..deal.start as usize].trim().is_empty());
    }

    #[test]
    fn comments_and_quotes() {
        assert_eq!(strip_comment("a: b # c"), "a: b ");
        assert_eq!(strip_comment("a: \"b # c\""), "a: \"b # c\"");
        assert_eq!(strip_comment("a: b#c"), "a: b#c");
        let layout = read("\"playbook\": x\ncases:\n- name: a\n  deal: b\n");
        assert_eq!(layout.entries[0].name, "playbook");
        assert_eq!(layout.cases.len(), 1);
        assert_eq!(layout.cases[0].entries.len(), 2);
    }
}
