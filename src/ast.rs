//! The typed syntax tree of a playbook file, with a span on every node.
//!
//! Produced by `crate::syntax`, read by the checker and (later) the
//! formatter. It keeps the surface form the trainer wrote (`is present` and
//! `is not missing` stay distinct, parentheses are kept) so the file can be
//! printed back; meaning is decided by the checker. A node with a span has
//! no `==`: comparing two trees by what they say, wherever they stand, is
//! [`EqIgnoringSpans`], asked for by name.
//!
//! A position-based tool (hover, go to definition) walks the tree a
//! compile kept ([`Compiled::root_syntax_tree`](crate::Compiled::root_syntax_tree))
//! and matches spans against the cursor:
//!
//! ```
//! use playbook::ast::Declaration;
//! use playbook::compile_text;
//!
//! let text = "playbook \"P\"\nstages\n  open \"Open\"\nrule call-back\n  when stage is open\n  recommend \"Call\"\n";
//! let compiled = compile_text("p.playbook", text);
//! let tree = compiled.root_syntax_tree().unwrap();
//! let cursor = text.find("call-back").unwrap() + 2;
//! let rule = tree.declarations.iter().find_map(|d| match d {
//!     Declaration::Rule(rule) if rule.id.span.range().contains(&cursor) => Some(rule),
//!     _ => None,
//! });
//! assert_eq!(rule.unwrap().id.name, "call-back");
//! ```

mod ignoring_spans;

pub use ignoring_spans::{EqIgnoringSpans, IgnoringSpans};

use crate::date::Date;
use crate::span::Span;

/// A name as written, with where it was written.
#[derive(Clone, Debug)]
pub struct Ident {
    /// The text of the name.
    pub name: String,
    /// Where it stands.
    pub span: Span,
}

/// A string literal: its value after escapes, and its span (quotes included).
#[derive(Clone, Debug)]
pub struct Text {
    /// The value, escapes resolved.
    pub value: String,
    /// Where it stands.
    pub span: Span,
}

/// A comment, kept so the formatter can put it back.
#[derive(Clone, Debug)]
pub struct Comment {
    /// The text after `#`.
    pub text: String,
    /// Where it stands.
    pub span: Span,
}

/// One parsed playbook file.
///
/// ```
/// use playbook::{parse, FileId};
///
/// let text = "# the path\nplaybook \"P\"\nstages\n  open \"Open\"\nrule r\n  when stage is open\n  recommend \"x\"\n";
/// let (file, diagnostics) = parse(text, FileId(0));
/// assert!(diagnostics.is_empty() && file.broken.is_empty());
/// assert_eq!(file.declarations.len(), 3);
/// assert_eq!(file.comments[0].text, " the path");
/// ```
#[derive(Clone, Debug, Default)]
pub struct File {
    /// The declarations in source order.
    pub declarations: Vec<Declaration>,
    /// Every comment, in source order.
    pub comments: Vec<Comment>,
    /// Declarations that could not be read (already reported), so later
    /// stages do not report their names again as unknown.
    pub broken: Vec<Broken>,
}

/// A declaration that had a syntax error: its keyword and, for `define` and
/// `rule`, the name it declares.
#[derive(Clone, Debug, PartialEq)]
pub struct Broken {
    /// `define`, `rule`, `stages`...
    pub keyword: String,
    /// The declared name, if the declaration has one.
    pub name: Option<String>,
}

/// A top-level declaration.
///
/// ```
/// use playbook::ast::Declaration;
/// use playbook::{parse, FileId};
///
/// let text = "playbook \"P\"\nstages\n  open \"Open\"\n  won \"Won\"\n";
/// let (file, _) = parse(text, FileId(0));
/// let Declaration::Playbook(name) = &file.declarations[0] else { panic!() };
/// assert_eq!(name.value, "P");
/// let Declaration::Stages(stages, _) = &file.declarations[1] else { panic!() };
/// let names: Vec<&str> = stages.iter().map(|s| s.name.name.as_str()).collect();
/// assert_eq!(names, ["open", "won"]);
/// ```
#[derive(Clone, Debug)]
pub enum Declaration {
    /// `playbook "NAME"`.
    Playbook(Text),
    /// `version "X"`.
    Version(Text),
    /// `description "..."`.
    Description(Text),
    /// `stages` and its entries.
    Stages(Vec<StageDecl>, Span),
    /// `fields` and its entries.
    Fields(Vec<FieldDecl>, Span),
    /// `define NAME = EXPR`.
    Define(Define),
    /// `import "PATH"`.
    Import(Text),
    /// `rule ID ...`.
    Rule(Box<Rule>),
}

/// One line of `stages`.
#[derive(Clone, Debug)]
pub struct StageDecl {
    /// The stage symbol, e.g. `needs-analysis`.
    pub name: Ident,
    /// The label shown to reps.
    pub label: Option<Text>,
}

/// The type of a declared `custom.*` field.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum FieldType {
    /// `text`
    Text,
    /// `number`
    Number,
    /// `bool`
    Bool,
    /// `date`
    Date,
}

impl FieldType {
    /// The keyword for each type, as written in playbooks.
    pub const NAMES: [(&'static str, FieldType); 4] = [
        ("text", FieldType::Text),
        ("number", FieldType::Number),
        ("bool", FieldType::Bool),
        ("date", FieldType::Date),
    ];

    /// The keyword of this type.
    pub fn name(self) -> &'static str {
        match self {
            FieldType::Text => "text",
            FieldType::Number => "number",
            FieldType::Bool => "bool",
            FieldType::Date => "date",
        }
    }
}

/// One line of `fields`.
#[derive(Clone, Debug)]
pub struct FieldDecl {
    /// The path, e.g. `custom.budget_confirmed`.
    pub path: Ident,
    /// Its type.
    pub ty: FieldType,
    /// Where the type is written.
    pub ty_span: Span,
}

/// `define NAME = EXPR`.
#[derive(Clone, Debug)]
pub struct Define {
    /// The name.
    pub name: Ident,
    /// The value.
    pub value: Expr,
    /// The whole declaration.
    pub span: Span,
}

/// How urgent a recommendation is. Actions are listed most urgent first,
/// which is the order of this type.
///
/// ```
/// use playbook::Priority;
///
/// assert!(Priority::Critical < Priority::Low);
/// assert_eq!(Priority::from_name("high"), Some(Priority::High));
/// assert_eq!(Priority::Medium.name(), "medium");
/// assert_eq!(Priority::from_name("urgent"), None);
/// ```
#[derive(
    Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, serde::Serialize, serde::Deserialize,
)]
#[serde(rename_all = "lowercase")]
pub enum Priority {
    /// Act today.
    Critical,
    /// Act this week.
    High,
    /// The default.
    Medium,
    /// When there is time.
    Low,
}

impl Priority {
    /// Every priority, most urgent first, with its keyword.
    pub const ALL: [(&'static str, Priority); 4] = [
        ("critical", Priority::Critical),
        ("high", Priority::High),
        ("medium", Priority::Medium),
        ("low", Priority::Low),
    ];

    /// The keyword.
    pub fn name(self) -> &'static str {
        match self {
            Priority::Critical => "critical",
            Priority::High => "high",
            Priority::Medium => "medium",
            Priority::Low => "low",
        }
    }

    /// The priority with this keyword.
    pub fn from_name(name: &str) -> Option<Priority> {
        Priority::ALL
            .iter()
            .find(|(n, _)| *n == name)
            .map(|(_, p)| *p)
    }
}

/// `for each NAME in COLLECTION`.
#[derive(Clone, Debug)]
pub struct ForEach {
    /// The item name.
    pub item: Ident,
    /// The collection.
    pub collection: Expr,
}

/// A rule.
#[derive(Clone, Debug)]
pub struct Rule {
    /// The rule ID.
    pub id: Ident,
    /// The optional title.
    pub title: Option<Text>,
    /// `for each`, if any.
    pub for_each: Option<ForEach>,
    /// The condition.
    pub when: Expr,
    /// The recommendation.
    pub recommend: Message,
    /// `priority`, if written.
    pub priority: Option<(Priority, Span)>,
    /// `because`, if written.
    pub because: Option<Message>,
    /// `tags`.
    pub tags: Vec<Ident>,
    /// The whole rule.
    pub span: Span,
}

/// A message with `{EXPR}` interpolations.
#[derive(Clone, Debug)]
pub struct Message {
    /// Literal text and expressions, in order.
    pub parts: Vec<MessagePart>,
    /// The string literal, quotes included.
    pub span: Span,
}

/// A piece of a message.
#[derive(Clone, Debug)]
pub enum MessagePart {
    /// Text shown as is.
    Text(String),
    /// `{EXPR}`.
    Expr(Expr),
}

/// An expression or condition.
#[derive(Clone, Debug)]
pub struct Expr {
    /// What it is.
    pub kind: ExprKind,
    /// Where it stands.
    pub span: Span,
}

/// A literal value.
#[derive(Clone, Debug, PartialEq)]
pub enum Literal {
    /// `3`, `0.5`.
    Number(f64),
    /// `"text"`.
    Text(String),
    /// `needs-analysis`: a bare word in a value position.
    Symbol(String),
    /// `true`, `false`.
    Bool(bool),
    /// `2026-12-31`.
    Date(Date),
    /// `today`.
    Today,
    /// `14 days`, `2 weeks`: stored in days, with the unit as written.
    Duration(i64, DurationUnit),
}

/// The unit a duration was written in.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum DurationUnit {
    /// `day`/`days`.
    Days,
    /// `week`/`weeks`.
    Weeks,
}

/// Arithmetic operators.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ArithOp {
    /// `+`
    Add,
    /// `-`
    Sub,
    /// `*`
    Mul,
    /// `/`
    Div,
}

/// Comparison operators: the one enum the IR uses too.
pub use crate::ops::Compare;

/// `is before`, `is after`, `is at least`, `is at most`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum StageOrder {
    /// `is before S`
    Before,
    /// `is after S`
    After,
    /// `is at least S`
    AtLeast,
    /// `is at most S`
    AtMost,
}

/// The collection operators.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Aggregate {
    /// `count C`
    Count,
    /// `any C`
    Any,
    /// `no C`
    No,
    /// `all C where COND`
    All,
    /// `sum C.F`
    Sum,
    /// `min C.F`
    Min,
    /// `max C.F`
    Max,
    /// `latest C.F`
    Latest,
    /// `earliest C.F`
    Earliest,
}

impl Aggregate {
    /// The keyword.
    pub fn name(self) -> &'static str {
        match self {
            Aggregate::Count => "count",
            Aggregate::Any => "any",
            Aggregate::No => "no",
            Aggregate::All => "all",
            Aggregate::Sum => "sum",
            Aggregate::Min => "min",
            Aggregate::Max => "max",
            Aggregate::Latest => "latest",
            Aggregate::Earliest => "earliest",
        }
    }
}

/// What an `is` test asks.
#[derive(Clone, Debug)]
pub enum IsTest {
    /// `is V` / `is not V`.
    Value(Box<Expr>),
    /// `is one of [..]` / `is not one of [..]`.
    OneOf(Vec<Expr>),
    /// `is missing` / `is not missing`.
    Missing,
    /// `is present` / `is not present`.
    Present,
    /// `is empty` / `is not empty`.
    Empty,
    /// `is before S`, ...
    Stage(StageOrder, Ident),
}

/// The forms of expression.
#[derive(Clone, Debug)]
pub enum ExprKind {
    /// A literal.
    Literal(Literal),
    /// `[a, b]`.
    List(Vec<Expr>),
    /// `name.field.field`: a define, a `for each` item, or a deal field.
    Path(Vec<Ident>),
    /// `( EXPR )`.
    Group(Box<Expr>),
    /// `(EXPR).field`: a field of each item of a parenthesised collection.
    Project(Box<Expr>, Ident),
    /// `not A`.
    Not(Box<Expr>),
    /// `A and B`.
    And(Box<Expr>, Box<Expr>),
    /// `A or B`.
    Or(Box<Expr>, Box<Expr>),
    /// `-A`.
    Negate(Box<Expr>),
    /// `A + B`, ...
    Arith(ArithOp, Box<Expr>, Box<Expr>),
    /// `A < B`, ...
    Compare(Compare, Box<Expr>, Box<Expr>),
    /// `A is ...`; `negated` for `is not ...`.
    Is {
        /// The left side.
        subject: Box<Expr>,
        /// `is not`.
        negated: bool,
        /// What is asked.
        test: IsTest,
    },
    /// `A contains B`.
    Contains(Box<Expr>, Box<Expr>),
    /// `A matches "REGEX"`.
    Matches(Box<Expr>, Text),
    /// `days since D` (`until` false) / `days until D` (`until` true).
    Days {
        /// `days until`.
        until: bool,
        /// The date.
        date: Box<Expr>,
    },
    /// `count C`, `sum C.F`, ...
    Aggregate(Aggregate, Box<Expr>),
    /// `C where COND`.
    Where(Box<Expr>, Box<Expr>),
}
