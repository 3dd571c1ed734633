//! Robust I/O: a closed pipe is not an error, paths that are not UTF-8 are
//! reported, `fmt` never loses a file (read-only folder in tests/it/fmt.rs,
//! full disk here), and an interrupted batch never ends in half a line.

use crate::common;

use std::io::{BufRead, BufReader, Read};
use std::os::unix::ffi::OsStrExt;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};

use common::{hermetic, BINARY};

/// `n` NDJSON deals with distinct ids, built from the example pipeline.
fn many_deals(n: usize) -> String {
    let example = std::fs::read_to_string("examples/deals/pipeline.ndjson").unwrap();
    let lines: Vec<&str> = example.lines().collect();
    let mut out = String::with_capacity(n * 1200);
    for i in 0..n {
        let line = lines[i % lines.len()];
        let (_, rest) = line.split_once(',').unwrap();
        out.push_str(&format!("{{\"id\":\"G-{i}\",{rest}\n"));
    }
    out
}

fn write_deals(dir: &Path, n: usize) -> PathBuf {
    let path = dir.join("big.ndjson");
    std::fs::write(&path, many_deals(n)).unwrap();
    path
}

/// `check ... | head -1`: the reader goes away after one line; the
/// command stops quietly, with status 0 and nothing on stderr.
#[test]
fn a_pipe_closed_early_is_not_an_error() {
    let dir = tempfile::tempdir().unwrap();
    let deals = write_deals(dir.path(), 20_000);
    for format in ["ndjson", "text", "json"] {
        let mut child = hermetic(Command::new(BINARY))
            .args(["check", "--today", "2026-11-28", "--format", format])
            .arg(&deals)
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .unwrap();
        let mut stdout = BufReader::new(child.stdout.take().unwrap());
        let mut first = String::new();
        stdout.read_line(&mut first).unwrap();
        assert!(!first.is_empty());
        drop(stdout); // Close the pipe, as `head -1` does.
        let mut stderr = String::new();
        child
            .stderr
            .take()
            .unwrap()
            .read_to_string(&mut stderr)
            .unwrap();
        let status = child.wait().unwrap();
        assert_eq!(status.code(), Some(0), "--format {format}: {stderr}");
        assert_eq!(stderr, "", "--format {format}");
    }
}

/// Ctrl-C in the middle of a long NDJSON run: the output ends with a
/// newline and every line is a whole JSON document; status 130.
#[test]
fn an_interrupted_batch_leaves_no_half_line() {
    let dir = tempfile::tempdir().unwrap();
    let deals = write_deals(dir.path(), 60_000);
    let mut child = hermetic(Command::new(BINARY))
        .args([
            "check",
            "--today",
            "2026-11-28",
            "--format",
            "ndjson",
            "--jobs",
            "2",
        ])
        .arg(&deals)
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    let mut stdout = child.stdout.take().unwrap();
    // Read until some output has come, then interrupt.
    let mut output = vec![0u8; 64 * 1024];
    let mut read = 0;
    while read < 16 * 1024 {
        let n = stdout.read(&mut output[read..]).unwrap();
        assert!(n > 0, "the run ended before it could be interrupted");
        read += n;
    }
    output.truncate(read);
    let killed = Command::new("kill")
        .args(["-INT", &child.id().to_string()])
        .status()
        .unwrap();
    assert!(killed.success());
    stdout.read_to_end(&mut output).unwrap();
    let status = child.wait().unwrap();
    assert_eq!(status.code(), Some(130), "stopped by the interrupt");
    let text = String::from_utf8(output).unwrap();
    assert!(
        text.ends_with('\n'),
        "the output ends in the middle of a line"
    );
    let lines: Vec<&str> = text.lines().collect();
    assert!(lines.len() < 60_000, "the run was not interrupted");
    for line in lines {
        serde_json::from_str::<serde_json::Value>(line)
            .unwrap_or_else(|e| panic!("a broken line ({e}): {line}"));
    }
}

fn invalid_utf8_name(dir: &Path, prefix: &str, extension: &str) -> PathBuf {
    let mut name = prefix.as_bytes().to_vec();
    name.extend_from_slice(b"-\xff\xfe.");
    name.extend_from_slice(extension.as_bytes());
    dir.join(std::ffi::OsStr::from_bytes(&name))
}

/// Paths that are not UTF-8 work, and are shown with U+FFFD where the bad
/// bytes are: as a deal, a folder of deals, a playbook, and a playbook to
/// format.
#[test]
fn paths_that_are_not_utf8_are_reported_not_panicked_on() {
    let dir = tempfile::tempdir().unwrap();
    let deal = invalid_utf8_name(dir.path(), "deal", "yaml");
    std::fs::write(&deal, "id: D-1\nstage: nowhere\n").unwrap();
    let playbook = invalid_utf8_name(dir.path(), "pb", "playbook");
    std::fs::write(
        &playbook,
        "playbook \"P\"\nstages\n  a\nrule r\n  when stage is b\n  recommend \"x\"\n",
    )
    .unwrap();

    let run = |args: &[&std::ffi::OsStr]| {
        let output = hermetic(Command::new(BINARY))
            .current_dir(dir.path())
            .args(args)
            .output()
            .unwrap();
        let text = format!(
            "exit: {}\n--- stdout\n{}--- stderr\n{}",
            output.status.code().unwrap_or(-1),
            String::from_utf8_lossy(&output.stdout),
            String::from_utf8_lossy(&output.stderr)
        );
        (output.status.code(), text)
    };
    let os = |s: &str| std::ffi::OsString::from(s);
    let deal_name = deal.file_name().unwrap().to_os_string();
    let playbook_name = playbook.file_name().unwrap().to_os_string();

    let (status, text) = run(&[&os("check"), &os("--today"), &os("2026-11-28"), &deal_name]);
    assert_eq!(status, Some(2));
    assert!(text.contains("deal-\u{fffd}\u{fffd}.yaml"), "{text}");
    assert!(text.contains("E304"), "{text}");

    let (status, text) = run(&[&os("check"), &os("--today"), &os("2026-11-28"), &os(".")]);
    assert_eq!(status, Some(2));
    assert!(text.contains("deal-\u{fffd}\u{fffd}.yaml"), "{text}");

    let (status, text) = run(&[&os("validate"), &playbook_name]);
    assert_eq!(status, Some(1));
    assert!(text.contains("pb-\u{fffd}\u{fffd}.playbook:5:"), "{text}");

    let (status, text) = run(&[&os("fmt"), &playbook_name]);
    assert_eq!(status, Some(0), "{text}");
    assert!(std::fs::read_to_string(&playbook)
        .unwrap()
        .starts_with("playbook \"P\"\n\nstages\n"));

    let missing = invalid_utf8_name(dir.path(), "missing", "playbook");
    let (status, text) = run(&[&os("validate"), missing.as_os_str()]);
    assert_eq!(status, Some(1));
    assert!(
        text.contains("cannot read playbook") && text.contains("missing-\u{fffd}\u{fffd}.playbook"),
        "{text}"
    );
}

/// A tiny tmpfs, unmounted when dropped.
struct TinyDisk(PathBuf);

impl TinyDisk {
    /// `None` when this machine does not let the test mount one (not root,
    /// or in a container without the right): the test then says so and
    /// passes.
    fn mount(dir: &Path) -> Option<TinyDisk> {
        let point = dir.join("disk");
        std::fs::create_dir(&point).ok()?;
        let mounted = Command::new("mount")
            .args(["-t", "tmpfs", "-o", "size=64k", "tmpfs"])
            .arg(&point)
            .stderr(Stdio::null())
            .status()
            .ok()?;
        mounted.success().then_some(TinyDisk(point))
    }
}

impl Drop for TinyDisk {
    fn drop(&mut self) {
        let _ = Command::new("umount").arg(&self.0).status();
    }
}

/// The disk fills up while `fmt` writes: the error says so, the file keeps
/// its old text, and no temporary file is left behind.
#[test]
fn fmt_on_a_full_disk_leaves_the_file_as_it_was() {
    let dir = tempfile::tempdir().unwrap();
    let Some(disk) = TinyDisk::mount(dir.path()) else {
        eprintln!("skipped: cannot mount a tmpfs here");
        return;
    };
    // One stage per line once formatted: the new text is larger.
    let stages: Vec<String> = (0..400).map(|i| format!("s{i} \"Stage {i}\"")).collect();
    let original = format!("playbook \"Full\"\nstages {}\n", stages.join(" "));
    let path = disk.0.join("full.playbook");
    std::fs::write(&path, &original).unwrap();
    // Fill what is left of the disk.
    let mut filler = std::fs::File::create(disk.0.join("filler")).unwrap();
    let block = vec![b'x'; 1024];
    while std::io::Write::write_all(&mut filler, &block).is_ok() {}
    drop(filler);
    let output = hermetic(Command::new(BINARY))
        .current_dir(&disk.0)
        .args(["fmt", "full.playbook"])
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert_eq!(output.status.code(), Some(2), "{stderr}");
    insta::assert_snapshot!("fmt_full_disk", stderr);
    assert_eq!(std::fs::read_to_string(&path).unwrap(), original);
    let mut names: Vec<String> = std::fs::read_dir(&disk.0)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    names.sort();
    assert_eq!(names, ["filler", "full.playbook"], "no temporary file left");
}
