//! Messages said in more than one place, each named once, so that the
//! same refusal reads the same wherever it is given. Their words are in the
//! catalogue (`assets/i18n/*/api.ftl`), like every other message.

use crate::error::{Arg, Msg};

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Said {
    /// An address no route or record answers.
    NothingHere,
    /// A name left empty.
    NameRequired,
    /// A change sent without the version it was made on.
    SendTheVersion,
    /// A change that must be explained, sent without a reason.
    GiveAReason,
    /// A conflict of interest declared or recused without saying what it is.
    DescribeTheConflict,
    /// Withdrawing published results, by anyone but a national admin.
    OnlyNationalAdminWithdraws,
    /// A category that has no rubric yet.
    NoRubricYet,
    /// A region code that names no region.
    RegionNotFound,
    /// A change the published results forbid.
    ResultsAlreadyPublished,
    /// An indicator key the category's form does not have.
    IndicatorNotInForm,
}

impl Said {
    pub const ALL: [Said; 10] = [
        Said::NothingHere,
        Said::NameRequired,
        Said::SendTheVersion,
        Said::GiveAReason,
        Said::DescribeTheConflict,
        Said::OnlyNationalAdminWithdraws,
        Said::NoRubricYet,
        Said::RegionNotFound,
        Said::ResultsAlreadyPublished,
        Said::IndicatorNotInForm,
    ];

    /// The message's key in the catalogue.
    pub fn key(self) -> &'static str {
        match self {
            Said::NothingHere => "nothing-here",
            Said::NameRequired => "name-required",
            Said::SendTheVersion => "send-the-version",
            Said::GiveAReason => "give-a-reason",
            Said::DescribeTheConflict => "describe-the-conflict",
            Said::OnlyNationalAdminWithdraws => "results-withdrawn-by-national-admin",
            Said::NoRubricYet => "category-no-rubric-yet",
            Said::RegionNotFound => "region-not-found",
            Said::ResultsAlreadyPublished => "results-already-published",
            Said::IndicatorNotInForm => "indicator-not-in-form",
        }
    }

    /// The message in Bahasa Indonesia and English.
    pub fn msg(self) -> Msg {
        Msg::said(self.key())
    }
}

/// A text that is not a region code at all (as opposed to a well-formed
/// code naming no region: [`Said::RegionNotFound`]).
pub fn not_a_region_code(code: &str) -> Msg {
    Msg::with("region-code-malformed", &[("code", Arg::quoted(code))])
}
