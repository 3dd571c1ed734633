//! The parse-only floor for benchmarks: reads the same files `playbook
//! check` reads and parses every deal into a generic `serde_json::Value` or
//! `serde_yaml::Value`, single-threaded, and does nothing else. `check` is
//! measured against it.
//!
//! `parse-floor PATH` (an .ndjson file, a YAML stream, or a folder of YAML files)

use std::io::{BufRead, BufReader};
use std::path::Path;

fn yaml_stream(path: &Path) -> Result<usize, Box<dyn std::error::Error>> {
    let text = std::fs::read_to_string(path)?;
    let mut count = 0;
    for document in serde_yaml::Deserializer::from_str(&text) {
        let value: serde_yaml::Value = serde::Deserialize::deserialize(document)?;
        count += usize::from(!value.is_null());
    }
    Ok(count)
}

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let path = std::env::args().nth(1).ok_or("usage: parse-floor PATH")?;
    let path = Path::new(&path);
    let mut count = 0;
    if path.is_dir() {
        let mut files: Vec<_> = std::fs::read_dir(path)?
            .filter_map(|e| e.ok().map(|e| e.path()))
            .collect();
        files.sort();
        for file in files {
            count += yaml_stream(&file)?;
        }
    } else if path
        .extension()
        .is_some_and(|e| e == "ndjson" || e == "jsonl")
    {
        for line in BufReader::new(std::fs::File::open(path)?).lines() {
            let line = line?;
            if !line.trim().is_empty() {
                let _value: serde_json::Value = serde_json::from_str(&line)?;
                count += 1;
            }
        }
    } else {
        count = yaml_stream(path)?;
    }
    println!("{count}");
    Ok(())
}
