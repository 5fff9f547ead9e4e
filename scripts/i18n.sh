#!/usr/bin/env bash
# Translations of the GUI.
#   update   re-scan the GUI sources into edgestudio/i18n/*.ts (then translate with pyside6-linguist)
#   release  compile the .ts sources to .qm files beside them (install.sh and the bundle build run this)
set -euo pipefail
cd "$(dirname "$0")/.."
bin=.venv/bin
languages=(zh_CN)
case "${1:-release}" in
    update)
        mapfile -t sources < <(find edgestudio/ui -name '*.py' | sort)
        for lang in "${languages[@]}"; do
            "$bin/pyside6-lupdate" -no-obsolete -source-language en -target-language "$lang" \
                "${sources[@]}" -ts "edgestudio/i18n/edgestudio_${lang}.ts"
        done
        ;;
    release)
        for ts in edgestudio/i18n/*.ts; do
            [ -e "$ts" ] || continue
            # to a new file renamed over the old: a running app has the old one mapped (QTranslator),
            # and rewriting it in place turned its later texts English mid-run
            "$bin/pyside6-lrelease" -silent "$ts" -qm "${ts%.ts}.qm.new"
            mv -f "${ts%.ts}.qm.new" "${ts%.ts}.qm"
        done
        ;;
    *) echo "usage: $0 update|release" >&2; exit 2 ;;
esac
