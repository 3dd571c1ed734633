//! Many deals at once, as streams: the inputs are cut into blocks of whole
//! deals ([`split`]), blocks are parsed, evaluated and rendered by worker
//! threads, and the results come back in input order, whatever the
//! parallelism. Memory stays flat: only a few blocks are in flight.

mod inputs;
mod pipeline;
pub(crate) mod split;
mod stats;

pub(crate) use inputs::{expand, read_all, CsvDeals, Input};
pub use pipeline::read_deal_stream;
pub(crate) use pipeline::{run, Delivery, Options, Renderer};
pub(crate) use stats::Summary;
