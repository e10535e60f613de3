//! What an evidence file is: its kind decided by its content (and checked
//! against what its name claims), and the safe name it is shown under.

/// The kinds of evidence accepted, decided by content.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    Pdf,
    Png,
    Jpeg,
    Xlsx,
    Docx,
    Csv,
}

impl Kind {
    pub fn media_type(self) -> &'static str {
        match self {
            Kind::Pdf => "application/pdf",
            Kind::Png => "image/png",
            Kind::Jpeg => "image/jpeg",
            Kind::Xlsx => "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
            Kind::Docx => "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
            Kind::Csv => "text/csv",
        }
    }

    pub fn label(self) -> &'static str {
        match self {
            Kind::Pdf => "PDF",
            Kind::Png => "PNG",
            Kind::Jpeg => "JPEG",
            Kind::Xlsx => "XLSX",
            Kind::Docx => "DOCX",
            Kind::Csv => "CSV",
        }
    }

    /// What a file name's extension claims.
    pub fn from_name(name: &str) -> Option<Kind> {
        let extension = name.rsplit_once('.')?.1.to_ascii_lowercase();
        match extension.as_str() {
            "pdf" => Some(Kind::Pdf),
            "png" => Some(Kind::Png),
            "jpg" | "jpeg" => Some(Kind::Jpeg),
            "xlsx" => Some(Kind::Xlsx),
            "docx" => Some(Kind::Docx),
            "csv" => Some(Kind::Csv),
            _ => None,
        }
    }

    /// What the bytes are.
    pub fn detect(bytes: &[u8]) -> Option<Kind> {
        if let Some(found) = infer::get(bytes) {
            return match found.mime_type() {
                "application/pdf" => Some(Kind::Pdf),
                "image/png" => Some(Kind::Png),
                "image/jpeg" => Some(Kind::Jpeg),
                "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet" => {
                    Some(Kind::Xlsx)
                }
                "application/vnd.openxmlformats-officedocument.wordprocessingml.document" => {
                    Some(Kind::Docx)
                }
                _ => None,
            };
        }
        looks_like_csv(bytes).then_some(Kind::Csv)
    }
}

/// A table in text: UTF-8 without control characters, not markup, with a
/// header of at least two columns separated by commas or (as spreadsheets
/// set to Indonesian write them) semicolons, and every row as wide as the
/// header. A single column of text is not a table: an SVG or a note would
/// pass as one.
fn looks_like_csv(bytes: &[u8]) -> bool {
    let Ok(text) = std::str::from_utf8(bytes) else {
        return false;
    };
    let text = text.trim_start_matches('\u{FEFF}');
    if text.trim().is_empty()
        || text.trim_start().starts_with('<')
        || crate::input::has_forbidden(text)
    {
        return false;
    }
    let header = text.lines().next().unwrap_or_default();
    let delimiter = if header.matches(';').count() > header.matches(',').count() {
        b';'
    } else {
        b','
    };
    let mut reader = csv::ReaderBuilder::new()
        .has_headers(false)
        .delimiter(delimiter)
        .from_reader(text.as_bytes());
    let mut width = None;
    for record in reader.records() {
        let Ok(record) = record else {
            return false;
        };
        if *width.get_or_insert(record.len()) != record.len() {
            return false;
        }
    }
    width.is_some_and(|width| width >= 2)
}

/// A safe display name: the original without folders or control characters.
pub fn sanitise_name(name: &str, kind: Kind) -> String {
    let base = name.rsplit(['/', '\\']).next().unwrap_or_default();
    let clean: String = base
        .chars()
        .filter(|c| !c.is_control() && *c != '"')
        .take(200)
        .collect();
    if clean.trim().is_empty() {
        format!("bukti.{}", kind.label().to_lowercase())
    } else {
        clean
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn content_decides_the_kind() {
        assert_eq!(Kind::detect(b"%PDF-1.7\n1 0 obj\n"), Some(Kind::Pdf));
        assert_eq!(
            Kind::detect(&[0x89, b'P', b'N', b'G', 0x0D, 0x0A, 0x1A, 0x0A, 0, 0, 0, 0]),
            Some(Kind::Png)
        );
        assert_eq!(
            Kind::detect(b"kode,nama\n33.74,Kota Semarang\n"),
            Some(Kind::Csv)
        );
        assert_eq!(Kind::detect(b"MZ\x90\x00\x03\x00\x00\x00"), None);
        assert_eq!(Kind::from_name("Perda 2024.PDF"), Some(Kind::Pdf));
        assert_eq!(Kind::from_name("foto.jpg"), Some(Kind::Jpeg));
        assert_eq!(Kind::from_name("tanpa-ekstensi"), None);
    }

    #[test]
    fn only_a_table_is_csv() {
        for table in [
            &b"kode;jumlah\n33.74;1.250.000\n"[..],
            b"\xEF\xBB\xBFkode,nama\r\n33.74,\"Semarang, Kota\"\r\n",
        ] {
            assert_eq!(Kind::detect(table), Some(Kind::Csv), "{table:?}");
        }
        for not_a_table in [
            &b"<svg xmlns=\"http://www.w3.org/2000/svg\"><script>alert(1)</script></svg>"[..],
            b"<html><body>a,b</body></html>",
            b"just one column\nof text\n",
            b"a,b\n1,2,3\n",
            b"a,b\n1,\x002\n",
        ] {
            assert_eq!(Kind::detect(not_a_table), None, "{not_a_table:?}");
        }
    }

    #[test]
    fn display_names_lose_folders() {
        assert_eq!(
            sanitise_name("C:\\\\Users\\\\x\\\\perda.pdf", Kind::Pdf),
            "perda.pdf"
        );
        assert_eq!(sanitise_name("", Kind::Png), "bukti.png");
    }
}
