//! `check --format csv`: one row per action, for a spreadsheet or a CRM
//! import. A cell a spreadsheet would run as a formula (`=`, `+`, `-`,
//! `@`, tab, carriage return first) is written with a leading `'`.

use crate::recommendation::DealResult;

/// The header row.
pub(crate) const HEADER: &str =
    "deal,name,owner,stage,priority,rule,title,message,because,tags,close_date,amount\n";

/// A cell that a spreadsheet shows as written, never runs.
fn inert(cell: &str) -> std::borrow::Cow<'_, str> {
    if cell.starts_with(['=', '+', '-', '@', '\t', '\r']) {
        format!("'{cell}").into()
    } else {
        cell.into()
    }
}

/// One deal's rows (none for a deal without actions or with errors).
pub(crate) fn csv_deal(result: &DealResult) -> Vec<u8> {
    let mut writer = csv::WriterBuilder::new()
        .has_headers(false)
        .terminator(csv::Terminator::Any(b'\n'))
        .from_writer(Vec::new());
    let text = |value: &Option<String>| value.clone().unwrap_or_default();
    let routing = &result.routing;
    let close_date = routing
        .close_date
        .map(|d| d.to_string())
        .unwrap_or_default();
    let amount = routing
        .amount
        .map(crate::recommendation::number_text)
        .unwrap_or_default();
    for action in &result.actions {
        let tags = action.tags.join(";");
        let row = [
            text(&result.deal),
            text(&result.name),
            text(&routing.owner),
            text(&result.stage),
            action.priority.name().to_string(),
            action.rule.clone(),
            text(&action.title),
            action.message.clone(),
            text(&action.because),
            tags,
            close_date.clone(),
            amount.clone(),
        ];
        // Writing into a Vec cannot fail.
        let _ = writer.write_record(row.iter().map(|cell| inert(cell).into_owned()));
    }
    writer.into_inner().unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn formulas_are_made_inert() {
        assert_eq!(inert("=HYPERLINK(\"x\")"), "'=HYPERLINK(\"x\")");
        assert_eq!(inert("-5"), "'-5");
        assert_eq!(inert("@SUM"), "'@SUM");
        assert_eq!(inert("\tx"), "'\tx");
        assert_eq!(inert("Acme"), "Acme");
    }
}
