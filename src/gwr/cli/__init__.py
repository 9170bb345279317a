"""The ``gwr`` command (``gwr = "gwr.cli:main"``): the app and shared options in ``app``, one module
per command group; importing the package registers every command, in the order ``--help`` lists them."""
from __future__ import annotations

from . import files, store  # noqa: F401 - register the file and database commands on ``app``
from . import commitments  # noqa: F401 - registers ``gwr commitments``
from . import attention  # noqa: F401 - registers ``gwr attention``
from . import cascade  # noqa: F401 - registers ``gwr cascade`` and ``gwr outcomes``
from .app import app, main

__all__ = ["app", "main"]
