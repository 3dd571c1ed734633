//! Result values → text, JSON, NDJSON, Markdown, YAML. No semantics here:
//! everything shown was decided by evaluation.

mod batch;
mod csv;
mod explain;
mod explain_json;
mod json;
mod markdown;
mod review;
pub(crate) mod show;
mod stream;
mod test_report;
mod text;

pub(crate) use batch::{BatchRenderer, Format};
pub(crate) use explain::explain_text;
pub(crate) use explain_json::explain_json;
pub use json::{deal_json, JsonDeal};
pub use markdown::markdown_deal;
pub(crate) use markdown::markdown_header;
pub(crate) use review::{review_page, ReviewDeal};
pub(crate) use stream::{json_item, ndjson_item, yaml_item, DocumentStream};
pub(crate) use test_report::{test_json, test_junit, test_text};
pub(crate) use text::text_summary;
pub use text::{text_deal, Labels};
