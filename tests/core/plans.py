"""Reading query plans in tests: what a query reads, measured by PostgreSQL itself (EXPLAIN
ANALYZE), so that a test can say "this list reads a bounded number of rows whatever the size of
the table" without timing anything."""

from django.db import connection


def analyze(*tables):
    """Fresh statistics, as autovacuum would give a real database after bulk writes."""
    with connection.cursor() as cursor:
        for table in tables:
            cursor.execute(f"ANALYZE {table}")


def plan_of(sql, params=()):
    """The executed plan of one query (a queryset, or SQL and its parameters), as a tree of dicts."""
    if hasattr(sql, "query"):
        sql, params = sql.query.sql_with_params()
    with connection.cursor() as cursor:
        cursor.execute(f"EXPLAIN (ANALYZE, FORMAT JSON) {sql}", params)
        document = cursor.fetchone()[0]
    return document[0]["Plan"]


def nodes(plan):
    yield plan
    for child in plan.get("Plans", ()):
        yield from nodes(child)


def rows_read(plan, table):
    """Rows of `table` the plan read, all scans summed: the rows kept and those a filter removed,
    times the number of times each scan ran."""
    total = 0
    for node in nodes(plan):
        if node.get("Relation Name") == table:
            per_loop = node["Actual Rows"] + node.get("Rows Removed by Filter", 0)
            total += per_loop * node["Actual Loops"]
    return total


def indexes_used(plan):
    return {node["Index Name"] for node in nodes(plan) if "Index Name" in node}


def scans(plan, table):
    """The kinds of scan of `table` ("Seq Scan", "Index Scan", …)."""
    return {node["Node Type"] for node in nodes(plan) if node.get("Relation Name") == table}
