# Sourced by the start scripts (run.sh, run_scaled.sh): add each background process's pid to `pids`;
# Ctrl-C, TERM or the script's end stops them all.
pids=()
stop_children() {
  trap - INT TERM EXIT
  echo; echo "Stopping LoanCoach..."
  for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null || true; done
  wait 2>/dev/null || true
}
trap stop_children INT TERM EXIT
