//! An export's bytes as text, cut into CSV records: decoding (UTF-8 with
//! or without a byte-order mark, UTF-16 with one, GB18030), then records
//! found by scanning quotes, so each one knows the line it starts on. No
//! field is parsed here: that is the workers' job.

use std::io::{self, BufRead, BufReader, Read};

use encoding_rs::{Decoder, DecoderResult, Encoding};

/// Decodes `inner` into UTF-8 as it is read. A byte sequence that is not
/// valid in the encoding is an `InvalidData` error: nothing is replaced,
/// so a wrong encoding never turns into wrong text silently.
pub(crate) struct Decoded<R> {
    inner: R,
    decoder: Decoder,
    input: Vec<u8>,
    start: usize,
    end: usize,
    eof: bool,
    /// The decoder has been told the input ended: it is not called again.
    finished: bool,
}

impl<R: Read> Decoded<R> {
    /// Decodes `inner` as `encoding`; a byte-order mark (UTF-8, UTF-16LE or
    /// BE) decides instead and is skipped.
    pub(crate) fn new(inner: R, encoding: &'static Encoding) -> Decoded<R> {
        Decoded {
            inner,
            decoder: encoding.new_decoder(),
            input: vec![0; 1 << 16],
            start: 0,
            end: 0,
            eof: false,
            finished: false,
        }
    }
}

impl<R: Read> Read for Decoded<R> {
    fn read(&mut self, out: &mut [u8]) -> io::Result<usize> {
        loop {
            if self.finished {
                return Ok(0);
            }
            if self.start == self.end && !self.eof {
                self.start = 0;
                self.end = self.inner.read(&mut self.input)?;
                self.eof = self.end == 0;
            }
            let input = self.input.get(self.start..self.end).unwrap_or_default();
            let (result, read, written) = self
                .decoder
                .decode_to_utf8_without_replacement(input, out, self.eof);
            self.start += read;
            if self.eof && self.start == self.end && result == DecoderResult::InputEmpty {
                self.finished = true;
            }
            match result {
                DecoderResult::Malformed(..) => {
                    return Err(io::Error::new(io::ErrorKind::InvalidData, NotText));
                }
                DecoderResult::InputEmpty | DecoderResult::OutputFull => {}
            }
            if written > 0 || (self.eof && self.start == self.end) || out.is_empty() {
                return Ok(written);
            }
        }
    }
}

/// The error a decoding reader returns for bytes that are not text in
/// its encoding; recognised by its type, never by its words.
#[derive(Debug)]
struct NotText;

impl std::fmt::Display for NotText {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("not text in the encoding")
    }
}

impl std::error::Error for NotText {}

/// The longest record read, in bytes: a quote never closed must not make
/// one record of the whole file.
pub(crate) const MAX_RECORD_BYTES: usize = 1 << 20;

/// One record's text (its line end included) and the line it starts on.
#[derive(Debug)]
pub(crate) struct RawRecord {
    /// 1-based line of the file.
    pub(crate) line: u64,
    /// The record as written.
    pub(crate) text: String,
}

/// What the splitter found next.
#[derive(Debug)]
pub(crate) enum Next {
    /// A record.
    Record(RawRecord),
    /// A blank line, then this many non-blank lines to the end: a report's
    /// footer.
    Footer {
        /// The blank line.
        line: u64,
        /// Lines after it that hold something.
        rows: u64,
    },
    /// The end of the file.
    End,
}

/// Why a record could not be read.
#[derive(Debug)]
pub(crate) enum SplitError {
    /// Bytes that are not text in the encoding, on this line.
    NotText(u64),
    /// A record longer than [`MAX_RECORD_BYTES`] starting on this line.
    TooLong(u64),
    /// The file could not be read.
    Io(io::Error),
}

/// Cuts decoded text into records.
pub(crate) struct Splitter<R> {
    reader: BufReader<R>,
    line: u64,
    delimiter: u8,
    records: u64,
    done: bool,
}

#[derive(Clone, Copy, PartialEq, Eq)]
enum Quote {
    FieldStart,
    Unquoted,
    Quoted,
    MaybeClosed,
}

impl<R: Read> Splitter<R> {
    /// Records of `reader`, fields separated by `delimiter`.
    pub(crate) fn new(reader: R, delimiter: u8) -> Splitter<R> {
        Splitter {
            reader: BufReader::with_capacity(1 << 16, reader),
            line: 0,
            delimiter,
            records: 0,
            done: false,
        }
    }

    fn physical_line(&mut self, into: &mut Vec<u8>) -> Result<usize, SplitError> {
        let line = self.line + 1;
        let mut limited = (&mut self.reader).take(MAX_RECORD_BYTES as u64 + 1);
        let read = limited.read_until(b'\n', into).map_err(|e| {
            if e.get_ref().is_some_and(|inner| inner.is::<NotText>()) {
                SplitError::NotText(line)
            } else {
                SplitError::Io(e)
            }
        })?;
        if read > 0 {
            self.line += 1;
        }
        Ok(read)
    }

    /// The next record, footer or end.
    pub(crate) fn next_record(&mut self) -> Result<Next, SplitError> {
        if self.done {
            return Ok(Next::End);
        }
        let mut bytes = Vec::new();
        let mut state = Quote::FieldStart;
        let first_line = self.line + 1;
        loop {
            let before = bytes.len();
            if self.physical_line(&mut bytes)? == 0 {
                self.done = true;
                if bytes.is_empty() {
                    return Ok(Next::End);
                }
                break;
            }
            if bytes.len() > MAX_RECORD_BYTES {
                self.done = true;
                return Err(SplitError::TooLong(first_line));
            }
            let added = bytes.get(before..).unwrap_or_default();
            let blank = matches!(added, b"\n" | b"\r\n");
            if blank && before == 0 {
                if self.records > 0 {
                    return self.footer(self.line);
                }
                // Blank lines before the header are nothing.
                bytes.clear();
                continue;
            }
            for &byte in added {
                state = match (state, byte) {
                    (Quote::FieldStart, b'"') => Quote::Quoted,
                    (Quote::Quoted, b'"') => Quote::MaybeClosed,
                    (Quote::MaybeClosed, b'"') => Quote::Quoted,
                    (Quote::Quoted, _) => Quote::Quoted,
                    (_, b'\n') => Quote::FieldStart,
                    (_, b) if b == self.delimiter => Quote::FieldStart,
                    (Quote::FieldStart | Quote::Unquoted | Quote::MaybeClosed, _) => {
                        Quote::Unquoted
                    }
                };
            }
            if state != Quote::Quoted {
                break;
            }
        }
        self.records += 1;
        match String::from_utf8(bytes) {
            Ok(text) => Ok(Next::Record(RawRecord {
                line: first_line,
                text,
            })),
            // The decoder gives UTF-8; only a record cut at the size limit
            // could end inside a character.
            Err(_) => Err(SplitError::NotText(first_line)),
        }
    }

    fn footer(&mut self, blank: u64) -> Result<Next, SplitError> {
        self.done = true;
        let mut rows = 0;
        let mut line = Vec::new();
        loop {
            line.clear();
            if self.physical_line(&mut line)? == 0 {
                break;
            }
            if line.len() > MAX_RECORD_BYTES {
                return Err(SplitError::TooLong(self.line));
            }
            if !line.iter().all(u8::is_ascii_whitespace) {
                rows += 1;
            }
        }
        Ok(Next::Footer { line: blank, rows })
    }
}

/// The fields of one record's text, by the csv crate (quotes, doubled
/// quotes, line breaks in quoted fields).
pub(crate) fn fields(text: &str, delimiter: u8) -> Vec<String> {
    // A buffer the record's size: the default (8 KiB) would be allocated
    // for every row.
    let mut reader = csv::ReaderBuilder::new()
        .has_headers(false)
        .flexible(true)
        .delimiter(delimiter)
        .buffer_capacity(text.len() + 1)
        .from_reader(text.as_bytes());
    let mut record = csv::StringRecord::new();
    match reader.read_record(&mut record) {
        Ok(true) => record.iter().map(str::to_string).collect(),
        _ => Vec::new(),
    }
}

/// Where each field stands in the record's text, as far as it can be
/// found (a quoted field with doubled quotes is not found verbatim: the
/// span is then the whole record).
pub(crate) fn field_span(text: &str, fields: &[String], index: usize) -> std::ops::Range<usize> {
    let whole = 0..text.trim_end_matches(['\r', '\n']).len();
    let mut cursor = 0;
    for (i, field) in fields.iter().enumerate() {
        let Some(found) = text
            .get(cursor..)
            .and_then(|rest| rest.find(field.as_str()))
        else {
            return whole;
        };
        let start = cursor + found;
        if i == index {
            return start..start + field.len();
        }
        cursor = start + field.len();
    }
    whole
}

#[cfg(test)]
mod tests {
    use super::*;

    fn split(text: &[u8], encoding: &'static Encoding) -> Vec<String> {
        let mut splitter = Splitter::new(Decoded::new(text, encoding), b',');
        let mut out = Vec::new();
        loop {
            match splitter.next_record() {
                Ok(Next::Record(r)) => out.push(format!("{}:{}", r.line, r.text)),
                Ok(Next::Footer { line, rows }) => out.push(format!("footer {line} {rows}")),
                Ok(Next::End) => break,
                Err(SplitError::NotText(line)) => {
                    out.push(format!("not text {line}"));
                    break;
                }
                Err(e) => {
                    out.push(format!("{e:?}"));
                    break;
                }
            }
        }
        out
    }

    #[test]
    fn quoted_line_breaks_crlf_and_footer() {
        let text = b"\xEF\xBB\xBFa,b\r\n1,\"x\r\ny, \"\"z\"\"\"\r\n2,3\r\n\r\n\"Total\"\r\n\"Copyright\"\r\n";
        assert_eq!(
            split(text, encoding_rs::UTF_8),
            vec![
                "1:a,b\r\n",
                "2:1,\"x\r\ny, \"\"z\"\"\"\r\n",
                "4:2,3\r\n",
                "footer 5 2"
            ]
        );
        assert_eq!(
            fields("1,\"x\r\ny, \"\"z\"\"\"\r\n", b','),
            ["1", "x\r\ny, \"z\""]
        );
    }

    #[test]
    fn a_quote_inside_an_unquoted_field_is_text() {
        assert_eq!(
            split(b"a,b\n5\" screen,2\n3,4\n", encoding_rs::UTF_8),
            vec!["1:a,b\n", "2:5\" screen,2\n", "3:3,4\n"]
        );
    }

    #[test]
    fn encodings() {
        // UTF-16LE with its byte-order mark, read without being declared.
        let utf16: Vec<u8> = [0xFF, 0xFE]
            .into_iter()
            .chain("a,b\n1,2\n".encode_utf16().flat_map(u16::to_le_bytes))
            .collect();
        assert_eq!(
            split(&utf16, encoding_rs::UTF_8),
            vec!["1:a,b\n", "2:1,2\n"]
        );
        let (gb, _, _) = encoding_rs::GB18030.encode("名称,阶段\n华东,初步接触\n");
        assert_eq!(
            split(&gb, encoding_rs::GB18030),
            vec!["1:名称,阶段\n", "2:华东,初步接触\n"]
        );
        assert_eq!(split(&gb, encoding_rs::UTF_8), vec!["not text 1"]);
    }

    #[test]
    fn spans_of_fields() {
        let text = "D-1,\"Acme, Inc\",12x\r\n";
        let fields = fields(text, b',');
        assert_eq!(&text[field_span(text, &fields, 2)], "12x");
        assert_eq!(&text[field_span(text, &fields, 1)], "Acme, Inc");
    }
}
