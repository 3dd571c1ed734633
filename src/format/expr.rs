//! Expressions, messages and string literals in canonical form: one space
//! around every operator and keyword, none inside brackets, parentheses only
//! where the trainer wrote them (they are [`ExprKind::Group`] nodes, so the
//! tree needs no others), strings re-escaped.

use crate::ast::{
    ArithOp, DurationUnit, Expr, ExprKind, IsTest, Literal, Message, MessagePart, StageOrder,
};

/// An expression as canonical text.
pub(crate) fn expr(e: &Expr) -> String {
    let mut out = String::new();
    write_expr(&mut out, e);
    out
}

/// A string literal, quotes included: `\` and `"` escaped.
pub(crate) fn quoted(value: &str) -> String {
    let mut out = String::with_capacity(value.len() + 2);
    out.push('"');
    escape_into(&mut out, value, false);
    out.push('"');
    out
}

/// A `recommend` or `because` message, quotes included: literal text
/// escaped (braces too, so they are not read as interpolations), each
/// interpolation as `{EXPR}`.
pub(crate) fn message(message: &Message) -> String {
    let mut out = String::from("\"");
    for part in &message.parts {
        match part {
            MessagePart::Text(text) => escape_into(&mut out, text, true),
            MessagePart::Expr(e) => {
                out.push('{');
                write_expr(&mut out, e);
                out.push('}');
            }
        }
    }
    out.push('"');
    out
}

fn escape_into(out: &mut String, value: &str, braces: bool) {
    for c in value.chars() {
        match c {
            '"' | '\\' => out.push('\\'),
            '{' | '}' if braces => out.push('\\'),
            _ => {}
        }
        out.push(c);
    }
}

fn literal(out: &mut String, literal: &Literal) {
    match literal {
        // `Display` for f64 never uses an exponent and gives the shortest
        // text that reads back as the same number.
        Literal::Number(n) => out.push_str(&n.to_string()),
        Literal::Text(text) => out.push_str(&quoted(text)),
        Literal::Symbol(symbol) => out.push_str(symbol),
        Literal::Bool(b) => out.push_str(if *b { "true" } else { "false" }),
        Literal::Date(date) => out.push_str(&date.to_string()),
        Literal::Today => out.push_str("today"),
        Literal::Duration(days, unit) => {
            let (count, word) = match unit {
                DurationUnit::Days => (*days, "day"),
                DurationUnit::Weeks => (days / 7, "week"),
            };
            out.push_str(&crate::words::count_noun(count, word));
        }
    }
}

fn arith(op: ArithOp) -> &'static str {
    match op {
        ArithOp::Add => "+",
        ArithOp::Sub => "-",
        ArithOp::Mul => "*",
        ArithOp::Div => "/",
    }
}

fn list(out: &mut String, items: &[Expr]) {
    out.push('[');
    for (i, item) in items.iter().enumerate() {
        if i > 0 {
            out.push_str(", ");
        }
        write_expr(out, item);
    }
    out.push(']');
}

fn binary(out: &mut String, left: &Expr, op: &str, right: &Expr) {
    write_expr(out, left);
    out.push(' ');
    out.push_str(op);
    out.push(' ');
    write_expr(out, right);
}

fn write_expr(out: &mut String, e: &Expr) {
    match &e.kind {
        ExprKind::Literal(l) => literal(out, l),
        ExprKind::List(items) => list(out, items),
        ExprKind::Path(segments) => {
            for (i, segment) in segments.iter().enumerate() {
                if i > 0 {
                    out.push('.');
                }
                out.push_str(&segment.name);
            }
        }
        ExprKind::Group(inner) => {
            out.push('(');
            write_expr(out, inner);
            out.push(')');
        }
        ExprKind::Project(inner, field) => {
            write_expr(out, inner);
            out.push('.');
            out.push_str(&field.name);
        }
        ExprKind::Not(inner) => {
            out.push_str("not ");
            write_expr(out, inner);
        }
        ExprKind::And(a, b) => binary(out, a, "and", b),
        ExprKind::Or(a, b) => binary(out, a, "or", b),
        ExprKind::Negate(inner) => {
            out.push('-');
            write_expr(out, inner);
        }
        ExprKind::Arith(op, a, b) => binary(out, a, arith(*op), b),
        ExprKind::Compare(op, a, b) => binary(out, a, op.symbol(), b),
        ExprKind::Is {
            subject,
            negated,
            test,
        } => {
            write_expr(out, subject);
            out.push_str(if *negated { " is not " } else { " is " });
            match test {
                IsTest::Value(value) => write_expr(out, value),
                IsTest::OneOf(items) => {
                    out.push_str("one of ");
                    list(out, items);
                }
                IsTest::Missing => out.push_str("missing"),
                IsTest::Present => out.push_str("present"),
                IsTest::Empty => out.push_str("empty"),
                IsTest::Stage(order, stage) => {
                    out.push_str(match order {
                        StageOrder::Before => "before ",
                        StageOrder::After => "after ",
                        StageOrder::AtLeast => "at least ",
                        StageOrder::AtMost => "at most ",
                    });
                    out.push_str(&stage.name);
                }
            }
        }
        ExprKind::Contains(a, b) => binary(out, a, "contains", b),
        ExprKind::Matches(a, pattern) => {
            write_expr(out, a);
            out.push_str(" matches ");
            out.push_str(&quoted(&pattern.value));
        }
        ExprKind::Days { until, date } => {
            out.push_str(if *until { "days until " } else { "days since " });
            write_expr(out, date);
        }
        ExprKind::Aggregate(op, inner) => {
            out.push_str(op.name());
            out.push(' ');
            write_expr(out, inner);
        }
        ExprKind::Where(collection, condition) => binary(out, collection, "where", condition),
    }
}
