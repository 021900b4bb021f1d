"""The search tables on PostgreSQL: documents with a weighted tsvector, and a vocabulary.

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
    -- ts_rank's length normalisation (its flag 1: 1 / log2(words + 1)) worked out on writing:
    -- ts_rank would count the words of every match again on every query.
    norm real NOT NULL DEFAULT 1
);
-- What a query reads for every match stays in the row: the vector it ranks (compressed) and
-- the facet values it counts. The rest (body, summary …) is read for ten rows a page and goes
-- out of line, so more rows fit a page.
ALTER TABLE portal_search_document ALTER COLUMN stems SET STORAGE MAIN,
    ALTER COLUMN facets SET STORAGE MAIN;
CREATE INDEX IF NOT EXISTS portal_search_document_stems
    ON portal_search_document USING gin (stems);
CREATE INDEX IF NOT EXISTS portal_search_document_title_key
    ON portal_search_document (title_key);
CREATE INDEX IF NOT EXISTS portal_search_document_ct
    ON portal_search_document (django_ct);
-- The index's words, each without its diacritics, and how many documents have it: words typed
-- without å/ä/ö, rarity weights and "Menade du …?" without counting matches.
CREATE TABLE IF NOT EXISTS portal_search_term (
    term text PRIMARY KEY,
    folded text NOT NULL,
    documents integer NOT NULL DEFAULT 0
);
CREATE INDEX IF NOT EXISTS portal_search_term_trigrams
    ON portal_search_term USING gin (term gin_trgm_ops);
CREATE INDEX IF NOT EXISTS portal_search_term_folded ON portal_search_term (folded);
-- One row per transaction that changed the index: how many there have been is the index's
-- version, which a cached summary is keyed by (see `_version` in __init__.py). Inserting a row
-- of one's own never waits for another writer, unlike raising a counter would. Old rows are
-- folded into `portal_search_changes_pruned` now and then.
CREATE TABLE IF NOT EXISTS portal_search_change (
    id bigserial PRIMARY KEY,
    tx xid8 NOT NULL UNIQUE DEFAULT pg_current_xact_id()
);
CREATE TABLE IF NOT EXISTS portal_search_changes_pruned (n bigint NOT NULL);
INSERT INTO portal_search_changes_pruned (n)
SELECT 0 WHERE NOT EXISTS (SELECT 1 FROM portal_search_changes_pruned);
"""

# From the first layout (migration 0003) to the one above. Idempotent: a fresh install already
# has the new layout and changes nothing here.
UPGRADE_DOCUMENT_FREQUENCIES = """
DROP INDEX IF EXISTS portal_search_document_folded;
ALTER TABLE portal_search_document DROP COLUMN IF EXISTS folded;
ALTER TABLE portal_search_document ALTER COLUMN facets SET STORAGE MAIN;
ALTER TABLE portal_search_document ADD COLUMN IF NOT EXISTS norm real NOT NULL DEFAULT 1;
UPDATE portal_search_document SET norm = 1 / log(2, 1 + (
    SELECT coalesce(sum(coalesce(array_length(positions, 1), 1)), 0) FROM unnest(stems)));
ALTER TABLE portal_search_term ADD COLUMN IF NOT EXISTS documents integer NOT NULL DEFAULT 0;
UPDATE portal_search_term AS t SET documents = c.n FROM (
    SELECT w.lexeme AS word, count(*) AS n FROM portal_search_document, unnest(stems) AS w
    WHERE w.weights && '{A,B,D}' GROUP BY w.lexeme) AS c
WHERE t.term = c.word;
"""

DROP = """
DROP TABLE IF EXISTS portal_search_document;
DROP TABLE IF EXISTS portal_search_term;
DROP TABLE IF EXISTS portal_search_change;
DROP TABLE IF EXISTS portal_search_changes_pruned;
"""


def create(schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(TABLES)


def upgrade(schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(UPGRADE_DOCUMENT_FREQUENCIES)
        schema_editor.execute(TABLES)  # the tables added since: the change log


def drop(schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(DROP)
