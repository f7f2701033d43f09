"""Compile the gettext catalogs when the package is built or installed (also `pip install -e .`).

Only the `.po` sources are committed; the binary `.mo` files are build artefacts.
"""

from pathlib import Path

from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po
from hatchling.builders.hooks.plugin.interface import BuildHookInterface


def compile_catalogs(directory: Path) -> list[Path]:
    """Write a `.mo` beside every `.po` under `directory`; return the files written."""
    written = []
    for po in sorted(directory.glob("*/LC_MESSAGES/*.po")):
        with po.open("rb") as f:
            catalog = read_po(f)
        mo = po.with_suffix(".mo")
        with mo.open("wb") as f:
            write_mo(f, catalog, use_fuzzy=False)
        written.append(mo)
    return written


class CatalogBuildHook(BuildHookInterface):
    PLUGIN_NAME = "custom"

    def initialize(self, version, build_data):
        compile_catalogs(Path(self.root) / "translations")
