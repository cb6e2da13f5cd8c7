"""Local stand-ins for HubSpot, Salesforce and a webhook receiver (http.server in a thread on 127.0.0.1).

Each checks the request shape the real API requires and answers as the real API documents:
HubSpot CRM v3 batch upsert (≤100 inputs, idProperty, unique ids, 409 CONFLICT on an email owned by
another contact, 429 with X-HubSpot-RateLimit-* headers); Salesforce sObject Collections upsert
(PATCH, ≤200 records, attributes.type, per-record UpsertResult, DUPLICATE_EXTERNAL_ID or HTTP 300
for a multiple match); a webhook that verifies the HMAC-SHA256 signature. `plan` scripts faults:
a list of HTTP statuses, (status, headers) pairs, "garbage" or "timeout", consumed one per request.
"""
import collections
import hashlib
import hmac
import itertools
import json
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer


class FakeServer:
    """Base: one server thread, recorded calls, scripted faults."""

    def __init__(self):
        self.lock = threading.Lock()
        self.plan: list = []
        self.calls: list[dict] = []
        self.sent = collections.Counter()  # how many times each record id was received successfully
        self.problems: list[str] = []  # request-shape violations (a test asserts there are none)
        fake = self

        class Handler(BaseHTTPRequestHandler):
            def _any(self):
                length = int(self.headers.get("Content-Length") or 0)
                raw = self.rfile.read(length)
                status, body, headers = fake.dispatch(self.command, self.path, dict(self.headers), raw)
                self.send_response(status)
                payload = body if isinstance(body, bytes) else json.dumps(body).encode()
                for name, value in {"Content-Type": "application/json", **headers}.items():
                    self.send_header(name, str(value))
                self.send_header("Content-Length", str(len(payload)))
                self.end_headers()
                self.wfile.write(payload)

            do_POST = do_PATCH = do_PUT = do_GET = _any

            def log_message(self, *_args):
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.server.daemon_threads = True
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}"
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)

    def __enter__(self):
        self.thread.start()
        return self

    def __exit__(self, *_exc):
        self.server.shutdown()
        self.server.server_close()

    def dispatch(self, method, path, headers, raw):
        if path == "/ping":  # the bare round trip the benchmark compares a connector with
            return 200, {}, {}
        with self.lock:
            step = self.plan.pop(0) if self.plan else None
            self.calls.append({"method": method, "path": path, "headers": headers, "body": raw})
        if step == "timeout":
            time.sleep(3)
            return 504, {"message": "too late"}, {}
        if step == "garbage":
            return 200, b"<html>Service temporarily replaced by a cat</html>", {"Content-Type": "text/html"}
        if isinstance(step, int):
            return step, {"message": f"scripted {step}"}, {}
        if isinstance(step, tuple):  # (status, headers): e.g. a redirect (302, {"Location": ...})
            return step[0], {"message": f"scripted {step[0]}"}, step[1]
        with self.lock:
            return self.handle(method, path, headers, raw)

    def problem(self, text: str):
        self.problems.append(text)
        return text


class FakeHubSpot(FakeServer):
    PATH = "/crm/v3/objects/contacts/batch/upsert"

    def __init__(self, token="pat-test-token-0001", id_property="guanxi_person_id", limit=None, interval_ms=1000):
        super().__init__()
        self.token, self.id_property = token, id_property
        self.limit, self.interval_ms, self.window = limit, interval_ms, []
        self.contacts: dict[str, dict] = {}  # hubspot id -> properties
        self.by_id: dict[str, str] = {}  # guanxi id -> hubspot id (HubSpot's unique-property index)
        self.by_email: dict[str, str] = {}  # lower-cased email -> hubspot id
        self.ids = itertools.count(101)

    def preload(self, email: str) -> str:
        """A contact someone typed into HubSpot by hand (no Guanxi id)."""
        contact_id = str(next(self.ids))
        self.contacts[contact_id] = {"email": email}
        self.by_email[email.lower()] = contact_id
        return contact_id

    def by_guanxi_id(self, value):
        return self.contacts.get(self.by_id.get(value))

    def handle(self, method, path, headers, raw):
        if (method, path) != ("POST", self.PATH):
            return 404, {"status": "error", "message": self.problem(f"unexpected {method} {path}"), "category": "OBJECT_NOT_FOUND"}, {}
        if headers.get("Authorization") != f"Bearer {self.token}":
            return 401, {"status": "error", "message": "Authentication credentials not found.", "category": "INVALID_AUTHENTICATION"}, {}
        limited = self._rate_limit()
        if limited:
            return limited
        inputs = json.loads(raw).get("inputs")
        error = self._shape_error(inputs)
        if error:
            return 400, {"status": "error", "message": self.problem(error), "category": "VALIDATION_ERROR"}, self._headers()
        for item in inputs:  # an email owned by another contact is a conflict for the whole batch
            owner = self._email_owner(item["properties"].get("email"))
            if owner and self.contacts[owner].get(self.id_property) != item["id"]:
                return 409, {"status": "error", "message": f"Contact already exists. Existing ID: {owner}",
                             "correlationId": "c0ffee", "category": "CONFLICT"}, self._headers()
        results = [self._upsert(item) for item in inputs]
        now = "2026-11-26T12:00:00.000Z"
        return 200, {"status": "COMPLETE", "results": results, "startedAt": now, "completedAt": now}, self._headers()

    def _shape_error(self, inputs):
        if not isinstance(inputs, list) or not 1 <= len(inputs) <= 100:
            return "inputs must hold 1 to 100 items"
        ids = [item.get("id") for item in inputs]
        if len(set(ids)) != len(ids):
            return f"Duplicate IDs found in batch input: {ids}. IDs must be unique"
        for item in inputs:
            if item.get("idProperty") != self.id_property or not item.get("id"):
                return "Each input needs idProperty and id"
            if not all(isinstance(v, str) for v in item.get("properties", {}).values()):
                return "Property values must be strings"
        return None

    def _email_owner(self, email):
        return self.by_email.get(email.lower()) if email else None

    def _upsert(self, item):
        existing = self.by_id.get(item["id"])
        contact_id = existing or str(next(self.ids))
        old = self.contacts.get(contact_id, {})
        props = {**old, **item["properties"], self.id_property: item["id"]}
        self.contacts[contact_id] = props
        self.by_id[item["id"]] = contact_id
        if old.get("email") and old["email"].lower() != props.get("email", "").lower():
            self.by_email.pop(old["email"].lower(), None)  # an email cleared (consent withdrawn) frees it
        if props.get("email"):
            self.by_email[props["email"].lower()] = contact_id
        self.sent[item["id"]] += 1
        return {"id": contact_id, "properties": props, "createdAt": "2026-11-26T12:00:00Z",
                "updatedAt": "2026-11-26T12:00:00Z", "archived": False, "new": existing is None}

    def _rate_limit(self):
        if self.limit is None:
            return None
        now = time.monotonic()
        self.window = [t for t in self.window if now - t < self.interval_ms / 1000]
        if len(self.window) >= self.limit:
            return 429, {"status": "error", "message": "You have reached your secondly limit.", "errorType": "RATE_LIMIT",
                         "correlationId": "c0ffee", "policyName": "SECONDLY"}, self._headers()
        self.window.append(now)
        return None

    def _headers(self):
        if self.limit is None:
            return {}
        return {"X-HubSpot-RateLimit-Max": self.limit, "X-HubSpot-RateLimit-Interval-Milliseconds": self.interval_ms,
                "X-HubSpot-RateLimit-Remaining": max(self.limit - len(self.window), 0)}


class FakeSalesforce(FakeServer):
    PATH = "/services/data/v60.0/composite/sobjects/Lead/Guanxi_Person_Id__c"
    REQUIRED = ("LastName", "Company")
    LENGTHS = {"FirstName": 40, "LastName": 80, "Company": 255, "Title": 128, "Email": 80, "Phone": 40, "Industry": 40,
               "LeadSource": 40, "Status": 40, "Description": 32000}

    def __init__(self, token="00D-session-token", multiple_match_as_300=False):
        super().__init__()
        self.token, self.multiple_match_as_300 = token, multiple_match_as_300
        self.leads: dict[str, dict] = {}  # external id -> record
        self.duplicated: set[str] = set()  # external ids held by two Leads already
        self.ids = itertools.count(1)

    def handle(self, method, path, headers, raw):
        if (method, path) != ("PATCH", self.PATH):
            return 404, [{"errorCode": "NOT_FOUND", "message": self.problem(f"unexpected {method} {path}")}], {}
        if headers.get("Authorization") != f"Bearer {self.token}":
            return 401, [{"message": "Session expired or invalid", "errorCode": "INVALID_SESSION_ID"}], {}
        body = json.loads(raw)
        error = self._shape_error(body)
        if error:
            return 400, [{"message": self.problem(error), "errorCode": "INVALID_FIELD"}], {}
        records = body["records"]
        if self.multiple_match_as_300 and any(r["Guanxi_Person_Id__c"] in self.duplicated for r in records):
            return 300, [f"/services/data/v60.0/sobjects/Lead/00Q{n:015d}" for n in (1, 2)], {}
        return 200, [self._upsert(record) for record in records], {}

    def _shape_error(self, body):
        records = body.get("records") if isinstance(body, dict) else None
        if body.get("allOrNone") is not False:
            return "allOrNone must be false here"
        if not isinstance(records, list) or not 1 <= len(records) <= 200:
            return "records must hold 1 to 200 items"
        for record in records:
            if record.get("attributes", {}).get("type") != "Lead" or "Id" in record or not record.get("Guanxi_Person_Id__c"):
                return "each record needs attributes.type Lead, the external id, and no Id"
        return None

    def _upsert(self, record):
        ext = record["Guanxi_Person_Id__c"]
        if ext in self.duplicated:
            return {"success": False, "errors": [{"statusCode": "DUPLICATE_EXTERNAL_ID", "fields": [],
                    "message": f"Guanxi_Person_Id__c: more than one record found for external id field: [{ext}]"}]}
        missing = [f for f in self.REQUIRED if not record.get(f)]
        if missing:
            return {"success": False, "errors": [{"statusCode": "REQUIRED_FIELD_MISSING", "message": "Required fields are missing", "fields": missing}]}
        too_long = [f for f, n in self.LENGTHS.items() if isinstance(record.get(f), str) and len(record[f]) > n]
        if too_long:
            return {"success": False, "errors": [{"statusCode": "STRING_TOO_LONG", "message": "data value too large", "fields": too_long}]}
        created = ext not in self.leads
        fields = {k: v for k, v in record.items() if k != "attributes"}
        stored = self.leads.setdefault(ext, {"Id": f"00Q{next(self.ids):015d}"})
        stored.update(fields)
        self.sent[ext] += 1
        return {"id": stored["Id"], "success": True, "errors": [], "created": created}


class FakeWebhook(FakeServer):
    def __init__(self, secret="whsec-0123456789abcdef"):
        super().__init__()
        self.secret, self.leads, self.deliveries = secret, {}, []

    def handle(self, method, path, headers, raw):
        expected = "sha256=" + hmac.new(self.secret.encode(), raw, hashlib.sha256).hexdigest()
        if method != "POST" or not hmac.compare_digest(headers.get("X-Guanxi-Signature", ""), expected):
            self.problem("bad signature or method")
            return 401, {"error": "bad signature"}, {}
        body = json.loads(raw)
        self.deliveries.append(headers.get("X-Guanxi-Delivery"))
        for lead in body["leads"]:
            self.leads[lead["Guanxi_Person_Id__c"]] = lead
            self.sent[lead["Guanxi_Person_Id__c"]] += 1
        return 200, {"ok": True}, {}


import re  # noqa: E402  (the inbound stand-in below was appended; its imports stay with it)
import urllib.parse  # noqa: E402
from datetime import datetime, timezone  # noqa: E402


class FakeSalesforceInbound(FakeSalesforce):
    """Salesforce with its REST query endpoint too: GET /services/data/v60.0/query?q=<SOQL> answers the Leads
    modified after the given moment, oldest first, `page_size` at a time with nextRecordsUrl (a query locator),
    as Salesforce does. Only the exact SOQL the inbound poll is meant to send is accepted; anything else is a
    MALFORMED_QUERY and a recorded problem. Upserts stamp LastModifiedDate / LastModifiedById like the real one."""

    QUERY_PATH = "/services/data/v60.0/query"
    SOQL = re.compile(r"^SELECT Id, Status, OwnerId, LastModifiedDate, LastModifiedById, Guanxi_Person_Id__c FROM Lead "
                      r"WHERE LastModifiedDate > (\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ) ORDER BY LastModifiedDate$")
    INTEGRATION_USER = "005000000000INT"

    def __init__(self, *args, page_size=2000, **kwargs):
        super().__init__(*args, **kwargs)
        self.page_size, self.locators, self.queries = page_size, {}, []

    def handle(self, method, path, headers, raw):
        if method != "GET" or not path.startswith(self.QUERY_PATH):
            return super().handle(method, path, headers, raw)
        if headers.get("Authorization") != f"Bearer {self.token}":
            return 401, [{"message": "Session expired or invalid", "errorCode": "INVALID_SESSION_ID"}], {}
        parts = urllib.parse.urlsplit(path)
        if parts.path.startswith(self.QUERY_PATH + "/"):  # the next page of an earlier query
            rows = self.locators.pop(parts.path.rsplit("/", 1)[-1], None)
            if rows is None:
                return 400, [{"errorCode": "INVALID_QUERY_LOCATOR", "message": self.problem("unknown locator")}], {}
            return 200, self._page(rows), {}
        soql = urllib.parse.parse_qs(parts.query).get("q", [""])[0]
        self.queries.append(soql)
        match = self.SOQL.match(soql)
        if parts.path != self.QUERY_PATH or not match:
            return 400, [{"errorCode": "MALFORMED_QUERY", "message": self.problem(f"unexpected query {soql!r}")}], {}
        since = datetime.strptime(match.group(1), "%Y-%m-%dT%H:%M:%SZ").replace(tzinfo=timezone.utc)
        rows = sorted((r for r in self.leads.values() if _sf_time(r["LastModifiedDate"]) > since),
                      key=lambda r: r["LastModifiedDate"])
        return 200, self._page(rows), {}

    def _page(self, rows):
        page, rest = rows[:self.page_size], rows[self.page_size:]
        body = {"totalSize": len(rows), "done": not rest,
                "records": [{"attributes": {"type": "Lead", "url": f"/services/data/v60.0/sobjects/Lead/{r['Id']}"},
                             **{k: r.get(k) for k in ("Id", "Status", "OwnerId", "LastModifiedDate", "LastModifiedById",
                                                      "Guanxi_Person_Id__c")}} for r in page]}
        if rest:
            locator = f"01gD0000002HU6KIAW-{next(self.ids)}"
            self.locators[locator] = rest
            body["nextRecordsUrl"] = f"{self.QUERY_PATH}/{locator}"
        return body

    def _upsert(self, record):
        result = super()._upsert(record)
        if result.get("success"):
            stored = self.leads[record["Guanxi_Person_Id__c"]]
            stored.setdefault("OwnerId", self.INTEGRATION_USER)
            stored.update(LastModifiedDate=_sf_stamp(datetime.now(timezone.utc)), LastModifiedById=self.INTEGRATION_USER)
        return result

    def edit(self, external_id, at, by="005000000000USR", **fields):
        """Someone changes a Lead in Salesforce at `at`."""
        with self.lock:
            self.leads[external_id].update(fields, LastModifiedDate=_sf_stamp(at), LastModifiedById=by)


def _sf_stamp(moment):
    return moment.astimezone(timezone.utc).strftime("%Y-%m-%dT%H:%M:%S.000+0000")


def _sf_time(value):
    return datetime.strptime(value, "%Y-%m-%dT%H:%M:%S.%f%z")


# --- Opportunities (sales pipeline): the same stand-ins, also answering the Opportunity and deal endpoints. ---

SF_STAGES = ("Prospecting", "Qualification", "Needs Analysis", "Value Proposition", "Id. Decision Makers",
             "Perception Analysis", "Proposal/Price Quote", "Negotiation/Review", "Closed Won", "Closed Lost")
HUBSPOT_DEFAULT_STAGES = ("appointmentscheduled", "qualifiedtobuy", "presentationscheduled", "decisionmakerboughtin",
                          "contractsent", "closedwon", "closedlost")


class FakeSalesforcePipeline(FakeSalesforce):
    """Also: PATCH .../composite/sobjects/Opportunity/Guanxi_Opportunity_Id__c (Name, StageName, CloseDate required)."""

    OPPORTUNITY_PATH = "/services/data/v60.0/composite/sobjects/Opportunity/Guanxi_Opportunity_Id__c"

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.opportunities: dict[str, dict] = {}  # external id -> record

    def handle(self, method, path, headers, raw):
        if path != self.OPPORTUNITY_PATH:
            return super().handle(method, path, headers, raw)
        if method != "PATCH":
            return 405, [{"errorCode": "METHOD_NOT_ALLOWED", "message": self.problem(f"unexpected {method} {path}")}], {}
        if headers.get("Authorization") != f"Bearer {self.token}":
            return 401, [{"message": "Session expired or invalid", "errorCode": "INVALID_SESSION_ID"}], {}
        body = json.loads(raw)
        records = body.get("records") if isinstance(body, dict) else None
        if body.get("allOrNone") is not False or not isinstance(records, list) or not 1 <= len(records) <= 200:
            return 400, [{"message": self.problem("allOrNone false and 1 to 200 records"), "errorCode": "INVALID_FIELD"}], {}
        for record in records:
            if record.get("attributes", {}).get("type") != "Opportunity" or "Id" in record or not record.get("Guanxi_Opportunity_Id__c"):
                return 400, [{"message": self.problem("each record needs attributes.type Opportunity, the external id, and no Id"),
                              "errorCode": "INVALID_FIELD"}], {}
        return 200, [self._upsert_opportunity(record) for record in records], {}

    def _upsert_opportunity(self, record):
        missing = [f for f in ("Name", "StageName", "CloseDate") if not record.get(f)]
        if missing:
            return {"success": False, "errors": [{"statusCode": "REQUIRED_FIELD_MISSING", "message": "Required fields are missing", "fields": missing}]}
        if record["StageName"] not in SF_STAGES:
            return {"success": False, "errors": [{"statusCode": "INVALID_OR_NULL_FOR_RESTRICTED_PICKLIST", "message": "bad value for restricted picklist field: " + record["StageName"], "fields": ["StageName"]}]}
        if not isinstance(record["CloseDate"], str) or len(record["CloseDate"]) != 10 or record["CloseDate"][4] != "-":
            self.problem(f"CloseDate must be YYYY-MM-DD: {record['CloseDate']!r}")
        if "OwnerId" in record:
            self.problem("OwnerId must be a Salesforce user id; Guanxi ids are not")
        ext = record["Guanxi_Opportunity_Id__c"]
        created = ext not in self.opportunities
        stored = self.opportunities.setdefault(ext, {"Id": f"006{next(self.ids):015d}"})
        stored.update({k: v for k, v in record.items() if k != "attributes"})
        self.sent[ext] += 1
        return {"id": stored["Id"], "success": True, "errors": [], "created": created}


class FakeHubSpotPipeline(FakeHubSpot):
    """Also: POST /crm/v3/objects/deals/batch/upsert (idProperty guanxi_opportunity_id) and the v4 default
    deal→contact association, POST /crm/v4/associations/deals/contacts/batch/associate/default."""

    DEALS_PATH = "/crm/v3/objects/deals/batch/upsert"
    ASSOCIATE_PATH = "/crm/v4/associations/deals/contacts/batch/associate/default"
    DEAL_ID_PROPERTY = "guanxi_opportunity_id"

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.deals: dict[str, dict] = {}  # hubspot deal id -> properties
        self.deal_by_id: dict[str, str] = {}  # guanxi opportunity id -> hubspot deal id
        self.associations: set[tuple[str, str]] = set()  # (deal id, contact id)

    def handle(self, method, path, headers, raw):
        if path not in (self.DEALS_PATH, self.ASSOCIATE_PATH):
            return super().handle(method, path, headers, raw)
        if method != "POST":
            return 405, {"status": "error", "message": self.problem(f"unexpected {method} {path}")}, {}
        if headers.get("Authorization") != f"Bearer {self.token}":
            return 401, {"status": "error", "message": "Authentication credentials not found.", "category": "INVALID_AUTHENTICATION"}, {}
        limited = self._rate_limit()
        if limited:
            return limited
        body = json.loads(raw)
        return self._deals(body) if path == self.DEALS_PATH else self._associate(body)

    def _deals(self, body):
        inputs = body.get("inputs")
        if not isinstance(inputs, list) or not 1 <= len(inputs) <= 100:
            return 400, {"status": "error", "message": self.problem("inputs must hold 1 to 100 items"), "category": "VALIDATION_ERROR"}, {}
        ids = [item.get("id") for item in inputs]
        if len(set(ids)) != len(ids):
            return 400, {"status": "error", "message": self.problem("Duplicate IDs found in batch input"), "category": "VALIDATION_ERROR"}, {}
        for item in inputs:
            props = item.get("properties", {})
            if item.get("idProperty") != self.DEAL_ID_PROPERTY or not item.get("id") or not props.get("dealname"):
                return 400, {"status": "error", "message": self.problem("idProperty, id and dealname needed"), "category": "VALIDATION_ERROR"}, {}
            if not all(isinstance(v, str) for v in props.values()) or props.get("dealstage") not in HUBSPOT_DEFAULT_STAGES:
                return 400, {"status": "error", "message": self.problem(f"bad properties {props}"), "category": "VALIDATION_ERROR"}, {}
        results = []
        for item in inputs:
            existing = self.deal_by_id.get(item["id"])
            deal_id = existing or str(next(self.ids))
            self.deals[deal_id] = {**self.deals.get(deal_id, {}), **item["properties"], self.DEAL_ID_PROPERTY: item["id"]}
            self.deal_by_id[item["id"]] = deal_id
            self.sent[item["id"]] += 1
            results.append({"id": deal_id, "properties": self.deals[deal_id], "new": existing is None, "archived": False,
                            "createdAt": "2026-11-26T12:00:00Z", "updatedAt": "2026-11-26T12:00:00Z"})
        now = "2026-11-26T12:00:00.000Z"
        return 200, {"status": "COMPLETE", "results": results, "startedAt": now, "completedAt": now}, {}

    def _associate(self, body):
        inputs = body.get("inputs")
        if not isinstance(inputs, list) or not inputs:
            return 400, {"status": "error", "message": self.problem("inputs needed"), "category": "VALIDATION_ERROR"}, {}
        results = []
        for item in inputs:
            deal, contact = (item.get("from") or {}).get("id"), (item.get("to") or {}).get("id")
            if deal not in self.deals or contact not in self.contacts:
                return 400, {"status": "error", "message": self.problem(f"unknown deal {deal} or contact {contact}"),
                             "category": "VALIDATION_ERROR"}, {}
            self.associations.add((deal, contact))
            results.append({"from": {"id": deal}, "to": {"id": contact},
                            "associationSpec": {"associationCategory": "HUBSPOT_DEFINED", "associationTypeId": 3}})
        return 200, {"status": "COMPLETE", "results": results, "startedAt": "2026-11-26T12:00:00Z",
                     "completedAt": "2026-11-26T12:00:00Z"}, {}


class FakeWebhookPipeline(FakeWebhook):
    """Also takes {"event": "opportunities.upserted", "opportunities": [...]}, signed the same way."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.opportunities: dict[str, dict] = {}

    def handle(self, method, path, headers, raw):
        try:
            body = json.loads(raw)
        except ValueError:
            body = {}
        if not isinstance(body, dict) or body.get("event") != "opportunities.upserted":
            return super().handle(method, path, headers, raw)
        expected = "sha256=" + hmac.new(self.secret.encode(), raw, hashlib.sha256).hexdigest()
        if method != "POST" or not hmac.compare_digest(headers.get("X-Guanxi-Signature", ""), expected):
            self.problem("bad signature or method")
            return 401, {"error": "bad signature"}, {}
        self.deliveries.append(headers.get("X-Guanxi-Delivery"))
        for opp in body["opportunities"]:
            self.opportunities[opp["Guanxi_Opportunity_Id__c"]] = opp
            self.sent[opp["Guanxi_Opportunity_Id__c"]] += 1
        return 200, {"ok": True}, {}
