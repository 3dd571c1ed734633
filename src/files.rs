//! Reading files and standard input with a bound on their size, and I/O
//! errors in words. A bottom layer: deal files, playbooks and tests files
//! are all read through it, and it knows none of them.

use std::io::Read;
use std::path::Path;

/// The UTF-8 byte-order mark some editors put first; it is not text.
pub(crate) const BYTE_ORDER_MARK: &[u8] = b"\xEF\xBB\xBF";

/// At most `limit` bytes of `reader`, or `None` when it holds more.
fn read_to_limit(reader: impl Read, limit: u64) -> std::io::Result<Option<Vec<u8>>> {
    let mut bytes = Vec::new();
    reader
        .take(limit.saturating_add(1))
        .read_to_end(&mut bytes)?;
    Ok((bytes.len() as u64 <= limit).then_some(bytes))
}

/// Reads at most `limit` bytes of a file. The size in the metadata is
/// checked first for a clear message, but a device, a pipe or a file in
/// /proc says 0 there, so the read itself is bounded too.
pub(crate) fn read_bounded(path: &Path, limit: u64) -> Result<Vec<u8>, String> {
    let file = std::fs::File::open(path).map_err(|e| io_message(&e))?;
    let too_large = || {
        format!("it is more than the limit of {limit} bytes (it is not a regular file, or it grew while being read)")
    };
    read_to_limit(file, limit)
        .map_err(|e| io_message(&e))?
        .ok_or_else(too_large)
}

/// Standard input, read to its end, when it holds at most `limit` bytes.
/// `Ok(None)` when it holds more: the caller says so in its own words.
pub(crate) fn read_stdin_bounded(limit: u64) -> std::io::Result<Option<Vec<u8>>> {
    read_to_limit(std::io::stdin().lock(), limit)
}

/// A file's text, its byte-order mark removed, at most `limit` bytes.
/// When `lines_alone` (NDJSON), a line that is not UTF-8 costs only
/// itself: it is left blank and its (1-based) number and byte offset are
/// put in `bad_lines`.
pub(crate) fn read_limited(
    path: &Path,
    limit: u64,
    lines_alone: bool,
    bad_lines: &mut Vec<(usize, usize)>,
) -> Result<String, String> {
    let metadata = std::fs::metadata(path).map_err(|e| io_message(&e))?;
    if metadata.is_dir() {
        return Err("it is a folder".to_string());
    }
    if metadata.len() > limit {
        return Err(format!(
            "it is {} bytes, more than the limit of {limit}; split the export",
            metadata.len()
        ));
    }
    let mut bytes = read_bounded(path, limit)?;
    if bytes.starts_with(BYTE_ORDER_MARK) {
        bytes.drain(..BYTE_ORDER_MARK.len());
    }
    match String::from_utf8(bytes) {
        Ok(text) => Ok(text),
        Err(error) if lines_alone => {
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

/// An I/O error in words, without the Rust error's decoration.
pub(crate) fn io_message(error: &std::io::Error) -> String {
    match error.kind() {
        std::io::ErrorKind::NotFound => "no such file or folder".to_string(),
        std::io::ErrorKind::PermissionDenied => "permission denied".to_string(),
        _ => error.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::read_to_limit;

    #[test]
    fn a_reader_over_the_limit_gives_nothing() {
        assert_eq!(
            read_to_limit(&b"abcd"[..], 4).ok().flatten(),
            Some(b"abcd".to_vec())
        );
        assert_eq!(read_to_limit(&b"abcde"[..], 4).ok().flatten(), None);
    }

    #[test]
    fn io_errors_are_words() {
        let missing = std::io::Error::from(std::io::ErrorKind::NotFound);
        assert_eq!(super::io_message(&missing), "no such file or folder");
    }
}
