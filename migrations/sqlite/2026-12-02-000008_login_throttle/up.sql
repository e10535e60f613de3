-- Failed logins are counted per key ("pair:" account and address,
-- "address:", "account:"), one row each, so that the check and the count
-- are one statement on the row; the per-attempt log could not be counted
-- atomically.
DROP TABLE login_attempts;

CREATE TABLE login_throttle (
    key TEXT PRIMARY KEY,
    -- Attempts counted inside the window that began at window_start.
    attempts INTEGER NOT NULL,
    window_start TIMESTAMP NOT NULL,
    -- Account keys only: how many locks in a row, and the current one.
    strikes INTEGER NOT NULL DEFAULT 0,
    locked_until TIMESTAMP
);

-- Tokens carry the generation they were issued in; changing the password
-- moves it on, and every older token stops working.
ALTER TABLE users ADD COLUMN session_generation INTEGER NOT NULL DEFAULT 0;
