from django.shortcuts import render

# A suspended member still signs in and out, and may write to the moderators.
ALLOWED_PREFIXES = ("/comptes/", "/contact/", "/admin/logout/")


class SuspensionMiddleware:
    """A suspended member can read everything but cannot send anything, and is told why."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        user = getattr(request, "user", None)
        suspension = None
        if user is not None and user.is_authenticated:
            suspension = user.current_suspension()
        request.suspension = suspension
        if (
            suspension is not None
            and request.method not in ("GET", "HEAD", "OPTIONS")
            and not request.path.startswith(ALLOWED_PREFIXES)
        ):
            return render(request, "accounts/suspended.html", {"suspension": suspension}, status=403)
        return self.get_response(request)
