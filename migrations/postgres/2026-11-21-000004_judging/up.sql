-- Judges of an edition, panels per category and stage, declared and
-- dismissed conflicts of interest, shortlists and assignments.

CREATE TABLE edition_judges (
    id TEXT PRIMARY KEY NOT NULL,
    edition_id TEXT NOT NULL REFERENCES editions (id),
    user_id TEXT NOT NULL REFERENCES users (id),
    home_region_code TEXT REFERENCES regions (code),
    organisation_id TEXT REFERENCES organisations (id),
    created_at TIMESTAMP NOT NULL,
    UNIQUE (edition_id, user_id)
);

CREATE TABLE panel_members (
    category_id TEXT NOT NULL REFERENCES categories (id) ON DELETE CASCADE,
    stage_key TEXT NOT NULL,
    judge_id TEXT NOT NULL REFERENCES edition_judges (id),
    PRIMARY KEY (category_id, stage_key, judge_id)
);

-- Declared conflicts, and automatic ones an admin dismissed as false positives.
CREATE TABLE conflict_records (
    id TEXT PRIMARY KEY NOT NULL,
    judge_id TEXT NOT NULL REFERENCES edition_judges (id),
    entry_id TEXT NOT NULL REFERENCES entries (id),
    kind TEXT NOT NULL CHECK (kind IN ('declared', 'region', 'affiliation')),
    dismissed BOOLEAN NOT NULL DEFAULT FALSE,
    reason TEXT NOT NULL,
    recorded_by TEXT NOT NULL,
    recorded_at TIMESTAMP NOT NULL,
    UNIQUE (judge_id, entry_id, kind)
);

-- Entries moved into a later stage (the first stage holds every complete entry).
CREATE TABLE shortlist (
    category_id TEXT NOT NULL REFERENCES categories (id) ON DELETE CASCADE,
    stage_key TEXT NOT NULL,
    entry_id TEXT NOT NULL REFERENCES entries (id),
    reason TEXT NOT NULL,
    added_by TEXT NOT NULL,
    added_at TIMESTAMP NOT NULL,
    PRIMARY KEY (category_id, stage_key, entry_id)
);

CREATE TABLE assignments (
    id TEXT PRIMARY KEY NOT NULL,
    category_id TEXT NOT NULL REFERENCES categories (id),
    stage_key TEXT NOT NULL,
    entry_id TEXT NOT NULL REFERENCES entries (id),
    judge_id TEXT NOT NULL REFERENCES edition_judges (id),
    status TEXT NOT NULL DEFAULT 'active' CHECK (status IN ('active', 'recused')),
    created_by TEXT NOT NULL,
    created_at TIMESTAMP NOT NULL,
    UNIQUE (stage_key, entry_id, judge_id)
);
CREATE INDEX assignments_judge ON assignments (judge_id, status);
CREATE INDEX assignments_category ON assignments (category_id, stage_key);
