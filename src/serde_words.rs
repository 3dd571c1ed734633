//! What serde's own error words say. Both parsers, YAML and JSON, build
//! their type errors from serde's `Unexpected` and give the found value in
//! no other form, so those words are read here, once, into typed data
//! (each wording tested); deal and YAML reading both use it, and nothing
//! else reads a parser's message.

use std::fmt;

/// The kind of value found where another was expected.
#[derive(Clone, Debug, PartialEq)]
pub(crate) enum Found {
    /// Text (the text itself).
    Text(String),
    /// A number, as the parser wrote it back (`42`, `1.5`).
    Number(String),
    /// `true` or `false`.
    Bool(bool),
    /// A list.
    List,
    /// A mapping.
    Mapping,
    /// Anything else, in the parser's words (`null`, `unit value`).
    Other(String),
}

impl Found {
    /// What serde's `Unexpected` wording (`string "lots"`, `integer `42``,
    /// `sequence`) describes. Both parsers, YAML and JSON, build their type
    /// errors from it and give the found value in no other form, so this
    /// reads those words, once, here.
    pub(crate) fn from_serde_words(words: &str) -> Found {
        let ticked = |rest: &str| {
            rest.strip_prefix('`')
                .and_then(|r| r.strip_suffix('`'))
                .map(str::to_string)
        };
        if let Some(quoted) = words.strip_prefix("string ") {
            if let Some(text) = unquote(quoted) {
                return Found::Text(text);
            }
        }
        for prefix in ["integer ", "floating point "] {
            if let Some(number) = words.strip_prefix(prefix).and_then(ticked) {
                return Found::Number(number);
            }
        }
        match words {
            "boolean `true`" => Found::Bool(true),
            "boolean `false`" => Found::Bool(false),
            "sequence" => Found::List,
            "map" => Found::Mapping,
            other => Found::Other(other.to_string()),
        }
    }
}

/// A type or value error in serde's words.
#[derive(Clone, Debug, PartialEq)]
pub(crate) enum SerdeError<'a> {
    /// `invalid type: {found}, expected {expected}`.
    InvalidType(Found, &'a str),
    /// `invalid value: {found}, expected {expected}`.
    InvalidValue(Found, &'a str),
}

impl SerdeError<'_> {
    /// The error serde's words (`de::Error::invalid_type`, which both
    /// parsers use) describe, if they are a type or value error.
    pub(crate) fn read(words: &str) -> Option<SerdeError<'_>> {
        let split = |prefix: &str| {
            let (found, expected) = words.strip_prefix(prefix)?.rsplit_once(", expected ")?;
            Some((Found::from_serde_words(found), expected))
        };
        if let Some((found, expected)) = split("invalid type: ") {
            return Some(SerdeError::InvalidType(found, expected));
        }
        split("invalid value: ").map(|(found, expected)| SerdeError::InvalidValue(found, expected))
    }
}

/// `words` with each `(parser's words, ours)` of `table` replaced.
pub(crate) fn reworded(words: &str, table: &[(&str, &str)]) -> String {
    let mut words = words.to_string();
    for (from, to) in table {
        words = words.replace(from, to);
    }
    words
}

/// The text inside a Rust debug-quoted string (`"a \"b\""`), or `None`
/// when it is not one.
fn unquote(quoted: &str) -> Option<String> {
    let inner = quoted.strip_prefix('"')?.strip_suffix('"')?;
    let mut text = String::with_capacity(inner.len());
    let mut chars = inner.chars();
    while let Some(c) = chars.next() {
        if c != '\\' {
            text.push(c);
            continue;
        }
        match chars.next()? {
            'n' => text.push('\n'),
            'r' => text.push('\r'),
            't' => text.push('\t'),
            '0' => text.push('\0'),
            'u' => {
                let code: String = chars.by_ref().skip(1).take_while(|c| *c != '}').collect();
                text.push(char::from_u32(u32::from_str_radix(&code, 16).ok()?)?);
            }
            other => text.push(other),
        }
    }
    Some(text)
}

impl fmt::Display for Found {
    fn fmt(&self, f: &mut fmt::Formatter) -> fmt::Result {
        match self {
            Found::Text(text) => write!(f, "text {text:?}"),
            Found::Number(number) => write!(f, "the number `{number}`"),
            Found::Bool(value) => write!(f, "`{value}`"),
            Found::List => f.write_str("a list"),
            Found::Mapping => f.write_str("a mapping"),
            Found::Other(words) => f.write_str(words),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::{reworded, Found, SerdeError};

    #[test]
    fn serde_words_become_found_values() {
        let cases = [
            ("string \"lots\"", Found::Text("lots".into())),
            ("string \"a \\\"b\\\"\\n\"", Found::Text("a \"b\"\n".into())),
            ("integer `42`", Found::Number("42".into())),
            ("floating point `1.5`", Found::Number("1.5".into())),
            ("boolean `true`", Found::Bool(true)),
            ("boolean `false`", Found::Bool(false)),
            ("sequence", Found::List),
            ("map", Found::Mapping),
            ("unit value", Found::Other("unit value".into())),
            ("null", Found::Other("null".into())),
        ];
        for (words, found) in cases {
            assert_eq!(Found::from_serde_words(words), found, "{words}");
        }
        // Round trip: the words shown are serde's, reworded.
        let text = Found::from_serde_words("string \"tab\\there \\u{301}\"");
        assert_eq!(text.to_string(), "text \"tab\\there \\u{301}\"");
    }

    #[test]
    fn serde_errors_are_read_from_their_words() {
        assert_eq!(
            SerdeError::read("invalid type: string \"a, expected b\", expected f64"),
            Some(SerdeError::InvalidType(
                Found::Text("a, expected b".into()),
                "f64"
            ))
        );
        assert_eq!(
            SerdeError::read("invalid value: string \"x\", expected a boolean"),
            Some(SerdeError::InvalidValue(
                Found::Text("x".into()),
                "a boolean"
            ))
        );
        assert_eq!(SerdeError::read("trailing comma"), None);
        assert_eq!(reworded("a b a", &[("a", "c")]), "c b c");
    }
}
