DROP TABLE account_links;
ALTER TABLE users DROP COLUMN language;
