"""Alembic environment: batch mode for SQLite, type comparison on, our engine settings."""

from __future__ import annotations

from alembic import context
from sqlalchemy.engine import Connection

from tracker.db import make_engine
from tracker.models import Base
from tracker.models.search import include_name, include_object

config = context.config
target_metadata = Base.metadata


def run_migrations_offline() -> None:
    """Emit SQL without a connection."""
    context.configure(
        url=config.get_main_option("sqlalchemy.url"),
        target_metadata=target_metadata,
        literal_binds=True,
        render_as_batch=True,
        compare_type=True,
        include_name=include_name,
        include_object=include_object,
    )
    with context.begin_transaction():
        context.run_migrations()


def run_migrations_online() -> None:
    """Migrate over a real connection."""
    connection = config.attributes.get("connection")
    if connection is not None:
        _run(connection)
        return
    url = config.get_main_option("sqlalchemy.url")
    assert url is not None
    engine = make_engine(url)
    try:
        with engine.connect() as connection:
            _run(connection)
    finally:
        engine.dispose()


def _run(connection: Connection) -> None:
    """Run the migrations; on SQLite with foreign keys off while they run.

    A batch migration recreates a table on SQLite (copy, DROP, rename). With foreign keys on,
    the DROP deletes every row first, and ON DELETE CASCADE takes the rows that refer to it
    (dropping ``statement`` would empty ``account``). SQLite's own procedure for schema
    changes turns foreign keys off outside the transaction and checks them before commit.
    """
    if connection.dialect.name == "sqlite" and not connection.in_transaction():
        driver = connection.connection.driver_connection
        assert driver is not None
        driver.execute("PRAGMA foreign_keys=OFF")
        try:
            _migrate(connection, check_foreign_keys=True)
        finally:
            driver.execute("PRAGMA foreign_keys=ON")
        return
    _migrate(connection, check_foreign_keys=False)


def _migrate(connection: Connection, check_foreign_keys: bool) -> None:
    context.configure(
        connection=connection,
        target_metadata=target_metadata,
        render_as_batch=True,
        compare_type=True,
        include_name=include_name,
        include_object=include_object,
    )
    with context.begin_transaction():
        context.run_migrations()
        if check_foreign_keys:
            broken = connection.exec_driver_sql("PRAGMA foreign_key_check").all()
            if broken:
                raise RuntimeError(f"the migration broke foreign keys: {broken[:5]}")


if context.is_offline_mode():
    run_migrations_offline()
else:
    run_migrations_online()
