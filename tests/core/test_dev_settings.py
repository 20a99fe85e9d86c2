"""Development as `make run` sets it up: DEBUG off unless asked, links that follow the port, and
the e-mails the task worker sends written, readable, to a folder the README names."""

import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
from allauth.account.models import EmailAddress
from django.core import mail

from accounts.models import User
from tests.conftest import PASSWORD
from tousvoisins.settings.base import mailers_to_folder

ROOT = Path(__file__).resolve().parents[2]


def _clean_env(**values):
    env = {key: value for key, value in os.environ.items() if key not in {"DEBUG", "EMAIL_URL", "SITE_URL"}}
    return {**env, **values}


def local_settings(*names, **environment):
    """The values of the local settings (those of manage.py) in a fresh process."""
    code = f"from django.conf import settings\nfor name in {names!r}: print(repr(getattr(settings, name)))\n"
    result = subprocess.run(
        [sys.executable, "-c", code],
        cwd=ROOT,
        env=_clean_env(DJANGO_SETTINGS_MODULE="tousvoisins.settings.local", **environment),
        capture_output=True,
        text=True,
        check=True,
    )
    return result.stdout.splitlines()


# DEBUG -------------------------------------------------------------------------------------------


def test_manage_py_runs_without_debug_unless_asked():
    assert local_settings("DEBUG") == ["False"]
    assert local_settings("DEBUG", DEBUG="true") == ["True"]


def test_the_readme_and_env_example_say_debug_is_off_by_default():
    readme = (ROOT / "README.md").read_text()
    assert "| `DEBUG` | `false` (`true` under `make run`) |" in readme
    assert "# DEBUG=false" in (ROOT / ".env.example").read_text()


# make run: the environment of scripts/serve.sh ----------------------------------------------------


def dev_env(tmp_path, dotenv="", **environment):
    """What scripts/dev_env.sh (sourced by serve.sh) exports, run in a checkout holding `dotenv`."""
    (tmp_path / ".env").write_text(dotenv)
    script = (
        f'source "{ROOT}/scripts/dev_env.sh"; printf "%s|%s|%s\\n" "${{SITE_URL:-}}" "$DEBUG" "$MAIL_FOLDER"'
    )
    env = {"PATH": os.environ["PATH"], **environment}
    result = subprocess.run(
        ["bash", "-c", script], cwd=tmp_path, env=env, capture_output=True, text=True, check=True
    )
    return result.stdout.strip().split("|")


def test_make_run_derives_the_site_url_from_the_port(tmp_path):
    assert dev_env(tmp_path, PORT="8203") == ["http://127.0.0.1:8203", "true", ".local/mails"]
    assert dev_env(tmp_path) == ["http://127.0.0.1:8000", "true", ".local/mails"]


def test_make_run_keeps_a_site_url_or_debug_given_in_the_environment_or_in_dot_env(tmp_path):
    given = dev_env(tmp_path, PORT="8203", SITE_URL="https://essai.exemple.fr", DEBUG="false")
    assert given == ["https://essai.exemple.fr", "false", ".local/mails"]
    # Written in .env: nothing exported, so that Django reads it from there.
    assert dev_env(tmp_path, dotenv="SITE_URL=https://essai.exemple.fr\nDEBUG=false\n", PORT="8203")[:2] == [
        "",
        "",
    ]


def test_make_run_names_no_mail_folder_when_e_mails_really_leave(tmp_path):
    assert dev_env(tmp_path, EMAIL_URL="smtp://localhost:25")[2] == ""


def fake_checkout(tmp_path):
    """A checkout whose .venv/bin/python only says how it was called, to run the real serve.sh."""
    (tmp_path / "scripts").mkdir()
    for name in ("serve.sh", "dev_env.sh"):
        (tmp_path / "scripts" / name).write_text((ROOT / "scripts" / name).read_text())
    python = tmp_path / ".venv" / "bin" / "python"
    python.parent.mkdir(parents=True)
    python.write_text(
        "#!/usr/bin/env bash\n"
        'echo "$2 SITE_URL=$SITE_URL DEBUG=$DEBUG"\n'
        # The web server waits for the worker and the scheduler to have written their line.
        'if [ "$2" = runserver ]; then for _ in $(seq 50); do\n'
        '  [ "$(wc -l < .local/worker.log)" -ge 2 ] && break; sleep 0.1; done; fi\n'
    )
    python.chmod(0o755)
    return tmp_path


def test_serve_sh_serves_on_the_port_and_keeps_what_the_worker_prints(tmp_path):
    checkout = fake_checkout(tmp_path)
    env = {"PATH": os.environ["PATH"], "PORT": "8203"}

    result = subprocess.run(
        ["bash", "scripts/serve.sh"], cwd=checkout, env=env, capture_output=True, text=True, timeout=30
    )

    assert result.returncode == 0, result.stderr
    assert "Tous voisins 44 : http://127.0.0.1:8203/" in result.stdout
    assert "un fichier par e-mail dans .local/mails/" in result.stdout
    assert "Journal des tâches de fond (envoi des e-mails) et des tâches périodiques : .local/worker.log" in (
        result.stdout
    )
    assert "runserver SITE_URL=http://127.0.0.1:8203 DEBUG=true" in result.stdout
    log = (checkout / ".local" / "worker.log").read_text()
    assert "run_worker SITE_URL=http://127.0.0.1:8203 DEBUG=true" in log
    assert "run_scheduler SITE_URL=http://127.0.0.1:8203 DEBUG=true" in log


def test_serve_sh_starts_the_worker_again_when_it_stops(tmp_path):
    checkout = fake_checkout(tmp_path)
    # This fake worker stops at once; the fake web server waits until it has been started again.
    python = checkout / ".venv" / "bin" / "python"
    python.write_text(
        "#!/usr/bin/env bash\n"
        'echo "$2"\n'
        'if [ "$2" = runserver ]; then for _ in $(seq 100); do\n'
        '  [ "$(grep -c run_worker .local/worker.log)" -ge 2 ] && break; sleep 0.1; done; fi\n'
    )
    env = {"PATH": os.environ["PATH"], "PORT": "8203"}

    result = subprocess.run(
        ["bash", "scripts/serve.sh"], cwd=checkout, env=env, capture_output=True, timeout=30
    )

    assert result.returncode == 0, result.stderr
    log = (checkout / ".local" / "worker.log").read_text()
    assert log.count("run_worker") >= 2
    assert "le worker s'est arrêté ; il repart dans 2 s" in log


# E-mails in development --------------------------------------------------------------------------


def test_development_e_mails_go_to_the_mail_folder_unless_email_url_is_set():
    [mailers, folder] = local_settings("MAILERS", "MAIL_FOLDER")
    assert "'tousvoisins.mail.FolderEmailBackend'" in mailers
    assert folder == repr(ROOT / ".local" / "mails")
    assert f"'file_path': '{ROOT / '.local' / 'mails'}'" in mailers

    [mailers] = local_settings("MAILERS", EMAIL_URL="smtp://localhost:25")
    assert "'django.core.mail.backends.smtp.EmailBackend'" in mailers


@pytest.mark.django_db
def test_the_sign_up_confirmation_is_written_readable_to_the_mail_folder(
    client, settings, tmp_path, django_capture_on_commit_callbacks
):
    folder = tmp_path / "mails"
    settings.MAILERS = mailers_to_folder(folder)
    signup = {
        "email": "elodie.durand@exemple.fr",
        "password1": PASSWORD,
        "password2": PASSWORD,
        "charter": "on",
    }

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post("/comptes/signup/", signup)
        assert (response.status_code, response["Location"]) == (302, "/comptes/confirm-email/")

    assert mail.outbox == []  # not the test mailbox: the folder
    [written] = folder.iterdir()
    assert written.suffix == ".txt"
    text = written.read_text()
    assert "À : elodie.durand@exemple.fr\n" in text
    assert "Objet : [Tous voisins 44] Confirmez votre adresse e-mail\n" in text
    assert "Bienvenue sur Tous voisins 44 !" in text
    # The link whole on its line, as a person copies it into the browser.
    link = re.search(r"^http://testserver(/comptes/confirm-email/\S+/)$", text, re.M).group(1)
    response = client.post(link)
    assert (response.status_code, response["Location"]) == (302, "/comptes/login/")  # now signing in
    user = User.objects.get(email="elodie.durand@exemple.fr")
    assert EmailAddress.objects.get(user=user).verified


def test_the_readme_says_where_to_read_development_e_mails():
    readme = (ROOT / "README.md").read_text()
    assert "`.local/mails/`" in readme
    assert "`.local/worker.log`" in readme
