#!/bin/sh
# The Debian/Ubuntu packages the build needs: Pango and HarfBuzz for WeasyPrint (with
# HarfBuzz's subsetter, which embeds fonts in a tenth of a second instead of seven), venv
# for the project's virtual environment, and Noto Sans CJK for Traditional Chinese (no
# PyPI package ships a Traditional Chinese face) and for the rare characters (CJK Extension
# B) the bundled Noto Sans SC lacks. With --test, also Chromium, in which the tests watch
# `resume preview` refresh, LibreOffice Writer, which the tests open the Word documents
# in, with Liberation Sans, the metric twin of the Arial they name (so LibreOffice breaks
# their lines as Word does), and poppler-utils, whose pdftotext the tests read every PDF
# back with, as applicant tracking systems do (`resume build --verify`). Silent when
# everything is there.
set -eu

packages="libpango-1.0-0 libpangoft2-1.0-0 libharfbuzz0b libharfbuzz-subset0 libfontconfig1 python3-venv fonts-noto-cjk"
if [ "${1:-}" = "--test" ]; then
    packages="$packages chromium libreoffice-writer-nogui fonts-liberation poppler-utils"
fi

if ! command -v dpkg-query >/dev/null 2>&1; then
    echo "This setup installs Debian/Ubuntu packages; on another system install Pango (>= 1.44)," >&2
    echo "HarfBuzz with its subset library, fontconfig and Python's venv, then run make again." >&2
    exit 1
fi

missing=""
for package in $packages; do
    if ! dpkg-query -W -f='${Status}' "$package" 2>/dev/null | grep -q "ok installed"; then
        missing="$missing $package"
    fi
done
[ -z "$missing" ] && exit 0

if [ "$(id -u)" -ne 0 ]; then
    echo "Some system packages are missing. Install them with:" >&2
    echo "    sudo apt-get update && sudo apt-get install -y$missing" >&2
    echo "then run make again." >&2
    exit 1
fi

echo "Installing system packages:$missing"
apt-get update -q
DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends $missing
