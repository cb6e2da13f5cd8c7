"""The pipeline page's numbers: opportunities per stage, and count and Amount per stage and per owner."""
from collections import defaultdict

from sqlalchemy.orm import Session

from accounts import people
from crm_sync import pipeline
from crm_sync.stages import STAGES, opportunity_record


def board_of(session: Session, org_id: str) -> dict:
    """{"columns": [{stage, items, count, amount}], "owners": [{id, name, count, amount}], "total": {...}}."""
    records = [opportunity_record(o) for o in pipeline.all_opportunities(session, org_id)]
    names = people.names_of(session, {r["OwnerId"] for r in records if r["OwnerId"]})
    by_stage, by_owner = defaultdict(list), defaultdict(list)
    for record in records:
        record["owner_name"] = names.get(record["OwnerId"], "—")
        by_stage[record["StageName"]].append(record)
        by_owner[record["OwnerId"]].append(record)
    columns = [{"stage": stage, "items": by_stage[stage], **_sums(by_stage[stage])} for stage in STAGES]
    owners = sorted(({"id": owner, "name": names.get(owner, "—"), **_sums(items)} for owner, items in by_owner.items()),
                    key=lambda row: -row["amount"])
    return {"columns": columns, "owners": owners, "total": _sums(records)}


def _sums(records: list[dict]) -> dict:
    return {"count": len(records), "amount": sum(r["Amount"] or 0 for r in records)}
