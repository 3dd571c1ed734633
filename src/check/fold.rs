//! Constant evaluation, once for the checker and the warnings. A node whose
//! operands are all constants is evaluated while the playbook is compiled,
//! instead of once per deal ([`fold`]); the warnings' analysis asks the same
//! question of nodes whose operands are defines with a fixed value
//! ([`evaluate`], with the defines followed by the caller). Each operation
//! is the one evaluation applies (`crate::ops`), so folding cannot disagree
//! with evaluation.

use crate::ir::{Constant, Node, NodeKind, Type};
use crate::ops;
use crate::span::{FileId, Span};
use crate::value::Value;

/// The value of a node of `kind` that is the same for every deal, given
/// `operand`, which gives the value of an operand that is (`None` when it is
/// not). `None` for the kinds that read `today`, the deal, an item, a define
/// or a list, and when an operand has no fixed value.
pub(crate) fn evaluate<'a>(
    kind: &'a NodeKind,
    operand: &mut dyn FnMut(&'a Node) -> Option<Value<'a>>,
) -> Option<Value<'a>> {
    let truth = |value: Value| matches!(value, Value::Bool(true));
    Some(match kind {
        NodeKind::Constant(constant) => constant.value(),
        NodeKind::Not(a) => Value::Bool(!truth(operand(a)?)),
        NodeKind::And(a, b) => {
            let (a, b) = (operand(a)?, operand(b)?);
            Value::Bool(truth(a) && truth(b))
        }
        NodeKind::Or(a, b) => {
            let (a, b) = (operand(a)?, operand(b)?);
            Value::Bool(truth(a) || truth(b))
        }
        NodeKind::Negate(a) => ops::minus(operand(a)?),
        NodeKind::Arith(op, a, b) => {
            let (a, b) = (operand(a)?, operand(b)?);
            ops::arith(*op, a, b)
        }
        NodeKind::Compare(op, a, b) => {
            let (a, b) = (operand(a)?, operand(b)?);
            Value::Bool(ops::compare(*op, a, b))
        }
        NodeKind::OneOf(subject, constants) => {
            let subject = operand(subject)?;
            Value::Bool(constants.iter().any(|c| ops::equal(subject, c.value())))
        }
        NodeKind::IsMissing(subject, want_missing) => {
            Value::Bool(matches!(operand(subject)?, Value::Missing) == *want_missing)
        }
        NodeKind::Matches(subject, regex) => Value::Bool(match operand(subject)? {
            Value::Text(text) => regex.is_match(text),
            _ => false,
        }),
        NodeKind::Contains(haystack, needle) => {
            let (haystack, needle) = (operand(haystack)?, operand(needle)?);
            Value::Bool(match haystack {
                Value::Text(text) => ops::text_contains(text, needle),
                // A fixed value is never a list: it contains nothing.
                _ => false,
            })
        }
        _ => return None,
    })
}

/// `kind` as a node, evaluated now when its operands are constants.
pub(crate) fn fold(kind: NodeKind, ty: Type, span: Span, file: FileId) -> Node {
    let folded = evaluate(&kind, &mut |operand| match &operand.kind {
        NodeKind::Constant(constant) => Some(constant.value()),
        _ => None,
    })
    .and_then(|value| {
        Some(match value {
            Value::Number(n) => Constant::Number(n),
            Value::Text(t) => Constant::Text(t.to_string()),
            Value::Bool(b) => Constant::Bool(b),
            Value::Date(d) => Constant::Date(d),
            Value::Duration(d) => Constant::Duration(d),
            Value::Stage(s) => Constant::Stage(s),
            // Missing has no constant form: keep the node (it is just as cheap).
            Value::Missing | Value::Record(_) | Value::List(_) => return None,
        })
    });
    match folded {
        Some(constant) => Node::new(NodeKind::Constant(constant), ty, span, file),
        None => Node::new(kind, ty, span, file),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ir;

    fn number(n: f64) -> Box<Node> {
        Box::new(Node::new(
            NodeKind::Constant(Constant::Number(n)),
            Type::Number,
            Span::default(),
            FileId(0),
        ))
    }

    #[test]
    fn constant_operands_fold_others_do_not() {
        let sum = fold(
            NodeKind::Arith(ir::Arith::Add, number(2.0), number(3.0)),
            Type::Number,
            Span::default(),
            FileId(0),
        );
        assert!(matches!(sum.kind, NodeKind::Constant(Constant::Number(n)) if n == 5.0));
        let today = Node::new(NodeKind::Today, Type::Date, Span::default(), FileId(0));
        let today = Box::new(today);
        let kept = fold(
            NodeKind::Compare(ir::Compare::Lt, today, number(1.0)),
            Type::Bool,
            Span::default(),
            FileId(0),
        );
        assert!(matches!(kept.kind, NodeKind::Compare(..)));
        let by_zero = fold(
            NodeKind::Arith(ir::Arith::Div, number(1.0), number(0.0)),
            Type::Number,
            Span::default(),
            FileId(0),
        );
        assert!(
            matches!(by_zero.kind, NodeKind::Arith(..)),
            "missing has no constant form"
        );
    }
}
