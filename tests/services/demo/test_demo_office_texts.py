"""The demo office speaks the languages of its documents: a declaration printed in Russian or Lithuanian from a
demo store gives the data-protection texts (controller, recipients) in that language, not in English (#15)."""

from __future__ import annotations

from sqlalchemy import select

from avrcase.domain.codes import StaffRole
from avrcase.services.demo.generate import generate_demo
from avrcase.services.documents import register as documents
from avrcase.services.permissions import SYSTEM
from avrcase.services.uow import unit_of_work
from avrcase.services.dto import Actor
from avrcase.store.models import Case, User
from avrcase.store.schema import open_store
from tests.documents.conftest import page_texts


def test_a_demo_declaration_in_russian_or_lithuanian_names_the_controller_in_that_language(tmp_path, clock):
    fresh = open_store(f"sqlite:///{tmp_path / 'new-demo.sqlite'}", clock=clock)  # no office profile yet, as on a new laptop
    try:
        with unit_of_work(fresh) as session:
            generate_demo(session, cases=20, seed=4, actor=SYSTEM)
        with unit_of_work(fresh) as session:
            user = session.scalars(select(User).where(User.username == "counsellor")).one()
            counsellor = Actor(user.id, user.username, user.display_name, StaffRole.COUNSELLOR)
            case_id = session.scalar(select(Case.id).order_by(Case.id).limit(1))
            texts = {}
            for lang in ("ru", "lt", "en"):
                row = documents.issue_document(session, counsellor, "declaration", case_id, lang)
                texts[lang] = " ".join(" ".join(page_texts(documents.document_bytes(session, counsellor, row.id))).split())
    finally:
        fresh.dispose()
    assert "бюро в Вильнюсе" in texts["ru"] and "Департамент миграции" in texts["ru"]
    assert "Vilniaus biuras" in texts["lt"] and "Migracijos departamentas" in texts["lt"]
    assert "Vilnius Office" in texts["en"] and "Migration Department" in texts["en"]
