"""Generate the bundled synthetic sample tickets (English and Dutch) with a known, planted CSAT effect.

Why this exists: the pipeline needs data that (a) looks like a real helpdesk export, so every stage can be
run end to end without customer data, and (b) carries a *known* answer, so a study run on it can be checked
against the truth.  Replies are composed from hand-written fragments chosen around each agent's latent
communication skill; the composition (which fragments were picked) is scored, and CSAT is drawn from an
ordinal model in that score and the IT outcome.  The latent values are written to ``ground_truth_*.csv``
next to the canonical files, never into them.

Run ``python data/sample_tickets/generate.py`` (or ``--out DIR``).  Only the standard library is used and
every random draw comes from one seeded ``random.Random``, so the output is byte-identical across runs.
"""

from __future__ import annotations

import argparse
import csv
import random
import re
import statistics
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import datetime, timedelta, timezone
from pathlib import Path
from typing import Any

SEED = 20260105
N_TICKETS = 360
SHARE_EN = 0.55
START = datetime(2026, 1, 5, tzinfo=timezone.utc)  # a Monday; the window is 12 weeks
WEEKS = 12
CSAT_RESPONSE_RATE = 0.75
CSAT_COMMENT_RATE = 0.40

# The planted CSAT model (see README): latent = B_COMM*z - B_FAIL*F + B_INTER*z*F + N(0, 1),
# CSAT = 1 + number of cut points below the latent value.
B_COMM = 0.9
B_FAIL = 1.0
B_INTER = 0.5
NOISE_SD = 1.0
CUTPOINTS = (-2.3, -1.6, -0.85, 0.25)

# Must match analyser/schema.py (REPLY_COLUMNS, TICKET_COLUMNS); tests/test_sample_data.py checks it.
REPLY_COLUMNS = ("ticket_id", "reply_id", "author_role", "agent_id", "created_at", "channel", "public", "body",
                 "language")
TICKET_COLUMNS = ("ticket_id", "created_at", "solved_at", "agent_id", "team", "category", "priority", "status",
                  "resolved", "reopened", "sla_breached", "csat_score", "csat_scale", "csat_comment")

FLAG_WEIGHTS: dict[str, float] = {
    # Good communication: what the fragment bank rewards.
    "greeting": 1.0, "thanks": 0.5, "empathy": 1.5, "apology": 0.5, "plain_explanation": 1.0,
    "steps_polite": 0.5, "question": 0.5, "call_to_action": 0.5, "ownership": 1.0, "closing": 1.0,
    # Poor communication.
    "jargon_explanation": -1.0, "steps_bare": -0.5, "curt_command": -1.0, "blame": -2.0, "all_caps": -1.5,
    "exclamation_run": -1.0, "dismissive": -1.5, "register_mix": -1.0,
}
FLAGS = tuple(FLAG_WEIGHTS)


@dataclass(frozen=True)
class Agent:
    """An agent's latent profile: skills in 0..1 and the propensity to explain in jargon."""

    agent_id: str
    first: str
    full: str
    team: str
    comm: float
    tech: float
    jargon: float
    profile: str
    writes_dutch: float  # relative weight when a Dutch ticket is routed to the team


AGENTS: tuple[Agent, ...] = (
    Agent("anna.devries", "Anna", "Anna de Vries", "Service Desk", 0.88, 0.52, 0.10, "communicator", 1.0),
    Agent("lisa.smith", "Lisa", "Lisa Smith", "Service Desk", 0.78, 0.42, 0.10, "communicator", 0.3),
    Agent("james.clarke", "James", "James Clarke", "Service Desk", 0.32, 0.58, 0.35, "weak all-round", 0.0),
    Agent("emma.jong", "Emma", "Emma de Jong", "Service Desk", 0.62, 0.62, 0.30, "all-round", 1.0),
    Agent("mark.jansen", "Mark", "Mark Jansen", "Werkplekbeheer", 0.30, 0.90, 0.75, "technicus", 1.0),
    Agent("tom.willems", "Tom", "Tom Willems", "Werkplekbeheer", 0.50, 0.78, 0.60, "technicus", 1.0),
    Agent("sophie.bakker", "Sophie", "Sophie Bakker", "Werkplekbeheer", 0.82, 0.80, 0.25, "all-round", 1.0),
    Agent("daan.visser", "Daan", "Daan Visser", "Netwerk & Security", 0.28, 0.93, 0.80, "technicus", 1.0),
    Agent("priya.patel", "Priya", "Priya Patel", "Netwerk & Security", 0.72, 0.84, 0.30, "all-round", 0.6),
)
TEAMS = ("Service Desk", "Werkplekbeheer", "Netwerk & Security")

CATEGORIES = ("password", "outage", "vpn", "printer", "laptop", "access", "email", "software")
CATEGORY_WEIGHTS = (18, 8, 12, 11, 13, 12, 12, 14)
ROUTING: dict[str, tuple[float, float, float]] = {  # share per team in TEAMS order
    "password": (0.90, 0.05, 0.05), "access": (0.75, 0.05, 0.20), "email": (0.85, 0.10, 0.05),
    "software": (0.65, 0.35, 0.00), "laptop": (0.15, 0.85, 0.00), "printer": (0.20, 0.80, 0.00),
    "vpn": (0.25, 0.00, 0.75), "outage": (0.20, 0.05, 0.75),
}
PRIORITIES = ("low", "normal", "high", "urgent")
PRIORITY_WEIGHTS = (20, 50, 22, 8)
CHANNELS = ("email", "web", "chat")
CHANNEL_WEIGHTS = (55, 30, 15)

# IT outcome model: P(reopen) = REOPEN[cat] * 2 * (1.15 - tech);
# P(sla breach) = SLA_PRIORITY[prio] * SLA_CATEGORY[cat] * 2 * (1.2 - tech).
REOPEN = {"password": 0.06, "access": 0.10, "email": 0.12, "software": 0.14, "printer": 0.18, "laptop": 0.18,
          "vpn": 0.22, "outage": 0.25}
SLA_PRIORITY = {"low": 0.06, "normal": 0.10, "high": 0.16, "urgent": 0.25}
SLA_CATEGORY = {"password": 0.6, "access": 1.0, "email": 1.0, "software": 1.0, "printer": 1.0, "laptop": 1.2,
                "vpn": 1.2, "outage": 1.6}
FIRST_RESPONSE_HOURS = {"low": (2, 20), "normal": (0.5, 6), "high": (0.25, 2.5), "urgent": (0.1, 0.8)}

# --------------------------------------------------------------------------------------------------------
# Customers and slot values
# --------------------------------------------------------------------------------------------------------
EN_FIRST = (("Sarah", "f"), ("David", "m"), ("Emily", "f"), ("Michael", "m"), ("Olivia", "f"), ("Daniel", "m"),
            ("Hannah", "f"), ("Robert", "m"), ("Chloe", "f"), ("Thomas", "m"), ("Grace", "f"), ("Ben", "m"),
            ("Laura", "f"), ("Ahmed", "m"), ("Maria", "f"), ("Kevin", "m"), ("Rachel", "f"), ("Simon", "m"))
EN_LAST = ("Jones", "Miller", "Taylor", "Brown", "Wilson", "Harris", "Clark", "Lewis", "Walker", "Wright",
           "Hall", "Turner", "Evans", "Khan", "Garcia", "O'Brien", "Murphy", "Cooper")
NL_FIRST = (("Ingrid", "f"), ("Pieter", "m"), ("Sanne", "f"), ("Joost", "m"), ("Marieke", "f"), ("Bas", "m"),
            ("Femke", "f"), ("Ruud", "m"), ("Anouk", "f"), ("Willem", "m"), ("Lotte", "f"), ("Henk", "m"),
            ("Mohamed", "m"), ("Fatima", "f"), ("Esther", "f"), ("Jeroen", "m"), ("Noor", "f"), ("Sem", "m"))
NL_LAST = ("de Vries", "Jansen", "van den Berg", "Bakker", "Visser", "Smit", "Meijer", "de Boer", "Mulder",
           "de Groot", "Bos", "Vos", "Peters", "Hendriks", "van Dijk", "Dekker", "El Amrani", "Yilmaz")

APPS = ("Adobe Acrobat Pro", "AutoCAD", "SPSS", "Visio", "Power BI Desktop", "Notepad++", "Zoom", "MATLAB")
PRINTERS = ("PRT-3F-KEUKEN", "the HP LaserJet on the 3rd floor", "Ricoh MP C3004 (2nd floor)", "PRT-BG-RECEPTIE")
PRINTERS_NL = ("PRT-3F-KEUKEN", "de HP LaserJet op de 3e verdieping", "Ricoh MP C3004 (2e verdieping)",
               "PRT-BG-RECEPTIE")
ERRORS = ("0x80070005", "0x800CCC0E", "0x80004005", "error 809", "error 720", "AADSTS50126", "0x0000011b",
          "HTTP 403")
TIMES = ("09:00", "09:30", "10:00", "11:00", "14:00", "15:30", "16:00")
PATHS = ("\\\\fileserver\\share\\Finance\\Q1", "\\\\fs01\\projects\\2026", "\\\\fileserver\\share\\HR",
         "C:\\Users\\{uid}\\AppData\\Local\\Microsoft\\Teams", "C:\\Users\\{uid}\\Documents\\Outlook Files")
URLS = {
    "en": {"password": "https://selfservice.example.nl/password", "outage": "https://status.example.nl",
           "vpn": "https://intranet.example.nl/kb/vpn-setup", "printer": "https://intranet.example.nl/kb/printing",
           "laptop": "https://intranet.example.nl/kb/laptop", "access": "https://portal.example.nl/access",
           "email": "https://outlook.office.com", "software": "https://intranet.example.nl/kb/software-centre"},
    "nl": {"password": "https://selfservice.example.nl/wachtwoord", "outage": "https://status.example.nl",
           "vpn": "https://intranet.example.nl/kb/vpn-instellen", "printer": "https://intranet.example.nl/kb/printen",
           "laptop": "https://intranet.example.nl/kb/laptop", "access": "https://portal.example.nl/toegang",
           "email": "https://outlook.office.com", "software": "https://intranet.example.nl/kb/software-center"},
}

# --------------------------------------------------------------------------------------------------------
# Fragment banks.  Dutch fragments write formal/informal alternatives inline as [u-form|je-form], so the
# register can be chosen per fragment (and deliberately mixed in poor replies).
# --------------------------------------------------------------------------------------------------------
BANK: dict[str, dict[str, Any]] = {
    "en": {
        "greet_informal": ("Hi {first},", "Hello {first},", "Hi {first}!", "Good morning {first},",
                           "Good afternoon {first},", "Hey {first},"),
        "greet_formal": ("Dear {title} {last},", "Dear {first},", "Dear {first} {last},", "Hello {title} {last},"),
        "thanks": ("Thank you for contacting the Service Desk.", "Thanks for getting in touch.",
                   "Thanks for reporting this, and for the clear description.",
                   "Thank you for the screenshot, that really helps.",
                   "Thanks for your patience while we looked into this.", "Thank you for your quick reply."),
        "empathy": ("I understand how frustrating it is when you can't get on with your work.",
                    "I can imagine this is really inconvenient.",
                    "That sounds annoying, especially on a busy day.",
                    "I completely understand that you need this working as soon as possible.",
                    "I'm sorry to hear you've been struggling with this."),
        "empathy_cat": {
            "password": ("Being locked out first thing in the morning is never fun, so let's get you back in "
                         "quickly.", "I understand how frustrating it is that you couldn't work this morning."),
            "outage": ("I know the outage stopped a lot of people from working, and I understand how disruptive "
                       "that is for your team.", "I understand this is holding up your whole department."),
            "vpn": ("Not being able to connect from home is really frustrating, especially when you're on a "
                    "deadline.",),
            "printer": ("I know how annoying it is when you need something printed and the printer won't "
                        "cooperate.",),
            "laptop": ("A laptop that keeps freezing makes it almost impossible to work, so I understand you "
                       "want this fixed quickly.",),
            "access": ("I understand you need these files to get on with your work today.",),
            "email": ("Missing emails can be stressful, especially when you're waiting for something important "
                      "from a client.",),
            "software": ("I understand you need this application for your work and that waiting isn't ideal.",),
        },
        "apology": ("I'm sorry for the inconvenience.", "Apologies for the trouble this has caused.",
                    "I'm sorry this has taken longer than it should have.",
                    "Sorry for the slow response, we've had a very busy morning."),
        "apology_fail": ("I'm really sorry the problem came back after we told you it was fixed.",
                         "My apologies, the first fix clearly didn't hold.",
                         "I'm sorry we missed our target time on this one; that shouldn't have happened."),
        "plain": {
            "password": ("Your password had expired over the weekend, which is why you were locked out. I've "
                         "unlocked your account and sent a temporary password to your mobile number.",
                         "Your account was locked because an old password was still saved on your phone and "
                         "kept trying to log in. I've unlocked it for you.",
                         "The reset link had expired. I've sent you a new one, which works for the next 30 "
                         "minutes: {url}"),
            "outage": ("There was a fault in one of our central servers this morning, which affected email and "
                       "the shared drives for everyone. It has been fixed and everything is running normally "
                       "again.", "A power problem in the data centre caused the outage. Our network team has "
                       "restored all services. You can follow the current status at {url}"),
            "vpn": ("The VPN software on your laptop was out of date after the last update, so it couldn't "
                    "connect. I've updated it remotely.", "Your VPN certificate had expired. I've renewed it, so "
                    "you should be able to connect again after restarting your laptop.",
                    "I've reset your connection settings; please restart your laptop and log in again."),
            "printer": ("The printer on your floor had lost its connection to the print server. I've reconnected "
                        "it and your print jobs should come out now.", "Your laptop was sending jobs to the old "
                        "printer that was removed last month. I've added the new printer for you.",
                        "There was a stuck print job blocking the queue. I've cleared it, so printing should "
                        "work again."),
            "laptop": ("Your laptop was running out of disk space, which is what made it so slow. I've cleared "
                       "out old temporary files and it should feel much faster now.", "A recent update didn't "
                       "install properly. I've reinstalled it remotely.", "The battery in your laptop is worn "
                       "out. I've ordered a replacement, and we'll swap it at your desk."),
            "access": ("You didn't have permission for that folder yet. I've added you, and you should see it "
                       "after logging off and on again.", "Your manager's approval came through this morning, "
                       "so I've given you access to {path}."),
            "email": ("Your mailbox was full, which is why new messages weren't arriving. I've increased the size "
                      "and archived older items.", "A rule in Outlook was moving the messages to another "
                      "folder. I've switched that rule off."),
            "software": ("The installation failed because of a missing permission on your laptop. I've installed "
                         "the program for you remotely.", "The licence for this program had expired. I've "
                         "renewed it, so you can open it again.", "I've installed the latest version from the "
                         "Software Centre. You'll find it in your Start menu."),
        },
        "jargon": {
            "password": ("AD account was locked out (badPwdCount exceeded, source: stale creds in the ActiveSync "
                         "profile on your phone). Unlocked it and set pwdLastSet=0, so you'll get a change prompt "
                         "at next logon.", "Kerberos pre-auth kept failing (event 4771) from a cached credential; "
                         "purged it with klist and unlocked the account in ADUC.", "Azure AD sign-in was blocked "
                         "by conditional access (AADSTS50126). Reset the MFA registration and revoked your refresh "
                         "tokens."),
            "outage": ("Root cause: BGP session to the primary ISP flapped after a firmware push on the core "
                       "switch; traffic failed over to the secondary link but the DNS forwarders didn't follow. "
                       "Forwarders repointed, caches flushed.", "The SAN controller went into failover, so the "
                       "VMware datastores went read-only and the Exchange DAG lost quorum. Storage is back, DAG "
                       "re-seeded."),
            "vpn": ("I've flushed the DNS cache and re-pushed the GPO via SCCM; the VPN tunnel should "
                    "re-establish after MFA re-enrolment.", "IKEv2 tunnel failed in phase 1 because your machine "
                    "cert expired (error 13801). Re-issued the cert through the SCEP profile in Intune.",
                    "Split-tunnel config in the AnyConnect profile was stale; pushed the new XML profile to "
                    "C:\\ProgramData\\Cisco\\Cisco AnyConnect Secure Mobility Client\\Profile."),
            "printer": ("Spooler service hung on PRT-SRV02 with a corrupt SHD/SPL pair; restarted the spooler, "
                        "removed the job and re-mapped the queue via GPP.", "Driver mismatch (Type 3 vs Type 4 "
                        "PCL6) after the PrintNightmare patch, error 0x0000011b. Deployed the packaged driver via "
                        "Intune."),
            "laptop": ("Disk was at 98% because of WinSxS bloat and the Teams cache in {path}. Ran DISM "
                       "/StartComponentCleanup, cleared the cache and pushed the latest BIOS via SCCM.",
                       "The BSOD was DRIVER_IRQL_NOT_LESS_OR_EQUAL from the Intel Wi-Fi driver. Rolled the "
                       "driver back and paused the feature update ring for your device."),
            "access": ("Added your account to security group GG-FIN-RW; the NTFS permissions on {path} inherit "
                       "from that group. You need a fresh Kerberos ticket, so log off/on or run klist purge.",
                       "Access denied (0x80070005) because the share ACL only had Domain Admins. Fixed the ACE "
                       "and re-applied inheritance."),
            "email": ("Mailbox hit the ProhibitSendReceive quota. Enabled the online archive and applied a 2-year "
                      "MRM retention tag; mail flow is back.", "Outlook threw 0x800CCC0E because the profile "
                      "still pointed at the old on-prem CAS. Recreated the profile via autodiscover and rebuilt "
                      "the OST in {path}."),
            "software": ("MSI install failed with 1603 due to a pending-reboot flag in the registry. Cleared it "
                         "and redeployed the package from SCCM.", "App was blocked by AppLocker (publisher rule "
                         "missing). Added the rule to the policy and forced a gpupdate."),
        },
        "steps_polite": ("Could you please try the following?", "Would you mind going through these steps?",
                         "Please try these steps and let me know how you get on:", "Here's what I'd like you "
                         "to try:"),
        "steps_bare": ("Do this:", "Steps:", ""),
        "steps": {
            "password": ("Go to {url}", "Enter your username and the code we sent by text message",
                         "Choose a new password of at least 12 characters", "Log in again on your laptop and on "
                         "your phone"),
            "outage": ("Close Outlook and Teams", "Restart your laptop", "Open Outlook again and check whether "
                       "new mail arrives"),
            "vpn": ("Disconnect from the VPN", "Restart your laptop", "Open the VPN client and log in with your "
                    "usual password", "Approve the sign-in on your phone"),
            "printer": ("Open Settings > Printers & scanners", "Remove the old printer", "Click 'Add device' and "
                        "choose {printer}", "Print a test page"),
            "laptop": ("Save your work", "Restart your laptop while it's connected to the network", "Leave it "
                       "switched on for about 15 minutes so the updates can finish"),
            "access": ("Log off from Windows", "Log on again", "Open {path} in File Explorer"),
            "email": ("Close Outlook", "Open Outlook again and wait until it says 'All folders are up to date'",
                      "Check whether the missing messages appear"),
            "software": ("Open the Software Centre from the Start menu", "Search for {app}", "Click Install and "
                         "wait until it finishes", "Restart your laptop"),
        },
        "cta": ("Please let me know if this works for you.", "If the problem comes back, just reply to this "
                "email and I'll pick it up.", "Could you let me know whether this has solved it?",
                "Feel free to reply if anything is unclear.", "If you still see the error, send me a screenshot "
                "and I'll take another look."),
        "ownership": ("I will check back with you tomorrow at {time}.", "I'll keep this ticket open until you've "
                      "confirmed everything works.", "I've escalated this to our network team and I'll keep you "
                      "updated.", "I'll call you this afternoon to make sure it's working.", "I'm looking into "
                      "this personally and will get back to you before {time} today.", "I'll keep an eye on it "
                      "and update you as soon as I know more."),
        "question": {
            "password": ("Could you tell me whether you changed your password recently?", "Are you also locked "
                         "out on your phone, or only on your laptop?"),
            "outage": ("Could you tell me exactly which services aren't working for you?", "Is it just you, or "
                       "are your colleagues affected too?"),
            "vpn": ("Could you tell me which error message you see when connecting?", "Are you connecting from "
                    "home or from another location?"),
            "printer": ("Could you tell me which printer you were using?", "Does the printer show an error on "
                        "its display?"),
            "laptop": ("When did this start, and did anything change just before?", "Could you tell me the "
                       "asset number on the sticker under your laptop?"),
            "access": ("Which folder or application do you need access to exactly?", "Could you ask your "
                       "manager to approve the request, or shall I contact them?"),
            "email": ("Could you tell me roughly when the last email arrived?", "Do you see the same problem in "
                      "Outlook on the web?"),
            "software": ("Which version of {app} do you need?", "Could you send me a screenshot of the error?"),
        },
        "question_general": ("Could you tell me when this started?", "Has this worked before on this laptop?"),
        "progress": ("I'm still working on this and have asked our second-line team for help.", "Quick update: "
                     "we've found the cause and are working on a fix.", "The supplier has confirmed the issue "
                     "and expects a fix by tomorrow.", "I'm looking into this now."),
        "confirm": ("Good to hear it's working again!", "Thanks for confirming, I'll close this ticket now.",
                    "Great, glad that did the trick.", "I've checked on our side and everything looks fine now."),
        "closing": ("Kind regards,\n{agent_first}", "Best regards,\n{agent_full}\n{team}", "Kind regards,\n"
                    "{agent_full}\nService Desk | ext. 4400", "Many thanks,\n{agent_first}", "Have a good day,\n"
                    "{agent_first}", "Cheers,\n{agent_first}"),
        "curt": {
            "password": ("Reset your password.", "Use the self-service portal."),
            "outage": ("Known issue. Wait.", "Restart your PC."),
            "vpn": ("Reinstall the VPN client.", "Turn the VPN off and on again."),
            "printer": ("Use another printer.", "Restart the printer."),
            "laptop": ("Restart your PC.", "Bring it to the IT desk."),
            "access": ("Ask your manager.", "Request it via the portal."),
            "email": ("Clear out your mailbox.", "Empty your deleted items."),
            "software": ("Install it from the Software Centre.", "Not supported."),
        },
        "blame": ("As I already said, you should have read the manual.", "This is all explained in the FAQ.",
                  "You should have changed your password when you got the warning.", "This is what happens when "
                  "you ignore the update notifications.", "Read my previous email properly."),
        "caps": ("DO NOT SHARE YOUR PASSWORD.", "READ THE INSTRUCTIONS BEFORE LOGGING A TICKET.", "DO NOT UNPLUG "
                 "THE DOCKING STATION.", "THIS IS THE THIRD TIME I'M EXPLAINING THIS."),
        "exclaim": ("It has to be done today!!!", "Do not log in again until I say so!!", "Restart it first!!!",
                    "This is urgent!!!"),
        "dismissive": ("Works on our end.", "Not our problem, contact your manager.", "No known issues.",
                       "Closing this ticket.", "Can't reproduce."),
    },
    "nl": {
        "greet_informal": ("Hoi {first},", "Hallo {first},", "Goedemorgen {first},", "Goedemiddag {first},",
                           "Beste {first},"),
        "greet_formal": ("Geachte {title} {last},", "Beste {title} {last},", "Beste {first},",
                         "Goedemorgen {title} {last},"),
        "thanks": ("Bedankt voor [uw|je] melding.", "Dank [u|je] voor [uw|je] bericht.", "Bedankt voor de "
                   "duidelijke omschrijving en de schermafbeelding.", "Dank [u|je] wel voor [uw|je] geduld.",
                   "Bedankt voor [uw|je] snelle reactie."),
        "empathy": ("Ik begrijp dat dit erg vervelend is, zeker met [uw|je] deadline vandaag.", "Ik kan me "
                    "voorstellen dat dit heel onhandig is.", "Wat vervelend dat [u|je] hier zo veel last van "
                    "[heeft|hebt].", "Ik snap goed dat [u|je] dit zo snel mogelijk opgelost wilt hebben."),
        "empathy_cat": {
            "password": ("Niet kunnen inloggen aan het begin van de dag is natuurlijk heel vervelend; laten we "
                         "[u|je] snel weer op weg helpen.",),
            "outage": ("Ik begrijp dat de storing [uw|je] hele afdeling heeft stilgelegd, en dat is erg "
                       "vervelend.",),
            "vpn": ("Thuis geen verbinding kunnen maken is erg frustrerend, zeker als [u|je] aan een deadline "
                    "werkt.",),
            "printer": ("Vervelend als [u|je] snel iets moet printen en de printer niet meewerkt.",),
            "laptop": ("Met een laptop die steeds vastloopt is werken bijna onmogelijk, dus ik begrijp dat [u|je] "
                       "dit snel opgelost wilt hebben.",),
            "access": ("Ik begrijp dat [u|je] deze bestanden vandaag nodig [heeft|hebt] voor [uw|je] werk.",),
            "email": ("Het is vervelend als er mails ontbreken, zeker als [u|je] op iets belangrijks wacht.",),
            "software": ("Ik begrijp dat [u|je] dit programma nodig [heeft|hebt] voor [uw|je] werk.",),
        },
        "apology": ("Excuses voor het ongemak.", "Sorry dat het zo lang heeft geduurd.", "Onze excuses voor de "
                    "late reactie; het was vanochtend erg druk.", "Excuses dat [u|je] hier zo lang op [heeft|hebt] "
                    "moeten wachten."),
        "apology_fail": ("Het spijt me echt dat het probleem terug is, terwijl we hadden gezegd dat het was "
                         "opgelost.", "Mijn excuses, de eerste oplossing heeft het niet verholpen.", "Excuses dat "
                         "we de afgesproken oplostijd niet hebben gehaald; dat had niet mogen gebeuren."),
        "plain": {
            "password": ("[Uw|Je] wachtwoord was in het weekend verlopen, daarom kon [u|je] niet meer inloggen. "
                         "Ik heb [uw|je] account ontgrendeld en een tijdelijk wachtwoord naar [uw|je] mobiele "
                         "nummer gestuurd.", "[Uw|Je] account was geblokkeerd omdat er op [uw|je] telefoon nog "
                         "een oud wachtwoord stond opgeslagen. Ik heb het account weer vrijgegeven.",
                         "De resetlink was verlopen. Ik heb [u|je] een nieuwe gestuurd die 30 minuten geldig is: "
                         "{url}"),
            "outage": ("Er was vanochtend een storing in een van onze centrale servers, waardoor e-mail en de "
                       "netwerkschijven voor iedereen niet werkten. De storing is verholpen en alles werkt weer "
                       "normaal.", "Door een stroomprobleem in het datacenter vielen enkele systemen uit. Alles "
                       "is inmiddels hersteld. De actuele status [kunt u|kun je] volgen op {url}"),
            "vpn": ("De VPN-software op [uw|je] laptop was na de laatste update verouderd, waardoor er geen "
                    "verbinding kon worden gemaakt. Ik heb deze op afstand bijgewerkt.", "[Uw|Je] VPN-certificaat "
                    "was verlopen. Ik heb het vernieuwd; na een herstart van [uw|je] laptop [kunt u|kun je] weer "
                    "verbinding maken.", "Ik heb [uw|je] verbindingsinstellingen opnieuw ingesteld; [start u|start "
                    "je] [uw|je] laptop opnieuw op en [logt u|log je] weer in?"),
            "printer": ("De printer op [uw|jouw] verdieping had geen verbinding meer met de printserver. Ik heb "
                        "die hersteld, dus [uw|je] afdrukken zouden nu moeten komen.", "[Uw|Je] laptop stuurde "
                        "de afdrukken nog naar de oude printer die vorige maand is weggehaald. Ik heb de nieuwe "
                        "printer voor [u|je] toegevoegd.", "Er stond een vastgelopen afdruk in de wachtrij. Die "
                        "heb ik verwijderd, dus printen werkt weer."),
            "laptop": ("De harde schijf van [uw|je] laptop was bijna vol, daardoor was hij zo traag. Ik heb oude "
                       "tijdelijke bestanden opgeruimd.", "Een recente update was niet goed geïnstalleerd. Ik heb "
                       "die op afstand opnieuw geïnstalleerd.", "De accu van [uw|je] laptop is versleten. Ik heb "
                       "een nieuwe besteld; we komen hem bij [uw|je] bureau vervangen."),
            "access": ("[U|Je] had nog geen rechten op die map. Ik heb [u|je] toegevoegd; na opnieuw aanmelden "
                       "[ziet u|zie je] de map erbij.", "[Uw|Je] leidinggevende heeft vanochtend akkoord gegeven, "
                       "dus ik heb [u|je] toegang gegeven tot {path}."),
            "email": ("[Uw|Je] mailbox was vol, daarom kwamen er geen nieuwe berichten meer binnen. Ik heb de "
                      "mailbox vergroot en oude berichten gearchiveerd.", "Een regel in Outlook verplaatste de "
                      "berichten naar een andere map. Die regel heb ik uitgezet."),
            "software": ("De installatie mislukte doordat er een recht ontbrak op [uw|je] laptop. Ik heb het "
                         "programma op afstand voor [u|je] geïnstalleerd.", "De licentie van dit programma was "
                         "verlopen. Ik heb hem verlengd, dus [u kunt|je kunt] het weer openen.", "Ik heb de "
                         "nieuwste versie uit het Software Center geïnstalleerd. [U vindt|Je vindt] hem in het "
                         "Startmenu."),
        },
        "jargon": {
            "password": ("AD-account stond gelockt (badPwdCount overschreden door oude creds in het "
                         "ActiveSync-profiel op [uw|je] telefoon). Unlock gedaan en pwdLastSet op 0 gezet, dus bij "
                         "de volgende logon [krijgt u|krijg je] een change-prompt.", "Azure AD sign-in werd "
                         "geblokkeerd door conditional access (AADSTS50126). MFA-registratie gereset en refresh "
                         "tokens gerevoked."),
            "outage": ("Root cause: BGP-sessie naar de primaire ISP flapte na een firmware-push op de core "
                       "switch; failover naar de secundaire link ging goed maar de DNS-forwarders volgden niet. "
                       "Forwarders omgezet en caches geflusht.", "SAN-controller ging in failover, de "
                       "VMware-datastores werden read-only en de Exchange DAG verloor quorum. Storage is terug, "
                       "DAG opnieuw geseed."),
            "vpn": ("DNS-cache geflusht en de GPO opnieuw gepusht via SCCM; de VPN-tunnel zou na "
                    "MFA-herregistratie weer moeten opkomen.", "IKEv2-tunnel faalde in phase 1 door een verlopen "
                    "machinecertificaat (error 13801). Cert opnieuw uitgegeven via het SCEP-profiel in Intune."),
            "printer": ("Spooler op PRT-SRV02 hing door een corrupte SHD/SPL; spooler herstart, job verwijderd en "
                        "de queue opnieuw gemapt via GPP.", "Drivermismatch (Type 3 vs Type 4 PCL6) na de "
                        "PrintNightmare-patch, error 0x0000011b. Packaged driver uitgerold via Intune."),
            "laptop": ("Disk zat op 98% door WinSxS en de Teams-cache in {path}. DISM /StartComponentCleanup "
                       "gedraaid, cache geleegd en de laatste BIOS via SCCM gepusht.", "BSOD was "
                       "DRIVER_IRQL_NOT_LESS_OR_EQUAL door de Intel wifi-driver. Driver teruggerold en de feature "
                       "update ring gepauzeerd voor [uw|je] device."),
            "access": ("Account toegevoegd aan security group GG-FIN-RW; NTFS-rechten op {path} erven van die "
                       "groep. Nieuw Kerberos-ticket nodig, dus af- en aanmelden of klist purge.", "Access denied "
                       "(0x80070005) kwam door de share-ACL met alleen Domain Admins. ACE gefixt en inheritance "
                       "opnieuw toegepast."),
            "email": ("Mailbox zat op de ProhibitSendReceive-quota. Online archive aangezet en een MRM retention "
                      "tag van 2 jaar toegepast; mailflow is terug.", "Outlook gaf 0x800CCC0E omdat het profiel "
                      "nog naar de oude on-prem CAS wees. Profiel opnieuw aangemaakt via autodiscover en de OST "
                      "in {path} herbouwd."),
            "software": ("MSI-installatie faalde met 1603 door een pending reboot-flag in de registry. Flag "
                         "verwijderd en package opnieuw gedeployed vanuit SCCM.", "App werd geblokkeerd door "
                         "AppLocker (publisher rule ontbrak). Rule toegevoegd aan de policy en gpupdate "
                         "geforceerd."),
        },
        "steps_polite": ("[Wilt u|Wil je] de volgende stappen proberen?", "[Zou u|Zou je] deze stappen willen "
                         "doorlopen?", "[Probeert u|Probeer je] het volgende:", "Zo [kunt u|kun je] het zelf "
                         "controleren:"),
        "steps_bare": ("Doen:", "Stappen:", ""),
        "steps": {
            "password": ("Ga naar {url}", "Vul [uw|je] gebruikersnaam en de sms-code in", "Kies een nieuw "
                         "wachtwoord van minimaal 12 tekens", "Log opnieuw in op [uw|je] laptop en telefoon"),
            "outage": ("Sluit Outlook en Teams af", "Start [uw|je] laptop opnieuw op", "Open Outlook en controleer "
                       "of er nieuwe mail binnenkomt"),
            "vpn": ("Verbreek de VPN-verbinding", "Start [uw|je] laptop opnieuw op", "Open de VPN-client en log "
                    "in met [uw|je] gewone wachtwoord", "Keur de aanmelding goed op [uw|je] telefoon"),
            "printer": ("Open Instellingen > Printers en scanners", "Verwijder de oude printer", "Klik op "
                        "'Apparaat toevoegen' en kies {printer}", "Druk een testpagina af"),
            "laptop": ("Sla [uw|je] werk op", "Start de laptop opnieuw op terwijl hij met het netwerk verbonden "
                       "is", "Laat hem ongeveer 15 minuten aan staan zodat de updates kunnen afronden"),
            "access": ("Meld [u|je] af bij Windows", "Meld [u|je] opnieuw aan", "Open {path} in de Verkenner"),
            "email": ("Sluit Outlook af", "Open Outlook opnieuw en wacht tot er 'Alle mappen zijn bijgewerkt' "
                      "staat", "Controleer of de ontbrekende berichten er nu zijn"),
            "software": ("Open het Software Center via het Startmenu", "Zoek op {app}", "Klik op Installeren en "
                         "wacht tot het klaar is", "Start [uw|je] laptop opnieuw op"),
        },
        "cta": ("[Laat u mij|Laat je me] weten of het nu werkt?", "Als het probleem terugkomt, [kunt u|kun je] "
                "gewoon op deze mail reageren.", "[Wilt u|Wil je] laten weten of dit het probleem heeft "
                "opgelost?", "Is er iets onduidelijk, laat het me dan gerust weten.", "[Ziet u|Zie je] de "
                "foutmelding nog steeds, stuur me dan een schermafbeelding."),
        "ownership": ("Ik ga dit voor [u|je] uitzoeken en bel [u|je] morgen terug.", "Ik kom morgen om {time} "
                      "bij [u|je] terug.", "Ik laat de melding openstaan tot [u|je] hebt bevestigd dat alles "
                      "werkt.", "Ik heb dit doorgezet naar ons netwerkteam en houd [u|je] op de hoogte.", "Ik bel "
                      "[u|je] vanmiddag even om te controleren of alles werkt.", "Ik houd het in de gaten en laat "
                      "het [u|je] weten zodra ik meer weet."),
        "question": {
            "password": ("[Heeft u|Heb je] onlangs [uw|je] wachtwoord gewijzigd?", "[Bent u|Ben je] ook op "
                         "[uw|je] telefoon buitengesloten, of alleen op de laptop?"),
            "outage": ("Welke systemen werken er precies niet bij [u|jou]?", "Hebben [uw|je] collega's hetzelfde "
                       "probleem?"),
            "vpn": ("Welke foutmelding [ziet u|zie je] bij het verbinden?", "[Werkt u|Werk je] thuis of op een "
                    "andere locatie?"),
            "printer": ("Welke printer [gebruikte u|gebruikte je]?", "Staat er een foutmelding op het display "
                        "van de printer?"),
            "laptop": ("[Kunt u|Kun je] mij vertellen wanneer dit begon?", "[Kunt u|Kun je] het inventarisnummer "
                       "op de sticker onder [uw|je] laptop doorgeven?"),
            "access": ("Voor welke map of applicatie [heeft u|heb je] precies toegang nodig?", "[Wilt u|Wil je] "
                       "[uw|je] leidinggevende vragen om akkoord te geven, of zal ik contact opnemen?"),
            "email": ("Weet [u|je] ongeveer wanneer de laatste mail binnenkwam?", "[Ziet u|Zie je] hetzelfde "
                      "probleem in Outlook op het web?"),
            "software": ("Welke versie van {app} [heeft u|heb je] nodig?", "[Kunt u|Kun je] een schermafbeelding "
                         "van de foutmelding sturen?"),
        },
        "question_general": ("[Kunt u|Kun je] mij vertellen wanneer dit begon?", "Werkte dit eerder wel op deze "
                             "laptop?"),
        "progress": ("Ik ben er nog mee bezig en heb de tweede lijn om hulp gevraagd.", "Korte update: we hebben "
                     "de oorzaak gevonden en werken aan een oplossing.", "De leverancier heeft het probleem "
                     "bevestigd en verwacht morgen een oplossing.", "Ik kijk er nu naar."),
        "confirm": ("Fijn om te horen dat het weer werkt!", "Bedankt voor [uw|je] bevestiging, ik sluit de "
                    "melding.", "Mooi, fijn dat het gelukt is.", "Ik heb aan onze kant gecontroleerd en alles "
                    "ziet er nu goed uit."),
        "closing": ("Met vriendelijke groet,\n{agent_full}", "Met vriendelijke groet,\n{agent_full}\n{team}",
                    "Vriendelijke groet,\n{agent_first}", "Groeten,\n{agent_first}", "Fijne dag nog,\n"
                    "{agent_first}", "Met vriendelijke groet,\n{agent_full}\nServicedesk | tel. 020 555 4400"),
        "curt": {
            "password": ("Reset [uw|je] wachtwoord.", "Gebruik het selfserviceportaal."),
            "outage": ("Bekende storing. Afwachten.", "Herstart [uw|je] pc."),
            "vpn": ("Zet de VPN uit en weer aan.", "Installeer de VPN-client opnieuw."),
            "printer": ("Gebruik een andere printer.", "Printer uit- en aanzetten."),
            "laptop": ("Herstart [uw|je] pc.", "Breng hem langs bij de IT-balie."),
            "access": ("Vraag het aan [uw|je] manager.", "Aanvragen via het portaal."),
            "email": ("Ruim [uw|je] mailbox op.", "Leeg [uw|je] verwijderde items."),
            "software": ("Installeer het via het Software Center.", "Wordt niet ondersteund."),
        },
        "blame": ("Zoals ik al zei, [u had|je had] de handleiding moeten lezen.", "Dit staat gewoon in de FAQ.",
                  "[U had|Je had] [uw|je] wachtwoord moeten wijzigen toen [u|je] de melding kreeg.", "Dit gebeurt "
                  "als [u|je] de updatemeldingen steeds wegklikt.", "[Leest u|Lees] mijn vorige mail nog eens "
                  "goed."),
        "caps": ("DEEL NOOIT [UW|JE] WACHTWOORD.", "NIET ZELF DE KABELS LOSHALEN.", "EERST DE HANDLEIDING LEZEN.",
                 "DIT IS DE DERDE KEER DAT IK DIT UITLEG."),
        "exclaim": ("Dit moet vandaag nog gebeuren!!!", "Niet opnieuw aanmelden!!", "Eerst herstarten!!!",
                    "Dit heeft prioriteit!!!"),
        "dismissive": ("Bij ons werkt het gewoon.", "Geen storing bekend.", "Niet ons probleem, neem contact op "
                       "met [uw|je] leidinggevende.", "Melding wordt gesloten.", "Kan ik niet reproduceren."),
    },
}

CUSTOMER: dict[str, dict[str, Any]] = {
    "en": {
        "open": ("Hi,", "Hello,", "Hi Service Desk,", "Good morning,", "Hello IT,", ""),
        "sign": ("Thanks,\n{first}", "Regards,\n{first} {last}", "{first}", "Thanks in advance!\n{first}",
                 "Kind regards,\n{first} {last}", ""),
        "extra": ("I have a deadline today.", "This is quite urgent.", "I've already restarted twice.", "", "", ""),
        "first": {
            "password": ("I can't log in this morning, it says my password is wrong but I'm sure it's right. "
                         "I've tried about five times and now it says the account is locked.", "My password "
                         "expired and the reset link in the email doesn't work. I need to get into the finance "
                         "system before noon.", "Locked out of my account again. Can someone please unlock it?"),
            "outage": ("Email and Teams are both down for our whole team since about 9. Is there an outage?",
                       "None of the shared drives are working, we get 'network path not found'. The whole floor "
                       "is affected.", "The intranet and the HR system are not loading at all. We have a client "
                       "meeting in an hour."),
            "vpn": ("I'm working from home and the VPN won't connect. It gives error 809.", "The VPN keeps "
                    "dropping every 10 minutes, I can't get any work done like this.", "Since the update "
                    "yesterday I can't connect to the VPN anymore."),
            "printer": ("The printer on the 3rd floor isn't printing anything. My jobs just disappear.", "I "
                        "can't find the new printer on my laptop, the old one is gone.", "Printing fails with "
                        "error 0x0000011b."),
            "laptop": ("My laptop is incredibly slow since Monday, it takes 10 minutes to start up.", "My laptop "
                       "keeps freezing and showing a blue screen.", "The battery of my laptop only lasts about "
                       "30 minutes now."),
            "access": ("I need access to the Finance share ({path}) for the quarterly report. My manager already "
                       "agreed.", "I get 'access denied' when I open the project folder, I could open it last "
                       "week.", "I started in the Sales team this week and I can't open the CRM."),
            "email": ("I'm not receiving any external emails since yesterday afternoon. A client says his mail "
                      "bounced.", "Outlook says my mailbox is full and I can't send anything.", "Emails from one "
                      "colleague keep disappearing from my inbox."),
            "software": ("I need {app} installed for a project, it's not in the Software Centre.", "{app} crashes "
                         "every time I open it. Error {err}.", "My licence for {app} has expired, I get a popup "
                         "every time I start it."),
        },
        "answer": ("It started on Monday after the update.", "It's the one next to the kitchen on the 2nd floor.",
                   "Only on my laptop, my phone works fine.", "Here's the screenshot. The error is {err}.",
                   "I'm working from home today.", "Yes, my colleagues have the same problem.", "I haven't "
                   "changed anything as far as I know."),
        "chase": ("Any news on this? I still can't work.", "Is there an update? It's been two days.", "Hello? "
                  "Is anyone looking at this?"),
        "again": ("It worked for a day but now the same problem is back.", "Sorry, it's happening again.",
                  "Still not working, I restarted twice."),
        "works": ("Works now, thanks!", "That fixed it, thank you.", "Great, all good now.", "Yes, it's working "
                  "again. Thanks for the help."),
    },
    "nl": {
        "open": ("Hallo,", "Goedemorgen,", "Beste servicedesk,", "Hoi,", "Goedemiddag,", ""),
        "sign": ("Groet,\n{first}", "Met vriendelijke groet,\n{first} {last}", "Alvast bedankt!\n{first}",
                 "{first}", "Groetjes,\n{first}", ""),
        "extra": ("Ik heb vandaag een deadline.", "Het is best dringend.", "Ik heb al twee keer opnieuw "
                  "opgestart.", "", "", ""),
        "first": {
            "password": ("Ik kan vanochtend niet inloggen, er staat dat mijn wachtwoord onjuist is maar ik weet "
                         "zeker dat het klopt. Nu is mijn account geblokkeerd.", "Mijn wachtwoord is verlopen en "
                         "de resetlink in de mail werkt niet. Ik moet voor 12 uur in het financiële systeem.",
                         "Ik ben weer buitengesloten van mijn account. Kan iemand het ontgrendelen?"),
            "outage": ("E-mail en Teams werken sinds 9 uur niet voor ons hele team. Is er een storing?", "Geen "
                       "enkele netwerkschijf werkt, we krijgen 'netwerkpad niet gevonden'. De hele verdieping "
                       "heeft het.", "Het intranet en het HR-systeem laden helemaal niet. We hebben over een uur "
                       "een klantafspraak."),
            "vpn": ("Ik werk thuis en de VPN maakt geen verbinding. Ik krijg foutmelding 809.", "De VPN valt elke "
                    "10 minuten weg, zo kan ik niet werken.", "Sinds de update van gisteren kan ik niet meer met "
                    "de VPN verbinden."),
            "printer": ("De printer op de 3e verdieping print niets. Mijn afdrukken verdwijnen gewoon.", "Ik kan "
                        "de nieuwe printer niet vinden op mijn laptop, de oude is weg.", "Printen mislukt met "
                        "foutmelding 0x0000011b, het werkt bij mij dus niet."),
            "laptop": ("Mijn laptop is sinds maandag ontzettend traag, opstarten duurt 10 minuten.", "Mijn laptop "
                       "loopt steeds vast en geeft een blauw scherm.", "De accu van mijn laptop houdt het nog "
                       "maar een half uur vol."),
            "access": ("Ik heb toegang nodig tot de Financiën-share ({path}) voor de kwartaalrapportage. Mijn "
                       "leidinggevende heeft al akkoord gegeven.", "Ik krijg 'toegang geweigerd' als ik de "
                       "projectmap open, vorige week kon het nog wel.", "Ik ben deze week begonnen bij Verkoop en "
                       "ik kan het CRM niet openen."),
            "email": ("Ik ontvang sinds gistermiddag geen externe mail meer. Een klant zegt dat zijn mail "
                      "terugkomt.", "Outlook zegt dat mijn mailbox vol is en ik kan niets meer versturen.",
                      "Mails van een collega verdwijnen steeds uit mijn inbox."),
            "software": ("Ik heb {app} nodig voor een project, maar het staat niet in het Software Center.",
                         "{app} crasht elke keer als ik het open. Foutmelding {err}.", "Mijn licentie voor {app} "
                         "is verlopen, ik krijg steeds een melding als ik het start."),
        },
        "answer": ("Het begon maandag na de update.", "Het is die naast de keuken op de 2e verdieping.", "Alleen "
                   "op mijn laptop, mijn telefoon werkt wel.", "Hierbij de schermafbeelding. De foutmelding is "
                   "{err}.", "Ik werk vandaag thuis.", "Ja, mijn collega's hebben hetzelfde probleem.", "Ik heb "
                   "voor zover ik weet niets veranderd."),
        "chase": ("Is er al nieuws? Ik kan nog steeds niet werken.", "Hoe staat het hiermee? Het duurt nu al twee "
                  "dagen.", "Hallo? Kijkt er iemand naar mijn melding?"),
        "again": ("Het werkte een dag, maar nu is hetzelfde probleem terug.", "Sorry, het gebeurt weer.", "Het "
                  "werkt nog steeds niet, ik heb al twee keer opnieuw opgestart."),
        "works": ("Het werkt weer, bedankt!", "Top, dat was het. Dank je wel.", "Opgelost, bedankt voor de snelle "
                  "hulp.", "Ja, het werkt nu weer. Bedankt!"),
    },
}

INTERNAL_NOTES = {
    "en": ("Checked AD: account locked by old creds on phone. Unlocked.", "Escalated to N&S, looks like a DHCP "
           "scope issue on VLAN 120.", "Called user, no answer. Will try again tomorrow.", "Known issue, linked "
           "to problem PRB0042.", "Waiting for manager approval for the access request.", "Replaced docking "
           "station, old one to RMA.", "User is VIP, keep an eye on this one."),
    "nl": ("AD gecheckt: account gelockt door oude creds op telefoon. Unlock gedaan.", "Doorgezet naar N&S, "
           "lijkt DHCP-scope op VLAN 120.", "Gebeld, geen gehoor. Morgen opnieuw proberen.", "Bekende storing, "
           "gekoppeld aan probleem PRB0042.", "Wacht op akkoord leidinggevende voor toegangsaanvraag.",
           "Dockingstation vervangen, oude naar RMA.", "Gebruiker is VIP, graag in de gaten houden."),
}
SYSTEM = {
    "en": {"ack": "Thank you for your request. It has been registered as {tid}. We aim to respond within one "
                  "working day.\n\nThis is an automated message, please do not reply.",
           "close": ("Ticket automatically closed after 7 days without a response.", "This request was closed "
                     "automatically because we did not hear back from you within 7 days.")},
    "nl": {"ack": "Bedankt voor uw melding. Deze is geregistreerd onder nummer {tid}. Wij reageren binnen één "
                  "werkdag.\n\nDit is een automatisch bericht, u kunt hierop niet reageren.",
           "close": ("Uw melding is automatisch gesloten omdat wij binnen 7 dagen geen reactie hebben ontvangen.",
                     "Uw melding is automatisch gesloten.")},
}
REASSIGNED = "Ticket reassigned from Service Desk to {team}."

CSAT_COMMENTS = {
    "en": {
        "high": ("Quick and friendly help, thanks!", "{agent} explained everything clearly.", "Great service, "
                 "fixed within the hour.", "Very helpful, thank you.", "Friendly and patient."),
        "high_failed": ("It took a while, but I was kept informed the whole way. Thank you!", "Not fixed at "
                        "first, but {agent} stayed on it and kept me updated."),
        "mid": ("Fixed in the end, but it took a while.", "OK, but I had to chase for an update.", "Fine."),
        "low_comm": ("Nobody told me what was going on.", "Very rude reply, made me feel it was my fault.",
                     "Got a one-line answer full of jargon I didn't understand.", "Felt like I was bothering them."),
        "low_it": ("Still not fixed properly.", "Problem came back the next day.", "Took far too long."),
    },
    "nl": {
        "high": ("Snel en vriendelijk geholpen!", "{agent} legde alles duidelijk uit.", "Top service, binnen een "
                 "uur opgelost.", "Heel behulpzaam, bedankt.", "Vriendelijk en geduldig."),
        "high_failed": ("Het duurde even, maar ik werd steeds goed op de hoogte gehouden. Dank!", "Eerst niet "
                        "opgelost, maar {agent} bleef erbovenop zitten."),
        "mid": ("Uiteindelijk opgelost, maar het duurde lang.", "Prima, maar ik moest zelf achter de status aan.",
                "Redelijk."),
        "low_comm": ("Niemand liet iets van zich horen.", "Onvriendelijk antwoord, alsof het mijn schuld was.",
                     "Ik snapte niets van de uitleg.", "Ik voelde me niet serieus genomen."),
        "low_it": ("Nog steeds niet goed opgelost.", "Probleem was de volgende dag terug.", "Duurde veel te lang."),
    },
}

# --------------------------------------------------------------------------------------------------------
# Messy rows: robustness cases, kept out of replies.csv on purpose.
# --------------------------------------------------------------------------------------------------------
LONG_LOG_LINE = ("2026-02-03 09:{m:02d}:{s:02d} ERROR VPNClient[{pid}]: IKEv2 negotiation failed, phase 1, "
                 "peer 203.0.113.{peer}, reason 13801 (certificate invalid or expired), retry {n}/100")


def messy_rows() -> list[list[str]]:
    """Hand-made awkward rows that a robust reader must survive (documented in the README)."""
    log = "\n".join(LONG_LOG_LINE.format(m=n % 60, s=(7 * n) % 60, pid=4100 + n, peer=10 + n % 40, n=n)
                    for n in range(1, 161))
    long_body = ("Hi Sarah,\n\nI went through the client log you sent; the relevant part is pasted below so the "
                 "network team can see it as well. The short version: your machine certificate expired, I "
                 "have renewed it.\n\n" + log + "\n\nPlease restart your laptop and try again.\n\nKind regards,"
                 "\nDaan")
    html_nl = ("<div><p>Beste Ingrid,</p><p>Ik heb uw account <b>ontgrendeld</b>.&nbsp;U kunt nu weer inloggen "
               "via <a href=\"https://selfservice.example.nl/wachtwoord\">deze link</a>.</p><ul><li>Start uw "
               "laptop opnieuw op</li><li>Log in met uw tijdelijke wachtwoord</li></ul><p>Met vriendelijke "
               "groet,<br>Daan Visser<br><i>Netwerk &amp; Security</i></p></div>")
    german = ("Hallo Herr Müller,\n\nvielen Dank für Ihre Nachricht. Ich habe Ihr Passwort zurückgesetzt. Bitte "
              "melden Sie sich erneut an und ändern Sie das Passwort bei der ersten Anmeldung.\n\nMit "
              "freundlichen Grüßen\nPriya Patel")
    quoted_en = ("Hi Sarah,\n\nThanks, glad it works again. I'll close the ticket.\n\nKind regards,\nLisa\n\n"
                 "On Tue, 3 Feb 2026 at 09:12, Sarah Jones <sarah.jones@example.com> wrote:\n> Works now, "
                 "thanks!\n>\n> On Mon, 2 Feb 2026 at 16:40, Service Desk <servicedesk@example.nl> wrote:\n>> "
                 "Hi Sarah,\n>> Please restart your laptop.\n")
    quoted_nl = ("Beste Pieter,\n\nFijn dat het weer werkt, ik sluit de melding.\n\nMet vriendelijke groet,\n"
                 "Anna de Vries\n\nOp di 3 feb. 2026 om 09:12 schreef Pieter Bakker <p.bakker@example.nl>:\n"
                 "> Het werkt weer, bedankt!\n")
    disclaimer = ("Hi Tom 👋\n\nAll sorted, your new laptop is ready at the IT desk 🎉\n\nCheers,\nSophie\n--\n"
                  "Sophie Bakker | Werkplekbeheer\nThis e-mail and any attachments are confidential and intended "
                  "solely for the addressee. If you have received it in error, please notify the sender.")
    mixed = ("Hoi Bas, I've reset your password. Je kunt nu weer inloggen via "
             "https://selfservice.example.nl/wachtwoord. Let me know if it works!")
    cols = ("ticket_id", "reply_id", "author_role", "agent_id", "created_at", "channel", "public", "body",
            "language")
    rows = [
        ("T0003", "T0003-M1", "agent", "james.clarke", "2026-01-06T10:00:00Z", "email", "true", "", ""),
        ("T0004", "T0004-M1", "agent", "mark.jansen", "2026-01-06T11:00:00Z", "web", "true", "   \n\t  ", ""),
        ("T0005", "T0005-M1", "agent", "daan.visser", "2026-01-07T09:30:00Z", "email", "true",
         "https://selfservice.example.nl/password", ""),
        ("T0006", "T0006-M1", "agent", "lisa.smith", "2026-01-07T12:00:00Z", "email", "true",
         "Hi, I've unlocked your account. Kind regards, Lisa", ""),
        ("T0006", "T0006-M1", "agent", "lisa.smith", "2026-01-07T12:05:00Z", "email", "true",
         "Hi, I've unlocked your account. Kind regards, Lisa (resent)", ""),
        ("T0007", "T0007-M1", "agent", "daan.visser", "2026-01-08T08:15:00Z", "email", "true", html_nl, ""),
        ("T0008", "T0008-M1", "agent", "priya.patel", "2026-01-08T13:20:00Z", "email", "true", german, ""),
        ("T0009", "T0009-M1", "agent", "daan.visser", "2026-01-09T15:45:00Z", "email", "true", long_body, ""),
        ("T0010", "T0010-M1", "agent", "lisa.smith", "2026-02-03T09:30:00+01:00", "email", "ja", quoted_en, ""),
        ("T0011", "T0011-M1", "agent", "anna.devries", "2026-02-03 10:15", "email", "1", quoted_nl, ""),
        ("T0012", "T0012-M1", "agent", "sophie.bakker", "", "chat", "true", disclaimer, ""),
        ("T0013", "T0013-M1", "agent", "", "2026-02-04T08:00:00Z", "chat", "", mixed, ""),
        ("T9999", "T9999-M1", "agent", "tom.willems", "2026-02-05T14:00:00Z", "web", "true",
         "Hi, this reply belongs to a ticket that is not in tickets.csv.", ""),
    ]
    assert len(cols) == len(REPLY_COLUMNS)
    return [list(row) for row in rows]


MESSY_NOTES = (
    "`T0003-M1`: empty body", "`T0004-M1`: whitespace-only body", "`T0005-M1`: body is only a URL",
    "`T0006-M1` (twice): duplicate reply_id", "`T0007-M1`: Dutch reply in HTML with entities",
    "`T0008-M1`: German reply", "`T0009-M1`: very long reply (~25 kB, pasted log)",
    "`T0010-M1`: quoted English e-mail history, timestamp with `+01:00` offset, public `ja`",
    "`T0011-M1`: quoted Dutch history (`Op ... schreef ...:`), timestamp without zone/seconds, public `1`",
    "`T0012-M1`: emoji and a legal disclaimer, empty created_at", "`T0013-M1`: English/Dutch mixed in one "
    "reply, empty agent_id and public", "`T9999-M1`: orphan reply (ticket not in tickets.csv)",
)


# --------------------------------------------------------------------------------------------------------
# Composition
# --------------------------------------------------------------------------------------------------------
_ALT = re.compile(r"\[([^\[\]|]*)\|([^\[\]|]*)\]")


def render_register(text: str, register: str) -> str:
    """Resolve inline ``[u-form|je-form]`` alternatives for the given Dutch register ("u" or "je")."""
    return _ALT.sub(lambda m: m.group(1) if register == "u" else m.group(2), text)


def clip(x: float, lo: float = 0.0, hi: float = 1.0) -> float:
    return max(lo, min(hi, x))


@dataclass
class Customer:
    first: str
    last: str
    gender: str
    uid: str

    def title(self, lang: str) -> str:
        if lang == "en":
            return "Mr" if self.gender == "m" else "Ms"
        return "heer" if self.gender == "m" else "mevrouw"

    def formal_last(self) -> str:
        """Dutch surname as written without the first name: "van den Berg" -> "Van den Berg"."""
        return self.last[0].upper() + self.last[1:]


@dataclass
class Composed:
    """One composed agent reply and the fragments it was built from (ground truth for the detectors)."""

    text: str
    flags: dict[str, bool] = field(default_factory=dict)
    register: str = ""

    @property
    def score(self) -> float:
        return sum(FLAG_WEIGHTS[f] for f, on in self.flags.items() if on)


class Composer:
    """Builds reply texts; owns the single random stream so the output is reproducible."""

    def __init__(self, rng: random.Random) -> None:
        self.rng = rng

    def p(self, prob: float) -> bool:
        return self.rng.random() < prob

    def pick(self, options: Sequence[str]) -> str:
        return self.rng.choice(options)

    def slots(self, lang: str, category: str, customer: Customer, agent: Agent) -> dict[str, str]:
        rng = self.rng
        return {
            "first": customer.first, "last": customer.formal_last() if lang == "nl" else customer.last,
            "title": customer.title(lang), "agent_first": agent.first, "agent_full": agent.full,
            "team": agent.team, "url": URLS[lang][category], "app": rng.choice(APPS),
            "printer": rng.choice(PRINTERS if lang == "en" else PRINTERS_NL), "err": rng.choice(ERRORS),
            "time": rng.choice(TIMES), "path": rng.choice(PATHS).replace("{uid}", customer.uid),
        }

    def agent_reply(self, role: str, lang: str, category: str, q: float, agent: Agent, customer: Customer,
                    channel: str, late: bool, second_attempt: bool) -> Composed:
        """Compose one agent reply; q in 0..1 is this reply's communication quality draw."""
        b = BANK[lang]
        p, pick = self.p, self.pick
        flags = dict.fromkeys(FLAGS, False)
        head: list[str] = []  # greeting line
        opening: list[str] = []  # thanks / empathy / apology sentences
        body: list[str] = []  # explanation, progress, questions
        steps: list[str] = []  # numbered steps block (first element = intro, may be "")
        poor: list[str] = []
        tail: list[str] = []  # call to action, ownership

        if p(0.2 + 0.8 * q):
            formal = (channel == "email" and p(0.45)) if lang == "en" else p(0.6 if channel != "chat" else 0.2)
            head.append(pick(b["greet_formal"] if formal else b["greet_informal"]))
            flags["greeting"] = True
        if role in ("first", "solution") and p((0.15 + 0.6 * q) if role == "first" else (0.1 + 0.4 * q)):
            opening.append(pick(b["thanks"]))
            flags["thanks"] = True
        if role in ("first", "solution") and p(clip(1.2 * q - 0.25 if role == "first" else q - 0.2)):
            cat_emp = b["empathy_cat"][category]
            opening.append(pick(cat_emp if p(0.6) else b["empathy"]))
            flags["empathy"] = True
        if second_attempt and p(0.2 + 0.7 * q):
            opening.append(pick(b["apology_fail"]))
            flags["apology"] = True
        elif ((late or role == "update") and p(0.25 + 0.6 * q)) or p(0.15 * q):
            opening.append(pick(b["apology"]))
            flags["apology"] = True

        if role == "first":
            if p(0.35 + 0.5 * q):
                qs = b["question"][category] if p(0.75) else b["question_general"]
                body.append(pick(qs))
                flags["question"] = True
            else:
                body.append(pick(b["progress"]))
        elif role == "update":
            body.append(pick(b["progress"]))
            if p(0.2 * q):
                body.append(pick(b["question_general"]))
                flags["question"] = True
        elif role == "final":
            body.append(pick(b["confirm"]))
        if role == "solution":
            jargon = p(clip(agent.jargon + 0.4 * (0.5 - q), 0.02, 0.95))
            body.append(pick(b["jargon" if jargon else "plain"][category]))
            flags["jargon_explanation" if jargon else "plain_explanation"] = True
            if p(0.55):
                polite = p(q)
                steps.append(pick(b["steps_polite" if polite else "steps_bare"]))
                cat_steps = list(b["steps"][category])
                n = self.rng.randint(min(3, len(cat_steps)), len(cat_steps))
                steps += cat_steps[:n]
                flags["steps_polite" if polite else "steps_bare"] = True

        if role != "final":
            if p(0.8 * (1 - q) - 0.1):
                poor.append(pick(b["curt"][category]))
                flags["curt_command"] = True
            if p(clip(0.55 - q)):
                poor.append(pick(b["blame"]))
                flags["blame"] = True
            if p(clip(0.5 - q) * 0.8):
                poor.append(pick(b["caps"]))
                flags["all_caps"] = True
            if p(clip(0.55 - q) * 0.8):
                poor.append(pick(b["exclaim"]))
                flags["exclamation_run"] = True
            if role in ("first", "solution") and p(clip(0.45 - q) * 0.8):
                poor.append(pick(b["dismissive"]))
                flags["dismissive"] = True
        if (role in ("solution", "final") and p(0.15 + 0.75 * q)) or (role == "first" and p(0.1 * q)):
            tail.append(pick(b["cta"]))
            flags["call_to_action"] = True
        if p((0.1 + 0.7 * q) if role in ("first", "update") else (0.05 + 0.5 * q)):
            tail.append(pick(b["ownership"]))
            flags["ownership"] = True
        closing = pick(b["closing"]) if p(0.15 + 0.85 * q) else ""
        flags["closing"] = bool(closing)

        # Dutch register: formal "u" mostly, informal "je" more often in chat; poor replies may mix the two.
        register = ""
        registers: list[str] = []
        fragments = [*head, *opening, *body, *steps, *poor, *tail, closing]
        if lang == "nl":
            base = "je" if p(0.6 if channel == "chat" else 0.25) else "u"
            register = base
            registers = [base] * len(fragments)
            bearing = [i for i, f in enumerate(fragments) if _ALT.search(f)]
            if len(bearing) >= 2 and p(clip(0.6 - q)):
                other = "u" if base == "je" else "je"
                for i in bearing[len(bearing) // 2:]:
                    registers[i] = other
                register = "mixed"
                flags["register_mix"] = True

        slot = self.slots(lang, category, customer, agent)
        rendered: list[str] = []
        for i, frag in enumerate(fragments):
            text = render_register(frag, registers[i]) if lang == "nl" else frag
            rendered.append(text.format_map(slot))
        it = iter(rendered)
        r_head = [next(it) for _ in head]
        r_opening = [next(it) for _ in opening]
        r_body = [next(it) for _ in body]
        r_steps = [next(it) for _ in steps]
        r_poor = [next(it) for _ in poor]
        r_tail = [next(it) for _ in tail]
        r_closing = next(it)

        paragraphs: list[str] = []
        if r_opening:
            paragraphs.append(" ".join(r_opening))
        if r_body:
            paragraphs.append(" ".join(r_body))
        if r_steps:
            intro, items = r_steps[0], r_steps[1:]
            numbered = "\n".join(f"{k}. {item}" for k, item in enumerate(items, 1))
            paragraphs.append(f"{intro}\n{numbered}" if intro else numbered)
        if r_poor:
            paragraphs.append(" ".join(r_poor))
        if r_tail:
            paragraphs.append(" ".join(r_tail))
        sep = "\n\n" if (r_head or r_closing) else "\n"
        text = sep.join([*r_head, *paragraphs, *([r_closing] if r_closing else [])])
        return Composed(text=text, flags=flags, register=register)

    def customer_message(self, kind: str, lang: str, category: str, customer: Customer, agent: Agent) -> str:
        c = CUSTOMER[lang]
        slot = self.slots(lang, category, customer, agent)
        if kind == "first":
            core = self.pick(c["first"][category]).format_map(slot)
            extra = self.pick(c["extra"])
            opener = self.pick(c["open"])
            sign = self.pick(c["sign"]).format_map(slot)
            parts = [opener, f"{core} {extra}".strip(), sign]
            return "\n\n".join(part for part in parts if part)
        text = self.pick(c[kind]).format_map(slot)
        if self.p(0.3):
            text = f"{text}\n\n{customer.first}"
        return text


# --------------------------------------------------------------------------------------------------------
# Tickets
# --------------------------------------------------------------------------------------------------------
def iso(ts: datetime) -> str:
    return ts.astimezone(timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ")


def weighted(rng: random.Random, options: Sequence[str], weights: Sequence[float]) -> str:
    return rng.choices(list(options), weights=list(weights), k=1)[0]


def draw_created(rng: random.Random, first_day: int, last_day: int) -> datetime:
    """A working-hours timestamp (06:30-16:30 UTC, i.e. 07:30-17:30 in Amsterdam), rarely at weekends."""
    while True:
        day = rng.randint(first_day, last_day)
        weekend = (START + timedelta(days=day)).weekday() >= 5
        if not weekend or rng.random() < 0.08:
            break
    minutes = rng.randint(6 * 60 + 30, 16 * 60 + 30)
    return START + timedelta(days=day, minutes=minutes, seconds=rng.randint(0, 59))


def choose_agent(rng: random.Random, category: str, lang: str) -> Agent:
    team = weighted(rng, TEAMS, ROUTING[category])
    members = [a for a in AGENTS if a.team == team]
    weights = [(a.writes_dutch if lang == "nl" else 1.0) for a in members]
    if sum(weights) == 0:  # cannot happen with the profiles above, but keep the draw well defined
        weights = [1.0] * len(members)
    return rng.choices(members, weights=weights, k=1)[0]


def make_customer(rng: random.Random, lang: str) -> Customer:
    firsts, lasts = (EN_FIRST, EN_LAST) if lang == "en" else (NL_FIRST, NL_LAST)
    first, gender = rng.choice(firsts)
    last = rng.choice(lasts)
    uid = (first[0] + last.replace(" ", "").replace("'", "")).lower()
    return Customer(first, last, gender, uid)


def plan_roles(rng: random.Random, reopened: bool, status: str) -> list[str]:
    """The sequence of agent reply roles (1-4 replies)."""
    if status == "pending":
        return ["first"]
    if status == "open":
        return rng.choice((["first"], ["first", "update"]))
    if reopened:
        roles = ["solution", "solution"]
        if rng.random() < 0.5:
            roles.insert(0, "first")
        if len(roles) < 4 and rng.random() < 0.4:
            roles.append("final")
        return roles
    k = weighted(rng, ("1", "2", "3", "4"), (35, 40, 20, 5))
    return {
        "1": [["solution"]],
        "2": [["first", "solution"], ["solution", "final"]],
        "3": [["first", "solution", "final"], ["first", "update", "solution"]],
        "4": [["first", "update", "solution", "final"]],
    }[k][rng.randint(0, 0 if k in ("1", "4") else 1)]


@dataclass
class Generated:
    tickets: list[list[str]]
    replies: list[list[str]]
    truth_tickets: list[list[str]]
    truth_replies: list[list[str]]


def generate(seed: int = SEED) -> Generated:
    """Build all rows.  Every draw uses one ``random.Random(seed)``, in a fixed order."""
    rng = random.Random(seed)
    comp = Composer(rng)
    n_en = round(N_TICKETS * SHARE_EN)
    langs = ["en"] * n_en + ["nl"] * (N_TICKETS - n_en)
    rng.shuffle(langs)
    days = WEEKS * 7 - 1

    drafts = []
    for idx, lang in enumerate(langs, 1):
        tid = f"T{idx:04d}"
        category = weighted(rng, CATEGORIES, CATEGORY_WEIGHTS)
        priority = weighted(rng, PRIORITIES, PRIORITY_WEIGHTS)
        channel = weighted(rng, CHANNELS, CHANNEL_WEIGHTS)
        agent = choose_agent(rng, category, lang)
        customer = make_customer(rng, lang)
        status_draw = rng.random()
        status = "open" if status_draw < 0.04 else "pending" if status_draw < 0.07 else "done"
        created = draw_created(rng, days - 6, days) if status != "done" else draw_created(rng, 0, days - 8)
        reopened = status == "done" and rng.random() < REOPEN[category] * 2 * (1.15 - agent.tech)
        sla = rng.random() < SLA_PRIORITY[priority] * SLA_CATEGORY[category] * 2 * (1.2 - agent.tech)
        triage = None
        if agent.team != "Service Desk" and rng.random() < 0.15:
            triage = rng.choice([a for a in AGENTS if a.team == "Service Desk" and (lang == "en" or a.writes_dutch)])
        drafts.append((tid, lang, category, priority, channel, agent, customer, status, created, reopened, sla,
                       triage))
    # Tickets are numbered in time order, as a helpdesk would number them.
    drafts.sort(key=lambda d: d[8])

    tickets: list[list[str]] = []
    replies: list[list[str]] = []
    truth_replies: list[list[str]] = []
    ticket_meta = []
    for idx, d in enumerate(drafts, 1):
        _, lang, category, priority, channel, agent, customer, status, created, reopened, sla, triage = d
        tid = f"T{idx:04d}"
        roles = plan_roles(rng, reopened, status)
        rows: list[list[str]] = []
        t = created

        def add(role: str, agent_id: str, when: datetime, public: bool, body: str,
                _rows: list[list[str]] = rows, _tid: str = tid, _channel: str = channel) -> str:
            rid = f"{_tid}-{len(_rows) + 1}"
            _rows.append([_tid, rid, role, agent_id, iso(when), _channel, "true" if public else "false", body, ""])
            return rid

        def gap(lo_h: float, hi_h: float, _channel: str = channel) -> timedelta:
            scale = 0.15 if _channel == "chat" else 1.0
            return timedelta(hours=rng.uniform(lo_h, hi_h) * scale, seconds=rng.randint(0, 59))

        add("customer", "", t, True, comp.customer_message("first", lang, category, customer, agent))
        if channel != "chat" and rng.random() < 0.4:
            add("system", "", t + timedelta(seconds=rng.randint(5, 90)), True, SYSTEM[lang]["ack"].format(tid=tid))
        lo, hi = FIRST_RESPONSE_HOURS[priority]
        late_first = sla and rng.random() < 0.5
        t = t + gap(lo, hi) * (rng.uniform(4, 10) if late_first else 1)
        if triage is not None:
            q = clip(rng.gauss(triage.comm, 0.12))
            c = comp.agent_reply("first", lang, category, q, triage, customer, channel, late_first, False)
            rid = add("agent", triage.agent_id, t, True, c.text)
            truth_replies.append(reply_truth(rid, tid, "first", triage, q, c))
            t += gap(0.05, 1.0)
            add("system", "", t, False, REASSIGNED.format(team=agent.team))
            t += gap(0.5, 4)
            if roles[0] == "first" and len(roles) > 1:
                roles = roles[1:]
        solutions_done = 0
        prev_role = ""
        for n, role in enumerate(roles):
            if n > 0:
                if prev_role == "first" and (truth_replies[-1][6] == "1" or rng.random() < 0.5):
                    t += gap(0.1, 3)
                    add("customer", "", t, True, comp.customer_message("answer", lang, category, customer, agent))
                elif role == "update" and rng.random() < 0.5:
                    t += gap(4, 30)
                    add("customer", "", t, True, comp.customer_message("chase", lang, category, customer, agent))
                elif prev_role == "solution" and role == "solution":
                    t += gap(12, 48)
                    add("customer", "", t, True, comp.customer_message("again", lang, category, customer, agent))
                elif role == "final" and rng.random() < 0.7:
                    t += gap(0.5, 20)
                    add("customer", "", t, True, comp.customer_message("works", lang, category, customer, agent))
                slow = sla and role in ("solution", "update")
                t += gap(1, 24) * (rng.uniform(3, 6) if slow else 1)
            if rng.random() < 0.12:
                note_lang = "en" if agent.writes_dutch < 0.5 else ("nl" if rng.random() < 0.75 else "en")
                add("agent", agent.agent_id, t - timedelta(minutes=rng.randint(2, 30)), False,
                    rng.choice(INTERNAL_NOTES[note_lang]))
            q = clip(rng.gauss(agent.comm, 0.12))
            second = role == "solution" and solutions_done >= 1
            c = comp.agent_reply(role, lang, category, q, agent, customer, channel, sla and n == 0, second)
            rid = add("agent", agent.agent_id, t, True, c.text)
            truth_replies.append(reply_truth(rid, tid, role, agent, q, c))
            solutions_done += role == "solution"
            prev_role = role
        solved_at = t
        closed = status == "done" and rng.random() < 0.6
        if closed and rng.random() < 0.5:
            add("system", "", solved_at + timedelta(days=7, minutes=rng.randint(0, 59)), True,
                rng.choice(SYSTEM[lang]["close"]))
        final_status = status if status != "done" else ("closed" if closed else "solved")
        replies += rows
        ticket_meta.append((tid, lang, category, priority, agent, final_status, created, solved_at, reopened, sla,
                            len(roles)))

    # Ticket-level communication quality: mean composed score of its public agent replies, z-scored over all
    # tickets.
    by_ticket: dict[str, list[float]] = {}
    for tr in truth_replies:
        by_ticket.setdefault(tr[1], []).append(float(tr[5]))
    mean_score = {k: statistics.fmean(v) for k, v in by_ticket.items()}
    mu = statistics.fmean(mean_score.values())
    sd = statistics.pstdev(mean_score.values())

    truth_tickets: list[list[str]] = []
    for tid, lang, category, priority, agent, final_status, created, solved_at, reopened, sla, _ in ticket_meta:
        done = final_status in ("solved", "closed")
        z = (mean_score[tid] - mu) / sd
        failed = int(done and (reopened or sla))
        latent = B_COMM * z - B_FAIL * failed + B_INTER * z * failed + rng.gauss(0.0, NOISE_SD)
        responded = done and rng.random() < CSAT_RESPONSE_RATE
        score = 1 + sum(latent > cut for cut in CUTPOINTS)
        comment = ""
        if responded and rng.random() < CSAT_COMMENT_RATE:
            bank = CSAT_COMMENTS[lang]
            if score >= 4:
                key = "high_failed" if failed and z > 0 else "high"
            elif score == 3:
                key = "mid"
            else:
                key = "low_comm" if z < 0 or not failed else "low_it"
            comment = rng.choice(bank[key]).format(agent=agent.first)
        tickets.append([
            tid, iso(created), iso(solved_at) if done else "", agent.agent_id, agent.team, category, priority,
            final_status, tf(done and not reopened), tf(reopened), tf(sla),
            str(score) if responded else "", "1-5" if done else "", comment,
        ])
        truth_tickets.append([
            tid, lang, agent.agent_id, agent.profile, f"{agent.comm:.2f}", f"{agent.tech:.2f}",
            f"{mean_score[tid]:.4f}", f"{z:.4f}", str(failed) if done else "", f"{latent:.4f}" if done else "",
            tf(responded),
        ])
    return Generated(tickets, replies, truth_tickets, truth_replies)


def tf(value: bool) -> str:
    return "true" if value else "false"


def reply_truth(rid: str, tid: str, role: str, agent: Agent, q: float, c: Composed) -> list[str]:
    return [rid, tid, role, agent.agent_id, f"{q:.4f}", f"{c.score:.2f}", "1" if c.flags["question"] else "0",
            c.register, *("1" if c.flags[f] else "0" for f in FLAGS)]


TRUTH_TICKET_COLUMNS = ("ticket_id", "language", "agent_id", "agent_profile", "agent_comm_skill",
                        "agent_tech_skill", "comm_score", "comm_quality_z", "it_failed", "csat_latent",
                        "csat_responded")
TRUTH_REPLY_COLUMNS = ("reply_id", "ticket_id", "reply_role", "agent_id", "quality_draw", "comm_score",
                       "asked_question", "nl_register", *FLAGS)


def write_csv(path: Path, header: Sequence[str], rows: list[list[str]]) -> None:
    with path.open("w", encoding="utf-8", newline="") as fh:
        writer = csv.writer(fh, lineterminator="\n")
        writer.writerow(header)
        writer.writerows(rows)


# --------------------------------------------------------------------------------------------------------
# README
# --------------------------------------------------------------------------------------------------------
def summarise(g: Generated) -> dict[str, str]:
    """Realised numbers for the README, computed from the rows actually written."""
    truth = {r[0]: r for r in g.truth_tickets}
    done = [t for t in g.tickets if t[7] in ("solved", "closed")]
    rated = [t for t in done if t[11]]
    scores = Counter(int(t[11]) for t in rated)
    lines = ["| CSAT | tickets | share |", "|---|---|---|"]
    lines += [f"| {s} | {scores[s]} | {scores[s] / len(rated):.0%} |" for s in range(1, 6)]
    csat_dist = "\n".join(lines)

    cells: dict[tuple[int, bool], list[int]] = {}
    for t in rated:
        tr = truth[t[0]]
        cells.setdefault((int(tr[8]), float(tr[7]) >= 0), []).append(int(t[11]))
    grid = ["| | comm_quality_z < 0 | comm_quality_z >= 0 |", "|---|---|---|"]
    for failed, label in ((0, "IT OK (F=0)"), (1, "IT failed (F=1)")):
        row = [label]
        for good in (False, True):
            vals = cells.get((failed, good), [])
            row.append(f"{statistics.fmean(vals):.2f} (n={len(vals)})" if vals else "-")
        grid.append("| " + " | ".join(row) + " |")

    agent_rows = ["| agent_id | team | profile | comm skill | tech skill | tickets | mean comm_quality_z | "
                  "IT failed | mean CSAT |", "|---|---|---|---|---|---|---|---|---|"]
    for a in AGENTS:
        mine = [t for t in g.tickets if t[3] == a.agent_id]
        mine_done = [t for t in mine if t[7] in ("solved", "closed")]
        zs = [float(truth[t[0]][7]) for t in mine]
        fails = [int(truth[t[0]][8]) for t in mine_done]
        cs = [int(t[11]) for t in mine_done if t[11]]
        agent_rows.append(
            f"| {a.agent_id} | {a.team} | {a.profile} | {a.comm:.2f} | {a.tech:.2f} | {len(mine)} | "
            f"{statistics.fmean(zs):+.2f} | {statistics.fmean(fails):.0%} | {statistics.fmean(cs):.2f} |")

    roles = Counter(r[2] for r in g.replies)
    public_agent = sum(1 for r in g.replies if r[2] == "agent" and r[6] == "true")
    notes = sum(1 for r in g.replies if r[2] == "agent" and r[6] == "false")
    langs = Counter(r[1] for r in g.truth_tickets)
    status = Counter(t[7] for t in g.tickets)
    failed = sum(int(truth[t[0]][8]) for t in done)
    flag_rate = {f: statistics.fmean(int(r[8 + i]) for r in g.truth_replies) for i, f in enumerate(FLAGS)}
    flag_rows = ["| fragment flag | weight | share of public agent replies |", "|---|---|---|"]
    flag_rows += [f"| `{f}` | {FLAG_WEIGHTS[f]:+.1f} | {flag_rate[f]:.0%} |" for f in FLAGS]
    return {
        "n_tickets": str(len(g.tickets)), "n_en": str(langs["en"]), "n_nl": str(langs["nl"]),
        "n_replies": str(len(g.replies)), "n_customer": str(roles["customer"]), "n_agent_public": str(public_agent),
        "n_notes": str(notes), "n_system": str(roles["system"]),
        "status": ", ".join(f"{k} {status[k]}" for k in ("solved", "closed", "open", "pending")),
        "n_done": str(len(done)), "n_rated": str(len(rated)), "rate_rated": f"{len(rated) / len(done):.0%}",
        "n_failed": str(failed), "rate_failed": f"{failed / len(done):.0%}",
        "n_reopened": str(sum(t[9] == "true" for t in done)), "n_sla": str(sum(t[10] == "true" for t in done)),
        "n_comments": str(sum(1 for t in g.tickets if t[13])),
        "csat_dist": csat_dist, "grid": grid_text(grid), "agents": "\n".join(agent_rows),
        "flags": "\n".join(flag_rows),
    }


def grid_text(lines: list[str]) -> str:
    return "\n".join(lines)


README = """# Sample tickets (synthetic)

**Everything in this folder is synthetic.** No real customer, agent or ticket is in it; names are invented
and the hosts use `example.nl` / `example.com`. It is generated by `generate.py` (standard library only,
seed `{seed}`) and committed so that the pipeline, the tests and the docs can run on it offline:

```
python data/sample_tickets/generate.py            # rewrites the files in this folder
python data/sample_tickets/generate.py --out DIR  # writes them elsewhere (the tests check byte-identity)
```

Do not edit the CSV files or this README by hand: change `generate.py` and re-run it. The numbers below
are computed from the rows written.

## Files

| file | what |
|---|---|
| `tickets.csv` | {n_tickets} tickets, canonical `TICKET_COLUMNS` of `analyser/schema.py`, in that order |
| `replies.csv` | {n_replies} messages, canonical `REPLY_COLUMNS`, in that order; clean (no robustness traps) |
| `messy_replies.csv` | {n_messy} hand-made awkward rows (same columns) to exercise robustness; never mixed into `replies.csv` |
| `ground_truth_tickets.csv` | the latent values per ticket (language, agent profile, comm score, IT failure, CSAT latent) |
| `ground_truth_replies.csv` | per public agent reply: the quality draw, the composed score and which fragment kinds it contains |
| `generate.py` | the generator |

The ground-truth files are **not** canonical input: they exist so that a study run on the canonical files
can be checked against the planted answer, and so that individual detectors (greeting, empathy, jargon,
blame, u/je mixing ...) can be validated against the fragments actually used.

### Conventions

* Booleans are `true`/`false`; timestamps are ISO 8601 UTC with `Z` (`2026-01-05T08:31:12Z`).
* `replies.csv` `language` is **empty on every row**, on purpose, so language detection is exercised. Each
  ticket is in one language: {n_en} English, {n_nl} Dutch (55 % / 45 %). The language is only recorded in
  `ground_truth_tickets.csv`.
* Reply ids are `<ticket_id>-<n>` in message order. `author_role` is `customer`, `agent` or `system`.
  Internal notes are `agent` rows with `public=false`; the "reassigned" notice is a `system` row with
  `public=false`; auto-acknowledgements and auto-close notices are public `system` rows.
* CSAT: a survey is sent for every solved/closed ticket, so those rows have `csat_scale` = `1-5`; a
  non-response leaves `csat_score` (and `csat_comment`) empty. Open/pending tickets have no survey: both
  `csat_score` and `csat_scale` are empty, as are `solved_at`. Non-response is completely at random
  (independent of everything else).
* `resolved` = solved/closed and not reopened (first-time fix); `reopened`; `sla_breached`. Open/pending
  tickets have `resolved=false`, `reopened=false` and `sla_breached` as drawn.

### `tickets.csv`

`ticket_id` (`T0001`..., numbered in creation order), `created_at` (working hours over 12 weeks from
2026-01-05), `solved_at` (time of the last agent reply), `agent_id`, `team` (`Service Desk`,
`Werkplekbeheer`, `Netwerk & Security`), `category` (password, outage, vpn, printer, laptop, access, email,
software), `priority` (low, normal, high, urgent), `status` (solved, closed, open, pending), `resolved`,
`reopened`, `sla_breached`, `csat_score` (1-5 or empty), `csat_scale`, `csat_comment` (in the ticket's
language, on about 40 % of ratings).

### `replies.csv`

`ticket_id`, `reply_id`, `author_role`, `agent_id` (agent rows only), `created_at`, `channel` (email, web,
chat: one per ticket), `public`, `body`, `language` (empty). Every ticket starts with the customer's
message, followed by 1-4 public agent replies, sometimes a customer answer/chaser/"it's back"/"works now" in
between, sometimes an internal note, an auto-acknowledgement, a reassignment notice (when a Service Desk
agent triaged a ticket for another team) or an auto-close notice.

## How replies are composed

Each agent reply has a role (`first` = acknowledge/ask, `update`, `solution`, `final` = confirm) and a
quality draw `q ~ Normal(agent comm skill, 0.12)` clipped to 0..1. The fragments are chosen with
probabilities that rise (good) or fall (poor) with `q`, from hand-written banks per language:
greetings (informal/formal, e.g. "Dear Ms Taylor," / "Geachte heer De Vries,"), thanks, empathy (general and
per category), apologies, a plain or a jargon-heavy explanation per category (jargon is more likely for
agents with a high jargon propensity and for low `q`), numbered steps with a polite or a bare intro, calls
to action, ownership ("I will check back with you tomorrow at 10:00"), exploration questions, closings;
and for low `q`: curt commands, blame, ALL CAPS, exclamation runs, dismissive lines and, in Dutch,
mixing `u` and `je` within one reply. Dutch fragments are written with both registers; a reply is formal
(`u`) by default and informal (`je`) more often in chat. Some texts carry a URL, an error code
(`0x80070005`, `AADSTS50126`, ...) or a path (`C:\\Users\\...`, `\\\\fileserver\\share\\...`).

The **composed score** of a reply is the sum of the weights of the fragment kinds it contains:

{flags}

## Planted effect

For each ticket, `comm_score` = mean composed score of its public agent replies (including a triage
reply by another agent), and `comm_quality_z` = `comm_score` standardised over all {n_tickets} tickets
(population mean and SD). `F` (IT failed) = 1 when a solved/closed ticket was reopened or breached its SLA.
CSAT is drawn from an ordered-probit model:

```
latent = {b_comm} * comm_quality_z - {b_fail} * F + {b_inter} * comm_quality_z * F + e,   e ~ Normal(0, {noise})
CSAT   = 1 + number of cut points below latent,   cut points = {cuts}
```

So a one-SD better communication raises the latent by {b_comm} when IT worked and by {b_both} when it
failed; an IT failure costs {b_fail} at average communication. Good communication (z = +1) with an IT
failure (latent {ex_good_fail:+.2f}) beats poor communication (z = -1) without one (latent {ex_bad_ok:+.2f}): that is
Stelling 1 planted. Nothing else (category, priority, channel, language, agent identity) enters CSAT
except through `comm_quality_z` and `F`.

IT outcome: P(reopen) = base(category) x 2 x (1.15 - tech skill), with base password 0.06, access 0.10,
email 0.12, software 0.14, printer 0.18, laptop 0.18, vpn 0.22, outage 0.25; P(SLA breach) =
base(priority) x factor(category) x 2 x (1.2 - tech skill), with priority low 0.06, normal 0.10, high 0.16,
urgent 0.25 and category factor password 0.6, laptop/vpn 1.2, outage 1.6, otherwise 1.0. Technical skill
therefore drives IT failure, communication skill drives the text, and agent profiles make the two
negatively related across agents (Stelling 2): a naive per-agent comparison confounds them, so control for
`F` (or the IT outcome columns) when estimating the communication effect.

### Realised numbers

{n_tickets} tickets ({status}); {n_replies} messages: {n_customer} customer, {n_agent_public} public agent
replies, {n_notes} internal notes, {n_system} system. Of {n_done} solved/closed tickets, {n_failed}
({rate_failed}) have F = 1 ({n_reopened} reopened, {n_sla} SLA breached) and {n_rated} ({rate_rated})
returned a CSAT score; {n_comments} carry a comment.

{csat_dist}

Mean CSAT by IT outcome and communication (rated tickets):

{grid}

### Agents

Latent profiles (not in the canonical files) and what was realised:

{agents}

## `messy_replies.csv`

Rows that a reader or the text cleaner must survive; ticket ids refer to `tickets.csv` unless noted:

{messy}
"""


def write_all(out: Path, seed: int = SEED) -> Generated:
    """Generate and write every file; returns the rows (used by the README summary)."""
    out.mkdir(parents=True, exist_ok=True)
    g = generate(seed)
    write_csv(out / "tickets.csv", TICKET_COLUMNS, g.tickets)
    write_csv(out / "replies.csv", REPLY_COLUMNS, g.replies)
    messy = messy_rows()
    write_csv(out / "messy_replies.csv", REPLY_COLUMNS, messy)
    write_csv(out / "ground_truth_tickets.csv", TRUTH_TICKET_COLUMNS, g.truth_tickets)
    write_csv(out / "ground_truth_replies.csv", TRUTH_REPLY_COLUMNS, g.truth_replies)
    numbers = summarise(g)
    text = README.format(
        seed=seed, n_messy=len(messy), b_comm=B_COMM, b_fail=B_FAIL, b_inter=B_INTER, noise=NOISE_SD,
        b_both=round(B_COMM + B_INTER, 2), cuts=", ".join(f"{c:g}" for c in CUTPOINTS),
        ex_good_fail=B_COMM - B_FAIL + B_INTER, ex_bad_ok=-B_COMM,
        messy="\n".join(f"* {m}" for m in MESSY_NOTES), **numbers,
    )
    (out / "README.md").write_text(text, encoding="utf-8", newline="\n")
    return g


def main(argv: Sequence[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--out", type=Path, default=Path(__file__).resolve().parent,
                        help="output folder (default: the folder of this script)")
    parser.add_argument("--seed", type=int, default=SEED, help="random seed (the committed data uses the default)")
    args = parser.parse_args(argv)
    write_all(args.out, args.seed)
    print(f"wrote sample data to {args.out}")


if __name__ == "__main__":
    main()
