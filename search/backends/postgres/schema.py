"""The search tables on PostgreSQL: documents with two weighted tsvectors, and a vocabulary.

Stems come from the project's own Swedish analysis in Python (backends/analysis.py), so the
vectors use no text-search configuration on the server: a managed PostgreSQL needs no dictionary
files, and both engines stem the same way.
"""

TABLES = """
CREATE EXTENSION IF NOT EXISTS pg_trgm;
CREATE TABLE IF NOT EXISTS portal_search_document (
    id text PRIMARY KEY,
    django_ct text NOT NULL,
    kind text NOT NULL DEFAULT '',
    title text NOT NULL DEFAULT '',
    title_key text NOT NULL DEFAULT '',
    body text NOT NULL DEFAULT '',
    -- Facet values as "name<US>value" (US: the unit separator), one per value: unnest() and
    -- ANY() over a text array are several times cheaper than jsonb over thousands of matches.
    facets text[] NOT NULL DEFAULT '{}',
    section text NOT NULL DEFAULT '',
    summary text NOT NULL DEFAULT '',
    url text NOT NULL DEFAULT '',
    stems tsvector NOT NULL,
    folded tsvector NOT NULL
);
-- Vectors are read for every match a query ranks: kept in the row (compressed), not in TOAST.
ALTER TABLE portal_search_document ALTER COLUMN stems SET STORAGE MAIN,
    ALTER COLUMN folded SET STORAGE MAIN;
CREATE INDEX IF NOT EXISTS portal_search_document_stems
    ON portal_search_document USING gin (stems);
CREATE INDEX IF NOT EXISTS portal_search_document_folded
    ON portal_search_document USING gin (folded);
CREATE INDEX IF NOT EXISTS portal_search_document_title_key
    ON portal_search_document (title_key);
CREATE INDEX IF NOT EXISTS portal_search_document_ct
    ON portal_search_document (django_ct);
-- The index's words, and each without its diacritics: "Menade du …?" and typed-without-å/ä/ö.
CREATE TABLE IF NOT EXISTS portal_search_term (term text PRIMARY KEY, folded text NOT NULL);
CREATE INDEX IF NOT EXISTS portal_search_term_trigrams
    ON portal_search_term USING gin (term gin_trgm_ops);
CREATE INDEX IF NOT EXISTS portal_search_term_folded ON portal_search_term (folded);
"""

DROP = """
DROP TABLE IF EXISTS portal_search_document;
DROP TABLE IF EXISTS portal_search_term;
"""


def create(schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(TABLES)


def drop(schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(DROP)
