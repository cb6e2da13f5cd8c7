"""Reasons a sourcing candidate kept in English are shown in the reader's language."""
import pytest

from trust.reason_texts import told_again

@pytest.mark.parametrize("stored", [
    "Li Wei (1st, verified buyer) rated 5/5, delivered 2026-03 (delivery verified)",
    "Someone (2nd) recommended it (2026-01)",
    "2 verified buyers rated them 4.5 on average",
    "endorsed by an expert in Industrial valves",
    "1 rating by the vendor's own employees not counted",
])
def test_stored_reasons_come_back_in_chinese_and_stay_english_in_english(app, stored):
    with app.test_request_context(headers={"Accept-Language": "zh-CN"}):
        chinese = told_again(stored)
    with app.test_request_context(headers={"Accept-Language": "en"}):
        assert told_again(stored) == stored
    assert chinese != stored
    assert not ({"verified", "buyer", "buyers", "rated", "recommended", "endorsed", "expert", "Someone", "1st", "2nd",
                 "employees"} & set(chinese.replace("(", " ").replace(")", " ").replace(",", " ").split())), chinese


def test_a_reason_no_template_knows_stays_as_stored(app):
    with app.test_request_context(headers={"Accept-Language": "zh-CN"}):
        assert told_again("Something a newer version wrote") == "Something a newer version wrote"
