import pytest

from thaikg.errors import ThaiKGError
from thaikg.pipeline import DEFAULT_STAGES, make_pipeline, registered


def test_default_pipeline_is_consistent():
    stages = make_pipeline()
    assert [s.name for s in stages] == list(DEFAULT_STAGES)


def test_every_stage_declares_what_it_adds():
    for st in registered().values():
        if not st.fn.__module__.startswith("thaikg.stages"):
            continue  # stages other tests register for themselves
        assert st.adds, st.name
        assert st.doc, st.name


def test_unknown_stage_is_refused():
    with pytest.raises(ThaiKGError, match="unknown pipeline stage"):
        make_pipeline(["normalise", "nope"])


def test_stage_whose_needs_are_unmet_is_refused():
    with pytest.raises(ThaiKGError, match="needs"):
        make_pipeline(["relate"])
