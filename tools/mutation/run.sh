#!/usr/bin/env bash
# Mutation check of the assessment semantics (issue 11; docs/assessment.md "Mutation check"). Not part of CI.
# Each *.patch here breaks one rule of the engine or the scenario reader one way. For each: apply it, build and run
# the domain tests, expect at least one failure, revert. A mutant whose tests all pass "survives": the tests do not
# guard that rule, and the script exits non-zero. Usage: tools/mutation/run.sh [pattern]   (e.g. 03)
set -uo pipefail
cd "$(dirname "$0")/../.."
here=tools/mutation
tests=tests/EpiCommand.Domain.Tests
pattern="${1:-}"

if ! git diff --quiet -- src/EpiCommand.Domain; then
    echo "src/EpiCommand.Domain has uncommitted changes; commit or stash them first" >&2
    exit 2
fi

current=""
revert() { if [[ -n "$current" ]]; then git apply -R "$current" && current=""; fi; }
trap revert EXIT INT TERM

killed=0; survived=0; broken=0
for patch in "$here"/*"$pattern"*.patch; do
    name=$(basename "$patch" .patch)
    if ! git apply --check "$patch" 2>/dev/null; then
        echo "BROKEN    $name (no longer applies; update the patch)"; broken=$((broken + 1)); continue
    fi
    git apply "$patch" && current="$patch"
    if ! dotnet build "$tests" -c Release -v quiet -nologo >"/tmp/mutation-$name.log" 2>&1; then
        echo "BROKEN    $name (does not compile, see /tmp/mutation-$name.log)"; broken=$((broken + 1)); revert; continue
    fi
    if dotnet test "$tests" -c Release --no-build >>"/tmp/mutation-$name.log" 2>&1; then
        echo "SURVIVED  $name"; survived=$((survived + 1))
    else
        failed=$(grep -oE 'Failed EpiCommand[^ ]+' "/tmp/mutation-$name.log" | sed 's/Failed EpiCommand.Domain.Tests.//' | head -3 | paste -sd ',' -)
        echo "KILLED    $name  ($failed)"; killed=$((killed + 1))
    fi
    revert
done
# Leave the tests built from the unmutated sources.
dotnet build "$tests" -c Release -v quiet -nologo >/dev/null 2>&1
echo "killed $killed, survived $survived, broken $broken"
[[ $survived -eq 0 && $broken -eq 0 ]]
