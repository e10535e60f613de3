DROP TABLE rubric_versions;
DROP TABLE categories;
DROP TABLE edition_phase_changes;
DROP TABLE editions;
