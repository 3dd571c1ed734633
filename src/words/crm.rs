//! What reading a CRM export says: cells that cannot be read, stages the
//! mapping lacks, headers that fit no section, mapping files, encodings.
//! The keys and their arguments, with their English and Chinese words
//! (written for a sales-ops analyst, not word for word).

use super::Lang;

/// What a cell of a field of this kind must look like.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Form<'a> {
    /// A number, written with this decimal separator.
    Number {
        /// `.` or `,`.
        decimal_comma: bool,
    },
    /// A percentage or a number (probability).
    Percent,
    /// A date in one of these formats (`MM/DD/YYYY, YYYY-MM-DD`).
    Date {
        /// The formats, joined.
        formats: &'a str,
    },
    /// `true`/`false` and their spellings.
    Bool,
}

/// One thing said about a CRM export or a mapping file.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum CrmWords<'a> {
    /// A cell that cannot be read as its field's type.
    BadCell {
        /// The column header.
        column: &'a str,
        /// The cell as written.
        value: &'a str,
        /// The field it fills.
        field: &'a str,
    },
    /// The form the cell should have (help).
    Expected(Form<'a>),
    /// A CRM stage the mapping's `stages` does not list.
    UnmappedStage {
        /// The stage as the CRM wrote it.
        value: &'a str,
        /// The column header.
        column: &'a str,
    },
    /// How to add a stage to the mapping (help).
    AddStage {
        /// The stage as the CRM wrote it.
        value: &'a str,
        /// The first stage of the playbook, for the example.
        example: &'a str,
    },
    /// The mapping maps a CRM stage to a stage the playbook lacks.
    StageNotInPlaybook {
        /// The CRM stage.
        value: &'a str,
        /// What the mapping maps it to.
        stage: &'a str,
    },
    /// The playbook's stages, for help.
    PlaybookStages {
        /// The stages, joined.
        stages: &'a str,
    },
    /// The cell for `id` or `stage` is empty.
    RequiredEmpty {
        /// The column header.
        column: &'a str,
        /// `id` or `stage`.
        field: &'a str,
    },
    /// The mapping names a column the header lacks.
    MissingColumn {
        /// The column the mapping names.
        column: &'a str,
        /// The field it fills.
        field: &'a str,
        /// The file.
        file: &'a str,
    },
    /// A header that fits no section of the mapping.
    NoSection {
        /// The file.
        file: &'a str,
        /// The sections tried, joined.
        tried: &'a str,
    },
    /// What each section needs (help).
    SectionsNeed,
    /// A file read as the deals file (standard input) whose header is not.
    NotDeals {
        /// The file.
        file: &'a str,
    },
    /// A header that fits two related sections.
    TwoSections {
        /// The file.
        file: &'a str,
        /// One section.
        first: &'a str,
        /// The other.
        second: &'a str,
    },
    /// How to tell two sections apart (help).
    TellSectionsApart,
    /// A file that is not UTF-8 and whose encoding was not declared.
    NotUtf8 {
        /// The file.
        file: &'a str,
        /// The line of the first bad byte.
        line: u64,
    },
    /// How to declare the encoding (help).
    DeclareEncoding,
    /// A file that is not valid text in its declared encoding.
    BadEncoding {
        /// The file.
        file: &'a str,
        /// The encoding.
        encoding: &'a str,
        /// The line of the first bad byte.
        line: u64,
    },
    /// A file that cannot be read as CSV.
    Unreadable {
        /// The file.
        file: &'a str,
        /// Why.
        reason: &'a str,
    },
    /// A related row whose key matches no deal.
    OrphanRow {
        /// The file.
        file: &'a str,
        /// Its line.
        line: u64,
        /// The key cell.
        key: &'a str,
    },
    /// Why an orphan row matters (help).
    OrphanHelp {
        /// The key column.
        column: &'a str,
    },
    /// A report footer after a blank line.
    Footer {
        /// The file.
        file: &'a str,
        /// The blank line.
        line: u64,
        /// The lines after it.
        rows: u64,
    },
    /// Deals mapped to `closed`, counted and not evaluated.
    Closed {
        /// How many.
        count: u64,
    },
    /// The heading of one owner's deals (`--group-by owner`).
    OwnerHeading {
        /// The owner, or `None` for deals without one.
        owner: Option<&'a str>,
        /// Their deals.
        deals: usize,
    },
    /// The caption of the page's chart of deals by stage.
    DealsByStage,
    /// The caption of the chart of actions by priority.
    ActionsByPriority,
    /// The caption of the chart of the rules with the most actions.
    RulesFiringMost,
    /// A `.csv` or `.tsv` file given without `--map` (help).
    NeedsMap,
    /// A mapping file that cannot be read.
    MappingUnreadable {
        /// The name or path given.
        name: &'a str,
        /// Why.
        reason: &'a str,
    },
    /// `--map NAME` that is neither a preset nor a file.
    UnknownPreset {
        /// The name.
        name: &'a str,
    },
    /// The presets (help).
    Presets,
    /// A mapping value the mapping file does not allow.
    BadSetting {
        /// The setting (`encoding`, `delimiter`, `decimal`, `dates`).
        setting: &'a str,
        /// The value.
        value: &'a str,
        /// What it may be.
        allowed: &'a str,
    },
    /// A mapping target that is not a field of the deal model.
    UnknownField {
        /// The target as written.
        field: &'a str,
        /// The column that names it.
        column: &'a str,
    },
    /// A related section that is not a list of the deal model.
    UnknownList {
        /// The section's name.
        section: &'a str,
    },
    /// A related section without `key`.
    NoKey {
        /// The section's name.
        section: &'a str,
    },
    /// `extends` chains that go too deep or loop.
    ExtendsTooDeep {
        /// The mapping.
        name: &'a str,
    },
    /// A mapping file that is not valid YAML or has an unknown key.
    MappingSyntax {
        /// The mapping.
        name: &'a str,
        /// The parser's words.
        reason: &'a str,
    },
}

impl CrmWords<'_> {
    /// The words in `lang`.
    pub(crate) fn render(&self, lang: Lang) -> String {
        match lang {
            Lang::En => english(self),
            Lang::Zh => chinese(self),
        }
    }
}

fn english(words: &CrmWords) -> String {
    match *words {
        CrmWords::BadCell {
            column,
            value,
            field,
        } => format!("`{value}` in column `{column}` cannot be read as `{field}`"),
        CrmWords::Expected(form) => match form {
            Form::Number { decimal_comma: false } => {
                "expected a number, such as `1200000`, `1,200,000.50`, `$120,000` or `CNY 1,200,000`"
                    .to_string()
            }
            Form::Number { decimal_comma: true } => {
                "expected a number with a decimal comma (the mapping's `decimal: \",\"`), such as `1.200.000,50`"
                    .to_string()
            }
            Form::Percent => "expected a percentage or a number, such as `40%` or `40`".to_string(),
            Form::Date { formats } => format!(
                "expected a date as {formats} (the mapping's `dates`), or a date-time such as `2026-11-02T10:00:00Z`"
            ),
            Form::Bool => {
                "expected `true`/`false`, `yes`/`no`, `1`/`0`, `是`/`否` or `checked`/`unchecked`"
                    .to_string()
            }
        },
        CrmWords::UnmappedStage { value, column } => {
            format!("CRM stage `{value}` (column `{column}`) is not in the mapping's `stages`")
        }
        CrmWords::AddStage { value, example } => format!(
            "add it to the mapping under `deals: stages:`, as `{value}: {example}` (a stage of the playbook) or `{value}: closed`"
        ),
        CrmWords::StageNotInPlaybook { value, stage } => format!(
            "the mapping maps CRM stage `{value}` to `{stage}`, which is not a stage of this playbook"
        ),
        CrmWords::PlaybookStages { stages } => {
            format!("the playbook's stages are {stages}, or `closed`")
        }
        CrmWords::RequiredEmpty { column, field } => {
            format!("the `{column}` cell is empty: every deal needs its `{field}`")
        }
        CrmWords::MissingColumn {
            column,
            field,
            file,
        } => format!(
            "the mapping names column `{column}` (for `{field}`), which the header of `{file}` does not have"
        ),
        CrmWords::NoSection { file, tried } => {
            format!("the header of `{file}` fits no section of the mapping (tried {tried})")
        }
        CrmWords::NotDeals { file } => format!(
            "`{file}` is read as the deals file, but its header lacks the columns mapped to `id` and `stage`"
        ),
        CrmWords::SectionsNeed => "a deals file has the columns mapped to `id` and `stage`; a related file has its section's `key` column and at least one of its columns".to_string(),
        CrmWords::TwoSections {
            file,
            first,
            second,
        } => format!(
            "the header of `{file}` fits two related sections of the mapping, `{first}` and `{second}`"
        ),
        CrmWords::TellSectionsApart => {
            "give each related section a `key` column only its own export has".to_string()
        }
        CrmWords::NotUtf8 { file, line } => {
            format!("`{file}` is not UTF-8 text (line {line})")
        }
        CrmWords::DeclareEncoding => "if the export was saved in another encoding, say so in the mapping's `encoding` setting: `encoding: gb18030` (Chinese spreadsheets and CRMs) or `encoding: utf-16`".to_string(),
        CrmWords::BadEncoding {
            file,
            encoding,
            line,
        } => format!("`{file}` is not {encoding} text (line {line}), as the mapping's `encoding` says"),
        CrmWords::Unreadable { file, reason } => format!("cannot read `{file}` as CSV: {reason}"),
        CrmWords::OrphanRow { file, line, key } => format!(
            "the row at line {line} of `{file}` belongs to deal `{key}`, which is in no deals file of this run"
        ),
        CrmWords::OrphanHelp { column } => format!(
            "the row was not joined to any deal; check its `{column}`, or give the deals file that has that deal"
        ),
        CrmWords::Footer { file, line, rows } => format!(
            "{rows} {} after the blank line at line {line} of `{file}` read as the report's footer, not as deals",
            if rows == 1 { "line" } else { "lines" }
        ),
        CrmWords::Closed { count } => format!(
            "{count} closed {} (mapped to `closed`) counted, not evaluated",
            if count == 1 { "deal" } else { "deals" }
        ),
        CrmWords::OwnerHeading { owner, deals } => format!(
            "{}: {deals} {}",
            owner.unwrap_or("No owner"),
            if deals == 1 { "deal" } else { "deals" }
        ),
        CrmWords::DealsByStage => "Deals by stage".to_string(),
        CrmWords::ActionsByPriority => "Actions by priority".to_string(),
        CrmWords::RulesFiringMost => "Rules that fire most".to_string(),
        CrmWords::NeedsMap => "a CRM export is read through a mapping: `--map salesforce`, `--map hubspot` or `--map FILE.map.yaml` (see `playbook import --print-map salesforce`)".to_string(),
        CrmWords::MappingUnreadable { name, reason } => {
            format!("cannot read mapping `{name}`: {reason}")
        }
        CrmWords::UnknownPreset { name } => {
            format!("`{name}` is neither a preset nor a mapping file")
        }
        CrmWords::Presets => "the presets are `salesforce` and `hubspot`; a mapping file is a path ending in .yaml".to_string(),
        CrmWords::BadSetting {
            setting,
            value,
            allowed,
        } => format!("`{setting}: {value}` is not a setting the mapping allows; it may be {allowed}"),
        CrmWords::UnknownField { field, column } => format!(
            "column `{column}` is mapped to `{field}`, which is not a field of the deal model"
        ),
        CrmWords::UnknownList { section } => format!(
            "related section `{section}` is not a list of the deal model (contacts, activities, questions, needs, objections, competitors, next_steps)"
        ),
        CrmWords::NoKey { section } => {
            format!("related section `{section}` has no `key`: the column that holds the deal's id")
        }
        CrmWords::ExtendsTooDeep { name } => {
            format!("mapping `{name}` extends mappings that extend it back, or more than 8 deep")
        }
        CrmWords::MappingSyntax { name, reason } => {
            format!("mapping `{name}` is not a valid mapping file: {reason}")
        }
    }
}

fn chinese(words: &CrmWords) -> String {
    match *words {
        CrmWords::BadCell {
            column,
            value,
            field,
        } => format!("“{column}”列的值 `{value}` 无法读作 `{field}`"),
        CrmWords::Expected(form) => match form {
            Form::Number { decimal_comma: false } => {
                "应为数字，例如 `1200000`、`1,200,000.50`、`$120,000` 或 `CNY 1,200,000`".to_string()
            }
            Form::Number { decimal_comma: true } => {
                "应为以逗号作小数点的数字（映射中的 `decimal: \",\"`），例如 `1.200.000,50`".to_string()
            }
            Form::Percent => "应为百分比或数字，例如 `40%` 或 `40`".to_string(),
            Form::Date { formats } => format!(
                "应为 {formats} 格式的日期（映射中的 `dates`），或 `2026-11-02T10:00:00Z` 这样的日期时间"
            ),
            Form::Bool => {
                "应为 `true`/`false`、`yes`/`no`、`1`/`0`、`是`/`否` 或 `checked`/`unchecked`".to_string()
            }
        },
        CrmWords::UnmappedStage { value, column } => {
            format!("CRM 阶段 `{value}`（“{column}”列）不在映射的 `stages` 中")
        }
        CrmWords::AddStage { value, example } => format!(
            "请在映射的 `deals: stages:` 下添加：`{value}: {example}`（对应剧本中的阶段），或 `{value}: closed`"
        ),
        CrmWords::StageNotInPlaybook { value, stage } => {
            format!("映射把 CRM 阶段 `{value}` 对应到 `{stage}`，但本剧本没有这个阶段")
        }
        CrmWords::PlaybookStages { stages } => format!("剧本的阶段有 {stages}，或 `closed`"),
        CrmWords::RequiredEmpty { column, field } => {
            format!("“{column}”单元格为空：每个商机都必须有 `{field}`")
        }
        CrmWords::MissingColumn {
            column,
            field,
            file,
        } => format!("映射中的列“{column}”（对应 `{field}`）在 `{file}` 的表头中不存在"),
        CrmWords::NoSection { file, tried } => {
            format!("`{file}` 的表头与映射中的任何部分都对不上（已尝试 {tried}）")
        }
        CrmWords::NotDeals { file } => {
            format!("`{file}` 被当作商机文件读取，但表头中没有映射到 `id` 和 `stage` 的列")
        }
        CrmWords::SectionsNeed => "商机文件须包含映射到 `id` 和 `stage` 的列；关联文件须包含其部分的 `key` 列及至少一个已映射的列".to_string(),
        CrmWords::TwoSections {
            file,
            first,
            second,
        } => format!("`{file}` 的表头同时符合映射中的两个关联部分：`{first}` 和 `{second}`"),
        CrmWords::TellSectionsApart => {
            "请让每个关联部分的 `key` 列只出现在它自己的导出文件中".to_string()
        }
        CrmWords::NotUtf8 { file, line } => format!("`{file}` 不是 UTF-8 文本（第 {line} 行）"),
        CrmWords::DeclareEncoding => "如果导出文件用了其他编码，请在映射的 `encoding` 设置中写明：`encoding: gb18030`（中文表格和 CRM 的默认编码）或 `encoding: utf-16`".to_string(),
        CrmWords::BadEncoding {
            file,
            encoding,
            line,
        } => format!("`{file}` 不是映射的 `encoding` 所说的 {encoding} 文本（第 {line} 行）"),
        CrmWords::Unreadable { file, reason } => format!("无法把 `{file}` 读作 CSV：{reason}"),
        CrmWords::OrphanRow { file, line, key } => format!(
            "`{file}` 第 {line} 行属于商机 `{key}`，但本次运行的商机文件中没有这个商机"
        ),
        CrmWords::OrphanHelp { column } => format!(
            "这一行没有并入任何商机；请检查它的“{column}”，或在命令行中加上含有该商机的商机文件"
        ),
        CrmWords::Footer { file, line, rows } => format!(
            "`{file}` 第 {line} 行空行之后的 {rows} 行被视为报表页脚，不是商机"
        ),
        CrmWords::Closed { count } => {
            format!("{count} 个已关闭的商机（映射为 `closed`）只计数，不评估")
        }
        CrmWords::OwnerHeading { owner, deals } => {
            format!("{}：{deals} 个商机", owner.unwrap_or("未指定负责人"))
        }
        CrmWords::DealsByStage => "各阶段商机数".to_string(),
        CrmWords::ActionsByPriority => "各优先级行动数".to_string(),
        CrmWords::RulesFiringMost => "触发最多的规则".to_string(),
        CrmWords::NeedsMap => "CRM 导出文件需要通过映射读取：`--map salesforce`、`--map hubspot` 或 `--map 文件.map.yaml`（参见 `playbook import --print-map salesforce`）".to_string(),
        CrmWords::MappingUnreadable { name, reason } => {
            format!("无法读取映射 `{name}`：{reason}")
        }
        CrmWords::UnknownPreset { name } => format!("`{name}` 既不是预设，也不是映射文件"),
        CrmWords::Presets => {
            "预设有 `salesforce` 和 `hubspot`；映射文件是以 .yaml 结尾的路径".to_string()
        }
        CrmWords::BadSetting {
            setting,
            value,
            allowed,
        } => format!("映射不支持 `{setting}: {value}`；可用的值：{allowed}"),
        CrmWords::UnknownField { field, column } => {
            format!("列“{column}”被映射到 `{field}`，但商机模型中没有这个字段")
        }
        CrmWords::UnknownList { section } => format!(
            "关联部分 `{section}` 不是商机模型中的列表（contacts、activities、questions、needs、objections、competitors、next_steps）"
        ),
        CrmWords::NoKey { section } => {
            format!("关联部分 `{section}` 没有 `key`：即存放商机 id 的那一列")
        }
        CrmWords::ExtendsTooDeep { name } => {
            format!("映射 `{name}` 的 `extends` 形成了循环，或超过 8 层")
        }
        CrmWords::MappingSyntax { name, reason } => {
            format!("映射 `{name}` 不是有效的映射文件：{reason}")
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Every key has words in both languages, and the Chinese is not the
    /// English.
    #[test]
    fn every_key_in_both_languages() {
        let form = Form::Date {
            formats: "MM/DD/YYYY, YYYY-MM-DD",
        };
        let all = [
            CrmWords::BadCell {
                column: "Amount",
                value: "abc",
                field: "amount",
            },
            CrmWords::Expected(form),
            CrmWords::Expected(Form::Number {
                decimal_comma: true,
            }),
            CrmWords::Expected(Form::Number {
                decimal_comma: false,
            }),
            CrmWords::Expected(Form::Percent),
            CrmWords::Expected(Form::Bool),
            CrmWords::UnmappedStage {
                value: "Won",
                column: "Stage",
            },
            CrmWords::AddStage {
                value: "Won",
                example: "closing",
            },
            CrmWords::StageNotInPlaybook {
                value: "Won",
                stage: "win",
            },
            CrmWords::PlaybookStages { stages: "`a`" },
            CrmWords::RequiredEmpty {
                column: "Id",
                field: "id",
            },
            CrmWords::MissingColumn {
                column: "Ownr",
                field: "owner",
                file: "a.csv",
            },
            CrmWords::NoSection {
                file: "a.csv",
                tried: "`deals`",
            },
            CrmWords::SectionsNeed,
            CrmWords::NotDeals { file: "-" },
            CrmWords::TwoSections {
                file: "a.csv",
                first: "contacts",
                second: "activities",
            },
            CrmWords::TellSectionsApart,
            CrmWords::NotUtf8 {
                file: "a.csv",
                line: 3,
            },
            CrmWords::DeclareEncoding,
            CrmWords::BadEncoding {
                file: "a.csv",
                encoding: "gb18030",
                line: 3,
            },
            CrmWords::Unreadable {
                file: "a.csv",
                reason: "x",
            },
            CrmWords::OrphanRow {
                file: "a.csv",
                line: 3,
                key: "D-1",
            },
            CrmWords::OrphanHelp { column: "WhatId" },
            CrmWords::Footer {
                file: "a.csv",
                line: 9,
                rows: 4,
            },
            CrmWords::Closed { count: 2 },
            CrmWords::NeedsMap,
            CrmWords::DealsByStage,
            CrmWords::ActionsByPriority,
            CrmWords::RulesFiringMost,
            CrmWords::OwnerHeading {
                owner: Some("Li Wei"),
                deals: 2,
            },
            CrmWords::OwnerHeading {
                owner: None,
                deals: 1,
            },
            CrmWords::MappingUnreadable {
                name: "x",
                reason: "y",
            },
            CrmWords::UnknownPreset { name: "x" },
            CrmWords::Presets,
            CrmWords::BadSetting {
                setting: "decimal",
                value: ";",
                allowed: "`.` or `,`",
            },
            CrmWords::UnknownField {
                field: "ownr",
                column: "Owner",
            },
            CrmWords::UnknownList { section: "tasks" },
            CrmWords::NoKey { section: "tasks" },
            CrmWords::ExtendsTooDeep { name: "a" },
            CrmWords::MappingSyntax {
                name: "a",
                reason: "b",
            },
        ];
        for words in all {
            let en = words.render(Lang::En);
            let zh = words.render(Lang::Zh);
            assert!(!en.is_empty());
            assert_ne!(en, zh, "{words:?}");
        }
    }
}
