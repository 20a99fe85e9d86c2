"""What the core holds about a member: the e-mails to, from or about them on their way
(OutgoingEmail) or that did not leave (UnsentEmail). The interface is described in accounts.gdpr."""

from datetime import timedelta

from django.db.models import Q

from .models import OutgoingEmail, UnsentEmail

EXPORT_KEY = "courrier"
# Long enough for the moderators to see them and send them again; then they go.
UNSENT_EMAILS_RETENTION = timedelta(days=90)


def _addresses(user):
    from allauth.account.models import EmailAddress  # the account's other addresses too

    others = EmailAddress.objects.filter(user=user).values_list("email", flat=True)
    return sorted({user.email, *others} - {""})


def _unsent_of(user, addresses):
    return UnsentEmail.objects.filter(Q(addresses__overlap=addresses) | Q(member_ids__contains=[user.pk]))


def _outgoing_of(user, addresses):
    about = Q(member_ids__contains=[user.pk])
    if addresses:
        about |= Q(to__overlap=addresses) | Q(reply_to__overlap=addresses)
    for address in addresses:  # written in the text (a message to the moderation)
        about |= Q(subject__icontains=address) | Q(body__icontains=address)
    return OutgoingEmail.objects.filter(about)


ABOUT_YOU = "un e-mail à une autre personne, qui vous cite"


def export_user_data(user):
    """Each e-mail's subject and date; its addresses only when it is to or from the member (an
    e-mail that names them to someone else never gives that person's address away)."""
    addresses = _addresses(user)
    mine = set(addresses)
    outgoing = []
    for email in _outgoing_of(user, addresses).order_by("created_at"):
        if mine & {*email.to, *email.reply_to}:
            outgoing.append({"objet": email.subject, "a": email.to, "repondre_a": email.reply_to})
        else:
            outgoing.append({"objet": ABOUT_YOU})
        outgoing[-1]["le"] = email.created_at
    unsent = []
    for email in _unsent_of(user, addresses):
        if mine & set(email.addresses):
            unsent.append({"objet": email.subject, "adresses": email.addresses, "erreur": email.error})
        else:
            unsent.append({"objet": ABOUT_YOU})
        unsent[-1]["le"] = email.created_at
    return {"e_mails_en_partance": outgoing, "e_mails_non_partis": unsent}


def erase_user_data(user):
    addresses = _addresses(user)
    _outgoing_of(user, addresses).delete()
    _unsent_of(user, addresses).delete()


def purge_expired_data(*, now):
    deleted, _ = UnsentEmail.objects.filter(created_at__lte=now - UNSENT_EMAILS_RETENTION).delete()
    return {"e-mails non partis de plus de 90 jours": deleted}
