"""The audit chain's lock and head in one round trip on PostgreSQL.

Appending an event takes the chain's advisory lock and then reads the hash of the last event,
two statements. ``trygg_audit_chain_head(key)`` does both: a VOLATILE PL/pgSQL function
takes a fresh snapshot for each statement it runs (READ COMMITTED), so the head is read
after the lock is held and sees the event of the transaction that held it before. (One SQL
statement with both would read the head from a snapshot taken before it waited for the lock,
and could miss that event.) SQLite serialises writers with IMMEDIATE transactions and needs
neither.
"""

from django.db import migrations

from trygg.core.migration_sql import per_vendor

FORWARD = {
    "postgresql": [
        """
CREATE OR REPLACE FUNCTION trygg_audit_chain_head(lock_key bigint) RETURNS text AS $$
BEGIN
    PERFORM pg_advisory_xact_lock(lock_key);
    RETURN (SELECT hash FROM audit_auditevent ORDER BY id DESC LIMIT 1);
END;
$$ LANGUAGE plpgsql VOLATILE;
"""
    ]
}
BACKWARD = {"postgresql": ["DROP FUNCTION IF EXISTS trygg_audit_chain_head(bigint);"]}


class Migration(migrations.Migration):
    dependencies = [("audit", "0009_read_volume")]

    operations = [per_vendor(FORWARD, BACKWARD)]
