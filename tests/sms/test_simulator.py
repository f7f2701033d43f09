"""The simulated phones that the tests and benchmarks text the webhook from."""

import re

from sms import simulator
from tests.sms.helpers import TOKEN, URL


def test_no_two_phones_share_a_number_so_none_shares_a_conversation():
    phones = [simulator.Phone(lambda *request: (200, "<Response/>"), URL, TOKEN)
              for _ in range(20_000)]
    numbers = [phone.number for phone in phones]
    assert len(set(numbers)) == len(numbers)
    assert all(re.fullmatch(r"\+7700\d{7}", number) for number in numbers)


def test_a_number_may_name_another_operator():
    assert re.fullmatch(r"\+7701\d{7}", simulator.fresh_number("701"))
