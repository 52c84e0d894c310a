"""The model cache: a file is read back only when it was built from the same things and is whole."""

import numpy as np

from kb.embedding import model_cache

KEY = {"model": "m", "pack_bytes": 10}


def built() -> model_cache.Built:
    return {"graph": np.arange(100, dtype=np.uint8), "pieces": np.array([b"a", b"bc"], "S2")}, {"unk": 3}


class Builds:
    def __init__(self) -> None:
        self.count = 0

    def __call__(self) -> model_cache.Built:
        self.count += 1
        return built()


def same(found: model_cache.Built) -> bool:
    arrays, facts = found
    expected, expected_facts = built()
    return facts == expected_facts and all(np.array_equal(arrays[k], v) for k, v in expected.items())


def test_built_once_then_read(tmp_path):
    path, builds = tmp_path / "m.kbmodel", Builds()
    assert same(model_cache.cached(path, KEY, builds)) and same(model_cache.cached(path, KEY, builds))
    assert builds.count == 1
    assert [p.name for p in tmp_path.iterdir()] == ["m.kbmodel"]  # nothing left aside


def test_a_damaged_foreign_or_truncated_file_is_built_again(tmp_path):
    path = tmp_path / "m.kbmodel"
    model_cache.cached(path, KEY, built)
    whole = path.read_bytes()
    for damaged in (whole[:-1] + bytes([whole[-1] ^ 1]), whole[: len(whole) // 2], b"garbage", b""):
        path.write_bytes(damaged)
        builds = Builds()
        assert same(model_cache.cached(path, KEY, builds)) and builds.count == 1
        assert path.read_bytes() == whole  # replaced by a whole one
    builds = Builds()
    model_cache.cached(path, {**KEY, "pack_bytes": 11}, builds)  # another pack
    assert builds.count == 1 and model_cache.read(path, KEY) is None and model_cache.read(path, {**KEY, "pack_bytes": 11})


def test_an_unwritable_folder_only_costs_a_build(tmp_path):
    blocked = tmp_path / "file"
    blocked.write_text("not a folder")
    assert same(model_cache.cached(blocked / "m.kbmodel", KEY, built))
    assert same(model_cache.cached(None, KEY, built))
