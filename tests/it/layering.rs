//! The layers go one way. Every `crate::` path in `src/` (outside
//! `#[cfg(test)]` modules and comments) is an edge from the top-level module
//! it is written in to the top-level module it names; each edge must be
//! allowed by the table "Allowed imports" in docs/ARCHITECTURE.md, every
//! module must have a row there, and the table itself must have no cycle.
//! So adding an import that reaches up, or a new module, means changing the
//! documented architecture first.

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

const ROOT: &str = env!("CARGO_MANIFEST_DIR");

/// `module -> modules it may import`, read from docs/ARCHITECTURE.md.
fn allowed() -> BTreeMap<String, BTreeSet<String>> {
    let doc = std::fs::read_to_string(Path::new(ROOT).join("docs/ARCHITECTURE.md")).unwrap();
    let section = doc
        .split("\n## Allowed imports")
        .nth(1)
        .expect("docs/ARCHITECTURE.md has a section `## Allowed imports`");
    let section = section.split("\n## ").next().unwrap();
    let mut table = BTreeMap::new();
    for line in section.lines().filter(|l| l.starts_with("| `")) {
        let cells: Vec<&str> = line.trim_matches('|').split('|').collect();
        let module = cells[0].trim().trim_matches('`').to_string();
        let imports = cells[1]
            .split(',')
            .map(|m| m.trim().trim_matches('`').to_string())
            .filter(|m| !m.is_empty() && m != "—")
            .collect();
        assert!(
            table.insert(module.clone(), imports).is_none(),
            "`{module}` has two rows in the table"
        );
    }
    table
}

fn rust_files(dir: &Path, out: &mut Vec<PathBuf>) {
    for entry in std::fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        if path.is_dir() {
            rust_files(&path, out);
        } else if path.extension().is_some_and(|e| e == "rs") {
            out.push(path);
        }
    }
}

/// The code of a file without its test module and comments.
fn code(text: &str) -> String {
    let text = match text.find("#[cfg(test)]\nmod ") {
        Some(at) => &text[..at],
        None => text,
    };
    text.lines()
        .map(|line| match line.find("//") {
            Some(at) => &line[..at],
            None => line,
        })
        .collect::<Vec<_>>()
        .join("\n")
}

/// The first segment after each `crate::` (for `use crate::{a, b::c}`, each
/// name at the first level of the braces).
fn named_modules(code: &str) -> Vec<String> {
    let mut names = Vec::new();
    let mut rest = code;
    while let Some(at) = rest.find("crate::") {
        rest = &rest[at + "crate::".len()..];
        if let Some(group) = rest.strip_prefix('{') {
            // Split the group at its first-level commas; each part starts
            // with the module it names.
            let mut depth = 0;
            let mut part = String::new();
            for c in group.chars() {
                match c {
                    '{' => depth += 1,
                    '}' if depth == 0 => break,
                    '}' => depth -= 1,
                    ',' if depth == 0 => {
                        names.push(leading_name(&part));
                        part.clear();
                        continue;
                    }
                    _ => {}
                }
                part.push(c);
            }
            names.push(leading_name(&part));
        } else {
            names.push(leading_name(rest));
        }
    }
    names
}

fn leading_name(text: &str) -> String {
    text.trim_start()
        .chars()
        .take_while(|c| c.is_alphanumeric() || *c == '_')
        .collect()
}

#[test]
fn imports_follow_the_table_in_architecture_md() {
    let table = allowed();
    let src = Path::new(ROOT).join("src");
    let mut files = Vec::new();
    rust_files(&src, &mut files);
    let mut modules = BTreeSet::new();
    let mut used: BTreeSet<(String, String)> = BTreeSet::new();
    let mut problems = Vec::new();
    for file in &files {
        let relative = file.strip_prefix(&src).unwrap();
        let first = relative.components().next().unwrap().as_os_str();
        let module = first.to_str().unwrap().trim_end_matches(".rs").to_string();
        if ["lib", "main", "bin"].contains(&module.as_str()) {
            continue;
        }
        modules.insert(module.clone());
        let Some(allowed) = table.get(&module) else {
            problems.push(format!("`{module}` has no row in the table"));
            continue;
        };
        let text = std::fs::read_to_string(file).unwrap();
        for name in named_modules(&code(&text)) {
            if name == module || name.is_empty() {
                continue;
            }
            if !table.contains_key(&name) {
                // The facade (lib.rs) is for callers: only the CLI, the top
                // of the library, goes through it.
                if module == "cli" {
                    continue;
                }
                problems.push(format!(
                    "{}: `crate::{name}` is not a module of the table: import it from the module that defines it",
                    relative.display()
                ));
            } else if allowed.contains(&name) {
                used.insert((module.clone(), name));
            } else {
                problems.push(format!(
                    "{}: `{module}` imports `{name}`, which the table does not allow",
                    relative.display()
                ));
            }
        }
    }
    for (module, imports) in &table {
        if !modules.contains(module) {
            problems.push(format!("the table names `{module}`, which is not in src/"));
        }
        // The table says what is used, not what might be: an edge no code
        // takes is taken out, so the table stays the real picture.
        for import in imports {
            if !used.contains(&(module.clone(), import.clone())) {
                problems.push(format!(
                    "the table lets `{module}` import `{import}`, which it does not: remove it"
                ));
            }
        }
    }
    assert!(problems.is_empty(), "{}", problems.join("\n"));
}

#[test]
fn the_table_has_no_cycle() {
    let table = allowed();
    // Kahn's algorithm: repeatedly remove modules whose imports are all gone.
    let mut left: BTreeMap<&str, BTreeSet<&str>> = table
        .iter()
        .map(|(m, i)| (m.as_str(), i.iter().map(String::as_str).collect()))
        .collect();
    loop {
        let done: Vec<&str> = left
            .iter()
            .filter(|(_, imports)| imports.iter().all(|i| !left.contains_key(i)))
            .map(|(m, _)| *m)
            .collect();
        if done.is_empty() {
            break;
        }
        for m in done {
            left.remove(m);
        }
    }
    assert!(
        left.is_empty(),
        "these modules import in a circle: {:?}",
        left.keys()
    );
}

#[test]
fn the_reader_finds_grouped_and_nested_imports() {
    let names = named_modules(
        "use crate::{ast::{self, Expr}, span::Span};\nlet x = crate::date::Date::EPOCH;",
    );
    assert_eq!(names, ["ast", "span", "date"]);
    assert!(
        code("use crate::a; // crate::b\n#[cfg(test)]\nmod tests { use crate::c; }")
            .contains("crate::a")
    );
    assert!(!code("// crate::b\n#[cfg(test)]\nmod tests { use crate::c; }").contains("crate::"));
}
