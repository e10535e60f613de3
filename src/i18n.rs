//! The message catalogue: Fluent files under `assets/i18n/<language>/`,
//! compiled into the binary and read once. Pages and emails take their
//! words from here, in Bahasa Indonesia unless the reader chose English.

use std::collections::BTreeSet;
use std::sync::OnceLock;

use fluent_bundle::concurrent::FluentBundle;
use fluent_bundle::{FluentArgs, FluentResource};
use rust_embed::RustEmbed;
use serde::{Deserialize, Serialize};

#[derive(RustEmbed)]
#[folder = "assets/i18n/"]
#[include = "*.ftl"]
struct Files;

/// The two languages of the award. Indonesian comes first everywhere.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Lang {
    #[default]
    Id,
    En,
}

impl Lang {
    pub const ALL: [Lang; 2] = [Lang::Id, Lang::En];

    pub fn code(self) -> &'static str {
        match self {
            Lang::Id => "id",
            Lang::En => "en",
        }
    }

    pub fn parse(code: &str) -> Option<Lang> {
        match code.trim().to_ascii_lowercase().as_str() {
            "id" => Some(Lang::Id),
            "en" => Some(Lang::En),
            _ => None,
        }
    }

    /// The first of our languages a browser's `Accept-Language` asks for,
    /// by its weights; Indonesian when it asks for neither.
    pub fn from_accept_language(header: &str) -> Lang {
        let mut best: Option<(f32, Lang)> = None;
        for part in header.split(',') {
            let mut pieces = part.split(';');
            let tag = pieces.next().unwrap_or("").trim();
            let weight = pieces
                .find_map(|p| p.trim().strip_prefix("q="))
                .and_then(|q| q.trim().parse::<f32>().ok())
                .unwrap_or(1.0);
            let primary = tag.split(['-', '_']).next().unwrap_or("");
            let Some(lang) = Lang::parse(primary) else {
                continue;
            };
            if weight > 0.0 && best.is_none_or(|(w, _)| weight > w) {
                best = Some((weight, lang));
            }
        }
        best.map_or(Lang::Id, |(_, lang)| lang)
    }
}

pub struct Catalogue {
    id: FluentBundle<FluentResource>,
    en: FluentBundle<FluentResource>,
}

/// The catalogue, read from the embedded files the first time it is used.
pub fn catalogue() -> &'static Catalogue {
    static CATALOGUE: OnceLock<Catalogue> = OnceLock::new();
    CATALOGUE.get_or_init(|| Catalogue {
        id: bundle(Lang::Id),
        en: bundle(Lang::En),
    })
}

fn resources(lang: Lang) -> impl Iterator<Item = (String, FluentResource)> {
    let prefix = format!("{}/", lang.code());
    Files::iter()
        .filter(move |name| name.starts_with(&prefix))
        .filter_map(|name| {
            let file = Files::get(&name)?;
            let text = String::from_utf8_lossy(&file.data).into_owned();
            let resource = FluentResource::try_new(text).unwrap_or_else(|(partial, errors)| {
                tracing::error!(file = %name, ?errors, "message file has syntax errors");
                partial
            });
            Some((name.into_owned(), resource))
        })
}

fn bundle(lang: Lang) -> FluentBundle<FluentResource> {
    let locale = lang.code().parse().unwrap_or_default();
    let mut bundle = FluentBundle::new_concurrent(vec![locale]);
    // The pages are HTML: no bidirectional isolation marks around values.
    bundle.set_use_isolating(false);
    for (name, resource) in resources(lang) {
        if let Err(errors) = bundle.add_resource(resource) {
            tracing::error!(file = %name, ?errors, "message file repeats a message");
        }
    }
    bundle
}

impl Catalogue {
    fn bundle(&self, lang: Lang) -> &FluentBundle<FluentResource> {
        match lang {
            Lang::Id => &self.id,
            Lang::En => &self.en,
        }
    }

    /// The message `id` in `lang` with its arguments filled in. A missing
    /// message shows its id, so a gap is visible instead of blank.
    pub fn text(&self, lang: Lang, id: &str, args: Option<&FluentArgs>) -> String {
        let bundle = self.bundle(lang);
        let Some(pattern) = bundle.get_message(id).and_then(|m| m.value()) else {
            tracing::warn!(id, lang = lang.code(), "message missing from the catalogue");
            return id.to_owned();
        };
        let mut errors = Vec::new();
        let text = bundle.format_pattern(pattern, args, &mut errors);
        if !errors.is_empty() {
            tracing::warn!(
                id,
                lang = lang.code(),
                ?errors,
                "message could not be filled in"
            );
        }
        text.into_owned()
    }

    pub fn has(&self, lang: Lang, id: &str) -> bool {
        self.bundle(lang).has_message(id)
    }
}

/// Every message id the files of a language define.
pub fn message_ids(lang: Lang) -> BTreeSet<String> {
    use fluent_syntax::ast::Entry;
    resources(lang)
        .flat_map(|(_, resource)| {
            resource
                .entries()
                .filter_map(|entry| match entry {
                    Entry::Message(message) => Some(message.id.name.to_owned()),
                    Entry::Term(term) => Some(format!("-{}", term.id.name)),
                    _ => None,
                })
                .collect::<Vec<_>>()
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_message_exists_in_both_languages() {
        let id = message_ids(Lang::Id);
        let en = message_ids(Lang::En);
        assert!(
            id.len() > 20,
            "the catalogue is read: {} messages",
            id.len()
        );
        let only_id: Vec<_> = id.difference(&en).collect();
        let only_en: Vec<_> = en.difference(&id).collect();
        assert!(
            only_id.is_empty() && only_en.is_empty(),
            "only in Bahasa Indonesia: {only_id:?}; only in English: {only_en:?}"
        );
    }

    /// The keys written as the first argument of each of `calls` in the
    /// Rust files under `dir`.
    fn keys_given_to(dir: &std::path::Path, calls: &[&str], keys: &mut BTreeSet<String>) {
        for entry in std::fs::read_dir(dir).expect("source folder") {
            let path = entry.expect("source entry").path();
            if path.is_dir() {
                keys_given_to(&path, calls, keys);
                continue;
            }
            if path.extension().is_none_or(|e| e != "rs") {
                continue;
            }
            let source = std::fs::read_to_string(&path).expect("source file");
            for call in calls {
                for (at, _) in source.match_indices(call) {
                    let rest = source[at + call.len()..].trim_start();
                    // Skips the needles themselves, quoted in this test.
                    let named = source[..at].ends_with('"');
                    if let Some(quoted) = rest.strip_prefix('"').filter(|_| !named) {
                        let key = quoted.split('"').next().unwrap_or_default();
                        keys.insert(key.to_owned());
                    }
                }
            }
        }
    }

    #[test]
    fn every_message_the_code_names_exists_in_both_languages() {
        let src = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
        let mut keys = BTreeSet::new();
        keys_given_to(
            &src,
            &[
                "Msg::said(",
                "Msg::with(",
                "ApiError::not_found(",
                "Arg::Said(",
            ],
            &mut keys,
        );
        assert!(keys.len() > 250, "the source is read: {} keys", keys.len());
        keys.extend(
            crate::messages::Said::ALL
                .iter()
                .map(|said| said.key().to_owned()),
        );
        keys.extend(
            crate::editions::domain::Phase::ALL
                .iter()
                .map(|phase| phase.name_key().to_owned()),
        );
        keys.extend(
            crate::regions::Level::ALL
                .iter()
                .map(|level| level.name_key().to_owned()),
        );
        for lang in Lang::ALL {
            let missing: Vec<_> = keys.iter().filter(|k| !catalogue().has(lang, k)).collect();
            assert!(
                missing.is_empty(),
                "missing in {}: {missing:?}",
                lang.code()
            );
        }
    }

    #[test]
    fn every_file_parses_and_no_message_is_repeated() {
        for lang in Lang::ALL {
            let mut seen = BTreeSet::new();
            for (name, text) in Files::iter()
                .filter(|n| n.starts_with(&format!("{}/", lang.code())))
                .map(|n| {
                    let data = Files::get(&n).expect("listed").data;
                    (
                        n.into_owned(),
                        String::from_utf8(data.into_owned()).expect("UTF-8"),
                    )
                })
            {
                let resource = FluentResource::try_new(text)
                    .unwrap_or_else(|(_, errors)| panic!("{name}: {errors:?}"));
                for entry in resource.entries() {
                    if let fluent_syntax::ast::Entry::Message(m) = entry {
                        assert!(
                            seen.insert(m.id.name.to_owned()),
                            "{name}: {} twice",
                            m.id.name
                        );
                    }
                }
            }
        }
    }

    #[test]
    fn messages_are_filled_in_with_their_arguments() {
        let mut args = FluentArgs::new();
        args.set("count", 3);
        let text = catalogue().text(Lang::Id, "home-title", None);
        assert_eq!(text, "Paritrana Award");
        assert!(catalogue().has(Lang::En, "sign-in"));
        assert_eq!(
            catalogue().text(Lang::En, "no-such-message", None),
            "no-such-message"
        );
    }

    #[test]
    fn the_browser_language_is_followed_by_weight() {
        assert_eq!(Lang::from_accept_language("en-GB,en;q=0.9"), Lang::En);
        assert_eq!(
            Lang::from_accept_language("id-ID,id;q=0.9,en;q=0.8"),
            Lang::Id
        );
        assert_eq!(
            Lang::from_accept_language("fr;q=1,en;q=0.5,id;q=0.7"),
            Lang::Id
        );
        assert_eq!(Lang::from_accept_language("de, fr"), Lang::Id);
        assert_eq!(Lang::from_accept_language(""), Lang::Id);
        assert_eq!(Lang::from_accept_language("en;q=0"), Lang::Id);
    }
}
