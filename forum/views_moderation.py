"""Moderation from the site (moderators everywhere, thematic referents in their thèmes' categories)
and members' reports of posts. The admin offers the same actions and the reports queue."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import translation
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_http_methods, require_POST

from accounts.audit import moderation_record
from tousvoisins.report_views import ReportPage, report_form_page

from . import services
from .forms import HideForm, MoveForm, ReportForm
from .models import Post
from .views import _topic_for, category_breadcrumbs, post_form_context

TOPIC_ACTIONS = {
    # action: (flags, message)
    "fermer": ({"locked": True}, _("Le sujet est fermé : plus personne ne peut y répondre.")),
    "rouvrir": ({"locked": False}, _("Le sujet est rouvert aux réponses.")),
    "epingler": ({"pinned": True}, _("Le sujet est épinglé en tête de sa catégorie.")),
    "desepingler": ({"pinned": False}, _("Le sujet n'est plus épinglé.")),
    "masquer": ({"hidden": True}, _("Le sujet est masqué : seule la modération le voit.")),
    "afficher": ({"hidden": False}, _("Le sujet est de nouveau visible par tous.")),
}


def _post_for(user, pk):
    post = get_object_or_404(Post.objects.select_related("author__profile"), pk=pk)
    post.topic = _topic_for(user, post.topic_id)
    return post


def _moderated_post(request, pk):
    """The post if the person moderates its category; 403 for others (404 if they cannot read it)."""
    post = _post_for(request.user, pk)
    if not services.can_moderate(request.user, post.topic.category):
        raise PermissionDenied(_("Vous ne modérez pas cette catégorie."))
    return post


@login_required
@require_POST
def topic_moderate(request, pk):
    topic = _topic_for(request.user, pk)
    if not services.can_moderate(request.user, topic.category):
        raise PermissionDenied(_("Vous ne modérez pas cette catégorie."))
    action = request.POST.get("action", "")
    if action == "deplacer":
        form = MoveForm(request.POST)
        if form.is_valid():
            target = form.cleaned_data["category"]
            # A referent moves topics only between categories they moderate; a community's
            # topics never leave its discussion (MoveForm offers public categories only).
            if topic.category.is_community or not services.can_moderate(request.user, target):
                raise PermissionDenied(_("Vous ne modérez pas cette catégorie."))
            services.topic_move(topic=topic, category=target)
            moderation_record(
                user=request.user, targets=[topic], what=f"Sujet déplacé dans « {target.name} »."
            )
            messages.success(
                request, gettext("Le sujet est déplacé dans « %(name)s ».") % {"name": target.name}
            )
        else:
            messages.error(request, _("Choisissez une catégorie de la liste pour déplacer le sujet."))
        return redirect(topic)
    if action not in TOPIC_ACTIONS:
        messages.error(request, _("Cette action n'existe pas."))
        return redirect(topic)
    flags, message = TOPIC_ACTIONS[action]
    services.topic_set(topic=topic, **flags)
    with translation.override("fr"):  # the moderation log is kept in French
        moderation_record(user=request.user, targets=[topic], what=str(message))
    messages.success(request, message)
    return redirect(topic)


@login_required
@require_http_methods(["GET", "POST"])
def post_hide(request, pk):
    post = _moderated_post(request, pk)
    form = HideForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        services.post_hide(post=post, by=request.user, reason=form.cleaned_data["reason"])
        moderation_record(
            user=request.user, targets=[post], what="Message masqué.", reason=form.cleaned_data["reason"]
        )
        messages.success(
            request,
            _(
                "Le message est masqué, aussi dans les citations. "
                "Seuls son auteur et la modération voient la raison."
            ),
        )
        return redirect(post)
    return render(request, "forum/post_hide.html", post_form_context(post, form, _("Masquer un message")))


@login_required
@require_POST
def post_unhide(request, pk):
    post = _moderated_post(request, pk)
    services.post_unhide(post=post)
    moderation_record(user=request.user, targets=[post], what="Message de nouveau visible.")
    messages.success(request, _("Le message est de nouveau visible par tous."))
    return redirect(post)


@login_required
@require_http_methods(["GET", "POST"])
def post_report(request, pk):
    post = _post_for(request.user, pk)
    if post.hidden or post.author_id == request.user.pk:
        raise PermissionDenied(_("Ce message ne peut pas être signalé."))
    topic = post.topic
    page = ReportPage(
        heading=_("Signaler un message"),
        title=gettext("Signaler un message — %(title)s") % {"title": topic.title},
        reported_name=post.signature,
        back_url=post.get_absolute_url(),
        quote_template="forum/includes/reported_post.html",
        stylesheet="forum/forum.css",
        breadcrumbs=category_breadcrumbs(
            topic.category, (topic.title, topic.get_absolute_url()), (_("Signaler un message"), "")
        ),
        context={"post": post, "topic": topic},
    )
    return report_form_page(
        request,
        form=ReportForm(request.POST or None),
        page=page,
        rate_group="forum-report",
        file_report=lambda data: services.report_create(
            reporter=request.user, post=post, reason=data["reason"], details=data["details"]
        ),
    )
