#!/usr/bin/env python3
"""Writes the expected brat tools.conf and ISO3166.tsv of a hamish brat export.

Made without hamish: the countries are read from assets/countries.ron with regular
expressions, and the file is laid out as brat's tools/norm_db_init.py reads it
(ID, then TAB-separated TYPE:LABEL:STRING triples).  Run from the repository root:

    python3 tests/data/expected/brat_tools.py
"""
import re
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent.parent.parent

ENTRY = re.compile(r'^\s*\(code: "(?P<code>[A-Z]{2})", name: "(?P<name>[^"]*)", '
                   r'ar: \[(?P<ar>[^\]]*)\](?:, en: \[(?P<en>[^\]]*)\])?\),?\s*$')
STRING = re.compile(r'"([^"]*)"')

rows = []
for line in (ROOT / "assets" / "countries.ron").read_text(encoding="utf-8").splitlines():
    m = ENTRY.match(line)
    if not m:
        if "code:" in line:
            raise SystemExit("not understood: " + line)
        continue
    fields = [m["code"], "name:Name:" + m["name"]]
    fields += ["name:Arabic:" + s for s in STRING.findall(m["ar"])]
    fields += ["name:Also:" + s for s in STRING.findall(m["en"] or "")]
    rows.append("\t".join(fields) + "\n")

(HERE / "ISO3166.tsv").write_text("".join(rows), encoding="utf-8")

(HERE / "tools.conf").write_text(
    "# brat tools configuration written by hamish\n"
    "\n"
    "[options]\n"
    "Tokens\ttokenizer:whitespace\n"
    "Sentences\tsplitter:newline\n"
    "Validation\tvalidate:all\n"
    "Annotation-log\tlogfile:<NONE>\n"
    "\n[search]\n\n[annotators]\n\n[disambiguators]\n\n"
    "[normalization]\n"
    "# Made with: python3 tools/norm_db_init.py ISO3166.tsv (in brat's folder)\n"
    "ISO3166\tDB:ISO3166, <URL>:https://www.iso.org/obp/ui/#search, "
    "<URLBASE>:https://www.iso.org/obp/ui/#iso:code:3166:%s\n",
    encoding="utf-8",
)
print(len(rows), "countries")
