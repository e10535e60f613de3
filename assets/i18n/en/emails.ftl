# Email: English (the second part of every email).

email-invitation-subject = Invitation to the Paritrana Award
email-invitation-body =
    Dear { $name },

    { $inviter } invites you to the Paritrana Award, BPJS Ketenagakerjaan's award, as { $roles }.

    Set your password with this link, and you go straight to your dashboard:

    { $link }

    The link works for 7 days and only once. If it has expired, ask the committee for a new invitation. If you did not expect this invitation, ignore this email.
email-reset-subject = Reset your Paritrana password
email-reset-body =
    Dear { $name },

    Someone asked to reset the password of your Paritrana account ({ $email }). Set a new password with this link:

    { $link }

    The link works for 1 hour and only once. Once the password is changed, every other session of your account ends. If you did not ask for this, ignore this email: your password has not changed.
email-english-below = (English below)
email-signature = Paritrana Award committee · BPJS Ketenagakerjaan

## Results published or withdrawn: each entrant account hears of its
## organisations' entries. $at: the time in the edition's time zone.

email-results-published-subject = Results of { $edition } published
email-results-republished-subject = Results of { $edition } updated (version { $version })
email-results-published-news = The results of { $edition } were published on { $at }.
email-results-republished-news = The results of { $edition } were published again on { $at } (version { $version }).
email-results-reason = Reason: { $reason }
# $news: the news above (and its reason); $entries: one email-results-entry line per entry.
email-results-published-body =
    Dear { $name },

    { $news }

    { $entries }

    Winners and score details: { $link }
    SHA-256 digest of these results: { $digest }
    Anyone can check that the results have not changed since publication.

    Regards,
    The Paritrana Award committee
# $place: email-results-winner, -ranked or -unranked; $tied: yes when the place is shared;
# $total: the final score, or none.
email-results-entry = - { $organisation }, category { $category }: { $place }{ $tied ->
        [yes] {" "}(shared)
       *[no] {""}
    }{ $total ->
        [none] {""}
       *[other] , final score { $total }
    }
email-results-winner = Winner, place { $place }
email-results-ranked = Rank { $rank } of { $ranked }
email-results-unranked = Not ranked (no score)

email-results-withdrawn-subject = Results of { $edition } (version { $version }) withdrawn
# $entries: one email-results-withdrawn-entry line per entry.
email-results-withdrawn-body =
    Dear { $name },

    Version { $version } of the results of { $edition } was withdrawn on { $at }.
    Reason: { $reason }

    The places you were told of for these entries no longer stand until the results are published again:
    { $entries }

    Regards,
    The Paritrana Award committee
email-results-withdrawn-entry = - { $organisation }, category { $category }

## Judges: assignments and reopened sheets.
email-assigned-subject = New judging assignments: { $edition }
email-assigned-body =
    Dear { $name },

    The committee assigned you { $count } new entries to score in { $edition }, category { $category }, { $stage }.

    Open "My judging" to see them all and start scoring; drafts save themselves:
    { $link }

    If you know one of the entrants, declare a conflict of interest or recuse from its entry on the same page.

    Regards,
    The Paritrana Award committee
email-reopened-subject = Scoresheet for { $entrant } reopened: { $edition }
email-reopened-body =
    Dear { $name },

    The committee reopened your scoresheet for { $entrant } ({ $edition }, category { $category }, { $stage }).

    The reason: { $reason }

    The sheet is a draft again. Correct what is needed, then submit it again:
    { $link }

    Regards,
    The Paritrana Award committee
email-judging-reminder-subject = Reminder: { $open } scoresheets not yet submitted ({ $edition })
email-judging-reminder-body =
    Dear { $name },

    { $open } of your scoresheets in { $edition } are not yet submitted. Judging closes { $deadline }.

    Carry on from "My judging"; the "Score the next entry" button opens the sheets still open:
    { $link }

    Regards,
    The Paritrana Award committee

## Entrants: the receipt of a submitted entry.
email-receipt-subject = Receipt { $reference }: { $category }
email-receipt-body =
    Dear { $name },

    We have received the entry of { $organisation } for { $edition }, category { $category }.

    Receipt number: { $reference }
    Sent at: { $at }

    What was sent:
    { $listing }

    Documents: { $documents }

    You can see this entry, and change it until entries close, at:
    { $link }

    Keep this email as proof of sending.

    Regards,
    Paritrana Award committee
email-entry-reminder-subject = Reminder: your entries in { $edition } are not sent yet (deadline { $deadline })
email-entry-reminder-body =
    Dear { $name },

    Entries for { $edition } close { $deadline }. { $count } of your entries are not sent yet:
    { $entries }

    Complete and send them from "My entries"; your drafts are saved:
    { $link }

    An entry not sent by the deadline is neither checked nor judged.

    Regards,
    Paritrana Award committee

## Entrants: the administrative check's outcome.
email-checked-complete-subject = The entry of { $organisation } passed the administrative check ({ $category })
email-checked-complete-body =
    Dear { $name },

    The entry of { $organisation } for { $edition }, category { $category }, passed the administrative check and goes to the judges.

    See the entry:
    { $link }

    Regards,
    Paritrana Award committee
email-checked-rejected-subject = The entry of { $organisation } did not pass the administrative check ({ $category })
email-checked-rejected-body =
    Dear { $name },

    The entry of { $organisation } for { $edition }, category { $category }, did not pass the administrative check.

    The reason: { $reason }

    See the entry:
    { $link }

    Regards,
    Paritrana Award committee
email-checked-returned-subject = The entry of { $organisation } was returned for correction ({ $category })
email-checked-returned-body =
    Dear { $name },

    The committee returned the entry of { $organisation } for { $edition }, category { $category }, for correction.

    What to correct: { $reason }

    Correct it and send it again before entries close:
    { $link }

    Regards,
    Paritrana Award committee
