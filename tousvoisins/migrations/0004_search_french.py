"""French search that finds "vélos" with "velo" and "covoiturage" with "co-voiturage".

The configuration french_unaccent (unaccent, then french_stem) already ignored accents; what
failed is the Snowball stemmer, which keeps a final "s" after a vowel ("velos" stays "velos",
"vélo" gives "velo"), and hyphenated words, indexed only as their parts. Documents and queries
now go through the functions below first (tousvoisins.search tells what each does). They are
IMMUTABLE, as a generated column requires, and name every schema so that they read the same
whatever the search_path (pg_dump restores with an empty one).

The configuration is also created here when missing: the core owns search from now on.
"""

from django.db import migrations

CREATE_FRENCH_UNACCENT = """
DO $$
BEGIN
    IF NOT EXISTS (SELECT 1 FROM pg_ts_config WHERE cfgname = 'french_unaccent') THEN
        CREATE TEXT SEARCH CONFIGURATION french_unaccent (COPY = french);
        ALTER TEXT SEARCH CONFIGURATION french_unaccent
            ALTER MAPPING FOR hword, hword_part, word WITH unaccent, french_stem;
    END IF;
END
$$;
"""

# Plural endings the stemmer keeps: a final "s" after a, i, o or u ("vélos", "amis", "tissus",
# "cinémas") unless a short word or "-ais" (vous, plus, mais, français: the stemmer's own
# business), and the "x" of "-oux" and of short "-eux" words (bijoux, jeux, lieux: longer "-eux"
# words are adjectives the stemmer already folds with their feminine, "heureux"/"heureuse").
CREATE_FUNCTIONS = r"""
CREATE OR REPLACE FUNCTION public.tv_search_words(value text) RETURNS text
LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE AS $$
    SELECT pg_catalog.regexp_replace(
        pg_catalog.regexp_replace(
            pg_catalog.regexp_replace(
                pg_catalog.lower(public.unaccent('public.unaccent'::regdictionary, value)),
                '\m(?!(?:vous|nous|tous|plus|sous|mais|jamais|apres|tres)\M)(?![a-z]*ais\M)([a-z]{2,}[aiou])s\M',
                '\1', 'g'),
            '\m([a-z]+ou)x\M', '\1', 'g'),
        '\m([a-z]{1,2}eu)x\M', '\1', 'g')
$$;

CREATE OR REPLACE FUNCTION public.tv_search_document(value text) RETURNS text
LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE AS $$
    SELECT words || ' ' || pg_catalog.array_to_string(ARRAY(
        SELECT pg_catalog.replace(found[1], '-', '')
        FROM pg_catalog.regexp_matches(words, '([a-z0-9]+(?:-[a-z0-9]+)+)', 'g') AS found
    ), ' ')
    FROM (SELECT public.tv_search_words(value) AS words) AS normalised
$$;

CREATE OR REPLACE FUNCTION public.tv_search_query(value text) RETURNS text
LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE AS $$
    SELECT pg_catalog.regexp_replace(
        public.tv_search_words(value), '(?<=[a-z0-9])-(?=[a-z0-9])', '', 'g')
$$;
"""

DROP_FUNCTIONS = """
DROP FUNCTION IF EXISTS public.tv_search_query(text);
DROP FUNCTION IF EXISTS public.tv_search_document(text);
DROP FUNCTION IF EXISTS public.tv_search_words(text);
"""


class Migration(migrations.Migration):
    dependencies = [("tousvoisins", "0003_ligatures_in_search_names")]

    operations = [
        # unaccent and pg_trgm are installed by 0001.
        migrations.RunSQL(CREATE_FRENCH_UNACCENT, migrations.RunSQL.noop),
        migrations.RunSQL(CREATE_FUNCTIONS, DROP_FUNCTIONS),
    ]
