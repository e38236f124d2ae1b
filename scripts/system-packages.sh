#!/usr/bin/env bash
# Debian packages the tests need, installed only when missing (idempotent; a no-op when present).
#   fonts-wqy-microhei  a CJK font, so pdfium can draw the tests' synthetic Chinese tables as images
#                       for the OCR tests (reportlab's built-in STSong-Light is not embedded).
#   chromium, chromium-driver  headless browser for the review page test (services/api), driven by
#                       Selenium at /usr/bin/chromium and /usr/bin/chromedriver; no browser download.
#   prometheus          Prometheus and promtool: the metrics tests scrape the services with the
#                       project's scrape config and check the alert rules (deploy/prometheus).
# The pipeline itself needs none of them: OCR models and OpenCV come from PyPI wheels.
set -euo pipefail

missing=()
if ! fc-list :lang=zh 2>/dev/null | grep -q .; then
  missing+=(fonts-wqy-microhei fontconfig)
fi
if ! [ -x /usr/bin/chromium ] || ! [ -x /usr/bin/chromedriver ]; then
  missing+=(chromium chromium-driver)
fi
if ! command -v prometheus >/dev/null 2>&1 || ! command -v promtool >/dev/null 2>&1; then
  missing+=(prometheus)
fi
[ ${#missing[@]} -eq 0 ] && exit 0

if ! command -v apt-get >/dev/null 2>&1; then
  echo "system-packages: no apt-get; tests needing ${missing[*]} will fail or skip" >&2
  exit 0
fi
SUDO=""
if [ "$(id -u)" -ne 0 ]; then
  if command -v sudo >/dev/null 2>&1 && sudo -n true 2>/dev/null; then SUDO="sudo -n"; else
    echo "system-packages: not root and no sudo; tests needing ${missing[*]} will skip" >&2
    exit 0
  fi
fi
echo "system-packages: installing ${missing[*]}" >&2
export DEBIAN_FRONTEND=noninteractive
$SUDO apt-get install -y -q --no-install-recommends "${missing[@]}" >&2 \
  || { $SUDO apt-get update -q >&2 && $SUDO apt-get install -y -q --no-install-recommends "${missing[@]}" >&2; }
