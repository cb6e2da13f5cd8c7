"""The look every page shares: grouped navigation, icons from node_modules, the favicon and the debug styleguide."""
import re
import zlib
from functools import lru_cache

from flask import Blueprint, Flask, abort, current_app, render_template, send_from_directory
from markupsafe import Markup

from core.config import ROOT
from core.i18n import N_

bp = Blueprint("ui", __name__)

ICONS = ROOT / "node_modules" / "lucide-static" / "icons"
# Which top-level group each feature's NAV entries fall under; a feature may say otherwise with NAV_GROUP.
GROUPS = {"home": N_("Home"), "network": N_("Network"), "trust": N_("Vendors"), "messaging": N_("Chat"),
          "crm_sync": N_("CRM"), "sourcing": N_("Sourcing"), "accounts": N_("Account")}
ORDER = ("Home", "Network", "Vendors", "Chat", "CRM", "Sourcing")
GROUP_ICONS = {"Home": "house", "Network": "users", "Vendors": "building-2", "Chat": "message-circle",
               "CRM": "contact", "Sourcing": "package-search", "Account": "user"}
# Readable on white and under white text (all ≥ 4.5:1), picked by a hash of the id so a person keeps theirs.
AVATAR_COLOURS = ("#8a2a1f", "#1f5f8a", "#2d6a3e", "#6b3fa0", "#8a5a00", "#0f6b6b", "#a0306a", "#44546a")


def init_app(app: Flask, features) -> None:
    """Jinja helpers and the grouped navigation of the given features."""
    groups = nav_groups(features)
    # Entries whose label is live (an unread count) stay in view beside the account, not inside a dropdown.
    live = [link for group in groups for link in group["links"] if not isinstance(link[1], str)]
    for group in groups:
        group["links"] = [link for link in group["links"] if isinstance(link[1], str)]
    # Globals rather than context, so that imported macros (the Vendors tabs) see them too.
    app.jinja_env.globals.update(nav_groups=[g for g in groups if g["links"]], nav_live=live,
                                 icon=icon, avatar_colour=avatar_colour, initials=initials)


def nav_groups(features) -> list[dict]:
    """[{label, icon, links: [(endpoint, label)], blueprints}] in the order of the features, account last."""
    groups: dict[str, list] = {}
    for feature in features:
        name = feature.__name__.split(".")[0]
        label = getattr(feature, "NAV_GROUP", None) or GROUPS.get(name) or name.replace("_", " ").title()
        groups.setdefault(label, []).extend(getattr(feature, "NAV", []))
    account = groups.pop("Account", [])
    ordered = sorted(groups.items(), key=lambda item: ORDER.index(item[0]) if item[0] in ORDER else len(ORDER))
    return [{"label": label, "icon": GROUP_ICONS.get(label, "circle"), "links": list(links),
             "blueprints": {endpoint.split(".")[0] for endpoint, _ in links}}
            for label, links in [*ordered, ("Account", account)] if links]


@lru_cache(maxsize=256)
def icon(name: str, label: str = "") -> Markup:
    """An inline Lucide icon that takes the text colour; decorative unless given a label."""
    if not re.fullmatch(r"[a-z0-9-]+", name) or not (ICONS / f"{name}.svg").is_file():
        return Markup("")
    svg = (ICONS / f"{name}.svg").read_text()
    svg = svg[svg.index("<svg"):].replace('width="24"', 'width="1em"').replace('height="24"', 'height="1em"')
    a11y = Markup(' role="img" aria-label="{}"').format(label) if label else Markup(' aria-hidden="true"')
    return Markup(svg.replace("<svg", '<svg focusable="false"' + str(a11y), 1))


def avatar_colour(key: str | None) -> str:
    """The same background for the same person or company on every page."""
    return AVATAR_COLOURS[zlib.crc32((key or "").encode()) % len(AVATAR_COLOURS)]


def initials(name: str | None) -> str:
    """"Wang Qiang" → "WQ"; "张伟" → "张伟"; nothing → "?"."""
    words = (name or "").split()
    if not words:
        return "?"
    if len(words) == 1:
        return words[0][:2].upper() if words[0].isascii() else words[0][:2]
    return (words[0][0] + words[-1][0]).upper()


@bp.get("/favicon.ico")
def favicon():
    """Browsers ask for it on every first visit; an SVG answers."""
    return send_from_directory(ROOT / "static", "favicon.svg", mimetype="image/svg+xml", max_age=86400)


@bp.get("/styleguide")
def styleguide():
    """The parts of the design system in one page, for whoever builds pages (debug only)."""
    if not current_app.debug:
        abort(404)
    return render_template("styleguide.html")
