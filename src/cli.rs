//! The command line: `serve` (the default), `migrate`, `create-admin`,
//! `import-regions`, `import-entries`, `demo`.

use std::io::{BufRead, IsTerminal, Write};
use std::path::PathBuf;
use std::time::Instant;

use clap::{Parser, Subcommand};

use crate::app::Application;
use crate::audit::Actor;
use crate::auth::Role;
use crate::auth::password::Passwords;
use crate::config::Settings;
use crate::db::{self, DbConnection};
use crate::error::FieldError;
use crate::users::domain::{DisplayName, Email, NewPassword};
use crate::users::store::{self, NewAccount};

#[derive(Debug, Parser)]
#[command(
    name = "paritrana",
    version,
    about = "Paritrana Award: scoring and judging"
)]
pub struct Cli {
    #[command(subcommand)]
    pub command: Option<Command>,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Start the HTTP server (the default).
    Serve,
    /// Apply pending database migrations and exit.
    Migrate,
    /// Create a national admin; the password is read from standard input.
    CreateAdmin {
        #[arg(long)]
        email: String,
        #[arg(long)]
        name: String,
    },
    /// Import indicator data for one category from a CSV file (see the API
    /// documentation for the columns). All rows are written, or none.
    ImportEntries {
        /// Edition id.
        #[arg(long)]
        edition: String,
        /// Category id.
        #[arg(long)]
        category: String,
        /// Check every row and report, writing nothing.
        #[arg(long)]
        dry_run: bool,
        /// The CSV file.
        file: PathBuf,
    },
    /// Load the Central Java 2024 example: a published edition with its
    /// organisations, entries, judges, scores and one account per role.
    ///
    /// Every step goes through the same operations as the API. At the end
    /// each account's email is printed with a new random password (shown
    /// only then), with the address of the public results page. A database
    /// that already holds editions is refused unless --force is given.
    ///
    /// The demo's accounts use addresses under paritrana.example. An account
    /// already at one of them is reused and given a new password when it
    /// still holds the demo's role; otherwise the command stops there and
    /// leaves that account as it is.
    Demo {
        /// Load the example although the database already holds editions:
        /// a new edition beside them, reusing the organisations of the same
        /// regions and the demo's accounts.
        #[arg(long)]
        force: bool,
    },
    /// Load or refresh the Kemendagri regions from provinces.csv,
    /// regencies.csv, districts.csv and villages.csv in DIR.
    ImportRegions {
        /// Defaults to regions.dir from the settings (assets/data/wilayah),
        /// or the copy built into the binary when that folder is absent.
        dir: Option<PathBuf>,
    },
}

pub type CliResult = Result<(), String>;

pub async fn run(cli: Cli, settings: Settings) -> CliResult {
    match cli.command.unwrap_or(Command::Serve) {
        Command::Serve => serve(settings).await,
        Command::Migrate => blocking(move || migrate(&settings)).await,
        Command::CreateAdmin { email, name } => {
            blocking(move || create_admin(&settings, &email, &name)).await
        }
        Command::ImportRegions { dir } => blocking(move || import_regions(&settings, dir)).await,
        Command::ImportEntries {
            edition,
            category,
            dry_run,
            file,
        } => blocking(move || import_entries(&settings, &edition, &category, dry_run, &file)).await,
        Command::Demo { force } => demo(settings, force).await,
    }
}

async fn blocking(work: impl FnOnce() -> CliResult + Send + 'static) -> CliResult {
    tokio::task::spawn_blocking(work)
        .await
        .map_err(|e| e.to_string())?
}

async fn serve(settings: Settings) -> CliResult {
    let url = db::redact(&settings.database.url);
    let app = Application::build(settings)
        .await
        .map_err(|e| e.to_string())?;
    tracing::info!(port = app.port(), database = %url, "Paritrana is listening");
    app.run_until_stopped().await.map_err(|e| e.to_string())
}

async fn demo(settings: Settings, force: bool) -> CliResult {
    let server = server_url(&settings);
    eprintln!(
        "Loading the Central Java 2024 example into {} ...",
        db::redact(&settings.database.url)
    );
    let state = crate::app::prepare_state(settings)
        .await
        .map_err(|e| e.to_string())?;
    let options = crate::demo::Options { force };
    let loaded = crate::demo::load(&state, options, |line| eprintln!("  {line}"))
        .await
        .map_err(|e| e.to_string())?;
    print!("{}", demo_summary(&loaded, &server));
    Ok(())
}

/// Where the server listens, as a browser reaches it from this machine.
fn server_url(settings: &Settings) -> String {
    let host = match settings.server.host.as_str() {
        "0.0.0.0" | "" => "127.0.0.1".to_owned(),
        "::" | "[::]" => "[::1]".to_owned(),
        host if host.contains(':') && !host.starts_with('[') => format!("[{host}]"),
        host => host.to_owned(),
    };
    format!("http://{host}:{}", settings.server.port)
}

/// The accounts with their passwords, and where to look.
fn demo_summary(loaded: &crate::demo::Loaded, server: &str) -> String {
    let role = |role: Role| match role {
        Role::NationalAdmin => "national admin",
        Role::RegionalAdmin => "regional admin",
        Role::Judge => "judge",
        Role::Entrant => "entrant",
    };
    let rows: Vec<[String; 4]> = loaded
        .accounts
        .iter()
        .map(|a| {
            let name = if a.reused {
                format!("{} (existing account, new password)", a.name)
            } else {
                a.name.clone()
            };
            [
                role(a.role).to_owned(),
                a.email.clone(),
                a.password.clone(),
                name,
            ]
        })
        .collect();
    let header = ["role", "email", "password", "name"].map(str::to_owned);
    let widths: Vec<usize> = (0..4)
        .map(|i| {
            rows.iter()
                .chain([&header])
                .map(|row| row[i].chars().count())
                .max()
                .unwrap_or(0)
        })
        .collect();
    let line = |row: &[String; 4]| {
        let cells: Vec<String> = row
            .iter()
            .zip(&widths)
            .map(|(cell, width)| format!("{cell:<width$}"))
            .collect();
        format!("  {}\n", cells.join("  ").trim_end())
    };
    let mut out = format!(
        "\n\"{}\" is loaded, with its results published.\n\n\
         Accounts (the passwords are shown only now; only their hashes are kept):\n\n",
        loaded.edition_name
    );
    out.push_str(&line(&header));
    for row in &rows {
        out.push_str(&line(row));
    }
    out.push_str(&format!(
        "\nPublic results: {server}{}\n\
         Sign in at {server}/masuk with any account above \
         (the server must be running: cargo run --release).\n",
        loaded.results_path()
    ));
    out
}

fn open(settings: &Settings) -> Result<db::PooledDb, String> {
    let pool = db::connect(&settings.database).map_err(|e| e.to_string())?;
    let mut conn = pool
        .get()
        .map_err(|e| format!("cannot connect to the database: {e}"))?;
    db::migrate(&mut conn).map_err(|e| e.to_string())?;
    Ok(conn)
}

fn migrate(settings: &Settings) -> CliResult {
    let pool = db::connect(&settings.database).map_err(|e| e.to_string())?;
    let mut conn = pool
        .get()
        .map_err(|e| format!("cannot connect to the database: {e}"))?;
    let applied = db::migrate(&mut conn).map_err(|e| e.to_string())?;
    println!(
        "{applied} migration(s) applied to {}",
        db::redact(&settings.database.url)
    );
    Ok(())
}

fn read_password() -> Result<String, String> {
    let stdin = std::io::stdin();
    if stdin.is_terminal() {
        eprint!("Kata sandi / password: ");
        std::io::stderr().flush().ok();
        rpassword::read_password().map_err(|e| format!("cannot read the password: {e}"))
    } else {
        let mut line = String::new();
        stdin
            .lock()
            .read_line(&mut line)
            .map_err(|e| format!("cannot read the password: {e}"))?;
        Ok(line.trim_end_matches(['\r', '\n']).to_owned())
    }
}

fn describe(error: FieldError) -> String {
    format!("{}: {} / {}", error.field, error.message, error.message_en)
}

fn create_admin(settings: &Settings, email: &str, name: &str) -> CliResult {
    let email = Email::parse("--email", email).map_err(describe)?;
    let name = DisplayName::parse("--name", name).map_err(describe)?;
    let password = NewPassword::parse("password", &read_password()?).map_err(describe)?;
    let passwords = Passwords::new(&settings.auth).map_err(|e| e.to_string())?;
    let password_hash = passwords
        .hash(password.expose())
        .map_err(|e| e.to_string())?;
    let mut conn = open(settings)?;
    let id = db::write_transaction(&mut conn, |conn: &mut DbConnection| {
        if store::email_taken(conn, email.as_str())? {
            return Ok(None);
        }
        let account = NewAccount {
            email: email.as_str().to_owned(),
            display_name: name.clone().into_string(),
            password_hash,
            province_code: None,
            roles: vec![Role::NationalAdmin],
            provinces: Vec::new(),
            organisation_ids: Vec::new(),
        };
        let id = store::create(conn, &Actor::command_line("create-admin"), &account)?.id;
        Ok(Some(id))
    })
    .map_err(|e| e.to_string())?;
    match id {
        Some(id) => {
            println!("National admin {} created (id {id}).", email.as_str());
            Ok(())
        }
        None => Err(format!(
            "an account with email {} already exists",
            email.as_str()
        )),
    }
}

fn import_regions(settings: &Settings, dir: Option<PathBuf>) -> CliResult {
    let source = match dir {
        Some(dir) => crate::regions::import::RegionSource::Dir(dir),
        None => crate::regions::import::RegionSource::dir_or_embedded(&settings.regions.dir),
    };
    let mut conn = open(settings)?;
    let started = Instant::now();
    let progress = if std::io::stderr().is_terminal() {
        let bar = indicatif::ProgressBar::new(0);
        bar.set_style(
            indicatif::ProgressStyle::with_template(
                "{spinner} regions {bar:40} {pos}/{len} ({per_sec}, {eta})",
            )
            .unwrap_or_else(|_| indicatif::ProgressStyle::default_bar()),
        );
        bar
    } else {
        eprintln!("Importing regions from {source} ...");
        indicatif::ProgressBar::hidden()
    };
    let report = crate::regions::import::import_regions(&mut conn, &source, &progress)
        .map_err(|e| e.to_string())?;
    println!(
        "Regions from {source}: {} read, {} inserted, {} updated, {} unchanged, in {:.2} s",
        report.total(),
        report.inserted,
        report.updated,
        report.unchanged,
        started.elapsed().as_secs_f64()
    );
    Ok(())
}

fn import_entries(
    settings: &Settings,
    edition_id: &str,
    category_id: &str,
    dry_run: bool,
    file: &std::path::Path,
) -> CliResult {
    let bytes = std::fs::read(file).map_err(|e| format!("cannot read {}: {e}", file.display()))?;
    let rows = bytes
        .iter()
        .filter(|b| **b == b'\n')
        .count()
        .saturating_sub(1) as u64;
    let mut conn = open(settings)?;
    let edition = crate::editions::store::find(&mut conn, edition_id)
        .map_err(|e| e.to_string())?
        .ok_or_else(|| format!("no edition {edition_id}"))?;
    let category = crate::categories::store::find(&mut conn, edition_id, category_id)
        .map_err(|e| e.to_string())?
        .ok_or_else(|| format!("no category {category_id} in edition {edition_id}"))?;
    let progress = if std::io::stderr().is_terminal() {
        let bar = indicatif::ProgressBar::new(if dry_run { rows } else { rows * 2 });
        bar.set_style(
            indicatif::ProgressStyle::with_template(
                "{spinner} {msg} {bar:40} {pos}/{len} ({per_sec}, {eta})",
            )
            .unwrap_or_else(|_| indicatif::ProgressStyle::default_bar()),
        );
        bar.set_message("rows");
        bar
    } else {
        eprintln!("Importing {rows} rows from {} ...", file.display());
        indicatif::ProgressBar::hidden()
    };
    let started = Instant::now();
    let report = crate::entries::import::import_entries(
        &mut conn,
        &edition,
        &category,
        bytes.as_slice(),
        dry_run,
        &Actor::command_line("import-entries"),
        &progress,
    )
    .map_err(|e| e.to_string())?;
    progress.finish_and_clear();
    for problem in &report.problems {
        eprintln!(
            "line {}{}: {} / {}",
            problem.line,
            problem
                .column
                .as_deref()
                .map(|c| format!(" [{c}]"))
                .unwrap_or_default(),
            problem.message,
            problem.message_en
        );
    }
    let verb = if dry_run {
        "checked (dry run, nothing written)"
    } else if report.valid {
        "imported"
    } else {
        "refused, nothing written"
    };
    println!(
        "{} rows {verb} in {:.2} s: {} entries to create, {} to update, {} new organisations, {} problem(s).",
        report.rows,
        started.elapsed().as_secs_f64(),
        report.entries_created,
        report.entries_updated,
        report.organisations_created,
        report.problem_count
    );
    if report.valid {
        Ok(())
    } else {
        Err(format!(
            "{} problem(s) in {}",
            report.problem_count,
            file.display()
        ))
    }
}

#[cfg(test)]
mod tests {
    use clap::CommandFactory;

    use super::*;

    /// `paritrana --help` describes each command by what it does.
    #[test]
    fn each_command_has_its_own_description() {
        let cli = Cli::command();
        let about = |name: &str| {
            cli.find_subcommand(name)
                .and_then(|command| command.get_about())
                .map(ToString::to_string)
                .unwrap_or_default()
        };
        assert!(
            about("import-entries").contains("indicator data"),
            "{}",
            about("import-entries")
        );
        assert!(!about("import-entries").contains("regions"));
        assert!(
            about("import-regions").contains("Kemendagri regions"),
            "{}",
            about("import-regions")
        );
        for command in cli.get_subcommands() {
            assert!(
                command.get_about().is_some(),
                "{} has no description",
                command.get_name()
            );
        }
    }
}
