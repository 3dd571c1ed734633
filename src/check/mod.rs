//! AST → compiled [`ir::Playbook`]: resolves every name, checks every type,
//! and reports every problem (not just the first) as a diagnostic.
//!
//! Declarations are gathered from the playbook file and its imports
//! (stages, fields and defines), then each define and rule is compiled.
//! Defines compile on first use, which is how cycles are found.

mod expr;
mod fold;
mod lint;
mod types;
mod vocabulary;

use std::collections::HashMap;

use crate::ast::{self, Declaration, Priority};
use crate::deal::DEAL;
use crate::diagnostic::{Code, Diagnostic};
use crate::ir;
use crate::span::{FileId, Span};

pub(crate) use lint::lint;
pub(crate) use lint::rule_stages;
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

    pub(crate) fn report(&mut self, diagnostic: Diagnostic) {
        self.diagnostics.push(diagnostic);
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
                            self.report(
                                Diagnostic::new(
                                    Code::DuplicateName,
                                    "the stages are declared twice",
                                )
                                .at(file.id, *span, "second `stages` block")
                                .at(first_file, first, "first declared here")
                                .help("a playbook and its imports have one `stages` block"),
                            );
                            continue;
                        }
                        stage_block = Some((file.id, *span));
                        for stage in stages {
                            if let Some(first) = stage_spans.get(&stage.name.name) {
                                let first = *first;
                                self.report(
                                    Diagnostic::new(
                                        Code::DuplicateName,
                                        format!("stage `{}` is listed twice", stage.name.name),
                                    )
                                    .at(file.id, stage.name.span, "listed again here")
                                    .at(
                                        file.id,
                                        first,
                                        "first listed here",
                                    ),
                                );
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
                self.report(
                    Diagnostic::new(Code::NoStages, "this playbook declares no stages")
                        .at(root.id, span, "a playbook needs its sales path")
                        .help("add a `stages` block listing the stages in order, one per line"),
                );
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
                    self.report(
                        Diagnostic::new(
                            Code::Limit,
                            format!("more than {MAX_RULES} rules in one playbook"),
                        )
                        .at(file.id, rule.id.span, "one rule too many")
                        .help("split the playbook into several playbooks, each for its own team or product"),
                    );
                    break 'files;
                }
                if let Some(first) = rule_spans.get(rule.id.name.as_str()) {
                    let first = *first;
                    self.report(
                        Diagnostic::new(
                            Code::DuplicateRule,
                            format!("rule ID `{}` is used twice", rule.id.name),
                        )
                        .at(file.id, rule.id.span, "second rule with this ID")
                        .at(file.id, first, "first used here")
                        .help("rule IDs must be unique: reps, tests and snoozes name rules by ID"),
                    );
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
            let mut diagnostic = Diagnostic::new(
                Code::FieldDeclaration,
                format!("`{}` cannot be declared in `fields`", field.path.name),
            )
            .at(
                file,
                field.path.span,
                "only `custom.NAME` fields are declared",
            );
            diagnostic = if in_deal_model(&field.path.name) {
                diagnostic.help(format!(
                    "`{}` is part of the deal model already; use it without declaring it",
                    field.path.name
                ))
            } else {
                diagnostic.help(format!(
                    "fields a team adds live under `custom:`: declare `custom.{}`",
                    field.path.name.rsplit('.').next().unwrap_or("name")
                ))
            };
            self.report(diagnostic);
            return;
        };
        if let Some((first_file, first)) = seen.get(name) {
            let (first_file, first) = (*first_file, *first);
            self.report(
                Diagnostic::new(
                    Code::DuplicateName,
                    format!("field `{}` is declared twice", field.path.name),
                )
                .at(file, field.path.span, "declared again here")
                .at(first_file, first, "first declared here"),
            );
            return;
        }
        seen.insert(name.to_string(), (file, field.path.span));
        self.custom.push((name.to_string(), field.ty));
    }

    fn declare_define(&mut self, file: FileId, define: &'a ast::Define) {
        let name = define.name.name.as_str();
        if DEAL.field(name).is_some() {
            self.report(
                Diagnostic::new(
                    Code::ShadowedName,
                    format!("define `{name}` has the name of a deal field"),
                )
                .at(
                    file,
                    define.name.span,
                    "this would hide the deal's own field",
                )
                .help("choose another name, for example one that says what it computes"),
            );
            return;
        }
        if let Some(first) = self.define_index.get(name) {
            let (first_file, first_span) = self
                .defines
                .get(*first)
                .map_or((file, define.name.span), |entry| {
                    (entry.file, entry.name.span)
                });
            self.report(
                Diagnostic::new(
                    Code::DuplicateName,
                    format!("define `{name}` is declared twice"),
                )
                .at(file, define.name.span, "declared again here")
                .at(first_file, first_span, "first declared here"),
            );
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
                let chain: Vec<&str> = self
                    .define_stack
                    .get(start..)
                    .unwrap_or_default()
                    .iter()
                    .chain([&index])
                    .map(name)
                    .collect();
                let entry = self.defines.get(index)?;
                let message = format!(
                    "define `{}` depends on itself: {}",
                    entry.name.name,
                    chain.join(" → ")
                );
                let (file, span) = (entry.file, entry.name.span);
                let mut diagnostic =
                    Diagnostic::new(Code::DefineCycle, message).at(file, span, "defined here");
                if let Some(used) = used_at {
                    diagnostic = diagnostic.at(self.file, used, "used here");
                }
                self.report(
                    diagnostic.help(
                        "a define may use other defines, but never itself, even through others",
                    ),
                );
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
                self.report(
                    Diagnostic::new(
                        Code::ShadowedName,
                        format!("`for each {item_name}` hides the field or define `{item_name}`"),
                    )
                    .at(self.file, each.item.span, "choose another name")
                    .help("the item is usually the singular: `for each step in next_steps`"),
                );
                ok = false;
            }
            match self.expr(&each.collection, &mut scopes) {
                Some((node, Ty::List(item))) => {
                    scopes.push(expr::Scope::named(item_name, *item));
                    for_each = Some(node);
                }
                Some((_, ty)) => {
                    self.report(
                        Diagnostic::new(Code::TypeMismatch, "`for each` needs a list")
                            .at(
                                self.file,
                                each.collection.span,
                                format!("this is {}", ty.describe()),
                            )
                            .help("name a list such as `objections`, `next_steps` or `needs`"),
                    );
                    ok = false;
                }
                None => ok = false,
            }
        }
        let when = self.condition(&rule.when, &mut scopes, "`when`");
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
                        self.report(
                            Diagnostic::new(
                                Code::TypeMismatch,
                                format!("a message cannot show {}", ty.describe()),
                            )
                            .at(self.file, expr.span, "name one of its fields")
                            .help("for example `{account.name}` or `{contact.name}`"),
                        );
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
                    Diagnostic::new(Code::Header, format!("`{keyword}` is given twice"))
                        .at(file.id, text.span, "second one here")
                        .at(file.id, *first, "first one here"),
                );
                continue;
            }
            spans.insert(keyword, text.span);
            *slot = Some(text.value.clone());
            if keyword == "playbook" {
                self.name_span = Some(text.span);
                if i != 0 {
                    diagnostics.push(
                        Diagnostic::new(Code::Header, "`playbook \"NAME\"` must come first").at(
                            file.id,
                            text.span,
                            "move this line to the top of the file",
                        ),
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
                Diagnostic::new(
                    Code::Header,
                    "this file does not start with `playbook \"NAME\"`",
                )
                .at(
                    file.id,
                    Span::new(span.start as usize, span.start as usize),
                    "expected `playbook \"NAME\"` here",
                )
                .help("start the file with a line such as `playbook \"Consultative sales path\"`"),
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
