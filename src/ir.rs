//! The checked, compiled playbook: what evaluation runs.
//!
//! Every name is resolved to a field position, a define slot or an item in
//! scope; every stage to its rank; every regex compiled. Every node carries
//! the type the checker gave it ([`Type`]), so later stages read it instead
//! of working it out again, and its span (and the file it is in) so
//! explanations and runtime notes can point back at the source without
//! re-reading it. Code that only walks the tree uses [`Node::children`] (or
//! `Node::nodes`, the whole expression); the operators are `crate::ops`'s.

use regex::Regex;

use crate::ast::{FieldType, Priority};
use crate::date::Date;
use crate::deal::schema::RecordSchema;
pub(crate) use crate::ops::{Arith, Compare, Fold};
use crate::span::{FileId, Span};
use crate::value::Value;

/// A compiled playbook, ready to evaluate deals.
#[derive(Debug, Clone)]
pub struct Playbook {
    /// From `playbook "NAME"`.
    pub(crate) name: String,
    /// From `version`.
    pub(crate) version: Option<String>,
    /// From `description`.
    pub(crate) description: Option<String>,
    /// The sales path, in order.
    pub(crate) stages: Vec<Stage>,
    /// Declared custom fields (name without `custom.`), in declaration order.
    pub(crate) custom_fields: Vec<(String, FieldType)>,
    /// Compiled defines, by slot.
    pub(crate) defines: Vec<Define>,
    /// Rules, in file order.
    pub(crate) rules: Vec<Rule>,
}

/// A stage of the sales path.
///
/// ```
/// let playbook = playbook::builtin(playbook::Lang::En);
/// let first = &playbook.stages()[0];
/// assert_eq!((first.name.as_str(), first.label.as_deref()), ("prospecting", Some("Prospect identification")));
/// ```
#[derive(Debug, Clone, PartialEq)]
pub struct Stage {
    /// The symbol, e.g. `needs-analysis`.
    pub name: String,
    /// The label for reps, if given.
    pub label: Option<String>,
}

/// A compiled define.
#[derive(Debug, Clone)]
pub(crate) struct Define {
    /// Its name.
    pub name: String,
    /// Its value.
    pub value: Node,
}

/// A compiled rule.
#[derive(Debug, Clone)]
pub struct Rule {
    /// The rule ID.
    pub id: String,
    /// The title, if any.
    pub title: Option<String>,
    /// `for each`: the collection; its item is scope 0 inside `when` and messages.
    pub(crate) for_each: Option<Node>,
    /// The condition.
    pub(crate) when: Node,
    /// The recommendation text.
    pub(crate) recommend: Message,
    /// The priority (medium when not written).
    pub priority: Priority,
    /// The reason, if any.
    pub(crate) because: Option<Message>,
    /// Tags.
    pub tags: Vec<String>,
    /// Where the rule is written.
    pub file: FileId,
    /// The rule's span.
    pub span: Span,
}

/// A message with interpolations.
#[derive(Debug, Clone)]
pub(crate) struct Message(pub Vec<Segment>);

/// A piece of a message.
#[derive(Debug, Clone)]
pub(crate) enum Segment {
    /// Literal text.
    Text(String),
    /// A value to show.
    Value(Node),
}

/// A constant value.
#[derive(Debug, Clone, PartialEq)]
pub(crate) enum Constant {
    /// A number.
    Number(f64),
    /// Text or a symbol.
    Text(String),
    /// A bool.
    Bool(bool),
    /// A date.
    Date(Date),
    /// Days.
    Duration(i64),
    /// A stage rank.
    Stage(u32),
}

/// The type the checker gave a node: what its value is, without the
/// vocabulary of symbol fields, which only the checker needs.
#[derive(Debug, Clone)]
pub(crate) enum Type {
    /// A condition.
    Bool,
    /// A number.
    Number,
    /// Text (symbols included).
    Text,
    /// A date.
    Date,
    /// A number of days.
    Duration,
    /// A stage.
    Stage,
    /// A record of the deal model.
    Record(&'static RecordSchema),
    /// The `custom` map.
    Custom,
    /// A list of values of the item type.
    List(Box<Type>),
}

/// A compiled expression.
#[derive(Debug, Clone)]
pub(crate) struct Node {
    /// What it computes.
    pub kind: NodeKind,
    /// Its type, as the checker found it.
    pub ty: Type,
    /// Where it is written.
    pub span: Span,
    /// The file it is written in (imports put defines in other files).
    pub file: FileId,
}

/// The forms of compiled expression.
#[derive(Debug, Clone)]
pub(crate) enum NodeKind {
    /// A constant.
    Constant(Constant),
    /// The run's date.
    Today,
    /// The deal record.
    Deal,
    /// The item `depth` levels out from the innermost scope (0 = innermost).
    Item(usize),
    /// A field of a record.
    Field(Box<Node>, usize),
    /// A field of each item of a list (list fields flattened).
    Project(Box<Node>, usize),
    /// A define's value.
    Define(usize),
    /// The items of a list for which the condition holds (item is scope 0).
    Where(Box<Node>, Box<Node>),
    /// A list of constants.
    List(Vec<Constant>),
    /// `not`.
    Not(Box<Node>),
    /// `and`.
    And(Box<Node>, Box<Node>),
    /// `or`.
    Or(Box<Node>, Box<Node>),
    /// Unary minus on numbers or durations.
    Negate(Box<Node>),
    /// Arithmetic.
    Arith(Arith, Box<Node>, Box<Node>),
    /// A comparison (false when either side is missing).
    Compare(Compare, Box<Node>, Box<Node>),
    /// `is one of` (false when missing).
    OneOf(Box<Node>, Vec<Constant>),
    /// `is missing` (`true`) / `is present` (`false`).
    IsMissing(Box<Node>, bool),
    /// `is empty`: no items or empty text; missing counts as empty.
    IsEmpty(Box<Node>),
    /// Substring of text, or membership in a list.
    Contains(Box<Node>, Box<Node>),
    /// Regex match on text.
    Matches(Box<Node>, Box<Regex>),
    /// Days from a date to today (`since`) or from today to a date (`until`).
    Days(Box<Node>, bool),
    /// Number of items (missing list: 0).
    Count(Box<Node>),
    /// At least one item (missing list: false).
    Any(Box<Node>),
    /// No items (missing list: true).
    No(Box<Node>),
    /// Every item satisfies the condition (item is scope 0; missing list: false).
    All(Box<Node>, Box<Node>),
    /// Sum, min or max over a list's values (missing values skipped).
    Fold(Fold, Box<Node>),
}

impl Constant {
    /// The constant's type.
    pub(crate) fn ty(&self) -> Type {
        match self {
            Constant::Number(_) => Type::Number,
            Constant::Text(_) => Type::Text,
            Constant::Bool(_) => Type::Bool,
            Constant::Date(_) => Type::Date,
            Constant::Duration(_) => Type::Duration,
            Constant::Stage(_) => Type::Stage,
        }
    }

    /// The constant as a value.
    pub(crate) fn value(&self) -> Value<'_> {
        match self {
            Constant::Number(n) => Value::Number(*n),
            Constant::Text(t) => Value::Text(t),
            Constant::Bool(b) => Value::Bool(*b),
            Constant::Date(d) => Value::Date(*d),
            Constant::Duration(d) => Value::Duration(*d),
            Constant::Stage(s) => Value::Stage(*s),
        }
    }
}

impl Node {
    /// A node of the given kind and type at a span.
    pub(crate) fn new(kind: NodeKind, ty: Type, span: Span, file: FileId) -> Node {
        Node {
            kind,
            ty,
            span,
            file,
        }
    }

    /// Whether the node is a condition operator: a test whose value is
    /// always true or false, never missing (unlike a bool field, or a
    /// define or constant that holds a bool).
    pub(crate) fn is_condition(&self) -> bool {
        matches!(
            self.kind,
            NodeKind::And(..)
                | NodeKind::Or(..)
                | NodeKind::Not(_)
                | NodeKind::Compare(..)
                | NodeKind::OneOf(..)
                | NodeKind::IsMissing(..)
                | NodeKind::IsEmpty(_)
                | NodeKind::Contains(..)
                | NodeKind::Matches(..)
                | NodeKind::Any(_)
                | NodeKind::No(_)
                | NodeKind::All(..)
        )
    }

    /// The nodes directly inside this one, left to right. A define's value
    /// is not inside the nodes that use it.
    pub(crate) fn children(&self) -> impl DoubleEndedIterator<Item = &Node> {
        let (first, second): (Option<&Node>, Option<&Node>) = match &self.kind {
            NodeKind::Constant(_)
            | NodeKind::Today
            | NodeKind::Deal
            | NodeKind::Item(_)
            | NodeKind::Define(_)
            | NodeKind::List(_) => (None, None),
            NodeKind::Field(inner, _)
            | NodeKind::Project(inner, _)
            | NodeKind::Not(inner)
            | NodeKind::Negate(inner)
            | NodeKind::OneOf(inner, _)
            | NodeKind::IsMissing(inner, _)
            | NodeKind::IsEmpty(inner)
            | NodeKind::Matches(inner, _)
            | NodeKind::Days(inner, _)
            | NodeKind::Count(inner)
            | NodeKind::Any(inner)
            | NodeKind::No(inner)
            | NodeKind::Fold(_, inner) => (Some(inner), None),
            NodeKind::Where(a, b)
            | NodeKind::And(a, b)
            | NodeKind::Or(a, b)
            | NodeKind::Arith(_, a, b)
            | NodeKind::Compare(_, a, b)
            | NodeKind::Contains(a, b)
            | NodeKind::All(a, b) => (Some(a), Some(b)),
        };
        first.into_iter().chain(second)
    }

    /// Every node of the expression, this one first, then depth first and
    /// left to right; defines are not followed (a define's value is not
    /// inside the nodes that use it).
    pub(crate) fn nodes(&self) -> Nodes<'_> {
        Nodes { stack: vec![self] }
    }
}

/// The nodes of an expression, in order: see [`Node::nodes`].
pub(crate) struct Nodes<'a> {
    stack: Vec<&'a Node>,
}

impl<'a> Iterator for Nodes<'a> {
    type Item = &'a Node;

    fn next(&mut self) -> Option<&'a Node> {
        let node = self.stack.pop()?;
        self.stack.extend(node.children().rev());
        Some(node)
    }
}

impl Message {
    /// The expressions interpolated in the message, in order.
    pub(crate) fn values(&self) -> impl Iterator<Item = &Node> {
        self.0.iter().filter_map(|segment| match segment {
            Segment::Value(node) => Some(node),
            Segment::Text(_) => None,
        })
    }
}

impl Rule {
    /// Whether the rule says why (`because`).
    ///
    /// ```
    /// let playbook = playbook::builtin(playbook::Lang::En);
    /// assert!(playbook.rules().iter().all(|rule| rule.has_reason()));
    /// ```
    pub fn has_reason(&self) -> bool {
        self.because.is_some()
    }

    /// Every expression of the rule: `for each`, `when`, then the messages.
    pub(crate) fn expressions(&self) -> impl Iterator<Item = &Node> {
        self.for_each
            .iter()
            .chain(std::iter::once(&self.when))
            .chain(self.recommend.values())
            .chain(self.because.iter().flat_map(Message::values))
    }
}

impl Playbook {
    /// A playbook with nothing in it.
    ///
    /// ```
    /// assert!(playbook::Playbook::EMPTY.rules().is_empty());
    /// ```
    pub const EMPTY: Playbook = Playbook {
        name: String::new(),
        version: None,
        description: None,
        stages: Vec::new(),
        custom_fields: Vec::new(),
        defines: Vec::new(),
        rules: Vec::new(),
    };

    /// The rank of a stage symbol: its place on the path, from 0.
    ///
    /// ```
    /// let playbook = playbook::builtin(playbook::Lang::En);
    /// assert_eq!(playbook.stage_rank("prospecting"), Some(0));
    /// assert_eq!(playbook.stage_rank("closng"), None);
    /// ```
    pub fn stage_rank(&self, name: &str) -> Option<u32> {
        self.stages
            .iter()
            .position(|s| s.name == name)
            .and_then(|i| u32::try_from(i).ok())
    }

    /// From `playbook "NAME"`.
    ///
    /// ```
    /// let playbook = playbook::builtin(playbook::Lang::En);
    /// assert_eq!(playbook.name(), "Consultative sales path");
    /// ```
    pub fn name(&self) -> &str {
        &self.name
    }

    /// From `version`, if written.
    ///
    /// ```
    /// assert!(playbook::builtin(playbook::Lang::En).version().is_some());
    /// ```
    pub fn version(&self) -> Option<&str> {
        self.version.as_deref()
    }

    /// From `description`, if written.
    ///
    /// ```
    /// let compiled = playbook::compile_text("p", "playbook \"P\"\nstages\n  a\n");
    /// assert_eq!(compiled.playbook.unwrap().description(), None);
    /// ```
    pub fn description(&self) -> Option<&str> {
        self.description.as_deref()
    }

    /// The sales path, in order.
    ///
    /// ```
    /// let playbook = playbook::builtin(playbook::Lang::En);
    /// assert_eq!(playbook.stages()[0].name, "prospecting");
    /// ```
    pub fn stages(&self) -> &[Stage] {
        &self.stages
    }

    /// The rules, in file order (their conditions and messages stay
    /// compiled; [`explain`](crate::explain) shows them part by part).
    ///
    /// ```
    /// let playbook = playbook::builtin(playbook::Lang::En);
    /// assert_eq!(playbook.rules()[0].id, "research-account");
    /// ```
    pub fn rules(&self) -> &[Rule] {
        &self.rules
    }

    /// What deal files are checked against.
    ///
    /// ```
    /// let playbook = playbook::builtin(playbook::Lang::En);
    /// assert_eq!(playbook.deal_context().stages.len(), playbook.stages().len());
    /// ```
    pub fn deal_context(&self) -> crate::deal::DealContext {
        crate::deal::DealContext {
            stages: self.stages.iter().map(|s| s.name.clone()).collect(),
            custom: self.custom_fields.clone(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn when(condition: &str) -> Node {
        let text = format!(
            "playbook \"p\"\nstages\n  a\n  b\nrule r\n  when {condition}\n  recommend \"x\"\n"
        );
        let compiled = crate::compile_text("p.playbook", &text);
        let playbook = compiled.playbook.expect("compiles");
        let rule = playbook.rules.into_iter().next().expect("one rule");
        rule.when
    }

    fn kinds(node: &Node) -> Vec<&'static str> {
        node.nodes()
            .map(|n| match n.kind {
                NodeKind::And(..) => "and",
                NodeKind::Compare(..) => "compare",
                NodeKind::Field(..) => "field",
                NodeKind::Deal => "deal",
                NodeKind::Constant(_) => "constant",
                NodeKind::Not(_) => "not",
                NodeKind::Any(_) => "any",
                NodeKind::Where(..) => "where",
                NodeKind::Item(_) => "item",
                _ => "other",
            })
            .collect()
    }

    #[test]
    fn nodes_are_walked_first_then_left_to_right() {
        let node = when("amount > 1 and not (any contacts where engaged)");
        assert_eq!(
            kinds(&node),
            [
                "and", "compare", "field", "deal", "constant", "not", "any", "where", "field",
                "deal", "field", "item"
            ]
        );
    }

    #[test]
    fn every_node_has_the_checkers_type() {
        let node = when("amount > 1 and any contacts where engaged");
        assert!(matches!(node.ty, Type::Bool));
        let types: Vec<String> = node.nodes().map(|n| format!("{:?}", n.ty)).collect();
        let [_, compare, amount, deal, one, _any, list, contacts, _, _, item] = types.as_slice()
        else {
            panic!("unexpected shape: {types:?}");
        };
        assert_eq!(compare, "Bool");
        assert_eq!(amount, "Number");
        assert!(deal.starts_with("Record("), "{deal}");
        assert_eq!(one, "Number");
        assert!(list.starts_with("List(Record("), "{list}");
        assert!(contacts.starts_with("List(Record("), "{contacts}");
        assert!(item.starts_with("Record("), "{item}");
    }
}
