//! Warnings about a playbook that compiles (docs/warnings.md): a rule
//! without `because`, a define or declared field nothing uses, a rule that
//! can never fire, a stage no rule is specific to, and two rules with the
//! same condition. (Values outside the vocabulary are found while types are
//! checked, in [`super::vocabulary`].)
//!
//! They run only on a playbook without errors: with a broken rule or define
//! left out, "never used" and "no rule of its own" would be guesses.

mod condition_hash;
mod domain;
mod reach;

use std::collections::{BTreeSet, HashMap};

use self::domain::Ranks;
pub(crate) use self::reach::rule_stages;
pub(crate) use self::reach::{Kind, Never, Part};
use super::problem::CheckProblem;
use super::ParsedFile;
use crate::ast::{self, Declaration, EqIgnoringSpans};
use crate::deal::DEAL;
use crate::diagnostic::Diagnostic;
use crate::ir::{self, Node, NodeKind};
use crate::span::{FileId, Span};

/// Every warning about a compiled playbook, given the files it came from.
pub(crate) fn lint(files: &[ParsedFile], playbook: &ir::Playbook) -> Vec<Diagnostic> {
    let mut warnings = Vec::new();
    let rules: Vec<(FileId, &ast::Rule)> = files
        .iter()
        .filter(|f| f.root)
        .flat_map(|f| {
            f.ast.declarations.iter().filter_map(move |d| match d {
                Declaration::Rule(rule) => Some((f.id, &**rule)),
                _ => None,
            })
        })
        .collect();
    no_because(&rules, &mut warnings);
    unused(files, playbook, &mut warnings);
    never_fires_and_stages(files, playbook, &mut warnings);
    same_conditions(&rules, &mut warnings);
    warnings
}

fn no_because(rules: &[(FileId, &ast::Rule)], warnings: &mut Vec<Diagnostic>) {
    for (file, rule) in rules {
        if rule.because.is_none() {
            warnings.push(
                CheckProblem::NoBecause {
                    rule: rule.id.name.clone(),
                    at: (*file, rule.id.span),
                }
                .describe(),
            );
        }
    }
}

/// Defines and custom fields that no rule reaches, directly or through
/// defines. Only those declared in the playbook itself: an imported file is
/// a library, and a playbook need not use all of it.
fn unused(files: &[ParsedFile], playbook: &ir::Playbook, warnings: &mut Vec<Diagnostic>) {
    let custom = DEAL.field("custom").map(|(index, _)| index);
    let mut used_defines = BTreeSet::new();
    let mut used_fields = BTreeSet::new();
    let mut stack: Vec<&Node> = playbook
        .rules
        .iter()
        .flat_map(ir::Rule::expressions)
        .collect();
    while let Some(node) = stack.pop() {
        match &node.kind {
            NodeKind::Define(index) if used_defines.insert(*index) => {
                if let Some(define) = playbook.defines.get(*index) {
                    stack.push(&define.value);
                }
            }
            NodeKind::Field(base, index) => {
                if let NodeKind::Field(deal, record) = &base.kind {
                    if matches!(deal.kind, NodeKind::Deal) && Some(*record) == custom {
                        used_fields.insert(*index);
                    }
                }
            }
            _ => {}
        }
        stack.extend(node.children());
    }
    // Which defines use each define, to say why one is unused after all.
    let mut users: HashMap<usize, Vec<&str>> = HashMap::new();
    for define in &playbook.defines {
        for node in define.value.nodes() {
            if let NodeKind::Define(index) = node.kind {
                let names = users.entry(index).or_default();
                if !names.contains(&define.name.as_str()) {
                    names.push(&define.name);
                }
            }
        }
    }
    for file in files.iter().filter(|f| f.root) {
        for declaration in &file.ast.declarations {
            match declaration {
                Declaration::Define(define) => {
                    let name = define.name.name.as_str();
                    let Some(index) = playbook.defines.iter().position(|d| d.name == name) else {
                        continue;
                    };
                    if used_defines.contains(&index) {
                        continue;
                    }
                    let users = users
                        .get(&index)
                        .map(|names| names.iter().map(|n| n.to_string()).collect())
                        .unwrap_or_default();
                    warnings.push(
                        CheckProblem::UnusedDefine {
                            name: name.to_string(),
                            users,
                            at: (file.id, define.name.span),
                        }
                        .describe(),
                    );
                }
                Declaration::Fields(fields, _) => {
                    for field in fields {
                        let Some(name) = field.path.name.strip_prefix("custom.") else {
                            continue;
                        };
                        let Some(index) =
                            playbook.custom_fields.iter().position(|(n, _)| n == name)
                        else {
                            continue;
                        };
                        if used_fields.contains(&index) {
                            continue;
                        }
                        warnings.push(
                            CheckProblem::UnusedField {
                                path: field.path.name.clone(),
                                at: (file.id, field.path.span),
                            }
                            .describe(),
                        );
                    }
                }
                _ => {}
            }
        }
    }
}

fn never_fires_and_stages(
    files: &[ParsedFile],
    playbook: &ir::Playbook,
    warnings: &mut Vec<Diagnostic>,
) {
    let reaches = reach::rules(playbook);
    let stage_count = reaches.stage_count;
    let mut pinned = Ranks::none();
    for (rule, reach) in playbook.rules.iter().zip(reaches.rules) {
        match reach.never {
            Some(never) => warnings.push(never_fires(rule, never)),
            None if !reach.stages.is_all(stage_count) => {
                pinned = pinned.union(&reach.stages);
            }
            None => {}
        }
    }
    if !reaches.certain {
        return;
    }
    let declared: HashMap<&str, (FileId, Span)> = files
        .iter()
        .flat_map(|f| {
            f.ast.declarations.iter().filter_map(move |d| match d {
                Declaration::Stages(stages, _) => Some((f.id, stages)),
                _ => None,
            })
        })
        .flat_map(|(file, stages)| {
            stages
                .iter()
                .map(move |s| (s.name.name.as_str(), (file, s.name.span)))
        })
        .collect();
    for rank in pinned.complement(stage_count).iter() {
        let Some(stage) = usize::try_from(rank)
            .ok()
            .and_then(|r| playbook.stages.get(r))
        else {
            continue;
        };
        let Some((file, span)) = declared.get(stage.name.as_str()) else {
            continue;
        };
        warnings.push(
            CheckProblem::UnpinnedStage {
                stage: stage.name.clone(),
                at: (*file, *span),
            }
            .describe(),
        );
    }
}

fn never_fires(rule: &ir::Rule, never: Never) -> Diagnostic {
    // Parts found only in defines: the diagnostic points at the rule first.
    let through_defines = match &never {
        Never::Alternatives => false,
        Never::Conflict(parts, _) => !parts.iter().any(|p| {
            p.file == rule.file && p.span.start >= rule.span.start && p.span.end <= rule.span.end
        }),
    };
    CheckProblem::NeverFires {
        rule: rule.id.clone(),
        when: (rule.when.file, rule.when.span),
        never,
        through_defines,
    }
    .describe()
}

fn same_conditions(rules: &[(FileId, &ast::Rule)], warnings: &mut Vec<Diagnostic>) {
    let mut buckets: HashMap<u64, Vec<usize>> = HashMap::new();
    for (index, (file, rule)) in rules.iter().enumerate() {
        let bucket = buckets
            .entry(condition_hash::fingerprint(rule))
            .or_default();
        let first = bucket.iter().find_map(|i| {
            rules.get(*i).filter(|(_, other)| {
                // Same meaning wherever each is written.
                other.for_each.eq_ignoring_spans(&rule.for_each)
                    && other.when.eq_ignoring_spans(&rule.when)
            })
        });
        match first {
            Some((first_file, first)) => {
                warnings.push(
                    CheckProblem::SameCondition {
                        first: first.id.name.clone(),
                        second: rule.id.name.clone(),
                        for_each: rule.for_each.is_some(),
                        at: (*file, rule.when.span),
                        first_at: (*first_file, first.when.span),
                    }
                    .describe(),
                );
            }
            None => bucket.push(index),
        }
    }
}
