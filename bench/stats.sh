# shellcheck shell=bash
# Medians and ratios of bench/run.sh (sourced by it; scale's and other scenario files use the same functions).
#   bench_medians SUMMARY > MEDIANS   one line per scenario from the "<name>#<i> k=v ..." lines of SUMMARY:
#       <name> rps=<median> rps_min=.. rps_max=.. spread_pct=.. p50_ms=<median> p99_ms=<median> requests=<sum>
#       non2xx=<sum> err=<sum of sockerr+timeouts> [trips_rps=<median>] [per_core=<median>] n=<runs>
#     A line without "#<i>" counts as one run of <name>; a value that is not a number (pgbench's p99_ms=-) stays "-".
#   median_of NAME [KEY]              KEY (default rps) of NAME in $OUT/medians.txt, "" if absent
#   ratio LABEL A B                   prints "LABEL  a / b = a/b" on the medians' rps (A or B "name.trips":
#                                     its trips_rps); nothing if either is missing
bench_medians() {
  awk '
    function median(s,   a, n, i, j, t) {   # s: space-separated numbers; mawk has no asort
      n = split(s, a, " ")
      for (i = 2; i <= n; i++) { t = a[i]; for (j = i - 1; j >= 1 && a[j] + 0 > t + 0; j--) a[j + 1] = a[j]; a[j + 1] = t }
      return n % 2 ? a[(n + 1) / 2] : (a[n / 2] + a[n / 2 + 1]) / 2
    }
    function num(x) { return x ~ /^-?[0-9]+(\.[0-9]+)?$/ }
    {
      name = $1; sub(/#[0-9]+$/, "", name)
      if (!(name in runs)) order[++names] = name
      runs[name]++
      for (i = 2; i <= NF; i++) {
        if (split($i, kv, "=") != 2) continue      # e.g. the peer'"'"'s "RESULT" word
        k = kv[1]; v = kv[2]
        if (k == "requests" || k == "non2xx") { sum[name, k] += v; has[name, k] = 1 }
        else if (k == "sockerr" || k == "timeouts") { sum[name, "err"] += v; has[name, "err"] = 1 }
        else if (num(v)) { vals[name, k] = vals[name, k] " " v; has[name, k] = 1 }
        else has[name, k] = 1
      }
    }
    END {
      for (o = 1; o <= names; o++) {
        name = order[o]; line = name
        if ((name, "rps") in vals) {
          m = split(vals[name, "rps"], r, " "); lo = r[1]; hi = r[1]
          for (i = 2; i <= m; i++) { if (r[i] + 0 < lo + 0) lo = r[i]; if (r[i] + 0 > hi + 0) hi = r[i] }
          line = line sprintf(" rps=%.1f rps_min=%s rps_max=%s spread_pct=%s", median(vals[name, "rps"]), lo, hi,
                              lo > 0 ? sprintf("%.1f", (hi / lo - 1) * 100) : "-")
        }
        split("p50_ms p99_ms requests non2xx err trips_rps per_core", keys, " ")
        for (k = 1; k <= 7; k++) {
          key = keys[k]
          if (!((name, key) in has)) continue
          if (key == "requests" || key == "non2xx" || key == "err") line = line " " key "=" sum[name, key]
          else if ((name, key) in vals) line = line sprintf(" %s=%.2f", key, median(vals[name, key]))
          else line = line " " key "=-"
        }
        print line " n=" runs[name]
      }
    }' "$1"
}

median_of() { grep -m1 "^$1 " "$OUT/medians.txt" 2>/dev/null | grep -oE " ${2:-rps}=[-0-9.]+" | cut -d= -f2 || true; }

median_rps() { local n=$1 k=rps; [[ $n == *.trips ]] && { n=${n%.trips}; k=trips_rps; }; median_of "$n" "$k"; }

ratio() {
  local a b; a=$(median_rps "$2"); b=$(median_rps "$3")
  if [ -n "$a" ] && [ -n "$b" ]; then
    awk -v l="$1" -v a="$a" -v b="$b" 'BEGIN { if (b > 0) printf "%-44s %10.1f / %10.1f = %.2f\n", l, a, b, a / b }'
  fi
}
