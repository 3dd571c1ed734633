//! `playbook`: a rules engine and small language that turns a sales
//! methodology into next actions on real deals.
//!
//! This crate root is the whole public API, a small facade: text in, typed
//! data out, no global state. The command line, the tests, and the tools
//! built on the library (a language server, the browser playground, a
//! Python binding) use exactly this. The stages behind it (see
//! docs/ARCHITECTURE.md) are internal modules:
//!
//! text → syntax (pest) → [`ast`] with spans → check (names, types,
//! diagnostics) → [`Playbook`] → evaluate against a [`Deal`] →
//! [`DealResult`] → render.
//!
//! - **Compile** a playbook: [`compile_path`] (from disk, imports followed),
//!   [`compile_text`] (text held in memory, no I/O), [`compile_files`] (any
//!   [`PlaybookFiles`], such as an [`InMemory`] set), [`builtin`]. The
//!   result, [`Compiled`], holds the [`Playbook`] when there is no error,
//!   every [`Diagnostic`], the [`Sources`] they point into, and each file's
//!   syntax tree ([`ast::File`]) for position-based tools.
//! - **Load deals**: [`load_deals`] (text), [`load_deal_file`] (a path), in
//!   a [`DealFormat`]; each deal is a [`Deal`] or the [`Diagnostic`] of why
//!   it cannot be read.
//! - **Evaluate**: [`evaluate`] gives a [`DealResult`]: the
//!   [`Recommendation`]s in order, each with its reason; [`explain`] says
//!   why each rule fired or not; [`add_evidence`] adds the deal values
//!   behind each action.
//! - **Format** ([`format_text`]), the **sales path** ([`sales_path`]),
//!   **tests files** ([`run_tests`], [`read_tests_file`], [`run_test_case`]).
//! - **Render**: diagnostics ([`diagnostics_to_text`], [`JsonDiagnostic`]),
//!   results ([`text_deal`], [`markdown_deal`], [`deal_json`]), in a
//!   [`Lang`].
//!
//! ```
//! use playbook::{builtin, evaluate, load_deals, Date, DealFormat, FileId, Lang, Source};
//!
//! let playbook = builtin(Lang::En);
//! let source = Source::new("deal.yaml", None, "id: D-1\nstage: prospecting\n");
//! let deals = load_deals(&source, FileId(0), DealFormat::Yaml, &playbook.deal_context());
//! let today = Date::parse("2026-11-28").unwrap();
//! let result = evaluate(&playbook, &deals[0].as_ref().unwrap().deal, today);
//! assert_eq!(result.actions[0].rule, "research-account");
//! ```

// User data reaches almost every path of the library: a panic there is a
// bug. Tests may unwrap.
#![cfg_attr(
    not(test),
    warn(
        clippy::unwrap_used,
        clippy::expect_used,
        clippy::panic,
        clippy::indexing_slicing
    )
)]
// The public API is what this file re-exports; everything else is
// `pub(crate)`, and the compiler says so when it is not.
#![deny(unreachable_pub)]

pub mod ast;
mod batch;
mod check;
mod crm;
mod date;
mod deal;
mod diagnostic;
mod eval;
mod explain;
mod files;
mod format;
mod ir;
mod loader;
mod lookup;
mod ops;
mod recommendation;
mod render;
mod sales_path;
mod serde_words;
mod span;
mod stack;
mod syntax;
mod tests_file;
mod validation;
mod value;
mod words;
mod yaml;

#[doc(hidden)]
pub mod cli;

// Words and languages.
pub use words::{Lang, Unmet};

// Positions: byte spans, files, line and column when shown.
pub use span::{FileId, Source, Sources, Span};

// Dates, as deals and `today` use them.
pub use date::{Date, DateError};

// Diagnostics: what is wrong, where, and the fix.
pub use diagnostic::render::{to_text as diagnostics_to_text, JsonDiagnostic, Place};
pub use diagnostic::{suggest, Code, Diagnostic, Label, Severity};

// Compiling a playbook.
pub use ast::Priority;
pub use ir::{Playbook, Rule, Stage};
pub use loader::{
    compile_files, compile_path, compile_text, Compiled, Disk, InMemory, PlaybookFiles,
};
pub use syntax::parse;

// Deals: the model, and reading it from YAML, JSON or NDJSON.
pub use deal::{
    load_path as load_deal_file, load_text as load_deals, Account, Activity, Competitor, Contact,
    CustomValue, CustomValues, Deal, DealContext, DealFormat, LoadedDeal, Need, NextStep,
    Objection, Question, Snooze,
};

// Evaluation and its result.
pub use batch::read_deal_stream;
pub use eval::evaluate;
pub use recommendation::{DealResult, Evidence, Origin, Recommendation, SnoozedAction};

// Explanations: why each rule fired or not.
pub use explain::{
    add_evidence, explain, Change, Combine, Comparison, Explanation, Fact, ForEach, Hint, InTime,
    ItemExplanation, ItemOf, Part, Relation, RuleExplanation, Shown, Side,
};

// Formatting, the sales path, tests files.
pub use format::{comment_texts, format_text, FormatError};
pub use sales_path::{sales_path, Piece, RuleCard, SalesPath, StageSection};
pub use tests_file::{
    find as find_tests_files, load as load_tests_file, read as read_tests_file,
    run_case as run_test_case, run_paths as run_tests, Case, CaseDeal, CaseError, CaseOutcome,
    CaseRun, Coverage, FileRun, InlineDeal, TestRun, TestedPlaybook, TestsFile,
};

// Rendering results.
pub use render::{deal_json, markdown_deal, text_deal, JsonDeal, Labels};

/// The limits that keep every input safe to read (docs/limits.md). Input
/// past a limit is a diagnostic (`E109` for a playbook), never a crash or
/// an unbounded wait.
///
/// ```
/// use playbook::{compile_text, limits, Code};
///
/// let huge = "#".repeat(limits::MAX_SOURCE_BYTES + 1);
/// let compiled = compile_text("huge.playbook", &huge);
/// assert!(compiled.playbook.is_none());
/// assert_eq!(compiled.diagnostics[0].code, Code::Limit);
/// ```
pub mod limits {
    pub use crate::check::{MAX_NESTING, MAX_RULES};
    pub use crate::deal::{MAX_DEAL_FILE_BYTES, MAX_TEXT_BYTES};
    pub use crate::eval::MAX_MESSAGE_BYTES;
    pub use crate::loader::MAX_IMPORTS;
    pub use crate::syntax::MAX_SOURCE_BYTES;
}

/// Evaluates `playbook` on `deal` as of `today` by the language's semantics
/// written plainly, used to test the compiled evaluator ([`evaluate`]).
///
/// It builds every list, evaluates every operand and recomputes a define
/// wherever it is used, so it is much slower than [`evaluate`]; it gives the
/// same actions (rule, priority, message, reason, order) and snoozed
/// actions. `None` when the two cannot be compared on this deal: plain
/// evaluation would touch more than two million nodes and list items, or a
/// message is longer than [`limits::MAX_MESSAGE_BYTES`] (where [`evaluate`]
/// cuts it). Its warnings carry the same codes as [`evaluate`]'s.
///
/// ```
/// use playbook::{builtin, evaluate, evaluate_reference, load_deals, Date, DealFormat, FileId, Lang, Source};
///
/// let playbook = builtin(Lang::En);
/// let source = Source::new("deal.yaml", None, "id: D-1\nstage: prospecting\n");
/// let deals = load_deals(&source, FileId(0), DealFormat::Yaml, &playbook.deal_context());
/// let deal = &deals[0].as_ref().unwrap().deal;
/// let today = Date::parse("2026-11-28").unwrap();
/// let plain = evaluate_reference(&playbook, deal, today).unwrap();
/// assert_eq!(plain.actions, evaluate(&playbook, deal, today).actions);
/// ```
pub fn evaluate_reference(
    playbook: &ir::Playbook,
    deal: &deal::Deal,
    today: date::Date,
) -> Option<recommendation::DealResult> {
    eval::reference::evaluate(playbook, deal, today)
}

/// Every deal of a CRM export's deals CSV read through a mapping file's
/// text, as `check --map` reads it (for fuzzing; see docs/crm.md).
#[doc(hidden)]
pub fn read_crm_export(
    mapping: &str,
    csv: &[u8],
    context: &DealContext,
    sources: &mut Sources,
) -> Vec<Result<LoadedDeal, Diagnostic>> {
    crm::read_export(mapping, csv, context, sources)
}

/// Checks a syntax tree built in code (not read from text) as a playbook
/// of one file, id `FileId(0)`: the compiled playbook when there is no
/// error, and every error. Warnings are not computed (they need the text's
/// files; use [`compile_text`] for them).
///
/// ```
/// use playbook::{check_tree, parse, FileId};
///
/// let text = "playbook \"P\"\nstages\n  open  \"Open\"\nrule r\n  when stage is open\n  recommend \"x\"\n";
/// let (tree, _) = parse(text, FileId(0));
/// let (playbook, errors) = check_tree(&tree);
/// assert!(errors.is_empty());
/// assert_eq!(playbook.unwrap().rules().len(), 1);
/// ```
pub fn check_tree(tree: &ast::File) -> (Option<Playbook>, Vec<Diagnostic>) {
    check::check(&[check::ParsedFile {
        id: FileId(0),
        ast: tree,
        root: true,
    }])
}

/// The built-in consultative-sales playbook as text: its virtual path and
/// its source, for showing or formatting it (`playbook show`, a starting
/// point to copy).
///
/// ```
/// use playbook::{builtin_text, Lang};
///
/// let (path, text) = builtin_text(Lang::En);
/// assert_eq!(path, "<built-in>/consultative-sales.playbook");
/// assert!(text.contains("rule research-account"));
/// ```
pub fn builtin_text(lang: Lang) -> (&'static str, &'static str) {
    match lang {
        Lang::En => (
            "<built-in>/consultative-sales.playbook",
            include_str!("../playbooks/consultative-sales.playbook"),
        ),
        Lang::Zh => (
            "<built-in>/consultative-sales.zh.playbook",
            include_str!("../playbooks/consultative-sales.zh.playbook"),
        ),
    }
}

/// Compiles the built-in playbook, keeping what [`builtin`] drops: its
/// [`Sources`] (for [`explain`] and diagnostics) and its syntax tree.
///
/// ```
/// use playbook::{compile_builtin, Lang};
///
/// let compiled = compile_builtin(Lang::Zh);
/// assert!(!compiled.has_errors());
/// assert!(compiled.root_syntax_tree().is_some());
/// ```
pub fn compile_builtin(lang: Lang) -> Compiled {
    let (name, text) = builtin_text(lang);
    compile_text(name, text)
}

/// The built-in playbook, compiled. The shipped files are checked by the
/// test suite, so this cannot fail in a released binary; should it ever,
/// the result is a playbook with no rules rather than a crash.
///
/// ```
/// use playbook::{builtin, Lang};
///
/// let playbook = builtin(Lang::En);
/// assert_eq!(playbook.name(), "Consultative sales path");
/// assert_eq!(playbook.stages().len(), 5);
/// ```
pub fn builtin(lang: Lang) -> ir::Playbook {
    compile_builtin(lang)
        .playbook
        .unwrap_or(ir::Playbook::EMPTY)
}
