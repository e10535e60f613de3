# Paritrana API answers in English: `detail_en` of problem details and
# `message_en` of each field.


## General answers

# The title of each kind of problem (`title`, in Bahasa Indonesia only).
problem-validation = Invalid data
problem-bad-request = Bad request
problem-unauthenticated = Sign-in required
problem-forbidden = Access denied
problem-not-found = Not found
problem-method-not-allowed = Method not allowed
problem-conflict = Conflicting data
problem-refused = Not possible yet
problem-precondition-failed = Version mismatch
problem-payload-too-large = Request too large
problem-unsupported-media-type = Unsupported content type
problem-too-many-requests = Too many attempts
problem-unavailable = Service unavailable
problem-internal = Server error

# $count: how many fields are wrong. $seconds: how long to wait.
error-validation = { $count } field(s) need correcting.
error-too-many-requests = Too many failed attempts. Try again in { $seconds } seconds.

error-forbidden = You are not allowed to do this.
error-stale-version = The record was changed by someone else. Reload it and apply your change again.
error-method-not-allowed = This HTTP method is not supported for this address.
error-precondition-failed = The record changed since the version you sent in If-Match. Reload and try again.
error-payload-too-large = The request body exceeds the size limit.
error-unsupported-media-type = Send the request body as application/json.
error-unavailable = The service cannot reach its database right now. Try again shortly.
error-internal = Something went wrong on the server. It has been logged.
error-duplicate = A record with the same identity already exists.
error-missing-or-in-use = This refers to a record that does not exist, or is still in use.

# A request the server cannot read. $reason and $cause: what the parser said, in English.
request-not-processable = The request cannot be processed.
request-field-mismatch = Field does not fit: { $reason }.
request-json-invalid = The request body is not valid JSON: { $cause }.
request-body-unreadable = The request body could not be read: { $cause }.
request-query-invalid = Invalid query parameter: { $cause }.
request-path-invalid = Invalid address: { $cause }.
if-match-version = If-Match must hold a version, e.g. "3".

text-control-character = The text holds a control or direction-override character, which is not accepted.
number-too-large = The number is too large: at most 1,000,000,000,000,000 either way.
number-too-many-places = At most { $places } decimal places.
page-out-of-range = Pages are numbered from 1 to 1,000,000.
page-size-out-of-range = Items per page must be between 1 and { $max }.

# Said in many places.
nothing-here = There is nothing at this address.
name-required = Name is required.
send-the-version = Send the version you read.
give-a-reason = Give a reason; it is recorded.

# What was asked for is not there.
record-not-found = Record not found.
user-not-found = User not found.
account-not-found = Account not found.
organisation-not-found = Organisation not found.
region-not-found = Region not found.
edition-not-found = Edition not found.
category-not-found = Category not found.
rubric-not-found = Rubric not found.
entry-not-found = Entry not found.
file-not-found = File not found.
stage-not-found = Stage not found.
assignment-not-found = Assignment not found.
conflict-not-found = Conflict not found.
results-version-not-found = Results version not found.


## Signing in and links

auth-wrong-credentials = Wrong email or password.
auth-current-password-wrong = The current password is wrong.
auth-language-unknown = Choose a language: id (Bahasa Indonesia) or en (English).
auth-sign-in-first = Please sign in: the access token is missing, invalid, expired or revoked.
auth-reset-accepted = If this address is registered, a link to set a new password is on its way. It works for 1 hour.
link-not-working = This link does not work: it was used already, it expired, or it was copied wrongly. Ask for a new one.


## Accounts and roles

user-email-invalid = The email address is not valid (e.g. name@agency.go.id).
user-email-required = Email is required.
user-name-too-long = Name must be at most 120 characters.
user-name-characters = Name contains characters that are not allowed.
user-email-registered = This email is already registered.
password-too-long = The password must have at most 128 characters.
password-too-short = The password must have at least { $min } characters.
account-cannot-disable-self = You cannot disable your own account.
invitation-role-required = Choose at least one role for the person invited.
invitation-email-registered = This email is already registered. If its invitation expired, send it again from the account.
invitation-password-set = This person has set a password already. If it is forgotten, they can use "Forgot password".
invitation-account-disabled = This account is disabled. Enable it before sending the invitation.

# $role and $code: what was sent, in quotes. $organisation: the id sent.
role-regional-admin-needs-province = A regional admin needs at least one province.
role-provinces-for-regional-admin = Provinces apply only to the regional_admin role.
role-organisations-for-entrant = Organisation membership applies only to the entrant role.
role-admin-granted-by-national = Only a national admin can grant admin roles.
role-choose-home-province = Choose this person's home province (one of yours).
role-outside-scope = This province or organisation is outside your scope.
role-keep-own-national-admin = You cannot remove your own national admin role.
role-unknown = Unknown role { $role }; use national_admin, regional_admin, judge or entrant.
role-organisation-not-found = Organisation { $organisation } not found.
role-province-unknown = Province code { $code } is not known.


## Regions and organisations

# $code: what was sent, in quotes.
region-code-malformed = { $code } is not a region code.
region-code-invalid = { $code } is not a Kemendagri region code (e.g. 33, 33.10, 33.10.17, 33.10.17.2006).

# A region's level, as a sentence names it.
region-level-province = province
region-level-regency = regency
region-level-district = district
region-level-village = village

organisation-company-name-required = Name is required for a company.
organisation-company-employer-number-required = The employer registration number is required for a company.
organisation-company-size-class-required = The size class is required for a company.
organisation-company-sector-required = The sector is required for a company.

# $value: what was sent, in quotes; $allowed: the accepted values. $kind: an organisation kind (company, province, ...); $level: one of the region levels above.
organisation-companies-only = Applies to companies only.
organisation-employer-number-invalid = The employer registration number (NPP) must be 6 to 20 letters or digits.
organisation-name-too-long = Name must be at most 200 plain characters.
organisation-choice-unknown = Unknown value { $value }; choose one of: { $allowed }.
organisation-region-code-invalid = { $code } is not a Kemendagri region code.
organisation-region-unknown = Region { $region } not found.
organisation-region-level = A { $kind } needs a region at { $level } level.
organisation-government-registered = The government of { $region } is already registered.
organisation-employer-number-taken = Employer number { $number } is already used by another organisation.


## Editions

edition-judging-closed = Results are published, so judging is closed. To change the judging, withdraw the results (POST { "/api/v1/editions/{id}/publications/{version}/withdraw" }, national admin, with a reason), which moves the edition back to judging; publishing again makes a new version of the results.
edition-name-length = An edition name has 3 to 200 characters.
edition-year-required = The year is required.
edition-year-out-of-range = Year outside 2000–2100.
edition-tier-required = The tier is required.
edition-tier-unknown = Choose provincial or national.
edition-tier-fixed = An edition's tier cannot change.
edition-province-required = A provincial edition needs its province.
edition-province-fixed = An edition's province cannot change; create a new edition.
edition-province-unknown = Province { $code } is not known.
edition-national-no-province = A national edition belongs to no single province.
edition-zones-national-only = Zones are for national editions only.
edition-zone-province-unknown = Unknown province.
edition-zone-key-invalid = The zone key must start with a lower-case letter, then lower-case letters, digits or underscores (max 64).
edition-time-unreadable = Time { $time } not understood; write it like 2025-03-31T23:59 ({ $zone }).
edition-time-zone-unknown = Choose Asia/Jakarta (WIB), Asia/Makassar (WITA) or Asia/Jayapura (WIT).
edition-period-ends-before-start = The period ends before it starts.
edition-schedule-order = Must come after { $before }.
edition-advance-provincial-only = Only provincial editions send winners on.
edition-advance-count = Choose 1 (first place) or 3 (top three).
edition-advance-target-national = The target must be an existing national edition.
edition-new-has-no-version = A new edition has no version yet.
edition-source-not-found = Source edition not found.
edition-copy-only-on-create = Copying happens only when creating an edition.
edition-results-published = This edition's results are published; it can no longer change.

# A phase, as a sentence names it (English answers use the API's own words).
edition-phase-name-draft = draft
edition-phase-name-submissions_open = submissions_open
edition-phase-name-submissions_closed = submissions_closed
edition-phase-name-judging = judging
edition-phase-name-results_published = results_published

# Moving between phases. $from and $to: phases named as above.
edition-phase-unknown = Choose draft, submissions_open, submissions_closed, judging or results_published.
edition-phase-use-publication = Results are published with POST { "/api/v1/editions/{id}/publications" }, which freezes the ranking.
edition-phase-use-withdrawal = Results are withdrawn with POST { "/api/v1/editions/{id}/publications/{version}/withdraw" }.
edition-phase-move-unknown = An edition cannot move from { $from } to { $to }.
edition-phase-not-yet = The edition cannot move to { $to } yet.
edition-phase-no-categories = The edition has no categories yet.
edition-phase-deadline-missing = Set the submission deadline first.
edition-phase-deadline-passed = The submission deadline has already passed.
edition-phase-entries-unchecked = { $count } entries have not had their administrative check. Check them, or force with a recorded reason.
edition-phase-category-no-rubric = Category { $category } has no rubric yet.
edition-phase-rubric-invalid = The rubric of category { $category } has { $count } problem(s).


## Categories

category-draft-only = Can only change while the edition is a draft: entrants already rely on it.
category-name-required = A category name (1–200 characters) is required.
category-kinds-required = Choose at least one kind of organisation that may enter.
category-size-sector-companies-only = Size classes and sectors apply only when companies may enter.
category-region-outside-province = Region outside the edition's province.
category-winners-range = Winners: 1 to 10.
category-threshold-range = Threshold: 0 to 100.
category-new-has-no-version = A new category has no version yet.
category-add-in-draft = Categories can only be added while the edition is a draft.
category-template-only-on-create = Templates apply only when creating a category.
category-remove-in-draft = Categories can only be removed while the edition is a draft.
category-template-unknown = No template { $template }.
category-no-rubric-yet = The category has no rubric yet.

# The indicator form. $key: the key sent, in quotes.
form-label-required = A label is required.
form-bounds-numeric-only = Bounds apply to numeric fields only.
form-max-below-min = The maximum is below the minimum.
form-percentage-range = A percentage lies between 0 and 100.
form-key-repeated = Key { $key } is used more than once.
form-field-key-invalid = The field key must start with a lower-case letter, then lower-case letters, digits or underscores (max 64).
indicator-not-in-form = This indicator is not in the form.

# Who may enter. $kind: an organisation kind (company, province, ...).
eligibility-size-class = Your organisation's size class is not covered by this category.
eligibility-sector = Your organisation's sector is not covered by this category.
eligibility-region = Your organisation lies outside this category's regions.
eligibility-kind = This category is not open to organisations of kind { $kind }.

# $key: a stage or criterion key, in quotes.
tie-break-not-in-rubric = { $key } is not in the rubric.


## Rubrics

rubric-frozen-give-reason = The rubric is frozen since judging opened; give the reason for the change (a new version is made).
rubric-stage-required = A rubric needs at least one stage.
rubric-criterion-required = Every stage needs at least one criterion.
rubric-name-required = A name is required.
rubric-weight-positive = A weight must be more than 0.
rubric-criterion-one-kind = A criterion must have sub-criteria, or be judged, or be computed: exactly one of these.
rubric-scale-bound-range = A scale bound lies at most 1,000,000 from zero.
rubric-scale-max-above-min = The scale maximum must be above its minimum.
rubric-scale-step = The scale step must be positive and divide the min–max range exactly.
rubric-descriptor-inside-scale = A descriptor's range must lie inside the scale.
rubric-descriptors-ascend = Descriptor ranges must ascend without overlapping.
rubric-descriptor-required = A descriptor is required.
rubric-ratio-parts-differ = Numerator and denominator must differ.
rubric-floor-target-direction = For higher-is-better the floor is below the target; for lower-is-better, above it.
rubric-bands-at-least-two = A band mapping needs at least two bands.
rubric-points-range = Points lie between 0 and 100.
rubric-band-thresholds-ascend = Band thresholds must ascend.
rubric-band-points-direction = Band points must follow the direction (rising for higher-is-better, falling otherwise).
rubric-key-repeated = Key { $key } is already used in this rubric.
rubric-weights-sum = The weights at this level add up to { $total } (must be 100).
rubric-too-deep = Criteria trees are at most { $depth } levels deep.
rubric-indicator-not-in-form = Indicator { $key } is not in the category's form.
rubric-indicator-not-numeric = Indicator { $key } is not numeric, so it cannot be computed.
rubric-criterion-key-invalid = The criterion key must start with a lower-case letter, then lower-case letters, digits or underscores (max 64).

# The reason recorded on a rubric copied into a new edition.
rubric-copied-from-earlier-edition = copied from an earlier edition


## Entries

# The values of an entry's indicators. $field: the indicator's label.
value-type-unknown = The value must be text, a number or yes/no.
value-yes-or-no = Answer yes or no.
value-date-format = Write dates as YYYY-MM-DD, e.g. 2025-03-31.
value-document-by-upload = Document fields are filled by uploading evidence files.
value-whole-number = Must be a whole number.
value-text-too-long = Text is at most { $max } characters.
value-not-a-number = { $text } is not a number.
value-below-min = At least { $min }.
value-above-max = At most { $max }.
value-required-to-submit = { $field } is required to submit.

entry-entrants-only = Only entrants can enter.
entry-not-a-member = You are not a member of this organisation.
entry-organisation-outside-province = The organisation lies outside this edition's province.
entry-already-entered = This organisation has already entered this category.
entry-checked-or-withdrawn = This entry has been checked or withdrawn and cannot change.
entry-withdrawal-too-late = This entry can no longer be withdrawn.
entry-reopen-withdrawn-only = Only a withdrawn entry can be reopened.
entry-submissions-not-open-yet = Submissions are not open yet.
entry-submissions-not-open = This edition is not accepting submissions.
entry-frozen = This entry can no longer change.
entry-owner-only = Only the entrant who owns the entry can do this.
entry-status-cannot-submit = An entry that is { $status } cannot be submitted.
entry-deadline-passed = The submission deadline { $deadline } has passed; entries can no longer change.

# Evidence files. $claimed and $found: file kinds (PDF, PNG, ...); $cause: what the parser said, in English.
evidence-remove-draft-only = Evidence can only be removed while the entry is a draft or returned.
evidence-file-part-missing = Attach the file in the `file` part.
evidence-type-unsupported = Unsupported file type; upload PDF, PNG, JPEG, XLSX, DOCX or CSV.
evidence-content-mismatch = The file name says { $claimed }, but the content is { $found }.
evidence-upload-unreadable = The upload could not be read: { $cause }.
evidence-upload-broken = The upload broke off: { $cause }.


## Administrative check

check-admins-only = Only this edition's admins check entries.
check-give-reason = Give the reason; the entrant will see it.
check-before-judging = The administrative check happens only before judging.
check-submitted-only = Only submitted entries are checked.
check-return-before-deadline = Returning for correction is only possible before the submission deadline.


## Import from CSV

# $cause: what the parser said, in English.
import-before-judging = Data can only be imported before judging opens.
import-column-not-indicator = This column is not an indicator of the category's form.
import-column-document = Documents cannot be imported from CSV.
import-kind-column-required = This category admits several kinds of organisation: add a kind column.
import-employer-number-column-required = An employer_number column is required for companies.
import-region-code-column-required = A region_code column is required for governments.
import-cell-control-character = The cell holds a control or direction-override character, which is not accepted.
import-kind-unknown = Unknown kind of organisation.
import-organisation-repeated = This organisation appears more than once in the file.
import-entry-changed = An entry changed during the import; nothing was saved. Run the import again.
import-header-unreadable = The CSV header could not be read: { $cause }.
import-row-unreadable = Unreadable row: { $cause }.
import-company-columns-missing = New company { $number } needs: { $columns }.
import-region-code-unknown = Region code { $region } is unknown, wrong for the kind of organisation, or outside the edition's scope.


## Judging

# Panels and shortlists for a stage.
panel-not-a-judge = Not a judge of this edition.
panel-first-stage-takes-all = The first stage holds every complete entry; shortlists are for later stages.
panel-entry-ids-or-top = Give either entry_ids (hand-picked) or top (the top N), not both.
panel-top-at-least-one = The top N must be at least 1.
panel-entry-not-complete = Not a complete entry of this category.

# Assigning judges. $reason: the conflict of interest, as declared.
assignment-judge-not-on-panel = This judge is not on this stage's panel.
assignment-entry-not-in-stage = This entry is not in this stage.
assignment-exists = This judge is already assigned to this entry.
assignment-judges-per-entry = Judges per entry: 1 to 50.
assignment-conflict-of-interest = Conflict of interest: { $reason }

# An automatic assignment that fell short of the judges asked for.
assignment-shortfall = Only { $assigned } of { $wanted } judges: { $conflicted } panel members conflicted, { $at_cap } at their cap.

# Scoresheets. $criterion: the criterion's name.
scoresheet-recused = You recused yourself from this assignment.
scoresheet-locked = The scoresheet is submitted and locked; only an admin can reopen it.
scoresheet-criterion-not-judged = This criterion is not judged in this stage.
scoresheet-abstain-not-allowed = The rubric does not allow abstaining on this criterion.
scoresheet-score-or-abstain = Give a score or abstain, not both.
scoresheet-comment-too-long = Comments are at most 5000 characters.
scoresheet-not-submitted = This scoresheet has not been submitted.
scoresheet-score-off-scale = The score must lie between { $min } and { $max } in steps of { $step }.
scoresheet-score-required = Score { $criterion }.
scoresheet-comment-required = A comment is required for { $criterion }.
scoresheet-abstain-reason-required = Write the reason for abstaining on { $criterion } in the comment.
judging-phase-only = Scoring happens only during the judging phase.

# Conflicts of interest.
describe-the-conflict = Describe the conflict of interest.
conflict-declared-stands = A conflict the judge declared cannot be dismissed.
conflict-assigned-recuse-instead = You are already assigned to this entry; recuse from the assignment instead.
conflict-already-declared = You already declared a conflict with this entry.

# Conflicts found from regions and affiliations, without being declared. $judge_region and $entrant_region: region codes.
conflict-detected-region = The judge's home region ({ $judge_region }) is, contains or lies inside the entrant's region ({ $entrant_region }).
conflict-detected-affiliation = The judge is affiliated with the entrant organisation.

# $reason: the conflict as the judge wrote it.
conflict-declared-by-judge = Declared by the judge: { $reason }

judge-user-id-or-account = Give either user_id (an existing account) or account (a new one), not both.
judge-email-registered = This email is already registered; add the account by user_id.
judge-account-outside-scope = This account is outside your scope.


## Results

results-not-published = This edition's results are not published.
results-withdrawn = This edition's results were withdrawn.
results-withdrawn-by-national-admin = Only a national admin can withdraw published results.
results-already-published = Results are already published.

# Publishing. $category: the category's name.
publication-only-in-judging = Results can only be published once the edition is in judging.
publication-again-give-reason = Results were published before; give the reason for publishing again.
publication-scoresheets-open = Some scoresheets are not submitted yet; results cannot be published.
publication-already-withdrawn = This version of the results is already withdrawn.
publication-superseded = A later version replaced this one; withdraw the latest version.
publication-category-scoresheets-open = { $category }: { $open } scoresheets not yet submitted.
publication-category-no-rubric = Category { $category } has no rubric yet.

# Shortlisting from an earlier stage. $stage: the stage key.
shortlist-stage-before-target = Choose a stage before the target stage.
shortlist-stage-incomplete = { $open } scoresheets of stage { $stage } are not submitted; its scores are not complete.

# Exports.
export-format-unknown = Choose csv or xlsx.
export-sheet-unknown = Choose ranking or judges.

# Remarks on a ranking (`notes`, `missing`; served in Bahasa Indonesia only). $why: one of
# the first two; $key and $criterion: an indicator or criterion key.
ranking-raw-fewer-than-two = scored fewer than two entries
ranking-raw-no-spread = gave every entry the same score
ranking-judge-marks-raw = The marks of { $judge } are used as given, without z-normalisation: this judge { $why }.
ranking-criterion-marks-raw = Criterion { $criterion }: the marks of judge { $judge } are used as given (without z-normalisation) because the judge { $why }.
ranking-value-missing = Indicator { $key } is not filled in.
ranking-zero-denominator = The denominator { $key } is zero.
ranking-scoresheets-outstanding = { $count } scoresheets are not submitted yet; this ranking is not final.


## Audit and outbox

audit-until-before-since = `until` must be after `since`.
outbox-state-unknown = The email state must be queued, sent or failed.
judging-score-not-a-number = The score must be a number, such as 4 or 4.5.
outbox-email-not-found = That email is not one of this edition's.
outbox-retry-failed-only = Only a failed email can be sent again.
judging-remind-not-judging = Reminders go out only while the edition is judging.
judging-remind-no-deadline = This edition has no results date, the deadline a reminder names. Set it in the edition's schedule.
rubric-editor-number = Write a number, for example 25 or 12.5.
