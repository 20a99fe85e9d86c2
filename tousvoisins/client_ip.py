"""The visitor's IP address, for rate limits and the sign-up record.

Behind a load balancer REMOTE_ADDR is the balancer's address: every visitor would share one
rate limit. With TRUSTED_PROXY_COUNT = n, the address is the n-th from the right of
X-Forwarded-For — the one our own first proxy saw —, which a visitor cannot forge (anything
they send themselves sits further left).
"""

from django.conf import settings


def client_ip(request):
    count = settings.TRUSTED_PROXY_COUNT
    if count:
        forwarded = [part.strip() for part in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",")]
        forwarded = [part for part in forwarded if part]
        if len(forwarded) >= count:
            return forwarded[-count]
    return request.META["REMOTE_ADDR"]
