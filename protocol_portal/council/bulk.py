"""One multi-row INSERT for set-based writers (the sweep's audit events and emails): no model instances.

``bulk_create`` spends most of its time preparing each field of each instance in Python; at a
thousand rows a batch that was half of the sweep's time (issue 8). Callers pass values ready for
the database: datetimes through ``connection.ops.adapt_datetimefield_value`` and JSON as text.
"""
from django.db import connection

CHUNK = 500  # rows per statement: well inside SQLite's limit on parameters, and PostgreSQL's


def insert_rows(model, columns, rows):
    """Insert ``rows`` (tuples in the order of ``columns``, by column name) into ``model``'s table."""
    table = connection.ops.quote_name(model._meta.db_table)
    names = ", ".join(connection.ops.quote_name(column) for column in columns)
    one = "(" + ", ".join(["%s"] * len(columns)) + ")"
    with connection.cursor() as cursor:
        for start in range(0, len(rows), CHUNK):
            chunk = rows[start:start + CHUNK]
            # Only quoted names from the model go into the text; every value is a parameter.
            cursor.execute(f"INSERT INTO {table} ({names}) VALUES {', '.join([one] * len(chunk))}",  # nosec B608
                           [value for row in chunk for value in row])
