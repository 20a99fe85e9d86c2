"""Each date carries its event's intercommunalité, kept by the database: the agenda of one
territory (filtered list, printable agenda, a referent's page) walks that territory's dates in
order instead of every date of the département (at the benchmark's L size, 14,000 dates read for
20 shown in a small intercommunalité).

Triggers rather than Python, so that no way of writing a date forgets it: the ORM's save() and
bulk_create(), the importers, the benchmark's seeding, a restore.
"""

import django.db.models.deletion
from django.db import migrations, models

FILL = """
UPDATE events_occurrence AS occurrence SET intercommunalite_id = event.intercommunalite_id
FROM events_event AS event WHERE event.id = occurrence.event_id
"""

TRIGGERS = """
CREATE FUNCTION events_occurrence_territory() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    SELECT intercommunalite_id INTO NEW.intercommunalite_id FROM events_event WHERE id = NEW.event_id;
    RETURN NEW;
END
$$;
CREATE TRIGGER events_occurrence_territory
    BEFORE INSERT OR UPDATE OF event_id, intercommunalite_id ON events_occurrence
    FOR EACH ROW EXECUTE FUNCTION events_occurrence_territory();

CREATE FUNCTION events_event_territory() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    UPDATE events_occurrence SET intercommunalite_id = NEW.intercommunalite_id WHERE event_id = NEW.id;
    RETURN NULL;
END
$$;
CREATE TRIGGER events_event_territory
    AFTER UPDATE OF intercommunalite_id ON events_event
    FOR EACH ROW WHEN (OLD.intercommunalite_id IS DISTINCT FROM NEW.intercommunalite_id)
    EXECUTE FUNCTION events_event_territory();
"""

DROP_TRIGGERS = """
DROP TRIGGER events_event_territory ON events_event;
DROP FUNCTION events_event_territory();
DROP TRIGGER events_occurrence_territory ON events_occurrence;
DROP FUNCTION events_occurrence_territory();
"""


class Migration(migrations.Migration):
    dependencies = [
        ("events", "0014_event_language"),
        ("tousvoisins", "0006_outbox"),
    ]

    operations = [
        migrations.AddField(
            model_name="occurrence",
            name="intercommunalite",
            field=models.ForeignKey(
                db_index=False,
                editable=False,
                null=True,
                on_delete=django.db.models.deletion.PROTECT,
                related_name="+",
                to="tousvoisins.intercommunalite",
                verbose_name="intercommunalité",
            ),
        ),
        migrations.RunSQL(FILL, migrations.RunSQL.noop),
        migrations.RunSQL(TRIGGERS, DROP_TRIGGERS),
        migrations.AddIndex(
            model_name="occurrence",
            index=models.Index(fields=["intercommunalite", "start", "end"], name="occurrence_territory_idx"),
        ),
    ]
