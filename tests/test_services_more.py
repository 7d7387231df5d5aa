"""Affected services, second set of shapes: names listed after a failure as its examples ("including", "darunter",
"notamment", "waaronder"), a provider switching things off ("Heroku disabled new deployments"), a pair sharing a head
("image and video processing services"), a plural head "for" a name ("backups for tenant dbs"), one word that is a
system by itself ("db blip"), a name also written short in an identifier ("recs-api" / "recommendations"), a
recovery naming what had failed ("going out normally again"), a consumer group that keeps rebalancing, a unit kept
after a qualifier ("core pods"); qualities ("connectivity") and activities ("the uploading of assets") are not
names. Every note here is invented."""

import pytest

from incident_brief.evals.match import service_match
from incident_brief.ingest import from_text
from incident_brief.offline.engine import summarize

# id: (notes, names that must be listed, names that must not be)
NOTES = {
    'including-en': (
        'Our hosting provider had a long outage in their Frankfurt region that affected several services, including '
        'object storage. Uploads of invoices failed from 09:10 to 10:25 UTC. Resolved.\n',
        ['object storage'], ['Frankfurt']),
    'including-respond': (
        '## Impact\n\nThe bot did not respond to any chat events, including our various slash commands, from 14:02 to '
        '14:50. Scheduled reminders kept running.\n',
        ['slash commands'], ['various']),
    'including-de': (
        'Störung 3. März: Nach dem Update fielen mehrere Dienste aus, darunter der Ticketshop. Ursache: abgelaufenes '
        'Zertifikat. Behoben um 11:40.\n',
        ['Ticketshop'], []),
    'including-fr': (
        'Incident du 4 juin : plusieurs services en panne, notamment la billetterie, entre 08:10 et 09:00. Cause : '
        'disque plein. Résolu.\n',
        ['billetterie'], []),
    'including-not-affected': (
        'The payments-api returned 502s for 20 minutes. Other systems were not affected, including the Ledger '
        'service and search.\n',
        ['payments-api'], ['Ledger']),
    'provider': (
        'Deploys were frozen all afternoon: Netlify temporarily suspended new builds after our account hit the '
        'bandwidth cap. Restored 17:30 once the invoice was paid.\n',
        ['Netlify builds'], []),
    'shared-head': (
        'At 06:40 customers reported problems with our thumbnail and preview rendering services; uploads still '
        'worked. Fixed 07:15 by restarting the render hosts.\n',
        ['thumbnail and preview rendering services'], []),
    'for-name': (
        'weekly exports for enterprise accounts failed twice, nobody noticed until monday. re-ran by hand. -- kim\n',
        ['exports for enterprise accounts'], []),
    'db-blip': (
        'db hiccup at 03:10, failed over on its own in 40s, all good now\n',
        ['database'], []),
    'short-form': (
        '# recs widget empty\n\n10:02 recs-api answers with empty lists\n10:20 cause: a flag default flipped, so '
        'recommendations switched off\n10:31 flag set explicitly, fixed\n',
        ['recommendations', 'recs-api'], []),
    'recovery': (
        'Subject: warehouse feed\n\nNothing arrived from the scanners since 07:00. At 09:45 the scanner uploads are '
        'flowing normally again after we renewed the token.\n',
        ['scanner uploads'], []),
    'rebalancing': (
        '| Time | Event |\n|---|---|\n| 06:55 | lag on the `emails` topic grows |\n| 07:30 | found the mailer '
        'consumer group rebalancing every 30 s |\n| 08:10 | fixed, lag gone |\n',
        ['mailer consumer group'], []),
    'core-pods': (
        'The hub became unresponsive at 14:00. The core pods were being starved of memory by user pods. We raised '
        'the guarantees at 14:40 and it recovered.\n',
        ['core pods'], []),
}


def _services(notes: str) -> list[str]:
    return summarize(from_text(notes, "n.md", as_json=False)).affected_services


@pytest.mark.parametrize("key", sorted(NOTES))
def test_affected_services_in_more_shapes(key):
    notes, want, never = NOTES[key]
    got = _services(notes)
    assert all(any(service_match(g, w) for g in got) for w in want), got
    assert not any(service_match(g, n) for g in got for n in never), got


def test_a_quality_in_a_title_is_not_a_service():
    got = _services("---\ntitle: Post-mortem of connectivity problems on 3 May\n---\n\nThe checkout-api was down "
                    "from 10:00 to 10:40.\n")
    assert not any(g.lower() == "connectivity" for g in got), got
    assert "checkout-api" in got


def test_an_activity_on_things_is_not_a_service():
    got = _services("Problems with the uploading of assets were caused by problems with our media transcoding "
                    "service. Fixed at 09:00.\n")
    assert not any(g.lower().startswith("uploading") for g in got), got


def test_a_word_shared_with_a_common_verb_is_not_a_short_form():
    got = _services("We haven't seen errors since. The export-worker failed at 02:00 and recovered at 02:30; "
                    "haven't been able to reproduce.\n")
    assert not any("haven" in g.lower() for g in got), got


def test_the_kind_of_a_blip_on_a_system_is_not_the_system():
    got = _services("Subject: short DNS glitch on the help centre\n\nhelp.example.net did not resolve for ten minutes "
                    "after a registrar change. Rolled back, resolved.\n")
    assert not any("dns" in g.lower() for g in got), got
