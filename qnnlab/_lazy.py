"""Names a package imports on first use (PEP 562), so that importing it stays cheap.

Examples
--------
>>> getattr_, dir_ = lazy_names("demo", {"sqrt": "math"}, {})
>>> getattr_("sqrt")(9.0)
3.0
>>> getattr_("cbrt")
Traceback (most recent call last):
...
AttributeError: module 'demo' has no attribute 'cbrt'
"""

from __future__ import annotations

import importlib
from collections.abc import Callable
from typing import Any


def lazy_names(package: str, names: dict[str, str],
               namespace: dict[str, Any]) -> tuple[Callable[[str], Any], Callable[[], list[str]]]:
    """A module ``__getattr__`` and ``__dir__`` that import each name from its module on use.

    Parameters
    ----------
    package : str
        The package's name (for error messages).
    names : dict
        Public name -> module that defines it. A name equal to its module's last part (for
        example ``"noise": "qnnlab.noise"``) stands for the module itself.
    namespace : dict
        The package's ``globals()``; a name, once imported, is stored there.

    Returns
    -------
    tuple
        ``(__getattr__, __dir__)`` to assign in the package.

    Examples
    --------
    >>> space = {}
    >>> getattr_, dir_ = lazy_names("demo", {"path": "os.path"}, space)
    >>> getattr_("path").__name__, "path" in space, "path" in dir_()
    ('posixpath', True, True)
    """

    def __getattr__(name: str) -> Any:
        if name not in names:
            raise AttributeError(f"module {package!r} has no attribute {name!r}")
        module = importlib.import_module(names[name])
        value = module if names[name].rsplit(".", 1)[-1] == name else getattr(module, name)
        namespace[name] = value
        return value

    def __dir__() -> list[str]:
        return sorted({*namespace, *names})

    return __getattr__, __dir__
