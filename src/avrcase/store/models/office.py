"""The office profile: who prints the letterhead and how cases are numbered."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import LargeBinary, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from avrcase.domain.privacy import LITHUANIAN_AUTHORITY
from avrcase.store.base import Base, UTCDateTime, utcnow


class StoreInfo(Base):
    """One row, written once when a new store is set up: whether it was created as a demo store.

    Demo data goes only into a store created as a demo store (``services.store_kind``); no row means
    nobody has set the store up yet (the first run decides).
    """

    __tablename__ = "store_info"

    id: Mapped[int] = mapped_column(primary_key=True)
    demo: Mapped[bool] = mapped_column(default=False)
    #: When it was set up (empty for a store older than this record).
    created_at: Mapped[dt.datetime | None] = mapped_column(UTCDateTime, default=utcnow)


class OfficeProfile(Base):
    """One row: the office running this store."""

    __tablename__ = "office_profile"

    id: Mapped[int] = mapped_column(primary_key=True)
    office_code: Mapped[str] = mapped_column(String(6), default="AVR")
    organisation: Mapped[str] = mapped_column(String(200), default="")
    office_name: Mapped[str] = mapped_column(String(200), default="")
    address: Mapped[str] = mapped_column(Text, default="")
    phone: Mapped[str] = mapped_column(String(60), default="")
    email: Mapped[str] = mapped_column(String(120), default="")
    website: Mapped[str] = mapped_column(String(120), default="")
    city: Mapped[str] = mapped_column(String(80), default="")
    country: Mapped[str] = mapped_column(String(2), default="")
    office_language: Mapped[str] = mapped_column(String(10), default="en")
    currency: Mapped[str] = mapped_column(String(3), default="EUR")
    footer_note: Mapped[str] = mapped_column(Text, default="")
    #: The number a returnee calls when something goes wrong on the way, day and night (the itinerary).
    emergency_phone: Mapped[str] = mapped_column(String(60), default="", server_default="")
    logo_png: Mapped[bytes | None] = mapped_column(LargeBinary, nullable=True)
    #: Data protection, printed on the declaration: the controller (blank = the organisation), how to reach
    #: the data-protection officer, who receives data to organise a return, the third parties of the
    #: optional sharing choice, and the supervisory authority a person may complain to.
    controller_name: Mapped[str] = mapped_column(String(200), default="", server_default="")
    dpo_email: Mapped[str] = mapped_column(String(120), default="", server_default="")
    dpo_address: Mapped[str] = mapped_column(Text, default="", server_default="")
    supervisory_authority: Mapped[str] = mapped_column(Text, default=LITHUANIAN_AUTHORITY,
                                                       server_default=LITHUANIAN_AUTHORITY)
    data_recipients: Mapped[str] = mapped_column(Text, default="", server_default="")
    sharing_recipients: Mapped[str] = mapped_column(Text, default="", server_default="")
    #: Closed cases are anonymised this many years after closing (``services.retention``).
    retention_years: Mapped[int] = mapped_column(default=10, server_default="10")
    #: Where the app puts its scheduled backups ("" = none) and how many it keeps (``services.backup``).
    backup_folder: Mapped[str] = mapped_column(Text, default="", server_default="")
    backup_keep_daily: Mapped[int] = mapped_column(default=7, server_default="7")
    backup_keep_weekly: Mapped[int] = mapped_column(default=4, server_default="4")
    backup_keep_monthly: Mapped[int] = mapped_column(default=12, server_default="12")
    #: The main window warns when the last good backup is older than this many days.
    backup_max_age_days: Mapped[int] = mapped_column(default=2, server_default="2")
    #: IANA time zone of the office: which calendar day "today" is (``services.clock``).
    time_zone: Mapped[str] = mapped_column(String(64), default="Europe/Vilnius", server_default="Europe/Vilnius")
    version: Mapped[int] = mapped_column(default=1)

    __mapper_args__ = {"version_id_col": version}
