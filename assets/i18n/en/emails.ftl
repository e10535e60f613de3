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
