# Sourced by the scripts of benches/ (from the repository root or through their own path).

# The median of the numbers given on standard input, separated by spaces or newlines (the mean
# of the middle two for an even count).
median() { tr ' ' '\n' | grep . | sort -n | awk '{v[NR] = $1} END {print (NR % 2) ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2}'; }
