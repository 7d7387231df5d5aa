from incident_brief.compose import money
from incident_brief.figures import currency_of, money_text, numbers_in, unsupported_numbers
from incident_brief.schema import Money


def test_numbers_in_any_notation_are_the_same_value():
    assert {15420.0, 2500000.0, 3000.0} <= numbers_in("15,420 users, $2.5 million, 3k tickets")
    assert unsupported_numbers("15420 users and 7 tickets", "15,420 users") == ["7"]


def test_one_currency_table_reads_and_writes_money():
    assert currency_of("$") == currency_of("usd") == "USD" and currency_of("£") == "GBP" and currency_of("¥") is None
    assert money_text(1234.5, "EUR") == "€1,234.50" and money_text(10, "CHF") == "10.00 CHF"
    assert money(Money(amount=42000, currency="USD")) == "$42,000.00"


def test_ordinals_and_clocks_glued_to_letters_state_their_number():
    from incident_brief.figures import numbers_in

    assert {31.0, 2.0, 4.0, 0.0} <= numbers_in("On 31st July, the 2nd time, at 4:00PM")
