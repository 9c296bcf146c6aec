#!/usr/bin/env bash
# Adds a migration to both providers' sets: migrations/add.sh NAME (see migrations/README.md)
set -euo pipefail
name=${1:?usage: migrations/add.sh MigrationName}
cd "$(dirname "$0")/../src/Flusio.Web"
dotnet tool restore >/dev/null
for provider in Sqlite PostgreSql; do
  context=$([ "$provider" = Sqlite ] && echo SqliteFlusioDbContext || echo PostgresFlusioDbContext)
  dotnet ef migrations add "$name" --context "$context" --output-dir "../../migrations/$provider" --namespace "Flusio.Migrations.$provider"
  # EF writes the model snapshot under a folder named after its namespace: put it back
  # beside its migrations before the next build sees two snapshots.
  if [ -d "Flusio/Migrations/$provider" ]; then mv "Flusio/Migrations/$provider"/*.cs "../../migrations/$provider/"; fi
  rm -rf Flusio
done
rm -f design-time.db
