DROP TABLE advancements;
DROP TABLE publications;
DROP FUNCTION publications_refuse_change();
