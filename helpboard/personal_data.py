"""What the board holds about a member, for "Télécharger mes données" and "Supprimer mon compte".

A member's coups de pouce are about them (what they look for, where): they go with the account,
with the answers and reports they made. The messages exchanged are the profiles' (profiles.personal_data).
"""

from tousvoisins.site import absolute_url

from .models import Answer, Help, Report


def export_user_data(user):
    helps = (
        Help.objects.filter(author=user)
        .select_related("theme", "commune", "intercommunalite")
        .defer("commune__geometry", "commune__centre", "intercommunalite__geometry")
        .prefetch_related("tags")
        .order_by("created", "pk")
    )
    answers = Answer.objects.filter(responder=user).select_related("help").order_by("created", "pk")
    reports = Report.objects.filter(reporter=user).select_related("help").order_by("created", "pk")
    return {
        "coups_de_pouce": [
            {
                "sorte": help.get_kind_display(),
                "texte": help.text,
                "theme": help.theme.name,
                "mots_cles": [tag.name for tag in help.tags.all()],
                "lieu": help.place_name,
                "jusqu_au": help.until,
                "etat": help.get_status_display(),
                "merci": help.thanks,
                "publie_le": help.created,
                "masque_par_la_moderation": help.hidden,
                "adresse_sur_le_site": absolute_url(help.get_absolute_url()),
            }
            for help in helps
        ],
        "reponses_a_des_coups_de_pouce": [
            {"coup_de_pouce": answer.help.summary, "le": answer.created} for answer in answers
        ],
        "signalements_faits": [
            {
                "coup_de_pouce": report.help.summary,
                "raison": report.get_reason_display(),
                "precisions": report.details,
                "le": report.created,
                "etat": report.get_status_display(),
            }
            for report in reports
        ],
    }


def erase_user_data(user):
    """Their coups de pouce (and the answers and reports about them) go, with the answers and
    reports they made."""
    Help.objects.filter(author=user).delete()
    Answer.objects.filter(responder=user).delete()
    Report.objects.filter(reporter=user).delete()
