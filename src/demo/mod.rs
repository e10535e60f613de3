//! `paritrana demo`: loads the Central Java 2024 example (see [`example`])
//! into the current database as a finished edition, so a newcomer sees
//! results, rankings and every role's view in the browser.
//!
//! Nothing is written behind the product's back: each step is the
//! operation an API handler calls, by the account a person would use (the
//! regional office sets up and checks, each entrant enters its own
//! organisation, each judge scores their own assignments), so the audit
//! log, the ranking and the published snapshot are what real use leaves.
//! Only the first national admin is made the way `create-admin` makes one.

pub mod example;
mod people;

use std::collections::HashMap;

use chrono::{Duration, Utc};
use rust_decimal::Decimal;

use crate::auth::{Caller, Role, Scope};
use crate::categories::setup::CategoryInput;
use crate::editions::domain::zone_of_province;
use crate::editions::fields::{EditionInput, ScheduleInput};
use crate::editions::phases::PhaseRequest;
use crate::editions::store::EditionQuery;
use crate::entries::change::Expected;
use crate::entries::drafting::CreateEntryRequest;
use crate::entries::status::Decision;
use crate::error::{ApiError, FieldError};
use crate::judging::assignments::AutoAssignRequest;
use crate::judging::judges::AddJudgeRequest;
use crate::judging::panels::{PanelRequest, ShortlistRequest};
use crate::judging::save_check::SaveRequest;
use crate::judging::scoresheet::{Mark, Marks};
use crate::organisations::directory::OrganisationFilter;
use crate::organisations::domain::OrganisationKind;
use crate::organisations::registration::CreateOrganisationRequest;
use crate::organisations::store::Organisation;
use crate::pagination::{PageParams, Paging};
use crate::results::publications::PublishRequest;
use crate::state::AppState;

use example::{Entrant, Value};
use people::{Session, Wanted};

/// How to load the example.
#[derive(Debug, Clone, Copy, Default)]
pub struct Options {
    /// Load it although the database already holds editions: a new edition
    /// beside them, reusing the organisations of the same regions and the
    /// accounts at the demo's emails (each with a new password).
    pub force: bool,
}

/// What the demo loaded, to tell whoever ran it.
pub struct Loaded {
    pub edition_id: String,
    pub edition_name: String,
    /// The published results' SHA-256 digest.
    pub digest: String,
    /// One account per person, with the password set by this run. Shown
    /// once: only its hash is stored.
    pub accounts: Vec<DemoAccount>,
}

impl Loaded {
    /// Where the public results page lives, below the server's address.
    pub fn results_path(&self) -> String {
        format!("/edisi/{}/hasil", self.edition_id)
    }
}

/// An account the demo signs in as.
pub struct DemoAccount {
    pub role: Role,
    pub name: String,
    pub email: String,
    pub password: String,
    /// The account was already there; it was given this new password.
    pub reused: bool,
}

#[derive(Debug, thiserror::Error)]
pub enum DemoError {
    #[error(
        "the database already holds {editions} edition(s), and the demo adds its example only to a \
         database without any. Point PARITRANA__DATABASE__URL at a new database (for SQLite, a \
         file that does not exist yet), or run `paritrana demo --force` to add the example beside \
         what is there"
    )]
    NotEmpty { editions: i64 },
    #[error(
        "an account {email} already exists but is not an active {} account with the demo's scope; \
         the demo leaves it as it is. Use a database without it",
        role.as_str()
    )]
    AccountInUse { email: String, role: Role },
    #[error("{doing}: {}", explain(source))]
    Step { doing: String, source: ApiError },
}

/// Names the step an operation failed in.
trait Doing<T> {
    fn doing(self, what: impl Into<String>) -> Result<T, DemoError>;
}

impl<T> Doing<T> for Result<T, ApiError> {
    fn doing(self, what: impl Into<String>) -> Result<T, DemoError> {
        self.map_err(|source| DemoError::Step {
            doing: what.into(),
            source,
        })
    }
}

/// An operation's refusal with every reason it gave.
fn explain(error: &ApiError) -> String {
    let fields = |fields: &[FieldError]| {
        fields
            .iter()
            .map(|f| format!("{}: {}", f.field, f.message_en))
            .collect::<Vec<_>>()
            .join("; ")
    };
    match error {
        ApiError::Validation(list) => fields(list),
        ApiError::Refused(msg, list) => format!("{} {}", msg.en, fields(list)),
        other => other.to_string(),
    }
}

/// The example's people, signed in.
struct Cast {
    admin: Session,
    kanwil: Session,
    judges: Vec<Session>,
}

/// A category of the edition and its entries by id.
struct Entered {
    id: String,
    entries: HashMap<String, &'static Entrant>,
}

/// Loads the Central Java 2024 example as a published edition, reporting
/// each step to `progress`. Refuses a database that already holds editions
/// unless `options.force`.
pub async fn load(
    state: &AppState,
    options: Options,
    progress: impl Fn(&str),
) -> Result<Loaded, DemoError> {
    let editions = count_editions(state).await?;
    if editions > 0 && !options.force {
        return Err(DemoError::NotEmpty { editions });
    }
    let mut accounts = Vec::new();
    let cast = cast(state, &mut accounts).await?;
    progress(&format!(
        "Accounts: a national admin, the regional admin of {}, {} judges from Jakarta",
        example::PROVINCE_NAME,
        cast.judges.len()
    ));

    let kanwil = &cast.kanwil.caller;
    let edition = crate::editions::setup::create(state, kanwil.clone(), edition_input())
        .await
        .doing("creating the edition")?;
    let edition_id = edition.id.clone();
    let mut categories = Vec::new();
    for category in &example::CATEGORIES {
        let input = CategoryInput {
            template: Some(category.template.to_owned()),
            ..CategoryInput::default()
        };
        let made =
            crate::categories::setup::create(state, kanwil.clone(), edition_id.clone(), input)
                .await
                .doing(format!("adding the category {}", category.template))?;
        categories.push(made);
    }
    progress(&format!(
        "Edition \"{}\" with the categories {} (from the built-in templates)",
        edition.name,
        categories
            .iter()
            .map(|c| c.name_id.as_str())
            .collect::<Vec<_>>()
            .join(" and ")
    ));

    change_phase(state, kanwil, &edition_id, "submissions_open").await?;
    let mut entered = Vec::new();
    for (category, made) in example::CATEGORIES.iter().zip(&categories) {
        let mut entries = HashMap::new();
        for entrant in category.entrants {
            let id = enter(
                state,
                &cast,
                &mut accounts,
                &edition_id,
                &made.id,
                category.kind,
                entrant,
            )
            .await?;
            entries.insert(id, entrant);
        }
        entered.push(Entered {
            id: made.id.clone(),
            entries,
        });
    }
    let entry_count: usize = entered.iter().map(|c| c.entries.len()).sum();
    progress(&format!(
        "{entry_count} organisations entered by their own entrant accounts; every entry submitted and checked complete"
    ));
    change_phase(state, kanwil, &edition_id, "submissions_closed").await?;
    record_deadline(state, kanwil, &edition_id).await?;

    let mut judge_ids = Vec::new();
    for (judge, session) in example::JUDGES.iter().zip(&cast.judges) {
        let request = AddJudgeRequest {
            user_id: Some(session.caller.user_id.clone()),
            account: None,
            home_region_code: Some(judge.home_region.to_owned()),
            organisation_id: None,
        };
        let added = crate::judging::judges::add(
            state,
            cast.admin.caller.clone(),
            edition_id.clone(),
            request,
        )
        .await
        .doing(format!("adding the judge {}", judge.person.email))?;
        judge_ids.push(added.id);
    }
    for category in &entered {
        panel_and_assign(
            state,
            kanwil,
            (&edition_id, category, example::DATA_STAGE),
            &judge_ids[..example::DATA_PANEL],
        )
        .await?;
    }
    change_phase(state, kanwil, &edition_id, "judging").await?;
    let sheets = score(state, &cast, &edition_id, &entered, example::DATA_STAGE).await?;
    progress(&format!(
        "Judging: {sheets} data-stage scoresheets saved and submitted"
    ));

    for category in &entered {
        let request = ShortlistRequest {
            entry_ids: Vec::new(),
            top: Some(example::SHORTLIST),
            by_stage: Some(example::DATA_STAGE.to_owned()),
            reason: example::SHORTLIST_REASON.to_owned(),
        };
        let at = stage_ref(&edition_id, category, example::INTERVIEW_STAGE);
        crate::judging::panels::shortlist(state, kanwil.clone(), at, request)
            .await
            .doing("shortlisting for the interview")?;
        panel_and_assign(
            state,
            kanwil,
            (&edition_id, category, example::INTERVIEW_STAGE),
            &judge_ids[..example::INTERVIEW_PANEL],
        )
        .await?;
    }
    let sheets = score(
        state,
        &cast,
        &edition_id,
        &entered,
        example::INTERVIEW_STAGE,
    )
    .await?;
    progress(&format!(
        "Interview: the top {} of each category shortlisted, {sheets} scoresheets submitted",
        example::SHORTLIST
    ));

    let published = crate::results::publications::publish(
        state,
        kanwil.clone(),
        edition_id.clone(),
        PublishRequest::default(),
    )
    .await
    .doing("publishing the results")?;
    progress(&format!("Results published, digest {}", published.digest));

    Ok(Loaded {
        edition_id,
        edition_name: edition.name,
        digest: published.digest,
        accounts,
    })
}

async fn count_editions(state: &AppState) -> Result<i64, DemoError> {
    let query = EditionQuery {
        scope: Scope::All,
        ..EditionQuery::default()
    };
    let first = Paging {
        page: 1,
        per_page: 1,
    };
    state
        .db
        .run(move |conn| crate::editions::store::list(conn, &query, first))
        .await
        .map(|(_, total)| total)
        .doing("counting the editions")
}

/// The national admin, the regional office and the judges.
async fn cast(state: &AppState, accounts: &mut Vec<DemoAccount>) -> Result<Cast, DemoError> {
    let admin = people::national_admin(state, &example::NATIONAL_ADMIN, accounts).await?;
    let kanwil = people::account(
        state,
        &admin.caller,
        &admin.caller,
        Wanted {
            person: &example::KANWIL,
            role: Role::RegionalAdmin,
            province_code: Some(example::PROVINCE),
            provinces: vec![example::PROVINCE.to_owned()],
            organisation_ids: Vec::new(),
        },
        accounts,
    )
    .await?;
    let mut judges = Vec::new();
    for judge in &example::JUDGES {
        let wanted = Wanted {
            person: &judge.person,
            role: Role::Judge,
            province_code: judge.home_region.get(..2),
            provinces: Vec::new(),
            organisation_ids: Vec::new(),
        };
        judges.push(people::account(state, &admin.caller, &admin.caller, wanted, accounts).await?);
    }
    Ok(Cast {
        admin,
        kanwil,
        judges,
    })
}

/// The edition, named for 2024 and assessing 2024, with its submission
/// window open around now (wall-clock time in the province's zone) so the
/// entrants can submit whenever the demo runs.
fn edition_input() -> EditionInput {
    let zone = zone_of_province(example::PROVINCE);
    let wall = |days: i64| {
        (Utc::now() + Duration::days(days))
            .with_timezone(&zone.offset())
            .format("%Y-%m-%dT%H:%M")
            .to_string()
    };
    EditionInput {
        name: Some(example::EDITION_NAME.to_owned()),
        year: Some(example::YEAR),
        tier: Some("provincial".to_owned()),
        province_code: Some(example::PROVINCE.to_owned()),
        schedule: Some(ScheduleInput {
            submissions_open_at: Some(wall(-1)),
            submissions_close_at: Some(wall(30)),
            ..ScheduleInput::default()
        }),
        ..EditionInput::default()
    }
}

/// Once submissions are closed, the office records when: the deadline
/// moves to this minute, so the edition does not show one still ahead.
async fn record_deadline(
    state: &AppState,
    kanwil: &Caller,
    edition_id: &str,
) -> Result<(), DemoError> {
    let edition = crate::editions::setup::get(state, kanwil.clone(), edition_id.to_owned())
        .await
        .doing("reading the edition")?;
    let zone = edition.time_zone;
    let closed = (Utc::now() + Duration::minutes(1))
        .with_timezone(&zone.offset())
        .format("%Y-%m-%dT%H:%M")
        .to_string();
    let input = EditionInput {
        schedule: Some(ScheduleInput {
            submissions_close_at: Some(closed),
            ..ScheduleInput::default()
        }),
        version: Some(edition.version),
        ..EditionInput::default()
    };
    crate::editions::setup::update(state, kanwil.clone(), edition_id.to_owned(), input)
        .await
        .doing("recording when submissions closed")?;
    Ok(())
}

async fn change_phase(
    state: &AppState,
    kanwil: &Caller,
    edition_id: &str,
    to: &str,
) -> Result<(), DemoError> {
    let request = PhaseRequest {
        to: to.to_owned(),
        reason: None,
        force: false,
    };
    crate::editions::phases::change(state, kanwil.clone(), edition_id.to_owned(), request)
        .await
        .doing(format!("moving the edition to {to}"))?;
    Ok(())
}

/// The government of the entrant's region, as the directory has it or
/// newly registered by the regional office.
async fn organisation(
    state: &AppState,
    kanwil: &Caller,
    kind: OrganisationKind,
    entrant: &Entrant,
) -> Result<Organisation, DemoError> {
    let filter = OrganisationFilter {
        kind: Some(kind),
        region: Some(entrant.region_code.to_owned()),
        ..OrganisationFilter::default()
    };
    let page = PageParams {
        page: None,
        per_page: Some(100),
    };
    let listed = crate::organisations::directory::list(state, kanwil.clone(), filter, page)
        .await
        .doing(format!("looking up {} in the directory", entrant.name))?;
    if let Some(found) = listed
        .items
        .into_iter()
        .find(|o| o.region_code == entrant.region_code)
    {
        return Ok(found);
    }
    let request = CreateOrganisationRequest {
        kind: kind.as_str().to_owned(),
        name: None,
        region_code: entrant.region_code.to_owned(),
        employer_number: None,
        size_class: None,
        sector: None,
    };
    crate::organisations::registration::create(state, kanwil.clone(), request)
        .await
        .doing(format!("registering {}", entrant.name))
}

/// One organisation enters: its entrant account fills in and submits the
/// entry, and the regional office checks it complete. Answers the entry id.
async fn enter(
    state: &AppState,
    cast: &Cast,
    accounts: &mut Vec<DemoAccount>,
    edition_id: &str,
    category_id: &str,
    kind: OrganisationKind,
    entrant: &'static Entrant,
) -> Result<String, DemoError> {
    let kanwil = &cast.kanwil.caller;
    let organisation = organisation(state, kanwil, kind, entrant).await?;
    let wanted = Wanted {
        person: &entrant.operator,
        role: Role::Entrant,
        province_code: Some(example::PROVINCE),
        provinces: Vec::new(),
        organisation_ids: vec![organisation.id.clone()],
    };
    let operator = people::account(state, &cast.admin.caller, kanwil, wanted, accounts).await?;
    let request = CreateEntryRequest {
        organisation_id: organisation.id,
        values: entrant
            .values
            .iter()
            .map(|(key, value)| ((*key).to_owned(), json_of(*value)))
            .collect(),
    };
    let drafted = crate::entries::drafting::create(
        state,
        operator.caller.clone(),
        edition_id.to_owned(),
        category_id.to_owned(),
        request,
    )
    .await
    .doing(format!("entering {}", entrant.name))?;
    let submitted = crate::entries::submission::submit(
        state,
        operator.caller,
        drafted.id.clone(),
        expected(drafted.version),
    )
    .await
    .doing(format!("submitting the entry of {}", entrant.name))?;
    crate::entries::check::check(
        state,
        kanwil.clone(),
        submitted.id.clone(),
        expected(submitted.version),
        Decision::Complete,
        None,
    )
    .await
    .doing(format!("checking the entry of {}", entrant.name))?;
    Ok(submitted.id)
}

fn json_of(value: Value) -> serde_json::Value {
    match value {
        Value::Number(n) => n.into(),
        Value::YesNo(yes) => yes.into(),
        Value::Text(text) => text.into(),
    }
}

fn expected(version: i32) -> Expected {
    Expected {
        version,
        precondition: false,
    }
}

fn stage_ref(edition_id: &str, category: &Entered, stage: &str) -> (String, String, String) {
    (edition_id.to_owned(), category.id.clone(), stage.to_owned())
}

/// Puts these judges on the stage's panel and has every entry of the stage
/// assigned to each of them.
async fn panel_and_assign(
    state: &AppState,
    kanwil: &Caller,
    (edition_id, category, stage): (&str, &Entered, &str),
    judge_ids: &[String],
) -> Result<(), DemoError> {
    let panel = PanelRequest {
        judge_ids: judge_ids.to_vec(),
    };
    crate::judging::panels::set(
        state,
        kanwil.clone(),
        stage_ref(edition_id, category, stage),
        panel,
    )
    .await
    .doing(format!("forming the {stage} panel"))?;
    let request = AutoAssignRequest {
        per_entry: judge_ids.len(),
        cap: None,
    };
    let report = crate::judging::assignments::automatically(
        state,
        kanwil.clone(),
        stage_ref(edition_id, category, stage),
        request,
    )
    .await
    .doing(format!("assigning the {stage} stage"))?;
    if let Some(short) = report.shortfalls.first() {
        return Err(DemoError::Step {
            doing: format!("assigning the {stage} stage"),
            source: ApiError::Internal(short.reason_en.clone()),
        });
    }
    Ok(())
}

/// Each judge scores their open assignments of the stage with the example's
/// marks, saving a draft and then submitting it. Answers how many sheets.
async fn score(
    state: &AppState,
    cast: &Cast,
    edition_id: &str,
    entered: &[Entered],
    stage: &str,
) -> Result<usize, DemoError> {
    let entrants: HashMap<&str, &'static Entrant> = entered
        .iter()
        .flat_map(|c| c.entries.iter().map(|(id, e)| (id.as_str(), *e)))
        .collect();
    let mut submitted = 0;
    for (slot, judge) in cast.judges.iter().enumerate() {
        let email = &judge.caller.email;
        let worklist = crate::judging::worklist::mine_all(state, judge.caller.clone())
            .await
            .doing(format!("reading the worklist of {email}"))?;
        let open = worklist.into_iter().filter(|a| {
            a.edition_id == edition_id
                && a.stage_key == stage
                && a.status == "active"
                && a.scoresheet_status != "submitted"
        });
        for assignment in open {
            let entrant = entrants
                .get(assignment.entry_id.as_str())
                .copied()
                .ok_or_else(|| DemoError::Step {
                    doing: format!("scoring as {email}"),
                    source: ApiError::Internal(format!(
                        "assignment {} is for an entry the example does not know",
                        assignment.id
                    )),
                })?;
            let marks = marks_of(entrant, stage, slot)
                .doing(format!("scoring {} as {email}", entrant.name))?;
            let save = SaveRequest {
                signed_in: judge.signed_in.clone(),
                id: assignment.id.clone(),
                version: 0,
                marks: Some(marks),
                submit: false,
            };
            let saved = crate::judging::scoresheets::save(state, None, save)
                .await
                .doing(format!(
                    "saving the scoresheet of {} as {email}",
                    entrant.name
                ))?;
            let submit = SaveRequest {
                signed_in: judge.signed_in.clone(),
                id: assignment.id,
                version: saved.version,
                marks: None,
                submit: true,
            };
            crate::judging::scoresheets::save(state, None, submit)
                .await
                .doing(format!(
                    "submitting the scoresheet of {} as {email}",
                    entrant.name
                ))?;
            submitted += 1;
        }
    }
    Ok(submitted)
}

/// The marks of the judge in panel position `slot` for one entrant's stage.
fn marks_of(entrant: &Entrant, stage: &str, slot: usize) -> Result<Marks, ApiError> {
    let marks = entrant.marks(stage);
    if marks.is_empty() {
        return Err(ApiError::Internal(format!(
            "the example has no {stage} marks for {}",
            entrant.name
        )));
    }
    marks
        .iter()
        .map(|(criterion, marks)| {
            let mark = marks.get(slot).copied().ok_or_else(|| {
                ApiError::Internal(format!(
                    "the example has no {criterion} mark for judge {}",
                    slot + 1
                ))
            })?;
            let scored = Mark {
                score: Some(Decimal::from(mark)),
                comment: example::comment(stage, criterion, mark).map(str::to_owned),
                abstain: false,
            };
            Ok(((*criterion).to_owned(), scored))
        })
        .collect()
}
