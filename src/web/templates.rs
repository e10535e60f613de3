//! The pages' templates (`assets/pages/`, compiled into the binary) and
//! what they may call: `t(id, ...)` for words from the catalogue in the
//! reader's language, `asset(name)` for a static file's hashed address,
//! and the Indonesian ways of writing numbers and scores.

use std::sync::OnceLock;

use fluent_bundle::{FluentArgs, FluentValue};
use minijinja::value::{Kwargs, Value, ValueKind};
use minijinja::{Environment, Error, ErrorKind, State};
use rust_embed::RustEmbed;

use crate::i18n::{Lang, catalogue};

#[derive(RustEmbed)]
#[folder = "assets/pages/"]
#[include = "*.html"]
#[include = "*.txt"]
struct Templates;

/// The environment every page renders in, built once.
pub fn environment() -> &'static Environment<'static> {
    static ENVIRONMENT: OnceLock<Environment<'static>> = OnceLock::new();
    ENVIRONMENT.get_or_init(build)
}

fn build() -> Environment<'static> {
    let mut env = Environment::new();
    env.set_loader(|name| {
        Ok(Templates::get(name).map(|file| String::from_utf8_lossy(&file.data).into_owned()))
    });
    env.add_function("t", translate);
    // Our own addresses, made of safe characters: written as they are.
    env.add_function("asset", |name: &str| {
        super::assets::url(name)
            .map(Value::from_safe_string)
            .ok_or_else(|| {
                Error::new(
                    ErrorKind::InvalidOperation,
                    format!("no static file {name}"),
                )
            })
    });
    env.add_filter("number", number);
    env.add_filter("score", score);
    env
}

/// The language of the page being rendered: the `lang` in its context.
pub fn lang_of(state: &State) -> Lang {
    state
        .lookup("lang")
        .and_then(|v| v.as_str().and_then(Lang::parse))
        .unwrap_or_default()
}

/// `t("message-id", name=value, ...)`: the message in the page's language.
fn translate(state: &State, id: &str, kwargs: Kwargs) -> Result<String, Error> {
    let mut args = FluentArgs::new();
    let keys: Vec<String> = kwargs.args().map(str::to_owned).collect();
    for key in keys {
        let value: Value = kwargs.get(&key)?;
        let value = match value.kind() {
            ValueKind::Number => match i64::try_from(value.clone()) {
                Ok(n) => FluentValue::from(n),
                Err(_) => FluentValue::from(value.to_string()),
            },
            _ => FluentValue::from(value.to_string()),
        };
        args.set(key, value);
    }
    Ok(catalogue().text(lang_of(state), id, Some(&args)))
}

/// A whole number written the Indonesian way: `1.250.000`.
pub fn group_thousands(value: i64) -> String {
    let digits = value.unsigned_abs().to_string();
    let mut out = String::with_capacity(digits.len() + digits.len() / 3 + 1);
    if value < 0 {
        out.push('-');
    }
    for (i, digit) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push('.');
        }
        out.push(digit);
    }
    out
}

/// A decimal given as text (`86.5000`) written the Indonesian way
/// (`86,50`): thousands grouped by dots, a comma before the decimals,
/// rounded to `places`.
pub fn decimal(text: &str, places: u32) -> Option<String> {
    let value: rust_decimal::Decimal = text.trim().parse().ok()?;
    let rounded =
        value.round_dp_with_strategy(places, rust_decimal::RoundingStrategy::MidpointAwayFromZero);
    let fixed = format!("{rounded:.prec$}", prec = places as usize);
    let (whole, fraction) = fixed.split_once('.').unwrap_or((&fixed, ""));
    let whole: i64 = whole.parse().ok()?;
    let mut out = if whole == 0 && rounded.is_sign_negative() && !rounded.is_zero() {
        "-0".to_owned()
    } else {
        group_thousands(whole)
    };
    if !fraction.is_empty() {
        out.push(',');
        out.push_str(fraction);
    }
    Some(out)
}

fn number(value: Value) -> Result<String, Error> {
    if let Ok(n) = i64::try_from(value.clone()) {
        return Ok(group_thousands(n));
    }
    decimal(&value.to_string(), 2)
        .ok_or_else(|| Error::new(ErrorKind::InvalidOperation, "not a number"))
}

/// A final score as the results show it: two decimals, `86,50`; a dash
/// when there is none.
fn score(value: Value) -> String {
    if value.is_none() || value.is_undefined() {
        return "–".to_owned();
    }
    decimal(&value.to_string(), 2).unwrap_or_else(|| value.to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numbers_are_written_the_indonesian_way() {
        assert_eq!(group_thousands(1_250_000), "1.250.000");
        assert_eq!(group_thousands(999), "999");
        assert_eq!(group_thousands(-1000), "-1.000");
        assert_eq!(decimal("31.4", 1).as_deref(), Some("31,4"));
        assert_eq!(decimal("86.5000", 2).as_deref(), Some("86,50"));
        assert_eq!(decimal("1234567.891", 2).as_deref(), Some("1.234.567,89"));
        assert_eq!(decimal("-0.5", 1).as_deref(), Some("-0,5"));
        assert_eq!(decimal("abc", 2), None);
    }

    #[test]
    fn every_page_template_compiles() {
        let env = environment();
        let names: Vec<_> = Templates::iter().collect();
        assert!(names.iter().any(|n| n == "layout.html"), "{names:?}");
        for name in names {
            env.get_template(&name)
                .unwrap_or_else(|e| panic!("{name}: {e:#}"));
        }
    }
}
