//! The registry of diagnostic codes. A code is never reused for another
//! meaning; each has its page, docs/codes/CODE.md, indexed in
//! docs/diagnostics.md.

use super::Severity;

macro_rules! codes {
    ($($(#[doc = $doc:literal])* $name:ident = $code:literal, $severity:ident;)*) => {
        /// A stable diagnostic code: what tools match on, never reused for
        /// another meaning.
        ///
        /// ```
        /// use playbook::{Code, Severity};
        ///
        /// assert_eq!(Code::UnknownStage.as_str(), "E201");
        /// assert_eq!(Code::UnknownStage.severity(), Severity::Error);
        /// assert!(Code::ALL.contains(&Code::Syntax));
        /// ```
        #[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
        pub enum Code {
            $($(#[doc = $doc])* $name,)*
        }

        impl Code {
            /// Every code, in registry order.
            pub const ALL: &'static [Code] = &[$(Code::$name,)*];

            /// The code as printed, e.g. `E201`.
            pub fn as_str(self) -> &'static str {
                match self { $(Code::$name => $code,)* }
            }

            /// Whether it is an error or a warning.
            pub fn severity(self) -> Severity {
                match self { $(Code::$name => Severity::$severity,)* }
            }

            /// One line saying what the code means.
            pub fn summary(self) -> &'static str {
                match self { $(Code::$name => concat!($($doc),*).trim_ascii(),)* }
            }
        }
    };
}

codes! {
    // ---- reading a playbook (E1xx) ----
    /// The playbook text does not follow the grammar.
    Syntax = "E100", Error;
    /// A line starts with a word that is not a declaration.
    UnknownDeclaration = "E101", Error;
    /// A string is not closed on its line, or has an unknown escape.
    BadString = "E102", Error;
    /// A date literal is not a real calendar date.
    BadDate = "E103", Error;
    /// A `{...}` in a message is not a valid expression or is not closed.
    BadInterpolation = "E104", Error;
    /// A rule lacks `when` or `recommend`, or repeats a clause.
    RuleShape = "E105", Error;
    /// A priority other than critical, high, medium, low.
    UnknownPriority = "E106", Error;
    /// A field type other than text, number, bool, date.
    UnknownFieldType = "E107", Error;
    /// The file does not begin with `playbook "NAME"`, or repeats a header.
    Header = "E108", Error;
    /// Past a limit that protects the tool (nesting depth, operators, imports, numbers).
    Limit = "E109", Error;
    /// A playbook or import file cannot be read.
    Unreadable = "E110", Error;

    // ---- checking a playbook (E2xx) ----
    /// A name that is not a field, define, `for each` item or declared custom field.
    UnknownName = "E200", Error;
    /// A stage that the `stages` list does not declare.
    UnknownStage = "E201", Error;
    /// An operator applied to values of the wrong type.
    TypeMismatch = "E202", Error;
    /// Two rules with the same ID.
    DuplicateRule = "E203", Error;
    /// A stage, field or define declared twice.
    DuplicateName = "E204", Error;
    /// A define that depends on itself.
    DefineCycle = "E205", Error;
    /// An import that leads back to the importing file.
    ImportCycle = "E206", Error;
    /// A `matches` pattern that is not a valid regular expression.
    BadRegex = "E207", Error;
    /// The playbook declares no stages.
    NoStages = "E208", Error;
    /// A define or `for each` name that hides a deal field.
    ShadowedName = "E209", Error;
    /// A `fields` entry that is not `custom.NAME`.
    FieldDeclaration = "E210", Error;

    // ---- reading a deal (E3xx) ----
    /// The deal file is not valid YAML or JSON.
    DealSyntax = "E300", Error;
    /// A field that the deal model does not have.
    UnknownDealField = "E301", Error;
    /// A field whose value has the wrong type.
    DealType = "E302", Error;
    /// A date that is not `YYYY-MM-DD` or not a real calendar date.
    DealDate = "E303", Error;
    /// A stage that the playbook does not declare.
    DealStage = "E304", Error;
    /// `id` or `stage` is absent.
    DealRequired = "E305", Error;
    /// Two deals in one run with the same `id`.
    DuplicateDeal = "E306", Error;
    /// A deal file or folder that cannot be read.
    DealUnreadable = "E307", Error;
    /// A `custom` field that is a near miss of one the playbook declares.
    UndeclaredCustom = "E308", Error;
    /// Evaluating one deal visited more list items than the limit allows
    /// (nested `where`s over very long lists).
    EvaluationLimit = "E309", Error;

    // ---- reading a tests file (E4xx) ----
    /// A tests file that is not valid YAML, or a value of the wrong shape in it.
    TestsSyntax = "E400", Error;
    /// A key that tests files and their cases do not have.
    TestsUnknownKey = "E401", Error;
    /// A required key is absent: `playbook`, `cases`, a case's `name` or `deal`, or a date.
    TestsMissingKey = "E402", Error;
    /// A rule ID in `expect`, `absent` or `exact` that the tested playbook does not have.
    TestsUnknownRule = "E403", Error;
    /// A `today` that is not a real `YYYY-MM-DD` date.
    TestsDate = "E404", Error;
    /// A case's deal file that holds no deal, or more than one.
    TestsDealCount = "E405", Error;

    // ---- warnings (Wxxx) ----
    /// A snooze names a rule the playbook does not have.
    UnknownSnooze = "W001", Warning;
    /// A rule without `because`: reps see an action with no reason.
    NoBecause = "W002", Warning;
    /// A define that no rule uses, directly or through other defines.
    UnusedDefine = "W003", Warning;
    /// A declared `custom.*` field that no rule reads.
    UnusedField = "W004", Warning;
    /// A rule whose condition can never be true.
    NeverFires = "W005", Warning;
    /// A stage that no rule is specific to.
    UnpinnedStage = "W006", Warning;
    /// A value that is not in the known vocabulary of its field.
    UnknownSymbol = "W007", Warning;
    /// Two rules with the same `for each` and `when`.
    SameCondition = "W008", Warning;
    /// A row of a related CRM export whose key matches no deal of the run.
    OrphanRow = "W009", Warning;
}
