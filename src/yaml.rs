//! Every use of the YAML library (see docs/yaml.md): reading deals and
//! tests files, writing `check --format yaml`, and what the parser's
//! errors mean. Switching YAML library is this one file.

use serde::de::DeserializeSeed;

use crate::serde_words::{reworded, Found, SerdeError};

/// A YAML value read but not yet interpreted (a tests file's inline deal).
pub(crate) type YamlValue = serde_yaml::Value;

/// `value` as YAML text (`check --format yaml`).
pub(crate) fn to_yaml<T: serde::Serialize + ?Sized>(value: &T) -> String {
    serde_yaml::to_string(value).unwrap_or_default()
}

/// The deepest nesting of `[...]` and `{...}` accepted in YAML.
/// libyaml's time grows with the square of this depth (100,000 brackets,
/// 200 KB, took a minute), and serde stops at 128 levels anyway.
pub(crate) const MAX_YAML_FLOW_DEPTH: usize = 128;

/// What the YAML parser objected to.
#[derive(Clone, Debug, PartialEq)]
pub(crate) enum YamlProblem {
    /// `[`/`{` nested past [`MAX_YAML_FLOW_DEPTH`] (refused before parsing).
    TooDeep,
    /// A value of the wrong kind for what was being read.
    WrongType {
        /// What was found.
        found: Found,
        /// What the reader wanted, in serde's words (our own readers
        /// record what they expected themselves).
        expected: String,
    },
    /// Aliases (`*name`) that make the parser repeat values past its limit.
    AliasRepetition,
    /// A value refused for a reason given in words only (a YAML tag on
    /// the wrong kind of value): the words, reworded.
    InvalidValue(String),
    /// Text that is not YAML, or a problem the parser gives in words
    /// only: the words, reworded, without position.
    Words(String),
}

/// A YAML error, and where it is in the text that was parsed.
#[derive(Clone, Debug, PartialEq)]
pub(crate) struct YamlError {
    /// What is wrong.
    pub(crate) problem: YamlProblem,
    /// 1-based line and column, when the parser gives them.
    pub(crate) position: Option<(usize, usize)>,
    /// Else the byte offset, when the parser gives only that.
    pub(crate) offset: Option<usize>,
    /// The keys and list positions leading to the value
    /// (`cases`, `0`, `expect`).
    pub(crate) path: Vec<String>,
}

impl YamlError {
    fn too_deep(position: (usize, usize)) -> YamlError {
        YamlError {
            problem: YamlProblem::TooDeep,
            position: Some(position),
            offset: None,
            path: Vec::new(),
        }
    }
}

/// Reads one YAML document into `T` (a tests file).
pub(crate) fn from_yaml<T: serde::de::DeserializeOwned>(text: &str) -> Result<T, YamlError> {
    if let Some(position) = flow_too_deep(text) {
        return Err(YamlError::too_deep(position));
    }
    serde_yaml::from_str(text).map_err(|e| classify(&e))
}

/// Reads one YAML document with `seed` (a deal). The seed's own errors
/// come back as a [`YamlError`] with their position; what they mean the
/// seed keeps itself.
pub(crate) fn read_seed<'de, S: DeserializeSeed<'de>>(
    text: &'de str,
    seed: S,
) -> Result<S::Value, YamlError> {
    if let Some(position) = flow_too_deep(text) {
        return Err(YamlError::too_deep(position));
    }
    seed.deserialize(serde_yaml::Deserializer::from_str(text))
        .map_err(|e| classify(&e))
}

/// Reads a value already parsed with `seed` (a tests file's inline deal).
pub(crate) fn read_value<'de, S: DeserializeSeed<'de>>(
    value: YamlValue,
    seed: S,
) -> Result<S::Value, YamlError> {
    seed.deserialize(value).map_err(|e| classify(&e))
}

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

/// What a serde_yaml error means. serde_yaml's error type is opaque: it
/// gives a position (`location`) and otherwise only its Display, which
/// decorates the message with the path of the value (`contacts[0].role: `)
/// and the position in words (` at line 3 column 5`, or ` at position 29`
/// when libyaml has no line). This is the one place those words are
/// read; each wording matched has a test below.
fn classify(error: &serde_yaml::Error) -> YamlError {
    let display = error.to_string();
    let (words, offset) = without_positions(&display);
    // serde puts the path of a nested value first; the underline says
    // where, so the path goes, but its keys say what a value there is.
    let (path, words) = match words.split_once(": ") {
        Some((head, rest)) if is_path(head) => (path_keys(head), rest.to_string()),
        _ => (Vec::new(), words),
    };
    let problem = match SerdeError::read(&words) {
        Some(SerdeError::InvalidType(found, expected)) => YamlProblem::WrongType {
            found,
            expected: expected.to_string(),
        },
        Some(SerdeError::InvalidValue(found, expected)) => {
            YamlProblem::InvalidValue(format!("invalid value: {found}, expected {expected}"))
        }
        None if words == "repetition limit exceeded" => YamlProblem::AliasRepetition,
        None => YamlProblem::Words(reworded(&words, WORDS)),
    };
    YamlError {
        problem,
        position: error
            .location()
            .filter(|_| offset.is_none())
            .map(|l| (l.line(), l.column())),
        offset,
        path,
    }
}

/// serde_yaml's and libyaml's wordings said in ours.
const WORDS: &[(&str, &str)] = &[
    (
        "found character that cannot start any token",
        "found a character that cannot start any YAML token (a tab? YAML indents with spaces only)",
    ),
    ("EOF while parsing", "the text ends too early while reading"),
];

/// Whether `head` is a serde_yaml path (`cases[0].expect`).
fn is_path(head: &str) -> bool {
    !head.is_empty()
        && head
            .chars()
            .all(|c| c.is_alphanumeric() || matches!(c, '_' | '-' | '.' | '[' | ']'))
}

/// The keys and list positions of a serde_yaml path.
fn path_keys(path: &str) -> Vec<String> {
    path.split(['.', '[', ']'])
        .filter(|k| !k.is_empty())
        .map(str::to_string)
        .collect()
}

/// A message without its ` at line N column M` parts, and the offset
/// of an ` at position N` part (taken out too). libyaml adds what it was
/// doing (`, while parsing a block mapping`) after the position; what
/// follows the last position is dropped, as it says nothing a reader needs
/// when the context has no position of its own (it is where the problem is).
fn without_positions(message: &str) -> (String, Option<usize>) {
    let digits = |s: &str| s.len() - s.trim_start_matches(|c: char| c.is_ascii_digit()).len();
    let mut offset = None;
    let mut message = match message.rfind(" at line ") {
        Some(i) if digits(&message[i + " at line ".len()..]) > 0 => message[..i].to_string(),
        _ => message.to_string(),
    };
    if let Some(i) = message.find(" at position ") {
        let after = &message[i + " at position ".len()..];
        let len = digits(after);
        if len > 0 {
            offset = after[..len].parse().ok();
            message = format!("{}{}", &message[..i], &after[len..]);
        }
    }
    let mut out = String::new();
    let mut rest = message.as_str();
    while let Some(i) = rest.find(" at line ") {
        out.push_str(&rest[..i]);
        let after = &rest[i + " at line ".len()..];
        let line = digits(after);
        let tail = &after[line..];
        rest = match tail.strip_prefix(" column ") {
            Some(column) if line > 0 => &column[digits(column)..],
            _ if line > 0 => tail,
            _ => {
                out.push_str(" at line ");
                after
            }
        };
    }
    out.push_str(rest);
    (out, offset)
}

#[cfg(test)]
mod tests {
    use super::{from_yaml, without_positions, YamlError, YamlProblem, YamlValue};
    use crate::serde_words::Found;

    fn error(text: &str) -> YamlError {
        match from_yaml::<YamlValue>(text) {
            Err(error) => error,
            Ok(value) => panic!("read {value:?}"),
        }
    }

    fn words(text: &str) -> String {
        match error(text).problem {
            YamlProblem::Words(words) => words,
            other => panic!("{other:?}"),
        }
    }

    #[test]
    fn positions_leave_parser_messages() {
        assert_eq!(
            without_positions("did not find expected '-' indicator at line 6 column 4, while parsing a block collection at line 3 column 3").0,
            "did not find expected '-' indicator, while parsing a block collection"
        );
        assert_eq!(
            without_positions("found character that cannot start any token at line 4 column 1, while scanning for the next token").0,
            "found character that cannot start any token"
        );
        assert_eq!(without_positions("at line ends").0, "at line ends");
        assert_eq!(without_positions("x at line y").0, "x at line y");
        assert_eq!(
            without_positions("control characters are not allowed at position 29"),
            ("control characters are not allowed".to_string(), Some(29))
        );
    }

    #[test]
    fn a_syntax_error_keeps_its_words_and_position() {
        let found = error("a: [b\nc: d\n");
        assert!(matches!(found.problem, YamlProblem::Words(_)));
        assert!(found.position.is_some());
        assert_eq!(
            words("a: b\n  c: d\n"),
            "mapping values are not allowed in this context"
        );
    }

    #[test]
    fn an_offset_in_words_becomes_the_offset() {
        let found = error("a: \"b\u{1}\"\n");
        assert_eq!(found.offset, Some(5));
        assert_eq!(found.position, None);
        assert_eq!(
            found.problem,
            YamlProblem::Words("control characters are not allowed".into())
        );
    }

    #[test]
    fn a_tab_is_named() {
        assert_eq!(
            words("a:\n\tb: c\n"),
            "found a character that cannot start any YAML token (a tab? YAML indents with spaces only)"
        );
    }

    #[test]
    fn repeated_aliases_are_named() {
        let mut text = String::from("a: &a [x, x, x, x, x, x, x, x, x, x]\n");
        for i in 0..9 {
            let (name, previous) = (
                format!("a{i}"),
                if i == 0 {
                    "a".to_string()
                } else {
                    format!("a{}", i - 1)
                },
            );
            let aliases = vec![format!("*{previous}"); 10].join(", ");
            text.push_str(&format!("{name}: &{name} [{aliases}]\n"));
        }
        assert_eq!(error(&text).problem, YamlProblem::AliasRepetition);
    }

    #[test]
    fn the_end_of_the_text_is_named() {
        match from_yaml::<String>("") {
            Err(YamlError {
                problem: YamlProblem::Words(words),
                ..
            }) => assert_eq!(words, "the text ends too early while reading a value"),
            other => panic!("{other:?}"),
        }
    }

    #[test]
    fn a_wrong_type_gives_the_path_found_and_expected() {
        #[derive(serde::Deserialize, Debug)]
        #[allow(dead_code)]
        struct Case {
            expect: Vec<String>,
        }
        #[derive(serde::Deserialize, Debug)]
        #[allow(dead_code)]
        struct File {
            cases: Vec<Case>,
        }
        match from_yaml::<File>("cases:\n  - expect: follow-up\n") {
            Err(error) => {
                assert_eq!(error.path, ["cases", "0", "expect"]);
                assert_eq!(
                    error.problem,
                    YamlProblem::WrongType {
                        found: Found::Text("follow-up".into()),
                        expected: "a sequence".into()
                    }
                );
                assert_eq!(error.position, Some((2, 13)));
            }
            other => panic!("{other:?}"),
        }
    }

    #[test]
    fn a_wrong_tagged_value_is_an_invalid_value() {
        match from_yaml::<bool>("!!bool maybe") {
            Err(error) => assert_eq!(
                error.problem,
                YamlProblem::InvalidValue(
                    "invalid value: text \"maybe\", expected a boolean".into()
                )
            ),
            other => panic!("{other:?}"),
        }
    }

    #[test]
    fn deep_flow_is_refused_before_parsing() {
        let text = format!("a: {}", "[".repeat(200));
        let found = error(&text);
        assert_eq!(found.problem, YamlProblem::TooDeep);
        assert_eq!(found.position, Some((1, 132)));
    }

    #[test]
    fn values_write_back_as_yaml() {
        assert_eq!(super::to_yaml(&[1, 2]), "- 1\n- 2\n");
    }
}
