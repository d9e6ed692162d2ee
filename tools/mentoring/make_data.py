#!/usr/bin/env python3
"""Write data/mentoring: the second example dataset (synthetic).

A youth mentoring programme ("Pathways"), evaluated in English: 3 regions,
12 sites, 300 youths, their mentor matches, two online questionnaires
(youths and mentors) and six interviews coded by two coders in a REFI-QDA
project written the way NVivo writes one (one selection per passage and
code, each coder's own segments, sources as internal:// files).

It differs from data/demo on purpose: other units and links, English only,
a six-point scale, a .qdpx instead of CSV tables.  Deterministic: the same
seed writes the same bytes.  Usage: tools/mentoring/make_data.py [DIR]
"""
import csv
import datetime as dt
import io
import os
import random
import sys
import uuid
import zipfile

OUT = sys.argv[1] if len(sys.argv) > 1 else "data/mentoring"
R = random.Random(20240901)
NS = uuid.UUID("6f1c3a52-6b1e-4f0e-9a57-0a9a4b6c2d11")
START, END = dt.date(2023, 9, 1), dt.date(2024, 8, 31)


def guid(*parts):
    return str(uuid.uuid5(NS, "/".join(parts))).upper()


def write(name, header, rows):
    with open(os.path.join(OUT, name), "w", newline="", encoding="utf-8") as f:
        w = csv.writer(f, lineterminator="\n")
        w.writerow(header)
        w.writerows(rows)


def day(lo, hi):
    return lo + dt.timedelta(days=R.randrange((hi - lo).days + 1))


os.makedirs(OUT, exist_ok=True)

# ------------------------------------------------------------ participation
REGIONS = [("NORTH", "North"), ("CENTRAL", "Central"), ("SOUTH", "South")]
SITES = ["Riverside", "Oakwood", "Harbour View", "Millbrook", "Cedar Hill",
         "Eastgate", "Fairfield", "Lakeshore", "Stonebridge", "Westmoor",
         "Pine Ridge", "Kingsway"]
sites = [("S%02d" % (i + 1), n, REGIONS[i // 4][0]) for i, n in enumerate(SITES)]
REFERRERS = [("SCHOOL", "School"), ("FAMILY", "Family"),
             ("SOCIAL", "Social services"), ("SELF", "Self-referral")]
MENTORS = [("ADULT", "Adult volunteer"), ("PEER", "Older peer"),
           ("GROUP", "Group mentoring")]
STATUS = [("ACTIVE", "Active"), ("PLANNED", "Closed as planned"),
          ("EARLY", "Closed early")]
GENDERS = [("F", "Girl or woman"), ("M", "Boy or man"), ("X", "Another identity")]

youths, matches = [], []
for i in range(300):
    s = sites[R.choices(range(12), weights=[9, 7, 6, 5, 10, 8, 7, 4, 6, 5, 3, 4])[0]]
    enrolled = day(START, END - dt.timedelta(days=30))
    age = R.choices(range(10, 18), weights=[6, 8, 10, 10, 9, 7, 5, 4])[0]
    gender = R.choices("FMX", weights=[48, 48, 4])[0]
    ref = R.choices([r[0] for r in REFERRERS], weights=[45, 25, 20, 10])[0]
    yid = "Y%03d" % (i + 1)
    youths.append((yid, s[0], enrolled.isoformat(), age, gender, ref))
    # Most youths are matched once, a few twice (a rematch after an early
    # closure); a quarter are still waiting at the end of the period.
    if R.random() < 0.74:
        start = day(enrolled, min(END, enrolled + dt.timedelta(days=90)))
        for k in range(2 if R.random() < 0.12 else 1):
            mtype = R.choices([m[0] for m in MENTORS], weights=[60, 25, 15])[0]
            left = (END - start).days
            status = "ACTIVE" if k == 1 or left < 120 else \
                R.choices(["ACTIVE", "PLANNED", "EARLY"], weights=[55, 25, 20])[0]
            meetings = max(0, int(R.gauss(left / 14 if status == "ACTIVE" else 9, 3)))
            matches.append(("M%03d" % (len(matches) + 1), yid, start.isoformat(),
                            mtype, status, meetings))
            start = day(start + dt.timedelta(days=30), max(END, start + dt.timedelta(days=30)))
            if start > END:
                break

write("sites.csv", ["site_id", "name", "region"], sites)
write("youths.csv", ["youth_id", "site_id", "enrolled", "age", "gender", "referred_by"], youths)
write("matches.csv", ["match_id", "youth_id", "start", "mentor_type", "status", "meetings"], matches)

# ------------------------------------------------------------ questionnaires
AGREE6 = ["Strongly disagree", "Disagree", "Slightly disagree", "Slightly agree",
          "Agree", "Strongly agree"]
YOUTH_ITEMS = [  # item, construct, reverse, wording
    ("Y_TALK", "BOND", "no", "I can talk to my mentor about things that matter to me"),
    ("Y_TRUST", "BOND", "no", "I trust my mentor"),
    ("Y_BORING", "BOND", "yes", "Meetings with my mentor are boring"),
    ("Y_SCHOOL", "SCHOOL", "no", "Since I have a mentor I feel more like going to school"),
    ("Y_HOMEWORK", "SCHOOL", "no", "My mentor helps me keep up with schoolwork"),
    ("Y_GOALS", "SCHOOL", "no", "I have clearer goals for next year"),
]
MENTOR_ITEMS = [
    ("M_TRAINED", "SUPPORT", "no", "The training prepared me for my role"),
    ("M_STAFF", "SUPPORT", "no", "Programme staff answer me when I need help"),
    ("M_ALONE", "SUPPORT", "yes", "I often feel alone with difficult situations"),
    ("M_BOND", "BOND", "no", "My mentee and I have a real bond"),
    ("M_REGULAR", "BOND", "no", "We meet as often as we planned"),
]


def likert(mu, rev, n_missing=0.05):
    if R.random() < n_missing:
        return ""
    if R.random() < 0.03:
        return "9"  # "don't know"
    v = int(round(R.gauss(mu, 1.1)))
    v = min(6, max(1, v))
    return str(7 - v if rev == "yes" else v)


def responses(items, n, prefix, mu, extra):
    rows = []
    for i in range(n):
        base = R.gauss(mu, 0.6)
        row = ["%s%03d" % (prefix, i + 1)] + extra(i)
        row += [likert(base + R.gauss(0, 0.3), rev) for _, _, rev, _ in items]
        rows.append(row)
    return rows


matched = sorted({m[1] for m in matches})
yrows = responses(YOUTH_ITEMS, 164, "R", 4.4,
                  lambda i: [REGIONS[R.choices(range(3), weights=[4, 3, 2])[0]][0]])
write("responses_youths.csv", ["respondent_id", "region"] + [x[0] for x in YOUTH_ITEMS], yrows)
mrows = responses(MENTOR_ITEMS, 88, "A", 4.0,
                  lambda i: [REGIONS[R.choices(range(3), weights=[4, 3, 2])[0]][0]])
write("responses_mentors.csv", ["respondent_id", "region"] + [x[0] for x in MENTOR_ITEMS], mrows)
write("instruments.csv", ["instrument_id", "group", "title_en", "responses", "mapping", "invited"],
      [("Q_YOUTHS", "YOUTH", "Youth survey", "responses_youths.csv", "", 222),
       ("Q_MENTORS", "MENTOR", "Mentor survey", "responses_mentors.csv", "", 140)])
write("items.csv", ["instrument_id", "item_id", "construct", "type", "scale", "reverse", "label_en"],
      [("Q_YOUTHS",) + (i, c, "likert6", "AGREE6", r, t) for i, c, r, t in YOUTH_ITEMS] +
      [("Q_MENTORS",) + (i, c, "likert6", "AGREE6", r, t) for i, c, r, t in MENTOR_ITEMS])
write("scales.csv", ["scale_id", "value", "label_en", "missing"],
      [("AGREE6", v + 1, lab, "") for v, lab in enumerate(AGREE6)] +
      [("AGREE6", 9, "Don't know", "DK")])

# ------------------------------------------------------------ code lists
codes = [("region", c, l) for c, l in REGIONS]
codes += [("gender", c, l) for c, l in GENDERS]
codes += [("referrer", c, l) for c, l in REFERRERS]
codes += [("mentor_type", c, l) for c, l in MENTORS]
codes += [("match_status", c, l) for c, l in STATUS]
codes += [("group", "YOUTH", "Youths"), ("group", "MENTOR", "Mentors"),
          ("group", "STAFF", "Programme staff")]
codes += [("construct", "BOND", "Mentoring relationship"),
          ("construct", "SCHOOL", "School engagement"),
          ("construct", "SUPPORT", "Support to mentors")]
codes += [("missing", "DK", "Don't know")]
write("codes.csv", ["list", "code", "label_en"], codes)

# ------------------------------------------------------------ interviews
CODES = [  # code, parent, name, valence
    ("RELATION", "", "The mentoring relationship", "neutral"),
    ("TRUST", "RELATION", "Building trust", "positive"),
    ("REGULAR", "RELATION", "Meeting regularly", "positive"),
    ("OUTCOMES", "", "Changes for youths", "neutral"),
    ("SCHOOL", "OUTCOMES", "School engagement", "positive"),
    ("CONFIDENCE", "OUTCOMES", "Self-confidence", "positive"),
    ("HURDLES", "", "Hurdles", "neutral"),
    ("SCHEDULE", "HURDLES", "Scheduling and transport", "negative"),
    ("EARLY_END", "HURDLES", "Matches that end early", "negative"),
    ("STAFF_HELP", "", "Support from programme staff", "positive"),
]
PASSAGES = {  # (speaker, text, codes)
    "trust": ("It took a few weeks before he really talked to me. Now he calls me when something goes wrong at home.", ["TRUST"]),
    "trust2": ("She trusts me because I never cancelled on her, not once, even in winter.", ["TRUST", "REGULAR"]),
    "regular": ("We meet every Tuesday after school; that routine matters more than what we do.", ["REGULAR"]),
    "school": ("His teacher told me he hands in his homework now, which never happened last year.", ["SCHOOL"]),
    "school2": ("I go to school more because I want to tell my mentor I did it.", ["SCHOOL", "CONFIDENCE"]),
    "confid": ("I speak up in class now. Before, I just kept quiet and waited for the bell.", ["CONFIDENCE"]),
    "sched": ("The bus only comes twice a day out here, so half our meetings fell through in the first month.", ["SCHEDULE"]),
    "sched2": ("With two jobs I could not keep the weekday slot, and we had to move everything to Saturdays.", ["SCHEDULE"]),
    "early": ("My first mentor moved away after three months and nobody told me why.", ["EARLY_END"]),
    "early2": ("When a match ends early the youth takes it personally; we see it in the next match.", ["EARLY_END", "TRUST"]),
    "staff": ("The coordinator calls me every month and she actually listens when I say it is hard.", ["STAFF_HELP"]),
    "staff2": ("I would have quit without the monthly supervision group.", ["STAFF_HELP"]),
    "filler": ("We talked about the programme in general and about the summer activities.", []),
}
INTERVIEWS = [  # name, group, region, date, participants, passage keys
    ("Interview youth 1", "YOUTH", "NORTH", "2024-05-14", 1, ["filler", "school2", "confid", "early", "filler"]),
    ("Interview youth 2", "YOUTH", "SOUTH", "2024-05-21", 1, ["trust2", "filler", "confid", "sched"]),
    ("Interview mentor 1", "MENTOR", "CENTRAL", "2024-06-03", 1, ["trust", "regular", "school", "sched2", "staff"]),
    ("Interview mentor 2", "MENTOR", "NORTH", "2024-06-05", 1, ["filler", "trust2", "sched", "staff2"]),
    ("Interview staff 1", "STAFF", "CENTRAL", "2024-06-12", 1, ["early2", "regular", "filler", "staff"]),
    ("Focus group mentors", "MENTOR", "SOUTH", "2024-06-19", 6, ["regular", "sched2", "early2", "staff2", "school"]),
]
CODERS = [("ana", "Ana"), ("ben", "Ben")]
code_guid = {c[0]: guid("code", c[0]) for c in CODES}


def xml_escape(s):
    return (s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
            .replace('"', "&quot;"))


def codebook_xml():
    out = []

    def emit(parent, depth):
        for c, p, name, _ in CODES:
            if p != parent:
                continue
            kids = [k for k in CODES if k[1] == c]
            pad = "  " * depth
            v = [k[3] for k in CODES if k[0] == c][0]
            out.append('%s<Code guid="%s" name="%s" isCodable="true">' % (pad, code_guid[c], xml_escape(name)))
            out.append('%s  <Description>valence: %s</Description>' % (pad, v))
            if kids:
                emit(c, depth + 1)
            out.append(pad + "</Code>")
    emit("", 4)
    return "\n".join(out)


sources, texts, sessions = [], {}, []
for n, (name, group, region, date, parts, keys) in enumerate(INTERVIEWS):
    sg = guid("source", name)
    lines, spans = [], []
    pos = 0
    for k, key in enumerate(keys):
        speaker = ("Interviewer" if k == 0 and key == "filler" else
                   "Youth" if group == "YOUTH" else "Mentor" if group == "MENTOR" else "Coordinator")
        text = PASSAGES[key][0]
        line = "%s: %s" % (speaker, text)
        spans.append((pos, pos + len(line), PASSAGES[key][1], key))
        lines.append(line)
        pos += len(line) + 1
    body = "\n".join(lines) + "\n"
    texts[sg] = body
    sels = []
    for ci, (uid, _) in enumerate(CODERS):
        ug = guid("user", uid)
        for si, (a, b, codes_here, key) in enumerate(spans):
            for c in codes_here:
                # Each coder marks their own segment: ben starts a few
                # characters later and sometimes stops early; ben skips one
                # coding in three interviews, and codes CONFIDENCE where ana
                # coded SCHOOL once.
                if uid == "ben":
                    a2, b2 = a + R.randrange(0, 6), b - R.randrange(0, 4)
                    if (n, si) in {(0, 3), (2, 2), (5, 3)}:
                        continue
                    cc = "CONFIDENCE" if (n, si, c) == (2, 2, "SCHOOL") else c
                else:
                    a2, b2, cc = a, b, c
                sel = guid("sel", name, uid, str(si), c)
                sels.append('      <PlainTextSelection guid="%s" name="%s" startPosition="%d" '
                            'endPosition="%d" creatingUser="%s">\n'
                            '        <Coding guid="%s" creatingUser="%s"><CodeRef targetGUID="%s"/></Coding>\n'
                            '      </PlainTextSelection>'
                            % (sel, xml_escape(body[a2:min(b2, a2 + 40)]), a2, b2, ug,
                               guid("coding", sel), ug, code_guid[cc]))
    sources.append('    <TextSource guid="%s" name="%s" plainTextPath="internal://%s.txt">\n%s\n    </TextSource>'
                   % (sg, xml_escape(name), sg, "\n".join(sels)))
    sessions.append((name, "focus_group" if parts > 1 else "interview", group, region, date, parts))

users = "\n".join('    <User guid="%s" name="%s"/>' % (guid("user", u), n) for u, n in CODERS)
qde = ('<?xml version="1.0" encoding="utf-8"?>\n'
       '<Project xmlns="urn:QDA-XML:project:1.0" name="Pathways interviews" origin="NVivo 14 (imitated)">\n'
       '  <Users>\n%s\n  </Users>\n'
       '  <CodeBook>\n    <Codes>\n%s\n    </Codes>\n  </CodeBook>\n'
       '  <Sources>\n%s\n  </Sources>\n'
       '</Project>\n') % (users, codebook_xml(), "\n".join(sources))

with zipfile.ZipFile(os.path.join(OUT, "qualitative.qdpx"), "w", zipfile.ZIP_DEFLATED) as z:
    def add(name, data):
        info = zipfile.ZipInfo(name, date_time=(2024, 7, 1, 0, 0, 0))
        info.compress_type = zipfile.ZIP_DEFLATED
        z.writestr(info, data)
    add("project.qde", qde)
    for sg in sorted(texts):
        add("Sources/%s.txt" % sg, texts[sg])

write("sessions.csv", ["session_id", "kind", "group", "region", "date", "participants"], sessions)

# ------------------------------------------------------------ settings
write("config.csv", ["key", "value"], [
    ("title_en", "Pathways youth mentoring programme"),
    ("source_en", "Pathways programme records, surveys and interviews (synthetic example data)"),
    ("period_start", START.isoformat()),
    ("period_end", END.isoformat()),
    ("lang", "en"),
    ("small_cell_threshold", 5),
    ("delimiter", "auto"),
    ("decimal", "."),
    ("encoding", "auto"),
    ("agreement_scope", "session"),
])

# ------------------------------------------------------------ the participation model
write("units.csv", ["unit", "role", "label_column", "label_fr", "label_en"], [
    ("sites", "place", "name", "", "Sites"),
    ("youths", "sample", "", "", "Youths"),
    ("matches", "member", "", "", "Mentor matches"),
])
write("columns.csv", ["unit", "column", "type", "of", "min", "max", "in_period", "not_before"], [
    ("sites", "site_id", "id", "", "", "", "", ""),
    ("sites", "name", "text", "", "", "", "", ""),
    ("sites", "region", "code", "region", "", "", "", ""),
    ("youths", "youth_id", "id", "", "", "", "", ""),
    ("youths", "site_id", "ref", "sites", "", "", "", ""),
    ("youths", "enrolled", "date", "", "", "", "yes", ""),
    ("youths", "age", "int", "", 10, 17, "", ""),
    ("youths", "gender", "code", "gender", "", "", "", ""),
    ("youths", "referred_by", "code", "referrer", "", "", "", ""),
    ("matches", "match_id", "id", "", "", "", "", ""),
    ("matches", "youth_id", "ref", "youths", "", "", "", ""),
    ("matches", "start", "date", "", "", "", "yes", "youth_id.enrolled"),
    ("matches", "mentor_type", "code", "mentor_type", "", "", "", ""),
    ("matches", "status", "code", "match_status", "", "", "", ""),
    ("matches", "meetings", "int", "", 0, 200, "", ""),
])
write("indicators.csv", ["indicator", "kind", "unit", "column", "numerator", "denominator",
                         "label_fr", "label_en", "headline"], [
    ("sites", "count", "sites", "", "", "", "", "Sites", "yes"),
    ("regions", "distinct", "sites", "region", "", "", "", "Regions", "yes"),
    ("youths", "count", "youths", "", "", "", "", "Youths enrolled", "yes"),
    ("youths_early_teens", "share", "youths", "", "age<=13", "", "", "Youths aged 10 to 13", "yes"),
    ("youths_school", "share", "youths", "", "referred_by=SCHOOL", "", "", "Youths referred by their school", "yes"),
    ("matches", "count", "matches", "", "", "", "", "Mentor matches", "yes"),
    ("matches_adult", "share", "matches", "", "mentor_type=ADULT", "", "", "Matches with an adult volunteer", "yes"),
    ("matches_early_end", "share", "matches", "", "status=EARLY", "status in PLANNED;EARLY", "",
     "Closed matches that ended early", "yes"),
    ("youths_mean_age", "mean", "youths", "age", "", "", "", "Age of youths enrolled (mean)", "yes"),
    ("matches_meetings", "mean", "matches", "meetings", "", "", "", "Meetings per mentor match (mean)",
     "yes"),
    ("matches_meetings_closed", "mean", "matches", "meetings", "", "status in PLANNED;EARLY", "",
     "Meetings per closed match (mean)", "yes"),
])
write("breakdowns.csv", ["breakdown", "unit", "by", "per", "split", "bands", "band_label_fr",
                         "band_label_en", "indicator", "mean"], [
    ("monthly", "youths", "enrolled", "month", "", "", "", "", "", "age"),
    ("cumulative", "youths", "enrolled", "cumulative", "", "", "", "", "", ""),
    ("region", "youths", "site_id.region", "", "", "", "", "", "youths_region", "age"),
    ("site", "youths", "site_id", "", "", "", "", "", "", "age"),
    ("age", "youths", "age", "", "", "10-13;14-15;16-17", "", "{lo} to {hi} years", "youths_age", ""),
    ("gender", "youths", "gender", "", "", "", "", "", "youths_gender", ""),
    ("mentor_type", "matches", "mentor_type", "", "", "", "", "", "matches_mentor_type", "meetings"),
    ("status", "matches", "status", "", "", "", "", "", "matches_status", "meetings"),
])

# ------------------------------------------------------------ the convergence
write("themes.csv", ["theme_id", "label_en", "question_en"], [
    ("BOND", "Mentoring builds a relationship of trust", "Do youths and mentors form a bond?"),
    ("SCHOOL", "Mentoring re-engages youths with school", "What changes for youths at school?"),
    ("RETENTION", "Matches last as long as planned", "Do matches last?"),
    ("SUPPORT", "Mentors feel supported by the programme", "Are mentors supported?"),
])
write("triangulation.csv", ["theme_id", "source", "indicator", "direction", "threshold",
                            "margin", "quote_code"], [
    ("BOND", "questionnaire", "q_positive_Q_YOUTHS_Y_TRUST", "higher", 0.5, 0.05, ""),
    ("BOND", "questionnaire", "q_positive_Q_MENTORS_M_BOND", "higher", 0.5, 0.05, ""),
    ("BOND", "qualitative", "qual_sessions_Building trust_MENTOR", "higher", 0.5, 0.1, "Building trust"),
    ("SCHOOL", "questionnaire", "q_positive_Q_YOUTHS_Y_SCHOOL", "higher", 0.5, 0.05, ""),
    ("SCHOOL", "qualitative", "qual_sessions_School engagement_YOUTH", "higher", 0.5, 0.1, "School engagement"),
    ("RETENTION", "participation", "matches_early_end", "lower", 0.3, 0.05, ""),
    ("RETENTION", "participation", "matches_meetings_closed", "higher", 8, 1, ""),
    ("RETENTION", "qualitative", "qual_sessions_Matches that end early_MENTOR", "lower", 0.3, 0.1,
     "Matches that end early"),
    ("SUPPORT", "questionnaire", "q_positive_Q_MENTORS_M_STAFF", "higher", 0.5, 0.05, ""),
    ("SUPPORT", "qualitative", "qual_sessions_Support from programme staff_MENTOR", "higher", 0.5, 0.1,
     "Support from programme staff"),
])
