"""Keep each package's gettext catalog in step with its code and templates (docs/i18n.md).

    .venv/bin/python scripts/translations.py update [PACKAGE ...]   # extract, then merge into zh_CN/messages.po
    .venv/bin/python scripts/translations.py check [PACKAGE ...]    # texts of the code missing from its catalog,
                                                                    # untranslated or fuzzy entries, or one text
                                                                    # translated two ways; exit 1 if any
"""
import sys
import tempfile
from pathlib import Path

from babel.messages.frontend import CommandLineInterface
from babel.messages.pofile import read_po

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
from core.i18n import PACKAGES  # noqa: E402

LOCALE = "zh_Hans_CN"  # Babel's own name of zh-CN: the folder gettext looks in
# Where each package's texts are: its code and its templates folder(s); the shared templates belong to core.
SOURCES = {package: [package, f"templates/{package}"] for package in PACKAGES}
SOURCES["core"] = ["core", *(str(p.relative_to(ROOT)) for p in sorted((ROOT / "templates").glob("*.html")))]
SOURCES["accounts"].append("templates/orgs")
SOURCES["crm_sync"].append("templates/crm")
KEYWORDS = ["-k", "N_", "-k", "_l"]


def update(package: str) -> None:
    """Extract the package's texts into messages.pot and merge them into its zh_CN catalog (created if missing)."""
    folder = ROOT / package / "translations"
    pot = folder / "messages.pot"
    folder.mkdir(exist_ok=True)
    extract(package, pot)
    po = folder / LOCALE / "LC_MESSAGES" / "messages.po"
    if po.exists():
        run(["update", "-i", str(pot), "-d", str(folder), "-l", LOCALE, "--no-fuzzy-matching", "--ignore-obsolete"])
    else:
        run(["init", "-i", str(pot), "-d", str(folder), "-l", LOCALE])


def extract(package: str, pot: Path) -> None:
    """The package's texts, as its code and templates have them now, into pot."""
    sources = [s for s in SOURCES[package] if (ROOT / s).exists()]
    run(["extract", "-F", "babel.cfg", *KEYWORDS, "--no-location", "--sort-output", "--omit-header", "-o", str(pot),
         *sources])


def not_in_catalog(package: str) -> list[str]:
    """Texts the package's code and templates use today that its catalog lacks: someone added a text and did not
    run `update`, so it would show in English on a Chinese page."""
    with tempfile.TemporaryDirectory() as folder:
        pot = Path(folder) / "messages.pot"
        extract(package, pot)
        with pot.open("rb") as handle:
            wanted = {message.id for message in read_po(handle) if message.id}
    known = {message.id for message in catalog(package) if message.id}
    return sorted(str(text) for text in wanted - known)


def catalog(package: str) -> list:
    """The messages of the package's zh_CN catalog (none when it has no catalog yet)."""
    po = ROOT / package / "translations" / LOCALE / "LC_MESSAGES" / "messages.po"
    if not po.exists():
        return []
    with po.open("rb") as handle:
        return list(read_po(handle))


def missing(package: str) -> list[str]:
    """The ids of the package's catalog left untranslated or fuzzy."""
    return [str(m.id) for m in catalog(package) if m.id and (m.fuzzy or not (m.string if isinstance(m.string, str)
                                                                               else all(m.string)))]


def disagreements(packages) -> dict[str, dict[str, str]]:
    """English texts two catalogs translate differently. The catalogs are merged at run time and the last one wins,
    so such a text would read one package's way on every page: {text: {package: translation}}."""
    seen: dict[str, dict[str, str]] = {}
    for package in packages:
        for message in catalog(package):
            if isinstance(message.id, str) and message.id and message.string:
                seen.setdefault(message.id, {})[package] = message.string
    return {text: found for text, found in seen.items() if len(set(found.values())) > 1}


def run(args: list[str]) -> None:
    CommandLineInterface().run(["pybabel", "-q", *args])


def main(argv: list[str]) -> int:
    command, packages = (argv[0] if argv else "check"), (argv[1:] or list(PACKAGES))
    if command == "update":
        for package in packages:
            update(package)
        return 0
    stale = {package: found for package in packages if (found := not_in_catalog(package))}
    for package, ids in stale.items():
        print(f"{package}: {len(ids)} not in its catalog (run update)", *(f"  {i!r}" for i in ids[:20]), sep="\n")
    gaps = {package: found for package in packages if (found := missing(package))}
    for package, ids in gaps.items():
        print(f"{package}: {len(ids)} untranslated", *(f"  {i!r}" for i in ids[:20]), sep="\n")
    differing = disagreements(PACKAGES)
    for text, found in differing.items():
        print(f"translated differently: {text!r}: {found}")
    return 1 if stale or gaps or differing else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
