#!/usr/bin/env bash
# Search query times, in-process, on the repo's content plus N synthetic articles (bench/generate-articles.sh).
#
#   bench/search-time.sh                          # N = 1000 and 10000
#   SEARCH_SIZES="1000" SEARCH_ROUNDS=100 bench/search-time.sh
#
# For each N: builds bench/search-time (it references src/KnotCare.Content only), loads the content, builds the
# index, then times each query SEARCH_ROUNDS times (200 by default) on one thread after 20 untimed searches, and prints
# per query: matches, median, p90 and max in ms. The queries include the worst the 200-character limit allows (200
# characters of words every page has, of synonym words, of misspelt words). Other work on the machine skews the
# figures: compare builds by running them interleaved.
set -euo pipefail
cd "$(dirname "$0")/.."

SIZES=${SEARCH_SIZES:-1000 10000}
ROUNDS=${SEARCH_ROUNDS:-200}
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
dotnet build bench/search-time -c Release --nologo -v quiet -o "$tmp/bin" >/dev/null
for n in $SIZES; do
  bench/generate-articles.sh "$n" "$tmp/content-$n" >/dev/null
  echo "## $n synthetic articles, $(git rev-parse --short HEAD 2>/dev/null || echo '?'), $(nproc) cores"
  echo -e "query\tmatches\tCPU ms: median\tp90\tmax\twall ms: median\tp90\tmax"
  dotnet "$tmp/bin/SearchTime.dll" "$tmp/content-$n" "$ROUNDS"
  rm -rf "$tmp/content-$n"
done
