"""Random code making: distinct keys, never a taken one, unbiased characters."""

from __future__ import annotations

import string
from collections import Counter

from app.codes.generation import CodeShape, code_key, fresh_keyed_codes
from app.codes.models import Charset


def test_codes_come_with_their_keys_and_never_repeat_or_reuse_a_taken_key() -> None:
    shape = CodeShape(Charset.NUMBERS, None, 2, "Pre-", "-X", None)  # 100 possible codes
    taken = {code_key("Pre-07-X")}
    first, first_keys = fresh_keyed_codes(shape, 90, taken)
    second, second_keys = fresh_keyed_codes(shape, 9, taken)
    assert [code_key(code) for code in first + second] == first_keys + second_keys
    assert len(set(first_keys + second_keys)) == 99
    assert "pre-07-x" not in first_keys + second_keys
    assert taken == set(first_keys + second_keys) | {"pre-07-x"}
    assert all(code.startswith("Pre-") and code.endswith("-X") for code in first + second)


def test_every_character_is_about_equally_likely() -> None:
    shape = CodeShape(Charset.ALPHANUMERIC, None, 10, "", "", None)
    codes, _ = fresh_keyed_codes(shape, 20_000, set())
    counts = Counter("".join(codes))
    alphabet = string.ascii_letters + string.digits
    assert set(counts) == set(alphabet)
    expected = 200_000 / len(alphabet)
    # 62 characters from 256 byte values: without rejection, the first 8 would be 25 % more frequent.
    # A 10 % band is about 5.7 standard deviations here: never hit by chance, far inside that bias.
    assert all(abs(counts[char] - expected) < 0.1 * expected for char in alphabet), counts.most_common(3)
