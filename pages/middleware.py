from django.utils.cache import patch_vary_headers


class VaryOnReadingComfortMiddleware:
    """Every HTML page depends on the reading comfort cookie (the classes of <html>): any cache,
    in a browser, a proxy or a cache_page added later, must keep one copy per cookie. Feeds,
    PDFs and JSON do not depend on it and keep their own caching."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if response.get("Content-Type", "").startswith("text/html"):
            patch_vary_headers(response, ("Cookie",))
        return response
