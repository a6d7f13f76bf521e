#!/usr/bin/env bash
# Performance benchmark (not part of the test suite): builds the WAR, the launcher runtime and the
# workflow-bench driver, then measures a 10-node linear DataProcess workflow with full history in
# PostgreSQL: JDBC floor, engine in process and HTTP API, 1 and 8 clients, on one embedded
# PostgreSQL (fresh, under workflow-bench/target/bench-run). Results: workflow-bench/target/bench-results.md
#
#   ./bench.sh                    5 s warm-up + 15 s measured per scenario (about 4 minutes)
#   ./bench.sh --quick            2 s + 5 s
#   ./bench.sh --no-http --clients=1,4,8 --warmup=3 --measure=10 --node-threads=8
#   ./bench.sh --scenarios=history  not in the default list (about 10 minutes): 1,000,000 runs filled by SQL
#                                   (--history-runs=N), the runs list, detail, trace and status read through
#                                   the API (target p99 < 50 ms), then a retention pass under interactive load
#   ./bench.sh --scenarios=streams  not in the default list (a minute or two): 2,000 SSE executions at once
#                                   (--streams=N, opened at --streams-ramp=400 a second), each waiting on an
#                                   emulated slow LLM (20 chunks over 10 s): all complete in order?, p99 chunk
#                                   delay, server threads/RSS/heap; try --streams=50 first
#   ./bench.sh --scenarios=watchers not in the default list (about a minute): 1,000 debug WebSocket watchers on
#                                   the bench app (--watchers=N, opened at --watchers-ramp=200 a second) while
#                                   --watchers-clients=4 clients execute it: every event of every run in order?,
#                                   p99 event delay, executions/s with and without them, server threads/RSS/heap
#   ./bench.sh --paired-rounds=8  with floor and http: rounds of both in turn at the most clients, whose medians
#                                   give the HTTP ÷ floor target (0: none)
#   ./bench.sh --sql-stats        after each round, the SQL statements that took PostgreSQL's time, per run
#   BENCH_SKIP_BUILD=1 ./bench.sh  use what is already built
set -euo pipefail
cd "$(dirname "$0")"

if [ -z "${BENCH_SKIP_BUILD:-}" ]; then
  echo "[bench.sh] building (./mvnw package -DskipTests: workflow-web, workflow-bench and what they need)…"
  ./mvnw -B -q package -DskipTests -pl workflow-web,workflow-bench -am
fi

exec java ${BENCH_JAVA_OPTS:--Xmx1g} -Dworkflow.projectDir="$PWD" \
  -cp "workflow-bench/target/workflow-bench.jar:workflow-bench/target/lib/*" \
  io.aiworkflow.bench.Benchmark "$@"
