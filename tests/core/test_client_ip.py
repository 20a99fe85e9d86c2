"""The visitor's address behind zero, one or two proxies (rate limits depend on it)."""

from django.test import RequestFactory

from tousvoisins.client_ip import client_ip


def request(**meta):
    return RequestFactory().get("/", REMOTE_ADDR="10.0.0.1", **meta)


def test_without_a_proxy_it_is_the_connection_address_whatever_the_headers_say(settings):
    settings.TRUSTED_PROXY_COUNT = 0
    assert client_ip(request(HTTP_X_FORWARDED_FOR="203.0.113.9")) == "10.0.0.1"


def test_behind_one_proxy_it_is_the_address_that_proxy_saw(settings):
    settings.TRUSTED_PROXY_COUNT = 1
    # The visitor forged the first entry; the balancer appended the address it really saw.
    assert client_ip(request(HTTP_X_FORWARDED_FOR="1.2.3.4, 203.0.113.9")) == "203.0.113.9"


def test_behind_two_proxies_it_skips_the_inner_one(settings):
    settings.TRUSTED_PROXY_COUNT = 2
    assert client_ip(request(HTTP_X_FORWARDED_FOR="1.2.3.4, 203.0.113.9, 10.0.0.2")) == "203.0.113.9"


def test_a_missing_header_falls_back_to_the_connection_address(settings):
    settings.TRUSTED_PROXY_COUNT = 1
    assert client_ip(request()) == "10.0.0.1"
