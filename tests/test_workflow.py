"""The CI workflow users copy: it must be valid, and run exactly the commands this project
has (GitHub Actions cannot run here, so each of its commands is run instead)."""

from __future__ import annotations

import json
import os
import shlex
import subprocess
import sys

import yaml

from conftest import DEFAULT_PROFILE_FOLDER, PROJECT

WORKFLOW = PROJECT / ".github" / "workflows" / "resume.yml"


def workflow() -> dict:
    return yaml.safe_load(WORKFLOW.read_text(encoding="utf-8"))


def test_checks_pull_requests_and_builds_pushes():
    jobs = workflow()["jobs"]
    assert jobs["check"]["if"] == "github.event_name == 'pull_request'"
    assert jobs["build"]["if"] == "github.event_name == 'push'"
    uploads = [step for step in jobs["build"]["steps"]
               if step.get("uses", "").startswith("actions/upload-artifact")]
    assert "dist/*.pdf" in uploads[0]["with"]["path"]


def test_builds_verify_what_applicant_tracking_systems_read():
    """Every build reads its PDFs back (--verify), with pdftotext installed for it."""
    steps = [step.get("run", "") for step in workflow()["jobs"]["build"]["steps"]]
    builds = [script for script in steps if "resume build" in script]
    assert len(builds) == 2
    assert all("--verify" in script for script in builds)
    assert any("poppler-utils" in script and "system-packages" in script for script in steps)


def test_its_commands_work_here(tmp_path):
    """Run the workflow's run steps (setup aside) on the default profile."""
    environment = {**os.environ, "PROFILE": str(DEFAULT_PROFILE_FOLDER), "REDACT": "--redact",
                   "PATH": f"{PROJECT / '.venv' / 'bin'}:{os.environ['PATH']}"}
    for job in workflow()["jobs"].values():
        for step in job["steps"]:
            script = step.get("run", "")
            if not script or "system-packages" in script:
                continue
            script = script.replace(".venv/bin/resume", shlex.quote(sys.executable) + " -m resume")
            subprocess.run(["bash", "-euo", "pipefail", "-c", script], cwd=tmp_path,
                           env=environment, check=True, capture_output=True, timeout=300)
    pdfs = sorted(path.name for path in (tmp_path / "dist").glob("*.pdf"))
    assert pdfs == ["yuandong-xie-en.pdf", "yuandong-xie-finops-en.pdf",
                    "yuandong-xie-finops-zh.pdf", "yuandong-xie-mlops-en.pdf",
                    "yuandong-xie-mlops-zh.pdf", "yuandong-xie-zh.pdf"]
    report = json.loads((tmp_path / "targets-report.json").read_text(encoding="utf-8"))
    assert report["targets"] == ["finops", "mlops"]
