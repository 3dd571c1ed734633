//! Finding a stage or a rule of a compiled playbook by a name a user typed
//! (`check --stage`, `explain --rule`), with the closest name when there is
//! no such stage or rule.

use std::fmt;

use crate::diagnostic::suggest;
use crate::ir::{Playbook, Rule, Stage};

/// What was looked for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Sought {
    /// A stage symbol.
    Stage,
    /// A rule ID.
    Rule,
    /// A tag some rule carries.
    Tag,
}

/// A name that is not a stage (or a rule) of the playbook.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct NotFound {
    /// What was looked for.
    pub(crate) sought: Sought,
    /// The closest name, if one is close enough to be a typo.
    pub(crate) close: Option<String>,
    /// Every name there is, in playbook order, for when none is close.
    pub(crate) names: Vec<String>,
}

impl NotFound {
    fn new<'a>(sought: Sought, wrong: &str, names: impl Iterator<Item = &'a str> + Clone) -> Self {
        NotFound {
            sought,
            close: suggest(wrong, names.clone()).map(str::to_string),
            names: names.map(str::to_string).collect(),
        }
    }
}

impl fmt::Display for NotFound {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let (what, all) = match self.sought {
            Sought::Stage => ("stage", "stages"),
            Sought::Rule => ("rule", "rules"),
            Sought::Tag => ("tag", "tags"),
        };
        if self.sought == Sought::Tag && self.names.is_empty() {
            return f.write_str("no rule of this playbook has a tag");
        }
        match self.sought {
            Sought::Tag => write!(f, "no rule of this playbook has this tag; ")?,
            _ => write!(f, "not a {what} of this playbook; ")?,
        }
        match &self.close {
            Some(close) => f.write_str(&crate::words::did_you_mean(close)),
            None => write!(f, "the {all} are: {}", self.names.join(", ")),
        }
    }
}

impl Playbook {
    /// The stage with this symbol.
    pub(crate) fn find_stage(&self, name: &str) -> Result<&Stage, NotFound> {
        self.stages.iter().find(|s| s.name == name).ok_or_else(|| {
            let names = self.stages.iter().map(|s| s.name.as_str());
            NotFound::new(Sought::Stage, name, names)
        })
    }

    /// A tag that at least one rule carries (`check --tag`).
    pub(crate) fn find_tag(&self, tag: &str) -> Result<(), NotFound> {
        let mut tags: Vec<&str> = Vec::new();
        for rule in &self.rules {
            for t in &rule.tags {
                if !tags.contains(&t.as_str()) {
                    tags.push(t);
                }
            }
        }
        if tags.contains(&tag) {
            return Ok(());
        }
        Err(NotFound::new(Sought::Tag, tag, tags.into_iter()))
    }

    /// The rule with this ID.
    pub(crate) fn find_rule(&self, id: &str) -> Result<&Rule, NotFound> {
        self.rules.iter().find(|r| r.id == id).ok_or_else(|| {
            let ids = self.rules.iter().map(|r| r.id.as_str());
            NotFound::new(Sought::Rule, id, ids)
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_tag_is_found_among_the_rules_tags_or_gets_the_closest() {
        let playbook = builtin();
        assert!(playbook.find_tag("forecast").is_ok());
        let not_found = playbook.find_tag("forcast").unwrap_err();
        assert_eq!(not_found.close.as_deref(), Some("forecast"));
        let none = crate::compile_text("p", "playbook \"P\"\nstages\n  a\n")
            .playbook
            .unwrap();
        assert_eq!(
            none.find_tag("x").unwrap_err().to_string(),
            "no rule of this playbook has a tag"
        );
    }

    fn builtin() -> Playbook {
        crate::builtin(crate::Lang::En)
    }

    #[test]
    fn a_stage_is_found_by_its_symbol() {
        let playbook = builtin();
        let stage = playbook.find_stage("closing").map(|s| s.name.as_str());
        assert_eq!(stage, Ok("closing"));
    }

    #[test]
    fn a_typo_gets_the_close_stage() {
        let error = builtin().find_stage("closng").unwrap_err();
        assert_eq!(error.sought, Sought::Stage);
        assert_eq!(error.close.as_deref(), Some("closing"));
        assert_eq!(
            error.to_string(),
            "not a stage of this playbook; did you mean `closing`?"
        );
    }

    #[test]
    fn a_name_far_from_every_rule_lists_them_all() {
        let playbook = builtin();
        let error = playbook.find_rule("zzzzzzzzzzzzzzzz").unwrap_err();
        assert_eq!(error.close, None);
        assert_eq!(error.names.len(), playbook.rules.len());
        let message = error.to_string();
        assert!(
            message.starts_with("not a rule of this playbook; the rules are: research-account, ")
        );
    }

    #[test]
    fn a_rule_is_found_by_its_id() {
        let playbook = builtin();
        assert_eq!(
            playbook.find_rule("follow-up").map(|r| r.id.as_str()),
            Ok("follow-up")
        );
    }
}
