#!/usr/bin/env python3
"""Derives Tollgate's bundled price catalog from pydantic/genai-prices.

Reads genai-prices' v2 data file (prices/new_data/v2/data.json, MIT licence) and writes
tollgate-core/src/main/resources/dev/tollgate/pricing/catalog.yaml in Tollgate's own format,
tollgate-catalog/1 (see notes/catalog-format.md). Only the curated models listed in CURATED below
are taken, not all of the source's 1,466.

Usage, from the repository root:

    python3 tools/derive-catalog.py [SOURCE_JSON] [-o OUTPUT_YAML]

SOURCE_JSON defaults to ../shared/data/genai-prices-v2.json relative to the repository root.
Every number is handled as decimal.Decimal, never as a float. Standard library only.
"""

import argparse
import json
import re
import sys
from decimal import Decimal
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
DEFAULT_SOURCE = REPO.parent / "shared" / "data" / "genai-prices-v2.json"
DEFAULT_OUTPUT = REPO / "tollgate-core/src/main/resources/dev/tollgate/pricing/catalog.yaml"

SOURCE = {
    "name": "pydantic/genai-prices",
    "file": "prices/new_data/v2/data.json",
    "commit": "47df840a5ab10bbcffb8e5ac01b9899032245d1b",
    "date": "2026-08-21",
    "license": "MIT",
    "url": "https://github.com/pydantic/genai-prices",
}

# genai-prices key -> (Tollgate key, divisor). The *_kcount prices are USD per 1,000 units.
KEYS = {
    "input_mtok": ("input", 1),
    "output_mtok": ("output", 1),
    "cache_read_mtok": ("cache_read", 1),
    "cache_write_mtok": ("cache_write_5m", 1),
    "cache_write_1h_mtok": ("cache_write_1h", 1),
    "output_reasoning_mtok": ("reasoning", 1),
    "input_audio_mtok": ("input_audio", 1),
    "output_audio_mtok": ("output_audio", 1),
    "web_searches_kcount": ("per_web_search", 1000),
    "requests_kcount": ("per_request", 1000),
}
# The order in which Tollgate writes price keys (CatalogWriter uses the same order).
ORDER = [
    "input", "output", "cache_read", "cache_write_5m", "cache_write_1h", "reasoning",
    "input_audio", "output_audio", "per_image", "per_web_search", "per_tool_call", "per_request",
]

# Capabilities (genai-prices has none): stated by model family from each provider's docs; the first
# rule whose provider and id pattern match wins, and a model no rule matches states none (cheapest
# routing then never picks it for a request that needs tools or vision). Conservative on purpose:
# a capability is stated only where the provider's documentation lists it for that family.
OPENAI_TOOLS = "https://platform.openai.com/docs/guides/function-calling"
OPENAI_VISION = "https://platform.openai.com/docs/guides/images-vision"
ANTHROPIC_TOOLS = "https://docs.anthropic.com/en/docs/build-with-claude/tool-use"
ANTHROPIC_VISION = "https://docs.anthropic.com/en/docs/build-with-claude/vision"
GOOGLE_TOOLS = "https://ai.google.dev/gemini-api/docs/function-calling"
GOOGLE_VISION = "https://ai.google.dev/gemini-api/docs/image-understanding"
DEEPSEEK_TOOLS = "https://api-docs.deepseek.com/guides/function_calling"
MISTRAL_TOOLS = "https://docs.mistral.ai/capabilities/function_calling/"
MISTRAL_VISION = "https://docs.mistral.ai/capabilities/vision/"
XAI_TOOLS = "https://docs.x.ai/docs/guides/function-calling"
XAI_VISION = "https://docs.x.ai/docs/guides/image-understanding"
GROQ_TOOLS = "https://console.groq.com/docs/tool-use"
GROQ_VISION = "https://console.groq.com/docs/vision"
CAPABILITIES = [
    # (provider, id regex, capabilities, sources)
    ("openai", r"text-embedding-.*", [], []),
    ("openai", r"o3-mini", ["tools"], [OPENAI_TOOLS]),
    ("openai", r"gpt-4o.*|gpt-4-turbo|gpt-4\.1.*|o3.*|o4-mini|gpt-5.*", ["tools", "vision"],
     [OPENAI_TOOLS, OPENAI_VISION]),
    ("anthropic", r"claude-3-5-haiku", ["tools"], [ANTHROPIC_TOOLS]),
    ("anthropic", r"claude-.*", ["tools", "vision"], [ANTHROPIC_TOOLS, ANTHROPIC_VISION]),
    ("google", r"gemini-embedding-.*", [], []),
    ("google", r"gemini-.*", ["tools", "vision"], [GOOGLE_TOOLS, GOOGLE_VISION]),
    ("deepseek", r"deepseek-chat", ["tools"], [DEEPSEEK_TOOLS]),
    ("mistral", r"mistral-embed", [], []),
    ("mistral", r"mistral-medium|mistral-small.*", ["tools", "vision"],
     [MISTRAL_TOOLS, MISTRAL_VISION]),
    ("mistral", r"mistral-large.*|codestral.*|ministral-.*", ["tools"], [MISTRAL_TOOLS]),
    ("xai", r"grok-4.*", ["tools", "vision"], [XAI_TOOLS, XAI_VISION]),
    ("xai", r"grok-3.*|grok-code-fast-1", ["tools"], [XAI_TOOLS]),
    ("groq", r"meta-llama/llama-4-.*", ["tools", "vision"], [GROQ_TOOLS, GROQ_VISION]),
    ("groq", r"openai/gpt-oss-.*|llama-3\..*|qwen/qwen3-32b|moonshotai/kimi-k2-instruct", ["tools"],
     [GROQ_TOOLS]),
]


def capabilities(provider, model_id):
    for rule_provider, pattern, caps, _ in CAPABILITIES:
        if rule_provider == provider and re.fullmatch(pattern, model_id):
            return caps
    return []


# The three providers whose Batch APIs take 50% off: OpenAI (platform.openai.com/docs/guides/batch),
# Anthropic (docs.anthropic.com/en/docs/build-with-claude/batch-processing) and Google
# (ai.google.dev/gemini-api/docs/batch-mode).
BATCH_DISCOUNT = {"openai": 50, "anthropic": 50, "google": 50}


def m(genai_id, our_id=None, aliases=(), max_out=None, copy=False):
    """One curated model: its id in genai-prices, its id in Tollgate, extra aliases, max output;
    copy=True when the model only borrows another's prices (so not its aliases either)."""
    return {"genai": genai_id, "id": our_id or genai_id, "aliases": list(aliases),
            "max_out": max_out, "copy": copy}


# (Tollgate provider id, genai-prices provider id, local, models), in priority order.
CURATED = [
    ("openai", "openai", False, [
        m("gpt-4o", max_out=16384),
        m("gpt-4o-mini", max_out=16384),
        m("gpt-4-turbo", max_out=4096),
        m("gpt-4.1", max_out=32768),
        m("gpt-4.1-mini", max_out=32768),
        m("gpt-4.1-nano", max_out=32768),
        m("o3", max_out=100000),
        m("o3-mini", max_out=100000),
        m("o3-pro"),
        m("o4-mini", max_out=100000),
        m("gpt-5", max_out=128000),
        m("gpt-5-mini", max_out=128000),
        m("gpt-5-nano", max_out=128000),
        m("gpt-5-pro"),
        m("gpt-5.1", max_out=128000),
        m("gpt-5.2"),
        m("gpt-5.4"),
        m("gpt-5.4-mini"),
        m("gpt-5.4-nano"),
        m("gpt-5.4-pro"),
        m("gpt-5.5"),
        m("gpt-5.5-pro"),
        m("gpt-5.6-sol"),
        m("gpt-5.6-terra"),
        m("gpt-5.6-luna"),
        m("text-embedding-3-small"),
        m("text-embedding-3-large"),
        m("text-embedding-ada-002"),
    ]),
    ("anthropic", "anthropic", False, [
        m("claude-3-haiku", max_out=4096),
        m("claude-3-opus-latest", "claude-3-opus", max_out=4096),
        m("claude-3-5-haiku-latest", "claude-3-5-haiku", ["claude-3.5-haiku"], max_out=8192),
        m("claude-3-5-sonnet", aliases=["claude-3.5-sonnet"], max_out=8192),
        m("claude-3-7-sonnet-latest", "claude-3-7-sonnet", ["claude-3.7-sonnet"], max_out=64000),
        m("claude-sonnet-4-0", "claude-sonnet-4", ["claude-sonnet-4-0", "claude-4-sonnet"],
          max_out=64000),
        m("claude-opus-4-0", "claude-opus-4", ["claude-opus-4-0", "claude-4-opus"], max_out=32000),
        m("claude-opus-4-1", aliases=["claude-opus-4.1"], max_out=32000),
        m("claude-sonnet-4-5", aliases=["claude-sonnet-4.5"], max_out=64000),
        m("claude-haiku-4-5", aliases=["claude-haiku-4.5", "claude-4-5-haiku"], max_out=64000),
        m("claude-opus-4-5", aliases=["claude-opus-4.5", "claude-4-5-opus"], max_out=64000),
        m("claude-sonnet-4-6", aliases=["claude-sonnet-4.6"]),
        m("claude-opus-4-6", aliases=["claude-opus-4.6", "claude-4-6-opus"]),
        m("claude-opus-4-7", aliases=["claude-opus-4.7", "claude-4-7-opus"]),
        m("claude-opus-4-8", aliases=["claude-opus-4.8", "claude-4-8-opus"]),
        m("claude-sonnet-5", aliases=["claude-sonnet-5.0", "claude-5-sonnet"]),
        m("claude-opus-5", aliases=["claude-opus-5.0", "claude-5-opus"]),
        m("claude-fable-5"),
    ]),
    ("google", "google", False, [
        m("gemini-1.5-pro", max_out=8192),
        m("gemini-1.5-flash", max_out=8192),
        m("gemini-2.0-flash", max_out=8192),
        m("gemini-2.0-flash-lite", max_out=8192),
        m("gemini-2.5-pro", max_out=65536),
        m("gemini-2.5-flash", max_out=65536),
        m("gemini-2.5-flash-lite", max_out=65536),
        m("gemini-3-pro-preview"),
        m("gemini-3-flash-preview"),
        m("gemini-3.1-pro-preview"),
        m("gemini-3.1-flash-lite"),
        m("gemini-embedding-001"),
        m("gemini-3.5-flash"),
        m("gemini-3.5-flash-lite"),
        m("gemini-3.6-flash"),
        m("gemini-3.7-flash"),
    ]),
    ("deepseek", "deepseek", False, [
        m("deepseek-chat", max_out=8192),
        # genai-prices has no deepseek-coder: derive() copies deepseek-chat, see CODER_NOTE.
        m("deepseek-chat", "deepseek-coder", max_out=8192, copy=True),
        m("deepseek-reasoner", aliases=["deepseek-r1"]),
        m("deepseek-v4-flash"),
        m("deepseek-v4-pro"),
    ]),
    ("mistral", "mistral", False, [
        m("mistral-large"),
        m("mistral-large-2512"),
        m("mistral-medium-3", "mistral-medium", ["mistral-medium-3"]),
        m("mistral-small-latest", "mistral-small"),
        m("mistral-small-2603"),
        m("codestral"),
        m("codestral-2508"),
        m("ministral-3b"),
        m("ministral-8b"),
        m("ministral-14b-2512", "ministral-14b"),
        m("mistral-embed"),
    ]),
    ("xai", "x-ai", False, [
        m("grok-4.5"),
        m("grok-4.3"),
        m("grok-4.20"),
        m("grok-4-1-fast-reasoning"),
        m("grok-4-1-fast-non-reasoning"),
        m("grok-4-0709", "grok-4"),
        m("grok-code-fast-1"),
        m("grok-3"),
        m("grok-3-mini"),
    ]),
    ("groq", "groq", False, [
        m("openai/gpt-oss-120b", max_out=65536),
        m("openai/gpt-oss-20b", max_out=65536),
        m("llama-3.3-70b-versatile", max_out=32768),
        m("llama-3.1-8b-instant", max_out=131072),
        m("meta-llama/llama-4-maverick-17b-128e-instruct"),
        m("meta-llama/llama-4-scout-17b-16e-instruct"),
        m("qwen/qwen3-32b"),
        m("moonshotai/kimi-k2-instruct"),
    ]),
]

# Local models served by Ollama: not in genai-prices, free on purpose (local: true).
OLLAMA = ["llama3.1", "llama3.2", "qwen2.5", "qwen3", "mistral", "gemma2"]

CODER_NOTE = (
    "genai-prices has no deepseek-coder: DeepSeek merged the coder model into deepseek-chat\n"
    "(DeepSeek-V2.5, 2024-09), and the API serves deepseek-coder as deepseek-chat, so these\n"
    "are deepseek-chat's prices."
)

# Snapshot suffixes that Tollgate's model matcher strips before looking a model up; an alias that
# only differs from the id by one of them would be redundant.
SNAPSHOT = re.compile(r"(-\d{8}|-\d{4}-\d{2}-\d{2}|-\d{4}|-\d{3}|@\d{8}|-latest)$")


def strip_snapshot(name):
    return SNAPSHOT.sub("", name)


def decimal_text(value):
    """A Decimal as a plain decimal without trailing zeros: 2.50 -> 2.5, 1E+1 -> 10."""
    text = format(value.normalize(), "f")
    if "." in text:
        fraction = text.split(".")[1]
        if len(fraction) > 9:
            raise ValueError(f"{value} is finer than a nano-dollar")
    return text


PLAIN = re.compile(r"[A-Za-z][A-Za-z0-9._/@+-]*")
RESERVED = {"y", "n", "yes", "no", "on", "off", "true", "false", "null"}


def scalar(text):
    """The text plain when YAML reads it back unchanged, else double-quoted (as CatalogWriter)."""
    if PLAIN.fullmatch(text) and text.lower() not in RESERVED:
        return text
    return json.dumps(text)


def match_names(clause):
    """Every name that a genai-prices match clause spells out in full or as a prefix."""
    out = [v for k, v in clause.items() if k in ("equals", "starts_with")]
    for key in ("or", "and"):
        for sub in clause.get(key, []):
            out.extend(match_names(sub))
    return out


def equals_alternatives(clause):
    """Every `equals` value in a genai-prices match clause, in order."""
    if "equals" in clause:
        return [clause["equals"]]
    out = []
    for key in ("or", "and"):
        for sub in clause.get(key, []):
            out.extend(equals_alternatives(sub))
    return out


def translate(prices, where, notes):
    """genai-prices ModelPrice -> (Tollgate base prices, long-context tier or None)."""
    base, tiered = {}, {}
    for key, value in prices.items():
        if key not in KEYS:
            notes.append(f"dropped {key} {value_text(value)}: Tollgate has no usage kind for it")
            continue
        ours, divisor = KEYS[key]
        if isinstance(value, dict):
            base[ours] = Decimal(value["base"]) / divisor
            tiered[ours] = value["tiers"]
        else:
            base[ours] = Decimal(value) / divisor
    if "input" in base and "output" not in base and "embed" in where:
        # An embedding model produces no output tokens; genai-prices lists only its input price.
        base["output"] = Decimal(0)
        notes.append("embedding model: no output tokens, so output is priced at 0")
    if "input" not in base or "output" not in base:
        raise SystemExit(f"{where}: genai-prices lists no input or output price")
    if not tiered:
        return base, None
    starts = sorted({t["start"] for tiers in tiered.values() for t in tiers})
    several = any(len(tiers) > 1 for tiers in tiered.values())
    first = next(iter(tiered.values()))[0]["start"]
    if len(starts) > 1 or several:
        message = f"{where}: tiers start at {starts}; only the first, {first}, is kept"
        print("warning: " + message, file=sys.stderr)
        notes.append(message)
    # genai-prices' tiers are cliffs on input tokens: past the start, the whole request is billed
    # at the tier's price. Tollgate's long-context tier replaces the whole price set, so the kinds
    # without a tier keep their base price in it.
    tier = {"above_input_tokens": first}
    for ours, value in base.items():
        tier[ours] = value
        for t in tiered.get(ours, []):
            if t["start"] == first:
                tier[ours] = Decimal(t["price"]) / KEYS_BY_OURS[ours]
    return base, tier


KEYS_BY_OURS = {ours: divisor for ours, divisor in KEYS.values()}


def value_text(value):
    if isinstance(value, dict):
        return f"{decimal_text(Decimal(value['base']))} (tiered)"
    return decimal_text(Decimal(value))


def hh_mm(time_text):
    """16:30:00Z -> 16:30. Tollgate's windows are UTC, so the source's must be too."""
    if not re.fullmatch(r"\d{2}:\d{2}(:00)?Z", time_text):
        raise SystemExit(f"time {time_text!r} is not a whole minute in UTC")
    return time_text[:5]


def schedules(model, where, notes):
    """genai-prices prices (one set or a conditional list) -> Tollgate `prices` entries."""
    prices = model["prices"]
    conditional = prices if isinstance(prices, list) else [{"prices": prices}]
    default = conditional[0]
    if "constraint" in default:
        raise SystemExit(f"{where}: the first conditional price has a constraint")
    windows = [c for c in conditional if "start_time" in c.get("constraint", {})]
    dates = [c for c in conditional if "start_date" in c.get("constraint", {})]
    if windows:
        if len(windows) > 1 or dates:
            raise SystemExit(f"{where}: more than one time window, or windows and dates together")
        # genai-prices lists DeepSeek's off-peak price as the unconstrained default and the
        # standard price under a 00:30-16:30 constraint. Tollgate lists the standard price as the
        # base and the off-peak discount as a window over the rest of the day, 16:30-00:30.
        standard = windows[0]
        base, tier = translate(standard["prices"], where, notes)
        off_peak, off_tier = translate(default["prices"], where, notes)
        if tier or off_tier:
            raise SystemExit(f"{where}: a time window with tiers is not supported")
        window = {"name": "off-peak", "start": hh_mm(standard["constraint"]["end_time"]),
                  "end": hh_mm(standard["constraint"]["start_time"]), "prices": off_peak}
        return [{"from": None, "prices": base, "long_context": None, "windows": [window]}]
    out = []
    for c in [default] + dates:
        base, tier = translate(c["prices"], where, notes)
        out.append({"from": c.get("constraint", {}).get("start_date"), "prices": base,
                    "long_context": tier, "windows": []})
    return out


def derive(source_path):
    with open(source_path, encoding="utf-8") as f:
        data = json.load(f, parse_float=Decimal, parse_int=Decimal)
    by_provider = {p["id"]: {m["id"]: m for m in p["models"]} for p in data}
    providers = []
    for ours, theirs, local, curated in CURATED:
        models = []
        for spec in curated:
            where = f"{ours}/{spec['id']} (genai-prices {theirs}/{spec['genai']})"
            genai = by_provider[theirs].get(spec["genai"])
            if genai is None:
                raise SystemExit(f"{where}: not in the source file")
            notes = [CODER_NOTE] if spec["copy"] else []
            entry = {"id": spec["id"], "notes": notes}
            entry["schedules"] = schedules(genai, where, notes)
            entry["aliases"] = aliases(spec, genai)
            if "context_window" in genai:
                entry["context_window"] = int(genai["context_window"])
            if spec["max_out"]:
                entry["max_output_tokens"] = spec["max_out"]
            if capabilities(ours, spec["id"]):
                entry["capabilities"] = capabilities(ours, spec["id"])
            if ours in BATCH_DISCOUNT:
                entry["batch_discount_percent"] = BATCH_DISCOUNT[ours]
            models.append(entry)
            for note in notes:
                print(f"note: {where}: {note.splitlines()[0]}", file=sys.stderr)
        providers.append({"id": ours, "local": local, "models": models})
    free = {"input": Decimal(0), "output": Decimal(0)}
    providers.append({"id": "ollama", "local": True, "models": [
        {"id": name, "notes": [], "aliases": [],
         "schedules": [{"from": None, "prices": free, "long_context": None, "windows": []}]}
        for name in OLLAMA]})
    return providers


def aliases(spec, genai):
    """The curated aliases, then genai-prices' `equals` alternatives that stripping would miss."""
    out = list(spec["aliases"])
    # Curated aliases are names that genai-prices matches (claude-3.5-sonnet), never new ones.
    unknown = set(out) - set(match_names(genai["match"])) - {genai["id"]}
    if unknown:
        raise SystemExit(f"{spec['id']}: aliases {sorted(unknown)} are not in genai-prices' match")
    if spec["copy"]:
        return out
    candidates = [genai["id"]] + equals_alternatives(genai["match"])
    for name in candidates:
        covered = {spec["id"]} | set(out)
        if name in covered or strip_snapshot(name) in covered:
            continue
        if "/" in name and "/" not in spec["id"]:
            continue  # "x-ai/grok-4.5" and the like are router spellings, not this provider's
        out.append(name)
    return out


HEADER = """\
# Tollgate's bundled price catalog (format tollgate-catalog/1, see notes/catalog-format.md).
#
# GENERATED: do not edit by hand. Regenerate from the repository root with
#   {command}
# and review the diff. To change a price for one deployment, use pricing.overrides in
# tollgate.yaml instead.
#
# Source: pydantic/genai-prices (https://github.com/pydantic/genai-prices), file
# {file}, commit {commit} ({date}),
# MIT licence (Copyright (c) Pydantic Services Inc.). Prices are USD per 1M tokens, or per unit.
# Derivation (tools/derive-catalog.py): a curated subset of models; input_mtok -> input,
# output_mtok -> output, cache_read_mtok -> cache_read, cache_write_mtok -> cache_write_5m,
# cache_write_1h_mtok -> cache_write_1h, input/output_audio_mtok -> input/output_audio,
# output_reasoning_mtok -> reasoning, web_searches_kcount / 1000 -> per_web_search,
# requests_kcount / 1000 -> per_request. Tiered prices {{base, tiers}} become the base price
# and a long_context tier above the tier's start (a cliff: the whole request at the tier's
# prices; kinds without a tier keep their base price in it). A start_date constraint becomes
# a prices entry with from. DeepSeek's off-peak prices, which genai-prices lists as the
# default, become an off-peak time window 16:30-00:30 UTC over the standard price.
# genai-prices' match rules are not copied; aliases are their `equals` alternatives and
# other spellings they accept. Snapshot suffixes (-20241022, -2024-08-06, -0709, @20250514,
# -latest) are left to Tollgate's model matcher.
# batch_discount_percent: 50 for OpenAI, Anthropic and Google, whose Batch APIs are 50% off:
#   https://platform.openai.com/docs/guides/batch
#   https://docs.anthropic.com/en/docs/build-with-claude/batch-processing
#   https://ai.google.dev/gemini-api/docs/batch-mode
# max_output_tokens is given only where the provider's documentation states it;
# context_window comes from genai-prices. Kinds that Tollgate has no usage kind for
# (cached audio reads, image tokens) are dropped, with a comment at the model.
# capabilities (tools, vision) are not in genai-prices: they are stated by model family from
# the providers' docs (OpenAI, Anthropic, Google, DeepSeek, Mistral, xAI and Groq function-calling
# and vision guides; see CAPABILITIES in the script), conservatively: none where not documented.
# Ollama models are local (free on purpose) and not from the source.
"""


def write(providers, out, command):
    w = out.write
    w(HEADER.format(command=command, **SOURCE))
    w("format: tollgate-catalog/1\n")
    w("source:\n")
    for key, value in SOURCE.items():
        w(f"  {key}: {scalar(value)}\n")
    w("providers:\n")
    for p in providers:
        w(f"  - id: {scalar(p['id'])}\n")
        if p["local"]:
            w("    local: true\n")
        w("    models:\n")
        for model in p["models"]:
            for note in model["notes"]:
                for line in note.splitlines():
                    w(f"      # {line}\n")
            w(f"      - id: {scalar(model['id'])}\n")
            ind = "        "
            if model["aliases"]:
                w(f"{ind}aliases: [{', '.join(scalar(a) for a in model['aliases'])}]\n")
            for key in ("context_window", "max_output_tokens"):
                if key in model:
                    w(f"{ind}{key}: {model[key]}\n")
            if "capabilities" in model:
                w(f"{ind}capabilities: [{', '.join(model['capabilities'])}]\n")
            if "batch_discount_percent" in model:
                w(f"{ind}batch_discount_percent: {model['batch_discount_percent']}\n")
            w(f"{ind}prices:\n")
            for s in model["schedules"]:
                at = ind + "    "
                lead = ind + "  - "
                if s["from"]:
                    w(f"{lead}from: {s['from']}\n")
                    lead = at
                write_prices(w, lead, at, s["prices"])
                if s["long_context"]:
                    w(f"{at}long_context:\n")
                    tier = dict(s["long_context"])
                    w(f"{at}  above_input_tokens: {int(tier.pop('above_input_tokens'))}\n")
                    write_prices(w, at + "  ", at + "  ", tier)
                if s["windows"]:
                    w(f"{at}time_windows:\n")
                    for window in s["windows"]:
                        w(f"{at}  - name: {scalar(window['name'])}\n")
                        w(f"{at}    start: \"{window['start']}\"\n")
                        w(f"{at}    end: \"{window['end']}\"\n")
                        write_prices(w, at + "    ", at + "    ", window["prices"])


def write_prices(w, lead, indent, prices):
    for key in ORDER:
        if key in prices:
            w(f"{lead}{key}: {decimal_text(prices[key])}\n")
            lead = indent


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("source", nargs="?", default=str(DEFAULT_SOURCE),
                        help="genai-prices v2 data.json (default: %(default)s)")
    parser.add_argument("-o", "--output", default=str(DEFAULT_OUTPUT),
                        help="catalog to write (default: %(default)s)")
    args = parser.parse_args()
    providers = derive(args.source)
    command = "python3 tools/derive-catalog.py ../shared/data/genai-prices-v2.json"
    with open(args.output, "w", encoding="utf-8", newline="\n") as out:
        write(providers, out, command)
    counts = ", ".join(f"{p['id']} {len(p['models'])}" for p in providers)
    print(f"wrote {args.output}: {counts}", file=sys.stderr)


if __name__ == "__main__":
    main()
