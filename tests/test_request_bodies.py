"""JSON bodies the server cannot use are a 400 naming why, on every endpoint, never a 500."""
import pytest

DEEP = "[" * 100_000 + "]" * 100_000


@pytest.mark.parametrize("path, body", [
    ("/api/orgs", DEEP),
    ("/api/orgs", '{"name": ' + DEEP + "}"),
    ("/api/auth/token", '{"email": ' + DEEP + "}"),  # read before the view too, for the per-email login limit
])
def test_a_body_nested_too_deeply_is_a_400(api, path, body):
    _, token = api.user_with_token("Deep Nest")
    response = api.call("POST", path, token=token, data=body, content_type="application/json")
    assert response.status_code == 400
    assert "_body" in response.get_json()["fields"]


@pytest.mark.parametrize("method, path, body, where", [
    ("POST", "/api/orgs", r'{"name": "Acme \udc00"}', "name"),
    ("PUT", "/api/me/skills", r'{"skills": ["valves", "\ud800"]}', "skills[1]"),
    ("PATCH", "/api/me", r'{"headline": "\udfff"}', "headline"),
    ("POST", "/api/auth/token", r'{"email": "a\udc00@example.com", "password": "x"}', "email"),
])
def test_text_with_a_lone_surrogate_is_a_400_naming_where(api, method, path, body, where):
    """JSON can escape half a UTF-16 pair; that is no Unicode text, and neither SQL nor Neo4j can store it."""
    _, token = api.user_with_token("Half Pair")
    response = api.call(method, path, token=token, data=body, content_type="application/json")
    assert response.status_code == 400
    assert where in response.get_json()["fields"]["_body"][0]
