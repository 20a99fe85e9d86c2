from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from . import charter as current_charter
from .forms import CharterForm, charter_needs_acceptance


def _safe_next(request):
    next_url = request.POST.get("next") or request.GET.get("next") or ""
    if url_has_allowed_host_and_scheme(
        next_url, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return next_url
    return ""


@login_required
@require_http_methods(["GET", "POST"])
def charter(request):
    """Where a member accepts the current charter (or sees which version they accepted)."""
    form = CharterForm(request.POST or None)
    next_url = _safe_next(request)
    if form.is_valid():
        form.save(request.user)
        messages.success(request, _("Merci, vous avez accepté la charte de Tous voisins 44."))
        return redirect(next_url or "pages:home")
    context = {
        "form": form,
        "needs_acceptance": charter_needs_acceptance(request.user),
        "never_accepted": request.user.charter_version is None,
        "charter_version": current_charter.CHARTER_VERSION,
        "next": next_url,
    }
    return render(request, "accounts/charter.html", context)
