//! Deal files: the model of DEALS.md, and reading it from YAML, JSON and
//! NDJSON with every error located in the file.

mod load;
mod model;
mod problem;
mod root;
pub(crate) mod schema;

pub(crate) use load::deal_from_yaml_value;
pub use load::{load_path, load_text, DealFormat, LoadedDeal, MAX_DEAL_FILE_BYTES};
pub use model::MAX_TEXT_BYTES;
pub use model::{
    Account, Activity, Competitor, Contact, Need, NextStep, Objection, Question, Snooze,
};
pub(crate) use problem::{DealProblem, ALIAS_REPETITION};
pub(crate) use root::DEAL;
pub use root::{CustomValue, CustomValues, Deal, DealContext};
