"""Organisations, forums and roles are never scrubbed as people's names; people's names always are.

The strings are as Scottish returns write them (sign-off boxes, 'Prepared by …' headers, contact
lines); the names are people's names as they appear there."""
from __future__ import annotations

import pytest

from matrix_synth.privacy import Scrubber, names_in

ORGANISATIONS_AND_ROLES = [
    "Lead Officer", "Project Manager", "Volunteer Manager", "Social Enterprise", "Links Worker",
    "Long Term Conditions Programme Board", "Volunteer Managers' Forum", "Third Sector Lead",
    "Partnership Lead", "Development Officer", "Engagement Officer", "Service Manager", "Locality Manager",
    "Community Development Worker", "Health Improvement Officer", "Carers Centre", "Fife Voluntary Action",
    "Voluntary Action Fife", "Volunteer Centre Edinburgh", "Edinburgh Voluntary Organisations Council",
    "Glasgow Council for the Voluntary Sector", "Lanarkshire Links", "Borders Voluntary Care Voice",
    "Voluntary Health Scotland", "Stonewall Scotland", "Waverley Care", "British Heart Foundation",
    "Alzheimer Scotland", "Age Scotland", "Enable Scotland", "Samaritans Scotland", "Penumbra Recovery",
    "Carers Trust Scotland", "Highland Third Sector Interface", "Third Sector Interface",
    "Community Health Partnership", "Alcohol and Drug Partnership", "Community Planning Partnership",
    "Health and Social Care Partnership", "Public Partnership Forum", "Older People's Network",
    "Mental Health Forum", "Carers Forum", "Recovery Network", "Advocacy Service", "Befriending Service",
    "Citizens Advice Bureau", "Chief Executive", "Chief Officer", "Head of Planning", "Development Manager",
    "Programme Manager", "Strategic Lead", "Policy Officer", "Link Worker", "Peer Support Worker",
    "Practice Manager", "Community Nurse", "Health Visitor Team", "Youth Work Team", "Family Support Team",
    "Social Work Department", "Planning and Commissioning Team", "Change Fund Group", "Reshaping Care Board",
    "Integration Joint Board", "Scottish Ambulance Service", "Healthcare Improvement Scotland",
    "Voices Of Experience Scotland", "Social Value Lab", "Partners for Change", "Ready for Business",
]

PEOPLE = [
    "Ewan Fraser", "Morag Baird", "Ian Reid", "Jill Vickerman", "Claire Tester", "Margery Naylor",
    "Jonathan Coburn", "Fiona Campbell", "Iain MacDonald", "Catriona McLeod", "Siobhan O'Neill",
    "Alasdair Ross", "Mairi Mackenzie", "Kirsty Stewart", "Graham Robertson", "Elaine Thomson",
    "Hamish Murray", "Eilidh Macleod", "Stuart Paterson", "Gillian Kerr", "Douglas Wilson", "Shona Grant",
    "Callum Henderson", "Isla Morrison", "Fraser Scott", "Lorna Watt", "Euan Hamilton", "Ailsa Docherty",
    "Neil Crawford", "Rhona Mitchell", "Gordon Sinclair", "Heather Ferguson", "Andrew Black",
    "Karen Forbes", "Colin Munro", "Anne Johnston", "Malcolm Ritchie", "Seonaid Maclean", "Ross Gibson",
    "Janet Young", "Angus Cameron", "Moira Wallace", "Kenneth Burns", "Linda Shaw", "Donald MacKinnon",
    "Susan Gray", "Robert Hunter", "Alison Kelly", "David Bruce", "Margaret Hay", "Peter Anderson",
    "Yvonne Lamont", "Scott Duncan", "Helen Fleming", "Craig Ogilvie", "Joan Rennie", "Martin Boyle",
    "Eileen McGregor", "Brian Sutherland", "Carol Dunn",
]


def test_the_tables_are_big_enough():
    assert len(ORGANISATIONS_AND_ROLES) >= 60 and len(PEOPLE) >= 60


@pytest.mark.parametrize("org", ORGANISATIONS_AND_ROLES)
def test_an_organisation_or_role_is_not_a_name(org):
    assert names_in(f"{org}, NHS Fife", org) == []
    for text in (f"Prepared by {org}", f"Contact: {org}", f"Signed: {org}, NHS Lothian", f"{org}, NHS Fife"):
        scrubbed = Scrubber(False, names_in(f"{org}, NHS Fife")).text(text)
        assert org in scrubbed and "[name removed]" not in scrubbed, text


@pytest.mark.parametrize("person", PEOPLE)
def test_a_persons_name_goes(person):
    assert names_in(f"{person}, Third Sector Lead") == [person]
    scrub = Scrubber(False, names_in(f"{person}, Third Sector Lead; Lead Officer, NHS Fife"))
    for text in (f"Prepared by {person}", f"Contact: {person} (Volunteer Manager)",
                 f"Thanks to {person} for chairing the Carers Forum"):
        scrubbed = scrub.text(text)
        assert person not in scrubbed and "[name removed]" in scrubbed, text
    assert "Volunteer Manager" in scrub.text(f"Contact: {person} (Volunteer Manager)")
    # a name written after a cue is found even where no sign-off field names it
    cued = Scrubber(False).text(f"Prepared by {person}, Lead Officer")
    assert person not in cued and "Lead Officer" in cued
