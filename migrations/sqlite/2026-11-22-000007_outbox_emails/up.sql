-- Outgoing email, queued in the transaction of the change it tells of and
-- sent by whichever instance claims it first (a lease under a token, so a
-- sender that dies mid-send leaves its claim to lapse). Sent and failed
-- emails stay as the record of what went out.
CREATE TABLE outbox_emails (
    id TEXT PRIMARY KEY NOT NULL,
    kind TEXT NOT NULL,
    edition_id TEXT REFERENCES editions (id),
    province_code TEXT,
    recipient TEXT NOT NULL,
    subject TEXT NOT NULL,
    body_text TEXT NOT NULL,
    status TEXT NOT NULL DEFAULT 'queued' CHECK (status IN ('queued', 'sent', 'failed')),
    attempts INTEGER NOT NULL DEFAULT 0,
    next_attempt_at TIMESTAMP NOT NULL,
    claim_token TEXT,
    claimed_until TIMESTAMP,
    last_error TEXT,
    created_at TIMESTAMP NOT NULL,
    sent_at TIMESTAMP
);
CREATE INDEX outbox_emails_due ON outbox_emails (status, next_attempt_at);
CREATE INDEX outbox_emails_edition ON outbox_emails (edition_id, created_at);
