"""Reading a profile: YAML files to plain data, with the source position of every value.

Scalars stay strings exactly as written (`2021-02`, `yes`, `1.10`): the model decides what
a value means, so YAML's implicit typing never turns a date into a timestamp or `no` into
False behind the user's back.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

import yaml

from .errors import Location, Problem, ResumeError, display_path

PROFILE_FILE_NAME = "profile.yaml"
# Far above any real résumé, far below what could stall a build.
MAX_FILE_BYTES = 1_000_000
MAX_NODES = 50_000
# A profile nests six levels at most (experience[0].work[0].highlights[0].zh); the limit
# keeps PyYAML's recursive composer and the conversion below far from Python's stack limit.
MAX_DEPTH = 100

FieldPath = tuple[str | int, ...]

NULL_TAG = "tag:yaml.org,2002:null"


@dataclass(frozen=True)
class ScalarSpan:
    """Where a scalar's source text starts and ends (character offsets) and how it is quoted
    (None: plain; or one of ' " | >): what rewriting a value in place needs."""

    start: int
    end: int
    style: str | None


@dataclass
class SourceDocument:
    """A loaded profile: its data and where each value stands in the file."""

    path: Path
    data: object
    text: str = ""
    raw: bytes = b""  # the file's bytes as read: what check --fix compares before writing
    positions: dict[FieldPath, Location] = field(default_factory=dict)
    key_positions: dict[FieldPath, Location] = field(default_factory=dict)
    scalar_spans: dict[FieldPath, ScalarSpan] = field(default_factory=dict)
    # Mappings written `{a: 1, b: 2}`, where a comma ends a plain text.
    flow_mappings: set[FieldPath] = field(default_factory=set)

    def location(self, path: FieldPath) -> Location:
        """The position of the value at `path`, or of its nearest ancestor that has one."""
        while path not in self.positions and path:
            path = path[:-1]
        return self.positions.get(path, Location(self.path, 1, 1))

    def key_location(self, path: FieldPath) -> Location:
        """The position of the key that names the value at `path`."""
        return self.key_positions.get(path) or self.location(path)


def find_profile_file(profile: Path) -> Path:
    """The profile's YAML file: `profile` itself, or `profile.yaml` inside a folder."""
    candidate = profile / PROFILE_FILE_NAME if profile.is_dir() else profile
    if not candidate.is_file():
        if profile.is_dir() and profile.suffix in (".yaml", ".yml"):
            raise ResumeError(f"{display_path(profile)} is a folder, not a YAML file")
        if candidate.exists():
            raise ResumeError(f"{display_path(candidate)} is not a regular file (a device or "
                              "a pipe); a profile is a YAML file")
        raise ResumeError(
            f"{candidate}: no profile here (expected a folder with {PROFILE_FILE_NAME}, "
            "or a YAML file; see `resume build --help`)"
        )
    return candidate


def load_profile_document(profile: Path) -> SourceDocument:
    """Read and parse the profile at `profile` (a folder or a YAML file)."""
    path = find_profile_file(profile).resolve()
    try:
        size = path.stat().st_size
        if size > MAX_FILE_BYTES:
            raise ResumeError(
                Problem(
                    f"the file is {size:,} bytes; a profile may have at most {MAX_FILE_BYTES:,}",
                    location=Location(path, 1, 1),
                )
            )
        raw = path.read_bytes()
    except OSError as error:
        raise ResumeError(Problem(f"cannot read the file: {error.strerror or error}",
                                  location=Location(path, 1, 1))) from None
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        line = raw[: error.start].count(b"\n") + 1
        raise ResumeError(
            Problem(
                "the file is not UTF-8 text; save it as UTF-8 in your editor",
                location=Location(path, line, 1),
            )
        ) from None
    document = parse_yaml(text, path)
    document.raw = raw
    return document


def parse_yaml(text: str, path: Path) -> SourceDocument:
    """Parse one YAML document safely into strings, lists and dicts with positions."""
    try:
        node = yaml.compose(text, Loader=_ProfileLoader)
    except _StructureError as error:
        mark = error.mark
        raise ResumeError(
            Problem(error.message, location=Location(path, mark.line + 1, mark.column + 1))
        ) from None
    except yaml.MarkedYAMLError as error:
        message, mark = describe_yaml_error(error)
        location = Location(path, mark.line + 1, mark.column + 1) if mark else None
        raise ResumeError(Problem(message, location=location)) from None
    except yaml.YAMLError as error:
        problem = Problem(f"not valid YAML: {error}", location=Location(path, 1, 1))
        raise ResumeError(problem) from None
    document = SourceDocument(path=path, data=None, text=text)
    if node is None:
        raise ResumeError(Problem("the profile is empty", location=Location(path, 1, 1)))
    converter = _NodeConverter(document)
    document.data = converter.convert(node, ())
    if converter.problems:
        raise ResumeError(converter.problems)
    return document


class _StructureError(yaml.YAMLError):
    """A document PyYAML would accept that no profile can be: nested too deeply, or an
    alias inside the block it names."""

    def __init__(self, message: str, mark: yaml.Mark):
        super().__init__(message)
        self.message = message
        self.mark = mark


def too_deep_message() -> str:
    return f"nested too deeply (more than {MAX_DEPTH} levels); a profile needs only a few"


class _ProfileLoader(yaml.SafeLoader):
    """The safe loader, stopping at a depth no profile reaches and at an alias that names
    a block it stands in (`&a [*a]`), either of which would otherwise recurse until Python
    gives up."""

    def __init__(self, stream: str):
        super().__init__(stream)
        self.depth = 0
        self.open_anchors: set[str] = set()

    def compose_node(self, parent: yaml.Node | None, index: object) -> yaml.Node:
        event = self.peek_event()
        if isinstance(event, yaml.AliasEvent):
            if event.anchor in self.open_anchors:
                raise _StructureError(
                    f"the alias *{event.anchor} is inside the block &{event.anchor} that it "
                    "repeats, so it would repeat forever; use it outside that block",
                    event.start_mark,
                )
            return super().compose_node(parent, index)
        if self.depth >= MAX_DEPTH:
            raise _StructureError(too_deep_message(), event.start_mark)
        anchor = event.anchor
        if anchor is not None:
            self.open_anchors.add(anchor)
        self.depth += 1
        try:
            return super().compose_node(parent, index)
        finally:
            self.depth -= 1
            self.open_anchors.discard(anchor)


def describe_yaml_error(error: yaml.MarkedYAMLError) -> tuple[str, yaml.Mark | None]:
    """PyYAML's message, said so that someone who is not a programmer can act on it, and
    the place to look: where the problem starts, not where the parser gave up."""
    problem = (error.problem or "").strip()
    context = (error.context or "").strip()
    mark = error.problem_mark or error.context_mark
    if "found character '\\t'" in problem:
        return "a tab character; YAML indents with spaces only, replace the tab with spaces", mark
    if "quoted scalar" in context:
        return (
            "this quoted text is never closed; add the closing quote, or remove the opening one",
            error.context_mark or mark,
        )
    if "mapping values are not allowed here" in problem:
        return (
            "a colon followed by a space inside a value; put the value in quotes, "
            "or check the indentation of this line",
            mark,
        )
    if "expected <block end>" in problem or "did not find expected" in problem:
        return (
            "the indentation does not line up with the lines above; check the spaces at the "
            "start of this line (and that every `- ` item and `key:` is aligned)",
            mark,
        )
    return f"not valid YAML: {context + ': ' if context else ''}{problem}", mark


def dotted_path(path: FieldPath) -> str:
    """`path` as `experience[0].highlights` (the model names list items by id later)."""
    name = ""
    for part in path:
        name += f"[{part}]" if isinstance(part, int) else (f".{part}" if name else part)
    return name


class _NodeConverter:
    def __init__(self, document: SourceDocument):
        self.document = document
        self.problems: list[Problem] = []
        self.node_count = 0

    def location(self, node: yaml.Node) -> Location:
        return Location(self.document.path, node.start_mark.line + 1, node.start_mark.column + 1)

    def convert(self, node: yaml.Node, path: FieldPath) -> object:
        if len(path) >= MAX_DEPTH:  # within the limit as written, deeper with aliases
            raise ResumeError(Problem(too_deep_message(), location=self.location(node)))
        self.node_count += 1
        if self.node_count > MAX_NODES:
            # Also what stops an alias bomb: every expanded alias is counted again.
            raise ResumeError(
                Problem(
                    f"the profile has more than {MAX_NODES:,} values (are aliases repeating "
                    "themselves?)",
                    location=self.location(node),
                )
            )
        self.document.positions.setdefault(path, self.location(node))
        if isinstance(node, yaml.ScalarNode):
            if node.tag == NULL_TAG and node.style is None:
                return None
            self.document.scalar_spans[path] = ScalarSpan(
                node.start_mark.index, node.end_mark.index, node.style
            )
            return node.value
        if isinstance(node, yaml.SequenceNode):
            return [self.convert(item, (*path, index)) for index, item in enumerate(node.value)]
        if node.flow_style:
            self.document.flow_mappings.add(path)
        mapping: dict[str, object] = {}
        for key_node, value_node in node.value:
            if not isinstance(key_node, yaml.ScalarNode):
                self.problems.append(
                    Problem("a key must be a plain name", location=self.location(key_node))
                )
                continue
            key = key_node.value
            if key in mapping:
                self.problems.append(
                    Problem(
                        f"`{key}` is given twice in the same block; keep one",
                        dotted_path((*path, key)),
                        self.location(key_node),
                    )
                )
                continue
            self.document.key_positions[(*path, key)] = self.location(key_node)
            mapping[key] = self.convert(value_node, (*path, key))
        return mapping
