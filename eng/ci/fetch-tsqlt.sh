#!/usr/bin/env bash
# Downloads the tSQLt release named in eng/tsqlt.json, checks its SHA-256 against the pinned value, and extracts it.
# Usage: eng/ci/fetch-tsqlt.sh <output folder>. The pinned hash is eng/tsqlt.json's "sha256", else $TSQLT_SHA256;
# with neither the script fails: an unchecked download would run as sysadmin (PrepareServer.sql) on the CI server.
# On Azure Pipelines it sets PLATFORMDB_TSQLT_DIR for the following steps.
set -euo pipefail
cd "$(dirname "$0")/../.."
out=${1:?usage: eng/ci/fetch-tsqlt.sh <output folder>}

read_json() { python3 -c 'import json,sys; print(json.load(open("eng/tsqlt.json"))[sys.argv[1]])' "$1"; }
version=$(read_json version)
url=$(read_json url)
sha256=$(read_json sha256)
pipeline_sha256=${TSQLT_SHA256:-}
# An undefined pipeline variable reaches the script as the literal text $(TSQLT_SHA256): treat it as unset.
[[ "$pipeline_sha256" == '$('* ]] && pipeline_sha256=
sha256=${sha256:-$pipeline_sha256}

if [ -z "$sha256" ]; then
  echo "##vso[task.logissue type=error]No pinned SHA-256 for tSQLt $version: set \"sha256\" in eng/tsqlt.json or the TSQLT_SHA256 pipeline variable."
  echo "error: no pinned SHA-256 for tSQLt $version (eng/tsqlt.json sha256 or TSQLT_SHA256)" >&2
  exit 1
fi

mkdir -p "$out"
zip="$out/tSQLt.zip"
curl --fail --silent --show-error --location --retry 3 --output "$zip" "$url"
if ! echo "$sha256  $zip" | sha256sum --check --status; then
  echo "##vso[task.logissue type=error]tSQLt $version from $url has SHA-256 $(sha256sum "$zip" | cut -d' ' -f1), not the pinned $sha256."
  echo "error: tSQLt download does not match the pinned SHA-256" >&2
  exit 1
fi

python3 -c 'import sys, zipfile; zipfile.ZipFile(sys.argv[1]).extractall(sys.argv[2])' "$zip" "$out"
# The release zip holds the scripts at its root; accept one folder level too, in case a release nests them.
class_sql=$(find "$out" -maxdepth 2 -name tSQLt.class.sql -print | sort | head -n 1)
dir=${class_sql%/*}
for file in PrepareServer.sql tSQLt.class.sql; do
  [ -n "$class_sql" ] && [ -f "$dir/$file" ] || { echo "error: the tSQLt release has no $file" >&2; exit 1; }
done

echo "tSQLt $version checked (sha256 $sha256) and extracted to $dir"
echo "##vso[task.setvariable variable=PLATFORMDB_TSQLT_DIR]$dir"
