"""Every Cypher statement Zhiren runs, in one place. Parameters only: no value is ever formatted in.

Relations between persons are native relationship types (FATHER_OF, WROTE_TO …); the type
comes from the closed RelationType enum and is set with Cypher's dynamic ``$(…)`` syntax.
"""

MIGRATIONS = (
    "CREATE CONSTRAINT person_id IF NOT EXISTS FOR (p:Person) REQUIRE p.id IS UNIQUE",
    "CREATE CONSTRAINT name_id IF NOT EXISTS FOR (n:Name) REQUIRE n.id IS UNIQUE",
    "CREATE CONSTRAINT document_id IF NOT EXISTS FOR (d:Document) REQUIRE d.id IS UNIQUE",
    "CREATE CONSTRAINT mention_id IF NOT EXISTS FOR (m:Mention) REQUIRE m.id IS UNIQUE",
    "CREATE INDEX name_key IF NOT EXISTS FOR (n:Name) ON (n.key)",
    "CREATE INDEX person_merged_into IF NOT EXISTS FOR (p:Person) ON (p.merged_into)",
    "CREATE INDEX mention_person IF NOT EXISTS FOR (m:Mention) ON (m.person_id)",
    "CREATE INDEX mention_document IF NOT EXISTS FOR (m:Mention) ON (m.document_id)",
)

UPSERT_PERSONS = """
UNWIND $rows AS row
MERGE (p:Person {id: row.id})
SET p += row
"""

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

UPSERT_MENTIONS = """
UNWIND $rows AS row
MERGE (m:Mention {id: row.id})
SET m += row
FOREACH (old IN [(m)-[r:REFERS_TO]->(q:Person) WHERE q.id <> coalesce(row.person_id, '') | r] | DELETE old)
WITH m, row
MATCH (d:Document {id: row.document_id})
MERGE (m)-[:IN]->(d)
WITH m, row WHERE row.person_id IS NOT NULL
MATCH (p:Person {id: row.person_id})
MERGE (m)-[:REFERS_TO]->(p)
"""

UPSERT_RELATIONS = """
UNWIND $rows AS row
MATCH (a:Person {id: row.source_id}), (b:Person {id: row.target_id})
MERGE (a)-[r:$(row.type) {id: row.id}]->(b)
SET r.confidence = row.confidence, r.date = row.date, r.attributes = row.attributes,
    r.evidence = reduce(acc = coalesce(r.evidence, []), e IN row.evidence |
                        CASE WHEN e IN acc THEN acc ELSE acc + e END)
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

GET_PERSON_RECORD = (
    """
MATCH (p:Person {id: $id})"""
    + _NAMES_AND_RELATIONS
    + """CALL (p) {
  OPTIONAL MATCH (m:Mention)-[:REFERS_TO]->(p)
  WITH m ORDER BY m.document_id, m.start LIMIT $mention_limit
  RETURN collect(m {.*}) AS mentions
}
RETURN p {.*} AS person, names, relations, mentions
"""
)

GET_DOCUMENT = """
MATCH (d:Document {id: $id})
OPTIONAL MATCH (m:Mention)-[:IN]->(d)
WITH d, m ORDER BY m.start
RETURN d {.*} AS document, collect(m {.*}) AS mentions
"""

MENTIONS_BY_ID = "MATCH (m:Mention) WHERE m.id IN $ids RETURN m {.*} AS mention"

FIND_PERSONS_BY_NAME = """
MATCH (n:Name {key: $key})<-[:HAS_NAME]-(p:Person)
WHERE p.merged_into IS NULL
RETURN DISTINCT p {.*} AS person ORDER BY person.id LIMIT $limit
"""

NAME_CANDIDATES = """
MATCH (n:Name {key: $key})<-[:HAS_NAME]-(p:Person)
WHERE p.merged_into IS NULL
WITH p, collect(n {.*}) AS names
RETURN p {.*} AS person, names ORDER BY person.id LIMIT $limit
"""

NAME_CANDIDATES_MANY = """
UNWIND $keys AS key
CALL (key) {
  MATCH (n:Name {key: key})<-[:HAS_NAME]-(p:Person)
  WHERE p.merged_into IS NULL
  WITH p, collect(n {.*}) AS names
  RETURN p {.*} AS person, names ORDER BY person.id LIMIT $limit
}
RETURN key, person, names
"""

RELATIONS_AMONG = """
MATCH (a:Person)-[]->(b:Person)
WHERE a.id IN $ids AND b.id IN $ids
RETURN a.id AS source, b.id AS target
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

MERGE_NAMES = """
MATCH (:Person {id: $merged})-[h:HAS_NAME]->(n:Name)
MATCH (s:Person {id: $survivor})
DELETE h
MERGE (s)-[:HAS_NAME]->(n)
SET n.person_id = $survivor, n.preferred = false
RETURN n.id AS id ORDER BY id
"""

MERGE_MENTIONS = """
MATCH (m:Mention)-[h:REFERS_TO]->(:Person {id: $merged})
MATCH (s:Person {id: $survivor})
DELETE h
MERGE (m)-[:REFERS_TO]->(s)
SET m.person_id = $survivor
RETURN m.id AS id ORDER BY id
"""

MERGE_OUTGOING = """
MATCH (m:Person {id: $merged})-[r]->(o:Person)
MATCH (s:Person {id: $survivor})
WITH r, s, CASE WHEN o = m THEN s ELSE o END AS target
CREATE (s)-[moved:$(type(r))]->(target)
SET moved = properties(r)
DELETE r
RETURN moved.id AS id
"""

MERGE_INCOMING = """
MATCH (o:Person)-[r]->(m:Person {id: $merged})
MATCH (s:Person {id: $survivor})
CREATE (o)-[moved:$(type(r))]->(s)
SET moved = properties(r)
DELETE r
RETURN moved.id AS id
"""

MARK_MERGED = """
MATCH (p:Person) WHERE p.id = $merged OR p.merged_into = $merged
SET p.merged_into = $survivor
"""

OWNED_NAME_IDS = "MATCH (:Person {id: $id})-[:HAS_NAME]->(n:Name) RETURN n.id AS id"
OWNED_MENTION_IDS = "MATCH (m:Mention)-[:REFERS_TO]->(:Person {id: $id}) RETURN m.id AS id"

SPLIT_NAMES = """
MATCH (:Person {id: $old})-[h:HAS_NAME]->(n:Name) WHERE n.id IN $ids
MATCH (p:Person {id: $new})
DELETE h
MERGE (p)-[:HAS_NAME]->(n)
SET n.person_id = $new, n.preferred = false
"""

SPLIT_MENTIONS = """
MATCH (m:Mention)-[h:REFERS_TO]->(:Person {id: $old}) WHERE m.id IN $ids
MATCH (p:Person {id: $new})
DELETE h
MERGE (m)-[:REFERS_TO]->(p)
SET m.person_id = $new
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

DOCUMENTS_AFTER = """
MATCH (d:Document) WHERE d.id > $after
RETURN d {.*} AS document ORDER BY document.id LIMIT $limit
"""

CLEAR = """
MATCH (n) WHERE n:Person OR n:Name OR n:Document OR n:Mention
CALL (n) { DETACH DELETE n } IN TRANSACTIONS OF 10000 ROWS
"""
