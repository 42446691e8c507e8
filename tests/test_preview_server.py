"""`resume preview` without a browser: who the server answers (DNS rebinding, other sites),
clients that go away, a watcher that survives every error, and one that looks only at the
files a rendering reads."""

from __future__ import annotations

import http.client
import logging
import os
import re
import select
import signal
import socket
import struct
import subprocess
import sys
import time
from pathlib import Path

import pytest
from PIL import Image

from conftest import MINIMAL_PROFILE, PROJECT, write_profile
from resume import preview as preview_module
from resume.build import TEMPLATE_FOLDER, copy_theme
from resume.preview import Previewer

RESUME_TEXTS = ("Xiaoming Wang", "王小明", "xm@example.com", "Built a scheduler")
DEADLINE_SECONDS = 30


class Server:
    """`resume preview --port 0` in a process of its own, as a user starts it."""

    def __init__(self, folder: Path):
        self.process = subprocess.Popen(
            [sys.executable, "-m", "resume", "preview", "--profile", str(folder), "--port", "0"],
            cwd=PROJECT, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
            env={**os.environ, "PYTHONPATH": str(PROJECT)},
        )
        ready, _, _ = select.select([self.process.stdout], [], [], DEADLINE_SECONDS)
        line = self.process.stdout.readline() if ready else ""  # one line, when it listens
        match = re.search(r"http://127\.0\.0\.1:(\d+)/", line)
        if not match:
            self.process.kill()
            raise AssertionError(f"the preview did not start: {line!r} "
                                 f"{self.process.communicate(timeout=10)[1]}")
        self.port = int(match.group(1))
        self.host = f"127.0.0.1:{self.port}"

    def get(self, path: str, headers: dict[str, str] | None = None,
            host: str | None | list[str] = "") -> tuple[int, dict[str, str], str]:
        """Status, headers and body of GET `path`; `host`: "" for the right Host header,
        None for none, or the value(s) to send."""
        connection = http.client.HTTPConnection("127.0.0.1", self.port, timeout=10)
        try:
            connection.putrequest("GET", path, skip_host=True, skip_accept_encoding=True)
            hosts = [self.host] if host == "" else [] if host is None else (
                host if isinstance(host, list) else [host])
            for value in hosts:
                connection.putheader("Host", value)
            for name, value in (headers or {}).items():
                connection.putheader(name, value)
            connection.endheaders()
            response = connection.getresponse()
            # An event stream never ends: its headers are the answer.
            streaming = response.getheader("Content-Type") == "text/event-stream"
            body = "" if streaming else response.read().decode("utf-8")
            return response.status, dict(response.getheaders()), body
        finally:
            connection.close()

    def wait_for_page(self, words: str) -> str:
        deadline = time.monotonic() + DEADLINE_SECONDS
        while True:
            status, _, body = self.get("/page/en")
            if status == 200 and words in body:
                return body
            if time.monotonic() > deadline:
                raise AssertionError(f"{words!r} never appeared; the page is {body[:300]!r}")
            time.sleep(0.05)

    def stop(self) -> str:
        """Stop it as Ctrl-C does; what it wrote on standard error."""
        self.process.send_signal(signal.SIGINT)
        try:
            _, stderr = self.process.communicate(timeout=DEADLINE_SECONDS)
        except subprocess.TimeoutExpired:
            self.process.kill()
            raise
        assert self.process.returncode == 0, stderr
        return stderr


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    folder = tmp_path_factory.mktemp("served")
    write_profile(folder, MINIMAL_PROFILE)
    running = Server(folder)
    running.wait_for_page("Built a scheduler")
    yield running
    running.stop()


FOREIGN_HOSTS = {
    "another name": "evil.example",
    "another name, this port": "evil.example:{port}",
    "a name that starts like ours": "127.0.0.1.evil.example:{port}",
    "another port": "127.0.0.1:{other}",
    "localhost, another port": "localhost:{other}",
    "no port": "127.0.0.1",
    "IPv6, where it does not listen": "[::1]:{port}",
    "ours with a suffix": "localhost:{port}.evil.example",
}


@pytest.mark.parametrize("path", ["/", "/page/en", "/page/zh", "/events"])
@pytest.mark.parametrize("name", FOREIGN_HOSTS)
def test_a_foreign_host_gets_nothing_of_the_resume(server, name, path):
    host = FOREIGN_HOSTS[name].format(port=server.port, other=server.port + 1)
    status, headers, body = server.get(path, host=host)
    assert status == 421
    assert headers["Content-Type"].startswith("text/plain")
    assert not any(text in body for text in RESUME_TEXTS)


@pytest.mark.parametrize("hosts", [None, "two of ours", "ours and another"])
def test_no_host_or_several_get_nothing(server, hosts):
    sent = {None: None, "two of ours": [server.host, server.host],
            "ours and another": [server.host, "evil.example"]}[hosts]
    status, _, body = server.get("/page/en", host=sent)
    assert status == 421
    assert not any(text in body for text in RESUME_TEXTS)


@pytest.mark.parametrize("request_line", ["GET /page/en", "GET /page/en HTTP/1.0"])
def test_requests_of_old_protocols_without_a_host_get_nothing(server, request_line):
    with socket.create_connection(("127.0.0.1", server.port), timeout=10) as client:
        client.sendall(f"{request_line}\r\n\r\n".encode())
        answer = b""
        while chunk := client.recv(65536):  # the server closes when it has answered
            answer += chunk
    assert answer  # an answer, and nothing of the résumé in it
    assert not any(text.encode() in answer for text in RESUME_TEXTS)


@pytest.mark.parametrize("host", ["127.0.0.1:{port}", "localhost:{port}", "LocalHost:{port}"])
def test_the_preview_s_own_names_are_answered(server, host):
    status, _, body = server.get("/page/en", host=host.format(port=server.port))
    assert status == 200
    assert "Built a scheduler" in body


@pytest.mark.parametrize("path", ["/page/en", "/events"])
@pytest.mark.parametrize("headers", [
    {"Sec-Fetch-Site": "cross-site"},
    {"Sec-Fetch-Site": "same-site"},  # another port of localhost is the same site
    {"Origin": "http://evil.example"},
    {"Origin": "null"},
    {"Origin": "http://localhost:1"},
    {"Sec-Fetch-Site": "same-origin", "Origin": "http://evil.example"},
])
def test_another_site_cannot_read_the_resume_or_its_events(server, path, headers):
    status, _, body = server.get(path, headers=headers)
    assert status == 403
    assert not any(text in body for text in RESUME_TEXTS)


@pytest.mark.parametrize("headers", [
    {},
    {"Sec-Fetch-Site": "same-origin"},
    {"Sec-Fetch-Site": "none"},  # typed into the address bar
    {"Origin": "http://{host}"},
])
def test_the_preview_s_own_page_reads_the_resume_and_its_events(server, headers):
    headers = {name: value.format(host=server.host) for name, value in headers.items()}
    assert server.get("/page/en", headers=headers)[0] == 200
    status, response_headers, _ = server.get("/events", headers=headers)
    assert status == 200
    assert response_headers["Content-Type"] == "text/event-stream"


@pytest.mark.parametrize("path", ["/", "/page/en", "/events", "/nothing"])
def test_no_response_allows_other_origins(server, path):
    for headers in ({}, {"Origin": "http://evil.example"}):
        _, response_headers, _ = server.get(path, headers=headers)
        assert not [name for name in response_headers if name.lower().startswith("access-control")]


def reset_after_request(port: int, request: bytes) -> None:
    """Send `request` and drop the connection at once with a reset, as a browser does that
    closes a tab while the answer is on its way."""
    with socket.create_connection(("127.0.0.1", port), timeout=10) as client:
        client.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
        client.sendall(request)


def test_a_client_that_goes_away_leaves_no_traceback(tmp_path):
    folder = tmp_path / "profile"
    write_profile(folder, MINIMAL_PROFILE)
    running = Server(folder)
    try:
        running.wait_for_page("Built a scheduler")
        for path in ("/page/en", "/page/zh", "/", "/events"):
            for _ in range(5):
                reset_after_request(running.port, f"GET {path} HTTP/1.1\r\nHost: "
                                    f"{running.host}\r\n\r\n".encode())
        # An event stream whose page closed, then a new rendering to announce on it.
        with socket.create_connection(("127.0.0.1", running.port), timeout=10) as client:
            client.sendall(f"GET /events HTTP/1.1\r\nHost: {running.host}\r\n\r\n".encode())
            assert client.recv(4096).startswith(b"HTTP/1.0 200")
            client.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
        (folder / "profile.yaml").write_text(
            MINIMAL_PROFILE.replace("Built a scheduler", "Built a new scheduler"),
            encoding="utf-8")
        running.wait_for_page("Built a new scheduler")  # still serving
    finally:
        stderr = running.stop()
    assert "Traceback" not in stderr
    assert stderr == ""


# The watcher, in this process: no server needed.

def render_once(folder: Path, **options) -> Previewer:
    previewer = Previewer(folder, **options)
    previewer.render()
    return previewer


def test_a_broken_template_shows_located_and_recovers(tmp_path):
    write_profile(tmp_path, MINIMAL_PROFILE + "design:\n  theme: mine\n")
    copy_theme("classic", tmp_path / "mine")
    previewer = render_once(tmp_path)
    assert "Built a scheduler" in previewer.rendering.pages["en"]
    template = tmp_path / "mine" / "sections.html"
    good = template.read_text(encoding="utf-8")
    lines = good.splitlines(keepends=True)
    broken_line = next(number for number, line in enumerate(lines, 1) if "{%" in line)
    lines[broken_line - 1] = lines[broken_line - 1].replace("{%", "{% nonsense <b>", 1)
    template.write_text("".join(lines), encoding="utf-8")
    assert previewer.poll()
    assert previewer.rendering.pages == {}
    [error] = previewer.rendering.errors
    assert re.search(rf"mine/sections\.html:{broken_line}: .*'nonsense'", error), error
    template.write_text(good.replace("{{", "{{ no_such_name ~", 1), encoding="utf-8")
    assert previewer.poll()
    [error] = previewer.rendering.errors
    assert re.search(r"mine/sections\.html:\d+: 'no_such_name' is undefined", error), error
    template.write_text(good, encoding="utf-8")
    assert previewer.poll()
    assert previewer.rendering.errors == []
    assert "Built a scheduler" in previewer.rendering.pages["en"]


def test_deep_nesting_shows_an_error_and_recovers(tmp_path):
    previewer = render_once(write_profile(tmp_path, MINIMAL_PROFILE).parent)
    (tmp_path / "profile.yaml").write_text("basics:\n  name: " + "[" * 1000 + "\n",
                                           encoding="utf-8")
    assert previewer.poll()
    assert previewer.rendering.pages == {}
    assert len(previewer.rendering.errors) == 1
    (tmp_path / "profile.yaml").write_text(MINIMAL_PROFILE, encoding="utf-8")
    assert previewer.poll()
    assert previewer.rendering.errors == []
    assert "Built a scheduler" in previewer.rendering.pages["en"]


def test_a_bug_shows_one_line_logs_once_and_recovers(tmp_path, monkeypatch, caplog):
    previewer = render_once(write_profile(tmp_path, MINIMAL_PROFILE).parent)

    def failing_check(*arguments, **options):
        raise ZeroDivisionError("a secret detail of the bug")

    monkeypatch.setattr(preview_module, "check", failing_check)
    with caplog.at_level(logging.ERROR, logger="resume.preview"):
        for edit in range(3):
            (tmp_path / "profile.yaml").write_text(MINIMAL_PROFILE + "#" * (edit + 1),
                                                   encoding="utf-8")
            assert previewer.poll()
    [line] = previewer.rendering.errors
    assert line.startswith("internal error (ZeroDivisionError)")
    assert "secret detail" not in line
    [record] = caplog.records  # the same bug three times: one traceback
    assert "Traceback" in record.getMessage() and "failing_check" in record.getMessage()
    monkeypatch.undo()
    (tmp_path / "profile.yaml").write_text(MINIMAL_PROFILE, encoding="utf-8")
    assert previewer.poll()
    assert previewer.rendering.errors == []
    assert "Built a scheduler" in previewer.rendering.pages["en"]


def test_the_watcher_survives_a_bug_in_watching(tmp_path, monkeypatch, caplog):
    import threading

    previewer = Previewer(write_profile(tmp_path, MINIMAL_PROFILE).parent)
    failures = iter([True, True])

    def poll_that_fails_twice() -> bool:
        if next(failures, False):
            raise RuntimeError("a bug in watching")
        return Previewer.poll(previewer)

    monkeypatch.setattr(previewer, "poll", poll_that_fails_twice)
    stop = threading.Event()
    watcher = threading.Thread(target=previewer.watch, args=(stop,), daemon=True)
    with caplog.at_level(logging.ERROR, logger="resume.preview"):
        watcher.start()
        try:
            first = previewer.wait_for(0, timeout=DEADLINE_SECONDS)
            assert first.errors == []
            (tmp_path / "profile.yaml").write_text(
                MINIMAL_PROFILE.replace("Built a scheduler", "Built a new scheduler"),
                encoding="utf-8")
            latest = previewer.wait_for(first.version, timeout=DEADLINE_SECONDS)
            assert "Built a new scheduler" in latest.pages["en"]
        finally:
            stop.set()
            watcher.join(timeout=DEADLINE_SECONDS)
    assert len(caplog.records) == 1


def make_photo(path: Path) -> None:
    Image.new("RGB", (25, 35), (200, 200, 200)).save(path)


def test_the_watcher_looks_only_at_the_files_a_rendering_reads(tmp_path, monkeypatch):
    profile_text = MINIMAL_PROFILE.replace(
        "  email: xm@example.com\n",
        "  email: xm@example.com\n  photo: {file: me.png}\n") + "design:\n  theme: mine\n"
    write_profile(tmp_path, profile_text)
    copy_theme("classic", tmp_path / "mine")
    make_photo(tmp_path / "me.png")
    (tmp_path / "targets").mkdir()
    (tmp_path / "targets" / "platform.yaml").write_text("include: []\n", encoding="utf-8")
    for folder in (tmp_path, tmp_path / "mine", tmp_path / "notes"):
        folder.mkdir(exist_ok=True)
        for number in range(2000):
            (folder / f"unrelated-{number}.txt").write_text("x", encoding="utf-8")
    previewer = render_once(tmp_path, target="platform")
    assert previewer.rendering.errors == []
    read = {tmp_path / "profile.yaml", tmp_path / "me.png", tmp_path / "targets",
            tmp_path / "targets" / "platform.yaml", tmp_path / "mine" / "style.css"}
    templates = {folder / path.name for path in TEMPLATE_FOLDER.glob("*.html")
                 for folder in (tmp_path / "mine", TEMPLATE_FOLDER)}
    assert read <= previewer.watched <= read | templates

    calls = {"stat": 0, "listing": 0}
    real_stat = os.stat

    def counting_stat(*arguments, **options):
        calls["stat"] += 1
        return real_stat(*arguments, **options)

    def no_listing(*arguments, **options):
        calls["listing"] += 1
        raise AssertionError("the watcher lists a folder")

    monkeypatch.setattr(os, "stat", counting_stat)
    for name in ("scandir", "listdir", "walk"):
        monkeypatch.setattr(os, name, no_listing)
    assert not previewer.poll()
    monkeypatch.undo()
    assert calls == {"stat": len(previewer.watched), "listing": 0}

    for unrelated in (tmp_path / "unrelated-1.txt", tmp_path / "mine" / "unrelated-1.txt",
                      tmp_path / "notes" / "unrelated-1.txt"):
        unrelated.write_text("changed", encoding="utf-8")
        assert not previewer.poll()
    (tmp_path / "new-unrelated.txt").write_text("x", encoding="utf-8")
    assert not previewer.poll()
    (tmp_path / "me.png").write_bytes((tmp_path / "me.png").read_bytes() + b"\0")
    assert previewer.poll()


def test_files_that_become_relevant_are_noticed(tmp_path):
    write_profile(tmp_path, MINIMAL_PROFILE)
    previewer = render_once(tmp_path, target="backend")
    assert 'no target "backend"' in previewer.rendering.errors[0]
    (tmp_path / "targets").mkdir()
    assert previewer.poll()
    (tmp_path / "targets" / "backend.yaml").write_text("theme: mine\n", encoding="utf-8")
    assert previewer.poll()
    assert 'unknown theme "mine"' in previewer.rendering.errors[0]
    copy_theme("modern", tmp_path / "mine")
    assert previewer.poll()
    assert previewer.rendering.errors == []
    assert 'class="sidebar"' in previewer.rendering.pages["en"]
    style = tmp_path / "mine" / "style.css"
    style.write_text(style.read_text(encoding="utf-8") + "\n/* watched-marker */\n",
                     encoding="utf-8")
    assert previewer.poll()
    assert "watched-marker" in previewer.rendering.pages["en"]
    # A template the theme did not override, added later, replaces the built-in one.
    (tmp_path / "mine" / "sections.html").unlink()
    assert previewer.poll()
    assert previewer.rendering.errors == []
    (tmp_path / "mine" / "sections.html").write_text(
        (TEMPLATE_FOLDER / "sections.html").read_text(encoding="utf-8")
        + "{# override-marker #}\n", encoding="utf-8")
    assert previewer.poll()
    assert previewer.rendering.errors == []
