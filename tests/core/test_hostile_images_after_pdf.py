"""A process that has made a large-print PDF still refuses hostile pictures: WeasyPrint, when
imported, makes Pillow accept truncated files and oversized text chunks for the whole process
(found when the events tests ran before the hostile corpus)."""

import pytest
from PIL import ImageFile

from tests.core import hostile_images
from tests.core.test_hostile_images import ProfilePhoto, _text

pytestmark = pytest.mark.django_db
PDF = "/agenda/imprimer/244400404/gros-caracteres.pdf"


@pytest.mark.parametrize("case", ["png-truncated", "png-ztxt-bomb", "png-itxt-bomb", "png-iccp-bomb"])
def test_a_hostile_photo_is_refused_after_a_pdf_was_made(client, case):
    assert client.get(PDF)["Content-Type"] == "application/pdf"
    assert ImageFile.LOAD_TRUNCATED_IMAGES is False

    make_upload, words = hostile_images.REFUSED[case]
    response = ProfilePhoto(client).send(make_upload())
    assert response.status_code == 200
    assert words in _text(response)


def test_uploads_stay_strict_even_if_a_library_turns_leniency_on_again(client):
    ImageFile.LOAD_TRUNCATED_IMAGES = True
    try:
        make_upload, words = hostile_images.REFUSED["png-truncated"]
        response = ProfilePhoto(client).send(make_upload())
        assert response.status_code == 200 and words in _text(response)
    finally:
        ImageFile.LOAD_TRUNCATED_IMAGES = False
