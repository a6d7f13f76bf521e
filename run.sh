#!/usr/bin/env bash
# Builds what is missing, then runs the platform in the foreground: embedded PostgreSQL (data in
# ./data, or WORKFLOW_DATA_DIR) and Payara Micro with the WAR. Ctrl-C stops both.
set -euo pipefail
cd "$(dirname "$0")"

war=workflow-web/target/workflow-web.war
launcher=workflow-launcher/target/workflow-launcher-1.0.0-SNAPSHOT.jar
if [ ! -f "$war" ] || [ ! -f "$launcher" ] || [ ! -f workflow-launcher/target/runtime/payara-micro.jar ] \
   || [ -n "$(find . -path ./data -prune -o \( -path '*/src/*' -o -name pom.xml \) -newer "$war" -print -quit)" ]; then
  echo "[run.sh] building (./mvnw install -DskipTests)…"
  ./mvnw -B -q install -DskipTests
fi

exec java -Dworkflow.projectDir="$PWD" -cp "$launcher:workflow-launcher/target/lib/*" io.aiworkflow.launcher.Launcher
