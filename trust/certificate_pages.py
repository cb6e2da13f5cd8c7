"""Certificates on the company page: the admins' upload form and remove buttons (the list is in company_page)."""
from flask import flash, redirect, request, url_for
from flask_babel import gettext
from flask_login import current_user, login_required
from marshmallow import ValidationError as SchemaError

from core import storage
from core.errors import DomainError, form_errors
from core.extensions import graph
from core.uploads import upload_limit
from trust import certificates, pages
from trust.blueprint import bp
from trust.certificate_api import UPLOAD_LIMIT
from trust.company_schemas import CertificationCreateSchema

FIELDS = ("name", "standard", "issuer", "number", "valid_from", "valid_until")


def _back(company_id: str):
    return redirect(url_for("trust.company_page", company_id=company_id) + "#certifications")


@bp.post("/vendors/companies/<company_id>/certifications")
@login_required
@upload_limit(UPLOAD_LIMIT)
def certification_page(company_id):
    """Add a certificate, with its document, to a company page I administer."""
    try:
        # A field left blank is a missing one (the schema then says which are required).
        data = CertificationCreateSchema().load({k: v for k in FIELDS if (v := request.form.get(k, "").strip())})
        part = request.files.get("document")
        document = part.stream if part is not None and part.filename else None
        certificates.add_certification(graph, storage.current(), current_user.id, company_id, data, document)
    except (SchemaError, DomainError) as exc:
        if isinstance(exc, DomainError) and exc.status not in (400, 403, 413):
            raise
        status = 400 if isinstance(exc, SchemaError) else exc.status
        return pages.company_page(company_id, status=status, cert_form=request.form, cert_errors=form_errors(exc))
    flash(gettext("Certificate added."), "success")
    return _back(company_id)


@bp.post("/vendors/companies/<company_id>/certifications/<certification_id>/remove")
@login_required
def remove_certification_page(company_id, certification_id):
    """Remove a certificate from a company page I administer."""
    certificates.remove_certification(graph, storage.current(), current_user.id, company_id, certification_id)
    flash(gettext("Certificate removed."), "info")
    return _back(company_id)
