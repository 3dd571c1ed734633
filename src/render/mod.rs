//! Result values → text, JSON, NDJSON, Markdown, YAML. No semantics here:
//! everything shown was decided by evaluation.

mod json;
mod markdown;
pub mod show;
mod text;

pub use json::{deal_json, JsonDeal};
pub use markdown::{markdown_deal, markdown_header};
pub use text::{text_deal, text_summary, Labels};
