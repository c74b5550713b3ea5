from __future__ import annotations
# %% auto #0
__all__ = ['SUPERPOINT_URL', 'SuperPoint']

# %% ../nbs/04_matching.ipynb #410ece59
import torch
import torch.nn as nn, torch.nn.functional as F

# %% ../nbs/04_matching.ipynb #4b4f4ec7
SUPERPOINT_URL = 'https://github.com/cvg/LightGlue/releases/download/v0.1_arxiv/superpoint_v1.pth'

def _conv(cin, cout, k=3): return nn.Conv2d(cin, cout, k, padding=k // 2)

class SuperPoint(nn.Module):
    "SuperPoint keypoints and descriptors (DeTone et al. 2018); layer names as in the published weights"
    widths = (64, 64, 128, 128)
    def __init__(self, keypoints: int,        # keypoints kept, the best scored
                 nms_radius: int=4,           # non-maximum suppression radius, pixels
                 threshold: float=0.005,      # lowest keypoint score kept
                 border: int=4):              # pixels at the border without keypoints
        super().__init__()
        self.keypoints, self.nms_radius, self.threshold, self.border = keypoints, nms_radius, threshold, border
        cin = 1
        for i, w in enumerate(self.widths, 1):
            setattr(self, f'conv{i}a', _conv(cin, w)); setattr(self, f'conv{i}b', _conv(w, w)); cin = w
        self.convPa, self.convPb = _conv(128, 256), _conv(256, 65, 1)
        self.convDa, self.convDb = _conv(128, 256), _conv(256, 256, 1)

    def encode(self, x):
        "The shared encoder: 128 channels at 1/8 resolution"
        for i in range(1, 5):
            x = F.relu(getattr(self, f'conv{i}b')(F.relu(getattr(self, f'conv{i}a')(x))))
            if i < 4: x = F.max_pool2d(x, 2)
        return x

    def forward(self, image: torch.Tensor) -> dict:
        "Keypoints (1, n, 2) in pixels, their scores and L2-normalised descriptors (1, n, 256) of one grayscale image"
        h, w = image.shape[-2:]
        x = self.encode(F.pad(image[None] if image.dim() == 3 else image, (0, -w % 8, 0, -h % 8)))
        cells = F.softmax(self.convPb(F.relu(self.convPa(x))), 1)[:, :-1]
        heat = F.pixel_shuffle(cells, 8)[0, 0, :h, :w]
        peaks = heat == F.max_pool2d(heat[None, None], 2 * self.nms_radius + 1, 1, self.nms_radius)[0, 0]
        b = self.border
        peaks[:b] = peaks[-b:] = False; peaks[:, :b] = peaks[:, -b:] = False
        ys, xs = torch.nonzero(peaks & (heat > self.threshold), as_tuple=True)
        scores = heat[ys, xs]
        top = scores.topk(min(self.keypoints, len(scores))).indices
        kpts = torch.stack([xs[top], ys[top]], -1).float()
        desc = F.normalize(self.convDb(F.relu(self.convDa(x))), dim=1)
        grid = (kpts + .5) / torch.tensor([x.shape[-1] * 8, x.shape[-2] * 8], device=x.device) * 2 - 1
        d = F.grid_sample(desc, grid[None, None], align_corners=False)[0, :, 0].T
        return {'keypoints': kpts[None], 'keypoint_scores': scores[top][None], 'descriptors': F.normalize(d, dim=-1)[None]}