"""`resume preview` without a browser: the PDFs it serves are those `resume build` writes,
its page images are their pages, and its report is the build's; who the server answers (DNS
rebinding, other sites); clients that go away; a watcher that survives every error and
looks only at the files a build reads."""

from __future__ import annotations

import html
import http.client
import io
import logging
import os
import re
import select
import shutil
import signal
import socket
import struct
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest
from pdfminer.high_level import extract_text
from PIL import Image
from pypdf import PdfReader

from conftest import FIXED_EPOCH, MINIMAL_PROFILE, PROJECT, run_build, write_profile
from resume import builders
from resume import preview as preview_module
from resume.assets import THEMES_FOLDER as STYLES
from resume.build import TEMPLATE_FOLDER, BuildOptions, copy_theme
from resume.builders import BuildJob
from resume.preview import ERROR_HEADING, PAGE_IMAGE_DPI, Previewer

FIT_PROFILE = Path(__file__).parent / "cases" / "fit_margins.yaml"
DEADLINE_SECONDS = 60
IMAGE_SOURCE = re.compile(r'<img class="page" src="(/page/[^"]+)"')
A4_INCHES = (210 / 25.4, 297 / 25.4)
LETTER_INCHES = (8.5, 11.0)
REFUSED = "Only the preview's own page may read this.\n"


def pdf_text(pdf: bytes) -> str:
    """What a reader finds in a PDF (without the invisible joiners)."""
    return extract_text(io.BytesIO(pdf)).replace("\u2060", "")


def page_count(pdf: bytes) -> int:
    return len(PdfReader(io.BytesIO(pdf)).pages)


class Server:
    """`resume preview --port 0` in a process of its own, as a user starts it."""

    def __init__(self, folder: Path, *options: str, epoch: str | None = FIXED_EPOCH):
        environment = {k: v for k, v in os.environ.items() if k != "SOURCE_DATE_EPOCH"}
        if epoch is not None:
            environment["SOURCE_DATE_EPOCH"] = epoch
        self.process = subprocess.Popen(
            [sys.executable, "-m", "resume", "preview", "--profile", str(folder), "--port", "0",
             *options],
            cwd=PROJECT, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
            env={**environment, "PYTHONPATH": str(PROJECT)},
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
            host: str | None | list[str] = "") -> tuple[int, dict[str, str], bytes]:
        """Status, headers and body of GET `path`; `host`: "" for the right Host header,
        None for none, or the value(s) to send."""
        connection = http.client.HTTPConnection("127.0.0.1", self.port, timeout=30)
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
            body = b"" if streaming else response.read()
            return response.status, dict(response.getheaders()), body
        finally:
            connection.close()

    def view(self) -> str:
        status, _, body = self.get("/view")
        assert status == 200
        return body.decode("utf-8")

    def wait_for_view(self, words: str) -> str:
        deadline = time.monotonic() + DEADLINE_SECONDS
        while True:
            view = self.view()
            if words in view:
                return view
            if time.monotonic() > deadline:
                raise AssertionError(f"{words!r} never appeared; the view is {view[:400]!r}")
            time.sleep(0.05)

    def wait_for_pdf(self, language: str, words: str) -> bytes:
        """The served PDF of `language` once its text holds `words`."""
        deadline = time.monotonic() + DEADLINE_SECONDS
        while True:
            status, _, body = self.get(f"/pdf/{language}")
            if status == 200 and words in pdf_text(body):
                return body
            if time.monotonic() > deadline:
                raise AssertionError(f"{words!r} never appeared in the {language} PDF "
                                     f"(status {status})")
            time.sleep(0.1)

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
    running.wait_for_pdf("en", "Built a scheduler")
    yield running
    running.stop()


# What it shows: the PDFs of `resume build`, their pages, their report

# A profile, the options, and SOURCE_DATE_EPOCH, which the preview takes from its
# environment as a build does (dated from it, or not dated).
BUILDS = {
    "default options": (MINIMAL_PROFILE, (), FIXED_EPOCH),
    "no SOURCE_DATE_EPOCH": (MINIMAL_PROFILE, (), None),
    "fitted to one page, another theme": (FIT_PROFILE.read_text(encoding="utf-8"),
                                          ("--pages", "1", "--theme", "modern"), FIXED_EPOCH),
}


@pytest.mark.parametrize("name", BUILDS)
def test_the_pdfs_are_those_resume_build_writes(tmp_path, name):
    profile, options, epoch = BUILDS[name]
    write_profile(tmp_path / "profile", profile)
    built = run_build("--profile", tmp_path / "profile", "--out", tmp_path / "out", *options,
                      epoch=epoch)
    assert built.returncode == 0, built.stderr
    running = Server(tmp_path / "profile", *options, epoch=epoch)
    try:
        view = running.wait_for_view('class="documents"')
        for language in ("zh", "en"):
            written = (tmp_path / "out" / f"xiaoming-wang-{language}.pdf").read_bytes()
            status, headers, served = running.get(f"/pdf/{language}")
            assert status == 200
            assert headers["Content-Type"] == "application/pdf"
            assert headers["Content-Disposition"] == (
                f"inline; filename*=UTF-8''xiaoming-wang-{language}.pdf")
            assert served == written
            # The report beside the pages is what the build printed of the same file.
            [line] = [line for line in built.stdout.splitlines()
                      if f"xiaoming-wang-{language}.pdf" in line]
            pages, fill = re.search(r"(\d+ pages?) .* (last page \d+% full)", line).groups()
            assert f"{pages} · " in view and fill in view
            if "--pages" in options:
                fitted = line.split("fitted: ", 1)[1]
                assert f"fitted: {fitted}" in view
    finally:
        running.stop()


def test_the_page_images_are_the_pdf_s_pages(server):
    view = server.view()
    for language in ("zh", "en"):
        _, _, pdf = server.get(f"/pdf/{language}")
        sources = [source for source in IMAGE_SOURCE.findall(view)
                   if source.startswith(f"/page/{language}/")]
        assert len(sources) == page_count(pdf) >= 1
        for source in sources:
            status, headers, body = server.get(source)
            assert status == 200
            assert headers["Content-Type"] == "image/jpeg"
            image = Image.open(io.BytesIO(body))
            assert near(image.size, A4_INCHES)  # at the preview's resolution
            # The page of the PDF, not a blank: some of it is ink.
            assert image.convert("L").getextrema()[0] < 128
    status, _, _ = server.get("/page/en/2.jpg")  # a page the PDF does not have
    assert status == 404


def test_an_image_address_changes_with_each_build(tmp_path):
    write_profile(tmp_path, MINIMAL_PROFILE)
    with Previewer(tmp_path) as previewer:
        previewer.render()
        first = preview_module.view_fragment(previewer.rendering)
        (tmp_path / "profile.yaml").write_text(
            MINIMAL_PROFILE.replace("Built a scheduler", "Built a new scheduler"),
            encoding="utf-8")
        assert previewer.poll()
        second = preview_module.view_fragment(previewer.rendering)
    assert set(IMAGE_SOURCE.findall(first)).isdisjoint(IMAGE_SOURCE.findall(second))


def test_the_profile_s_paper_and_warnings_are_shown(tmp_path):
    profile = (MINIMAL_PROFILE.replace("{zh: 构建调度系统, en: Built a scheduler}",
                                       "{zh: 构建调度系统}")
               + "design:\n  paper: letter\n")
    write_profile(tmp_path, profile)
    with Previewer(tmp_path) as previewer:
        previewer.render()
        rendering = previewer.rendering
        assert rendering.errors == []
        [warning] = rendering.warnings
        assert "experience[acme].highlights[0]: no en text" in warning
        assert html.escape(warning) in preview_module.view_fragment(rendering)
        image = Image.open(io.BytesIO(rendering.documents["en"].page_image(1)))
    assert near(image.size, LETTER_INCHES)


def near(pixels: tuple[int, int], inches: tuple[float, float]) -> bool:
    """Whether an image is a page of that size at the preview's resolution (PDFium rounds
    a fraction of a pixel up)."""
    return all(0 <= size - inch * PAGE_IMAGE_DPI < 1 for size, inch in zip(pixels, inches,
                                                                           strict=True))


def test_a_broken_profile_shows_the_located_error_and_recovers(tmp_path):
    write_profile(tmp_path, MINIMAL_PROFILE)
    running = Server(tmp_path)
    try:
        running.wait_for_view('class="documents"')
        (tmp_path / "profile.yaml").write_text(
            MINIMAL_PROFILE.replace("start: 2020-01", "start: 2020-13"), encoding="utf-8")
        view = running.wait_for_view(ERROR_HEADING)
        assert html.escape('profile.yaml:8:12: experience[acme].start: "2020-13" is not a '
                           "date") in view
        assert "<img" not in view  # never a stale résumé beside an error
        assert running.get("/pdf/en")[0] == 404
        assert running.get("/page/en/1.jpg")[0] == 404
        (tmp_path / "profile.yaml").write_text(
            MINIMAL_PROFILE.replace("Built a scheduler", "Built a fixed scheduler"),
            encoding="utf-8")
        running.wait_for_view('class="documents"')
        running.wait_for_pdf("en", "Built a fixed scheduler")
    finally:
        stderr = running.stop()
    assert stderr == ""


# Who it answers

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
RESUME_PATHS = ["/view", "/page/en/1.jpg", "/pdf/en", "/pdf/zh", "/events"]


@pytest.mark.parametrize("path", ["/", *RESUME_PATHS])
@pytest.mark.parametrize("name", FOREIGN_HOSTS)
def test_a_foreign_host_gets_nothing_of_the_resume(server, name, path):
    host = FOREIGN_HOSTS[name].format(port=server.port, other=server.port + 1)
    status, headers, body = server.get(path, host=host)
    assert status == 421
    assert headers["Content-Type"].startswith("text/plain")
    assert body == f"This preview answers only at http://127.0.0.1:{server.port}/\n".encode()


@pytest.mark.parametrize("hosts", [None, "two of ours", "ours and another"])
def test_no_host_or_several_get_nothing(server, hosts):
    sent = {None: None, "two of ours": [server.host, server.host],
            "ours and another": [server.host, "evil.example"]}[hosts]
    status, _, body = server.get("/pdf/en", host=sent)
    assert status == 421
    assert b"%PDF" not in body


@pytest.mark.parametrize("request_line", ["GET /pdf/en", "GET /pdf/en HTTP/1.0"])
def test_requests_of_old_protocols_without_a_host_get_nothing(server, request_line):
    with socket.create_connection(("127.0.0.1", server.port), timeout=10) as client:
        client.sendall(f"{request_line}\r\n\r\n".encode())
        answer = b""
        while chunk := client.recv(65536):  # the server closes when it has answered
            answer += chunk
    assert answer  # an answer, and nothing of the résumé in it
    assert b"%PDF" not in answer


@pytest.mark.parametrize("host", ["127.0.0.1:{port}", "localhost:{port}", "LocalHost:{port}"])
def test_the_preview_s_own_names_are_answered(server, host):
    status, _, body = server.get("/pdf/en", host=host.format(port=server.port))
    assert status == 200
    assert "Built a scheduler" in pdf_text(body)


@pytest.mark.parametrize("path", RESUME_PATHS)
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
    assert body == REFUSED.encode()


@pytest.mark.parametrize("headers", [
    {},
    {"Sec-Fetch-Site": "same-origin"},
    {"Sec-Fetch-Site": "none"},  # typed into the address bar
    {"Origin": "http://{host}"},
])
def test_the_preview_s_own_page_reads_the_resume_and_its_events(server, headers):
    headers = {name: value.format(host=server.host) for name, value in headers.items()}
    for path in ("/view", "/page/en/1.jpg", "/pdf/en"):
        assert server.get(path, headers=headers)[0] == 200
    status, response_headers, _ = server.get("/events", headers=headers)
    assert status == 200
    assert response_headers["Content-Type"] == "text/event-stream"


def test_the_page_itself_holds_nothing_of_the_resume(server):
    status, _, body = server.get("/", headers={"Sec-Fetch-Site": "cross-site"})
    assert status == 200
    page = body.decode("utf-8")
    assert not any(text in page for text in ("Xiaoming", "王小明", "xm@example.com", "/pdf/"))


@pytest.mark.parametrize("path", ["/", *RESUME_PATHS, "/nothing"])
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
        running.wait_for_pdf("en", "Built a scheduler")
        for path in ("/pdf/en", "/page/zh/1.jpg", "/view", "/", "/events"):
            for _ in range(5):
                reset_after_request(running.port, f"GET {path} HTTP/1.1\r\nHost: "
                                    f"{running.host}\r\n\r\n".encode())
        # An event stream whose page closed, then a new build to announce on it.
        with socket.create_connection(("127.0.0.1", running.port), timeout=10) as client:
            client.sendall(f"GET /events HTTP/1.1\r\nHost: {running.host}\r\n\r\n".encode())
            assert client.recv(4096).startswith(b"HTTP/1.0 200")
            client.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
        (folder / "profile.yaml").write_text(
            MINIMAL_PROFILE.replace("Built a scheduler", "Built a new scheduler"),
            encoding="utf-8")
        running.wait_for_pdf("en", "Built a new scheduler")  # still serving
    finally:
        stderr = running.stop()
    assert "Traceback" not in stderr
    assert stderr == ""


# The watcher, in this process: no server needed.

@pytest.fixture
def previewers():
    """Previewers made by a test, closed (their builder processes stopped) after it."""
    made: list[Previewer] = []

    def make(folder: Path, **options) -> Previewer:
        made.append(Previewer(folder, **options))
        return made[-1]

    yield make
    for previewer in made:
        previewer.close()


def rendered(previewers, folder: Path, **options) -> Previewer:
    previewer = previewers(folder, **options)
    previewer.render()
    return previewer


def en_text(previewer: Previewer) -> str:
    return pdf_text(previewer.rendering.documents["en"].pdf)


def test_a_broken_template_shows_located_and_recovers(tmp_path, previewers):
    write_profile(tmp_path, MINIMAL_PROFILE + "design:\n  theme: mine\n")
    copy_theme("classic", tmp_path / "mine")
    previewer = rendered(previewers, tmp_path)
    assert "Built a scheduler" in en_text(previewer)
    template = tmp_path / "mine" / "sections.html"
    good = template.read_text(encoding="utf-8")
    lines = good.splitlines(keepends=True)
    broken_line = next(number for number, line in enumerate(lines, 1) if "{%" in line)
    lines[broken_line - 1] = lines[broken_line - 1].replace("{%", "{% nonsense <b>", 1)
    template.write_text("".join(lines), encoding="utf-8")
    assert previewer.poll()
    assert previewer.rendering.documents == {}
    [error] = previewer.rendering.errors
    assert re.search(rf"mine/sections\.html:{broken_line}: .*'nonsense'", error), error
    template.write_text(good.replace("{{", "{{ no_such_name ~", 1), encoding="utf-8")
    assert previewer.poll()
    [error] = previewer.rendering.errors
    assert re.search(r"mine/sections\.html:\d+: 'no_such_name' is undefined", error), error
    template.write_text(good, encoding="utf-8")
    assert previewer.poll()
    assert previewer.rendering.errors == []
    assert "Built a scheduler" in en_text(previewer)


def test_a_template_broken_on_the_first_build_is_watched(tmp_path, previewers):
    write_profile(tmp_path, MINIMAL_PROFILE + "design:\n  theme: mine\n")
    copy_theme("classic", tmp_path / "mine")
    template = tmp_path / "mine" / "resume.html"
    good = template.read_text(encoding="utf-8")
    template.write_text(good.replace("{{", "{{ no_such_name ~", 1), encoding="utf-8")
    previewer = rendered(previewers, tmp_path)
    [error] = previewer.rendering.errors
    assert "mine/resume.html" in error and template in previewer.watched
    template.write_text(good, encoding="utf-8")
    assert previewer.poll()
    assert previewer.rendering.errors == []


def test_deep_nesting_shows_an_error_and_recovers(tmp_path, previewers):
    previewer = rendered(previewers, write_profile(tmp_path, MINIMAL_PROFILE).parent)
    (tmp_path / "profile.yaml").write_text("basics:\n  name: " + "[" * 1000 + "\n",
                                           encoding="utf-8")
    assert previewer.poll()
    assert previewer.rendering.documents == {}
    assert len(previewer.rendering.errors) == 1
    (tmp_path / "profile.yaml").write_text(MINIMAL_PROFILE, encoding="utf-8")
    assert previewer.poll()
    assert previewer.rendering.errors == []
    assert "Built a scheduler" in en_text(previewer)


def test_a_bug_shows_one_line_logs_once_and_recovers(tmp_path, monkeypatch, caplog, previewers):
    previewer = rendered(previewers, write_profile(tmp_path, MINIMAL_PROFILE).parent)

    def failing_document(*arguments, **options):
        raise ZeroDivisionError("a secret detail of the bug")

    monkeypatch.setattr(preview_module, "PreviewDocument", failing_document)
    with caplog.at_level(logging.ERROR, logger="resume.preview"):
        for edit in range(3):
            (tmp_path / "profile.yaml").write_text(MINIMAL_PROFILE + "#" * (edit + 1),
                                                   encoding="utf-8")
            assert previewer.poll()
    [line] = previewer.rendering.errors
    assert line.startswith("internal error (ZeroDivisionError)")
    assert "secret detail" not in line
    [record] = caplog.records  # the same bug three times: one traceback
    assert "Traceback" in record.getMessage() and "failing_document" in record.getMessage()
    monkeypatch.undo()
    (tmp_path / "profile.yaml").write_text(MINIMAL_PROFILE, encoding="utf-8")
    assert previewer.poll()
    assert previewer.rendering.errors == []
    assert "Built a scheduler" in en_text(previewer)


def test_a_bug_in_a_builder_comes_back_with_its_traceback(tmp_path, monkeypatch):
    write_profile(tmp_path, MINIMAL_PROFILE)

    def failing_build(*arguments, **options):
        raise ZeroDivisionError("a detail of the bug")

    monkeypatch.setattr(builders, "build_in_memory", failing_build)
    outcome = builders.build_outcome(BuildJob(BuildOptions(profile=tmp_path), PAGE_IMAGE_DPI))
    name, formatted = outcome.bug
    assert name == "ZeroDivisionError"
    assert "failing_build" in formatted and "a detail of the bug" in formatted
    assert outcome.pdfs == [] and outcome.problems == []
    # What the checks found to read is watched all the same.
    assert outcome.reads == {STYLES / "classic" / "style.css"}


def test_a_change_of_the_profile_s_languages_is_followed(tmp_path, previewers):
    previewer = rendered(previewers, write_profile(tmp_path, MINIMAL_PROFILE).parent)
    assert list(previewer.rendering.documents) == ["zh", "en"]
    (tmp_path / "profile.yaml").write_text(
        MINIMAL_PROFILE.replace("languages: [zh, en]", "languages: [en, zh]"),
        encoding="utf-8")
    assert previewer.poll()
    assert list(previewer.rendering.documents) == ["en", "zh"]
    english_only = (MINIMAL_PROFILE.replace("languages: [zh, en]", "languages: [en]")
                    .replace("{zh: 王小明, en: Xiaoming Wang}", "Xiaoming Wang")
                    .replace("{zh: 构建调度系统, en: Built a scheduler}", "Built a scheduler"))
    (tmp_path / "profile.yaml").write_text(english_only, encoding="utf-8")
    assert previewer.poll()
    assert previewer.rendering.errors == []
    assert list(previewer.rendering.documents) == ["en"]
    assert "Built a scheduler" in en_text(previewer)


def test_a_builder_that_dies_is_a_bug_shown_and_replaced(tmp_path, caplog, previewers):
    previewer = rendered(previewers, write_profile(tmp_path, MINIMAL_PROFILE).parent)
    for process in previewer.builders.processes:  # as the OOM killer would
        process.kill()
        process.wait(timeout=DEADLINE_SECONDS)
    (tmp_path / "profile.yaml").write_text(MINIMAL_PROFILE + "# edit\n", encoding="utf-8")
    with caplog.at_level(logging.ERROR, logger="resume.preview"):
        assert previewer.poll()
    [line] = previewer.rendering.errors
    assert line.startswith("internal error (builder process ended)")
    assert "exit status -9" in caplog.text
    (tmp_path / "profile.yaml").write_text(MINIMAL_PROFILE, encoding="utf-8")
    assert previewer.poll()
    assert previewer.rendering.errors == []


def test_the_watcher_survives_a_bug_in_watching(tmp_path, monkeypatch, caplog, previewers):
    previewer = previewers(write_profile(tmp_path, MINIMAL_PROFILE).parent)
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
            assert "Built a new scheduler" in pdf_text(latest.documents["en"].pdf)
        finally:
            stop.set()
            watcher.join(timeout=DEADLINE_SECONDS)
    assert len(caplog.records) == 1


def make_photo(path: Path) -> None:
    Image.new("RGB", (25, 35), (200, 200, 200)).save(path)


def test_the_watcher_looks_only_at_the_files_a_build_reads(tmp_path, monkeypatch, previewers):
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
    previewer = rendered(previewers, tmp_path, target="platform")
    assert previewer.rendering.errors == []
    read = {tmp_path / "profile.yaml", tmp_path / "me.png", tmp_path / "targets",
            tmp_path / "targets" / "platform.yaml", tmp_path / "mine" / "style.css",
            tmp_path / "mine" / "resume.html", tmp_path / "mine" / "sections.html"}
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


def test_files_that_become_relevant_are_noticed(tmp_path, previewers):
    write_profile(tmp_path, MINIMAL_PROFILE)
    previewer = rendered(previewers, tmp_path, target="backend")
    assert 'no target "backend"' in previewer.rendering.errors[0]
    (tmp_path / "targets").mkdir()
    assert previewer.poll()
    (tmp_path / "targets" / "backend.yaml").write_text("theme: mine\n", encoding="utf-8")
    assert previewer.poll()
    assert 'unknown theme "mine"' in previewer.rendering.errors[0]
    copy_theme("modern", tmp_path / "mine")
    assert previewer.poll()
    assert previewer.rendering.errors == []
    style = tmp_path / "mine" / "style.css"
    style.write_text(style.read_text(encoding="utf-8")
                     + '\nh1::after { content: " Watchedmarker"; }\n', encoding="utf-8")
    assert previewer.poll()
    assert "Watchedmarker" in en_text(previewer)
    # A template the theme did not override, added later, replaces the built-in one.
    (tmp_path / "mine" / "sections.html").unlink()
    assert previewer.poll()
    assert previewer.rendering.errors == []
    (tmp_path / "mine" / "sections.html").write_text(
        (TEMPLATE_FOLDER / "sections.html").read_text(encoding="utf-8").replace(
            "{{ resume.name | inline }}</h1>", "{{ resume.name | inline }} (override)</h1>"),
        encoding="utf-8")
    assert previewer.poll()
    assert previewer.rendering.errors == []
    assert "(override)" in en_text(previewer)


def test_every_target_is_shown_when_all_are_asked_for(tmp_path, previewers):
    write_profile(tmp_path, MINIMAL_PROFILE)
    (tmp_path / "targets").mkdir()
    for name in ("backend", "platform"):
        (tmp_path / "targets" / f"{name}.yaml").write_text("include: []\n", encoding="utf-8")
    previewer = rendered(previewers, tmp_path, target="all")
    assert previewer.rendering.errors == []
    assert list(previewer.rendering.documents) == [
        "backend-zh", "backend-en", "platform-zh", "platform-en"]
    assert previewer.rendering.documents["platform-en"].file_name == "xiaoming-wang-platform-en.pdf"


def test_stopping_the_preview_stops_its_builders(tmp_path):
    write_profile(tmp_path, MINIMAL_PROFILE)
    with Previewer(tmp_path) as previewer:
        previewer.render()  # the first build learns the languages; the next, one a builder
        (tmp_path / "profile.yaml").write_text(MINIMAL_PROFILE + "# edit\n", encoding="utf-8")
        assert previewer.poll()
        processes = previewer.builders.processes
        assert len(processes) == 2
    assert all(process.poll() is not None for process in processes)


def test_a_page_budget_is_fitted(tmp_path, previewers):
    shutil.copy(FIT_PROFILE, tmp_path / "profile.yaml")
    previewer = rendered(previewers, tmp_path, pages=1)
    assert previewer.rendering.errors == []
    assert all(document.built.page_count == 1 and document.built.fitted
               for document in previewer.rendering.documents.values())
