#!/usr/bin/env bash
# Builds Cloak and starts it with embedded defaults: SQLite in ./data, in-process bus, http://localhost:8080
set -euo pipefail
cd "$(dirname "$0")"
JAVA_HOME="$(scripts/java-home.sh)"
export JAVA_HOME
./mvnw -B -q -DskipTests package
exec "$JAVA_HOME/bin/java" --enable-native-access=ALL-UNNAMED -jar server/target/cloak-server.jar "$@"
