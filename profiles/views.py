from django.contrib import messages
from django.contrib.auth import logout
from django.contrib.auth.decorators import login_required
from django.contrib.auth.views import redirect_to_login
from django.core.paginator import Paginator
from django.db.models import Q
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.utils.safestring import mark_safe
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_http_methods, require_POST
from django_ratelimit.decorators import ratelimit

from accounts import gdpr
from accounts.models import Block, User
from communities.models import Community
from helpboard.models import Help
from tousvoisins import fragments
from tousvoisins.mail import read_unsubscribe_token
from tousvoisins.pagination import CappedPaginator
from tousvoisins.report_views import ReportPage, report_form_page
from tousvoisins.search import suggestion_link

from . import cards, kept_matches, listing, matching, services
from .forms import DeleteAccountForm, MemberFilterForm, MessageForm, ProfileForm, ReportForm
from .models import Conversation, Message, Profile, Tag, get_profile
from .unsubscribe import KINDS

MEMBERS_PER_PAGE = 20
CONVERSATIONS_PER_PAGE = 20
# A thread shows its latest messages; older ones are rarely read again.
THREAD_LENGTH = 200
MATCHES_ON_PAGE = 12
MESSAGE_RATE = "30/h"
TOO_MANY_MESSAGES = _(
    "Vous avez envoyé beaucoup de messages en peu de temps. Attendez une heure avant d'en envoyer "
    "d'autres. Votre texte est gardé ci-dessous."
)


# Access helpers ----------------------------------------------------------------------------------


def _visible_profile(user, username):
    """The profile at /membres/<username>/ if `user` may see it, with all it shows; else None."""
    return (
        Profile.objects.visible_to(user)
        .with_place()
        .prefetch_related("interests", "skills", "wishes", "themes")
        .filter(user__username=username)
        .first()
    )


def _member_or_404(username):
    return get_object_or_404(User.objects.filter(is_active=True), username=username)


def _conversation_for(user, pk):
    """One of `user`'s conversations (404 for anybody else's), with both members and their profiles."""
    return get_object_or_404(
        Conversation.objects.for_user(user).select_related("first__profile", "second__profile"), pk=pk
    )


# Members -----------------------------------------------------------------------------------------


def member_list(request):
    if not request.user.is_authenticated:
        # The tab is in the main menu: a visitor learns what it is and how to join.
        return render(request, "profiles/members_signed_out.html")
    # The stamps of everything kept below, in one round trip.
    fragments.read_stamps(cards.AREA)
    form, filters, filters_html = _member_filters(request.GET)
    tag_ids = listing.interest_tag_ids(filters["interet"]) if filters.get("interet") else None
    my_interests = listing.my_interests(request.user)
    page = _kept_member_page(request, filters, tag_ids, my_interests)
    if page is None:
        page = _live_member_page(request, filters, tag_ids, my_interests)
    profiles = page.object_list
    context = {
        "filters_html": filters_html,
        "filters_in_words": form.describe() if form else [],
        "page_obj": page,
        "profiles": profiles,
    }
    if filters.get("interet") and not profiles:
        # Only when the word found nobody: one more query, on that path only.
        words = Tag.objects.search_suggestion(filters["interet"])
        context["suggestion"] = suggestion_link(request, words, field="interet")
    return render(request, "profiles/member_list.html", context)


def _member_page_limit():
    return CappedPaginator.max_pages * MEMBERS_PER_PAGE


def _kept_member_page(request, filters, tag_ids, my_interests):
    """The page of /membres/ from the ids kept for everyone without the viewer's left-out ones
    (profiles.listing), its cards kept (profiles.cards); None when it must be read live: more
    left out than the room kept, or a profile deleted under the stamp just read."""
    left_out = listing.left_out_ids(request.user)
    if len(left_out) > listing.LEFT_OUT_ROOM:  # their own profile among them
        return None
    limit = _member_page_limit()
    listed = [pair for pair in listing.listed_ids(filters, tag_ids, limit) if pair[0] not in left_out]
    counted = min(len(listed), limit + 1)  # as CappedPaginator counts: the cap says "Plus de"
    page = CappedPaginator(listed, MEMBERS_PER_PAGE, counted=counted).get_page(request.GET.get("page"))
    try:
        page.object_list = cards.listed_cards(page.object_list, my_interests) if page.object_list else []
    except cards.CardGone:
        return None
    return page


def _live_member_page(request, filters, tag_ids, my_interests):
    # The cards' interests are read by profiles.cards, for the cards not kept only.
    queryset = Profile.objects.listable_for(request.user).for_list(filters, tag_ids).prefetch_related(None)
    # Counting every member costs more than the page as the site grows: the count stops after
    # the pages offered, as the agenda's does ("Plus de 1000 membres"), and is kept for everyone.
    limit = _member_page_limit()
    counted = listing.counted(request.user, filters, tag_ids, limit)
    page = CappedPaginator(queryset, MEMBERS_PER_PAGE, counted=counted).get_page(request.GET.get("page"))
    profiles = list(page.object_list)
    page.object_list = cards.profile_cards(profiles, my_interests) if profiles else []
    return page


def _member_filters(query):
    """(form, its valid filters, its HTML). Without any filter asked (a page number aside), the
    form reads the same for everyone: its HTML is kept (tousvoisins.fragments) and no form is
    built (None)."""
    if not any(name in query for name in MemberFilterForm.base_fields):

        def build():
            context = {"form": MemberFilterForm({})}
            return render_to_string("profiles/includes/member_filters.html", context)

        html = fragments.kept("profiles/member-filters", build, areas=())
        return None, {}, mark_safe(html)  # rendered by a template
    form = MemberFilterForm(query)
    # What the form shows (values, errors) comes from the query string alone: kept per query.
    html = fragments.block(
        "profiles/includes/member_filters.html", {"form": form}, areas=(), key=fragments.query_key(query)
    )
    return form, form.filters(), html


def member_detail(request, username):
    profile = _visible_profile(request.user, username)
    if profile is None:
        # A visitor is sent to sign in for any profile that is not public, existing or not, so
        # that an address tells nothing about who is a member.
        if not request.user.is_authenticated:
            return redirect_to_login(request.get_full_path())
        raise Http404("Ce profil n'existe pas ou n'est pas visible.")
    viewer = request.user
    context = {
        "profile": profile,
        "is_self": viewer.pk == profile.pk,
        "breadcrumbs": [(gettext("Membres"), reverse("profiles:member-list")), (profile.display_name, "")],
    }
    if viewer.is_authenticated and not context["is_self"]:
        blockers = set(
            Block.objects.filter(
                Q(blocker=viewer, blocked_id=profile.pk) | Q(blocker_id=profile.pk, blocked=viewer)
            ).values_list("blocker_id", flat=True)
        )
        context.update(
            shared=matching.shared_labels(viewer.pk, profile.pk),
            i_blocked=viewer.pk in blockers,
            # Said the same way as "takes no messages": nobody learns they were blocked.
            can_write=profile.open_to_contact and not blockers,
        )
    return render(request, "profiles/member_detail.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def my_profile(request):
    profile = get_profile(request.user)
    form = ProfileForm(request.POST or None, request.FILES or None, instance=profile)
    if request.method == "POST" and form.is_valid():
        services.profile_update(
            profile=form.save(commit=False),
            commune=form.cleaned_data["commune_name"],
            themes=form.cleaned_data["themes"],
            tag_labels=form.tag_labels(),
            photo=form.cleaned_data["photo"],
        )
        messages.success(request, gettext("Votre profil est enregistré."))
        return redirect("profiles:my-profile")
    context = {"form": form, "profile": profile}
    if not form.errors:
        # "Qui partage mes centres d'intérêt ?": the best few, as on the home page.
        viewer = matching.viewer_for(request.user)
        context["matches"] = cards.match_cards(
            kept_matches.suggested(viewer, limit=matching.HOME_MATCHES), cards.SHARED_INTERESTS_INTRO
        )
        # "Mes communautés"
        context["communities"] = list(
            Community.objects.of_member(request.user).for_cards().order_by("name", "pk")
        )
    return render(request, "profiles/my_profile.html", context)


@login_required
def my_matches(request):
    lists = cards.kept_for_member(request.user, "profiles/my-matches", lambda: _my_matches(request.user))
    return render(request, "profiles/my_matches.html", lists)


def _my_matches(user):
    """My matches' lists: the cards' HTML, and the coups de pouce for me (kept: profiles.cards)."""
    viewer = matching.viewer_for(user)
    lists = {
        name: cards.card_list(kept_matches.suggested(viewer, kind, limit=MATCHES_ON_PAGE), intro)
        for name, kind, intro in (
            ("shared", matching.SHARED_INTERESTS, cards.SHARED_INTERESTS_INTRO),
            ("they_teach_me", matching.THEY_TEACH_ME, cards.THEY_TEACH_ME_INTRO),
            ("i_teach_them", matching.I_TEACH_THEM, cards.I_TEACH_THEM_INTRO),
        )
    }
    # The coups de pouce one can give (asks for one's savoirs) or take (offers of one's envies).
    lists["helps"] = matching.with_matched_words(
        Help.objects.suggested_for(
            user=user, skills=viewer.skills, wishes=viewer.wishes, territory_id=viewer.territory_id
        ),
        viewer,
    )
    lists["community_fellows"] = cards.card_list(
        matching.community_fellows(viewer), cards.SHARED_INTERESTS_INTRO
    )
    return lists


@login_required
def blocked_members(request):
    blocks = Block.objects.filter(blocker=request.user).select_related("blocked__profile")
    return render(request, "profiles/blocked_members.html", {"blocks": blocks})


@login_required
@require_POST
def member_block(request, username):
    member = _member_or_404(username)
    if member.pk == request.user.pk:
        raise Http404
    services.member_block(blocker=request.user, blocked=member)
    messages.success(
        request,
        gettext(
            "Ce membre est bloqué : cette personne ne peut plus vous écrire et ne vous voit plus dans ses "
            "suggestions. Elle n'en est pas avertie."
        ),
    )
    return redirect(_next_or(request, reverse("profiles:blocked-members")))


@login_required
@require_POST
def member_unblock(request, username):
    member = _member_or_404(username)
    services.member_unblock(blocker=request.user, blocked=member)
    messages.success(request, gettext("Ce membre n'est plus bloqué."))
    return redirect(_next_or(request, reverse("profiles:blocked-members")))


def _next_or(request, default):
    from django.utils.http import url_has_allowed_host_and_scheme

    next_url = request.POST.get("next", "")
    if next_url and url_has_allowed_host_and_scheme(next_url, allowed_hosts={request.get_host()}):
        return next_url
    return default


REPORT_ADVICE = _(
    "Si ce membre vous importune, vous pouvez aussi bloquer cette personne : elle ne pourra plus vous écrire."
)


@login_required
@require_http_methods(["GET", "POST"])
def report_profile(request, username):
    member = _member_or_404(username)
    if member.pk == request.user.pk:
        raise Http404
    profile = Profile.objects.visible_to(request.user).filter(pk=member.pk).first()
    # Back to the profile the person was reading; to the list when they cannot see it.
    back = (
        reverse("profiles:member-detail", args=[member.username])
        if profile
        else reverse("profiles:member-list")
    )
    page = _report_page(gettext("Signaler un profil"), profile or getattr(member, "profile", None), back)
    return _report(request, page, member=member, message=None)


@login_required
@require_http_methods(["GET", "POST"])
def report_message(request, pk, message_pk):
    conversation = _conversation_for(request.user, pk)
    message = get_object_or_404(
        conversation.messages.select_related("sender__profile"), pk=message_pk, recipient=request.user
    )
    page = _report_page(
        gettext("Signaler un message"),
        getattr(message.sender, "profile", None),
        conversation.get_absolute_url(),
        quote_template="profiles/includes/reported_message.html",
        context={"reported_message": message},
    )
    return _report(request, page, member=message.sender, message=message)


def _report_page(heading, profile, back_url, **more):
    return ReportPage(
        heading=heading,
        reported_name=profile.display_name if profile else gettext("Ce membre"),
        back_url=back_url,
        team=gettext("l'équipe de modération du Département"),
        stylesheet="profiles/profiles.css",
        advice=str(REPORT_ADVICE),
        **more,
    )


def _report(request, page, *, member, message):
    return report_form_page(
        request,
        form=ReportForm(request.POST or None),
        page=page,
        rate_group="profiles-report",
        file_report=lambda data: services.report_create(
            reporter=request.user,
            reported_user=member,
            message=message,
            reason=data["reason"],
            details=data["details"],
        ),
    )


# Conversations -----------------------------------------------------------------------------------


@login_required
def conversation_list(request):
    page = Paginator(Conversation.objects.for_inbox(request.user), CONVERSATIONS_PER_PAGE).get_page(
        request.GET.get("page")
    )
    for conversation in page.object_list:
        conversation.other_member = conversation.other(request.user)
    unread = Message.objects.unread_for(request.user).count()
    return render(
        request,
        "profiles/conversation_list.html",
        # The layout's "Mes messages" shows the same number: counted once.
        {"page_obj": page, "conversations": page.object_list, "unread": unread, "unread_messages": unread},
    )


@login_required
@require_http_methods(["GET", "POST"])
@ratelimit(key="user", rate=MESSAGE_RATE, method="POST", block=False, group="profiles-message")
def conversation_start(request, username):
    member = _member_or_404(username)
    if member.pk == request.user.pk:
        raise Http404
    existing = Conversation.objects.between(request.user, member).first()
    if existing is not None:
        return redirect(existing)
    profile = Profile.objects.visible_to(request.user).filter(pk=member.pk).first()
    if profile is None:
        raise Http404
    return _write(request, recipient=member, profile=profile, conversation=None)


@login_required
@require_http_methods(["GET", "POST"])
@ratelimit(key="user", rate=MESSAGE_RATE, method="POST", block=False, group="profiles-message")
def conversation_detail(request, pk):
    conversation = _conversation_for(request.user, pk)
    other = conversation.other(request.user)
    return _write(
        request, recipient=other, profile=getattr(other, "profile", None), conversation=conversation
    )


def _write(request, *, recipient, profile, conversation):
    form = MessageForm(request.POST or None)
    error = None
    status = 200
    if request.method == "POST":
        if getattr(request, "limited", False):
            error, status = str(TOO_MANY_MESSAGES), 429
        elif form.is_valid():
            try:
                message = services.message_send(
                    sender=request.user, recipient=recipient, body=form.cleaned_data["body"]
                )
            except services.CannotWrite as refusal:
                error, status = str(refusal), 403
            else:
                messages.success(request, gettext("Votre message est envoyé."))
                return redirect(message.conversation)
    refusal = services.write_refusal(request.user, recipient)
    context = {
        "form": form,
        "recipient": recipient,
        "profile": profile,
        "conversation": conversation,
        "error": error,
        "refusal": refusal,
        "i_blocked": refusal == services.YOU_BLOCKED,
        "profile_visible": profile is not None
        and Profile.objects.visible_to(request.user).filter(pk=profile.pk).exists(),
    }
    if conversation is not None:
        thread = list(conversation.messages.order_by("-created", "-pk")[:THREAD_LENGTH])
        thread.reverse()
        context["thread"] = thread
        context["breadcrumbs"] = [
            (gettext("Mes messages"), reverse("profiles:conversation-list")),
            (
                gettext("Conversation avec %(name)s")
                % {"name": profile.display_name if profile else gettext("un membre")},
                "",
            ),
        ]
        services.conversation_mark_read(conversation, request.user)
        template = "profiles/conversation_detail.html"
    else:
        template = "profiles/conversation_start.html"
    return render(request, template, context, status=status)


# Personal data -----------------------------------------------------------------------------------


@login_required
def my_data(request):
    return render(request, "profiles/my_data.html")


@login_required
def my_data_download(request):
    now = timezone.now()
    response = HttpResponse(
        gdpr.export_json(request.user, now=now), content_type="application/json; charset=utf-8"
    )
    filename = f"tousvoisins44-mes-donnees-{timezone.localdate(now):%Y-%m-%d}.json"
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


@login_required
@require_http_methods(["GET", "POST"])
def account_delete(request):
    form = DeleteAccountForm(request.POST or None, user=request.user)
    if request.method == "POST" and form.is_valid():
        gdpr.account_close(request.user, logout=lambda: logout(request))
        return redirect("profiles:account-deleted")
    return render(request, "profiles/account_delete.html", {"form": form})


def account_deleted(request):
    return render(request, "profiles/account_deleted.html")


# E-mail preferences ------------------------------------------------------------------------------


@csrf_exempt  # the signed token is the proof; mail programs' one-click unsubscribe sends a bare POST
@require_http_methods(["GET", "POST"])
def unsubscribe(request, token):
    """One click in an e-mail turns that kind of e-mail off; a button turns it back on."""
    found = read_unsubscribe_token(token)
    profile = None
    if found:
        user = User.objects.filter(pk=found[0], is_active=True).first()
        profile = get_profile(user) if user else None
    if profile is None:
        return render(request, "profiles/unsubscribe.html", {"invalid": True}, status=404)
    field, words = KINDS[found[1]]
    resubscribe = request.method == "POST" and request.POST.get("action") == "reabonner"
    setattr(profile, field, resubscribe)
    profile.save(update_fields=[field, "updated"])
    return render(
        request, "profiles/unsubscribe.html", {"words": words, "subscribed": resubscribe, "token": token}
    )
