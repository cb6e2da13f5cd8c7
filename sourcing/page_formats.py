"""Times the sourcing views hand over as ISO text (the API's shape), made dates again for the |day and |moment filters."""
from datetime import date, datetime

from sourcing.blueprint import bp


@bp.app_template_filter("sourcing_time")
def sourcing_time(value: str | date | None) -> date | datetime | None:
    """'2026-11-30T10:54:00+00:00' → a datetime, '2026-11-30' → a date; dates, datetimes and None pass through."""
    if not isinstance(value, str) or not value:
        return value or None
    return date.fromisoformat(value) if len(value) == 10 else datetime.fromisoformat(value)
