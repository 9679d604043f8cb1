"""SPARQL through Oxigraph: typed parameters, errors, result formats, Thai-aware tables and the
competency questions, on a hand-made fixture whose answers are known (and on the built sample)."""
from __future__ import annotations

import csv
import io
import json
import xml.etree.ElementTree as ET
from pathlib import Path

import pyoxigraph as ox
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from thaikg.cli import main
from thaikg.errors import QueryError
from thaikg.query import (
    competency_question,
    competency_questions,
    display_width,
    format_table,
    parse_param,
    parse_term,
    queries_dir,
    run_query,
    serialize_result,
)
from thaikg.store import open_graph_source

from .conftest import ROOT

FIXTURE = Path(__file__).parent / "fixtures" / "mini.trig"
SAMPLE_GRAPH = ROOT / "graph" / "thaikg.trig"
ID = "https://w3id.org/thaikg/id/"
XSD = "http://www.w3.org/2001/XMLSchema#"
CQ_NAMES = {"people-positions", "meetings", "co-participation", "topics-per-meeting", "topics-over-time",
            "programmes-proposed", "contributions", "entity-by-label", "fact-sources"}


@pytest.fixture(scope="module")
def store() -> ox.Store:
    return open_graph_source(FIXTURE)


def cq(store: ox.Store, name: str, **params: str):
    return run_query(store, competency_question(name).text, {k: parse_term(v) for k, v in params.items()},
                     source=name)


def run(capsys, *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


# -- parameters ----------------------------------------------------------------------------------

@pytest.mark.parametrize("text,expected", [
    ("<http://example.org/x>", ox.NamedNode("http://example.org/x")),
    ("https://w3id.org/thaikg/id/country/CA", ox.NamedNode(ID + "country/CA")),
    ("tkg:Meeting", ox.NamedNode("https://w3id.org/thaikg/ontology#Meeting")),
    ("id:person/Paul_Thoppil", ox.NamedNode(ID + "person/Paul_Thoppil")),
    ('"อาเซียน"@th', ox.Literal("อาเซียน", language="th")),
    ('"ASEAN"@EN', ox.Literal("ASEAN", language="en")),
    ('"18"', ox.Literal("18")),
    ('"say \\"hi\\""', ox.Literal('say "hi"')),
    ('"5"^^xsd:integer', ox.Literal("5", datatype=ox.NamedNode(XSD + "integer"))),
    ('"5"^^<http://example.org/dt>', ox.Literal("5", datatype=ox.NamedNode("http://example.org/dt"))),
    ("2021-07-13", ox.Literal("2021-07-13", datatype=ox.NamedNode(XSD + "date"))),
    ("18", ox.Literal("18", datatype=ox.NamedNode(XSD + "integer"))),
    ("-007", ox.Literal("-7", datatype=ox.NamedNode(XSD + "integer"))),
    ("๑๘", ox.Literal("18", datatype=ox.NamedNode(XSD + "integer"))),
    ("๒๐๒๑-๐๗-๑๓", ox.Literal("2021-07-13", datatype=ox.NamedNode(XSD + "date"))),
    (" ASEAN ", ox.Literal("ASEAN")),
    ("3.5", ox.Literal("3.5", datatype=ox.NamedNode(XSD + "decimal"))),
    ("true", ox.Literal("true", datatype=ox.NamedNode(XSD + "boolean"))),
    ("Aung Myo Myint", ox.Literal("Aung Myo Myint")),
    ("ชุตินทร คงศักดิ์", ox.Literal("ชุตินทร คงศักดิ์")),
    ("foo:bar", ox.Literal("foo:bar")),  # not a known prefix: a string
])
def test_parse_term(text, expected):
    assert parse_term(text) == expected


@pytest.mark.parametrize("text", ["2021-02-30", "<not an iri>", '"x"^^nope:dt'])
def test_parse_term_rejects(text):
    with pytest.raises(QueryError):
        parse_term(text)


def test_parse_param():
    assert parse_param("label=ASEAN") == ("label", ox.Literal("ASEAN"))
    assert parse_param("?d=2021-07-13")[0] == "d"
    assert parse_param("x=a=b") == ("x", ox.Literal("a=b"))
    for bad in ("novalue", "=x", "1x=2", "a b=c"):
        with pytest.raises(QueryError, match="NAME=VALUE"):
            parse_param(bad)


def test_parameters_are_bound_as_terms_never_pasted(store):
    before = len(store)
    evil = '"} } ; DROP ALL ; SELECT * WHERE { ?s ?p ?o'
    result = run_query(store, "SELECT ?label ?e WHERE { ?e rdfs:label ?label }", {"label": parse_term(evil)})
    assert result.rows == []
    assert len(store) == before
    result = run_query(store, "SELECT ?label ?e WHERE { ?e rdfs:label ?label }",
                       {"label": parse_term('"Paul Thoppil"@en')})
    assert result.values("e") == [ID + "person/Paul_Thoppil"]


def test_typed_parameters_match_typed_data(store):
    q = "SELECT ?d ?m WHERE { ?m tkg:date ?d }"
    assert run_query(store, q, {"d": parse_term("2021-07-13")}).values("m") == [ID + "event/asean-canada-som-18"]
    assert run_query(store, q, {"d": parse_term('"2021-07-13"')}).rows == []  # a string is not a date
    q = "SELECT ?n ?m WHERE { ?m tkg:edition ?n }"
    assert run_query(store, q, {"n": parse_term("9")}).values("m") == [ID + "event/mekong-lancang-fmm-9"]


def test_parameter_must_be_a_variable_of_the_query(store):
    with pytest.raises(QueryError, match=r"no variable \?nope"):
        run_query(store, "SELECT ?x WHERE { ?x a tkg:Person }", {"nope": ox.Literal("x")})
    with pytest.raises(QueryError, match="SELECT clause"):
        run_query(store, "SELECT ?x WHERE { ?x rdfs:label ?y }", {"y": ox.Literal("x")})


# -- running and errors --------------------------------------------------------------------------

def test_default_graph_is_the_union_and_named_graphs_are_kept(store):
    r = run_query(store, "SELECT (COUNT(DISTINCT ?p) AS ?n) WHERE { ?p a tkg:Person }")
    assert r.values("n") == ["6"]
    r = run_query(store, "SELECT DISTINCT ?g WHERE { GRAPH ?g { ?m a tkg:Meeting } } ORDER BY ?g")
    assert r.values("g") == [ID + "article/asean-canada-som18", ID + "article/mekong-lancang-fmm9",
                             ID + "article/thailand-new-zealand-courtesy-call"]


def test_ask_construct_and_own_prefixes(store):
    assert run_query(store, "ASK { ?x a tkg:Contribution }").boolean is True
    assert run_query(store, "ASK { ?x a tkg:Nothing }").boolean is False
    r = run_query(store, "PREFIX tkg: <http://example.org/other#> ASK { ?x a tkg:Person }")
    assert r.boolean is False  # the query's own PREFIX wins over the built-in one
    r = run_query(store, "CONSTRUCT { ?c rdfs:label ?l } WHERE { ?c a tkg:Country ; rdfs:label ?l }")
    assert r.kind == "graph" and len(r.triples) == 8


def test_syntax_error_names_line_and_column(store):
    with pytest.raises(QueryError) as info:
        run_query(store, "SELECT ?x WHERE {\n  ?x a tkg:Person .\n  ?x ?y\n}", source="q.rq")
    message = str(info.value)
    assert message.startswith("q.rq: syntax error at line 4, column")
    assert "\n" not in message
    with pytest.raises(QueryError, match=r"line 1, column \d+: unknown prefix ex:"):
        run_query(store, "SELECT ?x WHERE { ?x a ex:Thing }")


# -- formats -------------------------------------------------------------------------------------

def test_display_width_of_thai():
    assert display_width("ชุตินทร") == 5  # ุ and ิ take no column
    assert display_width("กระทรวงการต่างประเทศ") == 19
    assert display_width("โควิด-๑๙") == 7
    assert display_width("ASEAN") == 5
    assert display_width("日本") == 4


THAI_AND_LATIN = st.text(alphabet=st.sampled_from(list("กขคงจชซญดตนบปผพฟมยรลวสหอฮะาำเแโใไๆ๑๒๓ัิีึืุู็่้๊๋์abcXYZ -.")
                                                  + ["日", "本"]).filter(lambda c: c != "X"), max_size=30)


@settings(max_examples=60, deadline=None)
@given(st.lists(THAI_AND_LATIN, min_size=1, max_size=6))
def test_table_columns_line_up_with_thai_text(values):
    from thaikg.query import QueryResult

    rows = [(ox.Literal(v), ox.Literal("X")) for v in values]
    text = format_table(QueryResult("select", variables=["a", "X"], rows=rows), max_width=12)
    lines = text.splitlines()[:-1]  # the last line counts rows
    starts = {display_width(line[:line.rindex("X")]) for line in lines if "X" in line}
    assert len(starts) == 1, text
    assert all(display_width(line) <= 12 + 2 + 1 for line in lines[2:])


def test_result_formats(store):
    r = run_query(store, 'SELECT ?c ?l WHERE { ?c a tkg:Country ; rdfs:label ?l FILTER(LANG(?l) = "th") } ORDER BY ?c')
    rows = list(csv.reader(io.StringIO(serialize_result(r, "csv").decode("utf-8"))))
    assert rows[0] == ["c", "l"] and rows[1] == [ID + "country/CA", "แคนาดา"]
    tsv = serialize_result(r, "tsv").decode("utf-8").splitlines()
    assert tsv[0] == "?c\t?l" and tsv[1] == f'<{ID}country/CA>\t"แคนาดา"@th'
    doc = json.loads(serialize_result(r, "json"))
    assert doc["head"]["vars"] == ["c", "l"]
    assert doc["results"]["bindings"][0]["l"] == {"type": "literal", "value": "แคนาดา", "xml:lang": "th"}
    ns = {"s": "http://www.w3.org/2005/sparql-results#"}
    root = ET.fromstring(serialize_result(r, "xml"))
    assert [v.get("name") for v in root.find("s:head", ns)] == ["c", "l"]
    assert len(root.findall("s:results/s:result", ns)) == 4
    table = serialize_result(r, "table").decode("utf-8")
    assert "id:country/CA" in table and "แคนาดา" in table and table.rstrip().endswith("(4 rows)")
    ask = run_query(store, "ASK { ?x a tkg:Person }")
    assert json.loads(serialize_result(ask, "json"))["boolean"] is True
    assert serialize_result(ask, "csv") == b"true\n"


# -- competency questions ------------------------------------------------------------------------

def test_every_competency_question_is_shipped_with_a_header():
    questions = competency_questions()
    assert set(questions) == CQ_NAMES
    for name, q in questions.items():
        assert q.path.parent == queries_dir() and q.path.stem == name
        assert q.question_en.endswith("?") and q.question_th
        assert any("\u0e00" <= c <= "\u0e7f" for c in q.question_th)
    assert [p.name for p in questions["entity-by-label"].params] == ["label"]
    assert [(p.name, p.required) for p in questions["fact-sources"].params] == [("entity", True)]
    assert all(not questions[n].params for n in CQ_NAMES - {"entity-by-label", "fact-sources"})


def test_unknown_competency_question():
    with pytest.raises(QueryError, match="known: co-participation"):
        competency_question("nope")


def test_cq_people_positions(store):
    rows = {(r["personLabel"], r.get("positionLabel"), r.get("organisationLabel")) for r in cq(store, "people-positions").records()}
    assert ("ชุตินทร คงศักดิ์", "รองปลัดกระทรวงการต่างประเทศ", "กระทรวงการต่างประเทศ") in rows
    assert ("Paul Thoppil", "Assistant Deputy Minister", "กระทรวงการต่างประเทศแคนาดา") in rows
    assert ("Aung Myo Myint", "เอกอัครราชทูตผู้แทนถาวรเมียนมาประจำอาเซียน", "อาเซียน") in rows
    assert ("Catherine Ellwood", "เอกอัครราชทูตนิวซีแลนด์ประจำประเทศไทย", "นิวซีแลนด์") in rows
    assert ("หวัง อี้", None, None) in rows  # no known position: listed once, empty
    assert len(rows) == 6


def test_cq_meetings(store):
    r = cq(store, "meetings")
    by_meeting = {row["meeting"].rsplit("/", 1)[1]: row for row in r.records()}
    assert list(by_meeting) == ["asean-canada-som-18", "mekong-lancang-fmm-9",
                                "thailand-new-zealand-courtesy-call-2024-09-18"]  # by date
    som = by_meeting["asean-canada-som-18"]
    assert (som["date"], som["edition"], som["virtual"], som["places"]) == ("2021-07-13", "18", "true", "กรุงจาการ์ตา")
    assert "endDate" not in som
    assert set(som["chairs"].split("; ")) == {"Aung Myo Myint", "Paul Thoppil"}
    assert set(som["participants"].split("; ")) == {"Aung Myo Myint", "Paul Thoppil", "ชุตินทร คงศักดิ์"}
    mlc = by_meeting["mekong-lancang-fmm-9"]
    assert (mlc["date"], mlc["endDate"], mlc["places"]) == ("2024-08-15", "2024-08-16", "จังหวัดเชียงใหม่")
    assert set(mlc["chairs"].split("; ")) == {"มาริษ เสงี่ยมพงษ์", "หวัง อี้"}
    call = by_meeting["thailand-new-zealand-courtesy-call-2024-09-18"]
    assert "chairs" not in call and set(call["participants"].split("; ")) == {"มาริษ เสงี่ยมพงษ์", "Catherine Ellwood"}


def test_cq_co_participation(store):
    pairs = {frozenset((r["aLabel"], r["bLabel"])): (r["meetings"], r["first"]) for r in cq(store, "co-participation").records()}
    assert pairs == {
        frozenset(("Aung Myo Myint", "Paul Thoppil")): ("1", "2021-07-13"),
        frozenset(("Aung Myo Myint", "ชุตินทร คงศักดิ์")): ("1", "2021-07-13"),
        frozenset(("Paul Thoppil", "ชุตินทร คงศักดิ์")): ("1", "2021-07-13"),
        frozenset(("มาริษ เสงี่ยมพงษ์", "หวัง อี้")): ("1", "2024-08-15"),
        frozenset(("มาริษ เสงี่ยมพงษ์", "Catherine Ellwood")): ("1", "2024-09-18"),
    }


def test_cq_topics_per_meeting(store):
    rows = {(r["meeting"].rsplit("/", 1)[1], r["topicLabel"], r["kind"].rsplit("#", 1)[1])
            for r in cq(store, "topics-per-meeting").records()}
    assert ("asean-canada-som-18", "การฟื้นฟูจากโควิด-๑๙", "Topic") in rows
    assert ("asean-canada-som-18", "Canada-OECD Project for ASEAN SMEs", "Programme") in rows
    assert ("mekong-lancang-fmm-9", "ทรัพยากรน้ำ", "Topic") in rows
    assert ("thailand-new-zealand-courtesy-call-2024-09-18", "การค้าการลงทุน", "Topic") in rows
    assert len(rows) == 8


def test_cq_topics_over_time(store):
    rows = [(r["month"], r["topicLabel"], r["meetings"]) for r in cq(store, "topics-over-time").records()]
    assert [m for m, _, _ in rows] == sorted(m for m, _, _ in rows)
    assert ("2021-07", "การต่อต้านอาชญากรรมข้ามชาติ", "1") in rows
    assert ("2024-08", "การต่อต้านอาชญากรรมข้ามชาติ", "1") in rows  # the same topic, another month
    assert ("2024-09", "การค้าการลงทุน", "1") in rows
    assert {m for m, _, _ in rows} == {"2021-07", "2024-08", "2024-09"} and len(rows) == 8


def test_cq_topics_over_time_falls_back_to_the_article_date():
    small = ox.Store()
    small.load(input="""
        @prefix tkg: <https://w3id.org/thaikg/ontology#> . @prefix dcterms: <http://purl.org/dc/terms/> .
        @prefix xsd: <http://www.w3.org/2001/XMLSchema#> . @prefix id: <https://w3id.org/thaikg/id/> .
        <https://w3id.org/thaikg/id/article/a> {
            <https://w3id.org/thaikg/id/article/a> a tkg:Article ; dcterms:issued "2020-09-17"^^xsd:date .
            <https://w3id.org/thaikg/id/event/m> a tkg:Meeting ; tkg:discussed <https://w3id.org/thaikg/id/topic/t> ;
                tkg:mentionedIn <https://w3id.org/thaikg/id/article/a> .
            <https://w3id.org/thaikg/id/event/n> a tkg:Meeting ; tkg:discussed <https://w3id.org/thaikg/id/topic/t> .
        }""", format=ox.RdfFormat.TRIG)
    rows = cq(small, "topics-over-time").records()
    assert rows == [{"month": "2020-09", "topic": ID + "topic/t", "meetings": "1"}]  # n has no date at all


def test_cq_programmes_proposed(store):
    rows = {(r["itemLabel"], r.get("acronym"), r.get("proposerLabel")) for r in cq(store, "programmes-proposed").records()}
    assert rows == {
        ("Canada-OECD Project for ASEAN SMEs", "COPAS", "ชุตินทร คงศักดิ์"),
        ("โมเดล BCG", None, "ชุตินทร คงศักดิ์"),
        ("กองทุนอาเซียนเพื่อรับมือกับโควิด-๑๙", None, None),
        ("กองทุนพิเศษแม่โขง-ล้านช้าง", None, None),
    }


def test_cq_contributions(store):
    r = cq(store, "contributions")
    rows = [(x["donorLabel"], x["recipientLabel"], x.get("amount"), x.get("currency"), x["reported"]) for x in r.records()]
    assert rows == [("แคนาดา", "กองทุนอาเซียนเพื่อรับมือกับโควิด-๑๙", "3500000", "CAD", "2021-07-14"),
                    ("จีน", "กองทุนพิเศษแม่โขง-ล้านช้าง", None, None, "2024-08-17")]
    assert r.column("amount")[0].datatype == ox.NamedNode(XSD + "decimal")


@pytest.mark.parametrize("label", ["Aung Myo Myint", "aung myo MYINT", '"Aung Myo Myint"@en'])
def test_cq_entity_by_label_ignores_case(store, label):
    r = cq(store, "entity-by-label", label=label)
    assert set(r.values("entity")) == {ID + "person/Aung_Myo_Myint"}
    facts = {(x["direction"], x["property"].rsplit("#", 1)[-1], x.get("valueLabel", x["value"])) for x in r.records()}
    assert ("out", "holdsPosition", "เอกอัครราชทูตผู้แทนถาวรเมียนมาประจำอาเซียน") in facts
    assert ("out", "represents", "เมียนมา") in facts
    assert ("in", "chair", "การประชุมเจ้าหน้าที่อาวุโสอาเซียน-แคนาดา ครั้งที่ ๑๘") in facts
    assert not any(p in ("subject", "object", "taIdentRef") for _, p, _ in facts)  # provenance plumbing left out


@pytest.mark.parametrize("label,key", [("พม่า", "country/MM"), ("copas", "programme/COPAS"),
                                       ("นายมาริษ เสงี่ยมพงษ์", "person/มาริษ_เสงี่ยมพงษ์"),
                                       ("Maris Sangiampongsa", "person/มาริษ_เสงี่ยมพงษ์")])
def test_cq_entity_by_label_any_name(store, label, key):
    r = cq(store, "entity-by-label", label=label)
    assert set(r.values("entity")) == {ID + key}
    if key.startswith("person/มาริษ"):  # in two articles: both are known, each fact once
        articles = {x["value"] for x in r.records() if x["property"].endswith("mentionedIn")}
        assert len(articles) == 2
        assert len(r.rows) == len(set(r.rows))


def test_cq_fact_sources(store):
    r = cq(store, "fact-sources", entity=f"<{ID}person/Paul_Thoppil>")
    rows = {(x["property"].rsplit("#", 1)[1], x["text"]) for x in r.records()}
    assert {p for p, _ in rows} == {"chair", "participant", "holdsPosition", "represents"}
    assert all("Paul Thoppil" in text for _, text in rows)
    assert set(r.values("article")) == {ID + "article/asean-canada-som18"}
    r = cq(store, "fact-sources", entity=f"{ID}contribution/asean-canada-som18-1")
    assert {x["property"].rsplit("#", 1)[1] for x in r.records()} == {"donor", "recipient", "amount", "currency"}
    assert all("๓.๕ ล้านดอลลาร์แคนาดา" in t for t in r.values("text"))


# -- the command line ----------------------------------------------------------------------------

def test_cli_cq_table(capsys):
    code, out, err = run(capsys, "query", str(FIXTURE), "--cq", "meetings")
    assert code == 0 and not err
    assert "Aung Myo Myint" in out and out.rstrip().endswith("(3 rows)")


def test_cli_params_and_formats(capsys):
    code, out, _ = run(capsys, "query", str(FIXTURE), "--cq", "entity-by-label", "--param", "label=COPAS",
                       "--format", "json")
    assert code == 0
    assert {b["entity"]["value"] for b in json.loads(out)["results"]["bindings"]} == {ID + "programme/COPAS"}
    code, out, _ = run(capsys, "query", str(FIXTURE), "SELECT ?n ?m WHERE { ?m tkg:edition ?n }", "--param", "n=18",
                       "--format", "csv")
    assert code == 0 and out.splitlines()[1] == f"18,{ID}event/asean-canada-som-18"


def test_cli_query_from_file_and_construct(tmp_path, capsys):
    q = tmp_path / "q.rq"
    q.write_text("CONSTRUCT { ?c rdfs:label ?l } WHERE { ?c a tkg:Country ; rdfs:label ?l }", encoding="utf-8")
    code, out, _ = run(capsys, "query", str(FIXTURE), "-f", str(q))
    assert code == 0 and '"แคนาดา"@th' in out and out.startswith("@prefix")
    code, out, _ = run(capsys, "query", str(FIXTURE), "-f", str(q), "--rdf-format", "nt")
    assert code == 0 and len(out.splitlines()) == 8


def test_cli_list_cq(capsys):
    code, out, _ = run(capsys, "query", "--list-cq")
    assert code == 0
    for name in CQ_NAMES:
        assert name in out
    assert "--param label" in out and "ใครพบกับใคร" in out


@pytest.mark.parametrize("argv,needle", [
    (["SELECT ?x WHERE {\n ?x ?y\n}"], "syntax error at line 3, column"),
    (["--cq", "entity-by-label"], "needs --param label="),
    (["--cq", "nope"], "no competency question 'nope'"),
    ([], "exactly one of QUERY, -f FILE or --cq NAME"),
    (["SELECT * {}", "--param", "oops"], "NAME=VALUE"),
    (["CONSTRUCT WHERE { ?s ?p ?o }", "--rdf-format", "nope"], "unknown RDF format"),
])
def test_cli_errors_are_one_line_exit_2(capsys, argv, needle):
    code, out, err = run(capsys, "query", str(FIXTURE), *argv)
    assert code == 2 and not out
    assert needle in err and err.count("\n") == 1


def test_cli_missing_graph(tmp_path, capsys):
    code, _, err = run(capsys, "query", str(tmp_path / "nope.trig"), "ASK {}")
    assert code == 2 and "does not exist" in err


# -- the built sample ----------------------------------------------------------------------------

needs_sample = pytest.mark.skipif(not SAMPLE_GRAPH.exists(), reason="graph/thaikg.trig not built yet")


@pytest.fixture(scope="module")
def sample() -> ox.Store:
    return open_graph_source(SAMPLE_GRAPH)


@needs_sample
def test_sample_som18_chairs_and_date(sample):
    r = run_query(sample, """
        SELECT DISTINCT ?m ?date ?name WHERE {
          ?m tkg:edition 18 ; tkg:date ?date ; tkg:chair ?chair .
          ?chair rdfs:label|skos:altLabel ?name .
        }""")
    assert set(r.values("date")) == {"2021-07-13"}
    assert {"Aung Myo Myint", "Paul Thoppil"} <= set(r.values("name"))
    som = [row for row in cq(sample, "meetings").records() if row.get("edition") == "18"]
    assert len(som) == 1 and som[0]["date"] == "2021-07-13"
    assert {"Aung Myo Myint", "Paul Thoppil"} <= set(som[0]["chairs"].split("; "))


@needs_sample
def test_sample_contribution_and_sources(sample):
    rows = cq(sample, "contributions").records()
    assert any(r.get("amount") == "3500000" and r.get("currency") == "CAD" for r in rows)
    people = cq(sample, "entity-by-label", label="Paul Thoppil").values("entity")
    assert people
    sources = cq(sample, "fact-sources", entity=f"<{people[0]}>")
    assert any("Paul Thoppil" in t for t in sources.values("text"))


@needs_sample
@pytest.mark.parametrize("name", sorted(CQ_NAMES - {"entity-by-label", "fact-sources"}))
def test_sample_every_cq_answers(sample, name):
    assert cq(sample, name).rows, f"{name} found nothing in the built sample"
