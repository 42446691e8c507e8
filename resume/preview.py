"""`resume preview`: the résumé in both languages side by side in a browser, rebuilt and
reloaded by itself whenever a file it is built from changes.

A local web server (127.0.0.1 only) serves a page of one frame per language. A watcher
looks at the files the last rendering read (the profile, its targets, the theme's style
sheet and templates, the photo: a few `stat` calls, never a walk of a folder) every few
hundredths of a second; on a change it runs the build's checks and renders each language as
a standalone HTML page (the layout engine is the browser's: no PDF is made, so a change
shows within a fraction of a second), then tells the page through server-sent events.
Anything that stops a rendering shows in place of the résumé, never a stale one: a user's
mistake as its located message, a bug in this program as one line (its traceback goes to
standard error); the watcher keeps watching and shows the résumé again once it is fixed.

The server answers only requests addressed to it by name (`Host: 127.0.0.1:PORT` or
`localhost:PORT`), so that a web page cannot read the résumé through DNS rebinding, and
serves the résumé and its events only to its own page.
"""

from __future__ import annotations

import html
import logging
import os
import sys
import threading
import time
import traceback
from dataclasses import dataclass, field
from http import HTTPStatus
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import jinja2

from .assets import TEMPLATE_FOLDER
from .build import TARGETS_FOLDER, THEME_STYLESHEET, check, choose_theme, standalone_page
from .design import design_css, natural_typography
from .errors import ResumeError, display_path
from .load import PROFILE_FILE_NAME
from .render import template_environment, theme_stylesheet

logger = logging.getLogger(__name__)

POLL_SECONDS = 0.03
HOST_NAMES = ("127.0.0.1", "localhost")
# What a browser says of a request from our own page, or typed into its address bar.
OWN_FETCH_SITES = ("same-origin", "none")
# A client that neither sends its request nor reads the answer in this time is let go.
CLIENT_TIMEOUT_SECONDS = 60
EVENTS_KEEPALIVE_SECONDS = 15
# Enough to find a bug; a runaway recursion would otherwise print thousands of lines.
TRACEBACK_FRAMES = 40
PAGE = """<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8"><title>resume preview</title>
<style>
  body {{ margin: 0; display: flex; height: 100vh; background: #d9dde1; }}
  iframe {{ flex: 1; border: 0; margin: 8px; background: white; box-shadow: 0 1px 4px #0004; }}
</style></head>
<body data-version="{version}">
{frames}
<script>
  const events = new EventSource("/events");
  events.onmessage = (event) => {{
    document.body.dataset.version = event.data;
    for (const frame of document.querySelectorAll("iframe")) {{
      frame.src = frame.dataset.src + "?v=" + event.data;
    }}
  }};
</script>
</body></html>
"""
ERROR_PAGE = """<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8"><title>errors</title>
<style>body {{ font: 14px/1.5 monospace; margin: 2em; color: #8a1c1c; }}</style></head>
<body class="errors"><h1>The résumé cannot be shown until this is fixed</h1>
<ul>{items}</ul></body></html>
"""

Stamp = tuple[int, int, int] | None  # modified (ns), size, inode; None: absent or unreadable


def stamp(path: Path) -> Stamp:
    try:
        status = os.stat(path)
    except (OSError, ValueError):  # ValueError: a name no file can have (a NUL in it)
        return None
    return status.st_mtime_ns, status.st_size, status.st_ino


@dataclass
class Rendering:
    """The latest rendering: one page per language, or the errors that stopped it."""

    version: int = 0
    pages: dict[str, str] = field(default_factory=dict)
    errors: list[str] = field(default_factory=list)
    languages: list[str] = field(default_factory=list)
    seconds: float = 0.0


class _RecordingLoader(jinja2.BaseLoader):
    """The theme's template loader, noting every file that could answer each template asked
    for (the theme's override and the built-in one, present or not), so that editing,
    adding or removing any of them renders again."""

    def __init__(self, loader: jinja2.BaseLoader, folders: list[Path], candidates: set[Path]):
        self.loader = loader
        self.folders = folders
        self.candidates = candidates

    def load(self, environment, name, globals=None):  # noqa: A002  (Jinja's name)
        self.candidates.update(Path(os.path.normpath(folder / name)) for folder in self.folders)
        return self.loader.load(environment, name, globals)

    def get_source(self, environment, template):
        return self.loader.get_source(environment, template)

    def __getattr__(self, name: str):
        # What else the theme loader knows (the files it read, its folder) locates errors.
        return getattr(self.loader, name)


class Previewer:
    """Renders the résumé, and again whenever a file the last rendering read changes."""

    def __init__(self, profile: Path, *, theme: str | None = None, target: str | None = None):
        self.profile = profile
        self.theme = theme
        self.target = target
        self.rendering = Rendering()
        self.changed = threading.Condition()
        self._watched: frozenset[Path] = frozenset()
        self._stamps: dict[Path, Stamp] = {}
        self._last_bug: str | None = None

    @property
    def watched(self) -> frozenset[Path]:
        """The paths the watcher looks at: what the last rendering read or looked for."""
        return self._watched

    def render(self, before: dict[Path, Stamp] | None = None) -> None:
        """Check and render every language; publish the pages, or what stopped them; then
        watch what this rendering read. `before`: the stamps taken before it started, so
        that a file saved during the rendering renders again."""
        started = time.perf_counter()
        reads: set[Path] = set()
        templates: set[Path] = set()
        pages: dict[str, str] = {}
        errors: list[str] = []
        bug: Exception | None = None
        try:
            pages = self._render_pages(reads, templates)
        except ResumeError as error:
            errors = [str(problem) for problem in error.problems]
        except jinja2.TemplateError as error:  # a mistake in a theme's template
            message = error.message or type(error).__name__
            where = template_location(error, templates)
            errors = [f"{where}: {message}" if where else message]
        except OSError as error:  # a file that cannot be read: named, with the reason
            if error.filename is None:
                bug = error
            else:
                errors = [f"{display_path(Path(error.filename))}: {error.strerror}"]
        except Exception as error:  # noqa: BLE001  (a bug: shown, logged, and survived)
            bug = error
        if bug is None:
            self._last_bug = None
        else:
            errors = [self._bug(bug, templates)]
        if errors:
            # Until a rendering succeeds, keep what the last one knew of, and look for files
            # that appear beside the profile (a missing photo, theme or targets folder).
            reads |= self._watched | {self.profile_file().parent}
        self._watch(reads | templates, before or {})
        with self.changed:
            self.rendering = Rendering(self.rendering.version + 1, pages, errors,
                                       list(pages) or self.rendering.languages,
                                       time.perf_counter() - started)
            self.changed.notify_all()

    def profile_file(self) -> Path:
        return self.profile / PROFILE_FILE_NAME if self.profile.is_dir() else self.profile

    def _render_pages(self, reads: set[Path], templates: set[Path]) -> dict[str, str]:
        """Every language's page; `reads` and `templates` collect the files it reads or
        would read, to be watched, as it goes, so that they hold them when it fails."""
        reads.add(self.profile_file())
        folder = self.profile_file().parent
        if self.target is not None:
            # The folder's own stamp changes when a target is added, removed or renamed.
            reads.add(folder / TARGETS_FOLDER)
            reads.update((folder / TARGETS_FOLDER).glob("*.yaml"))
        checked = check(self.profile, "all", target=self.target)
        design = checked.profile.design
        if checked.profile.basics.photo:
            reads.add(checked.profile.basics.photo.file)
        target = next(iter(checked.targets.values()))
        named = self.theme or (target and target.theme) or design.theme
        if named:  # where the named theme would appear, even before it exists
            base = Path() if self.theme else checked.document.path.parent
            reads.add(base / named / THEME_STYLESHEET)
        theme_folder = choose_theme(self.theme, target, design, checked.document.path.parent)
        reads.add(theme_folder / THEME_STYLESHEET)
        theme_source = theme_stylesheet(theme_folder)
        environment = template_environment(theme_folder)
        # The search order that template_environment promises: the theme's, then built-in.
        environment.loader = _RecordingLoader(environment.loader,
                                              [theme_folder, TEMPLATE_FOLDER], templates)
        natural = natural_typography(design, theme_source)
        pages = {}
        for view in checked.views[: len(checked.profile.languages)]:
            design_sheet = design_css(design, natural, view.paper)
            pages[view.language.code] = standalone_page(view, theme_source, environment,
                                                        design_sheet, None)
        return pages

    def _watch(self, paths: set[Path], before: dict[Path, Stamp]) -> None:
        self._watched = frozenset(paths)
        self._stamps = {path: before[path] if path in before else stamp(path)
                        for path in self._watched}

    def _bug(self, error: BaseException, templates: set[Path]) -> str:
        """The page's line for a bug in this program; its traceback goes to standard error,
        once while the same bug repeats."""
        where = template_location(error, templates)
        line = (f"internal error ({type(error).__name__}"
                f"{f', while rendering {where}' if where else ''}): a bug in resume, not in "
                "your files; its traceback is in the terminal that runs the preview")
        if line != self._last_bug:
            formatted = "".join(traceback.format_exception(error, limit=-TRACEBACK_FRAMES))
            logger.error("resume preview: internal error\n%s", formatted.rstrip())
        self._last_bug = line
        return line

    def poll(self) -> bool:
        """Look at the watched files once; render again if any changed. True if it did."""
        stamps = {path: stamp(path) for path in self._watched}
        if stamps == self._stamps:
            return False
        self.render(stamps)
        return True

    def watch(self, stop: threading.Event) -> None:
        """Render now, then again whenever a watched file changes, until `stop`."""
        self.render()
        while not stop.wait(POLL_SECONDS):
            try:
                self.poll()
            except Exception as error:  # noqa: BLE001  (never leave a stale page for good)
                self._bug(error, set())

    def wait_for(self, version: int, timeout: float) -> Rendering:
        """The rendering newer than `version`, when one comes within `timeout`."""
        with self.changed:
            self.changed.wait_for(lambda: self.rendering.version > version, timeout)
            return self.rendering


def template_location(error: BaseException, templates: set[Path]) -> str | None:
    """`file:line` of the innermost template an exception passed through, if any (Jinja
    puts the template's own file and line in the traceback)."""
    for frame in reversed(traceback.extract_tb(error.__traceback__)):
        if Path(os.path.normpath(frame.filename)) in templates:
            return f"{display_path(Path(frame.filename))}:{frame.lineno}"
    return None


def allowed_hosts(port: int) -> frozenset[str]:
    return frozenset(f"{name}:{port}" for name in HOST_NAMES)


def make_handler(previewer: Previewer) -> type[BaseHTTPRequestHandler]:
    class Handler(BaseHTTPRequestHandler):
        timeout = CLIENT_TIMEOUT_SECONDS

        def log_message(self, format, *args):  # noqa: A002  (quiet: the page is the log)
            pass

        def send(self, body: str, status: HTTPStatus = HTTPStatus.OK,
                 content_type: str = "text/html") -> None:
            data = body.encode("utf-8")
            self.send_response(status)
            self.send_header("Content-Type", f"{content_type}; charset=utf-8")
            self.send_header("Content-Length", str(len(data)))
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
            rendering = previewer.rendering
            if path == "/":  # frames and a version number: nothing of the résumé itself
                frames = "\n".join(
                    f'<iframe title="{code}" data-src="/page/{code}" '
                    f'src="/page/{code}?v={rendering.version}"></iframe>'
                    for code in rendering.languages or ["errors"])
                self.send(PAGE.format(version=rendering.version, frames=frames))
            elif path.startswith("/page/") or path == "/events":
                if not self.from_own_page(host):
                    self.send("Only the preview's own page may read this.\n",
                              HTTPStatus.FORBIDDEN, "text/plain")
                elif path == "/events":
                    self.stream_events()
                elif rendering.errors:
                    items = "".join(f"<li>{html.escape(line)}</li>" for line in rendering.errors)
                    self.send(ERROR_PAGE.format(items=items))
                elif path[6:] in rendering.pages:
                    self.send(rendering.pages[path[6:]])
                else:
                    self.send("not found\n", HTTPStatus.NOT_FOUND, "text/plain")
            else:
                self.send("not found\n", HTTPStatus.NOT_FOUND, "text/plain")

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
        """A browser that closes a page or reloads a frame mid-answer is no error; anything
        else in a handler is a bug, logged with its traceback."""
        error = sys.exc_info()[1]
        if isinstance(error, (ConnectionError, TimeoutError)):
            return
        logger.error("resume preview: internal error answering %s", client_address[0],
                     exc_info=error)


def serve(previewer: Previewer, port: int, ready=None) -> None:
    """Serve on 127.0.0.1:`port` (0: any free port) until interrupted."""
    stop = threading.Event()
    watcher = threading.Thread(target=previewer.watch, args=(stop,), daemon=True)
    watcher.start()
    server = _Server(("127.0.0.1", port), make_handler(previewer))
    if ready:
        ready(server.server_address[1])
    try:
        server.serve_forever(poll_interval=0.1)
    finally:
        stop.set()
        server.server_close()
