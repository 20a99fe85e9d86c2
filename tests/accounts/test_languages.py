"""The account pages in the reader's language (the `langue` cookie): sign-in, sign-up, passwords."""

import pytest

from tests.conftest import PASSWORD

# (language, what the sign-in page says, what it says when the password is wrong)
SIGN_IN = [
    ("en", "Sign in", "1 error to fix"),
    ("ar", "تسجيل الدخول", "خطأ واحد يجب تصحيحه"),
    ("uk", "Увійти", "1 помилка, яку треба виправити"),
]


@pytest.fixture
def reader(client):
    def in_language(code):
        client.cookies["langue"] = code
        return client

    return in_language


@pytest.mark.parametrize(("code", "heading", "summary"), SIGN_IN)
def test_the_sign_in_page_speaks_the_chosen_language(reader, db, code, heading, summary):
    page = reader(code).get("/comptes/login/").text

    assert f"<h1>{heading}</h1>" in page
    assert "<h1>Se connecter</h1>" not in page  # (the header is translated on its own)
    assert "Pas encore de compte" not in page


@pytest.mark.parametrize(("code", "heading", "summary"), SIGN_IN)
def test_a_wrong_password_is_said_in_the_chosen_language(reader, member, code, heading, summary):
    response = reader(code).post("/comptes/login/", {"login": "alice@exemple.fr", "password": "pas le bon"})

    assert response.status_code == 200
    assert f'id="error-summary-title">{summary}</h2>' in response.text
    assert "erreur à corriger" not in response.text
    assert "sont incorrects" not in response.text  # allauth's own message, from its catalogue
    assert 'value="alice@exemple.fr"' in response.text


@pytest.mark.parametrize(
    ("code", "heading", "charter"),
    [
        ("en", "Create an account", "I have read and I accept the charter of Tous voisins 44"),
        ("ar", "إنشاء حساب", "قرأت ميثاق Tous voisins 44 وأوافق عليه"),
        ("uk", "Створити обліковий запис", "Я прочитав(-ла) і приймаю хартію Tous voisins 44"),
    ],
)
def test_the_sign_up_page_and_its_charter_box_speak_the_chosen_language(reader, db, code, heading, charter):
    page = reader(code).get("/comptes/signup/").text

    assert f"<h1>{heading}</h1>" in page
    assert charter in page
    assert "<h1>Créer un compte</h1>" not in page
    assert "j'accepte la charte" not in page.replace("&#x27;", "'")


@pytest.mark.parametrize(
    ("code", "heading"),
    [("en", "Forgot your password"), ("ar", "نسيت كلمة المرور"), ("uk", "Забули пароль")],
)
def test_the_forgotten_password_page_speaks_the_chosen_language(reader, db, code, heading):
    page = reader(code).get("/comptes/password/reset/").text

    assert f"<h1>{heading}</h1>" in page
    assert "Mot de passe oublié" not in page


@pytest.mark.parametrize(
    ("code", "heading", "button"),
    [
        ("en", "Change your password", "Change my password"),
        ("ar", "تغيير كلمة المرور", "غيّر كلمة المرور"),
        ("uk", "Змінити пароль", "Змінити мій пароль"),
    ],
)
def test_the_password_change_page_speaks_the_chosen_language(reader, member, code, heading, button):
    client = reader(code)
    client.force_login(member)

    page = client.get("/comptes/password/change/").text

    assert f"<h1>{heading}</h1>" in page
    assert button in page
    assert "Changer de mot de passe" not in page


def test_the_password_change_is_confirmed_in_the_chosen_language(reader, member):
    client = reader("en")
    client.force_login(member)
    data = {
        "oldpassword": PASSWORD,
        "password1": "un autre mot de passe 44",
        "password2": "un autre mot de passe 44",
    }

    client.post("/comptes/password/change/", data)

    page = client.get("/").text
    assert "Your password has been changed." in page
    assert "Votre mot de passe est changé." not in page


def test_without_the_cookie_the_account_pages_stay_in_french(client, db):
    page = client.get("/comptes/login/").text

    assert "<h1>Se connecter</h1>" in page
