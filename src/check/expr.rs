//! Expressions: name resolution, types, and compilation to [`ir::Node`].

use regex::RegexBuilder;

use super::{Checker, Ty, MAX_NESTING};
use crate::ast::{self, Aggregate, ArithOp, ExprKind, IsTest, Literal, StageOrder};
use crate::deal::schema::RecordSchema;
use crate::deal::DEAL;
use crate::diagnostic::{suggest, Code, Diagnostic};
use crate::ir::{Arith, Compare, Constant, Fold, Node, NodeKind};
use crate::span::Span;
use crate::words::with_article;

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

    fn mismatch(&mut self, span: Span, message: String, label: String, help: Option<&str>) {
        let mut diagnostic =
            Diagnostic::new(Code::TypeMismatch, message).at(self.file, span, label);
        if let Some(help) = help {
            diagnostic = diagnostic.help(help);
        }
        self.report(diagnostic);
    }

    /// Compiles an expression that must be a condition.
    pub(crate) fn condition(
        &mut self,
        expr: &ast::Expr,
        scopes: &mut Vec<Scope>,
        role: &str,
    ) -> Option<Node> {
        let (node, ty) = self.expr(expr, scopes)?;
        if ty == Ty::Bool {
            return Some(node);
        }
        let help = match ty {
            Ty::List(_) => {
                "to ask whether it has items, write `any ...`, `no ...` or `... is not empty`"
            }
            Ty::Number => "compare it, for example `... > 0`",
            _ => "compare it with a value, for example `... is present`",
        };
        self.mismatch(
            expr.span,
            format!("{role} needs a condition, but this is {}", ty.describe()),
            format!("this is {}", ty.describe()),
            Some(help),
        );
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
        self.report(
            Diagnostic::new(
                Code::Limit,
                format!("expressions here are nested more than {MAX_NESTING} deep, counting the defines they use"),
            )
            .at(self.file, span, "too deep")
            .help("a define that uses a define that uses a define…: make the chain shorter"),
        );
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
                    self.mismatch(
                        span,
                        format!("a list mixes {} and {}", ty.describe(), other.describe()),
                        format!("this is {}", other.describe()),
                        Some("every item of a list has the same type"),
                    );
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
                let node = self.condition(inner, scopes, "`not`")?;
                self.typed(NodeKind::Not(boxed(node)), Ty::Bool, span)
            }
            ExprKind::And(a, b) | ExprKind::Or(a, b) => {
                let word = if matches!(expr.kind, ExprKind::And(..)) {
                    "`and`"
                } else {
                    "`or`"
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
                    self.mismatch(
                        span,
                        format!("cannot negate {}", ty.describe()),
                        "expected a number".into(),
                        None,
                    );
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
                    self.mismatch(
                        span,
                        format!("{} cannot contain {}", left_ty.describe(), right_ty.describe()),
                        "`contains` looks for text in text, or an item in a list".into(),
                        Some("for example `account.name contains \"Group\"` or `activities.type contains \"demo\"`"),
                    );
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
                    self.mismatch(
                        a.span,
                        format!("`matches` needs text, but this is {}", ty.describe()),
                        format!("this is {}", ty.describe()),
                        None,
                    );
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
                        let detail = match error {
                            regex::Error::CompiledTooBig(_) => format!(
                                "the pattern is too large (over {MAX_REGEX_BYTES} bytes compiled)"
                            ),
                            other => other
                                .to_string()
                                .lines()
                                .last()
                                .unwrap_or("invalid pattern")
                                .trim()
                                .trim_start_matches("error: ")
                                .to_string(),
                        };
                        self.report(
                            Diagnostic::new(Code::BadRegex, "this pattern is not a valid regular expression")
                                .at(self.file, pattern.span, detail)
                                .help("patterns use Rust regex syntax; escape special characters such as `.` and `(` with `\\\\`"),
                        );
                        None
                    }
                }
            }
            ExprKind::Days { until, date } => {
                let (node, ty) = self.expr(date, scopes)?;
                if ty != Ty::Date {
                    let word = if *until { "until" } else { "since" };
                    self.mismatch(
                        date.span,
                        format!("`days {word}` needs a date, but this is {}", ty.describe()),
                        format!("this is {}", ty.describe()),
                        Some("for example `days since stage_entered` or `days until close_date`"),
                    );
                    return None;
                }
                self.typed(NodeKind::Days(boxed(node), *until), Ty::Number, span)
            }
            ExprKind::Aggregate(op, operand) => self.aggregate(*op, operand, span, scopes),
            ExprKind::Where(collection, condition) => {
                let (list, ty) = self.list(collection, scopes, "`where`")?;
                scopes.push(Scope {
                    name: None,
                    ty: ty.clone(),
                });
                let condition = self.condition(condition, scopes, "`where`");
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
        role: &str,
    ) -> Option<(Node, Ty)> {
        let (node, ty) = self.expr(expr, scopes)?;
        match ty {
            Ty::List(item) => Some((node, *item)),
            other => {
                self.mismatch(
                    expr.span,
                    format!("{role} needs a list, but this is {}", other.describe()),
                    format!("this is {}", other.describe()),
                    Some("lists are fields such as `contacts`, `activities` or `needs`, or defines built from them"),
                );
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
        let role = format!("`{}`", op.name());
        if op == Aggregate::All {
            let ExprKind::Where(collection, condition) = &operand.kind else {
                self.report(
                    Diagnostic::new(Code::TypeMismatch, "`all` needs a condition for the items")
                        .at(
                            self.file,
                            operand.span,
                            "expected `all LIST where CONDITION`",
                        )
                        .help("for example `all next_steps where done`"),
                );
                return None;
            };
            let (list, item) = self.list(collection, scopes, &role)?;
            scopes.push(Scope {
                name: None,
                ty: item,
            });
            let condition = self.condition(condition, scopes, "`where`");
            scopes.pop();
            return self.typed(
                NodeKind::All(boxed(list), boxed(condition?)),
                Ty::Bool,
                span,
            );
        }
        let (list, item) = self.list(operand, scopes, &role)?;
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
                    self.mismatch(
                        operand.span,
                        format!("{role} needs a list of numbers, but this is a list of {}", plural(&item)),
                        format!("a list of {}", plural(&item)),
                        Some("name a number field of the items; for dates use `latest` or `earliest`"),
                    );
                    return None;
                }
                (NodeKind::Fold(fold, list), item)
            }
            _ => {
                if item != Ty::Date {
                    self.mismatch(
                        operand.span,
                        format!(
                            "{role} needs a list of dates, but this is a list of {}",
                            plural(&item)
                        ),
                        format!("a list of {}", plural(&item)),
                        Some(
                            "name a date field of the items, for example `latest activities.date`",
                        ),
                    );
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
            let verb = match op {
                ArithOp::Add => "add",
                ArithOp::Sub => "subtract",
                ArithOp::Mul => "multiply",
                ArithOp::Div => "divide",
            };
            let help = if matches!((&lt, &rt), (Ty::Date, Ty::Number)) {
                Some("write the number with a unit: `30 days` or `2 weeks`")
            } else {
                None
            };
            self.mismatch(
                span,
                format!("cannot {verb} {} and {}", lt.describe(), rt.describe()),
                "arithmetic works on numbers, and on dates with durations".into(),
                help,
            );
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
            let help = match (&lt, &rt) {
                (Ty::Duration, Ty::Number) | (Ty::Number, Ty::Duration) => {
                    Some("give the number a unit (`30 days`), or count days with `days since DATE`")
                }
                (Ty::Date, Ty::Number) | (Ty::Number, Ty::Date) => {
                    Some("to compare a date with a number of days, use `days since DATE` or `days until DATE`")
                }
                (Ty::List(_), _) | (_, Ty::List(_)) => Some("to compare a list's size, use `count`"),
                _ => None,
            };
            self.mismatch(
                span,
                format!("cannot compare {} with {}", lt.describe(), rt.describe()),
                "these sides have different types".into(),
                help,
            );
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
                    self.mismatch(
                        span,
                        format!("`is empty` asks about a list or text, but this is {}", ty.describe()),
                        format!("this is {}", ty.describe()),
                        Some("to ask whether a value is there at all, write `is missing` or `is present`"),
                    );
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
                    self.mismatch(
                        span,
                        format!(
                            "`is before/after/at least/at most` compares stages, but this is {}",
                            ty.describe()
                        ),
                        format!("this is {}", ty.describe()),
                        Some("write `stage is at least needs-analysis`"),
                    );
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
                            self.mismatch(
                                item.span,
                                "`today` cannot be in a list".into(),
                                "write a date".into(),
                                None,
                            );
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
        let help = match subject {
            Ty::List(_) => Some("for lists, write `contains`, `is empty` or `any ... where ...`"),
            Ty::Bool => Some("a condition is `true` or `false`"),
            Ty::Text | Ty::Symbol(_) => {
                Some("write the value as a word (`open`) or in quotes (`\"East China\"`)")
            }
            _ => None,
        };
        self.mismatch(
            span,
            format!(
                "cannot compare {} with {}",
                subject.describe(),
                value.describe()
            ),
            format!("this is {}", value.describe()),
            help,
        );
    }

    fn stage(&mut self, name: &str, span: Span) -> Option<u32> {
        if let Some(rank) = self.stages.iter().position(|s| s.name == name) {
            return u32::try_from(rank).ok();
        }
        let names: Vec<&str> = self.stages.iter().map(|s| s.name.as_str()).collect();
        let diagnostic = Diagnostic::new(
            Code::UnknownStage,
            format!("`{name}` is not a stage of this playbook"),
        )
        .at(self.file, span, "not in `stages`");
        let diagnostic = match suggest(name, names.iter().copied()) {
            Some(close) => diagnostic.help(crate::words::did_you_mean(close)),
            None if names.is_empty() => diagnostic.help("declare the stages in a `stages` block"),
            None => diagnostic.help(format!("the stages are: {}", names.join(", "))),
        };
        self.report(diagnostic);
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
                    self.mismatch(
                        item.span,
                        "`today` cannot be in a list".into(),
                        "write a date".into(),
                        None,
                    );
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
        let mut diagnostic =
            Diagnostic::new(Code::UnknownName, format!("unknown name `{}`", head.name)).at(
                self.file,
                head.span,
                "not a field, define or `for each` item",
            );
        diagnostic = match suggest(&head.name, candidates.iter().copied()) {
            Some(close) => diagnostic.help(crate::words::did_you_mean(close)),
            None if self.stages.iter().any(|s| s.name == head.name) => diagnostic.help(format!(
                "`{}` is a stage: compare the deal's stage with `stage is {}`",
                head.name, head.name
            )),
            None if in_where => diagnostic
                .help("inside `where`, names are fields of the item first, then of the deal"),
            None => diagnostic.help(
                "names are deal fields (see docs/deals.md), defines, or the item of `for each`",
            ),
        };
        self.report(diagnostic);
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
                    let names: Vec<&str> = self.custom.iter().map(|(n, _)| n.as_str()).collect();
                    let mut diagnostic = Diagnostic::new(
                        Code::UnknownName,
                        format!("custom field `{}` is not declared", field.name),
                    )
                    .at(self.file, field.span, "not in `fields`");
                    diagnostic = match suggest(&field.name, names.iter().copied()) {
                        Some(close) => diagnostic.help(crate::words::did_you_mean(&format!("custom.{close}"))),
                        None => diagnostic.help(format!(
                            "declare it in a `fields` block: `custom.{} text` (or number, bool, date)",
                            field.name
                        )),
                    };
                    self.report(diagnostic);
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
        let diagnostic = Diagnostic::new(
            Code::UnknownName,
            format!(
                "{} has no field `{}`",
                with_article(schema.name),
                field.name
            ),
        )
        .at(
            self.file,
            field.span,
            format!("not a field of {}", with_article(schema.name)),
        );
        let diagnostic = match suggest(&field.name, schema.names()) {
            Some(close) => diagnostic.help(crate::words::did_you_mean(close)),
            None => diagnostic.help(format!(
                "{} has: {}",
                with_article(schema.name),
                schema.names().collect::<Vec<_>>().join(", ")
            )),
        };
        self.report(diagnostic);
        None
    }

    fn no_fields(&mut self, ty: &Ty, field: &ast::Ident) {
        self.mismatch(
            field.span,
            format!(
                "{} has no fields, so `.{}` means nothing here",
                ty.describe(),
                field.name
            ),
            "no such field".into(),
            None,
        );
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

fn plural(ty: &Ty) -> String {
    Ty::List(Box::new(ty.clone()))
        .describe()
        .trim_start_matches("a list of ")
        .to_string()
}
