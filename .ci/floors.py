"""Write a pip constraints file pinning every runtime requirement of pyproject.toml at its floor.

pip has no ``--resolution lowest`` (uv has); pinning ``name==floor`` for each
``name>=floor`` of the base dependencies and the store, web and dask extras
makes pip install the lowest releases gwr claims to support, so CI finds out
when a floor is a wish.  Usage: ``python .ci/floors.py pyproject.toml > floors.txt``.
"""
from __future__ import annotations

import re
import sys
import tomllib

EXTRAS = ("store", "web", "dask")


def floors(project: dict) -> list[str]:
    reqs = list(project["dependencies"])
    for extra in EXTRAS:
        reqs += project["optional-dependencies"].get(extra, [])
    out = {}
    for req in reqs:
        m = re.fullmatch(r"\s*([A-Za-z0-9_.-]+)(?:\[[^\]]*\])?\s*>=\s*([0-9][0-9A-Za-z.]*)\s*(?:,.*)?", req)
        if m:  # gwr[store] and other unpinned entries are not floors
            out[m.group(1).lower()] = f"{m.group(1)}=={m.group(2)}"
    return sorted(out.values())


if __name__ == "__main__":
    with open(sys.argv[1] if len(sys.argv) > 1 else "pyproject.toml", "rb") as f:
        print("\n".join(floors(tomllib.load(f)["project"])))
