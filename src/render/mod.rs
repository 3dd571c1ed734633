//! Result values → text, JSON, NDJSON, Markdown, YAML; test runs → text,
//! JSON, JUnit XML; explanations → text. No semantics here: everything
//! shown was decided by evaluation.

mod explain;
mod json;
mod markdown;
mod test_report;
mod text;

pub use explain::explain_text;
pub use json::{deal_json, report_json, JsonDeal, JsonReport, Summary};
pub use markdown::markdown;
pub use test_report::{
    test_json, test_junit, test_text, xml_escape, JsonCase, JsonTestRun, JsonTestsFile,
};
pub use text::{text, text_deal, text_summary, Labels};

use crate::date::Date;
use crate::ir;
use crate::recommendation::DealResult;
use crate::span::Sources;

/// Everything a renderer needs about a run.
pub struct Run<'a> {
    /// The playbook used.
    pub playbook: &'a ir::Playbook,
    /// The date of the run.
    pub today: Date,
    /// The deal files, for locating errors.
    pub sources: &'a Sources,
    /// The results, in input order.
    pub results: &'a [DealResult],
}
