"""The console script `openfisca-independants serve` starts a real server that answers."""

import json
import os
import shutil
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path

import pytest


def _port_libre() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _commande():
    script = Path(sys.executable).with_name("openfisca-independants")
    return [str(script)] if script.exists() else [shutil.which("openfisca-independants")]


def test_serve_repond_au_calcul():
    if _commande()[0] is None:
        pytest.fail("console script openfisca-independants not installed")
    port = _port_libre()
    serveur = subprocess.Popen(
        [*_commande(), "serve", "--host", "127.0.0.1", "--port", str(port), "--workers", "1"],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        start_new_session=True,
    )
    try:
        url = f"http://127.0.0.1:{port}"
        for _ in range(120):
            try:
                urllib.request.urlopen(f"{url}/spec", timeout=1)
                break
            except (urllib.error.URLError, ConnectionError):
                assert serveur.poll() is None, serveur.stderr.read().decode()
                time.sleep(0.25)
        corps = {
            "individus": {"a": {"categorie_independant": {"ETERNITY": "commercant"},
                                "revenu_professionnel": {"2024": 0},
                                "indemnites_journalieres": {"2024": None}}},
        }
        requete = urllib.request.Request(
            f"{url}/calculate", data=json.dumps(corps).encode(), headers={"Content-Type": "application/json"}
        )
        reponse = json.load(urllib.request.urlopen(requete, timeout=10))
        # 0,50 % × 40 % × 46 368 (assiette minimale)
        assert reponse["individus"]["a"]["indemnites_journalieres"]["2024"] == pytest.approx(92.74, abs=0.01)
        sans_type = urllib.request.Request(f"{url}/calculate", data=json.dumps(corps).encode())
        sans_type.remove_header("Content-type")
        with pytest.raises(urllib.error.HTTPError) as erreur:
            urllib.request.urlopen(sans_type, timeout=10)
        assert erreur.value.code == 415
    finally:
        os.killpg(serveur.pid, signal.SIGTERM)
        serveur.wait(timeout=30)
