"""The forum's pages: categories, topics, search (anyone reads) and writing (members with a
verified e-mail address). Moderation and reports are in views_moderation."""

from allauth.account.decorators import verified_email_required
from allauth.account.models import EmailAddress
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Page, Paginator
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.html import escape
from django.utils.safestring import mark_safe
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_http_methods, require_POST
from django_ratelimit.decorators import ratelimit

from tousvoisins import fragments
from tousvoisins.search import suggestion_link

from . import services
from .forms import MIN_QUERY_LENGTH, EditForm, ReplyForm, SearchForm, TopicForm
from .models import (
    EDIT_DELAY,
    HIGHLIGHT_START,
    HIGHLIGHT_STOP,
    POSTS_PER_PAGE,
    SEARCH_CANDIDATES,
    TOPICS_PER_PAGE,
    Category,
    Post,
    Topic,
)

# Per account: plenty for a person, little for a robot.
TOPIC_RATE = "5/h"
REPLY_RATE = "30/h"
TOO_MANY_TOPICS = _(
    "Vous avez ouvert beaucoup de sujets en peu de temps. Attendez une heure avant d'en ouvrir un autre. "
    "Ce que vous avez écrit est gardé ci-dessous."
)
TOO_MANY_REPLIES = _(
    "Vous avez envoyé beaucoup de réponses en peu de temps. Attendez un moment avant de répondre de nouveau. "
    "Ce que vous avez écrit est gardé ci-dessous."
)
SEARCH_RESULTS_PER_PAGE = 20
# What a topic page keeps (tousvoisins.fragments): the topic and its posts change with the forum's
# stamp, their authors' names with the members' (a profile edited, an account closed).
TOPIC_AREAS = ("forum", "members")


# Access helpers ----------------------------------------------------------------------------------


def _category_or_404(slug, user):
    """The category if `user` may read it (a community's discussion: see Category.readable_by)."""
    category = get_object_or_404(Category.objects.select_related("theme"), slug=slug)
    if not category.readable_by(user):
        raise Http404(_("Cette catégorie n'existe pas."))
    return category


def _topic_for(user, pk, *, kept=False):
    """The topic if `user` may read it (hidden ones: their moderators only; a community's: see
    Category.readable_by), else 404. `kept`: for a page that only shows it, a topic of the public
    forum as every reader but its moderators sees it, kept under TOPIC_AREAS."""
    topics = Topic.objects.visible_to(user).select_related("category__theme", "author__profile")
    topic = None
    if kept and not _sees_hidden_topics(user):
        topic = fragments.kept("forum:topic", lambda: topics.filter(pk=pk).first(), areas=TOPIC_AREAS, key=pk)
        if topic is None:
            raise Http404(_("Ce sujet n'existe pas."))
        if topic.category.is_community:
            # Its category's name follows its community's (a write the forum's stamp misses).
            topic = None
    if topic is None:
        topic = get_object_or_404(topics, pk=pk)
    if not topic.category.readable_by(user):
        raise Http404(_("Ce sujet n'existe pas."))
    return topic


def _sees_hidden_topics(user):
    # As TopicQuerySet.visible_to: only moderators and referents may see more than visible().
    return user.is_authenticated and (user.is_moderator or user.is_referent)


def _writer_status(request):
    """Why the signed-in person cannot write here, in words, or "" when they can."""
    user = request.user
    if not user.is_authenticated:
        return "anonymous"
    if request.suspension:
        return "suspended"
    if not EmailAddress.objects.filter(user=user, verified=True).exists():
        return "unverified"
    return ""


def _breadcrumbs(*items):
    return [(_("Forum"), reverse("forum:index")), *items]


def category_breadcrumbs(category, *items):
    """Forum › the category › …; a community's discussion sits under its community instead:
    Communautés › the community › Discussion › … (the community read through the reverse relation)."""
    link = category.get_absolute_url() if items else ""
    community = getattr(category, "community", None) if category.is_community else None
    if community is None:
        return _breadcrumbs((category.name, link), *items)
    return [
        (_("Communautés"), reverse("communities:list")),
        (community.name, community.get_absolute_url()),
        (_("Discussion"), link),
        *items,
    ]


def post_form_context(post, form, page_name):
    """What the pages of a form about one post (edit it, hide it) show around the form."""
    topic = post.topic
    return {
        "post": post,
        "topic": topic,
        "form": form,
        "breadcrumbs": category_breadcrumbs(
            topic.category, (topic.title, topic.get_absolute_url()), (page_name, "")
        ),
    }


# Reading -----------------------------------------------------------------------------------------


def index(request):
    context = {
        "categories_html": fragments.kept(
            "forum/includes/category_cards.html",
            lambda: render_to_string(
                "forum/includes/category_cards.html", {"categories": Category.objects.public().for_index()}
            ),
            areas=("forum",),
        ),
        "search_form": SearchForm(),
        "breadcrumbs": [(_("Forum"), "")],
    }
    return render(request, "forum/index.html", context)


def category_detail(request, category):
    category = _category_or_404(category, request.user)
    topics = Topic.objects.visible_to(request.user).filter(category=category).for_list()
    page = Paginator(topics, TOPICS_PER_PAGE).get_page(request.GET.get("page"))
    context = {
        "category": category,
        "page_obj": page,
        "topics": page.object_list,
        "search_form": SearchForm(),
        "breadcrumbs": category_breadcrumbs(category),
    }
    return render(request, "forum/category_detail.html", context)


def topic_detail(request, pk, slug):
    fragments.read_stamps(*TOPIC_AREAS)
    topic = _topic_for(request.user, pk, kept=request.method == "GET")
    if slug != topic.slug:
        return redirect(topic, permanent=True)
    initial = {}
    quoted_pk = request.GET.get("citer", "")
    if quoted_pk.isdigit() and request.user.is_authenticated:
        quoted = topic.posts.filter(pk=quoted_pk, hidden=False).select_related("author__profile").first()
        if quoted is not None:
            initial["body"] = quoted.quoted()
    return _topic_page(request, topic, ReplyForm(initial=initial))


def _topic_page(request, topic, form, *, status=200, error=None):
    user = request.user
    moderates = services.can_moderate(user, topic.category)
    page = posts_page(topic, request.GET.get("page"))
    post_rows(page.object_list)
    for post in page.object_list:
        post.editable = post.editable_by(user)
        # Why a post is hidden is between its author and the moderation, never stated publicly.
        post.reason_shown = post.hidden and (
            moderates or (user.is_authenticated and post.author_id == user.pk)
        )
    context = {
        "topic": topic,
        "category": topic.category,
        "page_obj": page,
        "posts": page.object_list,
        "form": form,
        "error": error,
        "moderates": moderates,
        "writer_status": _writer_status(request),
        "edit_minutes": int(EDIT_DELAY.total_seconds() // 60),
        "breadcrumbs": category_breadcrumbs(topic.category, (topic.title, "")),
    }
    if user.is_authenticated:
        context["subscribed"] = topic.subscriptions.filter(user=user).exists()
    if moderates and not topic.category.is_community:
        # A community's topics stay in its discussion: never moved into the public forum.
        context["categories"] = Category.objects.public().exclude(pk=topic.category_id)
    return render(request, "forum/topic_detail.html", context, status=status)


class KeptPaginator(Paginator):
    """A paginator whose count was kept with its page (no query)."""

    def __init__(self, count, per_page):
        super().__init__([], per_page)
        self.count = count  # over the cached property


def posts_page(topic, number):
    """A page of the topic's posts (any `number` gives one, as Paginator.get_page), kept with its
    count per topic and page under TOPIC_AREAS: the same for every reader, hidden posts included
    (what a reader sees of those is decided for each request, in the template)."""
    number = number if number and number.isdigit() else "1"

    def build():
        posts = topic.posts.for_topic_page().order_by("created", "pk")
        page = Paginator(posts, POSTS_PER_PAGE).get_page(number)
        return page.paginator.count, page.number, list(page.object_list)

    count, shown, posts = fragments.kept("forum:posts", build, areas=TOPIC_AREAS, key=f"{topic.pk}|{number}")
    return Page(posts, shown, KeptPaginator(count, POSTS_PER_PAGE))


def post_rows(posts):
    """Each shown post with the start of its article as `shown_html` (kept: tousvoisins.fragments):
    its author, date and text are the same for every reader. What the reader may do with it, and
    hidden posts (whose text only the moderation reads), are rendered for each request. A name
    changed in a profile (no stamp) is another row."""
    shown = [post for post in posts if not post.hidden]
    fragments.attach(
        "forum/includes/post_shown.html",
        shown,
        name="shown_html",
        areas=("forum",),
        key=lambda post: f"{post.pk}:{post.edited_at.timestamp() if post.edited_at else ''}:{post.signature}",
        context=lambda post: {"post": post},
    )


def post_detail(request, pk):
    """A post's own address: its topic, at the page where it is, scrolled to it."""
    post = get_object_or_404(Post.objects.select_related("topic").only("pk", "created", "topic"), pk=pk)
    topic = _topic_for(request.user, post.topic_id)
    before = topic.posts.filter(created__lt=post.created).count()
    before += topic.posts.filter(created=post.created, pk__lt=post.pk).count()
    page = before // POSTS_PER_PAGE + 1
    query = f"?page={page}" if page > 1 else ""
    return redirect(f"{topic.get_absolute_url()}{query}#{post.anchor}")


def search(request):
    form = SearchForm(request.GET)
    query = form.query
    context = {
        "form": form,
        "query": query,
        "min_length": MIN_QUERY_LENGTH,
        "breadcrumbs": _breadcrumbs((_("Recherche"), "")),
    }
    if query:
        fragments.read_stamps(*TOPIC_AREAS)
        page, results_html, suggestion = search_results(query, request.GET.get("page"))
        context.update(page_obj=page, results_html=results_html)
        if not page.paginator.count:
            context["suggestion"] = suggestion_link(request, suggestion)
    elif form.errors.get("q"):
        context["refused"] = form.errors["q"][0]  # a line break, or too long
    elif form.is_bound and request.GET.get("q", "").strip():
        context["too_short"] = True
    return render(request, "forum/search.html", context)


def search_results(query, number):
    """(the page of results, their HTML, a nearer spelling when nothing was found or ''): the same
    for everyone (the public forum only), kept per words and page under TOPIC_AREAS."""
    number = number if number and number.isdigit() else "1"

    def build():
        public = public_category_ids()
        found = Post.objects.visible().filter(topic__category_id__in=public).search(query, SEARCH_CANDIDATES)
        page = SearchPaginator(found, SEARCH_RESULTS_PER_PAGE).get_page(number)
        excerpts = Post.objects.filter(pk__in=page.object_list).with_excerpts(query)
        results = {post.pk: post for post in excerpts}
        posts = [results[pk] for pk in page.object_list if pk in results]
        for post in posts:
            post.excerpt_html = _highlighted(post.excerpt)
        html = render_to_string("forum/includes/search_results.html", {"results": posts})
        suggestion = ""
        if not page.paginator.count:
            suggestion = Topic.objects.visible().filter(category_id__in=public).search_suggestion(query)
        return page.paginator.count, page.paginator.capped, page.number, html, suggestion

    count, capped, shown, html, suggestion = fragments.kept(
        "forum:search", build, areas=TOPIC_AREAS, key=repr((query, number))
    )
    paginator = KeptPaginator(count, SEARCH_RESULTS_PER_PAGE)
    paginator.capped = capped
    # The page's numbers for the pagination; its results are their HTML, rendered by a template.
    return Page([], shown, paginator), mark_safe(html), suggestion


class SearchPaginator(Paginator):
    """Over the pks Post.objects.search() found: SEARCH_CANDIDATES at most, `capped` when there
    were more (the pagination then says "sur plus de")."""

    def __init__(self, pks, per_page):
        super().__init__(pks[:SEARCH_CANDIDATES], per_page)
        self.capped = len(pks) > SEARCH_CANDIDATES


def public_category_ids():
    """The pks of the public forum's categories (kept: tousvoisins.fragments). Given as a list, they
    let PostgreSQL see how many topics they hold; through a join on Category.kind it guesses a
    handful, then walks every topic's posts instead of the search index."""
    return fragments.kept(
        "forum:public-categories",
        lambda: list(Category.objects.public().values_list("pk", flat=True)),
        areas=("forum",),
    )


def _highlighted(excerpt):
    # The excerpt is members' text: escaped first, then only our markers become <mark>.
    html = escape(excerpt).replace(HIGHLIGHT_START, "<mark>").replace(HIGHLIGHT_STOP, "</mark>")
    return mark_safe(html)


# Writing -----------------------------------------------------------------------------------------


@verified_email_required
@require_http_methods(["GET", "POST"])
@ratelimit(key="user", rate=TOPIC_RATE, method="POST", block=False, group="forum-topic")
def topic_create(request, category):
    category = _category_or_404(category, request.user)
    form = TopicForm(request.POST or None)
    limited = request.method == "POST" and getattr(request, "limited", False)
    if request.method == "POST" and not limited and form.is_valid():
        topic = services.topic_create(
            author=request.user,
            category=category,
            title=form.cleaned_data["title"],
            body=form.cleaned_data["body"],
            language=form.cleaned_data["language"],
        )
        messages.success(request, _("Votre sujet est publié. Vous serez prévenu par e-mail des réponses."))
        return redirect(topic)
    context = {
        "category": category,
        "form": form,
        "limited": limited,
        "limited_message": TOO_MANY_TOPICS,
        "breadcrumbs": category_breadcrumbs(category, (_("Nouveau sujet"), "")),
    }
    return render(request, "forum/topic_form.html", context, status=429 if limited else 200)


@verified_email_required
@require_POST
@ratelimit(key="user", rate=REPLY_RATE, method="POST", block=False, group="forum-reply")
def topic_reply(request, pk, slug):
    topic = _topic_for(request.user, pk)
    form = ReplyForm(request.POST)
    if getattr(request, "limited", False):
        return _topic_page(request, topic, form, status=429, error=TOO_MANY_REPLIES)
    if topic.locked:
        return _topic_page(request, topic, form, status=403, error=services.LOCKED)
    if not form.is_valid():
        return _topic_page(request, topic, form)
    try:
        post = services.post_reply(
            author=request.user,
            topic=topic,
            body=form.cleaned_data["body"],
            language=form.cleaned_data["language"],
        )
    except services.Refused as refusal:
        return _topic_page(request, topic, form, status=403, error=str(refusal))
    messages.success(request, _("Votre réponse est publiée."))
    return redirect(post)


@login_required
@require_http_methods(["GET", "POST"])
def post_edit(request, pk):
    post = get_object_or_404(
        Post.objects.select_related("topic__category", "author__profile"), pk=pk, author=request.user
    )
    if not post.editable_by(request.user):
        messages.error(request, services.TOO_LATE)
        return redirect(post)
    form = EditForm(request.POST or None, initial={"body": post.body, "language": post.language})
    if request.method == "POST" and form.is_valid():
        services.post_edit(
            post=post,
            user=request.user,
            body=form.cleaned_data["body"],
            language=form.cleaned_data["language"],
        )
        messages.success(request, _("Votre message est modifié."))
        return redirect(post)
    return render(request, "forum/post_edit.html", post_form_context(post, form, _("Modifier mon message")))


@login_required
@require_POST
def topic_subscription(request, pk):
    topic = _topic_for(request.user, pk)
    if request.POST.get("action") == "ne-plus-suivre":
        services.unsubscribe(user=request.user, topic=topic)
        messages.success(request, _("Vous ne suivez plus ce sujet : plus d'e-mail pour ses réponses."))
    else:
        services.subscribe(user=request.user, topic=topic)
        messages.success(request, _("Vous suivez ce sujet : un e-mail vous prévient des nouvelles réponses."))
    return redirect(topic)
