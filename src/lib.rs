//! `playbook`: a rules engine and small language that turns a sales
//! methodology into next actions on real deals.
//!
//! The stages, each its own module (see docs/ARCHITECTURE.md):
//!
//! text → [`syntax`] (pest, the only module that knows it) → [`ast`] with
//! spans → [`check`] (names, types, diagnostics) → [`ir::Playbook`] →
//! [`eval`] against a [`deal::Deal`] → [`recommendation::DealResult`] →
//! [`render`].
//!
//! Beside the main path: [`tests_file`] reads and runs playbook tests files
//! (`playbook test`), and [`explain`] says why each rule fired or not, part
//! by part (`playbook explain`), and which deal values decided an action
//! (evidence, computed only when asked for).
//!
//! ```
//! use playbook::{builtin, deal, evaluate, Lang};
//! use playbook::span::{FileId, Source};
//!
//! let playbook = builtin(Lang::En);
//! let source = Source::new("deal.yaml", None, "id: D-1\nstage: prospecting\n");
//! let deals = deal::load_text(&source, FileId(0), deal::DealFormat::Yaml, &playbook.deal_context());
//! let today = playbook::date::Date::parse("2026-11-28").unwrap();
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

pub mod ast;
pub mod batch;
pub mod check;
pub(crate) mod crm;
pub mod date;
pub mod deal;
pub mod diagnostic;
pub mod eval;
pub mod explain;
pub(crate) mod files;
pub mod format;
pub mod ir;
mod loader;
mod lookup;
mod ops;
pub mod recommendation;
pub mod render;
pub mod sales_path;
pub(crate) mod serde_words;
pub mod span;
mod stack;
pub mod syntax;
pub mod tests_file;
mod validation;
pub mod value;
mod words;
pub(crate) mod yaml;

#[doc(hidden)]
pub mod cli;

pub use eval::evaluate;
pub use loader::{compile_path, compile_text, Compiled, MAX_IMPORTS};

/// The language of the built-in playbook (and of the output's words).
pub use words::Lang;

/// Evaluates `playbook` on `deal` as of `today` by the language's semantics
/// written plainly, used to test the compiled evaluator ([`evaluate`]).
///
/// It builds every list, evaluates every operand and recomputes a define
/// wherever it is used, so it is much slower than [`evaluate`]; it gives the
/// same actions (rule, priority, message, reason, order) and snoozed
/// actions. `None` when the two cannot be compared on this deal: plain
/// evaluation would touch more than two million nodes and list items, or a
/// message is longer than [`eval::MAX_MESSAGE_BYTES`] (where [`evaluate`]
/// cuts it). Its warnings carry the same codes as [`evaluate`]'s.
///
/// ```
/// use playbook::{builtin, deal, evaluate, evaluate_reference, Lang};
/// use playbook::span::{FileId, Source};
///
/// let playbook = builtin(Lang::En);
/// let source = Source::new("deal.yaml", None, "id: D-1\nstage: prospecting\n");
/// let deals = deal::load_text(&source, FileId(0), deal::DealFormat::Yaml, &playbook.deal_context());
/// let deal = &deals[0].as_ref().unwrap().deal;
/// let today = playbook::date::Date::parse("2026-11-28").unwrap();
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
    context: &deal::DealContext,
    sources: &mut span::Sources,
) -> Vec<Result<deal::LoadedDeal, diagnostic::Diagnostic>> {
    crm::read_export(mapping, csv, context, sources)
}

/// The text of the built-in consultative-sales playbook.
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

/// Compiles the built-in playbook.
pub fn compile_builtin(lang: Lang) -> Compiled {
    let (name, text) = builtin_text(lang);
    compile_text(name, text)
}

/// The built-in playbook, compiled. The shipped files are checked by the
/// test suite, so this cannot fail in a released binary; should it ever,
/// the result is a playbook with no rules rather than a crash.
pub fn builtin(lang: Lang) -> ir::Playbook {
    compile_builtin(lang)
        .playbook
        .unwrap_or(ir::Playbook::EMPTY)
}
