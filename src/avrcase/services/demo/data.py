"""Synthetic places, staff, projects and texts of the demo office (``services/demo``); no real person's data.

The nationalities and their name pools are in ``nationalities.py``.
"""

from __future__ import annotations


#: Reception centres and synthetic private addresses in Lithuania, as (address, weight).
CENTRES: tuple[tuple[str, int], ...] = (
    ("Pabradė Foreigners' Registration Centre, Pabradė", 30),
    ("Rukla Refugee Reception Centre, Rukla", 12),
    ("Medininkai Foreigners' Registration Centre, Medininkai", 6),
    ("Kybartai Foreigners' Registration Centre, Kybartai", 4),
    ("Naujininkai Foreigners' Registration Centre, Vilnius", 6),
)
#: Synthetic street names (common nouns: trees, flowers) for private addresses.
STREETS = ("Liepų g.", "Beržų g.", "Ąžuolų g.", "Klevų g.", "Pušų g.", "Eglių g.", "Rožių g.", "Jovarų g.",
           "Šermukšnių g.", "Alyvų g.", "Lelijų g.", "Uosių g.")
#: (town, postcode prefix, weight) for private addresses.
TOWNS = (("Vilnius", "LT-0", 8), ("Kaunas", "LT-4", 3), ("Klaipėda", "LT-9", 2), ("Šiauliai", "LT-7", 1),
         ("Alytus", "LT-6", 1))
#: Where consultations take place, by residence.
OFFICE_LOCATION = "IOM Vilnius Office"

#: Staff: (username, display name, role). The first six user names are a contract for sign-in.
STAFF: tuple[tuple[str, str, str], ...] = (
    ("admin", "Tomas Petrauskas", "administrator"),
    ("counsellor", "Rūta Kazlauskienė", "counsellor"),
    ("travel", "Mindaugas Jankauskas", "travel_officer"),
    ("finance", "Daiva Stankevičienė", "finance_officer"),
    ("reintegration", "Giedrė Vasiliauskienė", "reintegration_officer"),
    ("manager", "Andrius Žukauskas", "manager"),
    ("lina.paulauskiene", "Lina Paulauskienė", "counsellor"),
    ("darius.urbonas", "Darius Urbonas", "counsellor"),
    ("egle.butkute", "Eglė Butkutė", "counsellor"),
    ("karolis.navickas", "Karolis Navickas", "counsellor"),
)
#: Share of cases per counsellor user name (the ``counsellor`` account holds the largest caseload).
CASELOAD = (("counsellor", 28), ("lina.paulauskiene", 18), ("darius.urbonas", 18), ("egle.butkute", 18),
            ("karolis.navickas", 18))

#: Synthetic interpreters per language.
INTERPRETERS: dict[str, tuple[str, ...]] = {
    "ar": ("Samira Haddad", "Omar Nasser", "Leila Yousef"),
    "ku": ("Rojin Ahmed", "Hawre Salih"),
    "tg": ("Dilshod Rahmonov", "Parvina Ismoilova"),
    "uz": ("Aziza Mirzayeva", "Bobur Aliyev"),
    "vi": ("Trần Thị Thu", "Lê Minh Quân"),
    "az": ("Nigar Əsgərova", "Ramil Qasımov"),
    "tr": ("Selin Koç", "Murat Erdem"),
    "pa": ("Kiranjit Bains",),
    "si": ("Ruwan Dissanayake",),
    "ur": ("Farah Siddiqui", "Tariq Mehmood"),
}

#: Projects by the first and last year in which they register cases.
PROJECTS = (
    ("Voluntary Return Programme 2021–2023", 2021, 2023),
    ("Return Home 2024–2026", 2024, 2026),
    ("Reintegration Plus 2025–2027", 2025, 2027),
    ("Return Home 2027–2029", 2027, 2029),
)
VULNERABLE_PROJECT = "AVR for Vulnerable Persons"

#: Short synthetic details per vulnerability code.
VULNERABILITY_DETAILS: dict[str, tuple[str, ...]] = {
    "unaccompanied_child": ("Guardian appointed by the municipality; family tracing started.",
                            "Separated from parents in transit; legal representative informed."),
    "victim_of_trafficking": ("Identified by an NGO; referred to a shelter; needs a safe return plan.",
                              "Labour exploitation reported; pre-trial investigation ongoing."),
    "medical_condition": ("Diabetes; needs insulin for the journey and a medical escort assessment.",
                          "Chronic heart condition; fit-to-travel certificate requested.",
                          "Ongoing treatment for tuberculosis; medication for three months arranged.",
                          "Dialysis twice a week; continuity of treatment to be confirmed at destination."),
    "disability": ("Uses a wheelchair; airport assistance needed.",
                   "Visual impairment; needs an escort at transit.",
                   "Hearing impairment; communicates in writing."),
    "elderly": ("Over 70; needs assistance at the airport.",
                "Limited mobility; lives with relatives at destination."),
    "pregnant": ("Pregnant, due in about four months; fit-to-fly letter needed after week 28.",
                 "Early pregnancy; antenatal care to continue after return."),
    "single_parent_large_family": ("Single parent with young children.",
                                   "Large family; extra luggage and reintegration budget per member."),
    "torture_violence_survivor": ("Reports ill-treatment in transit; psychological support offered.",
                                  "Survivor of domestic violence; return only to a safe address."),
}

CASE_NOTES = (
    "", "", "", "",
    "Prefers morning appointments.",
    "Contact through the reception centre's social worker.",
    "Wishes to return before the school year starts.",
    "Relatives at destination will meet the family at the airport.",
    "Asked for information on small business support.",
    "Phone often switched off; leave a message with the centre.",
)

CONSULTATION_NOTES: dict[str, tuple[str, ...]] = {
    "first": ("Explained the AVRR programme, eligibility and what assistance covers.",
              "First meeting: situation, family at home and expectations discussed.",
              "Information session; leaflet in the person's language handed over."),
    "deciding": ("Person is considering return; will discuss with family.",
                 "Discussed reintegration options and timelines.",
                 "Clarified the procedure with the Migration Department."),
    "signing": ("Application and declaration signed; consent to data sharing recorded.",
                "Application signed; documents copied for the eligibility request."),
    "travel": ("Travel document situation reviewed; embassy appointment needed.",
               "Flight options and luggage allowance explained.",
               "Pre-departure briefing: airport procedures, escort and allowances."),
    "reintegration": ("Reintegration plan discussed: small business in the home town.",
                      "Follow-up call with the IOM mission at destination.",
                      "Checked progress of the reintegration plan."),
}

FOLLOW_UP_ACTIONS: dict[str, tuple[str, ...]] = {
    "first": ("Send the information leaflet by e-mail", "Call back after the family has discussed return",
              "Book an interpreter for the next meeting"),
    "deciding": ("Request a copy of the return decision", "Check eligibility with the Migration Department",
                 "Arrange a meeting with the family"),
    "signing": ("Submit the eligibility request", "Collect passport copies of all members",
                "Ask the embassy about a travel certificate"),
    "travel": ("Book the flight", "Confirm the airport escort", "Request a fit-to-travel certificate",
               "Obtain a travel certificate from the embassy"),
    "reintegration": ("Send the reintegration plan to the mission at destination",
                      "Call the returnee about the business plan", "Check receipt of the reintegration grant"),
}

#: Why a case moved, by the stage it moved to (synthetic, neutral wording).
MOVE_REASONS: dict[str, tuple[str, ...]] = {
    "counselling": ("Taken up again: the person asked for counselling.",
                    "Came back to discuss return after the eligibility decision."),
    "application_signed": ("Application for assisted voluntary return signed.",
                           "Application and declaration signed at the office."),
    "eligibility_approved": ("Eligibility confirmed; authorities approved the return.",
                             "Approved by the Migration Department."),
    "eligibility_rejected": ("Does not meet the programme's eligibility criteria.",
                             "Authorities did not approve assisted return."),
    "travel_preparation": ("Travel arrangements started.", "Travel documents requested from the embassy."),
    "departure_scheduled": ("Flight booked and itinerary sent.", "Departure date confirmed with the person."),
    "departed": ("Departure confirmed by the airport escort.", "Boarded the flight; departure confirmed."),
    "reintegration": ("Reintegration assistance started at destination.",
                      "Handed over to the IOM mission at destination."),
    "withdrawn": ("Decided not to return for now.", "Withdrew: applying for another residence status."),
    "no_show": ("Did not come to the agreed appointment.", "Did not show up at the airport."),
    "cancelled": ("Return cancelled at the authorities' request.", "Registered twice; this record cancelled."),
}

#: What the counsellor wrote when closing, by closure reason.
CLOSING_REASONS: dict[str, tuple[str, ...]] = {
    "returned_reintegrated": ("Reintegration plan completed.", "Returned; assistance delivered as planned."),
    "withdrew": ("Withdrew from the programme; file closed.",),
    "absconded_lost_contact": ("No contact for three months; file closed.", "Lost contact; file closed."),
    "ineligible": ("Not eligible; file closed after the decision.",),
    "transferred": ("Transferred to another programme.",),
    "duplicate": ("Duplicate registration; see the other case.",),
    "other": ("Closed after review by the manager.",),
}

#: Who took part in a consultation besides the counsellor, by household shape.
PARTICIPANTS = {
    "alone": "Principal applicant",
    "couple": "Principal applicant and spouse",
    "family": "Principal applicant, spouse and children",
    "parent": "Principal applicant and children",
}
