"""`unread_messages` for the layout's "Mes messages (n non lus)" link (TEMPLATES context_processors).

Lazy: the count query runs only when a template shows it, once per request, and never for
visitors. A function, not a SimpleLazyObject: templates call it and get a real number, which
filters like `pluralize` need.
"""

from functools import cache


def unread_messages(request):
    from .models import Message

    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {"unread_messages": 0}

    @cache
    def count():
        return Message.objects.unread_for(user).count()

    return {"unread_messages": count}
