"""What the forum holds about a member, for "Télécharger mes données" and "Supprimer mon compte".

accounts.gdpr calls export_user_data(user) and erase_user_data(user) of every app.
Posts and topics outlive their author: they stay, signed "Ancien membre" (author set to None), so
the conversations others took part in keep their sense.
"""

from tousvoisins import content_stamp
from tousvoisins.site import absolute_url

from .models import Post, Report, Subscription, Topic


def _site(path):
    return absolute_url(path)


def export_user_data(user):
    topics = Topic.objects.filter(author=user).select_related("category").order_by("created", "pk")
    posts = (
        Post.objects.filter(author=user)
        .select_related("topic")
        .defer("body_html", "body_text", "search_vector")
        .order_by("created", "pk")
    )
    subscriptions = Subscription.objects.filter(user=user).select_related("topic").order_by("created")
    reports = Report.objects.filter(reporter=user).select_related("post__topic").order_by("created")
    return {
        "sujets_ouverts": [
            {
                "titre": topic.title,
                "categorie": topic.category.name,
                "ouvert_le": topic.created,
                "adresse_sur_le_site": _site(topic.get_absolute_url()),
            }
            for topic in topics
        ],
        "messages": [
            {
                "sujet": post.topic.title,
                "texte": post.body,
                "ecrit_le": post.created,
                "modifie_le": post.edited_at,
                "masque_par_la_moderation": post.hidden,
                "adresse_sur_le_site": _site(post.get_absolute_url()),
            }
            for post in posts
        ],
        "sujets_suivis": [{"sujet": item.topic.title, "depuis_le": item.created} for item in subscriptions],
        "signalements_faits": [
            {
                "message_du_sujet": report.post.topic.title,
                "raison": report.get_reason_display(),
                "precisions": report.details,
                "le": report.created,
                "etat": report.get_status_display(),
            }
            for report in reports
        ],
    }


def erase_user_data(user):
    """Posts and topics stay, signed "Ancien membre"; subscriptions and reports made go."""
    Post.objects.filter(author=user).update(author=None)
    Topic.objects.filter(author=user).update(author=None)
    content_stamp.bump("forum")  # bulk updates send no signal
    Subscription.objects.filter(user=user).delete()
    Report.objects.filter(reporter=user).delete()
