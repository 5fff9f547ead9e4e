"""Tensors in and out of Triton's Python backend under NumPy 2, through DLPack.

Runs inside the Python backend's stub process (``tritonserver`` starts one per model
instance); imported by ``serve/stub_models.py``.

Why (measured with ``nvidia-pytriton`` 0.7.0, Triton 2.51, NumPy 2.4): the stub's pybind11 was
built against NumPy 1 and reads a dtype's item size from a field NumPy 2 moved, so every
array it makes or reads has an item size of 0:

- ``Tensor.as_numpy()`` of a FP32 input [1, 6] holding 1..6 gave six zeros (stride 0: the
  first element repeated), and a ``TYPE_STRING`` input crashed the stub;
- an output made with ``pb_utils.Tensor(name, ndarray)`` arrived empty ("output tensor shape
  does not match size of output");
- ``pb_utils.Tensor.from_dlpack(name, ndarray)`` sent the right values, but the stub renames
  a consumed capsule "used_dlpack" (not DLPack's "used_dltensor"), so NumPy's capsule
  destructor then fails ("PyCapsule_GetPointer called with incorrect name") on every output.

The clean paths: inputs with ``numpy.from_dlpack(tensor)`` (the stub's own ``__dlpack__``
hands out a legacy "dltensor" capsule; NumPy reads it and owns it, values exact), outputs
with :func:`output_tensor`, which builds the legacy DLPack capsule here with ctypes: the
stub reads shape, type and data pointer from it and later calls our deleter, which releases
the array; our capsule destructor frees only a capsule nobody consumed. Round trips of
[1, 6], [2, 3] and [1, 1228800] FP32 tensors came back exact, with no log line and no
array left behind after 200 requests.

Thread rules: any thread of the stub; the keep-alive table is guarded by a lock.
"""

from __future__ import annotations

import ctypes
import threading
from typing import Any

import numpy as np

# DLPack's type codes (dlpack.h): kDLInt, kDLUInt, kDLFloat, kDLBool
_TYPE_CODES = {"i": 0, "u": 1, "f": 2, "b": 6}
_KDL_CPU = 1


class _DLDevice(ctypes.Structure):
    _fields_ = [("device_type", ctypes.c_int32), ("device_id", ctypes.c_int32)]


class _DLDataType(ctypes.Structure):
    _fields_ = [("code", ctypes.c_uint8), ("bits", ctypes.c_uint8), ("lanes", ctypes.c_uint16)]


class _DLTensor(ctypes.Structure):
    _fields_ = [
        ("data", ctypes.c_void_p),
        ("device", _DLDevice),
        ("ndim", ctypes.c_int32),
        ("dtype", _DLDataType),
        ("shape", ctypes.POINTER(ctypes.c_int64)),
        ("strides", ctypes.POINTER(ctypes.c_int64)),
        ("byte_offset", ctypes.c_uint64),
    ]


_DELETER = ctypes.CFUNCTYPE(None, ctypes.c_void_p)


class _DLManagedTensor(ctypes.Structure):
    _fields_ = [("dl_tensor", _DLTensor), ("manager_ctx", ctypes.c_void_p), ("deleter", _DELETER)]


# What each handed-out tensor keeps alive until the stub calls its deleter: the array, the
# managed struct and its shape buffer, by the struct's address.
_alive: dict[int, tuple[np.ndarray, _DLManagedTensor, Any]] = {}
_lock = threading.Lock()


def _release(address: int | None) -> None:
    if address:
        with _lock:
            _alive.pop(address, None)


@_DELETER
def _deleter(address: int | None) -> None:
    """DLPack's deleter: the consumer (the stub) is done with the tensor."""
    _release(address)


_api = ctypes.pythonapi
_api.PyCapsule_IsValid.argtypes = [ctypes.c_void_p, ctypes.c_char_p]
_api.PyCapsule_IsValid.restype = ctypes.c_int
_api.PyCapsule_GetPointer.argtypes = [ctypes.c_void_p, ctypes.c_char_p]
_api.PyCapsule_GetPointer.restype = ctypes.c_void_p
_CAPSULE_DESTRUCTOR = ctypes.CFUNCTYPE(None, ctypes.c_void_p)


@_CAPSULE_DESTRUCTOR
def _destroy_capsule(capsule: int | None) -> None:
    """A capsule still named "dltensor" was never consumed: free what it holds. A consumed
    one (renamed by the consumer) belongs to the consumer, which calls the deleter."""
    if capsule and _api.PyCapsule_IsValid(capsule, b"dltensor"):
        _release(_api.PyCapsule_GetPointer(capsule, b"dltensor"))


_api.PyCapsule_New.argtypes = [ctypes.c_void_p, ctypes.c_char_p, _CAPSULE_DESTRUCTOR]
_api.PyCapsule_New.restype = ctypes.py_object


def legacy_capsule(array: np.ndarray) -> Any:
    """A DLPack "dltensor" capsule (the legacy, unversioned form) over a C-contiguous copy of
    ``array`` when it is not one already; the array stays alive until the consumer calls the
    deleter, or the capsule is freed unconsumed."""
    kind = array.dtype.kind
    if kind not in _TYPE_CODES:
        raise TypeError(f"DLPack carries numbers and booleans, not {array.dtype}")
    array = np.ascontiguousarray(array)
    managed = _DLManagedTensor()
    shape = (ctypes.c_int64 * max(1, array.ndim))(*array.shape)
    managed.dl_tensor.data = array.ctypes.data
    managed.dl_tensor.device = _DLDevice(_KDL_CPU, 0)
    managed.dl_tensor.ndim = array.ndim
    managed.dl_tensor.dtype = _DLDataType(_TYPE_CODES[kind], array.dtype.itemsize * 8, 1)
    managed.dl_tensor.shape = shape
    managed.dl_tensor.strides = None
    managed.dl_tensor.byte_offset = 0
    managed.deleter = _deleter
    address = ctypes.addressof(managed)
    with _lock:
        _alive[address] = (array, managed, shape)
    return _api.PyCapsule_New(address, b"dltensor", _destroy_capsule)


def alive_count() -> int:
    """Tensors handed out and not yet released (a leak check)."""
    with _lock:
        return len(_alive)


def input_array(pb_utils: Any, request: Any, name: str, *, copy: bool = False) -> np.ndarray | None:
    """The request's input ``name`` as a NumPy array (None when the request lacks it). Without
    ``copy`` the array views the request's memory: use it before the request is answered."""
    tensor = pb_utils.get_input_tensor_by_name(request, name)
    if tensor is None:
        return None
    array = np.from_dlpack(tensor)
    return array.copy() if copy else array


def output_tensor(pb_utils: Any, name: str, array: np.ndarray) -> Any:
    """A ``pb_utils.Tensor`` for an output, its values carried by a legacy DLPack capsule."""
    return pb_utils.Tensor.from_dlpack(name, legacy_capsule(array))
