from thaikg.matcher import Matcher, fold


def _m(*pairs):
    m = Matcher()
    for surface, value in pairs:
        m.add(surface, value)
    return m


def test_fold_keeps_length():
    text = "โควิด-๑๙ – ASEAN’s"
    assert len(fold(text)) == len(text)
    assert fold("๑๙") == "19"


def test_longest_match_wins_and_offsets_are_exact():
    m = _m(("กระทรวงการต่างประเทศ", "mfa"), ("กระทรวงการต่างประเทศแคนาดา", "gac"))
    text = "นาย Paul Thoppil กระทรวงการต่างประเทศแคนาดา เป็นประธาน"
    [hit] = list(m.find(text))
    assert text[hit.start:hit.end] == "กระทรวงการต่างประเทศแคนาดา"
    assert hit.values == ("gac",)


def test_thai_digits_match_arabic_keys():
    m = _m(("โควิด-19", "covid"))
    assert [h.values for h in m.find("จากโควิด-๑๙ ซึ่ง")] == [("covid",)]


def test_no_match_inside_latin_words_or_before_dependent_vowels():
    m = _m(("ASEAN", "asean"), ("ลาว", "laos"))
    assert list(m.find("ASEANS")) == []
    assert list(m.find("ลาวา")) == []  # a following vowel means the word goes on
    assert len(list(m.find("สปป. ลาว และ"))) == 1


def test_space_in_key_matches_a_line_break():
    m = _m(("สปป. ลาว", "laos"))
    assert len(list(m.find("กับ สปป.\nลาว"))) == 1
    assert m.match_at("สปป. ลาว", 0) is not None
    assert m.match_at("สปป. ลาว", 0, end=5) is None  # a bound cuts the match


def test_find_all_gives_nested_matches_and_find_does_not():
    m = _m(("กระทรวงการต่างประเทศ", "mfa"), ("การต่างประเทศ", "fa"))
    text = "กระทรวงการต่างประเทศ"
    assert [h.values for h in m.find(text)] == [("mfa",)]
    assert [h.values for h in m.find_all(text)] == [("mfa",), ("fa",)]
