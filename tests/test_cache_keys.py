"The cache is never silently wrong: results are keyed by the photo's content and every setting that changes them, damaged chunks go."
import functools, io, os
import numpy as np, pandas as pd, pytest, torch
from PIL import Image
import animalclef.cache as cache_module
from animalclef.cache import Cache, Store, fingerprint, image_tags
from animalclef import descriptors
from animalclef.descriptors import embed
from animalclef.matching import Matcher

def jpeg(seed: int, size: int=96) -> bytes:
    "A noisy photo as JPEG bytes"
    a = np.random.default_rng(seed).integers(0, 256, (size, size, 3), dtype=np.uint8)
    buf = io.BytesIO(); Image.fromarray(a).save(buf, 'JPEG', quality=90)
    return buf.getvalue()

@pytest.fixture
def photos(tmp_path):
    "Three photos and a second version of the first with the same byte count (JPEG readers ignore bytes after the end marker)"
    root = tmp_path / 'data'; root.mkdir()
    shots = [jpeg(s) for s in (1, 2, 3)]
    edited = jpeg(4)
    n = max(len(shots[0]), len(edited))
    shots[0], edited = shots[0].ljust(n, b'\0'), edited.ljust(n, b'\0')
    for i, b in enumerate(shots): (root / f'{i}.jpg').write_bytes(b)
    df = pd.DataFrame({'image_id': ['0', '1', '2'], 'path': ['0.jpg', '1.jpg', '2.jpg']})
    return root, df, edited

def edit_in_place(f, new: bytes):
    "Rewrite `f` with bytes of the same length, then put its access and modification times back"
    st = f.stat()
    assert len(new) == st.st_size
    with open(f, 'r+b') as out: out.write(new)
    os.utime(f, ns=(st.st_atime_ns, st.st_mtime_ns))
    assert (f.stat().st_size, f.stat().st_mtime_ns) == (st.st_size, st.st_mtime_ns)

def test_photo_tags_follow_content(photos):
    root, df, edited = photos
    tags, fp = image_tags(df, root), fingerprint(df, root)
    edit_in_place(root / '0.jpg', edited)
    again = image_tags(df, root)
    assert again[0] != tags[0] and list(again[1:]) == list(tags[1:])
    assert fingerprint(df, root) != fp

def test_edited_photo_is_embedded_again(photos, tmp_path, monkeypatch):
    "Through the cache, where each photo's digest is remembered under its stamp (remembered at once, not after a second)"
    monkeypatch.setattr(cache_module, 'SETTLED', 0)
    monkeypatch.setattr(descriptors, 'build_descriptor', functools.cache(descriptors.build_descriptor))  # built once for the three runs
    root, df, edited = photos
    cache = tmp_path / 'cache'
    first = embed(df, 'standin-cnn', root=root, cache=cache, device='cpu', progress=False)
    edit_in_place(root / '0.jpg', edited)
    fresh = embed(df, 'standin-cnn', root=root, cache=None, device='cpu', progress=False)
    got = embed(df, 'standin-cnn', root=root, cache=cache, device='cpu', progress=False)
    assert not np.allclose(first[0], fresh[0], atol=1e-3)  # the edit changes the embedding
    np.testing.assert_allclose(got, fresh, atol=1e-5)        # and the cache serves the fresh one

def test_embedding_key_names_precision(photos, tmp_path):
    cpu, gpu = (descriptors.embedding_key('standin-cnn', torch.device(d)) for d in ('cpu', 'cuda'))
    assert cpu != gpu and cpu['precision'] == 'float32' and 'float16' in gpu['precision']
    root, df, _ = photos  # the key is the one `embed` files its results under
    embed(df, 'standin-cnn', root=root, cache=tmp_path / 'cache', device='cpu', progress=False)
    assert Cache(tmp_path / 'cache').file('embeddings', cpu | {'images': fingerprint(df, root)}).is_file()

def test_pair_key_names_adaptive_mode():
    on, off = (Matcher('aliked', device='cpu', adaptive=a) for a in (True, False))
    assert on.pair_key() != off.pair_key()
    assert on.feature_key() == off.feature_key()  # features do not depend on how pairs are matched
    assert Matcher('aliked', device='cpu').pair_key() == on.pair_key()  # one pair at a time on a CPU: adaptive
    assert Matcher('aliked', device='cpu', batch=8).pair_key() == off.pair_key()  # batched: full depth

def test_damaged_chunk_is_removed(tmp_path):
    cache, key = Cache(tmp_path), {'demo': 1}
    s = Store(cache, 'pairs', key, every=2)
    s.put('a', {'score': np.float32(1)}); s.put('b', {'score': np.float32(2)})
    (chunk,) = s.dir.glob('*.npz')
    chunk.write_bytes(chunk.read_bytes()[:40])      # truncated
    (s.dir / 'garbage.npz').write_bytes(b'not a zip at all')
    s2 = Store(cache, 'pairs', key)
    assert len(s2) == 0 and list(s2.dir.glob('*.npz')) == []  # both removed, not kept forever
    s2.put('a', {'score': np.float32(1)}); s2.flush()
    assert float(Store(cache, 'pairs', key)['a']['score']) == 1

def test_damaged_cache_file_is_rewritten(tmp_path):
    cache, key, calls = Cache(tmp_path), {'demo': 1}, []
    def compute(): calls.append(1); return {'x': np.arange(3)}
    cache.get('emb', key, compute)
    cache.file('emb', key).write_bytes(b'garbage')
    np.testing.assert_array_equal(cache.get('emb', key, compute)['x'], [0, 1, 2])
    np.testing.assert_array_equal(cache.get('emb', key, compute)['x'], [0, 1, 2])
    assert len(calls) == 2  # recomputed once, then loaded from the rewritten file
