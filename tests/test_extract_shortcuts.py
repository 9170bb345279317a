"""The shortcuts speed work took stay exact: a prefilter never skips what the full rule would find."""
from __future__ import annotations

from corpus_data import CORPUS, SAMPLES

from gwr.facts import periods
from gwr.parse.normalize import normalize
from gwr.read import read_file

CRAFTED = "各位代表，五年来，“十三五”时期，本届政府任期内，2016年以来，去年，今年以来，过去一年，一年来，全年，（一）我市同时其中3年来，近5年，这三年间，刚刚过去的五年，以往五年，"


def _texts():
    yield CRAFTED
    for top in (CORPUS, SAMPLES):
        if top.is_dir():
            for p in sorted(top.iterdir()):
                if p.is_file():
                    yield normalize(read_file(p).text)


def test_opening_first_characters_cover_every_opening():
    for text in _texts():
        for a in range(len(text)):
            for rx in (periods._FRAME_LEAD, periods.FRAME, periods._YEAR_OPENER):
                m = rx.match(text, a)
                if m and m.end() > a:
                    assert text[a] in periods._OPENING_FIRST, (rx.pattern[:40], text[a:a + 12])


def test_uncommon_gb_characters_are_counted_as_the_table_says():
    from gwr.read.encoding import _common_gb_table, _uncommon_gb

    table = _common_gb_table()
    texts = [CRAFTED, "ｱｲｳ繁體字測試𠀀\x00\x7f-]^\\", "".join(map(chr, range(0, 0x3000, 7)))]
    for top in (CORPUS, SAMPLES):
        if top.is_dir():
            for p in sorted(top.iterdir()):
                if p.is_file():
                    data = p.read_bytes()
                    texts += [data.decode("gb18030", errors="replace"), data.decode("utf-8", errors="replace")]
    for t in texts:
        assert len(_uncommon_gb().findall(t)) == len(t.translate(table))


def test_normalize_equals_one_translation_of_every_character():
    """The commonest characters are replaced whole-text and the rest run by run: together they
    must change exactly what one translation of every character through the table changes."""
    from gwr.parse import normalize as mod

    table = mod._TABLE
    every = "".join(mod._PAIRS)
    texts = [CRAFTED, every, every[::-1], "　　各位代表：\u00a0（一）２０２４年增长６．５％\u3000\u3000", "\u3000" * 50]
    texts += [read_file(p).text for top in (CORPUS, SAMPLES) if top.is_dir() for p in sorted(top.iterdir()) if p.is_file()]
    for t in texts:
        plain = t.translate(table)
        assert plain.translate(table) == plain  # so normalize(plain) changes only Chinese-numeral years
        assert normalize(t) == normalize(plain), t[:40]
