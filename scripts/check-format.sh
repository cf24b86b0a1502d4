#!/usr/bin/env bash
# clang-format (the repository's .clang-format) over every C++ file git knows.
set -uo pipefail
cd "$(dirname "$0")/.."
files=$(git ls-files -co --exclude-standard 'src/*.cpp' 'src/*.hpp' 'tests/*.cpp' 'tests/*.hpp' 'bench/*.cpp')
[[ -z "$files" ]] && exit 0
clang-format --dry-run --Werror $files
