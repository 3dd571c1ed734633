//! Cutting a deal stream into blocks of whole deals without parsing them:
//! NDJSON at line ends, YAML at `---` lines, JSON arrays between elements.
//! The reader only looks for these cut points; parsing happens in workers.

use std::io::{self, Read};

use crate::deal::DealFormat;

/// About how many bytes a block holds: large enough that sending it to a
/// worker costs nothing next to parsing it, small enough that memory stays
/// flat and every core gets work.
pub(crate) const BLOCK_BYTES: usize = 64 * 1024;

/// The largest single deal accepted in a stream, in bytes.
pub(crate) const MAX_DEAL_BYTES: usize = 16 * 1024 * 1024;

/// A piece of a stream holding whole deals.
#[derive(Debug)]
pub(crate) enum Piece {
    /// NDJSON lines or YAML documents.
    Text {
        /// The bytes.
        text: Vec<u8>,
        /// The 1-based line of the first byte in the stream.
        first_line: usize,
    },
    /// JSON values (array elements, or one object), each with its line and
    /// the column it starts at.
    Values(Vec<(Vec<u8>, usize, usize)>),
    /// A deal larger than [`MAX_DEAL_BYTES`]; skipped.
    TooLarge {
        /// The 1-based line where it starts.
        first_line: usize,
    },
}

/// Reads a stream and yields pieces of whole deals.
pub(crate) struct Splitter<R> {
    reader: R,
    format: DealFormat,
    buffer: Vec<u8>,
    /// Line number of `buffer[0]`.
    line: usize,
    eof: bool,
    json: JsonState,
    /// Skipping the rest of an oversized deal.
    skipping: bool,
    /// Whether anything was read yet (a byte-order mark may come first).
    read_any: bool,
}

#[derive(Default)]
struct JsonState {
    started: bool,
    array: bool,
    depth: usize,
    in_string: bool,
    escaped: bool,
    /// Offset in `buffer` where the current element starts, and its line/column.
    element: Option<(usize, usize, usize)>,
    /// Offset in `buffer` scanned so far.
    scanned: usize,
    /// Line and column at `scanned`.
    at_line: usize,
    at_col: usize,
    done: bool,
}

impl<R: Read> Splitter<R> {
    /// A splitter over `reader` for deals in `format`.
    pub(crate) fn new(reader: R, format: DealFormat) -> Self {
        Splitter {
            reader,
            format,
            buffer: Vec::with_capacity(2 * BLOCK_BYTES),
            line: 1,
            eof: false,
            json: JsonState {
                at_line: 1,
                at_col: 1,
                ..JsonState::default()
            },
            skipping: false,
            read_any: false,
        }
    }

    fn fill(&mut self) -> io::Result<()> {
        let before = self.buffer.len();
        loop {
            match (&mut self.reader)
                .take(BLOCK_BYTES as u64)
                .read_to_end(&mut self.buffer)
            {
                Ok(_) => break,
                Err(e) if e.kind() == io::ErrorKind::Interrupted => continue,
                Err(e) => return Err(e),
            }
        }
        self.eof = self.buffer.len() == before;
        if !std::mem::replace(&mut self.read_any, true)
            && self.buffer.starts_with(crate::files::BYTE_ORDER_MARK)
        {
            // A byte-order mark before the first deal is not text.
            self.buffer.drain(..crate::files::BYTE_ORDER_MARK.len());
        }
        Ok(())
    }

    /// Takes `buffer[..cut]` as text, advancing the line count.
    fn take(&mut self, cut: usize) -> Piece {
        let rest = self.buffer.split_off(cut);
        let text = std::mem::replace(&mut self.buffer, rest);
        let first_line = self.line;
        self.line += count_lines(&text);
        Piece::Text { text, first_line }
    }

    /// The next piece, or `None` at the end of the stream.
    pub(crate) fn next_piece(&mut self) -> io::Result<Option<Piece>> {
        if self.format == DealFormat::Json {
            return self.next_json();
        }
        loop {
            if self.skipping {
                // Drop the oversized deal: everything up to its end.
                match self.first_cut() {
                    Some(cut) => {
                        let dropped: Vec<u8> = self.buffer.drain(..cut).collect();
                        self.line += count_lines(&dropped);
                        self.skipping = false;
                    }
                    None if self.eof => {
                        self.buffer.clear();
                        return Ok(None);
                    }
                    None => {
                        // Keep the last partial line: it may begin the next deal.
                        let keep = memchr::memrchr(b'\n', &self.buffer).map_or(0, |i| i + 1);
                        let dropped: Vec<u8> = self.buffer.drain(..keep).collect();
                        self.line += count_lines(&dropped);
                        self.fill()?;
                    }
                }
                continue;
            }
            if self.buffer.len() >= BLOCK_BYTES || (self.eof && !self.buffer.is_empty()) {
                // The first deal in the buffer ends at `first_cut`, or is
                // still being read: past the limit either way, it is skipped.
                let first_end = self.first_cut().unwrap_or(self.buffer.len());
                if first_end > MAX_DEAL_BYTES {
                    self.skipping = true;
                    return Ok(Some(Piece::TooLarge {
                        first_line: self.line,
                    }));
                }
            }
            if self.buffer.len() >= BLOCK_BYTES {
                let cut = self
                    .cut_point(BLOCK_BYTES / 2)
                    .or_else(|| self.cut_point(1));
                if let Some(cut) = cut {
                    return Ok(Some(self.take(cut)));
                }
            }
            if self.eof {
                if self.buffer.is_empty() {
                    return Ok(None);
                }
                let all = self.buffer.len();
                return Ok(Some(self.take(all)));
            }
            self.fill()?;
        }
    }

    /// Where the first deal in the buffer ends (the second begins).
    fn first_cut(&self) -> Option<usize> {
        let buffer = &self.buffer;
        match self.format {
            DealFormat::Ndjson => memchr::memchr(b'\n', buffer).map(|i| i + 1),
            _ => {
                let mut from = 0;
                let rest = |at: usize| buffer.get(at..).unwrap_or_default();
                while let Some(newline) = memchr::memchr(b'\n', rest(from)).map(|i| from + i) {
                    if is_marker(rest(newline + 1)) {
                        return Some(newline + 1);
                    }
                    from = newline + 1;
                }
                None
            }
        }
    }

    /// The last place at or after `from` where a deal ends.
    fn cut_point(&self, from: usize) -> Option<usize> {
        let buffer = &self.buffer;
        match self.format {
            DealFormat::Ndjson => memchr::memrchr(b'\n', buffer)
                .filter(|i| *i + 1 >= from)
                .map(|i| i + 1),
            _ => {
                let mut i = buffer.len();
                while let Some(newline) =
                    memchr::memrchr(b'\n', buffer.get(..i).unwrap_or_default())
                {
                    if newline + 1 < from {
                        return None;
                    }
                    if is_marker(buffer.get(newline + 1..).unwrap_or_default()) {
                        return Some(newline + 1);
                    }
                    i = newline;
                }
                None
            }
        }
    }

    fn next_json(&mut self) -> io::Result<Option<Piece>> {
        let mut values = Vec::new();
        let mut bytes = 0;
        loop {
            if self.json.done {
                return Ok((!values.is_empty()).then_some(Piece::Values(values)));
            }
            if self.json.scanned >= self.buffer.len() {
                if self.eof {
                    self.json.done = true;
                    // Whatever is left is one (broken) value: let the parser say why.
                    let rest = self.buffer.split_off(0);
                    if rest.iter().any(|b| !b.is_ascii_whitespace()) {
                        let (line, col) = self
                            .json
                            .element
                            .map_or((self.json.at_line, 1), |(_, l, c)| (l, c));
                        let start = self.json.element.map_or(0, |(s, _, _)| s);
                        values.push((rest.get(start..).unwrap_or(&rest).to_vec(), line, col));
                    }
                    continue;
                }
                if self.json.element.is_none() && self.json.scanned > 0 {
                    // Nothing of value is pending: drop what was scanned.
                    self.buffer.drain(..self.json.scanned);
                    self.json.scanned = 0;
                }
                if self.buffer.len() > MAX_DEAL_BYTES && !values.is_empty() {
                    return Ok(Some(Piece::Values(values)));
                }
                self.fill()?;
                continue;
            }
            let Some(&byte) = self.buffer.get(self.json.scanned) else {
                continue; // Not reached: `scanned < len` was checked above.
            };
            let position = (self.json.scanned, self.json.at_line, self.json.at_col);
            self.json.scanned += 1;
            if byte == b'\n' {
                self.json.at_line += 1;
                self.json.at_col = 1;
            } else if byte & 0xC0 != 0x80 {
                self.json.at_col += 1;
            }
            let state = &mut self.json;
            if state.in_string {
                if state.escaped {
                    state.escaped = false;
                } else if byte == b'\\' {
                    state.escaped = true;
                } else if byte == b'"' {
                    state.in_string = false;
                }
                continue;
            }
            if !state.started {
                if byte.is_ascii_whitespace() {
                    continue;
                }
                state.started = true;
                state.array = byte == b'[';
                state.depth = usize::from(state.array);
                if !state.array {
                    state.element = Some(position);
                    state.depth = usize::from(byte == b'{');
                    if byte == b'"' {
                        state.in_string = true;
                    }
                }
                continue;
            }
            let top = usize::from(state.array);
            match byte {
                b'"' => {
                    state.in_string = true;
                    if state.element.is_none() {
                        state.element = Some(position);
                    }
                }
                b'{' | b'[' => {
                    if state.element.is_none() {
                        state.element = Some(position);
                    }
                    state.depth += 1;
                }
                b'}' | b']' if state.depth > top => state.depth -= 1,
                b',' | b']' if state.depth == top && state.array => {
                    if let Some((start, line, col)) = state.element.take() {
                        let value = self
                            .buffer
                            .get(start..position.0)
                            .unwrap_or_default()
                            .to_vec();
                        bytes += value.len();
                        values.push((value, line, col));
                    }
                    if byte == b']' {
                        state.done = true;
                    }
                    if bytes >= BLOCK_BYTES {
                        return Ok(Some(Piece::Values(values)));
                    }
                }
                b if b.is_ascii_whitespace() => {}
                _ => {
                    if state.element.is_none() {
                        state.element = Some(position);
                    }
                }
            }
            if !state.array && state.depth == 0 && state.element.is_some() && matches!(byte, b'}') {
                if let Some((start, line, col)) = state.element.take() {
                    let value = self.buffer.get(start..=position.0).unwrap_or_default();
                    values.push((value.to_vec(), line, col));
                }
                state.done = true;
            }
        }
    }
}

/// Whether `rest` begins with a complete YAML document marker line
/// (`---` or `...`, then a blank or the end of the line).
fn is_marker(rest: &[u8]) -> bool {
    (rest.starts_with(b"---") || rest.starts_with(b"..."))
        && matches!(rest.get(3), Some(b' ' | b'\n' | b'\r' | b'\t'))
        && rest.contains(&b'\n')
}

fn count_lines(text: &[u8]) -> usize {
    memchr::memchr_iter(b'\n', text).count()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn pieces(text: &str, format: DealFormat) -> Vec<Piece> {
        let mut splitter = Splitter::new(text.as_bytes(), format);
        let mut out = Vec::new();
        while let Some(piece) = splitter.next_piece().unwrap() {
            out.push(piece);
        }
        out
    }

    #[test]
    fn ndjson_blocks_end_at_line_ends_and_keep_line_numbers() {
        let line = format!("{{\"id\":\"x\",\"pad\":\"{}\"}}\n", "a".repeat(1000));
        let text = line.repeat(600);
        let pieces = pieces(&text, DealFormat::Ndjson);
        assert!(pieces.len() > 1);
        let mut expected_line = 1;
        for piece in pieces {
            let Piece::Text { text, first_line } = piece else {
                panic!()
            };
            assert_eq!(first_line, expected_line);
            assert!(text.ends_with(b"\n"));
            expected_line += count_lines(&text);
        }
        assert_eq!(expected_line, 601);
    }

    #[test]
    fn an_oversized_deal_is_skipped_and_its_neighbours_kept() {
        let huge = format!(
            "{{\"id\":\"big\",\"pad\":\"{}\"}}\n",
            "x".repeat(MAX_DEAL_BYTES + 10)
        );
        let text = format!("{{\"id\":\"a\"}}\n{huge}{{\"id\":\"b\"}}\n{{\"id\":\"c\"}}\n");
        let mut kept = Vec::new();
        let mut too_large = Vec::new();
        for piece in pieces(&text, DealFormat::Ndjson) {
            match piece {
                Piece::Text { text, first_line } => {
                    kept.push((first_line, String::from_utf8(text).unwrap()))
                }
                Piece::TooLarge { first_line } => too_large.push(first_line),
                Piece::Values(_) => panic!(),
            }
        }
        assert_eq!(too_large, [2]);
        let lines: Vec<(usize, &str)> = kept
            .iter()
            .flat_map(|(first, text)| text.lines().enumerate().map(move |(i, l)| (first + i, l)))
            .collect();
        assert_eq!(
            lines,
            [
                (1, "{\"id\":\"a\"}"),
                (3, "{\"id\":\"b\"}"),
                (4, "{\"id\":\"c\"}")
            ]
        );
    }

    #[test]
    fn yaml_blocks_end_before_a_document_marker() {
        let doc = format!("---\nid: x\nsummary: {}\n", "b".repeat(2000));
        let text = doc.repeat(300);
        let mut total = 0;
        for piece in pieces(&text, DealFormat::Yaml) {
            let Piece::Text { text, .. } = piece else {
                panic!()
            };
            assert!(text.starts_with(b"---\n"));
            total += text.len();
        }
        assert_eq!(total, 300 * doc.len());
    }

    #[test]
    fn json_arrays_split_between_elements_whatever_the_strings_hold() {
        let text = "[\n  {\"id\": \"a,]\\\"}\", \"n\": 1},\n  {\"id\": \"b\", \"x\": [1, {\"y\": 2}]}\n]\n";
        let array = pieces(text, DealFormat::Json);
        let Some(Piece::Values(values)) = array.first() else {
            panic!()
        };
        let texts: Vec<String> = values
            .iter()
            .map(|(v, _, _)| String::from_utf8_lossy(v).trim().to_string())
            .collect();
        assert_eq!(
            texts,
            [
                "{\"id\": \"a,]\\\"}\", \"n\": 1}",
                "{\"id\": \"b\", \"x\": [1, {\"y\": 2}]}"
            ]
        );
        assert_eq!((values[0].1, values[0].2), (2, 3));
        assert_eq!((values[1].1, values[1].2), (3, 3));
        let one_line = pieces(
            "[{\"id\":\"a\",\"n\":[1,2]},{\"id\":\"b\"}]",
            DealFormat::Json,
        );
        let Some(Piece::Values(values)) = one_line.first() else {
            panic!()
        };
        assert_eq!(values.len(), 2);
        assert_eq!((values[1].1, values[1].2), (1, 23));
        let object = pieces("  {\"id\": \"one\", \"n\": 2}\n", DealFormat::Json);
        let Some(Piece::Values(values)) = object.first() else {
            panic!()
        };
        assert_eq!(values.len(), 1);
    }
}
