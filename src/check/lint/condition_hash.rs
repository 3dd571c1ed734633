//! A hash of a rule's condition that, like the AST's `==`, ignores spans:
//! rules are bucketed by it, so finding identical conditions among many
//! rules does not compare every pair.

use std::collections::hash_map::DefaultHasher;
use std::hash::{Hash, Hasher};
use std::mem::discriminant;

use crate::ast::{Expr, ExprKind, IsTest, Literal, Rule};

/// Equal for rules whose `for each` and `when` are equal.
pub(super) fn fingerprint(rule: &Rule) -> u64 {
    let mut hasher = DefaultHasher::new();
    if let Some(each) = &rule.for_each {
        each.item.name.hash(&mut hasher);
        expr(&each.collection, &mut hasher);
    }
    expr(&rule.when, &mut hasher);
    hasher.finish()
}

fn expr(e: &Expr, h: &mut DefaultHasher) {
    discriminant(&e.kind).hash(h);
    match &e.kind {
        ExprKind::Literal(l) => literal(l, h),
        ExprKind::List(items) => items.iter().for_each(|i| expr(i, h)),
        ExprKind::Path(segments) => segments.iter().for_each(|s| s.name.hash(h)),
        ExprKind::Project(inner, field) => {
            expr(inner, h);
            field.name.hash(h);
        }
        ExprKind::Group(inner) | ExprKind::Not(inner) | ExprKind::Negate(inner) => expr(inner, h),
        ExprKind::And(a, b)
        | ExprKind::Or(a, b)
        | ExprKind::Contains(a, b)
        | ExprKind::Where(a, b) => {
            expr(a, h);
            expr(b, h);
        }
        ExprKind::Arith(op, a, b) => {
            discriminant(op).hash(h);
            expr(a, h);
            expr(b, h);
        }
        ExprKind::Compare(op, a, b) => {
            discriminant(op).hash(h);
            expr(a, h);
            expr(b, h);
        }
        ExprKind::Is {
            subject,
            negated,
            test,
        } => {
            expr(subject, h);
            negated.hash(h);
            discriminant(test).hash(h);
            match test {
                IsTest::Value(value) => expr(value, h),
                IsTest::OneOf(items) => items.iter().for_each(|i| expr(i, h)),
                IsTest::Stage(order, stage) => {
                    discriminant(order).hash(h);
                    stage.name.hash(h);
                }
                IsTest::Missing | IsTest::Present | IsTest::Empty => {}
            }
        }
        ExprKind::Matches(inner, pattern) => {
            expr(inner, h);
            pattern.value.hash(h);
        }
        ExprKind::Days { until, date } => {
            until.hash(h);
            expr(date, h);
        }
        ExprKind::Aggregate(op, inner) => {
            discriminant(op).hash(h);
            expr(inner, h);
        }
    }
}

fn literal(l: &Literal, h: &mut DefaultHasher) {
    discriminant(l).hash(h);
    match l {
        // Equal numbers may differ in bits only as 0 and -0: both hash as 0.
        Literal::Number(n) => (if *n == 0.0 { 0.0f64 } else { *n }).to_bits().hash(h),
        Literal::Text(t) | Literal::Symbol(t) => t.hash(h),
        Literal::Bool(b) => b.hash(h),
        Literal::Date(d) => d.hash(h),
        Literal::Today => {}
        Literal::Duration(days, unit) => {
            days.hash(h);
            discriminant(unit).hash(h);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::fingerprint;
    use crate::ast::Declaration;
    use crate::span::FileId;

    fn rules(text: &str) -> Vec<u64> {
        let (file, _) = crate::syntax::parse(text, FileId(0));
        file.declarations
            .iter()
            .filter_map(|d| match d {
                Declaration::Rule(rule) => Some(fingerprint(rule)),
                _ => None,
            })
            .collect()
    }

    #[test]
    fn layout_does_not_change_the_fingerprint() {
        let found = rules(
            "playbook \"p\"\nrule a\n  when amount > 0 and stage is contact\n  recommend \"a\"\n\
             rule b\n  when   amount >  0\n    and stage is contact # same\n  recommend \"b\"\n\
             rule c\n  when amount > 1 and stage is contact\n  recommend \"c\"\n",
        );
        assert_eq!(found.len(), 3);
        assert_eq!(found.first(), found.get(1));
        assert_ne!(found.first(), found.get(2));
    }
}
