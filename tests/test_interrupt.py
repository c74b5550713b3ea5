"A killed or interrupted `animalclef sample` leaves nothing that looks like a finished sample, and a rerun writes the same sample as an uninterrupted one."
import signal, subprocess, time
from animalclef.sample import folder_digest
from conftest import ANIMALCLEF, animalclef_here

def default_interrupt():
    "Give the command the default SIGINT action: a shell starts background jobs (`pytest &`, `nohup`) with it ignored, and children inherit that"
    signal.signal(signal.SIGINT, signal.SIG_DFL)

def interrupt_while_writing(tmp_path, sig) -> subprocess.Popen:
    "Start writing the `sample` preset into tmp_path/sample, wait until photos are being written, then send `sig`"
    p = subprocess.Popen([ANIMALCLEF, 'sample', str(tmp_path / 'sample'), '--preset', 'sample'],
                         stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, preexec_fn=default_interrupt)
    while p.poll() is None and len(list(tmp_path.glob('.sample.partial-*/images/*/*/*.jpg'))) < 20: time.sleep(.05)
    writing = p.poll() is None
    p.send_signal(sig); p.wait(timeout=60)
    assert writing, 'the sample was finished before it could be interrupted'
    return p

def test_killed_sample_leaves_no_folder(tiny, tmp_path):
    p = interrupt_while_writing(tmp_path, signal.SIGKILL)
    assert p.returncode == -signal.SIGKILL and not (tmp_path / 'sample').exists()
    assert list(tmp_path.glob('.sample.partial-*/images'))  # killed halfway: its half-written photos are left aside
    r = animalclef_here('sample', tmp_path / 'sample', '--preset', 'tiny')
    assert r.returncode == 0, r.stderr
    assert folder_digest(tmp_path / 'sample') == folder_digest(tiny)  # the same bytes as a sample never interrupted

def test_interrupted_sample_cleans_up(tmp_path):
    p = interrupt_while_writing(tmp_path, signal.SIGINT)
    assert p.returncode != 0 and list(tmp_path.iterdir()) == []
