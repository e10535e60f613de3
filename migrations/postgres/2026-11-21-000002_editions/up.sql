-- Editions, their phase history, categories and versioned rubrics.
-- Structured settings (zones, eligibility, forms, rubrics) are JSON text,
-- validated by the application before they are written.

CREATE TABLE editions (
    id TEXT PRIMARY KEY NOT NULL,
    name TEXT NOT NULL,
    year INTEGER NOT NULL,
    tier TEXT NOT NULL CHECK (tier IN ('provincial', 'national')),
    province_code TEXT REFERENCES regions (code),
    zones_json TEXT NOT NULL DEFAULT '[]',
    time_zone TEXT NOT NULL CHECK (time_zone IN ('Asia/Jakarta', 'Asia/Makassar', 'Asia/Jayapura')),
    period_start DATE NOT NULL,
    period_end DATE NOT NULL,
    submissions_open_at TIMESTAMP,
    submissions_close_at TIMESTAMP,
    judging_start_at TIMESTAMP,
    results_at TIMESTAMP,
    phase TEXT NOT NULL DEFAULT 'draft'
        CHECK (phase IN ('draft', 'submissions_open', 'submissions_closed', 'judging', 'results_published')),
    advances_to_edition_id TEXT REFERENCES editions (id),
    advance_count INTEGER,
    copied_from_edition_id TEXT REFERENCES editions (id),
    created_at TIMESTAMP NOT NULL,
    updated_at TIMESTAMP NOT NULL,
    version INTEGER NOT NULL DEFAULT 1,
    CHECK ((tier = 'provincial') = (province_code IS NOT NULL))
);
CREATE INDEX editions_scope ON editions (province_code, year);

CREATE TABLE edition_phase_changes (
    id BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    edition_id TEXT NOT NULL REFERENCES editions (id),
    from_phase TEXT NOT NULL,
    to_phase TEXT NOT NULL,
    changed_at TIMESTAMP NOT NULL,
    actor_id TEXT,
    reason TEXT,
    forced BOOLEAN NOT NULL DEFAULT FALSE
);
CREATE INDEX edition_phase_changes_edition ON edition_phase_changes (edition_id, id);

CREATE TABLE categories (
    id TEXT PRIMARY KEY NOT NULL,
    edition_id TEXT NOT NULL REFERENCES editions (id),
    name_id TEXT NOT NULL,
    name_en TEXT NOT NULL,
    description_id TEXT NOT NULL DEFAULT '',
    description_en TEXT NOT NULL DEFAULT '',
    eligibility_json TEXT NOT NULL,
    winners_count INTEGER NOT NULL DEFAULT 3,
    blind BOOLEAN NOT NULL DEFAULT FALSE,
    tie_break_json TEXT NOT NULL DEFAULT '[]',
    aggregation TEXT NOT NULL DEFAULT 'mean'
        CHECK (aggregation IN ('mean', 'median', 'trimmed_mean', 'z_score')),
    disagreement_threshold TEXT NOT NULL DEFAULT '20',
    form_json TEXT NOT NULL DEFAULT '[]',
    template_key TEXT,
    position INTEGER NOT NULL DEFAULT 0,
    created_at TIMESTAMP NOT NULL,
    updated_at TIMESTAMP NOT NULL,
    version INTEGER NOT NULL DEFAULT 1
);
CREATE INDEX categories_edition ON categories (edition_id, position);

CREATE TABLE rubric_versions (
    category_id TEXT NOT NULL REFERENCES categories (id) ON DELETE CASCADE,
    version INTEGER NOT NULL,
    definition_json TEXT NOT NULL,
    frozen BOOLEAN NOT NULL DEFAULT FALSE,
    reason TEXT,
    created_at TIMESTAMP NOT NULL,
    created_by TEXT,
    PRIMARY KEY (category_id, version)
);
