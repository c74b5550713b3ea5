"Runs spread over a two-worker Dask cluster, a worker killed mid-run, and two runs sharing one cache: the same submission bytes every time."
import json, os, subprocess, sys, threading
import cloudpickle
from distributed import WorkerPlugin
from conftest import FAST, TINY_RUN, animalclef, animalclef_here
from test_dual import QUICK

DUAL_RUN = ('--stages', 'all-new,baseline,wildfusion,dual,cascade', '--matchers', 'aliked,sift', *FAST, *QUICK)  # every kind of task

def outputs(out) -> dict:
    "Every answer file of a run, by name: submission.csv and stages/*.csv"
    return {f.relative_to(out).as_posix(): f.read_bytes() for f in [out / 'submission.csv', *sorted((out / 'stages').glob('*.csv'))]}

def test_cluster_gives_the_same_bytes(tiny, tmp_path, monkeypatch):
    "Embeddings, features, pairs and the dual models on two workers: every answer file as in one process"
    from animalclef.cli import run, options_from, _parser
    from animalclef.cluster import Cluster, connect
    from animalclef.runtime import TRAINING_THREADS
    here, there = tmp_path / 'here', tmp_path / 'there'
    assert animalclef_here('run', tiny, '--out', here, *DUAL_RUN).returncode == 0
    spread, real_map = [], Cluster.map
    monkeypatch.setattr(Cluster, 'map', lambda self, fn, tasks, desc='tasks', progress=True: spread.append(desc) or real_map(self, fn, tasks, desc, progress))
    with connect('local:2') as cluster:
        cluster.cores = TRAINING_THREADS  # train the dual models on the workers even on a machine with fewer cores
        run(tiny, there, options_from(vars(_parser().parse_args(['run', str(tiny), '--out', str(there), *DUAL_RUN]))), progress=False)
    assert {'embed standin-cnn', 'features aliked', 'pairs aliked', 'pairs sift', 'dual models'} <= set(spread)  # every kind of task ran there
    assert outputs(there) == outputs(here)

def test_cluster_from_the_command(tiny, tiny_run, tmp_path):
    "`--cluster local:2`: the run says where its heavy steps ran, and answers as in one process"
    r = animalclef('run', tiny, '--out', tmp_path / 'run', '--cluster', 'local:2', *TINY_RUN)
    assert r.returncode == 0, r.stderr
    assert 'heavy steps on Cluster(' in r.stderr and '2 workers' in r.stderr
    assert outputs(tmp_path / 'run') == outputs(tiny_run[0])

class KillOnce(WorkerPlugin):
    "Kill the worker process that starts the first pair-matching task (once: the marker file remembers)"
    def __init__(self, marker): self.marker = str(marker)
    def transition(self, key, start, finish, **kwargs):
        if finish == 'executing' and str(key).startswith('pairs-') and not os.path.exists(self.marker):
            open(self.marker, 'w').close()
            os._exit(1)

def test_killed_worker_is_retried(tiny, tiny_run, tmp_path):
    "A worker dies while it matches pairs: the scheduler runs its task again elsewhere and the run ends with the same bytes"
    from animalclef.cli import run, options_from, _parser
    from animalclef.cluster import connect
    cloudpickle.register_pickle_by_value(sys.modules[__name__])  # the workers cannot import this test module
    marker, out = tmp_path / 'killed', tmp_path / 'run'
    options = options_from(vars(_parser().parse_args(['run', str(tiny), '--out', str(out), *TINY_RUN])))
    with connect('local:2') as cluster:
        cluster.client.register_plugin(KillOnce(marker))
        run(tiny, out, options, progress=False)
    assert marker.exists()  # a worker did die mid-task
    assert outputs(out) == outputs(tiny_run[0])

def test_two_runs_share_one_cache(tiny, tiny_run, tmp_path):
    "Two runs at once on one cache folder: both finish, with the answers of a run alone"
    cache, results = tmp_path / 'cache', {}
    def one(name):
        results[name] = animalclef('run', tiny, '--out', tmp_path / name, '--cache', cache, *TINY_RUN)
    threads = [threading.Thread(target=one, args=(n,)) for n in ('a', 'b')]
    for t in threads: t.start()
    for t in threads: t.join()
    for name, r in results.items(): assert r.returncode == 0, r.stderr
    assert outputs(tmp_path / 'a') == outputs(tmp_path / 'b') == outputs(tiny_run[0])

def test_dask_is_imported_only_for_a_cluster(tiny, tmp_path):
    "A run without --cluster never imports Dask"
    code = ("import sys; from animalclef.cli import main; main(['run', sys.argv[1], '--out', sys.argv[2], '--stages', 'all-new,baseline']); "
            "print(sorted(m for m in sys.modules if m.split('.')[0] in ('dask', 'distributed')))")
    r = subprocess.run([sys.executable, '-c', code, str(tiny), str(tmp_path / 'run')], capture_output=True, text=True, timeout=600)
    assert r.returncode == 0, r.stderr
    assert r.stdout.strip().splitlines()[-1] == '[]'

def test_bad_cluster(tiny, tmp_path):
    "A malformed --cluster, and a scheduler that does not answer: exit 2, one line, nothing written"
    r = animalclef_here('run', tiny, '--out', tmp_path / 'run', '--cluster', 'local:0')
    assert r.returncode == 2 and '--cluster must be local:N' in r.stderr and not (tmp_path / 'run').exists()
    r = animalclef_here('run', tiny, '--out', tmp_path / 'run', '--cluster', 'tcp://127.0.0.1:9', '--stages', 'all-new')  # nothing listens there
    assert r.returncode == 2 and 'no Dask scheduler answered at tcp://127.0.0.1:9' in r.stderr and not (tmp_path / 'run').exists()
