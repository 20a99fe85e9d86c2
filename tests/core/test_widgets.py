"""FastSelect writes the HTML Django's Select writes from its templates, only faster."""

import re

from django import forms

from tousvoisins.widgets import FastSelect

CHOICES = [("", "Toutes"), ("44109", "Nantes"), ("44143", "Rezé & <Trentemoult>"), ('x"y', "Guillemet")]


def squeeze(html):
    return re.sub(r">\s+<", "><", str(html)).strip()


def render(widget_class, value, **field_options):
    class Form(forms.Form):
        commune = forms.ChoiceField(choices=CHOICES, required=False, widget=widget_class, **field_options)

    form = Form({"commune": value})
    form.fields["commune"].widget.attrs["aria-describedby"] = "id_commune_helptext"
    return squeeze(form["commune"])


def test_it_renders_what_the_select_template_renders():
    for value in ["", "44143", 'x"y', "inconnue"]:
        assert render(FastSelect, value) == render(forms.Select, value)


def test_it_escapes_labels_and_values_and_marks_the_chosen_one():
    html = render(FastSelect, "44143")
    assert '<option value="44143" selected>Rezé &amp; &lt;Trentemoult&gt;</option>' in html
    assert '<option value="x&quot;y">Guillemet</option>' in html
    assert 'aria-describedby="id_commune_helptext"' in html


def test_it_renders_groups_like_the_select_template():
    grouped = [("Nantes Métropole", [("44109", "Nantes")]), ("Cap Atlantique", [("44069", "Guérande")])]

    class Form(forms.Form):
        fast = forms.ChoiceField(choices=grouped, widget=FastSelect)
        slow = forms.ChoiceField(choices=grouped, widget=forms.Select)

    form = Form({"fast": "44069", "slow": "44069"})
    assert squeeze(form["fast"]).replace("fast", "x") == squeeze(form["slow"]).replace("slow", "x")
