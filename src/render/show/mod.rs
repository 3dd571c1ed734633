//! `playbook show`: the sales path ([`crate::sales_path::SalesPath`]) as text,
//! Markdown, one self-contained HTML page, or a Mermaid flowchart.

mod html;
mod markdown;
mod mermaid;
mod text;

pub(crate) use html::html;
pub(crate) use markdown::markdown;
pub(crate) use mermaid::mermaid;
pub(crate) use text::text;

use super::Labels;
use crate::words::Lang;
use crate::words::{Message, Noun};

/// The words of the document, in the rep's language.
pub(crate) struct ShowLabels {
    /// The words shared with `check`'s output (why, rule, priorities...).
    pub common: Labels,
    lang: Lang,
}

impl ShowLabels {
    /// The labels for a language.
    pub(crate) fn new(lang: Lang) -> ShowLabels {
        ShowLabels {
            common: Labels::new(lang),
            lang,
        }
    }

    fn pick(&self, en: &'static str, zh: &'static str) -> &'static str {
        match self.lang {
            Lang::En => en,
            Lang::Zh => zh,
        }
    }

    /// The `lang` attribute of the HTML page.
    fn code(&self) -> &'static str {
        self.pick("en", "zh")
    }

    /// "Stage 2 of 5"
    fn stage_of(&self, number: usize, total: usize) -> String {
        match self.lang {
            Lang::En => format!("Stage {number} of {total}"),
            Lang::Zh => format!("第 {number} / {total} 阶段"),
        }
    }

    /// "3 rules"
    fn rules(&self, count: usize) -> String {
        Message::Count {
            n: count as u64,
            noun: Noun::Rule,
        }
        .render(self.lang)
    }

    fn version(&self, version: &str) -> String {
        match self.lang {
            Lang::En => format!("version {version}"),
            Lang::Zh => format!("版本 {version}"),
        }
    }

    fn sales_path(&self) -> &'static str {
        self.pick("The sales path", "销售路径")
    }

    fn every_stage(&self) -> &'static str {
        self.pick("At every stage", "所有阶段通用")
    }

    fn every_stage_note(&self) -> &'static str {
        self.pick(
            "These rules apply whatever the deal's stage.",
            "无论商机处于哪个阶段，这些规则都适用。",
        )
    }

    fn no_stage(&self) -> &'static str {
        self.pick("Rules that never fire", "永远不会触发的规则")
    }

    fn no_stage_note(&self) -> &'static str {
        self.pick(
            "Their stage tests contradict each other, so no deal meets them.",
            "这些规则的阶段条件相互矛盾，任何商机都不会满足。",
        )
    }

    fn no_rules(&self) -> &'static str {
        self.pick("No rule is specific to this stage.", "本阶段没有专属规则。")
    }

    fn placeholders(&self) -> &'static str {
        self.pick(
            "Text in ‹…› is filled in from each deal.",
            "‹…› 中的内容按每个商机的实际数据填入。",
        )
    }
}
