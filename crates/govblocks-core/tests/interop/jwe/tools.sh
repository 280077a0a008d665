# The independent JOSE implementations of the interop scripts, installed under target/ (sourced,
# not run): jwcrypto 1.6.1 in a Python virtual environment, jose 6.2.19 in an npm folder. Needs
# `$target` (the cargo target folder) and `$label` (the step's name, for the skip messages).
# Sets `$python` (the venv's interpreter) and `$node` (the path of jwe_interop.mjs beside its
# jose), each empty when its tool cannot be had here, saying so.
jose_tools="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"

python=""
if command -v python3 >/dev/null 2>&1 && python3 -m pip --version >/dev/null 2>&1; then
  venv="$target/interop-venv"
  if [ -x "$venv/bin/python" ] || python3 -m venv "$venv"; then
    "$venv/bin/pip" install --quiet --disable-pip-version-check "jwcrypto==1.6.1"
    python="$venv/bin/python"
  else
    echo "$label with jwcrypto skipped: python3 cannot make a virtual environment (venv missing)"
  fi
else
  echo "$label with jwcrypto skipped: python3 with pip is not installed"
fi

node=""
if command -v node >/dev/null 2>&1 && command -v npm >/dev/null 2>&1; then
  npm_dir="$target/interop-node-jwe"
  mkdir -p "$npm_dir"
  if [ ! -f "$npm_dir/node_modules/jose/package.json" ] \
     || ! grep -q '"version": "6.2.19"' "$npm_dir/node_modules/jose/package.json"; then
    npm install --silent --no-audit --no-fund --prefix "$npm_dir" jose@6.2.19 >/dev/null
  fi
  cp "$jose_tools/jwe_interop.mjs" "$npm_dir/jwe_interop.mjs"
  node="$npm_dir/jwe_interop.mjs"
else
  echo "$label with jose skipped: node with npm is not installed"
fi
