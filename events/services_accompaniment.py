""" "J'aimerais être accompagné(e)": asking, withdrawing, offering, accepting, looking after a request.

The two people are put in touch only once both agree (the requester accepts an offer): then, and
not before, each sees a link to write to the other through the site's messages (the Profils tab's
"écrire" page, reached by its URL name: the agenda does not import that tab). No address, phone
number or e-mail is ever shown. The e-mails say what a person would expect to hear about.
"""

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext, gettext_lazy

from tousvoisins.mail import later, translated

from .models import AccompanimentOffer, AccompanimentRequest, Participation
from .models.accompaniment import first_name
from .notifications import send, site_url


def write_url(user):
    """The page to write to `user` through the site's messages (never their address)."""
    return reverse("profiles:conversation-start", kwargs={"username": user.username})


def _refuse_if_over(occurrence):
    if occurrence.end <= timezone.now():
        raise ValidationError(gettext("Cette date est passée."), code="past")


@transaction.atomic
def accompaniment_request(*, participation, kind, note=""):
    """The member coming to this date asks to be accompanied. One request per participation."""
    _refuse_if_over(participation.occurrence)
    if AccompanimentRequest.objects.filter(participation=participation).exists():
        raise ValidationError(
            gettext("Vous avez déjà demandé à être accompagné(e) à cette date."), code="twice"
        )
    request = AccompanimentRequest(
        occurrence_id=participation.occurrence_id, participation=participation, kind=kind, note=note.strip()
    )
    request.full_clean()
    request.save()
    return request


@transaction.atomic
def accompaniment_request_for_registration(*, registration, kind, note="", by):
    """A referent asks for someone they registered by phone. That person has no account to be written
    to: the one who asks looks after it ("quelqu'un s'en occupe") and sees the offers in the list."""
    _refuse_if_over(registration.occurrence)
    if AccompanimentRequest.objects.filter(registration=registration).exists():
        raise ValidationError(
            gettext("Un accompagnement est déjà demandé pour %(name)s à cette date.")
            % {"name": registration.first_name},
            code="twice",
        )
    request = AccompanimentRequest(
        occurrence_id=registration.occurrence_id,
        registration=registration,
        kind=kind,
        note=note.strip(),
        status=AccompanimentRequest.Status.HANDLED,
        handled_by=by,
    )
    request.full_clean()
    request.save()
    return request


@transaction.atomic
def accompaniment_withdraw(*, request):
    """The requester no longer needs help: the request and its offers go."""
    request.delete()


@transaction.atomic
def accompaniment_mark_handled(*, request, by):
    """The organiser or a referent says "quelqu'un s'en occupe". False if nothing changed."""
    if not request.is_open or request.status == AccompanimentRequest.Status.HANDLED:
        return False
    request.status = AccompanimentRequest.Status.HANDLED
    request.handled_by = by
    request.save(update_fields=["status", "handled_by"])
    return True


@transaction.atomic
def accompaniment_offer(*, request, helper):
    """ "Je peux accompagner": a member coming to the same date offers. The requester is told."""
    occurrence = request.occurrence
    _refuse_if_over(occurrence)
    requester = request.requester
    if requester is not None and requester.pk == helper.pk:
        raise ValidationError(gettext("C'est votre propre demande."), code="own")
    if not request.is_open:
        raise ValidationError(gettext("Cette personne a déjà trouvé quelqu'un. Merci !"), code="closed")
    if not Participation.objects.filter(occurrence=occurrence, user=helper).exists():
        raise ValidationError(
            gettext("Pour accompagner, dites d'abord « je participe » à cette date."), code="absent"
        )
    try:
        with transaction.atomic():
            offer = AccompanimentOffer.objects.create(request=request, helper=helper)
    except IntegrityError:
        raise ValidationError(gettext("Vous avez déjà proposé votre aide. Merci !"), code="twice") from None
    if requester is not None and requester.is_active and requester.email:
        event = occurrence.event
        send(
            template="accompaniment_offered",
            subject=translated(
                gettext_lazy("Quelqu'un peut vous accompagner : %(title)s"), title=event.title
            ),
            to=[requester.email],
            context={
                "event": event,
                "when": later(lambda: occurrence.when_in_words),
                "name": requester.public_name,
                "helper": first_name(helper),
                "url": site_url(event.get_absolute_url() + "#participer"),
            },
            about=[helper],
        )
    return offer


@transaction.atomic
def accompaniment_accept(*, offer):
    """The requester accepts an offer: both agree, they may now write to each other. The helper is told."""
    request = AccompanimentRequest.objects.select_for_update().get(pk=offer.request_id)
    _refuse_if_over(request.occurrence)
    if request.status == AccompanimentRequest.Status.MATCHED:
        raise ValidationError(gettext("Vous avez déjà accepté une proposition."), code="matched")
    offer.accepted_at = timezone.now()
    offer.save(update_fields=["accepted_at"])
    request.status = AccompanimentRequest.Status.MATCHED
    request.save(update_fields=["status"])
    helper, requester = offer.helper, request.requester
    if helper.is_active and helper.email:
        event = request.occurrence.event
        send(
            template="accompaniment_accepted",
            subject=translated(gettext_lazy("Votre aide est acceptée : %(title)s"), title=event.title),
            to=[helper.email],
            context={
                "event": event,
                "when": later(lambda: request.occurrence.when_in_words),
                "name": helper.public_name,
                "requester": first_name(requester),
                "kind": request.get_kind_display().lower(),
                "write_url": site_url(write_url(requester)),
                "url": site_url(event.get_absolute_url() + "#participer"),
            },
            about=[requester],
        )
    return request
