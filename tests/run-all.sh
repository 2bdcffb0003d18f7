#!/usr/bin/env bash
# Runs every KnotCare test (unit, HTTP and browser) on a fresh Debian/Ubuntu machine.
# Installs what the browser tests need when it is missing: Debian's Chromium and poppler-utils (pdftotext), and for
# the HTML validity test a Java runtime (default-jre-headless) and the W3C Nu checker (npm package vnu-jar, into
# .tools/vnu). Set CHROME_PATH to use another Chromium, VNU_JAR another vnu.jar. Results (TRX) go to TestResults/latest.
set -euo pipefail
cd "$(dirname "$0")/.."

need=()
if [[ -z "${CHROME_PATH:-}" ]] && ! command -v chromium >/dev/null 2>&1; then need+=(chromium); fi
if ! command -v pdftotext >/dev/null 2>&1; then need+=(poppler-utils); fi
if ! command -v java >/dev/null 2>&1; then need+=(default-jre-headless); fi
vnu_version="26.9.27"
if [[ -z "${VNU_JAR:-}" && ! -f .tools/vnu/node_modules/vnu-jar/build/dist/vnu.jar ]] && ! command -v npm >/dev/null 2>&1; then need+=(npm); fi
if (( ${#need[@]} > 0 )); then
  sudo=""
  if [[ $(id -u) -ne 0 ]]; then sudo="sudo"; fi
  echo "Installing ${need[*]} ..."
  $sudo env DEBIAN_FRONTEND=noninteractive apt-get -o DPkg::Lock::Timeout=300 update -qq
  $sudo env DEBIAN_FRONTEND=noninteractive apt-get -o DPkg::Lock::Timeout=300 install -y -qq --no-install-recommends "${need[@]}" fonts-dejavu-core >/dev/null
fi

# The Nu HTML checker's jar, pinned; its install script (which would fetch a Java runtime) is not run.
if [[ -z "${VNU_JAR:-}" && ! -f .tools/vnu/node_modules/vnu-jar/build/dist/vnu.jar ]]; then
  echo "Installing vnu-jar $vnu_version ..."
  mkdir -p .tools/vnu
  npm install --prefix .tools/vnu --no-save --no-audit --no-fund --ignore-scripts --loglevel=error "vnu-jar@$vnu_version" >/dev/null
fi

results="TestResults/latest"
rm -rf "$results"
status=0
dotnet build KnotCare.sln --configuration Release --nologo -v quiet || { echo "0 passed, 1 failed"; exit 1; }
# One project at a time, each with its own TRX file, so the counts below cannot collide.
for project in tests/*/*.Tests.csproj; do
  name=$(basename "$project" .csproj)
  dotnet test "$project" --configuration Release --no-build --results-directory "$results" \
    --logger "trx;LogFileName=$name.trx" "$@" || status=$?
done

# Sum the counters of every project's TRX file (dotnet test prints one summary per project).
passed=0; failed=0; skipped=0
for trx in "$results"/*.trx; do
  [[ -e "$trx" ]] || continue
  counters=$(grep -o '<Counters [^>]*>' "$trx" | head -n1)
  get() { grep -o " $1=\"[0-9]*\"" <<<"$counters" | grep -o '[0-9]*' || echo 0; }
  passed=$((passed + $(get passed)))
  failed=$((failed + $(get failed) + $(get error) + $(get timeout) + $(get aborted)))
  skipped=$((skipped + $(get notExecuted)))
done
# The search relevance set's score (printed by tests/KnotCare.Content.Tests/RelevanceTests.cs into its TRX output).
grep -ho 'Search relevance score: [^<&]*' "$results"/*.trx 2>/dev/null | head -n1 || true
if (( skipped > 0 )); then echo "$skipped tests were skipped or not run"; failed=$((failed + skipped)); fi
if (( status != 0 && failed == 0 )); then failed=1; echo "dotnet test failed before reporting results"; fi
echo "$passed passed, $failed failed"
exit "$status"
