"""Nothing is downloaded at run time: extraction runs with the network blocked and NLTK never loaded.

textstat's English syllable counting loads NLTK's cmudict and downloads it on first use; our readability
does not use that path.  The test runs extraction in a fresh interpreter whose sockets refuse to connect
and whose NLTK data path is empty, so any download attempt would fail the run.
"""

from __future__ import annotations

import subprocess
import sys
import textwrap


def test_extract_with_network_blocked(tmp_path):
    script = textwrap.dedent(
        """
        import socket, sys

        def refuse(*args, **kwargs):
            raise OSError("network blocked by test")

        socket.socket.connect = refuse
        socket.socket.connect_ex = refuse
        socket.create_connection = refuse
        socket.getaddrinfo = refuse

        import analyser
        out = analyser.extract_features([
            "Hi Sarah, I understand how frustrating this is. I have reset your password. Kind regards, Anna",
            "Beste Daan, bedankt voor uw geduld. Ik heb uw wachtwoord opnieuw ingesteld.",
        ])
        assert out["language"].tolist() == ["en", "nl"], out["language"].tolist()
        assert out["flesch_reading_ease"].notna().all()
        assert out["rare_word_share"].notna().all()
        assert "nltk" not in sys.modules, "NLTK was imported: textstat's downloading path was used"
        print("ok")
        """
    )
    env = {"NLTK_DATA": str(tmp_path / "no-nltk-data"), "PATH": "/usr/bin:/bin", "HOME": str(tmp_path)}
    result = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, env=env, timeout=300)
    assert result.returncode == 0, result.stderr[-2000:]
    assert result.stdout.strip().endswith("ok")
