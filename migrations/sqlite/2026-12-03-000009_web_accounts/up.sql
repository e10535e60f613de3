-- The language an account chose for its pages and emails; NULL until it
-- chooses (then the browser's language counts).
ALTER TABLE users ADD COLUMN language TEXT;

-- Single-use links sent by email: an invitation to set a first password,
-- or a password reset. Only the SHA-256 of the token in the link is kept.
CREATE TABLE account_links (
    token_hash TEXT PRIMARY KEY NOT NULL,
    user_id TEXT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    -- 'invitation' or 'reset'
    purpose TEXT NOT NULL,
    created_at TIMESTAMP NOT NULL,
    expires_at TIMESTAMP NOT NULL,
    used_at TIMESTAMP
);
CREATE INDEX account_links_user ON account_links (user_id, purpose);
