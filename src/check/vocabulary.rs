//! Values outside the vocabulary of DEALS.md: `kind is opne` is almost
//! certainly a typo of `open`, and a rule comparing with it never matches a
//! deal written to the model. A warning, not an error: symbols are free text.

use super::problem::CheckProblem;
use super::{Checker, Ty};
use crate::diagnostic::suggest;
use crate::ir::{Constant, Node, NodeKind};

impl Checker<'_, '_> {
    /// Warns when `value` is a constant that `ty`, a symbol field with a
    /// vocabulary, never holds in a deal written to the model.
    pub(super) fn check_vocabulary(&mut self, ty: &Ty, value: &Node) {
        let Ty::Symbol(vocabulary) = ty else {
            return;
        };
        let NodeKind::Constant(Constant::Text(text)) = &value.kind else {
            return;
        };
        let known = vocabulary.field.vocabulary;
        if known.contains(&text.as_str()) {
            return;
        }
        self.problem(CheckProblem::UnknownSymbol {
            text: text.clone(),
            path: vocabulary.path(),
            known,
            close: suggest(text, known.iter().copied()),
            at: (value.file, value.span),
        });
    }
}
