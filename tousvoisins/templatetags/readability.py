"""{% readability_summary form %}: after "Relire mon texte", the box at the top of a form that says
nothing is sent yet and lists the readability hints, each linked to its field. It takes the focus
like the error summary (tousvoisins.templatetags.error_summary)."""

from django import template

from .error_summary import field_target_id

register = template.Library()


@register.inclusion_tag("includes/readability_summary.html")
def readability_summary(form):
    items = []
    for name, hints in form.readability_hints.items():
        field = form[name]
        items.extend((field.label, hint.message, field_target_id(field)) for hint in hints)
    return {"items": items, "count": len(items)}
