"""`make bench`: how fast and how large the build is, against a bare `import weasyprint`.

Every timing is taken in rounds: a round runs a bare `python -c "import weasyprint"`, then
each command once (one language, both languages, both fitted to one page, the graduate
persona, a batch), so a change in the machine's load hits all of them alike. The report
gives medians over the rounds, each as a ratio to the bare import's median of the same run,
against its target; then the time of each stage for each language, the peak memory of a
build and of a batch (all their processes together, and the largest one), each language's
Word document against its PDF (and python-docx's import), the preview's latency, and each
PDF's size. The graduate persona of the tests (tests/fixtures/graduate: every kind of
section, a photo, three pages a language) is a profile that uses the whole format. The
load average is printed before and after: figures taken under load are not comparable
with quiet ones.
"""

from __future__ import annotations

import argparse
import os
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from resume.parallel import usable_cores  # noqa: E402  (after the path is set)

PROJECT = Path(__file__).resolve().parent.parent
PROFILE = PROJECT / "data"
GRADUATE = PROJECT / "tests" / "fixtures" / "graduate"
# As on a user's machine: Python keeps the bytecode it compiles. (Some sandboxes turn that
# off, which would charge every run for compiling the package anew.)
ENVIRONMENT = {k: v for k, v in os.environ.items()
               if k not in ("PYTHONDONTWRITEBYTECODE", "RESUME_JOBS")}
BARE_IMPORT = [sys.executable, "-c", "import weasyprint"]

TARGET_ONE_LANGUAGE = 1.45  # times the bare import
TARGET_BOTH_LANGUAGES = 1.6  # times the bare import
TARGET_BOTH_OVER_ONE = 1.1  # both languages, times one language
TARGET_FIT_SECONDS = 0.35  # what --pages 1 adds
TARGET_BATCH_PDFS_PER_SECOND = 10.0
TARGET_BUILD_MIB = 120
TARGET_BATCH_MIB = 200
TARGET_ZH_BYTES_PER_PAGE = 60_000
TARGET_PREVIEW_SECONDS = 0.3
TARGET_DOCX_SHARE = 0.25  # of the PDF's time
BATCH_PROFILES = 20
MEMORY_RUNS = 5
SAMPLE_SECONDS = 0.002  # how often the memory of a command's processes is read

_STAGE_TOTAL = re.compile(r"^  (?P<stage>\S.*?)\s+(?P<ms>[\d.]+) ms$")
_STAGE_FILE = re.compile(r"^    (?P<file>[^:]+): (?P<stages>.+)$")
_STAGE_PART = re.compile(r"(?P<stage>[^,]+?) (?P<ms>[\d.]+) ms")
_FILE_LINE = re.compile(r"^(?P<path>\S+\.pdf)\s+(?P<pages>\d+) pages?\s")


@dataclass
class Run:
    """One command's run: wall seconds, and what its --timings said."""

    seconds: float
    stages: dict[str, float] = field(default_factory=dict)  # stage: ms, all files
    file_stages: dict[str, dict[str, float]] = field(default_factory=dict)  # file: stage: ms
    pages: dict[str, int] = field(default_factory=dict)


@dataclass
class Measure:
    """A command timed in every round."""

    name: str
    command: Callable[[Path], list[str]]  # given the run's folder
    runs: list[Run] = field(default_factory=list)

    @property
    def median(self) -> float:
        return statistics.median(run.seconds for run in self.runs)


def build_command(*options: str, out: str = "out",
                  profile: Path = PROFILE) -> Callable[[Path], list[str]]:
    """`python build.py` on a profile (the default one), with --timings, into FOLDER/out."""
    return lambda folder: [sys.executable, "build.py", "--profile", str(profile),
                           "--out", str(folder / out), "--timings", *options]


def batch_command(folder: Path) -> list[str]:
    return [sys.executable, "build.py", "--profile", str(batch_profiles(folder)),
            "--out", str(folder / "batch-out")]


def batch_profiles(folder: Path) -> Path:
    """BATCH_PROFILES copies of the default profile, each with a slug of its own."""
    profiles = folder / "profiles"
    if not profiles.exists():
        source = (PROFILE / "profile.yaml").read_text(encoding="utf-8")
        for number in range(BATCH_PROFILES):
            (profiles / f"p{number:02d}").mkdir(parents=True)
            (profiles / f"p{number:02d}" / "profile.yaml").write_text(
                source.replace("slug: yuandong-xie", f"slug: person-{number:02d}"),
                encoding="utf-8")
    return profiles


def measures() -> list[Measure]:
    """What every round times, after the bare import; each a function of its own."""
    return [
        Measure("one language (zh)", build_command("--lang", "zh")),
        Measure("both languages", build_command()),
        Measure("both, --pages 1", build_command("--pages", "1", out="fitted")),
        Measure("graduate, both", build_command(out="graduate", profile=GRADUATE)),
        Measure(f"batch of {BATCH_PROFILES}, both", batch_command),
    ]


def run_once(command: list[str]) -> Run:
    started = time.perf_counter()
    process = subprocess.run(command, cwd=PROJECT, env=ENVIRONMENT, capture_output=True,
                             text=True)
    seconds = time.perf_counter() - started
    if process.returncode != 0:
        sys.exit(f"{' '.join(command)} failed:\n{process.stdout}{process.stderr}")
    run = Run(seconds)
    for line in process.stderr.splitlines():
        if match := _STAGE_TOTAL.match(line):
            run.stages[match["stage"]] = float(match["ms"])
        elif match := _STAGE_FILE.match(line):
            run.file_stages[match["file"]] = {
                part["stage"].strip(): float(part["ms"])
                for part in _STAGE_PART.finditer(match["stages"])}
    for line in process.stdout.splitlines():
        if match := _FILE_LINE.match(line):
            run.pages[Path(match["path"]).name] = int(match["pages"])
    return run


def timed_rounds(folder: Path, rounds: int) -> tuple[Measure, list[Measure]]:
    """The bare import and every measure, alternating, after one warm-up round (bytecode,
    font caches) that is not counted."""
    bare = Measure("import weasyprint", lambda _: BARE_IMPORT)
    timed = measures()
    for number in range(rounds + 1):
        for measure in (bare, *timed):
            shutil.rmtree(folder / "batch-out", ignore_errors=True)
            run = run_once(measure.command(folder))
            if number:
                measure.runs.append(run)
    return bare, timed


def peak_memory(command: list[str], environment: dict[str, str]) -> tuple[float, float]:
    """Peak memory of a command, in MiB: of all its processes together (the sum of their
    proportional set sizes, PSS, read every SAMPLE_SECONDS: shared pages counted once), and
    of its largest process (its peak resident set, from the kernel)."""
    code = (
        "import resource, subprocess, sys;"
        "subprocess.run(sys.argv[1:], check=True, stdout=subprocess.DEVNULL,"
        " stderr=subprocess.DEVNULL);"
        "print(resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss)"
    )
    process = subprocess.Popen([sys.executable, "-c", code, *command], cwd=PROJECT,
                               env=environment, stdout=subprocess.PIPE, text=True)
    peak_kib = 0
    while process.poll() is None:
        peak_kib = max(peak_kib, sum(pss_kib(pid) for pid in descendants(process.pid)))
        time.sleep(SAMPLE_SECONDS)
    largest_kib = int(process.stdout.read().strip())  # Linux reports kilobytes
    return peak_kib / 1024, largest_kib / 1024


def descendants(pid: int) -> list[int]:
    """The processes `pid` started, and theirs (not `pid` itself: the measuring wrapper)."""
    children: dict[int, list[int]] = {}
    for entry in os.scandir("/proc"):
        if entry.name.isdigit():
            try:
                stat = Path(entry.path, "stat").read_text()
            except OSError:
                continue
            parent = int(stat.rsplit(")", 1)[1].split()[1])
            children.setdefault(parent, []).append(int(entry.name))
    found, waiting = [], list(children.get(pid, []))
    while waiting:
        child = waiting.pop()
        found.append(child)
        waiting.extend(children.get(child, []))
    return found


def pss_kib(pid: int) -> int:
    try:
        for line in Path(f"/proc/{pid}/smaps_rollup").read_text().splitlines():
            if line.startswith("Pss:"):
                return int(line.split()[1])
    except OSError:  # it has just ended
        pass
    return 0


def memory(folder: Path) -> list[tuple[str, float, float, int]]:
    """Peak memory of a build (in parallel, and in one process) and of a batch: for each,
    its name, the medians of all processes together and of the largest, and its target."""
    one_process = {**ENVIRONMENT, "RESUME_JOBS": "1"}
    commands = [("build, both languages", build_command(out="memory")(folder), ENVIRONMENT,
                 TARGET_BUILD_MIB),
                ("the same, RESUME_JOBS=1", build_command(out="memory")(folder), one_process,
                 TARGET_BUILD_MIB),
                (f"batch of {BATCH_PROFILES}", batch_command(folder), ENVIRONMENT,
                 TARGET_BATCH_MIB)]
    results = []
    for name, command, environment, target in commands:
        samples = []
        for _ in range(MEMORY_RUNS):
            shutil.rmtree(folder / "batch-out", ignore_errors=True)
            samples.append(peak_memory(command, environment))
        results.append((name, statistics.median(s[0] for s in samples),
                        statistics.median(s[1] for s in samples), target))
    return results


def preview_latency(folder: Path, runs: int = 7) -> tuple[float, float]:
    """Medians, in seconds, from saving the default profile (the file's mtime) to every new
    page image being served by `resume preview`, as its page fetches them, and of the part
    before the new version is announced (the watcher noticing, both languages built into
    PDFs by the warm builders). Each save changes the e-mail address, on both languages'
    pages, and replaces the file as editors do, so that no half-written file is built."""
    import http.client
    from concurrent.futures import ThreadPoolExecutor

    profile = folder / "preview"
    shutil.copytree(PROFILE, profile)
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


def docx_against_pdf(folder: Path, runs: int) -> dict[str, tuple[float, float]]:
    """For each language of the default profile, the median milliseconds of writing its
    Word document (in this process, python-docx loaded) and of making its PDF (the HTML,
    layout and PDF write stages of a one-language build): the work of each, without the
    import of the library that does it."""
    from resume.build import DEFAULT_THEME, check, find_theme
    from resume.design import natural_typography
    from resume.docx import WordDesign, word_document
    from resume.render import theme_stylesheet

    checked = check(PROFILE)
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
        command = build_command("--lang", view.language.code, out="docx")(folder)
        builds = [run_once(command).stages for _ in range(runs)]
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


def report_times(bare: Measure, timed: list[Measure]) -> None:
    one, both, fitted, graduate, batch = timed
    rounds = len(bare.runs)
    print(f"medians of {rounds} alternating rounds on {usable_cores()} cores "
          f"(ratios: to the bare import of the same rounds)")
    print(f"  {bare.name:<22} {bare.median:6.3f} s  "
          f"(min {min(r.seconds for r in bare.runs):.3f})")
    for measure, target in ((one, TARGET_ONE_LANGUAGE), (both, TARGET_BOTH_LANGUAGES)):
        ratio = measure.median / bare.median
        print(f"  {measure.name:<22} {measure.median:6.3f} s  {ratio:4.2f}x  "
              f"(target <= {target}x) {verdict(ratio <= target)}")
    over_one = both.median / one.median
    print(f"  {'both over one':<22} {'':8}  {over_one:4.2f}x  (target <= "
          f"{TARGET_BOTH_OVER_ONE}x) {verdict(over_one <= TARGET_BOTH_OVER_ONE)}")
    added = fitted.median - both.median
    print(f"  {fitted.name:<22} {fitted.median:6.3f} s  {fitted.median / bare.median:4.2f}x  "
          f"fitting adds {added:.3f} s (target <= {TARGET_FIT_SECONDS} s) "
          f"{verdict(added <= TARGET_FIT_SECONDS)}; pages {fitted.runs[-1].pages}")
    print(f"  {graduate.name:<22} {graduate.median:6.3f} s  "
          f"{graduate.median / bare.median:4.2f}x  ({GRADUATE.relative_to(PROJECT)}; pages "
          f"{graduate.runs[-1].pages})")
    pdfs = BATCH_PROFILES * 2
    rate = pdfs / batch.median
    print(f"  {batch.name:<22} {batch.median:6.3f} s  {batch.median / bare.median:4.2f}x  "
          f"{rate:.1f} PDFs a second (target >= {TARGET_BATCH_PDFS_PER_SECOND}) "
          f"{verdict(rate >= TARGET_BATCH_PDFS_PER_SECOND)}")


def report_stages(both: Measure) -> None:
    """Median milliseconds of each stage, in all and for each file; the files' stages run
    side by side, so they add up to more than the wall time."""
    print("  stages of both languages, median ms (each file's run side by side):")
    files = list(both.runs[0].file_stages)
    print(f"    {'':<20} {'all':>7}" + "".join(f" {name:>18}" for name in files))
    for stage in both.runs[0].stages:
        line = f"    {stage:<20} {statistics.median(r.stages[stage] for r in both.runs):7.1f}"
        for name in files:
            values = [r.file_stages[name].get(stage) for r in both.runs]
            line += (f" {statistics.median(values):18.1f}" if None not in values
                     else f" {'':>18}")
        print(line)


def report_memory(peaks: list[tuple[str, float, float, int]]) -> None:
    print("  peak memory, median MiB (all processes together by PSS; the largest process):")
    for name, together, largest, target in peaks:
        print(f"    {name:<24} {together:6.1f} MiB  (largest process {largest:.1f}) "
              f"(target <= {target} MiB) {verdict(together <= target)}")


def report_docx(word: dict[str, tuple[float, float]], docx_import: float) -> None:
    for language, (docx_ms, pdf_ms) in word.items():
        print(f"  docx {language:<9} {docx_ms:5.0f} ms    (its PDF: {pdf_ms:.0f} ms; "
              f"{docx_ms / pdf_ms:.0%} of it, target <= {TARGET_DOCX_SHARE:.0%}) "
              f"{verdict(docx_ms <= TARGET_DOCX_SHARE * pdf_ms)}")
    print(f"  docx import   {docx_import:5.0f} ms    (python-docx, once in a build that writes "
          "docx)")


def report_sizes(folder: Path, pages: dict[str, int]) -> None:
    print("  PDFs:")
    for path in sorted((folder / "out").glob("*.pdf")):
        size, page_count = path.stat().st_size, pages.get(path.name, 1)
        per_page = size / page_count
        line = (f"    {path.name:<28} {size / 1000:7.1f} kB  {page_count} pages  "
                f"{per_page / 1000:5.1f} kB/page")
        if path.name.endswith("-zh.pdf"):
            line += (f"  (target <= {TARGET_ZH_BYTES_PER_PAGE // 1000} kB/page) "
                     f"{verdict(per_page <= TARGET_ZH_BYTES_PER_PAGE)}")
        print(line)


def load_average() -> str:
    return " ".join(f"{value:.2f}" for value in os.getloadavg())


def verdict(met: bool) -> str:
    return "ok" if met else "OVER TARGET"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--rounds", type=int, default=7, help="timed rounds (default: 7)")
    parser.add_argument("--no-preview", action="store_true", help="skip the preview latency")
    arguments = parser.parse_args()
    print(f"load average before: {load_average()}", flush=True)
    with tempfile.TemporaryDirectory(prefix="resume-bench-") as name:
        folder = Path(name)
        bare, timed = timed_rounds(folder, arguments.rounds)
        load_after_timing = load_average()
        peaks = memory(folder)
        word = docx_against_pdf(folder, arguments.rounds)
        docx_import = import_ms("docx", arguments.rounds)
        preview = None if arguments.no_preview else preview_latency(folder)
        report_times(bare, timed)
        report_stages(timed[1])
        report_memory(peaks)
        report_docx(word, docx_import)
        if preview is not None:
            total, until_built = preview
            print(f"  preview: {total * 1000:.0f} ms from saving the profile to its new page "
                  f"images served (target <= {TARGET_PREVIEW_SECONDS * 1000:.0f} ms) "
                  f"{verdict(total <= TARGET_PREVIEW_SECONDS)}; {until_built * 1000:.0f} ms "
                  "of it until the PDFs are built")
        report_sizes(folder, timed[1].runs[-1].pages)
    print(f"load average after the timed rounds: {load_after_timing}; at the end: "
          f"{load_average()}")


if __name__ == "__main__":
    main()
