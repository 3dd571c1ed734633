//! Comparing syntax trees by what they say, not where they stand.
//!
//! [`Span`] equality is real: two spans are equal when their offsets are.
//! A few places must compare trees whose layout differs: `fmt` checks that
//! its output reads back as the same declarations, the idempotence tests,
//! W008 (two rules with the same condition). They ask for it by name, with
//! [`EqIgnoringSpans`] or the [`IgnoringSpans`] wrapper, so `==` never
//! silently ignores where a node is.

use std::fmt;

use super::*;
use crate::span::Span;

/// Equality of everything but spans.
///
/// ```
/// use playbook::ast::{EqIgnoringSpans, Ident};
/// use playbook::Span;
///
/// let here = Ident { name: "stage".to_string(), span: Span::new(0, 5) };
/// let there = Ident { name: "stage".to_string(), span: Span::new(9, 14) };
/// assert!(here.eq_ignoring_spans(&there));
/// assert_ne!(here.span, there.span);
/// ```
pub trait EqIgnoringSpans {
    /// Whether `self` and `other` are the same but for their spans.
    fn eq_ignoring_spans(&self, other: &Self) -> bool;
}

/// A reference whose `==` is [`EqIgnoringSpans`], for `assert_eq!` (which
/// then still prints both sides when they differ).
///
/// ```
/// use playbook::ast::IgnoringSpans;
/// use playbook::FileId;
///
/// let (tight, _) = playbook::parse("playbook \"P\"\nstages a\n", FileId(0));
/// let (loose, _) = playbook::parse("playbook   \"P\"\n\nstages   a\n", FileId(0));
/// assert_eq!(IgnoringSpans(&tight.declarations), IgnoringSpans(&loose.declarations));
/// ```
pub struct IgnoringSpans<'a, T: ?Sized>(pub &'a T);

impl<T: EqIgnoringSpans + ?Sized> PartialEq for IgnoringSpans<'_, T> {
    fn eq(&self, other: &Self) -> bool {
        self.0.eq_ignoring_spans(other.0)
    }
}

impl<T: fmt::Debug + ?Sized> fmt::Debug for IgnoringSpans<'_, T> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        self.0.fmt(f)
    }
}

/// The one place spans are set aside.
impl EqIgnoringSpans for Span {
    fn eq_ignoring_spans(&self, _: &Span) -> bool {
        true
    }
}

impl<T: EqIgnoringSpans> EqIgnoringSpans for Option<T> {
    fn eq_ignoring_spans(&self, other: &Self) -> bool {
        match (self, other) {
            (Some(a), Some(b)) => a.eq_ignoring_spans(b),
            (None, None) => true,
            _ => false,
        }
    }
}

impl<T: EqIgnoringSpans> EqIgnoringSpans for [T] {
    fn eq_ignoring_spans(&self, other: &Self) -> bool {
        self.len() == other.len() && self.iter().zip(other).all(|(a, b)| a.eq_ignoring_spans(b))
    }
}

impl<T: EqIgnoringSpans> EqIgnoringSpans for Vec<T> {
    fn eq_ignoring_spans(&self, other: &Self) -> bool {
        self.as_slice().eq_ignoring_spans(other.as_slice())
    }
}

impl<T: EqIgnoringSpans + ?Sized> EqIgnoringSpans for Box<T> {
    fn eq_ignoring_spans(&self, other: &Self) -> bool {
        (**self).eq_ignoring_spans(&**other)
    }
}

impl<A: EqIgnoringSpans, B: EqIgnoringSpans> EqIgnoringSpans for (A, B) {
    fn eq_ignoring_spans(&self, other: &Self) -> bool {
        self.0.eq_ignoring_spans(&other.0) && self.1.eq_ignoring_spans(&other.1)
    }
}

/// Types with no span inside: their own equality.
macro_rules! by_eq {
    ($($ty:ty),* $(,)?) => {$(
        impl EqIgnoringSpans for $ty {
            fn eq_ignoring_spans(&self, other: &Self) -> bool {
                self == other
            }
        }
    )*};
}

by_eq!(
    String, bool, Literal, Priority, FieldType, ArithOp, Compare, StageOrder, Aggregate, Broken,
);

/// Structs, field by field. The pattern names every field, so a field
/// added to the tree does not compile until it is listed here.
macro_rules! by_fields {
    ($($ty:ident { $($field:ident),* $(,)? })*) => {$(
        impl EqIgnoringSpans for $ty {
            fn eq_ignoring_spans(&self, other: &Self) -> bool {
                let $ty { $($field),* } = self;
                true $(&& $field.eq_ignoring_spans(&other.$field))*
            }
        }
    )*};
}

by_fields! {
    Ident { name, span }
    Text { value, span }
    Comment { text, span }
    File { declarations, comments, broken }
    StageDecl { name, label }
    FieldDecl { path, ty, ty_span }
    Define { name, value, span }
    ForEach { item, collection }
    Rule { id, title, for_each, when, recommend, priority, because, tags, span }
    Message { parts, span }
    Expr { kind, span }
}

// Enums match on `self` without a catch-all, so a new variant does not
// compile until it is compared here.

impl EqIgnoringSpans for Declaration {
    fn eq_ignoring_spans(&self, other: &Self) -> bool {
        use Declaration as D;
        match self {
            D::Playbook(a) => matches!(other, D::Playbook(b) if a.eq_ignoring_spans(b)),
            D::Version(a) => matches!(other, D::Version(b) if a.eq_ignoring_spans(b)),
            D::Description(a) => matches!(other, D::Description(b) if a.eq_ignoring_spans(b)),
            D::Stages(a, _) => matches!(other, D::Stages(b, _) if a.eq_ignoring_spans(b)),
            D::Fields(a, _) => matches!(other, D::Fields(b, _) if a.eq_ignoring_spans(b)),
            D::Define(a) => matches!(other, D::Define(b) if a.eq_ignoring_spans(b)),
            D::Import(a) => matches!(other, D::Import(b) if a.eq_ignoring_spans(b)),
            D::Rule(a) => matches!(other, D::Rule(b) if a.eq_ignoring_spans(b)),
        }
    }
}

impl EqIgnoringSpans for MessagePart {
    fn eq_ignoring_spans(&self, other: &Self) -> bool {
        match self {
            MessagePart::Text(a) => matches!(other, MessagePart::Text(b) if a == b),
            MessagePart::Expr(a) => matches!(other, MessagePart::Expr(b) if a.eq_ignoring_spans(b)),
        }
    }
}

impl EqIgnoringSpans for IsTest {
    fn eq_ignoring_spans(&self, other: &Self) -> bool {
        use IsTest as T;
        match self {
            T::Value(a) => matches!(other, T::Value(b) if a.eq_ignoring_spans(b)),
            T::OneOf(a) => matches!(other, T::OneOf(b) if a.eq_ignoring_spans(b)),
            T::Missing => matches!(other, T::Missing),
            T::Present => matches!(other, T::Present),
            T::Empty => matches!(other, T::Empty),
            T::Stage(order, a) => {
                matches!(other, T::Stage(o, b) if order == o && a.eq_ignoring_spans(b))
            }
        }
    }
}

impl EqIgnoringSpans for ExprKind {
    fn eq_ignoring_spans(&self, other: &Self) -> bool {
        use ExprKind as E;
        let same = |a: &Expr, b: &Expr| a.eq_ignoring_spans(b);
        match self {
            E::Literal(a) => matches!(other, E::Literal(b) if a == b),
            E::List(a) => matches!(other, E::List(b) if a.eq_ignoring_spans(b)),
            E::Path(a) => matches!(other, E::Path(b) if a.eq_ignoring_spans(b)),
            E::Group(a) => matches!(other, E::Group(b) if same(a, b)),
            E::Project(a, f) => {
                matches!(other, E::Project(b, g) if same(a, b) && f.eq_ignoring_spans(g))
            }
            E::Not(a) => matches!(other, E::Not(b) if same(a, b)),
            E::And(a, c) => matches!(other, E::And(b, d) if same(a, b) && same(c, d)),
            E::Or(a, c) => matches!(other, E::Or(b, d) if same(a, b) && same(c, d)),
            E::Negate(a) => matches!(other, E::Negate(b) if same(a, b)),
            E::Arith(op, a, c) => {
                matches!(other, E::Arith(o, b, d) if op == o && same(a, b) && same(c, d))
            }
            E::Compare(op, a, c) => {
                matches!(other, E::Compare(o, b, d) if op == o && same(a, b) && same(c, d))
            }
            E::Is {
                subject,
                negated,
                test,
            } => matches!(
                other,
                E::Is { subject: s, negated: n, test: t }
                    if same(subject, s) && negated == n && test.eq_ignoring_spans(t)
            ),
            E::Contains(a, c) => matches!(other, E::Contains(b, d) if same(a, b) && same(c, d)),
            E::Matches(a, r) => {
                matches!(other, E::Matches(b, s) if same(a, b) && r.eq_ignoring_spans(s))
            }
            E::Days { until, date } => matches!(
                other,
                E::Days { until: u, date: d } if until == u && same(date, d)
            ),
            E::Aggregate(op, a) => matches!(other, E::Aggregate(o, b) if op == o && same(a, b)),
            E::Where(a, c) => matches!(other, E::Where(b, d) if same(a, b) && same(c, d)),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::span::FileId;

    fn parse(text: &str) -> File {
        crate::syntax::parse(text, FileId(0)).0
    }

    const PLAYBOOK: &str = "playbook \"P\"\nstages a b\nrule r\n  when stage is a and amount > 3\n  recommend \"x {account.name}\"\n";

    #[test]
    fn the_same_text_moved_is_equal_ignoring_spans_but_not_equal() {
        let tight = parse(PLAYBOOK);
        let moved = parse(&format!("\n\n{PLAYBOOK}"));
        assert!(tight.eq_ignoring_spans(&moved));
        let (Some(Declaration::Rule(a)), Some(Declaration::Rule(b))) =
            (tight.declarations.last(), moved.declarations.last())
        else {
            panic!("the last declaration is the rule");
        };
        assert_ne!(a.when.span, b.when.span, "spans compare by their offsets");
    }

    #[test]
    fn a_different_operator_or_name_is_not_equal() {
        let base = parse(PLAYBOOK);
        for changed in [
            PLAYBOOK.replace("> 3", ">= 3"),
            PLAYBOOK.replace("> 3", "> 4"),
            PLAYBOOK.replace("rule r", "rule s"),
            PLAYBOOK.replace("account.name", "account.id"),
            PLAYBOOK.replace(" and ", " or "),
        ] {
            assert!(!base.eq_ignoring_spans(&parse(&changed)), "{changed}");
        }
    }

    #[test]
    fn the_wrapper_compares_ignoring_spans() {
        let a = Ident {
            name: "x".to_string(),
            span: Span::new(0, 1),
        };
        let b = Ident {
            name: "x".to_string(),
            span: Span::new(5, 6),
        };
        assert_eq!(IgnoringSpans(&a), IgnoringSpans(&b));
        assert_ne!(a.span, b.span);
        assert_eq!(format!("{:?}", IgnoringSpans(&a)), format!("{a:?}"));
    }
}
