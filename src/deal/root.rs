//! The deal itself: the top-level record, read with the playbook's stages
//! and custom fields in hand so that a wrong stage or an undeclared custom
//! field is reported where it stands in the file.

use std::fmt;

use serde::de::{self, DeserializeSeed, Deserializer, MapAccess, Visitor};

use super::model::{
    optional, read_fields, Account, Activity, Competitor, Contact, KeyText, Need, NextStep,
    Objection, Question, Reader, Snooze, ACCOUNT, ACTIVITY, COMPETITOR, CONTACT, NEED, NEXT_STEP,
    OBJECTION, QUESTION, SNOOZE,
};
use super::problem::{DealProblem, Expected};
use super::schema::{FieldDef, FieldKind, RecordSchema};
use crate::ast::FieldType;
use crate::date::Date;
use crate::diagnostic::suggest;
use crate::value::{AsValue, Record, Value};

/// One sales opportunity.
///
/// ```
/// let playbook = playbook::builtin(playbook::Lang::En);
/// let source = playbook::Source::new("d.yaml", None, "id: D-7\nname: Acme renewal\nstage: value-delivery\namount: 45000\n");
/// let deals = playbook::load_deals(&source, playbook::FileId(0), playbook::DealFormat::Yaml, &playbook.deal_context());
/// let deal = &deals[0].as_ref().unwrap().deal;
/// assert_eq!((deal.id.as_str(), deal.stage.as_str(), deal.amount), ("D-7", "value-delivery", Some(45000.0)));
/// ```
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Deal {
    /// Unique within a run.
    pub id: String,
    /// The deal's name.
    pub name: Option<String>,
    /// The stage symbol as written.
    pub stage: String,
    /// The stage's position on the playbook's path (0 = first).
    pub stage_rank: u32,
    /// The rep who owns it.
    pub owner: Option<String>,
    /// Deal value.
    pub amount: Option<f64>,
    /// Currency code.
    pub currency: Option<String>,
    /// Win probability, 0..100.
    pub probability: Option<f64>,
    /// Expected close date.
    pub close_date: Option<Date>,
    /// When the deal was created.
    pub created: Option<Date>,
    /// When it entered its current stage.
    pub stage_entered: Option<Date>,
    /// The customer.
    pub account: Option<Account>,
    /// People at the customer.
    pub contacts: Option<Vec<Contact>>,
    /// What the rep did.
    pub activities: Option<Vec<Activity>>,
    /// Questions asked.
    pub questions: Option<Vec<Question>>,
    /// Needs expressed.
    pub needs: Option<Vec<Need>>,
    /// Objections raised.
    pub objections: Option<Vec<Objection>>,
    /// Competitors.
    pub competitors: Option<Vec<Competitor>>,
    /// Agreed next steps.
    pub next_steps: Option<Vec<NextStep>>,
    /// Custom fields, in the order the playbook declares them.
    pub custom: CustomValues,
    /// Actions put off on purpose.
    pub snoozed: Option<Vec<Snooze>>,
}

/// Custom field values, by the position of their declaration in the playbook.
///
/// ```
/// use playbook::{compile_text, load_deals, CustomValue, DealFormat, FileId, Source};
///
/// let compiled = compile_text("p", "playbook \"P\"\nstages\n  open\nfields\n  custom.budget number\n");
/// let playbook = compiled.playbook.unwrap();
/// let source = Source::new("d.yaml", None, "id: D-1\nstage: open\ncustom:\n  budget: 120\n");
/// let deals = load_deals(&source, FileId(0), DealFormat::Yaml, &playbook.deal_context());
/// let custom = &deals[0].as_ref().unwrap().deal.custom;
/// assert_eq!(custom.0, vec![Some(CustomValue::Number(120.0))]);
/// ```
#[derive(Debug, Clone, Default, PartialEq)]
pub struct CustomValues(pub Vec<Option<CustomValue>>);

/// A custom field value.
///
/// ```
/// use playbook::CustomValue;
///
/// assert_ne!(CustomValue::Bool(true), CustomValue::Text("true".into()));
/// ```
#[derive(Debug, Clone, PartialEq)]
pub enum CustomValue {
    /// `text`
    Text(String),
    /// `number`
    Number(f64),
    /// `bool`
    Bool(bool),
    /// `date`
    Date(Date),
}

impl Record for CustomValues {
    fn field(&self, index: usize) -> Value<'_> {
        match self.0.get(index) {
            Some(Some(CustomValue::Text(t))) => Value::Text(t),
            Some(Some(CustomValue::Number(n))) => Value::Number(*n),
            Some(Some(CustomValue::Bool(b))) => Value::Bool(*b),
            Some(Some(CustomValue::Date(d))) => Value::Date(*d),
            _ => Value::Missing,
        }
    }
}

/// The schema of a deal (positions match [`Deal`]'s `Record` impl).
pub(crate) static DEAL: RecordSchema = RecordSchema {
    name: "deal",
    fields: &[
        FieldDef {
            name: "id",
            kind: FieldKind::Text,
            vocabulary: &[],
        },
        FieldDef {
            name: "name",
            kind: FieldKind::Text,
            vocabulary: &[],
        },
        FieldDef {
            name: "stage",
            kind: FieldKind::Stage,
            vocabulary: &[],
        },
        FieldDef {
            name: "owner",
            kind: FieldKind::Text,
            vocabulary: &[],
        },
        FieldDef {
            name: "amount",
            kind: FieldKind::Number,
            vocabulary: &[],
        },
        FieldDef {
            name: "currency",
            kind: FieldKind::Text,
            vocabulary: &[],
        },
        FieldDef {
            name: "probability",
            kind: FieldKind::Number,
            vocabulary: &[],
        },
        FieldDef {
            name: "close_date",
            kind: FieldKind::Date,
            vocabulary: &[],
        },
        FieldDef {
            name: "created",
            kind: FieldKind::Date,
            vocabulary: &[],
        },
        FieldDef {
            name: "stage_entered",
            kind: FieldKind::Date,
            vocabulary: &[],
        },
        FieldDef {
            name: "account",
            kind: FieldKind::Record(&ACCOUNT),
            vocabulary: &[],
        },
        FieldDef {
            name: "contacts",
            kind: FieldKind::List(&CONTACT),
            vocabulary: &[],
        },
        FieldDef {
            name: "activities",
            kind: FieldKind::List(&ACTIVITY),
            vocabulary: &[],
        },
        FieldDef {
            name: "questions",
            kind: FieldKind::List(&QUESTION),
            vocabulary: &[],
        },
        FieldDef {
            name: "needs",
            kind: FieldKind::List(&NEED),
            vocabulary: &[],
        },
        FieldDef {
            name: "objections",
            kind: FieldKind::List(&OBJECTION),
            vocabulary: &[],
        },
        FieldDef {
            name: "competitors",
            kind: FieldKind::List(&COMPETITOR),
            vocabulary: &[],
        },
        FieldDef {
            name: "next_steps",
            kind: FieldKind::List(&NEXT_STEP),
            vocabulary: &[],
        },
        FieldDef {
            name: "custom",
            kind: FieldKind::Custom,
            vocabulary: &[],
        },
        FieldDef {
            name: "snoozed",
            kind: FieldKind::List(&SNOOZE),
            vocabulary: &[],
        },
    ],
};

impl Record for Deal {
    fn field(&self, index: usize) -> Value<'_> {
        match index {
            0 => Value::Text(&self.id),
            1 => self.name.as_value(),
            2 => Value::Stage(self.stage_rank),
            3 => self.owner.as_value(),
            4 => self.amount.as_value(),
            5 => self.currency.as_value(),
            6 => self.probability.as_value(),
            7 => self.close_date.as_value(),
            8 => self.created.as_value(),
            9 => self.stage_entered.as_value(),
            10 => self.account.as_value(),
            11 => self.contacts.as_value(),
            12 => self.activities.as_value(),
            13 => self.questions.as_value(),
            14 => self.needs.as_value(),
            15 => self.objections.as_value(),
            16 => self.competitors.as_value(),
            17 => self.next_steps.as_value(),
            18 => Value::Record(&self.custom),
            19 => self.snoozed.as_value(),
            _ => Value::Missing,
        }
    }
}

/// What a deal file is checked against: the playbook's stages and its
/// declared custom fields.
///
/// ```
/// let context = playbook::builtin(playbook::Lang::En).deal_context();
/// assert_eq!(context.stages[0], "prospecting");
/// ```
#[derive(Debug, Clone, Default)]
pub struct DealContext {
    /// Stage symbols in path order.
    pub stages: Vec<String>,
    /// Declared custom fields (without the `custom.` prefix) and their types.
    pub custom: Vec<(String, FieldType)>,
}

/// Reads one deal with a [`Reader`] (the playbook's [`DealContext`] and
/// where a problem is kept).
pub(crate) struct DealSeed<'r, 'c>(pub(crate) &'r Reader<'c>);

impl<'de> DeserializeSeed<'de> for DealSeed<'_, '_> {
    type Value = Deal;
    fn deserialize<D: Deserializer<'de>>(self, deserializer: D) -> Result<Deal, D::Error> {
        deserializer.deserialize_map(self)
    }
}

/// A text field that also takes a number (CRM exports often have numeric IDs).
struct IdText<'r, 'c>(&'r Reader<'c>);

impl Visitor<'_> for IdText<'_, '_> {
    type Value = String;
    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        self.0.expecting(f, Expected::Id)
    }
    fn visit_str<E: de::Error>(self, v: &str) -> Result<String, E> {
        self.0.check_text(v)?;
        Ok(v.to_string())
    }
    fn visit_i64<E: de::Error>(self, v: i64) -> Result<String, E> {
        Ok(v.to_string())
    }
    fn visit_u64<E: de::Error>(self, v: u64) -> Result<String, E> {
        Ok(v.to_string())
    }
    fn visit_f64<E: de::Error>(self, v: f64) -> Result<String, E> {
        Err(self.0.fail(DealProblem::IdNotWhole { id: v }))
    }
}

impl<'de> DeserializeSeed<'de> for IdText<'_, '_> {
    type Value = String;
    fn deserialize<D: Deserializer<'de>>(self, deserializer: D) -> Result<String, D::Error> {
        deserializer.deserialize_any(self)
    }
}

impl<'de> Visitor<'de> for DealSeed<'_, '_> {
    type Value = Deal;

    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        self.0.expecting(f, Expected::Deal)
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Deal, A::Error> {
        let reader = self.0;
        let stages = &reader.context.stages;
        let mut deal = Deal::default();
        let (mut has_id, mut has_stage) = (false, false);
        read_fields(&mut map, &DEAL, reader, |map, index| {
            match index {
                0 => {
                    deal.id = map.next_value_seed(IdText(reader))?;
                    has_id = true;
                }
                1 => deal.name = optional(map, reader)?,
                2 => {
                    let Some(stage) = optional::<String, _>(map, reader)? else {
                        return Err(reader.fail(DealProblem::EmptyStage {
                            stages: stages.clone(),
                        }));
                    };
                    deal.stage_rank = stage_rank(reader, &stage)?;
                    deal.stage = stage;
                    has_stage = true;
                }
                3 => deal.owner = optional(map, reader)?,
                4 => deal.amount = optional(map, reader)?,
                5 => deal.currency = optional(map, reader)?,
                6 => deal.probability = optional(map, reader)?,
                7 => deal.close_date = optional(map, reader)?,
                8 => deal.created = optional(map, reader)?,
                9 => deal.stage_entered = optional(map, reader)?,
                10 => deal.account = optional(map, reader)?,
                11 => deal.contacts = optional(map, reader)?,
                12 => deal.activities = optional(map, reader)?,
                13 => deal.questions = optional(map, reader)?,
                14 => deal.needs = optional(map, reader)?,
                15 => deal.objections = optional(map, reader)?,
                16 => deal.competitors = optional(map, reader)?,
                17 => deal.next_steps = optional(map, reader)?,
                18 => {
                    deal.custom = map
                        .next_value_seed(CustomSeed(reader))?
                        .unwrap_or_else(|| CustomValues(vec![None; reader.context.custom.len()]))
                }
                _ => {
                    deal.snoozed = optional(map, reader)?;
                    let unexplained = deal.snoozed.iter().flatten().find(|s| s.reason.is_none());
                    if let Some(snooze) = unexplained {
                        return Err(reader.fail(DealProblem::SnoozeWithoutReason {
                            rule: snooze.rule.clone().unwrap_or_else(|| "?".to_string()),
                        }));
                    }
                }
            }
            Ok(())
        })?;
        if !has_id {
            return Err(reader.fail(DealProblem::MissingId));
        }
        if !has_stage {
            return Err(reader.fail(DealProblem::MissingStage {
                id: deal.id,
                stages: stages.clone(),
            }));
        }
        if deal.custom.0.len() < reader.context.custom.len() {
            deal.custom.0.resize(reader.context.custom.len(), None);
        }

        Ok(deal)
    }
}

fn stage_rank<E: de::Error>(reader: &Reader, stage: &str) -> Result<u32, E> {
    let stages = &reader.context.stages;
    match stages.iter().position(|s| s == stage) {
        Some(rank) => Ok(u32::try_from(rank).unwrap_or(u32::MAX)),
        None => Err(reader.fail(DealProblem::UnknownStage {
            found: stage.to_string(),
            stages: stages.clone(),
            close: suggest(stage, stages.iter().map(String::as_str)).map(str::to_string),
        })),
    }
}

/// Reads `custom:` against the playbook's declared fields.
struct CustomSeed<'r, 'c>(&'r Reader<'c>);

impl<'de> DeserializeSeed<'de> for CustomSeed<'_, '_> {
    type Value = Option<CustomValues>;
    fn deserialize<D: Deserializer<'de>>(self, deserializer: D) -> Result<Self::Value, D::Error> {
        deserializer.deserialize_option(self)
    }
}

impl<'de> Visitor<'de> for CustomSeed<'_, '_> {
    type Value = Option<CustomValues>;

    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        self.0.expecting(f, Expected::CustomFields)
    }

    fn visit_none<E: de::Error>(self) -> Result<Self::Value, E> {
        Ok(None)
    }

    fn visit_unit<E: de::Error>(self) -> Result<Self::Value, E> {
        Ok(None)
    }

    fn visit_some<D: Deserializer<'de>>(self, deserializer: D) -> Result<Self::Value, D::Error> {
        deserializer.deserialize_map(self)
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Self::Value, A::Error> {
        let reader = self.0;
        let declared = &reader.context.custom;
        let mut values = vec![None; declared.len()];
        while let Some(name) = map.next_key_seed(KeyText(reader))? {
            let Some(index) = declared.iter().position(|(n, _)| *n == name) else {
                // Fields the playbook does not read are kept out of the way,
                // unless the name is a near miss of one it does read: that is
                // a typo which would silently turn a rule off.
                if let Some(close) = suggest(&name, declared.iter().map(|(n, _)| n.as_str())) {
                    let close = close.to_string();
                    return Err(reader.fail(DealProblem::UndeclaredCustom { field: name, close }));
                }
                map.next_value::<de::IgnoredAny>()?;
                continue;
            };
            let Some((_, field_type)) = declared.get(index) else {
                continue;
            };
            let value = match field_type {
                FieldType::Text => optional::<String, _>(&mut map, reader)?.map(CustomValue::Text),
                FieldType::Number => optional::<f64, _>(&mut map, reader)?.map(CustomValue::Number),
                FieldType::Bool => optional::<bool, _>(&mut map, reader)?.map(CustomValue::Bool),
                FieldType::Date => optional::<Date, _>(&mut map, reader)?.map(CustomValue::Date),
            };
            if let Some(slot) = values.get_mut(index) {
                *slot = value;
            }
        }
        Ok(Some(CustomValues(values)))
    }
}
