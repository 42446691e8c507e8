"""`make bench`: the default profile built in both languages, as a user runs it.

Runs `python build.py` several times in fresh processes (after one warm-up run that fills
the bytecode caches) and prints the median wall time and peak memory of one whole command,
the median time of each stage (from `--timings`), each PDF's size against the targets,
what fitting both languages to one page (`--pages 1`) adds to a build, and the time of each
language's Word document against its PDF's (and of importing python-docx). The graduate
persona of the tests (tests/fixtures/graduate: every kind of section, a photo, three pages
a language) is timed the same way, for a profile that uses the whole format.
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
TARGET_DOCX_SHARE = 0.25  # of the PDF's time
GRADUATE = PROJECT / "tests" / "fixtures" / "graduate"
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


def preview_latency(folder: Path, runs: int = 7) -> float:
    """Median seconds from saving the default profile to the new preview being served:
    the watcher noticing, every check, and both languages rendered."""
    import shutil
    import threading

    from resume.preview import Previewer

    profile = folder / "preview"
    shutil.copytree(PROJECT / "data", profile)
    previewer = Previewer(profile)
    stop = threading.Event()
    threading.Thread(target=previewer.watch, args=(stop,), daemon=True).start()
    previewer.wait_for(0, timeout=30)
    source = (profile / "profile.yaml").read_text(encoding="utf-8")
    latencies = []
    for run in range(runs):
        version = previewer.rendering.version
        time.sleep(0.2)
        started = time.perf_counter()
        (profile / "profile.yaml").write_text(source + f"# edit {run}\n", encoding="utf-8")
        rendering = previewer.wait_for(version, timeout=10)
        assert rendering.version > version and not rendering.errors
        latencies.append(time.perf_counter() - started)
    stop.set()
    return statistics.median(latencies)


def docx_against_pdf(out: Path, runs: int) -> dict[str, tuple[float, float]]:
    """For each language of the default profile, the median milliseconds of writing its
    Word document (in this process, python-docx loaded) and of making its PDF (the HTML,
    layout and PDF write stages of a one-language build): the work of each, without the
    import of the library that does it."""
    from resume.build import DEFAULT_PROFILE, DEFAULT_THEME, check, find_theme
    from resume.design import natural_typography
    from resume.docx import WordDesign, word_document
    from resume.render import theme_stylesheet

    checked = check(DEFAULT_PROFILE)
    theme = theme_stylesheet(find_theme(checked.profile.design.theme or DEFAULT_THEME))
    figures = {}
    for view in checked.views:
        design = WordDesign.of(checked.profile.design, natural_typography(
            checked.profile.design, theme), theme, view.paper)
        writes = []
        for _ in range(runs):
            started = time.perf_counter()
            word_document(view, design, None)
            writes.append((time.perf_counter() - started) * 1000)
        builds = [run_once(out / "docx", "--lang", view.language.code)[1] for _ in range(runs)]
        figures[view.language.code] = (statistics.median(writes), statistics.median(
            run["HTML"] + run["layout"] + run["PDF write"] for run in builds))
    return figures


def import_ms(module: str, runs: int) -> float:
    """Median milliseconds to import `module` in a fresh process (its bytecode cached)."""
    code = (f"import time; started = time.perf_counter(); import {module}; "
            "print((time.perf_counter() - started) * 1000)")
    return statistics.median(float(subprocess.run(
        [sys.executable, "-c", code], cwd=PROJECT, env=ENVIRONMENT, check=True,
        capture_output=True, text=True).stdout) for _ in range(runs))


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
        word = docx_against_pdf(out, arguments.runs)
        docx_import = import_ms("docx", arguments.runs)
        graduate_options = ("--profile", str(GRADUATE))
        run_once(out / "graduate", *graduate_options)  # warm-up, as for the default profile
        graduate = [run_once(out / "graduate", *graduate_options) for _ in range(arguments.runs)]
        graduate_walls = [run[0] for run in graduate]
        batch_seconds, batch_pdfs = batch_rate(out / "batch")
        preview_seconds = preview_latency(out)

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
    for language, (docx_ms, pdf_ms) in word.items():
        print(f"  docx {language:<9} {docx_ms:5.0f} ms    (its PDF: {pdf_ms:.0f} ms; "
              f"{docx_ms / pdf_ms:.0%} of it, target <= {TARGET_DOCX_SHARE:.0%}) "
              f"{verdict(docx_ms <= TARGET_DOCX_SHARE * pdf_ms)}")
    print(f"  docx import   {docx_import:5.0f} ms    (python-docx, once in a build that writes "
          "docx; WeasyPrint's import is most of the rest of the wall time)")
    print(f"  graduate       {statistics.median(graduate_walls):6.3f} s    (min "
          f"{min(graduate_walls):.3f}, max {max(graduate_walls):.3f}; "
          f"{GRADUATE.relative_to(PROJECT)}, zh + en; pages: {graduate[-1][2]})")
    print(f"  batch          {BATCH_PROFILES} profiles, {batch_pdfs} PDFs in {batch_seconds:.1f} s "
          f"on {os.cpu_count()} cores: {batch_pdfs / batch_seconds:.1f} PDFs a second")
    print(f"  preview        {preview_seconds * 1000:5.0f} ms from saving the profile to the new "
          f"page being served (target <= {TARGET_PREVIEW_SECONDS * 1000:.0f} ms) "
          f"{verdict(preview_seconds <= TARGET_PREVIEW_SECONDS)}")
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
