"""HTTP for the external connectors: one keep-alive session, timeouts, failures named for people."""
import json
from urllib.parse import urlsplit

import requests

from core.writer import guard_io
from crm_sync.connectors.base import TargetUnavailable
from crm_sync.connectors.egress import PrivateAddress, PublicOnlyAdapter

REDIRECTS = (301, 302, 303, 307, 308)  # 300 is not one: Salesforce answers it for a multiple match


class Transport:
    """Sends JSON and turns network trouble into TargetUnavailable with a readable message.

    Unless allow_private (GUANXI_CRM_ALLOW_HTTP, for local stand-ins), only https:// URLs are called and
    every connection must reach a public address; redirects are never followed either way."""

    def __init__(self, service: str, headers: dict, timeout: float, allow_private: bool = False):
        self.service, self.timeout, self.allow_private = service, timeout, allow_private
        self.http = requests.Session()
        # No proxies or .netrc from the environment: a proxy would make the connection check judge the proxy,
        # and .netrc would hand a stored password to whatever host a target names.
        self.http.trust_env = False
        if not allow_private:
            self.http.mount("http://", PublicOnlyAdapter())
            self.http.mount("https://", PublicOnlyAdapter())
        self.http.headers.update({"Content-Type": "application/json", "Accept": "application/json", **headers})

    def send(self, method: str, url: str, body: bytes, headers: dict | None = None) -> requests.Response:
        """The response, whatever its status; timeouts, refused connections and redirects raise TargetUnavailable."""
        if not self.allow_private and urlsplit(url).scheme != "https":
            raise TargetUnavailable(f"{self.service} was not called: its URL must start with https://.")
        guard_io(f"An HTTP call to {self.service}")
        try:
            response = self.http.request(method, url, data=body, headers=headers, timeout=self.timeout,
                                         allow_redirects=False)
        except PrivateAddress as exc:
            raise TargetUnavailable(f"{self.service} was not called: {exc}") from exc
        except requests.Timeout as exc:
            raise TargetUnavailable(f"{self.service} did not answer within {self.timeout:g} s.") from exc
        except requests.RequestException as exc:
            raise TargetUnavailable(f"{self.service} could not be reached ({type(exc).__name__}).") from exc
        if response.status_code in REDIRECTS:
            response.close()  # whatever it says is never shown
            raise TargetUnavailable(f"{self.service} answered with a redirect (HTTP {response.status_code}), "
                                    "which is not followed: configure the final https:// URL.")
        return response

    def parsed(self, response: requests.Response):
        """The JSON body; anything else means the target answered garbage."""
        try:
            return response.json()
        except (ValueError, json.JSONDecodeError) as exc:
            raise TargetUnavailable(f"{self.service} answered HTTP {response.status_code} with a body that is not JSON.") from exc


def dumps(value) -> bytes:
    return json.dumps(value, separators=(",", ":"), ensure_ascii=False).encode()


def brief(response: requests.Response, limit: int = 300) -> str:
    """A short, single-line excerpt of an error body for the status page."""
    return " ".join(response.text.split())[:limit]
