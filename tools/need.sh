#!/usr/bin/env bash
# Make sure the Debian programs a make target needs are there:
#
#     tools/need.sh COMMAND=PACKAGE ...      e.g. tools/need.sh msgfmt=gettext java=default-jre-headless
#
# Instead of a command, a file (a font, a library) may be named by its path, with shell
# wildcards: tools/need.sh '/usr/share/fonts/truetype/noto/NotoSans-Regular.ttf=fonts-noto-core'
#
# A missing command's package is installed with apt-get when we are root; otherwise this stops
# at once with one line naming what to install, rather than failing minutes later.
set -euo pipefail

# Debian keeps nginx in /usr/sbin and PostgreSQL's server programs in a versioned folder.
PATH="$PATH:/usr/sbin:/sbin$(printf ':%s' /usr/lib/postgresql/*/bin)"

missing=()
for pair in "$@"; do
    name="${pair%%=*}"
    if [[ "$name" == /* ]]; then
        compgen -G "$name" >/dev/null || missing+=("${pair#*=}")
    else
        command -v "$name" >/dev/null 2>&1 || missing+=("${pair#*=}")
    fi
done
[ ${#missing[@]} -eq 0 ] && exit 0
# One package may provide several commands (postgresql: initdb and pg_ctl).
mapfile -t missing < <(printf '%s\n' "${missing[@]}" | sort -u)

if [ "$(id -u)" -eq 0 ] && command -v apt-get >/dev/null 2>&1; then
    echo "Installing from Debian: ${missing[*]}"
    apt-get update -qq
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends \
        "${missing[@]}" >/dev/null
else
    echo "Missing programs; install them first: sudo apt-get install ${missing[*]}" >&2
    exit 1
fi
