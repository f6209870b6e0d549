"""Build glue: ship top-level ``resources/`` as ``avrcase.resources`` and compile catalogs.

Everything declarative lives in pyproject.toml; setuptools cannot map a folder outside ``src``
into the package nor run a step at build time without this file.
"""

import shutil
from pathlib import Path

from setuptools import find_namespace_packages, find_packages, setup
from setuptools.command.build_py import build_py

HERE = Path(__file__).parent


class BuildWithCatalogs(build_py):
    """Compile every ``resources/translations/*/LC_MESSAGES/avrcase.po`` to ``.mo``; ship ``docs/guide``."""

    def run(self):
        super().run()
        # The user guide (Help ▸ User guide) as avrcase.resources.guide: chapters and their pictures.
        guide = HERE / "docs" / "guide"
        for path in guide.rglob("*"):
            if path.is_file() and path.suffix in (".md", ".png"):
                out = Path(self.build_lib) / "avrcase" / "resources" / "guide" / path.relative_to(guide)
                out.parent.mkdir(parents=True, exist_ok=True)
                shutil.copyfile(path, out)
        from babel.messages.mofile import write_mo
        from babel.messages.pofile import read_po

        target_root = Path(self.build_lib) / "avrcase" / "resources" / "translations"
        for po_path in (HERE / "resources" / "translations").glob("*/LC_MESSAGES/avrcase.po"):
            with po_path.open("rb") as fh:
                catalog = read_po(fh)
            out = target_root / po_path.relative_to(HERE / "resources" / "translations")
            out = out.with_suffix(".mo")
            out.parent.mkdir(parents=True, exist_ok=True)
            with out.open("wb") as fh:
                write_mo(fh, catalog, use_fuzzy=False)


# Every folder under resources/ is a (data-only) package of its own, so setuptools ships its files.
RESOURCE_PACKAGES = ["avrcase.resources"] + [
    f"avrcase.resources.{name}" for name in find_namespace_packages("resources") if "__pycache__" not in name
]

setup(
    packages=find_packages("src") + RESOURCE_PACKAGES,
    package_dir={"": "src", "avrcase.resources": "resources"},
    package_data={**{name: ["*"] for name in RESOURCE_PACKAGES}, "avrcase.store": ["migrations/*.mako"]},
    include_package_data=True,
    cmdclass={"build_py": BuildWithCatalogs},
)
