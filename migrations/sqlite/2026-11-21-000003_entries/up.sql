-- Entries (nominee submissions) with their indicator values, the
-- administrative check, and evidence files stored by content hash.

CREATE TABLE entries (
    id TEXT PRIMARY KEY NOT NULL,
    edition_id TEXT NOT NULL REFERENCES editions (id),
    category_id TEXT NOT NULL REFERENCES categories (id),
    organisation_id TEXT NOT NULL REFERENCES organisations (id),
    -- The organisation's region and province, kept here for scoping and filters.
    region_code TEXT NOT NULL,
    province_code TEXT NOT NULL,
    status TEXT NOT NULL DEFAULT 'draft'
        CHECK (status IN ('draft', 'submitted', 'returned', 'withdrawn', 'complete', 'rejected')),
    values_json TEXT NOT NULL DEFAULT '{}',
    source TEXT NOT NULL DEFAULT 'entrant' CHECK (source IN ('entrant', 'import')),
    submitted_at TIMESTAMP,
    checked_at TIMESTAMP,
    checked_by TEXT,
    check_note TEXT,
    created_at TIMESTAMP NOT NULL,
    updated_at TIMESTAMP NOT NULL,
    version INTEGER NOT NULL DEFAULT 1,
    UNIQUE (category_id, organisation_id)
);
CREATE INDEX entries_category_status ON entries (category_id, status);
CREATE INDEX entries_edition_status ON entries (edition_id, status);
CREATE INDEX entries_organisation ON entries (organisation_id);

CREATE TABLE evidence_files (
    id TEXT PRIMARY KEY NOT NULL,
    entry_id TEXT NOT NULL REFERENCES entries (id) ON DELETE CASCADE,
    indicator_key TEXT,
    file_name TEXT NOT NULL,
    media_type TEXT NOT NULL,
    size_bytes BIGINT NOT NULL,
    sha256 TEXT NOT NULL,
    uploaded_by TEXT,
    uploaded_at TIMESTAMP NOT NULL
);
CREATE INDEX evidence_files_entry ON evidence_files (entry_id);
