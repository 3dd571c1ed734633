//! Generates realistic deal files for benchmarks: every stage, 0–6
//! contacts, up to 40 activities, questions, needs, objections, next steps,
//! and some fields missing. Deterministic for a given count.
//!
//! `gen-deals COUNT ndjson|yaml|folder PATH`, or `gen-deals COUNT playbook
//! PATH` for a playbook of COUNT rules (the default playbook's rules,
//! repeated under new IDs) to time parsing and checking.

use std::io::{BufWriter, Write};

use serde_json::{json, Map, Value};

/// xorshift64*: enough randomness for realistic variety, and repeatable.
struct Random(u64);

impl Random {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_F491_4F6C_DD1D)
    }
    fn below(&mut self, n: u64) -> u64 {
        self.next() % n.max(1)
    }
    fn chance(&mut self, percent: u64) -> bool {
        self.below(100) < percent
    }
    fn pick<'a>(&mut self, items: &[&'a str]) -> &'a str {
        items[self.below(items.len() as u64) as usize]
    }
}

const STAGES: [&str; 5] = [
    "prospecting",
    "contact",
    "needs-analysis",
    "value-delivery",
    "closing",
];
const ROLES: [&str; 8] = [
    "decision-maker",
    "economic-buyer",
    "champion",
    "influencer",
    "evaluator",
    "technical-buyer",
    "user",
    "gatekeeper",
];
const TYPES: [&str; 10] = [
    "research",
    "call",
    "email",
    "visit",
    "meeting",
    "demo",
    "proposal",
    "case-study",
    "data",
    "follow-up",
];
const OUTCOMES: [&str; 3] = ["positive", "neutral", "negative"];
const COMPANIES: [&str; 8] = [
    "Acme",
    "Globex",
    "Initech",
    "Umbrella",
    "Hooli",
    "Stark",
    "Wayne",
    "华东精密",
];
const INDUSTRIES: [&str; 5] = ["manufacturing", "logistics", "retail", "pharma", "energy"];
const PEOPLE: [&str; 8] = [
    "Zhang San",
    "Li Si",
    "Wang Wu",
    "Zhao Liu",
    "Chen Jing",
    "Liu Yang",
    "Sun Hao",
    "Zhou Min",
];

/// A date `days` before 2026-11-28 as text (days < 400).
fn date(days: u64) -> String {
    let mut day = 28i64 - days as i64;
    let mut month = 11i64;
    let mut year = 2026i64;
    let lengths = [31, 31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];
    while day < 1 {
        month -= 1;
        if month == 0 {
            month = 12;
            year -= 1;
        }
        day += lengths[month as usize];
    }
    while day > lengths[month as usize] {
        day -= lengths[month as usize];
        month += 1;
        if month == 13 {
            month = 1;
            year += 1;
        }
    }
    format!("{year:04}-{month:02}-{day:02}")
}

fn deal(i: u64, r: &mut Random) -> Value {
    let company = r.pick(&COMPANIES);
    let mut deal = Map::new();
    deal.insert("id".into(), json!(format!("D-{i:07}")));
    deal.insert("name".into(), json!(format!("{company} project {i}")));
    deal.insert("stage".into(), json!(r.pick(&STAGES)));
    deal.insert("owner".into(), json!(format!("rep.{}", r.below(50))));
    if r.chance(90) {
        deal.insert("amount".into(), json!(r.below(2_000_000) + 10_000));
        deal.insert("currency".into(), json!("CNY"));
    }
    if r.chance(80) {
        deal.insert("probability".into(), json!(r.below(100)));
    }
    if r.chance(85) {
        // Some close dates have passed, most lie ahead.
        let ahead = r.below(120) as i64 - 20;
        deal.insert(
            "close_date".into(),
            json!(if ahead < 0 {
                date((-ahead) as u64)
            } else {
                date(0).replace(
                    "2026-11-28",
                    &format!("2027-0{}-1{}", 1 + ahead % 9, ahead % 10),
                )
            }),
        );
    }
    deal.insert("created".into(), json!(date(100 + r.below(200))));
    if r.chance(90) {
        deal.insert("stage_entered".into(), json!(date(r.below(90))));
    }
    let mut account = Map::new();
    account.insert("name".into(), json!(format!("{company} Corp")));
    if r.chance(80) {
        account.insert("industry".into(), json!(r.pick(&INDUSTRIES)));
    }
    if r.chance(70) {
        account.insert("size".into(), json!(r.below(5000) + 10));
    }
    account.insert("region".into(), json!("East China"));
    if r.chance(30) {
        account.insert("customer_since".into(), json!(date(300 + r.below(90))));
    }
    deal.insert("account".into(), Value::Object(account));
    let contacts: Vec<Value> = (0..r.below(7))
        .map(|_| {
            let mut c = Map::new();
            c.insert("name".into(), json!(r.pick(&PEOPLE)));
            c.insert("title".into(), json!("Manager"));
            c.insert("role".into(), json!(r.pick(&ROLES)));
            c.insert("engaged".into(), json!(r.chance(60)));
            if r.chance(70) {
                c.insert("last_contact".into(), json!(date(r.below(60))));
            }
            Value::Object(c)
        })
        .collect();
    deal.insert("contacts".into(), Value::Array(contacts));
    let activities: Vec<Value> = (0..{
        let most = r.below(41) + 1;
        r.below(most)
    })
        .map(|_| {
            let mut a = Map::new();
            a.insert("type".into(), json!(r.pick(&TYPES)));
            a.insert("date".into(), json!(date(r.below(120))));
            a.insert(
                "summary".into(),
                json!("talked through the current process and next steps"),
            );
            a.insert("outcome".into(), json!(r.pick(&OUTCOMES)));
            if r.chance(50) {
                a.insert("with".into(), json!([r.pick(&PEOPLE)]));
            }
            Value::Object(a)
        })
        .collect();
    deal.insert("activities".into(), Value::Array(activities));
    let questions: Vec<Value> = (0..r.below(6))
        .map(|_| json!({"text": "What happens today when an order ships late?", "kind": if r.chance(50) {"open"} else {"closed"}, "date": date(r.below(60)), "answered": r.chance(70)}))
        .collect();
    deal.insert("questions".into(), Value::Array(questions));
    let needs: Vec<Value> = (0..r.below(4))
        .map(|_| {
            let mut n = Map::new();
            n.insert("text".into(), json!("cut late shipments by half"));
            n.insert("confirmed".into(), json!(r.chance(60)));
            if r.chance(50) {
                n.insert(
                    "value".into(),
                    json!("route planning cut late shipments 40% at a similar plant"),
                );
            }
            Value::Object(n)
        })
        .collect();
    deal.insert("needs".into(), Value::Array(needs));
    let objections: Vec<Value> = (0..r.below(3))
        .map(|_| json!({"text": "price above budget", "resolved": r.chance(50)}))
        .collect();
    deal.insert("objections".into(), Value::Array(objections));
    if r.chance(50) {
        deal.insert("competitors".into(), json!([{"name": "Globex"}]));
    }
    let steps: Vec<Value> = (0..r.below(4))
        .map(|_| json!({"text": "send proposal", "due": date(r.below(30)), "done": r.chance(40)}))
        .collect();
    deal.insert("next_steps".into(), Value::Array(steps));
    Value::Object(deal)
}

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let args: Vec<String> = std::env::args().collect();
    let usage = "usage: gen-deals COUNT ndjson|yaml|folder|playbook PATH";
    let count: u64 = args.get(1).ok_or(usage)?.parse()?;
    let kind = args.get(2).ok_or(usage)?;
    let path = args.get(3).ok_or(usage)?;
    let mut random = Random(0x9E37_79B9_7F4A_7C15);
    match kind.as_str() {
        "ndjson" => {
            let mut out = BufWriter::new(std::fs::File::create(path)?);
            for i in 0..count {
                serde_json::to_writer(&mut out, &deal(i, &mut random))?;
                out.write_all(b"\n")?;
            }
            out.flush()?;
        }
        "yaml" => {
            let mut out = BufWriter::new(std::fs::File::create(path)?);
            for i in 0..count {
                out.write_all(b"---\n")?;
                out.write_all(serde_yaml::to_string(&deal(i, &mut random))?.as_bytes())?;
            }
            out.flush()?;
        }
        "playbook" => {
            let default = include_str!("../../playbooks/consultative-sales.playbook");
            let first_rule = default
                .find("\nrule ")
                .ok_or("no rule in the default playbook")?;
            let (head, rules) = default.split_at(first_rule + 1);
            let blocks: Vec<&str> = rules.split("\nrule ").collect();
            let mut text = head.to_string();
            for i in 0..count as usize {
                let block = blocks[i % blocks.len()].trim_start_matches("rule ");
                // New ID: `rule-id` becomes `rule-id-N`.
                let (id, rest) = block.split_once(' ').unwrap_or((block, ""));
                text.push_str(&format!("rule {id}-{i} {rest}\n"));
            }
            std::fs::write(path, text)?;
        }
        "folder" => {
            std::fs::create_dir_all(path)?;
            for i in 0..count {
                let file = format!("{path}/deal-{i:07}.yaml");
                std::fs::write(file, serde_yaml::to_string(&deal(i, &mut random))?)?;
            }
        }
        _ => return Err(usage.into()),
    }
    Ok(())
}
