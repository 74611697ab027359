#!/usr/bin/env bash
# Trains models/loancoach.tar.gz only when what it is made from changed since the last training.
# The inputs are hashed before training starts, so an edit made while training runs is not missed.
set -euo pipefail
cd "$(dirname "$0")/.."
MODEL=models/loancoach.tar.gz
STAMP=models/loancoach.inputs.sha256
inputs() {
  { echo config.yml; echo domain.yml; find data -type f; ls components/*.py;
    echo loancoach/text/segment.py loancoach/text/language.py loancoach/text/inputs.py | tr ' ' '\n'; } | LC_ALL=C sort
}
hash=$(inputs | xargs sha256sum | sha256sum | cut -d' ' -f1)
if [ -f "$MODEL" ] && [ -f "$STAMP" ] && [ "$(cat "$STAMP")" = "$hash" ]; then
  echo ">> model is up to date ($MODEL)"
  exit 0
fi
code_hash=$(ls components/*.py loancoach/text/segment.py loancoach/text/language.py loancoach/text/inputs.py | xargs sha256sum | sha256sum | cut -d' ' -f1)
if [ -f models/code.sha256 ] && [ "$(cat models/code.sha256)" != "$code_hash" ]; then
  # Rasa's training cache does not see code changes in our components: drop it when code changed.
  rm -rf .rasa/cache
fi
echo ">> training (data, config, domain or components changed)"
mkdir -p models
started=$SECONDS
.venv/bin/rasa train --out models --fixed-model-name loancoach
seconds=$((SECONDS - started))
echo ">> trained in ${seconds} s on $(nproc) cores"
# How long this training took on this machine (read by `make bench`, bench/bench_rest.py).
printf '{"seconds": %d, "finished": "%s", "cores": %s}\n' \
  "$seconds" "$(date -u +%FT%TZ)" "$(nproc)" > models/loancoach.train.json
echo "$hash" > "$STAMP"
echo "$code_hash" > models/code.sha256
# What the new model understands, on the hold-outs (figures only; `make test-nlu` applies the bars).
.venv/bin/python scripts/eval_nlu.py 2>/dev/null | grep -v "^  below" || true
