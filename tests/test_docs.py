"""What the README claims about the seed report it shows is what gwr prints."""
from __future__ import annotations

import json

from corpus_data import CORPUS, ROOT, needs_shared
from gwr.pipeline import extract_file

README = (ROOT / "README.md").read_text(encoding="utf-8")


@needs_shared
def test_docs_readme_example_is_real_output():
    doc = extract_file(CORPUS / "001_209cad49592183ba.txt").documents[0]
    gdp_target = next(t for t in doc.targets if t["indicator"] == "gdp")
    gdp_actual = next(a for a in doc.actuals if a["indicator"] == "gdp")
    claims = [
        f'"lines": [{doc.lines[0]}, {doc.lines[1]}]',
        f'"code": "{doc.region.code}"', f'"parent": "{doc.region.parent}"',
        f'"report_year": {doc.report_year}', f'"delivered_date": "{doc.delivered_date}"',
        f'"speaker": "{doc.speaker}"', f'"session": "{doc.session}"',
        json.dumps(gdp_target["span"]), f'"quote": "{gdp_target["quote"]}"',
        json.dumps(gdp_actual["span"]), f'"quote": "{gdp_actual["quote"]}"',
    ]
    section = next(s for s in doc.sections if s.title == "2017年工作回顾")
    claims.append(f'"span": [{section.span[0]}, {section.span[1]}]')
    for claim in claims:
        assert claim in README, claim


def test_docs_readme_gives_the_two_commands():
    assert "make run" in README and "make test" in README
    ci = (ROOT / ".ci" / "run").read_text(encoding="utf-8")
    assert "make test" in ci
