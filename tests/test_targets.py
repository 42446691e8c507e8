"""Tailoring: targets/<name>.yaml selects entries and bullets by tags, orders sections, sets
a page budget and a theme, and names the files; the build says what each target left out."""

from __future__ import annotations

import shutil

import pytest
from pdfminer.high_level import extract_text

from conftest import DEFAULT_PROFILE, run_build, write_profile

TAGGED = """\
basics:
  name: {zh: 王小明, en: Xiaoming Wang}
experience:
  - id: acme
    organization: Acme
    start: 2020
    highlights:
      - {zh: 构建调度系统, en: Built a scheduler, tags: [k8s]}
      - {zh: 降低云成本, en: Cut cloud costs, tags: [finops]}
      - {zh: 带领团队, en: Led the team}
  - id: shop
    organization: Shop
    start: 2018
    end: 2019
    tags: [retail]
    highlights:
      - {zh: 收银系统, en: Point of sale}
skills:
  - Kubernetes
  - {text: FinOps, tags: [finops]}
"""


@pytest.fixture
def profile(tmp_path):
    folder = tmp_path / "profile"
    write_profile(folder, TAGGED)
    (folder / "targets").mkdir()
    (folder / "targets" / "platform.yaml").write_text(
        "include: [k8s]\nexclude: [retail]\nsections: [skills, experience]\ntheme: modern\n")
    (folder / "targets" / "cost.yaml").write_text("include: [finops]\nname: cloud-cost\n")
    return folder


def test_a_target_selects_by_tags_and_says_what_it_left_out(profile, tmp_path):
    run = run_build("--profile", profile, "--target", "platform", "--lang", "en",
                    "--out", tmp_path / "out", "--html")
    assert run.returncode == 0, run.stderr
    pdf = tmp_path / "out" / "xiaoming-wang-platform-en.pdf"
    text = extract_text(pdf)
    assert "Built a scheduler" in text and "Led the team" in text  # untagged stays
    for gone in ("Cut cloud costs", "Shop", "Point of sale", "FinOps"):
        assert gone not in text
    assert text.index("Kubernetes") < text.index("Acme")  # skills first, as the target says
    assert 'class="sidebar"' in (tmp_path / "out" / "xiaoming-wang-platform-en.html").read_text()
    assert (
        "  left out by target platform: skills[1] (finops); experience[shop] (retail); "
        "experience[acme].highlights[1] (finops)"
    ) in run.stdout.splitlines()


def test_all_builds_every_target_in_every_language(profile, tmp_path):
    run = run_build("--profile", profile, "--target", "all", "--out", tmp_path / "out")
    assert run.returncode == 0, run.stderr
    assert sorted(path.name for path in (tmp_path / "out").iterdir()) == [
        "xiaoming-wang-cloud-cost-en.pdf", "xiaoming-wang-cloud-cost-zh.pdf",
        "xiaoming-wang-platform-en.pdf", "xiaoming-wang-platform-zh.pdf"]
    cost = extract_text(tmp_path / "out" / "xiaoming-wang-cloud-cost-en.pdf")
    assert "Cut cloud costs" in cost and "Built a scheduler" not in cost


def test_an_unknown_target_names_the_ones_there_are(profile, tmp_path):
    run = run_build("--profile", profile, "--target", "sales", "--out", tmp_path / "out")
    assert run.returncode == 1
    assert 'no target "sales" in' in run.stderr and "(targets: cost, platform)" in run.stderr


def test_a_bad_target_file_is_reported_by_line(profile, tmp_path):
    (profile / "targets" / "bad.yaml").write_text("pages: 9\ninclde: [k8s]\n")
    run = run_build("--profile", profile, "--target", "bad", "--out", tmp_path / "out")
    assert run.returncode == 1
    assert 'bad.yaml:1:8: pages: "9" is not a whole number from 1 to 5' in run.stderr
    assert "bad.yaml:2:1: inclde: unknown field `inclde`; did you mean `include`?" in run.stderr


def test_a_tag_no_entry_carries_is_a_warning(profile, tmp_path):
    (profile / "targets" / "typo.yaml").write_text("include: [kube]\n")
    run = run_build("--profile", profile, "--target", "typo", "--out", tmp_path / "out")
    assert run.returncode == 0
    assert "typo.yaml:1:11: include[0]: no entry of the profile has the tag `kube`" in run.stderr


def test_the_default_profile_ships_two_targets(tmp_path):
    folder = tmp_path / "default"
    shutil.copytree(DEFAULT_PROFILE.parent, folder)
    run = run_build("--profile", folder, "--target", "all", "--out", tmp_path / "out")
    assert run.returncode == 0, run.stderr
    assert run.stdout.count("  1 page  ") == 4
    assert "left out by target mlops: experience[tencent-cloud].work[finops]" in run.stdout


def test_the_preview_of_a_target_shows_the_target_s_build(profile, tmp_path, monkeypatch):
    from resume.preview import Previewer

    monkeypatch.delenv("SOURCE_DATE_EPOCH", raising=False)  # the same dates: none
    run = run_build("--profile", profile, "--target", "platform", "--out", tmp_path / "out",
                    epoch=None)
    assert run.returncode == 0, run.stderr
    with Previewer(profile, target="platform") as previewer:
        previewer.render()
    assert not previewer.rendering.errors
    for language in ("zh", "en"):  # platform: theme modern, without the finops bullet
        written = tmp_path / "out" / f"xiaoming-wang-platform-{language}.pdf"
        assert previewer.rendering.documents[language].pdf == written.read_bytes()
