//! A quick lexical pass before pest: cut the file into declarations, collect
//! comments, and catch what pest would report badly (an unclosed string) or
//! could not survive (nesting deep enough to exhaust the stack).

use crate::ast::Comment;
use crate::span::Span;

/// Words that begin a declaration at the start of a line.
pub(crate) const DECLARATION_KEYWORDS: [&str; 8] = [
    "playbook",
    "version",
    "description",
    "stages",
    "fields",
    "define",
    "import",
    "rule",
];

/// The deepest parenthesis nesting accepted in one declaration.
pub(crate) const MAX_PAREN_DEPTH: usize = 64;
/// The most operators (`and`, `or`, `not`, `where`, `days`, `+`, `-`, `*`,
/// `/`) accepted in one declaration. Chains of operators nest in the tree as
/// deeply as parentheses do, so they are bounded for the same reason.
pub(crate) const MAX_OPERATORS: usize = 512;

/// One declaration's text and where it starts.
#[derive(Debug)]
pub(crate) struct Chunk {
    /// Byte offset of the chunk in the file.
    pub start: usize,
    /// One past its last byte.
    pub end: usize,
    /// Whether it starts with a declaration keyword (else: an unknown word
    /// at the start of a line).
    pub known: bool,
}

/// Something the scan itself reports.
#[derive(Debug)]
pub(crate) enum ScanProblem {
    /// A `"` with no closing `"` on its line.
    UnclosedString(Span),
    /// Parentheses nested deeper than [`MAX_PAREN_DEPTH`].
    TooDeep(Span),
    /// More than [`MAX_OPERATORS`] operators in one declaration.
    TooManyOperators(Span),
}

impl ScanProblem {
    /// Where it is.
    pub(crate) fn span(&self) -> Span {
        match self {
            ScanProblem::UnclosedString(span)
            | ScanProblem::TooDeep(span)
            | ScanProblem::TooManyOperators(span) => *span,
        }
    }
}

/// What the scan found.
#[derive(Debug, Default)]
pub(crate) struct Scan {
    /// The declarations, in order.
    pub chunks: Vec<Chunk>,
    /// Comments, in order.
    pub comments: Vec<Comment>,
    /// Problems, in order.
    pub problems: Vec<ScanProblem>,
}

fn first_word(line: &str) -> &str {
    let trimmed = line.trim_start();
    let end = trimmed
        .find(|c: char| !(c.is_alphanumeric() || c == '_' || c == '-'))
        .unwrap_or(trimmed.len());
    &trimmed[..end]
}

/// Scans `text`.
pub(crate) fn scan(text: &str) -> Scan {
    let mut result = Scan::default();
    let mut offset = 0;
    let mut chunk_start: Option<(usize, bool)> = None;
    let mut depth = 0usize;
    let mut prefixes = 0usize;
    let mut reported_depth = false;
    for line in text.split_inclusive('\n') {
        let word = first_word(line);
        let indented = line.starts_with([' ', '\t', '\u{3000}']);
        let starts_declaration = DECLARATION_KEYWORDS.contains(&word);
        let unknown_top_level = (!indented || chunk_start.is_none())
            && !line.trim().is_empty()
            && !starts_declaration
            && !line.trim_start().starts_with('#');
        if starts_declaration || unknown_top_level {
            if let Some((start, known)) = chunk_start {
                result.chunks.push(Chunk {
                    start,
                    end: offset,
                    known,
                });
            }
            chunk_start = Some((offset, starts_declaration));
            depth = 0;
            prefixes = 0;
            reported_depth = false;
        }
        scan_line(
            line,
            offset,
            &mut result,
            &mut depth,
            &mut prefixes,
            &mut reported_depth,
        );
        offset += line.len();
    }
    if let Some((start, known)) = chunk_start {
        result.chunks.push(Chunk {
            start,
            end: text.len(),
            known,
        });
    }
    result
}

/// The nesting limits applied to an expression that the declaration scan
/// does not see: the inside of a `{...}` in a message (text in quotes).
pub(crate) fn expression_limits(text: &str, offset: usize) -> Option<ScanProblem> {
    let mut result = Scan::default();
    let (mut depth, mut operators, mut reported) = (0, 0, false);
    let mut at = offset;
    for line in text.split_inclusive('\n') {
        scan_line(
            line,
            at,
            &mut result,
            &mut depth,
            &mut operators,
            &mut reported,
        );
        at += line.len();
    }
    result
        .problems
        .into_iter()
        .find(|p| !matches!(p, ScanProblem::UnclosedString(_)))
}

fn scan_line(
    line: &str,
    offset: usize,
    result: &mut Scan,
    depth: &mut usize,
    prefixes: &mut usize,
    reported: &mut bool,
) {
    let mut chars = line.char_indices().peekable();
    let mut previous_word_end = true;
    while let Some((i, c)) = chars.next() {
        match c {
            '#' => {
                let text = line[i + 1..].trim_end_matches(['\n', '\r']).to_string();
                let end = offset + i + 1 + text.len();
                result.comments.push(Comment {
                    text,
                    span: Span::new(offset + i, end),
                });
                return;
            }
            '"' => {
                let mut closed = false;
                while let Some((_, c)) = chars.next() {
                    match c {
                        '\\' => {
                            chars.next();
                        }
                        '"' => {
                            closed = true;
                            break;
                        }
                        '\n' => break,
                        _ => {}
                    }
                }
                if !closed {
                    let end = offset + line.trim_end_matches(['\n', '\r']).len();
                    result
                        .problems
                        .push(ScanProblem::UnclosedString(Span::new(offset + i, end)));
                    return;
                }
            }
            '(' => {
                *depth += 1;
                if *depth > MAX_PAREN_DEPTH && !*reported {
                    *reported = true;
                    result
                        .problems
                        .push(ScanProblem::TooDeep(Span::new(offset + i, offset + i + 1)));
                }
            }
            ')' => *depth = depth.saturating_sub(1),
            _ => {}
        }
        let word_char = c.is_alphanumeric() || c == '_';
        if word_char && previous_word_end {
            let rest = &line[i..];
            let word_len = rest
                .find(|c: char| !(c.is_alphanumeric() || c == '_' || c == '-'))
                .unwrap_or(rest.len());
            if matches!(&rest[..word_len], "not" | "days" | "and" | "or" | "where") {
                count_prefix(offset + i, prefixes, reported, result);
            }
        }
        if matches!(c, '+' | '*' | '/') || (c == '-' && previous_word_end) {
            count_prefix(offset + i, prefixes, reported, result);
        }
        previous_word_end = !(word_char || c == '-');
    }
}

fn count_prefix(at: usize, prefixes: &mut usize, reported: &mut bool, result: &mut Scan) {
    *prefixes += 1;
    if *prefixes > MAX_OPERATORS && !*reported {
        *reported = true;
        result
            .problems
            .push(ScanProblem::TooManyOperators(Span::new(at, at + 1)));
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn chunks_start_at_declarations_and_unknown_words() {
        let text = "# intro\nplaybook \"x\"\nstages\n  a\n  b\nrulle r\n  when x\nrule s # c\n";
        let scan = scan(text);
        let starts: Vec<(&str, bool)> = scan
            .chunks
            .iter()
            .map(|c| (first_word(&text[c.start..c.end]), c.known))
            .collect();
        assert_eq!(
            starts,
            [
                ("playbook", true),
                ("stages", true),
                ("rulle", false),
                ("rule", true)
            ]
        );
        assert_eq!(scan.comments.len(), 2);
        assert_eq!(scan.comments[1].text, " c");
    }

    #[test]
    fn unclosed_string_and_depth() {
        let scan1 = scan("rule a \"open\n  when x\n");
        assert!(matches!(
            scan1.problems[..],
            [ScanProblem::UnclosedString(_)]
        ));
        let deep = format!("define x = {}1{}", "(".repeat(100_000), ")".repeat(100_000));
        let scan2 = scan(&deep);
        assert!(matches!(scan2.problems[..], [ScanProblem::TooDeep(_)]));
        let nots = format!("define x = {}true", "not ".repeat(10_000));
        assert!(matches!(
            scan(&nots).problems[..],
            [ScanProblem::TooManyOperators(_)]
        ));
        // `#` and `(` inside strings are text.
        let quoted = scan("rule a \"(# not a comment\"\n");
        assert!(quoted.comments.is_empty() && quoted.problems.is_empty());
    }
}
