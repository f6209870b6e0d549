# Shared by ./run-app and ./run-tests: make a fresh Debian/Ubuntu machine ready, idempotently.
# Sourced, not run. Installs only what is missing; never touches anything outside .venv but apt packages.

AVRCASE_ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
VENV="$AVRCASE_ROOT/.venv"

# Qt 6's xcb platform plugin and QtGui need these on Debian; a minimal machine lacks several.
QT_RUNTIME_PACKAGES="libxcb-cursor0 libxkbcommon0 libxkbcommon-x11-0 libxcb-icccm4 libxcb-image0 libxcb-keysyms1
 libxcb-randr0 libxcb-render-util0 libxcb-shape0 libxcb-xinerama0 libxcb-xkb1 libxcb-xfixes0 libegl1 libgl1
 libfontconfig1 libdbus-1-3 libglib2.0-0"

_say() { printf 'avrcase setup: %s\n' "$*" >&2; }

_missing_packages() {
  local missing=""
  command -v dpkg-query >/dev/null 2>&1 || return 0
  for pkg in "$@"; do
    dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q "install ok installed" || missing="$missing $pkg"
  done
  printf '%s' "$missing"
}

ensure_apt_packages() {
  local missing
  missing=$(_missing_packages "$@")
  [ -z "$missing" ] && return 0
  local sudo=""
  if [ "$(id -u)" -ne 0 ]; then
    if command -v sudo >/dev/null 2>&1; then sudo="sudo"; else
      _say "please install these system packages first:$missing"; return 1; fi
  fi
  _say "installing system packages:$missing"
  $sudo apt-get update -qq >/dev/null
  # shellcheck disable=SC2086
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends $missing >/dev/null
}

ensure_venv() {
  # $1: pip extras, e.g. "[test]" or ""
  local extras="$1"
  local python="${PYTHON:-python3}"
  if ! "$python" -c 'import sys; sys.exit(sys.version_info < (3, 11))' 2>/dev/null; then
    _say "avrcase needs Python 3.11 or newer ($python is $("$python" --version 2>&1))"; return 1
  fi
  if [ ! -x "$VENV/bin/python" ]; then
    if ! "$python" -m venv "$VENV" 2>/dev/null; then
      rm -rf "$VENV"
      ensure_apt_packages "python3-venv" && "$python" -m venv "$VENV"
    fi
  fi
  local stamp="$VENV/.avrcase-installed$extras"
  local want
  want=$(cat "$AVRCASE_ROOT/pyproject.toml" "$AVRCASE_ROOT/setup.py" | sha256sum | cut -c1-16)
  if [ ! -f "$stamp" ] || [ "$(cat "$stamp")" != "$want" ]; then
    _say "installing avrcase and its dependencies into .venv (first run takes a minute)"
    "$VENV/bin/python" -m pip install -q --disable-pip-version-check --upgrade pip >/dev/null 2>&1 || true
    "$VENV/bin/python" -m pip install -q --disable-pip-version-check -e "$AVRCASE_ROOT$extras" 2>&1 \
      | grep -v -e "^WARNING: Location" -e "^\s*$" >&2 || true
    "$VENV/bin/python" -c "import avrcase" || { _say "installation failed"; return 1; }
    echo "$want" > "$stamp"
  fi
}
