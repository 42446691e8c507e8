"""Where the files this program reads of its own are: the built-in templates, themes and
JSON schemas, the scaffold of `resume new`, and, in the repository's checkout only, the
repository's profile.

They are package data, found through `importlib.resources`, so they travel inside a wheel.
They must be real folders, not only readable resources: the renderer resolves links to
keep a theme inside its folder, WeasyPrint's confined fetcher reads `file:` paths, and
`theme copy` and `new` copy whole folders. pip installs a wheel as files, so the package is
a folder; a package imported from a zip archive is refused at once, with the reason, rather
than half working (`importlib.resources.as_file` extracts a folder only from Python 3.12 on,
and only for the length of a `with` block, shorter than a preview's life).
"""

from __future__ import annotations

from importlib import resources
from pathlib import Path

from .load import PROFILE_FILE_NAME


def package_folder() -> Path:
    root = resources.files(__package__)
    if not isinstance(root, Path):
        raise ImportError(
            f"{__package__} is imported from {root}, which is not a folder: install it with "
            "pip (a wheel installs as files), as its themes must be read as files")
    return root.resolve()


PACKAGE_FOLDER = package_folder()
TEMPLATE_FOLDER = PACKAGE_FOLDER / "templates"  # the section macros every theme shares
THEMES_FOLDER = PACKAGE_FOLDER / "themes"  # the built-in themes, a folder each
SCHEMAS_FOLDER = PACKAGE_FOLDER / "schemas"  # the JSON Schemas, kept equal to the model
SCAFFOLD_FOLDER = PACKAGE_FOLDER / "scaffold"  # what `resume new` writes
CHECKOUT_PROFILE_FOLDER = "data"


def checkout_profile() -> Path | None:
    """The repository's own profile (data/), when the package runs from the repository's
    checkout (build.py, an editable install); None for an installed copy, which has none."""
    project = PACKAGE_FOLDER.parent
    profile = project / CHECKOUT_PROFILE_FOLDER
    if (project / "pyproject.toml").is_file() and (profile / PROFILE_FILE_NAME).is_file():
        return profile
    return None
