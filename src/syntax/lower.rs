//! pest pairs → AST. One method per grammar rule.

use pest::iterators::Pair;

use super::problem::{Clause, SyntaxProblem};
use super::Rule;
use crate::ast::*;
use crate::date::Date;
use crate::diagnostic::{suggest, Diagnostic};
use crate::span::{FileId, Span};

/// The longest duration literal, in days (about 8,200 years: longer than
/// the calendar of years 1 to 9999 allows between two dates).
pub(crate) const MAX_DURATION_DAYS: f64 = 3_000_000.0;

pub(crate) struct Lowering<'d> {
    file: FileId,
    offset: usize,
    diagnostics: &'d mut Vec<Diagnostic>,
    /// `custom.*` fields whose declaration was rejected, so their uses are
    /// not reported again as undeclared.
    pub broken_fields: Vec<String>,
}

type P<'i> = Pair<'i, Rule>;

impl<'d> Lowering<'d> {
    pub(crate) fn new(file: FileId, offset: usize, diagnostics: &'d mut Vec<Diagnostic>) -> Self {
        Lowering {
            file,
            offset,
            diagnostics,
            broken_fields: Vec::new(),
        }
    }

    /// The span of a pair without the blanks and comments pest skipped
    /// after its last token, so an underline never runs onto the next line.
    fn span(&self, pair: &P) -> Span {
        let span = pair.as_span();
        let text = span.as_str();
        // Skipped trivia ends in a blank (a comment ends before its newline),
        // so most pairs need no trimming.
        let end = if text.ends_with(|c: char| c.is_whitespace()) {
            span.start() + code_len(text)
        } else {
            span.end()
        };
        Span::new(self.offset + span.start(), self.offset + end)
    }

    fn error(&mut self, problem: SyntaxProblem) {
        self.diagnostics.push(problem.describe(self.file));
    }

    fn ident(&self, pair: &P) -> Ident {
        Ident {
            name: pair.as_str().to_string(),
            span: self.span(pair),
        }
    }

    pub(crate) fn declaration(&mut self, pair: P) -> Option<Declaration> {
        let span = self.span(&pair);
        let rule = pair.as_rule();
        let mut inner = pair.into_inner();
        inner.next(); // the keyword
        Some(match rule {
            Rule::playbook_decl => Declaration::Playbook(self.text(inner.next()?)?),
            Rule::version_decl => Declaration::Version(self.text(inner.next()?)?),
            Rule::description_decl => Declaration::Description(self.text(inner.next()?)?),
            Rule::import_decl => Declaration::Import(self.text(inner.next()?)?),
            Rule::stages_decl => {
                let stages = inner.filter_map(|entry| self.stage_entry(entry)).collect();
                Declaration::Stages(stages, span)
            }
            Rule::fields_decl => {
                let fields = inner.filter_map(|entry| self.field_entry(entry)).collect();
                Declaration::Fields(fields, span)
            }
            Rule::define_decl => {
                let name = self.ident(&inner.next()?);
                inner.next(); // `=`
                let value = self.expr(inner.next()?)?;
                Declaration::Define(Define { name, value, span })
            }
            Rule::rule_decl => Declaration::Rule(Box::new(self.rule(inner, span)?)),
            _ => return None,
        })
    }

    fn stage_entry(&mut self, pair: P) -> Option<StageDecl> {
        let mut inner = pair.into_inner();
        let name = self.ident(&inner.next()?);
        let label = match inner.next() {
            Some(label) => Some(self.text(label)?),
            None => None,
        };
        Some(StageDecl { name, label })
    }

    fn field_entry(&mut self, pair: P) -> Option<FieldDecl> {
        let mut inner = pair.into_inner();
        let path = self.ident(&inner.next()?);
        let ty_pair = inner.next()?;
        let ty_span = self.span(&ty_pair);
        let word = ty_pair.as_str();
        let Some((_, ty)) = FieldType::NAMES.iter().find(|(n, _)| *n == word) else {
            // Names other tools use for these types.
            let alias = match word.to_lowercase().as_str() {
                "boolean" | "yes/no" | "flag" => Some("bool"),
                "string" | "str" | "symbol" => Some("text"),
                "int" | "integer" | "float" | "decimal" | "money" => Some("number"),
                "datetime" | "day" => Some("date"),
                _ => None,
            };
            self.error(SyntaxProblem::UnknownFieldType {
                word: word.to_string(),
                alias,
                close: suggest(word, FieldType::NAMES.iter().map(|(n, _)| *n)),
                span: ty_span,
            });
            self.broken_fields.push(path.name);
            return None;
        };
        Some(FieldDecl {
            path,
            ty: *ty,
            ty_span,
        })
    }

    fn rule(&mut self, mut inner: pest::iterators::Pairs<Rule>, span: Span) -> Option<Rule_> {
        let id = self.ident(&inner.next()?);
        let mut title = None;
        let mut for_each = None;
        let mut when = None;
        let mut recommend = None;
        let mut priority = None;
        let mut because = None;
        let mut tags = None;
        let mut broken = false;
        for clause in inner {
            let clause_span = self.span(&clause);
            let rule = clause.as_rule();
            let seen = match rule {
                Rule::string => title.is_some(),
                Rule::for_each => for_each.is_some(),
                Rule::when => when.is_some(),
                Rule::recommend => recommend.is_some(),
                Rule::priority => priority.is_some(),
                Rule::because => because.is_some(),
                Rule::tags => tags.is_some(),
                _ => false,
            };
            if seen {
                let keyword = clause.as_str().split_whitespace().next().unwrap_or("");
                self.error(SyntaxProblem::ClauseTwice {
                    rule: id.name.clone(),
                    keyword: keyword.to_string(),
                    span: clause_span,
                });
                broken = true;
                continue;
            }
            if rule == Rule::string {
                title = self.text(clause);
                continue;
            }
            let mut parts = clause.into_inner();
            parts.next(); // the keyword
            match rule {
                Rule::for_each => {
                    parts.next(); // `each`
                    let item = parts.next().map(|p| self.ident(&p));
                    parts.next(); // `in`
                    let collection = parts.next().and_then(|p| self.postfix(p));
                    match (item, collection) {
                        (Some(item), Some(collection)) => {
                            for_each = Some(ForEach { item, collection })
                        }
                        _ => broken = true,
                    }
                }
                Rule::when => match parts.next().and_then(|p| self.expr(p)) {
                    Some(expr) => when = Some(expr),
                    None => broken = true,
                },
                Rule::recommend => match parts.next().and_then(|p| self.message(p)) {
                    Some(message) => recommend = Some(message),
                    None => broken = true,
                },
                Rule::because => match parts.next().and_then(|p| self.message(p)) {
                    Some(message) => because = Some(message),
                    None => broken = true,
                },
                Rule::priority => {
                    let Some(word) = parts.next() else { continue };
                    let word_span = self.span(&word);
                    match Priority::from_name(word.as_str()) {
                        Some(p) => priority = Some((p, word_span)),
                        None => {
                            self.error(SyntaxProblem::UnknownPriority {
                                word: word.as_str().to_string(),
                                close: suggest(
                                    word.as_str(),
                                    Priority::ALL.iter().map(|(n, _)| *n),
                                ),
                                span: word_span,
                            });
                            broken = true;
                        }
                    }
                }
                Rule::tags => {
                    let names = parts.filter(|p| p.as_rule() == Rule::symbol);
                    tags = Some(names.map(|p| self.ident(&p)).collect::<Vec<_>>());
                }
                _ => {}
            }
        }
        let head_span = id.span;
        for (present, clause) in [
            (when.is_some(), Clause::When),
            (recommend.is_some(), Clause::Recommend),
        ] {
            if !present && !broken {
                self.error(SyntaxProblem::MissingClause {
                    rule: id.name.clone(),
                    clause,
                    span: head_span,
                });
                broken = true;
            }
        }
        if broken {
            return None;
        }
        Some(Rule_ {
            id,
            title,
            for_each,
            when: when?,
            recommend: recommend?,
            priority,
            because,
            tags: tags.unwrap_or_default(),
            span,
        })
    }

    // ---------------------------------------------------------- strings --

    fn raw_string<'i>(&mut self, pair: &P<'i>) -> Option<(&'i str, usize)> {
        let inner = pair.clone().into_inner().next()?;
        Some((inner.as_str(), self.offset + inner.as_span().start()))
    }

    /// Resolves escapes in `raw`, which starts at byte `start` of the file.
    fn unescape(&mut self, raw: &str, start: usize) -> Option<String> {
        let mut out = String::with_capacity(raw.len());
        let mut chars = raw.char_indices();
        while let Some((i, c)) = chars.next() {
            if c != '\\' {
                out.push(c);
                continue;
            }
            match chars.next() {
                Some((_, e @ ('"' | '\\' | '{' | '}'))) => out.push(e),
                Some((j, e)) => {
                    let span = Span::new(start + i, start + j + e.len_utf8());
                    self.error(SyntaxProblem::BadEscape { escape: e, span });
                    return None;
                }
                None => return None,
            }
        }
        Some(out)
    }

    fn text(&mut self, pair: P) -> Option<Text> {
        let span = self.span(&pair);
        let (raw, start) = self.raw_string(&pair)?;
        Some(Text {
            value: self.unescape(raw, start)?,
            span,
        })
    }

    fn message(&mut self, pair: P) -> Option<Message> {
        let span = self.span(&pair);
        let (raw, start) = self.raw_string(&pair)?;
        let mut parts = Vec::new();
        let mut literal_start = 0;
        let mut ok = true;
        let mut iter = raw.char_indices();
        while let Some((i, c)) = iter.next() {
            match c {
                '\\' => {
                    iter.next();
                }
                '{' => {
                    let Some(close) = raw[i..].find('}').map(|j| i + j) else {
                        self.error(SyntaxProblem::UnclosedBrace {
                            span: Span::new(start + i, start + i + 1),
                        });
                        return None;
                    };
                    if i > literal_start {
                        let text = self.unescape(&raw[literal_start..i], start + literal_start)?;
                        parts.push(MessagePart::Text(text));
                    }
                    let inner = &raw[i + 1..close];
                    match super::parse_interpolation(
                        inner,
                        start + i + 1,
                        self.file,
                        self.diagnostics,
                    ) {
                        Some(expr) => parts.push(MessagePart::Expr(expr)),
                        None => ok = false,
                    }
                    literal_start = close + 1;
                    // Skip to the closing brace.
                    while let Some((j, _)) = iter.clone().next() {
                        if j > close {
                            break;
                        }
                        iter.next();
                    }
                }
                _ => {}
            }
        }
        if literal_start < raw.len() {
            let text = self.unescape(&raw[literal_start..], start + literal_start)?;
            parts.push(MessagePart::Text(text));
        }
        ok.then_some(Message { parts, span })
    }

    // ------------------------------------------------------ expressions --

    fn boxed(&mut self, pair: Option<P>) -> Option<Box<Expr>> {
        self.expr(pair?).map(Box::new)
    }

    /// Lowers any expression-level pair.
    pub(crate) fn expr(&mut self, pair: P) -> Option<Expr> {
        let span = self.span(&pair);
        match pair.as_rule() {
            Rule::expr | Rule::and_expr => {
                let is_or = pair.as_rule() == Rule::expr;
                let mut inner = pair
                    .into_inner()
                    .filter(|p| !matches!(p.as_rule(), Rule::or_kw | Rule::and_kw));
                let mut left = self.expr(inner.next()?)?;
                for next in inner {
                    let right = self.expr(next)?;
                    let span = left.span.to(right.span);
                    let (l, r) = (Box::new(left), Box::new(right));
                    let kind = if is_or {
                        ExprKind::Or(l, r)
                    } else {
                        ExprKind::And(l, r)
                    };
                    left = Expr { kind, span };
                }
                Some(left)
            }
            Rule::not_expr | Rule::where_cond => {
                let mut inner = pair.into_inner();
                let first = inner.next()?;
                if first.as_rule() == Rule::not_kw {
                    let operand = self.boxed(inner.next())?;
                    Some(Expr {
                        kind: ExprKind::Not(operand),
                        span,
                    })
                } else {
                    self.expr(first)
                }
            }
            Rule::predicate => self.predicate(pair, span),
            Rule::sum | Rule::product => {
                let mut inner = pair.into_inner();
                let mut left = self.expr(inner.next()?)?;
                while let Some(op) = inner.next() {
                    let right = self.expr(inner.next()?)?;
                    let op = match op.as_str() {
                        "+" => ArithOp::Add,
                        "-" => ArithOp::Sub,
                        "*" => ArithOp::Mul,
                        _ => ArithOp::Div,
                    };
                    let span = left.span.to(right.span);
                    left = Expr {
                        kind: ExprKind::Arith(op, Box::new(left), Box::new(right)),
                        span,
                    };
                }
                Some(left)
            }
            Rule::negate => {
                let operand = self.boxed(pair.into_inner().next())?;
                Some(Expr {
                    kind: ExprKind::Negate(operand),
                    span,
                })
            }
            Rule::days => {
                let mut inner = pair.into_inner();
                inner.next(); // `days`
                let until = inner.next()?.as_rule() == Rule::until_kw;
                let date = self.boxed(inner.next())?;
                Some(Expr {
                    kind: ExprKind::Days { until, date },
                    span,
                })
            }
            Rule::aggregate => {
                let mut inner = pair.into_inner();
                let op = match inner.next()?.as_rule() {
                    Rule::count_kw => Aggregate::Count,
                    Rule::any_kw => Aggregate::Any,
                    Rule::no_kw => Aggregate::No,
                    Rule::all_kw => Aggregate::All,
                    Rule::sum_kw => Aggregate::Sum,
                    Rule::min_kw => Aggregate::Min,
                    Rule::max_kw => Aggregate::Max,
                    Rule::latest_kw => Aggregate::Latest,
                    _ => Aggregate::Earliest,
                };
                let operand = self.boxed(inner.next())?;
                Some(Expr {
                    kind: ExprKind::Aggregate(op, operand),
                    span,
                })
            }
            Rule::postfix => self.postfix(pair),
            Rule::group => {
                let inner = self.boxed(pair.into_inner().nth(1))?;
                Some(Expr {
                    kind: ExprKind::Group(inner),
                    span,
                })
            }
            Rule::path => {
                let segments = pair.into_inner().map(|p| self.ident(&p)).collect();
                Some(Expr {
                    kind: ExprKind::Path(segments),
                    span,
                })
            }
            Rule::list => {
                let items = pair
                    .into_inner()
                    .filter(|p| {
                        !matches!(
                            p.as_rule(),
                            Rule::open_bracket | Rule::close_bracket | Rule::comma
                        )
                    })
                    .map(|p| self.value(p))
                    .collect::<Option<Vec<_>>>()?;
                Some(Expr {
                    kind: ExprKind::List(items),
                    span,
                })
            }
            _ => self.value(pair),
        }
    }

    fn postfix(&mut self, pair: P) -> Option<Expr> {
        let mut inner = pair.into_inner();
        let mut expr = self.expr(inner.next()?)?;
        while let Some(next) = inner.next() {
            match next.as_rule() {
                Rule::projection => {
                    let field_pair = next.into_inner().next()?;
                    let field = self.ident(&field_pair);
                    let span = expr.span.to(field.span);
                    expr = Expr {
                        kind: ExprKind::Project(Box::new(expr), field),
                        span,
                    };
                }
                Rule::where_kw => {
                    let condition = self.expr(inner.next()?)?;
                    let span = expr.span.to(condition.span);
                    expr = Expr {
                        kind: ExprKind::Where(Box::new(expr), Box::new(condition)),
                        span,
                    };
                }
                _ => {}
            }
        }
        Some(expr)
    }

    fn predicate(&mut self, pair: P, span: Span) -> Option<Expr> {
        let mut inner = pair.into_inner();
        let subject = self.expr(inner.next()?)?;
        let Some(test) = inner.next() else {
            return Some(subject);
        };
        let subject = Box::new(subject);
        let kind = match test.as_rule() {
            Rule::compare => {
                let mut parts = test.into_inner();
                let op = match parts.next()?.as_str() {
                    "<=" => Compare::Le,
                    ">=" => Compare::Ge,
                    "!=" => Compare::Ne,
                    "=" => Compare::Eq,
                    "<" => Compare::Lt,
                    _ => Compare::Gt,
                };
                ExprKind::Compare(op, subject, self.boxed(parts.next())?)
            }
            Rule::contains => {
                let mut parts = test.into_inner();
                parts.next();
                ExprKind::Contains(subject, self.boxed(parts.next())?)
            }
            Rule::matches => {
                let mut parts = test.into_inner();
                parts.next();
                ExprKind::Matches(subject, self.text(parts.next()?)?)
            }
            Rule::is_test => {
                let tail = test.into_inner().nth(1)?;
                let tail_rule = tail.as_rule();
                let mut parts = tail.into_inner().peekable();
                let negated = parts.peek().is_some_and(|p| p.as_rule() == Rule::not_kw);
                if negated {
                    parts.next();
                }
                let test = match tail_rule {
                    Rule::is_one_of => {
                        parts.next(); // `one of`
                        let list = self.expr(parts.next()?)?;
                        let ExprKind::List(items) = list.kind else {
                            return None;
                        };
                        IsTest::OneOf(items)
                    }
                    Rule::is_missing => IsTest::Missing,
                    Rule::is_present => IsTest::Present,
                    Rule::is_empty => IsTest::Empty,
                    Rule::is_value => IsTest::Value(Box::new(self.value(parts.next()?)?)),
                    order => {
                        parts.next(); // the keyword
                        let stage = self.ident(&parts.next()?);
                        let order = match order {
                            Rule::is_before => StageOrder::Before,
                            Rule::is_after => StageOrder::After,
                            Rule::is_at_least => StageOrder::AtLeast,
                            _ => StageOrder::AtMost,
                        };
                        IsTest::Stage(order, stage)
                    }
                };
                ExprKind::Is {
                    subject,
                    negated,
                    test,
                }
            }
            _ => return None,
        };
        Some(Expr { kind, span })
    }

    /// A literal (in a value position or as a primary).
    fn value(&mut self, pair: P) -> Option<Expr> {
        let span = self.span(&pair);
        let text = pair.as_str();
        let literal = match pair.as_rule() {
            Rule::date => match Date::parse(text) {
                Ok(date) => Literal::Date(date),
                Err(error) => {
                    self.error(SyntaxProblem::BadDate {
                        text: text.to_string(),
                        error,
                        span,
                    });
                    return None;
                }
            },
            Rule::number | Rule::signed => Literal::Number(self.number(text, span)?),
            Rule::duration => {
                let mut inner = pair.into_inner();
                let count_pair = inner.next()?;
                let count = self.number(count_pair.as_str(), span)?;
                let unit = inner.next()?.as_str();
                let (unit, factor) = if unit.starts_with("week") {
                    (DurationUnit::Weeks, 7.0)
                } else {
                    (DurationUnit::Days, 1.0)
                };
                if count.fract() != 0.0 {
                    self.error(SyntaxProblem::FractionalDuration {
                        text: text.to_string(),
                        span,
                    });
                    return None;
                }
                if count * factor > MAX_DURATION_DAYS {
                    self.error(SyntaxProblem::DurationTooLong {
                        text: text.to_string(),
                        span,
                    });
                    return None;
                }
                // Whole and bounded, checked just above.
                Literal::Duration((count * factor) as i64, unit)
            }
            Rule::string => Literal::Text(self.text(pair)?.value),
            Rule::true_kw => Literal::Bool(true),
            Rule::false_kw => Literal::Bool(false),
            Rule::today_kw => Literal::Today,
            Rule::symbol => Literal::Symbol(text.to_string()),
            Rule::list | Rule::group | Rule::path => return self.expr(pair),
            _ => return None,
        };
        Some(Expr {
            kind: ExprKind::Literal(literal),
            span,
        })
    }

    fn number(&mut self, text: &str, span: Span) -> Option<f64> {
        // Below 10^15 every whole number is exact in an f64.
        match text.parse::<f64>() {
            Ok(n) if n.is_finite() && n.abs() < 1e15 => Some(n),
            _ => {
                self.error(SyntaxProblem::NumberTooLarge {
                    text: text.to_string(),
                    span,
                });
                None
            }
        }
    }
}

use crate::ast::Rule as Rule_;

/// The length of `text` without trailing blanks and comments.
fn code_len(text: &str) -> usize {
    let mut end = text.trim_end().len();
    loop {
        let line_start = text[..end].rfind('\n').map_or(0, |i| i + 1);
        match comment_start(&text[line_start..end]) {
            Some(hash) => end = text[..line_start + hash].trim_end().len(),
            None => return end,
        }
    }
}

/// Where a `#` outside quotes starts a comment on this line.
fn comment_start(line: &str) -> Option<usize> {
    let mut in_string = false;
    let mut escaped = false;
    for (i, c) in line.char_indices() {
        match c {
            _ if escaped => escaped = false,
            '\\' if in_string => escaped = true,
            '"' => in_string = !in_string,
            '#' if !in_string => return Some(i),
            _ => {}
        }
    }
    None
}

#[cfg(test)]
mod tests {
    #[test]
    fn code_len_drops_trailing_blanks_and_comments() {
        let cases = [
            ("when x > 1", 10),
            ("when x > 1  \n  ", 10),
            ("when x > 1 # a comment\n  # another\n", 10),
            ("recommend \"a # b\"  ", 17),
            ("x \"q\\\"#\" # c", 8),
        ];
        for (text, expected) in cases {
            assert_eq!(super::code_len(text), expected, "{text:?}");
        }
    }
}
