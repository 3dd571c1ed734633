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
use self::reach::{Kind, Never, Part};
use super::ParsedFile;
use crate::ast::{self, Declaration, EqIgnoringSpans};
use crate::deal::DEAL;
use crate::diagnostic::{Code, Diagnostic};
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
                Diagnostic::new(
                    Code::NoBecause,
                    format!("rule `{}` has no `because`", rule.id.name),
                )
                .at(*file, rule.id.span, "reps will see this action without a reason")
                .help("add a line `because \"...\"` saying why the action matters: reps act on advice they understand"),
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
                    let label = match users.get(&index) {
                        Some(names) => format!(
                            "only used by {}, which no rule uses",
                            names
                                .iter()
                                .map(|n| format!("`{n}`"))
                                .collect::<Vec<_>>()
                                .join(", ")
                        ),
                        None => "no rule uses it".to_string(),
                    };
                    warnings.push(
                        Diagnostic::new(
                            Code::UnusedDefine,
                            format!("define `{name}` is never used"),
                        )
                        .at(file.id, define.name.span, label)
                        .help("use it in a rule's `when` or message, or delete it"),
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
                            Diagnostic::new(
                                Code::UnusedField,
                                format!("field `{}` is declared but never used", field.path.name),
                            )
                            .at(file.id, field.path.span, "no rule reads it")
                            .help("read it in a rule, or delete this line; deal files may keep the value under `custom:`"),
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
            Diagnostic::new(
                Code::UnpinnedStage,
                format!("stage `{}` has no rule of its own", stage.name),
            )
            .at(*file, *span, "no rule's condition is limited to this stage")
            .help(format!(
                "add a rule for it, such as `when stage is {} and ...`; rules that apply at every stage do not count",
                stage.name
            )),
        );
    }
}

fn never_fires(rule: &ir::Rule, never: Never) -> Diagnostic {
    let diagnostic = Diagnostic::new(
        Code::NeverFires,
        format!("rule `{}` can never fire", rule.id),
    );
    let (diagnostic, help) = match never {
        Never::Alternatives => (
            diagnostic.at(rule.when.file, rule.when.span, "no deal can meet this condition"),
            "every way this condition could be true contradicts itself, so the rule never recommends anything; fix the condition or delete the rule",
        ),
        Never::Conflict(parts, kind) => {
            let help = match kind {
                Kind::Stage => "a deal is at one stage at a time, and the stages come in the order of `stages`; fix the condition or delete the rule",
                Kind::Count => "a count is a whole number, 0 or more; fix the condition or delete the rule",
                Kind::Constants => "a comparison of two fixed values never changes; compare a field instead, or delete the rule",
                Kind::Other => "no value can meet all of these at once, so the rule never recommends anything; fix the condition or delete the rule",
            };
            (conflict_labels(diagnostic, rule, &parts, kind), help)
        }
    };
    diagnostic.help(help)
}

fn conflict_labels(
    mut diagnostic: Diagnostic,
    rule: &ir::Rule,
    parts: &[Part],
    kind: Kind,
) -> Diagnostic {
    let Some((last, before)) = parts.split_last() else {
        return diagnostic.at(
            rule.when.file,
            rule.when.span,
            "no deal can meet this condition",
        );
    };
    // Parts found in defines: point at the rule first, then at them.
    let in_rule = parts.iter().any(|p| {
        p.file == rule.file && p.span.start >= rule.span.start && p.span.end <= rule.span.end
    });
    if !in_rule {
        diagnostic = diagnostic.at(
            rule.when.file,
            rule.when.span,
            "never true, through the defines it uses",
        );
    }
    let label = match (kind, before.is_empty(), last.negated) {
        (Kind::Constants, _, false) => "both sides are fixed, and this is always false",
        (Kind::Constants, _, true) => {
            "both sides are fixed, and this is always true, so its negation is always false"
        }
        (Kind::Stage, true, _) => "no stage meets this",
        (Kind::Count, true, _) => "no count meets this",
        (_, true, _) => "this is never true",
        (_, false, _) if before.len() == 1 => "this cannot hold together with the other part",
        (_, false, _) => "this cannot hold together with the other parts",
    };
    diagnostic = diagnostic.at(last.file, last.span, label);
    for part in before {
        let label = if part.negated {
            "this part, negated"
        } else {
            "this part"
        };
        diagnostic = diagnostic.at(part.file, part.span, label);
    }
    diagnostic
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
                let what = if rule.for_each.is_some() {
                    "same `for each` and `when`"
                } else {
                    "same condition"
                };
                warnings.push(
                    Diagnostic::new(
                        Code::SameCondition,
                        format!(
                            "rules `{}` and `{}` have the same condition",
                            first.id.name, rule.id.name
                        ),
                    )
                    .at(*file, rule.when.span, format!("{what} as rule `{}`", first.id.name))
                    .at(*first_file, first.when.span, format!("rule `{}`", first.id.name))
                    .help("a deal that meets one meets both: merge them into one rule, or make the conditions differ"),
                );
            }
            None => bucket.push(index),
        }
    }
}
