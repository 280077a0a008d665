#!/usr/bin/env bash
# SPDCI / G2P Connect bodies checked by independent JOSE implementations:
#
#   1. each encrypted body's EncryptedMessage, rebuilt as the compact JWE
#      BASE64URL(JCS(header)).encrypted_key.iv.ciphertext.tag, decrypts with jwcrypto 1.6.1
#      (Python) and jose 6.2.19 (Node.js) to the RFC 8785 form of the message (core's JWE interop
#      scripts, crates/govblocks-core/tests/interop/jwe/, do the decrypting);
#   2. each body's detached JWS verifies with jwcrypto over {"header", "message"} canonicalized
#      in Python (g2p_jws.py), and a changed payload does not.
#
# The bodies are written by the ignored test g2p_interop::write_bodies_for_interop for core's
# fixed interop recipient. Shares core's virtual environment and npm folder under target/;
# skips, saying so, only without python3/pip (or node/npm for the jose half).
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
root="$(cd "$here/../../../.." && pwd)"
cd "$root"
target="${CARGO_TARGET_DIR:-$root/target}"
core_interop="$root/crates/govblocks-core/tests/interop/jwe"
key="$root/crates/govblocks-core/tests/vectors/jwe-interop/recipient.json"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT

label="SPDCI interop"
# shellcheck source=/dev/null
source "$core_interop/tools.sh"

if [ -z "$python" ] && [ -z "$node" ]; then
  exit 0
fi

GOVBLOCKS_G2P_INTEROP_DIR="$work" GOVBLOCKS_G2P_INTEROP_RECIPIENT="$key" \
  cargo test --quiet -p govblocks-exchange --test api g2p_interop::write_bodies_for_interop \
  -- --ignored --exact >/dev/null

echo "our EncryptedMessage as a compact JWE → theirs"
[ -n "$python" ] && "$python" "$core_interop/jwe_interop.py" check "$key" "$work/ours.json"
[ -n "$node" ] && node "$node" check "$key" "$work/ours.json"
echo "our body's detached JWS → jwcrypto"
[ -n "$python" ] && "$python" "$here/g2p_jws.py" "$work/bodies.json"
echo "SPDCI interop: ok"
