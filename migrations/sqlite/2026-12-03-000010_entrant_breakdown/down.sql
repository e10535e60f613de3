ALTER TABLE categories DROP COLUMN entrants_see_breakdown;
