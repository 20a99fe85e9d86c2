"""`unread_messages` for the layout's "Messages (n non lus)" link (settings: TEMPLATES context_processors).

Lazy: the count query runs only when a template shows it, and never for visitors.
"""

from django.utils.functional import SimpleLazyObject


def unread_messages(request):
    from .models import Message

    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {"unread_messages": 0}
    return {"unread_messages": SimpleLazyObject(lambda: Message.objects.unread_for(user).count())}
