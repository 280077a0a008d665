#!/usr/bin/env bash
# JWE interoperability (ECDH-ES + X25519 + A256GCM), both ways, with two independent
# implementations: Python jwcrypto 1.6.1 and JavaScript jose 6 (Node.js).
#
#   1. ours → theirs: an ignored test writes our JWEs (tests/conformance/jwe_interop.rs), and
#      jwcrypto and jose each decrypt every one (jwe_interop.py / jwe_interop.mjs `check`),
#      failing on any mismatch;
#   2. theirs → ours: both tools encrypt the same cases afresh (`generate`), and another ignored
#      test decrypts them.
#
# The recipient is the fixed key of tests/vectors/jwe-interop/recipient.json. With `--refresh`,
# step 2's outputs also replace the stored vectors of that folder (then update its SOURCE.md).
#
# Makes its own Python virtual environment and npm folder under target/; the Python half skips,
# saying so, only without python3/pip (or venv), the JavaScript half only without node/npm.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
root="$(cd "$here/../../../../.." && pwd)"
cd "$root"
target="${CARGO_TARGET_DIR:-$root/target}"
key="$root/crates/govblocks-core/tests/vectors/jwe-interop/recipient.json"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT

python=""
if command -v python3 >/dev/null 2>&1 && python3 -m pip --version >/dev/null 2>&1; then
  venv="$target/interop-venv"
  if [ -x "$venv/bin/python" ] || python3 -m venv "$venv"; then
    "$venv/bin/pip" install --quiet --disable-pip-version-check "jwcrypto==1.6.1"
    python="$venv/bin/python"
  else
    echo "JWE interop with jwcrypto skipped: python3 cannot make a virtual environment (venv missing)"
  fi
else
  echo "JWE interop with jwcrypto skipped: python3 with pip is not installed"
fi

node=""
if command -v node >/dev/null 2>&1 && command -v npm >/dev/null 2>&1; then
  npm_dir="$target/interop-node-jwe"
  mkdir -p "$npm_dir"
  if [ ! -f "$npm_dir/node_modules/jose/package.json" ] \
     || ! grep -q '"version": "6.2.19"' "$npm_dir/node_modules/jose/package.json"; then
    npm install --silent --no-audit --no-fund --prefix "$npm_dir" jose@6.2.19 >/dev/null
  fi
  cp "$here/jwe_interop.mjs" "$npm_dir/jwe_interop.mjs"
  node="$npm_dir/jwe_interop.mjs"
else
  echo "JWE interop with jose skipped: node with npm is not installed"
fi

if [ -z "$python" ] && [ -z "$node" ]; then
  exit 0
fi

ignored() {
  GOVBLOCKS_JWE_INTEROP_DIR="$work" cargo test --quiet -p govblocks-core --test conformance \
    "jwe_interop::$1" -- --ignored --exact --nocapture 2>&1 | grep -v '^\.*$' | grep -v '^running ' | grep -v '^test result'
}

echo "ours → theirs"
ignored write_ours_for_interop >/dev/null
[ -n "$python" ] && "$python" "$here/jwe_interop.py" check "$key" "$work/ours.json"
[ -n "$node" ] && node "$node" check "$key" "$work/ours.json"

echo "theirs → ours"
[ -n "$python" ] && "$python" "$here/jwe_interop.py" generate "$key" "$work/jwcrypto.json"
[ -n "$node" ] && node "$node" generate "$key" "$work/jose.json"
ignored read_theirs_from_interop

if [ "${1:-}" = "--refresh" ]; then
  vectors="$root/crates/govblocks-core/tests/vectors/jwe-interop"
  [ -n "$python" ] && cp "$work/jwcrypto.json" "$vectors/jwcrypto-1.6.1.json"
  [ -n "$node" ] && cp "$work/jose.json" "$vectors/jose-6.json"
  echo "stored vectors refreshed in $vectors: update its SOURCE.md (date, versions)"
fi
echo "JWE interop: ok"
