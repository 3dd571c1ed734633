//! One CSV row as a deal (a JSON object in the deal model's shape) or as
//! an item of a related list, and the problem of a row that cannot be.

use serde_json::{Map, Value};

use super::cells;
use super::mapping::{Column, Kind, Mapping, Place, Section};
use super::text::field_span;
use crate::diagnostic::{Code, Diagnostic};
use crate::span::{Source, Sources, Span};
use crate::words::crm::{CrmWords, Form};
use crate::words::Lang;

/// Where a row is: its file and line, its text (for the underline).
#[derive(Clone, Debug)]
pub(crate) struct RowPlace<'a> {
    /// The file's name as given.
    pub(crate) name: &'a str,
    /// Its path.
    pub(crate) path: Option<&'a std::path::Path>,
    /// The row's first line.
    pub(crate) line: u64,
    /// The row as written.
    pub(crate) text: &'a str,
}

/// A problem with one row, ready to become a diagnostic in any `Sources`
/// (boxed: rows that read well pay only a pointer for it).
#[derive(Clone, Debug)]
pub(crate) struct RowProblem(Box<Problem>);

#[derive(Clone, Debug)]
struct Problem {
    code: Code,
    name: String,
    path: Option<std::path::PathBuf>,
    line: u64,
    text: String,
    span: std::ops::Range<usize>,
    message: String,
    help: Option<String>,
}

impl RowProblem {
    fn new(
        code: Code,
        place: &RowPlace,
        fields: &[String],
        index: Option<usize>,
        message: String,
        help: Option<String>,
    ) -> RowProblem {
        let span = match index {
            Some(i) => field_span(place.text, fields, i),
            None => 0..place.text.trim_end_matches(['\r', '\n']).len(),
        };
        RowProblem(Box::new(Problem {
            code,
            name: place.name.to_string(),
            path: place.path.map(std::path::Path::to_path_buf),
            line: place.line,
            text: place.text.to_string(),
            span,
            message,
            help,
        }))
    }

    /// The diagnostic, its row's text added to `sources`.
    pub(crate) fn diagnostic(&self, sources: &mut Sources) -> Diagnostic {
        let problem = &self.0;
        let file = sources.add(Source::fragment(
            problem.name.clone(),
            problem.path.clone(),
            problem.text.as_str(),
            problem.line as usize,
        ));
        let mut diagnostic = Diagnostic::new(problem.code, problem.message.clone()).at(
            file,
            Span::new(problem.span.start, problem.span.end),
            "",
        );
        diagnostic.help = problem.help.clone();
        diagnostic
    }

    /// A related row's orphan warning (W009), pointing at its key.
    pub(crate) fn from_place(
        place: &RowPlace,
        fields: &[String],
        key: usize,
        message: CrmWords,
        help: CrmWords,
    ) -> RowProblem {
        RowProblem::new(
            Code::OrphanRow,
            place,
            fields,
            Some(key),
            message.render(Lang::En),
            Some(help.render(Lang::En)),
        )
    }

    /// Its file and line, to sort by.
    pub(crate) fn order(&self) -> (&str, u64) {
        (&self.0.name, self.0.line)
    }
}

/// A row's columns: for each mapped column, its position in the header.
#[derive(Clone, Debug, Default)]
pub(crate) struct Layout {
    /// (position in the header, column of the section).
    pub(crate) columns: Vec<(usize, usize)>,
    /// Position of the key column (related) or of the id column (deals).
    pub(crate) key: usize,
    /// Position of the stage column (deals).
    pub(crate) stage: Option<usize>,
}

/// What a deals row is.
pub(crate) enum DealRow {
    /// A deal to evaluate, as JSON, with its id.
    Deal(String, Map<String, Value>),
    /// A deal mapped to `closed`: counted, not evaluated.
    Closed,
}

fn cell(fields: &[String], index: usize) -> &str {
    fields.get(index).map_or("", String::as_str)
}

/// Reads one value of a column; `Ok(None)` for a missing cell.
fn value(
    column: &Column,
    raw: &str,
    section: &Section,
    mapping: &Mapping,
) -> Result<Option<(Value, Option<String>)>, Form<'static>> {
    if cells::is_missing(raw) {
        return Ok(None);
    }
    let raw = raw.trim();
    // `values` says what a CRM value means; the meaning is then read as
    // the field's type (`nein: false` for a boolean).
    let raw = section
        .values
        .get(&column.field)
        .and_then(|table| table.get(raw))
        .map_or(raw, String::as_str);
    let spelling = &mapping.spelling;
    Ok(Some(match column.kind {
        Kind::Text | Kind::Symbol | Kind::Stage => (Value::String(raw.to_string()), None),
        Kind::TextList => (Value::Array(vec![Value::String(raw.to_string())]), None),
        Kind::Number | Kind::Percent => {
            let percent = column.kind == Kind::Percent;
            let (n, code) = cells::number(raw, spelling, percent).ok_or(if percent {
                Form::Percent
            } else {
                Form::Number {
                    decimal_comma: spelling.decimal_comma,
                }
            })?;
            // Whole numbers stay whole (`120000`, not `120000.0`) in
            // what `import` writes.
            let whole = n.fract() == 0.0 && n.abs() < 1e15;
            let number = if whole {
                Some(serde_json::Number::from(n as i64))
            } else {
                serde_json::Number::from_f64(n)
            }
            .ok_or(Form::Number {
                decimal_comma: spelling.decimal_comma,
            })?;
            (Value::Number(number), code)
        }
        Kind::Bool => (Value::Bool(cells::boolean(raw).ok_or(Form::Bool)?), None),
        Kind::Date => {
            let date = cells::date(raw, spelling).ok_or(Form::Date { formats: "" })?;
            let (y, m, d) = date.ymd();
            (Value::String(format!("{y:04}-{m:02}-{d:02}")), None)
        }
    }))
}

fn bad_cell(
    place: &RowPlace,
    fields: &[String],
    index: usize,
    header: &str,
    column: &Column,
    form: Form,
    mapping: &Mapping,
) -> RowProblem {
    let formats = mapping.spelling.dates.join(" or ");
    let form = match form {
        Form::Date { .. } => Form::Date { formats: &formats },
        other => other,
    };
    let code = match form {
        Form::Date { .. } => Code::DealDate,
        _ => Code::DealType,
    };
    RowProblem::new(
        code,
        place,
        fields,
        Some(index),
        CrmWords::BadCell {
            column: header,
            value: cell(fields, index),
            field: &column.field,
        }
        .render(Lang::En),
        Some(CrmWords::Expected(form).render(Lang::En)),
    )
}

/// One deals row as a deal, or the problem that costs it.
pub(crate) fn deal(
    mapping: &Mapping,
    layout: &Layout,
    header: &[String],
    fields: &[String],
    place: &RowPlace,
    stages: &[String],
) -> Result<DealRow, RowProblem> {
    let section = &mapping.deals;
    let mut deal = Map::new();
    let mut code_seen = None;
    let mut currency_mapped = false;
    for &(index, column_index) in &layout.columns {
        let Some(column) = section.columns.get(column_index) else {
            continue;
        };
        let header_name = cell(header, index);
        let raw = cell(fields, index);
        if column.kind == Kind::Stage {
            continue;
        }
        currency_mapped |= column.place == Place::Field("currency");
        let read = value(column, raw, section, mapping)
            .map_err(|form| bad_cell(place, fields, index, header_name, column, form, mapping))?;
        let Some((value, code)) = read else { continue };
        if column.place == Place::Field("amount") {
            code_seen = code_seen.or(code);
        }
        put(&mut deal, &column.place, value);
    }
    if !currency_mapped || !deal.contains_key("currency") {
        if let Some(code) = code_seen {
            deal.entry("currency").or_insert(Value::String(code));
        }
    }
    let id_column = cell(header, layout.key);
    if !deal.get("id").is_some_and(Value::is_string) {
        return Err(RowProblem::new(
            Code::DealRequired,
            place,
            fields,
            Some(layout.key),
            CrmWords::RequiredEmpty {
                column: id_column,
                field: "id",
            }
            .render(Lang::En),
            None,
        ));
    }
    let Some(stage_index) = layout.stage else {
        return Err(RowProblem::new(
            Code::DealRequired,
            place,
            fields,
            None,
            String::new(),
            None,
        ));
    };
    let stage_column = cell(header, stage_index);
    let crm_stage = cell(fields, stage_index).trim();
    if cells::is_missing(crm_stage) {
        return Err(RowProblem::new(
            Code::DealRequired,
            place,
            fields,
            Some(stage_index),
            CrmWords::RequiredEmpty {
                column: stage_column,
                field: "stage",
            }
            .render(Lang::En),
            None,
        ));
    }
    let stage = match mapping.stages.get(crm_stage) {
        Some(stage) => stage.clone(),
        // A CRM stage spelt as the playbook's own stage needs no entry.
        None if stages.iter().any(|s| s == crm_stage) => crm_stage.to_string(),
        None => {
            let help = match crate::diagnostic::suggest(
                crm_stage,
                mapping.stages.keys().map(String::as_str),
            ) {
                Some(close) => crate::words::did_you_mean(close),
                None => CrmWords::AddStage {
                    value: crm_stage,
                    example: stages.first().map_or("closing", String::as_str),
                }
                .render(Lang::En),
            };
            return Err(RowProblem::new(
                Code::DealStage,
                place,
                fields,
                Some(stage_index),
                CrmWords::UnmappedStage {
                    value: crm_stage,
                    column: stage_column,
                }
                .render(Lang::En),
                Some(help),
            ));
        }
    };
    if stage == "closed" {
        return Ok(DealRow::Closed);
    }
    deal.insert("stage".to_string(), Value::String(stage));
    let id = match deal.get("id") {
        Some(Value::String(id)) => id.clone(),
        _ => String::new(),
    };
    Ok(DealRow::Deal(id, deal))
}

/// One related row as an item of its list, and its key.
pub(crate) fn item(
    mapping: &Mapping,
    section: &Section,
    layout: &Layout,
    header: &[String],
    fields: &[String],
    place: &RowPlace,
) -> Result<(String, Map<String, Value>), RowProblem> {
    let mut item = Map::new();
    for &(index, column_index) in &layout.columns {
        let Some(column) = section.columns.get(column_index) else {
            continue;
        };
        let read = value(column, cell(fields, index), section, mapping).map_err(|form| {
            bad_cell(
                place,
                fields,
                index,
                cell(header, index),
                column,
                form,
                mapping,
            )
        })?;
        if let Some((value, _)) = read {
            put(&mut item, &column.place, value);
        }
    }
    Ok((cell(fields, layout.key).trim().to_string(), item))
}

/// Puts a value at its place in a deal or an item.
fn put(object: &mut Map<String, Value>, place: &Place, value: Value) {
    match place {
        Place::Field(name) => {
            object.insert((*name).to_string(), value);
        }
        Place::Custom(name) => {
            if let Value::Object(custom) = object
                .entry("custom")
                .or_insert_with(|| Value::Object(Map::new()))
            {
                custom.insert(name.clone(), value);
            }
        }
        Place::InRecord(record, field) => {
            if let Value::Object(inner) = object
                .entry(*record)
                .or_insert_with(|| Value::Object(Map::new()))
            {
                inner.insert((*field).to_string(), value);
            }
        }
        Place::InItem(list, field) => {
            let entry = object
                .entry(*list)
                .or_insert_with(|| Value::Array(vec![Value::Object(Map::new())]));
            if let Value::Array(items) = entry {
                if let Some(Value::Object(first)) = items.first_mut() {
                    first.insert((*field).to_string(), value);
                }
            }
        }
    }
}
