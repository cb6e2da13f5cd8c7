"""Once per graph: give the people and companies written before pinyin search their name_pinyin (idempotent)."""
from core.graph import GraphStore
from network.pinyin import pinyin_form

BATCH = 2000
MISSING = """
MATCH (n) WHERE (n:Person OR n:Company) AND n.name_pinyin IS NULL AND n.name IS NOT NULL
RETURN elementId(n) AS id, n.name AS name LIMIT $batch
"""
SET_PINYIN = """
UNWIND $rows AS row
MATCH (n) WHERE elementId(n) = row.id
SET n.name_pinyin = row.name_pinyin
"""


def backfill_pinyin(graph: GraphStore) -> int:
    """Set name_pinyin where it is missing, in batches; how many nodes were given one (0 the second time)."""
    done = 0
    while rows := graph.read(MISSING, batch=BATCH):
        graph.write(SET_PINYIN, rows=[{"id": r["id"], "name_pinyin": pinyin_form(r["name"])} for r in rows])
        done += len(rows)
    return done
