"""`unread_messages` for the layout's "Mes messages (n non lus)" link (TEMPLATES context_processors).

Lazy: the count is read only when a template shows it, once per request, and never for
visitors; it is kept for the member under their own stamp (profiles.unread). A function, not a
SimpleLazyObject: templates call it and get a real number, which filters like `pluralize` need.
"""

from functools import cache


def unread_messages(request):
    from . import unread

    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {"unread_messages": 0}

    @cache
    def count():
        return unread.count(user)

    return {"unread_messages": count}
