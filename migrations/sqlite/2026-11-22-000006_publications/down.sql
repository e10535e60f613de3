DROP TABLE advancements;
DROP TRIGGER publications_kept;
DROP TRIGGER publications_frozen;
DROP TABLE publications;
