"""The wording of impact figures: who was affected, what it cost, how many people wrote in.

Each figure is read only where the text ties its number to that meaning: a count of people followed by what
happened to them ("6,800 creators saw failed uploads", "2.400 Nutzer ... konnten nicht"), a label ("Users affected:
2300", "| Customers double-charged | 3,870 |"), an amount of money next to a revenue, loss or refund word ("lost
revenue of €12k", "51.000 € Umsatzeffekt", "perte estimée à 142 000 €"), a count of tickets, complaints or people
who contacted support ("26 partner tickets", "97 reclamaciones", "a dozen readers complained").

Every pattern is linear on a line: whitespace runs and gaps are bounded, and a number starts only where a number
starts. English, German, Spanish and French words are read.
"""

from __future__ import annotations

import re

from incident_brief.figures import CURRENCY_CODES, CURRENCY_WORD, CURRENCY_WORDS, DIGITS, SCALE_WORDS, SYMBOLS, WORDS
from incident_brief.offline.literals import Gated

_WS = r"\s{0,40}"
_NUM = r"(?<![\d.,’'])(?P<num>" + DIGITS + "|" + WORDS + ")" + _WS + "(?P<mult>" + SCALE_WORDS + r")?"
_NOT_AFTER = r"(?<![\w.," + SYMBOLS + r"])"  # not a part of a larger number or an amount of money
# Not a total of the customer base ("of our 40,000 customers", "out of 40,000 users", "a base of 40,000").
# Placed just before the number, where a whitespace run cannot move the match start past it.
_NOT_TOTAL = r"(?<!\bof )(?<!\bour )(?<!\btotal )(?<!\bbase )(?<!\bunserer )(?<!\bnuestros )(?<!\bnos )"
# An approximation word, then the number: the match starts at the word or at the number, never in whitespace.
_APPROX = (r"(?:(?:about|approximately|approx\.?|around|roughly|nearly|over|more than|at least|some|an estimated|"
           r"ca\.|circa|rund|etwa|ungefähr|knapp|über|unos|unas|aproximadamente|alrededor de|más de|environ|près de|"
           r"plus de)[ \t]{1,3}|~[ \t]{0,3})?")

PEOPLE = (r"(?:users|customers|accounts|people|subscribers|merchants|sellers|buyers|shoppers|creators|partners|"
          r"staff|employees|members|clients|guests|players|drivers|riders|tenants|readers|patients|students|"
          r"passengers|travell?ers|advertisers|listeners|viewers|households|learners|visitors|residents|"
          r"Nutzer(?:innen)?|Benutzer(?:innen)?|Kunden|Kundinnen|Konten|Händler|Mitarbeitende|Mitarbeiter(?:innen)?|"
          r"Personen|Fahrgäste|Reisende|Haushalte|Patienten|"
          r"usuarios|clientes|cuentas|comercios|vendedores|personas|pasajeros|viajeros|pacientes|hogares|"
          r"utilisateurs|utilisatrices|usagers|comptes|marchands|vendeurs|abonnés|voyageurs|passagers|personnes|"
          r"foyers|joueurs|membres|adhérents|clientes|jugadores|socios|abonados|suscriptores|miembros|"
          r"Abonnenten|Spieler(?:innen)?|Mitglieder|gebruikers|klanten|reizigers|passagiers|abonnees|leden|"
          r"huishoudens|pati[eë]nten|(?:account|card|policy|ticket)[ -]?holders|fans|consumers|borrowers|"
          r"investors|traders|shippers|hosts(?=[ \t]{1,3}(?:on|of|in|who|were|could))|agencies|companies|businesses|"
          r"organi[sz]ations|firms|stores|shops|restaurants|venues|schools|clinics|hospitals|pharmacies|"
          r"Unternehmen|Firmen|empresas|entreprises|sociétés|bedrijven|donors|backers|supporters|volunteers|"
          r"applicants|callers|renters|families|couriers|"
          r"utenti|clienti|usuários|doadores|donateurs|Spender(?:innen)?)")
_ASIDE = r"(?:[ \t]{0,2}\([^()\n]{0,20}\))?"  # "Users impacted (est.): 3,900"
_OF_OUR = r"(?:of[ \t]{1,3}(?:our|the)[ \t]{1,3})?"  # "3,900 of our users saw errors"
# One word that narrows the people counted ("2FA users", "partner tickets"): a closed list, so that a time
# ("at 10 AM customers could not ...") is never read as a count.
_ASIDE = r"(?:[ \t]{0,2}\([^()\n]{0,20}\))?"  # "Users impacted (est.): 3,900"
_OF_OUR = r"(?:of[ \t]{1,3}(?:our|the)[ \t]{1,3})?"  # "3,900 of our users saw errors"
_QUALIFIER = (r"(?:(?:unique|active|paying|end|individual|distinct|web|mobile|app|iOS|Android|desktop|enterprise|"
              r"business|premium|free|pro|new|existing|internal|external|registered|logged-in|signed-in|partner|"
              r"corporate|retail|B2B|B2C|EU|US|UK|2FA|SSO|API|client|customer|partner)[ \t]{1,3})?")
# What happened to the people counted, read in the 60 characters after them, in the same sentence.
_HAPPENED = (r"affected|impacted|unable|could not|couldn't|cannot|can't|did not|didn't|were not able|experienced|saw|"
             r"hit|lost|failed|received|exposed|errors?|throttled|blocked|locked out|logged out|kicked out|signed out|"
             r"disconnected|charged|double-charged|overcharged|denied|rejected|declined|timed out|stuck|missed|"
             r"delayed|late|later than|encountered|ran into|"
             r"betroffen|konnten[^.\n]{0,40}\bnicht|erhielten|afectad[oa]s|no pudieron|recibieron|affectés|touchés|"
             r"impactés|concernés|n'ont pas pu|n’ont pas pu|ont reçu|privés|getroffen|gedupeerd|"
             r"konden[^.\n]{0,40}\bniet|(?:sans|sin|ohne|zonder|without|had no|lost|lacked)[ \t]{1,3}"
             r"(?:service|servicio|accès|acceso|access|Zugang|Strom|power|electricity|électricité|internet|"
             r"connectivity|connexion|conexión|Verbindung|toegang|stroom|verbinding|dienst)")
_LABEL_VERB = (r"(?:affected|impacted|getroffen|double[- ]charged|overcharged|charged twice|locked out|logged out|kicked out|"
               r"signed out|throttled|blocked|betroffen|afectad[oa]s|affectés|touchés|impactés)")

_WROTE_IN = (r"(?:complained|wrote in|wrote to (?:us|support)|reached out|got in touch|contacted (?:us|support|"
             r"our support|customer support|the helpdesk|the help desk)|called (?:us|support|our support)|"
             r"emailed (?:us|support|our support)|opened (?:support )?tickets|filed (?:support )?tickets|"
             r"raised (?:support )?tickets|beschwerten sich|se quejaron|ont contacté le support|se sont plaints)")
_AFFECTED = ("affect", "impact", "betroffen", "afectad", "touch", "getroffen")
USERS = (
    Gated(re.compile(r"\b" + PEOPLE + r"[ \t]{1,3}" + _LABEL_VERB + r"\b" + _ASIDE + r"\W{0,4}" + _APPROX + _NUM
                     + r"(?![\w%])", re.I), _AFFECTED + ("charg", "locked", "logged", "kicked", "signed", "throttl",
                                                          "block")),
    Gated(re.compile(r"\b(?:affected|impacted)[ \t]{1,3}" + PEOPLE + _ASIDE + r"\W{0,4}" + _APPROX + _NUM
                     + r"(?![\w%])", re.I), _AFFECTED),
    # What happened to them: a HAPPENED_WORD in the 60 characters after, in the same sentence, looked for only
    # where one of HAPPENED_STEMS occurs there.
    re.compile(_NOT_AFTER + _APPROX + _NOT_TOTAL + _NUM + r"[ \t]{1,40}" + _OF_OUR + _QUALIFIER + PEOPLE + r"\b"
               r"(?![ \t]{1,3}" + _WROTE_IN + r")", re.I),  # not reports
    Gated(re.compile(r"\b(?:affected|impacted|affecting|impacting|betroffen|afectados|affectés|touchés)\b\W{0,4}"
                     + _APPROX + _NUM + r"[ \t]{1,40}" + _OF_OUR + _QUALIFIER + PEOPLE + r"\b", re.I), _AFFECTED),
    Gated(re.compile(_NOT_AFTER + _APPROX + _NOT_TOTAL + _NUM + r"[ \t]{1,3}(?:affected|impacted|betroffene|afectados)"
                     r"[ \t]{1,3}" + _QUALIFIER + PEOPLE + r"\b", re.I), _AFFECTED),  # "3,900 affected users"
)
HAPPENED_WORD = re.compile(r"\b(?:" + _HAPPENED + r")\b", re.I)
HAPPENED_STEMS = ("affect", "impact", "unable", "could", "cannot", "can't", "did", "were not", "experienc", "saw",
                  "hit", "lost", "fail", "receiv", "expos", "error", "throttl", "block", "locked", "logged", "kicked",
                  "signed", "disconnect", "charg", "denied", "reject", "declin", "timed", "stuck", "missed", "delay",
                  "late", "encounter", "ran into", "betroffen", "konnten", "erhielten", "afectad", "pudieron",
                  "recibieron", "affecté", "touché", "impacté", "concerné", "n'ont", "n’ont", "reçu", "privés",
                  "sans", "sin ", "getroffen", "gedupeerd", "konden", "ohne", "zonder", "had no", "without", "lacked")

_SYM_AFTER = _NUM.replace("num", "num3").replace("mult", "mult3") + r"[ \t\u00a0\u202f]?(?P<sym2>[" + SYMBOLS + r"])"
_CODE_BEFORE = r"\b(?P<code2>" + CURRENCY_CODES + r")[ \t\u00a0]{1,3}" + _NUM.replace("num", "num4").replace("mult", "mult4")
_WORD_AFTER = (_NUM.replace("num", "num5").replace("mult", "mult5") + r"[ \t]{1,3}(?P<cword>" + CURRENCY_WORD
               + r")\b")  # "forty-two thousand dollars", "3.000 Euro"
# Brazilian reais, with the Portuguese scale words: "R$ 387 mil", "R$ 1,2 milhão" (never read as dollars).
_BRL = (r"\bR\$[ \t\u00a0]?(?P<num6>" + DIGITS + r")(?:[ \t]{1,3}(?P<mult6>mil|milh(?:ões|ão|oes|ao)|mi|bilh(?:ões|ão|oes|ao)|bi|"
        + SCALE_WORDS + r")\b)?")
MONEY = (r"(?:" + _BRL + r"|(?:(?<=\bUS)|(?<![A-Za-z]))(?P<sym>[" + SYMBOLS + r"])\s?" + _NUM + r"|" + _NUM.replace("num", "num2").replace("mult", "mult2")
         + _WS + r"(?P<code>" + CURRENCY_CODES + r")\b|" + _SYM_AFTER + "|" + _CODE_BEFORE + "|" + _WORD_AFTER + ")")
# Words that make an amount a revenue impact, read before it ("lost revenue of", "Umsatzeffekt ...:") ...
_REVENUE_BEFORE = (r"revenue|sales|income|GMV|refunds?|refunded|credits?|credited|chargebacks?|compensation|"
                   r"vouchers|lost|loss|losses|"
                   r"Umsatz\w{0,12}|Umsätze|Erlös\w{0,4}|Verlust\w{0,3}|Einbußen|Erstattung\w{0,3}|Gutschrift\w{0,3}|"
                   r"Entschädigung\w{0,3}|ventas|ingresos|pérdidas?|perdidas?|reembolsos?|compensación|"
                   r"pertes?|chiffre d'affaires|chiffre d’affaires|remboursements?|indemnisation|dédommagement|"
                   r"perdas?|receita|faturamento|vendas|reembolsos?|perdita|fatturato|ricavi|vendite|rimborsi")
# ... or after it ("€96,000 in gross booking value", "$118,400 and were all refunded", "38.500 € en ventas").
AFTER_WORDS = (r"revenue|sales|in lost|lost|loss|refunds?|refunded|credits?|credited|GMV|booking value|order value|"
               r"merchandise value|transaction value|compensation|Umsatz\w{0,12}|Umsätze|Erstattung\w{0,3}|"
               r"erstattet|Gutschrift\w{0,3}|ventas|ingresos|pérdidas?|reembolsos?|reembolsad[oa]s|perte|"
               r"chiffre d'affaires|remboursés?|remboursements?|vendas|receita|faturamento|fatturato|ricavi|vendite")
# A short gap of words between a revenue word and its amount ("Geschätzter Umsatzeffekt durch verspätete
# Zahlungen: 51.000 €"): at most five words; the words and separators are disjoint classes.
_GAP = r"(?P<gap>(?:[ \t:=|(–—-]{1,6}[^\W\d][\w'’-]{0,24}){0,5}?)[ \t:=|(–—-]{1,6}"
_BEFORE_STEMS = ("revenue", "sales", "income", "gmv", "refund", "credit", "chargeback", "compensation", "voucher",
                 "lost", "loss", "umsatz", "umsätze", "erlös", "verlust", "einbußen", "erstattung", "gutschrift",
                 "entschädigung", "ventas", "ingresos", "pérdida", "perdida", "reembolso", "compensación", "perte",
                 "chiffre", "rembours", "indemnisation", "dédommagement", "perda", "receita", "faturamento", "vendas",
                 "perdita", "fatturato", "ricavi", "vendite", "rimborsi")
# Each pattern is run on a line only where one of its words occurs (literals.Gated): a long line of amounts
# without them costs one lowering, not a pattern scan.
AFTER_STEMS = ("revenue", "sales", "lost", "loss", "refund", "credit", "gmv", "value", "compensation", "umsatz",
               "umsätze", "erstatt", "gutschrift", "ventas", "ingresos", "pérdida", "reembols", "perte", "chiffre",
               "rembours", "vendas", "receita", "faturamento", "fatturato", "ricavi", "vendite")
REVENUE = (
    Gated(re.compile(r"\b(?:revenue|sales|income)(?:\s+(?:impact|loss|lost))?\b\W{0,4}(?:estimated\s+)?" + _APPROX
                     + MONEY, re.I), ("revenue", "sales", "income")),
    Gated(re.compile(_APPROX + MONEY + r"(?=[^.\n]{0,50}\b(?:" + AFTER_WORDS + r")\b)", re.I), AFTER_STEMS),
    Gated(re.compile(r"\b(?:lost|loss of|cost(?:ing)? us|refunded|credited|refunds of|credits of)\s+" + _APPROX + MONEY,
                     re.I), ("lost", "loss", "cost", "refund", "credit")),
    Gated(re.compile(r"\b(?:" + _REVENUE_BEFORE + r")\b" + _GAP + _APPROX + MONEY, re.I), _BEFORE_STEMS),
)
# A gap that says there was none: "Revenue was not affected (we spent $40 ...)".
NEGATED_GAP = re.compile(r"\b(?:not|no|never|none|without|unaffected|nicht|kein\w{0,2}|sin|sans|pas|aucun\w?)\b", re.I)

_TICKET_QUALIFIER = (r"(?:(?:customer|support|user|partner|merchant|seller|helpdesk|help desk|client|Zendesk|email|"
                     r"e-mail|chat|phone|Support-)[ \t]{0,3})?")
_REPORT_NOUNS = (r"(?:tickets|tix|complaints|customer reports|reports from customers|support requests|contacts|"
                 r"calls to support|Tickets|Beschwerden|Reklamationen|Anfragen|Kundenanfragen|reclamaciones|quejas|"
                 r"klachten|reclamaties|incidencias|signalements|"
                 r"réclamations|plaintes|(?:support|customer|helpdesk|CS)[ -](?:emails|calls|chats|conversations|"
                 r"inquiries|enquiries|cases|messages)|appels au (?:support|service client))")
# Calls, e-mails and messages count as reports where they went to support or were taken by it ("57 calls to the
# hotline", "we got 57 calls about it", "34 Anrufe bei der Hotline", "210 meldingen bij de klantenservice").
_CALLS = (r"(?:(?:phone|support|customer|hotline)[ \t]{1,3})?(?:calls|phone calls|Anrufe|llamadas|appels|"
          r"meldingen|telefoontjes|chamadas)")
_DESK = (r"(?:support|hotline|help[ -]?desk|call[ -]?cent\w{0,3}|customer (?:service|care|support)|care team|"
         r"service desk|Kundenservice|Kundendienst|Support|Hotline|soporte|atención al cliente|servicio al cliente|"
         r"service client|SAV|klantenservice|servicedesk|klantendienst)")
# Who took the calls: we, support, the desk; or a verb only a desk uses ("fielded", "answered"), or calls from
# customers. An API that "received 5,000 calls" is traffic, not reports.
_DESK_SUBJECT = (r"(?:we|we've|we have|support|agents|(?:the|our)[ \t]{1,3}(?:support|service|help|care|CS|on-?call|"
                 r"customer[ \t]?(?:care|success|service|support))(?:[ \t]{1,3}(?:team|desk|agents|staff))?|"
                 r"helpdesk|hotline|call[ -]?cent(?:er|re)|customer[ \t]?(?:care|success|service)|wir|nous|hemos|"
                 r"soporte|they)")
_TAKEN = (r"(?:" + _DESK_SUBJECT + r"[ \t]{1,3}(?:got|received|took|fielded|handled|answered|logged|registered|had|"
          r"erhielten|bekamen|haben[ \t]{1,3}\w{0,12}|recibimos|recibió|avons reçu|a reçu|kregen|hebben[ \t]{1,3}"
          r"\w{0,12})|fielded|answered|took)")
_FROM_PEOPLE = (r"[ \t]{1,3}(?:from|by)[ \t]{1,3}(?:\w{1,20}[ \t]{1,3})?(?:customers|users|clients|merchants|members|"
                r"subscribers|riders|drivers|players|patients|parents|sellers|buyers|partners)\b"
                r"(?![ \t]{0,3}(?:per\b|/|an?[ \t]{1,3}(?:second|minute|hour|day)|each\b))")
_TO_DESK = (r"(?:to|from|at|into|on|about|with|for|regarding|bei|an|beim|al|a|en|au|bij|van|naar|over)[ \t]{1,3}"
            r"(?:(?:the|our|der|die|den|el|la|le|de|onze|unsere?n?)[ \t]{1,3})?")
REPORTS_CALLS = (
    Gated(re.compile(_NOT_AFTER + _APPROX + _NUM + r"[ \t]{1,3}" + r"(?:" + _CALLS + r"|e-?mails)[ \t]{1,3}" + _TO_DESK + _DESK + r"\b",
                     re.I), ("support", "hotline", "help", "center", "centre", "care", "service", "kunden", "soporte",
                             "atención", "sav", "klanten")),
    Gated(re.compile(_NOT_AFTER + _APPROX + _NUM + r"[ \t]{1,3}(?:" + _CALLS + r"|e-?mails|messages)" + _FROM_PEOPLE,
                     re.I), ("from", "by")),
    Gated(re.compile(r"\b" + _TAKEN + r"[ \t]{1,3}(?:about[ \t]{1,3})?" + _APPROX + _NUM + r"[ \t]{1,3}" + _CALLS + r"\b"
                     r"(?![ \t]{0,3}(?:per\b|/|an?[ \t]{1,3}(?:second|minute|hour|day)|each\b))", re.I),
          ("got", "received", "took", "fielded", "handled", "answered", "logged", "registered", "had", "erhielten",
           "bekamen", "haben", "recib", "reçu", "kregen", "hebben")),
)
REPORTS = (
    re.compile(r"\b(?:customer|support|helpdesk|help desk)\s+(?:reports|tickets|contacts|complaints|calls|emails)\b"
               r"\W{0,4}" + _APPROX + _NUM + r"(?![\w%])", re.I),
    Gated(re.compile(r"\b(?:complaints|Beschwerden|reclamaciones|quejas|réclamations|plaintes)" + _ASIDE
                     + r"[ \t]{0,2}[:|=][ \t]{0,3}" + _APPROX + _NUM + r"(?![\w%])", re.I),
          ("complaints", "beschwerden", "reclamaciones", "quejas", "réclamations", "plaintes")),  # "Complaints: 96"
    re.compile(_NOT_AFTER + _APPROX + _NUM + r"[ \t]{1,40}" + _TICKET_QUALIFIER + r"(?:support[ \t]{1,40})?"
               + _REPORT_NOUNS + r"(?![\w-])", re.I),
    Gated(re.compile(_NOT_AFTER + _APPROX + _NUM + r"[ \t]{1,40}" + _QUALIFIER + PEOPLE + r"[ \t]{1,40}" + _WROTE_IN
                     + r"\b", re.I), ("complain", "wrote", "reached", "got in touch", "contact", "called", "emailed",
                                       "opened", "filed", "raised", "beschwerten", "quejaron", "plaint")),
    *REPORTS_CALLS,
)

# Lines that can hold each figure hold one of these (lower case; str.find, before any pattern runs).
CUE_WORDS = {
    "users": ("users", "customers", "accounts", "people", "subscribers", "merchants", "sellers", "buyers", "shoppers",
              "households", "learners", "visitors", "residents", "personen", "fahrgäste", "reisende", "haushalte",
              "patienten", "personas", "pasajeros", "viajeros", "pacientes", "hogares", "usagers", "passagers",
              "personnes", "foyers",
              "creators", "partners", "staff", "employees", "members", "clients", "guests", "players", "drivers",
              "riders", "tenants", "readers", "patients", "students", "passengers", "travel", "advertisers",
              "listeners", "viewers", "nutzer", "kund", "konten", "händler", "mitarbeit", "usuarios", "cuentas",
              "comercios", "vendedores", "utilisat", "comptes", "marchands", "vendeurs", "abonnés", "voyageurs",
              "joueurs", "membres", "adhérents", "client", "jugadores", "socios", "abonados", "suscriptores",
              "miembros", "abonnenten", "spieler", "mitglieder", "gebruikers", "klanten", "reizigers",
              "passagiers", "abonnees", "leden", "huishoudens", "patiënten", "holders", "fans", "consumers",
              "borrowers", "investors", "traders", "shippers", "hosts", "agencies", "companies", "businesses",
              "organisations", "organizations", "firms", "stores", "shops", "restaurants", "venues", "schools",
              "clinics", "hospitals", "pharmacies", "unternehmen", "firmen", "empresas", "entreprises", "sociétés",
              "bedrijven", "donors", "backers", "supporters", "volunteers", "applicants", "callers", "renters",
              "families", "couriers", "utenti", "usuários",
              "doadores", "donateurs", "spender"),
    "revenue": tuple(SYMBOLS) + tuple(c.lower() for c in CURRENCY_CODES.split("|")) + tuple(CURRENCY_WORDS) + ("r$",),
    "reports": ("ticket", "tix", "complain", "report", "contact", "calls", "support", "wrote", "reached out", "anrufe",
                "llamadas", "appels", "meldingen", "klachten", "reclamaties", "incidencias", "signalements",
                "telefoontjes", "chamadas", "emails", "e-mails",
                "got in touch", "called", "emailed", "beschwer", "reklamation", "anfragen", "reclamaciones", "quejas",
                "réclamations", "plaintes", "plaints"),
}

# A figure given as provisional ("so far", "early estimate") gives way to a later one; a figure given as an update
# ("final count", "updated figures", "correction", "turned out") replaces an earlier one.
PROVISIONAL = re.compile(
    r"\b(?:so far|already|early|initial(?:ly)?|first (?:estimate|count|guess|numbers?|figures?)|preliminary|"
    r"at least|as of now|for now|currently|at the moment|still counting|and counting|bisher|vorläufig|hasta ahora|"
    r"de momento|pour l'instant|pour l’instant|jusqu'ici|provisoire|we thought|first thought|"
    r"erste[nr]?[ \t](?:Zählung|Schätzung)|première[ \t]estimation|premiers?[ \t]chiffres?|estimation[ \t]initiale|"
    r"stima[ \t]iniziale|prima[ \t]stima|primeira[ \t]estimativa|estimativa[ \t]inicial|primer[ \t]recuento|"
    r"estimación[ \t]inicial|primera[ \t]estimación|stima[ \t]provvisoria|provisório)\b", re.I)
UPDATED = re.compile(
    r"\b(?:final|finally|updated?|revised|correction|corrected|actually|turned out|in total|total|overall|tally|"
    r"all told|altogether|confirmed|now at|up to now|instead|rather than|endgültig|insgesamt|korrigiert|"
    r"tatsächlich|en total|corrección|en realidad|au total|finalement|en fait|Korrektur|endgültige?[nr]?|"
    r"finale|definitivo|definitiva|corretto|correzione|correção|corrigido|chiffre[ \t]final|contagem[ \t]final|"
    r"recuento[ \t]final|recount\w*|re-?counted)\b", re.I)
# A number in a threshold, a limit or a plan is no impact ("alert when more than 100 users ...").
THRESHOLD = re.compile(r"\b(?:alert\w{0,3}|threshold|thresholds|limit|limits|quota|SLO|target|above|below|exceeds?|"
                       r"up to|per|capacity|budget|max(?:imum)?|min(?:imum)?|when|whenever)\b", re.I)
