-- Published results: each publication freezes the ranking of every category
-- of an edition as a canonical JSON snapshot with its SHA-256 digest.
-- Publishing again adds a version; a withdrawn version stays, marked, with
-- its digest still visible.
CREATE TABLE publications (
    id TEXT PRIMARY KEY NOT NULL,
    edition_id TEXT NOT NULL REFERENCES editions (id),
    version INTEGER NOT NULL,
    snapshot_json TEXT NOT NULL,
    digest TEXT NOT NULL,
    published_by TEXT NOT NULL,
    published_at TIMESTAMP NOT NULL,
    withdrawn_at TIMESTAMP,
    withdrawn_by TEXT,
    withdrawn_reason TEXT,
    UNIQUE (edition_id, version)
);

-- Winners put forward to the linked national edition by a publication.
CREATE TABLE advancements (
    publication_id TEXT NOT NULL REFERENCES publications (id),
    target_edition_id TEXT NOT NULL REFERENCES editions (id),
    category_id TEXT NOT NULL REFERENCES categories (id),
    entry_id TEXT NOT NULL REFERENCES entries (id),
    organisation_id TEXT NOT NULL REFERENCES organisations (id),
    ranking INTEGER NOT NULL,
    target_category_id TEXT REFERENCES categories (id),
    PRIMARY KEY (publication_id, entry_id)
);
CREATE INDEX advancements_target ON advancements (target_edition_id);

-- A snapshot never changes once written, and publications are never deleted.
CREATE FUNCTION publications_refuse_change() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP = 'DELETE' THEN
        RAISE EXCEPTION 'publications are never deleted';
    END IF;
    IF NEW.edition_id IS DISTINCT FROM OLD.edition_id
        OR NEW.version IS DISTINCT FROM OLD.version
        OR NEW.snapshot_json IS DISTINCT FROM OLD.snapshot_json
        OR NEW.digest IS DISTINCT FROM OLD.digest
        OR NEW.published_by IS DISTINCT FROM OLD.published_by
        OR NEW.published_at IS DISTINCT FROM OLD.published_at THEN
        RAISE EXCEPTION 'published snapshots are immutable';
    END IF;
    RETURN NEW;
END;
$$;
CREATE TRIGGER publications_frozen BEFORE UPDATE OR DELETE ON publications
    FOR EACH ROW EXECUTE FUNCTION publications_refuse_change();
