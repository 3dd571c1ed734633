//! The arguments of `explain`'s messages: what a part of a condition was
//! decided on and what would turn a rule around, as values and names
//! (the words are the catalogues'). [`crate::explain`] builds them and
//! re-exports the public ones.

/// A value as an explanation shows it.
///
/// ```
/// use playbook::{compile_text, explain, load_deals, Shown, Date, DealFormat, FileId, Source};
///
/// let text = "playbook \"P\"\nstages\n  open \"Open\"\nrule follow-up\n  when stage is open and days since close_date > 14\n  recommend \"Call back\"\n";
/// let compiled = compile_text("p.playbook", text);
/// let playbook = compiled.playbook.as_ref().unwrap();
/// let source = Source::new("deal.yaml", None, "id: D-7\nstage: open\nclose_date: 2026-11-01\n");
/// let deals = load_deals(&source, FileId(1), DealFormat::Yaml, &playbook.deal_context());
/// let today = Date::parse("2026-11-10").unwrap();
/// let explanation = explain(playbook, &compiled.sources, &deals[0].as_ref().unwrap().deal, today, None);
/// // `days since close_date > 14`: its first fact is the number of days.
/// let part = &explanation.rules[0].condition.as_ref().unwrap().parts[1];
/// assert_eq!(part.facts[0].value, Some(Shown::Plain("9".into())));
/// ```
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Shown {
    /// Shown as it is: a number, a date, a stage, `true`, one-word text.
    Plain(String),
    /// Text shown in quotes: empty, or with spaces or quotes in it.
    Quoted(String),
    /// No value.
    Missing,
    /// A duration.
    Days(i64),
    /// A record that is there.
    Present,
    /// A list, by its size.
    Items(usize),
    /// A filtered list: `count` of the `total` items passed the filter.
    Of {
        /// Items that passed.
        count: usize,
        /// Items in all.
        total: usize,
    },
    /// `all`: the condition held for `held` of the `total` items.
    Hold {
        /// Items it held for.
        held: usize,
        /// Items in all.
        total: usize,
    },
}

/// A value the explanation shows: an expression and what it was.
///
/// ```
/// use playbook::{compile_builtin, explain, load_deals, Shown, Date, DealFormat, FileId, Lang, Source};
///
/// let compiled = compile_builtin(Lang::En);
/// let playbook = compiled.playbook.as_ref().unwrap();
/// let yaml = "id: D-1\nstage: prospecting\nobjections:\n  - text: too expensive\n    resolved: false\n";
/// let source = Source::new("deal.yaml", None, yaml);
/// let deals = load_deals(&source, FileId(1), DealFormat::Yaml, &playbook.deal_context());
/// let deal = &deals[0].as_ref().unwrap().deal;
/// let today = Date::parse("2026-11-28").unwrap();
/// let explanation = explain(playbook, &compiled.sources, deal, today, Some("research-account"));
/// // `no activities where type is research`, on a deal without activities.
/// let part = &explanation.rules[0].condition.as_ref().unwrap().parts[1];
/// let fact = &part.facts[0];
/// assert_eq!(fact.expr, "activities");
/// assert_eq!(fact.value, Some(Shown::Missing));
/// assert!(fact.is_missing() && fact.list);
/// ```
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Fact {
    /// The expression, as written.
    pub expr: String,
    /// Its value (absent when the value was just shown: a define's
    /// expansion of the fact before it).
    pub value: Option<Shown>,
    /// Whether it is a list (shown as `expr: 2 of 5`).
    pub list: bool,
}

impl Fact {
    /// Whether it had no value.
    pub fn is_missing(&self) -> bool {
        self.value == Some(Shown::Missing)
    }
}

/// One side of a comparison written with a symbol (`a > b`).
///
/// ```
/// use playbook::{compile_text, explain, load_deals, Side, Date, DealFormat, FileId, Source};
///
/// let text = "playbook \"P\"\nstages\n  open \"Open\"\nrule follow-up\n  when stage is open and days since close_date > 14\n  recommend \"Call back\"\n";
/// let compiled = compile_text("p.playbook", text);
/// let playbook = compiled.playbook.as_ref().unwrap();
/// let source = Source::new("deal.yaml", None, "id: D-7\nstage: open\nclose_date: 2026-11-01\n");
/// let deals = load_deals(&source, FileId(1), DealFormat::Yaml, &playbook.deal_context());
/// let today = Date::parse("2026-11-10").unwrap();
/// let explanation = explain(playbook, &compiled.sources, &deals[0].as_ref().unwrap().deal, today, None);
/// let part = &explanation.rules[0].condition.as_ref().unwrap().parts[1];
/// let sides = &part.comparison.as_ref().unwrap().sides;
/// // `days since close_date` is a value, shown by the part's first two
/// // facts (the days, then the date they count from); `14` is written.
/// assert_eq!(sides[0], Side::Value { facts: 2 });
/// assert_eq!(part.facts[1].expr, "close_date");
/// assert_eq!(sides[1], Side::Written("14".into()));
/// ```
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Side {
    /// A literal, as written.
    Written(String),
    /// A value: the next `facts` facts of the part (its own first).
    Value {
        /// How many of the part's facts are this side's.
        facts: usize,
    },
}

/// A comparison written with a symbol, side by side:
/// `days since last_touch = 27 (...) > 14`.
///
/// ```
/// use playbook::{compile_text, explain, load_deals, Date, DealFormat, FileId, Source};
///
/// let text = "playbook \"P\"\nstages\n  open \"Open\"\nrule follow-up\n  when stage is open and days since close_date > 14\n  recommend \"Call back\"\n";
/// let compiled = compile_text("p.playbook", text);
/// let playbook = compiled.playbook.as_ref().unwrap();
/// let source = Source::new("deal.yaml", None, "id: D-7\nstage: open\nclose_date: 2026-11-01\n");
/// let deals = load_deals(&source, FileId(1), DealFormat::Yaml, &playbook.deal_context());
/// let today = Date::parse("2026-11-10").unwrap();
/// let explanation = explain(playbook, &compiled.sources, &deals[0].as_ref().unwrap().deal, today, None);
/// let part = &explanation.rules[0].condition.as_ref().unwrap().parts[1];
/// assert_eq!(part.text, "days since close_date > 14");
/// assert_eq!(part.comparison.as_ref().unwrap().op, ">");
/// ```
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Comparison {
    /// The operator as written.
    pub op: String,
    /// The two sides.
    pub sides: [Side; 2],
}

/// How a value would have to relate to another for a comparison to turn.
///
/// ```
/// use playbook::{compile_builtin, explain, load_deals, Change, Hint, Relation, Date, DealFormat, FileId, Lang, Source};
///
/// let compiled = compile_builtin(Lang::En);
/// let playbook = compiled.playbook.as_ref().unwrap();
/// let yaml = "id: D-1\nstage: prospecting\nobjections:\n  - text: too expensive\n    resolved: false\n";
/// let source = Source::new("deal.yaml", None, yaml);
/// let deals = load_deals(&source, FileId(1), DealFormat::Yaml, &playbook.deal_context());
/// let deal = &deals[0].as_ref().unwrap().deal;
/// let today = Date::parse("2026-11-28").unwrap();
/// let explanation = explain(playbook, &compiled.sources, deal, today, Some("complete-account-profile"));
/// // `stage is at most contact` held; a stage after `contact` would silence the rule.
/// let Some(Hint::Turn { changes, .. }) = &explanation.rules[0].near_miss else { panic!() };
/// let Change::Were { relation, other, .. } = &changes[0] else { panic!() };
/// assert_eq!((relation, other.as_str()), (&Relation::After, "contact"));
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Relation {
    /// Equal to it.
    Is,
    /// Not equal to it.
    IsNot,
    /// A stage before it.
    Before,
    /// A stage before it or it.
    AtOrBefore,
    /// A stage after it.
    After,
    /// A stage after it or it.
    AtOrAfter,
    /// Compared with a symbol (`>`, `<=`).
    Symbol(&'static str),
}

/// One item of a list, described: `activity where type is research`.
///
/// ```
/// use playbook::{compile_builtin, explain, load_deals, Change, Hint, ItemOf, Date, DealFormat, FileId, Lang, Source};
///
/// let compiled = compile_builtin(Lang::En);
/// let playbook = compiled.playbook.as_ref().unwrap();
/// let yaml = "id: D-1\nstage: prospecting\nobjections:\n  - text: too expensive\n    resolved: false\n";
/// let source = Source::new("deal.yaml", None, yaml);
/// let deals = load_deals(&source, FileId(1), DealFormat::Yaml, &playbook.deal_context());
/// let deal = &deals[0].as_ref().unwrap().deal;
/// let today = Date::parse("2026-11-28").unwrap();
/// let explanation = explain(playbook, &compiled.sources, deal, today, Some("research-account"));
/// // `no activities where type is research`: one such activity would silence it.
/// let Some(Hint::Turn { changes, .. }) = &explanation.rules[0].near_miss else { panic!() };
/// let expected = ItemOf::Where { item: "activity".into(), condition: "type is research".into() };
/// assert_eq!(changes[0], Change::One { item: expected });
/// ```
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ItemOf {
    /// An item of a filtered list.
    Where {
        /// The item's kind.
        item: String,
        /// The filter, as written.
        condition: String,
    },
    /// An item of a kind: `contact`.
    Named(String),
    /// An item of a list whose items have no name.
    Unnamed,
}

/// One change of the deal that would turn a part around.
///
/// ```
/// use playbook::{compile_text, explain, load_deals, Change, Hint, Relation, Shown, Date, DealFormat, FileId, Source};
///
/// let text = "playbook \"P\"\nstages\n  open \"Open\"\nrule follow-up\n  when stage is open and days since close_date > 14\n  recommend \"Call back\"\n";
/// let compiled = compile_text("p.playbook", text);
/// let playbook = compiled.playbook.as_ref().unwrap();
/// let source = Source::new("deal.yaml", None, "id: D-7\nstage: open\nclose_date: 2026-11-01\n");
/// let deals = load_deals(&source, FileId(1), DealFormat::Yaml, &playbook.deal_context());
/// let today = Date::parse("2026-11-10").unwrap();
/// let explanation = explain(playbook, &compiled.sources, &deals[0].as_ref().unwrap().deal, today, None);
/// let Some(Hint::Turn { fired, changes, .. }) = &explanation.rules[0].near_miss else { panic!() };
/// assert!(!fired);
/// assert_eq!(changes[0], Change::Were {
///     subject: "days since close_date".into(),
///     relation: Relation::Symbol(">"),
///     other: "14".into(),
///     now: Shown::Plain("9".into()),
/// });
/// ```
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Change {
    /// `subject were RELATION other (it is NOW)`.
    Were {
        /// The value, as written.
        subject: String,
        /// How it would have to relate to `other`.
        relation: Relation,
        /// The other side, as written.
        other: String,
        /// Its value now.
        now: Shown,
    },
    /// `subject were [not] one of [list] (it is NOW)`.
    OneOf {
        /// The value, as written.
        subject: String,
        /// One of them (or not).
        one_of: bool,
        /// The choices, as written.
        list: Vec<String>,
        /// Its value now.
        now: Shown,
    },
    /// `subject were missing` / `present`.
    Presence {
        /// The value, as written.
        subject: String,
        /// Present (or missing).
        present: bool,
    },
    /// `list were empty (it has N items)`.
    Empty {
        /// The list, as written.
        list: String,
        /// Its items now.
        items: usize,
    },
    /// `list had one ITEM`.
    HadOne {
        /// The list, as written.
        list: String,
        /// Its item, described.
        item: ItemOf,
    },
    /// `there were no LIST (there are N)`.
    NoneOf {
        /// The list, as written, without its parentheses.
        list: String,
        /// Its items now.
        count: usize,
    },
    /// `there were one ITEM`.
    One {
        /// The item, described.
        item: ItemOf,
    },
    /// `condition held for every ITEM in list` / `failed for one`.
    Every {
        /// The condition, as written.
        condition: String,
        /// The kind of item.
        item: String,
        /// The list, as written.
        list: String,
        /// Held for every item (or failed for one).
        holds: bool,
    },
    /// `haystack [did not] contain[ed] needle`.
    Contains {
        /// The text searched.
        haystack: String,
        /// The text searched for.
        needle: String,
        /// Contained (or not).
        contains: bool,
    },
    /// `subject [did not] match[ed] "pattern"`.
    Matches {
        /// The text, as written.
        subject: String,
        /// The pattern.
        pattern: String,
        /// Matched (or not).
        matches: bool,
    },
    /// `subject were true (it is false)`.
    Value {
        /// The condition, as written.
        subject: String,
        /// The value it would need.
        want: bool,
        /// Its value now.
        now: Shown,
    },
}

/// The day on which the passing of time alone turns a rule around.
///
/// ```
/// use playbook::{compile_text, explain, load_deals, Hint, InTime, Date, DealFormat, FileId, Source};
///
/// let text = "playbook \"P\"\nstages\n  open \"Open\"\nrule follow-up\n  when stage is open and days since close_date > 14\n  recommend \"Call back\"\n";
/// let compiled = compile_text("p.playbook", text);
/// let playbook = compiled.playbook.as_ref().unwrap();
/// let source = Source::new("deal.yaml", None, "id: D-7\nstage: open\nclose_date: 2026-11-01\n");
/// let deals = load_deals(&source, FileId(1), DealFormat::Yaml, &playbook.deal_context());
/// let today = Date::parse("2026-11-10").unwrap();
/// let explanation = explain(playbook, &compiled.sources, &deals[0].as_ref().unwrap().deal, today, None);
/// // Nine days since the close date; the rule fires after fourteen.
/// let Some(Hint::Turn { time, .. }) = &explanation.rules[0].near_miss else { panic!() };
/// assert_eq!(time, &Some(InTime { date: "2026-11-16".into(), days: 6 }));
/// ```
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct InTime {
    /// The day.
    pub date: String,
    /// How many days from the run's date.
    pub days: i64,
}

/// A near-miss hint: what would turn a rule (or an item) around.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Hint {
    /// The one or two changes of the deal that would, the day on which
    /// time would, both, or neither.
    Turn {
        /// Whether the rule fired (so a change would silence it).
        fired: bool,
        /// The changes (none, one, or a pair, in the order written).
        changes: Vec<Change>,
        /// The day time alone would.
        time: Option<InTime>,
    },
    /// A `for each` rule over a list with no items.
    NoItems {
        /// The kind of item.
        item: String,
        /// The list, as written.
        list: String,
    },
}

impl Hint {
    /// The hint as a sentence in `lang`.
    ///
    /// ```
    /// use playbook::{Hint, Lang};
    ///
    /// let hint = Hint::NoItems { item: "objection".into(), list: "objections".into() };
    /// assert!(hint.sentence(Lang::En).contains("objections"));
    /// ```
    pub fn sentence(&self, lang: crate::words::Lang) -> String {
        crate::words::Message::Hint(self).render(lang)
    }
}
