"""What the pipeline extracts from the bundled sample: the facts a user would check first."""
from __future__ import annotations

from decimal import Decimal

import pytest
from rdflib import Literal, URIRef
from rdflib.namespace import OWL, RDF, RDFS, XSD

from thaikg.document import Ref
from thaikg.rdf.namespaces import ITSRDF, NIF, TKG


def _doc(sample_build, doc_id):
    return next(d for d in sample_build.documents if d.id == doc_id)


def _labels(doc, key):
    return doc.entities[key].all_labels()


def _find(doc, cls, label):
    hits = [k for k, e in doc.entities.items() if e.cls == cls and label in e.all_labels()]
    assert hits, f"no {cls} labelled {label!r}"
    return hits[0]


def _objects(doc, subject, predicate):
    return {f.object.key if isinstance(f.object, Ref) else f.object for f in doc.facts
            if f.subject == subject and f.predicate == predicate}


def test_seed_meeting_is_complete(sample_build):
    doc = _doc(sample_build, "asean-canada-som18")
    som = _find(doc, "Meeting", "การประชุมเจ้าหน้าที่อาวุโสอาเซียน-แคนาดา ครั้งที่ ๑๘")
    aung, thoppil = _find(doc, "Person", "Aung Myo Myint"), _find(doc, "Person", "Paul Thoppil")
    chutintorn = _find(doc, "Person", "ชุตินทร คงศักดิ์")
    assert _objects(doc, som, "chair") == {aung, thoppil}
    assert chutintorn in _objects(doc, som, "participant")
    assert {str(d) for d in _objects(doc, som, "date")} == {"2021-07-13"}
    assert _objects(doc, som, "edition") == {18}
    assert _objects(doc, som, "virtual") == {True}


def test_seed_titles_and_their_organisations(sample_build):
    doc = _doc(sample_build, "asean-canada-som18")
    chutintorn = _find(doc, "Person", "ชุตินทร คงศักดิ์")
    [post] = _objects(doc, chutintorn, "holdsPosition")
    assert "รองปลัดกระทรวงการต่างประเทศ" in _labels(doc, post)
    assert _objects(doc, post, "positionIn") == {"gov/th-mfa"}
    aung = _find(doc, "Person", "Aung Myo Myint")
    [aung_post] = _objects(doc, aung, "holdsPosition")
    assert "country/MM" in _objects(doc, aung_post, "positionIn")
    assert "country/MM" in _objects(doc, aung, "represents")


def test_seed_contribution(sample_build):
    doc = _doc(sample_build, "asean-canada-som18")
    [c] = [k for k, e in doc.entities.items() if e.cls == "Contribution"]
    assert _objects(doc, c, "donor") == {"country/CA"}
    assert _objects(doc, c, "amount") == {Decimal(3500000)}
    assert _objects(doc, c, "currency") == {"CAD"}
    [fund] = _objects(doc, c, "recipient")
    assert "กองทุนอาเซียนเพื่อรับมือกับโควิด-๑๙" in _labels(doc, fund)


def test_title_only_reference_resolves_to_the_person(sample_build):
    """"รองปลัดกระทรวงการต่างประเทศ … โดยเสนอ …": the proposer is the person holding that title."""
    doc = _doc(sample_build, "asean-canada-som18")
    chutintorn = _find(doc, "Person", "ชุตินทร คงศักดิ์")
    proposed = {next(iter(_labels(doc, k))) and k for k in _objects(doc, chutintorn, "proposed")}
    assert any("COPAS" in _labels(doc, k) for k in proposed)


def test_date_ranges_locations_and_co_chairs(sample_build):
    doc = _doc(sample_build, "mekong-lancang-fmm9-chiang-mai-2567")
    fmm = _find(doc, "Meeting", "การประชุมรัฐมนตรีต่างประเทศแม่โขง-ล้านช้าง ครั้งที่ ๙")
    assert {str(d) for d in _objects(doc, fmm, "date")} == {"2024-08-15"}
    assert {str(d) for d in _objects(doc, fmm, "endDate")} == {"2024-08-16"}
    assert _objects(doc, fmm, "edition") == {9}
    assert _objects(doc, fmm, "location") == {"place/th-50"}
    chairs = {next(iter(sorted(_labels(doc, k)))) for k in _objects(doc, fmm, "chair") if k.startswith("person/")}
    assert {"มาริษ เสงี่ยมพงษ์", "หวัง อี้"} <= {lab for k in _objects(doc, fmm, "chair") for lab in _labels(doc, k)}
    del chairs
    assert {"country/KH", "country/LA", "country/MM", "country/VN"} <= _objects(doc, fmm, "participant")


def test_foreign_ministry_is_not_thailands(sample_build):
    doc = _doc(sample_build, "mekong-lancang-fmm9-chiang-mai-2567")
    wang = _find(doc, "Person", "หวัง อี้")
    assert "Wang Yi" in _labels(doc, wang)
    orgs = {o for p in _objects(doc, wang, "holdsPosition") for o in _objects(doc, p, "positionIn")}
    assert "gov/th-mfa" not in orgs
    assert any(doc.entities[o].cls == "GovernmentOrganization" and "จีน" in "".join(_labels(doc, o)) for o in orgs)


def test_same_entity_same_iri_across_articles(sample_build):
    mentioned = {}
    for d in sample_build.documents:
        for k in d.entities:
            mentioned.setdefault(k, set()).add(d.id)
    assert len(mentioned["org/asean"]) == 4
    maris = [k for k in mentioned if k.startswith("person/มาริษ")]
    assert len(maris) == 1 and len(mentioned[maris[0]]) == 2


def test_wikidata_links_for_known_countries(sample_build):
    ds = sample_build.dataset
    assert (URIRef("https://w3id.org/thaikg/id/country/CA"), OWL.sameAs,
            URIRef("http://www.wikidata.org/entity/Q16")) in ds


def test_every_mention_points_at_its_words_in_the_original(sample_build):
    ds = sample_build.dataset
    checked = 0
    for g in ds.graphs():
        contexts = {s: str(o) for s, o in g.subject_objects(NIF.isString)}
        for node in g.subjects(RDF.type, NIF.Phrase):
            ctx = contexts[g.value(node, NIF.referenceContext)]
            begin, end = int(g.value(node, NIF.beginIndex)), int(g.value(node, NIF.endIndex))
            assert ctx[begin:end] == str(g.value(node, NIF.anchorOf))
            assert g.value(node, ITSRDF.taIdentRef) is not None
            checked += 1
    assert checked > 200


def test_every_fact_leads_to_a_sentence(sample_build):
    ds = sample_build.dataset
    statements = list(ds.subjects(RDF.type, RDF.Statement))
    assert statements
    for st in statements[:200]:
        sentence = ds.value(st, TKG.sourceSentence)
        assert sentence is not None and ds.value(sentence, NIF.anchorOf)


@pytest.mark.parametrize("doc_id,title,created,views", [
    ("asean-canada-som18", "รองปลัดกระทรวงการต่างประเทศสนับสนุนการฟื้นฟูที่เข้มแข็งและยั่งยืนในการประชุมเจ้าหน้าที่อาวุโสอาเซียน-แคนาดา ครั้งที่ ๑๘", "2021-07-14", 6132),
    ("thailand-timor-leste-jcbc5-tica-2568", None, "2025-03-03", 1276),
])
def test_article_metadata(sample_build, doc_id, title, created, views):
    ds = sample_build.dataset
    art = URIRef(f"https://w3id.org/thaikg/id/article/{doc_id}")
    from rdflib.namespace import DCTERMS

    if title:
        assert ds.value(art, DCTERMS.title) == Literal(title, lang="th")
    assert ds.value(art, DCTERMS.created) == Literal(created, datatype=XSD.date)
    assert ds.value(art, TKG.viewCount).toPython() == views
    assert ds.value(art, RDFS.label) is None


def test_sample_graph_conforms_to_the_shapes(sample_build):
    from thaikg.validate import validate

    report = validate(sample_build.dataset)
    assert report.conforms, report.violations[:5]


def test_bracketed_english_name_without_honorifics():
    from thaikg.builder import build

    text = ("ข่าว\n\nเมื่อวันที่ ๑ มีนาคม ๒๕๖๘ นางเอฟเรน ดาก์เดลอเรน (H.E. Ms. Evren Dagdelen Akgun) "
            "เอกอัครราชทูตสาธารณรัฐตุรกีประจำประเทศไทย เข้าเยี่ยมคารวะนายมาริษ เสงี่ยมพงษ์ "
            "รัฐมนตรีว่าการกระทรวงการต่างประเทศ\n").encode()
    doc = build(["-"], stdin=text).documents[0]
    person = next(e for e in doc.entities.values() if e.cls == "Person" and "Evren Dagdelen Akgun" in e.all_labels())
    assert not any("H.E." in label for label in person.all_labels())
    post = next(e for e in doc.entities.values() if e.cls == "Position" and e.key.startswith("position/เอกอัครราชทูต"))
    assert any(f.subject == post.key and f.predicate == "positionIn" and getattr(f.object, "key", "") == "country/TR"
               for f in doc.facts)


def _build_text(body: str):
    from thaikg.builder import build

    return build(["-"], stdin=f"ข่าว\n\n{body}\n".encode()).documents[0]


def test_abbreviated_name_refers_to_the_full_name_before():
    doc = _build_text("เมื่อวันที่ 2 พฤศจิกายน 2565 ทั้งสองฝ่ายหารือถึงศูนย์ความเป็นเลิศเพื่อต่อต้านการค้ามนุษย์ "
                      "ซึ่งจะเปิดในปีหน้า โดยศูนย์ความเป็นเลิศฯ จะเป็นกลไกสำคัญ")
    short = next(m for m in doc.mentions if m.text == "ศูนย์ความเป็นเลิศฯ")
    full = next(m for m in doc.mentions if m.text == "ศูนย์ความเป็นเลิศเพื่อต่อต้านการค้ามนุษย์")
    assert short.entity == full.entity is not None


def test_a_signing_ceremony_is_an_event_named_by_its_agreement():
    doc = _build_text("เมื่อวันที่ 2 พฤศจิกายน 2565 นายสมศักดิ์ เทพสุทิน รัฐมนตรีว่าการกระทรวงยุติธรรม "
                      "ร่วมพิธีลงนามบันทึกความเข้าใจว่าด้วยความร่วมมือด้านการต่อต้านการค้ามนุษย์ ณ ทำเนียบรัฐบาล")
    [event] = [e for e in doc.entities.values() if e.cls == "Meeting"]
    assert any(f.subject == event.key and f.predicate == "participant" for f in doc.facts)
    assert any(f.subject == event.key and f.predicate == "location" for f in doc.facts)
    assert any(f.subject == event.key and f.predicate == "date" and str(f.object) == "2022-11-02" for f in doc.facts)


@pytest.mark.parametrize(("text", "cls", "name"), [
    ("กระทรวงมหาดไทยลงพื้นที่ติดตามการช่วยเหลือประชาชน", "GovernmentOrganization", "กระทรวงมหาดไทย"),
    ("กรมบัญชีกลางจัดงานสัมมนา", "GovernmentOrganization", "กรมบัญชีกลาง"),
    ("เมืองพัทยากวาดล้างคนต่างชาติลักลอบทำงาน", "Place", "เมืองพัทยา"),
    ("ประชุมที่ทำเนียบรัฐบาลติมอร์-เลสเต", "Place", "ทำเนียบรัฐบาลติมอร์-เลสเต"),  # another country's: whole
    ("พบกันที่ตึกไทยคู่ฟ้า ทำเนียบรัฐบาล", "Place", "ตึกไทยคู่ฟ้า"),  # a country after the head: whole
    ("สำนักงานสหกรณ์จังหวัดกระบี่บูรณาการการทำงานร่วมกัน", "GovernmentOrganization",
     "สำนักงานสหกรณ์จังหวัดกระบี่"),  # a known name inside the name
    ("ประชุมที่ห้องประชุมตึกไทยพันธมิตร", "Place", "ห้องประชุมตึกไทยพันธมิตร"),  # ไทย is too short to end it
    ("กระทรวงการต่างประเทศของสาธารณรัฐสังคมนิยมเวียดนาม", "GovernmentOrganization",
     "กระทรวงการต่างประเทศของสาธารณรัฐสังคมนิยมเวียดนาม"),  # ของ carries the name on
])
def test_a_headline_name_ends_where_the_known_name_ends(text, cls, name):
    """Headlines run the predicate on without a space (recognise._cut_after_known)."""
    from thaikg.builder import build

    doc = build(["-"], stdin=("ข่าว\n" + text + "\n").encode()).documents[0]
    names = {m.text for m in doc.mentions if m.cls == cls}
    assert name in names, names
    assert not any(n.startswith(name) and len(n) > len(name) for n in names), names


@pytest.mark.parametrize(("sentence", "title"), [
    ("Mr. Tan Kim, Chairman of Poh Teck Tung Foundation and the delegation paid a courtesy call on the Prime Minister.",
     "Chairman of Poh Teck Tung Foundation"),  # never into the sentence that follows
    ("Mr. Tan Kim met the Prime Minister.", "Prime Minister"),  # nor its full stop
    ("The visit of Prime Minister and Defense Minister Gen. Prayut Chan-o-cha to Saudi Arabia.",
     "Prime Minister and Defense Minister"),  # nor the holder's name
    ("Mr. Don Pramudwinai, Minister of Foreign Affairs of the Kingdom of Thailand at the conference",
     "Minister of Foreign Affairs of the Kingdom of Thailand"),
])
def test_an_english_title_ends_with_its_name(sentence, title):
    from thaikg.builder import build

    doc = build(["-"], stdin=("News\n" + sentence + "\n").encode()).documents[0]
    assert title in {m.text for m in doc.mentions if m.cls == "Position"}


@pytest.mark.parametrize(("text", "person"), [
    ("นายอนุชา เปิดเผยว่า แม้ผลผลิตจะลดลง", "อนุชา"),  # เปิดเผย is one verb, not เปิด + เผย
    ("นายจิรายุ กล่าวว่า รัฐบาลพร้อมช่วยเหลือ", "จิรายุ"),
    ("นางสาวศิริรัตน์ เร่งพิพัฒน์ ผู้อำนวยการกอง", "ศิริรัตน์ เร่งพิพัฒน์"),  # a surname may begin like a verb
    ("นายดรรชนี เอมพันธุ์ ด้านอุทยานแห่งชาติ (ผู้ทรงคุณวุฒิ)", "ดรรชนี เอมพันธุ์"),  # ด้าน… is no third name
    ("นายรุ่งเรือง กิจผาติ นายแพทย์ทรงคุณวุฒิ กล่าว", "รุ่งเรือง กิจผาติ"),  # nor an honorific
])
def test_a_verb_after_a_name_is_not_part_of_it(text, person):
    from thaikg.builder import build

    doc = build(["-"], stdin=("ข่าว\n" + text + "\n").encode()).documents[0]
    assert person in {m.text for m in doc.mentions if m.cls == "Person"}


@pytest.mark.parametrize(("text", "cls", "names"), [
    ("ผู้เข้าร่วมโครงการจะได้รับประโยชน์", "Programme", set()),  # a head and an auxiliary: no name
    ("ทบทวนโครงการ/กิจกรรมทั้งหมด", "Programme", set()),  # a head in a list of kinds
    ("ผลักดันโครงการสำคัญหลายโครงการ", "Programme", set()),  # a kind of project
    ("ส่งเสริมโครงการเราเที่ยวด้วยกัน ของรัฐบาล", "Programme", {"โครงการเราเที่ยวด้วยกัน"}),  # ที่ in เที่ยว
    ("คณะกรรมการจัดงานฉลองวันเด็กแห่งชาติ ประชุม", "Organization", {"คณะกรรมการจัดงานฉลองวันเด็กแห่งชาติ"}),
])
def test_a_head_names_something_only_when_a_name_follows(text, cls, names):
    from thaikg.builder import build

    doc = build(["-"], stdin=("ข่าว\n" + text + "\n").encode()).documents[0]
    assert {m.text for m in doc.mentions if m.cls == cls} == names
