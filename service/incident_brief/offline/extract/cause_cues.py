"""Cue families of the root-cause reader: what makes a sentence state a cause, and what marks it as something else.

Families, not phrases: a cause label ("Cause:", "Root cause, for the record:", "**Why:**", "Ursache:", a bare
"Cause" heading line), a discovery or correction lead in the same message ("found it", "not the X after all",
"correction:"), causal connectives (in a few languages), a passive agent of a failure ("is blocked by"), an
indefinite failure as agent ("a power failure made ..."), an effect chain ("X filled, so Y"), fault words.
Against: symptoms and impact scope ("users saw", "was not affected"), the delay of the response or the recovery
("the delay in response was due to", "it took hours to get back"), hypotheses ("looks like", "probably").
Every pattern is bounded and applied to one sentence or anchored at one position.
"""

from __future__ import annotations

import re

from incident_brief.offline.extract import cause_lang as lang
from incident_brief.offline.extract import cause_leads as leads
from incident_brief.offline.literals import Gated

STRONG = Gated(re.compile(
    r"\broot[- ]?causes?\s*(?:was|is|were|are|:|of (?:the|this) (?:\w+ ){0,3}(?:was|is))|"
    r"\b(?:was|were|is|are|been) (?:\w+ )?(?:caused|triggered) by\b|\bstemm(?:ed|s) from\b|"
    r"\bresulted from\b|\b(?:the|a|main|primary|underlying|real|actual) (?:cause|reason|trigger|culprit) (?:was|is|were)\b|"
    r"\bturn(?:s|ed) out (?:that\b|to be (?:a|an|the)\b(?! (?:\w+ )?(?:well|fine|true|correct|right))|(?:the|a|an|our|its|it|there)\b)|"
    r"\bwe (?:determined|found|discovered|identified|confirmed|learned|realised|realized) that\b|"
    r"\b(?:discovered|uncovered|identified) (?:that|a|an|\w+ed)\b|\bculprit\b|"
    r"\bthe (?:problem|issue|bug|fault) (?:is|was) (?:that|a|an|the|our|its)\b|" + lang.STRONG, re.I),
    ('root cause trigger stemm resulted reason turn determined found discovered identified confirmed learned realised '
     'realized uncovered culprit problem issue bug fault'.split() + list(lang.STRONG_WORDS)))
CAUSAL = Gated(re.compile(
    r"\bcaused by\b|\btriggered by\b|\bdue to\b|\bbecause\b|\bowing to\b|\bas a result of\b|"
    r"\b(?:is|was|are|were|been|kept) causing\b|"
    r"\b(?:is|was|were|are|been|being|got|get|gets) (?:\w+ )?(?:blocked|broken|rejected|killed|overwhelmed|starved|throttled|evicted|"
    r"deleted|dropped|removed|overwritten|corrupted|exhausted|saturated) by\b|"
    r"\ban? (?:[\w-]+ ){0,3}(?:failure|outage|glitch|fault|bug|misconfiguration)\b[^.\n]{0,60}?\b(?:made|makes|caused|causes|"
    r"prevented|prevents|affected|affects|broke|took down|knocked out|stopped)\b|"
    r"\b(?:lines up|coincides|coincided|correlates|correlated) with\b|" + lang.CAUSAL, re.I),
    'caused causing causes triggered due because owing result blocked broken rejected killed overwhelmed starved throttled '
    'evicted deleted dropped removed overwritten corrupted exhausted saturated failure outage glitch fault bug '
    'misconfiguration lines coincide correlate'.split() + list(lang.CAUSAL_WORDS))
EFFECT = Gated(re.compile(r"\b(?:led to|leading to|resulted in|resulting in|causing|caused|which (?:meant|exposed|allowed|"
                          r"prevented|broke|stopped))\b|,\s*so\s+(?!that\b)", re.I),
               'led leading result causing caused which ,'.split())
FAULT = Gated(re.compile(r"\bmisconfigur\w*|\bvulnerab\w*|\bbug\b|\bregression\b|\bexpired\b|\bexhaust\w*|\bleak(?:ed)?\b|"
                         r"\b(?:was|were|had|has|have|did|could)\s+not\b|\bnever\b|\b(?:wasn|weren|didn|hadn|couldn)['’]t\b|"
                         r"\bno (?:alert|monitor\w*|limit|backup|timeout|validation|check|ttl|expiry)\w*|\bdiscontinued\b|"
                         r"\bdeprecated\b|\binstead of\b|\bunset\b|\bmismatch\w*|\bdoes not match\b|\bout of (?:memory|disk)\b|"
                         r"\bOOM\w*|\bran out\b|\bruns? out\b|\btime(?:d)? ?outs?\b|" + lang.FAULT, re.I),
              'misconfigur vulnerab bug regression expired exhaust leak not never wasn weren didn hadn couldn no discontinued '
              'deprecated instead unset mismatch match out oom ran run time'.split() + list(lang.FAULT_WORDS))
# a change that something then failed on: a weak sign of a cause, read only when nothing states one
CHANGE = Gated(re.compile(r"\b(?:upgraded?|updated?|changed?|deploy(?:ed)?|merged|migrat\w+|rotated|renamed|bumped|refactor\w*|"
                          r"rolled out|switched)\b", re.I),
               'upgrade update change deploy merged migrat rotated renamed bumped refactor rolled switched'.split())
EVENT = Gated(re.compile(r"\b(?:removed|deleted|dropped|failed|fails|broke|expired|filled|ran out|overloaded|crashed|rejected|"
                         r"rejects|refused|exceeded|reached|corrupted|disabled|stopped|timed out|evicted|hit)\b", re.I),
              'removed deleted dropped failed fails broke expired filled ran overloaded crashed rejected rejects refused '
              'exceeded reached corrupted disabled stopped timed evicted hit'.split())
SYMPTOM = Gated(re.compile(r"\b(?:users?|customers?|visitors|people|clients|you)\b (?:\w+ ){0,3}(?:experienced|saw|could not|couldn['’]t|"
                           r"were unable|got|received|reported|encountered|may (?:have|encounter|see|notice|experience))|"
                           r"\b(?:was|were|is|are) (?:not |also |never |all |equally )?affected\b|\bunaffected\b|"
                           r"\b(?:was|were|is|are) (?:not|never) (?:\w+ )?(?:impacted|affected)\b|\bkept working\b", re.I),
                'user customer visitors people client you affected impacted working'.split())
# an alert, page or report: how the incident was noticed ("alert fired", "salta alerta", "reported by"), never its cause
ALERT = Gated(re.compile(lang.ALERT, re.I), lang.ALERT_WORDS)
DELAY = Gated(re.compile(r"\bdelay(?:ed|s)? (?:in|of|to) (?:the |our )?(?:incident )?(?:response|detection|recovery|escalation|"
                         r"restor\w*|mitigation)|\b(?:response|detection|recovery|escalation) (?:was|were) (?:\w+ )?(?:delayed|slow)|"
                         r"\btook (?:\w+ ){0,3}(?:hours?|minutes?|days?|long(?:er)?|time) to (?:get back|recover|restore|detect|"
                         r"notice|respond|fix|come back)|\bnot (?:caught|detected|noticed) (?:\w+ )?(?:sooner|earlier|in time)\b|"
                         r"\bwhy (?:was|wasn['’]t|did|didn['’]t) (?:it|this|we) (?:not )?(?:caught|detected|noticed|catch|detect|notice)|"
                         r"\b(?:nobody|no one|no-one) (?:noticed|caught|saw)\b|\bwent unnoticed\b",
                         re.I),
              'delay response detection recovery escalation took caught detected noticed catch detect notice nobody no one '
              'unnoticed'.split())
# a to-do label before the statement ("follow-ups:", "todo:", "still open:") or an imperative opening it
TODO = re.compile(r"(?:\b(?:follow[- ]?ups?|todo|to do|next steps?|action items?|next|still open|remediation)\b\W*|"
                  r"\[[ x]\][ \t]*)$", re.I)
IMPERATIVE = re.compile(r"(?:add|make|pin|alert|ensure|create|review|audit|document|write|set up|monitor|require|protect|"
                        r"introduce|implement|automate|consider)\b", re.I)
DEPEND = Gated(re.compile(r"\b(?:relied|relies|rely|relying|depended|depends|depend|dependent) on\b", re.I),
               'relied relies rely relying depend'.split())
CONTINUES = re.compile(r"\W{0,4}(?:in addition|additionally|also|furthermore|moreover|on top of that)\b", re.I)
REMEDY = Gated(re.compile(r"\bwe(?:['’]ve| have| will|['’]ll| are) (?:now |also )?(?:made|added|implemented|introduced|enabled|"
                          r"revoked|fixed|improved|increased|raised|moved|removed|updated|replaced|switched|started|begun|"
                          r"reported|rotated|working)\b|\bto prevent (?:this|similar|a recurrence|recurrence|it)\b", re.I),
                'we prevent'.split())
ANAPHOR = Gated(re.compile(r"\b(?:due to|because of|caused by|as a result of) (?:this|that|it|the same reason)\b", re.I),
                'due because caused result'.split())
CORRECTION = Gated(re.compile(r"\bturn(?:s|ed) out\b|\bactually\b|\bcorrection\b|\bin fact\b|\bon (?:further|closer) "
                              r"(?:investigation|inspection)\b|\blater (?:found|confirmed|determined)\b|"
                              r"\bnot (?:the|a) (?:\w+ )?cause\b|\b(?:real|actual) (?:root )?cause\b|\bafter all\b|"
                              r"\b(?:it|this|that) (?:was|is)(?:n['’]t| not) (?:the|a|an|our)\b|\b(?:it|this|that)['’]s not\b|"
                              r"\b(?:real|actual) (?:culprit|reason|problem|issue|trigger)\b|" + lang.CORRECTION, re.I),
                   'turn actually correction fact further closer later cause after not wasn isn'.split() + list(lang.CORRECTION_WORDS))
HYPOTHESIS = Gated(re.compile(r"(?<![\w,;] )\b(?:looks like|seems like|probably|maybe|might be|could be|"
                              r"i think|we think|suspect\w*|(?:first|initial|early) (?:suspicion|guess|theory|thought)|"
                              r"(?:we |i )?(?:initially |first )?(?:thought|suspected|assumed))\b|" + lang.HYPOTHESIS, re.I),
                   'looks seems probably maybe might could think suspect suspicion guess theory thought assumed'.split()
                   + list(lang.HYPOTHESIS_WORDS))
INITIAL = Gated(re.compile(lang.INITIAL, re.I), lang.INITIAL_WORDS)
CONSEQUENCE = Gated(re.compile(r"\W{0,4}(?:as a (?:consequence|result)\b|because of this\b|due to this\b|consequently\b|"
                               r"this (?:caused|led to|meant|resulted in)\b)", re.I),
                    'consequence result because due consequently caused led meant resulted'.split())
# a cause label at a sentence or line start (the text after it is the cause), or a bare heading line
LABEL = Gated(re.compile(
    r"(?:[-*+•>#]++[ \t]*+)?(?:\*\*|__)?(?:the |our )?(?:(?:real|actual|likely|probable|main|primary|"
    r"underlying|final|confirmed|suspected) )?(?:root[-_ ]?causes?|causes?|causa(?: ra[ií]z)?|ursache|grundursache|oorzaak|"
    r"cause racine|why|rca?|motivo|grund|raison|reden|origine|origen)"
    r"(?:[ \t](?:found|identified|confirmed|determined)(?=[ \t]*[:=]))?(?:\*\*|__)?(?:,[^:\n]{1,30})?[ \t]*(?:\*\*|__)?[ \t]*+(?:[:=]|[—–][ \t]|\n)(?:\*\*|__)?[ \t]*+", re.I),
    'cause causa ursache oorzaak why rc motivo grund raison reden origine origen'.split())
# a why-question answered on the same line ("**Why did X fail?** Because ...")
QUESTION = Gated(re.compile(r"(?:[-*+•>]++[ \t]*+)?(?:\*\*|__)?(?:why\b|what (?:caused|went wrong|was the (?:root )?cause))"
                            r"[^?\n]{0,200}\?(?:\*\*|__)?[ \t]+(?=\S)", re.I), ['why', 'what'])
# a discovery or correction lead earlier in the message that makes what follows the cause
LEAD = Gated(re.compile(r"\b(?:found it|got it|found the (?:problem|issue|cause|culprit|bug)|(?:the )?culprit|"
                        r"not (?:that|it|the \w+(?: \w+)?) after all|not that|correction|confirmed)\b\W*$|\bidentified:[ \t]*$", re.I),
             'found got culprit after not correction confirmed identified'.split())
# what stands before the statement on a line: bullets, stamps, "Update 2 (10:40 UTC) —", an author or status label
PREFIX = re.compile(r"(?:(?:\*\*[^*\n]{1,60}\*\*:?[ \t]*+(?:[—–-][ \t]*+)?|[-*+•>|]++[ \t]*+|\[[^\]\n]{1,40}\][ \t]*+|"
                    r"\d{4}-\d{2}-\d{2}(?:[T ][\d:.]+(?:Z|[+-]\d{2}:?\d{2})?)?[ \t]*(?:[A-Z]{2,5}\b)?[ \t]*(?:[—–-][ \t]*)?|"
                    r"(?:\d{1,2}:\d{2}(?::\d{2})?|\d{1,2}h\d{2})(?:[ \t]*[AaPp]\.?[Mm]\.?)?(?:[ \t]*[A-Z]{2,5}\b)?[ \t]*(?:[—–:-][ \t]*)?|"
                    r"(?:[A-Z][\w.'’-]{0,30}(?: [A-Z][\w.'’-]{0,30}){0,2}|[\w.+-]{1,40}@[\w.-]{1,60}|[A-Za-z0-9_.-]{2,30}):[ \t]+))",
                    re.M)
STAMPED = re.compile(r"\W{0,8}(?:\d{1,2}:\d{2}|\d{1,2}h\d{2}\b|\d{4}-\d{2}-\d{2})")  # a line opening with a clock or a date: an entry
WORDS = tuple(dict.fromkeys(STRONG.words + CAUSAL.words + LABEL.words + LEAD.words + EVENT.words + QUESTION.words +
                            CONSEQUENCE.words + FAULT.words + DEPEND.words))
# where a labelled statement ends: the next line that is not indented, or the next inline label ("status: ...")
LABEL_END = re.compile(r"\n(?=[^ \t\n])|(?<=[.;!])[ \t]+(?=[A-Za-z][\w -]{0,20}:[ \t])")


def weak(sentence: str) -> bool:
    """A fault named, or a change and a failure together: read as the cause only when nothing states one."""
    return bool(FAULT.search(sentence) or CHANGE.search(sentence) and EVENT.search(sentence)) and not ALERT.search(sentence)


def cue_score(sentence: str) -> int:
    """Points a sentence earns for stating a cause, before its place in the notes is counted."""
    strong = bool(STRONG.search(sentence))
    if not strong and ANAPHOR.search(sentence):
        return 0
    effect = bool(EFFECT.search(sentence))
    score = 3 if strong else 2 if CAUSAL.search(sentence) else 0
    fault = bool(FAULT.search(sentence))
    noticed = not score and bool(ALERT.search(sentence))  # "alert fired", "salta alerta": how it was noticed
    score += effect + fault + (effect and not score and bool(EVENT.search(sentence))) + (fault and bool(DEPEND.search(sentence)))
    return score - 2 * bool(noticed or SYMPTOM.search(sentence) or REMEDY.search(sentence)) - 3 * bool(DELAY.search(sentence))


def content_start(text: str, s: int, e: int) -> tuple[int, str | None]:
    """Where the statement of [s, e) begins after bullets, stamps and an author, and what stood before it:
    "label" (a cause label, a bare cause heading line or an answered why-question), "lead" (a discovery lead,
    "found it.", a correction clause, "it's the X holding ..."), "ruled" (a correction clause that rules something
    out: "it was not the carrier:"), "guess" ("looks like ..."), or None."""
    pos = s
    for _ in range(6):
        pos = _blank_end(text, pos, e)
        label = LABEL.match(text, pos, e) or QUESTION.match(text, pos, e)
        if label and label.end() < e:
            return label.end(), "label"
        m = PREFIX.match(text, pos, e)
        if not m or m.end() == pos:
            break
        pos = m.end()
    pos = _blank_end(text, pos, e)
    opener = leads.OPENER.match(text, pos, e)
    if opener:
        return opener.end(), "lead"
    corrected = leads.clause(text, pos, e, CORRECTION)
    # a clause that states the cause itself ("Later bleek de oorzaak X:") is kept, unless it rules something out
    if corrected and (corrected[1] or not STRONG.search(text, pos, corrected[0])):
        return corrected[0], "ruled" if corrected[1] else "lead"
    guess = leads.GUESS.match(text, pos, e)
    if guess and leads.GUESS_THING.match(text, guess.end(), e):
        return guess.end(), "guess"
    if leads.IDENTIFIED.match(text, pos, e):
        return pos, "lead"
    nl = text.find("\n", pos, e)
    while nl != -1:  # a cause label or bare heading line inside a run of lines ("...\nCause\nThe job's ...")
        label = LABEL.match(text, _blank_end(text, nl + 1, min(e, nl + 80)), e)
        if label and label.end() < e:
            return label.end(), "label"
        nl = text.find("\n", nl + 1, e)
    return pos, None


def ruled_out(text: str, s: int, c: int) -> str | None:
    """What the correction clause between a message's start s and its statement at c rules out, as written
    ("turned out it was not the carrier")."""
    pos = _blank_end(text, s, c)
    for _ in range(6):
        m = PREFIX.match(text, pos, c)
        if not m or m.end() == pos:
            break
        pos = _blank_end(text, m.end(), c)
    return leads.negated(text[pos:c])


def _blank_end(text: str, pos: int, end: int) -> int:
    while pos < end and text[pos] in " \t\n":
        pos += 1
    return pos


def led(text: str, line_start: int, pos: int) -> bool:
    """A discovery or correction lead ("found it.", "Not the certificate after all.", "Identified:") earlier in
    the same message, before pos."""
    return 0 <= pos - line_start < 400 and bool(LEAD.search(text[line_start:pos].rstrip(" \t")))
