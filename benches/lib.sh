# Sourced by the scripts of benches/ (from the repository root or through their own path).

# The median of the numbers given on standard input, separated by spaces or newlines (the mean
# of the middle two for an even count).
median() { tr ' ' '\n' | grep . | sort -n | awk '{v[NR] = $1} END {print (NR % 2) ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2}'; }

# run_or_die LABEL COMMAND...: runs COMMAND (its output discarded); if it fails, the benchmark
# stops here, naming the side — a figure measured against a side that failed means nothing.
run_or_die() {
    local label=$1
    shift
    if ! "$@" > /dev/null; then
        echo "benchmark: the side \"$label\" failed (exit $?): $*" >&2
        exit 1
    fi
}
