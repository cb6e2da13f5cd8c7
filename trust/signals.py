"""Signals trust publishes; other packages (crm_sync, messaging) subscribe, trust imports none of them."""
from blinker import Namespace

_signals = Namespace()

# Sent when a recommendation request is routed: request_id, asker_id, category, recipient_ids (list).
# vendors_may_contact (bool) says whether the asker opted in to sellers seeing it.
# messaging turns it into notifications; crm_sync turns opted-in requests into intent leads.
recommendation_requested = _signals.signal("recommendation-requested")
# Sent after the asker closed a request: request_id, asker_id (crm_sync strips the intent leads it made).
recommendation_closed = _signals.signal("recommendation-closed")
# Sent after someone answered a request: request_id, asker_id, answerer_id, company_name, category (the asker hears).
recommendation_answered = _signals.signal("recommendation-answered")
# Sent after a review of a company changed: review_id, company_id, change ("created" | "replied" | "removed" |
# "restored"), review (its public fields, never the reviewer's identity), session (when the sender has one).
# The post office tells the company's organizations.
review_changed = _signals.signal("review-changed")
