//! CRM exports (CRM.md): CSV files read through a mapping into deals of
//! the deal model, so `check`, `explain` and `import` see ordinary deals.
//!
//! - [`mapping`]: mapping files, `extends`, the shipped presets;
//! - [`text`]: decoding and cutting a file into records, with lines;
//! - [`cells`]: a cell as a number, a date, a boolean or missing;
//! - [`rows`]: a row as a deal or as an item of a related list;
//! - [`header`]: a file matched to its section by its header;
//! - [`export`]: what a run shares (related rows by key, closed deals, notes);
//! - [`stream`]: the deals file in blocks, read by the batch's workers.
//!
//! The deals file is a stream: the batch reader cuts it into blocks of
//! records (no parsing), workers turn rows into deals. Related files are
//! read whole before the run and held indexed by key (their size in
//! memory), so each deal row picks its items up as it is read.

pub(crate) mod cells;
mod export;
mod header;
pub(crate) mod mapping;
pub(crate) mod rows;
mod stream;
pub(crate) mod text;

use std::io::Read;
use std::sync::Arc;

pub(crate) use export::Export;
pub(crate) use header::{is_csv, open, FileProblem};
pub(crate) use mapping::{preset, MappingError};
pub(crate) use stream::{open_deals, Converted, DealsStream, RowBlock};

use crate::deal::{DealContext, LoadedDeal};
use crate::diagnostic::{Code, Diagnostic};
use crate::span::Sources;

/// Every deal of a deals CSV (`bytes`) read through a mapping's text, as
/// `check --map` reads them (for the fuzz target and tests). A mapping
/// that cannot be used, or a file that fits no section, is one error.
pub(crate) fn read_export(
    mapping: &str,
    bytes: &[u8],
    context: &DealContext,
    sources: &mut Sources,
) -> Vec<Result<LoadedDeal, Diagnostic>> {
    let failed = |sources: &mut Sources, message: String| {
        let file = sources.add(crate::span::Source::new("export.csv", None, ""));
        vec![Err(Diagnostic::new(Code::DealUnreadable, message).at(
            file,
            crate::span::Span::new(0, 0),
            "",
        ))]
    };
    let mapping = match mapping::load_text("export.map.yaml", mapping, context) {
        Ok(mapping) => mapping,
        Err(problem) => return failed(sources, problem.message),
    };
    let export = Arc::new(Export::new(mapping, context));
    let reader: Box<dyn Read + Send> = Box::new(std::io::Cursor::new(bytes.to_vec()));
    let opened = match open("export.csv", None, reader, &export.mapping) {
        Ok(opened) if opened.is_deals() => opened,
        Ok(_) => return Vec::new(),
        Err(problem) => return failed(sources, problem.message),
    };
    let mut stream = DealsStream::new(export, opened);
    let mut deals = Vec::new();
    while let Some(block) = stream.next_block() {
        match block {
            Ok(block) => deals.extend(block.deals(context, sources)),
            Err(problem) => deals.extend(failed(sources, problem.message)),
        }
    }
    deals
}

#[cfg(test)]
mod tests {
    use super::*;

    fn context() -> DealContext {
        DealContext {
            stages: ["prospecting", "contact", "closing"]
                .map(String::from)
                .to_vec(),
            custom: Vec::new(),
        }
    }

    /// Inputs that must give errors or deals, never a panic or a hang.
    #[test]
    fn malformed_exports_are_errors() {
        let mapping = "extends: salesforce\ndeals:\n  stages:\n    Prospecting: prospecting\n";
        let cases: &[&[u8]] = &[
            b"",
            b"\n\n\n",
            b"Id,StageName\n\"D-1,Prospecting\n",
            b"Id,StageName\nD-1,Prospecting,extra,cells\nD-2\n",
            b"Id,StageName\n\xff\xfe\x00garbage\n",
            b"\xff\xfeI\x00d\x00,\x00S\x00",
            b"Id,StageName\r\nD-1,\"Pro\"\"spect\"\r\n",
            b"Id,StageName\nD-1,Prospecting\n\nTotal\n\n\nmore\n",
            b"Id,StageName,Amount\nD-1,Prospecting,\"1,2,3,,\"\nD-2,Prospecting,--\n",
        ];
        for case in cases {
            let mut sources = Sources::new();
            let _ = read_export(mapping, case, &context(), &mut sources);
        }
        for bad_mapping in [
            "extends: [",
            "extends: nope",
            "deals: 3",
            "related: {tasks: {key: X}}",
            "extends: salesforce\ndates: [X]",
        ] {
            let mut sources = Sources::new();
            let read = read_export(
                bad_mapping,
                b"Id,StageName\nD-1,Prospecting\n",
                &context(),
                &mut sources,
            );
            assert!(
                matches!(read.as_slice(), [Err(_)]),
                "{bad_mapping}: {read:?}"
            );
        }
    }

    #[test]
    fn one_bad_row_costs_only_itself() {
        let mut sources = Sources::new();
        let read = read_export(
            "extends: salesforce\ndeals:\n  stages:\n    Prospecting: prospecting\n",
            b"Id,StageName,Amount\nD-1,Prospecting,12x\nD-2,Prospecting,5\nD-3,Nowhere,5\n",
            &context(),
            &mut sources,
        );
        let ok: Vec<bool> = read.iter().map(Result::is_ok).collect();
        assert_eq!(ok, [false, true, false]);
    }
}
