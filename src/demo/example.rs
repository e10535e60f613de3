//! The Central Java 2024 example of the product brief, as data: the people
//! who run it, the seven entrant governments with the indicators they
//! submit, and the marks the judges give. `super::load` plays it through
//! the operations.
//!
//! Both categories use the built-in templates (`regency_government` and
//! `village_government`): data stage 60 (regulation 20, budget 20,
//! coverage 45, innovation 15), interview 40 (presentation 40, commitment
//! 35, answers 25). The indicators are chosen so each coverage ratio maps
//! to whole points, and the judges' means are multiples of 5, so every
//! score below is exact.
//!
//! Regency/city (coverage is the weighted mean of PU 30, BPU 25,
//! vulnerable 25, construction 20):
//!
//! | entrant          | coverage          | regulation, budget, innovation | data | interview | total |
//! |------------------|-------------------|--------------------------------|------|-----------|-------|
//! | Kota Semarang    | 90 75 85 90 → 85  | 90 85 95                       | 87.5 | 85        | 86.5  |
//! | Kabupaten Demak  | 85 70 80 85 → 80  | 85 75 80                       | 80   | 85        | 82    |
//! | Kota Tegal       | 70 65 75 95 → 75  | 80 75 85                       | 77.5 | 80        | 78.5  |
//! | Kabupaten Klaten | 70 40 60 70 → 60  | 55 65 60                       | 60   | not shortlisted | 60 |
//!
//! Villages (coverage: apparatus 30, vulnerable 40, working residents 30):
//!
//! | entrant          | coverage        | regulation, budget, innovation | data | interview | total |
//! |------------------|-----------------|--------------------------------|------|-----------|-------|
//! | Desa Wunut       | 100 90 80 → 90  | 85 95 90                       | 90   | 90        | 90    |
//! | Desa Tipar Kidul | 90 80 70 → 80   | 75 85 80                       | 80   | 90        | 84    |
//! | Desa Balapulang Wetan | 75 65 55 → 65 | 80 80 75                   | 72.5 | 80        | 75.5  |
//!
//! The top three of each category by the data stage go to the interview,
//! so Kabupaten Klaten ranks fourth on its data score alone.

use crate::organisations::domain::OrganisationKind;

/// The province of the example: Jawa Tengah.
pub const PROVINCE: &str = "33";
pub const PROVINCE_NAME: &str = "Jawa Tengah";
pub const EDITION_NAME: &str = "Paritrana Award 2024 – Jawa Tengah";
/// The edition's year; the assessment period is this calendar year.
pub const YEAR: i32 = 2024;

/// The stages of the templates' rubrics.
pub const DATA_STAGE: &str = "data";
pub const INTERVIEW_STAGE: &str = "interview";
/// How many of each category advance from the data stage to the interview.
pub const SHORTLIST: usize = 3;
pub const SHORTLIST_REASON: &str = "Tiga besar tahap data";

/// Someone the demo signs in as. The addresses are under `.example`, a
/// name reserved for examples, so no mail for them reaches anyone.
pub struct Person {
    pub email: &'static str,
    pub name: &'static str,
}

pub const NATIONAL_ADMIN: Person = Person {
    email: "nasional@paritrana.example",
    name: "Admin Nasional (demo)",
};

/// The BPJS regional office of Central Java, which runs the edition.
pub const KANWIL: Person = Person {
    email: "kanwil-jateng@paritrana.example",
    name: "Kanwil BPJAMSOSTEK Jawa Tengah (demo)",
};

/// A judge and the region they come from.
pub struct Judge {
    pub person: Person,
    pub home_region: &'static str,
}

/// Judges from Jakarta: no home region shared with any Central Java
/// entrant, so no conflict of interest is found.
pub const JUDGES: [Judge; 3] = [
    Judge {
        person: Person {
            email: "juri1@paritrana.example",
            name: "Dr. Ratna Wulandari",
        },
        home_region: "31.71",
    },
    Judge {
        person: Person {
            email: "juri2@paritrana.example",
            name: "Ir. Hendra Gunawan",
        },
        home_region: "31.74",
    },
    Judge {
        person: Person {
            email: "juri3@paritrana.example",
            name: "Dra. Maria Sitompul",
        },
        home_region: "31.75",
    },
];

/// Every judge scores the data stage; the first two hold the interviews.
pub const DATA_PANEL: usize = 3;
pub const INTERVIEW_PANEL: usize = 2;

/// An indicator value as the entrant types it.
#[derive(Debug, Clone, Copy)]
pub enum Value {
    Number(u64),
    YesNo(bool),
    Text(&'static str),
}

/// Marks for one criterion, one per judge in panel order.
pub type Marks = (&'static str, &'static [u32]);

pub struct Entrant {
    /// The name the brief uses; the organisation is named by its region.
    pub name: &'static str,
    pub region_code: &'static str,
    /// The entrant account that enters and submits.
    pub operator: Person,
    pub values: &'static [(&'static str, Value)],
    pub data_marks: &'static [Marks],
    /// Empty when the entrant is not expected on the shortlist.
    pub interview_marks: &'static [Marks],
}

impl Entrant {
    pub fn marks(&self, stage: &str) -> &'static [Marks] {
        if stage == INTERVIEW_STAGE {
            self.interview_marks
        } else {
            self.data_marks
        }
    }
}

pub struct Category {
    /// The built-in template the category is made from.
    pub template: &'static str,
    pub kind: OrganisationKind,
    pub entrants: &'static [Entrant],
}

pub const CATEGORIES: [Category; 2] = [
    Category {
        template: "regency_government",
        kind: OrganisationKind::RegencyGovernment,
        entrants: &REGENCIES,
    },
    Category {
        template: "village_government",
        kind: OrganisationKind::VillageGovernment,
        entrants: &VILLAGES,
    },
];

use Value::{Number, Text, YesNo};

const REGENCIES: [Entrant; 4] = [
    Entrant {
        name: "Kota Semarang",
        region_code: "33.74",
        operator: Person {
            email: "kota-semarang@paritrana.example",
            name: "Operator Pemerintah Kota Semarang",
        },
        values: &[
            ("perda_exists", YesNo(true)),
            ("apbd_contribution", Number(18_500_000_000)),
            ("pu_covered", Number(348_600)),
            ("pu_eligible", Number(420_000)),
            ("bpu_covered", Number(62_000)),
            ("bpu_eligible", Number(160_000)),
            ("vulnerable_covered", Number(34_600)),
            ("vulnerable_target", Number(40_000)),
            ("construction_covered", Number(11_400)),
            ("construction_eligible", Number(12_000)),
            ("employers_registered", Number(9_800)),
            ("employers_total", Number(11_200)),
            (
                "innovation",
                Text("Pendaftaran pekerja rentan terpadu di setiap kelurahan."),
            ),
        ],
        data_marks: &[
            ("regulation", &[90, 85, 95]),
            ("budget", &[85, 80, 90]),
            ("innovation", &[95, 100, 90]),
        ],
        interview_marks: &[
            ("presentation", &[90, 80]),
            ("commitment", &[85, 85]),
            ("answers", &[80, 90]),
        ],
    },
    Entrant {
        name: "Kabupaten Demak",
        region_code: "33.21",
        operator: Person {
            email: "kab-demak@paritrana.example",
            name: "Operator Pemerintah Kabupaten Demak",
        },
        values: &[
            ("perda_exists", YesNo(true)),
            ("apbd_contribution", Number(6_200_000_000)),
            ("pu_covered", Number(119_250)),
            ("pu_eligible", Number(150_000)),
            ("bpu_covered", Number(43_800)),
            ("bpu_eligible", Number(120_000)),
            ("vulnerable_covered", Number(16_400)),
            ("vulnerable_target", Number(20_000)),
            ("construction_covered", Number(3_700)),
            ("construction_eligible", Number(4_000)),
            ("employers_registered", Number(2_150)),
            ("employers_total", Number(2_600)),
            (
                "innovation",
                Text("Iuran nelayan dan petambak dibayar dari APBD."),
            ),
        ],
        data_marks: &[
            ("regulation", &[80, 85, 90]),
            ("budget", &[75, 70, 80]),
            ("innovation", &[80, 80, 80]),
        ],
        interview_marks: &[
            ("presentation", &[85, 85]),
            ("commitment", &[80, 90]),
            ("answers", &[85, 85]),
        ],
    },
    Entrant {
        name: "Kota Tegal",
        region_code: "33.76",
        operator: Person {
            email: "kota-tegal@paritrana.example",
            name: "Operator Pemerintah Kota Tegal",
        },
        values: &[
            ("perda_exists", YesNo(true)),
            ("apbd_contribution", Number(2_750_000_000)),
            ("pu_covered", Number(41_400)),
            ("pu_eligible", Number(60_000)),
            ("bpu_covered", Number(13_700)),
            ("bpu_eligible", Number(40_000)),
            ("vulnerable_covered", Number(6_200)),
            ("vulnerable_target", Number(8_000)),
            ("construction_covered", Number(1_950)),
            ("construction_eligible", Number(2_000)),
            ("employers_registered", Number(1_320)),
            ("employers_total", Number(1_700)),
            (
                "innovation",
                Text("Pedagang pasar didaftarkan bersama pengelola pasar."),
            ),
        ],
        data_marks: &[
            ("regulation", &[85, 80, 75]),
            ("budget", &[75, 75, 75]),
            ("innovation", &[80, 90, 85]),
        ],
        interview_marks: &[
            ("presentation", &[80, 80]),
            ("commitment", &[75, 85]),
            ("answers", &[85, 75]),
        ],
    },
    Entrant {
        name: "Kabupaten Klaten",
        region_code: "33.10",
        operator: Person {
            email: "kab-klaten@paritrana.example",
            name: "Operator Pemerintah Kabupaten Klaten",
        },
        values: &[
            ("perda_exists", YesNo(false)),
            ("apbd_contribution", Number(1_500_000_000)),
            ("pu_covered", Number(124_200)),
            ("pu_eligible", Number(180_000)),
            ("bpu_covered", Number(46_000)),
            ("bpu_eligible", Number(200_000)),
            ("vulnerable_covered", Number(15_360)),
            ("vulnerable_target", Number(24_000)),
            ("construction_covered", Number(4_250)),
            ("construction_eligible", Number(5_000)),
            ("employers_registered", Number(2_900)),
            ("employers_total", Number(4_100)),
            (
                "innovation",
                Text("Sosialisasi jaminan sosial bagi perajin dan petani."),
            ),
        ],
        data_marks: &[
            ("regulation", &[55, 60, 50]),
            ("budget", &[65, 65, 65]),
            ("innovation", &[60, 55, 65]),
        ],
        interview_marks: &[],
    },
];

const VILLAGES: [Entrant; 3] = [
    Entrant {
        name: "Desa Wunut",
        // Tulung, Klaten.
        region_code: "33.10.19.2018",
        operator: Person {
            email: "desa-wunut@paritrana.example",
            name: "Operator Pemerintah Desa Wunut",
        },
        values: &[
            ("perdes_exists", YesNo(true)),
            ("apbdes_contribution", Number(145_000_000)),
            ("apparatus_covered", Number(14)),
            ("apparatus_total", Number(14)),
            ("vulnerable_covered", Number(273)),
            ("vulnerable_target", Number(300)),
            ("workers_covered", Number(1_225)),
            ("workers_total", Number(2_500)),
            (
                "innovation",
                Text("Iuran warga pekerja rentan dibayar dari laba BUMDes."),
            ),
        ],
        data_marks: &[
            ("regulation", &[85, 80, 90]),
            ("budget", &[95, 100, 90]),
            ("innovation", &[90, 90, 90]),
        ],
        interview_marks: &[
            ("presentation", &[90, 90]),
            ("commitment", &[95, 85]),
            ("answers", &[85, 95]),
        ],
    },
    Entrant {
        name: "Desa Tipar Kidul",
        // Ajibarang, Banyumas.
        region_code: "33.02.14.2002",
        operator: Person {
            email: "desa-tipar-kidul@paritrana.example",
            name: "Operator Pemerintah Desa Tipar Kidul",
        },
        values: &[
            ("perdes_exists", YesNo(true)),
            ("apbdes_contribution", Number(98_000_000)),
            ("apparatus_covered", Number(19)),
            ("apparatus_total", Number(20)),
            ("vulnerable_covered", Number(410)),
            ("vulnerable_target", Number(500)),
            ("workers_covered", Number(1_740)),
            ("workers_total", Number(4_000)),
            (
                "innovation",
                Text("Kader desa mendaftarkan petani dan buruh harian."),
            ),
        ],
        data_marks: &[
            ("regulation", &[75, 70, 80]),
            ("budget", &[85, 85, 85]),
            ("innovation", &[80, 85, 75]),
        ],
        interview_marks: &[
            ("presentation", &[95, 85]),
            ("commitment", &[90, 90]),
            ("answers", &[90, 90]),
        ],
    },
    Entrant {
        name: "Desa Balapulang Wetan",
        // Balapulang, Tegal.
        region_code: "33.28.04.2018",
        operator: Person {
            email: "desa-balapulang-wetan@paritrana.example",
            name: "Operator Pemerintah Desa Balapulang Wetan",
        },
        values: &[
            ("perdes_exists", YesNo(true)),
            ("apbdes_contribution", Number(76_500_000)),
            ("apparatus_covered", Number(14)),
            ("apparatus_total", Number(16)),
            ("vulnerable_covered", Number(274)),
            ("vulnerable_target", Number(400)),
            ("workers_covered", Number(1_128)),
            ("workers_total", Number(3_200)),
            (
                "innovation",
                Text("Perdes melindungi perangkat desa dan pekerja rentan."),
            ),
        ],
        data_marks: &[
            ("regulation", &[80, 80, 80]),
            ("budget", &[85, 75, 80]),
            ("innovation", &[75, 70, 80]),
        ],
        interview_marks: &[
            ("presentation", &[80, 80]),
            ("commitment", &[85, 75]),
            ("answers", &[75, 85]),
        ],
    },
];

/// What a judge writes beside an interview mark (the templates ask for a
/// comment on presentation and commitment); data-stage marks go without.
pub fn comment(stage: &str, criterion: &str, mark: u32) -> Option<&'static str> {
    if stage != INTERVIEW_STAGE {
        return None;
    }
    let band = match mark {
        90.. => 0,
        80..90 => 1,
        _ => 2,
    };
    let texts = match criterion {
        "presentation" => [
            "Paparan runtut dan didukung data kepesertaan terkini.",
            "Paparan jelas; sebagian angka perlu disertai sumbernya.",
            "Paparan belum didukung data yang cukup.",
        ],
        "commitment" => [
            "Komitmen pimpinan kuat, dengan anggaran dan target tertulis.",
            "Komitmen ada, tetapi target tahun depan belum terukur.",
            "Komitmen belum dituangkan dalam anggaran.",
        ],
        _ => [
            "Jawaban lugas dan lengkap.",
            "Jawaban cukup; beberapa pertanyaan dijawab secara umum.",
            "Jawaban belum menjawab pertanyaan juri.",
        ],
    };
    Some(texts[band])
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_entrant_has_a_mark_per_judge_of_each_panel() {
        for category in &CATEGORIES {
            for entrant in category.entrants {
                for (criterion, marks) in entrant.data_marks {
                    assert_eq!(marks.len(), DATA_PANEL, "{} {criterion}", entrant.name);
                }
                for (criterion, marks) in entrant.interview_marks {
                    assert_eq!(marks.len(), INTERVIEW_PANEL, "{} {criterion}", entrant.name);
                }
            }
        }
    }

    #[test]
    fn every_operator_has_an_address_of_its_own() {
        let mut emails: Vec<&str> = CATEGORIES
            .iter()
            .flat_map(|c| c.entrants.iter().map(|e| e.operator.email))
            .chain(JUDGES.iter().map(|j| j.person.email))
            .chain([NATIONAL_ADMIN.email, KANWIL.email])
            .collect();
        let count = emails.len();
        emails.sort_unstable();
        emails.dedup();
        assert_eq!(emails.len(), count);
    }
}
