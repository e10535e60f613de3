//! Evidence files as the pages hand them out: PDFs and images shown inside
//! our own pages, anything else downloaded, never able to run or load
//! anything of its own.

use actix_web::HttpResponse;
use actix_web::http::header;

/// How a page shows a file of this type: `pdf` and `image` inside the
/// page, anything else as a download.
pub fn view_of(media_type: &str) -> &'static str {
    match media_type {
        "application/pdf" => "pdf",
        "image/png" | "image/jpeg" | "image/webp" | "image/gif" => "image",
        _ => "download",
    }
}

/// The file's bytes with the headers that keep it harmless: its type as
/// decided from its content at upload, never sniffed, never cached, and
/// shown inline (framed by our pages only, with nothing in it allowed to
/// run or load) or downloaded.
pub fn respond(file_name: &str, media_type: &str, bytes: Vec<u8>) -> HttpResponse {
    let inline = view_of(media_type) != "download";
    let disposition = if inline { "inline" } else { "attachment" };
    let mut response = HttpResponse::Ok();
    response
        .insert_header((header::CONTENT_TYPE, media_type.to_owned()))
        .insert_header((
            header::CONTENT_DISPOSITION,
            format!("{disposition}; filename=\"{file_name}\""),
        ))
        .insert_header((header::CACHE_CONTROL, "private, no-store"))
        .insert_header((header::X_CONTENT_TYPE_OPTIONS, "nosniff"));
    if inline {
        response
            .insert_header((header::X_FRAME_OPTIONS, "SAMEORIGIN"))
            .insert_header((
                header::CONTENT_SECURITY_POLICY,
                "default-src 'none'; img-src 'self'; style-src 'unsafe-inline'; \
                 object-src 'self'; frame-ancestors 'self'",
            ));
    }
    response.body(bytes)
}
