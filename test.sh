#!/usr/bin/env bash
# Runs the whole test suite. Needs PostgreSQL on 127.0.0.1:5432 (database "test", trust auth) for the
# PostgreSQL half of the contract suites; .ci/run starts it (and NATS) when they are not running.
set -euo pipefail
cd "$(dirname "$0")"
JAVA_HOME="$(scripts/java-home.sh)"
export JAVA_HOME
exec ./mvnw -B verify "$@"
