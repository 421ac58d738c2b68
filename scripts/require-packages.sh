#!/usr/bin/env bash
# Installs Debian packages that are missing, so `make run` and `make test` work on a new machine.
#
# usage: scripts/require-packages.sh CHECK:PACKAGE...
#   CHECK is `pc:NAME` (pkg-config can find library NAME), `cmd:NAME` (command NAME is on PATH)
#   or `path:GLOB` (some file matches GLOB, for programs installed off the PATH).
# Example: scripts/require-packages.sh pc:libcmark:libcmark-dev cmd:sqlite3:sqlite3
set -euo pipefail

missing=()
for spec in "$@"; do
  kind=${spec%%:*}; rest=${spec#*:}; name=${rest%%:*}; package=${rest#*:}
  case $kind in
    pc) command -v pkg-config >/dev/null 2>&1 && pkg-config --exists "$name" && continue ;;
    cmd) command -v "$name" >/dev/null 2>&1 && continue ;;
    path) compgen -G "$name" >/dev/null && continue ;;
    *) echo "require-packages: unknown check '$kind' in '$spec'" >&2; exit 2 ;;
  esac
  missing+=("$package")
done
[ ${#missing[@]} -eq 0 ] && exit 0

# pkg-config itself is needed to find libraries afterwards.
command -v pkg-config >/dev/null 2>&1 || missing+=(pkg-config)
sudo=""
if [ "$(id -u)" -ne 0 ]; then
  if command -v sudo >/dev/null 2>&1; then sudo="sudo"; else
    echo "error: missing Debian packages: ${missing[*]}" >&2
    echo "  hint: install them as root: apt-get install -y ${missing[*]}" >&2
    exit 2
  fi
fi
echo "Installing ${missing[*]} with apt-get..." >&2
export DEBIAN_FRONTEND=noninteractive
# A new machine may have no package lists yet: update once and retry.
$sudo apt-get install -y --no-install-recommends "${missing[@]}" >/dev/null 2>&1 \
  || { $sudo apt-get update -qq && $sudo apt-get install -y --no-install-recommends "${missing[@]}"; }
