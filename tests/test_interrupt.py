"A killed `animalclef sample` leaves nothing that looks like a finished sample, and a rerun succeeds."
import signal, subprocess, time
from conftest import ANIMALCLEF, animalclef

def test_killed_sample_leaves_no_folder(tmp_path):
    dest = tmp_path / 'sample'
    p = subprocess.Popen([ANIMALCLEF, 'sample', str(dest), '--preset', 'sample'])
    deadline = time.time() + 60
    while not list(tmp_path.glob('.sample.partial-*/images')) and time.time() < deadline: time.sleep(.1)
    time.sleep(.5)
    p.send_signal(signal.SIGKILL); p.wait()
    assert not dest.exists()
    r = animalclef('sample', dest, '--preset', 'tiny')
    assert r.returncode == 0, r.stderr
    assert (dest / 'metadata.csv').is_file() and (dest / 'solution.csv').is_file()

def test_interrupted_sample_cleans_up(tmp_path):
    dest = tmp_path / 'sample'
    p = subprocess.Popen([ANIMALCLEF, 'sample', str(dest), '--preset', 'sample'])
    while not list(tmp_path.glob('.sample.partial-*/images')): time.sleep(.1)
    p.send_signal(signal.SIGINT); p.wait(timeout=60)
    assert p.returncode != 0 and not dest.exists() and list(tmp_path.iterdir()) == []
