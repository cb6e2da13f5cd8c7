"""HTTP for the external connectors: one keep-alive session, timeouts, failures named for people."""
import json

import requests

from core.writer import guard_io
from crm_sync.connectors.base import TargetUnavailable


class Transport:
    """Sends JSON and turns network trouble into TargetUnavailable with a readable message."""

    def __init__(self, service: str, headers: dict, timeout: float):
        self.service, self.timeout = service, timeout
        self.http = requests.Session()
        self.http.headers.update({"Content-Type": "application/json", "Accept": "application/json", **headers})

    def send(self, method: str, url: str, body: bytes, headers: dict | None = None) -> requests.Response:
        """The response, whatever its status; timeouts and refused connections raise TargetUnavailable."""
        guard_io(f"An HTTP call to {self.service}")
        try:
            return self.http.request(method, url, data=body, headers=headers, timeout=self.timeout)
        except requests.Timeout:
            raise TargetUnavailable(f"{self.service} did not answer within {self.timeout:g} s.")
        except requests.RequestException as exc:
            raise TargetUnavailable(f"{self.service} could not be reached ({type(exc).__name__}).")

    def parsed(self, response: requests.Response):
        """The JSON body; anything else means the target answered garbage."""
        try:
            return response.json()
        except (ValueError, json.JSONDecodeError):
            raise TargetUnavailable(f"{self.service} answered HTTP {response.status_code} with a body that is not JSON.")


def dumps(value) -> bytes:
    return json.dumps(value, separators=(",", ":"), ensure_ascii=False).encode()


def brief(response: requests.Response, limit: int = 300) -> str:
    """A short, single-line excerpt of an error body for the status page."""
    return " ".join(response.text.split())[:limit]
