#!/usr/bin/env bash
# The dependency rule: domain and app include no I/O library; domain never reads the clock;
# adapters do not include each other (but for the stores' shared sql/). Prints offending lines and exits 1 on a violation.
set -uo pipefail
cd "$(dirname "$0")/.."
bad=0
if grep -rnE '#include[[:space:]]*[<"](sqlite3\.h|libpq-fe\.h|postgresql/|boost/beast|boost/asio|boost/json|curl/|gmime/|spdlog/|toml\+\+|sodium|openssl/|httplib|magic\.h)' src/domain src/app; then
  echo "layering: src/domain or src/app includes an I/O library"; bad=1
fi
if grep -rnE 'system_clock::now|steady_clock::now|time\(NULL\)|time\(nullptr\)' src/domain src/app; then
  echo "layering: src/domain or src/app reads the clock"; bad=1
fi
for a in src/adapters/*/; do
  name=$(basename "$a")
  # sql/ holds the queries both SQL stores share; only they may include it.
  allowed="adapters/$name/"
  [[ $name == sqlite || $name == postgres ]] && allowed="adapters/($name|sql)/"
  if grep -rnE "#include \"adapters/" "$a" | grep -vE "$allowed"; then
    echo "layering: adapter $name includes another adapter"; bad=1
  fi
done
exit $bad
