#!/usr/bin/env bash
# Waits until the SQL Server service container accepts a login (at most $1 seconds, default 180).
# Runs sqlcmd inside the container (the 2022 images ship it), so the agent needs no SQL tools.
# Needs SA_PASSWORD in the environment.
set -uo pipefail
limit=${1:-180}
image=${SQLSERVER_IMAGE:-mcr.microsoft.com/mssql/server:2022-latest}
container=$(docker ps --quiet --filter "ancestor=$image" | head -n 1)
if [ -z "$container" ]; then
  echo "error: no running container from $image" >&2
  docker ps >&2
  exit 1
fi

# Newer 2022 images ship mssql-tools18 (-C trusts the self-signed certificate); older ones only mssql-tools.
for ((waited = 0; waited < limit; waited += 3)); do
  for sqlcmd in "/opt/mssql-tools18/bin/sqlcmd -C" "/opt/mssql-tools/bin/sqlcmd"; do
    # shellcheck disable=SC2086 # $sqlcmd is a command and its option
    if docker exec "$container" $sqlcmd -S localhost -U sa -P "$SA_PASSWORD" -b -Q "SELECT 1;" >/dev/null 2>&1; then
      echo "SQL Server is ready after ${waited}s"
      exit 0
    fi
  done
  sleep 3
done

echo "error: SQL Server did not accept a login within ${limit}s" >&2
docker logs "$container" 2>&1 | tail -n 40 >&2
exit 1
