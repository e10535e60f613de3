-- Whether entrants see their entry's published score criterion by
-- criterion (never a judge's name). Off unless the office turns it on.
ALTER TABLE categories ADD COLUMN entrants_see_breakdown BOOLEAN NOT NULL DEFAULT FALSE;
