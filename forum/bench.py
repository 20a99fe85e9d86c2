"""Bench forum: topics in every category, `scale.forum_posts` posts in all, by bench members,
written in bulk. Bodies are rendered once per sample text (the save() of a post renders its
Markdown; 50,000 times would take minutes), the search vector is the database's own.
"""

from datetime import timedelta

from django.db import connection
from django.utils import timezone
from django.utils.text import slugify

from accounts.models import User
from tousvoisins.bench_scales import BENCH_PREFIX
from tousvoisins.text import markdown_to_html, markdown_to_text

from .models import Category, Post, Topic

POSTS_PER_TOPIC = 10
SUBJECTS = [
    "Qui connaît un atelier de couture près de chez moi ?",
    "Covoiturage pour aller au marché le samedi",
    "Astuce : réparer un vélo sans outils spéciaux",
    "Cherche des partenaires pour marcher le matin",
    "Comment préparer un entretien d'embauche ?",
    "Bons plans pour se chauffer moins cher",
    "Échange de graines et de boutures",
    "Aide pour remplir un dossier en ligne",
]
BODIES = [
    "Bonjour à tous,\n\nJe cherche des idées pour **rencontrer du monde** près de chez moi. Merci !",
    "Moi aussi ! On peut se retrouver à la médiathèque le mardi après-midi.",
    "Bonne idée. Voici ce qui a marché pour moi :\n\n- demander à la mairie\n- passer au centre social",
    "> Je cherche des idées\n\nLe café-rencontre du jeudi est très sympa, on y parle de tout.",
    "Merci pour vos réponses, je vais essayer la semaine prochaine.",
]


def seed_bench(scale, rng):
    existing = Post.objects.filter(author__username__startswith=BENCH_PREFIX).count()
    wanted = scale.forum_posts - existing
    if wanted <= 0:
        return f"{existing} messages du banc d'essai, déjà là"
    members = list(User.objects.filter(username__startswith=BENCH_PREFIX).values_list("pk", flat=True))
    categories = list(Category.objects.public().values_list("pk", flat=True))
    if not members or not categories:
        return "pas de membres ou de catégories : rien à écrire"
    rendered = [(body, markdown_to_html(body), markdown_to_text(body)) for body in BODIES]
    now = timezone.now()
    topics = []
    for _ in range(max(wanted // POSTS_PER_TOPIC, 1)):
        title = rng.choice(SUBJECTS)
        started = now - timedelta(days=rng.randint(0, 720), minutes=rng.randint(0, 1440))
        topics.append(
            Topic(
                category_id=rng.choice(categories),
                title=title,
                slug=slugify(title)[:80].strip("-"),
                author_id=rng.choice(members),
                created=started,
                last_post_at=started,
                pinned=False,
            )
        )
    topics = Topic.objects.bulk_create(topics, batch_size=5000)
    posts = []
    for index in range(wanted):
        topic = topics[index % len(topics)]
        body, html, text = rng.choice(rendered)
        posts.append(
            Post(
                topic_id=topic.pk,
                author_id=rng.choice(members),
                body=body,
                body_html=html,
                body_text=text,
                created=topic.created + timedelta(hours=index // len(topics)),
                hidden=rng.random() < 0.01,
            )
        )
    Post.objects.bulk_create(posts, batch_size=5000)
    _refresh_topics([topic.pk for topic in topics])
    return f"{len(topics)} sujets et {wanted} messages ajoutés ({scale.forum_posts} en tout)"


def _refresh_topics(topic_ids):
    """What services.topic_refresh does for one topic (replies counted hidden or not, the last
    visible post), for all of them in one statement."""
    with connection.cursor() as cursor:
        cursor.execute(
            f"""
            WITH last AS (
                SELECT DISTINCT ON (topic_id) topic_id, id, created
                FROM {Post._meta.db_table}
                WHERE topic_id = ANY(%(ids)s) AND NOT hidden
                ORDER BY topic_id, created DESC, id DESC
            ), counts AS (
                SELECT topic_id, count(*) AS total
                FROM {Post._meta.db_table}
                WHERE topic_id = ANY(%(ids)s)
                GROUP BY topic_id
            )
            UPDATE {Topic._meta.db_table} AS topic SET
                reply_count = greatest(counts.total - 1, 0),
                last_post_id = last.id,
                last_post_at = coalesce(last.created, topic.created)
            FROM counts LEFT JOIN last USING (topic_id)
            WHERE topic.id = counts.topic_id
            """,
            {"ids": topic_ids},
        )
