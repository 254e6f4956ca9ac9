#!/usr/bin/env bash
# National-scale benchmark (make bench): times `iaptpub measures` and `iaptpub build` on
# a synthetic export of 2,000,000 referrals with /usr/bin/time -v, then the same core
# aggregates in DuckDB on the same CSV files (scripts/bench/duckdb.mjs), and prints the
# times, peak memory, the ratios iaptpub / DuckDB and build / measures, and the top five
# functions of the CPU and allocation profiles of `measures --period year` (taken by
# that run, through IAPTPUB_CPUPROFILE and IAPTPUB_MEMPROFILE, so that the headline
# `measures` run is timed without profiling).
#
# The export is generated once and kept in .cache/bench (about 1.9 GB; not committed).
# BENCH_REFERRALS and BENCH_SEED change it. The machine's load is printed with the
# figures: on a shared machine, times taken under load are not comparable, and a single
# run of a command can take a tenth longer than the next. So the four commands run
# BENCH_RUNS times (default 3), in rounds one after another; each round's ratios are
# printed, and each command's median time and peak memory reported.
set -euo pipefail
cd "$(dirname "$0")/../.."

referrals="${BENCH_REFERRALS:-2000000}"
seed="${BENCH_SEED:-1}"
work=.cache/bench
data="$work/national-$referrals-seed$seed"
bin=./iaptpub
mkdir -p "$work"

if [[ ! -f "$data/.complete" ]]; then
  echo "== generating $referrals referrals (seed $seed) into $data, once"
  rm -rf "$data"
  "$bin" synth --referrals "$referrals" --seed "$seed" --out "$data"
  touch "$data/.complete"
fi

runs="${BENCH_RUNS:-3}"
if ! [[ "$runs" =~ ^[1-9][0-9]*$ ]]; then
  echo "bench: BENCH_RUNS=$runs: give a number of runs, 1 or more" >&2
  exit 2
fi

# timed NAME COMMAND...: runs the command under /usr/bin/time -v and adds its wall time
# (seconds) and peak memory (MB) to NAME's lists in walls and peaks; last holds them.
declare -A walls peaks last_wall last_peak
timed() {
  local name="$1"
  shift
  local log="$work/$name.time"
  echo "== $name: $*"
  /usr/bin/time -v "$@" 2>"$log" >"$work/$name.out" || { cat "$log"; echo "bench: $name failed" >&2; exit 1; }
  last_wall[$name]=$(awk -F': ' '/Elapsed \(wall clock\)/ {
      n = split($2, t, ":"); s = 0; for (i = 1; i <= n; i++) s = s * 60 + t[i]; printf "%.2f", s }' "$log")
  last_peak[$name]=$(awk -F': ' '/Maximum resident set size/ { printf "%.0f", $2 / 1024 }' "$log")
  walls[$name]+="${last_wall[$name]} "
  peaks[$name]+="${last_peak[$name]} "
  echo "   ${last_wall[$name]} s, ${last_peak[$name]} MB peak"
}

# median LIST: the median of the space-separated numbers of LIST.
median() {
  tr ' ' '\n' <<<"$1" | grep . | sort -g | awk '{ v[NR] = $1 } END {
    if (NR % 2) printf "%s", v[(NR + 1) / 2]; else printf "%.2f", (v[NR / 2] + v[NR / 2 + 1]) / 2 }'
}

echo "== $(nproc) cores; $(uptime | sed 's/.*load average/load average/')"
du -sh "$data" | awk '{print "== export: " $1 " of CSV"}'
wc -l "$data"/*.csv | awk '$2 != "total" { printf "   %-45s %12d rows\n", $2, $1 - 1 }'

# DuckDB (70 MB) is the yardstick of this benchmark only, so it is not among the site's
# packages: it is installed here, from its own lock, into scripts/bench/node_modules.
if [[ ! -d scripts/bench/node_modules/@duckdb/node-api ]]; then
  echo "== installing DuckDB for the comparison (scripts/bench/package-lock.json), once"
  npm ci --prefix scripts/bench --no-audit --no-fund
fi

# Every run reads the export with the same configuration, the demonstration's, whose
# providers are the synthetic export's (so nothing is set aside): build / measures is
# then what building the site costs beyond computing its measures from the same rows.
config=config/demo.toml
rounds=""
for ((round = 1; round <= runs; round++)); do
  if ((runs > 1)); then
    echo "== round $round of $runs"
  fi
  timed measures "$bin" measures --input "$data" --config "$config" --out "$work/measures.csv"
  IAPTPUB_CPUPROFILE="$work/measures-year.cpu" IAPTPUB_MEMPROFILE="$work/measures-year.mem" \
    timed measures-year "$bin" measures --input "$data" --config "$config" --period year --unsuppressed --out "$work/measures-year.csv"
  rm -rf "$work/site"
  # PDFs are left out: printing them in Chromium takes the same time whatever the export.
  timed build "$bin" build --input "$data" --config "$config" --no-pdf --out "$work/site"
  timed duckdb node scripts/bench/duckdb.mjs "$data" "$work/measures-year.csv"
  cat "$work/duckdb.out"
  rounds+=$(awk -v r="$round" -v m="${last_wall[measures]}" -v d="${last_wall[duckdb]}" -v b="${last_wall[build]}" \
    -v mm="${last_peak[measures]}" -v dm="${last_peak[duckdb]}" 'BEGIN {
    printf "round %d: measures / DuckDB time %.2f, peak memory %.2f; build / measures time %.2f\n", r, m / d, mm / dm, b / m }')$'\n'
done
declare -A wall peak
for name in measures measures-year build duckdb; do
  wall[$name]=$(median "${walls[$name]}")
  peak[$name]=$(median "${peaks[$name]}")
done

echo "== $(uptime | sed 's/.*load average/load average/')"
if ((runs > 1)); then
  printf '\n%s' "$rounds"
  echo "medians of $runs runs:"
fi
printf '\n%-48s %10s %10s\n' "command" "wall (s)" "peak (MB)"
for name in measures measures-year build duckdb; do
  printf '%-48s %10s %10s\n' "$name" "${wall[$name]}" "${peak[$name]}"
done
awk -v m="${wall[measures]}" -v y="${wall[measures-year]}" -v d="${wall[duckdb]}" -v b="${wall[build]}" \
  -v mm="${peak[measures]}" -v dm="${peak[duckdb]}" 'BEGIN {
  printf "\nratio iaptpub measures (every period and breakdown) / DuckDB (core aggregates, by year): time %.2f, peak memory %.2f (target: at most 0.5 and 0.5)\n", m / d, mm / dm
  printf "ratio iaptpub measures --period year / DuckDB: time %.2f\n", y / d
  printf "ratio iaptpub build --no-pdf / measures: time %.2f (target: at most 1.5)\n", b / m
  printf "budgets: measures under 60 s and 1.5 GB; build under 120 s\n" }'
echo
echo "== CPU profile of measures --period year, top five functions"
go tool pprof -top -nodecount=5 "$bin" "$work/measures-year.cpu" 2>/dev/null | sed -n '/flat%/,$p'
echo "== allocations of measures --period year (bytes), top five functions"
go tool pprof -sample_index=alloc_space -top -nodecount=5 "$bin" "$work/measures-year.mem" 2>/dev/null | sed -n '/flat%/,$p'
