"""The shortlist page leads with plain words; the formula waits behind "How is this ranked?"; the API is unchanged."""
import re

from tests.trust.test_pages import log_in, scene  # noqa: F401  (the fixture)


def test_shortlist_says_who_bought_and_hides_the_formula(scene, world):  # noqa: F811
    other = world.person("Friend Zhao")
    world.connect((scene["asker"], other))
    world.review(scene["friend"], scene["vendor"], "Industrial valves", 5, delivered_on="2026-03-02")
    world.review(other, scene["vendor"], "Industrial valves", 4, delivered_on="2026-02-02")
    asker, _ = log_in(scene["app"], scene["asker"])
    page = asker.get("/vendors/shortlist?category=Industrial+valves").get_data(as_text=True)
    assert "2 people you know bought from them and rate them 4.5 on average." in page
    ranked = page[page.index("How is this ranked?"):]
    assert "evidence weight" in ranked and "evidence weight" not in page[:page.index("How is this ranked?")]
    assert re.search(r'<details class="ranking"><summary>How is this ranked\?</summary>', page)
    item = world.api.call("GET", "/api/vendors/shortlist?category=Industrial+valves",
                          token=scene["asker"]["token"]).get_json()["items"][0]
    assert "summary" not in item and "ranking" not in item and item["reasons"]
