//! Messages said in more than one place, each written once and named, so
//! that the same refusal reads the same wherever it is given. A message
//! said in one place only stays beside the code that says it.

use crate::error::Msg;

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
    /// The message in Bahasa Indonesia and English.
    pub fn msg(self) -> Msg {
        let (id, en) = match self {
            Said::NothingHere => ("Alamat ini tidak ada.", "There is nothing at this address."),
            Said::DescribeTheConflict => (
                "Sebutkan konflik kepentingannya.",
                "Describe the conflict of interest.",
            ),
            Said::NameRequired => ("Nama wajib diisi.", "Name is required."),
            Said::SendTheVersion => (
                "Sertakan versi yang Anda baca.",
                "Send the version you read.",
            ),
            Said::GiveAReason => (
                "Sebutkan alasannya; alasan dicatat.",
                "Give a reason; it is recorded.",
            ),
            Said::OnlyNationalAdminWithdraws => (
                "Hanya admin nasional yang dapat menarik hasil yang sudah diumumkan.",
                "Only a national admin can withdraw published results.",
            ),
            Said::NoRubricYet => (
                "Kategori belum memiliki rubrik.",
                "The category has no rubric yet.",
            ),
            Said::RegionNotFound => ("Wilayah tidak ditemukan.", "Region not found."),
            Said::ResultsAlreadyPublished => {
                ("Hasil sudah diumumkan.", "Results are already published.")
            }
            Said::IndicatorNotInForm => (
                "Indikator ini tidak ada di formulir.",
                "This indicator is not in the form.",
            ),
        };
        Msg::new(id, en)
    }
}

/// A text that is not a region code at all (as opposed to a well-formed
/// code naming no region: [`Said::RegionNotFound`]).
pub fn not_a_region_code(code: &str) -> Msg {
    Msg::new(
        format!("{code:?} bukan kode wilayah."),
        format!("{code:?} is not a region code."),
    )
}
