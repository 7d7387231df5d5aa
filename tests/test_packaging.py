"""A non-editable install finds its templates, prompts and data (they ship inside the wheel)."""

import os
import shutil
import subprocess
import sys
import zipfile

import pytest

from .conftest import EXAMPLES, ROOT


@pytest.fixture(scope="module")
def wheel(tmp_path_factory):
    pytest.importorskip("hatchling", reason="hatchling (in the test extras) builds the wheel")
    out = tmp_path_factory.mktemp("wheel")
    src = tmp_path_factory.mktemp("src") / "incident-brief"
    shutil.copytree(ROOT, src, ignore=shutil.ignore_patterns(".git", ".venv", "__pycache__", "*.egg-info", "build"))
    subprocess.run([sys.executable, "-m", "pip", "wheel", "--no-deps", "--no-build-isolation", "-q", "-w", str(out), str(src)],
                   check=True, capture_output=True, timeout=300)
    return next(out.glob("incident_brief-*.whl"))


def test_wheel_carries_templates_prompts_and_data(wheel):
    names = set(zipfile.ZipFile(wheel).namelist())
    for needed in ("incident_brief/_resources/templates/report.md.j2", "incident_brief/_resources/templates/report.html.j2",
                   "incident_brief/_resources/prompts/README.md", "incident_brief/offline/data/glossary.toml", "incident_brief/cli.py"):
        assert needed in names, needed
    assert any(n.endswith("entry_points.txt") for n in names)


def test_installed_wheel_renders_a_report_outside_the_checkout(wheel, tmp_path):
    target = tmp_path / "site"
    subprocess.run([sys.executable, "-m", "pip", "install", "--no-deps", "-q", "--target", str(target), str(wheel)],
                   check=True, capture_output=True, timeout=300)
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    env = {**os.environ, "PYTHONPATH": str(target)}
    r = subprocess.run([sys.executable, "-m", "incident_brief", "summarize", str(EXAMPLES / "payment-outage.md"), "-q"],
                       cwd=elsewhere, env=env, capture_output=True, timeout=60)
    assert r.returncode == 0, r.stderr
    assert b"**Users Affected:** 15,420" in r.stdout
    probe = subprocess.run([sys.executable, "-c", "import incident_brief.resources as r; print(r.resource_dir('templates'))"],
                           cwd=elsewhere, env=env, capture_output=True, text=True, timeout=60)
    assert probe.stdout.strip().startswith(str(target)), "templates must come from the installed package"
