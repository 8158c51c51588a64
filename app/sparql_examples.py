"""The worked examples of the /sparql page: real questions, each runnable on the demo corpus.

``{base}`` in a query is the deployment's ZHIREN_BASE_URI (our vocabulary is ``{base}ontology#``);
tests/unit/app/test_sparql_page.py runs every one on the demo and checks it answers.

Each is written so that Oxigraph's planner, which has no statistics, runs it from its most
selective pattern at the issue's 500,000 persons (bench/bench_api.py): an OPTIONAL comes last in
its group (a pattern after it was joined against every match in the store: "evidence" took 20 s at
100,000 persons, 20 ms this way), and a choice of types is a FILTER on the bound type rather than
a UNION of type scans (every letter of the archive read before its date: 1.1 s at 100,000).
"""

from __future__ import annotations

from dataclasses import dataclass

PREFIXES = """PREFIX zr: <{base}ontology#>
PREFIX skos: <http://www.w3.org/2004/02/skos/core#>
PREFIX skosxl: <http://www.w3.org/2008/05/skos-xl#>
PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
PREFIX owl: <http://www.w3.org/2002/07/owl#>
PREFIX schema: <http://schema.org/>
PREFIX dcterms: <http://purl.org/dc/terms/>
PREFIX rel: <http://purl.org/vocab/relationship/>
PREFIX prov: <http://www.w3.org/ns/prov#>
PREFIX bf: <http://id.loc.gov/ontologies/bibframe/>
"""


@dataclass(frozen=True)
class Example:
    slug: str
    title: str
    query: str  # without the PREFIX lines

    def text(self, base: str) -> str:
        """The whole query with the prefixes, for this base URI."""
        return (PREFIXES + "\n" + self.query.strip() + "\n").replace("{base}", base)


KIN = "zr:fatherOf|zr:motherOf|rel:childOf|rel:spouseOf|rel:siblingOf"

EXAMPLES = (
    Example("names", "盛宣怀's names by type and script (名, 字, 号 … in each script, with pinyin)", """
SELECT ?name (LANG(?name) AS ?script) ?type ?pinyin ?wadeGiles WHERE {
  ?person skos:prefLabel "盛宣怀"@zh-Hans ;
          zr:hasName ?n .
  ?n skosxl:literalForm ?name ;
     zr:nameType ?type .
  OPTIONAL { ?n zr:pinyin ?pinyin }
  OPTIONAL { ?n zr:wadeGiles ?wadeGiles }
}
ORDER BY ?type ?name"""),
    Example("kin", "盛宣怀's kin to depth 3 (parents, children, spouses, siblings, and theirs)", f"""
SELECT ?kin ?name (MIN(?step) AS ?depth) WHERE {{
  ?me skos:prefLabel "盛宣怀"@zh-Hans .
  {{ ?me {KIN} ?kin . BIND(1 AS ?step) }}
  UNION {{ ?me ({KIN})/({KIN}) ?kin . BIND(2 AS ?step) }}
  UNION {{ ?me ({KIN})/({KIN})/({KIN}) ?kin . BIND(3 AS ?step) }}
  FILTER(?kin != ?me)
  ?kin skos:prefLabel ?name .
}}
GROUP BY ?kin ?name
ORDER BY ?depth ?name"""),
    Example("wrote-to-in-year", "Everyone who wrote to 盛宣怀 in 1896 (光绪二十二年), with the letters", """
SELECT ?senderName ?title ?date ?letter WHERE {
  ?sheng skos:prefLabel "盛宣怀"@zh-Hans .
  ?to zr:inDocument ?letter ; zr:role zr:RecipientRole ; zr:refersTo ?sheng .
  ?from zr:inDocument ?letter ; zr:role zr:SenderRole ; zr:refersTo ?sender .
  ?sender skos:prefLabel ?senderName .
  ?letter dcterms:title ?title ;
          dcterms:date ?date .
  FILTER(STRSTARTS(STR(?date), "1896"))
}
ORDER BY ?date"""),
    Example("place-and-reign", "Persons from 武进 named in documents of the 光绪 reign", """
SELECT ?name ?born ?died (COUNT(DISTINCT ?doc) AS ?documents) WHERE {
  ?person zr:nativePlace "武进"@zh ;
          skos:prefLabel ?name .
  ?mention zr:refersTo ?person ; zr:inDocument ?doc .
  ?doc zr:reignPeriod "光绪"@zh .
  OPTIONAL { ?person schema:birthDate ?born }
  OPTIONAL { ?person schema:deathDate ?died }
}
GROUP BY ?name ?born ?died
ORDER BY DESC(?documents)"""),
    Example("two-persons", "Documents that mention both 盛宣怀 and 张之洞", """
SELECT DISTINCT ?doc ?title ?date WHERE {
  ?a skos:prefLabel "盛宣怀"@zh-Hans .
  ?b skos:prefLabel "张之洞"@zh-Hans .
  ?m1 zr:refersTo ?a ; zr:inDocument ?doc .
  ?m2 zr:refersTo ?b ; zr:inDocument ?doc .
  ?doc dcterms:title ?title .
  OPTIONAL { ?doc dcterms:date ?date }
}
ORDER BY ?date"""),
    Example("evidence", "The evidence behind one link: the passages that say 张之洞 wrote to 盛宣怀", """
SELECT ?surface ?passage ?title ?method ?confidence WHERE {
  ?a skos:prefLabel "张之洞"@zh-Hans .
  ?b skos:prefLabel "盛宣怀"@zh-Hans .
  ?relation zr:relationSubject ?a ;
            zr:relationObject ?b .
  ?relation zr:relationProperty zr:wroteTo ;
            prov:wasDerivedFrom ?mention .
  ?mention zr:surface ?surface ;
           zr:inDocument ?doc ;
           zr:linkMethod ?method ;
           zr:confidence ?confidence .
  ?doc dcterms:title ?title .
  OPTIONAL { ?mention zr:passage ?passage }
}"""),
    Example("curation", "Who curated what, and when (the audit log as PROV activities)", """
SELECT ?when ?curator ?operation ?name ?reason WHERE {
  ?activity a zr:CurationActivity ;
            prov:startedAtTime ?when ;
            prov:wasAssociatedWith ?agent ;
            zr:operation ?operation .
  ?agent rdfs:label ?curator .
  OPTIONAL { ?activity zr:changed ?person . ?person skos:prefLabel ?name }
  OPTIONAL { ?activity rdfs:comment ?reason }
}
ORDER BY DESC(?when)"""),
    Example("shanghai-library", "Joined with the Shanghai Library: our persons with its URIs (owl:sameAs), "
            "their 字 and 号 as its shl:courtesyName and shl:pseudonym", """
# zr:courtesyName owl:equivalentProperty shl:courtesyName; zr:artName owl:equivalentProperty shl:pseudonym
# (ontology/zhiren.ttl): run the same join over the library's data and ours loaded together.
SELECT ?name ?shlPerson ?courtesyName ?pseudonym WHERE {
  ?person owl:sameAs ?shlPerson ;
          skos:prefLabel ?name .
  FILTER(STRSTARTS(STR(?shlPerson), "http://data.library.sh.cn/"))
  OPTIONAL { ?person zr:courtesyName ?courtesyName }
  OPTIONAL { ?person zr:artName ?pseudonym }
}"""),
    Example("wade-giles", "A person found by a Wade-Giles romanisation (Sheng Hsuan-huai)", """
SELECT ?person ?preferred ?name ?pinyin WHERE {
  ?n zr:wadeGiles "sheng hsuan huai"@zh-Latn-wadegile ;
     zr:nameOf ?person ;
     skosxl:literalForm ?name ;
     zr:pinyin ?pinyin .
  ?person skos:prefLabel ?preferred .
}"""),
    Example("letters-per-year", "Letters and telegrams per year", """
SELECT ?year (COUNT(?doc) AS ?documents) WHERE {
  ?doc dcterms:date ?date ;
       a ?kind .
  FILTER(?kind IN (zr:Letter, zr:Telegram))
  BIND(SUBSTR(STR(?date), 1, 4) AS ?year)
}
GROUP BY ?year
ORDER BY ?year"""),
    Example("most-mentioned", "The persons mentioned most in the letters and telegrams to 盛宣怀", """
SELECT ?name (COUNT(?mention) AS ?mentions) (COUNT(DISTINCT ?doc) AS ?documents) WHERE {
  ?sheng skos:prefLabel "盛宣怀"@zh-Hans .
  ?to zr:refersTo ?sheng ;
      zr:role zr:RecipientRole ;
      zr:inDocument ?doc .
  ?mention zr:inDocument ?doc ;
           zr:refersTo ?person .
  ?person skos:prefLabel ?name .
  FILTER(?person != ?sheng)
}
GROUP BY ?name
ORDER BY DESC(?mentions)
LIMIT 10"""),
    Example("network", "盛宣怀's correspondence network: who wrote to him and to whom he wrote, on how many "
            "letters' evidence", """
SELECT ?direction ?otherName (COUNT(?mention) AS ?evidence) WHERE {
  ?sheng skos:prefLabel "盛宣怀"@zh-Hans .
  {
    ?relation zr:relationObject ?sheng ; zr:relationSubject ?other .
    BIND("wrote to him" AS ?direction)
  } UNION {
    ?relation zr:relationSubject ?sheng ; zr:relationObject ?other .
    BIND("he wrote to" AS ?direction)
  }
  ?relation zr:relationProperty zr:wroteTo ;
            prov:wasDerivedFrom ?mention .
  ?other skos:prefLabel ?otherName .
}
GROUP BY ?direction ?otherName
ORDER BY ?direction DESC(?evidence)"""),
    Example("courtesy-names", "Everyone who bore the courtesy name (字) 少荃, with life dates: homonyms by 字", """
SELECT ?person ?name ?born ?died WHERE {
  ?person zr:courtesyName "少荃"@zh-Hans ;
          skos:prefLabel ?name .
  OPTIONAL { ?person schema:birthDate ?born }
  OPTIONAL { ?person schema:deathDate ?died }
}
ORDER BY ?born"""),
    Example("ask", "ASK: did 李鸿章 write to 盛宣怀?", """
ASK {
  ?a skos:prefLabel "李鸿章"@zh-Hans .
  ?b skos:prefLabel "盛宣怀"@zh-Hans .
  ?a zr:wroteTo ?b .
}"""),
    Example("construct", "CONSTRUCT: 盛宣怀's correspondents as a small graph (ask for Turtle or JSON-LD)", """
CONSTRUCT {
  ?other zr:wroteTo ?sheng .
  ?other skos:prefLabel ?name .
} WHERE {
  ?sheng skos:prefLabel "盛宣怀"@zh-Hans .
  ?other zr:wroteTo ?sheng ;
         skos:prefLabel ?name .
}"""),
)
