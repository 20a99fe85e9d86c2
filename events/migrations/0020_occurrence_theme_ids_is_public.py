"""Each date carries its event's thèmes and whether the event is public, kept by the database
as its intercommunalité is (0015): the agenda filtered by territory and thème counted its dates
by joining every event of the thème (13,000 at the benchmark's L size) and probing each date's
event; it now reads one index of the dates alone and stops at the count's cap.

Triggers rather than Python, so that no way of writing forgets it: save() and update() of an
event's status, the thèmes' add(), remove(), set() and clear(), bulk_create() of dates, the
importers, the benchmark's seeding. A date's own trigger recomputes both from the tables
whenever they are written, so that a date saved from a stale copy cannot put back old values.
"""

import django.contrib.postgres.fields
from django.db import migrations, models

# Event.PUBLIC_STATUSES (a test compares them for every status).
PUBLIC = "('published', 'cancelled')"

FILL = f"""
UPDATE events_occurrence AS occurrence
SET is_public = event.status IN {PUBLIC},
    theme_ids = ARRAY(
        SELECT link.theme_id FROM events_event_themes AS link
        WHERE link.event_id = occurrence.event_id ORDER BY link.theme_id
    )
FROM events_event AS event WHERE event.id = occurrence.event_id
"""

TRIGGERS = f"""
CREATE FUNCTION events_occurrence_filters() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    SELECT status IN {PUBLIC} INTO NEW.is_public FROM events_event WHERE id = NEW.event_id;
    NEW.theme_ids := ARRAY(
        SELECT theme_id FROM events_event_themes WHERE event_id = NEW.event_id ORDER BY theme_id
    );
    RETURN NEW;
END
$$;
CREATE TRIGGER events_occurrence_filters
    BEFORE INSERT OR UPDATE OF event_id, theme_ids, is_public ON events_occurrence
    FOR EACH ROW EXECUTE FUNCTION events_occurrence_filters();

CREATE FUNCTION events_event_public() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    UPDATE events_occurrence SET is_public = NEW.status IN {PUBLIC} WHERE event_id = NEW.id;
    RETURN NULL;
END
$$;
CREATE TRIGGER events_event_public
    AFTER UPDATE OF status ON events_event
    FOR EACH ROW WHEN ((OLD.status IN {PUBLIC}) IS DISTINCT FROM (NEW.status IN {PUBLIC}))
    EXECUTE FUNCTION events_event_public();

-- Once per statement: set() and bulk writes add or take many thèmes at once. Writing the
-- column is enough: the date's own trigger reads the event's thèmes again.
CREATE FUNCTION events_event_themes_changed() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    UPDATE events_occurrence SET theme_ids = '{{}}'
    WHERE event_id IN (SELECT event_id FROM changed_links);
    RETURN NULL;
END
$$;
CREATE TRIGGER events_event_themes_added
    AFTER INSERT ON events_event_themes REFERENCING NEW TABLE AS changed_links
    FOR EACH STATEMENT EXECUTE FUNCTION events_event_themes_changed();
CREATE TRIGGER events_event_themes_removed
    AFTER DELETE ON events_event_themes REFERENCING OLD TABLE AS changed_links
    FOR EACH STATEMENT EXECUTE FUNCTION events_event_themes_changed();

CREATE FUNCTION events_event_themes_moved() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    UPDATE events_occurrence SET theme_ids = '{{}}'
    WHERE event_id IN (SELECT event_id FROM old_links UNION SELECT event_id FROM new_links);
    RETURN NULL;
END
$$;
CREATE TRIGGER events_event_themes_moved
    AFTER UPDATE ON events_event_themes REFERENCING OLD TABLE AS old_links NEW TABLE AS new_links
    FOR EACH STATEMENT EXECUTE FUNCTION events_event_themes_moved();
"""

DROP_TRIGGERS = """
DROP TRIGGER events_event_themes_moved ON events_event_themes;
DROP FUNCTION events_event_themes_moved();
DROP TRIGGER events_event_themes_removed ON events_event_themes;
DROP TRIGGER events_event_themes_added ON events_event_themes;
DROP FUNCTION events_event_themes_changed();
DROP TRIGGER events_event_public ON events_event;
DROP FUNCTION events_event_public();
DROP TRIGGER events_occurrence_filters ON events_occurrence;
DROP FUNCTION events_occurrence_filters();
"""


class Migration(migrations.Migration):
    dependencies = [
        ("events", "0019_event_published_figures_idx"),
    ]

    operations = [
        migrations.AddField(
            model_name="occurrence",
            name="theme_ids",
            field=django.contrib.postgres.fields.ArrayField(
                base_field=models.BigIntegerField(), default=list, editable=False, size=None, verbose_name="thèmes"
            ),
        ),
        migrations.AddField(
            model_name="occurrence",
            name="is_public",
            field=models.BooleanField(default=False, editable=False, verbose_name="événement public"),
        ),
        migrations.RunSQL(FILL, migrations.RunSQL.noop),
        migrations.RunSQL(TRIGGERS, DROP_TRIGGERS),
        migrations.AddIndex(
            model_name="occurrence",
            index=models.Index(
                condition=models.Q(("is_public", True)),
                fields=["intercommunalite", "start", "end"],
                include=("theme_ids",),
                name="occurrence_pub_territory_idx",
            ),
        ),
    ]
