"""French phone numbers as people type them, as we store them and as we show them.

People write "02 40 00 00 00", "02.40.00.00.00", "0240000000" or "+33 2 40 00 00 00": all are
stored the same way (ten digits, "0240000000") so that they compare equal, and shown grouped by
two digits, the way a number is read aloud in France.
"""

import re

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

PHONE_ERROR = _(
    "Écrivez un numéro de téléphone français à 10 chiffres, par exemple « 02 40 00 00 00 » "
    "ou « +33 2 40 00 00 00 »."
)
# Spaces, dots, dashes, slashes and brackets are only there to be read; "(0)" is how some write
# the trunk zero after +33.
_SEPARATORS = re.compile(r"[\s.\-/()]")


def normalize_phone(text):
    """'+33 2 40 00 00 00' -> '0240000000'; '' stays ''; ValidationError for anything else."""
    text = (text or "").strip()
    if not text:
        return ""
    digits = _SEPARATORS.sub("", text.replace("(0)", ""))
    for prefix in ("+33", "0033"):
        if digits.startswith(prefix):
            digits = "0" + digits[len(prefix) :]
            break
    if not re.fullmatch(r"0[1-9][0-9]{8}", digits):
        raise ValidationError(PHONE_ERROR, code="invalid_phone")
    return digits


def validate_phone(text):
    """A model field's validator: the forms and the admin give the French message beside the field."""
    normalize_phone(text)


def phone_in_groups(number):
    """'0240000000' -> '02 40 00 00 00'; a number stored before this rule is shown as it is."""
    number = number or ""
    if re.fullmatch(r"[0-9]{10}", number):
        return " ".join(number[index : index + 2] for index in range(0, 10, 2))
    return number


def phone_link(number):
    """The tel: address of a stored number, international so that every phone dials it."""
    digits = re.sub(r"[^0-9+]", "", number or "")
    if re.fullmatch(r"0[0-9]{9}", digits):
        return "tel:+33" + digits[1:]
    return "tel:" + digits
