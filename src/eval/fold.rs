//! Constant folding: a node whose operands are all constants is evaluated
//! once, while the playbook is compiled, instead of once per deal.

use crate::date::Date;
use crate::deal::Deal;
use crate::ir::{self, Constant, Node, NodeKind};
use crate::value::Value;

fn constant(node: &Node) -> bool {
    matches!(node.kind, NodeKind::Constant(_))
}

/// Whether every operand of `kind` is a constant, for the kinds whose value
/// depends on nothing else (not `today`, the deal, an item or a define).
fn foldable(kind: &NodeKind) -> bool {
    match kind {
        NodeKind::Not(a)
        | NodeKind::Negate(a)
        | NodeKind::IsMissing(a, _)
        | NodeKind::OneOf(a, _) => constant(a),
        NodeKind::Matches(a, _) => constant(a),
        NodeKind::And(a, b)
        | NodeKind::Or(a, b)
        | NodeKind::Arith(_, a, b)
        | NodeKind::Compare(_, a, b) => constant(a) && constant(b),
        NodeKind::Contains(a, b) => constant(a) && constant(b),
        _ => false,
    }
}

/// `kind` as a node, evaluated now when its operands are constants.
pub fn fold(kind: NodeKind, span: crate::span::Span, file: crate::span::FileId) -> Node {
    let node = Node::new(kind, span, file);
    if !foldable(&node.kind) {
        return node;
    }
    let deal = Deal::default();
    let playbook = ir::Playbook::EMPTY;
    let mut context = super::Context::new(&playbook, &deal, Date::EPOCH);
    let folded = match context.eval(&node) {
        Value::Number(n) => Constant::Number(n),
        Value::Text(t) => Constant::Text(t.to_string()),
        Value::Bool(b) => Constant::Bool(b),
        Value::Date(d) => Constant::Date(d),
        Value::Duration(d) => Constant::Duration(d),
        Value::Stage(s) => Constant::Stage(s),
        // Missing has no constant form: keep the node (it is just as cheap).
        Value::Missing | Value::Record(_) | Value::List(_) => return node,
    };
    Node::new(NodeKind::Constant(folded), span, file)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::span::{FileId, Span};

    fn number(n: f64) -> Box<Node> {
        Box::new(Node::new(
            NodeKind::Constant(Constant::Number(n)),
            Span::default(),
            FileId(0),
        ))
    }

    #[test]
    fn constant_operands_fold_others_do_not() {
        let sum = fold(
            NodeKind::Arith(ir::Arith::Add, number(2.0), number(3.0)),
            Span::default(),
            FileId(0),
        );
        assert!(matches!(sum.kind, NodeKind::Constant(Constant::Number(n)) if n == 5.0));
        let today = Box::new(Node::new(NodeKind::Today, Span::default(), FileId(0)));
        let kept = fold(
            NodeKind::Compare(ir::Compare::Lt, today, number(1.0)),
            Span::default(),
            FileId(0),
        );
        assert!(matches!(kept.kind, NodeKind::Compare(..)));
        let by_zero = fold(
            NodeKind::Arith(ir::Arith::Div, number(1.0), number(0.0)),
            Span::default(),
            FileId(0),
        );
        assert!(
            matches!(by_zero.kind, NodeKind::Arith(..)),
            "missing has no constant form"
        );
    }
}
