#!/usr/bin/env bash
# Adds a migration to both providers' sets: migrations/add.sh NAME
set -euo pipefail
name=${1:?usage: migrations/add.sh MigrationName}
cd "$(dirname "$0")/../src/Flusio.Web"
dotnet tool restore >/dev/null
dotnet ef migrations add "$name" --context SqliteFlusioDbContext --output-dir ../../migrations/Sqlite --namespace Flusio.Migrations.Sqlite
dotnet ef migrations add "$name" --context PostgresFlusioDbContext --output-dir ../../migrations/PostgreSql --namespace Flusio.Migrations.PostgreSql
rm -f design-time.db
# EF writes a first snapshot by namespace: keep it beside its migrations.
for provider in Sqlite PostgreSql; do
  if [ -d Flusio/Migrations/$provider ]; then mv Flusio/Migrations/$provider/*.cs ../../migrations/$provider/; fi
done
rm -rf Flusio
