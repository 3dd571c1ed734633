//! Human names for grammar rules, so a syntax error says "expected a
//! condition" and never names an internal rule.

use super::Rule;

/// What the user should read for a rule pest expected, or `None` for rules
/// that are never worth naming on their own.
pub(crate) fn describe(rule: Rule) -> Option<&'static str> {
    Some(match rule {
        Rule::name | Rule::path => "a field or define name",
        Rule::field_name | Rule::projection => "a field name",
        Rule::symbol => "a name",
        Rule::string | Rule::string_inner => "a quoted text",
        Rule::date => "a date (YYYY-MM-DD)",
        Rule::number | Rule::signed => "a number",
        Rule::duration => "a duration (`14 days`)",
        Rule::unit => "`days` or `weeks`",
        Rule::true_kw => "`true`",
        Rule::false_kw => "`false`",
        Rule::today_kw => "`today`",
        Rule::list => "a list (`[a, b]`)",
        Rule::and_kw => "`and`",
        Rule::or_kw => "`or`",
        Rule::not_kw => "`not`",
        Rule::is_kw => "`is`",
        Rule::where_kw => "`where`",
        Rule::one_of_kw => "`one of`",
        Rule::missing_kw => "`missing`",
        Rule::present_kw => "`present`",
        Rule::empty_kw => "`empty`",
        Rule::before_kw => "`before`",
        Rule::after_kw => "`after`",
        Rule::at_least_kw => "`at least`",
        Rule::at_most_kw => "`at most`",
        Rule::contains_kw => "`contains`",
        Rule::matches_kw => "`matches`",
        Rule::days_kw => "`days`",
        Rule::since_kw | Rule::until_kw => "`since` or `until`",
        Rule::count_kw
        | Rule::any_kw
        | Rule::no_kw
        | Rule::all_kw
        | Rule::sum_kw
        | Rule::min_kw
        | Rule::max_kw
        | Rule::latest_kw
        | Rule::earliest_kw
        | Rule::aggregate => "a value",
        Rule::expr | Rule::and_expr | Rule::not_expr | Rule::where_cond => "a condition",
        Rule::predicate | Rule::sum | Rule::product | Rule::postfix | Rule::group => "a value",
        Rule::negate | Rule::days => "a value",
        Rule::is_test
        | Rule::is_one_of
        | Rule::is_missing
        | Rule::is_present
        | Rule::is_empty
        | Rule::is_before
        | Rule::is_after
        | Rule::is_at_least
        | Rule::is_at_most
        | Rule::is_value => "what to test after `is`",
        Rule::compare | Rule::compare_op => "a comparison (`<`, `=`, ...)",
        Rule::contains => "`contains`",
        Rule::matches => "`matches`",
        Rule::add_op | Rule::mul_op => "an operator",
        Rule::playbook_kw => "`playbook`",
        Rule::version_kw => "`version`",
        Rule::description_kw => "`description`",
        Rule::stages_kw => "`stages`",
        Rule::fields_kw => "`fields`",
        Rule::define_kw => "`define`",
        Rule::import_kw => "`import`",
        Rule::rule_kw => "`rule`",
        Rule::for_kw | Rule::for_each => "`for each`",
        Rule::each_kw => "`each`",
        Rule::in_kw => "`in`",
        Rule::when_kw | Rule::when => "`when`",
        Rule::recommend_kw | Rule::recommend => "`recommend`",
        Rule::priority_kw | Rule::priority => "`priority`",
        Rule::because_kw | Rule::because => "`because`",
        Rule::tags_kw | Rule::tags => "`tags`",
        Rule::stage_entry => "a stage name",
        Rule::field_entry => "a field (`custom.name type`)",
        Rule::EOI => "the end of the declaration",
        Rule::open_bracket => "`[`",
        Rule::close_bracket => "`]`",
        Rule::open_paren => "`(`",
        Rule::close_paren => "`)`",
        Rule::comma => "`,`",
        Rule::equals => "`=`",
        Rule::type_name => "a type (`text`, `number`, `bool` or `date`)",
        Rule::priority_name => "a priority (`critical`, `high`, `medium` or `low`)",
        _ => return None,
    })
}
