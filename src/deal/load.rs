//! Reading deal files: the format from the extension, one diagnostic per
//! bad deal, and every other deal of the file still read.
//!
//! YAML streams are cut at their `---` lines and JSON arrays at their
//! elements before any deal is read, so a broken deal costs only itself.

use std::path::Path;

use serde::de::DeserializeSeed;

use super::root::{Deal, DealContext, DealSeed};
use crate::diagnostic::{Code, Diagnostic};
use crate::span::{FileId, Source, Sources, Span};

// ------------------------------------------------------------------ YAML --
// Every use of the YAML library is in this module (see docs/yaml.md), so
// that it can be replaced in one place.

/// A YAML value read but not yet interpreted (a tests file's inline deal).
pub type YamlValue = serde_yaml::Value;

/// `value` as YAML text (`check --format yaml`).
pub fn to_yaml<T: serde::Serialize + ?Sized>(value: &T) -> String {
    serde_yaml::to_string(value).unwrap_or_default()
}

/// Reads one YAML document into `T`. On error: the message (without its
/// position) and the 1-based line and column, when known.
pub fn from_yaml<T: serde::de::DeserializeOwned>(
    text: &str,
) -> Result<T, (String, Option<(usize, usize)>)> {
    if let Some(position) = flow_too_deep(text) {
        return Err((
            format!("lists and mappings are nested more than {MAX_YAML_FLOW_DEPTH} deep"),
            Some(position),
        ));
    }
    serde_yaml::from_str(text).map_err(|error| {
        let message = error.to_string().replace(
            "repetition limit exceeded",
            "YAML aliases (`*name`) repeat values too many times",
        );
        let message = message
            .rsplit_once(" at line ")
            .map_or(message.as_str(), |(m, _)| m)
            .to_string();
        (message, error.location().map(|l| (l.line(), l.column())))
    })
}

/// Reads a deal from a YAML value already parsed. On error, the code and
/// the message (`message; help`).
pub fn deal_from_yaml_value(
    value: YamlValue,
    context: &DealContext,
) -> Result<Deal, (Code, String)> {
    DealSeed(context)
        .deserialize(value)
        .map_err(|error| classify(&error.to_string()))
}

/// How a deal file is written.
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
#[derive(Debug, Clone)]
pub struct LoadedDeal {
    /// The deal.
    pub deal: Deal,
    /// The file it came from.
    pub file: FileId,
    /// The 1-based line where it starts.
    pub line: usize,
}

/// A deal that could not be read.
pub type DealError = Diagnostic;

/// The largest deal file read, in bytes.
pub const MAX_DEAL_FILE_BYTES: u64 = 256 * 1024 * 1024;

/// Reads every deal of a file. The file's text is added to `sources` so
/// diagnostics can show it.
pub fn load_path(
    path: &Path,
    format: DealFormat,
    context: &DealContext,
    sources: &mut Sources,
) -> Vec<Result<LoadedDeal, DealError>> {
    let name = path.display().to_string();
    let mut bad_lines = Vec::new();
    let text = match read_limited(path, format, &mut bad_lines) {
        Ok(text) => text,
        Err(message) => {
            let file = sources.add(Source::new(name.clone(), Some(path.to_path_buf()), ""));
            return vec![Err(Diagnostic::new(
                Code::DealUnreadable,
                format!("cannot read deal file `{name}`: {message}"),
            )
            .at(file, Span::new(0, 0), ""))];
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
        deals.insert(
            at,
            Err(Diagnostic::new(
                Code::DealUnreadable,
                format!("line {line} of `{name}` is not UTF-8 text; save the file as UTF-8"),
            )
            .at(file, Span::new(offset, offset), "")),
        );
    }
    deals
}

/// The file's text, its byte-order mark removed. In NDJSON a line that is
/// not UTF-8 costs only itself: it is left blank and its (1-based) number
/// and offset are put in `bad_lines`.
fn read_limited(
    path: &Path,
    format: DealFormat,
    bad_lines: &mut Vec<(usize, usize)>,
) -> Result<String, String> {
    let metadata = std::fs::metadata(path).map_err(|e| io_message(&e))?;
    if metadata.is_dir() {
        return Err("it is a folder".to_string());
    }
    if metadata.len() > MAX_DEAL_FILE_BYTES {
        return Err(format!(
            "it is {} bytes, more than the limit of {MAX_DEAL_FILE_BYTES}; split the export",
            metadata.len()
        ));
    }
    let mut bytes = read_bounded(path, MAX_DEAL_FILE_BYTES)?;
    if bytes.starts_with(BYTE_ORDER_MARK) {
        bytes.drain(..BYTE_ORDER_MARK.len());
    }
    match String::from_utf8(bytes) {
        Ok(text) => Ok(text),
        Err(error) if format == DealFormat::Ndjson => {
            let mut text = String::with_capacity(error.as_bytes().len());
            for (index, line) in error
                .as_bytes()
                .split_inclusive(|b| *b == b'\n')
                .enumerate()
            {
                match std::str::from_utf8(line) {
                    Ok(line) => text.push_str(line),
                    Err(_) => {
                        bad_lines.push((index + 1, text.len()));
                        if line.ends_with(b"\n") {
                            text.push('\n');
                        }
                    }
                }
            }
            Ok(text)
        }
        Err(error) => Err(format!(
            "it is not UTF-8 text (invalid byte at offset {}); save it as UTF-8",
            error.utf8_error().valid_up_to()
        )),
    }
}

/// The UTF-8 byte-order mark some editors put first; it is not text.
pub(crate) const BYTE_ORDER_MARK: &[u8] = b"\xEF\xBB\xBF";

/// Reads at most `limit` bytes of a file. The size in the metadata is
/// checked first for a clear message, but a device, a pipe or a file in
/// /proc says 0 there, so the read itself is bounded too.
pub(crate) fn read_bounded(path: &Path, limit: u64) -> Result<Vec<u8>, String> {
    use std::io::Read;
    let file = std::fs::File::open(path).map_err(|e| io_message(&e))?;
    let mut bytes = Vec::new();
    file.take(limit.saturating_add(1))
        .read_to_end(&mut bytes)
        .map_err(|e| io_message(&e))?;
    if bytes.len() as u64 > limit {
        return Err(format!(
            "it is more than the limit of {limit} bytes (it is not a regular file, or it grew while being read)"
        ));
    }
    Ok(bytes)
}

/// An I/O error in words, without the Rust error's decoration.
pub(crate) fn io_message(error: &std::io::Error) -> String {
    match error.kind() {
        std::io::ErrorKind::NotFound => "no such file or folder".to_string(),
        std::io::ErrorKind::PermissionDenied => "permission denied".to_string(),
        _ => error.to_string(),
    }
}

/// Reads every deal in `source`.
pub fn load_text(
    source: &Source,
    file: FileId,
    format: DealFormat,
    context: &DealContext,
) -> Vec<Result<LoadedDeal, DealError>> {
    let text: &str = &source.text;
    let located = |start: usize, result: Result<Deal, Located>| match result {
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
                    Err(error) => vec![located(0, Err(Located::json(&error)))],
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

/// An error with its position inside the text that was parsed.
struct Located {
    message: String,
    /// Whether the text was JSON (positions are after the token) or YAML.
    json: bool,
    /// For JSON syntax errors, the position is at the offending character.
    at_token: bool,
    /// 1-based line and column within the parsed text, if known.
    position: Option<(usize, usize)>,
    /// Else the byte offset within the parsed text, if known.
    offset: Option<usize>,
}

impl Located {
    fn yaml(error: &serde_yaml::Error) -> Located {
        let mut message = error.to_string();
        // Some errors (control characters) say where only in words.
        let mut offset = None;
        if let Some((head, tail)) = message.rsplit_once(" at position ") {
            if let Ok(at) = tail.trim().parse::<usize>() {
                offset = Some(at);
                message = head.to_string();
            }
        }
        Located {
            message,
            json: false,
            at_token: true,
            position: error
                .location()
                .filter(|_| offset.is_none())
                .map(|l| (l.line(), l.column())),
            offset,
        }
    }

    fn json(error: &serde_json::Error) -> Located {
        Located {
            message: error.to_string(),
            json: true,
            at_token: matches!(
                error.classify(),
                serde_json::error::Category::Syntax | serde_json::error::Category::Eof
            ),
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
        let (code, message) = classify(&self.message);
        let span = if message.contains("has no `id`") || message.contains("has no `stage`") {
            // Said of the whole deal: point at its first line of content.
            first_content(&source.text, start)
        } else if self.json && message.starts_with("the snooze of `") {
            // The parser stops after the list: point back at the snooze's rule.
            let name = quoted_name(&message).unwrap_or("");
            let quoted = format!("\"{name}\"");
            match source.text.get(..offset).and_then(|t| t.rfind(&quoted)) {
                Some(at) => Span::new(at, at + quoted.len()),
                None => json_token_before(&source.text, offset),
            }
        } else if self.json && !self.at_token {
            json_token_before(&source.text, offset)
        } else if self.json {
            let rest = source.text.get(offset..).unwrap_or("");
            Span::new(
                offset,
                offset + rest.chars().next().map_or(0, char::len_utf8),
            )
        } else {
            yaml_span(&source.text, start, offset, &message)
        };
        let (message, help) = match message.split_once("; ") {
            Some((message, help)) => (message.to_string(), Some(help.to_string())),
            None => (message, None),
        };
        let mut diagnostic = Diagnostic::new(code, message).at(file, span, "");
        diagnostic.help = help;
        diagnostic
    }
}

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

/// The first name in backticks in a message: the field or value it is about.
fn quoted_name(message: &str) -> Option<&str> {
    let (_, rest) = message.split_once('`')?;
    rest.split_once('`').map(|(name, _)| name)
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

/// serde_yaml reports errors about a key at the start of its mapping, and
/// some value errors at the key: find the key or value the message names.
fn yaml_span(text: &str, document_start: usize, offset: usize, message: &str) -> Span {
    let token_at = |at: usize| {
        let rest = text.get(at..).unwrap_or("");
        let len = rest.find(['\n', '#']).unwrap_or(rest.len());
        let len = rest[..len]
            .trim_end()
            .len()
            .max(rest.chars().next().map_or(0, char::len_utf8));
        Span::new(at, at + len)
    };
    let Some(name) = quoted_name(message) else {
        return token_at(offset);
    };
    let is_key = message.starts_with("unknown field")
        || message.starts_with("custom field")
        || message.starts_with("field `");
    let is_stage = message.starts_with("stage `");
    if message.starts_with("the snooze of `") {
        // Point at the snooze's `rule:` line.
        let from = text
            .get(document_start..offset.max(document_start))
            .map_or(0, |_| document_start);
        let mut at = from;
        for line in text.get(from..).unwrap_or("").split_inclusive('\n') {
            let body = line.trim_start_matches([' ', '\t', '-']);
            if body.starts_with("rule") && line.contains(name) {
                let indent = line.len() - body.len();
                return Span::new(at + indent, at + line.trim_end().len());
            }
            at += line.len();
        }
        return token_at(offset);
    }
    if !is_key && !is_stage {
        return token_at(offset);
    }
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
                if let Some(i) = line.find(name) {
                    return Span::new(at + i, at + i + name.len());
                }
            }
            at += line.len();
        }
    }
    token_at(offset)
}

/// The deepest nesting of `[...]` and `{...}` accepted in a YAML deal.
/// libyaml's time grows with the square of this depth (100,000 brackets,
/// 200 KB, took a minute), and serde stops at 128 levels anyway.
pub const MAX_YAML_FLOW_DEPTH: usize = 128;

/// Where `[`/`{` nesting first goes past [`MAX_YAML_FLOW_DEPTH`] (1-based
/// line and column), by a scan that skips quoted text and comments. It
/// may over-count brackets in plain text, never under-count nesting.
fn flow_too_deep(text: &str) -> Option<(usize, usize)> {
    let mut depth = 0usize;
    for (line_index, line) in text.lines().enumerate() {
        let mut quote: Option<char> = None;
        let mut previous = ' ';
        for (column, c) in line.chars().enumerate() {
            match quote {
                Some(q) if c == q => quote = None,
                Some(_) => {}
                None => match c {
                    '"' | '\'' => quote = Some(c),
                    '#' if previous.is_whitespace() => break,
                    '[' | '{' => {
                        depth += 1;
                        if depth > MAX_YAML_FLOW_DEPTH {
                            return Some((line_index + 1, column + 1));
                        }
                    }
                    ']' | '}' => depth = depth.saturating_sub(1),
                    _ => {}
                },
            }
            previous = c;
        }
    }
    None
}

fn read_yaml(text: &str, context: &DealContext) -> Result<Deal, Located> {
    if let Some(position) = flow_too_deep(text) {
        return Err(Located {
            message: format!(
                "E300: lists and mappings are nested more than {MAX_YAML_FLOW_DEPTH} deep here; a deal is a few levels deep"
            ),
            json: false,
            at_token: true,
            position: Some(position),
            offset: None,
        });
    }
    let deserializer = serde_yaml::Deserializer::from_str(text);
    // Without aliases a deal takes a few times its text once read.
    let budget = text.len().saturating_mul(16).saturating_add(1 << 20);
    super::model::with_budget(budget, || DealSeed(context).deserialize(deserializer))
        .map_err(|e| Located::yaml(&e))
}

fn read_json(text: &str, context: &DealContext) -> Result<Deal, Located> {
    let mut deserializer = serde_json::Deserializer::from_str(text);
    let deal = DealSeed(context)
        .deserialize(&mut deserializer)
        .map_err(|e| Located::json(&e))?;
    deserializer.end().map_err(|e| Located::json(&e))?;
    Ok(deal)
}

/// The code and the user-facing wording of a parser's message.
fn classify(raw: &str) -> (Code, String) {
    // Both parsers append the position; we show it ourselves.
    let message = match raw.rfind(" at line ") {
        Some(i) => &raw[..i],
        None => raw,
    };
    let mut message = message.strip_prefix("Error(\"").unwrap_or(message);
    // serde_yaml puts the path of a nested field first (`contacts[0].role: `);
    // the underlined source line says where, so the path goes.
    loop {
        if let Some((head, rest)) = message.split_once(": ") {
            if let Some(code) = Code::ALL.iter().find(|c| c.as_str() == head) {
                return (*code, rest.to_string());
            }
            let is_path = !head.is_empty()
                && head
                    .chars()
                    .all(|c| c.is_alphanumeric() || matches!(c, '_' | '.' | '[' | ']'));
            if is_path {
                message = rest;
                continue;
            }
        }
        break;
    }
    let code = if message.starts_with("unknown field") {
        Code::UnknownDealField
    } else if message.contains("is not a valid date") {
        Code::DealDate
    } else if message.starts_with("invalid type")
        || message.starts_with("invalid value")
        || message.starts_with("field `")
    {
        Code::DealType
    } else {
        Code::DealSyntax
    };
    let words = [
        ("expected f64", "expected a number"),
        (
            "key must be a string",
            "expected a field name in double quotes",
        ),
        ("trailing comma", "a comma with nothing after it"),
        (
            "repetition limit exceeded",
            "YAML aliases (`*name`) repeat values too many times",
        ),
        (
            "found character that cannot start any token",
            "found a character that cannot start any YAML token (a tab? YAML indents with spaces only)",
        ),
        (
            "number out of range",
            "this number is too large to read (numbers must be below about 1.8e308)",
        ),
        ("EOF while parsing", "the text ends too early while reading"),
        ("expected a string", "expected text"),
        ("expected a sequence", "expected a list"),
        ("expected a boolean", "expected `true` or `false`"),
        ("invalid type: sequence", "invalid type: a list"),
        ("invalid type: map", "invalid type: a mapping"),
        ("invalid type: string", "invalid type: text"),
        ("invalid type: integer", "invalid type: the number"),
        ("invalid type: floating point", "invalid type: the number"),
        ("invalid type: boolean", "invalid type:"),
    ];
    let mut message = message.to_string();
    for (from, to) in words {
        message = message.replace(from, to);
    }
    let message = message.replace("invalid type: ", "wrong type: found ");
    (code, message)
}
