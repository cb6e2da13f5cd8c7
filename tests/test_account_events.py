"""Accounts publish consent and profile changes for other packages (CRM sync) to consume."""
from accounts import signals


def test_consent_and_profile_changes_are_published_once_per_real_change(api):
    seen = []

    def on_consent(_sender, **kw):
        seen.append(("consent", kw["user_id"], kw["consent"]))

    def on_profile(_sender, **kw):
        seen.append(("profile", kw["user_id"], sorted(kw["fields"])))

    user, token = api.user_with_token()
    with signals.consent_changed.connected_to(on_consent), signals.profile_updated.connected_to(on_profile):
        api.call("PATCH", "/api/me", token=token, json={"crm_consent": True, "title": "Buyer"})
        api.call("PATCH", "/api/me", token=token, json={"crm_consent": True})  # no change: nothing sent
        api.call("PATCH", "/api/me", token=token, json={"crm_consent": False})
    uid = user["id"]
    assert seen == [("consent", uid, True), ("profile", uid, ["crm_consent", "title"]),
                    ("consent", uid, False), ("profile", uid, ["crm_consent"])]
