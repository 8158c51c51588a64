"""Every Cypher statement Zhiren runs, in one place. Parameters only: no value is ever formatted in.

Relations between persons are native relationship types (FATHER_OF, WROTE_TO …); the type
comes from the closed RelationType enum and is set with Cypher's dynamic ``$(…)`` syntax.
Reading relations by id needs each type named (a relationship index is per type), so those
statements are written out from the enum: names from our own code, never a value.
"""

from zhiren.authority.model import RelationType

MIGRATIONS = (
    "CREATE CONSTRAINT person_id IF NOT EXISTS FOR (p:Person) REQUIRE p.id IS UNIQUE",
    "CREATE CONSTRAINT name_id IF NOT EXISTS FOR (n:Name) REQUIRE n.id IS UNIQUE",
    "CREATE CONSTRAINT document_id IF NOT EXISTS FOR (d:Document) REQUIRE d.id IS UNIQUE",
    "CREATE CONSTRAINT mention_id IF NOT EXISTS FOR (m:Mention) REQUIRE m.id IS UNIQUE",
    "CREATE INDEX name_key IF NOT EXISTS FOR (n:Name) ON (n.key)",
    # A key's bearers by person id from the index (NAME_CANDIDATES_MANY): read from each name,
    # person_id was most of a reconciliation batch's read at 500,000 persons.
    "CREATE INDEX name_key_person IF NOT EXISTS FOR (n:Name) ON (n.key, n.person_id)",
    "CREATE INDEX person_merged_into IF NOT EXISTS FOR (p:Person) ON (p.merged_into)",
    # Reads reach a person's or a document's mentions by REFERS_TO and IN; indexes on the two ids
    # only slowed every mention written (bench/bench_store_load.py: ratio to raw 0.68 -> 0.76).
    "DROP INDEX mention_person IF EXISTS",
    "DROP INDEX mention_document IF EXISTS",
    "CREATE INDEX queued_mention_id IF NOT EXISTS FOR (m:Queued) ON (m.id)",
    "CREATE INDEX document_kind IF NOT EXISTS FOR (d:Document) ON (d.kind)",
    "CREATE CONSTRAINT audit_id IF NOT EXISTS FOR (a:AuditEntry) REQUIRE a.id IS UNIQUE",
    "CREATE INDEX audit_at IF NOT EXISTS FOR (a:AuditEntry) ON (a.at)",
    "DROP CONSTRAINT pending_key IF EXISTS",
    "CREATE CONSTRAINT outbox_key IF NOT EXISTS FOR (o:Outbox) REQUIRE o.key IS UNIQUE",
    # The triple sync reads pending relations by id (GraphStore.relations_by_id).
    *(
        f"CREATE INDEX relation_id_{kind.value.lower()} IF NOT EXISTS FOR ()-[r:{kind.value}]-() ON (r.id)"
        for kind in RelationType
    ),
)

# Steps for a database an earlier version wrote, each run only while the index named is there.
# Queued mentions (a few in a hundred) carry a Queued label, indexed by id, instead of every
# mention being indexed by (status, id).
UPGRADES = (
    (
        "mention_status_id",
        (
            "MATCH (m:Mention) WHERE m.status = 'queued' SET m:Queued",
            "DROP INDEX mention_status_id IF EXISTS",
        ),
    ),
)
EXISTING_INDEXES = "SHOW INDEXES YIELD name RETURN collect(name) AS names"

UPSERT_PERSONS = """
UNWIND $rows AS row
MERGE (p:Person {id: row.id})
SET p += row
"""

# What of a batch is stored already, in one round trip: its persons (and which of them curators
# reviewed or merged away), names and mentions. What is not stored is then CREATEd with its links,
# not MERGEd: 1,531 against 1,355 persons/s in bench/bench_store_load.py (100,000 persons).
STORED_IDS = """
CALL () {
  UNWIND $persons AS id MATCH (p:Person {id: id})
  RETURN collect([p.id, p.status = $reviewed OR p.merged_into IS NOT NULL, p.merged_into]) AS persons
}
CALL () { UNWIND $names AS id MATCH (n:Name {id: id}) RETURN collect(n.id) AS names }
CALL () { UNWIND $mentions AS id MATCH (m:Mention {id: id}) RETURN collect(m.id) AS mentions }
RETURN persons, names, mentions
"""

# A new person with its new names, which need no look-up of their person.
CREATE_PERSONS = """
UNWIND $rows AS row
CREATE (p:Person)
SET p = row.person
WITH p, row
UNWIND row.names AS name
CREATE (p)-[:HAS_NAME]->(n:Name)
SET n = name
"""

CREATE_NAMES = """
UNWIND $rows AS row
CREATE (n:Name)
SET n = row
WITH n, row
MATCH (p:Person {id: row.person_id})
CREATE (p)-[:HAS_NAME]->(n)
"""

# Queued mentions carry a Queued label: the review queue's index covers them alone.
_QUEUED_LABEL = "FOREACH (_ IN CASE WHEN row.status = 'queued' THEN [1] ELSE [] END | SET m:Queued)\n"

CREATE_MENTIONS = (
    """
UNWIND $rows AS row
CREATE (m:Mention)
SET m = row
"""
    + _QUEUED_LABEL
    + """WITH m, row
MATCH (d:Document {id: row.document_id})
CREATE (m)-[:IN]->(d)
WITH m, row WHERE row.person_id IS NOT NULL
MATCH (p:Person {id: row.person_id})
CREATE (m)-[:REFERS_TO]->(p)
"""
)

# Stale links of a re-pointed name or mention are found by a pattern comprehension, which
# expands from the node in hand (an OPTIONAL MATCH with a predicate on the far end was planned
# as a scan of every Person).
UPSERT_NAMES = """
UNWIND $rows AS row
MERGE (n:Name {id: row.id})
SET n += row
FOREACH (old IN [(n)<-[r:HAS_NAME]-(q:Person) WHERE q.id <> row.person_id | r] | DELETE old)
WITH n, row
MATCH (p:Person {id: row.person_id})
MERGE (p)-[:HAS_NAME]->(n)
"""

UPSERT_DOCUMENTS = """
UNWIND $rows AS row
MERGE (d:Document {id: row.id})
SET d += row
"""

UPSERT_MENTIONS = (
    """
UNWIND $rows AS row
MERGE (m:Mention {id: row.id})
SET m += row
REMOVE m:Queued
"""
    + _QUEUED_LABEL
    + """FOREACH (old IN [(m)-[r:REFERS_TO]->(q:Person) WHERE q.id <> coalesce(row.person_id, '') | r] | DELETE old)
WITH m, row
MATCH (d:Document {id: row.document_id})
MERGE (m)-[:IN]->(d)
WITH m, row WHERE row.person_id IS NOT NULL
MATCH (p:Person {id: row.person_id})
MERGE (m)-[:REFERS_TO]->(p)
"""
)

# A relation with an end not stored before this batch cannot be stored yet: a plain CREATE.
CREATE_RELATIONS = """
UNWIND $rows AS row
MATCH (a:Person {id: row.source_id}), (b:Person {id: row.target_id})
CREATE (a)-[r:$(row.type)]->(b)
SET r.id = row.id, r.confidence = row.confidence, r.date = row.date, r.attributes = row.attributes,
    r.evidence = row.evidence
"""

# A relation is created unless one is stored under its id, then its properties set and its
# evidence unioned. Not MERGE: on a near-empty database the planner answers a MERGE of a
# dynamic type with a scan of every relationship of the type per row (quadratic: 1.5, 2.5,
# 3.9 s for the first batches of 2,000 until it replans); the COLLECT below always expands
# from the bound end. Rows must be one per id (changes.one_per_id): the look-up runs before
# any of the batch's creates.
_CREATE_UNLESS_STORED = """
CALL (row, a, b, stored) {
  WITH row, a, b WHERE stored IS NULL
  CREATE (a)-[r:$(row.type) {id: row.id}]->(b)
  RETURN r
UNION
  WITH stored WHERE stored IS NOT NULL
  RETURN stored AS r
}
SET r.confidence = row.confidence, r.date = row.date, r.attributes = row.attributes,
    r.evidence = reduce(acc = coalesce(r.evidence, []), e IN row.evidence |
                        CASE WHEN e IN acc THEN acc ELSE acc + e END)
"""

UPSERT_RELATIONS = (
    """
UNWIND $rows AS row
MATCH (a:Person {id: row.source_id}), (b:Person {id: row.target_id})
WITH row, a, b, head(COLLECT { MATCH (a)-[x]->(c) WHERE c = b AND x.id = row.id RETURN x }) AS stored
"""
    + _CREATE_UNLESS_STORED
)

# An ingest's relations beside a curated person: a relation already stored under the id (found
# beside either end, as a pattern comprehension expands from the node in hand) keeps the ends it
# has, which may be a curator's.
INGEST_RELATIONS = (
    """
UNWIND $rows AS row
MATCH (a:Person {id: row.source_id}), (b:Person {id: row.target_id})
WITH row, a, b, head([(a)-[x]-() WHERE x.id = row.id | x] + [(b)-[x]-() WHERE x.id = row.id | x]) AS stored
"""
    + _CREATE_UNLESS_STORED
)

CURATED_PERSONS = """
MATCH (p:Person) WHERE p.id IN $ids AND (p.status = $reviewed OR p.merged_into IS NOT NULL)
RETURN p.id AS id, p.merged_into AS merged_into
"""

# A person's names and relations (both directions), shared by the single and the paged read.
_NAMES_AND_RELATIONS = """
CALL (p) {
  OPTIONAL MATCH (p)-[:HAS_NAME]->(n:Name)
  RETURN collect(n {.*}) AS names
}
CALL (p) {
  OPTIONAL MATCH (p)-[r]-(:Person)
  RETURN collect(DISTINCT r {.*, type: type(r), source_id: startNode(r).id, target_id: endNode(r).id}) AS relations
}
"""

GET_PERSON_ROW = "MATCH (p:Person {id: $id}) RETURN p {.*} AS person"

# The mentions are read first: after the relations subquery, Neo4j 5's sort of a person's
# mentions ran out of the transaction memory pool (358 MiB) at 1,000 of 2,000 mentions with 310
# relations, while the same subquery first reads 2,000 (bench/bench_pages.py).
GET_PERSON_RECORD = (
    """
MATCH (p:Person {id: $id})
CALL (p) {
  OPTIONAL MATCH (m:Mention)-[:REFERS_TO]->(p)
  WITH m ORDER BY m.document_id, m.start LIMIT $mention_limit
  RETURN collect(m {.*}) AS mentions
}"""
    + _NAMES_AND_RELATIONS
    + """RETURN p {.*} AS person, names, relations, mentions
"""
)

DOCUMENTS_WITH_MENTIONS = """
MATCH (d:Document) WHERE d.id IN $ids
OPTIONAL MATCH (m:Mention)-[:IN]->(d)
WITH d, m ORDER BY m.start
RETURN d {.*} AS document, collect(m {.*}) AS mentions
"""

MENTIONS_BY_ID = "MATCH (m:Mention) WHERE m.id IN $ids RETURN m {.*} AS mention"

DOCUMENTS_BY_ID = "MATCH (d:Document) WHERE d.id IN $ids RETURN d {.*} AS document"

FIND_PERSONS_BY_NAME = """
MATCH (n:Name {key: $key})<-[:HAS_NAME]-(p:Person)
WHERE p.merged_into IS NULL
RETURN DISTINCT p {.*} AS person ORDER BY person.id LIMIT $limit
"""

# Candidates of a key, and whether each is related to any of $others (the persons a document has
# linked so far), related ones first when the key has more bearers than $limit. The hint starts
# that look-up from $others: expanding from a candidate would walk every mention of a
# much-mentioned person.
# $initials: null, or only the persons whose preferred name begins with one of these characters.
NAME_CANDIDATES = """
MATCH (n:Name {key: $key})<-[:HAS_NAME]-(p:Person)
WHERE p.merged_into IS NULL AND ($initials IS NULL OR left(p.preferred_name, 1) IN $initials)
WITH p, collect(n {.*}) AS names
WITH p, names, EXISTS { MATCH (o:Person)-[]-(p) USING INDEX o:Person(id) WHERE o.id IN $others } AS related
ORDER BY related DESC, p.id LIMIT $limit
RETURN p {.*} AS person, names, related
"""

# One row per key (its candidates as one list): the driver's cost is per record, and a batch
# asks for hundreds of keys (measured: 20 against 52 ms for 400 keys). A key's first $limit live
# bearers are found by their ids, read from the (key, person_id) index, before any name is
# collected: collecting every bearer's names first, then keeping $limit persons, read all of them
# (370 for a synthetic 字 at 500,000 persons), and the planner takes the index on key alone unless
# told (while the index is still being built, the hint is passed over with a warning).
# $initials[key]: only those bearers whose preferred name begins with one of these characters,
# counted by the limit (the first $limit of them, not those among the first $limit bearers).
NAME_CANDIDATES_MANY = """
UNWIND $keys AS key
CALL (key) {
  MATCH (bearer:Name) USING INDEX bearer:Name(key, person_id)
  WHERE bearer.key = key AND bearer.person_id > ''
  WITH DISTINCT bearer.person_id AS id ORDER BY id
  MATCH (p:Person {id: id})
  WHERE p.merged_into IS NULL AND ($initials[key] IS NULL OR left(p.preferred_name, 1) IN $initials[key])
  WITH p LIMIT $limit
  MATCH (p)-[:HAS_NAME]->(n:Name {key: key})
  WITH p, collect(n {.*}) AS names ORDER BY p.id
  RETURN collect([p {.*}, names]) AS found
}
RETURN key, found
"""

RELATIONS_AMONG = """
MATCH (a:Person)-[]->(b:Person)
WHERE a.id IN $ids AND b.id IN $ids
RETURN a.id AS source, b.id AS target
"""

RELATIONS_OF = """
MATCH (a:Person)-[]->(b:Person) WHERE a.id IN $ids RETURN a.id AS source, b.id AS target
UNION
MATCH (a:Person)-[]->(b:Person) WHERE b.id IN $ids RETURN a.id AS source, b.id AS target
"""

RELATED_AMONG = """
MATCH (a:Person)-[]-(b:Person)
WHERE a.id IN $ids AND b.id IN $others
RETURN DISTINCT a.id AS id
"""

PERSONS_BY_ID = "MATCH (p:Person) WHERE p.id IN $ids RETURN p {.*} AS person ORDER BY person.id"

RELATIONS_TOUCHING = """
MATCH (a:Person)-[r]->(b:Person)
WHERE a.id IN $ids OR b.id IN $ids
RETURN DISTINCT r {.*, type: type(r), source_id: a.id, target_id: b.id} AS relation
"""

RELATIONS_BY_ID = "\nUNION ALL\n".join(
    f"MATCH (a:Person)-[r:{kind.value}]->(b:Person) WHERE r.id IN $ids"
    " RETURN r {.*, type: type(r), source_id: a.id, target_id: b.id} AS relation"
    for kind in RelationType
)

KIN_RELATIONS_TOUCHING = """
MATCH (a:Person)-[r:FATHER_OF|MOTHER_OF|SPOUSE_OF|SIBLING_OF]->(b:Person)
WHERE a.id IN $ids OR b.id IN $ids
RETURN DISTINCT r {.*, type: type(r), source_id: a.id, target_id: b.id} AS relation
"""

# --- curation: a scope's rows read, locked, compared and rewritten in one transaction ---------

SNAPSHOT = """
CALL () { MATCH (p:Person) WHERE p.id IN $ids RETURN collect(p {.*}) AS own }
CALL () { MATCH (p:Person) WHERE p.merged_into IN $ids RETURN collect(p {.*}) AS redirected }
CALL () { MATCH (p:Person)-[:HAS_NAME]->(n:Name) WHERE p.id IN $ids RETURN collect(n {.*}) AS names }
CALL () { MATCH (m:Mention) WHERE m.id IN $mention_ids RETURN collect(m {.*}) AS listed }
CALL () {
  MATCH (m:Mention)-[:REFERS_TO]->(p:Person) WHERE $person_mentions AND p.id IN $ids RETURN collect(m {.*}) AS held
}
CALL () {
  MATCH (p:Person)-[r]-(:Person) WHERE p.id IN $ids
  WITH DISTINCT r
  RETURN collect(r {.*, type: type(r), source_id: startNode(r).id, target_id: endNode(r).id}) AS relations
}
RETURN own, redirected, names, listed, held, relations
"""

# Writing a property takes the node's write lock until commit: a second curator's transaction
# waits here, then reads the first one's result and is refused as a conflict.
LOCK_PERSONS = "MATCH (p:Person) WHERE p.id IN $ids SET p.lock_ = true REMOVE p.lock_"
LOCK_MENTIONS = "MATCH (m:Mention) WHERE m.id IN $ids SET m.lock_ = true REMOVE m.lock_"

DELETE_RELATIONS = """
MATCH (p:Person)-[r]-(:Person) WHERE p.id IN $persons AND r.id IN $ids
WITH DISTINCT r
DELETE r
"""
DELETE_PERSONS = "MATCH (n:Person) WHERE n.id IN $ids DETACH DELETE n"
DELETE_NAMES = "MATCH (n:Name) WHERE n.id IN $ids DETACH DELETE n"
DELETE_MENTIONS = "MATCH (n:Mention) WHERE n.id IN $ids DETACH DELETE n"

CREATE_AUDIT_ENTRY = "CREATE (a:AuditEntry) SET a = $row"

MARK_UNDONE = """
MATCH (a:AuditEntry {id: $id}) WHERE a.undone_by IS NULL
SET a.undone_by = $by
RETURN count(a) AS marked
"""

GET_AUDIT_ENTRY = "MATCH (a:AuditEntry {id: $id}) RETURN a {.*} AS entry"

AUDIT_ENTRIES = """
MATCH (a:AuditEntry) WHERE a.at < $before AND ($person IS NULL OR $person IN a.person_ids)
RETURN a {.*} AS entry ORDER BY a.at DESC LIMIT $limit
"""

# Curation entries are few beside persons (one per curator's action): a scan of them is cheaper
# than a node per (entry, person) kept for this read.
AUDIT_ENTRIES_OF = """
MATCH (a:AuditEntry) WHERE any(p IN a.person_ids WHERE p IN $ids)
RETURN a {.*} AS entry ORDER BY a.at, a.id
"""

# The index on the Queued label's ids gives the queued mentions in id order: 10,000 of them cost the same
# whatever the number of mentions stored.
QUEUED_MENTIONS = """
MATCH (m:Queued)
WHERE m.id > $after AND m.confidence >= $min_score
  AND ($source IS NULL OR EXISTS { (m)-[:IN]->(s:Document) WHERE s.kind = $source OR s.collection = $source })
WITH m ORDER BY m.id LIMIT $limit
MATCH (m)-[:IN]->(d:Document)
WITH m, d, CASE WHEN m.start > $ctx THEN m.start - $ctx ELSE 0 END AS window_start
RETURN m {.*} AS mention, d.title AS title, d.collection AS collection, d.kind AS kind,
       substring(coalesce(d.text, ''), window_start, m.end + $ctx - window_start) AS window, window_start
"""

COUNTS = """
CALL () { MATCH (p:Person) WHERE p.merged_into IS NULL RETURN count(p) AS persons }
CALL () { MATCH (n:Name) RETURN count(n) AS names }
CALL () { MATCH (d:Document) RETURN count(d) AS documents }
CALL () { MATCH (m:Mention) RETURN count(m) AS mentions }
CALL () { MATCH (:Person)-[r]->(:Person) RETURN count(r) AS relations }
RETURN persons, names, documents, mentions, relations
"""

PERSON_RECORDS_AFTER = (
    """
MATCH (p:Person) WHERE p.merged_into IS NULL AND p.id > $after
WITH p ORDER BY p.id LIMIT $limit"""
    + _NAMES_AND_RELATIONS
    + """RETURN p {.*} AS person, names, relations ORDER BY person.id
"""
)

PERSON_RECORDS_BY_ID = (
    """
MATCH (p:Person) WHERE p.id IN $ids AND p.merged_into IS NULL"""
    + _NAMES_AND_RELATIONS
    + """RETURN p {.*} AS person, names, relations
"""
)

# One row per page: the driver's cost is per record (≈ 18 µs), so a page of 5,000 persons as
# one list reads in a third of the time of 5,000 records.
PERSON_NAMES_AFTER = """
MATCH (p:Person) WHERE p.merged_into IS NULL AND p.id > $after
WITH p ORDER BY p.id LIMIT $limit
RETURN collect([p.id, p.preferred_name, [(p)-[:HAS_NAME]->(n:Name) | [n.key, n.type]]]) AS page
"""

DOCUMENTS_AFTER = """
MATCH (d:Document) WHERE d.id > $after AND ($kind IS NULL OR d.kind = $kind)
RETURN d {.*} AS document ORDER BY document.id LIMIT $limit
"""

DELETE_DOCUMENTS = """
MATCH (d:Document) WHERE d.id IN $ids
OPTIONAL MATCH (m:Mention)-[:IN]->(d)
DETACH DELETE m, d
"""

# The outbox: an Outbox node per committed batch and derived store that has yet to take it in,
# with the ids it touched; keyed "sink:batch key" so one sink's entries are a prefix of the index.
RECORD_PENDING = """
UNWIND $sinks AS sink
MERGE (o:Outbox {key: sink + ':' + $key})
ON CREATE SET o.sink = sink, o.persons = $persons, o.documents = $documents, o.relations = $relations, o.writes = 1
ON MATCH SET o.writes = coalesce(o.writes, 1) + 1
"""

PENDING = """
MATCH (o:Outbox) WHERE o.key STARTS WITH $prefix
RETURN substring(o.key, size($prefix)) AS key, o.persons AS persons, o.documents AS documents,
       coalesce(o.relations, []) AS relations, coalesce(o.writes, 1) AS writes
ORDER BY o.key
"""

CLEAR_PENDING = "UNWIND $keys AS key MATCH (o:Outbox {key: key}) DELETE o RETURN count(o) AS cleared"

# Each entry taken in, unless written again since it was read (GraphStore.clear_batches).
CLEAR_UNCHANGED = """
UNWIND $entries AS entry
MATCH (o:Outbox {key: entry.key}) WHERE coalesce(o.writes, 1) = entry.writes
DELETE o
"""

# One label at a time, mentions first: a transaction then deletes nodes of few links each.  All
# labels at once put persons with thousands of mentions into one transaction, which outgrew
# the server's transaction memory after a whole-archive ingest (178,633 letters, 512 MB heap).
CLEAR = [
    f"MATCH (n:{label}) CALL (n) {{ DETACH DELETE n }} IN TRANSACTIONS OF 5000 ROWS"
    for label in ("Mention", "AuditEntry", "Outbox", "Document", "Name", "Person")
]
