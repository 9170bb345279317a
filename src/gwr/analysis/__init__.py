"""Analysis over fact rows: target tracking and consistency checks (pure functions).

See docs/TRACKING.md for the semantics.  Rows come from the store or from
``rows_from_extract`` over ``gwr extract`` JSON.
"""
from gwr.analysis.consistency import check
from gwr.analysis.rows import rows_from_extract
from gwr.analysis.track import Tolerance, track

__all__ = ["track", "check", "rows_from_extract", "Tolerance"]
