"""`resume preview` in a real headless Chromium (Debian's package, driven through the
DevTools protocol): edit a file, and see the page change by itself; break the profile or a
theme's template, and see the located error, then the résumé again once it is fixed. How fast
is measured by `make bench`, not here."""

from __future__ import annotations

import json
import shutil
import socket
import subprocess
import threading
import time
import urllib.request
from contextlib import closing

import pytest
import websocket

from conftest import MINIMAL_PROFILE, write_profile
from resume.build import copy_theme
from resume.preview import Previewer, serve

CHROMIUM = shutil.which("chromium")
pytestmark = pytest.mark.skipif(CHROMIUM is None, reason="Debian's chromium is not installed")
# From saving a file to the refreshed page: a deadline against a preview that never
# refreshes, far above the target (`make bench`), so that a loaded machine never fails it.
REFRESH_SECONDS = 30.0
ERROR_HEADING = "The résumé cannot be shown until this is fixed"


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
        deadline = time.monotonic() + 30
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
        self.socket = websocket.create_connection(pages[0]["webSocketDebuggerUrl"], timeout=10)
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
        return self.call("Runtime.evaluate", expression=expression,
                         returnByValue=True)["result"].get("value")

    def frame_text(self, title: str) -> str:
        """What a reader sees in one language's frame (without the invisible joiners)."""
        script = (
            "(() => { const f = document.querySelector('iframe[title=TITLE]');"
            " return f && f.contentDocument && f.contentDocument.body"
            " ? f.contentDocument.body.innerText : ''; })()"
        ).replace("TITLE", title)
        return (self.evaluate(script) or "").replace("\u2060", "")

    def wait_for_frame(self, title: str, words: str, timeout: float) -> None:
        started = time.monotonic()
        while time.monotonic() - started < timeout:
            if words in self.frame_text(title):
                return
            time.sleep(0.02)
        raise AssertionError(f"{words!r} did not appear; the frame shows "
                             f"{self.frame_text(title)[:300]!r}")

    def close(self):
        self.socket.close()
        self.process.terminate()
        self.process.wait(timeout=10)


@pytest.fixture
def preview(tmp_path):
    folder = tmp_path / "profile"
    write_profile(folder, MINIMAL_PROFILE)
    previewer = Previewer(folder)
    ports: list[int] = []
    server = threading.Thread(target=serve, args=(previewer, 0, ports.append), daemon=True)
    server.start()
    deadline = time.monotonic() + 30
    while not ports:
        assert time.monotonic() < deadline, "the preview did not start listening"
        time.sleep(0.01)
    browser = Browser(tmp_path / "chromium")
    browser.call("Page.navigate", url=f"http://127.0.0.1:{ports[0]}/")
    yield folder, browser
    browser.close()


def test_both_languages_side_by_side(preview):
    _, browser = preview
    browser.wait_for_frame("zh", "构建调度系统", 10)
    browser.wait_for_frame("en", "Built a scheduler", 10)


def test_saving_a_file_refreshes_the_page_by_itself(preview):
    folder, browser = preview
    browser.wait_for_frame("en", "Built a scheduler", 10)
    profile = folder / "profile.yaml"
    profile.write_text(MINIMAL_PROFILE.replace("Built a scheduler", "Built a faster scheduler"),
                       encoding="utf-8")
    browser.wait_for_frame("en", "Built a faster scheduler", REFRESH_SECONDS)
    assert "构建调度系统" in browser.frame_text("zh")


def test_an_error_shows_on_the_page_located(preview):
    folder, browser = preview
    browser.wait_for_frame("en", "Built a scheduler", 10)
    broken = MINIMAL_PROFILE.replace("start: 2020-01", "start: 2020-13")
    (folder / "profile.yaml").write_text(broken, encoding="utf-8")
    browser.wait_for_frame("en", ERROR_HEADING, REFRESH_SECONDS)
    text = browser.frame_text("en")
    assert 'profile.yaml:8:12: experience[acme].start: "2020-13" is not a date' in text
    assert "Built a scheduler" not in text  # never a stale résumé beside an error
    (folder / "profile.yaml").write_text(MINIMAL_PROFILE, encoding="utf-8")
    browser.wait_for_frame("en", "Built a scheduler", REFRESH_SECONDS)


def test_a_broken_template_shows_on_the_page_and_recovers(preview):
    folder, browser = preview
    browser.wait_for_frame("en", "Built a scheduler", 10)
    copy_theme("classic", folder / "mine")
    (folder / "profile.yaml").write_text(MINIMAL_PROFILE + "design:\n  theme: mine\n",
                                         encoding="utf-8")
    template = folder / "mine" / "sections.html"
    good = template.read_text(encoding="utf-8")
    name = "{{ resume.name | inline }}</h1>"
    assert good.count(name) == 1
    line = good[: good.index(name)].count("\n") + 1
    template.write_text(good.replace(name, '{% include "<b>part</b>.html" %}</h1>'),
                        encoding="utf-8")
    browser.wait_for_frame("en", ERROR_HEADING, REFRESH_SECONDS)
    text = browser.frame_text("en")
    assert f'mine/sections.html:{line}: there is no template "<b>part</b>.html"' in text  # escaped
    assert "Built a scheduler" not in text
    template.write_text(good.replace(name, "{{ resume.name | inline }} (mine)</h1>"),
                        encoding="utf-8")
    browser.wait_for_frame("en", "Xiaoming Wang (mine)", REFRESH_SECONDS)


def test_deep_nesting_shows_an_error_and_recovers(preview):
    folder, browser = preview
    browser.wait_for_frame("en", "Built a scheduler", 10)
    (folder / "profile.yaml").write_text("basics:\n  name: " + "[" * 1000 + "\n",
                                         encoding="utf-8")
    browser.wait_for_frame("en", ERROR_HEADING, REFRESH_SECONDS)
    assert "Built a scheduler" not in browser.frame_text("en")
    (folder / "profile.yaml").write_text(MINIMAL_PROFILE, encoding="utf-8")
    browser.wait_for_frame("en", "Built a scheduler", REFRESH_SECONDS)
