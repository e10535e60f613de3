-- Foundation: regions, accounts and roles, organisations, login throttling,
-- token revocation and the append-only audit log.

-- One row every write transaction touches first, so SQLite takes the write
-- lock at the start of the transaction (see db::write_transaction).
CREATE TABLE write_lock (
    id INTEGER PRIMARY KEY CHECK (id = 1),
    generation BIGINT NOT NULL
);
INSERT INTO write_lock (id, generation) VALUES (1, 0);

CREATE TABLE regions (
    code TEXT PRIMARY KEY NOT NULL,
    level TEXT NOT NULL CHECK (level IN ('province', 'regency', 'district', 'village')),
    parent_code TEXT REFERENCES regions (code),
    province_code TEXT NOT NULL,
    name TEXT NOT NULL,
    name_search TEXT NOT NULL
);
CREATE INDEX regions_parent ON regions (parent_code, code);
CREATE INDEX regions_level_code ON regions (level, code);

CREATE TABLE users (
    id TEXT PRIMARY KEY NOT NULL,
    email TEXT NOT NULL UNIQUE,
    display_name TEXT NOT NULL,
    password_hash TEXT NOT NULL,
    is_active BOOLEAN NOT NULL DEFAULT TRUE,
    province_code TEXT REFERENCES regions (code),
    created_at TIMESTAMP NOT NULL,
    updated_at TIMESTAMP NOT NULL,
    version INTEGER NOT NULL DEFAULT 1
);
CREATE INDEX users_province ON users (province_code);

CREATE TABLE user_roles (
    user_id TEXT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    role TEXT NOT NULL CHECK (role IN ('national_admin', 'regional_admin', 'judge', 'entrant')),
    PRIMARY KEY (user_id, role)
);

CREATE TABLE admin_provinces (
    user_id TEXT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    province_code TEXT NOT NULL REFERENCES regions (code),
    PRIMARY KEY (user_id, province_code)
);

CREATE TABLE organisations (
    id TEXT PRIMARY KEY NOT NULL,
    kind TEXT NOT NULL CHECK (kind IN ('province_government', 'regency_government', 'village_government', 'company')),
    name TEXT NOT NULL,
    name_search TEXT NOT NULL,
    region_code TEXT NOT NULL REFERENCES regions (code),
    province_code TEXT NOT NULL REFERENCES regions (code),
    employer_number TEXT UNIQUE,
    size_class TEXT CHECK (size_class IN ('large', 'medium', 'small', 'micro')),
    sector TEXT,
    created_at TIMESTAMP NOT NULL,
    updated_at TIMESTAMP NOT NULL,
    version INTEGER NOT NULL DEFAULT 1
);
CREATE UNIQUE INDEX organisations_one_government_per_region ON organisations (kind, region_code)
    WHERE kind <> 'company';
CREATE INDEX organisations_province ON organisations (province_code, name_search);

CREATE TABLE organisation_members (
    organisation_id TEXT NOT NULL REFERENCES organisations (id) ON DELETE CASCADE,
    user_id TEXT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    PRIMARY KEY (organisation_id, user_id)
);
CREATE INDEX organisation_members_user ON organisation_members (user_id);

CREATE TABLE login_attempts (
    id BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    email TEXT NOT NULL,
    client_addr TEXT NOT NULL,
    succeeded BOOLEAN NOT NULL,
    attempted_at TIMESTAMP NOT NULL
);
CREATE INDEX login_attempts_email ON login_attempts (email, attempted_at);
CREATE INDEX login_attempts_addr ON login_attempts (client_addr, attempted_at);

CREATE TABLE revoked_tokens (
    jti TEXT PRIMARY KEY NOT NULL,
    expires_at TIMESTAMP NOT NULL
);

CREATE TABLE audit_log (
    id BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    occurred_at TIMESTAMP NOT NULL,
    actor_id TEXT,
    actor_email TEXT,
    action TEXT NOT NULL,
    object_type TEXT NOT NULL,
    object_id TEXT NOT NULL,
    province_code TEXT,
    before_json TEXT,
    after_json TEXT,
    request_id TEXT
);
CREATE INDEX audit_log_object ON audit_log (object_type, object_id);
CREATE INDEX audit_log_province ON audit_log (province_code, id);

CREATE FUNCTION audit_log_refuse_change() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    RAISE EXCEPTION 'audit_log is append-only';
END;
$$;
CREATE TRIGGER audit_log_append_only BEFORE UPDATE OR DELETE ON audit_log
    FOR EACH ROW EXECUTE FUNCTION audit_log_refuse_change();
