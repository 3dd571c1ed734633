//! Playbook text → [`ast::File`]. The only module that knows pest.
//!
//! The file is first cut into declarations (`scan`); each is parsed on its
//! own, so every broken declaration gets its own error and the others are
//! still read. pest errors are reworded with `expected::describe` so
//! messages never name grammar rules.

mod expected;
mod lower;
mod problem;
mod scan;

use pest::Parser;

use crate::ast;
use crate::diagnostic::{suggest, Diagnostic};
use crate::span::{FileId, Span};
use problem::{Found, SyntaxProblem};

pub(crate) use scan::{DECLARATION_KEYWORDS, MAX_OPERATORS, MAX_PAREN_DEPTH};

#[allow(missing_docs)]
mod grammar {
    #[derive(pest_derive::Parser)]
    #[grammar = "../grammar/playbook.pest"]
    pub(crate) struct PlaybookParser;
}

use grammar::{PlaybookParser, Rule};

/// The largest playbook file accepted, in bytes.
pub const MAX_SOURCE_BYTES: usize = 8 * 1024 * 1024;

/// Parses one playbook file. Returns the declarations that parsed and a
/// diagnostic for each one that did not.
///
/// ```
/// use playbook::{parse, FileId};
///
/// let (tree, errors) = parse("playbook \"P\"\nrule r\n  wen stage is a\nstages\n  a\n", FileId(0));
/// assert_eq!(errors.len(), 1); // the broken rule
/// assert_eq!(tree.declarations.len(), 2); // the header and the stages
/// ```
pub fn parse(text: &str, file: FileId) -> (ast::File, Vec<Diagnostic>) {
    let mut diagnostics = Vec::new();
    if text.len() > MAX_SOURCE_BYTES {
        diagnostics.push(SyntaxProblem::TooLarge { bytes: text.len() }.describe(file));
        return (ast::File::default(), diagnostics);
    }
    let scanned = scan::scan(text);
    let mut bad_spans = Vec::new();
    for problem in &scanned.problems {
        diagnostics.push(SyntaxProblem::from(problem).describe(file));
        bad_spans.push(problem.span());
    }

    let mut declarations = Vec::new();
    let mut broken = Vec::new();
    for chunk in &scanned.chunks {
        let touched = bad_spans
            .iter()
            .any(|s| (s.start as usize) >= chunk.start && (s.start as usize) < chunk.end);
        let chunk_text = &text[chunk.start..chunk.end];
        if touched {
            broken.push(broken_declaration(chunk_text));
            continue;
        }
        if !chunk.known {
            diagnostics.push(unknown_declaration(chunk_text, chunk.start).describe(file));
            continue;
        }
        match PlaybookParser::parse(Rule::declaration, chunk_text) {
            Ok(mut pairs) => {
                let mut lowering = lower::Lowering::new(file, chunk.start, &mut diagnostics);
                let declaration = pairs.next().and_then(|pair| lowering.declaration(pair));
                broken.extend(lowering.broken_fields.into_iter().map(|name| ast::Broken {
                    keyword: "fields".to_string(),
                    name: Some(name),
                }));
                match declaration {
                    Some(declaration) => declarations.push(declaration),
                    None => broken.push(broken_declaration(chunk_text)),
                }
            }
            Err(error) => {
                diagnostics.push(syntax_error(&error, chunk_text, chunk.start).describe(file));
                broken.push(broken_declaration(chunk_text));
            }
        }
    }
    let parsed = ast::File {
        declarations,
        comments: scanned.comments,
        broken,
    };
    (parsed, diagnostics)
}

/// Parses the text of one `{...}` interpolation starting at `offset`.
fn parse_interpolation(
    text: &str,
    offset: usize,
    file: FileId,
    diagnostics: &mut Vec<Diagnostic>,
) -> Option<ast::Expr> {
    // The declaration scan skips quoted text, so the limits that keep pest
    // and the lowering off deep recursion are applied here.
    if let Some(problem) = scan::expression_limits(text, offset) {
        diagnostics.push(SyntaxProblem::from(&problem).describe(file));
        return None;
    }
    match PlaybookParser::parse(Rule::interpolation, text) {
        Ok(mut pairs) => {
            let pair = pairs.next()?;
            lower::Lowering::new(file, offset, diagnostics).expr(pair)
        }
        Err(error) => {
            let problem = SyntaxProblem::InInterpolation {
                text: text.to_string(),
                problem: Box::new(syntax_error(&error, text, offset)),
            };
            diagnostics.push(problem.describe(file));
            None
        }
    }
}

/// `text`, cut after `max` characters with `…`, for quoting in a message.
fn shortened(text: &str, max: usize) -> String {
    match text.char_indices().nth(max) {
        Some((end, _)) => format!("{}…", text.get(..end).unwrap_or(text)),
        None => text.to_string(),
    }
}

fn broken_declaration(chunk: &str) -> ast::Broken {
    let mut words = chunk
        .split(|c: char| c.is_whitespace() || c == '=' || c == '"' || c == '#')
        .filter(|w| !w.is_empty());
    let keyword = words.next().unwrap_or_default().to_string();
    let name = matches!(keyword.as_str(), "define" | "rule")
        .then(|| words.next().map(str::to_string))
        .flatten();
    ast::Broken { keyword, name }
}

fn unknown_declaration(chunk: &str, offset: usize) -> SyntaxProblem {
    let trimmed = chunk.trim_start();
    let lead = chunk.len() - trimmed.len();
    let word_len = trimmed
        .find(|c: char| c.is_whitespace() || c == '"' || c == '#')
        .unwrap_or(trimmed.len())
        .max(trimmed.chars().next().map_or(0, char::len_utf8));
    let word = &trimmed[..word_len.min(trimmed.len())];
    let span = Span::new(offset + lead, offset + lead + word.len());
    SyntaxProblem::UnknownDeclaration {
        word: word.to_string(),
        close: suggest(word, DECLARATION_KEYWORDS),
        span,
    }
}

/// The word (or character) at `pos`, for "found ..." in messages.
fn found_at(text: &str, pos: usize) -> (Found, usize) {
    let rest = text.get(pos..).unwrap_or("");
    let Some(first) = rest.chars().next() else {
        return (Found::EndOfDeclaration, 0);
    };
    let invisible = first.is_control()
        || matches!(
            first,
            '\u{200B}'..='\u{200F}' | '\u{2060}' | '\u{FEFF}' | '\u{00A0}'
        );
    if invisible {
        // Shown as itself it would be nothing, or break the line.
        return (Found::Invisible(first), first.len_utf8());
    }
    let len = if first.is_alphanumeric() || first == '_' {
        rest.find(|c: char| !(c.is_alphanumeric() || c == '_' || c == '-' || c == '.'))
            .unwrap_or(rest.len())
    } else {
        first.len_utf8()
    };
    (
        Found::Word(rest.get(..len).unwrap_or(rest).to_string()),
        len,
    )
}

fn syntax_error(error: &pest::error::Error<Rule>, text: &str, offset: usize) -> SyntaxProblem {
    use pest::error::{ErrorVariant, InputLocation};
    let pos = match error.location {
        InputLocation::Pos(p) => p,
        InputLocation::Span((p, _)) => p,
    };
    // Report at the first non-blank character at or after the failure,
    // skipping comments, so the underline sits on the offending word; when
    // nothing follows, at the end of what the declaration says.
    let pos = skip_blank(text, pos);
    let (pos, found, len) = if pos >= text.len() {
        (content_end(text), Found::Nothing, 0)
    } else {
        let (found, len) = found_at(text, pos);
        (pos, found, len)
    };
    let mut expected: Vec<&str> = match &error.variant {
        ErrorVariant::ParsingError { positives, .. } => positives
            .iter()
            .filter_map(|r| expected::describe(*r))
            .collect(),
        ErrorVariant::CustomError { .. } => Vec::new(),
    };
    expected.sort_unstable();
    expected.dedup();
    // Only a word can be a near miss of a keyword.
    let word = match &found {
        Found::Word(word) => word.trim_matches('`'),
        Found::Invisible(_) | Found::Nothing | Found::EndOfDeclaration => "",
    };
    // Inside a rule the grammar could take many things next; say it the way
    // a trainer thinks of it: an operator, or the next clause.
    const CLAUSES: [&str; 6] = ["when", "recommend", "priority", "because", "tags", "for"];
    let is_clause =
        |e: &&str| CLAUSES.iter().any(|c| e.trim_matches('`') == *c) || *e == "`for each`";
    if expected.iter().any(is_clause) {
        if word == "then" {
            let span = Span::new(offset + pos, offset + pos + len);
            return SyntaxProblem::Then { span };
        }
        if let Some(close) = suggest(word, CLAUSES) {
            let close = if close == "for" { "for each" } else { close };
            let span = Span::new(offset + pos, offset + pos + len);
            return SyntaxProblem::NotAClause {
                word: word.to_string(),
                close,
                span,
            };
        }
        expected.retain(|e| {
            !is_clause(e) && !matches!(*e, "a field name" | "the end of the declaration")
        });
        expected.push("the next clause (`when`, `recommend`, `priority`, `because`, `tags`)");
    }
    if expected.len() > 1 {
        // Only meaningful after `)` or `]`; elsewhere it reads as noise.
        expected.retain(|e| *e != "a field name");
    }
    let keywords = expected
        .iter()
        .filter(|e| e.starts_with('`') && e.ends_with('`') && !e.contains(' '))
        .map(|e| e.trim_matches('`'));
    let close = suggest(word, keywords);
    let curly_quote = matches!(word, "“" | "”" | "„" | "«" | "»" | "「" | "」" | "‘" | "’");
    SyntaxProblem::Expected {
        expected,
        found,
        close,
        curly_quote,
        span: Span::new(offset + pos, offset + pos + len),
    }
}

/// The end of the last line of a declaration that is not blank or a comment.
fn content_end(text: &str) -> usize {
    let mut end = 0;
    let mut offset = 0;
    for line in text.split_inclusive('\n') {
        let code = line.split('#').next().unwrap_or("").trim_end();
        if !code.trim().is_empty() {
            end = offset + code.len();
        }
        offset += line.len();
    }
    end
}

fn skip_blank(text: &str, mut pos: usize) -> usize {
    loop {
        let rest = text.get(pos..).unwrap_or("");
        let trimmed = rest.trim_start();
        pos += rest.len() - trimmed.len();
        if trimmed.starts_with('#') {
            pos += trimmed.find('\n').unwrap_or(trimmed.len());
        } else {
            return pos;
        }
    }
}
