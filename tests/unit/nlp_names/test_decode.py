"""Input decoding: the encodings curators hand in, and junk."""

from __future__ import annotations

import os

import pytest

from zhiren.nlp.decode import UndecodableInput, decode_bytes

SIMPLIFIED = "盛宣怀，字杏荪，号愚斋，江苏武进人。光绪二十四年三月，致电李鸿章。"
TRADITIONAL = "盛宣懷，字杏蓀，號愚齋，江蘇武進人。光緒二十四年三月，致電李鴻章。"


@pytest.mark.parametrize(
    ("data", "text"),
    [
        (SIMPLIFIED.encode("utf-8"), SIMPLIFIED),
        (SIMPLIFIED.encode("utf-8-sig"), SIMPLIFIED),
        (SIMPLIFIED.encode("gbk"), SIMPLIFIED),
        (TRADITIONAL.encode("big5"), TRADITIONAL),
        (SIMPLIFIED.encode("utf-16"), SIMPLIFIED),
    ],
)
def test_encodings_are_detected(data: bytes, text: str) -> None:
    assert decode_bytes(data, "f.txt")[0] == text


@pytest.mark.parametrize("data", [os.urandom(4000), bytes(range(256)) * 8, b"\x00\x01\x02" * 100])
def test_binary_is_rejected_naming_the_file(data: bytes) -> None:
    with pytest.raises(UndecodableInput, match=r"junk\.bin"):
        decode_bytes(data, "junk.bin")
