//! Deal files: the model of DEALS.md, and reading it from YAML, JSON and
//! NDJSON with every error located in the file.

mod load;
mod model;
mod root;
pub mod schema;

pub use load::{deal_from_yaml_value, from_yaml, to_yaml, YamlValue, MAX_YAML_FLOW_DEPTH};
pub(crate) use load::{io_message, read_bounded, BYTE_ORDER_MARK};
pub use load::{load_path, load_text, DealError, DealFormat, LoadedDeal, MAX_DEAL_FILE_BYTES};
pub use model::MAX_TEXT_BYTES;
pub use model::{
    Account, Activity, Competitor, Contact, Need, NextStep, Objection, Question, Snooze,
};
pub use root::{CustomValue, CustomValues, Deal, DealContext, DealSeed, DEAL};
