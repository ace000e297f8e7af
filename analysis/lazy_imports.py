"""seaborn, NLTK and datasketch, imported without the scipy and scikit-learn parts they load for features the suite never uses.

``import seaborn`` imports ``scipy.stats`` (for kernel density estimates) and ``scipy.cluster``
(for clustered heatmaps); importing any part of NLTK imports all of it, with ``scipy.stats``
(Fisher's exact test) and scikit-learn (its classifier wrapper and
transition parser); datasketch imports ``scipy.integrate`` (to choose LSH parameters). Together
about 0.9 s of CPU in every notebook kernel, while the suite draws heatmaps, box plots and the
theme with seaborn, scores collocations and tokenizes with NLTK and takes MinHash permutations
from datasketch.

:func:`import_module` imports such a module with a stand-in for each of those subpackages
(:data:`DEFERRED`), holding only the names the libraries take from it at their import; each
name loads the real module when it is first used. The libraries work in full (``kdeplot``,
``clustermap``, NLTK's ``fisher`` measure and scikit-learn classifiers, datasketch's
``MinHashLSH``), and the subpackages imported later are the real modules. The package imports
these libraries through it only.

The stand-ins are in ``sys.modules`` only while the library imports, one library at a time (a
lock): a thread of one's own that imports one of those subpackages at that moment gets the real
module only through the stand-in's names (the report's kernels import on one thread).
"""

from __future__ import annotations

import functools
import importlib
import importlib.util
import sys
import threading
import types

__all__ = ["import_module", "DEFERRED", "LIBRARIES"]

#: One library's import at a time: its stand-ins are in ``sys.modules`` only meanwhile.
_WINDOW = threading.RLock()

#: The libraries imported through :func:`import_module` (their top-level package names).
LIBRARIES = ("seaborn", "nltk", "datasketch")

#: The subpackages those libraries import at their own import, and what they take from each: a
#: class or function (``"call"``: called through) or a module or object whose attributes are used
#: (``"attributes"``: each forwarded). seaborn 0.13: ``_statistics.py``, ``matrix.py``; NLTK 3.10:
#: ``metrics/association.py``, ``classify/scikitlearn.py``,
#: ``parse/transitionparser.py``; datasketch 1.6: ``lsh.py``.
DEFERRED = {
    "scipy.stats": {"gaussian_kde": "call", "fisher_exact": "call"},
    "scipy.cluster": {"hierarchy": "attributes"},
    "scipy.integrate": {"quad": "call"},
    "sklearn": {"svm": "attributes"},
    "sklearn.datasets": {"load_svmlight_file": "call"},
    "sklearn.feature_extraction": {"DictVectorizer": "call"},
    "sklearn.preprocessing": {"LabelEncoder": "call"},
}


def import_module(name: str):
    """Import ``name`` (a module of seaborn, NLTK or datasketch) with stand-ins for the subpackages of :data:`DEFERRED`.

    Once the library is imported, or where a subpackage already is, that subpackage is not
    stood in for. Should the stand-ins not satisfy the installed library (an import error under
    them), it is imported again the usual way.

    Parameters
    ----------
    name : str
        A module of one of :data:`LIBRARIES` (``"seaborn"``, ``"nltk.collocations"``).

    Returns
    -------
    module
        The module.

    Examples
    --------
    >>> import subprocess, sys  # in a fresh interpreter: what an import leaves behind is global
    >>> code = ("import sys; from analysis.lazy_imports import import_module; sns = import_module('seaborn'); "
    ...         "print(sns.__name__, 'scipy.stats' in sys.modules)")
    >>> subprocess.run([sys.executable, "-c", code], capture_output=True, text=True).stdout
    'seaborn False\\n'
    """
    library = name.partition(".")[0]
    if library not in LIBRARIES:
        raise ValueError(f"parameter name must be a module of {', '.join(LIBRARIES)}, not {name!r}")
    if library in sys.modules:
        return importlib.import_module(name)
    with _WINDOW:
        stand_ins: dict[str, types.ModuleType] = {}
        stand_ins.update({sub: _stand_in(sub, names, stand_ins) for sub, names in DEFERRED.items()
                          if sub not in sys.modules and importlib.util.find_spec(sub.partition(".")[0]) is not None})
        sys.modules.update(stand_ins)
        try:
            return importlib.import_module(name)
        except ImportError:
            for loaded in [m for m in sys.modules if m == library or m.startswith(library + ".")]:
                del sys.modules[loaded]
            _drop(stand_ins)
            return importlib.import_module(name)
        finally:
            _drop(stand_ins)


def _drop(stand_ins: dict) -> None:
    """Take the stand-ins out of ``sys.modules`` (the real modules load there on their first import)."""
    for name, module in stand_ins.items():
        if sys.modules.get(name) is module:
            del sys.modules[name]


def _stand_in(name: str, names: dict[str, str], window: dict) -> types.ModuleType:
    """A module for ``name`` holding ``names``, each loading the real ``name`` on first use; any
    other name asked of it loads the real module and is the real module's. The real module is
    loaded with every stand-in of ``window`` out of ``sys.modules`` first (it may import the others:
    ``scipy.stats`` imports ``scipy.integrate``), so that it never sees one."""
    def real():
        _drop(window)
        return importlib.import_module(name)

    module = _forwarding(name, real)
    for attr, kind in names.items():
        real_attr = functools.partial(_attribute, real, attr)
        setattr(module, attr, _forwarding(f"{name}.{attr}", real_attr) if kind == "attributes"
                else _calling(attr, real_attr))
    return module


def _attribute(real, attr: str):
    return getattr(real(), attr)


def _forwarding(name: str, real) -> types.ModuleType:
    """A module named ``name`` that answers every name from ``real()`` (but ``__path__``: it is no
    package, so that no submodule is imported from it)."""
    module = types.ModuleType(name)

    def __getattr__(attr: str):
        if attr == "__path__":
            raise AttributeError(attr)
        return getattr(real(), attr)

    module.__getattr__ = __getattr__
    return module


def _calling(attr: str, real):
    """A function calling ``real()`` (a class or function) with its arguments."""
    def call(*args, **kwargs):
        return real()(*args, **kwargs)

    call.__name__ = call.__qualname__ = attr
    return call
