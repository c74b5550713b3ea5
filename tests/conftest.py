"Shared fixtures: one tiny synthetic sample and one run of the stages on it per test session, copied when a test wants to break them."
import contextlib, io, json, shutil, subprocess, tempfile
from pathlib import Path
import pytest

ANIMALCLEF = shutil.which('animalclef') or pytest.fail('the animalclef command is not installed: pip install -e .')
FAST = ('--match-size', 'native', '--keypoints', '64', '--k', '4')  # WildFusion settings that keep the tiny sample's run short
TINY_RUN = ('--stages', 'all-new,baseline,wildfusion', '--matchers', 'aliked,sift', *FAST)  # the shared run's options

def animalclef(*args, **kw) -> subprocess.CompletedProcess:
    "Run the installed `animalclef` command in a process of its own: for what only a process shows (its environment, signals, hash seeds)"
    return subprocess.run([ANIMALCLEF, *map(str, args)], capture_output=True, text=True, timeout=600, **kw)

def animalclef_here(*args) -> subprocess.CompletedProcess:
    "The command's `main` in this process: the same exit status, stdout and stderr, without starting Python and torch again (about 3 s a call)"
    from animalclef.cli import main
    out, err = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        try: rc = main([str(a) for a in args])
        except SystemExit as e: rc = e.code  # what argparse does with a bad flag
    return subprocess.CompletedProcess(['animalclef', *map(str, args)], rc, out.getvalue(), err.getvalue())

@pytest.fixture(scope='session')
def tiny(tmp_path_factory):
    "A tiny sample folder; treat as read-only"
    root = tmp_path_factory.mktemp('tiny') / 'data'
    r = animalclef_here('sample', root, '--preset', 'tiny')
    assert r.returncode == 0, r.stderr
    return root

@pytest.fixture
def tiny_copy(tiny, tmp_path):
    "A private copy of the tiny sample that a test may damage"
    return shutil.copytree(tiny, tmp_path / 'data')

@pytest.fixture(scope='session')
def tiny_run(tiny, tmp_path_factory):
    "`animalclef run` with `TINY_RUN` on the tiny sample, once per session: (output folder, its report, stdout); treat as read-only"
    out = tmp_path_factory.mktemp('tiny-run') / 'run'
    r = animalclef_here('run', tiny, '--out', out, *TINY_RUN)
    assert r.returncode == 0, r.stderr
    return out, json.loads((out / 'report.json').read_text()), r.stdout

# The tiny demo, the longest test of the installed command, runs in a process of its own beside the in-process tests:
# it starts as soon as the tests are collected, and the tests that use it run last.
_demo = {}

def pytest_collection_modifyitems(session, config, items):
    items.sort(key=lambda item: 'tiny_demo' in getattr(item, 'fixturenames', ()))  # stable: the rest keep their order

def pytest_collection_finish(session):
    if any('tiny_demo' in getattr(item, 'fixturenames', ()) for item in session.items):
        folder = Path(tempfile.mkdtemp(prefix='animalclef-tiny-demo-'))
        with open(folder / 'stdout', 'w') as out, open(folder / 'stderr', 'w') as err:
            _demo.update(folder=folder, process=subprocess.Popen([ANIMALCLEF, 'demo', str(folder / 'demo'), '--preset', 'tiny'], stdout=out, stderr=err))

def pytest_sessionfinish(session, exitstatus):
    if 'process' in _demo:
        _demo['process'].kill(); _demo['process'].wait()
        shutil.rmtree(_demo['folder'], ignore_errors=True)

@pytest.fixture(scope='session')
def tiny_demo():
    "`animalclef demo DIR --preset tiny`, started in its own process when the tests were collected: (DIR, the finished process); treat as read-only"
    p, folder = _demo['process'], _demo['folder']
    p.wait(timeout=900)
    return folder / 'demo', subprocess.CompletedProcess(p.args, p.returncode, (folder / 'stdout').read_text(), (folder / 'stderr').read_text())
