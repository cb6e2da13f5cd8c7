"""CRM targets reach public addresses only: checked when a URL is saved and again when the socket connects;
redirects are never followed, and nothing an internal server says reaches the status page."""
import datetime
import socket
import ssl

import pytest

from crm_sync.connectors.base import TargetUnavailable
from crm_sync.connectors.transport import Transport
from tests.crm.fake_crms import FakeServer, FakeWebhook

SECRET = "whsec-0123456789abcdef"


@pytest.fixture
def team(crm):
    li, token = crm.person("Li Wei")
    return li, token, crm.team(token)


class InternalService(FakeServer):
    """Something on the private network that must never be reached through a CRM target."""

    def handle(self, method, path, headers, raw):
        return 500, b"internal-only: db password hunter2", {"Content-Type": "text/plain"}


@pytest.fixture
def resolve_to(monkeypatch):
    """Make chosen host names resolve to chosen addresses (wildcard DNS, rebinding), others as usual."""
    real = socket.getaddrinfo
    names: dict[str, list[str]] = {}

    def getaddrinfo(host, port, *args, **kwargs):
        if host in names:
            return [(socket.AF_INET, socket.SOCK_STREAM, 6, "", (address, port)) for address in names[host]]
        return real(host, port, *args, **kwargs)

    monkeypatch.setattr(socket, "getaddrinfo", getaddrinfo)
    return names


@pytest.mark.parametrize("kind, field, url", [
    ("webhook", "url", "https://localhost/hook"),
    ("webhook", "url", "https://LOCALHOST./hook"),
    ("webhook", "url", "https://api.localhost/hook"),
    ("webhook", "url", "https://127.1/hook"),
    ("webhook", "url", "https://2130706433/hook"),
    ("webhook", "url", "https://0x7f.0.0.1/hook"),
    ("webhook", "url", "https://0177.0.0.1/hook"),
    ("webhook", "url", "https://[::1]/hook"),
    ("webhook", "url", "https://[::ffff:127.0.0.1]/hook"),
    ("webhook", "url", "https://10.1.2.3/hook"),
    ("webhook", "url", "https://100.64.0.1/hook"),
    ("webhook", "url", "https://169.254.169.254/latest/meta-data"),
    ("webhook", "url", "https://224.0.0.1/hook"),
    ("webhook", "url", "https://0.0.0.0/hook"),
    ("webhook", "url", "https://metadata.google.internal/hook"),
    ("webhook", "url", "https://intranet/hook"),
    ("webhook", "url", "https://user:pass@hooks.example.com/hook"),
    ("webhook", "url", "https://[not-an-address]/hook"),
    ("hubspot", "base_url", "https://127.1"),
    ("salesforce", "instance_url", "https://2130706433"),
])
def test_local_and_private_hosts_in_any_spelling_are_refused_when_saved(crm, team, kind, field, url):
    li, token, org_id = team
    crm.app.config["CRM_ALLOW_HTTP"] = False
    secret = {"webhook": {"secret": SECRET}}.get(kind, {"access_token": "t" * 20})
    response = crm.enable(token, org_id, targets=[{"kind": kind, field: url, **secret}])
    assert response.status_code == 400, (url, response.get_json())
    assert f"targets.0.{field}" in response.get_json()["fields"]


def test_a_public_name_that_resolves_to_a_private_address_is_refused_when_connecting(crm, team, client, resolve_to):
    li, token, org_id = team
    crm.app.config["CRM_ALLOW_HTTP"] = False
    with FakeWebhook(SECRET) as hook:
        port = hook.server.server_address[1]
        resolve_to["crm.example.com"] = ["127.0.0.1"]  # wildcard DNS / a name someone points at loopback
        response = crm.enable(token, org_id, [{"kind": "webhook", "url": f"https://crm.example.com:{port}/in",
                                               "secret": SECRET}])
        assert response.status_code == 200  # the name itself is fine; where it leads is checked at connection
        crm.connect_many(li, crm.people(2))
        crm.drain()
        assert hook.calls == []
    status = crm.api.call("GET", f"/api/orgs/{org_id}/crm/status", token=token)
    assert status.status_code == 200
    run = next(t for t in status.get_json()["targets"] if t["kind"] == "webhook")["last_run"]
    assert run["status"] == "failed" and "resolves to a private address" in run["message"]
    assert "2 lead(s) kept" in run["message"]


def test_a_redirect_is_a_failed_delivery_and_the_place_it_points_to_is_never_called(crm, team, client):
    li, token, org_id = team
    with FakeWebhook(SECRET) as hook, InternalService() as internal:
        crm.enable(token, org_id, [{"kind": "webhook", "url": hook.url + "/in", "secret": SECRET}])
        hook.plan = [(302, {"Location": internal.url + "/admin"})]
        crm.connect_many(li, crm.people(1))
        crm.drain()
        assert internal.calls == [] and len(hook.calls) == 1
    body = crm.api.call("GET", f"/api/orgs/{org_id}/crm/status", token=token).get_data(as_text=True)
    run = crm.status(token, org_id, "webhook")["last_run"]
    assert run["status"] == "failed" and "redirect (HTTP 302)" in run["message"]
    assert "hunter2" not in body


@pytest.mark.parametrize("host", ["localhost", "127.1", "2130706433", "[::1]", "[::ffff:127.0.0.1]"])
def test_the_transport_refuses_loopback_however_it_is_written(host):
    with InternalService() as internal:
        port = internal.server.server_address[1]
        transport = Transport("The webhook", {}, timeout=2)
        with pytest.raises(TargetUnavailable, match="resolves to a private address"):
            transport.send("POST", f"https://{host}:{port}/in", b"{}")
        assert internal.calls == []


def test_a_name_with_any_private_answer_is_refused_before_connecting(resolve_to, monkeypatch):
    from crm_sync.connectors import egress

    resolve_to["rebind.example.com"] = ["93.184.216.34", "127.0.0.1"]
    connects = []
    monkeypatch.setattr(egress.urllib3_connection, "create_connection", lambda *a, **kw: connects.append(a))
    with pytest.raises(TargetUnavailable, match="resolves to a private address"):
        Transport("HubSpot", {}, timeout=2).send("POST", "https://rebind.example.com/x", b"{}")
    assert connects == []


def test_the_address_actually_connected_to_is_checked(resolve_to, monkeypatch):
    """The resolver said public, but the socket landed on loopback (rebinding below the resolver, NAT):
    the peer address decides, and nothing is sent."""
    from crm_sync.connectors import egress

    with InternalService() as internal:
        resolve_to["crm.example.com"] = ["93.184.216.34"]
        landed = lambda _address, *a, **kw: socket.create_connection(internal.server.server_address)  # noqa: E731
        monkeypatch.setattr(egress.urllib3_connection, "create_connection", landed)
        with pytest.raises(TargetUnavailable, match="resolves to a private address"):
            Transport("HubSpot", {}, timeout=2).send("POST", "https://crm.example.com/x", b"{}")
        assert internal.calls == []


def test_plain_http_is_not_called_unless_allowed():
    with InternalService() as internal:
        with pytest.raises(TargetUnavailable, match="https://"):
            Transport("The webhook", {}, timeout=2).send("POST", internal.url + "/in", b"{}")
        assert internal.calls == []
        allowed = Transport("The webhook", {}, timeout=2, allow_private=True).send("POST", internal.url + "/in", b"{}")
        assert allowed.status_code == 500 and len(internal.calls) == 1


def self_signed(host, folder):
    """A certificate for host that the test trusts, like a public CA's for a real CRM."""
    from cryptography import x509
    from cryptography.hazmat.primitives import hashes, serialization
    from cryptography.hazmat.primitives.asymmetric import ec
    from cryptography.x509.oid import NameOID

    key = ec.generate_private_key(ec.SECP256R1())
    name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, host)])
    now = datetime.datetime.now(datetime.timezone.utc)
    cert = (x509.CertificateBuilder().subject_name(name).issuer_name(name).public_key(key.public_key())
            .serial_number(x509.random_serial_number())
            .not_valid_before(now - datetime.timedelta(days=1)).not_valid_after(now + datetime.timedelta(days=1))
            .add_extension(x509.SubjectAlternativeName([x509.DNSName(host)]), critical=False)
            .add_extension(x509.BasicConstraints(ca=True, path_length=None), critical=True)
            .add_extension(x509.SubjectKeyIdentifier.from_public_key(key.public_key()), critical=False)
            .add_extension(x509.AuthorityKeyIdentifier.from_issuer_public_key(key.public_key()), critical=False)
            .sign(key, hashes.SHA256()))
    (folder / "cert.pem").write_bytes(cert.public_bytes(serialization.Encoding.PEM))
    (folder / "key.pem").write_bytes(key.private_bytes(serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8,
                                                       serialization.NoEncryption()))
    return str(folder / "cert.pem"), str(folder / "key.pem")


class HttpsCrm(FakeServer):
    def __init__(self, cert, key):
        super().__init__()
        context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
        context.load_cert_chain(cert, key)
        self.server.socket = context.wrap_socket(self.server.socket, server_side=True)

    def handle(self, method, path, headers, raw):
        return 200, {"results": []}, {}


def test_a_public_https_target_is_reached_by_name_with_its_certificate_checked(resolve_to, monkeypatch, tmp_path):
    """The way every real call goes: the name resolves to a (here: deemed) public address, the socket goes
    there, and TLS still verifies the certificate against the name."""
    from crm_sync.connectors import egress

    public = egress.is_public
    monkeypatch.setattr(egress, "is_public", lambda address: str(address) == "127.0.0.1" or public(address))
    cert, key = self_signed("crm.example.com", tmp_path)
    with HttpsCrm(cert, key) as crm_server:
        port = crm_server.server.server_address[1]
        resolve_to["crm.example.com"] = ["127.0.0.1"]
        resolve_to["other.example.com"] = ["127.0.0.1"]
        transport = Transport("HubSpot", {}, timeout=2)
        transport.http.verify = cert
        response = transport.send("POST", f"https://crm.example.com:{port}/crm", b"{}")
        assert response.status_code == 200 and crm_server.calls[0]["headers"]["Host"] == f"crm.example.com:{port}"
        with pytest.raises(TargetUnavailable, match="SSLError"):  # a certificate for another name is refused
            transport.send("POST", f"https://other.example.com:{port}/crm", b"{}")
        assert len(crm_server.calls) == 1
