"""News items get "En bref", a required short summary. The items written before it get the first
sentence of their lead (chapô), cut cleanly at 200 characters, until someone writes a better one."""

from django.db import migrations, models

from tousvoisins.text import summary_from_description


def fill_summaries(apps, schema_editor):
    NewsItem = apps.get_model("news", "NewsItem")
    items = list(NewsItem.objects.filter(summary="").only("pk", "title", "lead"))
    for item in items:
        item.summary = summary_from_description(item.lead, title=item.title)
    NewsItem.objects.bulk_update(items, ["summary"], batch_size=1000)


class Migration(migrations.Migration):
    dependencies = [("news", "0003_search_french")]

    operations = [
        migrations.AddField(
            model_name="newsitem",
            name="summary",
            field=models.CharField(
                default="",
                error_messages={'blank': 'Écrivez en une ou deux phrases ce que dit cette actualité.', 'max_length': 'Écrivez 200 caractères au plus : votre texte en a %(show_value)d. Gardez une ou deux phrases courtes ; les détails vont plus bas.', 'required': 'Écrivez en une ou deux phrases ce que dit cette actualité.'}, help_text="Une ou deux phrases courtes, avec des mots de tous les jours : ce qui se passe et pour qui. 200 caractères au plus. C'est ce qu'on lit dans la liste des actualités, sur la page d'accueil et dans le fil d'actualités. Par exemple : « Les cafés-emploi reprennent le mardi. On y parle de sa recherche d'emploi, sans inscription. »", max_length=200, verbose_name='en bref'),
            preserve_default=False,
        ),
        migrations.RunPython(fill_summaries, migrations.RunPython.noop, elidable=True),
    ]
