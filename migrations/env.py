"""Alembic environment: the models' metadata and the configured database URL."""
from alembic import context
from sqlalchemy import engine_from_config, pool

from core.config import from_environment
from core.db import Base
import accounts.models  # noqa: F401  (registers the tables on Base.metadata)
import messaging.models  # noqa: F401
import messaging.community_models  # noqa: F401
import crm_sync.models  # noqa: F401
import crm_sync.pipeline_models  # noqa: F401
import trust.models  # noqa: F401
import sourcing.models  # noqa: F401
import core.mail_outbox  # noqa: F401
import postoffice.models  # noqa: F401

config = context.config
if not config.get_main_option("sqlalchemy.url"):
    config.set_main_option("sqlalchemy.url", from_environment()["DATABASE_URL"].replace("%", "%%"))
url = config.get_main_option("sqlalchemy.url")
if url.startswith("postgresql://"):
    config.set_main_option("sqlalchemy.url", "postgresql+psycopg://" + url.removeprefix("postgresql://"))


def run_migrations() -> None:
    """Migrate online; SQLite needs batch mode to alter tables."""
    engine = engine_from_config(config.get_section(config.config_ini_section), prefix="sqlalchemy.",
                                poolclass=pool.NullPool)
    with engine.connect() as connection:
        context.configure(connection=connection, target_metadata=Base.metadata,
                          render_as_batch=connection.dialect.name == "sqlite")
        with context.begin_transaction():
            context.run_migrations()


run_migrations()
