"""`make bench`: the default profile built in both languages, as a user runs it.

Runs `python build.py` several times in fresh processes (after one warm-up run that fills
the bytecode caches) and prints the median wall time and peak memory of one whole command,
the median time of each stage (from `--timings`), each PDF's size against the targets, and
what fitting both languages to one page (`--pages 1`) adds to a build.
"""

from __future__ import annotations

import argparse
import os
import re
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

PROJECT = Path(__file__).resolve().parent.parent
# As on a user's machine: Python keeps the bytecode it compiles. (Some sandboxes turn that
# off, which would charge every run for compiling the package anew.)
ENVIRONMENT = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}
TARGET_SECONDS = 1.0
TARGET_PEAK_MIB = 120
TARGET_ZH_BYTES_PER_PAGE = 60_000
TARGET_FIT_SECONDS = 1.5
BATCH_PROFILES = 50
TARGET_PREVIEW_SECONDS = 0.3
_STAGE_LINE = re.compile(r"^\s+(?P<stage>.+?)\s+(?P<ms>[\d.]+) ms$")
_FILE_LINE = re.compile(r"^(?P<path>\S+\.pdf)\s+(?P<pages>\d+) pages?\s")


def run_once(out: Path, *options: str) -> tuple[float, dict[str, float], dict[str, int]]:
    """One build: wall seconds, milliseconds by stage, pages by file."""
    command = [sys.executable, "build.py", "--out", str(out), "--timings", *options]
    started = time.perf_counter()
    process = subprocess.Popen(
        command, cwd=PROJECT, env=ENVIRONMENT, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
        text=True,
    )
    stdout, stderr = process.communicate()
    wall = time.perf_counter() - started
    if process.returncode != 0:
        sys.exit(f"build failed:\n{stdout}{stderr}")
    stages = {
        match["stage"]: float(match["ms"])
        for line in stderr.splitlines()
        if (match := _STAGE_LINE.match(line))
    }
    pages = {
        Path(match["path"]).name: int(match["pages"])
        for line in stdout.splitlines()
        if (match := _FILE_LINE.match(line))
    }
    return wall, stages, pages


def peak_mib(out: Path) -> float:
    """Peak resident memory of one build: RUSAGE_CHILDREN holds the largest child so far,
    so each reading comes from a fresh parent with that one build as its only child."""
    code = (
        "import os, resource, subprocess, sys;"
        f"subprocess.run([sys.executable, 'build.py', '--out', {str(out)!r}],"
        " check=True, stdout=subprocess.DEVNULL);"
        "print(resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss)"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], cwd=PROJECT, env=ENVIRONMENT, check=True,
        capture_output=True, text=True,
    )
    return int(result.stdout.strip()) / 1024  # Linux reports kilobytes


def batch_rate(folder: Path) -> tuple[float, int]:
    """Seconds and PDFs for a batch of BATCH_PROFILES copies of the default profile."""
    profiles = folder / "profiles"
    source = (PROJECT / "data" / "profile.yaml").read_text(encoding="utf-8")
    for number in range(BATCH_PROFILES):
        (profiles / f"p{number:02d}").mkdir(parents=True)
        (profiles / f"p{number:02d}" / "profile.yaml").write_text(
            source.replace("slug: yuandong-xie", f"slug: person-{number:02d}"), encoding="utf-8")
    started = time.perf_counter()
    subprocess.run([sys.executable, "build.py", "--profile", str(profiles), "--out",
                    str(folder / "out")], cwd=PROJECT, env=ENVIRONMENT, check=True,
                   capture_output=True)
    return time.perf_counter() - started, len(list((folder / "out").rglob("*.pdf")))


def preview_latency(folder: Path, runs: int = 7) -> tuple[float, float]:
    """Medians, in seconds, from saving the default profile (the file's mtime) to every new
    page image being served by `resume preview`, as its page fetches them, and of the part
    before the new version is announced (the watcher noticing, both languages built into
    PDFs by the warm builders). Each save changes the e-mail address, on both languages'
    pages, and replaces the file as editors do, so that no half-written file is built."""
    import http.client
    import shutil
    from concurrent.futures import ThreadPoolExecutor

    profile = folder / "preview"
    shutil.copytree(PROJECT / "data", profile)
    source = (profile / "profile.yaml").read_text(encoding="utf-8")
    process = subprocess.Popen(
        [sys.executable, "-m", "resume", "preview", "--profile", str(profile), "--port", "0"],
        cwd=PROJECT, env={**ENVIRONMENT, "PYTHONPATH": str(PROJECT)}, stdout=subprocess.PIPE,
        stderr=subprocess.PIPE, text=True)
    try:
        port = int(re.search(r"127\.0\.0\.1:(\d+)/", process.stdout.readline())[1])

        def get(path: str) -> bytes:
            connection = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
            try:
                connection.request("GET", path)
                response = connection.getresponse()
                body = response.read()
                if response.status != 200:
                    sys.exit(f"preview: GET {path}: {response.status} {body[:300]!r}")
                return body
            finally:
                connection.close()

        def images(view: str) -> list[str]:
            return re.findall(r'<img class="page" src="([^"]+)"', view)

        def version(view: str) -> int:
            return int(re.search(r'data-version="(\d+)"', view)[1])

        deadline = time.monotonic() + 60
        while not images(view := get("/view").decode()):  # the first build, not counted
            if time.monotonic() > deadline:
                sys.exit(f"preview: no pages after a minute: {view[:300]}")
            time.sleep(0.1)
        events = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
        events.request("GET", "/events")
        stream = events.getresponse()
        totals, builds = [], []
        with ThreadPoolExecutor(max_workers=6) as browser:  # a browser's connections a host
            for run in range(runs):
                time.sleep(0.5)
                saved = profile / f".profile.yaml.{run}"
                saved.write_text(source.replace("xieydd@gmail.com", f"xieydd+{run}@gmail.com"),
                                 encoding="utf-8")
                saved_at = saved.stat().st_mtime_ns / 1e9
                saved.replace(profile / "profile.yaml")
                while not (line := stream.readline().decode()).startswith("data: "):
                    pass  # keep-alive comments
                announced = time.time()
                view = get("/view").decode()
                if version(view) < int(line[6:]) or not images(view):
                    sys.exit(f"preview: the new build did not succeed: {view[:300]}")
                list(browser.map(get, images(view)))
                served = time.time()
                totals.append(served - saved_at)
                builds.append(announced - saved_at)
        events.close()
    finally:
        process.terminate()  # its builders stop when it does
        process.communicate(timeout=60)
    return statistics.median(totals), statistics.median(builds)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--runs", type=int, default=7, help="timed runs (default: 7)")
    arguments = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="resume-bench-") as folder:
        out = Path(folder)
        run_once(out)  # warm-up: bytecode and font caches, not counted
        runs = [run_once(out) for _ in range(arguments.runs)]
        peaks = [peak_mib(out) for _ in range(3)]
        walls = [run[0] for run in runs]
        pages = runs[-1][2]
        sizes = {path.name: path.stat().st_size for path in sorted(out.glob("*.pdf"))}
        fitted = [run_once(out / "fitted", "--pages", "1") for _ in range(arguments.runs)]
        fit_walls = [run[0] for run in fitted]
        batch_seconds, batch_pdfs = batch_rate(out / "batch")
        preview_seconds, preview_build_seconds = preview_latency(out)

    wall, peak = statistics.median(walls), statistics.median(peaks)
    print(f"python build.py (default profile, zh + en), median of {len(runs)} runs on "
          f"{os.cpu_count()} cores")
    print(f"  wall time     {wall:6.3f} s    (min {min(walls):.3f}, max {max(walls):.3f}; "
          f"target <= {TARGET_SECONDS} s) {verdict(wall <= TARGET_SECONDS)}")
    print(f"  peak memory   {peak:6.1f} MiB  (target <= {TARGET_PEAK_MIB} MiB) "
          f"{verdict(peak <= TARGET_PEAK_MIB)}")
    print("  by stage (in-process, median):")
    for stage in runs[0][1]:
        median = statistics.median(run[1].get(stage, 0.0) for run in runs)
        print(f"    {stage:<18} {median:7.1f} ms")
    print("    (the rest of the wall time is starting Python and importing WeasyPrint)")
    added = statistics.median(fit_walls) - wall
    print(f"  --pages 1      {statistics.median(fit_walls):6.3f} s    (fitting both languages "
          f"adds {added:.3f} s; target <= {TARGET_FIT_SECONDS} s) "
          f"{verdict(added <= TARGET_FIT_SECONDS)}; pages: {fitted[-1][2]}")
    print(f"  batch          {BATCH_PROFILES} profiles, {batch_pdfs} PDFs in {batch_seconds:.1f} s "
          f"on {os.cpu_count()} cores: {batch_pdfs / batch_seconds:.1f} PDFs a second")
    print(f"  preview        {preview_seconds * 1000:5.0f} ms from saving the profile to its new "
          f"page images served (target <= {TARGET_PREVIEW_SECONDS * 1000:.0f} ms) "
          f"{verdict(preview_seconds <= TARGET_PREVIEW_SECONDS)}; "
          f"{preview_build_seconds * 1000:.0f} ms of it until the PDFs are built")
    print("  PDFs:")
    for name, size in sizes.items():
        page_count = pages.get(name, 1)
        per_page = size / page_count
        line = (f"    {name:<28} {size / 1000:7.1f} kB  {page_count} pages  "
                f"{per_page / 1000:5.1f} kB/page")
        if name.endswith("-zh.pdf"):
            line += (f"  (target <= {TARGET_ZH_BYTES_PER_PAGE // 1000} kB/page) "
                     f"{verdict(per_page <= TARGET_ZH_BYTES_PER_PAGE)}")
        print(line)


def verdict(met: bool) -> str:
    return "ok" if met else "OVER TARGET"


if __name__ == "__main__":
    main()
