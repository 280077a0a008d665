#!/usr/bin/env bash
# SD-JWT interoperability with the OpenWallet Foundation's Python implementation (sd-jwt 0.10.4),
# both ways, EdDSA: see sd_jwt_interop.py. Makes its own virtual environment (under target/) and
# installs the package there; skips, saying so, only when Python's venv or pip is missing.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
root="$(cd "$here/../../../.." && pwd)"
cd "$root"
if ! command -v python3 >/dev/null 2>&1 || ! python3 -m pip --version >/dev/null 2>&1; then
  echo "SD-JWT interop skipped: python3 with pip is not installed"
  exit 0
fi
venv="${CARGO_TARGET_DIR:-$root/target}/interop-venv"
if [ ! -x "$venv/bin/python" ]; then
  if ! python3 -m venv "$venv"; then
    echo "SD-JWT interop skipped: python3 cannot make a virtual environment (venv missing)"
    exit 0
  fi
fi
"$venv/bin/pip" install --quiet --disable-pip-version-check "sd-jwt==0.10.4"
cargo build --quiet -p govblocks-cli
GOVBLOCKS="${CARGO_TARGET_DIR:-$root/target}/debug/govblocks" "$venv/bin/python" "$here/sd_jwt_interop.py"
