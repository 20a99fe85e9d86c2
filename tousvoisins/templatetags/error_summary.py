"""{% error_summary form %}: the box at the top of a form sent with errors, which takes the focus and
links each message to its field (the error summary of the UK government's design system)."""

from django import template
from django.forms.widgets import ChoiceWidget, MultiWidget

register = template.Library()


def field_target_id(field):
    """The id of the input a person must reach: the first button of a radio or checkbox group
    (Django's label points nowhere for a group), the first part of a split field."""
    widget = field.field.widget
    if isinstance(widget, MultiWidget):
        return f"{field.auto_id}_0" if field.auto_id else ""
    if field.use_fieldset and isinstance(widget, ChoiceWidget):
        return widget.id_for_label(field.auto_id, "0")
    return field.id_for_label


def error_items(form):
    """[(label, message, target id)]: errors that belong to no field first (no link, no label),
    then each field's in the form's order. A hidden field has nothing to reach: its error is a
    form error."""
    items = [("", error, "") for error in form.non_field_errors()]
    for field in form:
        for error in field.errors:
            if field.is_hidden:
                items.append(("", error, ""))
            else:
                items.append((field.label, error, field_target_id(field)))
    return items


@register.inclusion_tag("includes/error_summary.html")
def error_summary(form, lead="", note=""):
    items = error_items(form) if form is not None and form.errors else []
    return {"items": items, "count": len(items), "lead": lead, "note": note}
