"""A server worker's collector: the start-up heap frozen, young collections spaced (``gwr.web.gc_policy``).

A page of thousands of rows spent 40 % of its time in full collections walking the
interpreter's whole heap; a worker built by ``from_environment`` (what ``gwr serve`` runs
in each process) must leave the collector so, and still serve its pages.
"""
from __future__ import annotations

import dataclasses
import gc
import json

from fastapi.testclient import TestClient

from gwr.web import app as web_app
from gwr.web.gc_policy import GEN0


def test_a_worker_freezes_its_start_up_heap_and_spaces_young_collections(sqlite_db, monkeypatch):
    settings = web_app.Settings(db=sqlite_db)
    monkeypatch.setenv(web_app.SETTINGS_ENV, json.dumps(dataclasses.asdict(settings)))
    threshold = gc.get_threshold()
    gc.unfreeze()
    try:
        app = web_app.from_environment()
        assert gc.get_freeze_count() > 10_000  # the interpreter, the app, the gazetteer
        assert gc.get_threshold()[0] == GEN0
        with TestClient(app) as client:
            assert client.get("/api/track?limit=5").status_code == 200
    finally:
        gc.unfreeze()
        gc.set_threshold(*threshold)
