"""Writes of the site's own pages that reach beyond their row: the contact form's message."""

from django.conf import settings
from django.db import transaction
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext as _

from accounts.models import User
from tousvoisins.mail import send_templated_email
from tousvoisins.site import absolute_url

from .models import ContactMessage


@transaction.atomic
def contact_message_send(*, subject, name, email, message, page_url="", user=None):
    """Store a message written through « Nous écrire » and e-mail it to the moderators, with the
    writer's address to reply to."""
    stored = ContactMessage(
        subject=subject,
        name=name,
        email=email,
        message=message,
        page_url=page_url,
        user=user if user is not None and user.is_authenticated else None,
    )
    stored.full_clean()
    stored.save()
    # The moderation team works in French, whatever the language of the page the message came from.
    with translation.override(settings.LANGUAGE_CODE):
        send_templated_email(
            "pages/emails/contact_to_moderators",
            {
                "message": stored,
                "admin_url": absolute_url(reverse("admin:pages_contactmessage_change", args=[stored.pk])),
            },
            to=User.objects.moderation_addresses(),
            subject=_("Nous écrire : %(subject)s") % {"subject": stored.get_subject_display()},
            reply_to=[stored.email],
            about=[stored.user_id],
            language=settings.LANGUAGE_CODE,
        )
    return stored
