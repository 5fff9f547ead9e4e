"""What a new admin PIN for the face gallery must be, and why one is refused.

With a device key (the gallery bound to this machine), a PIN of at least 6 digits is enough:
a copied disk cannot be attacked without the device key, and the screen's rate limit stops
guessing at the kiosk. The obvious ones (one repeated digit, a run like 123456, a repeated
short pattern like 121212, the commonest PINs) are refused. Without a device key the PIN
alone protects a copied disk, where every 6-digit PIN can be tried in about a day on one core,
so a passphrase of at least 12 characters is asked for instead. Unlocking accepts any
existing PIN; only new ones are judged. Qt-free; any thread.
"""

from __future__ import annotations

import itertools

from edgestudio.core.errors import EdgeStudioError
from edgestudio.core.messages import Text

MIN_DIGITS = 6
MIN_PASSPHRASE = 8  # with a device key
MIN_PASSPHRASE_ALONE = 12  # without one: the passphrase is all that protects a copied disk
MIN_EXPORT_PASSPHRASE = 12
COMMON_PINS = frozenset(
    {"123123", "112233", "121212", "123321", "159753", "147258", "147852", "102030", "520520",
     "5201314", "131313", "696969", "789456", "456123", "741852", "963852", "010203", "998877"}
)  # fmt: skip


class WeakPin(EdgeStudioError):
    title = "Choose another PIN"


def _is_run(digits: str) -> bool:
    """Each digit one more, or each one less, than the one before (123456, 987654, 890123)."""
    steps = {(int(b) - int(a)) % 10 for a, b in itertools.pairwise(digits)}
    return steps in ({1}, {9})


def _repeats_short_pattern(digits: str) -> bool:
    """Made of a pattern of up to three digits repeated (121212, 123123, 100100)."""
    return any(len(digits) % size == 0 and digits == digits[:size] * (len(digits) // size) for size in (2, 3))


def pin_refusal(pin: str, device_bound: bool) -> str | None:
    """Why ``pin`` may not become the gallery's new PIN (a ``Text``), or None when it may."""
    if pin != pin.strip() or not pin:
        return Text("The PIN may not start or end with a space, nor be empty.")
    if not pin.isdigit():
        needed = MIN_PASSPHRASE if device_bound else MIN_PASSPHRASE_ALONE
        if len(pin) < needed:
            return Text(
                "A passphrase needs at least {needed} characters; this one has {count}.",
                needed=needed,
                count=len(pin),
            )
        if len(set(pin)) <= 2:
            return Text("The passphrase repeats one or two characters: anyone would guess it.")
        return None
    if not device_bound:
        return Text(
            "This device has no device key, so the PIN alone protects a copied disk, and any PIN of "
            "digits can be tried out there within a day. Choose a passphrase of at least {needed} "
            "characters (letters, digits, spaces).",
            needed=MIN_PASSPHRASE_ALONE,
        )
    if len(pin) < MIN_DIGITS:
        return Text(
            "A PIN needs at least {needed} digits; this one has {count}.", needed=MIN_DIGITS, count=len(pin)
        )
    if len(set(pin)) == 1:
        return Text("The PIN repeats one digit (like 000000): anyone would guess it.")
    if _is_run(pin):
        return Text("The PIN is a run of consecutive digits (like 123456): anyone would guess it.")
    if _repeats_short_pattern(pin):
        return Text("The PIN repeats a short pattern (like 121212): anyone would guess it.")
    if pin in COMMON_PINS or len(set(pin)) == 2:
        return Text(
            "The PIN is one of the most common ones, or uses only two different digits: choose another."
        )
    return None


def check_new_pin(pin: str, device_bound: bool) -> None:
    """Raise WeakPin with the reason when ``pin`` may not be chosen."""
    reason = pin_refusal(pin, device_bound)
    if reason is not None:
        raise WeakPin(reason, "Nothing was changed.")


def check_export_passphrase(passphrase: str) -> None:
    """An export travels on its own, with nothing but this passphrase to protect it."""
    if len(passphrase.strip()) < MIN_EXPORT_PASSPHRASE or len(set(passphrase)) <= 2:
        raise WeakPin(
            Text(
                "An export needs a passphrase of at least {needed} characters (not one or two "
                "characters repeated), or a generated recovery code.",
                needed=MIN_EXPORT_PASSPHRASE,
            ),
            "Nothing was exported.",
        )
