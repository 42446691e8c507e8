#!/usr/bin/env python3
"""Build the résumé PDFs: the same as `resume build` (see `python build.py --help`)."""

import sys

from resume.cli import build_script_main

if __name__ == "__main__":
    sys.exit(build_script_main())
