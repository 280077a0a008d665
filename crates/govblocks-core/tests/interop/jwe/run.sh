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

label="JWE interop"
# shellcheck source=/dev/null
source "$here/tools.sh"

if [ -z "$python" ] && [ -z "$node" ]; then
  exit 0
fi

# Runs one ignored test of tests/conformance/jwe_interop.rs; prints what it printed but the test
# harness's own lines (none, when the test binary is already built: grep then selects nothing,
# which is not a failure), and fails when the test does.
ignored() {
  local out
  out="$(GOVBLOCKS_JWE_INTEROP_DIR="$work" cargo test --quiet -p govblocks-core --test conformance \
    "jwe_interop::$1" -- --ignored --exact --nocapture 2>&1)" || { printf '%s\n' "$out"; return 1; }
  printf '%s\n' "$out" | grep -v '^\.*$' | grep -v '^running ' | grep -v '^test result' || true
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
