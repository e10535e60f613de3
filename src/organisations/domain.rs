//! What an entrant organisation is: a government of a region, or a company.

use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

use crate::error::{FieldError, Msg};
use crate::messages::Said;
use crate::regions::Level;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum OrganisationKind {
    /// Pemerintah provinsi.
    ProvinceGovernment,
    /// Pemerintah kabupaten/kota.
    RegencyGovernment,
    /// Pemerintah desa/kelurahan.
    VillageGovernment,
    /// Perusahaan (employer registered with BPJS Ketenagakerjaan).
    Company,
}

impl OrganisationKind {
    pub const ALL: [OrganisationKind; 4] = [
        OrganisationKind::ProvinceGovernment,
        OrganisationKind::RegencyGovernment,
        OrganisationKind::VillageGovernment,
        OrganisationKind::Company,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            OrganisationKind::ProvinceGovernment => "province_government",
            OrganisationKind::RegencyGovernment => "regency_government",
            OrganisationKind::VillageGovernment => "village_government",
            OrganisationKind::Company => "company",
        }
    }

    pub fn parse(value: &str) -> Option<OrganisationKind> {
        Self::ALL.into_iter().find(|kind| kind.as_str() == value)
    }

    /// The region level a government governs; `None` for companies.
    pub fn governs(self) -> Option<Level> {
        match self {
            OrganisationKind::ProvinceGovernment => Some(Level::Province),
            OrganisationKind::RegencyGovernment => Some(Level::Regency),
            OrganisationKind::VillageGovernment => Some(Level::Village),
            OrganisationKind::Company => None,
        }
    }

    /// The usual name of the government of a region, e.g. "Pemerintah Kota Semarang".
    pub fn government_name(self, region_code: &str, region_name: &str) -> String {
        match self {
            OrganisationKind::ProvinceGovernment => format!("Pemerintah Provinsi {region_name}"),
            OrganisationKind::RegencyGovernment => format!("Pemerintah {region_name}"),
            // Kemendagri village codes starting with 1 are kelurahan, with 2 desa.
            OrganisationKind::VillageGovernment
                if region_code
                    .rsplit('.')
                    .next()
                    .is_some_and(|s| s.starts_with('1')) =>
            {
                format!("Pemerintah Kelurahan {region_name}")
            }
            OrganisationKind::VillageGovernment => format!("Pemerintah Desa {region_name}"),
            OrganisationKind::Company => region_name.to_owned(),
        }
    }
}

/// Company size class, as used by the award's company categories.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum SizeClass {
    Large,
    Medium,
    Small,
    Micro,
}

impl SizeClass {
    pub fn as_str(self) -> &'static str {
        match self {
            SizeClass::Large => "large",
            SizeClass::Medium => "medium",
            SizeClass::Small => "small",
            SizeClass::Micro => "micro",
        }
    }
}

/// Business sector, as used by sector categories.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum Sector {
    Finance,
    Education,
    Health,
    Infrastructure,
    Manufacturing,
    Trade,
    Agriculture,
    Mining,
    Transport,
    Hospitality,
    PublicService,
    Other,
}

impl Sector {
    pub fn as_str(self) -> &'static str {
        match self {
            Sector::Finance => "finance",
            Sector::Education => "education",
            Sector::Health => "health",
            Sector::Infrastructure => "infrastructure",
            Sector::Manufacturing => "manufacturing",
            Sector::Trade => "trade",
            Sector::Agriculture => "agriculture",
            Sector::Mining => "mining",
            Sector::Transport => "transport",
            Sector::Hospitality => "hospitality",
            Sector::PublicService => "public_service",
            Sector::Other => "other",
        }
    }
}

/// A BPJS Ketenagakerjaan employer registration number (NPP): 6 to 20
/// letters and digits, kept upper-case.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct EmployerNumber(String);

impl EmployerNumber {
    pub fn parse(field: &str, raw: &str) -> Result<EmployerNumber, FieldError> {
        let value: String = raw.trim().to_uppercase();
        let ok =
            (6..=20).contains(&value.len()) && value.bytes().all(|b| b.is_ascii_alphanumeric());
        if ok {
            Ok(EmployerNumber(value))
        } else {
            Err(FieldError::new(
                field,
                "invalid",
                Msg::said("organisation-employer-number-invalid"),
            ))
        }
    }

    pub fn into_string(self) -> String {
        self.0
    }
}

/// An organisation name: 2 to 200 characters after trimming.
pub fn parse_name(field: &str, raw: &str) -> Result<String, FieldError> {
    let value = raw.trim();
    let count = value.chars().count();
    if count < 2 {
        return Err(FieldError::new(field, "required", Said::NameRequired.msg()));
    }
    if count > 200 || value.chars().any(char::is_control) {
        return Err(FieldError::new(
            field,
            "invalid",
            Msg::said("organisation-name-too-long"),
        ));
    }
    Ok(value.to_owned())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn employer_numbers_are_normalised() {
        assert_eq!(
            EmployerNumber::parse("n", " ab123456 ")
                .unwrap()
                .into_string(),
            "AB123456"
        );
        assert!(EmployerNumber::parse("n", "12-345").is_err());
        assert!(EmployerNumber::parse("n", "12345").is_err());
    }

    #[test]
    fn government_names_follow_the_region() {
        let kind = OrganisationKind::VillageGovernment;
        assert_eq!(
            kind.government_name("33.10.17.2006", "Wunut"),
            "Pemerintah Desa Wunut"
        );
        assert_eq!(
            kind.government_name("33.74.01.1001", "Sekayu"),
            "Pemerintah Kelurahan Sekayu"
        );
        assert_eq!(
            OrganisationKind::RegencyGovernment.government_name("33.74", "Kota Semarang"),
            "Pemerintah Kota Semarang"
        );
    }

    #[test]
    fn kinds_round_trip() {
        for kind in OrganisationKind::ALL {
            assert_eq!(OrganisationKind::parse(kind.as_str()), Some(kind));
        }
    }
}
