"""The owner's socket: owner-only, reachable however deep the store folder is, and a dead one is no server."""

import socket
import stat
import time

import pytest

from kb.api import owner
from kb.settings import Settings


def test_the_socket_is_owner_only_and_reachable_from_a_folder_deeper_than_a_socket_address_allows(tmp_path):
    deep = tmp_path.joinpath(*["en-mycket-lang-mapp"] * 6, "index")
    deep.mkdir(parents=True)
    settings = Settings(store_path=deep)
    assert len(str(owner.socket_path(settings)).encode()) > owner.MAX_ADDRESS
    listening = owner.bind(settings)
    try:
        listening.listen()
        mode = owner.socket_path(settings).stat().st_mode
        assert stat.S_ISSOCK(mode) and stat.S_IMODE(mode) == 0o600
        with owner._address(owner.socket_path(settings)) as address, socket.socket(socket.AF_UNIX) as client:
            client.connect(address)
            accepted, _ = listening.accept()
            accepted.close()
        assert owner.reach(settings) is not None
    finally:
        listening.close()
        owner.unbind(settings)
    assert owner.reach(settings) is None


def test_a_socket_left_by_a_server_that_died_is_unreachable_at_once(tmp_path):
    settings = Settings(store_path=tmp_path)
    owner.bind(settings).close()  # the file stays, nobody listens
    server = owner.reach(settings)
    started = time.monotonic()
    with pytest.raises(owner.Unreachable):
        server.call("GET", "/api/health")
    assert time.monotonic() - started < owner.CONNECT_SECONDS


def test_a_qdrant_server_has_no_owner(tmp_path):
    assert owner.socket_path(Settings(store_path=tmp_path, qdrant_url="http://qdrant:6333")) is None
    assert owner.reach(Settings(store_path=tmp_path, qdrant_url="http://qdrant:6333")) is None
