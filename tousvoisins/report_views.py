"""The page a member reports something from: a forum post, a private message or a profile.

Each app looks up what is reported and checks who may report it, then hands over here with a
ReportPage (what the page says, where it leads) and a function that files the report. The
page, its rate limit and its messages are the same for all; templates/reports/report.html.
"""

from dataclasses import dataclass, field

from django.contrib import messages
from django.shortcuts import redirect, render
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from django_ratelimit.core import is_ratelimited

# Per member and per app (the group): a wave of reports from one account is rarely in good faith.
REPORT_RATE = "10/h"


@dataclass
class ReportPage:
    heading: str  # "Signaler un message"
    reported_name: str  # who is reported, as the page names them ("Paul", "Ce membre")
    back_url: str  # where "Annuler" and the filed report lead
    team: str = _("l'équipe de modération")  # who reads the report
    title: str = ""  # the <title> before " — Tous voisins 44"; the heading if empty
    quote_template: str = ""  # a partial showing what is reported
    stylesheet: str = ""
    breadcrumbs: list = field(default_factory=list)
    advice: str = ""  # a last sentence under the form
    context: dict = field(default_factory=dict)  # what quote_template reads


def report_form_page(request, *, form, page, rate_group, file_report):
    """GET shows the form; a valid POST calls file_report(cleaned_data) and goes back with thanks.

    Past REPORT_RATE, the form comes back with a 429 and nothing is filed.
    """
    limited = request.method == "POST" and is_ratelimited(
        request, group=rate_group, key="user", rate=REPORT_RATE, method="POST", increment=True
    )
    if request.method == "POST" and not limited and form.is_valid():
        file_report(form.cleaned_data)
        messages.success(
            request,
            gettext(
                "Merci. Votre signalement est transmis à %(team)s, qui va le lire. "
                "La personne signalée n'en sait rien."
            )
            % {"team": page.team},
        )
        return redirect(page.back_url)
    context = {
        **page.context,
        "form": form,
        "limited": limited,
        "report_page": page,
        "title": page.title or page.heading,
        "breadcrumbs": page.breadcrumbs,
    }
    return render(request, "reports/report.html", context, status=429 if limited else 200)
