//! AST → compiled [`ir::Playbook`]: resolves every name, checks every type,
//! and reports every problem (not just the first) as a diagnostic.
//!
//! Declarations are gathered from the playbook file and its imports
//! (stages, fields and defines), then each define and rule is compiled.
//! Defines compile on first use, which is how cycles are found.

mod expr;
mod fold;
mod lint;
mod problem;
mod types;
mod vocabulary;

use std::collections::HashMap;

use crate::ast::{self, Declaration, Priority};
use crate::deal::DEAL;
use crate::diagnostic::Diagnostic;
use crate::ir;
use crate::span::{FileId, Span};

pub(crate) use lint::lint;
pub(crate) use lint::rule_stages;
use problem::{CheckProblem, Declared};
pub(crate) use types::Ty;

/// A parsed file and whether it is the playbook itself (else an import).
pub(crate) struct ParsedFile<'a> {
    /// Its id in the run's sources.
    pub id: FileId,
    /// Its syntax tree.
    pub ast: &'a ast::File,
    /// `true` for the playbook being checked, `false` for an import.
    pub root: bool,
}

/// The most rules one playbook may have: far beyond any sales method (the
/// shipped one has 17), low enough that every deal stays quick to evaluate.
pub const MAX_RULES: usize = 100_000;

/// The deepest expression nesting, counted through the defines an
/// expression uses (a define's expression nests inside each use of it).
/// One declaration alone stays within `crate::syntax::MAX_PAREN_DEPTH`
/// parentheses and `crate::syntax::MAX_OPERATORS` operators; this bounds
/// chains of defines, so that checking and evaluation never run out of
/// stack.
pub const MAX_NESTING: usize = 1024;

/// Checks and compiles a playbook and its imports. Returns the compiled
/// playbook when there are no errors, and every diagnostic found.
pub(crate) fn check(files: &[ParsedFile]) -> (Option<ir::Playbook>, Vec<Diagnostic>) {
    let mut diagnostics = Vec::new();
    let playbook = Checker::new(&mut diagnostics).run(files);
    let has_errors = diagnostics.iter().any(Diagnostic::is_error);
    (playbook.filter(|_| !has_errors), diagnostics)
}

pub(crate) struct DefineEntry<'a> {
    pub name: &'a ast::Ident,
    pub ast: &'a ast::Define,
    pub file: FileId,
    pub state: DefineState,
}

#[derive(Clone)]
pub(crate) enum DefineState {
    Pending,
    InProgress,
    Done(Option<Ty>),
}

pub(crate) struct Checker<'a, 'd> {
    pub diagnostics: &'d mut Vec<Diagnostic>,
    pub file: FileId,
    pub stages: Vec<ir::Stage>,
    pub custom: Vec<(String, ast::FieldType)>,
    pub defines: Vec<DefineEntry<'a>>,
    pub define_index: HashMap<&'a str, usize>,
    pub compiled_defines: Vec<Option<ir::Node>>,
    pub define_stack: Vec<usize>,
    /// How deep each compiled define's expression goes, defines it uses
    /// included.
    pub define_depths: Vec<usize>,
    /// Expression nesting at this point of the compilation, through the
    /// defines being compiled.
    pub depth: usize,
    /// `depth` where the define being compiled starts (0 outside defines).
    pub base: usize,
    /// The deepest `depth - base` seen in the define being compiled.
    pub peak: usize,
    /// Whether the declaration being compiled was already reported too deep.
    pub reported_depth: bool,
    /// Names and blocks whose declarations had syntax errors: already
    /// reported, so not reported again as unknown.
    pub broken_names: Vec<String>,
    pub stages_broken: bool,
}

impl<'a, 'd> Checker<'a, 'd> {
    fn new(diagnostics: &'d mut Vec<Diagnostic>) -> Self {
        Checker {
            diagnostics,
            file: FileId::default(),
            stages: Vec::new(),
            custom: Vec::new(),
            defines: Vec::new(),
            define_index: HashMap::new(),
            compiled_defines: Vec::new(),
            define_stack: Vec::new(),
            define_depths: Vec::new(),
            depth: 0,
            base: 0,
            peak: 0,
            reported_depth: false,
            broken_names: Vec::new(),
            stages_broken: false,
        }
    }

    /// Reports a problem, in its words.
    pub(crate) fn problem(&mut self, problem: CheckProblem) {
        self.diagnostics.push(problem.describe());
    }

    fn run(mut self, files: &[ParsedFile<'a>]) -> Option<ir::Playbook> {
        let mut header = Header::default();
        let mut stage_block: Option<(FileId, Span)> = None;
        let mut field_spans: HashMap<String, (FileId, Span)> = HashMap::new();
        let mut stage_spans: HashMap<String, Span> = HashMap::new();
        for file in files {
            for broken in &file.ast.broken {
                self.stages_broken |= broken.keyword == "stages";
                self.broken_names.extend(broken.name.clone());
            }
        }
        for file in files {
            self.file = file.id;
            if file.root {
                header.read(file, self.diagnostics);
            }
            for declaration in &file.ast.declarations {
                match declaration {
                    Declaration::Stages(stages, span) => {
                        if let Some((first_file, first)) = stage_block {
                            self.problem(CheckProblem::StagesTwice {
                                second: (file.id, *span),
                                first: (first_file, first),
                            });
                            continue;
                        }
                        stage_block = Some((file.id, *span));
                        for stage in stages {
                            if let Some(first) = stage_spans.get(&stage.name.name) {
                                let first = *first;
                                self.problem(CheckProblem::StageTwice {
                                    stage: stage.name.name.clone(),
                                    again: (file.id, stage.name.span),
                                    first: (file.id, first),
                                });
                                continue;
                            }
                            stage_spans.insert(stage.name.name.clone(), stage.name.span);
                            self.stages.push(ir::Stage {
                                name: stage.name.name.clone(),
                                label: stage.label.as_ref().map(|l| l.value.clone()),
                            });
                        }
                    }
                    Declaration::Fields(fields, _) => {
                        for field in fields {
                            self.declare_field(file.id, field, &mut field_spans);
                        }
                    }
                    Declaration::Define(define) => self.declare_define(file.id, define),
                    _ => {}
                }
            }
        }
        if stage_block.is_none() && !self.stages_broken {
            if let Some(root) = files.iter().find(|f| f.root) {
                let span = header.name_span.unwrap_or_default();
                self.problem(CheckProblem::NoStages {
                    at: (root.id, span),
                });
            }
        }

        for index in 0..self.defines.len() {
            self.reported_depth = false;
            self.define_type(index, None);
        }

        let mut rules = Vec::new();
        let mut rule_spans: HashMap<&str, Span> = HashMap::new();
        let mut count = 0usize;
        'files: for file in files.iter().filter(|f| f.root) {
            self.file = file.id;
            for declaration in &file.ast.declarations {
                let Declaration::Rule(rule) = declaration else {
                    continue;
                };
                count += 1;
                if count > MAX_RULES {
                    self.problem(CheckProblem::TooManyRules {
                        at: (file.id, rule.id.span),
                    });
                    break 'files;
                }
                if let Some(first) = rule_spans.get(rule.id.name.as_str()) {
                    let first = *first;
                    self.problem(CheckProblem::RuleTwice {
                        id: rule.id.name.clone(),
                        again: (file.id, rule.id.span),
                        first: (file.id, first),
                    });
                } else {
                    rule_spans.insert(&rule.id.name, rule.id.span);
                }
                if let Some(rule) = self.rule(rule) {
                    rules.push(rule);
                }
            }
        }

        let defines = self
            .defines
            .iter()
            .zip(std::mem::take(&mut self.compiled_defines))
            .map(|(entry, node)| {
                node.map(|value| ir::Define {
                    name: entry.name.name.clone(),
                    value,
                })
            })
            .collect::<Option<Vec<_>>>()?;
        Some(ir::Playbook {
            name: header.name.unwrap_or_default(),
            version: header.version,
            description: header.description,
            stages: self.stages,
            custom_fields: self.custom,
            defines,
            rules,
        })
    }

    fn declare_field(
        &mut self,
        file: FileId,
        field: &ast::FieldDecl,
        seen: &mut HashMap<String, (FileId, Span)>,
    ) {
        let Some(name) = field
            .path
            .name
            .strip_prefix("custom.")
            .filter(|n| !n.contains('.'))
        else {
            self.problem(CheckProblem::NotDeclarable {
                path: field.path.name.clone(),
                in_model: in_deal_model(&field.path.name),
                at: (file, field.path.span),
            });
            return;
        };
        if let Some((first_file, first)) = seen.get(name) {
            let (first_file, first) = (*first_file, *first);
            self.problem(CheckProblem::DeclaredTwice {
                what: Declared::Field,
                name: field.path.name.clone(),
                again: (file, field.path.span),
                first: (first_file, first),
            });
            return;
        }
        seen.insert(name.to_string(), (file, field.path.span));
        self.custom.push((name.to_string(), field.ty));
    }

    fn declare_define(&mut self, file: FileId, define: &'a ast::Define) {
        let name = define.name.name.as_str();
        if DEAL.field(name).is_some() {
            self.problem(CheckProblem::DefineShadowsField {
                name: name.to_string(),
                at: (file, define.name.span),
            });
            return;
        }
        if let Some(first) = self.define_index.get(name) {
            let (first_file, first_span) = self
                .defines
                .get(*first)
                .map_or((file, define.name.span), |entry| {
                    (entry.file, entry.name.span)
                });
            self.problem(CheckProblem::DeclaredTwice {
                what: Declared::Define,
                name: name.to_string(),
                again: (file, define.name.span),
                first: (first_file, first_span),
            });
            return;
        }
        self.define_index.insert(name, self.defines.len());
        self.defines.push(DefineEntry {
            name: &define.name,
            ast: define,
            file,
            state: DefineState::Pending,
        });
        self.compiled_defines.push(None);
        self.define_depths.push(0);
    }

    /// The type of define `index`, compiling it on first use. `used_at` is
    /// the reference being resolved, for the cycle message.
    pub(crate) fn define_type(&mut self, index: usize, used_at: Option<Span>) -> Option<Ty> {
        let state = self.defines.get(index)?.state.clone();
        match state {
            DefineState::Done(ty) => ty,
            DefineState::InProgress => {
                let start = self
                    .define_stack
                    .iter()
                    .position(|i| *i == index)
                    .unwrap_or(0);
                let name = |i: &usize| self.defines.get(*i).map_or("", |d| d.name.name.as_str());
                let chain: Vec<String> = self
                    .define_stack
                    .get(start..)
                    .unwrap_or_default()
                    .iter()
                    .chain([&index])
                    .map(|i| name(i).to_string())
                    .collect();
                let entry = self.defines.get(index)?;
                let problem = CheckProblem::DefineCycle {
                    name: entry.name.name.clone(),
                    chain,
                    defined: (entry.file, entry.name.span),
                    used: used_at.map(|used| (self.file, used)),
                };
                self.problem(problem);
                // Mark it failed so the cycle is reported once.
                if let Some(entry) = self.defines.get_mut(index) {
                    entry.state = DefineState::Done(None);
                }
                None
            }
            DefineState::Pending => {
                let entry = self.defines.get_mut(index)?;
                entry.state = DefineState::InProgress;
                let (file, ast) = (entry.file, entry.ast);
                self.define_stack.push(index);
                let outer_file = std::mem::replace(&mut self.file, file);
                let outer = (self.base, self.peak);
                (self.base, self.peak) = (self.depth, 0);
                let compiled = self.expr(&ast.value, &mut Vec::new());
                if let Some(depth) = self.define_depths.get_mut(index) {
                    *depth = self.peak;
                }
                (self.base, self.peak) = outer;
                self.file = outer_file;
                self.define_stack.pop();
                let ty = compiled.as_ref().map(|(_, ty)| ty.clone());
                let entry = self.defines.get_mut(index)?;
                if matches!(entry.state, DefineState::InProgress) {
                    entry.state = DefineState::Done(ty.clone());
                    if let Some(slot) = self.compiled_defines.get_mut(index) {
                        *slot = compiled.map(|(node, _)| node);
                    }
                    ty
                } else {
                    None
                }
            }
        }
    }

    fn rule(&mut self, rule: &'a ast::Rule) -> Option<ir::Rule> {
        self.reported_depth = false;
        let mut scopes = Vec::new();
        let mut ok = true;
        let mut for_each = None;
        if let Some(each) = &rule.for_each {
            let item_name = each.item.name.as_str();
            if DEAL.field(item_name).is_some() || self.define_index.contains_key(item_name) {
                self.problem(CheckProblem::ItemHides {
                    item: item_name.to_string(),
                    at: (self.file, each.item.span),
                });
                ok = false;
            }
            match self.expr(&each.collection, &mut scopes) {
                Some((node, Ty::List(item))) => {
                    scopes.push(expr::Scope::named(item_name, *item));
                    for_each = Some(node);
                }
                Some((_, ty)) => {
                    self.problem(CheckProblem::ForEachNotList {
                        found: ty,
                        at: (self.file, each.collection.span),
                    });
                    ok = false;
                }
                None => ok = false,
            }
        }
        let when = self.condition(&rule.when, &mut scopes, "when");
        let recommend = self.message(&rule.recommend, &mut scopes);
        let because = rule.because.as_ref().map(|m| self.message(m, &mut scopes));
        let (Some(when), Some(recommend)) = (when, recommend) else {
            return None;
        };
        let because = match because {
            Some(Some(message)) => Some(message),
            Some(None) => return None,
            None => None,
        };
        if !ok || (rule.for_each.is_some() && for_each.is_none()) {
            return None;
        }
        Some(ir::Rule {
            id: rule.id.name.clone(),
            title: rule.title.as_ref().map(|t| t.value.clone()),
            for_each,
            when,
            recommend,
            priority: rule.priority.map_or(Priority::Medium, |(p, _)| p),
            because,
            tags: rule.tags.iter().map(|t| t.name.clone()).collect(),
            file: self.file,
            span: rule.span,
        })
    }

    fn message(
        &mut self,
        message: &ast::Message,
        scopes: &mut Vec<expr::Scope>,
    ) -> Option<ir::Message> {
        let mut segments = Vec::new();
        let mut ok = true;
        for part in &message.parts {
            match part {
                ast::MessagePart::Text(text) => segments.push(ir::Segment::Text(text.clone())),
                ast::MessagePart::Expr(expr) => match self.expr(expr, scopes) {
                    Some((node, ty)) if ty.is_showable() => segments.push(ir::Segment::Value(node)),
                    Some((_, ty)) => {
                        self.problem(CheckProblem::MessageCannotShow {
                            found: ty,
                            at: (self.file, expr.span),
                        });
                        ok = false;
                    }
                    None => ok = false,
                },
            }
        }
        ok.then_some(ir::Message(segments))
    }
}

#[derive(Default)]
struct Header {
    name: Option<String>,
    name_span: Option<Span>,
    version: Option<String>,
    description: Option<String>,
}

impl Header {
    fn read(&mut self, file: &ParsedFile, diagnostics: &mut Vec<Diagnostic>) {
        let mut spans: HashMap<&str, Span> = HashMap::new();
        for (i, declaration) in file.ast.declarations.iter().enumerate() {
            let (keyword, text, slot) = match declaration {
                Declaration::Playbook(text) => ("playbook", text, &mut self.name),
                Declaration::Version(text) => ("version", text, &mut self.version),
                Declaration::Description(text) => ("description", text, &mut self.description),
                _ => continue,
            };
            if let Some(first) = spans.get(keyword) {
                diagnostics.push(
                    CheckProblem::HeaderTwice {
                        keyword,
                        second: (file.id, text.span),
                        first: (file.id, *first),
                    }
                    .describe(),
                );
                continue;
            }
            spans.insert(keyword, text.span);
            *slot = Some(text.value.clone());
            if keyword == "playbook" {
                self.name_span = Some(text.span);
                if i != 0 {
                    diagnostics.push(
                        CheckProblem::PlaybookNotFirst {
                            at: (file.id, text.span),
                        }
                        .describe(),
                    );
                }
            }
        }
        let header_broken = file.ast.broken.iter().any(|b| b.keyword == "playbook");
        if self.name.is_none() && !header_broken {
            let span = file
                .ast
                .declarations
                .first()
                .map(declaration_span)
                .unwrap_or_default();
            diagnostics.push(
                CheckProblem::NoPlaybookHeader {
                    at: (file.id, Span::new(span.start as usize, span.start as usize)),
                }
                .describe(),
            );
        }
    }
}

fn declaration_span(declaration: &Declaration) -> Span {
    match declaration {
        Declaration::Playbook(t)
        | Declaration::Version(t)
        | Declaration::Description(t)
        | Declaration::Import(t) => t.span,
        Declaration::Stages(_, span) | Declaration::Fields(_, span) => *span,
        Declaration::Define(d) => d.span,
        Declaration::Rule(r) => r.span,
    }
}

/// Whether a dotted path names a field of the deal model (`account.industry`).
fn in_deal_model(path: &str) -> bool {
    let mut schema = &DEAL;
    let mut segments = path.split('.').peekable();
    while let Some(segment) = segments.next() {
        let Some((_, field)) = schema.field(segment) else {
            return false;
        };
        match field.kind {
            crate::deal::schema::FieldKind::Record(next)
            | crate::deal::schema::FieldKind::List(next) => {
                schema = next;
            }
            _ => return segments.peek().is_none(),
        }
    }
    true
}
