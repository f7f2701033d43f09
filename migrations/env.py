"""Alembic's environment: the app's own database and models.

Run through `amnesty db …` (web/schema.py), which hands over the app; run by `alembic` itself,
the app is created here from the environment (DATABASE_URL, …). `render_as_batch` lets the
same migrations alter tables on SQLite, which cannot ALTER most things in place.
"""

from __future__ import annotations

from alembic import context

from web import db

config = context.config
app = config.attributes.get("app")
if app is None:
    from app import create_app

    app = create_app()

OPTIONS = {
    "target_metadata": db.Base.metadata,  # every table: create_app imported every model
    "render_as_batch": True,
    "compare_type": True,
    "compare_server_default": True,
}


def run_migrations_offline() -> None:
    """`--sql`: print the statements instead of running them."""
    context.configure(url=db.engine(app).url, literal_binds=True, **OPTIONS)
    with context.begin_transaction():
        context.run_migrations()


def run_migrations_online() -> None:
    with db.engine(app).connect() as connection:
        context.configure(connection=connection, **OPTIONS)
        with context.begin_transaction():
            context.run_migrations()


if context.is_offline_mode():
    run_migrations_offline()
else:
    run_migrations_online()
