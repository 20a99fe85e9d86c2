"""{% load french %}: "La commune {{ commune.name|de }}", "le profil {{ name|de_personne }}",
"{{ profile.display_name|initials:1 }}"."""

from django import template

from tousvoisins import french, phones

register = template.Library()


def _text(value):
    return "" if value is None else str(value)


@register.filter(name="de")
def de(name):
    return french.de(_text(name))


@register.filter(name="de_personne")
def de_person(name):
    return french.de_person(_text(name))


@register.filter(name="a")
def a(name):
    return french.a(_text(name))


@register.filter
def initials(name, count=2):
    return french.initials(_text(name), int(count))


@register.filter
def phone(number):
    """'0240000000' -> '02 40 00 00 00'."""
    return phones.phone_in_groups(_text(number))


@register.filter
def phone_link(number):
    """'0240000000' -> 'tel:+33240000000'."""
    return phones.phone_link(_text(number))
