"""requirements.lock, which `make` installs, holds an exact version of every package that
pyproject.toml names (the site's and the tools'), within the range pyproject allows; and the
application server that deploy/'s unit starts is one of them."""

import re
import tomllib
from pathlib import Path

from packaging.requirements import Requirement
from packaging.utils import canonicalize_name

ROOT = Path(__file__).resolve().parents[2]


def locked():
    """{normalised name: version} of requirements.lock."""
    versions = {}
    for line in (ROOT / "requirements.lock").read_text().splitlines():
        line = line.split("#", 1)[0].strip()
        if line:
            name, version = line.split("==")
            versions[canonicalize_name(name)] = version
    return versions


def named_in_pyproject():
    project = tomllib.loads((ROOT / "pyproject.toml").read_text())
    names = [*project["project"]["dependencies"], *project["dependency-groups"]["dev"]]
    return [Requirement(name) for name in names]


def test_every_line_of_the_lock_is_an_exact_version():
    for line in (ROOT / "requirements.lock").read_text().splitlines():
        assert re.fullmatch(r"[A-Za-z0-9_.-]+==[A-Za-z0-9_.+-]+", line), line


def test_the_lock_holds_what_pyproject_names_within_its_range():
    versions = locked()
    for requirement in named_in_pyproject():
        name = canonicalize_name(requirement.name)
        assert name in versions, f"{requirement.name} manque dans requirements.lock"
        assert requirement.specifier.contains(versions[name], prereleases=True), (requirement, versions[name])


def test_the_app_server_of_the_unit_is_a_locked_dependency_of_the_site():
    unit = (ROOT / "deploy" / "tousvoisins-web.service").read_text()
    program = re.search(r"^ExecStart=/srv/tousvoisins/\.venv/bin/(\S+)", unit, re.M).group(1)
    project = tomllib.loads((ROOT / "pyproject.toml").read_text())
    site = {canonicalize_name(Requirement(name).name) for name in project["project"]["dependencies"]}
    assert program in site
    assert program in locked()
