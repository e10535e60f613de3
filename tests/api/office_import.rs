//! Importing entries from CSV on the office's page: every bad line and
//! column listed with nothing written, a clean file checked first, then
//! imported at once; nobody outside the edition's office gets in.

use reqwest::StatusCode;
use serde_json::json;

use crate::helpers::{PASSWORD, TestApp};
use crate::pages::Visitor;

const HEADER: &str = "region_code,perda_exists,apbd_contribution,pu_covered,pu_eligible,bpu_covered,bpu_eligible,vulnerable_covered,vulnerable_target,construction_covered,construction_eligible,employers_registered,employers_total";

fn csv(rows: &[&str]) -> Vec<u8> {
    let mut text = format!("{HEADER}\n");
    for row in rows {
        text.push_str(row);
        text.push('\n');
    }
    text.into_bytes()
}

/// A draft Central Java edition with the regency template's category.
async fn edition(app: &TestApp) -> (String, String, String) {
    let (_, kanwil) = app.regional_admin("kanwil@example.id", "33").await;
    let (_, edition) = app
        .post(
            "/api/v1/editions",
            Some(&kanwil),
            json!({"name": "Paritrana Award 2024 – Jawa Tengah", "year": 2024, "tier": "provincial", "province_code": "33"}),
        )
        .await;
    let edition = edition["id"].as_str().unwrap().to_owned();
    let (status, category) = app
        .post(
            &format!("/api/v1/editions/{edition}/categories"),
            Some(&kanwil),
            json!({"template": "regency_government"}),
        )
        .await;
    assert_eq!(status, StatusCode::CREATED, "{category}");
    (edition, category["id"].as_str().unwrap().to_owned(), kanwil)
}

const SEMARANG: &str = "33.74,ya,250000000,800,1000,700,1000,600,1000,500,1000,90,100";
const DEMAK: &str = "33.21,tidak,100000000,700,1000,600,1000,500,1000,400,1000,80,100";

async fn the_office_imports_entries_after_checking_them(app: TestApp) {
    let (edition, category, kanwil) = edition(&app).await;
    let mut office = Visitor::new(&app);
    office.sign_in("kanwil@example.id", PASSWORD).await;
    let path = format!("/kantor/edisi/{edition}/impor");
    let table = office.get(&format!("/kantor/edisi/{edition}/entri")).await;
    assert!(
        table.body.contains(&format!(r#"href="{path}""#)),
        "{}",
        table.body
    );
    let page = office.get(&path).await;
    assert_eq!(page.status, StatusCode::OK, "{}", page.body);
    assert!(
        page.body
            .contains("region_code,perda_exists,apbd_contribution"),
        "{}",
        page.body
    );
    let csrf = page.csrf();
    let fields = |aksi: &'static str| {
        vec![
            ("csrf", csrf.clone()),
            ("kategori", category.clone()),
            ("aksi", aksi.to_owned()),
        ]
    };

    // Every bad line and column, nothing written.
    let bad = csv(&[
        SEMARANG,
        "33.21,tidak,100000000,banyak,1000,600,1000,500,1000,400,1000,80,100",
    ]);
    let form = fields("impor");
    let form: Vec<(&str, &str)> = form.iter().map(|(k, v)| (*k, v.as_str())).collect();
    let refused = office
        .post_files(&path, &form, &[("berkas", "jateng.csv", bad)])
        .await;
    assert_eq!(
        refused.status,
        StatusCode::UNPROCESSABLE_ENTITY,
        "{}",
        refused.body
    );
    for expected in [
        "1 masalah di 2 baris",
        r#"data-label="Baris">3</td>"#,
        "pu_covered",
    ] {
        assert!(
            refused.body.contains(expected),
            "{expected}: {}",
            refused.body
        );
    }
    let listed = |app: &TestApp| {
        let app_address = app.address.clone();
        let token = kanwil.clone();
        let edition = edition.clone();
        async move {
            let answer: serde_json::Value = crate::helpers::http_client(true)
                .get(format!("{app_address}/api/v1/entries?edition={edition}"))
                .bearer_auth(token)
                .send()
                .await
                .unwrap()
                .json()
                .await
                .unwrap();
            answer["total"].as_i64().unwrap()
        }
    };
    assert_eq!(listed(&app).await, 0, "nothing written");

    // No file chosen is said.
    let form = fields("periksa");
    let form: Vec<(&str, &str)> = form.iter().map(|(k, v)| (*k, v.as_str())).collect();
    let empty = office.post_files(&path, &form, &[]).await;
    assert_eq!(empty.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(empty.body.contains("Pilih berkas CSV"), "{}", empty.body);

    // A clean file checked first writes nothing; imported, both are there.
    let good = csv(&[SEMARANG, DEMAK]);
    let checked = office
        .post_files(&path, &form, &[("berkas", "jateng.csv", good.clone())])
        .await;
    assert_eq!(checked.status, StatusCode::OK, "{}", checked.body);
    assert!(
        checked.body.contains("Semua 2 baris benar."),
        "{}",
        checked.body
    );
    assert!(checked.body.contains("membuat 2 entri"), "{}", checked.body);
    assert_eq!(listed(&app).await, 0, "a check writes nothing");
    let form = fields("impor");
    let form: Vec<(&str, &str)> = form.iter().map(|(k, v)| (*k, v.as_str())).collect();
    let imported = office
        .post_files(&path, &form, &[("berkas", "jateng.csv", good)])
        .await;
    assert_eq!(imported.status, StatusCode::SEE_OTHER, "{}", imported.body);
    let table = office.get(imported.location()).await;
    assert!(
        table.body.contains("Impor selesai: 2 entri dibuat"),
        "{}",
        table.body
    );
    assert!(
        table.body.contains("Pemerintah Kota Semarang"),
        "{}",
        table.body
    );
    assert_eq!(listed(&app).await, 2);
}

async fn the_import_page_refuses_everyone_but_the_editions_office(app: TestApp) {
    let (edition, category, kanwil) = edition(&app).await;
    app.regional_admin("kanwil.jatim@example.id", "35").await;
    app.judge("juri@example.id", "33").await;
    let path = format!("/kantor/edisi/{edition}/impor");
    for (who, allowed) in [
        (
            "juri@example.id",
            [StatusCode::FORBIDDEN, StatusCode::FORBIDDEN],
        ),
        (
            "kanwil.jatim@example.id",
            [StatusCode::FORBIDDEN, StatusCode::NOT_FOUND],
        ),
    ] {
        let mut visitor = Visitor::new(&app);
        visitor.sign_in(who, PASSWORD).await;
        let csrf = visitor.get("/akun").await.csrf();
        let page = visitor.get(&path).await;
        assert!(allowed.contains(&page.status), "{who}: {}", page.body);
        let posted = visitor
            .post_files(
                &path,
                &[("csrf", &csrf), ("kategori", &category), ("aksi", "impor")],
                &[("berkas", "jateng.csv", csv(&[SEMARANG]))],
            )
            .await;
        assert!(allowed.contains(&posted.status), "{who}: {}", posted.body);
    }
    let (_, entries) = app
        .get(&format!("/api/v1/entries?edition={edition}"), Some(&kanwil))
        .await;
    assert_eq!(entries["total"], 0, "{entries}");
}

mod on_pages {
    crate::on_both_backends!(
        the_office_imports_entries_after_checking_them,
        the_import_page_refuses_everyone_but_the_editions_office,
    );
    use super::*;
}
