"""README's permission table is the one the services enforce (regenerate it with ``markdown_table()``)."""

from pathlib import Path

from avrcase.services.permissions import markdown_table

README = Path(__file__).resolve().parents[2] / "README.md"


def test_readme_shows_the_permission_table_the_services_use():
    text = README.read_text(encoding="utf-8")
    block = text.split("<!-- permissions:start -->\n", 1)[1].split("\n<!-- permissions:end -->", 1)[0]
    assert block == markdown_table()
    assert "| `sensitive.read`: see vulnerability and medical details, psychosocial notes, health referrals and sensitive attachments | ✓ | ✓ |  | ✓ |  |  |  |" in block
