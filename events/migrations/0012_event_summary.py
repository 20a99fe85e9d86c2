"""Events get "En bref", a required short summary. The events written before it get the first
sentence of their presentation (or their title when it has none), cut cleanly at 200 characters:
lists, printed programmes and feeds stay whole until a referent writes a better one."""

from django.db import migrations, models

from tousvoisins.text import summary_from_description


def fill_summaries(apps, schema_editor):
    Event = apps.get_model("events", "Event")
    pending = Event.objects.filter(summary="").only("pk", "title", "description")
    batch = []
    for event in pending.iterator(chunk_size=1000):
        event.summary = summary_from_description(event.description, title=event.title)
        batch.append(event)
        if len(batch) == 1000:
            Event.objects.bulk_update(batch, ["summary"])
            batch = []
    Event.objects.bulk_update(batch, ["summary"])


class Migration(migrations.Migration):
    dependencies = [("events", "0011_waiting_list")]

    operations = [
        migrations.AddField(
            model_name="event",
            name="summary",
            field=models.CharField(
                default="",
                error_messages={'blank': "Écrivez en une ou deux phrases ce qu'on fait à cette rencontre.", 'max_length': 'Écrivez 200 caractères au plus : votre texte en a %(show_value)d. Gardez une ou deux phrases courtes ; les détails vont plus bas.', 'required': "Écrivez en une ou deux phrases ce qu'on fait à cette rencontre."}, help_text="Une ou deux phrases courtes, avec des mots de tous les jours : ce qu'on y fait et pour qui. 200 caractères au plus. C'est ce qu'on lit dans l'agenda, sur l'agenda imprimé et dans les calendriers. Par exemple : « On tricote ensemble autour d'un café. Débutants bienvenus, la laine est prêtée. »", max_length=200, verbose_name='en bref'),
            preserve_default=False,
        ),
        migrations.RunPython(fill_summaries, migrations.RunPython.noop, elidable=True),
    ]
