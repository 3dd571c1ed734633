//! The integration tests, one binary (one link, one process start): each
//! module is a former test file; `common` holds the shared helpers.

mod batch;
mod cli;
mod common;
mod corpus;
mod crm;
mod deal_errors;
mod diagnostics;
mod evaluation;
mod explain;
mod fmt;
mod init;
mod layering;
mod library;
mod limits;
mod properties;
mod robust_io;
mod shipped_playbooks;
mod show;
mod spec_examples;
mod termination;
mod test_command;
mod validate_formats;
mod warnings;
