"""JSON API of company certificates (API.md "Vendors": certifications), and the download of their documents."""
from flask import Response
from flask_login import current_user, login_required

from core import storage
from core.api import accepts_form_or_json, returns
from core.extensions import graph
from core.uploads import upload_limit
from trust import certificates, documents
from trust.blueprint import bp
from trust.company_schemas import CertificationCreateSchema
from trust.schemas import CertificationSchema

# The body may hold a 10 MB document plus the form around it; a larger document itself is refused by its size.
UPLOAD_LIMIT = documents.MAX_BYTES + 256 * 1024


@bp.post("/api/companies/<company_id>/certifications")
@login_required
@upload_limit(UPLOAD_LIMIT)
@accepts_form_or_json(CertificationCreateSchema, files=("document",))
@returns(CertificationSchema, 201)
def add_certification(company_id, data, files):
    """Add a certificate to a company page I administer (JSON, or a multipart form with a `document` PDF/image)."""
    document = files.get("document")
    added = certificates.add_certification(graph, storage.current(), current_user.id, company_id, data,
                                           document.stream if document else None)
    return CertificationSchema().dump(added), 201


@bp.delete("/api/companies/<company_id>/certifications/<certification_id>")
@login_required
def remove_certification(company_id, certification_id):
    """Remove a certificate (and its document) from a company page I administer."""
    certificates.remove_certification(graph, storage.current(), current_user.id, company_id, certification_id)
    return "", 204


@bp.get("/api/companies/<company_id>/certifications/<certification_id>/document")
@login_required
@returns({"type": "string", "format": "binary"}, media_type="application/octet-stream")
def certificate_document(company_id, certification_id):
    """Download a certificate's document (any signed-in member: buyers check certificates before they buy)."""
    stored, name = certificates.open_document(graph, storage.current(), company_id, certification_id)
    response = Response(stored.chunks, mimetype=stored.content_type, direct_passthrough=True)
    response.content_length = stored.size
    response.call_on_close(stored.close)
    # A download, never rendered in the site's origin; not kept by shared caches (it is for signed-in members).
    response.headers["Content-Disposition"] = f'attachment; filename="{name}"'
    response.headers["Content-Security-Policy"] = "sandbox"
    response.headers["Cache-Control"] = "private, no-store"
    return response
