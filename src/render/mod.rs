//! Result values → text, JSON, NDJSON, Markdown, YAML. No semantics here:
//! everything shown was decided by evaluation.

mod batch;
mod csv;
mod explain;
mod explain_json;
mod json;
mod markdown;
mod review;
pub mod show;
mod stream;
mod test_report;
mod text;

pub use batch::{BatchRenderer, Format};
pub use explain::explain_text;
pub(crate) use explain_json::explain_json;
pub use json::{deal_json, JsonDeal};
pub use markdown::{markdown_deal, markdown_header};
pub(crate) use review::{review_page, ReviewDeal};
pub(crate) use stream::{json_item, ndjson_item, yaml_item, DocumentStream};
pub use test_report::{
    test_json, test_junit, test_text, xml_escape, JsonCase, JsonTestRun, JsonTestsFile,
};
pub use text::{text_deal, text_summary, Labels};
