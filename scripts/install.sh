#!/usr/bin/env bash
# Install govpatrol on a fresh Debian 12 machine (as root) or any machine with Python >= 3.11.
#   scripts/install.sh          the tool itself (enough for `govpatrol demo`)
#   scripts/install.sh --test   plus what the tests and benchmarks use: nginx, redis-server,
#                               Debian's chromium and CJK fonts, pytest and ruff
set -euo pipefail
cd "$(dirname "$0")/.."

with_test=0
[ "${1:-}" = "--test" ] && with_test=1

need_apt=()
command -v python3 >/dev/null || need_apt+=(python3)
python3 -m pip --version >/dev/null 2>&1 || need_apt+=(python3-pip)
# PDF attachments: pdftotext, with the CMaps of Chinese fonts (Adobe-GB1) it needs for 公文 PDFs
command -v pdftotext >/dev/null || need_apt+=(poppler-utils)
[ -d /usr/share/poppler/cMap/Adobe-GB1 ] || need_apt+=(poppler-data)
if [ "$with_test" = 1 ]; then
  command -v nginx >/dev/null || need_apt+=(nginx-light)
  command -v redis-server >/dev/null || need_apt+=(redis-server)
  [ -x /usr/bin/chromium ] || need_apt+=(chromium)
  [ -d /usr/share/fonts/opentype/noto ] || need_apt+=(fonts-noto-cjk)
fi
say() { printf '==> %s\n' "$*" >&2; }

if [ "${#need_apt[@]}" -gt 0 ]; then
  if command -v apt-get >/dev/null; then
    export DEBIAN_FRONTEND=noninteractive
    say "安装系统软件包 (Debian packages): ${need_apt[*]} …"
    apt-get update -qq
    apt-get install -y -qq --no-install-recommends "${need_apt[@]}" >/dev/null
  else
    echo "missing: ${need_apt[*]} (install them with your package manager)" >&2
    exit 1
  fi
fi

# Debian marks its Python as externally managed; as root on a dedicated machine we install
# into it on purpose so that `govpatrol` lands on PATH.
export PIP_BREAK_SYSTEM_PACKAGES=1 PIP_DISABLE_PIP_VERSION_CHECK=1 PIP_ROOT_USER_ACTION=ignore
extra=""
[ "$with_test" = 1 ] && extra="[test]"
say "安装 govpatrol 及其 Python 依赖 (pip install -e .${extra}) …"
python3 -m pip install -q -e ".${extra}"
say "完成 (done): $(command -v govpatrol || echo "python3 -m govpatrol")"
