"""Accounts and organizations in Chinese (issue 17): every page with its data, flash messages, API errors, and the
mails, written in the recipient's language."""
import re

from accounts.work_email import FREE_MAIL_DOMAINS
from tests.conftest import PASSWORD, Api
from tests.mail_server import html_of, reset_token_in, text_of, wait_for
from tests.zh import ZH, english_left, sign_in_speaking_chinese

EN = {"Accept-Language": "en"}
# Not prose: an HTTP header the profile quotes, and the free-mail domains the work-email page lists.
NOT_PROSE = {"Authorization", "Bearer", "acme-valves"} | {w for d in FREE_MAIL_DOMAINS for w in english_left(d.replace(".", " "))}


def _english(html: str, *data: str) -> set[str]:
    """English left on the page, apart from what people typed or were given (addresses, tokens)."""
    return english_left(html) - NOT_PROSE - {w for item in data for w in english_left(item.replace(".", " "))}


def _csrf(client, path="/profile"):
    return re.search(r'name="csrf_token" value="([^"]+)"', client.get(path).get_data(as_text=True)).group(1)


def _chinese_page(client, path, *expected, status=200, headers=EN, data=()):
    """GET path (the browser asks for English: the person's setting wins), no English left, the expected texts."""
    response = client.get(path, headers=headers)
    assert response.status_code == status, path
    html = response.get_data(as_text=True)
    assert _english(html, *data) == set(), path
    for text in expected:
        assert text in html, (path, text)
    return html


def _org_with_invitation(api, admin_token, invitee_id, name="华东阀门采购部"):
    org = api.call("POST", "/api/orgs", token=admin_token, json={"name": name, "domain": "huadong-valves.cn"}).get_json()
    answer = api.call("POST", f"/api/orgs/{org['id']}/members", token=admin_token,
                      json={"user_id": invitee_id, "role": "admin"})
    assert answer.status_code == 201
    return org


def test_profile_with_tokens_orgs_and_flash_in_chinese(client, api):
    user, token = sign_in_speaking_chinese(client, api)
    api.call("POST", "/api/orgs", token=token, json={"name": "华南电子", "domain": "huanan-dz.cn"})
    made = client.post("/profile/tokens", data={"csrf_token": _csrf(client), "label": "销售脚本",
                                                "expires_in_days": "3"}, headers=EN)
    assert made.status_code == 302
    html = client.get("/profile", headers=EN).get_data(as_text=True)
    raw = re.search(r'class="flash flash-token"[^>]*>[^<]*：([A-Za-z0-9_\-]+)</p>', html).group(1)
    assert _english(html, raw, user["email"]) == set()
    for text in ("API 令牌", "销售脚本", "华南电子", "管理员", "修改密码", "未验证", "2 天后", "有效期至"):
        assert text in html, text


def test_profile_without_tokens_or_orgs_and_edit_page(client, api):
    user, _token = sign_in_speaking_chinese(client, api)
    mail = user["email"]
    for raw in re.findall(r'action="(/profile/tokens/[^"]+/revoke)"', client.get("/profile").get_data(as_text=True)):
        client.post(raw, data={"csrf_token": _csrf(client)})
    _chinese_page(client, "/profile", "暂无令牌", "还没有", data=[mail])
    _chinese_page(client, "/profile/edit", "编辑个人资料", "隐私", "保存")
    saved = client.post("/profile/edit", data={"csrf_token": _csrf(client), "name": "张伟", "suggestible": "on"},
                        headers=EN, follow_redirects=True)
    assert "个人资料已保存。" in saved.get_data(as_text=True) and _english(saved.get_data(as_text=True), mail) == set()
    bad = client.post("/profile/edit", data={"csrf_token": _csrf(client), "name": ""}, headers=EN)
    assert bad.status_code == 400 and _english(bad.get_data(as_text=True)) == set()


def test_email_verification_page_in_chinese(client, api):
    user, _token = sign_in_speaking_chinese(client, api)
    mail = user["email"]
    _chinese_page(client, "/verify-email", "验证邮箱", "验证码", data=[mail])
    wrong = client.post("/verify-email", data={"csrf_token": _csrf(client), "code": "000000"}, headers=EN)
    assert "验证码不正确" in wrong.get_data(as_text=True) and _english(wrong.get_data(as_text=True), mail) == set()
    resent = client.post("/verify-email/resend", data={"csrf_token": _csrf(client)}, headers=EN, follow_redirects=True)
    assert "新的验证码" in resent.get_data(as_text=True) and _english(resent.get_data(as_text=True), mail) == set()


def test_work_email_page_in_chinese(client, api):
    sign_in_speaking_chinese(client, api)
    _chinese_page(client, "/profile/work-email", "工作邮箱", "发送验证码")
    free = client.post("/profile/work-email", data={"csrf_token": _csrf(client), "email": "zw@qq.com"}, headers=EN)
    assert free.status_code == 400 and "免费邮箱" in free.get_data(as_text=True)
    assert _english(free.get_data(as_text=True), "zw@qq.com") == set()
    sent = client.post("/profile/work-email", data={"csrf_token": _csrf(client), "email": "zw@huadong-valves.cn"},
                       headers=EN, follow_redirects=True)
    html = sent.get_data(as_text=True)
    assert "验证码已发往" in html and "邮件中的验证码" in html and _english(html, "zw@huadong-valves.cn") == set()


def _sign_in_with_ascii_address(client, api, email):
    """A zh-CN person whose address an SMTP server without SMTPUTF8 takes (the reset mail must arrive), signed in."""
    api.register("张伟", email=email)
    token = api.token(email)
    assert api.call("PATCH", "/api/me", token=token, json={"locale": "zh-CN"}).status_code == 200
    assert client.post("/login", data={"csrf_token": _csrf(client, "/login"), "email": email,
                                       "password": PASSWORD}).status_code == 302
    return {"email": email}


def test_password_pages_in_chinese(client, api, smtp):
    user = _sign_in_with_ascii_address(client, api, "zhang.wei.reset@example.com")
    _chinese_page(client, "/password/forgot", "忘记密码", headers=ZH)
    _chinese_page(client, "/password/reset?token=nope", "重置链接无效", headers=ZH)
    asked = client.post("/password/forgot", data={"csrf_token": _csrf(client, "/password/forgot"),
                                                  "email": user["email"]}, headers=ZH)
    assert "30 分钟" in asked.get_data(as_text=True) and _english(asked.get_data(as_text=True), user["email"]) == set()
    mail = wait_for(lambda: [m for m in smtp.to(user["email"]) if "token=" in text_of(m)], what="a reset mail")[0]
    _chinese_page(client, f"/password/reset?token={reset_token_in(mail)}", "设置新密码", data=[user["email"]])
    changed = client.post("/profile/password", data={"csrf_token": _csrf(client), "current_password": "wrong-one-1",
                                                     "new_password": PASSWORD + "x", "confirm": PASSWORD + "x"},
                          headers=EN)
    assert changed.status_code == 400 and "当前密码" in changed.get_data(as_text=True)
    assert _english(changed.get_data(as_text=True), user["email"]) == set()


def test_org_pages_with_members_invitations_and_roles_in_chinese(app, client, api):
    other, other_token = Api(app.test_client()).user_with_token("王芳")
    me, my_token = sign_in_speaking_chinese(client, api)
    api = Api(app.test_client())  # the API as a script calls it, without the browser's session
    invited_to = _org_with_invitation(api, other_token, me["id"])
    mine = _org_with_invitation(api, my_token, other["id"], name="深圳精密")
    domains = ["huadong-valves.cn"]
    _chinese_page(client, "/orgs", "邀请", "接受", "拒绝", "华东阀门采购部", "深圳精密", "创建组织", data=domains)
    html = _chinese_page(client, f"/orgs/{mine['id']}", "成员", "已邀请", "撤回", "邀请成员", "王芳", "管理员",
                         data=domains)
    assert 'value="member"' in html and 'value="admin"' in html  # the API's values stay
    accepted = client.post(f"/orgs/{invited_to['id']}/membership/accept", data={"csrf_token": _csrf(client)},
                           headers=EN, follow_redirects=True)
    assert "你已加入该组织。" in accepted.get_data(as_text=True)
    assert _english(accepted.get_data(as_text=True), *domains) == set()
    unknown = client.post(f"/orgs/{mine['id']}/members", data={"csrf_token": _csrf(client), "email": "nobody@x.cn"},
                          headers=EN)
    assert unknown.status_code == 404 and "没有使用该邮箱的账户" in unknown.get_data(as_text=True)
    assert _english(unknown.get_data(as_text=True), *domains) == set()


def test_org_list_without_orgs_in_chinese(client, api):
    sign_in_speaking_chinese(client, api)
    _chinese_page(client, "/orgs", "你还没有加入任何组织。")


def test_api_errors_of_accounts_in_chinese_and_english(api):
    _user, token = api.user_with_token("李娜")
    zh = api.call("GET", "/api/orgs/no-such-org", token=token, headers=ZH)
    assert zh.status_code == 404 and zh.get_json()["message"] == "没有这个组织。"
    role = api.call("POST", "/api/orgs", token=token, json={"name": "杭州"}).get_json()
    bad = api.call("POST", f"/api/orgs/{role['id']}/members", token=token, json={"user_id": "x", "role": "boss"},
                   headers=ZH)
    assert bad.status_code == 400 and "role" in bad.get_json()["fields"]
    words = english_left(bad.get_json()["message"] + " ".join(sum(bad.get_json()["fields"].values(), [])))
    assert words - {"member", "admin"} == set()  # the values the API takes stay as they are
    en = api.call("GET", "/api/orgs/no-such-org", token=token, headers=EN)
    assert en.get_json()["message"] == "No such organization."


def _readable(text: str) -> str:
    """A mail's words without its links and addresses (they are not prose)."""
    return re.sub(r"https?://\S+|[\w.+-]+@[\w.-]+", " ", text)


def test_mails_arrive_in_the_recipients_language(app, api, smtp):
    email = "chen.jing@example.com"
    registered = api.call("POST", "/api/auth/register", headers=ZH,
                          json={"email": email, "password": PASSWORD, "name": "陈静"})
    assert registered.status_code == 201  # registering in Chinese: the code comes in Chinese
    zh_token = api.token(email)
    assert api.call("PATCH", "/api/me", token=zh_token, json={"locale": "zh-CN"}).status_code == 200
    en_user, en_token = api.user_with_token("Anna Berg")
    for token, address, work in ((zh_token, email, "chen@acme-valves.com"),
                                 (en_token, en_user["email"], "anna@acme-valves.com")):
        assert api.call("POST", "/api/auth/password-reset", json={"email": address}).status_code == 202
        assert api.call("POST", "/api/me/work-email", token=token, json={"email": work}).status_code == 202
        assert api.call("POST", "/api/me/password", token=token,
                        json={"current_password": PASSWORD, "new_password": PASSWORD + "2"}).status_code == 200
    wait_for(lambda: len(smtp.messages) >= 8, what="eight mails")
    chinese = smtp.to(email) + smtp.to("chen@acme-valves.com")
    assert len(chinese) == 4 and "你的 Guanxi 密码已修改" in [m["Subject"] for m in chinese]
    for mail in chinese:
        assert english_left(mail["Subject"]) == set(), mail["Subject"]
        assert english_left(_readable(html_of(mail))) == set(), html_of(mail)
        assert english_left(_readable(text_of(mail))) == set(), text_of(mail)
        assert "陈静" in text_of(mail) and 'lang="zh-CN"' in html_of(mail)
    english = smtp.to(en_user["email"]) + smtp.to("anna@acme-valves.com")
    assert len(english) == 4 and all(re.search(r"[\u4e00-\u9fff]", m["Subject"]) is None for m in english)
    assert all("Hello Anna Berg" in text_of(m) and 'lang="en"' in html_of(m) for m in english)
