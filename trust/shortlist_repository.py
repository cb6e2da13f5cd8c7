"""The trusted shortlist's Cypher (docs/trust.md, "Computing it fast"): two statements run in one read transaction.

SHORTLIST_FACTS gives the category's stored sums plus the few items to take out of them for this asker;
trust.scoring ranks from those; SHORTLIST_DETAILS then reads only what the ranked vendors show.
"""
from trust.repository import AGGREGATE_MAP, ITEM, USER, VALID_CERTIFICATE, VISIBLE_EVIDENCE
from trust.staff import STAFF

# What the shortlist scores: the category's aggregates, plus the items to take out of them — the asker's
# 1st/2nd-degree evidence (to re-weigh), current staff's and the asker's own (to exclude). One pass over the
# category's evidence (its relationship indexes) with hashed membership tests beats expanding every nearby person.
# Only the people who gave evidence ("givers") can be singled out, so the 2nd degree and the suppliers' staff are
# kept to givers: that skips reading `w.to` and building a key for each of the (up to 20,000) staff of the
# category's suppliers, and hashing every 2nd-degree person. The filters ($location, $certification; '' for none)
# keep vendors whose location contains it, or who hold a certificate valid on $today whose standard or name
# contains it, ignoring case.
SHORTLIST_FACTS = f"""
MATCH (k:Category {{key: toLower($category)}})
OPTIONAL MATCH (a:Person {{id: $asker_id}})
CALL (k) {{
  MATCH (k)<-[s:SUPPLIES]-(c:Company)
  WHERE ($location = '' OR toLower(coalesce(c.location, '')) CONTAINS toLower($location))
    AND ($certification = '' OR EXISTS {{ MATCH {VALID_CERTIFICATE}
      AND (toLower(coalesce(x.standard, '')) CONTAINS toLower($certification)
           OR toLower(coalesce(x.name, '')) CONTAINS toLower($certification)) }})
  RETURN collect(c) AS vendors, collect(CASE WHEN coalesce(s.reviews, 0) + coalesce(s.recommendations, 0)
      + coalesce(s.endorsements, 0) > 0
    THEN {{company_id: c.id, {AGGREGATE_MAP}}} END) AS aggregates
}}
// Unfiltered, the category's evidence through its indexes; filtered, the few vendors kept are cheaper to expand.
CALL (k, vendors) {{
  CALL (k, vendors) {{
    WITH k WHERE $unfiltered MATCH (p)-[r:REVIEWED]->(c) WHERE r.category = k.key RETURN p, r, c
    UNION ALL
    WITH k WHERE $unfiltered MATCH (p)-[r:RECOMMENDED]->(c) WHERE r.category = k.key RETURN p, r, c
    UNION ALL
    WITH k WHERE $unfiltered MATCH (p)-[r:ENDORSED]->(c) WHERE r.category = k.key RETURN p, r, c
    UNION ALL
    WITH k, vendors WHERE NOT $unfiltered UNWIND vendors AS c
    MATCH (c)<-[r:REVIEWED|RECOMMENDED|ENDORSED]-(p) WHERE r.category = k.key RETURN p, r, c
  }}
  RETURN collect([p, r, c]) AS evidence, collect(DISTINCT p) AS givers
}}
CALL (a) {{ OPTIONAL MATCH (a)-[:CONNECTED_TO]-(f:Person) RETURN collect(f) AS firsts }}
CALL (a, firsts, givers) {{
  UNWIND firsts AS f MATCH (f)-[:CONNECTED_TO]-(s) WHERE s IN givers AND s <> a RETURN collect(DISTINCT s) AS seconds
}}
// Staff (trust.staff.STAFF) of the vendors kept, among the givers, as "person>company" element-id pairs, so
// a conflict is one hashed membership test per item. No label checks: these relationships only ever join people
// and companies.
CALL (vendors, givers) {{
  UNWIND vendors AS c MATCH (c)<-[w:WORKS_AT|ADMINISTERS]-(e) WHERE e IN givers AND w.to IS NULL
  RETURN collect(elementId(e) + '>' + elementId(c)) AS staff
}}
CALL (a, evidence, firsts, seconds, staff) {{
  UNWIND evidence AS found
  WITH a, found[0] AS p, found[1] AS r, found[2] AS c, firsts, seconds, staff
  WITH a, p, r, c, p IN firsts AS first, p IN seconds AS second, staff
  WITH p, r, c, first, second, p = a AS own, elementId(p) + '>' + elementId(c) IN staff AS conflict
  WHERE (first OR second OR own OR conflict) AND {VISIBLE_EVIDENCE}
  RETURN collect({{{ITEM}, degree: CASE WHEN first THEN 1 WHEN second THEN 2 END, own: own, conflict: conflict,
    user: p {USER}}}) AS singled
}}
RETURN k.key AS key, k.name AS name, aggregates, singled
"""
# After ranking: the listed vendors with their valid certificates and endorsements in the category, and every item
# of their latest $shown voices from beyond the asker's 2nd degree (3rd degree when a neighbour of theirs is within
# the asker's 2nd). $excluded holds the "person>company" ids of the items SHORTLIST_FACTS singled out (the asker's,
# 1st/2nd degree, staff): exactly those are not "beyond", so neither the 2nd degree nor staff is looked up again.
SHORTLIST_DETAILS = f"""
CALL () {{
  UNWIND $company_ids AS cid MATCH (c:Company {{id: cid}})
  RETURN collect({{company: c {{.id, .name, .domain, .industry, .location}},
    categories: COLLECT {{ MATCH (c)-[:SUPPLIES]->(x:Category) RETURN x.name ORDER BY x.name }},
    certifications: COLLECT {{ MATCH {VALID_CERTIFICATE}
      RETURN x {{.name, .standard, valid_until: toString(x.valid_until)}} ORDER BY x.valid_until DESC }},
    endorsements: COLLECT {{ MATCH (c)<-[r:ENDORSED {{category: $key}}]-(p:Person) WHERE {VISIBLE_EVIDENCE} AND NOT {STAFF}
      RETURN {{by: p {USER}, statement: r.statement, on: toString(date(r.updated_at))}} ORDER BY r.updated_at DESC }}
  }}) AS companies
}}
CALL () {{
  UNWIND $company_ids AS cid
  MATCH (c:Company {{id: cid}})<-[r:REVIEWED|RECOMMENDED|ENDORSED]-(p:Person)
  WHERE r.category = $key AND {VISIBLE_EVIDENCE} AND NOT p.id + '>' + cid IN $excluded
  WITH c, p, collect(r) AS mine, max(coalesce(r.delivered_on, date(r.updated_at))) AS latest
  ORDER BY latest DESC
  WITH c, collect({{p: p, mine: mine}})[..$shown] AS picks
  RETURN collect({{c: c, picks: picks}}) AS listed
}}
OPTIONAL MATCH (a:Person {{id: $asker_id}})
CALL (a) {{ OPTIONAL MATCH (a)-[:CONNECTED_TO]-(f:Person) RETURN collect(f) AS firsts }}
CALL (a, firsts) {{
  UNWIND firsts AS f MATCH (f)-[:CONNECTED_TO]-(s:Person) WHERE s <> a RETURN collect(DISTINCT s) AS seconds
}}
CALL (listed, firsts, seconds) {{
  UNWIND listed AS one
  UNWIND one.picks AS pick
  UNWIND pick.mine AS r
  WITH one.c AS c, pick.p AS p, r, firsts, seconds
  RETURN collect({{{ITEM}, user: p {USER},
    third: EXISTS {{ (p)-[:CONNECTED_TO]-(m:Person) WHERE m IN firsts OR m IN seconds }}}}) AS recent
}}
RETURN companies, recent
"""


def _row(tx, query: str, **params) -> dict | None:
    # Not Result.data(): it walks every nested value again to turn graph types into dicts, and these statements
    # return only maps, lists and scalars — for a popular category that walk cost 5 ms of a ~25 ms statement.
    record = tx.run(query, params).single()
    return dict(record.items()) if record else None


def shortlist_facts(tx, category_name: str, asker_id: str, today: str, location: str = "",
                    certification: str = "") -> dict | None:
    """Aggregates and singled-out items of the category for this asker; None when nobody supplies it."""
    return _row(tx, SHORTLIST_FACTS, category=category_name, asker_id=asker_id, today=today, location=location,
                certification=certification, unfiltered=not (location or certification))


def shortlist_details(tx, key: str, asker_id: str, company_ids: list[str], shown: int, today: str,
                      excluded: list[str]) -> dict:
    """The ranked companies (certificates, endorsements) and the items of up to `shown` latest voices beyond the 2nd
    degree per company; `excluded`: "person_id>company_id" of the items singled out by shortlist_facts."""
    details = _row(tx, SHORTLIST_DETAILS, key=key, asker_id=asker_id, company_ids=company_ids, shown=shown,
                   today=today, excluded=excluded)
    assert details is not None  # a statement of CALLs and collects always answers one row
    return details
