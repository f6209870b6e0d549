"""Copies of introduction letters and reintegration plans issued before their health data was guarded are sensitive.

Until 7 December 2026 a letter of introduction printed the travellers' medical needs (stretcher, oxygen, a medical
escort) and a reintegration plan the psychosocial notes and health referrals whenever the person issuing them could
see them, and both were stored as not sensitive: a finance officer or a manager opened them from the document
register. Since then such a copy is stored sensitive (``services.documents.register``), but the stored copies kept
their flag. Which of them printed health data is not recorded beside the PDF, so every such copy is marked sensitive
unless whoever issued it could never see health data (a finance officer, a manager or an administrator whose role was
never changed on the audit trail). A copy marked without holding any stays readable by every role that sees health
data; anyone else issues a fresh copy, which holds what their role may see.

Also an index of the audit trail by the record an entry names (``entity, entity_id, seq``): signing in reads the
account's role as the trail records it (``services.accounts.recorded_role``), which scanned the whole trail.

Revision ID: 0023
Revises: 0022
Create Date: 2026-12-07 09:00:00
"""
from alembic import op


revision = '0023'
down_revision = '0022'
branch_labels = None
depends_on = None

#: The roles that never saw health data when these copies were issued (a letter or a plan they issued left it out).
_NEVER_SAW_HEALTH = "('finance_officer', 'manager', 'administrator')"


def upgrade() -> None:
    op.create_index('ix_audit_entries_entity_seq', 'audit_entries', ['entity', 'entity_id', 'seq'])
    op.execute(f"""
        UPDATE issued_documents SET sensitive = TRUE
        WHERE sensitive = FALSE AND doc_type IN ('introduction-letter', 'reintegration-plan')
          AND NOT EXISTS (
              SELECT 1 FROM users
              WHERE users.id = issued_documents.issued_by_id AND users.role IN {_NEVER_SAW_HEALTH}
                AND NOT EXISTS (SELECT 1 FROM audit_entries
                                WHERE audit_entries.entity = 'users' AND audit_entries.entity_id = users.id
                                  AND audit_entries.action = 'update' AND audit_entries.details LIKE '%"role"%'))
    """)


def downgrade() -> None:
    # The flags stay: an older avrcase reads them as this one does (only roles that may see them open the copies).
    op.drop_index('ix_audit_entries_entity_seq', table_name='audit_entries')
