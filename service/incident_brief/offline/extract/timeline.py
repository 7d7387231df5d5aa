"""The incident's start, detection and resolution times, and its duration."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import datetime, timedelta

from incident_brief.structure import Document, Lines
from incident_brief.offline.extract import Found
from incident_brief.offline.extract.days import SLASHED, YEARLESS
from incident_brief.offline.extract.durations import outside_range, stated_duration
from incident_brief.offline.extract.story import not_stated
from incident_brief.offline.extract.time_context import context, record, trailer
from incident_brief.offline.extract.times import Stamp, find_stamps, slashed_reading
from incident_brief.offline.extract.window_cues import a_meeting, agreeing_start, earlier_change, started_before, told_earlier
from incident_brief.offline.extract.windows import REOPEN, REOPEN_WORDS, final_end, first_stated_day, windows
from incident_brief.offline.literals import Occurrences, lowered

# A start cue names the start of impact ("began", "first errors", "went down"); "started"/"starts" also name
# planned work ("job starts as scheduled", "Patroni starts failover") and count only beside a failure (_FAILING).
_WEAK_START = re.compile(r"\b(?:started|starts|start)\b", re.I)
# "started like 2 min ago" written at 23:51: the start is 23:49.
_AGO = re.compile(r"\b(?:started|began|starting|beginning)\b[^.\n]{0,12}?\s(?P<n>\d{1,3})\s?(?:min(?:ute)?s?|m)\s+ago\b", re.I)
_FAILING = re.compile(
    r"\b(?:errors?|fail(?:s|ed|ing|ures?)?|down|unavailable|outage|tim(?:ing|ed) out|timeouts?|stall(?:s|ed)?|"
    r"(?:50[0-4]|429)s?|5xx|degraded|broken|rejected|rejects|declined|cannot|can't|could not|couldn't|unable|"
    r"empty|stuck|missing|frozen|not (?:loading|working|delivered|processed|reachable|starting|being|arriving|rendering|syncing|updating|sent|sending|received)|climbing|rising|returning|"
    r"(?:users?|customers?|people|partners?|clients?)\s+(?:report|reported|reporting|complain\w*)|no longer|fehl\w*|"
    r"st[öo]rung\w*|ausf[äa]ll\w*|fout(?:en)?|storing\w*|[ée]chou\w*|erreurs?|pannes?|indisponibles?|errores|fall(?:a|aba|aban|aron|os?)|ca[íi]d[ao]s?|"
    r"(?:nicht|niet)\s+(?:erreichbar|verf[üu]gbar|m[öo]glich|bereikbaar|beschikbaar)|ne\s+(?:r[ée]pond|fonctionn|charg)\w*|no\s+(?:respond|funcion|carg)\w*)\b", re.I)
# A change that took effect ("deploy of index v42", "config pushed", "flagd rolled out"): the first timeline entry
# that is a change or a failure starts the window the notes tell.
_CHANGE = re.compile(r"\b(?:deploy(?:s|ed|ment)?|rolled out|roll-?out|released|config push(?:ed)?|pushed|merged|upgraded|"
                     r"migrat(?:ed|ion))\b", re.I)
# "error rate back to baseline. monitoring for 30 min before we call it": a metric back to normal while the team
# still watches is provisional; a later closing ends the incident ("pushes flowing again. Monitoring." is not).
_FIX = re.compile(r"\b(?:fix(?:es|ed)?|hotfix|revert(?:ed)?|roll(?:ed)?[ -]?back|restor\w*|restart\w*)\b", re.I)
_ROLLBACK = re.compile(r"\b(?:revert(?:ed)?|roll(?:ed)?[ -]?back|hotfix(?:ed)?\s+(?:deployed|released|applied)|fix(?:ed)?\s+(?:deployed|released|applied))\b", re.I)
# "the start time is not fully known", "an outage of unknown length": no start is read from the first failure.
_UNKNOWN_START = re.compile(r"\bstart(?:ing)?(?: time| point)? (?:is|was|remains) (?:not (?:fully |exactly |precisely )?known|unknown|unclear)"
                            r"|\b(?:unknown|unclear) (?:start(?:ing)? (?:time|point)|onset|length|duration)\b", re.I)
# The first entry is someone reporting or noticing the failure: impact began before it, at a time not stated.
_FIRST_REPORT = re.compile(r"\bfirst (?:customer |user )?reports?\b", re.I)
_REPORTED = re.compile(r"\b(?:reports?|reported|notified|identified|noticed)\b", re.I)
_WATCHING = re.compile(r"\bmonitoring\b", re.I)
_METRIC_BACK = re.compile(r"\b(?:rates?|latency|errors?|p\d\d)\b[^.;\n]{0,20}\bback to (?:normal|baseline)\b", re.I)
_NOTHING = re.compile(r"\bnothing\b", re.I)  # "nothing has been picked up since Tuesday 09:40"
# "started ~13:47", "started at 10:00": a start word right before the time names it.
_START = re.compile(r"\b(?:(?:began|begins|beginning)(?!\s+(?:to\s+)?(?:look|investigat|work|triag|debug|dig|check|mitigat|respond))|onset|first (?:reports?|errors?|alerts?|signs?|indications?)|jumped|spiked|went down|went offline|became unavailable|outage began|impact began|"
                    r"(?:stopped|stops)(?=\s+\w+ing\b))", re.I)
# The notes' own statement that customer impact began ("impact began 16:31", "customers first affected at 09:12"):
# beats an export's administrative start (a ticket opened, an alert triggered) when it comes no later.
_IMPACT_START = re.compile(r"\b(?:impact\s+(?:began|begins|started|starts|start)|(?:first|initially)\s+(?:affected|impacted)|"
                           r"(?:affected|impacted|failing|errors?|down)\s+(?:since|from)|first\s+(?:errors?|failures?|customer reports?))\b", re.I)
_IMPACT_WORD = re.compile(r"\bimpact", re.I)
_DETECT = re.compile(r"\b(?:detected|detection|alerts?|alerted|alerting|paged|page fired|noticed|identified|reported|declared|acknowledged|on-call)\b", re.I)
# The end of customer impact ("succeeding again from 20:12", "back to baseline as of 14:41", "lag back to zero")
# is preferred to the closing of the incident ("resolved", "closed", "all clear") when it comes no later.
_RECOVERED = re.compile(
    r"\b(?:(?:succeed(?:s|ed|ing)?|working|flowing|healthy|accepted|delivered|processed|available|possible|normal|"
    r"online|responding|loading|arriving|going out|running|served|sent|starting|match(?:es|ing)?|correct|ok|fine|green|"
    r"rendering|syncing|updating|delivering|rendered|synced|updated|"
    r"show(?:s|ing)? up|up)(?:\s+\w+){0,4}\s+again|succeeding|(?:backlog|batch|replay|cleanup)\w*\s+(?:finished|completed?)|"
    r"de nouveau|wieder|weer|hersteld|retour (?:à|a) la normale|(?:volvi[óo]|vuelve) a la normalidad|normalidad|(?:volvi[óo]|vuelve|volv[íi]a)\s+a\s+funcionar|funciona\w*\s+(?:de\s+nuevo|normalmente)|"
    r"back (?:to (?:normal|baseline|zero)|under|below|within|online|up|in service)|"
    r"(?:returned|returns?|returning) to (?:normal|baseline)|(?:properly|correctly|successfully|normally)\s+(?:consumed|processed|served|delivered)|"
    r"mitigation (?:is|was) successful|impact\s+(?:is\s+|was\s+)?(?:over|ended|ends|end|stopped|gone)|(?:queues?|backlogs?)\s+(?:is\s+|was\s+|are\s+|were\s+)?(?:drained|cleared)|last (?:indications?|signs?|reports?) of (?:failure|errors?|impact)|recovered|mitigated|corrected|(?:errors?|failures?|crash(?:es)?|[45]xx)\s+(?:(?:are|have|has)\s+)?(?:stopped|ceased|gone)|(?:stopped|ceased|cleared|subsided|went away)\s+(?:on\s+its\s+own|by\s+itself)|recovery complete|restablecid[oa]s?|rétablie?s?|restored|behoben|fixed|"
    r"resum(?:ed|ing)|turned (?:back )?(?:up|on)|turned(?:\s+\w+){1,2}\s+back\s+on|re-?enabled|fully operational|normal operations?|normal levels|(?:rate|latency|lag|errors?|traffic)(?:\s+is|\s+was)?\s+normal)\b", re.I)
# "all good now", said at the end of a chat, closes the incident as "resolved" does.
_END = re.compile(r"\b(?:resuelto|resuelta|gelöst|opgelost|résolu|resolved|all clear|stable|closed|resolution (?:is |was )?confirmed|"
                  r"all\s+(?:good|green)(?:\s+now)?(?!\s*\?)|looks?\s+(?:good|healthy)\s+now|"
                  r"everything(?:'s|\s+is)?\s+(?:working|fine|normal|ok|good)(?!\s*\?))\b", re.I)
_NOT_END = re.compile(r"\b(?:not|never|partially|could|would|should|might|begins? to|started to)\b[^.;,]{0,30}$", re.I)
# "since 13:15 UTC", "Seit ca. 09:10", "since Tuesday 4 March 09:40 UTC": the time the stated state began.
# "Ab 20:10 Uhr", "à partir de 7h02", "desde las 9:15": the same, written right before the time.
_SINCE = re.compile(r"\b(?:since|seit|desde|depuis)\b[^.\n]{0,30}$|(?<!\w)(?:ab|[àa] partir de|dès)\s{1,3}(?:ca\.\s{0,3})?$", re.I)
# A stated window: "from 07:08 until 10:40", "(18:20 UTC on 7 July to 09:30 UTC on 9 July)", "When: 2025-10-02,
# 08:10 to 12:45 UTC", "from Sunday 6 April 2025 03:00 UTC until the hotfix at Monday 7 April 2025 15:20 UTC".
_DAY = (r"(?:(?:Mon|Tue|Wed|Thu|Fri|Sat|Sun)\w{0,6},?\s{1,3})?(?:\d{1,2}\.?\s{1,3}[A-Za-z]{3,9}\.?,?\s{1,3}(?:\d{4},?\s{1,3})?"
        r"|[A-Za-z]{3,9}\.?\s{1,3}\d{1,2}(?:st|nd|rd|th)?,?\s{1,3}(?:\d{4},?\s{1,3})?|\d{4}-\d{2}-\d{2},?\s{1,3})?")
_RANGE = re.compile(r"(?:\b(?:from|between|von|ab|de|du|desde(?:\s+las?)?|entre)[\s*_]+(?:about\s+|approximately\s+|around\s+)?|\(|\b(?:when|window)\b[:*\s]{0,6}"
                    r"|\b(?:impact(?:ed)?|failed|failing|down|outage|errors?|unavailable|degraded|disrupted)\b[^.\n\d]{0,30}?[\s:]~?)"
                    + _DAY + "$", re.I)
_RANGE_MID = re.compile(r"^[^.\n]{0,30}?\b(?:to|until|and|through|till|bis|à|au|jusqu'à|a|hasta(?:\s+las?)?|y|et|und)[\s*_]+(?:[^.\n\d]{0,25}?\b(?:at|by)\s+)?"
                        r"(?:about\s+|approximately\s+|around\s+)?" + _DAY + r"$|^\s*(?:[–—-]|->|=>|→)\s*~?$", re.I)
_IMPACT_WINDOW = re.compile(r"\b(?:impact|outage|downtime|disruption)\s{1,3}(?:window|period)\b", re.I)
_RANGE_BACK = 45  # characters before a window's first time that can open it
_FM_START = ("date", "started", "started_at", "start")
_FM_RESOLVED = ("resolvedWhen", "resolved_on", "resolved_at", "resolved_when")
_FM_END = _FM_RESOLVED + ("end", "ended")

# A line that starts with a time, maybe after its date ("18 mars 2025, 07h42 :", "Mar 18, 2025 07:42", "07.05 Fehler").
_LINE_START = re.compile(r"^[ \t]*+(?:[-*+•|][ \t]*+)?[\[*`~]*+(?:\d{1,2}[-/]\d{1,2}[-/]\d{4}\s*+@?\s*+|\d{4}-\d{2}-\d{2}[T ]?"
                         r"|(?:\d{1,2}\.?[ \t]\w{3,9}\.?|\w{3,9}\.?[ \t]\d{1,2},?)(?:[ \t]\d{4})?,?[ \t]{1,3})?"
                         r"\d{1,2}(?::| ?h ?|\.)\d{2}", re.M)
_LABEL_START = re.compile(r"^\W*(?:(?:started|start(?: time)?|incident start|impact start(?:ed)?|began|beginn|inicio|début|debut)\b|from:)", re.I)
# An export's administrative opening ("Created:", "Triggered:", "Opened:"): the start only when nothing else tells it.
_LABEL_CREATED = re.compile(r"^\W*(?:created|opened|triggered)(?:[ _](?:at|on))?[ \t]*[:=]", re.I)
_LABEL_DETECT = re.compile(r"^\W*(?:detected|detection(?: time)?|first detected)\b", re.I)
# The incident declared resolved or closed (a status page's "resolved_on", a "Closed:" field, "all clear"): may come
# after impact ended, as postmortems that end an incident at its resolution tell it.
_FM_CLOSED = _FM_RESOLVED + ("closed_at", "closed")
_LABEL_CLOSED = re.compile(r"^\W*(?:resolved|resolution time|closed|all clear|behoben)\b", re.I)
_LABEL_END = re.compile(r"^\W*(?:(?:resolved|resolution time|end(?:ed)?|end time|all clear|ende|behoben|fin)\b|to:)", re.I)


@dataclass
class Times:
    started: Found[datetime] | None = None
    detected: Found[datetime] | None = None
    resolved: Found[datetime] | None = None
    closed: Found[datetime] | None = None
    duration: Found[float] | None = None
    duration_stated: bool = False
    flags: list[tuple[str, str]] = field(default_factory=list)


_ROLE_WINDOW = 1000  # in notes with more times than this, start and end cues are looked for near either end


def incident_times(doc: Document) -> Times:
    stamps = find_stamps(doc, keep_ends=_ROLE_WINDOW)
    lines = Lines(doc.text)
    by_line: dict[int, list[Stamp]] = {}
    for s in stamps:
        by_line.setdefault(lines.at(s.start)[0], []).append(s)
    spans = {id(s): context(doc.text, s, by_line[lines.at(s.start)[0]], lines.at(s.start)) for s in stamps}
    for s, nxt in zip(stamps, stamps[1:] + [None]):
        line = lines.at(s.start)
        spans[id(s)] = record(doc.text, s, line, nxt) or trailer(doc.text, s, line) or spans[id(s)]
    ctx = _Contexts(doc.text, spans)
    out = Times()
    rng = _ranges(doc.text, stamps)
    end = _end(doc, stamps, ctx, rng)
    if end is None and (end := _last_fix(doc.text, lines, stamps, ctx)) is not None:
        out.flags.append(("resolved_at", "no recovery is stated; the end shown is the last fix (a rollback, revert or "
                                         "fix) in the notes. Did impact end then?"))
    detected = _first(stamps, ctx, _LABEL_DETECT) or _first(stamps, ctx, _DETECT)
    closes, reopens = _closes(ctx), _reopens(ctx)
    unknown = _UNKNOWN_START.search(doc.text) if "unknown" in doc.text or "not " in doc.text else None
    start = _start(doc, lines, stamps, ctx, rng, end or detected, stated_only=True)
    entry = lambda s: _starts_line(doc.text, lines.at(s.start)[0], s)  # noqa: E731
    reported = None  # a first report that the notes tell of impact before: the start is not stated
    if start is not None and id(start) in ctx.spans and ctx.search(start, _FIRST_REPORT) \
            and (told := told_earlier(doc.text, stamps, start, entry)):
        start = _changed_before(doc.text, stamps, start, entry, out)
        if start is not None and start.when >= told.when:
            out.flags.append(("started_at", f"The first entry is a report of the failure, and the notes tell of it "
                                            f"earlier ({_as_written(doc.text, told)}): when did impact begin?"))
            start, reported = None, told
    inferred = start is None and not (unknown or reported)
    if inferred:
        start = _changed_before(doc.text, stamps, _first_failing(doc.text, lines, stamps, ctx, end or detected), entry, out)
    if unknown:
        out.flags.append(("started_at", f"The notes say \"{unknown[0]}\": when did impact begin?"))
    start_guessed = False
    if start is end:
        start = None  # the end is no start
    if start is None and not (unknown or reported):
        start = _first_entry(doc.text, lines, stamps, end or detected, loose=end is not None)
        start_guessed = start is not None
        start = _changed_before(doc.text, stamps, start, entry, out)
        if start is None and (start := _first(stamps, ctx, _LABEL_CREATED)) is not None:
            out.flags.append(("started_at", "No impact start is stated; the start shown is when the ticket or alert was "
                                            "created. When did impact begin?"))
        if start is not None and ctx.search(start, _REPORTED):
            out.flags.append(("started_at", f"No start time is stated; the first entry ({doc.text[start.start:start.end].strip()}) is a report "
                                            "of the failure. When did impact begin?"))
            start = None
    like = start if start and start.dated else end if end and end.dated else None
    if like and (day := first_stated_day(doc.text)) and (start is None or day < start.when.date()) \
            and (end is None or day <= end.when.date()):
        start = _entry_on(doc.text, lines, stamps, like, day)
        if start is None:
            out.flags.append(("started_at", f"The notes say impact began on {day:%d %B %Y} but give no time "
                                            "that day. When did it begin?"))
    if start and end and (later := final_end(stamps, start, end, closes, reopens)) is not None:
        out.flags.append(("resolved_at", f"The notes reopen the incident after it was resolved "
                                         f"({doc.text[end.start:end.end]}); the end shown is the last recovery after that."))
        end = later
    if start and end and _comparable(start, end) and end.when < start.when:
        out.flags.append(("resolved_at", "the end time in the notes is earlier than the start time; both left for review"))
        end = None
    if start and detected and _comparable(start, detected) and detected.when < start.when:
        detected = None
    stated = stated_duration(doc.text, [s.end for s in stamps])
    if inferred and start and end and stated and (agreed := agreeing_start(stamps, start, end, stated.value, entry)):
        start = agreed
    out.started, out.resolved, out.detected = (_found(s) for s in (start, end, detected))
    out.closed = _found(_closed(doc, stamps, ctx, start, end))
    if start_guessed and out.started:
        out.flags.append(("started_at", "no start time is stated; the first timeline entry of that day is used"))
    if (out.started or out.resolved) and SLASHED.search(doc.text) and (two_way := slashed_reading(doc).ambiguous):
        out.flags.append(("started_at", f"Is {two_way} month first or day first? Nothing in the notes decides; "
                                        "it was read month first (US order)."))
    if not (out.started or out.resolved) and "/" in doc.text and (bare := YEARLESS.search(doc.text)) \
            and any(not s.dated for s in stamps):
        out.flags.append(("started_at", f"The notes give the date {bare.group()} without a year and no year anywhere; "
                                        "the start and end are left unstated. Which year?"))
    computed = _computed(rng, start, end)
    if start and end and not (len(rng) > 1) and len(parts := windows(stamps, start, end, closes, reopens)) > 1:
        told = ", ".join(f"{_as_written(doc.text, w.start)} to {_as_written(doc.text, w.end)}" for w in parts)
        out.flags.append(("duration_minutes", f"The notes give {len(parts)} windows of impact ({told}); the duration "
                                              "is their sum. Is that right?"))
        computed = Found(sum(w.minutes for w in parts), tuple((t.start, t.end) for w in parts for t in (w.start, w.end)))
    out.duration, out.duration_stated = (stated, True) if stated else (computed, False)
    if not stated and computed and (written := outside_range(doc.text, computed.value)) is not None:
        out.flags.append(("duration_minutes", f"The notes estimate the length as {written}, while the window from "
                                              f"start to end spans {computed.value:g} minutes: how long did it last?"))
        out.duration = None
    if stated and computed and abs(stated.value - computed.value) > max(5, 0.05 * computed.value):
        out.flags.append(("duration_minutes", f"the stated duration ({stated.value:g} min) differs from the start and end times ({computed.value:g} min)"))
    return out


def _start(doc: Document, lines: Lines, stamps: list[Stamp], ctx: "_Contexts", rng, anchor: Stamp | None,
           stated_only: bool = False) -> Stamp | None:
    """When impact began: a label or front matter, a stated window, a start cue, "since" beside a failure (which
    beats a ticket's opening label), else the first "started" beside a failure or timeline entry of failure or
    change (anchor: the end or detection, which a change must precede by less than a day)."""
    labelled = _front(doc, stamps, _FM_START) or _first(stamps, ctx, _LABEL_START)
    stated = _first(stamps, ctx, _IMPACT_START) or (labelled and (
        (rng and rng[0][0]) or _first_cue(doc.text, [s for s in stamps if s is not labelled], ctx)))
    if labelled and stated and not ctx.search(labelled, _IMPACT_WORD) and _no_later(stated, labelled):
        labelled = stated  # "impact began 16:31" in the text beats a ticket's "Started:"/"Created:" field
    start = labelled or (rng[0][0] if rng else None) or _first_cue(doc.text, stamps, ctx)
    since = _since(doc.text, stamps, ctx)
    if since and (start is None or start is labelled and _comparable(since, start) and since.when < start.when):
        start = since
    if start or stated_only:  # notes that call the start unknown get no start read from the first failure
        return start
    return _first_failing(doc.text, lines, stamps, ctx, anchor)


def _changed_before(text: str, stamps: list[Stamp], start: Stamp | None, entry, out: Times) -> Stamp | None:
    """A start read from the first entry moves to a change a later line dates before it (flagged)."""
    change = earlier_change(text, stamps, start, entry) if start is not None else None
    if change is None:
        return start
    out.flags.append(("started_at", f"No start time is stated, so the start shown is the change the notes date at "
                                    f"{_as_written(text, change)}, before the first entry; check that impact began then"))
    return change


def _no_later(a: Stamp, b: Stamp) -> bool:
    """a comes no later than b, or the two cannot be compared (a bare time against a zoned field)."""
    return not _comparable(a, b) or a.when <= b.when


def _closes(ctx: "_Contexts"):
    """A time whose context states that impact ended (recovered or closed): not negated, modal or future
    ("will be sent once the issue is fixed" closes nothing)."""
    def closes(s: Stamp) -> bool:
        a = ctx.spans[id(s)][0]
        for rx in (_RECOVERED, _END):
            m = ctx.search(s, rx)
            if m and _last([s], ctx, rx) is not None and not not_stated(ctx.text, a + m.start(), a + m.end()):
                return True
        return False
    return closes


def _reopens(ctx: "_Contexts"):
    """A time whose context says the failure is back, or a failure begins again ("first indication of failure";
    not "queued runs began transmitting")."""
    return lambda s: ctx.search(s, REOPEN) is not None or (ctx.search(s, _START) is not None
                                                            and ctx.search(s, _FAILING) is not None)


def _entry_on(text: str, lines: Lines, stamps: list[Stamp], like: Stamp, day) -> Stamp | None:
    """The first timeline entry on a day stated as the start of impact ("Between July 9 and July 16")."""
    return next((s for s in stamps if s.dated and _comparable(s, like) and s.when.date() == day
                 and _starts_line(text, lines.at(s.start)[0], s)), None)


def _as_written(text: str, s: Stamp) -> str:
    """A time as the notes write it, or as a date and time when they write epoch seconds."""
    written = text[s.start:s.end].strip()
    return f"{s.when:%Y-%m-%d %H:%M}" + (" UTC" if s.zoned else "") if written.isdigit() else written


def _last_fix(text: str, lines: Lines, stamps: list[Stamp], ctx: "_Contexts") -> Stamp | None:
    """The last timeline entry that applies a fix to the failing change ("Rolled back production release"),
    when no recovery or closing is stated."""
    for s in reversed(stamps):
        if s.dated and _starts_line(text, lines.at(s.start)[0], s) and (m := ctx.search(s, _ROLLBACK)):
            a = ctx.spans[id(s)][0]
            if not _NOT_END.search(text, max(a, a + m.start() - 40), a + m.start()):
                return s
    return None


def _end(doc: Document, stamps: list[Stamp], ctx: "_Contexts", rng) -> Stamp | None:
    """When impact ended: a stated window's end; else the last statement that service recovered, when it
    comes no later than the incident's closing (a label, front matter or "resolved"); else the closing."""
    closing = _front(doc, stamps, _FM_END) or _first(stamps, ctx, _LABEL_END)
    if rng and (closing is None or _no_later(rng[-1][1], closing)
                and _IMPACT_WINDOW.search(doc.text, max(0, rng[0][0].start - _RANGE_BACK), rng[0][0].start)):
        return rng[-1][1]  # "Impact window: 16:31–17:19" ends impact before a ticket's closing field
    closing = closing or _last(stamps, ctx, _END)
    recovered = _last(stamps, ctx, _RECOVERED)
    if recovered and (closing is None or not _comparable(recovered, closing) or recovered.when <= closing.when):
        if closing is not None and closing is not recovered and ctx.search(recovered, _WATCHING) \
                and ctx.search(recovered, _METRIC_BACK):
            return closing
        return recovered
    return closing


def _closed(doc: Document, stamps: list[Stamp], ctx: "_Contexts", start: Stamp | None, end: Stamp | None) -> Stamp | None:
    """When the notes declare the incident resolved or closed (a front-matter or labelled field, else the last
    "resolved" or "all clear"); none that comes before the start or the end of impact (closed, then reopened)."""
    closing = _front(doc, stamps, _FM_CLOSED) or _first(stamps, ctx, _LABEL_CLOSED) or _last(stamps, ctx, _END)
    if closing is None or any(s is not None and _comparable(closing, s) and closing.when < s.when for s in (start, end)):
        return None
    return closing


def _first_cue(text: str, stamps: list[Stamp], ctx: "_Contexts") -> Stamp | None:
    """The first time named by a start cue ("errors began", "first errors") or a start word right before it."""
    for s in stamps:
        if started_before(text, s):
            return s
        if (m := ctx.search(s, _START)) and not _FIX.search(text, max(0, ctx.spans[id(s)][0] + m.start() - 30),
                                                            ctx.spans[id(s)][0] + m.start()) \
                and not a_meeting(text, ctx.spans[id(s)][0] + m.start()):
            return s  # not "config fix begins", not "meeting started"
        if s.dated and (m := ctx.search(s, _AGO)):
            end = ctx.spans[id(s)][0] + m.end()  # the evidence runs from the time to "... ago"
            return Stamp(s.when - timedelta(minutes=int(m["n"])), s.zoned, s.start, max(end, s.end))
    return None


def _first_failing(text: str, lines: Lines, stamps: list[Stamp], ctx: "_Contexts", anchor: Stamp | None) -> Stamp | None:
    """The first "started" beside a failure, else the first timeline entry that states a failure or a change
    ("10:04 order-service errors", "23:52 job stalls with lock wait timeouts", "09:05 deploy of index v42")."""
    weak = [s for s in stamps if ctx.search(s, _WEAK_START) and ctx.search(s, _FAILING)]
    if weak:
        return weak[0]
    return next((s for s in stamps if s.dated and _starts_line(text, lines.at(s.start)[0], s)
                 and (ctx.search(s, _FAILING) or _change_before(s, ctx, anchor))), None)


def _change_before(s: Stamp, ctx: "_Contexts", anchor: Stamp | None) -> bool:
    """A change (not a fix) written less than a day before the end or detection."""
    return (anchor is not None and _comparable(s, anchor) and timedelta(0) <= anchor.when - s.when < timedelta(days=1)
            and ctx.search(s, _CHANGE) is not None and ctx.search(s, _FIX) is None)


def _since(text: str, stamps: list[Stamp], ctx: "_Contexts") -> Stamp | None:
    """The first time written after "since" beside a failure, not a recovery ("failing since 13:15 UTC")."""
    for s in stamps:
        since = _SINCE.search(text, max(0, s.start - 40), s.start) or _SINCE_THEN.match(text, s.end, s.end + 60) \
            or ((m := _AS_OF.search(text, max(0, s.start - 60), s.start)) and _FAILING.search(m[0]))
        if since and (ctx.search(s, _FAILING) or ctx.search(s, _NOTHING)) and not _recovered_near(text, s):
            return s
    return None


# "failing to render as of 07:40": "as of" starts a failure only when the failure is written right before it
# ("As of 1:53 PM the feature was no longer available" tells a change that took effect).
_AS_OF = re.compile(r"[^.\n:;]{1,50}\bas\s{1,3}of\s{1,3}~?$", re.I)
# "revoked yesterday 23:10, so resets failing since then": the time before "since then" is when the failure began.
_SINCE_THEN = re.compile(r"[^.\n]{0,40}?\b(?:failing|failed|broken|down|errors?|erroring|missing|not\s\w+ing)\s(?:ever\s)?since\s(?:then|that)\b", re.I)


def _recovered_near(text: str, s: Stamp) -> bool:
    """A recovery stated in the clause that leads up to the time or right after it ("normal again from 19:05",
    "since 14:47 all fine"), not later in the sentence ("failing since 23:40 when the job resumed")."""
    line = text.rfind("\n", 0, s.start) + 1
    lo = max(line, s.start - 80, *(text.rfind(p, 0, s.start) + len(p) for p in (". ", "; ", ": ")))
    after = text[s.end:s.end + 25]
    cut = min([i for i in (after.find(" when "), after.find(" after "), after.find(" because ")) if i != -1] + [25])
    return _RECOVERED.search(text, lo, s.end + cut) is not None


def _found(s: Stamp | None) -> Found[datetime] | None:
    return Found(s.when, ((s.start, s.end),)) if s and s.dated else None


def _comparable(a: Stamp, b: Stamp) -> bool:
    return a.zoned == b.zoned and a.dated == b.dated


def _first_entry(text: str, lines: Lines, stamps: list[Stamp], anchor: Stamp | None, loose: bool) -> Stamp | None:
    """The earliest timeline entry (a line that starts with a time, or a record's time label) on the anchor's
    day; in notes without entries ("ran out of memory 03:12, ... fixed 03:44"), the earliest time that day
    before the end (loose: the anchor is the end, not the detection)."""
    if anchor is None:
        return None
    day = [s for s in stamps if s.dated and _comparable(s, anchor) and s.when.date() == anchor.when.date()
           and s.when <= anchor.when]
    entries = [s for s in day if _starts_line(text, lines.at(s.start)[0], s) or record(text, s, lines.at(s.start), None)]
    entries = entries or (day if loose else [])
    return min(entries, key=lambda s: s.when) if entries else None


def _starts_line(text: str, line_start: int, s: Stamp) -> bool:
    """The line starts with this time (not only with some time: "[11:40 PM] ... before 02:00")."""
    m = _LINE_START.match(text, line_start, s.end)
    return m is not None and m.end() > s.start


def _front(doc: Document, stamps: list[Stamp], keys) -> Stamp | None:
    for key in keys:
        if key in doc.front:
            _, s, e = doc.front[key]
            hit = next((st for st in stamps if s <= st.start < e), None)
            if hit:
                return hit
    return None


# Words the cue patterns cannot match without: a context with none of them is not searched.
_CUE_WORDS = {
    _START: ("began", "begin", "onset", "first ", "jumped", "spiked", "went ", "became ", "stop"),
    _WEAK_START: ("start",),
    _IMPACT_START: ("impact", "affected", "since", "from", "first "),
    _IMPACT_WORD: ("impact",),
    _AGO: ("ago",),
    _WATCHING: ("monitoring",),
    _FIX: ("fix", "revert", "roll", "restor", "restart"),
    _REPORTED: ("report", "notified", "identified", "noticed"),
    _FIRST_REPORT: ("first ",),
    _ROLLBACK: ("fix", "revert", "roll"),
    REOPEN: REOPEN_WORDS,
    _DETECT: ("detect", "alert", "paged", "page fired", "noticed", "identified", "reported", "declared", "acknowledged",
              "on-call"),
    _END: ("resuel", "gel", "solu", "opgelost", "resolved", "all clear", "stable", "closed", "resolution", "all good", "all green",
           " now", "everything"),
    _RECOVERED: ("again", "wieder", "weer", "hersteld", "funciona", "retour", "normalidad", "nouveau", "back ", "returned", "recover", "restablecid", "tabli", "restored",
                 "behoben", "fixed", "operational", "normal", "succeeding", "finished", "complete", "mitigated",
                 "corrected", "stopped", "ceased", "gone", "return", "consumed", "processed", "served", "delivered",
                 "successful", "last ", "resum", "turned ", "enabled", "impact", "drained", "cleared", "on its own", "by itself"),
}


class _Contexts:
    """Each time's context (a span of the text), searched only where a cue's words occur (2,000 contexts of up
    to 1,400 characters on a long line of times)."""

    def __init__(self, text: str, spans: dict[int, tuple[int, int]]):
        self.text, self.spans, self.low = text, spans, lowered(text)
        self.words = {rx: Occurrences(text, words, self.low) for rx, words in _CUE_WORDS.items()}

    def search(self, s: Stamp, rx: re.Pattern[str]) -> re.Match[str] | None:
        a, b = self.spans[id(s)]
        if rx in self.words and not self.words[rx].maybe_in(a, b):
            return None
        return rx.search(self.text[a:b])


def _first(stamps, ctx: _Contexts, rx) -> Stamp | None:
    return next((s for s in stamps if ctx.search(s, rx)), None)


def _last(stamps, ctx: _Contexts, rx) -> Stamp | None:
    """The last time whose context states the cue, not negated just before it ("not yet resolved")."""
    for s in reversed(stamps):
        m = ctx.search(s, rx)
        a = ctx.spans[id(s)][0]
        if m and not _NOT_END.search(ctx.text, max(a, a + m.start() - 40), a + m.start()):
            return s
    return None


def _ranges(text: str, stamps: list[Stamp]) -> list[tuple[Stamp, Stamp]]:
    out = []
    for a, b in zip(stamps, stamps[1:]):
        if _RANGE.search(text[max(0, a.start - _RANGE_BACK):a.start]) and _RANGE_MID.search(text[a.end:b.start]) \
                and _comparable(a, b):
            b = b if b.when > a.when else overnight(a, b)
            if b is not None:
                out.append((a, b))
    group = out[:1]  # the first stated range, plus ranges that continue its sentence ("and again from ...")
    for a, b in out[1:]:
        if a.start - group[-1][1].end < 200 and a.when > group[-1][1].when:
            group.append((a, b))
    return group


def overnight(a: Stamp, b: Stamp) -> Stamp | None:
    """The end of a window written as two clocks of one day that crosses midnight ("11:12 PM -> 12:52 AM"): the
    end moved to the next day, when the window is then shorter than 12 hours; else None."""
    later = Stamp(b.when + timedelta(days=1), b.zoned, b.start, b.end, b.dated)
    return later if a.dated and b.dated and timedelta(0) < later.when - a.when < timedelta(hours=12) else None


def _computed(rng, start: Stamp | None, end: Stamp | None) -> Found[float] | None:
    if len(rng) > 1 and rng[0][0] is start and rng[-1][1] is end:
        total = sum((b.when - a.when).total_seconds() for a, b in rng) / 60
        return Found(total, tuple((s.start, s.end) for pair in rng for s in pair))
    if start and end and _comparable(start, end) and end.when > start.when:
        return Found((end.when - start.when).total_seconds() / 60, ((start.start, start.end), (end.start, end.end)))
    return None
