//! Mapping files: which CSV column is which deal field, which CRM stage is
//! which playbook stage, how values are written. Read from YAML, merged
//! over the mapping they `extends`, and checked against the deal model and
//! the playbook (its stages, its custom fields) before any row is read.

use std::collections::BTreeMap;
use std::path::Path;

use serde::Deserialize;

use super::cells::Spelling;
use crate::ast::FieldType;
use crate::deal::schema::{FieldKind, RecordSchema};
use crate::deal::{DealContext, DEAL};
use crate::words::crm::CrmWords;
use crate::words::Lang;

/// The presets shipped with the binary: name and mapping file.
pub(crate) const PRESETS: &[(&str, &str)] = &[
    ("salesforce", include_str!("presets/salesforce.map.yaml")),
    ("hubspot", include_str!("presets/hubspot.map.yaml")),
];

/// The largest mapping file read.
const MAX_MAPPING_BYTES: u64 = 1 << 20;

/// How deep `extends` may chain.
const MAX_EXTENDS: usize = 8;

/// The YAML of a mapping file, before merging and checking.
#[derive(Deserialize, Default, Debug, Clone)]
#[serde(deny_unknown_fields)]
struct MappingFile {
    extends: Option<String>,
    encoding: Option<String>,
    delimiter: Option<String>,
    dates: Option<Vec<String>>,
    decimal: Option<String>,
    deals: Option<SectionFile>,
    related: Option<BTreeMap<String, SectionFile>>,
}

#[derive(Deserialize, Default, Debug, Clone)]
#[serde(deny_unknown_fields)]
struct SectionFile {
    key: Option<OneOrMany>,
    columns: Option<BTreeMap<String, String>>,
    stages: Option<BTreeMap<String, String>>,
    values: Option<BTreeMap<String, BTreeMap<String, String>>>,
}

#[derive(Deserialize, Debug, Clone)]
#[serde(untagged)]
enum OneOrMany {
    One(String),
    Many(Vec<String>),
}

/// The type a column's cells are read as.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Kind {
    /// As written.
    Text,
    /// As written, or through the section's `values`.
    Symbol,
    /// A number.
    Number,
    /// A number or a percentage.
    Percent,
    /// A boolean.
    Bool,
    /// A date.
    Date,
    /// The deal's stage, through `stages`.
    Stage,
    /// A list of text, one item.
    TextList,
}

/// Where a column's value goes in the deal (or in a related item).
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) enum Place {
    /// A field of the deal (or of the related item).
    Field(&'static str),
    /// A field of a record of the deal (`account.name`).
    InRecord(&'static str, &'static str),
    /// A field of the one item of a list the deal's row fills
    /// (`next_steps.text`).
    InItem(&'static str, &'static str),
    /// A declared custom field.
    Custom(String),
}

/// One mapped column.
#[derive(Clone, Debug)]
pub(crate) struct Column {
    /// The CSV header.
    pub(crate) header: String,
    /// The field as the mapping writes it (`account.name`).
    pub(crate) field: String,
    /// Where the value goes.
    pub(crate) place: Place,
    /// How cells are read.
    pub(crate) kind: Kind,
    /// Written in the user's own mapping (not inherited from a preset):
    /// such a column absent from the header is an error.
    pub(crate) own: bool,
}

/// The deals section, or a related one.
#[derive(Clone, Debug, Default)]
pub(crate) struct Section {
    /// The section's name (`deals`, `activities`).
    pub(crate) name: String,
    /// For a related section: the columns holding the deal's id, in turn.
    pub(crate) keys: Vec<String>,
    /// The mapped columns.
    pub(crate) columns: Vec<Column>,
    /// CRM value → playbook symbol, per field.
    pub(crate) values: BTreeMap<String, BTreeMap<String, String>>,
}

/// A mapping, merged and checked against a playbook.
#[derive(Clone, Debug)]
pub(crate) struct Mapping {
    /// The declared encoding, or `None` (UTF-8, a byte-order mark decides).
    pub(crate) encoding: Option<&'static encoding_rs::Encoding>,
    /// The declared delimiter, or `None` (`,`, tab for `.tsv`).
    pub(crate) delimiter: Option<u8>,
    /// How values are written.
    pub(crate) spelling: Spelling,
    /// The deals section.
    pub(crate) deals: Section,
    /// CRM stage → playbook stage or `closed`.
    pub(crate) stages: BTreeMap<String, String>,
    /// The related sections.
    pub(crate) related: Vec<Section>,
}

impl Mapping {
    /// The delimiter for a file: declared, else by extension.
    pub(crate) fn delimiter_for(&self, path: Option<&Path>) -> u8 {
        self.delimiter.unwrap_or_else(|| {
            let tsv = path
                .and_then(Path::extension)
                .is_some_and(|e| e.eq_ignore_ascii_case("tsv"));
            if tsv {
                b'\t'
            } else {
                b','
            }
        })
    }
}

/// A mapping that cannot be used: what is wrong, and the mapping text
/// (when it was read) with where.
#[derive(Debug)]
pub(crate) struct MappingError {
    /// The name shown.
    pub(crate) name: String,
    /// The mapping's text, when there is one.
    pub(crate) text: String,
    /// Where in it (byte range).
    pub(crate) span: std::ops::Range<usize>,
    /// What is wrong.
    pub(crate) message: String,
    /// How to fix it.
    pub(crate) help: Option<String>,
}

impl MappingError {
    fn new(name: &str, text: &str, message: CrmWords, near: Option<&str>) -> MappingError {
        let span = near
            .and_then(|word| text.find(word).map(|at| at..at + word.len()))
            .unwrap_or(0..0);
        MappingError {
            name: name.to_string(),
            text: text.to_string(),
            span,
            message: message.render(Lang::En),
            help: None,
        }
    }

    fn help(mut self, help: String) -> MappingError {
        self.help = Some(help);
        self
    }
}

/// The text of a preset, for `import --print-map`.
pub(crate) fn preset(name: &str) -> Option<&'static str> {
    PRESETS.iter().find(|(n, _)| *n == name).map(|(_, t)| *t)
}

/// Reads the mapping `spec` names (a preset or a path) and checks it
/// against the playbook's deal context.
pub(crate) fn load(spec: &str, context: &DealContext) -> Result<Mapping, MappingError> {
    let (file, text) = read_chain(spec, 0)?;
    resolve(spec, &text, file, context)
}

/// A mapping from its text (named `name` in messages), checked against
/// the playbook's deal context.
pub(crate) fn load_text(
    name: &str,
    text: &str,
    context: &DealContext,
) -> Result<Mapping, MappingError> {
    let (merged, text) = chain_from_text(name, text.to_string(), None, true, 0)?;
    resolve(name, &text, merged, context)
}

/// Reads one mapping file and what it extends, merged. Columns of a
/// preset are marked as inherited.
fn read_chain(spec: &str, depth: usize) -> Result<(Merged, String), MappingError> {
    if depth > MAX_EXTENDS {
        return Err(MappingError::new(
            spec,
            "",
            CrmWords::ExtendsTooDeep { name: spec },
            None,
        ));
    }
    let (text, own) = match preset(spec) {
        Some(text) => (text.to_string(), false),
        None => {
            let path = Path::new(spec);
            if !path.exists() && !spec.contains(['/', '\\', '.']) {
                return Err(MappingError::new(
                    spec,
                    "",
                    CrmWords::UnknownPreset { name: spec },
                    None,
                )
                .help(CrmWords::Presets.render(Lang::En)));
            }
            let bytes = crate::files::read_bounded(path, MAX_MAPPING_BYTES).map_err(|reason| {
                MappingError::new(
                    spec,
                    "",
                    CrmWords::MappingUnreadable {
                        name: spec,
                        reason: &reason,
                    },
                    None,
                )
            })?;
            let bytes = bytes
                .strip_prefix(crate::files::BYTE_ORDER_MARK)
                .unwrap_or(&bytes);
            match String::from_utf8(bytes.to_vec()) {
                Ok(text) => (text, true),
                Err(_) => {
                    return Err(MappingError::new(
                        spec,
                        "",
                        CrmWords::MappingUnreadable {
                            name: spec,
                            reason: "it is not UTF-8 text",
                        },
                        None,
                    ))
                }
            }
        }
    };
    // A mapping file extends another relative to its own folder.
    let folder = (own && preset(spec).is_none())
        .then(|| Path::new(spec).parent().map(Path::to_path_buf))
        .flatten();
    chain_from_text(spec, text, folder.as_deref(), own, depth)
}

/// A mapping's text (and what it extends), merged.
fn chain_from_text(
    spec: &str,
    text: String,
    folder: Option<&Path>,
    own: bool,
    depth: usize,
) -> Result<(Merged, String), MappingError> {
    let file: MappingFile = if text.trim().is_empty() {
        MappingFile::default()
    } else {
        crate::yaml::from_yaml(&text).map_err(|error| {
            let reason = match &error.problem {
                crate::yaml::YamlProblem::WrongType { found, expected } => {
                    format!("expected {expected}, found {found}")
                }
                crate::yaml::YamlProblem::Words(words)
                | crate::yaml::YamlProblem::InvalidValue(words) => words.clone(),
                crate::yaml::YamlProblem::TooDeep => "it is nested too deep".to_string(),
                crate::yaml::YamlProblem::AliasRepetition => {
                    "its aliases repeat values past the limit".to_string()
                }
            };
            let mut problem = MappingError::new(
                spec,
                &text,
                CrmWords::MappingSyntax {
                    name: spec,
                    reason: &reason,
                },
                None,
            );
            if let Some((line, column)) = error.position {
                let source = crate::span::Source::new(spec, None, text.as_str());
                let at = source.offset(line, column);
                problem.span = at..at;
            }
            problem
        })?
    };
    let mut merged = match &file.extends {
        Some(parent) => {
            let relative = match folder {
                Some(folder) if preset(parent).is_none() && Path::new(parent).is_relative() => {
                    folder.join(parent).display().to_string()
                }
                _ => parent.clone(),
            };
            read_chain(&relative, depth + 1)?.0
        }
        None => Merged::default(),
    };
    merged.apply(file, own);
    Ok((merged, text))
}

/// Mapping files merged, not yet checked.
#[derive(Default, Debug)]
struct Merged {
    encoding: Option<String>,
    delimiter: Option<String>,
    dates: Option<Vec<String>>,
    decimal: Option<String>,
    deals: MergedSection,
    stages: BTreeMap<String, String>,
    related: BTreeMap<String, MergedSection>,
}

#[derive(Default, Debug)]
struct MergedSection {
    keys: Vec<String>,
    columns: BTreeMap<String, (String, bool)>,
    values: BTreeMap<String, BTreeMap<String, String>>,
}

impl MergedSection {
    fn apply(&mut self, section: SectionFile, own: bool) {
        if let Some(key) = section.key {
            self.keys = match key {
                OneOrMany::One(key) => vec![key],
                OneOrMany::Many(keys) => keys,
            };
        }
        for (header, field) in section.columns.unwrap_or_default() {
            self.columns.insert(header, (field, own));
        }
        for (field, table) in section.values.unwrap_or_default() {
            self.values.entry(field).or_default().extend(table);
        }
    }
}

impl Merged {
    fn apply(&mut self, file: MappingFile, own: bool) {
        let settings = [
            (&mut self.encoding, file.encoding),
            (&mut self.delimiter, file.delimiter),
            (&mut self.decimal, file.decimal),
        ];
        for (slot, value) in settings {
            if value.is_some() {
                *slot = value;
            }
        }
        if file.dates.is_some() {
            self.dates = file.dates;
        }
        if let Some(mut deals) = file.deals {
            // A mapping's `stages` replaces the one it extends: a preset's
            // stages belong to the built-in playbook.
            if let Some(stages) = deals.stages.take() {
                self.stages = stages;
            }
            self.deals.apply(deals, own);
        }
        for (name, section) in file.related.unwrap_or_default() {
            self.related.entry(name).or_default().apply(section, own);
        }
    }
}

fn resolve(
    spec: &str,
    text: &str,
    merged: Merged,
    context: &DealContext,
) -> Result<Mapping, MappingError> {
    let bad_setting = |setting: &str, value: &str, allowed: &str| {
        MappingError::new(
            spec,
            text,
            CrmWords::BadSetting {
                setting,
                value,
                allowed,
            },
            Some(value),
        )
    };
    let encoding = match merged.encoding.as_deref().map(str::to_ascii_lowercase) {
        None => None,
        Some(name) => Some(match name.as_str() {
            "utf-8" | "utf8" => encoding_rs::UTF_8,
            "utf-16" | "utf16" | "utf-16le" => encoding_rs::UTF_16LE,
            "utf-16be" => encoding_rs::UTF_16BE,
            "gb18030" | "gbk" | "gb2312" => encoding_rs::GB18030,
            _ => {
                return Err(bad_setting(
                    "encoding",
                    merged.encoding.as_deref().unwrap_or_default(),
                    "`utf-8`, `utf-16` or `gb18030`",
                ))
            }
        }),
    };
    let delimiter = match merged.delimiter.as_deref() {
        None => None,
        Some("\t" | "tab" | "\\t") => Some(b'\t'),
        Some(d) if d.len() == 1 && d.is_ascii() && d != "\"" => d.bytes().next(),
        Some(d) => {
            return Err(bad_setting(
                "delimiter",
                d,
                "one character, such as `,`, `;` or `tab`",
            ))
        }
    };
    let decimal_comma = match merged.decimal.as_deref() {
        None | Some(".") => false,
        Some(",") => true,
        Some(d) => return Err(bad_setting("decimal", d, "`.` or `,`")),
    };
    let dates = merged
        .dates
        .unwrap_or_else(|| vec!["YYYY-MM-DD".to_string()]);
    if let Some(bad) = dates.iter().find(|f| !super::cells::is_date_format(f)) {
        return Err(bad_setting(
            "dates",
            bad,
            "formats made of `YYYY`, `MM` and `DD`, such as `MM/DD/YYYY`",
        ));
    }
    for (crm, stage) in &merged.stages {
        if stage != "closed" && !context.stages.iter().any(|s| s == stage) {
            let stages = context
                .stages
                .iter()
                .map(|s| format!("`{s}`"))
                .collect::<Vec<_>>()
                .join(", ");
            let mut problem = MappingError::new(
                spec,
                text,
                CrmWords::StageNotInPlaybook { value: crm, stage },
                Some(stage),
            )
            .help(CrmWords::PlaybookStages { stages: &stages }.render(Lang::En));
            if let Some(close) =
                crate::diagnostic::suggest(stage, context.stages.iter().map(String::as_str))
            {
                problem.help = Some(crate::words::did_you_mean(close));
            }
            return Err(problem);
        }
    }
    let deals = section(spec, text, "deals", merged.deals, &DEAL, true, context)?;
    let mut related = Vec::new();
    for (name, merged_section) in merged.related {
        let Some(schema) = DEAL.field(&name).and_then(|(_, def)| match def.kind {
            FieldKind::List(schema) => Some(schema),
            _ => None,
        }) else {
            return Err(MappingError::new(
                spec,
                text,
                CrmWords::UnknownList { section: &name },
                Some(&name),
            ));
        };
        if merged_section.keys.is_empty() {
            return Err(MappingError::new(
                spec,
                text,
                CrmWords::NoKey { section: &name },
                Some(&name),
            ));
        }
        related.push(section(
            spec,
            text,
            &name,
            merged_section,
            schema,
            false,
            context,
        )?);
    }
    Ok(Mapping {
        encoding,
        delimiter,
        spelling: Spelling {
            dates,
            decimal_comma,
        },
        deals,
        stages: merged.stages,
        related,
    })
}

fn section(
    spec: &str,
    text: &str,
    name: &str,
    merged: MergedSection,
    schema: &'static RecordSchema,
    is_deal: bool,
    context: &DealContext,
) -> Result<Section, MappingError> {
    let mut columns = Vec::new();
    for (header, (field, own)) in merged.columns {
        let unknown = || {
            let candidates: Vec<String> = field_names(schema, is_deal, context);
            let problem = MappingError::new(
                spec,
                text,
                CrmWords::UnknownField {
                    field: &field,
                    column: &header,
                },
                Some(&field),
            );
            match crate::diagnostic::suggest(&field, candidates.iter().map(String::as_str)) {
                Some(close) => problem.help(crate::words::did_you_mean(close)),
                None => problem,
            }
        };
        let (place, kind) = target(&field, schema, is_deal, context).ok_or_else(unknown)?;
        columns.push(Column {
            header,
            field,
            place,
            kind,
            own,
        });
    }
    Ok(Section {
        name: name.to_string(),
        keys: merged.keys,
        columns,
        values: merged.values,
    })
}

fn kind_of(kind: FieldKind, name: &str) -> Option<Kind> {
    Some(match kind {
        FieldKind::Text => Kind::Text,
        FieldKind::Symbol => Kind::Symbol,
        FieldKind::Number if name == "probability" => Kind::Percent,
        FieldKind::Number => Kind::Number,
        FieldKind::Bool => Kind::Bool,
        FieldKind::Date => Kind::Date,
        FieldKind::Stage => Kind::Stage,
        FieldKind::TextList => Kind::TextList,
        FieldKind::Record(_) | FieldKind::List(_) | FieldKind::Custom => return None,
    })
}

fn custom_kind(field_type: FieldType) -> Kind {
    match field_type {
        FieldType::Text => Kind::Text,
        FieldType::Number => Kind::Number,
        FieldType::Bool => Kind::Bool,
        FieldType::Date => Kind::Date,
    }
}

/// What a mapping's field path means: `stage`, `account.name`,
/// `next_steps.text`, `custom.budget_confirmed` (for the deals section),
/// or an item's field (for a related one).
fn target(
    field: &str,
    schema: &'static RecordSchema,
    is_deal: bool,
    context: &DealContext,
) -> Option<(Place, Kind)> {
    if let Some(custom) = field.strip_prefix("custom.").filter(|_| is_deal) {
        let (_, field_type) = context.custom.iter().find(|(name, _)| name == custom)?;
        return Some((Place::Custom(custom.to_string()), custom_kind(*field_type)));
    }
    match field.split_once('.') {
        None => {
            let (_, def) = schema.field(field)?;
            Some((Place::Field(def.name), kind_of(def.kind, def.name)?))
        }
        Some((outer, inner)) if is_deal => {
            let (_, def) = schema.field(outer)?;
            let (inner_schema, in_item) = match def.kind {
                FieldKind::Record(s) => (s, false),
                FieldKind::List(s) => (s, true),
                _ => return None,
            };
            let (_, inner_def) = inner_schema.field(inner)?;
            let kind = kind_of(inner_def.kind, inner_def.name)?;
            let place = if in_item {
                Place::InItem(def.name, inner_def.name)
            } else {
                Place::InRecord(def.name, inner_def.name)
            };
            Some((place, kind))
        }
        Some(_) => None,
    }
}

/// Every field path a section may map to, for "did you mean".
fn field_names(schema: &'static RecordSchema, is_deal: bool, context: &DealContext) -> Vec<String> {
    let mut names = Vec::new();
    for def in schema.fields {
        match def.kind {
            FieldKind::Record(inner) | FieldKind::List(inner) if is_deal => {
                names.extend(
                    inner
                        .fields
                        .iter()
                        .map(|f| format!("{}.{}", def.name, f.name)),
                );
            }
            FieldKind::Custom => {
                names.extend(context.custom.iter().map(|(n, _)| format!("custom.{n}")));
            }
            _ => names.push(def.name.to_string()),
        }
    }
    names
}
