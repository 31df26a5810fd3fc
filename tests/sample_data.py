"""Content of the bundled sample returns: one entry per board for 2013, drawn from the
examples in the 2013 overview report, in the voice of NHS and third sector staff.
People's names, e-mails and phone numbers are fictional."""
from __future__ import annotations

P, PC, CD, CB, LE = ("policy-strategy", "planning-commissioning", "contracting-delivery", "capacity-building",
                     "learning-exchange")

# Each board: layout, topic, partners, activities [(function, levels, text)] (per partner when the layout is
# per-partner/per-locality: {"name": [...]}) and free text.
BOARDS_2013: list[dict] = [
    dict(board="lanarkshire", written="NHS Lanarkshire", layout="docx-grid", topic="Mental health services",
         partners=["Lanarkshire Links"], completed_by=("Morag Baird", "Third Sector Lead, NHS Lanarkshire"),
         activities=[
             (P, "3", "Lanarkshire Links sit on the Mental Health Strategy Group & help set priorities for the "
                      "2013-16 strategy."),
             (PC, "4", "Joint planning, design & monitoring of mental health services with users and carers "
                       "through Lanarkshire Links' local issue groups."),
             (CD, "3", "Peer support in acute psychiatric wards, delivered by Lanarkshire Links volunteers."),
             (CB, "4", "Hosting the Lanarkshire Recovery Network; members meetings support users and carers to "
                       "have a voice."),
             (LE, "4", "Shared multi-agency training on recovery for NHS staff, carers and third sector workers."),
         ],
         working_well="Good partnership working in planning, design, implementation and monitoring of mental "
                      "health services. Carers and users are heard through local issue groups.",
         improvements="Funding is short term and renewed year to year, which makes it hard to keep staff.",
         next_steps="Extend peer support to community mental health teams in 2014.",
         feedback="It enables focussed discussion. The guidance could be simplified."),
    dict(board="greater-glasgow-clyde", written="NHS Greater Glasgow & Clyde", layout="docx-per-partner",
         topic="Older people and carers", partners=["VAER (East Renfrewshire TSI)", "Glasgow Third Sector Forum"],
         completed_by=("Alan McKenzie", "Head of Planning, East Renfrewshire CHCP"),
         activities={
             "VAER (East Renfrewshire TSI)": [
                 (PC, "4", "Joint strategic commissioning plan for older people developed with the Third Sector "
                           "Older People's Network, volunteers and service recipients."),
                 (CD, "3", "Developing a be-friending service for carers with VAER."),
                 (CB, "4", "Developing strengths and community capacity-building in East Renfrewshire."),
             ],
             "Glasgow Third Sector Forum": [
                 (P, "2", "Third sector consulted on the city's Reshaping Care for Older People change fund plan."),
                 (CD, "3-4", "The Transformation Fund (created in 2011 from change fund) supports third sector "
                             "demonstration projects."),
                 (LE, "2", "Quarterly learning events share results of demonstration projects."),
             ],
         },
         working_well="Improving relationships between third sector organisations and commissioning. The "
                      "Transformation Fund makes visible the contribution & value of third sector activity.",
         improvements="Procurement timescales are lengthy and unsatisfactory for all. Many activities that make a "
                      "difference are 'under the radar', community based services.",
         next_steps="Agree a shared set of outcomes for older people's services with the Forum.",
         feedback="The 'Matrix provokes ideas and thinking. Different third sector organisations in the same area "
                  "met each other through it."),
    dict(board="western-isles", written="NHS Western Isles", layout="docx-transposed",
         topic="Child and adolescent mental health (CAMHS)", partners=["Western Isles Association for Mental Health"],
         completed_by=("Catriona MacLeod", "CAMHS Service Manager"),
         activities=[
             (P, "2", "Third sector views sought on the CAMHS service plan."),
             (PC, "3", "Third sector involved in redesign of early intervention for young people."),
             (CB, "4", "Young Minds training developed jointly by the third sector and NHS Western Isles."),
             (LE, "5", "Training for trainers, including third sector trainers; now part of the Module Masters "
                       "programme at Lews Castle College."),
         ],
         working_well="Young Minds training was developed by the third sector and NHS Western Isles together.",
         improvements="Distance and travel costs across the islands limit joint training.",
         next_steps="Offer Young Minds training in Uist and Barra.",
         feedback="It's about getting all aboard."),
    dict(board="borders", written="NHS Borders", layout="docx-ticks", topic="Carers",
         partners=["Borders Voluntary Care Voice", "Borders Carers Centre"],
         completed_by=("Susan Elliot", "Partnership Officer, Borders Voluntary Care Voice"),
         activities=[
             (P, "4", "Third sector carer organisations lead the way in ensuring the views of carers influence "
                      "policy development."),
             (PC, "3", "Carers' views inform future developments through the Service Users and Carers group."),
             (CD, "2", "Carers consulted on respite service specifications."),
             (CB, "5", "Borders Voluntary Care Voice manage the Service Users and Carers group and invite statutory "
                       "services to engage with participants."),
             (LE, "3", "Joint sessions with the Social Value Lab (Partners for Change) on the matrix."),
         ],
         working_well="Carers influence policy and service delivery. Worked with the Social Value Lab to complete "
                      "the task.",
         improvements="The third sector is often perceived as having a lesser role in prevention.",
         next_steps="Hold a second Partners for Change workshop in spring.",
         feedback="It (the 'Matrix) has given us the platform to have the discussion, legitimised authority. A "
                  "success!"),
    dict(board="sas", written="Scottish Ambulance Service (SAS)", layout="xlsx-grid",
         topic="Heartstart - community resilience", partners=["British Heart Foundation (BHF)"],
         completed_by=("Graham Stewart", "Community Resilience Manager"),
         activities=[
             (P, "3", "Community Resilience Strategy (2011) developed with BHF input."),
             (CD, "4", "Heartstart: SAS and BHF teach Emergency Life Support skills (ELS) to people of all ages."),
             (CB, "4-5", "Communities trained to support themselves and improve survival after cardiac arrest."),
             (LE, "4", "Shared training of SAS staff and BHF volunteers as Heartstart instructors in schools."),
         ],
         working_well="SAS and BHF share the same vision of providing skills and training to communities.",
         improvements="Volunteer instructors need more support in remote areas.",
         next_steps="Reach every secondary school in the north with Heartstart by 2015.",
         feedback="The 'Matrix is very useful as it gives us a focus and helps to monitor actions identified."),
    dict(board="orkney", written="NHS Orkney", layout="docx-narrative", topic="Suicide prevention (ASSIST)",
         partners=["Orkney Health & Care Voluntary Sector Forum"],
         completed_by=("Fiona Rendall", "Health Improvement Practitioner"),
         activities=[
             (LE, "4-5", "ASSIST suicide prevention training is a shared course delivered to NHS staff, third sector "
                         "and community. Office staff at the ferry ticket offices step out of the booth to speak "
                         "with someone who is a cause for concern: compassion in action."),
             (CB, "4", "Community members trained as ASSIST trainers alongside NHS staff."),
             (P, "2", "The voluntary sector forum is consulted on the Choose Life plan."),
         ],
         working_well="Orkney Assist is a good example of community assets with third sector and NHS working to "
                      "support the community as a whole.",
         improvements="The third sector must not be funded to supplant statutory services.",
         next_steps="Run two more ASSIST courses for island communities.",
         feedback="Either the NHS or third sector could initiate using the 'Matrix, as it enabled a legitimacy of "
                  "the need for better partnership working."),
    dict(board="highland", written="NHS Highland", layout="xlsx-list", topic="Learning exchange",
         partners=["Highland Third Sector Interface"],
         completed_by=("Ewan Fraser", "Third Sector Development Lead"),
         activities=[
             (LE, "Level 4", "The early years collaborative"),
             (PC, "2-3", "Involvement in planning courses on 'creating imaginative learning'"),
             (CD, "L4 - Collaborate", "Delivery of courses on creating imaginative learning"),
             (LE, "Collaborate", "Welfare reform and advocacy courses"),
             (LE, "5", "Education about disabilities"),
             (CB, "Empower", "Education on nutrition, led by community food groups"),
             (P, "Consult/Involve", "Highland TSI consulted on the integration plan for adult services"),
         ],
         working_well="The majority of examples of good experiences of learning exchange were judged to be levels "
                      "4 & 5 (collaboration and empowerment).",
         improvements="The role of the third sector needs to be profiled prominently in integration arrangements.",
         next_steps="Map learning exchange across all Highland districts.",
         feedback="The language and terms used in the matrix need to be simpler; an outcome box would help."),
    dict(board="nhs24", written="NHS24", layout="docx-grid", topic="Equality outcomes (LGB&T)",
         partners=["Stonewall Scotland"], completed_by=("Ruth Campbell", "Equality & Diversity Manager"),
         activities=[
             (P, "4", "Developed a set of Equality Outcomes with Stonewall Scotland that took account of the "
                      "experiences of LGB&T people."),
             (PC, "3", "Regular scheduled meetings identify opportunities for both organisations to work together."),
             (LE, "4", "Skills, knowledge & confidence developed through shared learning and training "
                       "opportunities."),
         ],
         working_well="Stonewall Scotland and NHS 24 work closely together on a range of actions.",
         improvements="Wider third sector involvement beyond equality work is limited.",
         next_steps="Review the Equality Outcomes with Stonewall in 2014.",
         feedback="The 'Matrix enables us to ask what's working well and what needs to happen for it to work "
                  "better."),
    dict(board="grampian", written="NHS Grampian", layout="xlsx-per-locality",
         topic="Alcohol and drugs partnership (ADP)", partners=["Aberdeen Council of Voluntary Organisations"],
         completed_by=("Iain Duguid", "ADP Coordinator"),
         activities={
             "Aberdeen City": [
                 (P, "4", "Aberdeen ADP strategy agreed by NHS, council, TSI, police and prison services."),
                 (CD, "3", "Third sector services for young people and adults with their families / carers."),
             ],
             "Aberdeenshire": [
                 (P, "5", "The Aberdeenshire Alcohol and Drug Partnership agreement gives the third sector parity."),
                 (PC, "4", "Commissioning decisions made jointly through the ADP commissioning group."),
             ],
             "Moray": [
                 (PC, "2", "Third sector consulted on the Moray ADP delivery plan."),
                 (LE, "3", "Joint training for ADP staff and third sector workers."),
             ],
         },
         working_well="Partnership agreements such as the Aberdeenshire ADP give parity in partnership.",
         improvements="NHS targets can get in the way of good partnership working.",
         next_steps="Align the ADP delivery plans and outcomes across the three areas.",
         feedback="Completing one matrix per area was helpful as each area works differently."),
    dict(board="lothian", written="NHS Lothian", layout="docx-grid", topic="Sexual health and HIV",
         partners=["Waverley Care"], completed_by=("Jane Robertson", "Sexual Health Strategy Manager"),
         activities=[
             (P, "4", "2011-16 Sexual Health and HIV Strategy developed in partnership with third sector "
                      "organisations, such as Waverley Care."),
             (CD, "4", "High level of engagement with people in Lothian from sub-Saharan African countries in "
                       "implementing the NHSL Sexual Health and HIV Strategy."),
             (CB, "3", "Community champions recruited from African communities."),
             (LE, "2", "Third sector staff invited to NHS sexual health update sessions."),
         ],
         working_well="High level of engagement between NHS Lothian and third sector organisations.",
         improvements="Procurement processes are lengthy; short term funding is not helpful.",
         next_steps="Evaluate the community champions model.",
         feedback="The matrix was useful but the guidance could be simplified."),
    dict(board="shetland", written="NHS Shetland", layout="docx-ticks", topic="Community planning",
         partners=["Voluntary Action Shetland"], completed_by=("Magnus Jamieson", "Director of Public Health"),
         activities=[
             (P, "3", "Used the matrix to assess collaborative working with the third sector interface."),
             (PC, "4", "Planning with third sector partners for the Shetland Community Planning Summit."),
             (CB, "3", "Support for community groups through Voluntary Action Shetland."),
         ],
         working_well="Used the Engagement Matrix in planning with third sector partners for the Shetland "
                      "Community Planning Summit.",
         improvements="We need consistent local messaging about integration.",
         next_steps="Repeat the matrix after the summit to see what has changed.",
         feedback="The matrix could be used for community planning in its widest sense."),
    dict(board="his", written="Healthcare Improvement Scotland", layout="docx-grid",
         topic="Mental health patient safety tool", partners=["VOX (Voices Of eXperience Scotland)"],
         completed_by=("Laura Paterson", "Public Involvement Advisor"),
         activities=[
             (P, "3", "VOX involved in the design of the Mental Health Safety Tool."),
             (CD, "5", "VOX led the creation and further piloting of the mental health patient safety service user "
                       "tool with their member organisations & carer groups."),
             (CB, "4", "Capacity built within the pilot sites by sharing and developing a facilitated model; "
                       "facilitation by local service user groups or advocacy organisations."),
             (LE, "4", "Pilot learning shared across Dumfries and Galloway, Greater Glasgow and Clyde, Lothian and "
                       "Ayrshire and Arran."),
         ],
         working_well="The third sector led the creation of the mental health patient safety service user tool.",
         improvements="We need to identify the impact of the third sector in the prevention agenda.",
         next_steps="Spread the facilitated model to further boards.",
         feedback="It was significant that the task expected joint sign-off with third sector partners."),
    dict(board="ayrshire-arran", written="NHS Ayrshire & Arran", layout="xlsx-grid",
         topic="Reshaping Care for Older People change fund", partners=["Third sector leads in North, South and East Ayrshire"],
         completed_by=("Robert Kerr", "RCOP Programme Manager"),
         activities=[
             (PC, "4", "Reshaping care for older people community capacity programme planned with local third "
                       "sector leads."),
             (CD, "3", "Programmes of work including KA Leisure, Impact Arts, Carers, AIMS Advocacy, Take a Break, "
                       "Personal Foot Care Service, Community Connectors & Lunch Clubs."),
             (CB, "4", "Community Connectors link older people with local groups."),
             (P, "2", "Third sector consulted on the joint commissioning strategy for older people."),
         ],
         working_well="The change fund has enabled shared working focused on the needs of older people.",
         improvements="Sustainability when the change fund ends is a concern.",
         next_steps="Agree which change fund projects move to mainstream funding.",
         feedback="A useful catalyst to get partners round the table."),
    dict(board="dumfries-galloway", written="NHS D&G", layout="xlsx-fill",
         topic="RCOP change fund hub", partners=["Third Sector Dumfries and Galloway"],
         completed_by=("Kirsty Maxwell", "Change Fund Manager"),
         activities=[
             (PC, "4", "A shared Hub to plan services and identify and meet needs between NHS, social care and "
                       "the Third Sector Interface."),
             (CD, "3", "Third sector delivery of hub services in Stranraer and Dumfries."),
             (P, "2", "TSI views sought on the integration scheme."),
             (CB, "3", "Small grants to community groups through the change fund."),
         ],
         working_well="Development of a shared Hub between NHS, social care and the Third Sector Interface.",
         improvements="Rural transport limits access to hub services.",
         next_steps="Open a third hub in the Stewartry.",
         feedback="Colour coding the levels made the picture clear at a glance."),
    dict(board="fife", written="NHS Fife", layout="docx-grid", topic="Older people services / change fund",
         partners=["Fife Voluntary Action"], completed_by=("Derek Wallace", "CHP General Manager"),
         activities=[
             (PC, "3", "Joint monitoring framework and regular meetings between the CHP and voluntary "
                       "organisations through the change fund."),
             (P, "3", "Voluntary organisations are included at community planning level."),
             (CD, "2", "Voluntary organisations consulted on the design of services for children and older "
                       "people."),
             (CB, "4", "A Fife Wide Health Forum is being established with the third sector as a partner."),
         ],
         working_well="Joint monitoring framework & regular meetings between CHP and voluntary organisations.",
         improvements="The third sector should be a partner in the new SW/Health commissioning group from the start.",
         next_steps="Establish the Fife Wide Health Forum.",
         feedback="The matrix helped us see we were not involving the third sector enough in policy."),
    dict(board="tayside", written="NHS Tayside", layout="docx-transposed", topic="Funding and procurement",
         partners=["Dundee Voluntary Action", "Perth & Kinross Association of Voluntary Service"],
         completed_by=("Shona Petrie", "Head of Procurement"),
         activities=[
             (CD, "3", "A £2 million cash fund identified to speed up access and the funding process."),
             (PC, "2", "Third sector consulted on procurement timescales."),
             (LE, "3", "Joint workshops on community benefit clauses."),
         ],
         working_well="A cash fund identified to speed up access to funding for third sector organisations.",
         improvements="Funding through procurement can be a lengthy process and unsatisfactory for all.",
         next_steps="Share staff and facilities as well as money.",
         feedback="Useful, though the levels were hard to agree on."),
    dict(board="forth-valley", written="NHS Forth Valley", layout="docx-narrative",
         topic="Memorandum of Understanding with the third sector", partners=["CVS Falkirk", "Stirling Voluntary Enterprise",
                                                                             "Clackmannanshire TSI"],
         completed_by=("Elaine Gillespie", "Strategic Planning Manager"),
         activities=[
             (P, "2-3", "We are at level 2-3 (consult/involve) in policy and strategy: the three TSIs are consulted "
                        "on the Board's strategy and involved in the integration workstreams."),
             (PC, "3", "We are at level 3 in planning & commissioning through the joint commissioning groups."),
             (LE, "2", "Learning exchange is at level 2; joint events are occasional."),
         ],
         working_well="The Engagement Matrix is being considered as part of on-going strategic planning and to "
                      "inform a Memorandum of Understanding.",
         improvements="We need to involve the third sector more actively in policy planning and strategic "
                      "development.",
         next_steps="Agree the Memorandum of Understanding with the three TSIs.",
         feedback="The 'Matrix once begun provides an opportunity to identify the level we are working at and "
                  "begin the journey."),
    dict(board="nes", written="NHS Education for Scotland (NES)", layout="xlsx-list", topic="Shared learning",
         partners=["Voluntary Health Scotland"], completed_by=("Anne Gordon", "Educational Projects Manager"),
         activities=[
             (LE, "4", "Joint learning resources on person-centred care for NHS and third sector staff"),
             (CB, "3", "Volunteer development programme resources shared with third sector"),
             (P, "2", "Third sector consulted on the NES education strategy"),
         ],
         working_well="The 'Matrix is considered a learning and planning tool.",
         improvements="Third sector staff find it hard to be released for training.",
         next_steps="Open NES e-learning to third sector staff.",
         feedback="A learning and planning tool rather than an audit."),
    dict(board="health-scotland", written="NHS Health Scotland", layout="docx-grid", topic="Health inequalities",
         partners=["Scottish Community Development Centre"], completed_by=("Paul Graham", "Programme Manager"),
         activities=[
             (P, "3", "Third sector involved in the health inequalities policy review."),
             (CB, "4", "Community-led health networks supported with SCDC."),
             (LE, "3", "Shared evidence briefings on health inequalities."),
         ],
         working_well="Community-led health networks address health inequalities together.",
         improvements="Impact of the third sector on outcomes is hard to evidence in economic terms.",
         next_steps="Commission joint evaluation of community-led health.",
         feedback="Helpful framework; the outcome of engagement should be recorded too."),
    dict(board="nss", written="NHS National Services Scotland", layout="xlsx-grid", topic="Volunteering",
         partners=["Volunteer Scotland"], completed_by=("Kenneth Muir", "Volunteering Lead"),
         activities=[
             (P, "2", "Volunteer Scotland consulted on the NSS volunteering policy."),
             (CD, "3", "Blood donor session volunteers recruited with third sector partners."),
             (CB, "3", "Volunteering opportunities promoted through volunteer centres."),
         ],
         working_well="Recruitment of volunteers through volunteer centres.",
         improvements="National boards have fewer local links with the third sector.",
         next_steps="Develop a volunteering strategy with Volunteer Scotland.",
         feedback="Harder to apply for a national board without local partners."),
    dict(board="state-hospital", written="The State Hospital", layout="docx-ticks", topic="Carers",
         partners=["Carers Trust Scotland"], completed_by=("Helen Frew", "Person Centred Improvement Lead"),
         activities=[
             (PC, "2", "Carers Trust consulted on the carers' support plan."),
             (CB, "3", "Carers' group supported to meet at the hospital."),
         ],
         working_well="Carers of patients are supported with Carers Trust Scotland.",
         improvements="Geography makes it hard for carers to attend.",
         next_steps="Offer video meetings for carers.",
         feedback="The matrix was not easy to apply to a forensic setting."),
    dict(board="golden-jubilee", written="Golden Jubilee National Hospital", layout="xlsx-list",
         topic="Patient information and support", partners=["Chest Heart & Stroke Scotland"],
         completed_by=("Linda Shaw", "Patient Experience Manager"),
         activities=[
             (CD, "3", "Cardiac rehabilitation support sessions with Chest Heart & Stroke Scotland"),
             (LE, "Level 2", "Information exchange with patient support charities"),
         ],
         working_well="Cardiac rehabilitation support with Chest Heart & Stroke Scotland.",
         improvements="We rarely involve the third sector in planning.",
         next_steps="Invite third sector partners to the patient experience group.",
         feedback="Useful to see the gaps in planning and policy."),
]

# Returns beyond one per board and round: written in other shapes than the round's own.
EXTRA_2014 = [
    dict(board="western-isles", written="NHS Western Isles", layout="docx-narrative-prose",
         topic="Child and adolescent mental health (CAMHS)", partners=["Western Isles Association for Mental Health"],
         completed_by=("Catriona MacLeod", "CAMHS Service Manager"),
         intro="This return was agreed at a joint meeting of NHS Western Isles and the Western Isles Association "
               "for Mental Health in August. We looked at each function in turn and agreed where our work "
               "sits today; the levels are inform, consult, involve, collaborate and empower.",
         activities=[
             (P, "3", "The Association now sits on the CAMHS strategy group and helped set its priorities."),
             (PC, "3-4", "Early intervention services for young people were redesigned with the third sector, "
                         "who co-chaired the redesign group."),
             (CB, "4", "Young Minds training is developed and run jointly; eight volunteers trained as trainers."),
             (LE, "5", "Third sector trainers deliver the Module Masters programme at Lews Castle College."),
         ],
         aspirations={P: "We would like to move towards collaborate when the strategy is refreshed."},
         working_well="Young Minds training is a shared programme that both partners own.",
         improvements="Distance and travel costs across the islands still limit joint training.",
         next_steps="Aim to reach level 4 in policy and strategy by 2015; offer Young Minds in Uist and Barra.",
         feedback="Working through the matrix together was more useful than the score itself."),
]
