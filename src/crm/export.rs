//! What a run shares about an export: the mapping, the related rows held
//! indexed by deal id (and whether each key met its deal), the closed
//! deals counted and the notes (report footers).

use std::collections::HashMap;
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::sync::{Mutex, PoisonError};

use serde_json::{Map, Value};

use super::header::{split_problem, FileProblem, Opened, Role};
use super::mapping::Mapping;
use super::rows::{self, DealRow, Layout, RowPlace, RowProblem};
use super::text::{self, Next};
use crate::deal::DealContext;
use crate::diagnostic::Diagnostic;
use crate::span::Sources;
use crate::words::crm::CrmWords;
use crate::words::Lang;

/// A related row as an item of its list, or why it cannot be.
type RelatedItem = Result<Map<String, Value>, RowProblem>;

/// The rows of related files whose key is one deal's id.
#[derive(Debug, Default)]
struct Entry {
    items: Vec<(usize, RelatedItem)>,
    rows: Vec<RowProblem>,
    used: AtomicBool,
}

/// A run's mapping, related records and what the run learnt of the
/// export (closed deals, footers), shared by the workers.
#[derive(Debug)]
pub(crate) struct Export {
    /// The mapping.
    pub(crate) mapping: Mapping,
    stages: Vec<String>,
    related: HashMap<String, Entry>,
    closed: AtomicU64,
    notes: Mutex<Vec<String>>,
}

impl Export {
    /// An export read through `mapping`, for a playbook with these stages.
    pub(crate) fn new(mapping: Mapping, context: &DealContext) -> Export {
        Export {
            mapping,
            stages: context.stages.clone(),
            related: HashMap::new(),
            closed: AtomicU64::new(0),
            notes: Mutex::new(Vec::new()),
        }
    }

    /// Reads a related file whole, indexed by key. Returns the problems
    /// that cost the whole file.
    pub(crate) fn add_related(&mut self, mut opened: Opened) -> Result<(), FileProblem> {
        let Role::Related(section_index) = opened.role else {
            return Ok(());
        };
        let Some(section) = self.mapping.related.get(section_index) else {
            return Ok(());
        };
        loop {
            match opened.splitter.next_record() {
                Ok(Next::Record(record)) => {
                    let fields = text::fields(&record.text, opened.delimiter);
                    let place = RowPlace {
                        name: &opened.name,
                        path: opened.path.as_deref(),
                        line: record.line,
                        text: &record.text,
                    };
                    let read = rows::item(
                        &self.mapping,
                        section,
                        &opened.layout,
                        &opened.header,
                        &fields,
                        &place,
                    );
                    let (key, item) = match read {
                        Ok((key, item)) => (key, Ok(item)),
                        Err(problem) => (
                            fields
                                .get(opened.layout.key)
                                .map_or("", |k| k.trim())
                                .to_string(),
                            Err(problem),
                        ),
                    };
                    let key_column = opened
                        .header
                        .get(opened.layout.key)
                        .map_or("", String::as_str);
                    let orphan = RowProblem::from_place(
                        &place,
                        &fields,
                        opened.layout.key,
                        CrmWords::OrphanRow {
                            file: &opened.name,
                            line: record.line,
                            key: &key,
                        },
                        CrmWords::OrphanHelp { column: key_column },
                    );
                    let entry = self.related.entry(key).or_default();
                    entry.items.push((section_index, item));
                    entry.rows.push(orphan);
                }
                Ok(Next::Footer { line, rows }) => {
                    self.note(CrmWords::Footer {
                        file: &opened.name,
                        line,
                        rows,
                    });
                    return Ok(());
                }
                Ok(Next::End) => return Ok(()),
                Err(error) => return Err(split_problem(&error, &opened.name, opened.encoding)),
            }
        }
    }

    pub(super) fn note(&self, words: CrmWords) {
        self.notes
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .push(words.render(Lang::En));
    }

    /// Notes to show after the run: footers read, closed deals counted.
    pub(crate) fn notes(&self) -> Vec<String> {
        let mut notes = self
            .notes
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .clone();
        let closed = self.closed.load(Ordering::Relaxed);
        if closed > 0 {
            notes.push(CrmWords::Closed { count: closed }.render(Lang::En));
        }
        notes
    }

    /// Deals mapped to `closed` so far.
    pub(crate) fn closed(&self) -> u64 {
        self.closed.load(Ordering::Relaxed)
    }

    /// Related rows whose key matched no deal of the run (W009), in the
    /// order of their files.
    pub(crate) fn orphans(&self, sources: &mut Sources) -> Vec<Diagnostic> {
        let mut rows: Vec<&RowProblem> = self
            .related
            .values()
            .filter(|e| !e.used.load(Ordering::Relaxed))
            .flat_map(|e| e.rows.iter())
            .collect();
        rows.sort_by(|a, b| a.order().cmp(&b.order()));
        rows.into_iter().map(|r| r.diagnostic(sources)).collect()
    }

    /// One deals row as deal JSON with its related items, `None` when it
    /// is closed.
    pub(super) fn convert(
        &self,
        header: &[String],
        layout: &Layout,
        delimiter: u8,
        place: &RowPlace,
    ) -> Result<Option<Map<String, Value>>, RowProblem> {
        let fields = text::fields(place.text, delimiter);
        let (id, mut deal) =
            match rows::deal(&self.mapping, layout, header, &fields, place, &self.stages)? {
                DealRow::Closed => {
                    self.closed.fetch_add(1, Ordering::Relaxed);
                    if let Some(entry) = fields
                        .get(layout.key)
                        .and_then(|k| self.related.get(k.trim()))
                    {
                        entry.used.store(true, Ordering::Relaxed);
                    }
                    return Ok(None);
                }
                DealRow::Deal(id, deal) => (id, deal),
            };
        if let Some(entry) = self.related.get(&id) {
            entry.used.store(true, Ordering::Relaxed);
            for (section_index, item) in &entry.items {
                let item = item.clone()?;
                let Some(section) = self.mapping.related.get(*section_index) else {
                    continue;
                };
                if let Value::Array(list) = deal
                    .entry(section.name.clone())
                    .or_insert_with(|| Value::Array(Vec::new()))
                {
                    list.push(Value::Object(item));
                }
            }
        }
        Ok(Some(deal))
    }
}
