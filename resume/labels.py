"""The words templates add around profile text (section titles, `Present`), per language.

The table is `labels.yaml` beside this file; a profile can override any entry (`labels:`).
"""

from __future__ import annotations

from functools import cache
from importlib import resources

import yaml


@cache
def label_table() -> dict[str, dict[str, str]]:
    source = resources.files("resume").joinpath("labels.yaml").read_text(encoding="utf-8")
    # libyaml's loader when PyYAML has it: the same table, read in a fifth of the time.
    return yaml.load(source, Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader))
