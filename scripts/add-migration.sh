#!/usr/bin/env bash
# Adds one migration to both providers, generated from the one model. Never hand-edit the results.
# Usage: scripts/add-migration.sh NAME
set -euo pipefail
name=${1:?usage: scripts/add-migration.sh NAME}
cd "$(dirname "$0")/.."
dotnet tool restore >/dev/null
project=src/Safeguard.App/Safeguard.App.csproj
dotnet build "$project" -nologo -v q >/dev/null
for provider in Sqlite Postgres; do
  dotnet ef migrations add "$name" --no-build --project "$project" --startup-project "$project" \
    --context "${provider}AppDbContext" --output-dir "Data/Migrations/$provider"
done
