//! Reading deal files: the format from the extension, one diagnostic per
//! bad deal, and every other deal of the file still read.
//!
//! YAML streams are cut at their `---` lines and JSON arrays at their
//! elements before any deal is read, so a broken deal costs only itself.

use std::path::Path;

use serde::de::DeserializeSeed;

use super::model::Reader;
use super::problem::{Anchor, DealProblem, Described};
use super::root::{Deal, DealContext, DealSeed};
use crate::diagnostic::Diagnostic;
use crate::files::read_limited;
use crate::serde_words::{reworded, Found, SerdeError};
use crate::span::{FileId, Source, Sources, Span};
use crate::yaml::{self, YamlError, YamlProblem, YamlValue};

/// Reads a deal from a YAML value already parsed (a tests file's inline
/// deal).
pub(crate) fn deal_from_yaml_value(
    value: YamlValue,
    context: &DealContext,
) -> Result<Deal, DealProblem> {
    let reader = Reader::new(context, usize::MAX);
    yaml::read_value(value, DealSeed(&reader)).map_err(|e| *Failure::yaml(e, &reader).problem)
}

/// How a deal file is written.
///
/// ```
/// use std::path::Path;
/// use playbook::DealFormat;
///
/// assert_eq!(DealFormat::from_path(Path::new("pipeline.ndjson")), Some(DealFormat::Ndjson));
/// assert_eq!(DealFormat::from_path(Path::new("notes.txt")), None);
/// ```
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum DealFormat {
    /// One deal or a `---` stream.
    Yaml,
    /// One object or an array of objects.
    Json,
    /// One object per line.
    Ndjson,
}

impl DealFormat {
    /// The format for a file name, by extension.
    pub fn from_path(path: &Path) -> Option<DealFormat> {
        let extension = path.extension()?.to_str()?.to_ascii_lowercase();
        match extension.as_str() {
            "yaml" | "yml" => Some(DealFormat::Yaml),
            "json" => Some(DealFormat::Json),
            "ndjson" | "jsonl" => Some(DealFormat::Ndjson),
            _ => None,
        }
    }
}

/// A deal read from a file, and where it starts.
///
/// ```
/// let playbook = playbook::builtin(playbook::Lang::En);
/// let text = "id: D-1\nstage: prospecting\n---\nid: D-2\nstage: closing\n";
/// let source = playbook::Source::new("d.yaml", None, text);
/// let deals = playbook::load_deals(&source, playbook::FileId(0), playbook::DealFormat::Yaml, &playbook.deal_context());
/// assert_eq!(deals[1].as_ref().unwrap().line, 4);
/// ```
#[derive(Debug, Clone)]
pub struct LoadedDeal {
    /// The deal.
    pub deal: Deal,
    /// The file it came from.
    pub file: FileId,
    /// The 1-based line where it starts.
    pub line: usize,
}

/// The largest deal file read, in bytes.
pub const MAX_DEAL_FILE_BYTES: u64 = 256 * 1024 * 1024;

/// Reads every deal of a file. The file's text is added to `sources` so
/// diagnostics can show it.
///
/// ```
/// use std::path::Path;
/// use playbook::{builtin, load_deal_file, DealFormat, Lang, Sources};
///
/// let playbook = builtin(Lang::En);
/// let mut sources = Sources::new();
/// let path = Path::new("examples/deals/needs-analysis-acme.yaml");
/// let deals = load_deal_file(path, DealFormat::Yaml, &playbook.deal_context(), &mut sources);
/// assert!(deals.iter().all(Result::is_ok));
/// ```
pub fn load_path(
    path: &Path,
    format: DealFormat,
    context: &DealContext,
    sources: &mut Sources,
) -> Vec<Result<LoadedDeal, Diagnostic>> {
    let name = path.display().to_string();
    let mut bad_lines = Vec::new();
    let lines_alone = format == DealFormat::Ndjson;
    let text = match read_limited(path, MAX_DEAL_FILE_BYTES, lines_alone, &mut bad_lines) {
        Ok(text) => text,
        Err(reason) => {
            let file = sources.add(Source::new(name.clone(), Some(path.to_path_buf()), ""));
            let problem = DealProblem::Unreadable { file: name, reason };
            return vec![Err(diagnostic(&problem, file, Span::new(0, 0)))];
        }
    };
    let file = sources.add(Source::new(name.clone(), Some(path.to_path_buf()), text));
    let Some(source) = sources.get(file) else {
        return Vec::new();
    };
    let mut deals = load_text(source, file, format, context);
    // NDJSON lines that were not UTF-8 (left blank in the text), in place.
    for (line, offset) in bad_lines.into_iter().rev() {
        let at = deals
            .iter()
            .position(|d| match d {
                Ok(loaded) => loaded.line > line,
                Err(error) => error
                    .labels
                    .first()
                    .is_some_and(|l| l.span.start as usize > offset),
            })
            .unwrap_or(deals.len());
        let problem = DealProblem::LineNotUtf8 {
            file: name.clone(),
            line,
        };
        deals.insert(
            at,
            Err(diagnostic(&problem, file, Span::new(offset, offset))),
        );
    }
    deals
}

/// A problem as a diagnostic at `span`.
fn diagnostic(problem: &DealProblem, file: FileId, span: Span) -> Diagnostic {
    described_at(problem.describe(), file, span)
}

fn described_at(described: Described, file: FileId, span: Span) -> Diagnostic {
    let mut diagnostic = Diagnostic::new(described.code, described.message).at(file, span, "");
    diagnostic.help = described.help;
    diagnostic
}

/// Reads every deal in `source`.
///
/// ```
/// let playbook = playbook::builtin(playbook::Lang::En);
/// let source = playbook::Source::new("d.json", None, r#"[{"id": "D-1", "stage": "prospecting"}, {"id": "D-2", "stage": "closng"}]"#);
/// let deals = playbook::load_deals(&source, playbook::FileId(0), playbook::DealFormat::Json, &playbook.deal_context());
/// assert!(deals[0].is_ok());
/// let error = deals[1].as_ref().unwrap_err();
/// assert_eq!(error.code.as_str(), "E304");
/// ```
pub fn load_text(
    source: &Source,
    file: FileId,
    format: DealFormat,
    context: &DealContext,
) -> Vec<Result<LoadedDeal, Diagnostic>> {
    let text: &str = &source.text;
    let located = |start: usize, result: Result<Deal, Failure>| match result {
        Ok(deal) => Ok(LoadedDeal {
            deal,
            file,
            line: source
                .line_col(first_content(&source.text, start).start as usize)
                .0,
        }),
        Err(located) => Err(located.into_diagnostic(source, file, start)),
    };
    match format {
        DealFormat::Yaml => yaml_documents(text)
            .into_iter()
            .map(|(start, doc)| located(start, read_yaml(doc, context)))
            .collect(),
        DealFormat::Ndjson => {
            let mut offset = 0;
            let mut deals = Vec::new();
            for line in text.split_inclusive('\n') {
                if !line.trim().is_empty() {
                    deals.push(located(offset, read_json(line, context)));
                }
                offset += line.len();
            }
            deals
        }
        DealFormat::Json => {
            let start = text.len() - text.trim_start().len();
            if text.trim_start().starts_with('[') {
                match serde_json::from_str::<Vec<&serde_json::value::RawValue>>(text) {
                    Ok(items) => items
                        .into_iter()
                        .map(|raw| {
                            let offset = (raw.get().as_ptr() as usize)
                                .saturating_sub(text.as_ptr() as usize);
                            located(offset, read_json(raw.get(), context))
                        })
                        .collect(),
                    Err(error) => vec![located(0, Err(Failure::json(&error, None)))],
                }
            } else {
                vec![located(start, read_json(&text[start..], context))]
            }
        }
    }
}

/// Splits a YAML stream at its `---` lines: (byte offset, document text).
fn yaml_documents(text: &str) -> Vec<(usize, &str)> {
    let mut documents = Vec::new();
    let mut start = 0;
    let mut offset = 0;
    for line in text.split_inclusive('\n') {
        let bare = line.trim_end();
        if bare == "---" || bare.starts_with("--- ") || bare == "..." {
            documents.push((start, &text[start..offset]));
            start = offset + line.len();
        }
        offset += line.len();
    }
    documents.push((start, &text[start..]));
    documents
        .into_iter()
        .filter(|(_, doc)| {
            doc.lines()
                .any(|l| !l.trim().is_empty() && !l.trim_start().starts_with('#'))
        })
        .collect()
}

/// A problem with the position the parser gave for it, inside the text
/// that was parsed.
struct Failure {
    /// Boxed: a problem is large beside the deal it replaces.
    problem: Box<DealProblem>,
    /// Whether the text was JSON (positions are after the token) or YAML.
    json: bool,
    /// For JSON syntax errors, the position is at the offending character.
    at_token: bool,
    /// 1-based line and column within the parsed text, if known.
    position: Option<(usize, usize)>,
    /// Else the byte offset within the parsed text, if known.
    offset: Option<usize>,
}

impl Failure {
    /// The problem our reader kept, else what the YAML parser says.
    fn yaml(error: YamlError, reader: &Reader) -> Failure {
        let problem = reader
            .take_problem()
            .unwrap_or_else(|| match error.problem {
                YamlProblem::TooDeep => DealProblem::TooDeep,
                YamlProblem::WrongType { found, expected } => {
                    wrong_type(Some(reader), found, &expected)
                }
                YamlProblem::AliasRepetition => DealProblem::AliasRepetition,
                YamlProblem::InvalidValue(what) => DealProblem::ParserData { what },
                YamlProblem::Words(what) => DealProblem::Syntax { what },
            });
        Failure {
            problem: Box::new(problem),
            json: false,
            at_token: true,
            position: error.position,
            offset: error.offset,
        }
    }

    /// The problem our reader kept, else what the JSON parser says.
    fn json(error: &serde_json::Error, reader: Option<&Reader>) -> Failure {
        use serde_json::error::Category;
        let problem = reader
            .and_then(Reader::take_problem)
            .unwrap_or_else(|| json_problem(error, reader));
        Failure {
            problem: Box::new(problem),
            json: true,
            at_token: matches!(error.classify(), Category::Syntax | Category::Eof),
            position: (error.line() > 0).then(|| (error.line(), error.column().max(1))),
            offset: None,
        }
    }

    fn into_diagnostic(self, source: &Source, file: FileId, start: usize) -> Diagnostic {
        let (start_line, start_col) = source.line_col(start);
        let offset = match self.position {
            Some((line, col)) => {
                let col = if line == 1 { col + start_col - 1 } else { col };
                source.offset(start_line + line - 1, col)
            }
            None => start + self.offset.unwrap_or(0),
        };
        let text: &str = &source.text;
        let described = self.problem.describe();
        let span = match &described.anchor {
            // Said of the whole deal: point at its first line of content.
            Anchor::Deal => first_content(text, start),
            Anchor::SnoozeRule(rule) if self.json => {
                // The parser stops after the list: point back at the snooze's rule.
                let quoted = format!("\"{rule}\"");
                match text.get(..offset).and_then(|t| t.rfind(&quoted)) {
                    Some(at) => Span::new(at, at + quoted.len()),
                    None => json_token_before(text, offset),
                }
            }
            _ if self.json && !self.at_token => json_token_before(text, offset),
            _ if self.json => {
                let rest = text.get(offset..).unwrap_or("");
                Span::new(
                    offset,
                    offset + rest.chars().next().map_or(0, char::len_utf8),
                )
            }
            anchor => yaml_span(text, start, offset, anchor),
        };
        described_at(described, file, span)
    }
}

/// What a serde_json error means. Its category and position are typed;
/// its message is read only for a type error (serde's wording, see
/// [`crate::serde_words::Found::from_serde_words`]) and for the wordings
/// reworded below, each tested.
fn json_problem(error: &serde_json::Error, reader: Option<&Reader>) -> DealProblem {
    let display = error.to_string();
    // serde_json appends the position; the underline shows it.
    let words = match display.rfind(" at line ") {
        Some(i) if error.line() > 0 => &display[..i],
        _ => display.as_str(),
    };
    match SerdeError::read(words) {
        Some(SerdeError::InvalidType(found, words)) => wrong_type(reader, found, words),
        Some(SerdeError::InvalidValue(found, words)) => DealProblem::ParserData {
            what: format!("invalid value: {found}, expected {words}"),
        },
        // serde_json's `classify()` says only `Syntax` for it.
        None if words == "number out of range" => DealProblem::NumberOutOfRange,
        None => DealProblem::Syntax {
            what: reworded(words, JSON_WORDS),
        },
    }
}

/// A type error, with what our reader expected when the parser asked it,
/// and the field it was reading.
fn wrong_type(reader: Option<&Reader>, found: Found, parser_expected: &str) -> DealProblem {
    match reader.and_then(Reader::expected) {
        Some(expected) => DealProblem::WrongType {
            field: reader.and_then(Reader::field),
            expected,
            found,
        },
        None => DealProblem::ParserData {
            what: format!("wrong type: found {found}, expected {parser_expected}"),
        },
    }
}

/// serde_json's wordings said in ours.
const JSON_WORDS: &[(&str, &str)] = &[
    (
        "key must be a string",
        "expected a field name in double quotes",
    ),
    ("trailing comma", "a comma with nothing after it"),
    ("EOF while parsing", "the text ends too early while reading"),
];

/// The first line of content (not blank, not a comment) at or after `start`.
fn first_content(text: &str, start: usize) -> Span {
    let mut at = start;
    for line in text.get(start..).unwrap_or("").split_inclusive('\n') {
        let body = line.trim();
        if !body.is_empty() && !body.starts_with('#') && body != "---" {
            let indent = line.len() - line.trim_start().len();
            return Span::new(at + indent, at + indent + body.len());
        }
        at += line.len();
    }
    Span::new(start, start)
}

/// serde_json reports the position just after the token it objects to:
/// step back over it, so the underline covers the key or value itself.
fn json_token_before(text: &str, offset: usize) -> Span {
    // serde_json stops on the last character of the token (a closing quote,
    // the last digit), or just after it: include that character.
    let offset = match text.get(offset..).and_then(|rest| rest.chars().next()) {
        Some(c) if c == '"' || c.is_alphanumeric() => offset + c.len_utf8(),
        _ => offset,
    };
    let before = text
        .get(..offset)
        .unwrap_or(text)
        .trim_end_matches([' ', '\t', '\r', '\n', ':', ',']);
    let end = before.len();
    let start = if before.ends_with('"') {
        let inner = &before[..end - 1];
        let mut at = inner.len();
        // Find the opening quote, skipping escaped quotes.
        while let Some(i) = inner[..at].rfind('"') {
            if !inner[..i].ends_with('\\') {
                break;
            }
            at = i;
        }
        inner[..at].rfind('"').unwrap_or(0)
    } else {
        before
            .rfind(|c: char| c.is_whitespace() || matches!(c, ':' | ',' | '[' | '{'))
            .map_or(0, |i| i + 1)
    };
    if start >= end {
        return Span::new(offset, offset);
    }
    Span::new(start, end)
}

/// The YAML parser reports errors about a key at the start of its mapping, and
/// some value errors at the key: find the key or value the problem is about.
fn yaml_span(text: &str, document_start: usize, offset: usize, anchor: &Anchor) -> Span {
    let token_at = |at: usize| {
        let rest = text.get(at..).unwrap_or("");
        let len = rest.find(['\n', '#']).unwrap_or(rest.len());
        let len = rest[..len]
            .trim_end()
            .len()
            .max(rest.chars().next().map_or(0, char::len_utf8));
        Span::new(at, at + len)
    };
    let (name, is_key) = match anchor {
        Anchor::Key(name) => (name, true),
        Anchor::Stage(name) => (name, false),
        Anchor::SnoozeRule(name) => {
            // Point at the snooze's `rule:` line.
            let from = text
                .get(document_start..offset.max(document_start))
                .map_or(0, |_| document_start);
            let mut at = from;
            for line in text.get(from..).unwrap_or("").split_inclusive('\n') {
                let body = line.trim_start_matches([' ', '\t', '-']);
                if body.starts_with("rule") && line.contains(name.as_str()) {
                    let indent = line.len() - body.len();
                    return Span::new(at + indent, at + line.trim_end().len());
                }
                at += line.len();
            }
            return token_at(offset);
        }
        Anchor::Value | Anchor::Deal => return token_at(offset),
    };
    // Search from the reported line, then from the document start.
    let line_start = text
        .get(..offset)
        .and_then(|t| t.rfind('\n'))
        .map_or(0, |i| i + 1);
    for from in [line_start, document_start] {
        let mut at = from;
        for line in text.get(from..).unwrap_or("").split_inclusive('\n') {
            let body = line.trim_start_matches([' ', '\t', '-']);
            let indent = line.len() - body.len();
            if is_key {
                for quoted in [false, true] {
                    let key = if quoted {
                        format!("\"{name}\"")
                    } else {
                        name.to_string()
                    };
                    if body.starts_with(&key) && body[key.len()..].trim_start().starts_with(':') {
                        return Span::new(at + indent, at + indent + key.len());
                    }
                }
            } else if body.starts_with("stage") && body[5..].trim_start().starts_with(':') {
                if let Some(i) = line.find(name.as_str()) {
                    return Span::new(at + i, at + i + name.len());
                }
            }
            at += line.len();
        }
    }
    token_at(offset)
}

fn read_yaml(text: &str, context: &DealContext) -> Result<Deal, Failure> {
    // Without aliases a deal takes a few times its text once read.
    let budget = text.len().saturating_mul(16).saturating_add(1 << 20);
    let reader = Reader::new(context, budget);
    yaml::read_seed(text, DealSeed(&reader)).map_err(|e| Failure::yaml(e, &reader))
}

fn read_json(text: &str, context: &DealContext) -> Result<Deal, Failure> {
    let reader = Reader::new(context, usize::MAX);
    let mut deserializer = serde_json::Deserializer::from_str(text);
    let deal = DealSeed(&reader)
        .deserialize(&mut deserializer)
        .map_err(|e| Failure::json(&e, Some(&reader)))?;
    deserializer
        .end()
        .map_err(|e| Failure::json(&e, Some(&reader)))?;
    Ok(deal)
}

#[cfg(test)]
mod tests {
    use super::{json_problem, read_json, read_yaml, DealProblem};
    use crate::deal::problem::Expected;
    use crate::deal::DealContext;
    use crate::serde_words::Found;

    fn context() -> DealContext {
        DealContext {
            stages: vec!["lead".into(), "won".into()],
            custom: Vec::new(),
        }
    }

    fn yaml_problem(text: &str) -> DealProblem {
        match read_yaml(text, &context()) {
            Err(failure) => *failure.problem,
            Ok(deal) => panic!("read {deal:?}"),
        }
    }

    fn json_problem_of(text: &str) -> DealProblem {
        match read_json(text, &context()) {
            Err(failure) => *failure.problem,
            Ok(deal) => panic!("read {deal:?}"),
        }
    }

    fn syntax(problem: DealProblem) -> String {
        match problem {
            DealProblem::Syntax { what } => what,
            other => panic!("{other:?}"),
        }
    }

    #[test]
    fn a_wrong_type_knows_what_the_field_expected() {
        for problem in [
            yaml_problem("id: D-1\nstage: lead\namount: lots\n"),
            json_problem_of(r#"{"id": "D-1", "stage": "lead", "amount": "lots"}"#),
        ] {
            match problem {
                DealProblem::WrongType {
                    field,
                    expected,
                    found,
                } => {
                    assert_eq!(field, Some("amount"));
                    assert_eq!(expected, Expected::Number);
                    assert_eq!(found, Found::Text("lots".into()));
                }
                other => panic!("{other:?}"),
            }
        }
        match yaml_problem("id: D-1\nstage: lead\ncontacts: [3]\n") {
            DealProblem::WrongType {
                field: Some("contacts"),
                expected,
                found,
            } => {
                assert_eq!(expected, Expected::Record("contact"));
                assert_eq!(found, Found::Number("3".into()));
            }
            other => panic!("{other:?}"),
        }
        match json_problem_of("[1]") {
            DealProblem::WrongType {
                field: None,
                expected,
                found,
            } => {
                assert_eq!(expected, Expected::Deal);
                assert_eq!(found, Found::List);
            }
            other => panic!("{other:?}"),
        }
    }

    #[test]
    fn our_problems_come_back_typed() {
        assert!(matches!(
            yaml_problem("id: D-1\nstage: lead\namout: 3\n"),
            DealProblem::UnknownField { field, close: Some("amount"), .. } if field == "amout"
        ));
        assert!(matches!(
            json_problem_of(r#"{"id": "D-1", "stage": "wn"}"#),
            DealProblem::UnknownStage { close: Some(close), .. } if close == "won"
        ));
        assert!(matches!(
            yaml_problem("stage: lead\n"),
            DealProblem::MissingId
        ));
    }

    #[test]
    fn a_yaml_message_keeps_no_position_in_its_words() {
        // Bug fixed: the words kept the first of two positions
        // (`indicator at line 5 column 4, while parsing ...`).
        let text = "id: D-1\nstage: lead\ncontacts:\n  - name: a\n   title: b\n";
        assert_eq!(
            syntax(yaml_problem(text)),
            "did not find expected '-' indicator, while parsing a block collection"
        );
    }

    #[test]
    fn text_found_is_shown_as_written() {
        // Bug fixed: the rewording of parser words also rewrote the
        // user's text inside them (`f64` became `a number`).
        let problem = yaml_problem("id: D-1\nstage: lead\namount: \"a, expected f64\"\n");
        assert_eq!(
            problem.describe().message,
            "wrong type: found text \"a, expected f64\", expected a number"
        );
    }

    #[test]
    fn json_wordings_are_ours() {
        let cases = [
            (r#"{"id": "D-1",}"#, "a comma with nothing after it"),
            (r#"{3: "D-1"}"#, "expected a field name in double quotes"),
            (
                r#"{"id": "D-1""#,
                "the text ends too early while reading an object",
            ),
        ];
        for (text, words) in cases {
            assert_eq!(syntax(json_problem_of(text)), words, "{text}");
        }
        assert!(matches!(
            json_problem_of(r#"{"id": "D-1", "stage": "lead", "amount": 1e400}"#),
            DealProblem::NumberOutOfRange
        ));
        let error = serde_json::from_str::<bool>("\"x\"").unwrap_err();
        assert!(matches!(
            json_problem(&error, None),
            DealProblem::ParserData { what } if what == "wrong type: found text \"x\", expected a boolean"
        ));
    }
}
