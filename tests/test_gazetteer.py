"""The gazetteer tables and their loader (thaikg.gazetteer)."""
from __future__ import annotations

import json
import re
from importlib import resources
from pathlib import Path

import pytest

from thaikg.errors import ThaiKGError
from thaikg.gazetteer import CLASS_PRIORITY, TABLES, Gazetteer, GazetteerError, norm

DATA = resources.files("thaikg") / "data"
GOLD_DIR = Path(__file__).resolve().parents[1].parent / "shared" / "eval" / "dev"


@pytest.fixture(scope="module")
def gaz() -> Gazetteer:
    return Gazetteer.load()


def _rows(name: str) -> tuple[list[str], list[list[str]]]:
    lines = (DATA / name).read_text(encoding="utf-8").splitlines()
    body = [line.split("\t") for line in lines[2:] if line.strip() and not line.startswith("#")]
    return lines[1].split("\t"), body


# --- the tables ------------------------------------------------------------------------------


@pytest.mark.parametrize("name", TABLES)
def test_table_format(name):
    text = (DATA / name).read_text(encoding="utf-8")
    lines = text.splitlines()
    assert lines[0].startswith("# source: ") and len(lines[0]) > 20, "one '# source:' line first"
    assert not any(line.startswith("#") for line in lines[1:]), "only one comment line"
    header, body = _rows(name)
    assert body, "the table has rows"
    for i, row in enumerate(body, start=3):
        assert len(row) == len(header), f"{name}:{i} has {len(row)} fields"
        assert all(cell == cell.strip() for cell in row), f"{name}:{i} has stray white space"
    keys = [row[0] for row in body]
    assert keys == sorted(keys), f"{name} is not sorted by {header[0]}"
    assert len(set(keys)) == len(keys), f"{name} repeats a {header[0]}"
    assert "\r" not in text


def test_every_table_loads(gaz):
    classes = {e.cls for e in gaz}
    assert classes == set(CLASS_PRIORITY)
    assert gaz.honorifics() and gaz.position_titles() and gaz.memberships()
    assert Gazetteer.load() is gaz, "the shipped gazetteer is loaded once"


def test_entry_ids_unique_and_namespaced(gaz):
    prefixes = {"country", "org", "gov", "place", "programme"}
    for entry_id, entry in gaz.entries.items():
        assert entry.id == entry_id
        assert entry_id.split("/", 1)[0] in prefixes
        assert entry.th or entry.en


def test_qids_are_wikidata_ids_and_unique(gaz):
    seen: dict[str, str] = {}
    for entry in gaz:
        if entry.qid is None:
            continue
        assert re.fullmatch(r"Q[1-9][0-9]*", entry.qid), entry.id
        assert entry.qid not in seen, f"{entry.qid} on {seen[entry.qid]} and {entry.id}"
        seen[entry.qid] = entry.id


def test_country_codes_refer_to_countries(gaz):
    for entry in gaz:
        if entry.country:
            assert f"country/{entry.country}" in gaz.entries, entry.id


# --- countries -------------------------------------------------------------------------------


def test_every_sovereign_state(gaz):
    countries = gaz.by_class("Country")
    assert len(countries) >= 197
    for c in countries:
        assert c.th and c.en, c.id
        assert re.fullmatch(r"country/[A-Z]{2}", c.id)
    members = [c for c in countries if c.status == "un_member"]
    assert len(members) == 193
    for code in ("VA", "PS", "TW", "XK"):
        assert f"country/{code}" in gaz.entries
    assert gaz.entries["place/hk"].cls == "Place" and gaz.entries["place/mo"].cls == "Place"


ASEAN_NAMES = {
    "BN": ["บรูไนดารุสซาลาม", "บรูไน", "Brunei", "Brunei Darussalam"],
    "KH": ["กัมพูชา", "ราชอาณาจักรกัมพูชา", "Cambodia", "Kingdom of Cambodia"],
    "ID": ["อินโดนีเซีย", "สาธารณรัฐอินโดนีเซีย", "Indonesia"],
    "LA": ["ลาว", "สปป. ลาว", "สปป.ลาว", "สาธารณรัฐประชาธิปไตยประชาชนลาว", "Laos", "Lao PDR",
           "Lao People's Democratic Republic"],
    "MY": ["มาเลเซีย", "Malaysia"],
    "MM": ["เมียนมา", "พม่า", "สาธารณรัฐแห่งสหภาพเมียนมา", "Myanmar", "Burma"],
    "PH": ["ฟิลิปปินส์", "สาธารณรัฐฟิลิปปินส์", "Philippines"],
    "SG": ["สิงคโปร์", "สาธารณรัฐสิงคโปร์", "Singapore"],
    "TH": ["ไทย", "ประเทศไทย", "ราชอาณาจักรไทย", "Thailand", "Kingdom of Thailand"],
    "VN": ["เวียดนาม", "สาธารณรัฐสังคมนิยมเวียดนาม", "Vietnam", "Viet Nam"],
    "TL": ["ติมอร์-เลสเต", "ติมอร์ - เลสเต", "สาธารณรัฐประชาธิปไตยติมอร์-เลสเต", "Timor-Leste", "East Timor",
           "Democratic Republic of Timor-Leste"],
}


@pytest.mark.parametrize("code,name", [(c, n) for c, names in ASEAN_NAMES.items() for n in names])
def test_asean_members_resolve(gaz, code, name):
    entry = gaz.lookup(name)
    assert entry is not None and entry.id == f"country/{code}", name
    assert gaz.country_by_name(name).id == f"country/{code}"


@pytest.mark.parametrize("name,code", [
    ("แคนาดา", "CA"), ("นิวซีแลนด์", "NZ"), ("สหรัฐอเมริกา", "US"), ("สหรัฐฯ", "US"), ("ญี่ปุ่น", "JP"),
    ("เกาหลีใต้", "KR"), ("สาธารณรัฐเกาหลี", "KR"), ("Republic of Korea", "KR"), ("จีน", "CN"),
    ("สาธารณรัฐประชาชนจีน", "CN"), ("People's Republic of China", "CN"), ("ตุรกี", "TR"), ("ทูร์เคีย", "TR"),
    ("ประเทศนิวซีแลนด์", "NZ"), ("the Philippines", "PH"), ("JP", "JP"), ("ซาอุดีอาระเบีย", "SA"),
])
def test_other_countries_resolve(gaz, name, code):
    assert gaz.country_by_name(name).id == f"country/{code}"


def test_country_qids(gaz):
    expected = {"CA": "Q16", "MM": "Q836", "TH": "Q869", "CN": "Q148", "LA": "Q819", "VN": "Q881",
                "KH": "Q424", "TL": "Q574", "NZ": "Q664", "US": "Q30", "JP": "Q17", "KR": "Q884"}
    for code, qid in expected.items():
        assert gaz.entries[f"country/{code}"].qid == qid


def test_capitals_are_places(gaz):
    for country in gaz.by_class("Country"):
        if country.capital is None:
            continue
        capital = gaz.entries[country.capital]
        assert capital.cls == "Place"
    assert gaz.entries["country/TH"].capital == "place/th-10"  # Bangkok: the province row, not a copy
    for name in ("กรุงจาการ์ตา", "จาการ์ตา", "Jakarta"):
        assert gaz.lookup(name).id == gaz.entries["country/ID"].capital
    for name in ("กรุงดิลี", "ดิลี", "Dili"):
        assert gaz.lookup(name).id == gaz.entries["country/TL"].capital
    assert gaz.lookup("กรุงเทพฯ").id == "place/th-10"


def test_provinces(gaz):
    provinces = [e for e in gaz.by_class("Place") if e.kind == "province"]
    assert len(provinces) == 77
    assert all(re.fullmatch(r"place/th-\d\d", p.id) for p in provinces)
    for name in ("เชียงใหม่", "จังหวัดเชียงใหม่", "จ.เชียงใหม่", "Chiang Mai", "Chiang Mai Province"):
        assert gaz.lookup(name).id == "place/th-50"


# --- organisations and programmes ----------------------------------------------------------


@pytest.mark.parametrize("name,entry_id", [
    ("อาเซียน", "org/asean"), ("ASEAN", "org/asean"), ("Association of Southeast Asian Nations", "org/asean"),
    ("สมาคมประชาชาติแห่งเอเชียตะวันออกเฉียงใต้", "org/asean"), ("สำนักเลขาธิการอาเซียน", "org/asean-secretariat"),
    ("OECD", "org/oecd"), ("องค์การเพื่อความร่วมมือทางเศรษฐกิจและการพัฒนา", "org/oecd"),
    ("คณะกรรมาธิการแม่น้ำโขง", "org/mrc"), ("MRC", "org/mrc"), ("สหประชาชาติ", "org/un"),
    ("คณะมนตรีสิทธิมนุษยชนแห่งสหประชาชาติ", "org/hrc"), ("เอเปค", "org/apec"), ("สหภาพยุโรป", "org/eu"),
    ("ประชาคมการเมืองและความมั่นคงอาเซียน", "org/apsc"), ("ACSDSD", "org/acsdsd"),
    ("กระทรวงการต่างประเทศ", "gov/th-mfa"), ("Ministry of Foreign Affairs", "gov/th-mfa"),
    ("กระทรวงการต่างประเทศแคนาดา", "gov/ca-gac"), ("Global Affairs Canada", "gov/ca-gac"),
    ("กระทรวงการต่างประเทศสาธารณรัฐประชาชนจีน", "gov/cn-mfa"), ("กระทรวงการต่างประเทศนิวซีแลนด์", "gov/nz-mfat"),
    ("กรมความร่วมมือระหว่างประเทศ", "gov/th-tica"), ("TICA", "gov/th-tica"), ("JICA", "gov/jp-jica"),
    ("องค์การความร่วมมือระหว่างประเทศของญี่ปุ่น", "gov/jp-jica"), ("กรมอเมริกาและแปซิฟิกใต้", "gov/th-mfa-ams"),
    ("กรอบความร่วมมือแม่โขง-ล้านช้าง", "programme/mlc"), ("Lancang-Mekong Cooperation", "programme/mlc"),
    ("ACMECS", "programme/acmecs"), ("โมเดลเศรษฐกิจ BCG", "programme/bcg"), ("โมเดล BCG", "programme/bcg"),
    ("มุมมองอาเซียนต่ออินโด-แปซิฟิก", "programme/aoip"),
    ("กองทุนอาเซียนเพื่อรับมือกับโควิด-๑๙", "programme/covid-asean-fund"),
    ("ปรัชญาของเศรษฐกิจพอเพียง", "programme/sep"), ("เป้าหมายการพัฒนาที่ยั่งยืน", "programme/sdgs"),
])
def test_known_names(gaz, name, entry_id):
    assert gaz.lookup(name).id == entry_id


def test_thai_ministries(gaz):
    thai = [e for e in gaz.by_class("GovernmentOrganization")
            if e.country == "TH" and e.th and (e.th.startswith("กระทรวง") or e.th == "สำนักนายกรัฐมนตรี")]
    assert len(thai) == 20


def test_foreign_government_bodies_are_not_thai(gaz):
    assert gaz.entries["gov/jp-jica"].country == "JP"
    assert gaz.entries["gov/ca-gac"].country == "CA"
    assert gaz.entries["gov/th-mfa"].country == "TH"


def test_international_organisations(gaz):
    ios = gaz.by_class("InternationalOrganization")
    assert len(ios) + len(gaz.by_class("Organization")) >= 80
    assert gaz.entries["org/asean"].qid == "Q7768"
    for org in ("apsc", "aec", "ascc", "acsdsd"):
        assert gaz.entries[f"org/{org}"].cls == "Organization"


# --- surfaces and look-up --------------------------------------------------------------------


def test_norm():
    assert norm("  โควิด-๑๙ ") == "โควิด-19"
    assert norm("ติมอร์–เลสเต") == "ติมอร์-เลสเต"
    assert norm("People’s Republic\u00a0of  China") == "people's republic of china"
    assert norm("ASEAN\u200b") == "asean"
    assert norm("ไทย") == norm("ไทย")


def test_no_same_class_ambiguity(gaz):
    assert gaz.same_class_ambiguities() == {}


def test_ambiguities_are_recorded_and_resolved_by_priority(gaz):
    surfaces = gaz.surfaces()
    for key, ids in gaz.ambiguities.items():
        ranks = [CLASS_PRIORITY.index(gaz.entries[i].cls) for i in ids]
        assert ranks == sorted(ranks)
        if key in surfaces:
            assert surfaces[key] == ids[0]
    assert surfaces[norm("จิบูตี")] == "country/DJ"  # the country, not its capital


def test_surfaces_are_normalised_and_complete(gaz):
    surfaces = gaz.surfaces()
    assert all(key == norm(key) for key in surfaces)
    assert surfaces[norm("เมียนมา")] == "country/MM"
    assert surfaces[norm("ติมอร์ - เลสเต")] == "country/TL"
    for entry in gaz:
        reachable = [label for label in entry.labels if norm(label) not in gaz.common_words]
        for label in reachable:
            assert norm(label) in surfaces, (entry.id, label)


def test_common_words_are_kept_out_of_surfaces(gaz):
    surfaces = gaz.surfaces()
    for word in ("who", "เลย", "แพร่", "ตราด"):
        assert norm(word) not in surfaces
    assert gaz.lookup("WHO").id == "org/who"
    assert gaz.lookup("who") is None
    assert gaz.acronyms()["WHO"] == "org/who"
    assert surfaces[norm("จังหวัดเลย")] == "place/th-42"


def test_lookup_misses(gaz):
    assert gaz.lookup("") is None
    assert gaz.lookup("ไม่มีชื่อนี้") is None
    assert gaz.country_by_name("อาเซียน") is None


# --- memberships -----------------------------------------------------------------------------


def test_memberships(gaz):
    asean = set(gaz.members("asean"))
    assert {f"country/{c}" for c in ("BN", "KH", "ID", "LA", "MY", "MM", "PH", "SG", "TH", "VN")} <= asean
    assert len(gaz.members("mrc")) == 4
    assert len(gaz.members("eu")) == 27
    assert len(gaz.members("oecd")) == 38
    assert len(gaz.members("g7")) == 7
    assert len(gaz.members("un")) == 193
    assert gaz.members("un", status="observer") == ["country/PS", "country/VA"]
    assert "org/asean" in gaz.members_of("country/TH")
    assert gaz.members_of("TH") == gaz.members_of("country/TH")
    assert "org/mrc" in gaz.members_of("country/CN", status="dialogue_partner")
    for m in gaz.memberships():
        assert f"org/{m.org}" in gaz.entries and f"country/{m.country}" in gaz.entries


# --- title grammar ---------------------------------------------------------------------------


def test_honorifics_longest_first(gaz):
    forms = [form for form, _kind in gaz.honorifics()]
    lengths = [len(f) for f in forms]
    assert lengths == sorted(lengths, reverse=True)
    assert len(forms) == len(set(forms)) >= 120
    for form in ("นาย", "นาง", "นางสาว", "น.ส.", "ดร.", "ศ.", "รศ.", "ผศ.", "ศ.ดร.", "ม.ร.ว.", "ม.ล.", "ม.จ.",
                 "คุณ", "พลเอก", "พล.อ.", "พลอากาศเอก", "พล.อ.อ.", "พลเรือเอก", "พล.ร.อ.", "พลตำรวจเอก", "พล.ต.อ.",
                 "ร้อยตรี", "ร.ต.", "ท่านผู้หญิง", "คุณหญิง", "H.E.", "Mr.", "Mrs.", "Ms.", "Dr.", "Prof.", "Sir",
                 "Dame", "Madame"):
        assert form in forms, form
    kinds = {kind for _form, kind in gaz.honorifics()}
    assert kinds <= {"title", "rank", "academic", "royal", "religious", "english"}


def test_position_titles(gaz):
    titles = {t.head: t for t in gaz.position_titles()}
    heads = [t.head for t in gaz.position_titles()]
    assert [len(h) for h in heads] == sorted((len(h) for h in heads), reverse=True)
    for head in ("รัฐมนตรีว่าการกระทรวง", "รัฐมนตรีช่วยว่าการกระทรวง", "รัฐมนตรีประจำสำนักนายกรัฐมนตรี",
                 "นายกรัฐมนตรี", "รองนายกรัฐมนตรี", "ปลัดกระทรวง", "รองปลัดกระทรวง", "ผู้ช่วยปลัดกระทรวง",
                 "อธิบดีกรม", "รองอธิบดีกรม", "เอกอัครราชทูต", "เอกอัครราชทูตผู้แทนถาวร", "อัครราชทูต", "กงสุลใหญ่",
                 "ผู้อำนวยการ", "เลขาธิการ", "รองเลขาธิการ", "ผู้ว่าราชการจังหวัด", "ประธานาธิบดี", "รองประธานาธิบดี",
                 "สมเด็จพระราชาธิบดี", "โฆษกกระทรวง", "ที่ปรึกษา", "หัวหน้าคณะผู้แทน", "รองหัวหน้าคณะผู้แทน",
                 "ผู้แทนการค้าไทย", "ผู้แทนพิเศษ", "Minister", "Deputy Minister", "Assistant Deputy Minister",
                 "Vice Minister", "Secretary-General", "Ambassador", "Permanent Representative", "Director-General",
                 "President", "Prime Minister", "Foreign Minister", "Minister of Foreign Affairs"):
        assert head in titles, head
    assert titles["รัฐมนตรีว่าการกระทรวง"].takes == "ministry"
    assert titles["อธิบดีกรม"].takes == "department"
    assert titles["เอกอัครราชทูต"].takes == "country"
    assert titles["รองปลัดกระทรวง"].en == "Deputy Permanent Secretary"
    assert titles["Minister of Foreign Affairs"].english and not titles["นายกรัฐมนตรี"].english
    assert titles["สมเด็จพระราชาธิบดี"].kind == "royal"
    for t in titles.values():
        assert t.takes == t.takes_all[0]


# --- bad data ------------------------------------------------------------------------------


def _copy_data(tmp_path: Path) -> Path:
    for name in TABLES:
        (tmp_path / name).write_text((DATA / name).read_text(encoding="utf-8"), encoding="utf-8")
    return tmp_path


def test_copy_of_the_data_loads(tmp_path):
    assert len(Gazetteer.load(_copy_data(tmp_path))) == len(Gazetteer.load())


def _last(text: str) -> int:
    return len(text.splitlines())


def _line_with(fragment: str):
    return lambda text: next(i for i, line in enumerate(text.splitlines(), start=1) if fragment in line)


@pytest.mark.parametrize("name,edit,locate,fragment", [
    ("countries.tsv", lambda t: t + "ZZ\tแซด\t\t\tZed\t\tX42\t\t\t\t\tun_member\n", _last, "Wikidata id"),
    ("countries.tsv", lambda t: t + "ZZ\tแซด\n", _last, "fields"),
    ("places.tsv", lambda t: t.replace("\tPlace\tTH\tเชียงใหม่", "\tCity\tTH\tเชียงใหม่"), _line_with("\tCity\t"),
     "class"),
    ("programmes.tsv", lambda t: "\n".join(t.split("\n")[1:]), lambda t: 1, "# source"),
    ("memberships.tsv", lambda t: t + "x/QQ\tQQ\tasean\tmember\t\n", _last, "QQ"),
    ("government_organizations.tsv", lambda t: t + t.splitlines()[2] + "\n", _last, "already used"),
    ("honorifics.tsv", lambda t: t + "นาย\ttitle\tm\n", _last, "twice"),
    ("position_titles.tsv", lambda t: t + "หัวหน้า\tth\tHead\tsomething\tgeneric\t\n", _last, "takes"),
])
def test_bad_rows_name_file_and_line(tmp_path, name, edit, locate, fragment):
    data = _copy_data(tmp_path)
    path = data / name
    path.write_text(edit(path.read_text(encoding="utf-8")), encoding="utf-8")
    with pytest.raises(GazetteerError) as err:
        Gazetteer.load(data)
    message = str(err.value)
    assert message.startswith(f"{name}:"), message
    assert fragment in message
    assert err.value.line == locate(path.read_text(encoding="utf-8"))
    assert isinstance(err.value, ThaiKGError)


def test_missing_table(tmp_path):
    data = _copy_data(tmp_path)
    (data / "honorifics.tsv").unlink()
    with pytest.raises(GazetteerError, match="honorifics.tsv"):
        Gazetteer.load(data)


# --- consistency with the hand-made annotations -----------------------------------------------


def _gold_entities():
    out = []
    for path in sorted(GOLD_DIR.glob("*.gold.json")):
        for key, ent in json.loads(path.read_text(encoding="utf-8"))["entities"].items():
            if ent["class"] in ("Country", "Place", "Organization", "GovernmentOrganization",
                                "InternationalOrganization", "Programme"):
                out.append((f"{path.name}:{key}", ent))
    return out


@pytest.mark.skipif(not GOLD_DIR.is_dir(), reason="shared/eval/dev is not beside the repository")
def test_gold_labels_get_the_gold_class(gaz):
    """A name the gazetteer knows must not be filed under another class than the annotators chose,
    and all the names of one gold entity that the gazetteer knows must lead to one entry."""
    for where, ent in _gold_entities():
        found = {label: gaz.lookup(label) for label in ent["labels"]}
        found = {label: e for label, e in found.items() if e is not None}
        for label, e in found.items():
            assert e.cls == ent["class"], f"{where}: {label!r} is {e.id} ({e.cls})"
        assert len({e.id for e in found.values()}) <= 1, f"{where}: {sorted({e.id for e in found.values()})}"
