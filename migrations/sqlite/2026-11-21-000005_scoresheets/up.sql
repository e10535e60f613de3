-- One scoresheet per assignment: a draft the judge saves, then submits;
-- submitted sheets are locked until an admin reopens them with a reason.
CREATE TABLE scoresheets (
    assignment_id TEXT PRIMARY KEY NOT NULL REFERENCES assignments (id),
    status TEXT NOT NULL DEFAULT 'draft' CHECK (status IN ('draft', 'submitted')),
    scores_json TEXT NOT NULL DEFAULT '{}',
    submitted_at TIMESTAMP,
    reopened_reason TEXT,
    updated_at TIMESTAMP NOT NULL,
    version INTEGER NOT NULL DEFAULT 1
);
