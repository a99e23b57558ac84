#!/usr/bin/env bash
# Prints a JDK home of version >= 21 (Cloak's minimum; built and tested on 25), or fails clearly.
# Order: $JAVA_HOME, the `java` on PATH, then every JDK under /usr/lib/jvm (newest first).
set -euo pipefail

major_of() {
  "$1/bin/java" -XshowSettings:properties -version 2>&1 | awk -F'= ' '/java.specification.version/ {print $2; exit}'
}

candidates=()
[ -n "${JAVA_HOME:-}" ] && candidates+=("$JAVA_HOME")
if command -v java >/dev/null 2>&1; then
  candidates+=("$(dirname "$(dirname "$(readlink -f "$(command -v java)")")")")
fi
if [ -d /usr/lib/jvm ]; then
  while IFS= read -r d; do candidates+=("$d"); done < <(ls -d /usr/lib/jvm/*/ 2>/dev/null | sed 's:/$::' | sort -rV)
fi

for home in "${candidates[@]}"; do
  [ -x "$home/bin/java" ] && [ -x "$home/bin/javac" ] || continue
  major=$(major_of "$home" || echo 0)
  major=${major%%.*}
  if [ "${major:-0}" -ge 21 ] 2>/dev/null; then
    echo "$home"
    exit 0
  fi
done
echo "Cloak needs a JDK 21 or newer (built and tested on 25); none found in JAVA_HOME, PATH or /usr/lib/jvm." >&2
echo "Install one (e.g. Temurin 25) and set JAVA_HOME to it." >&2
exit 1
