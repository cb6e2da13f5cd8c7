"""Signals accounts publish, in the unit of work of the change; subscribers (crm_sync) must not import accounts' internals."""
from blinker import Namespace

_signals = Namespace()

# keyword arguments: user_id=<id>, consent=<bool>
consent_changed = _signals.signal("consent-changed")
# keyword arguments: user_id=<id>, fields=<set of changed field names>
profile_updated = _signals.signal("profile-updated")
# keyword arguments: session, org_id, org_name, user_id (the invitee), inviter_name, inviter_id
member_invited = _signals.signal("member-invited")
# keyword arguments: session, org_id, user_id: someone joined or left (the org's leads may change)
membership_changed = _signals.signal("membership-changed")
# keyword arguments: session, user_id, token_ids (API tokens that stopped working), session_version (the new one
# when every login made before it ended, else None), reason: sockets opened with those credentials must end
credentials_revoked = _signals.signal("credentials-revoked")
# keyword arguments: session, user_id, domain: the person proved a work address at this (lower-cased) domain;
# trust makes the company with that domain their verified employer after the commit
work_email_verified = _signals.signal("work-email-verified")
