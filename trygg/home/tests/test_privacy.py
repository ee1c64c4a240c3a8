"""The personal data page names each municipality's controllers: the social services
committee for case files, the committee that runs the fund for its applications — never just
"the municipality"."""

import re

import pytest

from tests.demo_data import load_demo

pytestmark = pytest.mark.django_db


@pytest.fixture
def demo(huddinge, botkyrka):
    load_demo()


def _rows(html: str) -> dict[str, list[str]]:
    table = re.search(r'id="controllers-caption".*?</table>', html, re.S).group(0)
    rows = {}
    for row in re.findall(r"<tr>\s*<th scope=\"row\">(.*?)</th>(.*?)</tr>", table, re.S):
        rows[row[0].strip()] = [c.strip() for c in re.findall(r"<td>(.*?)</td>", row[1], re.S)]
    return rows


def test_anyone_reads_who_is_responsible_for_which_data(client, demo):
    response = client.get("/personuppgifter/")
    assert response.status_code == 200
    html = response.content.decode()
    rows = _rows(html)
    assert rows["Huddinge kommun"] == ["Socialnämnden", "Kommunstyrelsen"]
    assert rows["Botkyrka kommun"][0] == "Socialnämnden"
    assert "Tyresö kommun" not in rows  # on the installation, but not using Trygg
    assert "dataskyddsombud@huddinge.example" in html
    assert 'href="/personuppgifter/"' in html  # linked from every page's footer


def test_the_controller_follows_the_organisation_setting(client, demo):
    from trygg.organisations.models import Organisation

    Organisation.objects.filter(name="Socialnämnden", municipality__name="Huddinge kommun").update(
        social_services=False
    )
    rows = _rows(client.get("/personuppgifter/").content.decode())
    assert rows["Huddinge kommun"][0] == "Inte inlagt i Trygg"
