# Paritrana web pages: English.

site-name = Paritrana Award
site-description = BPJS Ketenagakerjaan's award to regional governments, villages and companies that cover their workers with employment social security.
skip-to-content = Skip to content
nav-label = Main navigation
nav-results = Editions & results
nav-dashboard = Dashboard
nav-account = My account
sign-in = Sign in
sign-out = Sign out
footer-text = Paritrana Award · BPJS Ketenagakerjaan. Region data: Kemendagri (ODbL).

home-title = Paritrana Award
home-intro = The Paritrana Award is BPJS Ketenagakerjaan's yearly award to provincial, regency and city governments, villages and companies that cover the workers of their area with employment social security.
home-who = Entrants submit entries with coverage data and evidence; judges score them online; the final results are published here with a digital fingerprint anyone can check.
home-open-now = Editions open now
home-none-open = No edition is accepting entries right now.
home-latest-results = Latest results
home-none-published = No results have been published yet.
home-all-editions = See every edition

edition-national = National
edition-closes-at = Entries close: { $when }
edition-see-results = See the results
phase-draft = Draft
phase-submissions_open = Accepting entries
phase-submissions_closed = Entries closed
phase-judging = Judging
phase-results_published = Results published

editions-title = Editions & results
editions-description = Every edition of the Paritrana Award and its results, by province.
editions-province = Province
editions-all-provinces = All provinces
editions-filter = Show
editions-count = { $count ->
    [0] No editions.
    [one] One edition.
   *[other] { $count } editions.
}
editions-none = No edition is public yet.
editions-none-in-province = No edition in this province yet.
pager-label = Pages
pager-previous = ‹ Previous
pager-next = Next ›
pager-position = Page { $page } of { $pages }

results-title = Results
results-first-places = First places
results-version = Version { $version }
results-published-at = Published { $when }
results-older-version = You are looking at version { $version }, not the latest.
results-see-latest = See the latest version
results-withdrawn-tag = Withdrawn
results-withdrawn-title = This version of the results was withdrawn
results-withdrawn-when = Withdrawn on { $when }.
results-withdrawn-reason = Reason:
results-podium = Winners of { $category }
results-juara = Juara { $place }
results-tied = tied
results-final-score = Final score
results-no-winners = This category has no winners.
results-full-ranking = Full ranking ({ $count } entrants)
results-rank = Rank
results-entrant = Entrant
results-region = Region
results-downloads = Downloads
results-winners-csv = Winners (CSV)
results-printable = Printable report
results-snapshot = Frozen results data (JSON)
results-versions = Versions and digests
results-shown = shown now
results-show-version = show this version
results-ranking-of = Full ranking
results-nobody-ranked = No entries were ranked in this category.
results-back-to-edition = Back to the results of { $edition }
verify-title = How to check the results are genuine
verify-why = Each version of the results is frozen when it is published. The SHA-256 digest above is computed over that results file exactly as served, so anyone can make sure the results were not changed after publication.
verify-step-download = Download the results file of the version to check:
verify-step-hash = Compute its SHA-256 digest with a program your computer already has, for example:
verify-step-compare = Compare it with that version's digest on this page. If they are exactly the same, the file is the published result.

sign-in-description = Sign in to Paritrana to submit entries, score them, or run an edition.
sign-in-no-account = Accounts are made by invitation from the committee. No invitation yet? Contact your BPJS Ketenagakerjaan regional office.
field-email = Email
field-password = Password
field-display-name = Name
field-language = Language
field-current-password = Current password
field-new-password = New password
field-new-password-hint = At least 10 characters. A long phrase you remember easily is safer than a short complicated word.

dashboard-greeting = Welcome, { $name }
dashboard-roles = Your roles
dashboard-no-roles = Your account has no role yet. Contact the committee that invited you.
dashboard-provinces = Provinces you administer: { $count }.
dashboard-organisations = Organisations you represent: { $count }.
dashboard-results-hint = Open editions and published results.
dashboard-account-hint = Your name, language and password.
role-national_admin = National admin
role-regional_admin = Regional office admin
role-judge = Judge
role-entrant = Entrant

account-profile = Profile
account-language-hint = The language of your pages and of the emails you receive.
account-save = Save
account-password = Password
account-password-hint = Once the password is changed, every other session of this account ends.
account-change-password = Change password

flash-signed-in = You are signed in.
flash-signed-out = You are signed out.
flash-sign-in-first = Please sign in first.
flash-profile-saved = Your profile is saved.
flash-password-changed = Your password is changed. Every other session of this account has ended.

error-400-title = The request cannot be processed
error-403-title = Access denied
error-404-title = Page not found
error-404-detail = There is nothing at this address. The link may be mistyped, or the page may have moved.
error-409-title = The record has changed
error-429-title = Too many attempts
error-500-title = Something went wrong
error-csrf-title = The form has expired
error-csrf-detail = This form cannot be accepted because it was not sent from a Paritrana page in this session. Reload the page and try again.
error-go-home = Go to the home page
error-code = Code { $status }

month-1 = January
month-2 = February
month-3 = March
month-4 = April
month-5 = May
month-6 = June
month-7 = July
month-8 = August
month-9 = September
month-10 = October
month-11 = November
month-12 = December

forgot-title = Forgot your password?
forgot-intro = Enter your account's email. We send you a link to set a new password; it works for 1 hour.
forgot-send = Send the link
forgot-sent = If { $email } is registered, a link to set a new password is on its way to that address.
forgot-sent-hint = Look in the spam folder too. The link works for 1 hour and only once.
forgot-back-to-sign-in = Back to sign in
set-password-title = Set a new password
set-password-welcome = Welcome, { $name }
set-password-invitation-intro = You are invited to the Paritrana Award. Set a password for your account; then you go straight to your dashboard.
set-password-reset-intro = Set a new password for your account. Every other session of this account will end.
set-password-save = Save the password and sign in
link-dead-title = This link does not work
link-dead-detail = The link was used already, it expired, or it was not copied whole from the email.
link-dead-new-reset = Ask for a new link
link-dead-invitation = An expired invitation can be sent again by the committee that invited you.
flash-password-set = Your password is saved. Welcome to Paritrana.

## The judges' pages
nav-judging = Judging
judging-my-work = My judging
judging-next = Score the next entry
judging-left = { $count } sheets not yet submitted
judging-all-done = All your scoresheets are submitted. Thank you!
judging-deadline = Results are due { $when }: submit your scores before then.
judging-progress = { $done } of { $total } done
judging-entrant = Entrant
judging-status = Status
judging-nothing-assigned = No entries have been assigned to you yet.
judging-stage-data = Data stage
judging-stage-interview = Interview
sheet-status-not_started = Not started
sheet-status-draft = Draft
sheet-status-submitted = Submitted
sheet-status-recused = Recused
judging-sheet = Scoresheet
judging-scored = { $done } of { $total } criteria scored
judging-reopened = The committee reopened this sheet:
judging-recused = You recused yourself from this entry; its sheet is not scored.
judging-locked = Submitted { $when } and locked. The committee can reopen it if needed.
judging-abstained = Abstained
judging-score-label = Score ({ $min }–{ $max }, in steps of { $step })
judging-comment = Comment
judging-required = required
judging-abstain = Abstain on this criterion
judging-save-draft = Save draft
judging-submit = Submit scores
judging-submit-hint = Once submitted, the sheet is locked. A draft can be changed at any time before that.
judging-fix-marked = Check the marked fields; nothing was saved yet.
judging-submit-missing = The draft is saved but cannot be submitted yet: complete the marked fields.
flash-sheet-saved = Draft saved.
flash-sheet-submitted = Scoresheet submitted.
dashboard-judging-hint = The entries assigned to you and their scoresheets.
