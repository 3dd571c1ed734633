//! Expressions: name resolution, types, and compilation to [`ir::Node`].

use regex::RegexBuilder;

use super::problem::{CheckProblem, Mismatch, NameHint, RegexProblem};
use super::{Checker, Ty, MAX_NESTING};
use crate::ast::{self, Aggregate, ArithOp, ExprKind, IsTest, Literal, StageOrder};
use crate::deal::schema::RecordSchema;
use crate::deal::DEAL;
use crate::diagnostic::suggest;
use crate::ir::{Arith, Compare, Constant, Fold, Node, NodeKind};
use crate::span::Span;

/// The largest compiled regular expression accepted, in bytes.
pub(crate) const MAX_REGEX_BYTES: usize = 1 << 20;

/// An item in scope: a `for each` item (named) or a `where` item (unnamed,
/// its fields are names).
pub(crate) struct Scope {
    name: Option<String>,
    ty: Ty,
}

impl Scope {
    pub(crate) fn named(name: &str, ty: Ty) -> Scope {
        Scope {
            name: Some(name.to_string()),
            ty,
        }
    }
}

type Compiled = Option<(Node, Ty)>;

fn boxed(node: Node) -> Box<Node> {
    Box::new(node)
}

impl Checker<'_, '_> {
    /// A compiled node of type `ty`; constant operands are folded now,
    /// not per deal.
    fn node(&self, kind: NodeKind, ty: &Ty, span: Span) -> Node {
        super::fold::fold(kind, ty.into(), span, self.file)
    }

    /// A compiled node of type `ty`, with its type.
    fn typed(&self, kind: NodeKind, ty: Ty, span: Span) -> Compiled {
        Some((self.node(kind, &ty, span), ty))
    }

    /// Reports a value of the wrong type at `span`.
    fn mismatch(&mut self, span: Span, mismatch: Mismatch) {
        let at = (self.file, span);
        self.problem(CheckProblem::Mismatch { mismatch, at });
    }

    /// Compiles an expression that must be a condition, for the clause
    /// or operator `clause` (`when`, `and`).
    pub(crate) fn condition(
        &mut self,
        expr: &ast::Expr,
        scopes: &mut Vec<Scope>,
        clause: &'static str,
    ) -> Option<Node> {
        let (node, ty) = self.expr(expr, scopes)?;
        if ty == Ty::Bool {
            return Some(node);
        }
        self.mismatch(expr.span, Mismatch::NotACondition { clause, found: ty });
        None
    }

    /// Compiles an expression. Defines are compiled where they are first
    /// used, so nesting adds up through chains of defines: past
    /// [`MAX_NESTING`] levels the expression is refused (E109) before the
    /// checker, or later the evaluator, could run out of stack.
    pub(crate) fn expr(&mut self, expr: &ast::Expr, scopes: &mut Vec<Scope>) -> Compiled {
        if self.depth >= MAX_NESTING {
            self.too_deep(expr.span);
            return None;
        }
        self.depth += 1;
        self.peak = self.peak.max(self.depth - self.base);
        let compiled = crate::stack::grow(|| self.expr_kind(expr, scopes));
        self.depth -= 1;
        compiled
    }

    /// Reports nesting past [`MAX_NESTING`], once per declaration.
    pub(crate) fn too_deep(&mut self, span: Span) {
        if std::mem::replace(&mut self.reported_depth, true) {
            return;
        }
        self.problem(CheckProblem::TooDeep {
            at: (self.file, span),
        });
    }

    fn expr_kind(&mut self, expr: &ast::Expr, scopes: &mut Vec<Scope>) -> Compiled {
        let span = expr.span;
        match &expr.kind {
            ExprKind::Literal(literal) => self.literal(literal, span),
            ExprKind::List(items) => {
                let constants = self.constants(items)?;
                let ty = constants.first().map_or(Ty::Text, |(_, ty)| ty.clone());
                if let Some((position, (_, other))) =
                    constants.iter().enumerate().find(|(_, (_, t))| *t != ty)
                {
                    let span = items.get(position).map_or(span, |item| item.span);
                    let mismatch = Mismatch::ListMixes {
                        first: ty,
                        other: other.clone(),
                    };
                    self.mismatch(span, mismatch);
                    return None;
                }
                let values = constants.into_iter().map(|(c, _)| c).collect();
                self.typed(NodeKind::List(values), Ty::List(Box::new(ty)), span)
            }
            ExprKind::Path(segments) => self.path(segments, scopes),
            ExprKind::Group(inner) => self.expr(inner, scopes),
            ExprKind::Project(base, field) => {
                let (node, ty) = self.expr(base, scopes)?;
                self.access(node, ty, field)
            }
            ExprKind::Not(inner) => {
                let node = self.condition(inner, scopes, "not")?;
                self.typed(NodeKind::Not(boxed(node)), Ty::Bool, span)
            }
            ExprKind::And(a, b) | ExprKind::Or(a, b) => {
                let word = if matches!(expr.kind, ExprKind::And(..)) {
                    "and"
                } else {
                    "or"
                };
                let left = self.condition(a, scopes, word);
                let right = self.condition(b, scopes, word);
                let (left, right) = (boxed(left?), boxed(right?));
                let kind = if matches!(expr.kind, ExprKind::And(..)) {
                    NodeKind::And(left, right)
                } else {
                    NodeKind::Or(left, right)
                };
                self.typed(kind, Ty::Bool, span)
            }
            ExprKind::Negate(inner) => {
                let (node, ty) = self.expr(inner, scopes)?;
                if !matches!(ty, Ty::Number | Ty::Duration) {
                    self.mismatch(span, Mismatch::CannotNegate { found: ty });
                    return None;
                }
                self.typed(NodeKind::Negate(boxed(node)), ty, span)
            }
            ExprKind::Arith(op, a, b) => self.arith(*op, a, b, span, scopes),
            ExprKind::Compare(op, a, b) => self.compare(*op, a, b, span, scopes),
            ExprKind::Is {
                subject,
                negated,
                test,
            } => self.is(subject, *negated, test, span, scopes),
            ExprKind::Contains(a, b) => {
                let left = self.expr(a, scopes);
                let right = self.expr(b, scopes);
                let ((left, left_ty), (right, right_ty)) = (left?, right?);
                let fits = match &left_ty {
                    Ty::Text | Ty::Symbol(_) => right_ty.is_text(),
                    Ty::List(item) => **item == right_ty,
                    _ => false,
                };
                if let Ty::List(item) = &left_ty {
                    self.check_vocabulary(item, &right);
                }
                if !fits {
                    let mismatch = Mismatch::CannotContain {
                        left: left_ty,
                        right: right_ty,
                    };
                    self.mismatch(span, mismatch);
                    return None;
                }
                self.typed(
                    NodeKind::Contains(boxed(left), boxed(right)),
                    Ty::Bool,
                    span,
                )
            }
            ExprKind::Matches(a, pattern) => {
                let (node, ty) = self.expr(a, scopes)?;
                if ty != Ty::Text {
                    self.mismatch(a.span, Mismatch::MatchesNeedsText { found: ty });
                    return None;
                }
                let regex = RegexBuilder::new(&pattern.value)
                    .size_limit(MAX_REGEX_BYTES)
                    .dfa_size_limit(MAX_REGEX_BYTES)
                    .build();
                match regex {
                    Ok(regex) => self.typed(
                        NodeKind::Matches(boxed(node), Box::new(regex)),
                        Ty::Bool,
                        span,
                    ),
                    Err(error) => {
                        let problem = match error {
                            regex::Error::CompiledTooBig(_) => RegexProblem::TooBig,
                            other => RegexProblem::Invalid(
                                other
                                    .to_string()
                                    .lines()
                                    .last()
                                    .unwrap_or("invalid pattern")
                                    .trim()
                                    .trim_start_matches("error: ")
                                    .to_string(),
                            ),
                        };
                        self.problem(CheckProblem::BadRegex {
                            problem,
                            at: (self.file, pattern.span),
                        });
                        None
                    }
                }
            }
            ExprKind::Days { until, date } => {
                let (node, ty) = self.expr(date, scopes)?;
                if ty != Ty::Date {
                    let mismatch = Mismatch::DaysNeedsDate {
                        until: *until,
                        found: ty,
                    };
                    self.mismatch(date.span, mismatch);
                    return None;
                }
                self.typed(NodeKind::Days(boxed(node), *until), Ty::Number, span)
            }
            ExprKind::Aggregate(op, operand) => self.aggregate(*op, operand, span, scopes),
            ExprKind::Where(collection, condition) => {
                let (list, ty) = self.list(collection, scopes, "where")?;
                scopes.push(Scope {
                    name: None,
                    ty: ty.clone(),
                });
                let condition = self.condition(condition, scopes, "where");
                scopes.pop();
                let kind = NodeKind::Where(boxed(list), boxed(condition?));
                self.typed(kind, Ty::List(Box::new(ty)), span)
            }
        }
    }

    /// Compiles an expression that must be a list; returns it and its item type.
    fn list(
        &mut self,
        expr: &ast::Expr,
        scopes: &mut Vec<Scope>,
        keyword: &'static str,
    ) -> Option<(Node, Ty)> {
        let (node, ty) = self.expr(expr, scopes)?;
        match ty {
            Ty::List(item) => Some((node, *item)),
            other => {
                let mismatch = Mismatch::NotAList {
                    keyword,
                    found: other,
                };
                self.mismatch(expr.span, mismatch);
                None
            }
        }
    }

    fn aggregate(
        &mut self,
        op: Aggregate,
        operand: &ast::Expr,
        span: Span,
        scopes: &mut Vec<Scope>,
    ) -> Compiled {
        let keyword = op.name();
        if op == Aggregate::All {
            let ExprKind::Where(collection, condition) = &operand.kind else {
                self.mismatch(operand.span, Mismatch::AllNeedsCondition);
                return None;
            };
            let (list, item) = self.list(collection, scopes, keyword)?;
            scopes.push(Scope {
                name: None,
                ty: item,
            });
            let condition = self.condition(condition, scopes, "where");
            scopes.pop();
            return self.typed(
                NodeKind::All(boxed(list), boxed(condition?)),
                Ty::Bool,
                span,
            );
        }
        let (list, item) = self.list(operand, scopes, keyword)?;
        let list = boxed(list);
        let (kind, ty) = match op {
            Aggregate::Count => (NodeKind::Count(list), Ty::Number),
            Aggregate::Any => (NodeKind::Any(list), Ty::Bool),
            Aggregate::No => (NodeKind::No(list), Ty::Bool),
            Aggregate::Sum | Aggregate::Min | Aggregate::Max => {
                let fold = match op {
                    Aggregate::Sum => Fold::Sum,
                    Aggregate::Min => Fold::Min,
                    _ => Fold::Max,
                };
                let ok = item == Ty::Number
                    || (fold != Fold::Sum && matches!(item, Ty::Date | Ty::Duration));
                if !ok {
                    self.mismatch(operand.span, Mismatch::NotNumbers { keyword, item });
                    return None;
                }
                (NodeKind::Fold(fold, list), item)
            }
            _ => {
                if item != Ty::Date {
                    self.mismatch(operand.span, Mismatch::NotDates { keyword, item });
                    return None;
                }
                let fold = if op == Aggregate::Latest {
                    Fold::Max
                } else {
                    Fold::Min
                };
                (NodeKind::Fold(fold, list), Ty::Date)
            }
        };
        self.typed(kind, ty, span)
    }

    fn arith(
        &mut self,
        op: ArithOp,
        a: &ast::Expr,
        b: &ast::Expr,
        span: Span,
        scopes: &mut Vec<Scope>,
    ) -> Compiled {
        let left = self.expr(a, scopes);
        let right = self.expr(b, scopes);
        let ((left, lt), (right, rt)) = (left?, right?);
        let resolved = match (op, &lt, &rt) {
            (ArithOp::Add, Ty::Number, Ty::Number) => Some((Arith::Add, Ty::Number)),
            (ArithOp::Sub, Ty::Number, Ty::Number) => Some((Arith::Sub, Ty::Number)),
            (ArithOp::Mul, Ty::Number, Ty::Number) => Some((Arith::Mul, Ty::Number)),
            (ArithOp::Div, Ty::Number, Ty::Number) => Some((Arith::Div, Ty::Number)),
            (ArithOp::Add, Ty::Date, Ty::Duration) => Some((Arith::DatePlus, Ty::Date)),
            (ArithOp::Sub, Ty::Date, Ty::Duration) => Some((Arith::DateMinus, Ty::Date)),
            (ArithOp::Sub, Ty::Date, Ty::Date) => Some((Arith::DateDiff, Ty::Duration)),
            (ArithOp::Add, Ty::Duration, Ty::Duration) => Some((Arith::DurationPlus, Ty::Duration)),
            (ArithOp::Sub, Ty::Duration, Ty::Duration) => {
                Some((Arith::DurationMinus, Ty::Duration))
            }
            _ => None,
        };
        if let (ArithOp::Add, Ty::Duration, Ty::Date) = (op, &lt, &rt) {
            let kind = NodeKind::Arith(Arith::DatePlus, boxed(right), boxed(left));
            return self.typed(kind, Ty::Date, span);
        }
        let Some((arith, ty)) = resolved else {
            let mismatch = Mismatch::CannotArith {
                op,
                left: lt,
                right: rt,
            };
            self.mismatch(span, mismatch);
            return None;
        };
        self.typed(NodeKind::Arith(arith, boxed(left), boxed(right)), ty, span)
    }

    fn compare(
        &mut self,
        op: Compare,
        a: &ast::Expr,
        b: &ast::Expr,
        span: Span,
        scopes: &mut Vec<Scope>,
    ) -> Compiled {
        let left = self.expr(a, scopes);
        let right = self.expr(b, scopes);
        let ((left, lt), (right, rt)) = (left?, right?);
        let ordering = op.is_ordering();
        let comparable = lt == rt
            && match lt {
                Ty::Number | Ty::Text | Ty::Symbol(_) | Ty::Date | Ty::Duration | Ty::Stage => true,
                Ty::Bool => !ordering,
                _ => false,
            };
        if !comparable {
            let mismatch = Mismatch::CannotCompare {
                left: lt,
                right: rt,
            };
            self.mismatch(span, mismatch);
            return None;
        }
        if !ordering {
            self.check_vocabulary(&lt, &right);
            self.check_vocabulary(&rt, &left);
        }
        self.typed(
            NodeKind::Compare(op, boxed(left), boxed(right)),
            Ty::Bool,
            span,
        )
    }

    fn is(
        &mut self,
        subject: &ast::Expr,
        negated: bool,
        test: &IsTest,
        span: Span,
        scopes: &mut Vec<Scope>,
    ) -> Compiled {
        let (node, ty) = self.expr(subject, scopes)?;
        let kind = match test {
            IsTest::Missing | IsTest::Present => {
                let missing = matches!(test, IsTest::Missing) != negated;
                NodeKind::IsMissing(boxed(node), missing)
            }
            IsTest::Empty => {
                if !matches!(ty, Ty::List(_)) && !ty.is_text() {
                    self.mismatch(span, Mismatch::NotEmptiable { found: ty });
                    return None;
                }
                let empty = NodeKind::IsEmpty(boxed(node));
                if negated {
                    // A missing list counts as empty, so `is not empty` is false for it.
                    NodeKind::Not(boxed(self.node(empty, &Ty::Bool, span)))
                } else {
                    empty
                }
            }
            IsTest::Stage(order, stage) => {
                if ty != Ty::Stage {
                    self.mismatch(span, Mismatch::NotAStage { found: ty });
                    return None;
                }
                let rank = self.stage(&stage.name, stage.span)?;
                let op = match order {
                    StageOrder::Before => Compare::Lt,
                    StageOrder::After => Compare::Gt,
                    StageOrder::AtLeast => Compare::Ge,
                    StageOrder::AtMost => Compare::Le,
                };
                let constant = self.node(
                    NodeKind::Constant(Constant::Stage(rank)),
                    &Ty::Stage,
                    stage.span,
                );
                NodeKind::Compare(op, boxed(node), boxed(constant))
            }
            IsTest::Value(value) => {
                let constant = self.value_for(&ty, value)?;
                self.check_vocabulary(&ty, &constant);
                let op = if negated { Compare::Ne } else { Compare::Eq };
                NodeKind::Compare(op, boxed(node), boxed(constant))
            }
            IsTest::OneOf(items) => {
                let mut constants = Vec::new();
                let mut ok = true;
                for item in items {
                    let value = self.value_for(&ty, item);
                    if let Some(value) = &value {
                        self.check_vocabulary(&ty, value);
                    }
                    match value {
                        Some(Node {
                            kind: NodeKind::Constant(c),
                            ..
                        }) => constants.push(c),
                        Some(_) => {
                            self.mismatch(item.span, Mismatch::TodayInList);
                            ok = false;
                        }
                        None => ok = false,
                    }
                }
                if !ok {
                    return None;
                }
                let one_of = NodeKind::OneOf(boxed(node), constants);
                if negated {
                    // `is not one of` is false for a missing value: not-in AND present.
                    let inner = self.node(one_of, &Ty::Bool, span);
                    let subject = match &inner.kind {
                        NodeKind::OneOf(subject, _) => subject.clone(),
                        _ => return None,
                    };
                    let present = self.node(NodeKind::IsMissing(subject, false), &Ty::Bool, span);
                    let not_in = self.node(NodeKind::Not(boxed(inner)), &Ty::Bool, span);
                    NodeKind::And(boxed(present), boxed(not_in))
                } else {
                    one_of
                }
            }
        };
        self.typed(kind, Ty::Bool, span)
    }

    /// Compiles a literal written after `is` against the subject's type.
    fn value_for(&mut self, subject: &Ty, value: &ast::Expr) -> Option<Node> {
        let ExprKind::Literal(literal) = &value.kind else {
            let (node, ty) = self.expr(value, &mut Vec::new())?;
            if &ty != subject {
                self.is_mismatch(subject, &ty, value.span);
                return None;
            }
            return Some(node);
        };
        if *subject == Ty::Stage {
            let name = match literal {
                Literal::Symbol(s) | Literal::Text(s) => s.as_str(),
                _ => {
                    self.is_mismatch(subject, &literal_ty(literal), value.span);
                    return None;
                }
            };
            let rank = self.stage(name, value.span)?;
            let kind = NodeKind::Constant(Constant::Stage(rank));
            return Some(self.node(kind, &Ty::Stage, value.span));
        }
        let (node, ty) = self.literal(literal, value.span)?;
        if &ty != subject {
            self.is_mismatch(subject, &ty, value.span);
            return None;
        }
        Some(node)
    }

    fn is_mismatch(&mut self, subject: &Ty, value: &Ty, span: Span) {
        let mismatch = Mismatch::IsValue {
            subject: subject.clone(),
            value: value.clone(),
        };
        self.mismatch(span, mismatch);
    }

    fn stage(&mut self, name: &str, span: Span) -> Option<u32> {
        if let Some(rank) = self.stages.iter().position(|s| s.name == name) {
            return u32::try_from(rank).ok();
        }
        let stages: Vec<String> = self.stages.iter().map(|s| s.name.clone()).collect();
        let close = suggest(name, stages.iter().map(String::as_str)).map(str::to_string);
        self.problem(CheckProblem::UnknownStage {
            name: name.to_string(),
            stages,
            close,
            at: (self.file, span),
        });
        None
    }

    fn literal(&mut self, literal: &Literal, span: Span) -> Compiled {
        let (constant, ty) = match literal {
            Literal::Number(n) => (Constant::Number(*n), Ty::Number),
            Literal::Text(t) | Literal::Symbol(t) => (Constant::Text(t.clone()), Ty::Text),
            Literal::Bool(b) => (Constant::Bool(*b), Ty::Bool),
            Literal::Date(d) => (Constant::Date(*d), Ty::Date),
            Literal::Duration(days, _) => (Constant::Duration(*days), Ty::Duration),
            Literal::Today => return self.typed(NodeKind::Today, Ty::Date, span),
        };
        self.typed(NodeKind::Constant(constant), ty, span)
    }

    fn constants(&mut self, items: &[ast::Expr]) -> Option<Vec<(Constant, Ty)>> {
        let mut out = Vec::new();
        for item in items {
            let ExprKind::Literal(literal) = &item.kind else {
                return None;
            };
            match self.literal(literal, item.span)? {
                (
                    Node {
                        kind: NodeKind::Constant(c),
                        ..
                    },
                    ty,
                ) => out.push((c, ty)),
                _ => {
                    self.mismatch(item.span, Mismatch::TodayInList);
                    return None;
                }
            }
        }
        Some(out)
    }

    fn path(&mut self, segments: &[ast::Ident], scopes: &[Scope]) -> Compiled {
        let (head, rest) = segments.split_first()?;
        let name = head.name.as_str();
        let mut found: Option<(Node, Ty)> = None;
        // 1. Fields of the items of enclosing `where`s, innermost first.
        for (depth, scope) in scopes.iter().rev().enumerate() {
            if scope.name.is_some() {
                continue;
            }
            if let Ty::Record(schema) = scope.ty {
                if let Some((index, field)) = schema.field(name) {
                    let item = self.node(NodeKind::Item(depth), &scope.ty, head.span);
                    let kind = NodeKind::Field(boxed(item), index);
                    found = self.typed(kind, Ty::of_def(schema, field), head.span);
                    break;
                }
            }
        }
        // 2. `for each` items.
        if found.is_none() {
            if let Some((depth, scope)) = scopes
                .iter()
                .rev()
                .enumerate()
                .find(|(_, s)| s.name.as_deref() == Some(name))
            {
                found = self.typed(NodeKind::Item(depth), scope.ty.clone(), head.span);
            }
        }
        // 3. Defines.
        if found.is_none() {
            if let Some(&index) = self.define_index.get(name) {
                let ty = self.define_type(index, Some(head.span))?;
                // Evaluating the define may happen here first: its depth
                // counts from this point.
                let below = self.define_depths.get(index).copied().unwrap_or(0);
                let total = self.depth + below;
                self.peak = self.peak.max(total.saturating_sub(self.base));
                if total > MAX_NESTING {
                    self.too_deep(head.span);
                    return None;
                }
                found = self.typed(NodeKind::Define(index), ty, head.span);
            }
        }
        // 4. Deal fields.
        if found.is_none() {
            if let Some((index, field)) = DEAL.field(name) {
                let deal = self.node(NodeKind::Deal, &Ty::Record(&DEAL), head.span);
                let kind = NodeKind::Field(boxed(deal), index);
                found = self.typed(kind, Ty::of_def(&DEAL, field), head.span);
            }
        }
        let Some(mut current) = found else {
            self.unknown_name(head, scopes, !rest.is_empty());
            return None;
        };
        for segment in rest {
            current = self.access(current.0, current.1, segment)?;
        }
        Some(current)
    }

    /// Reports an unknown name; `has_fields` when a `.field` follows, so
    /// only names that have fields are suggested (`acount.name` → `account`).
    fn unknown_name(&mut self, head: &ast::Ident, scopes: &[Scope], has_fields: bool) {
        if self.broken_names.contains(&head.name) {
            return;
        }
        let mut candidates: Vec<&str> = Vec::new();
        for scope in scopes.iter().rev() {
            match (&scope.name, &scope.ty) {
                (Some(name), _) => candidates.push(name),
                (None, Ty::Record(schema)) => {
                    for field in schema.fields {
                        if !has_fields || has_subfields(field.kind) {
                            candidates.push(field.name);
                        }
                    }
                }
                _ => {}
            }
        }
        candidates.extend(self.define_index.keys().copied());
        for field in DEAL.fields {
            if !has_fields || has_subfields(field.kind) {
                candidates.push(field.name);
            }
        }
        let in_where = scopes.iter().any(|s| s.name.is_none());
        let hint = if self.stages.iter().any(|s| s.name == head.name) {
            NameHint::Stage
        } else if in_where {
            NameHint::InWhere
        } else {
            NameHint::Nothing
        };
        let close = suggest(&head.name, candidates.iter().copied()).map(str::to_string);
        self.problem(CheckProblem::UnknownName {
            name: head.name.clone(),
            close,
            hint,
            at: (self.file, head.span),
        });
    }

    /// `.field` on a value: a field of a record, or of each item of a list.
    fn access(&mut self, node: Node, ty: Ty, field: &ast::Ident) -> Compiled {
        let span = node.span.to(field.span);
        match &ty {
            Ty::Record(schema) => {
                let (index, def) = self.field_of(schema, field)?;
                self.typed(
                    NodeKind::Field(boxed(node), index),
                    Ty::of_def(schema, def),
                    span,
                )
            }
            Ty::List(item) => {
                let Ty::Record(schema) = **item else {
                    self.no_fields(&ty, field);
                    return None;
                };
                let (index, def) = self.field_of(schema, field)?;
                let item_ty = match Ty::of_def(schema, def) {
                    Ty::List(inner) => *inner,
                    other => other,
                };
                let kind = NodeKind::Project(boxed(node), index);
                self.typed(kind, Ty::List(Box::new(item_ty)), span)
            }
            Ty::Custom => {
                let Some(index) = self.custom.iter().position(|(n, _)| *n == field.name) else {
                    if self
                        .broken_names
                        .contains(&format!("custom.{}", field.name))
                    {
                        return None;
                    }
                    let names = self.custom.iter().map(|(n, _)| n.as_str());
                    let close = suggest(&field.name, names).map(str::to_string);
                    self.problem(CheckProblem::UndeclaredCustom {
                        name: field.name.clone(),
                        close,
                        at: (self.file, field.span),
                    });
                    return None;
                };
                let (_, field_type) = self.custom.get(index)?;
                let ty = match field_type {
                    ast::FieldType::Text => Ty::Text,
                    ast::FieldType::Number => Ty::Number,
                    ast::FieldType::Bool => Ty::Bool,
                    ast::FieldType::Date => Ty::Date,
                };
                self.typed(NodeKind::Field(boxed(node), index), ty, span)
            }
            _ => {
                self.no_fields(&ty, field);
                None
            }
        }
    }

    fn field_of(
        &mut self,
        schema: &'static RecordSchema,
        field: &ast::Ident,
    ) -> Option<(usize, &'static crate::deal::schema::FieldDef)> {
        if let Some(found) = schema.field(&field.name) {
            return Some(found);
        }
        self.problem(CheckProblem::NoSuchField {
            record: schema,
            field: field.name.clone(),
            close: suggest(&field.name, schema.names()),
            at: (self.file, field.span),
        });
        None
    }

    fn no_fields(&mut self, ty: &Ty, field: &ast::Ident) {
        let mismatch = Mismatch::NoFields {
            found: ty.clone(),
            field: field.name.clone(),
        };
        self.mismatch(field.span, mismatch);
    }
}

/// Whether a value of this kind has fields to name after a `.`.
fn has_subfields(kind: crate::deal::schema::FieldKind) -> bool {
    use crate::deal::schema::FieldKind;
    matches!(
        kind,
        FieldKind::Record(_) | FieldKind::List(_) | FieldKind::Custom
    )
}

fn literal_ty(literal: &Literal) -> Ty {
    match literal {
        Literal::Number(_) => Ty::Number,
        Literal::Text(_) | Literal::Symbol(_) => Ty::Text,
        Literal::Bool(_) => Ty::Bool,
        Literal::Date(_) | Literal::Today => Ty::Date,
        Literal::Duration(..) => Ty::Duration,
    }
}
