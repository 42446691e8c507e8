"""`resume preview`: the résumé's real pages in a browser, every language side by side,
built and shown again by themselves whenever a file they are made from changes.

A watcher looks at the files the last build read (the profile, its targets, the photo, the
theme's style sheet and templates: a few `stat` calls, never a walk of a folder) every
hundredth of a second. On a change it builds the PDFs as `resume build` does, through
`build.build_in_memory` (the same checks, layout, page fitting and bytes, written nowhere),
each language in a warm builder process of its own (`builders.py`), which also draws the
pages, and tells the page through server-sent events. The page shows each PDF's pages as
images, a link to the PDF itself, the fitting report and the warnings. Anything that stops
a build shows in place of the résumé, never a stale one: a user's mistake as its located
message, a bug in this program as one line (its traceback goes to standard error); the
watcher keeps watching and shows the résumé again once it is fixed.

The server answers only requests addressed to it by name (`Host: 127.0.0.1:PORT` or
`localhost:PORT`), so that a web page cannot read the résumé through DNS rebinding, and
serves the résumé, its PDFs and its events only to its own page.
"""

from __future__ import annotations

import html
import logging
import os
import sys
import threading
import time
from dataclasses import dataclass, field, replace
from http import HTTPStatus
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import quote

from .build import TARGETS_FOLDER, BuildOptions
from .builders import BUILD_TIMEOUT_SECONDS, Builders, BuildJob, BuiltPdf, formatted_bug
from .errors import ResumeError, os_problem
from .load import PROFILE_FILE_NAME

logger = logging.getLogger(__name__)

# Often enough to add little to a save's wait; a few `stat` calls each time cost nothing.
POLL_SECONDS = 0.01
HOST_NAMES = ("127.0.0.1", "localhost")
# What a browser says of a request from our own page, or typed into its address bar.
OWN_FETCH_SITES = ("same-origin", "none")
# A client that neither sends its request nor reads the answer in this time is let go.
CLIENT_TIMEOUT_SECONDS = 60
EVENTS_KEEPALIVE_SECONDS = 15
# Sharp enough to read at a column's width; the browser scales it to the window.
PAGE_IMAGE_DPI = 100
ERROR_HEADING = "The résumé cannot be shown until this is fixed"

PAGE = """<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8"><title>resume preview</title>
<style>
  body { margin: 0; background: #d9dde1; color: #1f2328; font: 13px/1.45 sans-serif; }
  .documents { display: flex; gap: 16px; padding: 12px 16px; align-items: flex-start; }
  .document { flex: 1; min-width: 0; }
  .document header { margin: 0 0 8px; }
  .document h2 { display: inline; margin: 0 .5em 0 0; font-size: 15px; }
  .page { display: block; width: 100%; height: auto; margin: 0 0 12px; background: white;
          box-shadow: 0 1px 4px #0004; }
  .warnings { margin: 12px 16px 0; padding: 8px 12px 8px 32px; background: #fff6d6;
              color: #5c4300; }
  .errors { margin: 2em; color: #8a1c1c; font: 14px/1.5 monospace; }
  .waiting { margin: 2em; }
</style></head>
<body>
<main id="view" data-version="0"><p class="waiting">Building the résumé…</p></main>
<script>
  // The newest version the server announced; the shown one is the view's data-version.
  let announced = 1;
  let fetching = false;
  const shownVersion = () => Number(document.getElementById("view").dataset.version);
  async function showNewest() {
    if (fetching) return;
    fetching = true;
    try {
      while (shownVersion() < announced) {
        const response = await fetch("/view", { cache: "no-store" });
        if (!response.ok) break;
        const holder = document.createElement("div");
        holder.innerHTML = await response.text();
        const next = holder.firstElementChild;
        if (Number(next.dataset.version) <= shownVersion()) break;
        // Swap once the new pages are drawn, so that the view never flashes empty.
        const drawn = [...next.querySelectorAll("img")].map(
          (image) => image.decode().catch(() => {}));
        await Promise.race([Promise.all(drawn),
                            new Promise((done) => setTimeout(done, 5000))]);
        document.getElementById("view").replaceWith(next);
      }
    } finally {
      fetching = false;
    }
  }
  const events = new EventSource("/events");
  events.onmessage = (event) => {
    announced = Math.max(announced, Number(event.data));
    showNewest();
  };
  showNewest();
</script>
</body></html>
"""

Stamp = tuple[int, int, int] | None  # modified (ns), size, inode; None: absent or unreadable


def stamp(path: Path) -> Stamp:
    try:
        status = os.stat(path)
    except (OSError, ValueError):  # ValueError: a name no file can have (a NUL in it)
        return None
    return status.st_mtime_ns, status.st_size, status.st_ino


class PreviewDocument:
    """One PDF of a build, byte for byte what `resume build` writes, and its pages as
    images."""

    def __init__(self, key: str, built: BuiltPdf):
        self.key = key  # its name in the page's addresses: the language, or target-language
        self.built = built.built
        self.pdf = built.pdf
        self.pages = built.pages

    @property
    def file_name(self) -> str:
        return self.built.path.name

    def report(self) -> str:
        """What `resume build` prints of the file: pages, size, fill, and any fitting."""
        built = self.built
        pages = f"{built.page_count} page{'s' if built.page_count != 1 else ''}"
        line = (f"{pages} · {built.size / 1000:.1f} kB · last page "
                f"{built.last_page_fill:.0%} full")
        return f"{line} · fitted: {built.fitted}" if built.fitted else line

    def page_image(self, number: int) -> bytes | None:
        """Page `number` (from 1) as a JPEG image; None when the PDF has no such page."""
        return self.pages[number - 1] if 1 <= number <= len(self.pages) else None


@dataclass(frozen=True)
class Rendering:
    """The latest build: its documents and warnings, or the errors that stopped it."""

    version: int = 0
    documents: dict[str, PreviewDocument] = field(default_factory=dict)
    warnings: list[str] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)
    seconds: float = 0.0


class _BuilderBug(Exception):
    """A bug met in a builder process (its traceback is text by then)."""

    def __init__(self, name: str, formatted: str):
        super().__init__(name)
        self.name = name
        self.formatted = formatted


class Previewer:
    """Builds the résumé, and again whenever a file the last build read changes."""

    def __init__(self, profile: Path, *, theme: str | None = None, target: str | None = None,
                 pages: int | None = None):
        self.profile = profile
        # Built as `resume build` would, with the same options; the files go nowhere.
        self.options = BuildOptions(profile=profile, out=Path(), theme=theme, pages=pages,
                                    target=target)
        self.rendering = Rendering()
        self.changed = threading.Condition()
        self.builders = Builders()  # warm processes, one a language
        self._jobs: list[BuildJob] = []  # one a language of the last build's profile
        self._watched: frozenset[Path] = frozenset()
        self._stamps: dict[Path, Stamp] = {}
        self._last_bug: str | None = None

    def __enter__(self) -> Previewer:
        return self

    def __exit__(self, *exception) -> None:
        self.close()

    def close(self) -> None:
        """Stop the builder processes."""
        self.builders.close()

    @property
    def watched(self) -> frozenset[Path]:
        """The paths the watcher looks at: what the last build read or looked for."""
        return self._watched

    def render(self, before: dict[Path, Stamp] | None = None) -> None:
        """Build every language; publish the documents, or what stopped them; then watch
        what this build read. `before`: the stamps taken before it started, so that a file
        saved during the build builds again."""
        started = time.perf_counter()
        reads: set[Path] = set()
        documents: dict[str, PreviewDocument] = {}
        warnings: list[str] = []
        errors: list[str] = []
        bug: Exception | None = None
        try:
            documents, warnings = self._build(reads)
        except ResumeError as error:
            errors = [str(problem) for problem in error.problems]
            # The files an error names: a template fixed there builds again.
            reads.update(problem.location.file for problem in error.problems
                         if problem.location)
        except OSError as error:  # a file that cannot be read: named, with the reason
            if error.filename is None:
                bug = error
            else:
                errors = [str(os_problem(error))]
        except Exception as error:  # noqa: BLE001  (a bug: shown, logged, and survived)
            bug = error
        if bug is None:
            self._last_bug = None
        else:
            errors = [self._bug(bug)]
        if errors:
            # Until a build succeeds, keep what the last one knew of, and look for files
            # that appear beside the profile (a missing photo, theme or targets folder).
            reads |= self._watched | {self.profile_file().parent}
        self._watch(reads, before or {})
        with self.changed:
            self.rendering = Rendering(self.rendering.version + 1, documents, warnings,
                                       errors, time.perf_counter() - started)
            self.changed.notify_all()

    def profile_file(self) -> Path:
        return self.profile / PROFILE_FILE_NAME if self.profile.is_dir() else self.profile

    def _build(self, reads: set[Path]) -> tuple[dict[str, PreviewDocument], list[str]]:
        """Every language's documents and the warnings; `reads` collects the files the build
        reads or would read, to be watched, as it goes, so that it holds them if it fails."""
        reads.add(self.profile_file())
        folder = self.profile_file().parent
        if self.options.target is not None:
            # The folder's own stamp changes when a target is added, removed or renamed.
            reads.add(folder / TARGETS_FOLDER)
            reads.update((folder / TARGETS_FOLDER).glob("*.yaml"))
        # One builder a language of the last build; the first build, or one after the
        # profile's languages changed, learns them from a builder's checks.
        jobs = self._jobs or [self._job("all")]
        outcomes = self.builders.start(jobs).outcomes()
        languages = next((outcome.languages for outcome in outcomes if outcome.languages), ())
        asked = [job.options.languages for job in jobs]
        if languages and asked != ["all"] and asked != list(languages):
            jobs = [self._job(code) for code in languages]
            outcomes = self.builders.start(jobs).outcomes()
        if languages:
            self._jobs = [self._job(code) for code in languages]
        for outcome in outcomes:
            reads |= outcome.reads
        for outcome in outcomes:
            if outcome.bug:
                raise _BuilderBug(*outcome.bug)
        # As `resume build`: the checks of every language first, all their problems at
        # once; then the first language whose build fails after them.
        checks = dict.fromkeys(problem for outcome in outcomes if outcome.checks_failed
                               for problem in outcome.problems)
        if checks:
            raise ResumeError(list(checks))
        for outcome in outcomes:
            if outcome.problems:
                raise ResumeError(outcome.problems)
        warnings = dict.fromkeys(str(p) for outcome in outcomes for p in outcome.warnings)
        pdfs = [pdf for outcome in outcomes for pdf in outcome.pdfs]
        cuts = list(dict.fromkeys(pdf.built.target for pdf in pdfs))
        pdfs.sort(key=lambda pdf: cuts.index(pdf.built.target))  # a target's languages together
        documents = {}
        for pdf in pdfs:
            built = pdf.built
            key = built.language if len(cuts) == 1 else f"{built.target}-{built.language}"
            documents[key] = PreviewDocument(key, pdf)
        return documents, list(warnings)

    def _job(self, languages: str) -> BuildJob:
        return BuildJob(replace(self.options, languages=languages), PAGE_IMAGE_DPI)

    def _watch(self, paths: set[Path], before: dict[Path, Stamp]) -> None:
        self._watched = frozenset(paths)
        self._stamps = {path: before[path] if path in before else stamp(path)
                        for path in self._watched}

    def _bug(self, error: BaseException) -> str:
        """The page's line for a bug in this program; its traceback goes to standard error,
        once while the same bug repeats."""
        name, formatted = ((error.name, error.formatted) if isinstance(error, _BuilderBug)
                           else formatted_bug(error))
        line = (f"internal error ({name}): a bug in resume, not in your files; its traceback "
                "is in the terminal that runs the preview")
        if line != self._last_bug:
            logger.error("resume preview: internal error\n%s", formatted)
        self._last_bug = line
        return line

    def poll(self) -> bool:
        """Look at the watched files once; build again if any changed. True if it did."""
        stamps = {path: stamp(path) for path in self._watched}
        if stamps == self._stamps:
            return False
        self.render(stamps)
        return True

    def watch(self, stop: threading.Event) -> None:
        """Build now, then again whenever a watched file changes, until `stop`."""
        self.render()
        while not stop.wait(POLL_SECONDS):
            try:
                self.poll()
            except Exception as error:  # noqa: BLE001  (never leave a stale page for good)
                self._bug(error)

    def wait_for(self, version: int, timeout: float) -> Rendering:
        """The rendering newer than `version`, when one comes within `timeout`."""
        with self.changed:
            self.changed.wait_for(lambda: self.rendering.version > version, timeout)
            return self.rendering


def view_fragment(rendering: Rendering) -> str:
    """The page's view of a rendering: each document's pages side by side, with its PDF,
    its report and the warnings; or the errors, and nothing of a stale résumé."""
    version = rendering.version
    if rendering.errors:
        items = "".join(f"<li>{html.escape(line)}</li>" for line in rendering.errors)
        return (f'<main id="view" class="errors" data-version="{version}">'
                f"<h1>{ERROR_HEADING}</h1><ul>{items}</ul></main>")
    if not rendering.documents:
        return (f'<main id="view" data-version="{version}"><p class="waiting">'
                "Building the résumé…</p></main>")
    parts = [f'<main id="view" data-version="{version}">']
    if rendering.warnings:
        items = "".join(f"<li>{html.escape(line)}</li>" for line in rendering.warnings)
        parts.append(f'<ul class="warnings">{items}</ul>')
    parts.append('<div class="documents">')
    for key, document in rendering.documents.items():
        name = html.escape(key)
        count = document.built.page_count
        parts.append(
            f'<section class="document" data-key="{name}" data-pages="{count}">'
            f'<header><h2>{name}</h2><a href="/pdf/{quote(key)}" target="_blank">'
            f"{html.escape(document.file_name)}</a> · {html.escape(document.report())}"
            "</header>")
        parts.extend(
            f'<img class="page" src="/page/{quote(key)}/{number}.jpg?v={version}" '
            f'alt="{name}, page {number} of {count}">'
            for number in range(1, count + 1))
        parts.append("</section>")
    parts.append("</div></main>")
    return "".join(parts)


def allowed_hosts(port: int) -> frozenset[str]:
    return frozenset(f"{name}:{port}" for name in HOST_NAMES)


def make_handler(previewer: Previewer) -> type[BaseHTTPRequestHandler]:
    class Handler(BaseHTTPRequestHandler):
        timeout = CLIENT_TIMEOUT_SECONDS

        def log_message(self, format, *args):  # noqa: A002  (quiet: the page is the log)
            pass

        def send(self, body: str, status: HTTPStatus = HTTPStatus.OK,
                 content_type: str = "text/html") -> None:
            self.send_bytes(body.encode("utf-8"), f"{content_type}; charset=utf-8", status)

        def send_bytes(self, data: bytes, content_type: str,
                       status: HTTPStatus = HTTPStatus.OK, file_name: str | None = None) -> None:
            self.send_response(status)
            self.send_header("Content-Type", content_type)
            self.send_header("Content-Length", str(len(data)))
            if file_name:  # the name `resume build` gives it, should the reader save it
                self.send_header("Content-Disposition",
                                 f"inline; filename*=UTF-8''{quote(file_name)}")
            self.send_own_headers()
            self.end_headers()
            self.wfile.write(data)

        def send_own_headers(self) -> None:
            """No CORS headers, ever; and no framing or embedding by other sites."""
            self.send_header("Cache-Control", "no-store")
            self.send_header("X-Content-Type-Options", "nosniff")
            self.send_header("Content-Security-Policy", "frame-ancestors 'self'")
            self.send_header("Cross-Origin-Resource-Policy", "same-origin")

        def host(self) -> str | None:
            """The Host the request was sent to, when it names this server: a page that
            reaches us through a name it controls (DNS rebinding) gets nothing."""
            hosts = self.headers.get_all("Host") or []
            port = self.server.server_address[1]
            if len(hosts) == 1 and hosts[0].strip().lower() in allowed_hosts(port):
                return hosts[0].strip().lower()
            return None

        def from_own_page(self, host: str) -> bool:
            """False for a request that a browser says another site made (the résumé and
            its events are for the preview's own page; tools that send no such headers,
            like curl, are let through)."""
            site = self.headers.get("Sec-Fetch-Site")
            origin = self.headers.get("Origin")
            return ((site is None or site in OWN_FETCH_SITES)
                    and (origin is None or origin == f"http://{host}"))

        def do_GET(self):  # noqa: N802  (the name http.server calls)
            host = self.host()
            if host is None:
                port = self.server.server_address[1]
                self.send(f"This preview answers only at http://127.0.0.1:{port}/\n",
                          HTTPStatus.MISDIRECTED_REQUEST, "text/plain")
                return
            path = self.path.split("?", 1)[0]
            if path == "/":  # the page's frame and script: nothing of the résumé itself
                self.send(PAGE)
            elif path not in ("/view", "/events") and not path.startswith(("/page/", "/pdf/")):
                self.send("not found\n", HTTPStatus.NOT_FOUND, "text/plain")
            elif not self.from_own_page(host):
                self.send("Only the preview's own page may read this.\n",
                          HTTPStatus.FORBIDDEN, "text/plain")
            elif path == "/events":
                self.stream_events()
            elif path == "/view":
                self.send(view_fragment(previewer.rendering))
            else:
                self.send_document_part(path)

        def send_document_part(self, path: str) -> None:
            """/pdf/KEY: the PDF; /page/KEY/N.jpg: its page N as an image."""
            kind, _, rest = path[1:].partition("/")
            key, _, page = rest.partition("/")
            document = previewer.rendering.documents.get(key)
            if document is not None and kind == "pdf" and not page:
                self.send_bytes(document.pdf, "application/pdf", file_name=document.file_name)
                return
            number = page.removesuffix(".jpg")
            image = (document.page_image(int(number))
                     if document is not None and page.endswith(".jpg") and number.isdigit()
                     else None)
            if image is None:
                self.send("not found\n", HTTPStatus.NOT_FOUND, "text/plain")
            else:
                self.send_bytes(image, "image/jpeg")

        def stream_events(self) -> None:
            self.send_response(HTTPStatus.OK)
            self.send_header("Content-Type", "text/event-stream")
            self.send_own_headers()
            self.end_headers()
            version = previewer.rendering.version
            while True:  # until the page goes away: a ConnectionError, which the server hushes
                rendering = previewer.wait_for(version, timeout=EVENTS_KEEPALIVE_SECONDS)
                if rendering.version > version:
                    version = rendering.version
                    self.wfile.write(f"data: {version}\n\n".encode())
                else:
                    self.wfile.write(b": still here\n\n")  # keeps the stream open
                self.wfile.flush()

    return Handler


class _Server(ThreadingHTTPServer):
    daemon_threads = True

    def handle_error(self, request, client_address) -> None:
        """A browser that closes a page or reloads an image mid-answer is no error; anything
        else in a handler is a bug, logged with its traceback."""
        error = sys.exc_info()[1]
        if isinstance(error, (ConnectionError, TimeoutError)):
            return
        logger.error("resume preview: internal error answering %s", client_address[0],
                     exc_info=error)


def serve(previewer: Previewer, port: int, ready=None) -> None:
    """Serve on 127.0.0.1:`port` (0: any free port) until interrupted."""
    server = _Server(("127.0.0.1", port), make_handler(previewer))
    stop = threading.Event()
    watcher = threading.Thread(target=previewer.watch, args=(stop,), daemon=True)
    watcher.start()
    if ready:
        ready(server.server_address[1])
    try:
        server.serve_forever(poll_interval=0.1)
    finally:
        stop.set()
        server.server_close()
        # The build under way ends first: closing its builders under it would be a bug.
        watcher.join(timeout=BUILD_TIMEOUT_SECONDS)
