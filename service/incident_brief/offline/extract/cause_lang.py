"""Cue families of the root-cause reader in German, Spanish, French, Dutch, Portuguese and Italian, as regex
alternations (no groups) that cause_cues joins to its English families, with the lowercase ASCII words that gate them.

Families, not phrases: a cause noun with a copula ("Ursache war", "la causa fue", "la cause est", "de oorzaak
bleek", "a causa foi", "la causa è"), a passive agent ("verursacht durch", "causé par", "causado por",
"veroorzaakt door", "causato da"), causal connectives ("weil", "aufgrund", "debido a", "à cause de", "suite à",
"omdat", "door een", "por causa de", "a causa di"), corrections ("eigentlich", "en realidad", "en fait", "bleek",
"na verdade", "in realtà") and guesses ("vermutlich", "parece", "on soupçonne", "leek", "sembra").
"""

from __future__ import annotations

_COPULA = (r"(?:war|ist|lag|liegt|fue|es|era|ha sido|est|[ée]tait|a [ée]t[ée]|fut|vient d\w*|was|is|lag|bleek|blijkt|"
           r"foi|[ée]|è|è stata|fu|era)")
# a cause noun and its copula: the statement that follows is the cause
STRONG = (r"\b(?:die |der )?(?:grund)?ursache\s+(?:des \w+ )?" + _COPULA + r"\b|\bder grund\s+(?:daf[üu]r\s+)?(?:war|ist|lag)\b|"
          r"\b(?:la |a )?causa\s+(?:ra[ií]z\s+|principal\s+|real\s+|reale\s+|vera\s+|verdadera\s+)?(?:del? \w+ )?" + _COPULA + r"(?!\w)|"
          r"\bla cause\s+(?:racine\s+|principale\s+|r[ée]elle\s+)?(?:de \w+ )?" + _COPULA + r"(?!\w)|"
          r"\b(?:de )?oorzaak\s+(?:van \w+ )?" + _COPULA + r"\b|\bbleek (?:de |het )?(?:oorzaak|probleem)\b|"
          r"\b(?:das|el|le|het|o|il) (?:problem[ae]?|probl[eè]me|probleem|fehler|fallo|erro|errore)\s+(?:war|ist|lag|fue|era|"
          r"est|[ée]tait|vient d\w*|was|lag|foi|è)\s+(?:dass|que|che|dat|un|una|une|ein|eine|einen|een|um|uma|il|la|le|el|"
          r"der|die|das|de|het|o|a)\b|"
          r"\b(?:verursacht|ausgel[öo]st) (?:durch|von)\b|\b(?:caus|provoqu|d[ée]clench)[ée]e?s? par\b|"
          r"\b(?:causad|provocad)[oa]s? por\b|\b(?:causat|provocat)[oaie] da\b|\bveroorzaakt door\b|"
          r"\bstellte sich heraus\b|\bs['’]est av[ée]r[ée]\b|\bil s['’]av[èe]re\b|\bresult[óo] (?:ser|que)\b|"
          r"\brevelou-se\b|\bsi [èe] rivelat[oa]\b")
STRONG_WORDS = ('ursache', 'grund', 'causa', 'cause', 'oorzaak', 'bleek', 'problem', 'fehler', 'fallo', 'erro', 'verursacht',
                'ausgel', 'caus', 'provoqu', 'clench', 'provoca', 'veroorzaakt', 'heraus', 'av', 'result', 'revelou',
                'rivelat')
# causal connectives: the sentence holding one may state a cause
CAUSAL = (r"\b(?:weil|wegen|aufgrund|infolge|verursacht|parce que?|[àa] cause d\w*|en raison d\w*|"
          r"suite (?:à|a) (?:une?|la|le|l(?=['’]))|d[uû]e? (?:à|a) (?:une?|la|le|l(?=['’]))|porque|debido a|a causa d\w*|"
          r"por causa d\w*|devido a|causad[oa] por|perch[ée]|"
          r"dovut[oaie] a|omdat|vanwege|doordat|als gevolg van|door (?:een|het)|(?:lag|ligt|lagen) (?:het |dat )?aan|"
          r"(?:kwam|komt) (?:het |dat )?door|(?:lag|liegt) (?:es |das )?an (?:einem|einer|der|dem|den)|"
          r"por (?:un|una) (?!hora|momento|minuto|rato|d[ií]a|semana|tiempo))\b")
CAUSAL_WORDS = ('weil', 'wegen', 'aufgrund', 'infolge', 'verursacht', 'parce', 'cause', 'raison', 'suite', 'du', 'porque',
                'debido', 'causa', 'devido', 'causad', 'perch', 'dovut', 'omdat', 'vanwege', 'doordat', 'gevolg', 'door',
                'por un', 'lag', 'ligt', 'kwam', 'komt', 'liegt')
# a correction of an earlier statement
CORRECTION = (r"\b(?:eigentlich|tats[äa]chlich|stellte sich heraus|doch nicht|in wirklichkeit|korrektur|en realidad|"
              r"result[óo]|correcci[óo]n|al final|en fait|finalement|s['’]est av[ée]r[ée]|il s['’]av[èe]re|en r[ée]alit[ée]|"
              r"bleek|blijkt|eigenlijk|correctie|toch niet|na verdade|afinal|acabou por|corre[cç][ãa]o|revelou|"
              r"in realt[àa]|si [èe] rivelat\w|alla fine|correzione)(?!\w)")
CORRECTION_WORDS = ('eigentlich', 'tats', 'heraus', 'doch nicht', 'wirklichkeit', 'korrektur', 'realidad', 'result',
                    'correcci', 'al final', 'en fait', 'finalement', 'av', 'realit', 'bleek', 'blijkt', 'eigenlijk',
                    'correctie', 'toch niet', 'na verdade', 'afinal', 'acabou', 'corre', 'revelou', 'realt', 'rivelat',
                    'alla fine', 'correzione')
# a guess: "vermutlich", "on soupçonne", "eerst leek het", "parece que"
HYPOTHESIS = (r"\b(?:vermut\w*|wahrscheinlich|vielleicht|sieht (?:so )?aus|scheint|dachten|verd[äa]cht\w*|probablemente|"
              r"parec[ei]\w*|sospech\w*|creemos|cre[ií]mos|pens[aá]bamos|quiz[aá]s?|(?:on |nous )?soup[çc]onn\w*|probablement|semble|"
              r"on pensait|nous pensions|peut-[êe]tre|leek|lijkt|waarschijnlijk|vermoedelijk|vermoeden|dachten|misschien|"
              r"provavelmente|suspeit\w*|achamos|acho que|pens[aá]vamos|talvez|sembra\w*|probabilmente|sospett\w*|"
              r"pensavamo|forse)(?!\w)")
HYPOTHESIS_WORDS = ('vermut', 'wahrscheinlich', 'vielleicht', 'sieht', 'scheint', 'dachten', 'verd', 'probablemente',
                    'parec', 'sospech', 'creemos', 'cre', 'pens', 'quiz', 'soup', 'probablement', 'semble', 'on pensait',
                    'peut-', 'leek', 'lijkt', 'waarschijnlijk', 'vermoed', 'misschien', 'provavelmente', 'suspeit',
                    'achamos', 'acho', 'talvez', 'sembra', 'probabilmente', 'sospett', 'forse')
# a guess marked as the first one ("initially", "zunächst", "eerst", "inizialmente"): a cause stated later replaces it
INITIAL = (r"\b(?:initially|at first|first|originally|zun[äa]chst|zuerst|anfangs|eerst|aanvankelijk|d['’]abord|au d[ée]but|"
           r"al principio|primero|inicialmente|no in[íi]cio|all['’]inizio|inizialmente)\b")
INITIAL_WORDS = ('initial', 'first', 'originally', 'zun', 'zuerst', 'anfangs', 'eerst', 'aanvankelijk', 'abord', 'but',
                 'principio', 'primero', 'inicial', 'cio', 'inizio', 'inizialmente')
# a fault named: an expiry, a misconfiguration, something missing
FAULT = (r"\babgelaufen\w*|\bfehlkonfigur\w*|\bfalsch konfiguriert\w*|\bexpir[ée]e?s?\b(?<!expire)(?<!expires)|\bmal configur\w*|\bcaducad\w*|"
         r"\bvencid\w*|\bexpirad\w*|\bscadut\w*|\bverlopen\b|\bverkeerd (?:ingesteld|geconfigureerd)\w*|"
         r"\bconfigurazione errata\b|\bvoll(?:gelaufen)?\b|\bplein\b|\blleno\b|\bcheia\b|\bpiena\b|\bvol\b")
FAULT_WORDS = ('abgelaufen', 'konfigur', 'expir', 'configur', 'caducad', 'vencid', 'scadut', 'verlopen', 'verkeerd',
               'errata', 'voll', 'plein', 'lleno', 'cheia', 'piena', 'vol')
# an alert, a page or a report: how the incident was noticed, never its cause
ALERT = (r"\b(?:alert[ae]?s?|alarm\w*|alerte|melding|allarme|alerta|page[sd]?)\b[^.\n]{0,30}?\b(?:fired|firing|triggered|"
         r"raised|salta|saltó|saltaron|dispar\w+|ausgel[öo]st|schl[äa]gt an|d[ée]clench\w+|afgegaan|scattat\w|"
         r"acionad\w|went off|goes off)\b|^\W{0,4}(?:triggered|salta|ausgel[öo]st)\b|"
         r"\b(?:reported|noticed|spotted|flagged|detected|gemeldet|signal[ée]e?s?|reportad[oa]s?|detectad[oa]s?|gemeld|"
         r"segnalat[oaie]|notificad[oa]s?) (?:by|von|par|por|door|da)\b")
ALERT_WORDS = ('alert', 'alarm', 'melding', 'allarme', 'page', 'triggered', 'salta', 'ausgel', 'reported', 'noticed',
               'spotted', 'flagged', 'detected', 'gemeldet', 'signal', 'reportad', 'detectad', 'gemeld', 'segnalat',
               'notificad')
