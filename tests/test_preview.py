"""`resume preview` in a real headless Chromium (Debian's package, driven through the
DevTools protocol): the page shows as many page images per language as the served PDF has
pages; saving a file changes what it shows, by itself; breaking the profile or a theme's
template shows the located error, and fixing it the résumé again. Every wait is bounded;
how fast is for `make bench` to say."""

from __future__ import annotations

import json
import shutil
import socket
import subprocess
import time
import urllib.request
from contextlib import closing
from dataclasses import dataclass
from pathlib import Path

import pytest
import websocket
from test_preview_server import Server, page_count, pdf_text

from conftest import MINIMAL_PROFILE, write_profile
from resume.build import copy_theme
from resume.preview import ERROR_HEADING

CHROMIUM = shutil.which("chromium")
pytestmark = pytest.mark.skipif(CHROMIUM is None, reason="Debian's chromium is not installed")
# From saving a file to the page showing it: far above what it takes, for a loaded machine.
DEADLINE_SECONDS = 60
# What the page shows: its version, its text, and for each document its page count, its
# images, whether all are drawn, and a digest of each image's pixels as drawn.
SHOWN = """(async () => {
  const view = document.getElementById("view");
  const documents = {};
  for (const section of view.querySelectorAll("section.document")) {
    const images = [...section.querySelectorAll("img.page")];
    const drawn = images.every((image) => image.complete && image.naturalWidth > 0);
    const digests = [];
    for (const image of drawn ? images : []) {
      const canvas = document.createElement("canvas");
      canvas.width = image.naturalWidth;
      canvas.height = image.naturalHeight;
      const context = canvas.getContext("2d");
      context.drawImage(image, 0, 0);
      const pixels = context.getImageData(0, 0, canvas.width, canvas.height).data;
      const digest = await crypto.subtle.digest("SHA-256", pixels);
      digests.push(Array.from(new Uint8Array(digest)).join(","));
    }
    documents[section.dataset.key] = {
      pages: Number(section.dataset.pages), images: images.length, drawn, digests,
      pdf: section.querySelector("a").getAttribute("href"),
    };
  }
  return { version: Number(view.dataset.version), text: view.innerText, documents };
})()"""


def free_port() -> int:
    with closing(socket.socket()) as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


class Browser:
    """Headless Chromium and one page of it, over the DevTools protocol."""

    def __init__(self, profile_dir):
        self.port = free_port()
        self.process = subprocess.Popen(
            [CHROMIUM, "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic",
             "--no-first-run", "--disable-background-networking", "--disable-component-update",
             "--disable-sync", f"--user-data-dir={profile_dir}",
             f"--remote-debugging-port={self.port}", "about:blank"],
            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        deadline = time.monotonic() + DEADLINE_SECONDS
        while True:
            try:
                with urllib.request.urlopen(f"http://127.0.0.1:{self.port}/json/list",
                                            timeout=10) as r:
                    pages = [t for t in json.load(r) if t["type"] == "page"]
                if pages:
                    break
            except OSError:
                pass
            if time.monotonic() > deadline:
                raise RuntimeError("Chromium did not start")
            time.sleep(0.1)
        self.socket = websocket.create_connection(pages[0]["webSocketDebuggerUrl"],
                                                  timeout=DEADLINE_SECONDS)
        self.next_id = 0

    def call(self, method: str, **params) -> dict:
        self.next_id += 1
        self.socket.send(json.dumps({"id": self.next_id, "method": method, "params": params}))
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline:  # each recv waits at most the socket's timeout
            message = json.loads(self.socket.recv())
            if message.get("id") == self.next_id:
                return message.get("result", {})
        raise AssertionError(f"Chromium did not answer {method}")

    def evaluate(self, expression: str):
        return self.call("Runtime.evaluate", expression=expression, awaitPromise=True,
                         returnByValue=True)["result"].get("value")

    def shown(self) -> dict:
        return self.evaluate(SHOWN) or {"version": 0, "text": "", "documents": {}}

    def wait_until(self, condition, what: str) -> dict:
        """What the page shows, once `condition` holds of it."""
        deadline = time.monotonic() + DEADLINE_SECONDS
        while True:
            shown = self.shown()
            if condition(shown):
                return shown
            if time.monotonic() > deadline:
                raise AssertionError(f"the page never showed {what}; it shows version "
                                     f"{shown['version']}: {shown['text'][:300]!r}")
            time.sleep(0.05)

    def close(self):
        self.socket.close()
        self.process.terminate()
        self.process.wait(timeout=10)


def resume_drawn(shown: dict, after: int = 0) -> bool:
    """Both languages shown, every page image drawn, in a version newer than `after`."""
    documents = shown["documents"]
    return (shown["version"] > after and set(documents) == {"zh", "en"}
            and all(document["drawn"] for document in documents.values()))


@dataclass
class Preview:
    folder: Path
    server: Server
    browser: Browser
    bug_logged: bool = False  # a test that meets a bug sets it: its traceback is expected


@pytest.fixture
def preview(tmp_path):
    folder = tmp_path / "profile"
    write_profile(folder, MINIMAL_PROFILE)
    server = Server(folder)
    browser = Browser(tmp_path / "chromium")
    running = Preview(folder, server, browser)
    try:
        browser.call("Page.navigate", url=f"http://127.0.0.1:{server.port}/")
        yield running
    finally:
        browser.close()
        stderr = server.stop()
    assert ("Traceback" in stderr) == running.bug_logged, stderr


def test_each_language_shows_as_many_pages_as_its_pdf(preview):
    folder, server, browser = preview.folder, preview.server, preview.browser
    shown = browser.wait_until(resume_drawn, "both languages")
    for language in ("zh", "en"):
        document = shown["documents"][language]
        status, _, pdf = server.get(document["pdf"])
        assert status == 200 and document["pdf"] == f"/pdf/{language}"
        assert document["images"] == document["pages"] == page_count(pdf) == 1
    # A longer résumé: the English grows a page, and the page shows it.
    bullet = "      - {zh: 构建调度系统, en: Built a scheduler}\n"
    more = "".join(f"      - {{zh: 第{n}项工作, en: Built part {n} of a long system}}\n"
                   for n in range(60))
    (folder / "profile.yaml").write_text(MINIMAL_PROFILE.replace(bullet, bullet + more),
                                         encoding="utf-8")
    longer = browser.wait_until(
        lambda shown: resume_drawn(shown) and shown["documents"]["en"]["images"] > 1,
        "a longer résumé")
    for language in ("zh", "en"):
        document = longer["documents"][language]
        _, _, pdf = server.get(document["pdf"])
        assert document["images"] == document["pages"] == page_count(pdf)


def test_saving_a_file_changes_the_page_by_itself(preview):
    folder, server, browser = preview.folder, preview.server, preview.browser
    before = browser.wait_until(resume_drawn, "both languages")
    (folder / "profile.yaml").write_text(
        MINIMAL_PROFILE.replace("Built a scheduler", "Built a faster scheduler"),
        encoding="utf-8")
    after = browser.wait_until(lambda shown: resume_drawn(shown, before["version"]),
                               "a new version")
    assert "Built a faster scheduler" in pdf_text(server.get("/pdf/en")[2])
    # The English page shown is another image; the Chinese, whose text is the same, is not.
    assert after["documents"]["en"]["digests"] != before["documents"]["en"]["digests"]
    assert after["documents"]["zh"]["digests"] == before["documents"]["zh"]["digests"]


def test_an_error_shows_on_the_page_located(preview):
    folder, browser = preview.folder, preview.browser
    browser.wait_until(resume_drawn, "both languages")
    broken = MINIMAL_PROFILE.replace("start: 2020-01", "start: 2020-13")
    (folder / "profile.yaml").write_text(broken, encoding="utf-8")
    shown = browser.wait_until(lambda shown: ERROR_HEADING in shown["text"], "the error")
    assert 'profile.yaml:8:12: experience[acme].start: "2020-13" is not a date' in shown["text"]
    assert shown["documents"] == {}  # never a stale résumé beside an error
    (folder / "profile.yaml").write_text(MINIMAL_PROFILE, encoding="utf-8")
    browser.wait_until(resume_drawn, "the résumé again")


def test_a_broken_template_shows_on_the_page_and_recovers(preview):
    folder, server, browser = preview.folder, preview.server, preview.browser
    first = browser.wait_until(resume_drawn, "both languages")
    copy_theme("classic", folder / "mine")
    (folder / "profile.yaml").write_text(MINIMAL_PROFILE + "design:\n  theme: mine\n",
                                         encoding="utf-8")
    mine = browser.wait_until(lambda shown: resume_drawn(shown, first["version"]),
                              "the résumé in the copied theme")
    template = folder / "mine" / "sections.html"
    good = template.read_text(encoding="utf-8")
    name = "{{ resume.name | inline }}</h1>"
    assert good.count(name) == 1
    line = good[: good.index(name)].count("\n") + 1
    template.write_text(good.replace(name, '{% include "<b>part</b>.html" %}</h1>'),
                        encoding="utf-8")
    shown = browser.wait_until(lambda shown: ERROR_HEADING in shown["text"], "the error")
    assert f'mine/sections.html:{line}: there is no template "<b>part</b>.html"' in shown["text"]
    assert shown["documents"] == {}
    template.write_text(good.replace(name, "{{ resume.name | inline }} (mine)</h1>"),
                        encoding="utf-8")
    browser.wait_until(lambda shown: resume_drawn(shown, mine["version"]), "the résumé again")
    assert "Xiaoming Wang (mine)" in pdf_text(server.get("/pdf/en")[2])


def test_deep_nesting_shows_an_error_and_recovers(preview):
    folder, browser = preview.folder, preview.browser
    browser.wait_until(resume_drawn, "both languages")
    (folder / "profile.yaml").write_text("basics:\n  name: " + "[" * 1000 + "\n",
                                         encoding="utf-8")
    shown = browser.wait_until(lambda shown: ERROR_HEADING in shown["text"], "the error")
    assert shown["documents"] == {}
    (folder / "profile.yaml").write_text(MINIMAL_PROFILE, encoding="utf-8")
    browser.wait_until(resume_drawn, "the résumé again")
