//! Reading a playbook and its imports from disk (or the built-in text),
//! then parsing and checking them together.

mod problem;

use std::path::{Path, PathBuf};

use crate::ast::{self, Declaration};
use crate::check::{self, ParsedFile};
use crate::diagnostic::{Code, Diagnostic};
use crate::ir;
use crate::span::{FileId, Source, Sources};
use crate::syntax;
use problem::LoadProblem;

/// The result of compiling a playbook: the playbook when it has no errors,
/// every diagnostic (errors and warnings), the sources they point into, and
/// the syntax tree of each file, so later stages (`show`, position-based
/// queries) read the playbook as written without parsing it again.
#[derive(Debug)]
pub struct Compiled {
    /// The compiled playbook, if it had no errors.
    pub playbook: Option<ir::Playbook>,
    /// Every problem found, in file order.
    pub diagnostics: Vec<Diagnostic>,
    /// The playbook file and its imports.
    pub sources: Sources,
    /// The playbook file itself.
    pub root: FileId,
    /// The syntax tree of every file that was parsed, in reading order (the
    /// root first); a file that could not be read has none.
    pub syntax_trees: Vec<(FileId, ast::File)>,
}

impl Compiled {
    /// Whether any diagnostic is an error.
    pub fn has_errors(&self) -> bool {
        self.diagnostics.iter().any(Diagnostic::is_error)
    }

    /// The syntax tree of `file`, if it was parsed.
    ///
    /// ```
    /// let compiled = playbook::compile_text("p.playbook", "playbook \"P\"\nstages a\n");
    /// let tree = compiled.syntax_tree(compiled.root).unwrap();
    /// assert_eq!(tree.declarations.len(), 2);
    /// ```
    pub fn syntax_tree(&self, file: FileId) -> Option<&ast::File> {
        self.syntax_trees
            .iter()
            .find_map(|(id, tree)| (*id == file).then_some(tree))
    }

    /// The syntax tree of the playbook file itself, if it was parsed.
    ///
    /// ```
    /// let compiled = playbook::compile_builtin(playbook::Lang::En);
    /// assert!(compiled.root_syntax_tree().is_some_and(|tree| !tree.comments.is_empty()));
    /// ```
    pub fn root_syntax_tree(&self) -> Option<&ast::File> {
        self.syntax_tree(self.root)
    }
}

/// The most files one playbook may import, directly or not.
pub const MAX_IMPORTS: usize = 256;

/// Where a playbook's files come from. [`compile_path`] reads the disk
/// ([`Disk`]); [`compile_text`] and a caller holding files in memory (a
/// language server's open documents, the browser playground) use
/// [`InMemory`], and then compiling does no I/O at all. An editor can
/// implement it to put its unsaved buffers over the disk.
///
/// ```
/// use std::path::Path;
/// use playbook::{compile_files, InMemory};
///
/// let mut files = InMemory::new();
/// files.insert("team/main.playbook", "playbook \"Team\"\nimport \"stages.playbook\"\n");
/// files.insert("team/stages.playbook", "stages\n  lead  \"Lead\"\n");
/// let compiled = compile_files(Path::new("team/main.playbook"), &files);
/// assert!(!compiled.has_errors());
/// ```
pub trait PlaybookFiles {
    /// The text of the file at `path`, or why it cannot be read, in words
    /// (`no such file or folder`).
    fn read(&self, path: &Path) -> Result<String, String>;
    /// What makes two paths the same file (for import cycles and files
    /// imported twice), or `None` when it does not exist.
    fn identity(&self, path: &Path) -> Option<PathBuf>;
}

/// The disk: files read with the size limit, paths made canonical.
///
/// ```
/// use std::path::Path;
/// use playbook::{compile_files, Disk};
///
/// let compiled = compile_files(Path::new("playbooks/consultative-sales.playbook"), &Disk);
/// assert!(!compiled.has_errors());
/// ```
#[derive(Clone, Copy, Debug, Default)]
pub struct Disk;

impl PlaybookFiles for Disk {
    fn read(&self, path: &Path) -> Result<String, String> {
        read_text(path)
    }

    fn identity(&self, path: &Path) -> Option<PathBuf> {
        path.canonicalize().ok()
    }
}

/// Playbook files held in memory, by path; nothing is read from disk.
///
/// ```
/// use playbook::{compile_files, InMemory};
///
/// let files = InMemory::new();
/// let compiled = compile_files(std::path::Path::new("missing.playbook"), &files);
/// assert!(compiled.has_errors());
/// ```
#[derive(Clone, Debug, Default)]
pub struct InMemory {
    files: std::collections::BTreeMap<PathBuf, String>,
}

impl InMemory {
    /// No files.
    pub fn new() -> InMemory {
        InMemory::default()
    }

    /// Adds (or replaces) the file at `path`.
    pub fn insert(&mut self, path: impl Into<PathBuf>, text: impl Into<String>) {
        self.files.insert(normalized(&path.into()), text.into());
    }
}

impl PlaybookFiles for InMemory {
    fn read(&self, path: &Path) -> Result<String, String> {
        self.files
            .get(&normalized(path))
            .cloned()
            .ok_or_else(|| "no such file or folder".to_string())
    }

    fn identity(&self, path: &Path) -> Option<PathBuf> {
        let path = normalized(path);
        self.files.contains_key(&path).then_some(path)
    }
}

/// `path` with `.` and `x/..` taken out, without asking the disk.
fn normalized(path: &Path) -> PathBuf {
    use std::path::Component;
    let mut out = PathBuf::new();
    for component in path.components() {
        match component {
            Component::CurDir => {}
            Component::ParentDir if out.file_name().is_some() => {
                out.pop();
            }
            other => out.push(other),
        }
    }
    out
}

/// Compiles a playbook file from disk, with its imports.
///
/// ```
/// use std::path::Path;
///
/// let compiled = playbook::compile_path(Path::new("playbooks/consultative-sales.playbook"));
/// assert_eq!(compiled.playbook.unwrap().stages().len(), 5);
/// let missing = playbook::compile_path(Path::new("no-such.playbook"));
/// assert!(missing.diagnostics[0].message.contains("no such file"));
/// ```
pub fn compile_path(path: &Path) -> Compiled {
    compile_files(path, &Disk)
}

/// Compiles playbook text held in memory; `path` is the file's name in
/// diagnostics and the folder its imports are relative to. Nothing is read
/// from disk: an import is an error, as the file is alone (use
/// [`compile_files`] with an [`InMemory`] holding the imported files).
///
/// ```
/// let text = "playbook \"P\"\nstages\n  open  \"Open\"\nrule r\n  when stage is opn\n  recommend \"x\"\n";
/// let compiled = playbook::compile_text("p.playbook", text);
/// assert!(compiled.playbook.is_none());
/// assert_eq!(compiled.diagnostics[0].code.as_str(), "E201");
/// assert_eq!(compiled.diagnostics[0].help.as_deref(), Some("did you mean `open`?"));
/// ```
pub fn compile_text(path: &str, text: &str) -> Compiled {
    let mut files = InMemory::new();
    files.insert(path, text);
    compile_files(Path::new(path), &files)
}

/// Compiles the playbook at `path`, reading it and its imports from
/// `files`.
///
/// ```
/// use std::path::Path;
/// use playbook::{compile_files, InMemory};
///
/// let mut files = InMemory::new();
/// files.insert("p.playbook", "playbook \"P\"\nimport \"stages.playbook\"\n");
/// files.insert("stages.playbook", "stages\n  a\n  b\n");
/// let compiled = compile_files(Path::new("p.playbook"), &files);
/// assert_eq!(compiled.playbook.unwrap().stages().len(), 2);
/// ```
pub fn compile_files(path: &Path, files: &dyn PlaybookFiles) -> Compiled {
    let name = path.display().to_string();
    match files.read(path) {
        Ok(text) => compile_source(Source::new(name, Some(path.to_path_buf()), text), files),
        Err(message) => {
            let mut sources = Sources::new();
            let root = sources.add(Source::new(name.clone(), Some(path.to_path_buf()), ""));
            let diagnostic = LoadProblem::Unreadable {
                name,
                reason: message,
                file: root,
            }
            .describe();
            Compiled {
                playbook: None,
                diagnostics: vec![diagnostic],
                sources,
                root,
                syntax_trees: Vec::new(),
            }
        }
    }
}

pub(crate) fn read_text(path: &Path) -> Result<String, String> {
    let metadata = std::fs::metadata(path).map_err(|e| crate::files::io_message(&e))?;
    if metadata.is_dir() {
        return Err("it is a folder, not a playbook file".to_string());
    }
    if metadata.len() > syntax::MAX_SOURCE_BYTES as u64 {
        return Err(format!(
            "it is {} bytes, more than the limit of {} bytes",
            metadata.len(),
            syntax::MAX_SOURCE_BYTES
        ));
    }
    let mut bytes = crate::files::read_bounded(path, syntax::MAX_SOURCE_BYTES as u64)?;
    if bytes.starts_with(crate::files::BYTE_ORDER_MARK) {
        bytes.drain(..crate::files::BYTE_ORDER_MARK.len());
    }
    String::from_utf8(bytes).map_err(|_| "it is not UTF-8 text; save it as UTF-8".to_string())
}

fn compile_source(source: Source, files: &dyn PlaybookFiles) -> Compiled {
    let mut sources = Sources::new();
    let mut diagnostics = Vec::new();
    let root_path = source.path.clone();
    let too_large = source.text.len() > syntax::MAX_SOURCE_BYTES;
    let root = sources.add(source);
    if too_large {
        // Only the size is reported: checking an unread file would add
        // "no header" and "no stages" to the one real problem.
        let text = sources
            .get(root)
            .map(|s| s.text.clone())
            .unwrap_or_default();
        let (tree, diagnostics) = syntax::parse(&text, root);
        return Compiled {
            playbook: None,
            diagnostics,
            sources,
            root,
            syntax_trees: vec![(root, tree)],
        };
    }
    let mut parsed = Vec::new();
    // Depth-first through imports; `stack` holds the chain for cycle messages.
    let mut stack: Vec<(FileId, Option<PathBuf>)> = Vec::new();
    load(
        files,
        root,
        root_path,
        &mut sources,
        &mut parsed,
        &mut stack,
        &mut diagnostics,
    );
    let files: Vec<ParsedFile> = parsed
        .iter()
        .map(|(id, ast)| ParsedFile {
            id: *id,
            ast,
            root: *id == root,
        })
        .collect();
    let (playbook, check_diagnostics) = check::check(&files);
    diagnostics.extend(check_diagnostics);
    // A playbook with an error, even a syntax error in one rule, is not
    // used: it would run without the broken part. Warnings wait until the
    // errors are fixed; with a part left out they would be guesses.
    let playbook = if diagnostics.iter().any(Diagnostic::is_error) {
        diagnostics.retain(Diagnostic::is_error);
        None
    } else {
        playbook.inspect(|playbook| diagnostics.extend(check::lint(&files, playbook)))
    };
    // Without an import, "no stages" may only mean the stages were in it.
    // The root file was read, so an unreadable file here is an import.
    let import_failed = diagnostics
        .iter()
        .any(|d| matches!(d.code, Code::ImportCycle | Code::Unreadable));
    if import_failed {
        diagnostics.retain(|d| d.code != Code::NoStages);
    }
    // In reading order: file by file, top to bottom.
    diagnostics.sort_by_key(|d| d.labels.first().map(|l| (l.file.0, l.span.start)));
    Compiled {
        playbook,
        diagnostics,
        sources,
        root,
        syntax_trees: parsed,
    }
}

fn load(
    files: &dyn PlaybookFiles,
    file: FileId,
    path: Option<PathBuf>,
    sources: &mut Sources,
    parsed: &mut Vec<(FileId, ast::File)>,
    stack: &mut Vec<(FileId, Option<PathBuf>)>,
    diagnostics: &mut Vec<Diagnostic>,
) {
    let Some(source) = sources.get(file) else {
        return;
    };
    let text = source.text.clone();
    let (ast, parse_diagnostics) = syntax::parse(&text, file);
    diagnostics.extend(parse_diagnostics);
    let base = path
        .as_deref()
        .and_then(Path::parent)
        .map(Path::to_path_buf)
        .unwrap_or_default();
    let imports: Vec<_> = ast
        .declarations
        .iter()
        .filter_map(|d| match d {
            Declaration::Import(text) => Some(text.clone()),
            _ => None,
        })
        .collect();
    parsed.push((file, ast));
    stack.push((file, path.as_deref().and_then(|p| files.identity(p))));
    for import in imports {
        let target = base.join(&import.value);
        let canonical = files.identity(&target);
        let in_chain =
            canonical.is_some() && stack.iter().any(|(_, p)| p.is_some() && *p == canonical);
        if in_chain {
            // The cycle: from the file the import points back to, to here.
            let from = stack
                .iter()
                .position(|(_, p)| p.is_some() && *p == canonical)
                .unwrap_or(0);
            let chain: Vec<String> = stack
                .get(from..)
                .unwrap_or_default()
                .iter()
                .chain(stack.get(from))
                .filter_map(|(id, _)| sources.get(*id).map(|s| s.name.clone()))
                .collect();
            diagnostics.push(
                LoadProblem::ImportCycle {
                    chain,
                    at: (file, import.span),
                }
                .describe(),
            );
            continue;
        }
        let already = canonical.is_some()
            && parsed.iter().any(|(id, _)| {
                sources
                    .get(*id)
                    .and_then(|s| s.path.as_deref())
                    .and_then(|p| files.identity(p))
                    == canonical
            });
        if already {
            continue;
        }
        if parsed.len() >= MAX_IMPORTS {
            diagnostics.push(
                LoadProblem::TooManyImports {
                    at: (file, import.span),
                }
                .describe(),
            );
            return;
        }
        match files.read(&target) {
            Ok(text) => {
                let name = target.display().to_string();
                let id = sources.add(Source::new(name, Some(target.clone()), text));
                load(files, id, Some(target), sources, parsed, stack, diagnostics);
            }
            Err(message) => diagnostics.push(
                LoadProblem::ImportUnreadable {
                    import: import.value.clone(),
                    looked_for: target.display().to_string(),
                    reason: message,
                    at: (file, import.span),
                }
                .describe(),
            ),
        }
    }
    stack.pop();
}
