"""`resume preview`: the résumé in both languages side by side in a browser, rebuilt and
reloaded by itself whenever a profile, style or template file changes.

A local web server (127.0.0.1 only) serves a page of one frame per language. A watcher
looks at the files every few hundredths of a second; on a change it runs the build's
checks and renders each language as a standalone HTML page (the layout engine is the
browser's: no PDF is made, so a change shows within a fraction of a second), then tells the
page through server-sent events. A profile with errors shows them, located, in place of the
résumé, never a stale one.
"""

from __future__ import annotations

import html
import threading
import time
from dataclasses import dataclass, field
from http import HTTPStatus
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

from .build import TEMPLATE_FOLDER, check, choose_theme, standalone_page
from .design import design_css, natural_typography
from .errors import ResumeError
from .render import template_environment, theme_stylesheet

POLL_SECONDS = 0.03
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
<body class="errors"><h1>The profile has errors</h1><ul>{items}</ul></body></html>
"""


@dataclass
class Rendering:
    """The latest rendering: one page per language, or the errors that stopped it."""

    version: int = 0
    pages: dict[str, str] = field(default_factory=dict)
    errors: list[str] = field(default_factory=list)
    languages: list[str] = field(default_factory=list)
    seconds: float = 0.0


class Previewer:
    """Watches the files a rendering depends on and renders again when one changes."""

    def __init__(self, profile: Path, *, theme: str | None = None, target: str | None = None):
        self.profile = profile
        self.theme = theme
        self.target = target
        self.rendering = Rendering()
        self.changed = threading.Condition()
        self._stamps: dict[Path, float] = {}
        self._theme_folder: Path | None = None

    def watched_files(self) -> list[Path]:
        folder = self.profile if self.profile.is_dir() else self.profile.parent
        files = [path for path in folder.rglob("*") if path.is_file()
                 and not path.name.startswith(".")]
        for extra in (self._theme_folder, TEMPLATE_FOLDER):
            if extra is not None:
                files.extend(path for path in extra.rglob("*") if path.is_file())
        return files

    def stamps(self) -> dict[Path, float]:
        stamps = {}
        for path in self.watched_files():
            try:
                stamps[path] = path.stat().st_mtime_ns
            except FileNotFoundError:
                continue
        return stamps

    def render(self) -> None:
        """Check and render every language; publish the pages, or the errors."""
        started = time.perf_counter()
        pages: dict[str, str] = {}
        errors: list[str] = []
        languages: list[str] = []
        try:
            checked = check(self.profile, "all", target=self.target)
            design = checked.profile.design
            target = next(iter(checked.targets.values()))
            self._theme_folder = choose_theme(self.theme, target, design,
                                              checked.document.path.parent)
            theme_source = theme_stylesheet(self._theme_folder)
            environment = template_environment(self._theme_folder)
            design_sheet = design_css(design, natural_typography(design, theme_source), "a4")
            for view in checked.views[: len(checked.profile.languages)]:
                code = view.language.code
                pages[code] = standalone_page(view, theme_source, environment, design_sheet,
                                              None)
                languages.append(code)
        except ResumeError as error:
            errors = [str(problem) for problem in error.problems]
        with self.changed:
            self.rendering = Rendering(self.rendering.version + 1, pages, errors,
                                       languages or self.rendering.languages,
                                       time.perf_counter() - started)
            self.changed.notify_all()

    def watch(self, stop: threading.Event) -> None:
        """Render now, then again whenever a watched file changes, until `stop`."""
        self.render()
        self._stamps = self.stamps()
        while not stop.wait(POLL_SECONDS):
            stamps = self.stamps()
            if stamps != self._stamps:
                self._stamps = stamps
                self.render()
                self._stamps = self.stamps()  # the theme folder may have changed

    def wait_for(self, version: int, timeout: float) -> Rendering:
        """The rendering newer than `version`, when one comes within `timeout`."""
        with self.changed:
            self.changed.wait_for(lambda: self.rendering.version > version, timeout)
            return self.rendering


def make_handler(previewer: Previewer) -> type[BaseHTTPRequestHandler]:
    class Handler(BaseHTTPRequestHandler):
        def log_message(self, format, *args):  # noqa: A002  (quiet: the page is the log)
            pass

        def send(self, body: str, status: HTTPStatus = HTTPStatus.OK) -> None:
            data = body.encode("utf-8")
            self.send_response(status)
            self.send_header("Content-Type", "text/html; charset=utf-8")
            self.send_header("Content-Length", str(len(data)))
            self.send_header("Cache-Control", "no-store")
            self.end_headers()
            self.wfile.write(data)

        def do_GET(self):  # noqa: N802  (the name http.server calls)
            path = self.path.split("?", 1)[0]
            rendering = previewer.rendering
            if path == "/":
                frames = "\n".join(
                    f'<iframe title="{code}" data-src="/page/{code}" '
                    f'src="/page/{code}?v={rendering.version}"></iframe>'
                    for code in rendering.languages or ["errors"])
                self.send(PAGE.format(version=rendering.version, frames=frames))
            elif path.startswith("/page/"):
                if rendering.errors:
                    items = "".join(f"<li>{html.escape(line)}</li>" for line in rendering.errors)
                    self.send(ERROR_PAGE.format(items=items))
                elif path[6:] in rendering.pages:
                    self.send(rendering.pages[path[6:]])
                else:
                    self.send("not found", HTTPStatus.NOT_FOUND)
            elif path == "/events":
                self.stream_events()
            else:
                self.send("not found", HTTPStatus.NOT_FOUND)

        def stream_events(self) -> None:
            self.send_response(HTTPStatus.OK)
            self.send_header("Content-Type", "text/event-stream")
            self.send_header("Cache-Control", "no-store")
            self.end_headers()
            version = previewer.rendering.version
            try:
                while True:
                    rendering = previewer.wait_for(version, timeout=15)
                    if rendering.version > version:
                        version = rendering.version
                        self.wfile.write(f"data: {version}\n\n".encode())
                    else:
                        self.wfile.write(b": still here\n\n")  # keeps the stream open
                    self.wfile.flush()
            except (BrokenPipeError, ConnectionResetError):
                return

    return Handler


def serve(previewer: Previewer, port: int, ready=None) -> None:
    """Serve on 127.0.0.1:`port` (0: any free port) until interrupted."""
    stop = threading.Event()
    watcher = threading.Thread(target=previewer.watch, args=(stop,), daemon=True)
    watcher.start()
    server = ThreadingHTTPServer(("127.0.0.1", port), make_handler(previewer))
    server.daemon_threads = True
    if ready:
        ready(server.server_address[1])
    try:
        server.serve_forever(poll_interval=0.1)
    finally:
        stop.set()
        server.server_close()
