#!/usr/bin/env bash
# CI: the headless browser for the web app's end-to-end tests (tests/web/test_browser.py).
# Debian's chromium, driven by Playwright for Python through `executable_path`; Playwright's own browser
# download is never used (no network beyond the package mirrors). Safe to run twice.
set -euo pipefail
if ! command -v chromium >/dev/null 2>&1; then
    export DEBIAN_FRONTEND=noninteractive
    SUDO=""
    if [ "$(id -u)" != 0 ]; then SUDO="sudo"; fi
    $SUDO apt-get update -q
    $SUDO apt-get install -y -q --no-install-recommends chromium fonts-dejavu-core
fi
chromium --version
