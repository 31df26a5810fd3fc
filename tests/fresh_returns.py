"""A fresh round of returns written in other words than the bundled samples (different boards'
voices, longer cells with introductory and aspirational sentences, a header block where a topic
belongs, an organisation in the sign-off), to check the overview does not depend on the samples."""
from __future__ import annotations

P, PC, CD, CB, LE = ("policy-strategy", "planning-commissioning", "contracting-delivery", "capacity-building",
                     "learning-exchange")

FRESH_2015: list[dict] = [
    dict(board="tayside", written="NHS Tayside", layout="docx-grid", topic="Unpaid carers",
         partners=["Carers of West Dunbartonshire", "PKAVS Carers Hub"],
         completed_by=("Fiona Rennie", "Carers Development Officer, PKAVS"),
         activities=[
             (P, "3", "Partners mapped examples at levels 4 and 5. The carers strategy group now includes two "
                      "unpaid carers who review every draft before it goes to the board."),
             (PC, "4", "Short breaks for carers are planned jointly with the carers hub, which holds the budget "
                       "for respite vouchers."),
             (CB, "4", "Carers hub staff train ward nurses to recognise carers at admission and discharge."),
             (LE, "2", "We would like to move towards Collaborate. Newsletters are shared twice a year."),
         ],
         working_well="Carers are recognised at the ward door. Trust between the hub and ward teams has grown "
                      "through regular meetings.",
         improvements="Annual funding rounds make it hard to keep experienced carer support workers.",
         next_steps="Extend carer recognition to community hospitals.",
         feedback="The grid started a conversation we had put off for years."),
    dict(board="lothian", written="NHS Lothian", layout="xlsx-grid", topic="Carers and young carers",
         partners=["VOCAL", "Edinburgh Young Carers"], completed_by=("Duncan Reid", "Strategic Planner"),
         activities=[
             (PC, "4", "VOCAL and the board co-design the carer support pathway for people leaving hospital."),
             (CD, "5", "Edinburgh Young Carers deliver school drop-ins commissioned on a three-year contract."),
             (CB, "3", "Young carers take part in the youth forum that shapes the children's services plan."),
         ],
         working_well="Young carers shape the plan through their own forum.",
         improvements="Tendering rules favour large providers over small local carers' groups.",
         next_steps="Agree a joint carers outcome framework.",
         feedback="Useful, although the wording of the levels should be simplified."),
    dict(board="highland", written="NHS Highland", layout="docx-transposed", topic="Volunteering in remote areas",
         partners=["Highland Third Sector Interface"], completed_by=("Iain Munro", "Volunteer Coordinator"),
         activities=[
             (P, "2", "The volunteering policy was circulated to the TSI for comment."),
             (CD, "4", "Volunteer drivers take patients from Skye to Raigmore for outpatient appointments."),
             (CB, "4", "Volunteer befrienders in Lochaber are recruited and trained jointly with the TSI."),
             (LE, "3", "Volunteer coordinators from both sectors meet quarterly to share what works."),
         ],
         working_well="Volunteer drivers have cut missed appointments in remote communities.",
         improvements="Distance and winter roads limit what volunteers can do.",
         next_steps="Recruit volunteer drivers in Sutherland.",
         feedback="It gave us a shared language with the TSI."),
    dict(board="fife", written="NHS Fife", layout="docx-ticks", topic="Date: 10 September",
         partners=["Fife Voluntary Action"], completed_by=("Fife Voluntary Action", "Partnership Lead"),
         activities=[
             (P, "4", "Fife Voluntary Action co-chairs the health and wellbeing alliance that agrees local "
                      "priorities for volunteering."),
             (CB, "5", "Volunteer-led walking groups in every locality are run by the third sector with NHS "
                       "physiotherapists as advisers."),
             (LE, "3", "Joint volunteering awards evening celebrates volunteers from both sectors."),
         ],
         working_well="Volunteers lead the walking groups; the NHS advises.",
         improvements="Targets for waiting times crowd out preventive work with volunteers.",
         next_steps="Publish a joint volunteering charter.",
         feedback="The matrix is hard to complete for a partnership this size."),
    dict(board="orkney", written="NHS Orkney", layout="xlsx-list", topic="Mental wellbeing on the isles",
         partners=["Orkney Blide Trust"], completed_by=("Kirsty Flett", "Mental Health Lead"),
         activities=[
             (PC, "3", "Blide Trust members were involved in redesigning the community mental health service."),
             (CD, "4", "Peer support workers from the Blide Trust work alongside the community psychiatric team."),
             (CB, "4", "Wellbeing drop-ins on the outer isles are run by Blide Trust volunteers."),
         ],
         working_well="Peer support workers and psychiatric nurses now plan their week together.",
         improvements="Short-term grants make peer support posts insecure.",
         next_steps="Evaluate the peer support pilot.",
         feedback="It helped us see where we were only informing."),
    dict(board="nes", written="NHS Education for Scotland", layout="docx-narrative", topic="Joint training",
         partners=["Scottish Council for Voluntary Organisations"], completed_by=("Ruth Adams", "Learning Lead"),
         activities=[
             (P, "2", "SCVO was consulted on the workforce learning strategy."),
             (LE, "4", "Third sector staff join NES e-learning modules on trauma-informed practice free of charge."),
             (CB, "4", "Trauma training for trainers is co-delivered with third sector trainers."),
         ],
         working_well="Shared trauma training has built respect between staff of both sectors.",
         improvements="Third sector staff struggle to be released for training days.",
         next_steps="Offer evening sessions.",
         feedback="A planning tool rather than an audit: keep it that way."),
]
