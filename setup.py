"Packaging for animalclef: every field comes from settings.ini (nbdev 2 layout)."
import shlex, sys
from configparser import ConfigParser
from setuptools import find_packages, setup

config = ConfigParser(delimiters=['='])
config.read('settings.ini', encoding='utf-8')
cfg = config['DEFAULT']

min_python = tuple(int(p) for p in cfg['min_python'].split('.'))
if sys.version_info[:2] < min_python: sys.exit(f"animalclef needs Python >= {cfg['min_python']}")

licenses = {'apache2': ('Apache Software License 2.0', 'OSI Approved :: Apache Software License')}
statuses = ['1 - Planning', '2 - Pre-Alpha', '3 - Alpha', '4 - Beta', '5 - Production/Stable', '6 - Mature', '7 - Inactive']
lic = licenses[cfg['license']]
with open('README.md', encoding='utf-8') as f: long_description = f.read()

setup(
    name=cfg['lib_name'], version=cfg['version'], description=cfg['description'],
    long_description=long_description, long_description_content_type='text/markdown',
    author=cfg['author'], author_email=cfg['author_email'], license=lic[0], url=cfg['git_url'],
    keywords=cfg['keywords'].split(), python_requires=f">={cfg['min_python']}",
    classifiers=[f"Development Status :: {statuses[int(cfg['status'])]}", f"Intended Audience :: {cfg['audience']}",
                 f"License :: {lic[1]}", f"Natural Language :: {cfg['language']}",
                 "Programming Language :: Python :: 3"],
    packages=find_packages(include=[cfg['lib_path'], f"{cfg['lib_path']}.*"]), include_package_data=True,
    package_data={cfg['lib_path']: ['weights/*.safetensors', 'review_page/*']},  # the stand-in descriptors' weights, the review page
    install_requires=shlex.split(cfg.get('requirements', '')),
    extras_require={extra: shlex.split(cfg.get(f'{extra}_requirements', '')) for extra in ('dev', 'gpu', 'cluster', 'slurm')},
    zip_safe=False,
    entry_points={'console_scripts': cfg.get('console_scripts', '').split(),
                  'nbdev': [f"{cfg['lib_path']}={cfg['lib_path']}._modidx:d"]},
)
