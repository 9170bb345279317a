"""A throwaway PostgreSQL server for one test session, from the Debian binaries.

``GWR_TEST_POSTGRES_URL`` points the tests at an existing server instead.
Without binaries the PostgreSQL tests skip — unless ``GWR_REQUIRE_POSTGRES=1``
(CI), where a missing server must fail loudly rather than pass silently.

``initdb`` refuses to run as root, so as root the data directory belongs to
the ``postgres`` user and the binaries run through ``runuser``.  The server
listens only on a Unix socket inside its own temp directory (no port to
collide with), trusts local connections and skips fsync: the data is thrown
away at the end of the session.
"""
from __future__ import annotations

import contextlib
import glob
import itertools
import os
import pwd
import shutil
import subprocess
import tempfile
from pathlib import Path

import pytest

DBNAME = "gwr_test"


def find_bindir() -> Path | None:
    """The newest ``/usr/lib/postgresql/N/bin`` that has ``initdb``."""
    found = sorted(glob.glob("/usr/lib/postgresql/*/bin/initdb"),
                   key=lambda p: int(Path(p).parts[-3]) if Path(p).parts[-3].isdigit() else 0)
    return Path(found[-1]).parent if found else None


def _unavailable(reason: str):
    if os.environ.get("GWR_REQUIRE_POSTGRES") == "1":
        pytest.fail(f"GWR_REQUIRE_POSTGRES=1 but {reason}", pytrace=False)
    pytest.skip(reason)


def _run(cmd: list[str], as_user: str | None) -> None:
    if as_user:
        cmd = ["runuser", "-u", as_user, "--", *cmd]
    proc = subprocess.run(cmd, capture_output=True, text=True, timeout=120)
    if proc.returncode:
        raise RuntimeError(f"{' '.join(cmd)} failed ({proc.returncode}):\n{proc.stdout}{proc.stderr}")


@contextlib.contextmanager
def postgres_server():
    """Yield a ``postgresql+psycopg://`` URL of an empty database; stop the server afterwards."""
    url = os.environ.get("GWR_TEST_POSTGRES_URL")
    if url:
        yield url
        return
    bindir = find_bindir()
    if bindir is None:
        _unavailable("no PostgreSQL binaries under /usr/lib/postgresql/*/bin")
    user = None
    root = Path(tempfile.mkdtemp(prefix="gwr-pg-"))
    root.chmod(0o755)  # the postgres user must reach its socket and data inside
    if os.geteuid() == 0:
        try:
            pw = pwd.getpwnam("postgres")
        except KeyError:
            _unavailable("running as root and there is no 'postgres' user for initdb")
        user = "postgres"
        os.chown(root, pw.pw_uid, pw.pw_gid)
    data, sock = root / "data", root
    try:
        _run([str(bindir / "initdb"), "-D", str(data), "-A", "trust", "-U", "postgres",
              "-E", "UTF8", "--locale=C", "--no-sync"], user)
        opts = (f"-k {sock} -c listen_addresses='' -c fsync=off -c synchronous_commit=off "
                "-c full_page_writes=off")
        _run([str(bindir / "pg_ctl"), "-D", str(data), "-o", opts, "-l", str(root / "log"),
              "-w", "-t", "60", "start"], user)
        try:
            _run([str(bindir / "createdb"), "-h", str(sock), "-U", "postgres", DBNAME], user)
            yield f"postgresql+psycopg://postgres@/{DBNAME}?host={sock}"
        finally:
            _run([str(bindir / "pg_ctl"), "-D", str(data), "-m", "immediate", "-w", "stop"], user)
    finally:
        shutil.rmtree(root, ignore_errors=True)


_databases = itertools.count()


def fresh_database(server_url: str) -> str:
    """A new, empty database on the test server, so that tests never see each other's rows."""
    from sqlalchemy import create_engine, text
    from sqlalchemy.engine import make_url

    url = make_url(server_url)
    name = f"gwr_t{os.getpid()}_{next(_databases)}"
    admin = create_engine(url, isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.execute(text(f'DROP DATABASE IF EXISTS "{name}"'))
        conn.execute(text(f'CREATE DATABASE "{name}" TEMPLATE template0 ENCODING \'UTF8\''))
    admin.dispose()
    return url.set(database=name).render_as_string(hide_password=False)
