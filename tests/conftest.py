"Shared fixtures: one tiny synthetic sample per test session, copied when a test wants to break it."
import shutil, subprocess, sys
import pytest

ANIMALCLEF = shutil.which('animalclef') or pytest.fail('the animalclef command is not installed: pip install -e .')

def animalclef(*args, **kw) -> subprocess.CompletedProcess:
    "Run the installed `animalclef` command"
    return subprocess.run([ANIMALCLEF, *map(str, args)], capture_output=True, text=True, timeout=600, **kw)

@pytest.fixture(scope='session')
def tiny(tmp_path_factory):
    "A tiny sample folder; treat as read-only"
    root = tmp_path_factory.mktemp('tiny') / 'data'
    r = animalclef('sample', root, '--preset', 'tiny')
    assert r.returncode == 0, r.stderr
    return root

@pytest.fixture
def tiny_copy(tiny, tmp_path):
    "A private copy of the tiny sample that a test may damage"
    return shutil.copytree(tiny, tmp_path / 'data')
