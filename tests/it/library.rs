//! The facade as a language server or the playground would use it:
//! playbooks compiled from memory (no I/O), imports among in-memory files.

use std::path::Path;

use playbook::{compile_files, compile_text, Code, InMemory};

const STAGES: &str = "stages\n  lead  \"Lead\"\n  won   \"Won\"\n";
const MAIN: &str =
    "playbook \"Team\"\nimport \"shared/stages.playbook\"\nrule r\n  when stage is lead\n  recommend \"call\"\n  because \"new\"\n";

#[test]
fn compile_text_reads_nothing_from_disk() {
    // `Cargo.toml` exists beside the tests: a text that imports it must
    // still not see it.
    let compiled = compile_text("p.playbook", "playbook \"P\"\nimport \"Cargo.toml\"\n");
    let unreadable: Vec<_> = compiled
        .diagnostics
        .iter()
        .filter(|d| d.code == Code::Unreadable)
        .collect();
    assert_eq!(unreadable.len(), 1, "{:?}", compiled.diagnostics);
    assert!(
        unreadable[0].message.contains("no such file or folder"),
        "{}",
        unreadable[0].message
    );
}

#[test]
fn in_memory_files_import_each_other_by_relative_path() {
    let mut files = InMemory::new();
    files.insert("team/main.playbook", MAIN);
    files.insert("team/shared/stages.playbook", STAGES);
    let compiled = compile_files(Path::new("team/main.playbook"), &files);
    assert!(!compiled.has_errors(), "{:?}", compiled.diagnostics);
    let playbook = compiled.playbook.as_ref().unwrap();
    assert_eq!(playbook.stages().len(), 2);
    assert_eq!(compiled.syntax_trees.len(), 2);
}

#[test]
fn an_import_cycle_in_memory_is_found() {
    let mut files = InMemory::new();
    files.insert("a.playbook", "playbook \"A\"\nimport \"./b.playbook\"\n");
    files.insert("b.playbook", "import \"a.playbook\"\n");
    let compiled = compile_files(Path::new("a.playbook"), &files);
    assert!(compiled
        .diagnostics
        .iter()
        .any(|d| d.code == Code::ImportCycle));
}

#[test]
fn a_missing_root_file_is_one_error() {
    let compiled = compile_files(Path::new("nowhere.playbook"), &InMemory::new());
    assert_eq!(compiled.diagnostics.len(), 1);
    assert_eq!(compiled.diagnostics[0].code, Code::Unreadable);
    assert!(compiled.playbook.is_none());
}
