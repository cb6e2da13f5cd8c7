"""Certificates on company pages: only the page's admins add or remove them; any signed-in member reads them.

A document goes to file storage first and into the graph second, so a failed upload leaves nothing in the graph;
when the graph write fails, the stored file is deleted again. A certificate is valid through its valid_until day
(UTC), expired after it; that is the only status the contract knows, so one not yet in force still shows valid.
"""
import logging
import uuid
from datetime import date
from typing import IO
from urllib.parse import quote

from core import storage as file_storage
from core.db import utc_today
from core.errors import NotFound
from core.graph import GraphStore
from core.i18n import N_
from core.storage import Storage, StorageUnavailable
from trust import certificate_repository as repo, documents, staff

log = logging.getLogger(__name__)
NO_CERTIFICATE = N_("No such certificate on this company's page.")


def status_on(certification: dict, today: date) -> str:
    """"valid" through its last day, "expired" after it."""
    return "valid" if date.fromisoformat(certification["valid_until"]) >= today else "expired"


def shown(company_id: str, row: dict, today: date) -> dict:
    """A stored certificate as the API shows it: its status today, and where its document downloads."""
    document = None
    if row.get("document_key"):
        url = f"/api/companies/{quote(company_id, safe='')}/certifications/{quote(row['id'], safe='')}/document"
        document = {"url": url, "content_type": row["document_type"], "size": row["document_size"]}
    fields = ("id", "name", "standard", "issuer", "number", "valid_from", "valid_until", "created_at")
    return {**{k: row.get(k) for k in fields}, "status": status_on(row, today), "document": document}


def of_company(graph: GraphStore, company_id: str, today: date | None = None) -> list[dict]:
    """The company's certificates with their status, latest expiry first."""
    today = today or utc_today()
    return [shown(company_id, row, today) for row in repo.of_company(graph, company_id)]


def for_page(graph: GraphStore, viewer_id: str, company_id: str) -> dict:
    """What the company page shows of certificates: the list, and whether the viewer may change it."""
    role = staff.role_at(graph, viewer_id, company_id)
    return {"certifications": of_company(graph, company_id), "certifications_editable": bool(role and role["admin"])}


def add_certification(graph: GraphStore, storage: Storage, person_id: str, company_id: str, data: dict,
                      document: IO[bytes] | None = None) -> dict:
    """Add a certificate (with an optional PDF/PNG/JPEG document) to a company page its admin runs."""
    staff.require_company_admin(graph, person_id, company_id)
    fields = {"id": str(uuid.uuid4()), "name": data["name"], "standard": data["standard"], "issuer": data["issuer"],
              "number": data["number"], "valid_from": data["valid_from"].isoformat(),
              "valid_until": data["valid_until"].isoformat(),
              "document_key": None, "document_type": None, "document_size": None}
    if document is not None:
        content_type, size = documents.checked(document)
        key = file_storage.new_key("certificates")
        storage.put(key, document, content_type)  # StorageUnavailable (503) here: nothing was written anywhere
        fields.update(document_key=key, document_type=content_type, document_size=size)
    try:
        saved = repo.save(graph, company_id, fields)
    except BaseException:
        _discard(storage, fields["document_key"])
        raise
    if saved is None:  # the company went away between the check and the write
        _discard(storage, fields["document_key"])
        raise NotFound(N_("No such company."), {"company_id": [N_("No company with this id.")]})
    return shown(company_id, saved, utc_today())


def remove_certification(graph: GraphStore, storage: Storage, person_id: str, company_id: str,
                         certification_id: str) -> None:
    """Remove a certificate from the page, then its document from storage."""
    staff.require_company_admin(graph, person_id, company_id)
    found, key = repo.remove(graph, company_id, certification_id)
    if not found:
        raise NotFound(NO_CERTIFICATE)
    _discard(storage, key)


def open_document(graph: GraphStore, storage: Storage, company_id: str,
                  certification_id: str) -> tuple[file_storage.StoredFile, str]:
    """A certificate's stored document and a download name made of server ids only; 404 without one."""
    row = repo.one(graph, company_id, certification_id)
    if row is None or not row.get("document_key"):
        raise NotFound(NO_CERTIFICATE if row is None else N_("This certificate has no document."))
    stored = storage.open(row["document_key"])
    # The type checked at upload, never one a store could hand back differently.
    stored.content_type = row["document_type"]
    return stored, f"certificate-{row['id']}.{documents.EXTENSIONS.get(row['document_type'], 'bin')}"


def _discard(storage: Storage, key: str | None) -> None:
    """Delete a stored document nothing points to any more; a store that is down leaves an orphan, logged."""
    if not key:
        return
    try:
        storage.delete(key)
    except StorageUnavailable:
        log.warning("certificate document %s left in storage: the store is unavailable", key)
