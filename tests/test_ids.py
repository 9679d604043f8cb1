from thaikg.ids import key, slug


def test_slug_keeps_thai_and_latin_readable():
    assert slug("ชุตินทร คงศักดิ์") == "ชุตินทร_คงศักดิ์"
    assert slug("Aung Myo Myint") == "Aung_Myo_Myint"


def test_slug_of_hostile_text_is_safe_and_distinct():
    hostile = ['<script>alert(1)</script>', 'a"b', "a\\b", "a>b", "a b", "a_b", "x" * 500, "x" * 501]
    slugs = [slug(h) for h in hostile]
    assert len(set(slugs)) == len(slugs)
    for s in slugs:
        assert all(c.isalnum() or c in "_-" for c in s), s


def test_key_is_deterministic():
    assert key("person", "หวัง อี้") == key("person", "หวัง  อี้") == "person/หวัง_อี้"


def test_white_space_inside_a_name_does_not_matter():
    assert slug("a\nb") == slug("a  b") == slug("a b")
