//! The pages as the load benches reach them: a browser's sign-in, its
//! cookies kept by hand (the benches' client reads redirects rather than
//! following them), and the form token of a page.

use crate::round::PASSWORD;

/// The cookies a response sets, as a `Cookie` header adds them.
fn cookies(response: &reqwest::Response, jar: &mut Vec<(String, String)>) {
    for value in response.headers().get_all("set-cookie") {
        let Some((pair, _)) = value
            .to_str()
            .ok()
            .map(|v| v.split_once(';').unwrap_or((v, "")))
        else {
            continue;
        };
        if let Some((name, value)) = pair.split_once('=') {
            jar.retain(|(n, _)| n != name);
            if !value.is_empty() {
                jar.push((name.to_owned(), value.to_owned()));
            }
        }
    }
}

fn header(jar: &[(String, String)]) -> String {
    jar.iter()
        .map(|(n, v)| format!("{n}={v}"))
        .collect::<Vec<_>>()
        .join("; ")
}

pub fn form_token(page: &str) -> String {
    let marker = r#"name="csrf" value=""#;
    let start = page.find(marker).expect("a form token") + marker.len();
    page[start..]
        .split('"')
        .next()
        .unwrap_or_default()
        .to_owned()
}

/// Signs in through the sign-in page as a browser does, then opens
/// `landing`; answers the session's cookies and the form token of
/// `landing`'s forms.
pub async fn sign_in(
    client: &reqwest::Client,
    base: &str,
    email: &str,
    landing: &str,
) -> (String, String) {
    let mut jar = Vec::new();
    let page = client
        .get(format!("{base}/masuk"))
        .header("accept", "text/html")
        .send()
        .await
        .expect("sign-in page");
    cookies(&page, &mut jar);
    let csrf = form_token(&page.text().await.expect("page"));
    let signed = client
        .post(format!("{base}/masuk"))
        .header("accept", "text/html")
        .header("sec-fetch-site", "same-origin")
        .header("cookie", header(&jar))
        .form(&[
            ("csrf", csrf.as_str()),
            ("email", email),
            ("password", PASSWORD),
        ])
        .send()
        .await
        .expect("sign in");
    cookies(&signed, &mut jar);
    assert_eq!(
        signed.status().as_u16(),
        303,
        "signed in: {}",
        signed.text().await.unwrap_or_default()
    );
    let work = client
        .get(format!("{base}{landing}"))
        .header("accept", "text/html")
        .header("cookie", header(&jar))
        .send()
        .await
        .expect("work page");
    cookies(&work, &mut jar);
    let csrf = form_token(&work.text().await.expect("page"));
    (header(&jar), csrf)
}

/// One load of a signed-in page for `load`: client `i` opens `pages[i]`
/// with the session's `cookie` and reads it whole.
pub fn open_page(
    client: &reqwest::Client,
    pages: std::sync::Arc<Vec<String>>,
    cookie: std::sync::Arc<String>,
) -> impl Fn(usize) -> std::pin::Pin<Box<dyn std::future::Future<Output = bool> + Send>>
+ Send
+ Sync
+ Clone
+ 'static {
    let client = client.clone();
    move |i: usize| {
        let client = client.clone();
        let pages = pages.clone();
        let cookie = cookie.clone();
        Box::pin(async move {
            match client
                .get(&pages[i])
                .header("accept", "text/html")
                .header("cookie", cookie.as_str())
                .send()
                .await
            {
                Ok(response) if response.status().is_success() => response.bytes().await.is_ok(),
                _ => false,
            }
        })
    }
}
