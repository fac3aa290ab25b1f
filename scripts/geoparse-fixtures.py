#!/usr/bin/env python3
"""Writes GEOparse 2.0.4's reading of every real SOFT file in the shared data directory as JSON.

The outputs are parser fixtures for geoloop's SOFT tests: what the peer library produces, plus notes
wherever that differs from a correct reading of the file (GEOparse's known bugs, or the file's own
defects). GEOparse is a test-fixture generator only, never a runtime dependency of geoloop.

    pip install GEOparse==2.0.4 six
    python3 scripts/geoparse-fixtures.py [--data DIR] [--out DIR]

Deterministic: the same inputs give byte-identical JSON; rerunning overwrites the outputs.
"""

import argparse
import json
import logging
import os
import re
import sys

EXPECTED_VERSION = "2.0.4"

# The files GEOparse reads, and why each one goes through the function it does. `get_GEO(filepath=)`
# picks the parser from the first three letters of the file name (GSE/GSM/GPL); the names here that
# do not start with one of those are given the parser a user would call.
ENTITY_KINDS = ("DATABASE", "SERIES", "PLATFORM", "SAMPLE")


def parse_args():
    root = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
    parser = argparse.ArgumentParser(description="Write GEOparse expected outputs for the shared GEO files.")
    parser.add_argument(
        "--data",
        default=os.path.normpath(os.path.join(root, "..", "shared", "data", "geo")),
        help="directory of real GEO files (default: ../shared/data/geo from the repository root)",
    )
    parser.add_argument(
        "--out",
        default=os.path.join(root, "Tests", "GeoloopSOFTTests", "Fixtures", "geoparse"),
        help="where the JSON files go (default: Tests/GeoloopSOFTTests/Fixtures/geoparse)",
    )
    return parser.parse_args()


def read_text(path):
    """The file's text as GEOparse's smart_open reads it, before newline translation."""
    import gzip

    with open(path, "rb") as f:
        raw = f.read()
    if path.endswith("gz"):
        raw = gzip.decompress(raw)
    return raw.decode("utf-8", errors="ignore")


def is_soft(text):
    for line in text.split("\n"):
        if line.strip():
            return line.startswith("^")
    return False


# ---------------------------------------------------------------------------------------------
# A correct reading, to compare GEOparse against. Lines end at LF; any run of CR before the LF is
# part of the line ending (acc.cgi serves CRLF, one real file has CR CR LF). An attribute is
# `!<Entity>_<key> = <value>`: the prefix is the first `!word_` only, the value is everything after
# the first ` = `. A table runs from a `!..._table_begin` line to the next `!..._table_end` line or,
# when the end marker is missing, to the next entity.
# ---------------------------------------------------------------------------------------------

PREFIX = re.compile(r"^!([A-Za-z]+)_")
MARKER = re.compile(r"^!([A-Za-z_]+)_table_(begin|end)\s*$")


def reference_entities(text):
    lines = [line.rstrip("\r") for line in text.split("\n")]
    entities = []
    current = None
    for number, line in enumerate(lines, start=1):
        if line.startswith("^"):
            head = line[1:]
            kind, _, name = head.partition("=")
            current = {
                "kind": kind.strip(),
                "name": name.strip(),
                "line": number,
                "metadata": {},
                "table": None,
                "table_state": "none",  # none, open, closed
                "begin_marker": None,
                "end_marker": None,
                "stray_rows": [],
                "short_rows": [],
            }
            entities.append(current)
            continue
        if current is None:
            continue
        marker = MARKER.match(line)
        if marker:
            if marker.group(2) == "begin":
                current["table"] = {"columns": None, "rows": 0}
                current["table_state"] = "open"
                current["begin_marker"] = line.strip()
            else:
                current["end_marker"] = (line.strip(), number)
                current["table_state"] = "closed"
            continue
        if line.startswith("!"):
            prefix = PREFIX.match(line)
            rest = line[prefix.end():] if prefix else line[1:]
            if " = " in rest:
                key, value = rest.split(" = ", 1)
            elif rest.rstrip().endswith(" =") or rest.rstrip() == "=":
                key, value = rest.rstrip()[:-1], ""
            elif "=" in rest:
                key, value = rest.split("=", 1)
            else:
                key, value = rest, ""
            current["metadata"].setdefault(key.strip(), []).append(value.strip())
            continue
        if line.startswith("#") or not line.strip():
            continue
        if current["table_state"] == "open":
            table = current["table"]
            fields = line.split("\t")
            if table["columns"] is None:
                table["columns"] = fields
            else:
                table["rows"] += 1
                if len(fields) != len(table["columns"]):
                    current["short_rows"].append((number, len(fields), len(table["columns"])))
        else:
            current["stray_rows"].append(number)
    return entities


# ---------------------------------------------------------------------------------------------
# GEOparse's reading.
# ---------------------------------------------------------------------------------------------


def geoparse_function(name, kinds):
    """Which GEOparse parser reads this file, as get_GEO(filepath=...) would pick it."""
    prefix = name[:3].upper()
    if prefix in ("GSE", "GSM", "GPL"):
        return prefix
    # get_GEO raises "Unknown GEO type" for other names; a family file is read with parse_GSE.
    if "SERIES" in kinds or "SAMPLE" in kinds:
        return "GSE"
    return "GPL"


def table_of(frame):
    if frame is None or (len(frame.columns) == 0 and len(frame) == 0):
        return None
    return {"columns": [str(c) for c in frame.columns], "rows": int(len(frame))}


def parse_with_geoparse(GEOparse, path, function):
    """Returns [(kind, name, object)] in the order GEOparse's result holds them."""
    module = GEOparse.GEOparse
    kwargs = {"encoding": "utf-8"}
    if function == "GSM":
        gsm = module.parse_GSM(path, open_kwargs=kwargs)
        return [("SAMPLE", gsm.name, gsm)]
    if function == "GPL":
        gpl = module.parse_GPL(path, open_kwargs=kwargs)
        out = []
        if gpl.database is not None:
            out.append(("DATABASE", gpl.database.name, gpl.database))
        out.append(("PLATFORM", gpl.name, gpl))
        out += [("SAMPLE", n, o) for n, o in gpl.gsms.items()]
        out += [("SERIES", n, o) for n, o in gpl.gses.items()]
        return out
    gse = module.parse_GSE(path, open_kwargs=kwargs)
    out = []
    if gse.database is not None:
        out.append(("DATABASE", gse.database.name, gse.database))
    if gse.name is not None or gse.metadata:
        out.append(("SERIES", gse.name, gse))
    out += [("PLATFORM", n, o) for n, o in gse.gpls.items()]
    out += [("SAMPLE", n, o) for n, o in gse.gsms.items()]
    return out


def parse_split(GEOparse, text, notes):
    """Fallback: cut the file at `^` lines and give each entity to GEOparse's per-entity function.

    An entity whose GEOparse object cannot be built is recorded from GEOparse's own parse_metadata
    and parse_table_data, with a note saying why.
    """
    module = GEOparse.GEOparse
    blocks = []
    for line in text.splitlines(keepends=True):
        if line.startswith("^"):
            blocks.append([line])
        elif blocks:
            blocks[-1].append(line)
    parsed = []
    for block in blocks:
        kind, name = [p.strip() for p in block[0][1:].partition("=")[::2]]
        body = [line.rstrip() for line in block[1:]]
        try:
            if kind == "SAMPLE":
                obj = module.parse_GSM(body, name)
            elif kind == "PLATFORM":
                obj = module.parse_GPL(body, name)
            elif kind == "DATABASE":
                obj = GEOparse.GEOTypes.GEODatabase(name=name, metadata=module.parse_metadata(body))
            else:
                obj = GEOparse.GEOTypes.GSE(name=name, metadata=module.parse_metadata(body))
        except Exception as error:  # recorded: the entity's object cannot be built by GEOparse
            notes.append("%s %s: GEOparse cannot build the entity object (%s: %s); metadata and table below "
                         "come from parse_metadata / parse_table_data, relations are null" % (
                             kind, name, type(error).__name__, error))
            table = None
            if kind in ("SAMPLE", "PLATFORM"):
                table = module.parse_table_data(body)
            obj = Partial(module.parse_metadata(body), table)
        parsed.append((kind, name, obj))
    return parsed


class Partial:
    """An entity GEOparse could not construct, kept as its metadata and table."""

    def __init__(self, metadata, table):
        self.metadata = metadata
        self.table = table
        self.relations = None


def entity_json(kind, name, obj):
    entity = {"kind": kind, "name": name, "metadata": dict(obj.metadata), "table": None}
    if kind in ("SAMPLE", "PLATFORM"):
        entity["table"] = table_of(getattr(obj, "table", None))
    if kind != "DATABASE":
        entity["relations"] = None if obj.relations is None else dict(obj.relations)
    return entity


# ---------------------------------------------------------------------------------------------
# Notes: every place GEOparse's output differs from the correct reading, and the file's defects.
# ---------------------------------------------------------------------------------------------

ACCESSION = re.compile(r"^(GSE|GSM|GPL|GDS)\d+$")


def compare_metadata(label, ours, theirs, notes):
    for key, values in ours.items():
        if key not in theirs:
            notes.append("%s: key %r (%d value(s), first %r) is missing from GEOparse's metadata" % (
                label, key, len(values), values[0]))
            continue
        got = theirs[key]
        if got != values:
            for index in range(max(len(got), len(values))):
                want = values[index] if index < len(values) else None
                have = got[index] if index < len(got) else None
                if want != have:
                    notes.append("%s: key %r value %d: GEOparse gives %r, correct is %r" % (
                        label, key, index, have, want))
                    break
            if len(got) != len(values):
                notes.append("%s: key %r: GEOparse has %d value(s), correct is %d" % (
                    label, key, len(got), len(values)))
    for key, values in theirs.items():
        if key not in ours:
            notes.append("%s: GEOparse has a key %r (values %r) that is not in the file" % (label, key, values))


def explain_metadata_bugs(label, text_lines, notes):
    """Names the GEOparse bug behind each attribute line it misreads."""
    for number, line in text_lines:
        if not line.startswith("!") or MARKER.match(line):
            continue
        if "_table_begin" in line or "_table_end" in line:
            notes.append(
                "%s: line %d %r contains '_table_begin'/'_table_end' inside an attribute, so GEOparse drops "
                "the whole line (bug: substring test on the line)" % (label, number, line[:80]))
        prefix = PREFIX.match(line)
        rest = line[prefix.end():] if prefix else line
        if re.search(r"!\w*?_", rest):
            notes.append(
                "%s: line %d: GEOparse's prefix regex `!\\w*?_` also removes %r inside the value "
                "(bug: re.sub replaces every match, not just the prefix)" % (
                    label, number, re.search(r"!\w*?_", rest).group(0)))


def entity_notes(ref, got, lines, notes):
    label = "%s %s" % (ref["kind"], ref["name"])
    if got is None:
        notes.append("%s (line %d): GEOparse's result has no such entity" % (label, ref["line"]))
        return
    if ref["kind"] != "DATABASE" and not ACCESSION.match(ref["name"]):
        notes.append(
            "%s: the entity name is free text from the file's `^` line, not an accession; GEOparse keys the "
            "entity by it unchanged (it always names entities from the file, never from the accession asked for)"
            % label)
    explain_metadata_bugs(label, lines, notes)
    compare_metadata(label, ref["metadata"], got["metadata"], notes)
    if ref["kind"] not in ("SAMPLE", "PLATFORM"):
        return
    want, have = ref["table"], got["table"]
    if ref["begin_marker"] and ref["end_marker"] is None:
        notes.append("%s: %s has no end marker; the table runs to the next entity" % (label, ref["begin_marker"]))
    if ref["end_marker"] and ref["begin_marker"]:
        begin_kind = ref["begin_marker"][1:].split("_table_")[0].lower()
        end_kind = ref["end_marker"][0][1:].split("_table_")[0].lower()
        if begin_kind != end_kind:
            notes.append("%s: the table opened by %s is closed by %s on line %d (wrong kind of end marker)" % (
                label, ref["begin_marker"], ref["end_marker"][0], ref["end_marker"][1]))
    for number, fields, columns in ref["short_rows"]:
        notes.append("%s: table row on line %d has %d field(s) where the header has %d; GEOparse (pandas) pads "
                     "missing fields with NaN" % (label, number, fields, columns))
    if ref["stray_rows"]:
        notes.append("%s: %d line(s) outside any table region (first on line %d) are read by GEOparse as table "
                     "rows (bug: every non-!^# line of the entity is a row, markers are ignored)" % (
                         label, len(ref["stray_rows"]), ref["stray_rows"][0]))
    if want is None and have is not None:
        notes.append("%s: GEOparse builds a table %r from lines outside any table; correct is no table" % (
            label, have))
    elif want is not None and have is None:
        notes.append("%s: GEOparse has no table; correct is %d column(s), %d row(s)" % (
            label, len(want["columns"] or []), want["rows"]))
    elif want is not None:
        if want["columns"] is not None and have["columns"] != want["columns"]:
            notes.append("%s: GEOparse's table columns %r differ from the header %r" % (
                label, have["columns"], want["columns"]))
        if have["rows"] != want["rows"]:
            notes.append("%s: GEOparse's table has %d row(s); the table region holds %d" % (
                label, have["rows"], want["rows"]))
    declared = ref["metadata"].get("data_row_count")
    if declared and want is not None and declared[0].isdigit() and int(declared[0]) != want["rows"]:
        notes.append("%s: data_row_count says %s but the file holds %d row(s) (file truncated by its "
                     "collectors; not a GEOparse bug)" % (label, declared[0], want["rows"]))


def lines_by_entity(text):
    spans = []
    for number, line in enumerate((line.rstrip("\r") for line in text.split("\n")), start=1):
        if line.startswith("^"):
            spans.append([])
        elif spans:
            spans[-1].append((number, line))
    return spans


def fixture_for(GEOparse, path):
    name = os.path.basename(path)
    text = read_text(path)
    refs = reference_entities(text)
    kinds = [r["kind"] for r in refs]
    function = geoparse_function(name, kinds)
    notes = []
    if not name[:3].upper() in ("GSE", "GSM", "GPL"):
        notes.append("get_GEO(filepath=...) rejects this file name (type taken from its first three letters); "
                     "read with GEOparse.GEOparse.parse_%s instead" % function)
    else:
        notes.append("read with GEOparse.GEOparse.parse_%s(path, open_kwargs={'encoding': 'utf-8'}), as "
                     "get_GEO(filepath=...) would" % function)
    if "\r\n" in text:
        notes.append("CRLF line endings; GEOparse reads them through Python's universal newlines")
    if "\r\r\n" in text:
        notes.append("contains CR CR LF; Python's universal newlines turn it into an extra blank line, which "
                     "GEOparse ignores")
    try:
        parsed = parse_with_geoparse(GEOparse, path, function)
    except Exception as error:  # GEOparse failing on a file is a finding, recorded below.
        notes.append("GEOparse's parse_%s fails on the whole file: %s: %s; split at `^` lines and each entity "
                     "given to parse_GSM / parse_GPL / parse_metadata" % (function, type(error).__name__, error))
        parsed = parse_split(GEOparse, text, notes)

    counts = {}
    for ref in refs:
        counts[(ref["kind"], ref["name"])] = counts.get((ref["kind"], ref["name"]), 0) + 1
    for (kind, ename), count in sorted(counts.items()):
        if count > 1:
            notes.append("%s %s appears %d times; GEOparse keeps only the last (entities live in a dict)" % (
                kind, ename, count))

    by_key = {}
    for kind, ename, obj in parsed:
        by_key[(kind, ename)] = entity_json(kind, ename, obj)
    entities = []
    spans = lines_by_entity(text)
    for ref, span in zip(refs, spans):
        got = by_key.get((ref["kind"], ref["name"]))
        entity_notes(ref, got, span, notes)
        if got is not None:
            entities.append(got)
    if not any(": " in n and n.split(" ", 1)[0] in ENTITY_KINDS for n in notes):
        notes.append("checked every entity against a correct reading (attribute prefix and ` = ` split, "
                     "`_table_begin`/`_table_end` inside values, rows outside table regions, end markers, "
                     "free-text names): GEOparse's metadata and tables match")
    unknown = [k for k in by_key if k not in counts]
    for kind, ename in unknown:
        notes.append("GEOparse returns %s %r, which is not in the file's `^` lines" % (kind, ename))
        entities.append(by_key[(kind, ename)])
    return {
        "source": name,
        "geoparse_version": GEOparse.__version__,
        "entities": entities,
        "notes": notes,
    }


def main():
    args = parse_args()
    logging.disable(logging.CRITICAL)
    try:
        import GEOparse
    except ImportError:
        sys.exit("Error: GEOparse is not installed; run `pip install GEOparse==%s six` and retry." % EXPECTED_VERSION)
    if GEOparse.__version__ != EXPECTED_VERSION:
        sys.exit("Error: GEOparse %s is installed; the fixtures are for %s (`pip install GEOparse==%s`)." % (
            GEOparse.__version__, EXPECTED_VERSION, EXPECTED_VERSION))
    if not os.path.isdir(args.data):
        sys.exit("Error: data directory %r does not exist; pass --data DIR." % args.data)
    os.makedirs(args.out, exist_ok=True)
    written = 0
    for name in sorted(os.listdir(args.data)):
        path = os.path.join(args.data, name)
        if not os.path.isfile(path) or not is_soft(read_text(path)):
            print("skip %s (not SOFT)" % name, file=sys.stderr)
            continue
        fixture = fixture_for(GEOparse, path)
        with open(os.path.join(args.out, name + ".json"), "w", encoding="utf-8", newline="\n") as f:
            json.dump(fixture, f, ensure_ascii=False, indent=1)
            f.write("\n")
        written += 1
        print("%s: %d entities, %d notes" % (name, len(fixture["entities"]), len(fixture["notes"])), file=sys.stderr)
    print("wrote %d fixtures to %s" % (written, args.out), file=sys.stderr)


if __name__ == "__main__":
    main()
