"""A project and its decision for an SRM system: one JSON document, or a CSV with one row per candidate.

The CSV starts with a UTF-8 byte order mark so that Excel reads Chinese company and people names; cells a
spreadsheet would run as formulas are defused with a leading apostrophe (as the leads export does).
"""
import csv
import io

from sqlalchemy.orm import Session

from accounts import organizations
from core.db import utcnow
from sourcing import board, deals

FORMAT = "guanxi.sourcing-export/1"
BOM = "\ufeff"
CANDIDATE_COLUMNS = ("project_id", "project_title", "category", "project_status", "rank", "company_id", "company",
                     "source", "team_score", "spread", "scored_by")
DECISION_COLUMNS = ("chosen", "decision_status", "rationale", "proposed_by", "approvals", "approvals_needed",
                    "deal_id", "delivered_on", "paid_on", "payment_on_time")


def project_export(session: Session, user_id: str, project_id: str) -> dict:
    """The project (members only), its weighted criteria, its candidates best first with the team's scores, and
    the decision with its approvals and deal."""
    view = board.project_view(session, user_id, project_id)
    org = organizations.org_names(session, [view["org_id"]])
    candidates = [{"rank": rank, "company_id": c["company_id"], "company": c["company"]["name"], "source": c["source"],
                   "team_score": c["score"], "by_criterion": c["by_criterion"], "spread": c["spread"],
                   "scored_by": len(c["scored_by"])} for rank, c in enumerate(view["candidates"], start=1)]
    return {"format": FORMAT, "exported_at": utcnow(),
            "project": {"id": view["id"], "title": view["title"], "category": view["category"], "need": view["need"],
                        "due_on": view["due_on"], "status": view["status"], "created_at": view["created_at"],
                        "buyer_org": {"id": view["org_id"], "name": org.get(view["org_id"], "")}},
            "criteria": view["criteria"], "candidates": candidates,
            "decision": _decision(session, project_id, view["decision"])}


def _decision(session: Session, project_id: str, decision: dict | None) -> dict | None:
    if decision is None:
        return None
    deal = deals.deal_of_project(session, project_id)
    return {"company_id": decision["company_id"], "company": decision["company"]["name"],
            "status": decision["status"], "rationale": decision["rationale"],
            "proposed_by": decision["proposed_by"]["name"], "proposed_at": decision["proposed_at"],
            "approvals": [{"name": a["name"], "at": a["at"]} for a in decision["approvals"]],
            "approvals_needed": decision["approvals_needed"], "decided_at": decision["decided_at"],
            "deal": None if deal is None else {"id": deal.id, "delivered_on": deal.delivered_on,
                                               "paid_on": deal.paid_on, "payment_on_time": deal.on_time}}


def csv_text(export: dict) -> str:
    """One row per candidate: its scores, a mean column per criterion, and the decision's columns (filled in on
    every row; `chosen` marks the proposed company)."""
    means = [f"mean {c['name']} ({c['weight']:g}%)" for c in export["criteria"]]
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow([*CANDIDATE_COLUMNS, *means, *DECISION_COLUMNS])
    project, decision = export["project"], export["decision"]
    for candidate in export["candidates"]:
        row = [project["id"], project["title"], project["category"], project["status"], candidate["rank"],
               candidate["company_id"], candidate["company"], candidate["source"], candidate["team_score"],
               candidate["spread"], candidate["scored_by"],
               *(candidate["by_criterion"].get(c["name"]) for c in export["criteria"]),
               *_decision_cells(decision, candidate["company_id"])]
        writer.writerow([_cell(value) for value in row])
    return BOM + out.getvalue()


def _decision_cells(decision: dict | None, company_id: str) -> list:
    if decision is None:
        return [False] + [None] * (len(DECISION_COLUMNS) - 1)
    deal = decision["deal"] or {}
    approvals = "; ".join(f"{a['name']} {a['at']}" for a in decision["approvals"])
    return [decision["company_id"] == company_id, decision["status"], decision["rationale"], decision["proposed_by"],
            approvals, decision["approvals_needed"], deal.get("id"), deal.get("delivered_on"), deal.get("paid_on"),
            deal.get("payment_on_time")]


def _cell(value) -> str:
    if value is None:
        return ""
    text = value.isoformat() if hasattr(value, "isoformat") else str(value)
    return "'" + text if text[:1] in ("=", "+", "-", "@", "\t", "\r") else text
