//! What a compiled node is without evaluating it: its shape (a record of
//! which schema, a list of which records, a date...), its deal path
//! (`activities.date`, `objections[2].resolved`), and its text printed back
//! in the playbook language, for when the source text is not at hand.

use crate::deal::schema::RecordSchema;
use crate::eval::format_number;
use crate::ir::{self, Arith, Compare, Constant, Fold, Node, NodeKind, Type};

/// The static shape of a node's value.
#[derive(Clone, Copy, Debug)]
pub(crate) enum Shape {
    /// A record of this schema.
    Record(&'static RecordSchema),
    /// A list of records of this schema.
    List(&'static RecordSchema),
    /// The `custom` map.
    Custom,
    /// A date, or a list of dates.
    Date,
    /// A stage.
    Stage,
    /// Anything else (numbers, text, bools, lists of text).
    Other,
}

impl Shape {
    /// The shape of a value of the type the checker gave it.
    fn of(ty: &Type) -> Shape {
        match ty {
            Type::Record(schema) => Shape::Record(schema),
            Type::List(item) => match Shape::of(item) {
                Shape::Record(schema) => Shape::List(schema),
                other => other,
            },
            Type::Custom => Shape::Custom,
            Type::Date => Shape::Date,
            Type::Stage => Shape::Stage,
            _ => Shape::Other,
        }
    }
}

/// An item in scope: its shape, and its path when it is a `for each` item.
#[derive(Clone, Debug)]
pub(crate) struct Scope {
    pub shape: Shape,
    /// `objections[2]` for a `for each` item; `None` inside `where`.
    pub path: Option<String>,
}

/// Shapes, paths and printing for one playbook.
pub(crate) struct Shapes<'p> {
    pub playbook: &'p ir::Playbook,
    pub scopes: Vec<Scope>,
}

impl<'p> Shapes<'p> {
    pub(crate) fn new(playbook: &'p ir::Playbook) -> Self {
        Shapes {
            playbook,
            scopes: Vec::new(),
        }
    }

    fn scope(&self, depth: usize) -> Option<&Scope> {
        self.scopes
            .len()
            .checked_sub(depth + 1)
            .and_then(|i| self.scopes.get(i))
    }

    /// The shape of a node's value, from the type the checker gave it.
    pub(crate) fn shape(&self, node: &Node) -> Shape {
        Shape::of(&node.ty)
    }

    /// The item shape of a list node, for the scope of `where`, `all` and
    /// `for each`.
    pub(crate) fn item_shape(&self, list: &Node) -> Shape {
        match self.shape(list) {
            Shape::List(schema) => Shape::Record(schema),
            Shape::Date => Shape::Date,
            _ => Shape::Other,
        }
    }

    /// What one item of a list is called: `activity`, `next step`.
    pub(crate) fn item_name(&self, list: &Node) -> &'static str {
        match self.shape(list) {
            Shape::List(schema) => schema.name,
            _ => "item",
        }
    }

    /// The deal path a node reads, `None` when it is not a plain path:
    /// `account.industry`, `activities.date`, `objections[2].resolved`,
    /// `custom.budget_confirmed`.
    pub(crate) fn path(&self, node: &Node) -> Option<String> {
        match &node.kind {
            NodeKind::Deal => Some(String::new()),
            NodeKind::Item(depth) => self.scope(*depth).and_then(|s| s.path.clone()),
            NodeKind::Field(base, index) | NodeKind::Project(base, index) => {
                let name = self.field_name(base, *index)?;
                Some(dotted(&self.path(base)?, name))
            }
            NodeKind::Define(i) => self
                .playbook
                .defines
                .get(*i)
                .and_then(|d| self.path(&d.value)),
            _ => None,
        }
    }

    fn field_name(&self, base: &Node, index: usize) -> Option<&'p str> {
        match self.shape(base) {
            Shape::Record(schema) | Shape::List(schema) => schema.fields.get(index).map(|f| f.name),
            Shape::Custom => self
                .playbook
                .custom_fields
                .get(index)
                .map(|(name, _)| name.as_str()),
            _ => None,
        }
    }

    /// A node printed back in the playbook language. Items of `where` and
    /// `all` print as their fields; `for each` items by their kind.
    pub(crate) fn print(&mut self, node: &Node) -> String {
        match &node.kind {
            NodeKind::Constant(constant) => self.constant(constant),
            NodeKind::Today => "today".to_string(),
            NodeKind::Deal => String::new(),
            NodeKind::Item(depth) => match self.scope(*depth).map(|s| s.shape) {
                Some(Shape::Record(schema)) => schema.name.replace(' ', "_"),
                _ => "item".to_string(),
            },
            NodeKind::Field(base, index) | NodeKind::Project(base, index) => {
                let name = self.field_name(base, *index).unwrap_or("?");
                // Inside `where`, an item's fields are named alone.
                let in_where = matches!(&base.kind,
                    NodeKind::Item(d) if self.scope(*d).is_some_and(|s| s.path.is_none()));
                if in_where {
                    name.to_string()
                } else {
                    dotted(&self.print(base), name)
                }
            }
            NodeKind::Define(i) => self
                .playbook
                .defines
                .get(*i)
                .map_or_else(|| "?".to_string(), |d| d.name.clone()),
            NodeKind::Where(list, condition) => {
                let list_text = self.print(list);
                let condition = self.within(list, condition);
                format!("{list_text} where {condition}")
            }
            NodeKind::List(constants) => format!(
                "[{}]",
                constants
                    .iter()
                    .map(|c| self.constant(c))
                    .collect::<Vec<_>>()
                    .join(", ")
            ),
            NodeKind::Not(inner) => format!("not {}", self.print(inner)),
            NodeKind::And(a, b) => format!("{} and {}", self.print(a), self.print(b)),
            NodeKind::Or(a, b) => format!("({} or {})", self.print(a), self.print(b)),
            NodeKind::Negate(inner) => format!("-{}", self.print(inner)),
            NodeKind::Arith(op, a, b) => {
                let symbol = match op {
                    Arith::Add | Arith::DatePlus | Arith::DurationPlus => "+",
                    Arith::Sub | Arith::DateMinus | Arith::DateDiff | Arith::DurationMinus => "-",
                    Arith::Mul => "*",
                    Arith::Div => "/",
                };
                format!("{} {symbol} {}", self.print(a), self.print(b))
            }
            NodeKind::Compare(op, a, b) => {
                let left = self.print(a);
                let right = self.print(b);
                let stage = matches!(b.kind, NodeKind::Constant(Constant::Stage(_)));
                let word = match (op, stage) {
                    (Compare::Eq, true) => "is",
                    (Compare::Ne, true) => "is not",
                    (Compare::Lt, true) => "is before",
                    (Compare::Gt, true) => "is after",
                    (Compare::Ge, true) => "is at least",
                    (Compare::Le, true) => "is at most",
                    (Compare::Eq, false) => match b.kind {
                        NodeKind::Constant(_) => "is",
                        _ => "=",
                    },
                    (Compare::Ne, false) => match b.kind {
                        NodeKind::Constant(_) => "is not",
                        _ => "!=",
                    },
                    (op, false) => op.symbol(),
                };
                format!("{left} {word} {right}")
            }
            NodeKind::OneOf(subject, constants) => format!(
                "{} is one of [{}]",
                self.print(subject),
                constants
                    .iter()
                    .map(|c| self.constant(c))
                    .collect::<Vec<_>>()
                    .join(", ")
            ),
            NodeKind::IsMissing(inner, missing) => format!(
                "{} is {}",
                self.print(inner),
                if *missing { "missing" } else { "present" }
            ),
            NodeKind::IsEmpty(inner) => format!("{} is empty", self.print(inner)),
            NodeKind::Contains(a, b) => format!("{} contains {}", self.print(a), self.print(b)),
            NodeKind::Matches(a, regex) => {
                format!("{} matches {:?}", self.print(a), regex.as_str())
            }
            NodeKind::Days(date, until) => format!(
                "days {} {}",
                if *until { "until" } else { "since" },
                self.print(date)
            ),
            NodeKind::Count(list) => format!("count {}", self.print_list(list)),
            NodeKind::Any(list) => format!("any {}", self.print_list(list)),
            NodeKind::No(list) => format!("no {}", self.print_list(list)),
            NodeKind::All(list, condition) => {
                let list_text = self.print_list(list);
                let condition = self.within(list, condition);
                format!("all {list_text} where {condition}")
            }
            NodeKind::Fold(fold, list) => {
                let word = fold_word(*fold, matches!(self.shape(list), Shape::Date));
                format!("{word} {}", self.print_list(list))
            }
        }
    }

    /// A list after `count`, `any`...: a `where` in parentheses.
    fn print_list(&mut self, list: &Node) -> String {
        let text = self.print(list);
        if matches!(list.kind, NodeKind::Where(..)) {
            format!("({text})")
        } else {
            text
        }
    }

    /// Prints a condition on the items of `list`.
    fn within(&mut self, list: &Node, condition: &Node) -> String {
        let shape = self.item_shape(list);
        self.scopes.push(Scope { shape, path: None });
        let text = self.print(condition);
        self.scopes.pop();
        text
    }

    fn constant(&self, constant: &Constant) -> String {
        match constant {
            Constant::Number(n) => format_number(*n),
            Constant::Text(t) => {
                let word = !t.is_empty()
                    && t.chars()
                        .all(|c| c.is_alphanumeric() || c == '-' || c == '_');
                if word {
                    t.clone()
                } else {
                    format!("{t:?}")
                }
            }
            Constant::Bool(b) => b.to_string(),
            Constant::Date(d) => d.to_string(),
            Constant::Duration(d) => crate::words::count_noun(*d, "day"),
            Constant::Stage(rank) => self
                .playbook
                .stages
                .get(*rank as usize)
                .map_or_else(|| "?".to_string(), |s| s.name.clone()),
        }
    }
}

/// `base.name`, or `name` at the top of the deal.
fn dotted(base: &str, name: &str) -> String {
    if base.is_empty() {
        name.to_string()
    } else {
        format!("{base}.{name}")
    }
}

/// `latest`/`max`, `earliest`/`min`, `sum`.
pub(crate) fn fold_word(fold: Fold, dates: bool) -> &'static str {
    match (fold, dates) {
        (Fold::Sum, _) => "sum",
        (Fold::Min, true) => "earliest",
        (Fold::Min, false) => "min",
        (Fold::Max, true) => "latest",
        (Fold::Max, false) => "max",
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn playbook(text: &str) -> ir::Playbook {
        let compiled = crate::compile_text("t.playbook", text);
        assert!(!compiled.has_errors(), "{:?}", compiled.diagnostics);
        compiled.playbook.unwrap()
    }

    #[test]
    fn prints_conditions_back() {
        let p = playbook(
            "playbook \"T\"\nstages\n  a\n  b\nfields\n  custom.ok bool\n\
             define open = questions where kind is open\n\
             rule r\n  when stage is at least b and count open < 2 and (custom.ok or days since latest activities.date > 14) and no contacts where role is one of [champion, user] and amount >= 5\n  recommend \"x\"\n",
        );
        let mut shapes = Shapes::new(&p);
        assert_eq!(
            shapes.print(&p.rules[0].when),
            "stage is at least b and count open < 2 and (custom.ok or days since latest activities.date > 14) and no (contacts where role is one of [champion, user]) and amount >= 5"
        );
        assert_eq!(
            shapes.print(&p.defines[0].value),
            "questions where kind is open"
        );
    }

    #[test]
    fn paths_of_fields_items_and_custom_fields() {
        let p = playbook(
            "playbook \"T\"\nstages\n  a\nfields\n  custom.when date\n\
             rule r\n  for each step in next_steps\n  when step.due < custom.when and account.size > 3\n  recommend \"x\"\n",
        );
        let mut shapes = Shapes::new(&p);
        let NodeKind::And(left, right) = &p.rules[0].when.kind else {
            panic!()
        };
        let NodeKind::Compare(_, due, custom) = &left.kind else {
            panic!()
        };
        let NodeKind::Compare(_, size, _) = &right.kind else {
            panic!()
        };
        let collection = p.rules[0].for_each.as_ref().unwrap();
        assert_eq!(shapes.item_name(collection), "next step");
        shapes.scopes.push(Scope {
            shape: shapes.item_shape(collection),
            path: Some("next_steps[1]".into()),
        });
        assert_eq!(shapes.path(due).as_deref(), Some("next_steps[1].due"));
        assert_eq!(shapes.path(custom).as_deref(), Some("custom.when"));
        assert_eq!(shapes.path(size).as_deref(), Some("account.size"));
        assert!(matches!(shapes.shape(custom), Shape::Date));
        assert_eq!(shapes.print(due), "next_step.due");
    }
}
