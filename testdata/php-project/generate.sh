#!/usr/bin/env bash
# Regenerates testdata/clover/phpunit-*.xml from this project with Debian's phpunit (9.6) and
# php-pcov / php-xdebug. The project is copied to /home/runner/work/ledger/ledger first, so the
# absolute paths in the reports look like a CI runner's. The reports' timestamps change.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
data="$(dirname "$here")"
work=/home/runner/work/ledger/ledger
rm -rf "$work" && mkdir -p "$work" && cp -r "$here/." "$work/"
cd "$work"
rm -f generate.sh README.md
phpunit="$(command -v phpunit)"
php -d pcov.enabled=1 -d xdebug.mode=off "$phpunit" --coverage-clover "$data/clover/phpunit-pcov.xml" \
    --coverage-text="$data/clover/phpunit-pcov.txt" > /dev/null
php -d pcov.enabled=0 -d xdebug.mode=coverage "$phpunit" --coverage-clover "$data/clover/phpunit-xdebug.xml" \
    --coverage-text="$data/clover/phpunit-xdebug.txt" > /dev/null
