DROP TABLE assignments;
DROP TABLE shortlist;
DROP TABLE conflict_records;
DROP TABLE panel_members;
DROP TABLE edition_judges;
